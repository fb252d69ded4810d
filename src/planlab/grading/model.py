"""The data that flows through grading, shared by every grading module.

A submission is run (``runner``), its answers are compared with the solution's
(``compare``), and the result is stored and reported (``gradebook``, ``feedback``).
These plain dataclasses are the only things passed between those steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

#: MIME type of the outputs through which answers leave the kernel, as JSON.
ANSWER_MIME = "application/vnd.planlab.answer+json"


class Status(StrEnum):
    """What happened to one submission, in words a trainer can act on."""

    GRADED = "graded"
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


@dataclass
class QuestionResult:
    """The mark for one question of one submission."""

    question: str
    kind: str
    points: float
    score: float
    message: str
    #: Shown to the learner: what was expected in kind, never a hidden value.
    hint: str = ""


@dataclass
class SubmissionResult:
    """The mark for one learner's submission."""

    learner: str
    status: Status
    reason: str
    score: float
    max_score: float
    questions: list[QuestionResult]
    source_sha256: str
    seconds: float = 0.0
