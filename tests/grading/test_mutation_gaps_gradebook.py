"""Gradebook rules that the second mutation round (``make mutants``) found untested.

Each test fails under at least one mutant of :mod:`planlab.grading.gradebook` that the
other kernel-free tests let live (named in ``tests/mutation-survivors.md``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planlab.errors import MarksFileError
from planlab.grading.gradebook import Gradebook, Mark
from planlab.grading.model import QuestionResult, Status, SubmissionResult


def reflective_result(learner: str, answer_id: str) -> SubmissionResult:
    """A learner with one marked number question and one reflective answer awaiting a mark."""
    questions = [
        QuestionResult("q1", "number", 2.0, 2.0, "Right."),
        QuestionResult("reflect", "reflection", 5.0, None, "Awaiting", answer_id=answer_id),
    ]
    return SubmissionResult(
        learner=learner,
        status=Status.GRADED,
        reason="",
        max_score=7.0,
        questions=questions,
        source_sha256=f"sha-{learner}",
        seconds=1.0,
    )


def test_a_mark_from_a_sheet_without_answer_ids_is_tied_to_the_answer_as_it_stands(
    tmp_path: Path,
) -> None:
    """An older marks sheet has no ``answer_id`` column; the gradebook fills in each id.

    Without the id a mark could not tell that the answer changed after it was given.
    """
    marks = tmp_path / "marks.csv"
    marks.write_text("learner,question,mark\nann,reflect,4\nbob,reflect,3\n", encoding="utf-8")
    with Gradebook(tmp_path / "gradebook.sqlite") as book:
        book.record("week1", "fp", reflective_result("ann", "id-ann-1"))
        book.record("week1", "fp", reflective_result("bob", "id-bob-1"))
        assert book.import_marks(marks, "week1", {"reflect": 5.0}) == 2
        stored = book.marks("week1")
    assert {key: mark.answer_id for key, mark in stored.items()} == {
        ("ann", "reflect"): "id-ann-1",
        ("bob", "reflect"): "id-bob-1",
    }


def test_a_mark_set_to_none_is_removed_and_one_set_alone_has_no_comment_or_id(
    tmp_path: Path,
) -> None:
    with Gradebook(tmp_path / "gradebook.sqlite") as book:
        book.record("week1", "fp", reflective_result("ann", "id-ann-1"))
        book.record("week1", "fp", reflective_result("bob", "id-bob-1"))
        book.set_mark("week1", "ann", "reflect", 4)
        book.set_mark("week1", "bob", "reflect", 3)
        ann = book.marks("week1")[("ann", "reflect")]
        assert (ann.mark, ann.comment, ann.answer_id) == (4.0, "", "")
        book.set_mark("week1", "ann", "reflect", None)
        assert list(book.marks("week1")) == [("bob", "reflect")]


def test_a_marks_sheet_read_again_skips_marks_already_stored_or_given_later(
    tmp_path: Path,
) -> None:
    """``only_new``: the sheet is read again automatically; it must not undo later marks.

    The stored marks are given by hand: ann's equals her row but is older than the sheet
    (skipped as the same), bob's differs but is newer than the sheet (skipped as later), cy
    has none (stored). Only cy's mark is written.
    """
    marks = tmp_path / "marks.csv"
    marks.write_text(
        "learner,question,mark\nann,reflect,4\nbob,reflect,1\ncy,reflect,2\n", encoding="utf-8"
    )
    stored = {
        ("ann", "reflect"): Mark("ann", "reflect", 4.0, "", "id-ann", "2000-01-01T00:00:00+00:00"),
        ("bob", "reflect"): Mark("bob", "reflect", 5.0, "", "id-bob", "2999-01-01T00:00:00+00:00"),
    }
    with Gradebook(tmp_path / "gradebook.sqlite") as book:
        for learner in ("ann", "bob", "cy"):
            book.record("week1", "fp", reflective_result(learner, f"id-{learner}"))
        assert book.import_marks(marks, "week1", {"reflect": 5.0}, only_new=stored) == 1
        assert list(book.marks("week1")) == [("cy", "reflect")]


def test_a_marks_sheet_that_is_not_utf8_or_cannot_be_read_is_refused_whole(
    tmp_path: Path,
) -> None:
    latin1 = tmp_path / "marks.csv"
    latin1.write_bytes("learner,question,mark,comment\nann,reflect,4,Très bien\n".encode("latin-1"))
    with Gradebook(tmp_path / "gradebook.sqlite") as book:
        book.record("week1", "fp", reflective_result("ann", "id-ann"))
        with pytest.raises(MarksFileError) as refused:
            book.import_marks(latin1, "week1", {"reflect": 5.0})
        assert (refused.value.path, refused.value.problems) == (
            latin1,
            [(None, "the file is not UTF-8 text; save it from the spreadsheet as CSV UTF-8")],
        )
        folder = tmp_path / "folder.csv"
        folder.mkdir()
        with pytest.raises(MarksFileError) as unreadable:
            book.import_marks(folder, "week1", {"reflect": 5.0})
        assert (unreadable.value.path, unreadable.value.problems) == (
            folder,
            [(None, "the file could not be read (Is a directory)")],
        )
        assert book.marks("week1") == {}


def test_a_comment_with_a_line_break_inside_quotes_is_kept_whole(tmp_path: Path) -> None:
    marks = tmp_path / "marks.csv"
    marks.write_bytes(b'learner,question,mark,comment\r\nann,reflect,4,"Good.\r\nLink it."\r\n')
    with Gradebook(tmp_path / "gradebook.sqlite") as book:
        book.record("week1", "fp", reflective_result("ann", "id-ann"))
        assert book.import_marks(marks, "week1", {"reflect": 5.0}) == 1
        assert book.marks("week1")[("ann", "reflect")].comment == "Good.\r\nLink it."
