"""The data that flows through grading, and every limit and default of a run.

A submission is run (:mod:`planlab.grading.runner`), its answers are judged against
the solution's (:mod:`planlab.grading.marking`), and the result is stored and
reported (:mod:`planlab.grading.gradebook`, :mod:`planlab.grading.feedback`). These
plain dataclasses are the only things passed between those steps.

Every limit and default of running notebooks is defined here once: the runner,
the fork server and the ``planlab grade`` command line all read them from here.

Runs in: the grader, and in the learner's kernel too (the self-check imports
``ANSWER_MIME``), so this module imports only the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from planlab.errors import InputValueError

__all__ = [
    "ANSWER_BUDGET_BYTES",
    "ANSWER_MAX_BYTES",
    "ANSWER_MAX_DEPTH",
    "ANSWER_MIME",
    "AWAITING_MARK",
    "DEFAULT_LIMITS",
    "DEFAULT_WORKERS",
    "ERROR_MAX_CHARS",
    "HANDOVER_MARGIN",
    "MAX_WORKERS",
    "MIN_MEMORY_MB",
    "MIN_WORKERS",
    "NOT_WRITTEN",
    "SETUP_TIMEOUT",
    "STARTUP_TIMEOUT",
    "Provenance",
    "QuestionResult",
    "RunJob",
    "RunLimits",
    "RunResult",
    "Status",
    "SubmissionResult",
    "check_limits",
    "check_workers",
]

#: What a question awaiting its trainer's mark says.
AWAITING_MARK = "Awaiting your trainer's mark against the rubric."
#: What a reflective question with no answer says (it scores 0: nothing to mark).
NOT_WRITTEN = "No answer was written."
#: MIME type of the outputs through which answers leave the kernel, as JSON.
ANSWER_MIME = "application/vnd.planlab.answer+json"


class Status(StrEnum):
    """What happened to one submission, in words a trainer can act on."""

    GRADED = "graded"
    NOT_ATTEMPTED = "not attempted"
    MISSING = "missing"
    MALFORMED = "malformed"
    TIMEOUT = "timeout"
    CRASHED = "crashed"
    MEMORY = "memory"


@dataclass(frozen=True)
class RunLimits:
    """Limits on running one submission.

    Parameters
    ----------
    cell_timeout
        Seconds one cell may run before the kernel is killed.
    submission_timeout
        Seconds the whole submission may run before the kernel is killed.
    memory_mb
        Address-space cap for the kernel process, in mebibytes.
    max_output_bytes
        Output kept per submission; anything beyond is dropped and noted.
    """

    cell_timeout: float = 60.0
    submission_timeout: float = 300.0
    memory_mb: int = 2048
    max_output_bytes: int = 2_000_000


#: The limits used when none are given.
DEFAULT_LIMITS = RunLimits()
#: Smallest memory cap accepted: a kernel with pandas loaded already maps about 350 MB.
MIN_MEMORY_MB = 512
#: How many notebooks run at the same time unless told otherwise.
DEFAULT_WORKERS = 2
#: Fewest notebooks run at the same time.
MIN_WORKERS = 1
#: Most notebooks the command line runs at the same time.
MAX_WORKERS = 64
#: Largest single answer payload kept, as JSON bytes.
ANSWER_MAX_BYTES = 1_000_000
#: All answers of one submission together may use this much, beyond the output cap.
ANSWER_BUDGET_BYTES = 32_000_000
#: Deepest nesting of lists and dicts accepted in an answer.
ANSWER_MAX_DEPTH = 20
#: Seconds a kernel may take to start and answer its first request.
STARTUP_TIMEOUT = 60.0
#: Seconds allowed for the grader's own short requests to a kernel.
SETUP_TIMEOUT = 20.0
#: Longest error message kept in ``RunResult.cell_errors``.
ERROR_MAX_CHARS = 500
#: Characters of printed text a kernel sends beyond the output cap, so the cap is seen.
HANDOVER_MARGIN = 1024


def check_limits(limits: RunLimits) -> None:
    """Refuse limits no notebook could be run within.

    Parameters
    ----------
    limits
        The limits to check.

    Raises
    ------
    InputValueError
        If a timeout is not a positive number, the memory cap is below
        :data:`MIN_MEMORY_MB`, or the output cap is negative.
    """
    for name in ("cell_timeout", "submission_timeout"):
        if not getattr(limits, name) > 0:
            raise InputValueError(f"limits.{name}", getattr(limits, name), "a positive number")
    if not limits.memory_mb >= MIN_MEMORY_MB:
        expected = f"at least {MIN_MEMORY_MB} (a kernel with pandas loaded maps about 350 MB)"
        raise InputValueError("limits.memory_mb", limits.memory_mb, expected)
    if not limits.max_output_bytes >= 0:
        raise InputValueError("limits.max_output_bytes", limits.max_output_bytes, "0 or more")


def check_workers(workers: int) -> None:
    """Refuse a number of workers that could run nothing.

    Parameters
    ----------
    workers
        How many notebooks would run at the same time.

    Raises
    ------
    InputValueError
        If ``workers`` is not a whole number of at least :data:`MIN_WORKERS`.
    """
    if not isinstance(workers, int) or workers < MIN_WORKERS:
        raise InputValueError("workers", workers, f"a whole number of at least {MIN_WORKERS}")


@dataclass
class RunJob:
    """One notebook to run in a fresh kernel.

    Parameters
    ----------
    key
        Who or what the run is for (a learner id, or ``"solution"``).
    notebook
        The notebook to execute, as an ``nbformat.NotebookNode``.
    files
        Files to copy into the run's otherwise empty working folder, keyed by
        the relative path they should have there.
    """

    key: str
    notebook: Any
    files: dict[str, Path] = field(default_factory=dict)


@dataclass
class RunResult:
    """What running one notebook produced.

    Parameters
    ----------
    key
        The job's key.
    status
        ``GRADED`` when the notebook ran to its end (cells that raised errors are
        allowed); otherwise why it stopped.
    reason
        Plain-English reason for any status but ``GRADED``; empty otherwise.
    answers
        Plain data from every ``ANSWER_MIME`` output, keyed by question id.
    cell_errors
        ``"ExceptionName: message"`` for each cell that raised, keyed by the cell's
        ``planlab.question`` id when it has one, else ``"cell N"``.
    seconds
        Wall time of the run.
    output_truncated
        True when output beyond ``RunLimits.max_output_bytes`` was dropped.
    """

    key: str
    status: Status
    reason: str = ""
    answers: dict[str, Any] = field(default_factory=dict)
    cell_errors: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    output_truncated: bool = False
    #: For each key of ``cell_errors``, the line of the cell where it stopped and its code.
    error_lines: dict[str, tuple[int, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Provenance:
    """Where a submission came from, and what a trainer should know about it.

    Parameters
    ----------
    origin
        The file, as found (``Farah Ali_4051_assignsubmission_file_/beds.ipynb (in week1.zip)``).
    found_as
        How its learner was found: the notebook's own record, the platform's naming or
        the file name.
    platform, platform_id, name, submission_id
        What a Moodle or Canvas download says of the learner, for the platform's files.
    submitted_at
        When it was submitted, as the archive or file recorded it (ISO 8601), or ``""``.
    late
        True when it came after the deadline, or the platform marked it late.
    flags
        Things to check, in plain words (a notebook released to another learner...).
    """

    origin: str = ""
    found_as: str = ""
    platform: str = ""
    platform_id: str = ""
    name: str = ""
    submission_id: str = ""
    submitted_at: str = ""
    late: bool = False
    flags: tuple[str, ...] = ()


@dataclass
class QuestionResult:
    """The mark for one question of one submission.

    ``score`` is None while a trainer's mark is awaited: pending is not zero.
    """

    question: str
    kind: str
    points: float
    score: float | None
    message: str
    #: Shown to the learner: what was expected in kind, never a hidden value.
    hint: str = ""
    #: The question's title as the learner saw it, such as "Question 1: the crude rate".
    title: str = ""
    #: For a reflective answer, a short hash of its text, so a mark knows what it marked.
    answer_id: str = ""
    #: For a reflective answer, what the learner wrote (kept for the trainer's marking).
    answer: str = ""
    #: True when the trainer's mark was given to an earlier version of the answer.
    changed_since_marked: bool = False

    @property
    def label(self) -> str:
        """The question's title, or its id when it has none."""
        return self.title or self.question

    @property
    def pending(self) -> bool:
        """True while a trainer's mark is awaited."""
        return self.score is None

    @property
    def reflective(self) -> bool:
        """True for a question a trainer marks."""
        return self.kind == "reflection"


