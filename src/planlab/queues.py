r"""Beds and variability: how full a ward can run before patients are turned away.

Admissions arrive unevenly and stays vary, so the number of beds a ward needs on a
given day goes up and down around its average. Two models put a number on that.

**The Poisson model of daily bed demand.** If patients arrive at random and each
stays independently of the others, the number of beds wanted on a day follows a
Poisson distribution whose mean is the average number of occupied beds. A ward of
``beds`` beds overflows on a day when more than ``beds`` patients need one:

.. math::

    P(\text{overflow}) = P(N > \text{beds}), \quad N \sim \text{Poisson}(\text{mean occupied})

**The Erlang loss model (M/M/c/c, Erlang B).** A ward of :math:`c` beds turns away
(to another ward, an outlier bed or another hospital) any patient who arrives when
every bed is full. With arrivals at random at :math:`\lambda` a day and a mean length
of stay of :math:`1/\mu` days, the *offered load* is :math:`a = \lambda / \mu`
(arrivals a day times mean stay): the beds that would be occupied on average if
nobody were turned away. The share of arrivals turned away is Erlang's B formula

.. math::

    B(c, a) = \frac{a^c / c!}{\sum_{k=0}^{c} a^k / k!}
            = \frac{\text{pmf}(c;\, a)}{\text{cdf}(c;\, a)} \text{ of a Poisson}(a),

and the ward's mean occupancy is the *carried load* over the beds,
:math:`a\,(1 - B) / c`. The formula holds whatever the shape of the length-of-stay
distribution, so long as arrivals are at random (the "insensitivity" of the loss
model).

Why "85%" is a rule of thumb: for the same risk of turning patients away, a big
ward can run fuller than a small one, because its daily ups and downs are smaller
relative to its size. Bagust, Place and Posnett (BMJ 1999;319:155-158) found by
simulating emergency admissions to a hospital that bed shortages became regular once
average occupancy rose above about 85%; the figure came from a model of one setting,
not a law for every ward. :func:`safe_occupancy_table` shows how the safe figure rises
with ward size: at 5% of arrivals turned away, a 10-bed ward is safe only at 59%, and
85% needs 52 beds or more.

The module stays whole (about 520 lines, most of them docstrings and worked examples)
because both bed models answer one question, how many beds keep overflow below a chosen
risk, with the same input checks, and the Erlang functions build on one another (offered
load, blocking, carried load, safe occupancy).

References
----------
Bagust A, Place M, Posnett JW. Dynamics of bed use in accommodating emergency
admissions: stochastic simulation model. BMJ 1999;319:155-158.

de Bruin AM, Bekker R, van Zanten L, Koole GM. Dimensioning hospital wards using the
Erlang loss model. Annals of Operations Research 2010;178:23-43.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd
from scipy import optimize, stats

from planlab.checks import number, whole_number
from planlab.errors import InputValueError

__all__ = [
    "blocking_at_occupancy",
    "carried_load",
    "erlang_b",
    "erlang_beds_needed",
    "erlang_occupancy",
    "max_offered_load",
    "offered_load",
    "poisson_beds_needed",
    "poisson_overflow_probability",
    "safe_occupancy",
    "safe_occupancy_table",
]

#: The overflow risk used when none is given: one day (or one arrival) in twenty.
DEFAULT_RISK = 0.05


# ---------------------------------------------------------------------------
# Checking inputs
# ---------------------------------------------------------------------------


def _check_positive(name: str, value: object, example: str) -> float:
    """Return ``value`` as a float after checking it is a finite number above 0."""
    result = number(name, value, example)
    if not math.isfinite(result) or result <= 0:
        raise InputValueError(name, value, f"a number greater than 0, such as {example}")
    return result


def _check_beds(beds: object, name: str = "beds") -> int:
    """Return ``beds`` as an int after checking it is a whole number of beds, 1 or more."""
    return whole_number(
        name,
        beds,
        minimum=1,
        expected="a whole number of beds, 1 or more, such as 24 (not 24.5 or '24')",
    )


def _check_risk(risk: object) -> float:
    """Return ``risk`` after checking it is a probability strictly between 0 and 1."""
    value = number("risk", risk, "0.05 (one in twenty)")
    if not 0 < value < 1:
        hint = " (write 5% as 0.05)" if 1 <= value <= 100 else ""
        raise InputValueError("risk", risk, f"a probability greater than 0 and less than 1{hint}")
    return value


def _check_occupancy(occupancy: object) -> float:
    """Return ``occupancy`` after checking it is a fraction in (0, 1]."""
    value = number("occupancy", occupancy, "0.85 (85%)")
    if not 0 < value <= 1:
        hint = " (write 85% as 0.85)" if 1 < value <= 100 else ""
        raise InputValueError(
            "occupancy", occupancy, f"a fraction greater than 0 and no more than 1{hint}"
        )
    return value


# ---------------------------------------------------------------------------
# The Poisson model of daily bed demand
# ---------------------------------------------------------------------------


def poisson_overflow_probability(mean_occupied: float, beds: int) -> float:
    r"""Return the chance that more patients need a bed on a day than there are beds.

    Parameters
    ----------
    mean_occupied
        Average number of beds occupied a day (bed days a year / 365).
    beds
        Beds in the ward.

    Returns
    -------
    float
        :math:`P(N > \text{beds})` for :math:`N` Poisson with mean ``mean_occupied``
        (``scipy.stats.poisson.sf``).

    Raises
    ------
    InputValueError
        If ``mean_occupied`` is not above 0 or ``beds`` is not a whole number, 1 or more.

    Examples
    --------
    A ward averaging 10 occupied beds, with 15 beds, overflows on about 1 day in 20:

    >>> round(poisson_overflow_probability(10, 15), 4)
    0.0487
    """
    mean = _check_positive("mean_occupied", mean_occupied, "20.5 beds")
    return float(stats.poisson.sf(_check_beds(beds), mean))


def poisson_beds_needed(mean_occupied: float, risk: float = DEFAULT_RISK) -> int:
    r"""Return the fewest beds for which daily demand exceeds the beds with chance ``risk`` or less.

    Parameters
    ----------
    mean_occupied
        Average number of beds occupied a day (bed days a year / 365).
    risk
        The accepted chance that, on a given day, more patients need a bed than
        there are beds: 0.05 is one day in twenty.

    Returns
    -------
    int
        The smallest number of beds ``n`` with :math:`P(N > n) \le` ``risk``, for
        :math:`N` Poisson with mean ``mean_occupied`` (``scipy.stats.poisson.isf``).

    Raises
    ------
    InputValueError
        If ``mean_occupied`` is not above 0 or ``risk`` is not strictly between 0 and 1.

    Examples
    --------
    >>> poisson_beds_needed(10, 0.05)
    15
    """
    mean = _check_positive("mean_occupied", mean_occupied, "20.5 beds")
    return int(stats.poisson.isf(_check_risk(risk), mean))


# ---------------------------------------------------------------------------
# The Erlang loss model (M/M/c/c)
# ---------------------------------------------------------------------------


def offered_load(arrivals_per_day: float, mean_stay_days: float) -> float:
    """Return the offered load: arrivals a day times mean length of stay in days.

    The offered load, in erlangs, is the average number of beds that would be
    occupied if no patient were ever turned away.

    Parameters
    ----------
    arrivals_per_day
        Admissions (arrivals wanting a bed) a day.
    mean_stay_days
        Mean length of stay, in days.

    Returns
    -------
    float
        ``arrivals_per_day * mean_stay_days``.

    Raises
    ------
    InputValueError
        If either value is not a number above 0.

    Examples
    --------
    Three admissions a day staying 7.6 days on average offer 22.8 beds' worth of load:

    >>> round(offered_load(3, 7.6), 2)
    22.8
    """
    arrivals = _check_positive("arrivals_per_day", arrivals_per_day, "3.5 admissions")
    stay = _check_positive("mean_stay_days", mean_stay_days, "7.6 days")
    return arrivals * stay


def _blocking(beds: int, load: float) -> float:
    """Erlang B by the standard recursion B(k) = a B(k-1) / (k + a B(k-1)), B(0) = 1.

    The recursion is used rather than scipy's ``poisson.pmf / poisson.cdf`` because the
    ratio becomes 0 / 0 when the load is far above the beds (the cdf underflows); the
    recursion stays accurate for every ward size and load.
    """
    blocking = 1.0
    for servers in range(1, beds + 1):
        blocking = load * blocking / (servers + load * blocking)
    return blocking


def erlang_b(beds: int, load: float) -> float:
    """Return the chance that an arriving patient finds every bed full (Erlang B).

    Parameters
    ----------
    beds
        Beds in the ward (servers, :math:`c`).
    load
        Offered load in erlangs: arrivals a day times mean stay in days (see
        :func:`offered_load`).

    Returns
    -------
    float
        The blocking probability :math:`B(c, a)`: the long-run share of arrivals
        turned away, which is also the share of time every bed is full.

    Raises
    ------
    InputValueError
        If ``beds`` is not a whole number, 1 or more, or ``load`` is not above 0.

    Examples
    --------
    Three trauma bays offered 2/3 of an erlang turn away about 2.5% of arrivals:

    >>> round(erlang_b(3, 2 / 3), 4)
    0.0255
    """
    return _blocking(_check_beds(beds), _check_positive("load", load, "22.8 erlangs"))


def carried_load(beds: int, load: float) -> float:
    r"""Return the average number of occupied beds when full-ward arrivals are turned away.

    Parameters
    ----------
    beds
        Beds in the ward.
    load
        Offered load in erlangs (arrivals a day times mean stay in days).

    Returns
    -------
    float
        :math:`a\,(1 - B(c, a))`: the load the ward actually carries.

    Raises
    ------
    InputValueError
        If ``beds`` is not a whole number, 1 or more, or ``load`` is not above 0.

    Examples
    --------
    >>> round(carried_load(3, 2 / 3), 4)
    0.6497
    """
    return load * (1 - erlang_b(beds, load))


def erlang_occupancy(beds: int, load: float) -> float:
    r"""Return a ward's mean occupancy under the Erlang loss model.

    Parameters
    ----------
    beds
        Beds in the ward.
    load
        Offered load in erlangs (arrivals a day times mean stay in days).

    Returns
    -------
    float
        The carried load over the beds, :math:`a\,(1 - B(c, a)) / c`, a fraction.

    Raises
    ------
    InputValueError
        If ``beds`` is not a whole number, 1 or more, or ``load`` is not above 0.

    Examples
    --------
    >>> round(erlang_occupancy(30, 25), 3)
    0.789
    """
    return carried_load(beds, load) / beds


def erlang_beds_needed(load: float, risk: float = DEFAULT_RISK) -> int:
    r"""Return the fewest beds that turn away no more than a share ``risk`` of arrivals.

    Parameters
    ----------
    load
        Offered load in erlangs (arrivals a day times mean stay in days).
    risk
        The accepted share of arrivals who find the ward full, such as 0.05.

    Returns
    -------
    int
        The smallest :math:`c` with :math:`B(c, a) \le` ``risk``.

    Raises
    ------
    InputValueError
        If ``load`` is not above 0 or ``risk`` is not strictly between 0 and 1.

    Examples
    --------
    >>> erlang_beds_needed(25, 0.05)
    31
    """
    load = _check_positive("load", load, "22.8 erlangs")
    risk = _check_risk(risk)
    blocking, beds = 1.0, 0
    while blocking > risk:  # B falls towards 0 as beds are added, so this ends
        beds += 1
        blocking = load * blocking / (beds + load * blocking)
    return beds


def max_offered_load(beds: int, risk: float = DEFAULT_RISK) -> float:
    """Return the largest offered load a ward can take while turning away at most ``risk``.

    Parameters
    ----------
    beds
        Beds in the ward.
    risk
        The accepted share of arrivals who find the ward full, such as 0.05.

    Returns
    -------
    float
        The offered load :math:`a` (erlangs) at which :math:`B(c, a) =` ``risk``,
        found with ``scipy.optimize.brentq``.

    Raises
    ------
    InputValueError
        If ``beds`` is not a whole number, 1 or more, or ``risk`` is not strictly
        between 0 and 1.

    Examples
    --------
    Fifteen lines at 1% blocking carry 8.108 erlangs, as in Erlang B tables:

    >>> round(max_offered_load(15, 0.01), 3)
    8.108
    """
    beds = _check_beds(beds)
    risk = _check_risk(risk)
    # B(c, a) >= 1 - c / a (the ward cannot carry more than c), so at
    # a = c / (1 - risk) the blocking is at least ``risk``: the root lies below.
    upper = beds / (1 - risk)
    return float(optimize.brentq(lambda load: _blocking(beds, load) - risk, 0.0, upper, xtol=1e-12))


def safe_occupancy(beds: int, risk: float = DEFAULT_RISK) -> float:
    r"""Return the highest mean occupancy a ward can run at for a given overflow risk.

    Parameters
    ----------
    beds
        Beds in the ward.
    risk
        The accepted share of arrivals who find the ward full, such as 0.05.

    Returns
    -------
    float
        Mean occupancy, as a fraction, at the largest offered load that keeps the
        blocking probability at ``risk``: :math:`a^*(1 - \text{risk}) / c`.

    Raises
    ------
    InputValueError
        If ``beds`` is not a whole number, 1 or more, or ``risk`` is not strictly
        between 0 and 1.

    Examples
    --------
    A 10-bed ward that may turn away 1 patient in 20 can average only 59% full:

    >>> round(safe_occupancy(10, 0.05), 3)
    0.59
    """
    load = max_offered_load(beds, risk)
    return load * (1 - risk) / beds


def blocking_at_occupancy(beds: int, occupancy: float) -> float:
    """Return the share of arrivals turned away when a ward runs at a given mean occupancy.

    The inverse of :func:`safe_occupancy`: for a ward of ``beds`` beds whose
    occupancy averages ``occupancy``, find the offered load that gives that
    occupancy under the Erlang loss model, then its blocking probability.

    Parameters
    ----------
    beds
        Beds in the ward.
    occupancy
        Mean occupancy as a fraction in (0, 1], such as 0.85.

    Returns
    -------
    float
        The blocking probability. At an occupancy of exactly 1 it is 1: a ward
        that is always full turns away (in the limit) every arrival.

    Raises
    ------
    InputValueError
        If ``beds`` is not a whole number, 1 or more, or ``occupancy`` is not in (0, 1].

    Examples
    --------
    A 24-bed ward averaging 85% full turns away about 1 arrival in 7:

    >>> round(blocking_at_occupancy(24, 0.85), 3)
    0.141
    """
    beds = _check_beds(beds)
    occupancy = _check_occupancy(occupancy)
    if occupancy == 1:
        return 1.0
    target = occupancy * beds

    def shortfall(load: float) -> float:
        return load * (1 - _blocking(beds, load)) - target

    upper = float(beds)
    while shortfall(upper) < 0:  # the carried load rises towards ``beds`` as load grows
        upper *= 2
    load = optimize.brentq(shortfall, 0.0, upper, xtol=1e-12)
    return _blocking(beds, float(load))


def safe_occupancy_table(bed_counts: Iterable[int], risk: float = DEFAULT_RISK) -> pd.DataFrame:
    """Tabulate the safe mean occupancy for wards of several sizes at one overflow risk.

    Parameters
    ----------
    bed_counts
        Ward sizes to compare, each a whole number of beds, such as ``[10, 24, 50, 100]``.
    risk
        The accepted share of arrivals who find the ward full, such as 0.05.

    Returns
    -------
    pandas.DataFrame
        One row per ward size, with the columns ``Beds``, ``OfferedLoad`` (the
        largest offered load, in erlangs, at that risk), ``MeanOccupiedBeds`` (the
        carried load) and ``SafeOccupancy`` (mean occupancy as a fraction).

    Raises
    ------
    InputValueError
        If ``bed_counts`` is empty or holds a value that is not a whole number of
        beds, or ``risk`` is not strictly between 0 and 1.

    Examples
    --------
    >>> table = safe_occupancy_table([10, 25, 50, 100, 200], 0.05)
    >>> table["SafeOccupancy"].round(2).tolist()
    [0.59, 0.76, 0.85, 0.9, 0.94]
    """
    risk = _check_risk(risk)
    sizes = [_check_beds(beds, "bed_counts") for beds in bed_counts]
    if not sizes:
        raise InputValueError("bed_counts", [], "at least one ward size, such as [10, 24, 50]")
    loads = [max_offered_load(beds, risk) for beds in sizes]
    carried = [load * (1 - risk) for load in loads]
    return pd.DataFrame(
        {
            "Beds": sizes,
            "OfferedLoad": loads,
            "MeanOccupiedBeds": carried,
            "SafeOccupancy": [mean / beds for mean, beds in zip(carried, sizes, strict=True)],
        }
    )
