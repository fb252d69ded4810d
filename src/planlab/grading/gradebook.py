"""The gradebook: every learner's result for every exercise, kept in one SQLite file.

Grading is resumable and idempotent: each result is committed as soon as it is
recorded, and :meth:`Gradebook.is_current` tells the caller which submissions were
already graded against this version of the exercise, so a run that stopped half-way
(or a second run over the same files) only grades what is new or changed.

Reflective questions are marked by a trainer. Their marks are imported from a CSV
file (:meth:`Gradebook.import_marks`) into a separate table, so re-grading a
submission never loses them, and :meth:`Gradebook.results` applies them: the
question's score becomes the trainer's mark, and the total changes to match.
"""

from __future__ import annotations

import csv
import json
import math
import sqlite3
from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Self

from planlab.errors import GradebookFileError, MarksFileError
from planlab.grading.model import AWAITING_MARK, QuestionResult, Status, SubmissionResult

__all__ = ["CSV_COLUMNS", "SCHEMA_VERSION", "Gradebook", "format_number"]

#: The columns of ``gradebook.csv`` before one column per question.
CSV_COLUMNS = (
    "learner",
    "status",
    "score",
    "max_score",
    "auto_score",
    "auto_max",
    "manual_score",
    "manual_max",
    "awaiting_marks",
)

#: Bumped when the tables change; a gradebook with a newer version is not touched.
#: Version 2 stores a question awaiting a trainer's mark with no score (not 0); the
#: tables are the same, so a version 1 file is simply relabelled.
SCHEMA_VERSION = 2
MARKS_COLUMNS = ("learner", "question", "mark")
SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    exercise_id TEXT NOT NULL,
    learner TEXT NOT NULL,
    exercise_fingerprint TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    seconds REAL NOT NULL,
    graded_at TEXT NOT NULL,
    questions TEXT NOT NULL,
    PRIMARY KEY (exercise_id, learner)
);
CREATE INDEX IF NOT EXISTS submissions_current
    ON submissions (learner, exercise_fingerprint, source_sha256);
