"""Checks and marking on plain data, in the grader's own process."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from planlab.grading.answers import table_to_plain, to_plain
from planlab.grading.checks import digest, matches
from planlab.grading.marking import AWAITING_MARK, NOT_WRITTEN, mark_question, mark_reflection
from planlab.grading.selfcheck import SelfCheck
from planlab.grading.spec import Question

Q2 = Question(
    "q2",
    "number",
    2,
    answer="beds_85",
    hint="Round up.",
    public=({"check": "integer"}, {"check": "matches_solution"}),
)


def test_a_right_number_gets_full_marks() -> None:
    result = mark_question(Q2, {"value": 97.0}, {"value": 97.0}, "")
    assert (result.score, result.message) == (2, "All 2 checks passed.")


def test_a_wrong_number_says_which_check_failed_but_not_the_answer() -> None:
    result = mark_question(Q2, {"value": 95.5}, {"value": 97.0}, "")
    assert result.score == 0
    assert "95.5 is not a whole number" in result.message
    assert "does not match the expected answer" in result.message
    assert "97" not in result.message


def test_a_wrongly_typed_answer_is_described_not_crashed() -> None:
    payload = to_plain("number", "97")
    assert payload == {
        "problem": "expected a number (for example 97 or 0.85), but got text "
        "('97'); numbers should not be in quotes"
    }
    result = mark_question(Q2, payload, {"value": 97.0}, "")
    assert result.score == 0
    assert "numbers should not be in quotes" in result.message


def test_an_unanswered_question_scores_zero_and_says_so() -> None:
    result = mark_question(Q2, to_plain("number", ...), {"value": 97.0}, "")
    assert result.score == 0
    assert "not answered yet" in result.message


def test_an_answer_cell_that_raised_is_named() -> None:
    result = mark_question(Q2, None, {"value": 97.0}, "NameError: name 'x' is not defined")
    assert "your answer cell stopped with NameError" in result.message


def test_a_table_in_plain_python_matches_the_same_table_in_pandas() -> None:
    frame = pd.DataFrame({"TargetOccupancy": [0.8, 0.85], "BedsNeeded": [103, 97]})
    records = [
        {"TargetOccupancy": 0.8, "BedsNeeded": 103},
        {"TargetOccupancy": 0.85, "BedsNeeded": 97},
    ]
    columns = {"TargetOccupancy": [0.8, 0.85], "BedsNeeded": [103, 97]}
    spec = {"check": "matches_solution", "decimals": 2}
    for other in (records, columns):
        assert matches("table", table_to_plain(other), table_to_plain(frame), spec).passed


def test_table_row_order_counts_only_when_the_author_says_so() -> None:
    solution = {"columns": ["A"], "rows": [[1], [2]]}
    shuffled = {"columns": ["A"], "rows": [[2], [1]]}
    assert not matches("table", shuffled, solution, {"check": "matches_solution"}).passed
    spec = {"check": "matches_solution", "ignore_order": True}
    assert matches("table", shuffled, solution, spec).passed


def test_function_results_are_compared_call_by_call_without_showing_inputs() -> None:
    solution = {"calls": [[1], [2], [3]], "results": [{"result": 1}, {"result": 2}, {"result": 3}]}
    learner = {
        "calls": [[1], [2], [3]],
        "results": [{"result": 1}, {"error": "ZeroDivisionError"}, {"result": 3}],
    }
    outcome = matches("function", learner, solution, {"check": "matches_solution"})
    assert (outcome.passed, outcome.message) == (
        False,
        "gives a different result for 1 of 3 inputs",
    )


def test_reflections_wait_for_the_trainer() -> None:
    question = Question("q6", "reflection", 3, rubric="...")
    assert mark_reflection(question, "I would advise 85%.").message == AWAITING_MARK
    assert mark_reflection(question, "  ").message == NOT_WRITTEN


def test_self_check_uses_digests_so_the_notebook_never_holds_the_answer() -> None:
    spec = {
        "exercise": "x",
        "salt": "planlab:x",
        "questions": {
            "q2": {
                "kind": "number",
                "answer": "beds_85",
                "hint": "Round up.",
                "units": "beds",
                "public": [{"check": "integer"}, {"check": "matches_solution"}],
                "calls": [],
                "digests": {
                    "1": digest("planlab:x", "number", 97.0, {"check": "matches_solution"})
                },
            }
        },
    }
    check = SelfCheck(spec)
    assert check("q2", {"beds_85": 97}).passed
    wrong = check("q2", {"beds_85": math.ceil(30000 / 365 / 0.9)})
    assert not wrong.passed
    assert "Hint: Round up." in repr(wrong)
    assert "nothing called beds_85" in repr(check("q2", {}))
    assert "numbers should not be in quotes" in repr(check("q2", {"beds_85": "97"}))
    assert "there is no question 'q9'" in repr(check("q9", {}))


@pytest.mark.parametrize("cheat", [True, object(), float("nan"), [97]])
def test_values_that_are_not_real_numbers_are_refused(cheat) -> None:
    assert "problem" in to_plain("number", cheat)
