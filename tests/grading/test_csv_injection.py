"""No CSV the grader writes can run a formula in a trainer's spreadsheet.

OWASP's guidance on CSV injection (https://owasp.org/www-community/attacks/CSV_Injection):
a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return may be run as a
formula by Excel or LibreOffice, so such cells are written with a leading apostrophe.
Learners choose their file names and platform names and write answers; trainers' comments
may begin with anything. Every writer must go through
:func:`planlab.grading.csvfiles.write_csv`.
"""

from __future__ import annotations

import ast
import csv
import zipfile
from pathlib import Path

import nbformat
import pytest

from planlab.grading.csvfiles import FORMULA_STARTS, safe_cell
from planlab.grading.export import (
    PlatformLearner,
    export,
    write_canvas_gradebook,
    write_moodle_gradebook,
    write_moodle_worksheet,
)
from planlab.grading.grade import grade
from planlab.grading.gradebook import Gradebook
from planlab.grading.model import QuestionResult, Status, SubmissionResult
from planlab.grading.reflections import label_answers, write_reflections
from tests.conftest import REPO
from tests.grading.cohort import SOLUTION, blank

HOSTILE = [
    "=2+3",
    "+SUM(1,1)",
    "-2+3",
    "@SUM(1+1)",
    "\t=cmd|' /C calc'!A0",
    '\r=HYPERLINK("http://example.org")',
    "=cmd|' /C calc'!A0",
]
GRADING = REPO / "src" / "planlab" / "grading"


def every_cell(folder: Path) -> list[tuple[Path, str]]:
    cells = []
    for path in sorted(folder.rglob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            cells += [(path, cell) for row in csv.reader(handle) for cell in row]
    return cells


def assert_neutral(folder: Path) -> list[str]:
    cells = every_cell(folder)
    assert cells, f"no CSV was written under {folder}"
    live = [(path.name, cell) for path, cell in cells if cell.startswith(FORMULA_STARTS)]
    assert live == [], "cells that a spreadsheet would run as formulas"
    return [cell for _, cell in cells]


@pytest.mark.parametrize("text", HOSTILE)
def test_safe_cell_puts_an_apostrophe_before_any_formula(text: str) -> None:
    assert safe_cell(text) == "'" + text


def test_numbers_and_plain_text_are_written_as_they_are() -> None:
    assert [safe_cell(v) for v in (3, -1.5, 0.0, "Amy Lee", None)] == [
        "3",
        "-1.5",
        "0.0",
        "Amy Lee",
        "",
    ]


def test_every_csv_writer_in_the_grader_goes_through_write_csv() -> None:
    """No module but csvfiles.py makes a csv writer or calls pandas' to_csv."""
    offenders = []
    for path in sorted(GRADING.glob("*.py")):
        if path.name == "csvfiles.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in {"writer", "DictWriter", "to_csv"}:
                offenders.append(f"{path.name}:{node.lineno} uses .{node.attr}")
    assert offenders == []


def hostile_result(learner: str, comment: str) -> SubmissionResult:
    question = QuestionResult("q6", "reflection", 3, 2.0, comment, title=comment, answer=comment)
    return SubmissionResult(learner, Status.GRADED, comment, 3, [question], "0" * 64)


def test_every_writer_neutralises_hostile_ids_names_emails_and_comments(tmp_path) -> None:
    results = [hostile_result(text, text) for text in HOSTILE]
    with Gradebook(tmp_path / "gradebook.sqlite") as book:
        for result in results:
            book.record("week1", "fingerprint", result)
            book.set_mark("week1", result.learner, "q6", 2, result.reason, "abc")
        book.export_csv("week1", tmp_path / "gradebook.csv", ["q6"])
    texts = {text: text for text in HOSTILE}
    marks = {}
    with Gradebook(tmp_path / "gradebook.sqlite") as book:
        marks = book.marks("week1")
    answers = label_answers("q6", texts, marks)
    prompt = {"id": "q6", "title": "=1+1", "prompt": "", "points": 3, "rubric": ""}
    write_reflections("Week 1", prompt, answers, tmp_path)
    people = {
        text: PlatformLearner(text, name=text, email=text, moodle_id="4051", canvas_id=text)
        for text in HOSTILE
    }
    write_moodle_worksheet(results, people, tmp_path / "platform" / "worksheet.csv")
    write_moodle_gradebook(results, people, "=title", tmp_path / "platform" / "gradebook.csv")
    write_canvas_gradebook(results, people, "@title", 3, tmp_path / "platform" / "canvas.csv")
    cells = assert_neutral(tmp_path)
    for text in HOSTILE:
        assert "'" + text in cells  # kept, as text, not dropped
    assert len(list(tmp_path.rglob("*.csv"))) == 5


def test_a_hostile_cohort_graded_and_exported_writes_no_live_formula(tmp_path) -> None:
    """File names, Moodle folder names and roster names chosen to attack a spreadsheet."""
    handed_in = tmp_path / "handed-in"
    handed_in.mkdir()
    raw = nbformat.writes(blank()).encode("utf-8")
    names = ["=2+3", "@SUM(1+1)", "+cmd", "-1+2"]
    for name in names:
        (handed_in / f"{name}.ipynb").write_bytes(raw)
    archive = tmp_path / "moodle.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr('=HYPERLINK("http://x")_4051_assignsubmission_file_/beds.ipynb', raw)
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "learner,name,email,moodle_id,canvas_id\n"
        "2-3,=2+3,=2+3@example.org,4052,901\n"
        "sum-1-1,@SUM(1+1),@x@example.org,4053,902\n"
        "cmd,+cmd,+cmd@example.org,4054,903\n"
        "1-2,-1+2,-1+2@example.org,4055,904\n"
        'hyperlink,"=HYPERLINK(""http://x"")",-h@example.org,4051,905\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    summary = grade(SOLUTION, [handed_in, archive], out, roster_path=roster, progress=False)
    assert {r.learner: r.status for r in summary.results} == {
        "1-2": Status.NOT_ATTEMPTED,
        "2-3": Status.NOT_ATTEMPTED,
        "cmd": Status.NOT_ATTEMPTED,
        "hyperlink": Status.NOT_ATTEMPTED,
        "sum-1-1": Status.NOT_ATTEMPTED,
    }
    export(SOLUTION, out, roster_path=roster)
    cells = assert_neutral(out)
    assert "'=2+3" in cells
    assert "'@SUM(1+1)" in cells
