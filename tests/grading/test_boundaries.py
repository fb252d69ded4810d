"""Boundaries the mutation run (``make mutants``) showed no test pinned down.

mutmut 3.8.1 over ``grading/`` with the kernel-free tests left three kinds of mutant alive
that would change who gets which mark: ``>`` turned into ``>=`` at a parameter's largest
allowed value, the range check of a trainer's mark, and the order in which a learner's
names are tried against the roster. Each test below fails under one of those mutants.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planlab.errors import MarksFileError
from planlab.grading.gradebook import Gradebook
from planlab.grading.learners import resolve
from planlab.grading.parameters import Parameter, convert
from planlab.grading.roster import read_roster
from planlab.grading.submissions import collect
from tests.grading.test_gradebook import make_result
from tests.grading.test_learners import notebook_bytes, write


@pytest.mark.parametrize(("text", "value"), [("0.4", 0.4), ("0.8", 0.8), ("0.6", 0.6)])
def test_a_parameter_accepts_both_ends_of_its_range(text: str, value: float) -> None:
    reach = Parameter("reach", 0.6, low=0.4, high=0.8)
    assert convert(reach, text) == value


@pytest.mark.parametrize("text", ["0.39", "0.81"])
def test_a_parameter_refuses_a_value_just_outside_its_range(text: str) -> None:
    reach = Parameter("reach", 0.6, low=0.4, high=0.8)
    with pytest.raises(ValueError, match=r"outside the range: give a number from 0\.4 to 0\.8"):
        convert(reach, text)


@pytest.mark.parametrize(("text", "score"), [("0", 0.0), ("5", 5.0), ("4.5", 4.5)])
def test_a_trainers_mark_may_be_anything_from_0_to_the_points(
    tmp_path: Path, text: str, score: float
) -> None:
    marks = tmp_path / "marks.csv"
    marks.write_text(f"learner,question,mark\nalice,reflect,{text}\n", encoding="utf-8")
    with Gradebook(tmp_path / "gradebook.sqlite") as book:
        book.record("week1", "fp-1", make_result("alice"))
        assert book.import_marks(marks, "week1", {"reflect": 5.0}) == 1
        assert book.results("week1")[0].questions[2].score == score


@pytest.mark.parametrize("text", ["5.01", "-0.01"])
def test_a_trainers_mark_just_outside_the_points_is_refused(tmp_path: Path, text: str) -> None:
    marks = tmp_path / "marks.csv"
    marks.write_text(f"learner,question,mark\nalice,reflect,{text}\n", encoding="utf-8")
    with Gradebook(tmp_path / "gradebook.sqlite") as book:
        book.record("week1", "fp-1", make_result("alice"))
        with pytest.raises(MarksFileError, match=re.escape(f"the mark {text} is outside 0 to 5")):
            book.import_marks(marks, "week1", {"reflect": 5.0})


ROSTER = "learner,name\nfarah.ali,Farah Ali\nmary.smith,Mary Ann Smith\ntom.baird,Tom Baird\n"


@pytest.mark.parametrize(
    ("file_name", "learner"),
    [
        ("Farah Ali", "farah.ali"),  # as on the roster
        ("Ali Farah", "farah.ali"),  # surname first
        ("Ali, Farah", "farah.ali"),  # surname first, with a comma
        ("Smith Mary Ann", "mary.smith"),  # surname first, two given names
        ("Ann Smith Mary", "mary.smith"),  # first given name moved to the end
    ],
)
def test_a_learners_name_in_either_order_finds_them_on_the_roster(
    tmp_path: Path, file_name: str, learner: str
) -> None:
    folder = tmp_path / "moodle"
    write(folder / f"{file_name}_4051_assignsubmission_file_" / "ex.ipynb", notebook_bytes())
    roster_file = tmp_path / "roster.csv"
    roster_file.write_text(ROSTER, encoding="utf-8")
    found = resolve(collect([folder], tmp_path / "work"), read_roster(roster_file))
    assert list(found.chosen) == [learner]


def test_a_name_with_its_words_shuffled_otherwise_matches_nobody(tmp_path: Path) -> None:
    folder = tmp_path / "moodle"
    write(folder / "Mary Smith Ann_4051_assignsubmission_file_" / "ex.ipynb", notebook_bytes())
    roster_file = tmp_path / "roster.csv"
    roster_file.write_text(ROSTER, encoding="utf-8")
    found = resolve(collect([folder], tmp_path / "work"), read_roster(roster_file))
    assert found.chosen == {}
