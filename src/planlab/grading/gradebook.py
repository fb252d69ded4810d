"""The gradebook: every learner's result for every exercise, kept in one SQLite file.

Grading is resumable and idempotent: each result is committed as soon as it is
recorded, and :meth:`Gradebook.is_current` tells the caller which submissions were
already graded against this version of the exercise, so a run that stopped half-way
(or a second run over the same files) only grades what is new or changed.

Reflective questions are marked by a trainer. Their marks are imported from a CSV
file (:meth:`Gradebook.import_marks`) into a separate table, so re-grading a
submission never loses them, and :meth:`Gradebook.results` applies them: the
question's score becomes the trainer's mark, and the total changes to match.

The module stays whole (about 690 lines) because its SQLite schema, the upgrade of older
gradebooks and every query must change together; split, one part could assume a schema the
other no longer writes.
"""

from __future__ import annotations

import csv
import json
import math
import sqlite3
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from planlab.errors import GradebookFileError, MarksFileError
from planlab.grading.csvfiles import write_csv
from planlab.grading.model import (
    AWAITING_MARK,
    Provenance,
    QuestionResult,
    Status,
    SubmissionResult,
)

#: What a learner and trainer read when a mark was given to an earlier version of the answer.
CHANGED_SINCE_MARKED = (
    "Answer changed since marked: this mark was given to an earlier answer, and your trainer "
    "will confirm or change it."
)


@dataclass(frozen=True)
class Mark:
    """A trainer's mark for one answer, as stored."""

    learner: str
    question: str
    mark: float
    comment: str
    answer_id: str
    marked_at: str


__all__ = [
    "CHANGED_SINCE_MARKED",
    "CSV_COLUMNS",
    "SCHEMA_VERSION",
    "Gradebook",
    "Mark",
    "format_number",
]

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
    "submitted_at",
    "late",
)

