"""Authoring: reading a solution notebook, stripping solutions, building the learner's copy."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path

import nbformat
import pytest

from planlab.errors import ExerciseError
from planlab.grading.notebooks import (
    YOUR_ANSWER,
    grading_notebook,
    learner_notebook,
    strip_solution,
)
from planlab.grading.solution import answer_keys, parameters_key, run_solution
from planlab.grading.spec import cell_role, read_exercise
from tests.conftest import REPO

EXAMPLE = REPO / "solutions" / "example-beds.ipynb"


def test_the_example_exercise_reads_with_all_its_questions() -> None:
    exercise = read_exercise(EXAMPLE)
    kinds = {q.id: q.kind for q in exercise.questions}
    assert kinds == {
        "q1": "number",
        "q2": "number",
        "q3": "table",
        "q4": "function",
        "q5": "chart",
        "q6": "reflection",
    }
    assert exercise.max_score == 12


def test_strip_solution_keeps_code_outside_the_markers() -> None:
    source = "import math\n# BEGIN SOLUTION\nx = 97\ny = 2\n# END SOLUTION\nprint(x)"
    assert strip_solution(source, "x = ...") == f"import math\n{YOUR_ANSWER}\nx = ...\nprint(x)"


def test_strip_solution_keeps_indentation() -> None:
    source = "def f(a):\n    # BEGIN SOLUTION\n    return a * 2\n    # END SOLUTION"
    assert strip_solution(source, "...") == f"def f(a):\n    {YOUR_ANSWER}\n    ..."


def test_learner_copy_has_no_solutions_hidden_checks_or_author_cells() -> None:
    exercise = read_exercise(EXAMPLE)
    text = nbformat.writes(learner_notebook(exercise, {}))
    assert "BEGIN SOLUTION" not in text
    assert "hidden_calls" not in text
    assert '"hidden"' not in text
    assert "math.ceil(bed_days / (days_in_year * 0.85))" not in text
    assert "Author's note" not in text
    assert "At 95% the service" not in text  # the model reflective answer
    assert "mistake_" not in text  # the named mistakes' code
    assert '"mistake"' not in text


def test_learner_copy_has_a_self_check_after_each_auto_graded_answer() -> None:
    notebook = learner_notebook(read_exercise(EXAMPLE), {})
    roles = [cell_role(cell) for cell in notebook.cells]
    assert roles.count("self-check") == 1
    assert roles.count("check") == 5
    # The set-up cell is the first code cell, in view, so check exists before any question.
    setup = roles.index("self-check")
    assert all(cell.cell_type == "markdown" for cell in notebook.cells[:setup])
    assert notebook.cells[setup].source.startswith("# Run this cell first.")
    assert "jupyter" not in notebook.cells[setup].metadata
    for position, role in enumerate(roles):
        if role == "answer":
            assert roles[position + 1] == "check"


def test_grading_copy_takes_only_answer_cells_and_uses_the_roster_parameters() -> None:
    exercise = read_exercise(EXAMPLE)
    notebook = grading_notebook(exercise, {"q2": ["beds_85 = 97"]}, {"bed_days": 20_000})
    sources = [cell.source for cell in notebook.cells]
    assert "beds_85 = 97" in sources
    assert "average_occupied = ..." in sources  # q1 not answered: its stub
    assert any("bed_days = 20000" in source for source in sources)


def _write(notebook: object, tmp_path: Path) -> Path:
    path = tmp_path / "broken.ipynb"
    nbformat.write(notebook, path)
    return path


def answer_cell(notebook, question: str):
    return next(
        c for c in notebook.cells if c.metadata.get("planlab", {}).get("question") == question
    )


def mistake_cell(question: str, answer: str, message: str = "wrong.", credit: float = 0):
    cell = nbformat.v4.new_code_cell(f"{answer} = 1")
    meta = {"role": "mistake", "question": question, "answer": answer, "message": message}
    cell.metadata = {"planlab": {**meta, "credit": credit}}
    return cell


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda nb: nb.cells[4].metadata["planlab"].pop("points"), r"q1.*'points' must be above 0"),
        (lambda nb: nb.cells[4].metadata["planlab"].update(kind="essay"), r"'kind' must be one of"),
        (
            lambda nb: nb.cells[4].metadata["planlab"].update(form=[{"check": "vibes"}]),
            r"q1.*has the form check .*vibes",
        ),
        (
            lambda nb: nb.cells[4].metadata["planlab"].update(public=[{"check": "between"}]),
            r"q1.*no longer read: say how answers are compared in 'compare'",
        ),
        (
            lambda nb: nb.cells[4].metadata["planlab"].update(compare={"decimal": 1}),
            r"q1.*unknown keys \['decimal'\]",
        ),
        (
            lambda nb: answer_cell(nb, "q2").metadata["planlab"].update(question="q1"),
            r"id q1 used twice",
        ),
        (
            lambda nb: nb.cells.insert(4, mistake_cell("q1", "wrong_q1")),
            r"cell 5: a mistake cell must come after the answer cell of its question",
        ),
        (
            lambda nb: nb.cells.insert(5, mistake_cell("q1", "wrong_q1", message="")),
            r"cell 6: a mistake needs a 'message'",
        ),
        (
            lambda nb: nb.cells.insert(5, mistake_cell("q1", "wrong_q1", credit=1)),
            r"cell 6: a mistake's 'credit' is the share",
        ),
        (
            lambda nb: nb.cells.insert(5, mistake_cell("q1", "average_occupied")),
            r"cell 6: use a variable of its own",
        ),
        (
            lambda nb: setattr(nb.cells[4], "source", "average_occupied = 1"),
            r"mark the solution with # BEGIN SOLUTION",
        ),
        (lambda nb: nb.metadata.pop("planlab"), r"needs planlab.exercise"),
    ],
)
def test_a_broken_solution_notebook_is_refused_with_where_and_why(tmp_path, change, message):
    notebook = copy.deepcopy(read_exercise(EXAMPLE).notebook)
    change(notebook)
    with pytest.raises(ExerciseError, match=message):
        read_exercise(_write(notebook, tmp_path))


def test_question_titles_come_from_their_headings_without_the_points() -> None:
    titles = [q.title for q in read_exercise(EXAMPLE).questions]
    assert titles[:2] == ["Question 1: average beds occupied", "Question 2: beds at 85% occupancy"]


def test_a_mistake_that_gives_the_right_answer_is_refused(tmp_path) -> None:
    notebook = copy.deepcopy(read_exercise(EXAMPLE).notebook)
    notebook.cells.insert(5, mistake_cell("q1", "same_as_right"))
    notebook.cells[5].source = "same_as_right = bed_days / days_in_year"
    exercise = read_exercise(_write(notebook, tmp_path))
    answers = run_solution(exercise)[parameters_key(None)]
    with pytest.raises(ExerciseError, match="'same_as_right' of q1 gives the right answer"):
        answer_keys(exercise, answers, public=False)


def test_a_missing_exercise_is_named() -> None:
    with pytest.raises(ExerciseError, match="there is no exercise notebook at"):
        read_exercise(REPO / "solutions" / "no-such-exercise.ipynb")


def test_the_self_check_cell_survives_quotes_and_backslashes_in_hints() -> None:
    notebook = copy.deepcopy(read_exercise(EXAMPLE).notebook)
    notebook.cells[4].metadata["planlab"]["hint"] = "Say \"beds\", not \\beds\\ or '''beds'''."
    exercise = read_exercise(_write(notebook, Path(tempfile.mkdtemp())))
    cell = next(c for c in learner_notebook(exercise, {}).cells if cell_role(c) == "self-check")
    names: dict = {}
    exec(cell.source, names)
    hint = names["check"].questions["q1"]["key"]["hint"]
    assert hint == "Say \"beds\", not \\beds\\ or '''beds'''."


@pytest.mark.parametrize("path", sorted((REPO / "exercises").glob("*.ipynb")), ids=lambda p: p.stem)
def test_every_generated_self_check_cell_runs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    cell = next(c for c in notebook.cells if cell_role(c) == "self-check")
    names: dict = {}
    exec(cell.source, names)
    assert names["check"].questions
