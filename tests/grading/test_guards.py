"""Guards of the grader that a hostile or outdated file must not get past, tested without kernels.

An audit found that removing any of these guards left the suite green (issue 13,
"Tests that can fail"); each test here fails when its guard is removed. They use only
public functions, so they keep working when the grader's insides move between modules.
Guards that need a running kernel are tested in ``test_guards_kernels.py``.
"""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import pytest

from planlab.errors import GradebookFileError
from planlab.grading.gradebook import SCHEMA_VERSION, Gradebook
from planlab.grading.notebooks import learner_notebook
from planlab.grading.parameters import Parameter, with_values
from planlab.grading.roster import read_roster
from planlab.grading.spec import read_exercise
from tests.grading.cohort import SOLUTION

#: Python a cheat might put in a roster's header, hoping it reaches a notebook as code.
HOSTILE_COLUMN = "__import__('os').system('touch pwned')"
#: The same, hidden in a value: it closes the quotes, starts a line, and comments out the rest.
HOSTILE_TEXT = "LVL01'\nimport os; os.system('touch pwned')  #"


def _assignments(source: str) -> dict[str, object]:
    """Return what each line of a parameters cell assigns; fail if the cell does anything else."""
    tree = ast.parse(source)
    found: dict[str, object] = {}
    for node in tree.body:
        assert isinstance(node, ast.Assign), ast.dump(node)
        assert isinstance(node.value, ast.Constant), ast.dump(node.value)
        [target] = node.targets
        assert isinstance(target, ast.Name)
        found[target.id] = node.value.value
    return found


def _parameters_cell(notebook: object) -> str:
    cells = [c for c in notebook.cells if c.metadata.get("planlab", {}).get("role") == "parameters"]
    [cell] = cells
    return cell.source


def test_only_parameter_columns_of_a_roster_reach_a_learners_notebook(tmp_path: Path) -> None:
    """A column that is not one of the exercise's parameters is read, named, and never used.

    The example exercise has one parameter, ``bed_days`` (solutions/example-beds.ipynb).
    """
    exercise = read_exercise(SOLUTION)
    roster_path = tmp_path / "roster.csv"
    roster_path.write_text(
        f'learner,bed_days,"{HOSTILE_COLUMN}"\namina,20000,1\n', encoding="utf-8"
    )
    roster = read_roster(roster_path, exercise.parameters)
    assert roster.parameters("amina") == {"bed_days": 20000}
    assert roster.ignored == [HOSTILE_COLUMN]
    notebook = learner_notebook(exercise, {}, roster.parameters("amina"))
    assert all(HOSTILE_COLUMN not in cell.source for cell in notebook.cells)
    assert _assignments(_parameters_cell(notebook)) == {"bed_days": 20000}


def test_a_roster_value_that_is_not_its_parameters_type_is_refused(tmp_path: Path) -> None:
    """A whole-number parameter takes only a whole number, so no text reaches the cell."""
    exercise = read_exercise(SOLUTION)
    roster_path = tmp_path / "roster.csv"
    roster_path.write_text('learner,bed_days\namina,"20000; import os"\n', encoding="utf-8")
    with pytest.raises(Exception, match="line 2, bed_days") as caught:
        read_roster(roster_path, exercise.parameters)
    assert "nothing was written" in str(caught.value)


def test_a_text_parameter_is_written_as_text_never_as_code() -> None:
    """A value that tries to end its quotes and start a new line stays one string literal."""
    source = 'locality = "LVL01"  # the locality you are profiling'
    written = with_values(source, {"locality": HOSTILE_TEXT})
    assert _assignments(written) == {"locality": HOSTILE_TEXT}
    assert written.endswith("# the locality you are profiling")


def test_a_roster_with_an_unlisted_parameter_value_is_refused(tmp_path: Path) -> None:
    """A text parameter with a list of values takes only those (and so no code at all)."""
    place = Parameter("locality", "LVL01", one_of=("LVL01", "LVL02"))
    roster_path = tmp_path / "roster.csv"
    roster_path.write_text(f"learner,locality\namina,{HOSTILE_TEXT.splitlines()[0]}\n", "utf-8")
    with pytest.raises(Exception, match="is not one of LVL01, LVL02"):
        read_roster(roster_path, (place,))


def test_a_gradebook_from_a_newer_planlab_is_refused_and_left_alone(tmp_path: Path) -> None:
    """Opening a newer gradebook would rewrite its version and lose what it records."""
    path = tmp_path / "gradebook.sqlite"
    with Gradebook(path):
        pass
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    with pytest.raises(GradebookFileError, match="made by a newer version of planlab"):
        Gradebook(path)
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    finally:
        connection.close()


def test_a_gradebook_of_this_version_opens(tmp_path: Path) -> None:
    """The control for the test above: the version this planlab writes is accepted."""
    path = tmp_path / "gradebook.sqlite"
    with Gradebook(path):
        pass
    with Gradebook(path) as book:
        assert book.path == path
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        connection.close()
