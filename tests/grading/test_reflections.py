"""Reflective answers: anonymous pages, alike answers flagged, marks sheets never overwritten."""

from __future__ import annotations

import csv
import os
import time
from pathlib import Path

from planlab.grading.gradebook import Gradebook
from planlab.grading.model import QuestionResult, Status, SubmissionResult
from planlab.grading.reflections import (
    answer_id,
    import_marks_sheets,
    label_answers,
    write_reflections,
)
from tests.grading.test_feedback import SCRIPT, assert_accessible, structure

PROMPT = {
    "id": "q8",
    "title": "Question 8: advice",
    "prompt": "## Question 8 (3 points): advice\n\nSay **one** thing to the board.",
    "points": 3,
    "rubric": "1 point: compares rates.",
}
LONG = (
    "Occupancy above 92% means longer waits in the emergency department, so the board should "
    "plan beds for about 85% and keep a winter reserve."
)
TEXTS = {
    "carol": LONG,
    "alice": f"I think {SCRIPT} beds matter.",
    "bob": "*Write your answer here, in your own words.*\n\n*Marked against this rubric:* x",
    "dan": LONG.replace("longer", "much longer"),
    "erin": "Plan for 85%.",
}


def sheet_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_page_is_anonymous_flags_alike_answers_and_renders_markdown(tmp_path) -> None:
    answers = label_answers("q8", TEXTS, {})
    path = write_reflections("Week 1", PROMPT, answers, tmp_path)
    html = path.read_text(encoding="utf-8")
    for learner in TEXTS:
        assert learner not in html
    assert [a.label for a in answers] == [f"Answer {n}" for n in range(1, 6)]
    carol = next(a for a in answers if a.learner == "carol")
    dan = next(a for a in answers if a.learner == "dan")
    assert carol.alike == [dan.label]
    assert f"Identical or nearly identical to {dan.label}." in html
    assert html.count("No answer was given.") == 1  # bob left the placeholder
    assert "<strong>one</strong>" in html
    assert "## Question 8" not in html
    assert "&lt;script&gt;" in html
    assert "<script>" not in html
    assert_accessible(structure(path))


def test_labels_do_not_follow_names_and_stay_the_same(tmp_path) -> None:
    first = [a.learner for a in label_answers("q8", TEXTS, {})]
    assert first != sorted(TEXTS)
    assert first == [a.learner for a in label_answers("q8", dict(reversed(TEXTS.items())), {})]


def test_answer_ids_ignore_spacing_and_capitals_but_not_words() -> None:
    assert answer_id("Plan for 85%.") == answer_id("  plan FOR 85 %  ")
    assert answer_id("Plan for 85%.") != answer_id("Plan for 90%.")
    assert answer_id("") == ""


def test_a_marks_sheet_being_typed_into_is_never_written_over(tmp_path) -> None:
    answers = label_answers("q8", TEXTS, {})
    write_reflections("Week 1", PROMPT, answers, tmp_path)
    sheet = tmp_path / "reflections" / "q8-marks.csv"
    rows = sheet_rows(sheet)
    assert list(rows[0]) == ["label", "learner", "question", "answer_id", "mark", "comment"]
    rows[0]["mark"] = "2"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    typed = sheet.read_bytes()
    # Grading again, with a new learner, leaves the sheet alone and writes the newcomer apart.
    write_reflections("Week 1", PROMPT, label_answers("q8", {**TEXTS, "fay": "New."}, {}), tmp_path)
    assert sheet.read_bytes() == typed
    [extra] = [p for p in (tmp_path / "reflections").glob("q8-marks-*.csv")]
    assert [row["learner"] for row in sheet_rows(extra)] == ["fay"]


def result(learner: str, text: str) -> SubmissionResult:
    question = QuestionResult(
        "q8", "reflection", 3.0, None, "Awaiting", "", "Question 8", answer_id(text), text
    )
    return SubmissionResult(learner, Status.GRADED, "", 3.0, [question], f"sha-{learner}")


def test_typed_marks_are_saved_at_the_next_grading_and_a_changed_answer_is_flagged(tmp_path):
    with Gradebook(tmp_path / "gradebook.sqlite") as book:
        book.record("ex", "fp", result("alice", "Plan for 85%."))
        answers = label_answers("q8", {"alice": "Plan for 85%."}, book.marks("ex"))
        write_reflections("Week 1", PROMPT, answers, tmp_path)
        sheet = tmp_path / "reflections" / "q8-marks.csv"
        sheet.write_text(sheet.read_text("utf-8").replace(",,\n", ",2,Good.\n"), "utf-8")
        notes = import_marks_sheets(book, "ex", {"q8": 3.0}, tmp_path)
        assert notes == ["1 mark(s) typed into q8-marks.csv were saved in the gradebook"]
        assert book.results("ex")[0].questions[0].score == 2.0
        # Nothing new: importing again changes nothing.
        assert import_marks_sheets(book, "ex", {"q8": 3.0}, tmp_path) == []
        # Alice rewrites her answer and resubmits: the old mark stays, flagged.
        book.record("ex", "fp", result("alice", "Plan for 90%, because winter is worse."))
        [alice] = book.results("ex")
        assert alice.questions[0].score == 2.0
        assert alice.questions[0].changed_since_marked
        assert alice.questions[0].message.startswith("Answer changed since marked")


def test_a_sheet_older_than_a_mark_given_on_screen_does_not_undo_it(tmp_path) -> None:
    with Gradebook(tmp_path / "gradebook.sqlite") as book:
        book.record("ex", "fp", result("alice", "Plan for 85%."))
        write_reflections(
            "Week 1", PROMPT, label_answers("q8", {"alice": "Plan for 85%."}, {}), tmp_path
        )
        sheet = tmp_path / "reflections" / "q8-marks.csv"
        sheet.write_text(sheet.read_text("utf-8").replace(",,\n", ",1,\n"), "utf-8")
        past = time.time() - 3600
        os.utime(sheet, (past, past))
        book.set_mark("ex", "alice", "q8", 3.0, "Changed my mind.", answer_id("Plan for 85%."))
        assert import_marks_sheets(book, "ex", {"q8": 3.0}, tmp_path) == []
        assert book.results("ex")[0].questions[0].score == 3.0
