"""Into the learning platform and back: a platform cohort, exported, read by its platform's rules.

Each file is parsed here with the rules its platform documents or its importer applies:

- Moodle offline grading worksheet: columns found by exact English header ``Identifier``,
  ``Grade`` and ``Last modified (grade)`` (all required); the participant is the number
  after ``Participant``; ``Feedback comments`` is the comments column. Source:
  ``mod/assign/feedback/offline/importgradeslib.php``
  (https://github.com/moodle/moodle/blob/main/mod/assign/feedback/offline/importgradeslib.php)
  and MoodleDocs "Assignment settings" (feedback type "Offline grading worksheet").
- Moodle gradebook CSV import: a header of unique names, every row with as many fields as
  the header, users mapped from "Email address" to ``useremail``. Sources: MoodleDocs
  "Grade import" (https://docs.moodle.org/en/Grade_import) and ``lib/csvlib.class.php``.
- Moodle feedback zip ("Upload multiple feedback files in a zip"): each path part is split
  on ``_`` into at most 5 pieces; a part with 4 or more whose second piece is a
  participant number names the learner, and pieces 3 and 4 name the plugin. Source:
  ``mod/assign/feedback/file/importziplib.php``, ``is_valid_filename_for_import``.
- Canvas Gradebook import: first header cell contains "Student", the second "ID"; with
  "SIS User ID" and "SIS Login ID" the fifth column is "Section"; then assignments as
  ``Name (id)``; a row whose first cell contains "Points Possible" gives the points.
  Sources: Canvas Instructor Guide "How do I import grades in the Gradebook?"
  (https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807)
  and ``lib/gradebook_importer.rb`` of instructure/canvas-lms.
- Canvas "Re-Upload Submissions" zip: the file's base name is split on ``_``; its first two
  all-digit parts are the user id and the id of the file submitted. Source: Canvas's
  ``Assignment#infer_comment_context_from_filename`` (app/models/assignment.rb).
"""

from __future__ import annotations

import csv
import re
import zipfile
from datetime import datetime
from pathlib import Path, PurePosixPath

import pytest
from click.testing import CliRunner

from planlab.cli import main
from planlab.grading.export import export
from planlab.grading.gradebook import Gradebook
from tests.grading.cohort import SOLUTION
from tests.grading.platform_cohort import DEADLINE, EXPECTED, ROSTER, cohort_table

LEARNERS = {
    row.split(",")[0]: dict(zip(ROSTER.splitlines()[0].split(","), row.split(","), strict=True))
    for row in ROSTER.splitlines()[1:]
}
SCORED = {learner for learner, (_, status, _) in EXPECTED.items() if status != "missing"}


