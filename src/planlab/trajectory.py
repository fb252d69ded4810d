r"""Trajectories: what a target implies month by month, and whether past variation allows it.

A *trajectory* takes a measure from a starting level to a target over a run of months. This
module answers three questions a planner should ask of one before a board adopts it:

1. **What does it imply each month?** :func:`monthly_trajectory` spreads the change evenly
   (``"linear"``: the same number fewer each month) or by the same percentage each month
   (``"geometric"``). With :math:`n` months from a starting level :math:`B` to a target
   :math:`T`, month :math:`i` (from 1 to :math:`n`) is

   .. math::

       \text{linear: } B + (T - B)\frac{i}{n}, \qquad
       \text{geometric: } B\left(\frac{T}{B}\right)^{i/n}

2. **When could anyone see it working?** :func:`first_signal_month` asks: if the real series
   followed the trajectory exactly, in which month would an XmR chart (module 2,
   :func:`planlab.spc.xmr`) whose mean and limits come from the baseline period first show
   special-cause variation in the direction of the target: a point beyond the limit, or a
   shift (``run_length`` months in a row on the target's side of the mean, all of them in
   the trajectory). A real series wanders about the trajectory, so this is the earliest
   month, not the expected one. The trend rule is left out on purpose: a smooth line makes
   a trend within 7 months whatever its size, and a real series seldom does.
3. **Has anything like it happened before?** :func:`plausibility` sets the change the
   trajectory needs against the partnership's own past: the ordinary month-to-month
   movement (the average moving range), the largest change in the 12-month average ever
   sustained from one 12 months to the next, and the baseline's natural process limits.
   Its verdict is one of :data:`VERDICTS`:

   - *within past experience*: no year of the trajectory asks for more change than the
     series has already sustained over a year, and the target lies within the limits;
   - *a stretch*: the target lies within the limits, so the current system produces months
     that low, but the trajectory asks for more change in a year than was ever sustained;
   - *a wish*: the target lies beyond the natural process limit, where the current system
     does not go even for a single month; only a different system could hold it there.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planlab.checks import (
    Seed,
    finite_number,
    number_array,
    random_generator,
    require_columns,
    whole_number,
)
from planlab.errors import InputValueError
from planlab.spc import XMR_CONSTANT, xmr

__all__ = [
    "D2",
    "SHAPES",
    "VERDICTS",
    "FirstSignal",
    "Plausibility",
    "first_signal_month",
    "monthly_trajectory",
    "plausibility",
    "signal_chance",
]

#: The shapes :func:`monthly_trajectory` can draw.
SHAPES = ("linear", "geometric")

#: d2 for ranges of two points: the average moving range ÷ 1.128 estimates the standard
#: deviation of ordinary month-to-month variation (2.66 = 3 ÷ 1.128).
D2 = 1.128

#: The verdicts of :func:`plausibility`, from most to least plausible.
VERDICTS = ("within past experience", "a stretch", "a wish")


def _month(name: str, value: object) -> pd.Period:
    """Return ``value`` as a monthly period, such as ``pd.Period("2025-04", "M")``."""
    if isinstance(value, bool) or not isinstance(value, str | pd.Period | pd.Timestamp):
        raise InputValueError(name, value, 'a month, such as "2025-04"')
    try:
        return pd.Period(value, freq="M")
    except (TypeError, ValueError):
        raise InputValueError(name, value, 'a month, such as "2025-04"') from None


def monthly_trajectory(
    baseline: float,
    target: float,
    start: str | pd.Period,
    end: str | pd.Period,
    shape: str = "linear",
) -> pd.DataFrame:
    """Return the level a trajectory sets for each month, and the change it asks for.

    Parameters
    ----------
    baseline
        The level the trajectory starts from, in the measure's units, such as 1,602.5
        delayed bed days a month (the average of the last financial year). It is the level
        just before ``start``.
    target
        The level to reach in the month ``end``, such as 1,282 (a 20% cut).
    start, end
        The first and last months of the trajectory, such as ``"2025-04"`` and
        ``"2027-03"`` (24 months); ``end`` must not come before ``start``.
    shape
        ``"linear"`` (the same change each month) or ``"geometric"`` (the same percentage
        change each month; ``baseline`` and ``target`` must then be above 0).

    Returns
    -------
    pandas.DataFrame
        One row per month, indexed by ``Month`` (monthly periods): ``Value`` (the level the
        trajectory sets), ``MonthlyChange`` (the change from the month before; for the
        first month, from ``baseline``), ``ChangeFromBaseline`` and ``RelativeChange``
        (the change from ``baseline`` as a fraction of it: -0.2 is 20% lower).

    Raises
    ------
    InputValueError
        If a level is not a finite number, a month cannot be read, ``end`` comes before
        ``start``, ``shape`` is not one of :data:`SHAPES`, or a geometric trajectory has a
        level of 0 or below.

    Examples
    --------
    >>> monthly_trajectory(100, 88, "2025-04", "2025-06")["Value"].tolist()
    [96.0, 92.0, 88.0]
    """
    start_level = finite_number("baseline", baseline, "1602.5")
    target_level = finite_number("target", target, "1282")
    first = _month("start", start)
    last = _month("end", end)
    if last < first:
        raise InputValueError("end", end, f"a month no earlier than start ({first})")
    if shape not in SHAPES:
        raise InputValueError("shape", shape, f"one of {', '.join(map(repr, SHAPES))}")
    months = pd.period_range(first, last, freq="M", name="Month")
    steps = np.arange(1, len(months) + 1) / len(months)
    if shape == "linear":
        values = start_level + (target_level - start_level) * steps
    else:
        if start_level <= 0 or target_level <= 0:
            raise InputValueError(
                "target" if start_level > 0 else "baseline",
                target if start_level > 0 else baseline,
                'above 0 for a geometric trajectory (or use shape="linear")',
            )
        values = start_level * (target_level / start_level) ** steps
    change = values - start_level
    relative = change / start_level if start_level != 0 else np.full(values.size, np.nan)
    return pd.DataFrame(
        {
            "Value": values,
            "MonthlyChange": np.diff(np.concatenate([[start_level], values])),
            "ChangeFromBaseline": change,
            "RelativeChange": relative,
        },
        index=months,
    )


def _series(name: str, values: object, minimum: int) -> pd.Series:
    """Return monthly values as a float Series after checking them."""
    if isinstance(values, pd.DataFrame):
        require_columns(values, name, ["Value"], "a Series of monthly values, or a table of Value")
        values = values["Value"]
    index = values.index if isinstance(values, pd.Series) else None
    array = number_array(name, values)
    if array.ndim != 1 or array.size < minimum:
        raise InputValueError(name, values, f"at least {minimum} monthly values, in time order")
    return pd.Series(array, index=index if index is not None else pd.RangeIndex(array.size))


def _baseline(history: pd.Series, baseline_months: int | None) -> pd.Series:
    """Return the last ``baseline_months`` of ``history`` (all of it for ``None``)."""
    if baseline_months is None:
        return history
    months = whole_number(
        "baseline_months",
        baseline_months,
        minimum=2,
        expected=f"a whole number of months from 2 to {history.size} (the length of history)",
    )
    if months > history.size:
        raise InputValueError(
            "baseline_months",
            baseline_months,
            f"a whole number of months from 2 to {history.size} (the length of history)",
        )
    return history.iloc[-months:]


@dataclass(frozen=True)
class FirstSignal:
    """When a trajectory would first show as special-cause variation, and why.

    Parameters
    ----------
    month
        The month (the trajectory's index label) of the first signal, or ``None`` if the
        trajectory never shows one.
    months
        How many months into the trajectory that is (1 for its first month), or ``None``.
    rule
        The rule that fired first: ``"OutsideLimits"`` (a point beyond the limit) or
        ``"Shift"`` (a run of ``run_length`` months on the target's side of the mean), as
        :func:`planlab.spc.xmr` names its columns; ``None`` if none did. When both fire in
        the same month, ``"OutsideLimits"`` is given.
    mean, lower_limit, upper_limit
        The baseline period's XmR mean and natural process limits.
    """

    month: object
    months: int | None
    rule: str | None
    mean: float
    lower_limit: float
    upper_limit: float


def first_signal_month(
    history: pd.Series,
    trajectory: pd.DataFrame | pd.Series,
    baseline_months: int | None = None,
    run_length: int = 7,
) -> FirstSignal:
    """Find the first month a series that followed the trajectory would signal a change.

    The XmR mean and limits come from the baseline period: the last ``baseline_months`` of
    ``history``. The trajectory's months are then judged against them one at a time, as
    they would be month by month, with :func:`planlab.spc.xmr`. Only signals in the
    direction of the target count (downwards when the trajectory ends below the baseline
    mean): a point beyond that limit, or a shift of ``run_length`` months on that side of
    the mean, every one of them a trajectory month.

    Parameters
    ----------
    history
        The measure's past monthly values in time order, such as delayed bed days a month.
    trajectory
        The months to judge: :func:`monthly_trajectory`'s table (its ``Value`` column) or a
        Series of values, which may be an observed series.
    baseline_months
        How many of the last months of ``history`` make the baseline period (2 or more);
        ``None`` uses all of it. Module 2 suggests 20 or more.
    run_length
        Months in a shift (7, as in NHS England's *Making Data Count*; 6 in some tools).

    Returns
    -------
    FirstSignal
        The month, how many months in, the rule that fired, and the baseline's mean and
        limits.

    Raises
    ------
    InputValueError
        If a value is missing or not a number, ``baseline_months`` is not between 2 and the
        length of ``history``, or ``run_length`` is below 2.
    """
    past = _series("history", history, 2)
    base = _baseline(past, baseline_months)
    path = _series("trajectory", trajectory, 1)
    run = whole_number(
        "run_length", run_length, minimum=2, expected="a whole number of months, 2 or more"
    )
    chart = xmr(base.to_numpy(), run_length=run)
    mean = float(chart["Mean"].iloc[0])
    lower = float(chart["LowerLimit"].iloc[0])
    upper = float(chart["UpperLimit"].iloc[0])
    downward = bool(path.iloc[-1] <= mean)
    for step in range(path.size):
        values = np.concatenate([base.to_numpy(), path.to_numpy()[: step + 1]])
        latest = xmr(values, baseline=base.size, run_length=run).iloc[-1]
        value = float(latest["Value"])
        beyond = value < lower if downward else value > upper
        target_side = value < mean if downward else value > mean
        rule = None
        if beyond:
            rule = "OutsideLimits"
        elif latest["Shift"] and target_side and step + 1 >= run:
            rule = "Shift"
        if rule is not None:
            return FirstSignal(path.index[step], step + 1, rule, mean, lower, upper)
    return FirstSignal(None, None, None, mean, lower, upper)


@dataclass(frozen=True)
class Plausibility:
    """A trajectory set against past variation: a verdict, and the numbers behind it.

    Parameters
    ----------
    verdict
        One of :data:`VERDICTS`.
    measures
        The numbers the verdict rests on, by name: ``StartLevel``, ``TargetLevel``,
        ``TotalChange``, ``RelativeChange`` (a fraction), ``MonthlyChangeNeeded`` (the
        average change a month), ``AverageMovingRange`` (the baseline's ordinary
        month-to-month movement), ``MonthlyChangeToMovingRange`` (the first as a fraction of
        the second), ``SteepestChange`` (the largest change the trajectory asks for
        in any ``window`` months), ``LargestSustainedChange`` (the largest change in the
        direction of the target between the average of ``window`` months and the average
        of the next ``window`` months, anywhere in ``history``), ``Mean``,
        ``LowerLimit`` and ``UpperLimit`` (the baseline's XmR chart).
    reasons
        The verdict's reasons in plain words, one sentence each.
    """

    verdict: str
    measures: pd.Series
    reasons: tuple[str, ...]


def plausibility(
    history: pd.Series,
    trajectory: pd.DataFrame,
    baseline_months: int | None = None,
    window: int = 12,
) -> Plausibility:
    """Say whether a trajectory is within past experience, a stretch, or a wish.

    Parameters
    ----------
    history
        The measure's past monthly values in time order. The largest sustained change is
        sought in all of it, so give enough years (at least ``2 * window`` months), and
        think about leaving out months of a known special cause, such as the pandemic.
    trajectory
        :func:`monthly_trajectory`'s table: its ``Value`` and ``ChangeFromBaseline``
        columns give the levels and the starting level.
    baseline_months
        How many of the last months of ``history`` set the XmR mean, moving range and
        limits; ``None`` uses all of it.
    window
        The span, in months, over which changes are compared (12: a year).

    Returns
    -------
    Plausibility
        The verdict, the measures it rests on and the reasons.

    Raises
    ------
    InputValueError
        If ``history`` is shorter than ``2 * window`` months, a value is missing,
        ``trajectory`` is not a table of ``Value`` and ``ChangeFromBaseline``, or
        ``window`` or ``baseline_months`` is not a whole number in range.
    """
    span = whole_number("window", window, minimum=1, expected="a whole number of months, 1 or more")
    past = _series("history", history, 2)
    if past.size < 2 * span:
        raise InputValueError(
            "history",
            f"{past.size} months",
            f"at least {2 * span} months (twice the window of {span}), to compare one "
            f"{span} months with the next",
        )
    base = _baseline(past, baseline_months)
    if not isinstance(trajectory, pd.DataFrame):
        raise InputValueError(
            "trajectory",
            trajectory,
            "the table monthly_trajectory returns (Value, ChangeFromBaseline)",
        )
    require_columns(trajectory, "trajectory", ["Value", "ChangeFromBaseline"])
    path = _series("trajectory", trajectory, 1).to_numpy()
    start = float(path[0] - number_array("trajectory", trajectory["ChangeFromBaseline"])[0])
    target = float(path[-1])
    chart = xmr(base.to_numpy())
    mean = float(chart["Mean"].iloc[0])
    average_mr = float(chart["AverageMovingRange"].iloc[0])
    lower = mean - XMR_CONSTANT * average_mr
    upper = mean + XMR_CONSTANT * average_mr
    direction = -1.0 if target <= start else 1.0

    levels = np.concatenate([[start], path])
    reach = min(span, path.size)
    needed = float(np.max(direction * (levels[reach:] - levels[:-reach])))
    averages = past.rolling(span).mean().to_numpy()
    seen = float(max(0.0, np.nanmax(direction * (averages[span:] - averages[:-span]))))
    monthly = (target - start) / path.size
    beyond = target < lower if direction < 0 else target > upper
    way = "fall" if direction < 0 else "rise"
    limit_name, limit = ("lower", lower) if direction < 0 else ("upper", upper)
    side = ("below" if beyond else "above") if direction < 0 else ("above" if beyond else "below")

    reasons = [
        f"The trajectory asks for a {way} of {abs(monthly):,.1f} a month on average; months "
        f"usually differ by {average_mr:,.1f} (the average moving range), so one month's "
        f"progress is {abs(monthly) / average_mr:.0%} of ordinary month-to-month movement."
        if average_mr > 0
        else f"The trajectory asks for a {way} of {abs(monthly):,.1f} a month on average.",
        f"In its steepest {reach} months it asks for a {way} of {needed:,.1f}; the largest "
        f"{way} sustained in the history given, from one {span} months' average to the next, "
        f"was {seen:,.1f}.",
        f"The target, {target:,.1f}, is {side} the baseline's {limit_name} natural process "
        f"limit of {limit:,.1f}.",
    ]
    if beyond:
        verdict = VERDICTS[2]
        reasons.append(
            "A target beyond the limit asks the average to sit where the current system "
            "does not go even for a single month: it needs a different system, not more effort."
        )
    elif needed > seen:
        verdict = VERDICTS[1]
        reasons.append(
            "The current system produces months that low, but it has never sustained a change "
            "this fast: the plan must say what will change to make it happen."
        )
    else:
        verdict = VERDICTS[0]
        reasons.append("A change this size and speed has been sustained here before.")
    measures = pd.Series(
        {
            "StartLevel": start,
            "TargetLevel": target,
            "TotalChange": target - start,
            "RelativeChange": (target - start) / start if start != 0 else np.nan,
            "MonthlyChangeNeeded": monthly,
            "AverageMovingRange": average_mr,
            "MonthlyChangeToMovingRange": abs(monthly) / average_mr if average_mr > 0 else np.nan,
            "SteepestChange": direction * needed,
            "LargestSustainedChange": direction * seen,
            "Mean": mean,
            "LowerLimit": lower,
            "UpperLimit": upper,
        },
        name="Value",
    )
    return Plausibility(verdict, measures, tuple(reasons))


def signal_chance(
    history: pd.Series,
    trajectory: pd.DataFrame | pd.Series,
    baseline_months: int | None = None,
    run_length: int = 7,
    simulations: int = 2000,
    seed: Seed = 2025,
) -> pd.DataFrame:
    """Estimate the chance of a signal by each month, for a series that wanders about the path.

    A real series does not follow a trajectory exactly: each month it lands above or below
    it by ordinary variation. This simulates ``simulations`` such futures, each the
    trajectory plus independent normal variation with the standard deviation the XmR chart
    itself implies (the average moving range ÷ 1.128, as its limits assume), and applies
    the rules of :func:`first_signal_month` to each.

    Parameters
    ----------
    history, trajectory, baseline_months, run_length
        As for :func:`first_signal_month`.
    simulations
        How many futures to simulate (1 or more).
    seed
        A whole number, or a numpy Generator, so that the result can be repeated.

    Returns
    -------
    pandas.DataFrame
        One row per trajectory month: ``Value`` (the trajectory), ``ChanceByNow`` (the
        share of futures, a fraction, that have signalled by the end of that month) and
        ``Months`` (months into the trajectory).

    Raises
    ------
    InputValueError
        As :func:`first_signal_month` does, or if ``simulations`` is not a whole number of 1
        or more.

    Notes
    -----
    Months of a real series are often correlated (a bad month tends to follow a bad month),
    which makes runs, and false shifts, more common than this assumes.
    """
    past = _series("history", history, 2)
    base = _baseline(past, baseline_months)
    path = _series("trajectory", trajectory, 1)
    run = whole_number(
        "run_length", run_length, minimum=2, expected="a whole number of months, 2 or more"
    )
    count = whole_number(
        "simulations", simulations, minimum=1, expected="a whole number of futures, 1 or more"
    )
    generator = random_generator(seed)
    chart = xmr(base.to_numpy(), run_length=run)
    mean = float(chart["Mean"].iloc[0])
    sigma = float(chart["AverageMovingRange"].iloc[0]) / D2
    lower = float(chart["LowerLimit"].iloc[0])
    upper = float(chart["UpperLimit"].iloc[0])
    downward = bool(path.iloc[-1] <= mean)
    futures = path.to_numpy()[None, :] + generator.normal(0.0, sigma, (count, path.size))
    beyond = futures < lower if downward else futures > upper
    side = futures < mean if downward else futures > mean
    signalled = np.zeros(count, dtype=bool)
    in_a_row = np.zeros(count, dtype=int)
    chance = np.empty(path.size)
    for step in range(path.size):
        in_a_row = np.where(side[:, step], in_a_row + 1, 0)
        signalled |= beyond[:, step] | (in_a_row >= run)
        chance[step] = signalled.mean()
    return pd.DataFrame(
        {
            "Value": path.to_numpy(),
            "ChanceByNow": chance,
            "Months": np.arange(1, path.size + 1),
        },
        index=path.index,
    )
