"""Reflective answers for a trainer to mark: anonymous pages, marks sheets, nothing lost.

For each reflective question, grading writes ``reflections/<q>.html`` with every
learner's answer under an anonymous label (names are never shown), identical and
near-identical answers flagged, a blank answer shown as blank, and the rubric; and a
marks sheet, ``reflections/<q>-marks.csv``, for a trainer who prefers a spreadsheet.

A marks sheet a trainer may be typing into is never rewritten. Grading writes a sheet
only where there is none; answers that arrive or change later go into a new sheet
with the date and time in its name. Every mark typed into any sheet is read into the
gradebook at the start of each grading run (and by ``planlab import-marks``), so a mark
typed but not yet imported cannot be lost. Each mark remembers the answer it marked
(its ``answer_id``), so a mark on an answer that later changed is flagged, not reused
in silence. The marking screen (``planlab mark``) writes marks straight to the gradebook.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from planlab.errors import MarksFileError
from planlab.grading.csvfiles import write_csv
from planlab.grading.feedback import render_page, safe_file_stem
from planlab.grading.gradebook import Gradebook, Mark
from planlab.grading.notebooks import learner_reflection

__all__ = [
    "MARKS_SHEET_COLUMNS",
    "Answer",
    "answer_id",
    "import_marks_sheets",
    "label_answers",
    "write_reflections",
    "written",
]

#: The columns of a trainer's marks sheet, in order.
MARKS_SHEET_COLUMNS = ("label", "learner", "question", "answer_id", "mark", "comment")
#: How alike two answers must be (difflib's ratio) to be flagged as near-identical.
NEAR_IDENTICAL = 0.9
#: Answers shorter than this many characters are compared only for being identical.
SHORTEST_COMPARED = 40


@dataclass
class Answer:
    """One learner's answer to a reflective question, as a marker sees it."""

    learner: str
    label: str
    text: str
    answer_id: str
    mark: float | None = None
    comment: str = ""
    changed: bool = False
    alike: list[str] = field(default_factory=list)

    @property
    def blank(self) -> bool:
        """True when nothing was written."""
        return not self.text.strip()


def written(text: str | None) -> str:
    """Return what a learner wrote, or ``""`` for nothing or the untouched template."""
    return learner_reflection(text)


