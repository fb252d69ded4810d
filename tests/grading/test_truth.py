"""Every exercise tells right from wrong: in the learner's self-check and in the grade.

For each exercise in ``solutions/``:

- a copy of the solution with every auto-graded answer made wrong (numbers scaled, table
  values changed, a function giving other values, a chart's values moved) is called
  "not right" by ``check`` in the learner's own notebook, run in a real kernel, and
  scores 0 for every such question from ``planlab grade``;
- every named mistake is recognised with its own message, by the answer key written
  into the learner's notebook and by the grader's key, and earns only its credit;
- each exercise names at least two mistakes.

The solution scoring full marks and the blank exercise scoring 0 are checked in
``test_every_exercise.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from planlab.grading.assign import solution_notebooks
from planlab.grading.grade import grade
from planlab.grading.judge import judge
from planlab.grading.marking import mark_question
from planlab.grading.model import RunLimits, Status
from planlab.grading.notebooks import _without_solution_markers
from planlab.grading.selfcheck import SelfCheck
from planlab.grading.solution import answer_keys, parameters_key, public_part, run_solution
from planlab.grading.spec import Exercise, Question, cell_question, cell_role, read_exercise
from tests.conftest import REPO

EXERCISES = [path.stem for path in solution_notebooks(REPO / "solutions")]
LIMITS = RunLimits(cell_timeout=120, submission_timeout=300)

# Code appended to an answer cell (after the solution) that makes the answer wrong.
MUTATIONS = {
    "number": "{a} = {a} * 1.37 + 1",
    "table": """\
import pandas as _pd

{a} = _pd.DataFrame({a}).copy()
_numbers = [
    _column
    for _column in {a}.columns
    if _pd.api.types.is_numeric_dtype({a}[_column])
    and not _pd.api.types.is_bool_dtype({a}[_column])
]
for _column in _numbers or list({a}.columns):
    if _numbers:
        {a}[_column] = {a}[_column] * 1.37 + 1
    else:
        {a}[_column] = {a}[_column].astype(str) + "?"
""",
    "function": """\
_right_{a} = {a}


def _moved(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value * 1.37 + 1
    if isinstance(value, list | tuple):
        return [_moved(item) for item in value]
    return "moved"


def {a}(*args, **kwargs):
    return _moved(_right_{a}(*args, **kwargs))
""",
    "chart": """\
import numpy as _np

for _axes in {a}.axes:
    for _line in _axes.get_lines():
        _line.set_ydata(_np.asarray(_line.get_ydata(), dtype=float) * 1.37 + 1)
    for _patch in _axes.patches:
        if hasattr(_patch, "set_height"):
            _patch.set_height(_patch.get_height() * 1.37 + 1)
""",
}


def auto_questions(exercise: Exercise) -> list[Question]:
    return [question for question in exercise.questions if not question.is_reflective]


def solution_sources(exercise: Exercise) -> dict[str, str]:
    return {
        cell_question(cell): _without_solution_markers(cell.source)
        for cell in exercise.notebook.cells
        if cell_role(cell) == "answer"
    }


def learner_copy(name: str, sources: dict[str, str]) -> nbformat.NotebookNode:
    """The learner's notebook from exercises/, with answer cells replaced."""
    notebook = nbformat.read(REPO / "exercises" / f"{name}.ipynb", as_version=4)
    for cell in notebook.cells:
        if cell_role(cell) == "answer" and cell_question(cell) in sources:
            cell.source = sources[cell_question(cell)]
    return notebook


def self_check_reports(notebook: nbformat.NotebookNode, folder: Path) -> dict[str, str]:
    """Run a learner's notebook in a kernel and return what each check(...) cell printed."""
    NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(folder)}},
    ).execute()
    reports = {}
    for cell in notebook.cells:
        if cell_role(cell) != "check":
            continue
        question = re.search(r'check\("([^"]+)"\)', cell.source).group(1)
        reports[question] = "\n".join(
            output.get("data", {}).get("text/plain", "") for output in cell.outputs
        )
    return reports


def notebook_check(name: str) -> SelfCheck:
    """The self-check exactly as the generated learner notebook sets it up."""
    notebook = nbformat.read(REPO / "exercises" / f"{name}.ipynb", as_version=4)
    source = next(cell.source for cell in notebook.cells if cell_role(cell) == "self-check")
    names: dict = {}
    exec(source, names)
    return names["check"]


