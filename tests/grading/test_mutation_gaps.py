"""Feedback and marking rules that the mutation run (``make mutants``) found untested.

mutmut 3.8.1 changed ``src/planlab/grading`` one expression at a time; each test here
fails under at least one change the other kernel-free tests let through (the mutants
are named in ``tests/mutation-survivors.md``). Most are the sentences a learner reads
when an answer is not right yet: how many bars a chart has, which of its lines are
right, which inputs a function gets wrong, which columns of a table differ; the rest
are how a zip download is unpacked and how a learner with nothing to mark is scored. Each
expected sentence is worked out by hand from the marking rule in
:mod:`planlab.grading.judge`'s docstring and the answers built here.
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

from planlab.grading.explain import describe_error
from planlab.grading.grade import _zero_result
from planlab.grading.gradebook import _check_marks, _row_problems
from planlab.grading.identity import slug
from planlab.grading.judge import answer_key, judge
from planlab.grading.marking import mark_question
from planlab.grading.model import Provenance, Status
from planlab.grading.spec import Exercise
from planlab.grading.submissions import CollectLimits, collect
from tests.grading.test_marking import EXPECTED_TABLE, Q2, SALT, TABLE, chart, key_for
from tests.grading.test_submissions import make_zip, notebook_bytes

# --- Charts ----------------------------------------------------------------------------------

LINES = [("Admissions", [100.4, 110.0]), ("Mean", [105.0, 105.0])]


def chart_key(decimals: int | None = 0):
    """The key of a two-line, three-bar chart, compared to ``decimals`` places if given."""
    expected = {**chart(LINES), "bars": [1, 2, 3]}
    compare = {} if decimals is None else {"decimals": decimals}
    return answer_key(SALT, "q5", "chart", expected, compare=compare)


def test_a_chart_names_its_right_line_its_wrong_line_and_its_missing_bar() -> None:
    learner = {**chart([("Admissions", [100.0, 110.0]), ("Mean", [99.0, 99.0])]), "bars": [1, 2]}
    verdict = judge(SALT, "q5", chart_key(), learner)
    assert verdict.share == 0
    assert verdict.details == (
        "Your chart has 2 bars; the question asks for 3.",
        "Right: line 1 (Admissions). Not right yet: line 2 (Mean).",
    )


def test_a_chart_with_every_line_wrong_says_so_once() -> None:
    learner = {**chart([("", [1.0, 2.0]), ("", [3.0, 4.0])]), "bars": [1, 2, 3]}
    verdict = judge(SALT, "q5", chart_key(), learner)
    assert verdict.details == ("The lines are there, but their values are not the expected ones.",)


def test_a_chart_line_without_a_label_is_named_by_its_number_only() -> None:
    learner = {**chart([("", [100.0, 110.0]), ("", [0.0, 0.0])]), "bars": [1, 2, 3]}
    verdict = judge(SALT, "q5", chart_key(), learner)
    assert verdict.details == ("Right: line 1. Not right yet: line 2.",)


def test_chart_lines_are_compared_to_the_places_the_author_asked_for() -> None:
    """100.0 is 100.4 to 0 places (the default) but not to 1 place; 100.4 is right at both."""

    def first_note(decimals, first_line):
        learner = {**chart([("A", first_line), ("M", [0.0, 0.0])]), "bars": [1, 2, 3]}
        [note] = judge(SALT, "q5", chart_key(decimals), learner).details
        return note

    assert first_note(None, [100.0, 110.0]).startswith("Right: line 1 (A).")
    assert first_note(None, [100.4, 110.0]).startswith("Right: line 1 (A).")
    assert first_note(1, [100.4, 110.0]).startswith("Right: line 1 (A).")
    assert first_note(1, [100.0, 110.0]).startswith("The lines are there")


def test_a_chart_with_right_lines_and_wrong_bars_blames_no_line() -> None:
    learner = {**chart(LINES), "bars": [1, 2, 4]}
    verdict = judge(SALT, "q5", chart_key(), learner)
    assert (verdict.state, verdict.details) == ("not right", ())


# --- Functions -------------------------------------------------------------------------------


def function_answer(*results):
    """A function's answer: four calls (two shown to the learner) and their results."""
    return {"calls": [[1, 2], [3, 4], [5, 6], [7, 8]][: len(results)], "results": list(results)}


def test_a_function_says_how_many_inputs_are_right_and_what_the_shown_ones_gave() -> None:
    """Two public inputs, then two of the grader's own.

    The learner gets the first public input right, the second wrong, the first
    further input wrong (its value is never shown) and the last, which is an error
    in the solution too, right: 2 of 4.
    """
    expected = function_answer(
        {"result": 3}, {"result": 7}, {"result": 11}, {"error": "ValueError: too big"}
    )
    learner = function_answer(
        {"result": 3}, {"result": 8}, {"result": 12}, {"error": "ValueError: too big"}
    )
    key = answer_key(SALT, "q4", "function", expected, public_calls=2)
    verdict = judge(SALT, "q4", key, learner)
    assert verdict.details == (
        "It gives the expected result for 2 of 4 inputs.",
        "With the inputs (3, 4) it gives 8, which is not the expected result.",
    )