CREATE TABLE IF NOT EXISTS manual_marks (
    exercise_id TEXT NOT NULL,
    learner TEXT NOT NULL,
    question TEXT NOT NULL,
    mark REAL NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    marked_at TEXT NOT NULL,
    PRIMARY KEY (exercise_id, learner, question)
);
"""


def format_number(value: float) -> str:
    """Write a score without needless decimals: ``3.0`` as ``3``, ``2.50`` as ``2.5``.

    Parameters
    ----------
    value
        The number; rounded to 4 decimal places, which hides floating-point dust.

    Returns
    -------
    str
        The number as text, never in exponent form.
    """
    text = f"{round(float(value), 4):.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _now() -> str:
    """Return the current time as an ISO 8601 timestamp in UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class Gradebook:
    """The results of grading, stored in an SQLite file; use it as a context manager.

    Parameters
    ----------
    path
        The gradebook file. It is created, with its tables, if it does not exist.

    Raises
    ------
    GradebookFileError
        When the file exists but is not a gradebook this version can use.

    Examples
    --------
    >>> with Gradebook(path) as book:  # doctest: +SKIP
    ...     if not book.is_current("alice", fingerprint, sha256):
    ...         book.record("week1", fingerprint, result)
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._connection = self._open(self.path)

    # --- opening and closing ------------------------------------------------------

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        """Open (or create) the gradebook file and make sure its tables exist."""
        try:
            connection = sqlite3.connect(path)
        except sqlite3.Error as error:
            raise GradebookFileError(path, f"it could not be opened ({error})") from None
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise GradebookFileError(
                    path, "it was made by a newer version of planlab; update planlab first"
                )
            with connection:
                connection.executescript(SCHEMA)
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.DatabaseError as error:
            connection.close()
            raise GradebookFileError(path, f"it is not a gradebook database ({error})") from None
        except GradebookFileError:
            connection.close()
            raise
        return connection

    def close(self) -> None:
        """Close the file; everything recorded has already been saved."""
        self._connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # --- graded submissions ---------------------------------------------------------

    def is_current(self, learner: str, exercise_fingerprint: str, sha256: str) -> bool:
        """Tell whether this exact submission was already graded for this exercise version.

        Parameters
        ----------
        learner
            The learner id.
        exercise_fingerprint
            Fingerprint of the exercise (questions, checks and solution) graded against.
        sha256
            Hex SHA-256 of the submitted notebook's bytes.

        Returns
        -------
        bool
            True when a result is stored for this learner with this fingerprint and
            these bytes, so grading it again would give the same result.
        """
        row = self._connection.execute(
            "SELECT 1 FROM submissions WHERE learner = ? AND exercise_fingerprint = ? "
            "AND source_sha256 = ? LIMIT 1",
            (learner, exercise_fingerprint, sha256),
        ).fetchone()
        return row is not None

    def record(self, exercise_id: str, fingerprint: str, result: SubmissionResult) -> None:
        """Store one learner's result, replacing any earlier one for this exercise.

        The result is saved to the file at once, so a run that stops later keeps it.
        Marks imported for reflective questions are kept.

        Parameters
        ----------
        exercise_id
            The exercise's id.
        fingerprint
            The exercise's fingerprint, as passed later to :meth:`is_current`.
        result
            The learner's result.
        """
        questions = json.dumps([asdict(question) for question in result.questions])
        with self._connection:
            self._connection.execute(
                """
                INSERT INTO submissions (exercise_id, learner, exercise_fingerprint,
                    source_sha256, status, reason, score, max_score, seconds, graded_at,
                    questions)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (exercise_id, learner) DO UPDATE SET
                    exercise_fingerprint = excluded.exercise_fingerprint,
                    source_sha256 = excluded.source_sha256,
                    status = excluded.status,
                    reason = excluded.reason,
                    score = excluded.score,
                    max_score = excluded.max_score,
                    seconds = excluded.seconds,
                    graded_at = excluded.graded_at,
                    questions = excluded.questions
                """,
                (
                    exercise_id,
                    result.learner,
                    fingerprint,
                    result.source_sha256,
                    str(result.status),
                    result.reason,
                    float(result.score),
                    float(result.max_score),
                    float(result.seconds),
                    _now(),
                    questions,
                ),
            )

    def learners(self, exercise_id: str) -> list[str]:
        """Return the learners with a stored result for an exercise, sorted.

        Parameters
        ----------
        exercise_id
            The exercise's id.

        Returns
        -------
        list[str]
            The learner ids.
        """
        rows = self._connection.execute(
            "SELECT learner FROM submissions WHERE exercise_id = ? ORDER BY learner",
            (exercise_id,),
        )
        return [learner for (learner,) in rows]

    def results(self, exercise_id: str) -> list[SubmissionResult]:
        """Return every stored result for an exercise, sorted by learner, marks applied.

        Parameters
        ----------
        exercise_id
            The exercise's id.

        Returns
        -------
        list[SubmissionResult]
            One result per learner. A reflective question with an imported mark has
            that mark as its score (and the marker's comment as its message, when
            there is one), and the learner's total changes to match.
        """
        rows = self._connection.execute(
            "SELECT learner, status, reason, score, max_score, questions, source_sha256, "
            "seconds FROM submissions WHERE exercise_id = ? ORDER BY learner",
            (exercise_id,),
        ).fetchall()
        marks = self._manual_marks(exercise_id)
        return [_apply_marks(_result_from_row(row), marks) for row in rows]

    def _manual_marks(self, exercise_id: str) -> dict[tuple[str, str], tuple[float, str]]:
        """Return the imported marks of an exercise, keyed by (learner, question)."""
        rows = self._connection.execute(
            "SELECT learner, question, mark, comment FROM manual_marks WHERE exercise_id = ?",
            (exercise_id,),
        )
        return {(learner, question): (mark, comment) for learner, question, mark, comment in rows}

    # --- exporting ------------------------------------------------------------------

    def export_csv(self, exercise_id: str, path: Path, question_ids: list[str]) -> Path:
        """Write the gradebook of one exercise as a CSV file for a spreadsheet or platform.

        Parameters
        ----------
        exercise_id
            The exercise's id.
        path
            The CSV file to write (conventionally ``gradebook.csv``).
        question_ids
            The questions, one column each, in this order.

        Returns
        -------
        Path
            ``path``. Its columns are :data:`CSV_COLUMNS` and then one per question.
            ``score`` is every point earned so far, auto-marked and trainer-marked;
            ``auto_*`` and ``manual_*`` keep the two apart; ``manual_score`` is blank
            until a trainer's mark is given; ``awaiting_marks`` counts the questions
            still to be marked. A question's own column is blank while its mark is
            awaited (never 0). One row per learner, sorted by learner.
        """
        path = Path(path)
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream, lineterminator="\n")
            writer.writerow([*CSV_COLUMNS, *question_ids])
            for result in self.results(exercise_id):
                scores = {question.question: question.score for question in result.questions}
                manual = result.manual_score
                writer.writerow(
                    [
                        result.learner,
                        str(result.status),
                        format_number(result.score),
                        format_number(result.max_score),
                        format_number(result.auto_score),
                        format_number(result.auto_max),
                        "" if manual is None else format_number(manual),
                        format_number(result.manual_max),
                        str(len(result.awaiting)),
                        *(_cell(scores, question) for question in question_ids),
                    ]
                )
        return path

    # --- trainers' marks ------------------------------------------------------------

    def import_marks(
        self, csv_path: Path, exercise_id: str, reflective_questions: dict[str, float]
    ) -> int:
        """Import a trainer's marks for reflective questions from a CSV file.

        The file has the columns ``learner,question,mark`` and optionally ``comment``
        (as written by :func:`planlab.grading.feedback.write_reflections`). Rows whose
        mark is blank are skipped: those answers are not marked yet. Either every row
        is stored or, when any row is wrong, none is.

        Parameters
        ----------
        csv_path
            The CSV file.
        exercise_id
            The exercise the marks belong to.
        reflective_questions
            The exercise's reflective questions: id to points available.

        Returns
        -------
        int
            How many marks were stored.

        Raises
        ------
        MarksFileError
            Listing every wrong row with its line number (the header is line 1) and
            why: an unknown learner, a question that is not reflective, a mark that is
            not a number or is outside 0 to the question's points, or a second mark
            for the same learner and question.
        """
        csv_path = Path(csv_path)
        rows = _read_marks_csv(csv_path)
        known = set(self.learners(exercise_id))
        marks, problems = _check_marks(rows, known, reflective_questions)
        if problems:
            raise MarksFileError(csv_path, problems)
        marked_at = _now()
        with self._connection:
            self._connection.executemany(
                "INSERT INTO manual_marks (exercise_id, learner, question, mark, comment, "
                "marked_at) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (exercise_id, learner, question) DO UPDATE SET "
                "mark = excluded.mark, comment = excluded.comment, "
                "marked_at = excluded.marked_at",
                [
                    (exercise_id, learner, question, mark, comment, marked_at)
                    for learner, question, mark, comment in marks
                ],
            )
        return len(marks)


# --- helpers ------------------------------------------------------------------------


def _cell(scores: dict[str, float | None], question: str) -> str:
    """Return a question's score as text: blank when awaited or absent."""
    score = scores.get(question)
    return "" if score is None else format_number(score)


