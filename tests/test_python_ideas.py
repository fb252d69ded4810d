"""Python is learned in small steps: no exercise asks for an idea before a box teaches it.

Each module's *Python for planners* box is drawn from ``book/python-ideas.yml``; these
tests read every solution's answers with ``ast`` and fail when one needs an idea (a
function, a loop, a slice, ``&`` on masks, ``np.abs``...) that no box up to its module
teaches beside its spreadsheet equivalent.
"""

from __future__ import annotations

import ast
import re

import pytest

from planlab.grading.assign import solution_notebooks
from planlab.grading.spec import Exercise, cell_question, cell_role, read_exercise
from planlab.python_ideas import ideas_used, read_ideas, taught_by, untaught
from tests.conftest import REPO

IDEAS = read_ideas(REPO / "book" / "python-ideas.yml")
EXERCISES = [read_exercise(path) for path in solution_notebooks(REPO / "solutions")]
SOLUTION = re.compile(r"# BEGIN SOLUTION\n(.*?)# END SOLUTION", flags=re.DOTALL)


def given_names(exercise: Exercise) -> set[str]:
    """Names the exercise hands the learner: the course's helpers and their own functions."""
    names: set[str] = set()
    for cell in exercise.notebook.cells:
        if cell.cell_type != "code" or cell_role(cell) in ("mistake", "hidden"):
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("planlab"):
                names |= {alias.asname or alias.name for alias in node.names}
            elif isinstance(node, ast.FunctionDef):
                names.add(node.name)
    return names


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_every_idea_an_answer_needs_is_taught_by_then(exercise: Exercise) -> None:
    taught = taught_by(IDEAS, exercise.id)
    given = given_names(exercise)
    problems = []
    for cell in exercise.notebook.cells:
        if cell_role(cell) != "answer":
            continue
        for block in SOLUTION.findall(cell.source):
            for token, line in untaught(ideas_used(block, given), taught).items():
                problems.append(f"{cell_question(cell)}, line {line}: {token}")
    assert not problems, f"{exercise.id} asks for ideas no box teaches by then: {problems}"


def test_the_modules_are_in_the_curriculum_s_order() -> None:
    order = [module.module for module in IDEAS]
    assert order == sorted(order, key=float)
    listed = [name for module in IDEAS for name in module.exercises]
    assert len(listed) == len(set(listed))


@pytest.mark.parametrize("module", IDEAS, ids=lambda m: m.module)
def test_each_example_uses_only_what_has_been_taught(module) -> None:
    taught: set[str] = set()
    for earlier in IDEAS[: IDEAS.index(module) + 1]:
        taught |= {token for idea in earlier.ideas for token in idea.uses}
    for idea in module.ideas:
        used = ideas_used(idea.python)
        assert set(idea.uses) <= taught
        assert not untaught(used, taught), (idea.idea, untaught(used, taught))


def test_the_check_finds_what_a_planner_new_to_python_would_trip_on() -> None:
    code = (
        "def mase(a, f, t):\n"
        "    t = np.asarray(t)\n"
        "    return np.mean(np.abs(a - f)) / np.mean(np.abs(t[12:] - t[:-12]))\n"
        "normal = train[~pandemic & (train > 0)]\n"
        "total = 0\n"
        "for value in [1, 2]:\n"
        "    total += value\n"
        "rows = table.loc[table['Year'] == 2024].reset_index()\n"
    )
    used = ideas_used(code)
    for token in ("def", "slice", "mask-logic", "call:np.abs", "for", "loc", "method:reset_index"):
        assert token in used, token
    assert used["for"] == 6
    # What the exercise hands over needs no teaching: here, its own function.
    assert "call:mase" not in ideas_used("x = mase([1], [2], [3])", given={"mase"})
    assert "call:mase" in ideas_used("x = mase([1], [2], [3])")


@pytest.mark.parametrize("module", IDEAS, ids=lambda m: m.module)
def test_each_module_s_chapter_shows_its_ideas(module) -> None:
    chapter = (REPO / "book" / f"{module.chapter}.md").read_text(encoding="utf-8")
    assert f"```{{python-ideas}} {module.chapter}\n```" in chapter
