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
from planlab.grading.checks import digest
from planlab.grading.marking import _public_part
from planlab.grading.model import DEFAULT_LIMITS, RunJob, RunLimits, Status
from planlab.grading.notebooks import grading_notebook
from planlab.grading.runner import run_jobs
from planlab.grading.spec import Exercise

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
    workers: int = 2,
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
            payload = result.answers.get(question.id, {})
            if "value" not in payload:
                problem = result.cell_errors.get(question.id) or payload.get("problem", "no answer")
                raise ExerciseError(f"{where} does not answer {question.id}: {problem}")
        answers[result.key] = result.answers
    return answers


def public_digests(exercise: Exercise, solution: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """Return the digests that public "matches the solution" checks compare against."""
    digests: dict[str, dict[str, str]] = {}
    for question in exercise.questions:
        for position, check in enumerate(question.public):
            if check["check"] != "matches_solution":
                continue
            value = _public_part(question, solution[question.id]["value"])
            found = digest(exercise.salt, question.kind, value, check)
            digests.setdefault(question.id, {})[str(position)] = found
    return digests
