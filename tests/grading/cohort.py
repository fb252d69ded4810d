"""A fixture cohort: real submissions to the example exercise, correct, broken and hostile.

Each builder takes the exercise's own notebooks (the solution, or the generated
learner copy) and changes them the way a learner, or a cheat, would.
"""

from __future__ import annotations

import copy
import zipfile
from collections.abc import Callable
from pathlib import Path

import nbformat

from tests.conftest import REPO

SOLUTION = REPO / "solutions" / "example-beds.ipynb"
EXERCISE = REPO / "exercises" / "example-beds.ipynb"

CHEAT = """
import builtins, math
import numpy as np
import pandas as pd

class AlwaysEqual(float):
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    __hash__ = float.__hash__

builtins.abs = lambda value: 0
builtins.round = lambda value, *args: value
np.allclose = lambda *args, **kwargs: True
np.isclose = lambda *args, **kwargs: True
np.testing.assert_allclose = lambda *args, **kwargs: None
pd.DataFrame.equals = lambda self, other: True
pd.testing.assert_frame_equal = lambda *args, **kwargs: None
math.isclose = lambda *args, **kwargs: True
average_occupied = AlwaysEqual(0)
beds_85 = AlwaysEqual(0.5)
"""


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _answer_cell(notebook: nbformat.NotebookNode, question: str) -> nbformat.NotebookNode:
    for cell in notebook.cells:
        if cell.metadata.get("planlab", {}).get("question") == question:
            return cell
    raise KeyError(question)


def _answered(changes: dict[str, str], base: Path = EXERCISE) -> nbformat.NotebookNode:
    notebook = _read(base)
    for question, source in changes.items():
        _answer_cell(notebook, question).source = source
    return notebook


PLAIN_PYTHON = {
    "q1": "average_occupied = bed_days / 365",
    "q2": "beds_85 = -(-bed_days // (365 * 0.85))",
    "q3": "beds_by_target = {'TargetOccupancy': [0.9, 0.85, 0.8],\n"
    "                  'BedsNeeded': [math.ceil(bed_days / (365 * t)) for t in (0.9, 0.85, 0.8)]}",
    "q4": "def beds_for(bed_days, occupancy):\n    whole = bed_days // (365 * occupancy)\n"
    "    return int(whole) + (1 if bed_days % (365 * occupancy) > 1e-9 else 0)",
    "q5": "fig = plt.figure()\nplt.plot([75, 80, 85, 90, 95], "
    "[beds_for(bed_days, t / 100) for t in [75, 80, 85, 90, 95]])\n"
    "plt.title('Beds by occupancy')\nplt.xlabel('Occupancy (%)')\nplt.ylabel('Beds')",
}


def correct() -> nbformat.NotebookNode:
    """The solution itself, submitted as if it were a learner's."""
    return _read(SOLUTION)


def blank() -> nbformat.NotebookNode:
    """The learner's notebook, untouched."""
    return _read(EXERCISE)


def plain_python() -> nbformat.NotebookNode:
    """Right answers written without pandas or math.ceil."""
    notebook = _answered(PLAIN_PYTHON)
    reflection = _answer_cell(notebook, "q6")
    reflection.source = "Plan for about 85%: at 95% there are many nights with no free bed."
    return notebook


def partly_wrong() -> nbformat.NotebookNode:
    """q1 right; q2 not rounded up; q3 wrong occupancies; q4 rounds down; q5 has no labels."""
    return _answered(
        {
            "q1": "average_occupied = bed_days / 365",
            "q2": "beds_85 = bed_days / (365 * 0.85)",
            "q3": "beds_by_target = pd.DataFrame({'TargetOccupancy': [0.7, 0.75, 0.8], "
            "'BedsNeeded': [1, 2, 3]})",
            "q4": "def beds_for(bed_days, occupancy):\n"
            "    return int(bed_days / (365 * occupancy))",
            "q5": "fig, ax = plt.subplots()\nax.plot([1, 2], [3, 4])",
        }
    )


def infinite_loop() -> nbformat.NotebookNode:
    """q1 answered, then q2 never finishes."""
    return _answered({"q1": "average_occupied = bed_days / 365", "q2": "while True:\n    pass"})


def raises() -> nbformat.NotebookNode:
    """q3 raises; every other answer is right."""
    changes = dict(PLAIN_PYTHON)
    changes["q3"] = "beds_by_target = 1 / 0"
    return _answered(changes)


def exits() -> nbformat.NotebookNode:
    """The kernel is made to exit in q2."""
    return _answered({"q1": "average_occupied = bed_days / 365", "q2": "import os\nos._exit(3)"})


def memory_hog() -> nbformat.NotebookNode:
    """q1 asks for far more memory than the cap allows."""
    return _answered({"q1": "hog = bytearray(8 * 1024 ** 3)\naverage_occupied = 1"})


def output_flood() -> nbformat.NotebookNode:
    """q1 prints without end."""
    return _answered({"q1": "while True:\n    print('x' * 10_000)"})


def cheat() -> nbformat.NotebookNode:
    """Patches builtins, numpy and pandas, and answers with always-equal objects."""
    return _answered(
        {
            "q1": CHEAT,
            "q3": "beds_by_target = AlwaysEqual(0)",
            "q4": "beds_for = lambda *args: AlwaysEqual(0)",
        }
    )


def deleted_and_reordered() -> nbformat.NotebookNode:
    """The solution with every shared cell deleted and the answers in reverse order."""
    notebook = _read(SOLUTION)
    answers = [c for c in notebook.cells if c.metadata.get("planlab", {}).get("question")]
    notebook.cells = list(reversed(answers))
    return notebook


NOTEBOOKS: dict[str, Callable[[], nbformat.NotebookNode]] = {
    "correct": correct,
    "blank": blank,
    "plain": plain_python,
    "partly": partly_wrong,
    "loop": infinite_loop,
    "raises": raises,
    "exits": exits,
    "hog": memory_hog,
    "flood": output_flood,
    "cheat": cheat,
    "shuffled": deleted_and_reordered,
}


def write_cohort(folder: Path) -> list[Path]:
    """Write the whole cohort into ``folder``; return what to pass to ``planlab grade``."""
    folder.mkdir(parents=True, exist_ok=True)
    for learner, build in NOTEBOOKS.items():
        nbformat.write(build(), folder / f"{learner}.ipynb")
    (folder / "badjson.ipynb").write_text('{"cells": [', encoding="utf-8")
    (folder / "latin1.ipynb").write_bytes('{"cells": "caf\u00e9"}'.encode("latin-1"))
    archive = folder.parent / "platform-download.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("week1/zipped.ipynb", nbformat.writes(copy.deepcopy(correct())))
        zipped.writestr("../escaped.ipynb", nbformat.writes(correct()))
    return [folder, archive]
