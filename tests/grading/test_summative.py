"""Summative release: the learner's self-check judges form only, and grading still marks values.

``planlab release --summative`` writes one notebook per learner for assessed work. In such a
notebook ``check`` must not tell a right answer from a wrong one, or a learner could loop over
guesses until it says "Right". These tests release the example exercise through the command
line, then look in what was written:

- the notebook says under its title that ``check`` looks at form only, and nothing in it,
  including its packed answer keys, holds an expected answer or any hash the grader compares
  answers with;
- run in a real kernel, ``check`` gives a correct answer and a wrong but well-formed one the
  same report, which says the values are checked only when the trainer grades;
- grading those same notebooks still marks the right answers right and the wrong ones wrong.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest
from click.testing import CliRunner
from nbclient import NotebookClient

from planlab.cli import main
from planlab.grading.checks import canonical, number_candidates
from planlab.grading.grade import grade
from planlab.grading.model import RunLimits, Status
from planlab.grading.notebooks import _without_solution_markers
from planlab.grading.release import SUMMATIVE_NOTE
from planlab.grading.selfcheck import SelfCheck, decode_spec
from planlab.grading.solution import answer_keys, parameters_key, run_solution
from planlab.grading.spec import cell_question, cell_role, read_exercise
from tests.grading.cohort import SOLUTION

LIMITS = RunLimits(cell_timeout=60, submission_timeout=180)
# Bed days chosen so that no expected value is a short number the notebook shows anyway.
ROSTER = "learner,bed_days\namina,43210\nben,27650\n"
PACKED = re.compile(r'SelfCheck\.from_text\("([^"]+)"\)')
HASH = re.compile(r"^[0-9a-f]{64}$")
FORM_ONLY = "Your answer has the right form. Whether its values are right is checked when"

# Answers with the form each question asks for (in range, the columns and rows, a function,
# a titled and labelled chart) but the wrong values.
WELL_FORMED_BUT_WRONG = {
    "q1": "average_occupied = bed_days / 300",
    "q2": "beds_85 = math.ceil(bed_days / (365 * 0.95))",
    "q3": 'beds_by_target = pd.DataFrame({"TargetOccupancy": [0.8, 0.85, 0.9]})\n'
    'beds_by_target["BedsNeeded"] = [math.ceil(bed_days / 365 / t) + 7 for t in (0.8, 0.85, 0.9)]',
    "q4": "def beds_for(bed_days, occupancy):\n    return math.ceil(bed_days / 365) + 3",
    "q5": "fig, ax = plt.subplots()\n"
    "ax.plot([75, 80, 85, 90, 95], [10, 20, 30, 40, 50])\n"
    'ax.set_title("Beds needed by target occupancy")\n'
    'ax.set_xlabel("Target occupancy (%)")\n'
    'ax.set_ylabel("Beds needed (beds)")',
}


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Release the example exercise to two learners with --summative, through the CLI."""
    root = tmp_path_factory.mktemp("summative")
    roster = root / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [
            "release",
            str(SOLUTION),
            "--roster",
            str(roster),
            "--out",
            str(root / "released"),
            "--summative",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Wrote 2 summative learner notebooks" in result.output
    return root


def _notebook(released: Path, learner: str) -> nbformat.NotebookNode:
    return nbformat.read(released / "released" / f"{learner}.ipynb", as_version=4)


def _spec(notebook: nbformat.NotebookNode) -> dict[str, Any]:
    source = next(cell.source for cell in notebook.cells if cell_role(cell) == "self-check")
    return decode_spec(PACKED.search(source).group(1))


def _hashes(value: Any) -> set[str]:
    """Every SHA-256 digest anywhere in an answer key."""
    if isinstance(value, str):
        return {value} if HASH.match(value) else set()
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return set().union(*(_hashes(item) for item in value)) if value else set()
    return set()


def _with_answers(notebook: nbformat.NotebookNode, sources: dict[str, str]):
    answered = nbformat.from_dict(json.loads(json.dumps(notebook)))
    for cell in answered.cells:
        if cell_role(cell) == "answer" and cell_question(cell) in sources:
            cell.source = sources[cell_question(cell)]
    return answered


def _run(notebook: nbformat.NotebookNode, folder: Path) -> dict[str, str]:
    """Run a notebook in a real kernel; return what each check(...) cell printed."""
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(folder)}},
    ).execute()
    reports = {}
    for cell in notebook.cells:
        if cell_role(cell) == "check":
            question = re.search(r'check\("([^"]+)"\)', cell.source).group(1)
            reports[question] = "\n".join(
                output.get("data", {}).get("text/plain", "") for output in cell.outputs
            )
    return reports


def _solution_sources() -> dict[str, str]:
    exercise = read_exercise(SOLUTION)
    return {
        cell_question(cell): _without_solution_markers(cell.source)
        for cell in exercise.notebook.cells
        if cell_role(cell) == "answer"
    }


