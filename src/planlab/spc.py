r"""Statistical process control: XmR (individuals) charts and special-cause rules.

An XmR chart plots each value (X) against its mean and *natural process limits*
worked out from the moving range (mR), the absolute difference between neighbouring
values:

.. math::

    \bar{X} = \frac{1}{k}\sum X_i, \quad \mathrm{mR}_i = |X_i - X_{i-1}|, \quad
    \overline{\mathrm{mR}} = \frac{1}{k-1}\sum \mathrm{mR}_i, \quad
    \text{limits} = \bar{X} \pm 2.66\,\overline{\mathrm{mR}}

(2.66 = 3 / 1.128, so the limits sit about three standard deviations from the mean.)

The rules for special-cause variation are those of NHS England's "Making Data Count":

- ``outside_limits``: a point above the upper or below the lower limit;
- ``shift``: a run of ``run_length`` (default 7) or more consecutive points all above or
  all below the mean; a point exactly on the mean ends a run;
- ``trend``: ``trend_length`` (default 7) or more consecutive points each higher (or each
  lower) than the one before; an equal neighbour ends a trend;
- ``two_of_three``: two of three consecutive points on the same side, in the outer third
  between the mean and a limit (or beyond it); the points in the outer third are flagged.

Making Data Count uses 7 for shifts and trends in its original guidance; some later NHS
tools use 6. This module uses 7 by default and lets you choose.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from planlab.errors import InputValueError

__all__ = [
    "XMR_CONSTANT",
    "xmr",
]

#: The XmR scaling constant: 3 / d2, with d2 = 1.128 for ranges of two points.
XMR_CONSTANT = 2.66


def _runs(flags: np.ndarray, length: int) -> np.ndarray:
    """Mark every element of a run of ``length`` or more consecutive True values."""
    marked = np.zeros(flags.size, dtype=bool)
    start = None
    for i, flag in enumerate([*flags.tolist(), False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            if i - start >= length:
                marked[start:i] = True
            start = None
    return marked


def _trend(values: np.ndarray, length: int) -> np.ndarray:
    """Mark points in runs of ``length`` or more points each rising (or each falling)."""
    marked = np.zeros(values.size, dtype=bool)
    steps = np.sign(np.diff(values))
    for direction in (1, -1):
        moves = steps == direction
        # a run of m moves in one direction covers m + 1 points
        move_runs = _runs(moves, length - 1)
        for i in np.flatnonzero(move_runs):
            marked[i] = marked[i + 1] = True
    return marked


def _two_of_three(values: np.ndarray, mean: float, upper: float, lower: float) -> np.ndarray:
    marked = np.zeros(values.size, dtype=bool)
    high = values > mean + (upper - mean) * 2 / 3
    low = values < mean - (mean - lower) * 2 / 3
    for side in (high, low):
        for i in range(values.size - 2):
            window = side[i : i + 3]
            if window.sum() >= 2:
                marked[i : i + 3] |= window
    return marked


def xmr(
    values: Sequence[float] | np.ndarray | pd.Series,
    baseline: int | None = None,
    run_length: int = 7,
    trend_length: int = 7,
) -> pd.DataFrame:
    """Return an XmR chart's mean, limits and special-cause flags for each point.

    Parameters
    ----------
    values
        The measurements in time order, such as monthly admissions. A Series keeps its
        index (such as months) in the result.
    baseline
        Work out the mean and limits from the first ``baseline`` points only, then judge
        every point against them (to ask whether later points differ from a settled
        period). ``None`` uses every point.
    run_length
        Points in a shift above or below the mean that signal special cause (7; 6 in
        some NHS tools).
    trend_length
        Points in a rising or falling trend that signal special cause (7; 6 in some tools).

    Returns
    -------
    pandas.DataFrame
        One row per point: ``Value``, ``MovingRange`` (missing for the first point),
        ``Mean``, ``AverageMovingRange``, ``LowerLimit``, ``UpperLimit``, then one
        True/False column per rule, ``OutsideLimits``, ``Shift``, ``Trend`` and
        ``TwoOfThree``, and ``SpecialCause`` (any rule). The lower limit is not cut at
        0: for counts, read a negative lower limit as 0.

    Raises
    ------
    InputValueError
        If there are fewer than 2 values in the baseline, a value is missing, or a rule
        length is below 2.
    """
    index = values.index if isinstance(values, pd.Series) else None
    try:
        data = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as error:
        raise InputValueError("values", values, "a list of numbers in time order") from error
    if data.ndim != 1 or data.size < 2 or not np.all(np.isfinite(data)):
        raise InputValueError("values", values, "at least 2 numbers, with none missing")
    if baseline is None:
        baseline = data.size
    if (
        isinstance(baseline, bool)
        or not isinstance(baseline, int)
        or not 2 <= baseline <= data.size
    ):
        raise InputValueError("baseline", baseline, f"a whole number from 2 to {data.size}")
    for name, length in (("run_length", run_length), ("trend_length", trend_length)):
        if isinstance(length, bool) or not isinstance(length, int) or length < 2:
            raise InputValueError(name, length, "a whole number of points, 2 or more")
    base = data[:baseline]
    mean = float(base.mean())
    average_mr = float(np.abs(np.diff(base)).mean())
    upper = mean + XMR_CONSTANT * average_mr
    lower = mean - XMR_CONSTANT * average_mr
    moving = np.concatenate([[np.nan], np.abs(np.diff(data))])
    outside = (data > upper) | (data < lower)
    shift = _runs(data > mean, run_length) | _runs(data < mean, run_length)
    trend = _trend(data, trend_length)
    near = _two_of_three(data, mean, upper, lower)
    table = pd.DataFrame(
        {
            "Value": data,
            "MovingRange": moving,
            "Mean": mean,
            "AverageMovingRange": average_mr,
            "LowerLimit": lower,
            "UpperLimit": upper,
            "OutsideLimits": outside,
            "Shift": shift,
            "Trend": trend,
            "TwoOfThree": near,
        },
        index=index,
    )
    table["SpecialCause"] = table[["OutsideLimits", "Shift", "Trend", "TwoOfThree"]].any(axis=1)
    return table