def test_an_error_on_a_further_input_is_shown_without_its_inputs() -> None:
    expected = function_answer({"result": 3}, {"result": 7})
    learner = function_answer({"result": 3}, {"error": "ZeroDivisionError: division by zero"})
    key = answer_key(SALT, "q4", "function", expected, public_calls=1)
    verdict = judge(SALT, "q4", key, learner)
    assert verdict.details == (
        "It gives the expected result for 1 of 2 inputs.",
        "With one of the grader's further inputs it stopped with "
        "ZeroDivisionError: division by zero.",
    )


# --- Tables ----------------------------------------------------------------------------------

NO_PARTS = TABLE.__class__(
    "q3", "table", 2, answer="dsr", compare={"decimals": 1, "ignore_order": True}
)


def table(*rows):
    return {"columns": EXPECTED_TABLE["columns"], "rows": [list(row) for row in rows]}


def test_a_table_with_every_compared_column_wrong_lists_them() -> None:
    learner = table(["C", 1.0, 2.0, 3.0], ["D", 4.0, 5.0, 6.0])
    verdict = judge(SALT, "q3", key_for(NO_PARTS, EXPECTED_TABLE), learner)
    assert verdict.details == (
        "None of the compared columns is right yet (Code, Rate, Lower, Upper).",
    )


def test_a_table_with_the_wrong_rows_says_only_that() -> None:
    learner = table(["C", 1.0, 2.0, 3.0])
    verdict = judge(SALT, "q3", key_for(NO_PARTS, EXPECTED_TABLE), learner)
    assert verdict.details == ("Your table has 1 row; the expected table has 2.",)


def test_a_table_with_some_columns_right_names_both_kinds() -> None:
    learner = table(["A", 87.5, 0.0, 0.0], ["B", 60.1, 0.0, 0.0])
    verdict = judge(SALT, "q3", key_for(NO_PARTS, EXPECTED_TABLE), learner)
    assert verdict.details == ("Right: Code, Rate. Not right yet: Lower, Upper.",)


def test_a_table_missing_two_columns_names_both() -> None:
    learner = {"columns": ["Code", "Rate"], "rows": [["A", 87.5], ["B", 60.1]]}
    verdict = judge(SALT, "q2", key_for(TABLE, EXPECTED_TABLE), learner)
    assert verdict.details == ("Your table has no column(s) Lower, Upper.",)


def test_a_named_mistake_with_a_right_part_names_the_parts() -> None:
    """The mistake earns nothing itself, but the right part keeps its half."""
    swapped = table(["A", 87.5, 95.0, 80.0], ["B", 60.1, 65.0, 55.0])
    key = key_for(TABLE, EXPECTED_TABLE, [(swapped, "the limits are swapped.", 0.0)])
    verdict = judge(SALT, "q2", key, swapped)
    assert (verdict.state, verdict.share) == ("mistake", 0.5)
    assert verdict.details == ("Right: the rates. Not right yet: the limits.",)


def test_the_hint_of_a_part_still_wrong_is_given_and_a_part_without_one_adds_none() -> None:
    wrong_rates = table(["A", 1.0, 80.0, 95.0], ["B", 2.0, 55.0, 65.0])
    verdict = judge(SALT, "q2", key_for(TABLE, EXPECTED_TABLE), wrong_rates)
    assert verdict.hints == ("per=1000",)
    wrong_limits = table(["A", 87.5, 0.0, 0.0], ["B", 60.1, 0.0, 0.0])
    assert judge(SALT, "q2", key_for(TABLE, EXPECTED_TABLE), wrong_limits).hints == ()


# --- Marking ---------------------------------------------------------------------------------


def test_an_error_message_with_a_colon_inside_keeps_its_name_whole() -> None:
    """``ValueError: could not convert ...: 'abc'`` is a ValueError, not a longer name."""
    error = "ValueError: could not convert string to float: 'abc'"
    result = mark_question(Q2, None, key_for(Q2, 97.0), error, SALT)
    advice = describe_error("ValueError", "could not convert string to float: 'abc'")
    assert result.message == f"Not marked: {advice}"
    assert result.message.startswith(
        "Not marked: Your code stopped with ValueError: could not convert string to float"
    )


# --- Learner ids -----------------------------------------------------------------------------


def test_a_learner_id_is_at_most_100_characters_and_never_empty() -> None:
    assert slug("a" * 150) == "a" * 100
    assert slug("Ann Smith (2)") == "ann-smith-2"
    assert slug("???") == "unnamed"


