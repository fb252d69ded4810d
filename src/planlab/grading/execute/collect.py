"""Reading the answers out of a run notebook's outputs, checked to be plain data.

Runs in: the grader. Answers arrive as JSON in ``ANSWER_MIME`` outputs, written by
:func:`planlab.grading.kernel.answers.emit` in the kernel; nothing here unpickles or
evaluates them, and anything but JSON's own types is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from planlab.grading.execute.messages import (
    ANSWER_NESTED_TOO_DEEP,
    ANSWER_NOT_AN_OBJECT,
    ANSWER_NOT_PLAIN,
    ANSWER_WITHOUT_QUESTION,
    add_error,
    cell_key,
)
from planlab.grading.model import ANSWER_MAX_DEPTH, ANSWER_MIME

__all__ = ["AnswerShapeError", "collect_answers", "read_answer"]


class AnswerShapeError(ValueError):
    """An answer payload that is not plain JSON data of the expected shape."""


def collect_answers(
    notebook: Any, oversized: Mapping[int, list[str]]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Return the answers in the notebook's outputs, and problems with any, by cell key.

    Parameters
    ----------
    notebook
        The notebook as run, with its outputs.
    oversized
        Problems with answers dropped while the notebook ran, by cell index.

    Returns
    -------
    tuple[dict[str, Any], dict[str, str]]
        Each question's answer (a later answer replaces an earlier one), and each
        cell's answer problems as ``"AnswerError: ..."``.
    """
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for index, cell in enumerate(notebook.cells):
        key = cell_key(cell, index)
        for problem in oversized.get(index, []):
            add_error(errors, key, problem)
        for output in cell.get("outputs", []):
            data = output.get("data") if isinstance(output, dict) else None
            if not isinstance(data, dict) or ANSWER_MIME not in data:
                continue
            try:
                question, value = read_answer(data[ANSWER_MIME])
            except AnswerShapeError as problem:
                add_error(errors, key, f"AnswerError: {problem}")
            else:
                answers[question] = value
    return answers, errors


def read_answer(payload: Any) -> tuple[str, Any]:
    """Return ``(question, value)`` from an answer payload, checked to be plain data.

    Parameters
    ----------
    payload
        The JSON of one ``ANSWER_MIME`` output.

    Returns
    -------
    tuple[str, Any]
        The question id and a plain copy of the answer.

    Raises
    ------
    AnswerShapeError
        If the payload is not ``{"question": ..., "value": ...}``, or the value
        holds anything but JSON's own types or is nested too deep.
    """
    if not isinstance(payload, dict) or "value" not in payload:
        raise AnswerShapeError(ANSWER_NOT_AN_OBJECT)
    question = payload.get("question")
    if not isinstance(question, str) or not question.strip():
        raise AnswerShapeError(ANSWER_WITHOUT_QUESTION)
    return question, _plain(payload["value"], question, 0)


def _plain(value: Any, question: str, depth: int) -> Any:
    """Return a plain copy of ``value``, refusing anything but JSON's own types."""
    if depth > ANSWER_MAX_DEPTH:
        raise AnswerShapeError(ANSWER_NESTED_TOO_DEEP.format(question=question))
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [_plain(item, question, depth + 1) for item in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {k: _plain(item, question, depth + 1) for k, item in value.items()}
    raise AnswerShapeError(ANSWER_NOT_PLAIN.format(question=question, kind=type(value).__name__))
