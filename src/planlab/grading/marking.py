"""Marking: comparing a learner's plain answers with the solution's, in the grader's process.

Nothing here runs learner code or sees learner objects: answers arrive as plain
data from :mod:`planlab.grading.runner`. Each answer is judged against the
grader's answer key by :func:`planlab.grading.judge.judge` (the rule is in its
module docstring): points come from correctness, never from form alone. An answer
cell that stopped with an error scores 0 and says so in one plain sentence. A
reflective answer waits for its trainer's mark with no score, which is not 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from planlab.grading.explain import describe_error
from planlab.grading.judge import judge
from planlab.grading.kernel.answers import EXPECTED_FORM
from planlab.grading.model import AWAITING_MARK, NOT_WRITTEN, QuestionResult, RunResult, Status
from planlab.grading.notebooks import learner_reflection
from planlab.grading.spec import Exercise, Question

__all__ = ["AWAITING_MARK", "NOT_WRITTEN", "mark_question", "mark_reflection", "mark_run"]


def _zero(question: Question, message: str) -> QuestionResult:
    return QuestionResult(
        question.id, question.kind, question.points, 0.0, message, question.hint, question.title
    )


def expected_in_kind(question: Question) -> str:
    """Say what the answer should be, in kind and units, without any value."""
    units = f", in {question.units}" if question.units else ""
    return f"Expected: {EXPECTED_FORM[question.kind]}{units}."


def error_sentence(error: str, place: tuple[int, str] | None = None) -> str:
    """Turn ``"Name: message"`` from a run into one plain sentence with advice."""
    name, _, message = error.partition(": ")
    line, code = place if place else (None, "")
    return describe_error(name.strip() or "Error", message, line, code)


def mark_question(
    question: Question,
    payload: Any,
    key: Mapping[str, Any],
    error: str,
    salt: str,
    place: tuple[int, str] | None = None,
) -> QuestionResult:
    """Mark one auto-graded question.

    Parameters
    ----------
    question
        The question, as its author wrote it.
    payload
        What the learner's run produced for it: ``{"value": ...}``,
        ``{"problem": ...}``, or None when nothing came back.
    key
        The question's answer key for the learner's parameters, every input included
        (see :func:`planlab.grading.solution.answer_keys`).
    error
        The error the learner's answer cell raised, if any, as ``"Name: message"``.
    salt
        The exercise's salt.
    place
        The line of the answer cell where the error happened, and its code.

    Returns
    -------
    QuestionResult
        The score (points times the share the verdict earns) and what to tell the learner.
    """
    if error:
        message = f"Not marked: {error_sentence(error, place)}"
        return replace(_zero(question, message), hint=expected_in_kind(question))
    if not isinstance(payload, dict) or "value" not in payload:
        reason = payload.get("problem") if isinstance(payload, dict) else ""
        message = f"Not marked: {reason or 'no answer came back from your notebook'}."
        return replace(_zero(question, message), hint=expected_in_kind(question))
    verdict = judge(salt, question.id, dict(key), payload["value"])
    score = round(question.points * verdict.share, 2)
    message = " ".join([verdict.summary, *verdict.details])
    hint = " ".join([expected_in_kind(question), *verdict.hints]) if score < question.points else ""
    return QuestionResult(
        question.id, question.kind, question.points, score, message, hint, question.title
    )


def mark_reflection(question: Question, text: str) -> QuestionResult:
    """Record a reflective answer as waiting for the trainer's mark."""
    if not learner_reflection(text):
        return QuestionResult(
            question.id, question.kind, question.points, 0.0, NOT_WRITTEN, "", question.title
        )
    return QuestionResult(
        question.id, question.kind, question.points, None, AWAITING_MARK, "", question.title
    )


def mark_run(
    exercise: Exercise,
    run: RunResult,
    keys: Mapping[str, Mapping[str, Any]],
    reflections: Mapping[str, str],
) -> list[QuestionResult]:
    """Mark every question of one learner's run.

    A run that did not finish (timeout, crash, memory) still keeps the marks of
    the answers it produced before it stopped.
    """
    results = []
    for question in exercise.questions:
        if question.is_reflective:
            results.append(mark_reflection(question, reflections.get(question.id, "")))
            continue
        payload = run.answers.get(question.id)
        error = run.cell_errors.get(question.id, "")
        if payload is None and run.status is not Status.GRADED:
            results.append(_zero(question, f"Not marked: {run.reason}"))
            continue
        place = run.error_lines.get(question.id)
        results.append(
            mark_question(question, payload, keys[question.id], error, exercise.salt, place)
        )
    return results
