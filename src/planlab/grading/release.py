"""``planlab release``: one notebook per learner, each with that learner's own parameters."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from planlab.grading.assign import notebook_text
from planlab.grading.notebooks import learner_notebook
from planlab.grading.roster import read_roster
from planlab.grading.solution import answer_keys, parameters_key, run_solution
from planlab.grading.spec import read_exercise

__all__ = ["Released", "form_only", "release"]


@dataclass
class Released:
    """What ``planlab release`` wrote, and what the trainer should know."""

    written: list[Path]
    notes: list[str] = field(default_factory=list)


def form_only(keys: dict[str, dict]) -> dict[str, dict]:
    """Strip answer keys to what a summative exercise's self-check may know: form only.

    With no hash of the expected answer in the notebook, looping ``check`` over
    guesses tells a learner nothing about the answer.
    """
    kept = ("kind", "form", "hint")
    return {question: {k: v for k, v in key.items() if k in kept} for question, key in keys.items()}


def release(
    exercise_path: Path,
    roster_path: Path,
    out: Path,
    workers: int = 2,
    *,
    summative: bool = False,
) -> Released:
    """Write ``out/<learner>.ipynb`` for every learner on the roster.

    The roster is checked against the exercise's parameters before anything is
    written. The solution is run once for each distinct set of parameters, so that
    each learner's self-checks compare against their own expected answers; in a
    summative release the self-check reports form only, and says so.

    Returns
    -------
    Released
        The notebooks written, in roster order, and notes on the roster.
    """
    exercise = read_exercise(exercise_path)
    roster = read_roster(roster_path, exercise.parameters)
    everyone = [roster.parameters(learner) for learner in roster.entries]
    solutions = run_solution(exercise, everyone, workers=workers, progress=True)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for learner in roster.entries:
        parameters = roster.parameters(learner)
        keys = answer_keys(exercise, solutions[parameters_key(parameters)], public=True)
        notebook = learner_notebook(exercise, form_only(keys) if summative else keys, parameters)
        notebook.metadata["planlab"]["learner"] = learner
        if summative:
            notebook.metadata["planlab"]["summative"] = True
        target = out / f"{learner}.ipynb"
        target.write_text(notebook_text(notebook), encoding="utf-8")
        written.append(target)
    return Released(written, roster.notes())