# --- Zip downloads ---------------------------------------------------------------------------


def test_a_notebook_after_another_kind_of_file_in_a_zip_is_still_found(tmp_path: Path) -> None:
    archive = make_zip(
        tmp_path / "class.zip",
        {"readme.txt": b"hello", "Alice/alice.ipynb": notebook_bytes()},
    )
    [submission] = collect([archive], tmp_path / "work")
    assert (submission.learner, submission.ok) == ("alice", True)
    assert submission.member == "Alice/alice.ipynb"


def test_a_second_member_with_the_same_path_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "twice.zip"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name, as it should
        with zipfile.ZipFile(archive, "w") as opened:
            opened.writestr("alice.ipynb", notebook_bytes())
            opened.writestr("alice.ipynb", notebook_bytes("answer = 0"))
    first, second = collect([archive], tmp_path / "work")
    assert first.ok
    assert first.notebook.cells[0].source == "answer = 42"
    assert second.refused
    assert second.problem.startswith(
        "alice.ipynb (in twice.zip) was not unpacked: the archive holds two files with this "
        "same path and name. "
    )


def test_a_member_at_the_cap_is_read_and_one_over_it_does_not_stop_the_rest(
    tmp_path: Path,
) -> None:
    raw = notebook_bytes()
    archive = make_zip(
        tmp_path / "class.zip",
        {"big.ipynb": notebook_bytes("answer = 4200"), "alice.ipynb": raw},
    )
    big, alice = collect([archive], tmp_path / "work", CollectLimits(notebook_bytes=len(raw)))
    assert big.notebook is None
    assert "more than the" in big.problem
    assert alice.ok


def test_a_member_over_the_cap_is_reported_in_megabytes(tmp_path: Path) -> None:
    archive = make_zip(
        tmp_path / "big.zip", {"alice.ipynb": notebook_bytes("a" * (2 * 1024 * 1024))}
    )
    [submission] = collect([archive], tmp_path / "work", CollectLimits(notebook_bytes=1024**2))
    assert submission.problem.startswith(
        "alice.ipynb (in big.zip) was not graded: it is 2.0 MB, more than the 1 MB allowed "
        "for one notebook. Ask the learner to clear the notebook's outputs"
    )
    assert submission.problem.endswith("download it again and resubmit it.")


# --- Learners with nothing to mark -----------------------------------------------------------


def test_a_missing_learner_has_no_score_but_an_unreadable_notebook_scores_0() -> None:
    """No notebook is not the same as a notebook that earned 0 (``grade._zero_result``)."""
    exercise = Exercise("ex", "Exercise", Path("ex.ipynb"), None, (Q2,), "fingerprint")
    origin = Provenance(origin="alice.ipynb")
    missing = _zero_result(exercise, "bob", Status.MISSING, "No notebook.", "", Provenance())
    broken = _zero_result(exercise, "alice", Status.MALFORMED, "Not JSON.", "sha", origin)
    [nothing] = missing.questions
    assert (nothing.question, nothing.kind, nothing.points) == ("q2", "number", 2)
    assert (nothing.score, nothing.message, nothing.title) == (
        None,
        "Not marked: No notebook.",
        Q2.title,
    )
    assert [question.score for question in broken.questions] == [0.0]
    assert broken.provenance == origin


# --- A trainer's marks file ------------------------------------------------------------------


def test_marks_rows_after_an_unmarked_row_are_read_and_repeats_are_refused() -> None:
    rows = [
        (2, {"learner": "ann", "question": "q6", "mark": "", "comment": "", "answer_id": ""}),
        (3, {"learner": "bob", "question": "q6", "mark": "2", "comment": "ok", "answer_id": "a1"}),
        (4, {"learner": "bob", "question": "q6", "mark": "9", "comment": "", "answer_id": ""}),
        (5, {"learner": "ann", "question": "q6", "mark": "1"}),  # an older file's row
    ]
    marks, problems = _check_marks(rows, {"ann", "bob"}, {"q6": 3.0})
    assert marks == [("bob", "q6", 2.0, "ok", "a1"), ("ann", "q6", 1.0, "", "")]
    assert problems == [
        (
            4,
            "the mark 9 is outside 0 to 3, the points for q6; "
            "bob already has a mark for q6 on line 3",
        )
    ]


def test_a_marks_file_for_an_exercise_without_reflections_says_there_are_none() -> None:
    row = {"learner": "ann", "question": "q2", "mark": "1"}
    assert _row_problems(row, {"ann"}, {}) == ["'q2' is not a reflective question (they are: none)"]
    assert _row_problems(row, {"ann"}, {"q7": 2.0, "q6": 3.0}) == [
        "'q2' is not a reflective question (they are: q6, q7)"
    ]
