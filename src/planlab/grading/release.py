"""``planlab release``: one notebook per learner, each with that learner's own parameters."""

from __future__ import annotations

from pathlib import Path

from planlab.grading.assign import notebook_text
from planlab.grading.notebooks import learner_notebook
from planlab.grading.roster import read_roster
from planlab.grading.solution import answer_keys, parameters_key, run_solution
from planlab.grading.spec import read_exercise


def release(exercise_path: Path, roster_path: Path, out: Path, workers: int = 2) -> list[Path]:
    """Write ``out/<learner>.ipynb`` for every learner on the roster.

    The solution is run once for each distinct set of parameters, so that each
    learner's self-checks compare against their own expected answers.

    Returns
    -------
    list of Path
        The notebooks written, in roster order.
    """
    exercise = read_exercise(exercise_path)
    roster = read_roster(roster_path)
    solutions = run_solution(exercise, roster.values(), workers=workers, progress=True)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for learner, parameters in roster.items():
        solution = solutions[parameters_key(parameters)]
        notebook = learner_notebook(
            exercise, answer_keys(exercise, solution, public=True), parameters
        )
        notebook.metadata["planlab"]["learner"] = learner
        target = out / f"{learner}.ipynb"
        target.write_text(notebook_text(notebook), encoding="utf-8")
        written.append(target)
    return written
