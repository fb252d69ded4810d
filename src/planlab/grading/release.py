"""``planlab release``: one notebook per learner, each with that learner's own parameters."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from planlab.grading.assign import notebook_text
from planlab.grading.model import DEFAULT_WORKERS
from planlab.grading.notebooks import learner_notebook
from planlab.grading.roster import read_roster
from planlab.grading.solution import answer_keys, parameters_key, run_solution
from planlab.grading.spec import read_exercise

__all__ = ["SUMMATIVE_NOTE", "Released", "form_only", "release", "with_summative_note"]

#: Put under the title of a summative notebook, whose introduction says that ``check``
#: shows whether an answer's value is right: in assessed work it looks at form only.
SUMMATIVE_NOTE = (
    "**This is assessed work.** In this notebook `check(...)` looks only at the form of each "
    "answer: a number in a plausible range, the columns and rows asked for, a function that "
    "runs, a chart with a title and axis labels. It does not say whether the values are right; "
    "your trainer's grading does."
)


@dataclass
class Released:
    """What ``planlab release`` wrote, and what the trainer should know."""

    written: list[Path]
    notes: list[str] = field(default_factory=list)


def form_only(keys: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Strip answer keys to what a summative exercise's self-check may know: form only.

    With no hash of the expected answer in the notebook, looping ``check`` over
    guesses tells a learner nothing about the answer.
    """
    kept = ("kind", "form", "hint")
    return {question: {k: v for k, v in key.items() if k in kept} for question, key in keys.items()}


def with_summative_note(notebook: Any, exercise_id: str) -> Any:
    """Insert :data:`SUMMATIVE_NOTE` after the notebook's opening Markdown (its title)."""
    note = nbformat.v4.new_markdown_cell(SUMMATIVE_NOTE)  # type: ignore[no-untyped-call]
    note.id = f"{exercise_id}-summative"[:64]
    first = notebook.cells[0] if notebook.cells else None
    notebook.cells.insert(1 if first is not None and first.cell_type == "markdown" else 0, note)
    return notebook


def release(
    exercise_path: Path,
    roster_path: Path,
    out: Path,
    workers: int = DEFAULT_WORKERS,
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
            notebook = with_summative_note(notebook, exercise.id)
        target = out / f"{learner}.ipynb"
        target.write_text(notebook_text(notebook), encoding="utf-8")
        written.append(target)
    return Released(written, roster.notes())
