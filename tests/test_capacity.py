"""Beds from bed days, checked against sums worked by hand."""

from __future__ import annotations

import math

import pytest

from planlab import InputValueError, PlanlabError, beds_needed, beds_table


@pytest.mark.parametrize(
    ("bed_days", "occupancy", "expected"),
    [
        (30_000, 0.85, 97),  # 30,000 / (365 x 0.85) = 96.7
        (30_000, 0.92, 90),  # 30,000 / (365 x 0.92) = 89.3
        (30_000, 0.80, 103),  # 30,000 / (365 x 0.80) = 102.7
        (36_500, 1.00, 100),  # exactly 100 beds full every night
        (36_500, 0.80, 125),  # exactly 125: floating point gives 124.99999999999997
        (0, 0.85, 0),
    ],
)
def test_beds_needed_matches_hand_worked_sums(bed_days, occupancy, expected) -> None:
    assert beds_needed(bed_days, occupancy) == expected


def test_beds_needed_over_a_shorter_period() -> None:
    # A 90-day winter with 8,100 bed days: 8,100 / (90 x 0.9) = 100 beds exactly.
    assert beds_needed(8_100, 0.9, days=90) == 100


def test_percent_written_as_a_whole_number_is_explained() -> None:
    with pytest.raises(InputValueError, match=r"write 85% as 0\.85") as caught:
        beds_needed(30_000, 85)
    assert caught.value.name == "target_occupancy"
    assert caught.value.value == 85


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"bed_days": -1, "target_occupancy": 0.85}, "bed_days"),
        ({"bed_days": math.nan, "target_occupancy": 0.85}, "bed_days"),
        ({"bed_days": "30000", "target_occupancy": 0.85}, "bed_days"),
        ({"bed_days": True, "target_occupancy": 0.85}, "bed_days"),
        ({"bed_days": 30_000, "target_occupancy": 0}, "target_occupancy"),
        ({"bed_days": 30_000, "target_occupancy": 1.2}, "target_occupancy"),
        ({"bed_days": 30_000, "target_occupancy": "85%"}, "target_occupancy"),
        ({"bed_days": 30_000, "target_occupancy": 0.85, "days": 0}, "days"),
        ({"bed_days": 30_000, "target_occupancy": 0.85, "days": 36.5}, "days"),
    ],
)
def test_bad_inputs_name_the_argument(kwargs, name) -> None:
    with pytest.raises(PlanlabError, match=rf"^{name} was .+, but it must be "):
        beds_needed(**kwargs)


def test_beds_table_has_one_row_per_occupancy() -> None:
    table = beds_table(30_000, [0.80, 0.85, 0.92])
    assert list(table.columns) == ["TargetOccupancy", "AverageBedsOccupied", "BedsNeeded"]
    assert table["BedsNeeded"].tolist() == [103, 97, 90]
    assert table["AverageBedsOccupied"].round(2).tolist() == [82.19] * 3


def test_beds_table_needs_at_least_one_occupancy() -> None:
    with pytest.raises(InputValueError, match="at least one target occupancy"):
        beds_table(30_000, [])