def rows_of(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def strict_table(path: Path) -> list[dict[str, str]]:
    """Read a CSV as Moodle's csv_import_reader does: unique headers, equal field counts."""
    header, *rows = rows_of(path)
    assert all(name.strip() for name in header), "an empty column name"
    assert len(set(header)) == len(header), "a repeated column name"
    for number, row in enumerate(rows, start=2):
        assert len(row) == len(header), f"line {number} has {len(row)} fields, not {len(header)}"
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.fixture
def exported(cohort_copy):
    summary = export(
        SOLUTION,
        cohort_copy.out,
        roster_path=cohort_copy.roster,
        deadline=DEADLINE.astimezone(),
        canvas_assignment_id="40321",
    )
    return cohort_copy, summary


def test_every_learner_is_found_with_the_right_status_and_score(platform_graded) -> None:
    table = cohort_table(platform_graded.summary.results)
    print("\n| learner | where found | status | score |\n| --- | --- | --- | --- |")
    for row in table:
        print("| " + " | ".join(row) + " |")
    found = {learner: (where, status, score) for learner, where, status, score in table}
    expected = {
        learner: (where, status, "" if score is None else f"{score:g}")
        for learner, (where, status, score) in EXPECTED.items()
    }
    assert found == expected
    [flagged] = [r for r in platform_graded.summary.results if r.provenance.flags]
    assert flagged.learner == "kim.ng"
    assert "found as jo.park's" in flagged.provenance.flags[0]
    assert any("amy.lee.ipynb" in p for p in platform_graded.summary.problems)


def test_the_moodle_worksheet_follows_the_offline_importer_rules(exported) -> None:
    _cohort, summary = exported
    rows = strict_table(summary.folder / "moodle-grading-worksheet.csv")
    header = list(rows[0])
    for required in ("Identifier", "Grade", "Last modified (grade)"):
        assert required in header
    # The importer reads a feedback column only at an index above 0.
    assert header.index("Feedback comments") > 0
    by_participant = {}
    for row in rows:
        identifier = row["Identifier"]
        assert identifier.startswith("Participant")
        by_participant[int(identifier[len("Participant") :])] = row
        datetime.fromisoformat(row["Last modified (grade)"])  # strtotime reads ISO 8601
        float(row["Grade"])
    expected = {int(LEARNERS[name]["moodle_id"]): name for name in SCORED}
    assert set(by_participant) == set(expected)
    for number, name in expected.items():
        assert float(by_participant[number]["Grade"]) == EXPECTED[name][2]
    assert "4057" not in {str(n) for n in by_participant}  # jo.park: missing, left out


def test_the_moodle_gradebook_file_maps_learners_by_email(exported) -> None:
    _, summary = exported
    path = summary.folder / "moodle-gradebook.csv"
    rows = strict_table(path)
    title = rows_of(path)[0][2]
    assert {row["Email address"] for row in rows} == {LEARNERS[n]["email"] for n in SCORED}
    for row in rows:
        learner = row["Email address"].split("@")[0]
        assert float(row[title]) == EXPECTED[learner][2]
        assert row[f"Feedback: {title}"]  # Moodle: import feedback with its grade


def test_the_moodle_feedback_zip_names_each_participant_as_its_importer_reads_them(
    exported,
) -> None:
    _, summary = exported
    with zipfile.ZipFile(summary.folder / "moodle-feedback.zip") as archive:
        names = archive.namelist()
        found = {}
        for name in names:
            for part in PurePosixPath(name).parts:
                pieces = part.split("_", 4)
                if len(pieces) >= 4 and pieces[1].isdigit():
                    assert (pieces[2], pieces[3]) == ("assignsubmission", "file")
                    found[int(pieces[1])] = name
                    break
            assert not PurePosixPath(name).name.startswith((".", "~"))
            assert b"<html" in archive.read(name)
    assert set(found) == {int(LEARNERS[n]["moodle_id"]) for n in SCORED}


def test_the_canvas_file_follows_the_gradebook_importer_rules(exported) -> None:
    _, summary = exported
    header, points, *students = rows_of(summary.folder / "canvas-gradebook.csv")
    assert "Student" in header[0]
    assert "ID" in header[1]
    assert len(header) > 3
    assert re.search(r"SIS\s+User\s+ID", header[2])
    assert re.search(r"SIS\s+Login\s+ID", header[3])
    assert "Section" in header[4]
    title, assignment = re.fullmatch(r"(.*?)\s+\((\d+)\)", header[5]).groups()
    assert (title, assignment) == ("Example exercise: beds from bed days", "40321")
    assert "Points Possible" in points[0]
    assert float(points[5]) == 12
    by_id = {row[1]: row for row in students}
    assert set(by_id) == {LEARNERS[n]["canvas_id"] for n in SCORED}
    for name in SCORED:
        row = by_id[LEARNERS[name]["canvas_id"]]
        assert row[0] == LEARNERS[name]["name"]
        assert float(row[5]) == EXPECTED[name][2]


def test_the_canvas_feedback_zip_is_named_as_the_canvas_download(exported) -> None:
    _, summary = exported
    with zipfile.ZipFile(summary.folder / "canvas-feedback.zip") as archive:
        names = archive.namelist()
    users = {}
    for name in names:
        user, file_id = [part for part in PurePosixPath(name).name.split("_") if part.isdigit()][:2]
        users[user] = file_id
    # Only work that came through the Canvas download has a file id to comment on.
    assert users == {"883": "90003", "884": "90004"}
    assert any("Canvas download" in note for note in summary.notes)


def test_each_learner_has_a_plain_summary_for_email(exported) -> None:
    _, summary = exported
    folder = summary.folder / "email"
    assert {path.stem for path in folder.glob("*.txt")} == set(EXPECTED)
    text = (folder / "sam.reid.txt").read_text(encoding="utf-8")
    assert "Score: 1 out of 12." in text
    assert "(after the deadline)" in text
    assert "<" not in text
    assert "No work was received." in (folder / "jo.park.txt").read_text(encoding="utf-8")


def test_the_deadline_marks_late_work_in_the_gradebook(exported) -> None:
    cohort, summary = exported
    assert summary.late == ["sam.reid"]
    with (cohort.out / "gradebook.csv").open(encoding="utf-8", newline="") as handle:
        late = {row["learner"]: row["late"] for row in csv.DictReader(handle)}
    assert late["sam.reid"] == "yes"
    assert late["una.mcrae"] == ""
    earlier = export(SOLUTION, cohort.out, deadline=datetime(2026, 12, 4, 10, 0).astimezone())
    assert earlier.late == ["amy.lee", "kim.ng", "sam.reid", "una.mcrae"]
    with Gradebook(cohort.out / "gradebook.sqlite") as book:
        assert {r.learner for r in book.results("example-beds") if r.provenance.late} == {
            "amy.lee",
            "kim.ng",
            "sam.reid",
            "una.mcrae",
        }


def test_the_command_exports_and_refuses_a_folder_with_no_gradebook(cohort_copy, tmp_path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        main,
        [
            "export",
            str(SOLUTION),
            "--out",
            str(cohort_copy.out),
            "--roster",
            str(cohort_copy.roster),
            "--deadline",
            "2026-12-04 17:00",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "canvas-gradebook.csv" in result.output
    assert "Late: 1 learner(s): sam.reid" in result.output
    empty = runner.invoke(main, ["export", str(SOLUTION), "--out", str(tmp_path / "nothing")])
    assert empty.exit_code == 1
    assert "holds no gradebook" in empty.output
    assert not (tmp_path / "nothing" / "gradebook.sqlite").exists()