#: Bumped when the tables change; a gradebook with a newer version is not touched.
#: Version 2 stores a question awaiting a trainer's mark with no score (not 0).
#: Version 3 adds where each submission came from (``details``) and, with each mark,
#: which version of the answer it marked (``answer_id``). Older files are upgraded in place.
SCHEMA_VERSION = 3
#: Columns added after version 1, with their definitions, for upgrading older files.
ADDED_COLUMNS = {
    "submissions": {"details": "TEXT NOT NULL DEFAULT '{}'"},
    "manual_marks": {"answer_id": "TEXT NOT NULL DEFAULT ''"},
}
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

    Scores are shown to 2 decimal places, the same places totals are added at (see
    ``model._total``), so a shown total always equals the sum of the shown scores.

    Parameters
    ----------
    value
        The number; rounded to 2 decimal places, which also hides floating-point dust.

    Returns
    -------
    str
        The number as text, never in exponent form.
    """
    text = f"{round(float(value), 2):.2f}".rstrip("0").rstrip(".")
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
                _add_missing_columns(connection)
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
        details = json.dumps(asdict(result.provenance))
        with self._connection:
            self._connection.execute(
                """
                INSERT INTO submissions (exercise_id, learner, exercise_fingerprint,
                    source_sha256, status, reason, score, max_score, seconds, graded_at,
                    questions, details)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (exercise_id, learner) DO UPDATE SET
                    exercise_fingerprint = excluded.exercise_fingerprint,
                    source_sha256 = excluded.source_sha256,
                    status = excluded.status,
                    reason = excluded.reason,
                    score = excluded.score,
                    max_score = excluded.max_score,
                    seconds = excluded.seconds,
                    graded_at = excluded.graded_at,
                    questions = excluded.questions,
                    details = excluded.details
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
                    details,
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
            "seconds, details FROM submissions WHERE exercise_id = ? ORDER BY learner",
            (exercise_id,),
        ).fetchall()
        marks = self._manual_marks(exercise_id)
        return [_apply_marks(_result_from_row(row), marks) for row in rows]

    def _manual_marks(self, exercise_id: str) -> dict[tuple[str, str], Mark]:
        """Return the trainers' marks of an exercise, keyed by (learner, question)."""
        rows = self._connection.execute(
            "SELECT learner, question, mark, comment, answer_id, marked_at FROM manual_marks "
            "WHERE exercise_id = ?",
            (exercise_id,),
        )
        return {(row[0], row[1]): Mark(*row) for row in rows}

    def marks(self, exercise_id: str) -> dict[tuple[str, str], Mark]:
        """Return every trainer's mark of an exercise, keyed by (learner, question)."""
        return self._manual_marks(exercise_id)

    def set_mark(
        self,
        exercise_id: str,
        learner: str,
        question: str,
        mark: float | None,
        comment: str = "",
        answer_id: str = "",
    ) -> None:
        """Store (or, with ``mark=None``, remove) one trainer's mark, at once.

        Parameters
        ----------
        exercise_id, learner, question
            Whose answer to which question.
        mark
            The mark, already checked against the question's points; None removes it.
        comment
            A comment for the learner.
        answer_id
            The answer's id (its hash) as the trainer saw it, so that a later change to
            the answer is flagged rather than silently keeping this mark.
        """
        with self._connection:
            if mark is None:
                self._connection.execute(
                    "DELETE FROM manual_marks WHERE exercise_id = ? AND learner = ? "
                    "AND question = ?",
                    (exercise_id, learner, question),
                )
                return
            self._connection.execute(
                "INSERT INTO manual_marks (exercise_id, learner, question, mark, comment, "
                "marked_at, answer_id) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (exercise_id, learner, question) DO UPDATE SET "
                "mark = excluded.mark, comment = excluded.comment, "
                "marked_at = excluded.marked_at, answer_id = excluded.answer_id",
                (exercise_id, learner, question, float(mark), comment, _now(), answer_id),
            )

    # --- exporting ------------------------------------------------------------------

    def provenance(self, exercise_id: str, learner: str) -> Provenance | None:
        """Return where a learner's stored submission came from, or None if none is stored."""
        for result in self.results(exercise_id):
            if result.learner == learner:
                return result.provenance
        return None

    def update_provenance(self, exercise_id: str, learner: str, provenance: Provenance) -> None:
        """Change where a stored submission is said to come from (a deadline given later...)."""
        with self._connection:
            self._connection.execute(
                "UPDATE submissions SET details = ? WHERE exercise_id = ? AND learner = ?",
                (json.dumps(asdict(provenance)), exercise_id, learner),
            )

    def export_csv(
        self,
        exercise_id: str,
        path: Path,
        question_ids: list[str],
        learners: list[str] | None = None,
    ) -> Path:
        """Write the gradebook of one exercise as a CSV file for a spreadsheet or platform.

        Parameters
        ----------
        exercise_id
            The exercise's id.
        path
            The CSV file to write (conventionally ``gradebook.csv``).
        question_ids
            The questions, one column each, in this order.
        learners
            Only these learners (for example, those on the roster); all by default.

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
        kept = self.results(exercise_id)
        if learners is not None:
            kept = [result for result in kept if result.learner in set(learners)]
        rows = [_csv_row(result, question_ids) for result in kept]
        write_csv(Path(path), [*CSV_COLUMNS, *question_ids], rows)
        return path

    # --- trainers' marks ------------------------------------------------------------

    def import_marks(
        self,
        csv_path: Path,
        exercise_id: str,
        reflective_questions: dict[str, float],
        only_new: dict[tuple[str, str], Mark] | None = None,
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
        only_new
            The marks already stored, when the file is read automatically: a row equal
            to a stored mark, or older than one (the file last changed before the mark
            was given), is skipped, so a sheet never undoes a later mark.

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
        current = self._answer_ids(exercise_id)
        changed_at = datetime.fromtimestamp(csv_path.stat().st_mtime, UTC).isoformat(
            timespec="seconds"
        )
        stored = 0
        for learner, question, mark, comment, answer_id in marks:
            seen = answer_id or current.get((learner, question), "")
            before = (only_new or {}).get((learner, question))
            if before is not None and (
                (before.mark, before.comment, before.answer_id) == (mark, comment, seen)
                or before.marked_at > changed_at
            ):
                continue
            self.set_mark(exercise_id, learner, question, mark, comment, seen)
            stored += 1
        return stored

    def _answer_ids(self, exercise_id: str) -> dict[tuple[str, str], str]:
        """Return the id of each reflective answer as it stands now."""
        ids = {}
        for result in self.results(exercise_id):
            for question in result.questions:
                if question.answer_id:
                    ids[(result.learner, question.question)] = question.answer_id
        return ids


# --- helpers ------------------------------------------------------------------------


def _csv_row(result: SubmissionResult, question_ids: list[str]) -> list[str]:
    """One learner's row of ``gradebook.csv``; a missing learner has no scores at all."""
    scores = {question.question: question.score for question in result.questions}
    manual = result.manual_score
    absent = result.status is Status.MISSING
    return [
        result.learner,
        str(result.status),
        "" if absent else format_number(result.score),
        format_number(result.max_score),
        "" if absent else format_number(result.auto_score),
        format_number(result.auto_max),
        "" if manual is None else format_number(manual),
        format_number(result.manual_max),
        str(len(result.awaiting)),
        result.provenance.submitted_at,
        "yes" if result.provenance.late else "",
        *(_cell(scores, question) for question in question_ids),
    ]