def test_the_notebook_holds_no_expected_answer_and_no_hash_of_one(released: Path) -> None:
    exercise = read_exercise(SOLUTION)
    notebook = _notebook(released, "amina")
    assert notebook.metadata["planlab"]["summative"] is True
    # Under the title, the learner is told that check(...) looks at form only.
    assert notebook.cells[0].source.startswith("# Example exercise")
    assert notebook.cells[1].source == SUMMATIVE_NOTE
    assert any("bed_days = 43210" in cell.source for cell in notebook.cells)
    text = (released / "released" / "amina.ipynb").read_text(encoding="utf-8")
    spec = _spec(notebook)
    spec_text = json.dumps(spec)

    # What the self-check knows of each question: its kind, its form checks and its hint.
    auto = [question for question in exercise.questions if not question.is_reflective]
    assert sorted(spec["questions"]) == [question.id for question in auto]
    for question in auto:
        key = spec["questions"][question.id]["key"]
        assert set(key) <= {"kind", "form", "hint"}, (question.id, sorted(key))
        assert key["form"] == list(question.form)

    # No hash the grader or an ordinary self-check would compare with, anywhere in the file.
    parameters = {"bed_days": 43210}
    answers = run_solution(exercise, [parameters], limits=LIMITS)[parameters_key(parameters)]
    hashes = set()
    for public in (True, False):
        hashes |= _hashes(answer_keys(exercise, answers, public=public))
    assert len(hashes) > 20
    leaked = sorted(h for h in hashes if h in text or h in spec_text)
    assert leaked == []

    # No expected answer, in the form the grader compares it (each number and its neighbours).
    for question in auto:
        value = answers[question.id]["value"]
        texts = [canonical(question.kind, value, question.compare)]
        if question.kind == "number":
            texts += [*number_candidates(value, question.compare), repr(value)]
        for shown in texts:
            assert shown not in spec_text, (question.id, shown)
            assert shown not in text, (question.id, shown)


def test_a_right_and_a_wrong_answer_get_the_same_form_only_report(
    released: Path, tmp_path: Path
) -> None:
    notebook = _notebook(released, "amina")
    right = _run(_with_answers(notebook, _solution_sources()), tmp_path)
    wrong = _run(_with_answers(notebook, WELL_FORMED_BUT_WRONG), tmp_path)
    assert sorted(right) == ["q1", "q2", "q3", "q4", "q5"]
    for question, report in right.items():
        assert report == wrong[question], (question, report, wrong[question])
        assert FORM_ONLY in report, report
        assert "Right" not in report, report
        assert "Not right" not in report, report


def test_the_form_checks_still_speak_when_the_form_is_wrong(released: Path) -> None:
    names: dict[str, Any] = {}
    source = next(
        cell.source
        for cell in _notebook(released, "amina").cells
        if cell_role(cell) == "self-check"
    )
    exec(source, names)  # the cell a learner runs first
    check: SelfCheck = names["check"]
    report = repr(check("q1", {"average_occupied": 118_383.6}))  # beds x 1,000: out of range
    assert "Not yet." in report
    assert "outside the plausible range 1 to 1,000 (beds)" in report
    assert FORM_ONLY not in report
    table = check("q3", {"beds_by_target": {"TargetOccupancy": [0.8, 0.9]}})
    assert "is missing the column(s) BedsNeeded" in repr(table)


def test_grading_the_summative_notebooks_still_marks_right_and_wrong(
    released: Path, tmp_path: Path
) -> None:
    submissions = tmp_path / "in"
    submissions.mkdir()
    nbformat.write(
        _with_answers(_notebook(released, "amina"), _solution_sources()),
        submissions / "amina.ipynb",
    )
    nbformat.write(
        _with_answers(_notebook(released, "ben"), WELL_FORMED_BUT_WRONG),
        submissions / "ben.ipynb",
    )
    summary = grade(
        SOLUTION,
        [submissions],
        tmp_path / "out",
        roster_path=released / "roster.csv",
        limits=LIMITS,
        progress=False,
    )
    results = {result.learner: result for result in summary.results}
    assert {name: result.status for name, result in results.items()} == {
        "amina": Status.GRADED,
        "ben": Status.GRADED,
    }
    amina = {q.question: q for q in results["amina"].questions if not q.reflective}
    ben = {q.question: q for q in results["ben"].questions if not q.reflective}
    assert sorted(amina) == sorted(ben) == ["q1", "q2", "q3", "q4", "q5"]
    for question in amina:
        assert amina[question].score == amina[question].points, amina[question].message
        assert amina[question].message.startswith("Right"), amina[question].message
        assert ben[question].score == 0, ben[question].message
        assert ben[question].message.startswith("Not right"), ben[question].message
