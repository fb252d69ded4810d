"""``planlab assign``: generating the learner notebooks in ``exercises/`` from ``solutions/``.

Each exercise is written once, as its solution. The learner's copy is always
made from it, never edited by hand, and ``check_assigned`` tells when the two
have drifted apart (the test suite runs it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nbformat

from planlab.grading.model import DEFAULT_WORKERS
from planlab.grading.notebooks import learner_notebook
from planlab.grading.solution import answer_keys, parameters_key, run_solution
from planlab.grading.spec import Exercise, read_exercise

__all__ = [
    "AssignedFile",
    "assign",
    "learner_text",
    "notebook_text",
    "solution_notebooks",
]


@dataclass(frozen=True)
class AssignedFile:
    """One learner notebook and whether it matches its solution."""

    path: Path
    state: str  # "up to date", "written", "out of date", "missing" or "no solution"


def notebook_text(notebook: object) -> str:
    """Serialise a notebook exactly as ``planlab assign`` writes it."""
    text: str = nbformat.writes(notebook)  # type: ignore[no-untyped-call]
    return text + "\n"


def learner_text(exercise: Exercise, workers: int = DEFAULT_WORKERS) -> str:
    """Return the learner notebook of ``exercise`` for the default parameters, as text."""
    solution = run_solution(exercise, workers=workers)[parameters_key(None)]
    return notebook_text(learner_notebook(exercise, answer_keys(exercise, solution, public=True)))


def solution_notebooks(solutions: Path) -> list[Path]:
    """Return the exercise notebooks in ``solutions`` (those with planlab metadata)."""
    found = []
    for path in sorted(solutions.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
        if "exercise" in notebook.metadata.get("planlab", {}):
            found.append(path)
    return found


def assign(solutions: Path, exercises: Path, *, check: bool = False) -> list[AssignedFile]:
    """Generate (or, with ``check``, only compare) every learner notebook.

    Parameters
    ----------
    solutions
        The folder of solution notebooks.
    exercises
        The folder of learner notebooks.
    check
        Only report; write nothing.

    Returns
    -------
    list of AssignedFile
        One entry per learner notebook, plus any learner notebook left with no
        solution.
    """
    report = []
    expected = set()
    for source in solution_notebooks(solutions):
        target = exercises / source.name
        expected.add(target.name)
        text = learner_text(read_exercise(source))
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current == text:
            report.append(AssignedFile(target, "up to date"))
        elif check:
            report.append(AssignedFile(target, "missing" if current is None else "out of date"))
        else:
            exercises.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            report.append(AssignedFile(target, "written"))
    for orphan in sorted(exercises.glob("*.ipynb")):
        if orphan.name not in expected:
            report.append(AssignedFile(orphan, "no solution"))
    return report
