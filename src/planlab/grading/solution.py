"""Running an exercise's solution to get its expected answers.

Expected answers are never typed in by hand: they come from running the
solution notebook, with the same parameters the learner was given, through the
same extraction as the learner's own notebook.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from planlab.errors import ExerciseError
from planlab.grading.judge import answer_key
from planlab.grading.model import DEFAULT_LIMITS, DEFAULT_WORKERS, RunJob, RunLimits, Status
from planlab.grading.notebooks import grading_notebook
from planlab.grading.runner import run_jobs
from planlab.grading.spec import Exercise, Question

__all__ = [
    "answer_keys",
    "exercise_files",
    "parameters_key",
    "public_part",
    "run_solution",
]

Parameters = Mapping[str, Any] | None


def parameters_key(parameters: Parameters) -> str:
    """Return a stable text key for a set of parameters (``"{}"`` for the defaults)."""
    return json.dumps(dict(parameters or {}), sort_keys=True)


def exercise_files(exercise: Exercise) -> dict[str, Path]:
    """Return the data files an exercise's runs need, keyed by their relative path."""
    base = exercise.path.parent
    return {name: (base / name).resolve() for name in exercise.files}


def run_solution(
    exercise: Exercise,
    parameter_sets: Iterable[Parameters] = (None,),
    *,
    workers: int = DEFAULT_WORKERS,
    limits: RunLimits = DEFAULT_LIMITS,
    progress: bool = False,
) -> dict[str, dict[str, Any]]:
    """Run the solution once for each distinct set of parameters.

    Returns
    -------
    dict
        For each ``parameters_key``, the solution's answer to each question.

    Raises
    ------
    ExerciseError
        If the solution itself fails, times out or does not answer a question:
        that is a fault in the exercise, not in any learner's work.
    """
    unique = {parameters_key(p): p for p in parameter_sets}
    jobs = [
        RunJob(key, grading_notebook(exercise, None, params), exercise_files(exercise))
        for key, params in unique.items()
    ]
    answers: dict[str, dict[str, Any]] = {}
    for result in run_jobs(
        jobs, workers=workers, limits=limits, progress=progress, description="Running the solution"
    ):
        where = f"the solution {exercise.path.name} with parameters {result.key}"
        if result.status is not Status.GRADED:
            raise ExerciseError(f"{where} did not finish: {result.reason}")
        for question in exercise.questions:
            if question.is_reflective:
                continue
            for key in (question.id, *(mistake.key for mistake in question.mistakes)):
                payload = result.answers.get(key, {})
                if "value" not in payload:
                    problem = result.cell_errors.get(key) or payload.get("problem", "no answer")
                    raise ExerciseError(f"{where} does not answer {key}: {problem}")
        answers[result.key] = result.answers
    return answers


def public_part(question: Question, value: Any) -> Any:
    """For a function, keep only the results of the public example calls."""
    if question.kind != "function":
        return value
    kept = len(question.calls)
    return {"calls": value["calls"][:kept], "results": value["results"][:kept]}


def answer_keys(
    exercise: Exercise, solution: Mapping[str, Any], *, public: bool
) -> dict[str, dict[str, Any]]:
    """Build every auto-graded question's answer key from one run of the solution.

    Parameters
    ----------
    exercise
        The exercise.
    solution
        The solution's answers for one set of parameters (from :func:`run_solution`).
    public
        True for the key written into a learner's notebook (example inputs only);
        False for the grader's key (every input).

    Raises
    ------
    ExerciseError
        If a named mistake gives the right answer: it could never be recognised.
    """
    keys: dict[str, dict[str, Any]] = {}
    for question in exercise.questions:
        if question.is_reflective:
            continue

        def plain(answer_id: str, q: Question = question) -> Any:
            value = solution[answer_id]["value"]
            return public_part(q, value) if public else value

        key = answer_key(
            exercise.salt,
            question.id,
            question.kind,
            plain(question.id),
            compare=question.compare,
            parts=question.parts,
            form=question.form,
            hint=question.hint,
            mistakes=[(plain(m.key), m.message, m.credit) for m in question.mistakes],
            public_calls=len(question.calls),
        )
        for mistake, entry in zip(question.mistakes, key["mistakes"], strict=True):
            if entry["digest"] == key["right"] and not public:
                raise ExerciseError(
                    f"{exercise.path.name}: the mistake {mistake.answer!r} of {question.id} gives "
                    "the right answer, so it could never be recognised; change its code"
                )
        keys[question.id] = key
    return keys
