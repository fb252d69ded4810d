"""Every exercise in solutions/: its solution scores full marks and its blank copy scores zero.

This is the contract each exercise author must keep. Reflective questions are
left out of "full marks": a trainer marks them by hand.
"""

from __future__ import annotations

import shutil

import pytest

from planlab.grading.assign import solution_notebooks
from planlab.grading.grade import grade
from planlab.grading.model import RunLimits, Status
from planlab.grading.spec import read_exercise
from tests.conftest import REPO

EXERCISES = [path.stem for path in solution_notebooks(REPO / "solutions")]


@pytest.mark.parametrize("name", EXERCISES)
def test_solution_scores_full_marks_and_blank_scores_zero(name: str, tmp_path) -> None:
    solution = REPO / "solutions" / f"{name}.ipynb"
    exercise = read_exercise(solution)
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    shutil.copy(solution, submissions / "as-solution.ipynb")
    shutil.copy(REPO / "exercises" / f"{name}.ipynb", submissions / "untouched.ipynb")
    limits = RunLimits(cell_timeout=120, submission_timeout=300)
    summary = grade(solution, [submissions], tmp_path / "out", limits=limits, progress=False)
    results = {result.learner: result for result in summary.results}
    auto_points = sum(q.points for q in exercise.questions if not q.is_reflective)

    best = results["as-solution"]
    assert best.status is Status.GRADED, best.reason
    lost = {
        q.question: q.message
        for q in best.questions
        if q.kind != "reflection" and q.score < q.points
    }
    assert lost == {}, f"{name}: the solution loses marks"
    assert best.score == auto_points

    blank = results["untouched"]
    assert blank.status is Status.NOT_ATTEMPTED, blank.reason
    assert blank.score == 0, {q.question: q.message for q in blank.questions if q.score}


def test_there_is_at_least_one_exercise() -> None:
    assert "example-beds" in EXERCISES