def _total(scores: list[float | None]) -> float:
    """Add shown scores: each rounded to 2 places first, so totals match what is shown."""
    return round(sum(round(score, 2) for score in scores if score is not None), 2)


@dataclass
class SubmissionResult:
    """The mark for one learner's submission.

    Auto-marked and trainer-marked points are kept apart, and a mark not yet given
    is left out of every total rather than counted as zero.
    """

    learner: str
    status: Status
    reason: str
    max_score: float
    questions: list[QuestionResult]
    source_sha256: str
    seconds: float = 0.0
    #: Where the submission was found and who it says it belongs to (see
    #: :class:`Provenance`); empty for a learner with no submission.
    provenance: Provenance = field(default_factory=lambda: Provenance())

    @property
    def score(self) -> float:
        """Points earned so far: auto-marked points plus the trainer's marks given."""
        return _total([question.score for question in self.questions])

    @property
    def auto_score(self) -> float:
        """Points earned on auto-marked questions."""
        return _total([q.score for q in self.questions if not q.reflective])

    @property
    def auto_max(self) -> float:
        """Points available on auto-marked questions."""
        return _total([q.points for q in self.questions if not q.reflective])

    @property
    def manual_score(self) -> float | None:
        """The trainer's marks given so far, or None when none is given yet."""
        given = [q.score for q in self.questions if q.reflective and q.score is not None]
        return _total(list(given)) if given else None

    @property
    def manual_max(self) -> float:
        """Points available on questions a trainer marks."""
        return _total([q.points for q in self.questions if q.reflective])

    @property
    def awaiting(self) -> list[QuestionResult]:
        """The questions whose trainer's mark is not given yet."""
        if self.status is Status.MISSING:
            return []
        return [question for question in self.questions if question.pending and question.reflective]

    @property
    def awaiting_points(self) -> float:
        """Points still to be marked by the trainer."""
        return _total([question.points for question in self.awaiting])
