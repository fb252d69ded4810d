r"""The whole-time equivalents a service needs: step 3 of the Six Steps (:data:`SIX_STEPS`).

**Demand** (:func:`wte_needed`, :func:`workforce_demand`). A whole-time equivalent (WTE)
delivers ``productivity`` units of activity in a year *while at work*. Staff are paid for
time they are not at work (annual leave, public holidays, sickness, study and parental
leave), so the establishment must be larger than ``activity / productivity``. Two
conventions are in use, and they differ:

- a **time-out share** :math:`s`, the share of paid time not available (the WHO Workload
  Indicators of Staffing Need subtract it from working time; NES measures sickness absence
  the same way, as hours lost over contracted hours):

  .. math:: \text{WTE} = \frac{\text{activity}}{\text{productivity} \times (1 - s)}

- a multiplicative **uplift** (or "headroom") :math:`u` added on top, as in Hurst's
  professional judgement method (a 22% time-out allowance):

  .. math:: \text{WTE} = \frac{\text{activity}}{\text{productivity}} \times (1 + u)

A share :math:`s` is the same as an uplift of :math:`1 / (1 - s) - 1` (22% of time out is
an uplift of 28.2%), so an uplift of 22% covers only 18.0% of time out. The default here is
the time-out share, because absence rates (such as ``SicknessAbsenceRate`` in the course's
``staff_groups`` table) are shares of contracted time; pass ``method="uplift"`` to apply a
headroom percentage as a multiplier (:func:`uplift_from_share` converts).
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
import pandas as pd

from planlab.checks import ArrayLike, first_bad, fraction_array, number_array, scalar_or_array
from planlab.errors import InputValueError

__all__ = [
    "SIX_STEPS",
    "Method",
    "establishment",
    "share_from_uplift",
    "time_out_share",
    "uplift_from_share",
    "workforce_demand",
    "wte_needed",
]

#: The six steps of Skills for Health's Six Steps Methodology to Integrated Workforce
#: Planning, in its own words (skillsforhealth.org.uk; NHS Greater Glasgow and Clyde's
#: workforce planning pages quote the same list and CEL 32 (2011)).
SIX_STEPS: tuple[str, ...] = (
    "Defining the plan",
    "Mapping service change",
    "Defining the required workforce",
    "Understanding workforce availability",
    "Planning to deliver the required workforce",
    "Implement, monitoring and refresh",
)

#: How a time-out allowance is applied: as a share of paid time (``"share"``) or as an
#: uplift on top (``"uplift"``); see :func:`wte_needed`.
Method = Literal["share", "uplift"]


def uplift_from_share(share: ArrayLike) -> float | np.ndarray:
    """Convert a time-out share into the multiplicative uplift that covers it.

    Parameters
    ----------
    share
        Share of paid time not available for work, a fraction in [0, 1).

    Returns
    -------
    float or numpy.ndarray
        The uplift :math:`1 / (1 - s) - 1`.

    Raises
    ------
    InputValueError
        If ``share`` is not a fraction in [0, 1).

    Examples
    --------
    >>> round(uplift_from_share(0.225), 4)
    0.2903
    """
    array = fraction_array("share", share, example="0.225 for 22.5% of time out")
    return scalar_or_array(1 / (1 - array) - 1)


def share_from_uplift(uplift: ArrayLike) -> float | np.ndarray:
    """Convert a multiplicative uplift (headroom) into the time-out share it covers.

    Parameters
    ----------
    uplift
        Uplift added on top of the WTE needed at work, a fraction (0.22 for 22%).

    Returns
    -------
    float or numpy.ndarray
        The share :math:`1 - 1 / (1 + u)`.

    Raises
    ------
    InputValueError
        If ``uplift`` is negative or 1 or more.

    Examples
    --------
    >>> round(share_from_uplift(0.22), 4)
    0.1803
    """
    array = fraction_array("uplift", uplift, example="0.22 for a 22% headroom")
    return scalar_or_array(1 - 1 / (1 + array))


def time_out_share(**components: float) -> float:
    """Add up the parts of the time-out share (leave, sickness, study, ...).

    Parameters
    ----------
    **components
        Each a share of contracted time, as a fraction, named as you like:
        ``annual_leave=0.15, sickness=0.04, study=0.02``.

    Returns
    -------
    float
        Their sum, the share of paid time not available for work.

    Raises
    ------
    InputValueError
        If there are no parts, a part is not a fraction in [0, 1), or they add up to 1 or more.

    Examples
    --------
    The predictable absence allowance of NHS Scotland's nursing workload tools:

    >>> round(time_out_share(annual_leave=0.15, sickness=0.04, study=0.02,
    ...                      maternity=0.01, other=0.005), 3)
    0.225
    """
    if not components:
        raise InputValueError("components", {}, "one or more shares, such as sickness=0.04")
    for name, value in components.items():
        fraction_array(name, value, example="0.04 for 4% of time")
    total = math.fsum(float(value) for value in components.values())
    if total >= 1:
        raise InputValueError(
            "components", components, "shares that add up to less than 1 (all of the time)"
        )
    return total


def wte_needed(
    activity: ArrayLike,
    productivity: ArrayLike,
    time_out: ArrayLike = 0.0,
    method: Method = "share",
) -> float | np.ndarray:
    """Return the whole-time equivalents needed to deliver a volume of activity.

    Parameters
    ----------
    activity
        Activity to deliver in the period (contacts, hours of care, consultations...).
    productivity
        Activity one WTE delivers in the same period *while at work* (no time out), in the
        same units; above 0.
    time_out
        With ``method="share"``, the share of paid time not available (leave, sickness,
        study), a fraction in [0, 1). With ``method="uplift"``, the headroom added on top,
        a fraction in [0, 1).
    method
        ``"share"`` divides by :math:`1 - s` (WHO WISN's available working time);
        ``"uplift"`` multiplies by :math:`1 + u` (Hurst's time-out allowance).

    Returns
    -------
    float or numpy.ndarray
        WTE needed, unrounded; arrays broadcast as numpy does.

    Raises
    ------
    InputValueError
        If ``activity`` is negative, ``productivity`` is not above 0, ``time_out`` is not a
        fraction in [0, 1), or ``method`` is unknown.

    Examples
    --------
    455 hours a week of ward nursing, 37.5 hours a WTE, 22% time-out uplift (Hurst):

    >>> round(wte_needed(455, 37.5, 0.22, method="uplift"), 1)
    14.8
    """
    if method not in ("share", "uplift"):
        raise InputValueError("method", method, '"share" or "uplift"')
    need = number_array("activity", activity)
    if (need < 0).any():
        where, first = first_bad("activity", need, need < 0)
        raise InputValueError(where, first, "zero or more (activity in the period)")
    rate = number_array("productivity", productivity)
    if (rate <= 0).any():
        where, first = first_bad("productivity", rate, rate <= 0)
        raise InputValueError(
            where,
            first,
            "greater than 0: the activity one WTE delivers in the period while at work, "
            "such as 1,800 contacts a year",
        )
    example = "0.225 for 22.5% of time out" if method == "share" else "0.22 for a 22% headroom"
    allowance = fraction_array("time_out", time_out, example=example)
    at_work = need / rate
    wte = at_work / (1 - allowance) if method == "share" else at_work * (1 + allowance)
    return scalar_or_array(wte)


def workforce_demand(
    table: pd.DataFrame,
    activity: str = "Activity",
    productivity: str = "Productivity",
    time_out: str | float = "TimeOut",
    method: Method = "share",
) -> pd.DataFrame:
    """Add the WTE needed to each row of a table of activity (for example by staff group).

    Parameters
    ----------
    table
        One row per staff group (and year, or service), with the columns named below.
    activity, productivity
        Columns holding the activity and the activity per WTE at work (see
        :func:`wte_needed`).
    time_out
        A column holding each row's time-out share (or uplift), or one number for all rows.
    method
        ``"share"`` or ``"uplift"``, as for :func:`wte_needed`.

    Returns
    -------
    pandas.DataFrame
        A copy of ``table`` with ``WTEAtWork`` (activity / productivity) and ``WTENeeded``.

    Raises
    ------
    InputValueError
        If a column is missing or a value is out of range; the message names the row.

    Examples
    --------
    >>> table = pd.DataFrame({"StaffGroup": ["AHP"], "Activity": [9000.0],
    ...                       "Productivity": [1000.0], "TimeOut": [0.1]})
    >>> workforce_demand(table)["WTENeeded"].round(2).tolist()
    [10.0]
    """
    columns = [activity, productivity] + ([time_out] if isinstance(time_out, str) else [])
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise InputValueError(
            "table", f"a table without {', '.join(missing)}", "a table with those columns"
        )
    allowance = table[time_out].to_numpy() if isinstance(time_out, str) else time_out
    result = table.copy()
    result["WTEAtWork"] = wte_needed(table[activity].to_numpy(), table[productivity].to_numpy())
    result["WTENeeded"] = wte_needed(
        table[activity].to_numpy(), table[productivity].to_numpy(), allowance, method
    )
    return result


def establishment(in_post: ArrayLike, vacancy_rate: ArrayLike) -> float | np.ndarray:
    """Return the funded establishment implied by staff in post and a vacancy rate.

    A vacancy rate is vacant posts over establishment (as NES publishes it), so
    establishment = in post / (1 - vacancy rate).

    Parameters
    ----------
    in_post
        WTE in post, zero or more.
    vacancy_rate
        Vacant WTE as a share of establishment, a fraction in [0, 1).

    Returns
    -------
    float or numpy.ndarray
        Establishment, WTE.

    Raises
    ------
    InputValueError
        If ``in_post`` is negative or ``vacancy_rate`` is not a fraction in [0, 1).

    Examples
    --------
    >>> round(establishment(95.2, 0.048), 1)
    100.0
    """
    staff = number_array("in_post", in_post)
    if (staff < 0).any():
        where, first = first_bad("in_post", staff, staff < 0)
        raise InputValueError(where, first, "zero or more WTE (staff cannot be negative)")
    rate = fraction_array("vacancy_rate", vacancy_rate, example="0.048 for 4.8%")
    return scalar_or_array(staff / (1 - rate))
