"""Trajectories (module 7): the monthly path, the first signal and the plausibility verdict.

Sources of the expected values:

- The trajectory's months are worked by hand below (linear: equal steps; geometric: equal
  ratios), independently of the code.
- The XmR limits come from module 2's ten-point example (``tests/methods/test_spc.py``: mean
  12, average moving range 14/9, limits 12 +/- 2.66 x 14/9) and from the 20 jet engine diameters
  of SAS/QC's worked example "Creating Individual Measurements and Moving Range Charts"
  (SAS/QC User's Guide, PROC SHEWHART, IRCHART statement, sample SHWIR1), whose mean and
  average moving range are added up here by hand; the limits follow the formula that guide
  gives, mean +/- 3 x average moving range / d2 with d2 = 1.128 (2.66 = 3 / 1.128).
- The shift rule is NHS England's *Making Data Count*: 7 points in a row on one side of the
  mean, as module 2 applies it.
- The chance of a point beyond a 3-sigma limit is the normal tail, Phi(-3) = 0.00135, from
  any table of the normal distribution.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from planlab.errors import InputValueError
from planlab.trajectory import (
    D2,
    VERDICTS,
    first_signal_month,
    monthly_trajectory,
    plausibility,
    signal_chance,
)

TEN = [10, 12, 11, 13, 12, 14, 11, 12, 13, 12]
TEN_LOWER = 12 - 2.66 * 14 / 9  # 7.862
JETS = [78.4, 80.1, 84.4, 79.1, 80.4, 83.5, 73.8, 83.5, 75.0, 76.8]
JETS += [70.5, 80.3, 82.4, 79.4, 86.4, 90.5, 77.7, 82.5, 79.9, 83.2]


def test_linear_trajectory_by_hand() -> None:
    # From 100 to 88 over three months: 12 fewer in 3 equal steps of 4.
    path = monthly_trajectory(100, 88, "2025-04", "2025-06")
    assert path.index.tolist() == [
        pd.Period("2025-04", "M"),
        pd.Period("2025-05", "M"),
        pd.Period("2025-06", "M"),
    ]
    assert path.index.name == "Month"
    assert path["Value"].tolist() == pytest.approx([96, 92, 88])
    assert path["MonthlyChange"].tolist() == pytest.approx([-4, -4, -4])
    assert path["ChangeFromBaseline"].tolist() == pytest.approx([-4, -8, -12])
    assert path["RelativeChange"].tolist() == pytest.approx([-0.04, -0.08, -0.12])


def test_geometric_trajectory_by_hand() -> None:
    # From 1000 to 810 over two months: the same ratio each month, sqrt(0.81) = 0.9.
    path = monthly_trajectory(1000, 810, "2026-01", "2026-02", shape="geometric")
    assert path["Value"].tolist() == pytest.approx([900, 810])
    assert path["MonthlyChange"].tolist() == pytest.approx([-100, -90])
    # A 20% cut over 24 months: each month is 0.8 ** (1/24) = 0.99075 of the last.
    long = monthly_trajectory(1600, 1280, "2025-04", "2027-03", shape="geometric")
    assert len(long) == 24
    ratios = long["Value"] / long["Value"].shift(1)
    assert ratios.iloc[1:].tolist() == pytest.approx([0.8 ** (1 / 24)] * 23)
    assert long["Value"].iloc[-1] == pytest.approx(1280)


def test_a_one_month_trajectory_reaches_the_target_at_once() -> None:
    assert monthly_trajectory(50, 40, "2025-04", "2025-04")["Value"].tolist() == [40]


def test_limits_of_the_published_jet_engine_example() -> None:
    # Sum of the 20 diameters 1607.8, mean 80.39. Moving ranges add to 101.2 over 19:
    # 5.3263. Limits 80.39 +/- 3 x 5.3263 / 1.128 = 66.224 to 94.556.
    mean = sum(JETS) / 20
    average_mr = sum(abs(b - a) for a, b in itertools.pairwise(JETS)) / 19
    assert mean == pytest.approx(80.39)
    assert average_mr == pytest.approx(101.2 / 19)
    path = monthly_trajectory(mean, mean, "2025-01", "2025-03")
    signal = first_signal_month(pd.Series(JETS), path)
    assert signal.mean == pytest.approx(80.39)
    # 2.66 is 3 / 1.128 rounded, so the limits agree to 0.01.
    assert signal.lower_limit == pytest.approx(mean - 3 * average_mr / D2, abs=0.01)
    assert signal.upper_limit == pytest.approx(94.556, abs=0.01)


def test_a_gentle_fall_signals_by_a_shift_in_month_7() -> None:
    # Baseline mean 12; from 12 down by 0.1 a month: every month is below the mean, none
    # below 7.862, so the 7th month completes a run of 7 below the mean.
    path = monthly_trajectory(12, 10.8, "2025-01", "2025-12")
    signal = first_signal_month(pd.Series(TEN), path)
    assert signal.rule == "Shift"
    assert signal.months == 7
    assert signal.month == pd.Period("2025-07", "M")
    assert signal.lower_limit == pytest.approx(TEN_LOWER)


def test_a_steep_fall_crosses_the_lower_limit_before_a_shift() -> None:
    # From 12 down 1 a month: 11, 10, 9, 8, 7 -> 7 is the first value below 7.862 (month 5).
    path = monthly_trajectory(12, 0, "2025-01", "2025-12")
    signal = first_signal_month(pd.Series(TEN), path)
    assert (signal.rule, signal.months) == ("OutsideLimits", 5)


def test_a_run_that_starts_above_the_mean_counts_from_its_first_month_below() -> None:
    # 14, 13 above the mean of 12, 12 on it (ends any run), then 11 ... below from month 4:
    # seven months below the mean end in month 10.
    path = pd.Series([14, 13, 12, 11.5, 11, 11, 11, 11, 11, 11, 11])
    signal = first_signal_month(pd.Series(TEN), path)
    assert (signal.rule, signal.months) == ("Shift", 10)


def test_a_run_is_not_borrowed_from_the_baseline() -> None:
    # The baseline ends with 5 months below its mean; 2 more below would make 7 in a row,
    # but only trajectory months count, so the shift comes in month 7, not month 2.
    history = pd.Series([14, 14, 14, 14, 14, 10, 10, 10, 10, 10])
    signal = first_signal_month(history, pd.Series([11.0] * 9))
    assert signal.months == 7


def test_no_signal_when_the_trajectory_stays_at_the_mean() -> None:
    signal = first_signal_month(pd.Series(TEN), pd.Series([12.0] * 12))
    assert signal.month is None
    assert signal.rule is None
    assert signal.months is None


def test_a_rise_signals_upwards() -> None:
    path = monthly_trajectory(12, 24, "2025-01", "2025-12")  # up 1 a month: 13, 14, 15, 16, 17
    signal = first_signal_month(pd.Series(TEN), path)
    assert (signal.rule, signal.months) == ("OutsideLimits", 5)  # 17 > 16.138


def test_baseline_months_takes_the_last_months_of_history() -> None:
    history = pd.Series([100.0] * 5 + TEN)
    path = monthly_trajectory(12, 10.8, "2025-01", "2025-12")
    assert first_signal_month(history, path, baseline_months=10) == first_signal_month(
        pd.Series(TEN), path
    )


def _history_with_a_fall() -> pd.Series:
    """Two years at 100 then one at 90, months alternating +5 and -5 about the level."""
    wiggle = np.tile([5.0, -5.0], 18)
    level = np.array([100.0] * 24 + [90.0] * 12)
    return pd.Series(level + wiggle)


def test_plausibility_by_hand() -> None:
    history = _history_with_a_fall()
    # 12-month averages: 100 up to month 24, then 90 from month 36; the largest fall from
    # one 12 months' average to the next is 10. Baseline: the last 12 months, 95 and 85
    # alternating: mean 90, every moving range 10, limits 90 +/- 26.6 = 63.4 to 116.6.
    small = monthly_trajectory(90, 81, "2025-01", "2025-12")  # -9 in 12 months
    result = plausibility(history, small, baseline_months=12)
    measures = result.measures
    assert measures["LargestSustainedChange"] == pytest.approx(-10)
    assert measures["SteepestChange"] == pytest.approx(-9)
    assert measures["AverageMovingRange"] == pytest.approx(10)
    assert measures["MonthlyChangeNeeded"] == pytest.approx(-0.75)
    assert measures["MonthlyChangeToMovingRange"] == pytest.approx(0.075)
    assert measures["LowerLimit"] == pytest.approx(63.4)
    assert measures["RelativeChange"] == pytest.approx(-0.1)
    assert result.verdict == VERDICTS[0] == "within past experience"
    assert len(result.reasons) == 4

    # -20 in 12 months is more than the 10 ever sustained, but 70 is inside 63.4: a stretch.
    # -30 over 24 months is -15 in its steepest 12, and 60 is below 63.4: a wish.
    stretch = monthly_trajectory(90, 70, "2025-01", "2025-12")
    assert plausibility(history, stretch, baseline_months=12).verdict == "a stretch"
    wish = monthly_trajectory(90, 60, "2025-01", "2026-12")
    result = plausibility(history, wish, baseline_months=12)
    assert result.measures["SteepestChange"] == pytest.approx(-15)
    assert result.verdict == "a wish"
    assert "below the baseline's lower" in result.reasons[2]


def test_plausibility_of_a_short_trajectory_compares_its_whole_span() -> None:
    # Six months, -6: the steepest 6 months are all of it.
    short = monthly_trajectory(90, 84, "2025-01", "2025-06")
    result = plausibility(_history_with_a_fall(), short, baseline_months=12)
    assert result.measures["SteepestChange"] == pytest.approx(-6)


def test_signal_chance_at_the_mean_is_the_normal_tail_until_a_run_can_form() -> None:
    # A path on the baseline mean: before month 7 only a point below the lower limit,
    # 3 sigma down, can signal; chance by month t is 1 - (1 - 0.00135) ** t.
    history = pd.Series(TEN)
    chance = signal_chance(history, pd.Series([12.0] * 8), simulations=400_000, seed=1)
    tail = 0.5 * math.erfc(3 / math.sqrt(2))  # 0.00135
    expected = [1 - (1 - tail) ** t for t in range(1, 7)]
    assert chance["ChanceByNow"].iloc[:6].tolist() == pytest.approx(expected, abs=4e-4)
    assert chance["ChanceByNow"].is_monotonic_increasing
    assert chance["Months"].tolist() == list(range(1, 9))


def test_signal_chance_of_a_path_far_below_the_limit_is_certain() -> None:
    chance = signal_chance(pd.Series(TEN), pd.Series([0.0] * 3), simulations=500, seed=2)
    assert chance["ChanceByNow"].tolist() == [1.0, 1.0, 1.0]


def test_signal_chance_is_repeatable_with_a_seed() -> None:
    path = monthly_trajectory(12, 9, "2025-01", "2025-12")
    first = signal_chance(pd.Series(TEN), path, simulations=300, seed=7)
    pd.testing.assert_frame_equal(
        first, signal_chance(pd.Series(TEN), path, simulations=300, seed=7)
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: monthly_trajectory("a", 1, "2025-01", "2025-02"), "baseline"),
        (lambda: monthly_trajectory(1, 2, "2025-05", "2025-01"), "no earlier than start"),
        (lambda: monthly_trajectory(1, 2, "not a month", "2025-01"), "a month"),
        (lambda: monthly_trajectory(1, 2, "2025-01", "2025-02", shape="curved"), "shape"),
        (lambda: monthly_trajectory(1, 0, "2025-01", "2025-02", shape="geometric"), "above 0"),
        (lambda: first_signal_month(pd.Series(TEN), pd.Series([1, np.nan])), "finite"),
        (lambda: first_signal_month(pd.Series(TEN), [1.0], baseline_months=11), "from 2 to 10"),
        (lambda: first_signal_month(pd.Series(TEN), [1.0], run_length=1), "2 or more"),
        (
            lambda: plausibility(pd.Series(TEN), monthly_trajectory(1, 2, "2025-01", "2025-02")),
            "at least 24 months",
        ),
        (lambda: plausibility(_history_with_a_fall(), pd.Series([1.0])), "monthly_trajectory"),
        (lambda: signal_chance(pd.Series(TEN), [1.0], simulations=0), "futures"),
    ],
)
def test_bad_input_is_refused_with_a_message(call, message) -> None:
    with pytest.raises(InputValueError, match=message):
        call()
