"""A sustained shift on an XmR chart after a change, and the new phase's limits.

The chart and its shift rule are module 2's (:func:`planlab.spc.xmr`); this adds the step
Making Data Count describes after a confirmed shift: recalculate the limits from it.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import pandas as pd

from planlab.checks import whole_number
from planlab.errors import InputValueError
from planlab.evaluation._common import index_position
from planlab.spc import xmr

__all__ = ["PhaseResult", "phase_limits"]


@dataclass
class PhaseResult:
    """What :func:`phase_limits` returns.

    Parameters
    ----------
    shift_start
        The index label of the first point of the first sustained shift after the
        change, or None if there is none yet.
    chart
        :func:`planlab.spc.xmr`'s columns for every point, judged against phase 1
        limits (from before the change) up to the shift and against phase 2 limits
        (from the shift on) afterwards, plus ``Phase`` (1 or 2).
    """

    shift_start: Hashable | None
    chart: pd.DataFrame


def phase_limits(
    values: pd.Series,
    interruption: Hashable,
    *,
    run_length: int = 7,
    phase_two_points: int | None = None,
) -> PhaseResult:
    """Find the first sustained shift after a change and recalculate the XmR limits from it.

    Phase 1 limits come from the points before ``interruption``. The first run of
    ``run_length`` points in a row after the change, all above or all below the phase 1
    mean (module 2's shift rule, a point on the mean breaking the run), confirms a
    shift; phase 2 limits are worked out from the first point of that run on.

    Parameters
    ----------
    values
        The measure in time order, indexed by period.
    interruption
        The index label of the first period after the change.
    run_length
        Points in a run that confirm a shift (7; 6 in some NHS tools).
    phase_two_points
        Work out the phase 2 limits from this many points from the shift's start
        (such as 12), then judge later points against them; None uses them all.

    Returns
    -------
    PhaseResult
        The shift's first period (or None) and the chart with its ``Phase`` column.

    Raises
    ------
    InputValueError
        If ``values`` is not a Series of numbers, the interruption is not in its index
        or leaves fewer than 2 points before it, or a length is too small.
    """
    if not isinstance(values, pd.Series):
        raise InputValueError("values", type(values).__name__, "a pandas Series indexed by period")
    run_length = whole_number(
        "run_length", run_length, minimum=2, expected="a whole number of points, such as 7"
    )
    start = index_position(values.to_frame(), interruption)
    if start < 2:
        raise InputValueError(
            "interruption", interruption, "a period with at least 2 points before it"
        )
    phase_one = xmr(values, baseline=start, run_length=run_length)
    data = phase_one["Value"].to_numpy()
    mean = phase_one["Mean"].iloc[0]
    shift = None
    for side in (data > mean, data < mean):
        count = 0
        for i in range(start, data.size):
            count = count + 1 if side[i] else 0
            if count == run_length:
                first = i - run_length + 1
                shift = first if shift is None else min(shift, first)
                break
    if shift is None:
        return PhaseResult(None, phase_one.assign(Phase=1))
    later = values.iloc[shift:]
    if phase_two_points is not None:
        phase_two_points = whole_number(
            "phase_two_points",
            phase_two_points,
            minimum=2,
            expected="a whole number of points, 2 or more",
        )
        phase_two_points = min(phase_two_points, len(later))
    if len(later) < 2:
        return PhaseResult(values.index[shift], phase_one.assign(Phase=1))
    phase_two = xmr(later, baseline=phase_two_points, run_length=run_length)
    chart = pd.concat([phase_one.iloc[:shift].assign(Phase=1), phase_two.assign(Phase=2)])
    return PhaseResult(values.index[shift], chart)
