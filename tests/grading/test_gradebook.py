"""The gradebook: storing results, resuming, exporting and importing trainers' marks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from planlab.errors import GradebookFileError, MarksFileError, PlanlabError
from planlab.grading.gradebook import Gradebook, format_number
from planlab.grading.model import QuestionResult, Status, SubmissionResult

QUESTIONS = ["q1", "q2", "reflect"]


def make_result(
    learner: str,
    scores: tuple[float, float, float | None] = (2.0, 1.5, None),
    status: Status = Status.GRADED,
    sha: str = "sha-1",
) -> SubmissionResult:
    points = (2.0, 3.0, 5.0)
    kinds = ("number", "table", "reflection")
    questions = [
        QuestionResult(question, kind, point, score, f"{question} message", f"{question} hint")
        for question, kind, point, score in zip(QUESTIONS, kinds, points, scores, strict=True)
    ]
    return SubmissionResult(
        learner=learner,
        status=status,
        reason="" if status is Status.GRADED else "It stopped.",
        max_score=sum(points),
        questions=questions,
        source_sha256=sha,
        seconds=1.25,
    )


@pytest.fixture
def book(tmp_path: Path):
    with Gradebook(tmp_path / "gradebook.sqlite") as opened:
        yield opened


def test_a_result_round_trips(book: Gradebook) -> None:
    result = make_result("alice")
    book.record("week1", "fp-1", result)
    assert book.results("week1") == [result]
    assert book.results("week2") == []


def test_record_upserts_one_row_per_learner_and_exercise(book: Gradebook) -> None:
    book.record("week1", "fp-1", make_result("alice", (0.0, 0.0, 0.0)))
    book.record("week1", "fp-1", make_result("alice", (2.0, 3.0, 0.0), sha="sha-2"))
    book.record("week2", "fp-9", make_result("alice", (1.0, 1.0, 1.0)))
    [week1] = book.results("week1")
    assert week1.score == 5.0
    assert week1.source_sha256 == "sha-2"
    assert len(book.results("week2")) == 1


def test_is_current_needs_the_same_fingerprint_and_bytes(book: Gradebook) -> None:
    assert not book.is_current("alice", "fp-1", "sha-1")
    book.record("week1", "fp-1", make_result("alice", sha="sha-1"))
    assert book.is_current("alice", "fp-1", "sha-1")
    assert not book.is_current("alice", "fp-2", "sha-1")  # the exercise changed
    assert not book.is_current("alice", "fp-1", "sha-9")  # the learner resubmitted
    assert not book.is_current("bob", "fp-1", "sha-1")


def test_a_stopped_run_resumes_where_it_left_off(tmp_path: Path) -> None:
    path = tmp_path / "gradebook.sqlite"
    learners = {"alice": "sha-a", "bob": "sha-b", "carol": "sha-c"}
    with Gradebook(path) as book:
        book.record("week1", "fp-1", make_result("alice", sha="sha-a"))
        # The run stops here, before bob and carol are graded.
    graded_now = []
    with Gradebook(path) as book:
        for learner, sha in learners.items():
            if not book.is_current(learner, "fp-1", sha):
                book.record("week1", "fp-1", make_result(learner, sha=sha))
                graded_now.append(learner)
    assert graded_now == ["bob", "carol"]
    with Gradebook(path) as book:
        assert [result.learner for result in book.results("week1")] == sorted(learners)
        assert all(book.is_current(name, "fp-1", sha) for name, sha in learners.items())


def test_graded_at_is_an_iso_timestamp(tmp_path: Path) -> None:
    path = tmp_path / "gradebook.sqlite"
    with Gradebook(path) as book:
        book.record("week1", "fp-1", make_result("alice"))
    with sqlite3.connect(path) as connection:
        [(graded_at,)] = connection.execute("SELECT graded_at FROM submissions").fetchall()
    connection.close()
    assert graded_at.endswith("+00:00")
    assert graded_at[4] == "-"
    assert "T" in graded_at


def test_export_csv_has_the_exact_header_and_values(book: Gradebook, tmp_path: Path) -> None:
    book.record("week1", "fp-1", make_result("bob", (2.0, 3.0, None)))
    book.record("week1", "fp-1", make_result("alice", (1.0, 1.5, 0.0)))
    timed_out = make_result("carol", (0.0, 0.0, 0.0), Status.TIMEOUT)
    book.record("week1", "fp-1", timed_out)
    path = book.export_csv("week1", tmp_path / "gradebook.csv", QUESTIONS)
    header = "learner,status,score,max_score,auto_score,auto_max,manual_score,manual_max,"
    assert path.read_text(encoding="utf-8").splitlines() == [
        header + "awaiting_marks,submitted_at,late,q1,q2,reflect",
        "alice,graded,2.5,10,2.5,5,0,5,0,,,1,1.5,0",  # an empty reflection: 0, and marked
        "bob,graded,5,10,5,5,,5,1,,,2,3,",  # awaiting the trainer: blank, not 0
        "carol,timeout,0,10,0,5,0,5,0,,,0,0,0",
    ]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (3.0, "3"),
        (2.5, "2.5"),
        (0.1 + 0.2, "0.3"),
        (0.0, "0"),
        (-0.0, "0"),
        (10, "10"),
        (4 / 3, "1.33"),
        (1.333, "1.33"),
    ],
)
def test_format_number_drops_needless_decimals(value: float, text: str) -> None:
    assert format_number(value) == text


@pytest.mark.parametrize(
    "scores",
    [(4 / 3, 4 / 3, None), (1.333, 1.333, 1.333), (2 / 3, 2 / 3, 2 / 3), (0.125, 0.125, 0.1)],
)
def test_a_shown_total_equals_the_sum_of_the_shown_scores(scores: tuple[float, ...]) -> None:
    # Partial credit of 2/3 on two 2-point questions must not show as 1.33 + 1.33 = 2.67.
    result = make_result("dana", scores, Status.GRADED)
    shown_parts = [float(format_number(q.score)) for q in result.questions if q.score is not None]
    assert format_number(result.score) == format_number(sum(shown_parts))


def write_marks(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_imported_marks_score_reflective_questions(book: Gradebook, tmp_path: Path) -> None:
    book.record("week1", "fp-1", make_result("alice", (2.0, 1.5, None)))
    book.record("week1", "fp-1", make_result("bob", (2.0, 3.0, None)))
    marks = write_marks(
        tmp_path / "marks.csv",
        "learner,question,mark,comment\n"
        "alice,reflect,4,Clear link to the capacity plan.\n"
        "bob,reflect,,\n",  # not marked yet: skipped
    )
    assert book.import_marks(marks, "week1", {"reflect": 5.0}) == 1
    alice, bob = book.results("week1")
    assert alice.score == 7.5
    assert alice.questions[2].score == 4.0
    assert alice.questions[2].message == "Clear link to the capacity plan."
    assert bob.score == 5.0
    assert bob.questions[2].score is None
    export = book.export_csv("week1", tmp_path / "gradebook.csv", QUESTIONS)
    text = export.read_text(encoding="utf-8")
    assert "alice,graded,7.5,10,3.5,5,4,5,0,,,2,1.5,4" in text
    assert "bob,graded,5,10,5,5,,5,1,,,2,3," in text


def test_marks_survive_regrading_and_can_be_changed(book: Gradebook, tmp_path: Path) -> None:
    book.record("week1", "fp-1", make_result("alice"))
    book.import_marks(
        write_marks(tmp_path / "m.csv", "learner,question,mark\nalice,reflect,3\n"),
        "week1",
        {"reflect": 5.0},
    )
    book.record("week1", "fp-2", make_result("alice"))
    assert book.results("week1")[0].questions[2].score == 3.0
    book.import_marks(
        write_marks(tmp_path / "m.csv", "learner,question,mark\nalice,reflect,5\n"),
        "week1",
        {"reflect": 5.0},
    )
    [alice] = book.results("week1")
    assert alice.questions[2].score == 5.0
    assert alice.questions[2].message == "Marked by your trainer."
    assert alice.score == 8.5


def test_bad_marks_give_one_error_listing_every_row(book: Gradebook, tmp_path: Path) -> None:
    book.record("week1", "fp-1", make_result("alice"))
    book.record("week1", "fp-1", make_result("bob"))
    marks = write_marks(
        tmp_path / "marks.csv",
        "learner,question,mark,comment\n"
        "alice,reflect,4,fine\n"  # line 2: good, but must not be stored
        "zed,reflect,3,\n"  # line 3: unknown learner
        "bob,reflect,7,\n"  # line 4: above the points
        "bob,q1,1,\n"  # line 5: not a reflective question
        "alice,reflect,four,\n"  # line 6: not a number, and a second mark
        "bob,reflect,-1,\n",  # line 7: below zero
    )
    with pytest.raises(MarksFileError) as caught:
        book.import_marks(marks, "week1", {"reflect": 5.0})
    error = caught.value
    assert isinstance(error, PlanlabError)
    assert [line for line, _ in error.problems] == [3, 4, 5, 6, 7]
    message = str(error)
    assert "5 problems" in message
    assert "line 3: unknown learner 'zed'" in message
    assert "line 4: the mark 7 is outside 0 to 5" in message
    assert "line 5: 'q1' is not a reflective question" in message
    assert "line 6: the mark 'four' is not a number" in message
    assert "already has a mark for reflect on line 2" in message
    assert "line 7: the mark -1 is outside 0 to 5" in message
    assert "No marks were imported" in message
    # Nothing was stored, not even the good row.
    assert book.results("week1")[0].questions[2].score is None


def test_a_marks_file_without_the_right_header_is_refused(book: Gradebook, tmp_path: Path) -> None:
    marks = write_marks(tmp_path / "marks.csv", "name,score\nalice,3\n")
    with pytest.raises(MarksFileError, match="line 1: the header has no learner, question, mark"):
        book.import_marks(marks, "week1", {"reflect": 5.0})


def test_a_marks_file_saved_by_excel_with_a_bom_is_read(book: Gradebook, tmp_path: Path) -> None:
    book.record("week1", "fp-1", make_result("alice"))
    marks = tmp_path / "marks.csv"
    marks.write_bytes("learner,question,mark\r\nalice,reflect,2.5\r\n".encode("utf-8-sig"))
    assert book.import_marks(marks, "week1", {"reflect": 5.0}) == 1
    assert book.results("week1")[0].questions[2].score == 2.5


def test_a_file_that_is_not_a_gradebook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"these are my notes, not a database" * 100)
    with pytest.raises(GradebookFileError, match="cannot be used as the gradebook"):
        Gradebook(path)


def test_a_version_1_gradebook_reads_its_pending_zeros_as_awaited(tmp_path: Path) -> None:
    path = tmp_path / "gradebook.sqlite"
    with Gradebook(path) as book:
        book.record("week1", "fp-1", make_result("alice", (2.0, 1.5, 0.0)))
    old = '[{"question": "reflect", "kind": "reflection", "points": 5.0, "score": 0.0, '
    old += '"message": "Awaiting your trainer\'s mark against the rubric.", "hint": ""}]'
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE submissions SET questions = ?", (old,))
        connection.execute("PRAGMA user_version = 1")
    connection.close()
    with Gradebook(path) as book:
        [alice] = book.results("week1")
    assert alice.questions[0].score is None
    assert alice.awaiting_points == 5.0