def _cell(scores: dict[str, float | None], question: str) -> str:
    """Return a question's score as text: blank when awaited or absent."""
    score = scores.get(question)
    return "" if score is None else format_number(score)


def _result_from_row(row: tuple[Any, ...]) -> SubmissionResult:
    """Rebuild a :class:`SubmissionResult` from a row of the submissions table."""
    learner, status, reason, _score, max_score, questions, sha256, seconds, details = row
    known = set(Provenance.__dataclass_fields__)
    stored = {key: value for key, value in json.loads(details or "{}").items() if key in known}
    stored["flags"] = tuple(stored.get("flags", ()))
    return SubmissionResult(
        provenance=Provenance(**stored),
        learner=learner,
        status=Status(status),
        reason=reason,
        max_score=max_score,
        questions=[_question_from_json(question) for question in json.loads(questions)],
        source_sha256=sha256,
        seconds=seconds,
    )


def _question_from_json(data: dict[str, Any]) -> QuestionResult:
    """Rebuild a question's result; a version 1 row stored a pending mark as 0."""
    known = {name: data[name] for name in QuestionResult.__dataclass_fields__ if name in data}
    question = QuestionResult(**known)
    if question.reflective and question.message == AWAITING_MARK and question.score == 0:
        question = replace(question, score=None)
    return question


def _apply_marks(result: SubmissionResult, marks: dict[tuple[str, str], Mark]) -> SubmissionResult:
    """Replace the scores of manually marked questions; the totals follow.

    A mark given to an earlier version of the answer is kept, and flagged, until the
    trainer confirms or changes it.
    """
    questions: list[QuestionResult] = []
    for question in result.questions:
        mark = marks.get((result.learner, question.question))
        if mark is None:
            questions.append(question)
            continue
        changed = bool(
            mark.answer_id and question.answer_id and mark.answer_id != question.answer_id
        )
        message = mark.comment or "Marked by your trainer."
        if changed:
            message = f"{CHANGED_SINCE_MARKED} {message}"
        questions.append(
            replace(question, score=mark.mark, message=message, changed_since_marked=changed)
        )
    return replace(result, questions=questions)


def _add_missing_columns(connection: sqlite3.Connection) -> None:
    """Upgrade an older gradebook: add the columns later versions store."""
    for table, columns in ADDED_COLUMNS.items():
        present = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
        for name, definition in columns.items():
            if name not in present:
                connection.execute(f"ALTER TABLE {table} ADD COLUMN {name} {definition}")


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


def _clean_row(row: dict[Any, Any]) -> dict[str, str]:
    """Strip spaces from a CSV row's cells, dropping cells beyond the header."""
    return {key: (value or "").strip() for key, value in row.items() if isinstance(key, str)}


def _check_marks(
    rows: list[tuple[int, dict[str, str]]],
    known_learners: set[str],
    reflective_questions: dict[str, float],
) -> tuple[list[tuple[str, str, float, str, str]], list[tuple[int | None, str]]]:
    """Validate marks rows; return the good marks and every problem found."""
    marks: list[tuple[str, str, float, str, str]] = []
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
            comment, answer_id = row.get("comment", ""), row.get("answer_id", "")
            marks.append((learner, question, float(text), comment, answer_id))
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
