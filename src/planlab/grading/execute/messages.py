"""Every sentence a learner or a trainer reads about how a notebook ran.

Runs in: the grader. The reasons end up in :attr:`planlab.grading.model.RunResult.reason`
and ``cell_errors``, and from there in the feedback pages and the gradebook, so
they are written for a learner: what happened, where, and what to do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from planlab.grading.model import ANSWER_MAX_BYTES, ANSWER_MAX_DEPTH, ERROR_MAX_CHARS
from planlab.grading.spec import cell_question

__all__ = [
    "ANSWER_NESTED_TOO_DEEP",
    "ANSWER_NOT_AN_OBJECT",
    "ANSWER_NOT_PLAIN",
    "ANSWER_OVER_BUDGET",
    "ANSWER_TOO_LARGE",
    "ANSWER_WITHOUT_QUESTION",
    "CELL_TIMEOUT_REASON",
    "COPY_FAILED_REASON",
    "CRASHED_REASON",
    "GRADER_FAULT_REASON",
    "MALFORMED_REASON",
    "MEMORY_REASON",
    "NOTEBOOK_TIMEOUT_REASON",
    "add_error",
    "cell_key",
    "cell_label",
    "merge_errors",
    "question_name",
    "short",
]

#: A cell ran beyond the cell limit.
CELL_TIMEOUT_REASON = (
    "Cell {cell} ran for more than {seconds:g} s and was stopped. "
    "Look for a loop that never ends, or work on less data."
)
#: The notebook ran beyond the whole-notebook limit.
NOTEBOOK_TIMEOUT_REASON = (
    "The notebook ran for more than {seconds:g} s in all and was stopped in cell {cell}. "
    "Look for a loop that never ends, and make the slowest cells faster."
)
#: A cell needed more memory than the cap.
MEMORY_REASON = (
    "Cell {cell} needed more than the {memory_mb} MB of memory allowed and was stopped. "
    "Work on a smaller part of the data, or delete large objects you no longer need (del name)."
)
#: The kernel died for another reason than memory.
CRASHED_REASON = (
    "The Python kernel stopped during cell {cell}, for example through exit(), os._exit() or "
    "a crash inside a library, so the cells after it were not run. Run the notebook from the top "
    "(Restart & Run All) to see where it stops."
)
#: The grader itself failed: not the learner's fault.
GRADER_FAULT_REASON = (
    "The grader failed while running this notebook ({detail}). This is not the learner's "
    "fault: run it again, and report it to the course team if it happens again."
)
#: The notebook's data could not be run.
MALFORMED_REASON = (
    "The notebook is not a valid Jupyter notebook ({detail}), so it was not run. "
    "Open it in Jupyter, save it again, and resubmit it."
)
#: A data file could not be copied in.
COPY_FAILED_REASON = "A file for this notebook could not be copied ({error}), so it was not run."

#: Answer problems, each kept in ``cell_errors`` after ``"AnswerError: "``.
ANSWER_TOO_LARGE = (
    f"{{answer}} is larger than {ANSWER_MAX_BYTES // 1_000_000} MB and was ignored; "
    "return a smaller value."
)
#: An answer came after the answers' budget was spent.
ANSWER_OVER_BUDGET = "{answer} came after too many answers and was ignored."
#: An answer output that is not ``{question, value}``.
ANSWER_NOT_AN_OBJECT = "an answer must be a JSON object with 'question' and 'value'"
#: An answer that names no question.
ANSWER_WITHOUT_QUESTION = "an answer's 'question' must be a non-empty text id"
#: An answer nested too deep.
ANSWER_NESTED_TOO_DEEP = (
    f"the answer to {{question!r}} is nested more than {ANSWER_MAX_DEPTH} levels deep"
)
#: An answer holding something other than plain data.
ANSWER_NOT_PLAIN = "the answer to {question!r} holds a {kind}, which is not plain data"


def short(text: str) -> str:
    """Put ``text`` on one line and shorten it to ``ERROR_MAX_CHARS`` characters.

    Parameters
    ----------
    text
        An error message or log, perhaps over several lines.

    Returns
    -------
    str
        The text with its white space collapsed, ending in "…" if it was cut.
    """
    text = " ".join(str(text).split())
    return text if len(text) <= ERROR_MAX_CHARS else text[: ERROR_MAX_CHARS - 1] + "…"


def question_name(payload: Any) -> str:
    """Name the question an answer payload is for, for an error message.

    Parameters
    ----------
    payload
        An answer as it left the kernel, of any shape.

    Returns
    -------
    str
        ``"the answer to 'q1'"``, or ``"an answer"`` when it names no question.
    """
    question = payload.get("question") if isinstance(payload, dict) else None
    return f"the answer to {question!r}" if isinstance(question, str) else "an answer"


def cell_key(cell: Any, index: int) -> str:
    """Return the cell's question id, or ``"cell N"`` counting every cell from 1.

    Parameters
    ----------
    cell
        A notebook cell; its metadata may have been edited into any shape.
    index
        The cell's position in the notebook, from 0.

    Returns
    -------
    str
        The key under which the cell's errors are kept.
    """
    question = cell_question(cell)
    return question if question.strip() else f"cell {index + 1}"


def cell_label(cell: Any, index: int) -> str:
    """Return how a reason names a cell: ``'q3'`` for a question, else its number.

    Parameters
    ----------
    cell
        A notebook cell.
    index
        The cell's position in the notebook, from 0.

    Returns
    -------
    str
        The question id in quotes, or the cell's number counting from 1.
    """
    key = cell_key(cell, index)
    return str(index + 1) if key == f"cell {index + 1}" else repr(key)


def add_error(errors: dict[str, str], key: str, message: str) -> None:
    """Record ``message`` for ``key``, after any message already there.

    Parameters
    ----------
    errors
        Messages by cell key, changed in place.
    key
        The cell's key (see :func:`cell_key`).
    message
        The message to add.
    """
    errors[key] = f"{errors[key]}; {message}" if key in errors else message


def merge_errors(*groups: Mapping[str, str]) -> dict[str, str]:
    """Merge error dictionaries, keeping every message.

    Parameters
    ----------
    *groups
        Messages by cell key.

    Returns
    -------
    dict[str, str]
        One message per key, the messages of a key joined with "; ".
    """
    merged: dict[str, str] = {}
    for group in groups:
        for key, message in group.items():
            add_error(merged, key, message)
    return merged
