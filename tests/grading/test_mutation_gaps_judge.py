"""Feedback on wrong answers that the second mutation round (``make mutants``) found untested.

Each test fails under at least one mutant of :mod:`planlab.grading.judge` that the other
kernel-free tests let live (named in ``tests/mutation-survivors.md``). The expected
sentences are worked out by hand from the rules in ``judge._why_number``: the answer's
sign is named when it differs from the expected answer's, and a size at least 1.5
powers of ten from the middle of the expected answer's power of ten (for 97, from
10 ** 1.5, about 32) is called too large or too small by ``10 ** round(gap)``.
"""

from __future__ import annotations

import pytest

from planlab.grading.judge import answer_key, judge
from planlab.grading.spec import Question
from tests.grading.test_marking import EXPECTED_TABLE, SALT, chart, key_for
from tests.grading.test_mutation_gaps import LINES, NO_PARTS, chart_key, function_answer

UNITS = "check the units, for example per 1,000 or per 100,000, or a percentage against a fraction."


def details(expected: float, value: float) -> tuple[str, ...]:
    """What a learner is told about a wrong number, beyond the summary."""
    verdict = judge(SALT, "q1", answer_key(SALT, "q1", "number", expected), value)
    assert verdict.state == "not right"
    return verdict.details


@pytest.mark.parametrize(
    ("expected", "value", "sign"),
    [(97, -97, "positive"), (-5, 5, "negative"), (-5, 4, "negative")],
)
def test_a_number_of_the_wrong_sign_is_told_the_expected_sign(
    expected: float, value: float, sign: str
) -> None:
    assert details(expected, value) == (
        f"Your answer is {value}.",
        f"The expected answer is {sign}.",
    )


@pytest.mark.parametrize("expected", [97, -5])
def test_an_answer_of_0_gets_no_note_of_sign_or_size(expected: float) -> None:
    assert details(expected, 0) == ("Your answer is 0.",)


def test_exactly_one_and_a_half_powers_of_ten_off_is_called_too_small_or_too_large() -> None:
    """For 97: log10(1) - 1.5 = -1.5 and log10(1000) - 1.5 = 1.5; round(1.5) is 2."""
    assert details(97, 1) == (
        "Your answer is 1.",
        f"It is at least 10 times too small (roughly 100 times): {UNITS}",
    )
    assert details(97, 1000) == (
        "Your answer is 1,000.",
        f"It is at least 10 times too large (roughly 100 times): {UNITS}",
    )
    assert details(97, -1000) == (
        "Your answer is -1,000.",
        "The expected answer is positive.",
        f"It is at least 10 times too large (roughly 100 times): {UNITS}",
    )


def test_a_number_less_than_one_and_a_half_powers_of_ten_off_gets_no_size_note() -> None:
    """For 97: log10(999) - 1.5 is about 1.4996, just inside."""
    assert details(97, 999) == ("Your answer is 999.",)


def shown_result_note(result: object) -> str:
    """The note on a function's first (shown) input when it gives ``result``."""
    expected = function_answer({"result": "b"})
    key = answer_key(SALT, "q4", "function", expected, public_calls=1)
    verdict = judge(SALT, "q4", key, function_answer({"result": result}))
    return verdict.details[-1]


def test_a_shown_result_is_given_whole_up_to_80_characters_and_cut_after() -> None:
    """As JSON, 78 letters in quotes are 80 characters; 79 letters are 81, cut to 77 and '...'."""
    assert shown_result_note("a" * 78) == (
        f'With the inputs (1, 2) it gives "{"a" * 78}", which is not the expected result.'
    )
    assert shown_result_note("a" * 79) == (
        f'With the inputs (1, 2) it gives "{"a" * 76}..., which is not the expected result.'
    )


# --- Right answers -----------------------------------------------------------------------------


def test_a_right_chart_and_a_function_right_on_the_shown_inputs_say_so_in_their_own_words() -> None:
    """A chart's summary names its values; a function checked on 1 of 2 inputs says more follow."""

    right_chart = judge(SALT, "q5", chart_key(), {**chart(LINES), "bars": [1, 2, 3]})
    assert (right_chart.state, right_chart.summary, right_chart.details) == (
        "right",
        "Right: your chart plots the expected values.",
        (),
    )
    results = function_answer({"result": 3}, {"result": 7})
    shown_one = answer_key(SALT, "q4", "function", results, public_calls=1)
    assert judge(SALT, "q4", shown_one, results).details == (
        "Grading will also try it on further inputs.",
    )
    shown_all = answer_key(SALT, "q4", "function", results, public_calls=2)
    verdict = judge(SALT, "q4", shown_all, results)
    assert (verdict.summary, verdict.details) == (
        "Right for the example inputs: it gives the expected results to the nearest whole number.",
        (),
    )


def test_rows_in_another_order_are_right_only_when_the_author_ignores_order() -> None:

    reversed_rows = {"columns": EXPECTED_TABLE["columns"], "rows": EXPECTED_TABLE["rows"][::-1]}
    assert judge(SALT, "q3", key_for(NO_PARTS, EXPECTED_TABLE), reversed_rows).state == "right"
    in_order = NO_PARTS.__class__("q3", "table", 2, answer="dsr", compare={"decimals": 1})
    verdict = judge(SALT, "q3", key_for(in_order, EXPECTED_TABLE), reversed_rows)
    assert (verdict.state, verdict.share) == ("not right", 0.0)
    assert verdict.details == (
        "None of the compared columns is right yet (Code, Rate, Lower, Upper).",
    )


def test_a_failed_form_check_costs_only_what_its_author_deducts() -> None:
    """97.2 matches 97 to the nearest whole number but is not a whole number."""

    def verdict(form: dict) -> tuple:
        question = Question("q2", "number", 2, answer="x", compare={"decimals": 0}, form=(form,))
        found = judge(SALT, "q2", key_for(question, 97.0), 97.2)
        return found.state, found.share, found.summary, found.details

    summary = (
        "The values are right: your answer matches the expected answer to the nearest whole number."
    )
    details = ("But your answer 97.2 is not a whole number.",)
    assert verdict({"check": "integer", "deduct": 0.25}) == ("partly right", 0.75, summary, details)
    assert verdict({"check": "integer"}) == ("right", 1.0, summary, details)


def test_rows_in_another_order_are_compared_column_by_column_when_order_is_ignored() -> None:
    """Rows B then A, with the rates right and the limits wrong: the notes name both kinds."""
    learner = {
        "columns": EXPECTED_TABLE["columns"],
        "rows": [["B", 60.1, 0.0, 0.0], ["A", 87.5, 0.0, 0.0]],
    }
    verdict = judge(SALT, "q3", key_for(NO_PARTS, EXPECTED_TABLE), learner)
    assert verdict.details == ("Right: Code, Rate. Not right yet: Lower, Upper.",)


def test_an_expected_answer_of_0_or_1_is_handled_in_the_size_note() -> None:
    """0 has no power of ten, so no size note; 1 is 10 ** 0, so 1,000 is 2.5 powers off."""
    assert details(0, 5) == ("Your answer is 5.",)
    assert details(1, 1000) == (
        "Your answer is 1,000.",
        f"It is at least 10 times too large (roughly 100 times): {UNITS}",
    )