def _result_from_row(row: tuple) -> SubmissionResult:
    """Rebuild a :class:`SubmissionResult` from a row of the submissions table."""
    learner, status, reason, _score, max_score, questions, sha256, seconds = row
    return SubmissionResult(
        learner=learner,
        status=Status(status),
        reason=reason,
        max_score=max_score,
        questions=[_question_from_json(question) for question in json.loads(questions)],
        source_sha256=sha256,
        seconds=seconds,
    )


def _question_from_json(data: dict) -> QuestionResult:
    """Rebuild a question's result; a version 1 row stored a pending mark as 0."""
    known = {name: data[name] for name in QuestionResult.__dataclass_fields__ if name in data}
    question = QuestionResult(**known)
    if question.reflective and question.message == AWAITING_MARK and question.score == 0:
        question = replace(question, score=None)
    return question


def _apply_marks(
    result: SubmissionResult, marks: dict[tuple[str, str], tuple[float, str]]
) -> SubmissionResult:
    """Replace the scores of manually marked questions; the totals follow."""
    questions: list[QuestionResult] = []
    for question in result.questions:
        found = marks.get((result.learner, question.question))
        if found is None:
            questions.append(question)
            continue
        mark, comment = found
        message = comment or "Marked by your trainer."
        questions.append(replace(question, score=mark, message=message))
    return replace(result, questions=questions)


