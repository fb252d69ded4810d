"""Module 15, the staged capstone: follow-through marking from a learner's own earlier figures.

Stage 2's parameters cell holds the learner's stage-1 figures, marked ``from_submission``:
the grader reads them from the learner's own notebook (as plain data, within the allowed
values) and runs the solution with them, so the expected answers follow from the learner's
own figures. These tests check that, end to end, with one ``planlab grade`` run of four
learners (the solution, the blank and the wrong copy of every stage are checked by
``tests/grading/test_every_exercise.py`` and ``test_truth.py``):

- a learner whose stage-1 figures were wrong, and who uses them correctly, gets full marks;
- the same wrong figures with answers worked out from the right ones get no follow-through
  marks, but still the marks of the question that is marked in its own terms;
- a figure outside the allowed values is not used, and the trainer is told.

The wrong stage-1 figures are not typed in here: they are the stage-1 solution's own named
mistakes (the 2024 population in place of 2035's), from a run of the stage-1 solution.
"""

from __future__ import annotations

import math

import nbformat
import pytest

from planlab.grading.grade import grade
from planlab.grading.model import RunLimits, Status
from planlab.grading.parameters import submitted_values, with_values
from planlab.grading.solution import parameters_key, run_solution
from planlab.grading.spec import cell_question, cell_role, read_exercise
from tests.conftest import REPO

STAGE_1 = REPO / "solutions" / "capstone-stage-1-exercise.ipynb"
STAGE_2 = REPO / "solutions" / "capstone-stage-2-exercise.ipynb"
STAGE_3 = REPO / "solutions" / "capstone-stage-3-exercise.ipynb"
LIMITS = RunLimits(cell_timeout=120, submission_timeout=300)
FOLLOW_THROUGH = ("q1", "q3", "q4", "q5")
OWN_TERMS = "q2"


def learner_copy(exercise_path, parameters: dict, answers: dict[str, str]):
    """The learner's notebook from exercises/, with its parameters and answer cells filled in."""
    notebook = nbformat.read(REPO / "exercises" / exercise_path.name, as_version=4)
    for cell in notebook.cells:
        if cell_role(cell) == "parameters":
            cell.source = with_values(cell.source, parameters)
        if cell_role(cell) == "answer" and cell_question(cell) in answers:
            cell.source = answers[cell_question(cell)]
    return notebook


def literal(value) -> str:
    """An answer cell that types in a value the grader reported (a number or a table's rows)."""
    if isinstance(value, dict):
        rows, columns = value["rows"], value["columns"]
        return f"import pandas as pd\n\nANSWER = pd.DataFrame({rows!r}, columns={columns!r})"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"ANSWER = {value!r}"


@pytest.fixture(scope="module")
def stage_1_figures() -> dict:
    """Stage 1's right figures and a learner's wrong ones, from one run of its solution."""
    answers = run_solution(read_exercise(STAGE_1), limits=LIMITS)[parameters_key(None)]
    return {
        "right": {
            "people_75_2035": int(answers["q2"]["value"]),
            "bed_days_2035": round(answers["q4"]["value"], 1),
        },
        # A learner who used the 2024 population for 2035: question 1's answer for q2, and
        # question 4's named mistake "mistake_base_year".
        "wrong": {
            "people_75_2035": int(answers["q1"]["value"]),
            "bed_days_2035": round(answers["q4~mistake_base_year"]["value"], 1),
        },
    }


@pytest.fixture(scope="module")
def graded(stage_1_figures, tmp_path_factory) -> dict:
    """Grade four stage-2 learners in one run; return their results and what they typed."""
    exercise = read_exercise(STAGE_2)
    right, wrong = stage_1_figures["right"], stage_1_figures["wrong"]
    assert right["bed_days_2035"] == exercise.parameter("bed_days_2035").default
    assert right["people_75_2035"] == exercise.parameter("people_75_2035").default
    expected = run_solution(exercise, [None, wrong], limits=LIMITS)

    def typed(parameters) -> dict[str, str]:
        """Answers typed in as numbers and tables, worked out from these stage-1 figures."""
        answers = expected[parameters_key(parameters)]
        return {
            q.id: literal(answers[q.id]["value"]).replace("ANSWER", q.answer)
            for q in exercise.questions
            if not q.is_reflective
        }

    folder = tmp_path_factory.mktemp("capstone") / "submissions"
    folder.mkdir()
    # Learners are named without digits: a trailing "-1" would be read as an attempt number.
    learners = {
        "right-figures": (right, typed(None)),
        "follow-through": (wrong, typed(wrong)),
        "answers-from-right-figures": (wrong, typed(None)),
        "out-of-range": ({"bed_days_2035": 5.0}, typed(None)),
    }
    for name, (parameters, answers) in learners.items():
        nbformat.write(learner_copy(STAGE_2, parameters, answers), folder / f"{name}.ipynb")
    summary = grade(STAGE_2, [folder], folder.parent / "out", limits=LIMITS, progress=False)
    results = {result.learner: result for result in summary.results}
    scores = {
        name: {q.question: q.score for q in result.questions if not q.reflective}
        for name, result in results.items()
    }
    print(f"\nstage-1 figures: right {right}, wrong {wrong}; stage-2 scores: {scores}")
    for parameters in (None, wrong):
        answers = expected[parameters_key(parameters)]
        print(parameters or right, {q: answers[q]["value"] for q in ("q1", "q2", "q3", "q5")})
    return {"summary": summary, "results": results, "scores": scores, "exercise": exercise}


