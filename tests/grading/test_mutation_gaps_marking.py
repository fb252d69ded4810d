"""Marking rules that the second mutation round (``make mutants``) found untested.

:func:`planlab.grading.marking.mark_run` was reached only by the kernel-backed cohort
tests, and :func:`~planlab.grading.marking.mark_reflection`'s result was checked only
for its score and message. These tests mark a run built by hand (no kernel), so each
fails under at least one mutant of :mod:`planlab.grading.marking` that the other
kernel-free tests let live (named in ``tests/mutation-survivors.md``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planlab.grading.grade import _zero_result
from planlab.grading.marking import mark_reflection, mark_run
from planlab.grading.model import (
    AWAITING_MARK,
    NOT_WRITTEN,
    Provenance,
    QuestionResult,
    RunResult,
    Status,
)
from planlab.grading.notebooks import REFLECTION_PLACEHOLDER, RUBRIC_LEAD
from planlab.grading.reflections import written
from planlab.grading.spec import Exercise, Question
from tests.grading.test_marking import Q2, key_for

REFLECT = Question("q6", "reflection", 3, rubric="Links the figure to a decision.", title="Q6")
#: A second number question, so that one run can mark two in different ways.
Q3 = Question("q3", "number", 1, answer="rate", title="Question 3: the rate")


def test_a_written_reflection_waits_with_every_field_of_its_question() -> None:
    assert mark_reflection(REFLECT, "I would advise 85%.") == QuestionResult(
        "q6", "reflection", 3, None, AWAITING_MARK, "", "Q6"
    )


@pytest.mark.parametrize(
    "text", ["", "   \n", REFLECTION_PLACEHOLDER, f"  {REFLECTION_PLACEHOLDER}"]
)
def test_a_blank_or_untouched_reflection_scores_0_with_every_field_of_its_question(
    text: str,
) -> None:
    assert mark_reflection(REFLECT, text) == QuestionResult(
        "q6", "reflection", 3, 0.0, NOT_WRITTEN, "", "Q6"
    )


TEMPLATE = f"{REFLECTION_PLACEHOLDER}\n\n{RUBRIC_LEAD} Names the risk and the measure."


@pytest.mark.parametrize(
    "text",
    [
        f"{REFLECTION_PLACEHOLDER}\n\nI would advise 85%, because winter peaks need room.",
        f"{TEMPLATE}\n\nI would advise 85%, because winter peaks need room.",
        f"I would advise 85%, because winter peaks need room.\n\n{TEMPLATE}",
    ],
)
def test_an_answer_written_above_or_below_the_template_is_marked(text: str) -> None:
    """Found by the mutation run: an answer under the placeholder used to score 0."""
    assert mark_reflection(REFLECT, text).message == AWAITING_MARK
    assert written(text) == "I would advise 85%, because winter peaks need room."


def test_the_untouched_template_with_its_rubric_is_not_an_answer() -> None:
    assert mark_reflection(REFLECT, TEMPLATE).message == NOT_WRITTEN
    assert written(TEMPLATE) == ""


def exercise(*questions: Question) -> Exercise:
    """An exercise with id ``test``, whose salt is ``planlab:test`` (``SALT``, as the keys)."""
    return Exercise("test", "Exercise", Path("test.ipynb"), None, questions, "fingerprint")


def test_a_finished_run_marks_each_question_from_its_answer_its_error_and_its_reflection() -> None:
    """q2 right, q3 stopped with an error at line 2 of its cell, q6 written."""
    keys = {"q2": key_for(Q2, 97.0), "q3": key_for(Q3, 87.5)}
    run = RunResult(
        key="ann",
        status=Status.GRADED,
        answers={"q2": {"value": 97.0}},
        cell_errors={"q3": "NameError: name 'rate' is not defined"},
        error_lines={"q3": (2, "print(rate)")},
    )
    marks = mark_run(exercise(Q2, Q3, REFLECT), run, keys, {"q6": "Advise 85%."})
    right = "Right: your answer matches the expected answer to the nearest whole number."
    assert marks[0] == QuestionResult("q2", "number", 2, 2.0, right, "", Q2.title)
    stopped = marks[1]
    assert (stopped.question, stopped.kind, stopped.points, stopped.score, stopped.title) == (
        "q3",
        "number",
        1,
        0.0,
        Q3.title,
    )
    assert stopped.message.startswith(
        "Not marked: Your code stopped at line 2 (print(rate)) with NameError: "
        "name 'rate' is not defined."
    )
    assert stopped.hint == "Expected: a number (for example 97 or 0.85)."
    assert marks[2] == mark_reflection(REFLECT, "Advise 85%.")


def test_the_hint_of_a_question_with_no_answer_names_its_units() -> None:
    beds = Question("q7", "number", 1, answer="beds", units="beds", title="Q7")
    [mark] = mark_run(exercise(beds), RunResult(key="ann", status=Status.GRADED), {"q7": {}}, {})
    assert mark.hint == "Expected: a number (for example 97 or 0.85), in beds."


def test_a_run_that_stopped_keeps_the_answers_it_gave_and_names_why_for_the_rest() -> None:
    keys = {"q2": key_for(Q2, 97.0), "q3": key_for(Q3, 87.5)}
    run = RunResult(
        key="ann",
        status=Status.TIMEOUT,
        reason="it ran for more than 60 seconds",
        answers={"q2": {"value": 97.0}},
    )
    marks = mark_run(exercise(REFLECT, Q2, Q3), run, keys, {})
    assert marks[0] == mark_reflection(REFLECT, "")
    assert marks[1].score == 2
    assert marks[2] == QuestionResult(
        "q3", "number", 1, 0.0, "Not marked: it ran for more than 60 seconds", "", Q3.title
    )


def test_a_finished_run_with_no_answer_says_none_came_back() -> None:
    keys = {"q3": key_for(Q3, 87.5)}
    [mark] = mark_run(exercise(Q3), RunResult(key="ann", status=Status.GRADED), keys, {})
    assert mark.score == 0
    assert mark.message == "Not marked: no answer came back from your notebook."


def test_a_learner_with_nothing_to_mark_keeps_their_name_status_reason_and_file() -> None:
    """``grade._zero_result``: an unreadable notebook is still reported as the learner's."""
    found = _zero_result(
        exercise(Q2, Q3), "ann", Status.MALFORMED, "Not JSON.", "sha-ann", Provenance()
    )
    assert (found.learner, found.status, found.reason, found.max_score, found.source_sha256) == (
        "ann",
        Status.MALFORMED,
        "Not JSON.",
        3,
        "sha-ann",
    )