def _read_marks_csv(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Read a marks CSV into ``(line number, row)`` pairs, checking its header."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.DictReader(stream)
            header = [name.strip().lower() for name in reader.fieldnames or []]
            missing = [column for column in MARKS_COLUMNS if column not in header]
            if missing:
                raise MarksFileError(
                    path,
                    [
                        (
                            1,
                            f"the header has no {', '.join(missing)} column; the first "
                            "line must be learner,question,mark,comment",
                        )
                    ],
                )
            reader.fieldnames = header
            return [(reader.line_num, _clean_row(row)) for row in reader]
    except UnicodeDecodeError:
        raise MarksFileError(
            path, [(None, "the file is not UTF-8 text; save it from the spreadsheet as CSV UTF-8")]
        ) from None
    except OSError as error:
        raise MarksFileError(
            path, [(None, f"the file could not be read ({error.strerror or error})")]
        ) from None


def _clean_row(row: dict) -> dict[str, str]:
    """Strip spaces from a CSV row's cells, dropping cells beyond the header."""
    return {key: (value or "").strip() for key, value in row.items() if isinstance(key, str)}


def _check_marks(
    rows: list[tuple[int, dict[str, str]]],
    known_learners: set[str],
    reflective_questions: dict[str, float],
) -> tuple[list[tuple[str, str, float, str]], list[tuple[int | None, str]]]:
    """Validate marks rows; return the good marks and every problem found."""
    marks: list[tuple[str, str, float, str]] = []
    problems: list[tuple[int | None, str]] = []
    first_line: dict[tuple[str, str], int] = {}
    for line, row in rows:
        learner, question, text = row.get("learner", ""), row.get("question", ""), row["mark"]
        if not text:
            continue  # not marked yet
        why = _row_problems(row, known_learners, reflective_questions)
        key = (learner, question)
        if key in first_line:
            why.append(f"{learner} already has a mark for {question} on line {first_line[key]}")
        first_line.setdefault(key, line)
        if why:
            problems.append((line, "; ".join(why)))
        else:
            marks.append((learner, question, float(text), row.get("comment", "")))
    return marks, problems


def _row_problems(
    row: dict[str, str], known_learners: set[str], reflective_questions: dict[str, float]
) -> list[str]:
    """Say what is wrong with one marks row (an empty list when nothing is)."""
    why: list[str] = []
    learner, question, text = row.get("learner", ""), row.get("question", ""), row["mark"]
    if learner not in known_learners:
        why.append(f"unknown learner {learner!r} (no graded submission with that name)")
    points = reflective_questions.get(question)
    if points is None:
        names = ", ".join(sorted(reflective_questions)) or "none"
        why.append(f"{question!r} is not a reflective question (they are: {names})")
    mark = _as_number(text)
    if mark is None:
        why.append(f"the mark {text!r} is not a number")
    elif points is not None and not 0 <= mark <= points:
        why.append(
            f"the mark {format_number(mark)} is outside 0 to {format_number(points)}, "
            f"the points for {question}"
        )
    return why


def _as_number(text: str) -> float | None:
    """Read a mark as a finite number, or return None when it is not one."""
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None
