"""Marking: comparing a learner's plain answers with the solution's, in the grader's process.

Nothing here runs learner code or sees learner objects: answers arrive as plain
data from :mod:`planlab.grading.runner`. Each question earns its points in
proportion to the checks it passes, public and hidden alike. Messages say which
check failed and give the author's hint, but never a hidden expected value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from planlab.grading.checks import CheckOutcome, matches, run_form_check
from planlab.grading.model import QuestionResult, RunResult, Status
from planlab.grading.notebooks import REFLECTION_PLACEHOLDER
from planlab.grading.spec import Exercise, Question

AWAITING_MARK = "Awaiting your trainer's mark against the rubric."
NOT_WRITTEN = "No answer was written."


def _public_part(question: Question, value: Any) -> Any:
    """For a function, keep only the results of the public calls."""
    if question.kind != "function":
        return value
    kept = len(question.calls)
    return {"calls": value["calls"][:kept], "results": value["results"][:kept]}


def _run_check(
    question: Question, check: dict[str, Any], value: Any, solution: Any, public: bool
) -> CheckOutcome:
    if check["check"] != "matches_solution":
        return run_form_check(question.kind, value, check)
    if public:
        value, solution = _public_part(question, value), _public_part(question, solution)
    return matches(question.kind, value, solution, check)


def _zero(question: Question, message: str) -> QuestionResult:
    return QuestionResult(question.id, question.kind, question.points, 0.0, message, question.hint)


def mark_question(question: Question, payload: Any, solution: Any, error: str) -> QuestionResult:
    """Mark one auto-graded question.

    Parameters
    ----------
    question
        The question, as its author wrote it.
    payload
        What the learner's run produced for it: ``{"value": ...}``,
        ``{"problem": ...}``, or None when nothing came back.
    solution
        What the solution's run produced for it, for the same parameters.
    error
        The error the learner's answer cell raised, if any.

    Returns
    -------
    QuestionResult
        The score and a message saying which checks failed.
    """
    if not isinstance(payload, dict) or "value" not in payload:
        reason = payload.get("problem") if isinstance(payload, dict) else ""
        if error:
            reason = f"your answer cell stopped with {error}"
        return _zero(question, f"Not marked: {reason or 'no answer came back from your notebook'}.")
    value, expected = payload["value"], solution["value"]
    outcomes = [_run_check(question, c, value, expected, True) for c in question.public]
    outcomes += [_run_check(question, c, value, expected, False) for c in question.hidden]
    passed = sum(outcome.passed for outcome in outcomes)
    score = round(question.points * passed / len(outcomes), 2) if outcomes else question.points
    failed = [f"your answer {outcome.message}" for outcome in outcomes if not outcome.passed]
    message = "; ".join(failed) if failed else f"All {len(outcomes)} checks passed."
    if failed:
        message = f"{passed} of {len(outcomes)} checks passed: {message}."
    return QuestionResult(
        question.id, question.kind, question.points, score, message, question.hint
    )


def mark_reflection(question: Question, text: str) -> QuestionResult:
    """Record a reflective answer as waiting for the trainer's mark."""
    written = text.strip() and not text.strip().startswith(REFLECTION_PLACEHOLDER)
    message = AWAITING_MARK if written else NOT_WRITTEN
    return QuestionResult(question.id, question.kind, question.points, 0.0, message, "")


def mark_run(
    exercise: Exercise,
    run: RunResult,
    solution: Mapping[str, Any],
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
        results.append(mark_question(question, payload, solution[question.id], error))
    return results
