"""The grader on a real cohort: correct, broken and hostile submissions each get their due."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from planlab.cli import main
from planlab.grading.grade import grade
from planlab.grading.model import RunLimits, Status
from tests.grading.cohort import EXERCISE, SOLUTION, write_cohort

LIMITS = RunLimits(cell_timeout=8, submission_timeout=40, memory_mb=1024, max_output_bytes=200_000)
FULL_AUTO = 9.0  # points of the auto-graded questions; q6 (3 points) is marked by the trainer


def read_gradebook(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["learner"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("cohort")
    paths = write_cohort(root / "submissions")
    summary = grade(SOLUTION, paths, root / "out", workers=2, limits=LIMITS, progress=False)
    rows = read_gradebook(root / "out" / "gradebook.csv")
    return root, paths, summary, rows


def _result(summary, learner):
    return next(r for r in summary.results if r.learner == learner)


@pytest.mark.parametrize(
    ("learner", "status", "score"),
    [
        ("correct", Status.GRADED, FULL_AUTO),
        ("zipped", Status.GRADED, FULL_AUTO),
        ("plain", Status.GRADED, FULL_AUTO),
        ("shuffled", Status.GRADED, FULL_AUTO),
        ("blank", Status.NOT_ATTEMPTED, 0.0),
        ("cheat", Status.GRADED, 0.0),
        ("badjson", Status.MALFORMED, 0.0),
        ("latin1", Status.MALFORMED, 0.0),
        ("exits", Status.CRASHED, 1.0),
        ("loop", Status.TIMEOUT, 1.0),
        ("hog", Status.MEMORY, 0.0),
        ("flood", Status.TIMEOUT, 0.0),
    ],
)
def test_each_submission_gets_the_right_status_and_score(graded, learner, status, score) -> None:
    _, _, summary, rows = graded
    result = _result(summary, learner)
    assert (result.status, result.score) == (status, score), result.questions
    assert rows[learner]["status"] == status.value
    assert float(rows[learner]["score"]) == score


def test_partly_wrong_earns_only_what_is_right(graded) -> None:
    _, _, summary, _ = graded
    result = _result(summary, "partly")
    marks = {q.question: q.score for q in result.questions}
    # q1 right; q2 not rounded up (a named mistake, worth nothing); q3 has the right columns
    # and row count but wrong values; q4 is wrong on every input; q5 plots the wrong values.
    # Answers of the right form earn nothing when they are wrong; q6 was left blank (0).
    assert marks == {"q1": 1.0, "q2": 0.0, "q3": 0.0, "q4": 0.0, "q5": 0.0, "q6": 0.0}
    messages = {q.question: q.message for q in result.questions}
    assert messages["q2"].startswith("Not right: you did not round.")


def test_a_raising_cell_costs_only_its_own_question(graded) -> None:
    _, _, summary, _ = graded
    result = _result(summary, "raises")
    marks = {q.question: q for q in result.questions}
    assert result.status is Status.GRADED
    assert result.score == FULL_AUTO - 2
    assert "ZeroDivisionError" in marks["q3"].message


def test_reasons_say_what_happened_and_where(graded) -> None:
    _, _, summary, _ = graded
    assert "q2" in _result(summary, "loop").reason
    assert "q2" in _result(summary, "exits").reason
    assert "memory" in _result(summary, "hog").reason.lower()
    assert "JSON" in _result(summary, "badjson").reason
    assert "UTF-8" in _result(summary, "latin1").reason


def test_the_zip_member_that_tries_to_escape_is_refused(graded) -> None:
    # grade() unpacks into a temporary folder it deletes, so where the member would have
    # landed cannot be looked at here; test_submissions checks that with collect().
    _, _, summary, rows = graded
    assert "escaped" not in rows
    assert all(result.learner != "escaped" for result in summary.results)
    [problem] = [problem for problem in summary.problems if "escaped.ipynb" in problem]
    assert "was not unpacked" in problem
    assert "climbs out of the archive's folder with '..'" in problem


def test_the_gradebook_csv_has_the_required_columns(graded) -> None:
    root, _, _, _ = graded
    header = (root / "out" / "gradebook.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == (
        "learner,status,score,max_score,auto_score,auto_max,manual_score,manual_max,"
        "awaiting_marks,submitted_at,late,q1,q2,q3,q4,q5,q6"
    )


def test_feedback_never_reveals_hidden_inputs_or_expected_values(graded) -> None:
    root, _, _, _ = graded
    page = (root / "out" / "feedback" / "partly.html").read_text(encoding="utf-8")
    assert "does not match the expected answer" in page
    for secret in ("36500", "hidden_calls", "BEGIN SOLUTION", "math.ceil(bed_days"):
        assert secret not in page


def test_reflections_are_exported_and_marks_come_back(graded, tmp_path) -> None:
    root, _, _, _ = graded
    out = root / "out"
    assert "at 95% there are many nights" in (out / "reflections" / "q6.html").read_text("utf-8")
    marks = tmp_path / "marks.csv"
    marks.write_text("learner,question,mark,comment\nplain,q6,2,Clear advice\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["import-marks", str(SOLUTION), str(marks), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = read_gradebook(out / "gradebook.csv")
    assert (float(rows["plain"]["q6"]), float(rows["plain"]["score"])) == (2.0, FULL_AUTO + 2)


def test_regrading_skips_unchanged_submissions_and_reruns_a_changed_one(graded) -> None:
    root, paths, _, _ = graded
    changed = paths[0] / "blank.ipynb"
    shutil.copy(SOLUTION, changed)
    summary = grade(SOLUTION, paths, root / "out", workers=2, limits=LIMITS, progress=False)
    assert summary.graded_now == 1
    assert _result(summary, "blank").score == FULL_AUTO


def test_the_command_exits_zero_with_broken_submissions_and_nonzero_for_a_broken_exercise(
    graded, tmp_path
) -> None:
    root, _, _, _ = graded
    bad = root / "submissions" / "badjson.ipynb"
    ok = CliRunner().invoke(
        main, ["grade", str(SOLUTION), str(bad), "--out", str(tmp_path / "a"), "--quiet"]
    )
    assert ok.exit_code == 0, ok.output
    broken = tmp_path / "broken-exercise.ipynb"
    notebook = nbformat.read(SOLUTION, as_version=4)
    notebook.metadata.pop("planlab")
    nbformat.write(notebook, broken)
    failed = CliRunner().invoke(
        main, ["grade", str(broken), str(bad), "--out", str(tmp_path / "b"), "--quiet"]
    )
    assert failed.exit_code == 1
    assert "needs planlab.exercise" in failed.output


def test_the_learner_notebooks_are_up_to_date() -> None:
    folders = ["--solutions", str(SOLUTION.parent), "--exercises", str(EXERCISE.parent)]
    result = CliRunner().invoke(main, ["assign", "--check", *folders])
    assert result.exit_code == 0, result.output
    assert EXERCISE.exists()