@pytest.mark.parametrize("name", EXERCISES)
def test_a_wrong_answer_is_called_wrong_and_earns_nothing(name: str, tmp_path: Path) -> None:
    exercise = read_exercise(REPO / "solutions" / f"{name}.ipynb")
    solved = solution_sources(exercise)
    wrong = {
        question.id: solved[question.id] + "\n" + MUTATIONS[question.kind].format(a=question.answer)
        for question in auto_questions(exercise)
    }
    notebook = learner_copy(name, wrong)
    reports = self_check_reports(notebook, tmp_path)
    for question in auto_questions(exercise):
        report = reports[question.id]
        verdict = report.splitlines()[1].strip() if "\n" in report else report
        assert verdict.startswith("Not right"), f"{name} {question.id}: {report}"

    submissions = tmp_path / "submissions"
    submissions.mkdir()
    nbformat.write(learner_copy(name, wrong), submissions / "mutated.ipynb")
    summary = grade(exercise.path, [submissions], tmp_path / "out", limits=LIMITS, progress=False)
    [result] = summary.results
    assert result.status is Status.GRADED, result.reason
    scores = {q.question: q.score for q in result.questions if not q.reflective}
    assert scores == dict.fromkeys(scores, 0.0), {
        q.question: q.message for q in result.questions if q.score
    }


@pytest.mark.parametrize("name", EXERCISES)
def test_each_named_mistake_is_recognised_with_its_message(name: str) -> None:
    exercise = read_exercise(REPO / "solutions" / f"{name}.ipynb")
    named = [(q, m) for q in auto_questions(exercise) for m in q.mistakes]
    assert len(named) >= 2, f"{name} names {len(named)} mistake(s); every exercise needs two"
    answers = run_solution(exercise, limits=LIMITS)[parameters_key(None)]
    grader_keys = answer_keys(exercise, answers, public=False)
    check = notebook_check(name)
    for question, mistake in named:
        value = answers[mistake.key]["value"]
        # In the learner's notebook, from the key written into it.
        public = judge(
            check.salt,
            question.id,
            check.questions[question.id]["key"],
            public_part(question, value),
        )
        if question.kind == "function" and public.state == "right":
            # The mistake shows only on the grader's further inputs.
            assert question.hidden_calls, f"{name} {mistake.answer}"
        else:
            assert public.summary == f"Not right: {mistake.message}", (name, mistake.answer)
        # In the grade.
        result = mark_question(
            question, answers[mistake.key], grader_keys[question.id], "", exercise.salt
        )
        assert result.message.startswith(f"Not right: {mistake.message}"), (name, mistake.answer)
        assert result.score < question.points
        if not question.parts:
            assert result.score == round(question.points * mistake.credit, 2)


def test_the_module_2_mistakes_are_named_in_a_learner_s_own_notebook(tmp_path: Path) -> None:
    """The slips a planner new to Python made, typed into the exercise and self-checked."""
    name = "where-are-we-now-exercise"
    exercise = read_exercise(REPO / "solutions" / f"{name}.ipynb")
    solved = solution_sources(exercise)
    six_lines = solved["q5"] + (
        "\nax.plot(months, chart['Mean'] + 20)\nax.plot(months, chart['Mean'] - 20)\n"
    )
    slips = {
        "q1": "admitted = last_year['EmergencyAdmissions'].sum()\n"
        "residents = pop_2024['Population'].sum()\n"
        "crude_per_1000 = admitted / residents * 1000",
        "q5": six_lines,
        "q6": solved["q6"].replace(
            '.loc[pd.Period("2024-04") :, "SpecialCause"]', '["SpecialCause"]'
        ),
    }
    assert slips["q6"] != solved["q6"]
    reports = self_check_reports(learner_copy(name, {**solved, **slips}), tmp_path)
    assert "Not right: this is the crude rate of the whole partnership" in reports["q1"]
    assert "Your chart has 6 lines; the question asks for 4." in reports["q5"]
    assert "counts special-cause months over the whole chart" in reports["q6"]
    for question in ("q2", "q3", "q4", "q7"):
        assert "Right" in reports[question], reports[question]


def test_mutations_cover_every_kind_of_answer() -> None:
    kinds = {
        q.kind
        for name in EXERCISES
        for q in auto_questions(read_exercise(REPO / "solutions" / f"{name}.ipynb"))
    }
    assert kinds <= set(MUTATIONS)
