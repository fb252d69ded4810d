import numpy as np
import pandas as pd
import pytest

from planlab.errors import InputValueError
from planlab.spc import XMR_CONSTANT, xmr

TEN = [10, 12, 11, 13, 12, 14, 11, 12, 13, 12]


def test_xmr_limits_by_hand_on_ten_points():
    # Mean = 120 / 10 = 12.
    # Moving ranges: 2, 1, 2, 1, 2, 3, 1, 1, 1 -> sum 14, average 14 / 9 = 1.5556.
    # Limits: 12 +/- 2.66 x 1.5556 = 7.862 to 16.138.
    chart = xmr(TEN)
    assert chart["Mean"].iloc[0] == pytest.approx(12.0)
    assert chart["MovingRange"].tolist()[1:] == [2, 1, 2, 1, 2, 3, 1, 1, 1]
    assert np.isnan(chart["MovingRange"].iloc[0])
    assert chart["AverageMovingRange"].iloc[0] == pytest.approx(14 / 9)
    assert chart["UpperLimit"].iloc[0] == pytest.approx(12 + 2.66 * 14 / 9)
    assert chart["LowerLimit"].iloc[0] == pytest.approx(12 - 2.66 * 14 / 9)
    assert chart["UpperLimit"].iloc[0] == pytest.approx(16.138, abs=1e-3)
    assert XMR_CONSTANT == 2.66
    assert not chart["SpecialCause"].any()


def test_columns_and_index_are_kept():
    months = pd.Index(["2024-01", "2024-02", "2024-03"], name="Month")
    chart = xmr(pd.Series([1.0, 2.0, 3.0], index=months))
    assert chart.index.equals(months)
    assert list(chart.columns) == [
        "Value",
        "MovingRange",
        "Mean",
        "AverageMovingRange",
        "LowerLimit",
        "UpperLimit",
        "OutsideLimits",
        "Shift",
        "Trend",
        "TwoOfThree",
        "SpecialCause",
    ]


def test_point_outside_limits_with_a_baseline():
    chart = xmr([*TEN, 30], baseline=10)
    assert chart["UpperLimit"].iloc[0] == pytest.approx(12 + 2.66 * 14 / 9)
    assert chart["OutsideLimits"].tolist() == [False] * 10 + [True]
    assert chart["SpecialCause"].iloc[-1]


def test_shift_of_seven_above_the_mean_but_not_six():
    base = [10, 12, 11, 13, 12, 14, 11, 12, 13, 12]
    seven = xmr([*base, 13, 13, 13, 13, 13, 13, 13], baseline=10)
    assert seven["Shift"].tolist()[-7:] == [True] * 7
    six = xmr([*base, 13, 13, 13, 13, 13, 13, 11], baseline=10)
    assert not six["Shift"].any()
    assert xmr([*base, 13, 13, 13, 13, 13, 13, 11], baseline=10, run_length=6)["Shift"].sum() == 6


def test_point_on_the_mean_breaks_a_run():
    chart = xmr([*TEN, 11, 11, 11, 12, 11, 11, 11], baseline=10)
    assert not chart["Shift"].any()


def test_trend_of_seven_rising_points():
    values = [20, 10, 11, 12, 13, 14, 15, 16, 5]
    chart = xmr(values)
    assert chart["Trend"].tolist() == [False, True, True, True, True, True, True, True, False]
    falling = xmr([5, 16, 15, 14, 13, 12, 11, 10, 20])
    assert falling["Trend"].sum() == 7
    assert not xmr([10, 11, 12, 13, 14, 15, 15, 16])["Trend"].any()
    assert xmr([10, 11, 12, 13, 14, 15, 16], trend_length=6)["Trend"].all()


def test_two_of_three_close_to_a_limit():
    # Baseline mean 12, limits 12 +/- 4.138: the outer third above starts at 14.759.
    chart = xmr([*TEN, 15, 12, 15.5], baseline=10)
    assert chart["TwoOfThree"].tolist()[-3:] == [True, False, True]
    assert not chart["OutsideLimits"].any()
    # Points close to opposite limits do not count together.
    mixed = xmr([*TEN, 15, 9, 12], baseline=10)
    assert not mixed["TwoOfThree"].any()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"values": [1]}, "at least 2"),
        ({"values": [1, np.nan, 2]}, "none missing"),
        ({"values": [1, 2, 3], "baseline": 1}, "baseline"),
        ({"values": [1, 2, 3], "run_length": 1}, "run_length"),
        ({"values": ["a", "b"]}, "numbers"),
    ],
)
def test_xmr_refuses_bad_input(kwargs, message):
    with pytest.raises(InputValueError, match=message):
        xmr(**kwargs)
