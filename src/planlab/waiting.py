r"""Waiting lists: how they grow, how big they should be, and the capacity to fix them.

The methods are those of the NHS-R Community's R package ``NHSRwaitinglist`` (Walton,
Mainey, Dray, Smith et al.), which applies queueing theory to NHS waiting lists as set
out by Fong et al. (2022). Each function here gives the same answer as the package's
function of the same idea, with the same defaults:

=============================  ==================================================
planlab.waiting                NHSRwaitinglist
=============================  ==================================================
:func:`queue_load`             ``calc_queue_load``
:func:`target_mean_wait`       ``calc_target_mean_wait``
:func:`target_queue_size`      ``calc_target_queue_size``
:func:`relief_capacity`        ``calc_relief_capacity``
:func:`target_capacity`        ``calc_target_capacity``
:func:`waiting_list_pressure`  ``calc_waiting_list_pressure``
=============================  ==================================================

The ideas, in the order a planner meets them:

- **Queue load** is demand over capacity. Above 1 the list grows without end.
- **Little's law**: in a steady state, the number waiting is the rate at which people
  join times their mean wait, :math:`L = \lambda W`.
- **Target mean wait**: if waits are roughly exponential, the chance that a patient
  waits longer than the target is :math:`e^{-\text{factor}}` when the mean wait is the
  target divided by ``factor``. A factor of 4 (the default) means about 1.8% miss the
  target; 6 means about 0.25%. :func:`breach_probability` and
  :func:`factor_for_breach_probability` convert between the two.
- **Target queue size** is Little's law at the target mean wait: demand times target
  wait over the factor.
- **Relief capacity** clears the excess over the target queue size in a set time:
  demand plus (queue size minus target queue size) over the time to target.
- **Target capacity** keeps a list at its target once it is there: demand plus an
  allowance for variability, from Kingman's approximation to the
  Pollaczek-Khinchine formula, :math:`\text{demand} + (c_d^2 + c_c^2) / (2\,W)`,
  with :math:`W` the target mean wait and :math:`c_d, c_c` the coefficients of
  variation of the times between additions and between removals.

Keep units consistent: if demand is patients a week, waits and times are in weeks.

The module stays whole (about 570 lines, most of them docstrings and worked examples)
because its functions are one method, the queueing view of a waiting list in the references
below, whose steps each feed the next.

References
----------
Fong K, Mushtaq Y, House T, Gordon D, Chen Y, Griffiths D, Ahmad S, Walton N.
Understanding waiting lists pressures. medRxiv 2022. doi:10.1101/2022.08.23.22279117.

NHS-R Community. NHSRwaitinglist: waiting list metrics using queuing theory (R package).
https://github.com/nhs-r-community/NHSRwaitinglist
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from planlab.checks import (
    above_zero,
    at_least_zero,
    finite_number,
    is_number,
    whole_number,
)
from planlab.errors import InputValueError

__all__ = [
    "breach_probability",
    "factor_for_breach_probability",
    "littles_law_mean_wait",
    "littles_law_queue_size",
    "project_waiting_list",
    "queue_load",
    "relief_capacity",
    "target_capacity",
    "target_mean_wait",
    "target_queue_size",
    "waiting_list_pressure",
]

#: The default factor: a mean wait of a quarter of the target (about 1.8% miss it).
DEFAULT_FACTOR = 4.0

#: The default time to bring a list down to its target, in weeks (six months).
DEFAULT_TIME_TO_TARGET = 26.0


# ---------------------------------------------------------------------------
# Checking inputs
# ---------------------------------------------------------------------------


def _check_target_wait(target_wait: object) -> float:
    return above_zero("target_wait", target_wait, "18 (weeks; a target of 0 can never be met)")


def _check_factor(factor: object) -> float:
    return above_zero("factor", factor, "4 (mean wait a quarter of the target)")


# ---------------------------------------------------------------------------
# Load, Little's law and the target mean wait
# ---------------------------------------------------------------------------


def queue_load(demand: float, capacity: float) -> float:
    """Return the queue load: demand over capacity.

    Parameters
    ----------
    demand
        Patients added to the list per unit of time (such as a week).
    capacity
        Patients the service can remove from the list per the same unit of time.

    Returns
    -------
    float
        ``demand / capacity``. Above 1, the list grows without end; below 1, it is
        the share of time the list is not empty.

    Raises
    ------
    InputValueError
        If ``demand`` is negative or ``capacity`` is not above 0.

    Examples
    --------
    30 additions and 27 removals a week:

    >>> round(queue_load(30, 27), 2)
    1.11
    """
    demand = at_least_zero("demand", demand, "30 patients a week")
    capacity = above_zero("capacity", capacity, "27 patients a week")
    return demand / capacity


def littles_law_queue_size(arrival_rate: float, mean_wait: float) -> float:
    r"""Return the number waiting in a steady state, by Little's law :math:`L = \lambda W`.

    Parameters
    ----------
    arrival_rate
        Patients joining the list per unit of time (such as a week).
    mean_wait
        Mean time on the list, in the same unit of time.

    Returns
    -------
    float
        ``arrival_rate * mean_wait``.

    Raises
    ------
    InputValueError
        If either value is negative.

    Examples
    --------
    30 additions a week and a mean wait of 13 weeks: 390 people waiting.

    >>> littles_law_queue_size(30, 13)
    390.0
    """
    rate = at_least_zero("arrival_rate", arrival_rate, "30 patients a week")
    wait = at_least_zero("mean_wait", mean_wait, "13 weeks")
    return rate * wait


def littles_law_mean_wait(queue_size: float, arrival_rate: float) -> float:
    r"""Return the mean wait in a steady state, by Little's law :math:`W = L / \lambda`.

    Parameters
    ----------
    queue_size
        Patients waiting.
    arrival_rate
        Patients joining the list per unit of time (such as a week).

    Returns
    -------
    float
        ``queue_size / arrival_rate``, in the unit of time of ``arrival_rate``.

    Raises
    ------
    InputValueError
        If ``queue_size`` is negative or ``arrival_rate`` is not above 0.

    Examples
    --------
    >>> littles_law_mean_wait(390, 30)
    13.0
    """
    size = at_least_zero("queue_size", queue_size, "390 patients")
    rate = above_zero("arrival_rate", arrival_rate, "30 patients a week")
    return size / rate


def breach_probability(factor: float = DEFAULT_FACTOR) -> float:
    r"""Return the share of patients who wait longer than the target at a given factor.

    With waits exponentially distributed and a mean wait of ``target_wait / factor``,
    the chance of waiting longer than the target is :math:`e^{-\text{factor}}`
    (``scipy.stats.expon.sf``).

    Parameters
    ----------
    factor
        How many times the mean wait fits into the target wait.

    Returns
    -------
    float
        The expected share of patients who miss the target.

    Raises
    ------
    InputValueError
        If ``factor`` is not above 0.

    Examples
    --------
    >>> round(breach_probability(4), 4)
    0.0183
    """
    return float(stats.expon.sf(_check_factor(factor)))


def factor_for_breach_probability(probability: float) -> float:
    r"""Return the factor that lets a share ``probability`` of patients miss the target.

    The inverse of :func:`breach_probability`: :math:`-\ln(\text{probability})`
    (``scipy.stats.expon.isf``).

    Parameters
    ----------
    probability
        The share of patients allowed to wait longer than the target, strictly
        between 0 and 1: England's 92% within 18 weeks allows 0.08.

    Returns
    -------
    float
        The factor to pass to :func:`target_mean_wait` and :func:`target_queue_size`.

    Raises
    ------
    InputValueError
        If ``probability`` is not strictly between 0 and 1 (a standard of 100% within
        the target, as in Scotland's Treatment Time Guarantee, needs an infinite factor:
        choose a small share such as 0.01 instead).

    Examples
    --------
    >>> round(factor_for_breach_probability(0.08), 2)
    2.53
    """
    share = finite_number("probability", probability, "0.08 (92% within the target)")
    if not 0 < share < 1:
        hint = " (write 8% as 0.08)" if 1 <= share <= 100 else ""
        raise InputValueError(
            "probability",
            probability,
            "a share greater than 0 and less than 1; for a 100% standard choose a small "
            f"share such as 0.01{hint}",
        )
    return float(stats.expon.isf(share))


def target_mean_wait(target_wait: float, factor: float = DEFAULT_FACTOR) -> float:
    """Return the mean wait that meets a waiting-time target: target over factor.

    Parameters
    ----------
    target_wait
        The waiting-time target, such as 52 (weeks).
    factor
        How many times the mean wait should fit into the target: 4 (the default)
        lets about 1.8% of patients miss it, 6 about 0.25%.

    Returns
    -------
    float
        ``target_wait / factor``, in the unit of ``target_wait``.

    Raises
    ------
    InputValueError
        If ``target_wait`` or ``factor`` is not above 0.

    Examples
    --------
    >>> target_mean_wait(52)
    13.0
    """
    return _check_target_wait(target_wait) / _check_factor(factor)


def target_queue_size(demand: float, target_wait: float, factor: float = DEFAULT_FACTOR) -> float:
    """Return the list size that meets a waiting-time target, by Little's law.

    Parameters
    ----------
    demand
        Patients added to the list per unit of time, in the unit of ``target_wait``.
    target_wait
        The waiting-time target, such as 52 (weeks).
    factor
        How many times the mean wait should fit into the target (see
        :func:`target_mean_wait`).

    Returns
    -------
    float
        ``demand * target_wait / factor``. It applies only when capacity exceeds
        demand; a list more than twice this size needs relief capacity.

    Raises
    ------
    InputValueError
        If ``demand`` is negative, or ``target_wait`` or ``factor`` is not above 0.

    Examples
    --------
    30 additions a week and a 52-week target: 30 x 52 / 4 = 390 patients.

    >>> target_queue_size(30, 52)
    390.0
    """
    demand = at_least_zero("demand", demand, "30 patients a week")
    return littles_law_queue_size(demand, target_mean_wait(target_wait, factor))


# ---------------------------------------------------------------------------
# Capacity
# ---------------------------------------------------------------------------


def relief_capacity(
    demand: float,
    queue_size: float,
    target_queue_size: float,
    time_to_target: float = DEFAULT_TIME_TO_TARGET,
) -> float:
    """Return the capacity that brings a list down to its target size in a set time.

    Parameters
    ----------
    demand
        Patients added to the list per unit of time (such as a week).
    queue_size
        Patients waiting now.
    target_queue_size
        The list size wanted at the end (see :func:`target_queue_size`).
    time_to_target
        Time to get there, in the unit of ``demand``: 26 weeks is six months. For a
        date, count the weeks: ``(pd.Timestamp(end) - pd.Timestamp(start)).days / 7``.

    Returns
    -------
    float
        ``demand + (queue_size - target_queue_size) / time_to_target``: removals per
        unit of time. Below ``demand`` when the list is already under its target.

    Raises
    ------
    InputValueError
        If ``demand``, ``queue_size`` or ``target_queue_size`` is negative, or
        ``time_to_target`` is not above 0.

    Examples
    --------
    Demand 30 a week, 1,200 waiting, a target of 390 in 26 weeks:

    >>> round(relief_capacity(30, 1200, 390, 26), 2)
    61.15
    """
    demand = at_least_zero("demand", demand, "30 patients a week")
    size = at_least_zero("queue_size", queue_size, "1200 patients")
    target = at_least_zero("target_queue_size", target_queue_size, "390 patients")
    weeks = above_zero("time_to_target", time_to_target, "26 (weeks)")
    return demand + (size - target) / weeks


def target_capacity(
    demand: float,
    target_wait: float,
    factor: float = DEFAULT_FACTOR,
    cv_demand: float = 1.0,
    cv_capacity: float = 1.0,
) -> float:
    """Return the capacity that keeps a list at its target once it is there.

    Parameters
    ----------
    demand
        Patients added to the list per unit of time, in the unit of ``target_wait``.
    target_wait
        The waiting-time target, such as 52 (weeks).
    factor
        How many times the mean wait should fit into the target (see
        :func:`target_mean_wait`).
    cv_demand
        Coefficient of variation of the time between additions (1 for additions at
        random).
    cv_capacity
        Coefficient of variation of the time between removals (1 when removals are as
        irregular as random ones; lower for steadier theatre lists).

    Returns
    -------
    float
        ``demand + (cv_demand**2 + cv_capacity**2) / 2 * factor / target_wait``.

    Raises
    ------
    InputValueError
        If ``demand``, ``cv_demand`` or ``cv_capacity`` is negative, or ``target_wait``
        or ``factor`` is not above 0.

    Examples
    --------
    >>> round(target_capacity(30, 52, 3, 1.1, 1.2), 6)
    30.076442
    """
    demand = at_least_zero("demand", demand, "30 patients a week")
    mean_wait = target_mean_wait(target_wait, factor)
    cv_d = at_least_zero("cv_demand", cv_demand, "1")
    cv_c = at_least_zero("cv_capacity", cv_capacity, "1")
    return demand + (cv_d**2 + cv_c**2) / (2 * mean_wait)


def waiting_list_pressure(mean_wait: float, target_wait: float) -> float:
    """Return the pressure on a waiting list: twice the mean wait over the target.

    Parameters
    ----------
    mean_wait
        The mean wait now.
    target_wait
        The waiting-time target, in the same unit.

    Returns
    -------
    float
        ``2 * mean_wait / target_wait``. Above 1, the list is likely to miss its target;
        the figure compares lists with different targets.

    Raises
    ------
    InputValueError
        If ``mean_wait`` is negative or ``target_wait`` is not above 0.

    Examples
    --------
    >>> round(waiting_list_pressure(63, 52), 4)
    2.4231
    """
    wait = at_least_zero("mean_wait", mean_wait, "13 weeks")
    return 2 * wait / _check_target_wait(target_wait)


# ---------------------------------------------------------------------------
# A week-by-week projection
# ---------------------------------------------------------------------------


def _weekly(name: str, values: object, weeks: int | None) -> np.ndarray:
    """Return ``values`` as one float a week, after checking none is negative or missing."""
    if is_number(values):
        if weeks is None:
            raise InputValueError(
                "weeks", None, f"a whole number of weeks when {name} is a single number"
            )
        data = np.full(weeks, float(values))
    else:
        try:
            data = np.asarray(values, dtype=float)
        except (TypeError, ValueError):
            raise InputValueError(
                name, values, "a number, or a list of numbers with one for each week"
            ) from None
        if data.ndim != 1 or data.size == 0:
            raise InputValueError(name, values, "a number, or a list with one number a week")
    if not np.all(np.isfinite(data)):
        raise InputValueError(name, "values with gaps", "a number for every week, none missing")
    if np.any(data < 0):
        raise InputValueError(name, float(data.min()), "0 or more in every week")
    return data


def project_waiting_list(
    start_size: float,
    demand: float | Sequence[float] | pd.Series,
    capacity: float | Sequence[float] | pd.Series,
    weeks: int | None = None,
) -> pd.DataFrame:
    """Project a waiting list week by week: it grows by demand minus capacity, never below 0.

    Parameters
    ----------
    start_size
        Patients waiting at the start.
    demand
        Additions a week: one number for every week, or one number per week (a list or
        a Series, such as the ``Additions`` column of the ``waiting_list`` dataset).
    capacity
        Patients the service can remove a week: one number, or one per week.
    weeks
        Weeks to project. Needed when ``demand`` and ``capacity`` are both single
        numbers; otherwise it must match their length if given.

    Returns
    -------
    pandas.DataFrame
        One row per week, with the columns ``Additions``, ``Capacity``, ``Removals``
        (what was removed: the capacity, or fewer if the list ran out) and ``ListSize``
        (patients waiting at the end of the week). The index is ``Week`` (1, 2, ...),
        or the index of ``demand`` when it is a Series (such as week-ending dates).

    Raises
    ------
    InputValueError
        If ``start_size`` or any week's demand or capacity is negative or missing,
        ``weeks`` is not a whole number above 0, or the lengths disagree.

    Examples
    --------
    1,200 waiting, 30 added and 40 removed a week, for 3 weeks:

    >>> project_waiting_list(1200, 30, 40, weeks=3)["ListSize"].tolist()
    [1190.0, 1180.0, 1170.0]
    """
    start = at_least_zero("start_size", start_size, "1200 patients")
    if weeks is not None:
        weeks = whole_number(
            "weeks", weeks, minimum=1, expected="a whole number of weeks, 1 or more, such as 26"
        )
    sizes = {len(v) for v in (demand, capacity) if isinstance(v, Sequence | np.ndarray | pd.Series)}
    if weeks is None and len(sizes) == 1:
        weeks = sizes.pop()
    additions = _weekly("demand", demand, weeks)
    available = _weekly("capacity", capacity, weeks)
    if not additions.size == available.size == (weeks or additions.size):
        raise InputValueError(
            "demand and capacity",
            f"{additions.size} and {available.size} weeks",
            f"the same number of weeks{'' if weeks is None else f' ({weeks})'}",
        )
    # The list size follows s[t] = max(0, s[t-1] + d[t] - c[t]), a Lindley recursion, whose
    # solution is the running total less its lowest point below zero so far.
    running = start + np.cumsum(additions - available)
    size = running - np.minimum(0.0, np.minimum.accumulate(running))
    before = np.concatenate([[start], size[:-1]])
    index = (
        demand.index
        if isinstance(demand, pd.Series)
        else pd.RangeIndex(1, additions.size + 1, name="Week")
    )
    return pd.DataFrame(
        {
            "Additions": additions,
            "Capacity": available,
            "Removals": before + additions - size,
            "ListSize": size,
        },
        index=index,
    )