def _normalised(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def answer_id(text: str) -> str:
    """Return a short id of an answer's words (``""`` for a blank answer).

    Spacing, capitals and punctuation do not change it, so a re-saved notebook keeps
    its marks; any change of words does.
    """
    words = _normalised(written(text))
    return hashlib.sha256(words.encode("utf-8")).hexdigest()[:12] if words else ""


def _alike(first: str, second: str) -> bool:
    a, b = _normalised(first), _normalised(second)
    if not a or not b:
        return False
    if a == b:
        return True
    if min(len(a), len(b)) < SHORTEST_COMPARED:
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    # The quick ratios are upper bounds of the ratio: cheap ways to rule a pair out.
    return (
        matcher.real_quick_ratio() >= NEAR_IDENTICAL
        and matcher.quick_ratio() >= NEAR_IDENTICAL
        and matcher.ratio() >= NEAR_IDENTICAL
    )


def label_answers(
    question: str,
    texts: dict[str, str],
    marks: dict[tuple[str, str], Mark],
    *,
    flag_alike: bool = True,
) -> list[Answer]:
    """Give each answer an anonymous label and flag answers that are alike.

    Labels follow the answers' ids, not the learners' names, so the order reveals
    nobody and stays the same between runs. ``flag_alike=False`` skips comparing
    the answers with each other, when only the labels are needed.
    """
    ordered = sorted(texts, key=lambda learner: (answer_id(texts[learner]), learner))
    answers = []
    for number, learner in enumerate(ordered, start=1):
        text = written(texts[learner])
        identity = answer_id(text)
        mark = marks.get((learner, question))
        answers.append(
            Answer(
                learner,
                f"Answer {number}",
                text,
                identity,
                None if mark is None else mark.mark,
                "" if mark is None else mark.comment,
                bool(mark and mark.answer_id and mark.answer_id != identity),
            )
        )
    for answer in answers if flag_alike else []:
        answer.alike = [
            other.label
            for other in answers
            if other is not answer and not answer.blank and _alike(answer.text, other.text)
        ]
    return answers


def _sheet_rows(question: str, answers: list[Answer]) -> list[list[Any]]:
    return [
        [
            answer.label,
            answer.learner,
            question,
            answer.answer_id,
            "" if answer.mark is None or answer.changed else answer.mark,
            answer.comment,
        ]
        for answer in answers
    ]


def _covered(folder: Path, stem: str) -> set[tuple[str, str]]:
    """Return (learner, answer id) pairs that some marks sheet already lists."""
    covered = set()
    for sheet in sorted(folder.glob(f"{stem}-marks*.csv")):
        try:
            with sheet.open(encoding="utf-8-sig", newline="") as handle:
                for row in csv.DictReader(handle):
                    covered.add(((row.get("learner") or ""), (row.get("answer_id") or "")))
        except (OSError, csv.Error, UnicodeDecodeError):
            continue
    return covered


def _write_sheet(folder: Path, stem: str, question: str, answers: list[Answer]) -> Path | None:
    """Write a marks sheet, never over an existing one; return it, or None if not needed."""
    main = folder / f"{stem}-marks.csv"
    if not main.exists():
        return write_csv(main, MARKS_SHEET_COLUMNS, _sheet_rows(question, answers))
    covered = _covered(folder, stem)
    waiting = [
        a
        for a in answers
        if (a.mark is None or a.changed) and not a.blank and (a.learner, a.answer_id) not in covered
    ]
    if not waiting:
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return write_csv(
        folder / f"{stem}-marks-{stamp}.csv", MARKS_SHEET_COLUMNS, _sheet_rows(question, waiting)
    )


def write_reflections(
    exercise_title: str, question: dict[str, Any], answers: list[Answer], out_dir: Path
) -> Path:
    """Write the page of answers to one reflective question, and a marks sheet if needed.

    Parameters
    ----------
    exercise_title
        The exercise's title.
    question
        The question: ``id``, ``title``, ``prompt`` (its Markdown), ``points`` and ``rubric``.
    answers
        The labelled answers, from :func:`label_answers`.
    out_dir
        The grading folder; files go in its ``reflections`` sub-folder.

    Returns
    -------
    Path
        The page, ``reflections/<question id>.html``.
    """
    folder = Path(out_dir) / "reflections"
    folder.mkdir(parents=True, exist_ok=True)
    stem = safe_file_stem(str(question["id"]))
    sheet = _write_sheet(folder, stem, str(question["id"]), answers)
    sheets = sorted(path.name for path in folder.glob(f"{stem}-marks*.csv"))
    return render_page(
        folder / f"{stem}.html",
        "reflections.html",
        exercise_title=exercise_title,
        question=question,
        answers=answers,
        marks_file=(sheet.name if sheet else (sheets[0] if sheets else "")),
        sheets=sheets,
    )


def import_marks_sheets(
    book: Gradebook, exercise_id: str, reflective: dict[str, float], out_dir: Path
) -> list[str]:
    """Read every mark typed into the marks sheets into the gradebook.

    A sheet with a problem is left as it is and reported; nothing in it is imported.

    Returns
    -------
    list of str
        What a trainer should know: sheets imported, and sheets with problems.
    """
    notes: list[str] = []
    folder = Path(out_dir) / "reflections"
    if not folder.is_dir():
        return notes
    stored = book.marks(exercise_id)
    for sheet in sorted(folder.glob("*-marks*.csv")):
        try:
            count = book.import_marks(sheet, exercise_id, reflective, only_new=stored)
        except MarksFileError as error:
            notes.append(f"{sheet.name} was not imported: {error}")
            continue
        if count:
            notes.append(f"{count} mark(s) typed into {sheet.name} were saved in the gradebook")
    return notes
