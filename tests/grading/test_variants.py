"""Variants that vary: two learners with different parameters must not share most answers.

For each parameterised exercise in ``solutions/``, the solution is run with its own values
and with a second, allowed set (every parameter changed), and the grader's answer keys are
compared question by question (as hashes at the precision each question is marked to). At
least two thirds of the auto-graded answers must differ, or learners could copy each other.
A failure names the exercise and the questions whose answer is the same in both variants.
"""

from __future__ import annotations

from typing import Any

import pytest

from planlab.grading.assign import solution_notebooks
from planlab.grading.model import RunLimits
from planlab.grading.parameters import Parameter
from planlab.grading.solution import answer_keys, parameters_key, run_solution
from planlab.grading.spec import read_exercise
from tests.conftest import REPO

SHARE_THAT_MUST_DIFFER = 2 / 3
LIMITS = RunLimits(cell_timeout=120, submission_timeout=300)
PARAMETERISED = [
    path.stem for path in solution_notebooks(REPO / "solutions") if read_exercise(path).parameters
]


def other_value(parameter: Parameter) -> Any:
    """An allowed value of a parameter, as far from its default as the author allows."""
    if parameter.one_of:
        others = [value for value in parameter.one_of if value != parameter.default]
        return others[0]
    low, high = parameter.low, parameter.high
    if low is None or high is None:
        return parameter.default * 2 if parameter.default else 1
    far = low if abs(parameter.default - low) > abs(high - parameter.default) else high
    return parameter.kind(far)


def allowed_values(parameter: Parameter) -> list[Any]:
    """Every value a roster may give a listed parameter; the two ends of a range."""
    if parameter.one_of:
        return list(parameter.one_of)
    if parameter.low is None or parameter.high is None:
        return [parameter.default]
    return [parameter.kind(parameter.low), parameter.kind(parameter.high)]


def differing_answers(name: str) -> tuple[list[str], list[str], dict[str, Any]]:
    """Run two variants; return the auto-graded questions that differ, those that do not."""
    exercise = read_exercise(REPO / "solutions" / f"{name}.ipynb")
    variant = {p.name: other_value(p) for p in exercise.parameters}
    answers = run_solution(exercise, [None, variant], limits=LIMITS)
    first = answer_keys(exercise, answers[parameters_key(None)], public=False)
    second = answer_keys(exercise, answers[parameters_key(variant)], public=False)
    differ = [q for q in first if first[q]["right"] != second[q]["right"]]
    same = [q for q in first if q not in differ]
    return differ, same, variant


def test_there_are_parameterised_exercises() -> None:
    assert "example-beds" in PARAMETERISED


@pytest.mark.parametrize("name", PARAMETERISED)
def test_at_least_two_thirds_of_auto_graded_answers_differ_between_variants(name: str) -> None:
    differ, same, variant = differing_answers(name)
    total = len(differ) + len(same)
    share = len(differ) / total
    print(
        f"\n{name}: {len(differ)} of {total} auto-graded answers differ with {variant}; "
        f"the same in both: {', '.join(same) or 'none'}"
    )
    assert share >= SHARE_THAT_MUST_DIFFER, (
        f"{name}: only {len(differ)} of {total} auto-graded answers differ between the "
        f"default variant and {variant}; the same in both: {', '.join(same)}. Redesign "
        "those questions so that they use the learner's parameters."
    )


@pytest.mark.parametrize("name", PARAMETERISED)
def test_every_allowed_value_gives_an_exercise_that_can_be_graded(name: str) -> None:
    """Each listed value (and each end of a range) builds the grader's keys without error.

    A named mistake that gives the right answer for some learner's values could never be
    recognised, and ``answer_keys`` refuses it: that learner's work could not be graded.
    """
    exercise = read_exercise(REPO / "solutions" / f"{name}.ipynb")
    variants = [
        {parameter.name: value}
        for parameter in exercise.parameters
        for value in allowed_values(parameter)
        if value != parameter.default
    ]
    answers = run_solution(exercise, [None, *variants], limits=LIMITS)
    for variant in [None, *variants]:
        keys = answer_keys(exercise, answers[parameters_key(variant)], public=False)
        assert keys, (name, variant)