def test_a_learner_s_own_wrong_stage_1_figures_used_correctly_earn_full_marks(graded) -> None:
    exercise = graded["exercise"]
    auto = sum(q.points for q in exercise.questions if not q.is_reflective)
    for name in ("right-figures", "follow-through"):
        result = graded["results"][name]
        assert result.status is Status.GRADED, result.reason
        lost = {
            q.question: q.message
            for q in result.questions
            if not q.reflective and q.score < q.points
        }
        assert lost == {}, name
        assert result.score == auto


def test_answers_from_the_right_figures_with_a_wrong_stage_1_figure_do_not_follow_through(
    graded,
) -> None:
    scores = graded["scores"]["answers-from-right-figures"]
    exercise = graded["exercise"]
    assert {q: scores[q] for q in FOLLOW_THROUGH} == dict.fromkeys(FOLLOW_THROUGH, 0.0)
    # Question 2 is marked in its own terms: the right figure earns its marks whatever stage 1 said.
    assert scores[OWN_TERMS] == exercise.question(OWN_TERMS).points


def test_a_figure_outside_the_allowed_values_is_not_used_and_the_trainer_is_told(graded) -> None:
    notes = " ".join(graded["summary"].notes)
    assert "out-of-range: bed_days_2035 = 5.0 was not used" in notes
    # Graded from the default figure instead: the answers worked out from it earn every mark.
    result = graded["results"]["out-of-range"]
    assert result.score == sum(
        q.points for q in graded["exercise"].questions if not q.is_reflective
    )


def test_only_parameters_marked_from_submission_are_read_from_a_submission() -> None:
    exercise = read_exercise(STAGE_2)
    source = 'locality = "LVL01"\npeople_75_2035 = 3835\nbed_days_2035 = 12527'
    taken, refused = submitted_values(exercise.parameters, source)
    # The locality comes from the roster only; a whole number is a fine float.
    assert taken == {"people_75_2035": 3835, "bed_days_2035": 12527.0}
    assert refused == []
    taken, refused = submitted_values(exercise.parameters, "people_75_2035 = 'many'")
    assert taken == {}
    assert "people_75_2035 = 'many' was not used" in refused[0]
    taken, refused = submitted_values(exercise.parameters, "import os\nbed_days_2035 = 1e4")
    assert taken == {}
    assert "not plain assignments" in refused[0]


def test_the_self_check_judges_form_only_once_a_learner_types_in_their_own_figures() -> None:
    exercise = read_exercise(STAGE_2)
    notebook = nbformat.read(REPO / "exercises" / STAGE_2.name, as_version=4)
    setup = next(cell.source for cell in notebook.cells if cell_role(cell) == "self-check")
    names: dict = {}
    exec(setup, names)
    check = names["check"]
    default = exercise.parameter("bed_days_2035").default
    beds = math.ceil(default / (365 * 0.85))
    as_given = {"bed_days_2035": default, "people_75_2035": 4711, "beds_2035": beds}
    assert check("q1", as_given).passed
    own = {**as_given, "bed_days_2035": 12527.0, "beds_2035": math.ceil(12527.0 / (365 * 0.85))}
    report = repr(check("q1", own))
    assert "Whether its values are right is checked when your trainer grades it" in report
    assert "You set bed_days_2035 to your own figures" in report
    assert not check("q1", own).passed


def test_stage_3_s_switching_value_is_the_running_cost_at_which_build_and_buy_cost_the_same() -> (
    None
):
    """The switching value, by hand: discount factors 1 / 1.035 ** t for years 0 to 9 (HM
    Treasury, The Green Book, 2022, Annex 6: 3.5% for years 0 to 30), optimism bias of 24% on
    standard buildings' capital (Mott MacDonald, 2002, Table 2, the Green Book's upper bound)."""
    answers = run_solution(read_exercise(STAGE_3), limits=LIMITS)[parameters_key(None)]
    factors = [1 / 1.035**t for t in range(10)]
    bought = 365 * 0.85 * 420
    buy = bought * sum(factors)
    fixed = 400_000 * 1.24 + bought
    by_hand = (buy - fixed) / sum(factors[1:])
    assert answers["q4"]["value"] == pytest.approx(by_hand, rel=1e-9)
    # And building at that running cost costs the same as buying, for one bed.
    assert fixed + by_hand * sum(factors[1:]) == pytest.approx(buy)
