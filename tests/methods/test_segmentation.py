"""Segmentation and concentration helpers, checked against small tables worked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from planlab import InputValueError
from planlab.segmentation import (
    concentration_curve,
    concentration_summary,
    people_for_share,
    segment_table,
    top_share,
)

# Five people. By hand: segment 1 has 3 people, cost 100 + 200 + 300 = 600, bed days 0 + 0 + 2 = 2;
# segment 8 has 2 people, cost 4,000 + 5,400 = 9,400, bed days 10 + 8 = 18.
# Totals: 5 people, cost 10,000, bed days 20.
PEOPLE = pd.DataFrame(
    {
        "LocalityCode": ["A", "A", "B", "A", "B"],
        "SegmentCode": [1, 1, 1, 8, 8],
        "AnnualCostGBP": [100, 200, 300, 4000, 5400],
        "EmergencyBedDays": [0, 0, 2, 10, 8],
    }
)
SEGMENTS = pd.DataFrame({"SegmentCode": [1, 8], "Segment": ["Healthy", "Frailty"]})


def test_segment_table_totals_and_shares_by_hand() -> None:
    table = segment_table(PEOPLE, segments=SEGMENTS)
    assert table.columns.tolist()[:5] == ["SegmentCode", "Segment", "People", "CostGBP", "BedDays"]
    assert table["Segment"].tolist() == ["Healthy", "Frailty"]
    assert table["People"].tolist() == [3, 2]
    assert table["CostGBP"].tolist() == [600, 9400]
    assert table["BedDays"].tolist() == [2, 18]
    assert table["ShareOfPeople"].tolist() == pytest.approx([0.6, 0.4])
    assert table["ShareOfCostGBP"].tolist() == pytest.approx([0.06, 0.94])
    assert table["ShareOfBedDays"].tolist() == pytest.approx([0.1, 0.9])
    assert table["CostGBPPerPerson"].tolist() == pytest.approx([200, 4700])
    assert table["BedDaysPerPerson"].tolist() == pytest.approx([2 / 3, 9])


def test_segment_table_by_locality_and_sample_weight() -> None:
    # Each row stands for 5 people. Locality A, segment 1: 2 rows -> 10 people, cost 300 x 5.
    table = segment_table(PEOPLE, by=["LocalityCode", "SegmentCode"], weight=5)
    assert table[["LocalityCode", "SegmentCode"]].values.tolist() == [
        ["A", 1],
        ["A", 8],
        ["B", 1],
        ["B", 8],
    ]
    assert table["People"].tolist() == [10, 5, 5, 5]
    assert table["CostGBP"].tolist() == [1500, 20000, 1500, 27000]
    assert table["BedDays"].tolist() == [0, 50, 10, 40]
    # Shares and means per person do not depend on the weight.
    assert table["ShareOfBedDays"].tolist() == pytest.approx([0, 0.5, 0.1, 0.4])
    assert table["CostGBPPerPerson"].tolist() == pytest.approx([150, 4000, 300, 5400])
    assert table["People"].dtype == "int64"


def test_segment_table_with_own_measures() -> None:
    table = segment_table(PEOPLE, measures={"Days": "EmergencyBedDays"})
    assert "CostGBP" not in table.columns
    assert table["Days"].tolist() == [2, 18]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"by": "Missing"}, "people was 'a table without Missing'"),
        ({"weight": 0}, "weight was 0"),
        ({"weight": True}, "weight was True"),
    ],
)
def test_segment_table_refuses_bad_input(kwargs: dict, message: str) -> None:
    with pytest.raises(InputValueError, match=message):
        segment_table(PEOPLE, **kwargs)


def test_segment_table_refuses_negative_use() -> None:
    bad = PEOPLE.assign(EmergencyBedDays=[0, -1, 0, 0, 0])
    with pytest.raises(InputValueError, match="negative"):
        segment_table(bad)


def test_concentration_curve_by_hand() -> None:
    # Sorted heaviest first: 10, 8, 2, 0, 0 of 20 bed days.
    curve = concentration_curve(PEOPLE["EmergencyBedDays"])
    assert curve["ShareOfPeople"].tolist() == pytest.approx([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    assert curve["ShareOfUse"].tolist() == pytest.approx([0, 0.5, 0.9, 1.0, 1.0, 1.0])


def test_concentration_curve_with_weights() -> None:
    # Use 6 for 1 person, 1 for 3 people: total 9; the first person is a quarter of people.
    curve = concentration_curve([1, 6], weights=[3, 1])
    assert curve["ShareOfPeople"].tolist() == pytest.approx([0, 0.25, 1.0])
    assert curve["ShareOfUse"].tolist() == pytest.approx([0, 6 / 9, 1.0])


def test_top_share_by_hand() -> None:
    bed_days = PEOPLE["EmergencyBedDays"]
    assert top_share(bed_days, 0.2) == pytest.approx(0.5)  # the heaviest person: 10 of 20
    assert top_share(bed_days, 0.4) == pytest.approx(0.9)  # the two heaviest: 18 of 20
    # Half way through the second person: 10 + 8 / 2 = 14 of 20.
    assert top_share(bed_days, 0.3) == pytest.approx(0.7)
    assert top_share(bed_days, 0.0) == 0.0
    assert top_share(bed_days, 1.0) == pytest.approx(1.0)


def test_people_for_share_by_hand() -> None:
    bed_days = PEOPLE["EmergencyBedDays"]
    assert people_for_share(bed_days, 0.5) == pytest.approx(0.2)
    # 14 of 20 is reached half way through the second person: 0.2 + 0.1.
    assert people_for_share(bed_days, 0.7) == pytest.approx(0.3)
    assert people_for_share(bed_days, 1.0) == pytest.approx(0.6)
    assert people_for_share(bed_days, 0.0) == 0.0


def test_people_for_share_undoes_top_share() -> None:
    use = [0, 3, 1, 0, 7, 2, 2, 0, 9, 1]
    for top in (0.05, 0.15, 0.25, 0.5):
        assert people_for_share(use, top_share(use, top)) == pytest.approx(top)


def test_equal_use_gives_the_diagonal() -> None:
    assert top_share([4, 4, 4, 4], 0.25) == pytest.approx(0.25)
    assert people_for_share([4, 4, 4, 4], 0.5) == pytest.approx(0.5)


def test_concentration_summary_by_hand() -> None:
    summary = concentration_summary(PEOPLE["EmergencyBedDays"], tops=(0.2, 0.4))
    assert summary.columns.tolist() == ["TopShareOfPeople", "ShareOfUse"]
    assert summary["ShareOfUse"].tolist() == pytest.approx([0.5, 0.9])


@pytest.mark.parametrize(
    ("use", "message"),
    [([], "empty"), ([0, 0], "all zero"), ([1, -1], "below 0"), ([1.0, float("nan")], "gaps")],
)
def test_concentration_refuses_unusable_use(use: list, message: str) -> None:
    with pytest.raises(InputValueError, match=message):
        concentration_curve(use)


def test_concentration_refuses_bad_weights_and_shares() -> None:
    with pytest.raises(InputValueError, match="weights"):
        concentration_curve([1, 2], weights=[1])
    with pytest.raises(InputValueError, match="weights"):
        concentration_curve([1, 2], weights=[1, 0])
    with pytest.raises(InputValueError, match="top was 5"):
        top_share([1, 2], 5)
    with pytest.raises(InputValueError, match=r"share was 1\.5"):
        people_for_share([1, 2], 1.5)
