"""Judging and marking plain answers: right is right, wrong is wrong, form alone earns nothing."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from planlab.grading.checks import precision_words
from planlab.grading.judge import answer_key, judge
from planlab.grading.kernel.answers import table_to_plain, to_plain
from planlab.grading.marking import mark_question, mark_reflection
from planlab.grading.model import AWAITING_MARK, NOT_WRITTEN
from planlab.grading.selfcheck import SelfCheck, decode_spec, encode_spec
from planlab.grading.spec import Question

SALT = "planlab:test"
Q2 = Question(
    "q2",
    "number",
    2,
    answer="beds_85",
    hint="Round up.",
    title="Question 2: beds at 85% occupancy",
    compare={"decimals": 0},
    form=({"check": "integer"}, {"check": "between", "low": 1, "high": 1000, "units": "beds"}),
)


def key_for(question: Question, expected, mistakes=(), public_calls=None):
    return answer_key(
        SALT,
        question.id,
        question.kind,
        expected,
        compare=question.compare,
        parts=question.parts,
        form=question.form,
        hint=question.hint,
        mistakes=mistakes,
        public_calls=public_calls,
    )


def mark(question: Question, value, expected, mistakes=(), error="", place=None):
    key = key_for(question, expected, mistakes)
    return mark_question(question, {"value": value}, key, error, SALT, place)


def test_a_right_number_gets_full_marks_and_says_so() -> None:
    result = mark(Q2, 97.0, 97.0)
    assert result.score == 2
    assert result.message == (
        "Right: your answer matches the expected answer to the nearest whole number."
    )
    assert result.hint == ""


def test_a_wrong_number_of_the_right_form_earns_nothing() -> None:
    # 95 is a whole number in the plausible range: every form check passes, yet it is wrong.
    result = mark(Q2, 95.0, 97.0)
    assert result.score == 0
    assert result.message.startswith("Not right yet: your answer does not match")
    assert "97" not in result.message
    assert result.hint == "Expected: a number (for example 97 or 0.85). Round up."


def test_decimals_allow_one_unit_either_way_but_whole_numbers_are_exact() -> None:
    rate = Question("q1", "number", 1, answer="rate", compare={"decimals": 1})
    for near in (87.4, 87.5, 87.6, 87.449):
        assert mark(rate, near, 87.5).score == 1, near
    assert mark(rate, 87.7, 87.5).score == 0
    count = Question("q6", "number", 1, answer="signals", compare={"decimals": 0})
    assert mark(count, 2, 2).score == 1
    assert mark(count, 3, 2).score == 0


def test_a_named_mistake_is_recognised_with_its_message_and_credit() -> None:
    rate = Question("q1", "number", 2, answer="rate", compare={"decimals": 1}, hint="x 1,000")
    mistakes = [
        (8750.0, "this looks like a rate per 100,000 people.", 0.0),
        (87.5 * 2, "you counted every admission twice.", 0.5),
    ]
    per_100000 = mark(rate, 8750.0, 87.5, mistakes)
    assert (per_100000.score, per_100000.message) == (
        0,
        "Not right: this looks like a rate per 100,000 people.",
    )
    assert mark(rate, 175.0, 87.5, mistakes).score == 1.0


def test_a_wrong_unit_is_named_without_giving_the_answer() -> None:
    rate = Question("q1", "number", 1, answer="rate", compare={"decimals": 1})
    result = mark(rate, 8750.0, 87.5)
    assert "at least 10 times too large (roughly 100 times)" in result.message
    assert "87.5" not in result.message
    small = mark(rate, 0.0875, 87.5)
    assert "too small" in small.message
    assert "times too" not in mark(rate, 90.0, 87.5).message


def test_precision_is_worded_for_people() -> None:
    assert precision_words("number", {"decimals": 0}) == "to the nearest whole number"
    assert precision_words("number", {"decimals": 1}) == "to 1 decimal place"
    assert precision_words("table", {"decimals": 2}) == "to 2 decimal places"
    assert precision_words("chart", {"decimals": 0}) == ""


TABLE = Question(
    "q2",
    "table",
    2,
    answer="dsr",
    compare={"decimals": 1, "ignore_order": True},
    parts=(
        {"label": "the rates", "columns": ["Code", "Rate"], "share": 0.5, "hint": "per=1000"},
        {"label": "the limits", "columns": ["Code", "Lower", "Upper"], "share": 0.5},
    ),
)
EXPECTED_TABLE = {
    "columns": ["Code", "Rate", "Lower", "Upper"],
    "rows": [["A", 87.5, 80.0, 95.0], ["B", 60.1, 55.0, 65.0]],
}


def test_a_table_in_plain_python_matches_the_same_table_in_pandas() -> None:
    frame = pd.DataFrame(
        {"Code": ["B", "A"], "Rate": [60.1, 87.5], "Lower": [55.0, 80.0], "Upper": [65.0, 95.0]}
    )
    records = frame.to_dict("records")
    for other in (frame, records, frame.to_dict("list")):
        assert mark(TABLE, table_to_plain(other), EXPECTED_TABLE).score == 2


def test_parts_earn_their_share_and_name_what_is_still_wrong() -> None:
    wrong_limits = {
        "columns": EXPECTED_TABLE["columns"],
        "rows": [["A", 87.5, 95.0, 80.0], ["B", 60.1, 65.0, 55.0]],
    }
    result = mark(TABLE, wrong_limits, EXPECTED_TABLE)
    assert result.score == 1.0
    assert result.message.startswith("Partly right: the rates right; the limits not right yet.")
    assert "Right: Code, Rate. Not right yet: Lower, Upper." in result.message
    # The hint of the part already right is not repeated.
    assert "per=1000" not in result.hint
    assert result.hint.startswith("Expected: a table")


def test_a_mistake_with_a_right_part_keeps_that_part_s_share() -> None:
    swapped = {
        "columns": EXPECTED_TABLE["columns"],
        "rows": [["A", 87.5, 95.0, 80.0], ["B", 60.1, 65.0, 55.0]],
    }
    result = mark(TABLE, swapped, EXPECTED_TABLE, [(swapped, "the limits are swapped.", 0.0)])
    assert (result.score, result.message.split(" Right:")[0]) == (
        1.0,
        "Not right: the limits are swapped.",
    )


def test_a_table_missing_a_column_or_rows_says_so() -> None:
    no_upper = {"columns": ["Code", "Rate", "Lower"], "rows": [["A", 87.5, 80.0], ["B", 60.1, 5]]}
    result = mark(TABLE, no_upper, EXPECTED_TABLE)
    assert result.score == 1.0  # the rates part is right
    assert "no column(s) Upper" in result.message
    one_row = {"columns": EXPECTED_TABLE["columns"], "rows": [["A", 87.5, 80.0, 95.0]]}
    assert (
        "Your table has 1 row; the expected table has 2."
        in mark(TABLE, one_row, EXPECTED_TABLE).message
    )


CHART = Question(
    "q5",
    "chart",
    2,
    answer="fig",
    compare={"decimals": 0},
    form=({"check": "has_title", "deduct": 0.25}, {"check": "has_axis_labels", "deduct": 0.25}),
)


def chart(lines, title="Admissions", xlabel="Month", ylabel="Admissions (a month)"):
    return {
        "title": title,
        "xlabel": xlabel,
        "ylabel": ylabel,
        "lines": [{"label": label, "x": [1, 2], "y": y} for label, y in lines],
        "bars": [],
    }


FOUR_LINES = [
    ("Admissions", [100, 110]),
    ("Mean", [105, 105]),
    ("Upper", [130, 130]),
    ("Lower", [80, 80]),
]


def test_a_chart_with_six_lines_where_four_were_asked_is_not_right() -> None:
    six = chart([*FOUR_LINES, ("Upper 2 sigma", [120, 120]), ("Lower 2 sigma", [90, 90])])
    result = mark(CHART, six, chart(FOUR_LINES))
    assert result.score == 0
    assert "Your chart has 6 lines; the question asks for 4." in result.message
    assert "decimal" not in result.message
    assert "whole number" not in result.message


def test_a_right_chart_without_a_title_loses_only_what_the_author_said() -> None:
    result = mark(CHART, chart(FOUR_LINES, title=""), chart(FOUR_LINES))
    assert result.score == 1.5
    assert "The values are right" in result.message
    assert "has no title" in result.message
    # A title alone, on the wrong values, earns nothing.
    assert mark(CHART, chart([("x", [1, 2])]), chart(FOUR_LINES)).score == 0


FUNCTION = Question(
    "q4",
    "function",
    2,
    answer="beds_for",
    compare={"decimals": 0},
    calls=((30000, 0.85), (10000, 0.9)),
    hidden_calls=((0, 0.85),),
)


def calls(*results):
    return {
        "calls": [[30000, 0.85], [10000, 0.9], [0, 0.85]][: len(results)],
        "results": list(results),
    }


def test_a_function_is_judged_call_by_call_and_errors_are_shown_with_the_inputs() -> None:
    expected = calls({"result": 97}, {"result": 31}, {"result": 0})
    learner = calls({"result": 97}, {"error": "ZeroDivisionError: division by zero"}, {"result": 5})
    key = key_for(FUNCTION, expected, public_calls=2)
    verdict = judge(SALT, "q4", key, learner)
    assert verdict.share == 0
    text = " ".join(verdict.details)
    assert "It gives the expected result for 1 of 3 inputs." in text
    assert "With the inputs (10000, 0.9) it stopped with ZeroDivisionError" in text
    # The grader's own further inputs are never shown.
    assert "0, 0.85" not in text


def test_a_form_only_key_never_says_right() -> None:
    verdict = judge(SALT, "q2", {"kind": "number", "form": list(Q2.form)}, 97.0)
    assert verdict.state == ""
    assert verdict.summary.startswith("Your answer has the right form. Whether its values")
    assert "Right" not in verdict.summary


def test_an_answer_cell_that_raised_scores_zero_with_one_plain_sentence() -> None:
    result = mark(
        Q2,
        97.0,
        97.0,
        error="NameError: name 'resident' is not defined",
        place=(2, "rate = admitted / resident * 1000"),
    )
    assert result.score == 0
    assert result.message.startswith(
        "Not marked: Your code stopped at line 2 (rate = admitted / resident * 1000) with "
        "NameError: name 'resident' is not defined. Python does not know that name."
    )
    assert "Traceback" not in result.message


def test_a_wrongly_typed_answer_is_described_not_crashed() -> None:
    payload = to_plain("number", "97")
    assert payload == {
        "problem": "expected a number (for example 97 or 0.85), but got text "
        "('97'); numbers should not be in quotes"
    }
    key = key_for(Q2, 97.0)
    result = mark_question(Q2, payload, key, "", SALT)
    assert result.score == 0
    assert "numbers should not be in quotes" in result.message


def test_reflections_wait_for_the_trainer_with_no_score() -> None:
    question = Question("q6", "reflection", 3, rubric="...")
    waiting = mark_reflection(question, "I would advise 85%.")
    assert (waiting.score, waiting.message, waiting.pending) == (None, AWAITING_MARK, True)
    blank = mark_reflection(question, "  ")
    assert (blank.score, blank.message) == (0.0, NOT_WRITTEN)


def test_self_check_judges_from_hashes_so_the_notebook_never_holds_the_answer() -> None:
    key = key_for(Q2, 97.0, [(96.0, "you rounded down.", 0.0)])
    spec = {
        "exercise": "x",
        "salt": SALT,
        "questions": {
            "q2": {
                "kind": "number",
                "answer": "beds_85",
                "title": Q2.title,
                "calls": [],
                "key": key,
            }
        },
    }
    packed = encode_spec(spec)
    assert 97 not in leaves(decode_spec(packed))
    assert 96 not in leaves(decode_spec(packed))
    check = SelfCheck.from_text(packed)
    right = check("q2", {"beds_85": 97})
    assert right.passed
    assert repr(right) == (
        "Question 2: beds at 85% occupancy\n"
        "  Right: your answer matches the expected answer to the nearest whole number."
    )
    rounded_down = repr(check("q2", {"beds_85": 96}))
    assert "Not right: you rounded down." in rounded_down
    wrong = check("q2", {"beds_85": math.ceil(30000 / 365 / 0.9)})
    assert not wrong.passed
    assert "Hint: Round up." in repr(wrong)
    assert "nothing called beds_85" in repr(check("q2", {}))
    assert "Replace the ..." in repr(check("q2", {"beds_85": ...}))
    assert "numbers should not be in quotes" in repr(check("q2", {"beds_85": "97"}))
    assert "There is no question 'q9'" in repr(check("q9", {}))


def leaves(data) -> list:
    """Every number and text in a JSON structure, except the hashes."""
    if isinstance(data, dict):
        return [leaf for value in data.values() for leaf in leaves(value)]
    if isinstance(data, list):
        return [leaf for value in data for leaf in leaves(value)]
    if isinstance(data, str) and len(data) == 64:
        return []
    return [data]


@pytest.mark.parametrize("cheat", [True, object(), float("nan"), [97]])
def test_values_that_are_not_real_numbers_are_refused(cheat) -> None:
    assert "problem" in to_plain("number", cheat)
