"""Releasing an exercise to a roster: each learner's own numbers, checked and graded."""

from __future__ import annotations

import nbformat
import pytest

from planlab.errors import RosterError
from planlab.grading.grade import grade
from planlab.grading.model import RunLimits, Status
from planlab.grading.parameters import Parameter
from planlab.grading.release import release
from planlab.grading.roster import read_roster
from planlab.grading.selfcheck import SelfCheck
from tests.grading.cohort import SOLUTION, _answered

LIMITS = RunLimits(cell_timeout=20, submission_timeout=60)


def _self_check(notebook) -> SelfCheck:
    source = next(
        c.source
        for c in notebook.cells
        if c.metadata.get("planlab", {}).get("role") == "self-check"
    )
    names: dict = {}
    exec(source, names)  # the cell a learner runs first
    return names["check"]


def test_each_learner_gets_and_is_graded_on_their_own_numbers(tmp_path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("learner,bed_days\namina,20000\nben,40000\n", encoding="utf-8")
    written = release(SOLUTION, roster, tmp_path / "released", workers=2).written
    assert [path.name for path in written] == ["amina.ipynb", "ben.ipynb"]
    amina = nbformat.read(written[0], as_version=4)
    assert any("bed_days = 20000" in cell.source for cell in amina.cells)
    # Amina's self-check expects her own answer: 20,000 / (365 x 0.85) = 64.5, so 65 beds.
    assert _self_check(amina)("q2", {"beds_85": 65}).passed
    assert not _self_check(amina)("q2", {"beds_85": 97}).passed

    # Ben copies the answer for the default 30,000 bed days; Amina computes hers.
    submissions = tmp_path / "in"
    submissions.mkdir()
    nbformat.write(_answered({"q2": "beds_85 = 97"}, written[1]), submissions / "ben.ipynb")
    nbformat.write(
        _answered({"q2": "beds_85 = math.ceil(bed_days / (365 * 0.85))"}, written[0]),
        submissions / "amina.ipynb",
    )
    summary = grade(
        SOLUTION, [submissions], tmp_path / "out", roster_path=roster, limits=LIMITS, progress=False
    )
    q2 = {r.learner: next(q for q in r.questions if q.question == "q2") for r in summary.results}
    assert all(r.status is Status.GRADED for r in summary.results)
    assert q2["amina"].score == 2.0
    assert q2["ben"].score < 2.0


def test_a_roster_with_bad_lines_lists_every_one(tmp_path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("learner,seed\namina,1\n../evil,2\namina,3\n,4\n", encoding="utf-8")
    with pytest.raises(RosterError) as caught:
        read_roster(roster)
    message = str(caught.value)
    assert "3 problem(s)" in message
    assert "line 3, learner: '../evil'" in message
    assert "line 4, learner: 'amina' is listed twice" in message
    assert "line 5, learner: ''" in message


BEDS = Parameter("bed_days", 30000, low=1000, high=200000)
PLACE = Parameter("locality", "LVL01", one_of=("LVL01", "LVL02"))


def test_roster_values_take_their_parameters_type_and_other_columns_are_named(tmp_path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        'learner,bed_days,locality,name,site\nx1,"30,000",LVL02,Xena One,North\n',
        encoding="utf-8",
    )
    read = read_roster(roster, (BEDS, PLACE))
    assert read.parameters("x1") == {"bed_days": 30000, "locality": "LVL02"}
    assert read.entries["x1"].info == {"name": "Xena One"}
    assert read.ignored == ["site"]
    assert read.parameters("nobody") is None


def test_a_roster_column_that_is_nearly_a_parameter_is_refused_with_a_suggestion(tmp_path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("learner,Locality\nx1,LVL01\n", encoding="utf-8")
    with pytest.raises(RosterError, match="did you mean 'locality'"):
        read_roster(roster, (BEDS, PLACE))


def test_every_bad_value_is_named_with_its_line_and_column(tmp_path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("learner,bed_days,locality\nx1,lots,LVL01\nx2,500,LVL09\n", encoding="utf-8")
    with pytest.raises(RosterError) as caught:
        read_roster(roster, (BEDS, PLACE))
    message = str(caught.value)
    assert "3 problem(s)" in message
    for where in ("line 2, bed_days", "line 3, bed_days", "line 3, locality"):
        assert where in message
