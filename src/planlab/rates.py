"""Rates with confidence intervals: crude, directly age-standardised, and rate ratios.

The methods are those that public health statisticians in the UK use, as set out in
Public Health England's "Technical guide: confidence intervals" (now kept by OHID) and
coded in its R package ``PHEindicatormethods``:

- a **crude rate** is events / population x ``per``; its 95% confidence interval comes
  from the Poisson distribution of the count, either exactly (the default, through the
  chi-squared / gamma quantiles) or by Byar's approximation;
- a **directly standardised rate** (DSR) weights each age group's rate by the European
  Standard Population 2013; its confidence interval is Dobson et al.'s (1991) method,
  which scales the Poisson interval of the total count (by Byar's method, as PHE does) to
  the DSR;
- a **rate ratio** compares two rates on the log scale (a normal approximation to the
  log of the ratio).

All functions check their inputs and raise :class:`planlab.errors.InputValueError` with a
message a planner can act on.

The module stays whole (about 570 lines, most of them docstrings and worked examples)
because its parts share their checks and their Poisson limits: Byar's method gives both a
crude rate's interval and, scaled by Dobson's method, a DSR's.

References
----------
Dobson AJ, Kuulasmaa K, Eberle E, Scherer J. Confidence intervals for weighted sums of
Poisson parameters. Statistics in Medicine 1991;10(3):457-462.

Breslow NE, Day NE. Statistical Methods in Cancer Research, Volume II: The Design and
Analysis of Cohort Studies. IARC Scientific Publications No. 82, 1987 (Byar's approximation).

Eurostat. Revision of the European Standard Population: report of Eurostat's task force.
Luxembourg: Publications Office of the European Union, 2013.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from statistics import NormalDist

import numpy as np
import pandas as pd

from planlab.errors import InputValueError

__all__ = [
    "BROAD_AGE_BANDS",
    "DSR_MINIMUM_EVENTS",
    "ESP2013",
    "byar_limits",
    "crude_rate",
    "esp2013_weights",
    "exact_poisson_limits",
    "rate_ratio",
    "rate_ratios",
    "standardised_rate",
    "standardised_rates",
]

#: The European Standard Population 2013 (Eurostat 2013 revision), in five-year bands
#: with an open 90+ band; it totals 100,000. Labels follow the course's datasets, which
#: write the open band ``90plus``. For data whose top band is 85+, add the last two
#: bands (1,500 + 1,000 = 2,500): :func:`esp2013_weights` does this for you.
ESP2013: dict[str, int] = {
    "0-4": 5000,
    "5-9": 5500,
    "10-14": 5500,
    "15-19": 5500,
    "20-24": 6000,
    "25-29": 6000,
    "30-34": 6500,
    "35-39": 7000,
    "40-44": 7000,
    "45-49": 7000,
    "50-54": 7000,
    "55-59": 6500,
    "60-64": 6000,
    "65-69": 5500,
    "70-74": 5000,
    "75-79": 4000,
    "80-84": 2500,
    "85-89": 1500,
    "90plus": 1000,
}

#: The broad age groups of the course's activity tables (such as emergency admissions),
#: each with the five-year bands it is made of.
BROAD_AGE_BANDS: dict[str, tuple[str, ...]] = {
    "0-4": ("0-4",),
    "5-14": ("5-9", "10-14"),
    "15-44": ("15-19", "20-24", "25-29", "30-34", "35-39", "40-44"),
    "45-64": ("45-49", "50-54", "55-59", "60-64"),
    "65-74": ("65-69", "70-74"),
    "75-84": ("75-79", "80-84"),
    "85plus": ("85-89", "90plus"),
}

#: Below this many events PHE does not publish a DSR: the interval is too wide to be useful.
DSR_MINIMUM_EVENTS = 10

_METHODS = ("exact", "byar")


def _z(confidence: float) -> float:
    if not isinstance(confidence, int | float) or not 0.5 <= confidence < 1:
        raise InputValueError("confidence", confidence, "a fraction from 0.5 to 0.999, like 0.95")
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def _check_count(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        raise InputValueError(name, value, "a number")
    value = float(value)
    if not math.isfinite(value) or value < 0:
        raise InputValueError(name, value, "a count of 0 or more")
    return value


def _check_population(name: str, value: float) -> float:
    value = _check_count(name, value)
    if value <= 0:
        raise InputValueError(name, value, "a population above 0")
    return value


def esp2013_weights(groups: Mapping[str, Sequence[str]] | None = None) -> pd.Series:
    """Return the European Standard Population 2013, summed into the groups you use.

    Parameters
    ----------
    groups
        Each of your age groups with the ESP2013 five-year bands it covers, such as
        ``{"85plus": ["85-89", "90plus"]}``. ``None`` gives the 19 five-year bands;
        ``BROAD_AGE_BANDS`` gives the course's seven broad groups.

    Returns
    -------
    pandas.Series
        Standard population by age group, named ``StandardPopulation``.

    Raises
    ------
    InputValueError
        If a band is not an ESP2013 band, or a band is used twice.
    """
    if groups is None:
        return pd.Series(ESP2013, name="StandardPopulation", dtype="int64")
    used: list[str] = []
    weights: dict[str, int] = {}
    for group, bands in groups.items():
        for band in bands:
            if band not in ESP2013:
                raise InputValueError("groups", band, f"one of the ESP2013 bands {list(ESP2013)}")
            if band in used:
                raise InputValueError("groups", band, "used in one group only")
            used.append(band)
        weights[group] = sum(ESP2013[band] for band in bands)
    return pd.Series(weights, name="StandardPopulation", dtype="int64")


def _regularised_gamma_p(a: float, x: float) -> float:
    """Regularised lower incomplete gamma P(a, x), by series or continued fraction."""
    if x <= 0:
        return 0.0
    log_front = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1:
        term = total = 1.0 / a
        k = a
        for _ in range(10_000):
            k += 1
            term *= x / k
            total += term
            if abs(term) < abs(total) * 1e-15:
                break
        return total * math.exp(log_front)
    # Lentz's continued fraction for Q(a, x).
    tiny = 1e-300
    b = x + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-15:
            break
    return 1.0 - math.exp(log_front) * h


def _gamma_quantile(p: float, a: float) -> float:
    """Return x with P(a, x) = p, by bisection (a > 0, 0 < p < 1)."""
    low, high = 0.0, max(1.0, a)
    while _regularised_gamma_p(a, high) < p:
        high *= 2
    for _ in range(200):
        mid = (low + high) / 2
        if _regularised_gamma_p(a, mid) < p:
            low = mid
        else:
            high = mid
        if high - low <= 1e-12 * max(1.0, high):
            break
    return (low + high) / 2


def byar_limits(count: float, confidence: float = 0.95) -> tuple[float, float]:
    r"""Return Byar's approximate confidence limits for a Poisson count.

    .. math::

        O_L = O\left(1 - \frac{1}{9O} - \frac{z}{3\sqrt{O}}\right)^3, \quad
        O_U = (O+1)\left(1 - \frac{1}{9(O+1)} + \frac{z}{3\sqrt{O+1}}\right)^3

    Parameters
    ----------
    count
        Observed events, 0 or more.
    confidence
        Confidence level, such as 0.95.

    Returns
    -------
    tuple of float
        Lower and upper limits for the expected count. The lower limit is 0 when the
        count is 0.

    Raises
    ------
    InputValueError
        If the count is negative or the confidence is out of range.
    """
    z = _z(confidence)
    observed = _check_count("count", count)
    lower = 0.0
    if observed > 0:
        lower = observed * (1 - 1 / (9 * observed) - z / (3 * math.sqrt(observed))) ** 3
    upper = (observed + 1) * (1 - 1 / (9 * (observed + 1)) + z / (3 * math.sqrt(observed + 1))) ** 3
    return max(lower, 0.0), upper


def exact_poisson_limits(count: float, confidence: float = 0.95) -> tuple[float, float]:
    """Return exact (Garwood) confidence limits for a Poisson count.

    The limits are chi-squared quantiles, written here as gamma quantiles:
    ``O_L = Gamma(alpha/2; O)`` and ``O_U = Gamma(1 - alpha/2; O + 1)``.

    Parameters
    ----------
    count
        Observed events, a whole number, 0 or more.
    confidence
        Confidence level, such as 0.95.

    Returns
    -------
    tuple of float
        Lower and upper limits for the expected count (for 0 events: 0 and 3.689).

    Raises
    ------
    InputValueError
        If the count is negative or not whole, or the confidence is out of range.
    """
    _z(confidence)
    observed = _check_count("count", count)
    if observed != int(observed):
        raise InputValueError("count", count, "a whole number of events for the exact method")
    alpha = 1 - confidence
    lower = 0.0 if observed == 0 else _gamma_quantile(alpha / 2, observed)
    return lower, _gamma_quantile(1 - alpha / 2, observed + 1)


def crude_rate(
    events: float,
    population: float,
    per: float = 1000,
    confidence: float = 0.95,
    method: str = "exact",
) -> pd.Series:
    """Return a crude rate with its confidence interval.

    Parameters
    ----------
    events
        Events counted (such as emergency admissions in a year).
    population
        People at risk (such as the mid-year population).
    per
        Express the rate per this many people: 1,000 or 100,000.
    confidence
        Confidence level, such as 0.95.
    method
        ``"exact"`` (exact Poisson limits, the default) or ``"byar"`` (Byar's
        approximation, close to exact once there are more than about 10 events).

    Returns
    -------
    pandas.Series
        ``Events``, ``Population``, ``Rate``, ``LowerCI`` and ``UpperCI``.

    Raises
    ------
    InputValueError
        If a count is negative, the population is not above 0, or ``method`` is unknown.
    """
    if method not in _METHODS:
        raise InputValueError("method", method, f"one of {list(_METHODS)}")
    observed = _check_count("events", events)
    people = _check_population("population", population)
    per = _check_population("per", per)
    limits = exact_poisson_limits if method == "exact" else byar_limits
    lower, upper = limits(observed, confidence)
    scale = per / people
    return pd.Series(
        {
            "Events": observed,
            "Population": people,
            "Rate": observed * scale,
            "LowerCI": lower * scale,
            "UpperCI": upper * scale,
        }
    )


def _aligned(values: object, name: str) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if array.ndim != 1 or array.size == 0:
        raise InputValueError(name, values, "a list of numbers, one per age group")
    if not np.all(np.isfinite(array)) or np.any(array < 0):
        raise InputValueError(name, values, "numbers of 0 or more, with none missing")
    return array


def standardised_rate(
    events: Sequence[float] | np.ndarray | pd.Series,
    population: Sequence[float] | np.ndarray | pd.Series,
    standard: Sequence[float] | np.ndarray | pd.Series,
    per: float = 100_000,
    confidence: float = 0.95,
) -> pd.Series:
    r"""Return a directly standardised rate (DSR) with Dobson et al.'s confidence interval.

    With events :math:`O_i`, population :math:`n_i` and standard population
    :math:`w_i` in each age group, and :math:`O = \sum O_i`:

    .. math::

        \mathrm{DSR} = \frac{\sum w_i O_i / n_i}{\sum w_i}, \quad
        \mathrm{Var(DSR)} = \frac{\sum w_i^2 O_i / n_i^2}{(\sum w_i)^2}

        \mathrm{DSR}_{L,U} = \mathrm{DSR} + \sqrt{\mathrm{Var(DSR)} / O}\,(O_{L,U} - O)

    where :math:`O_L, O_U` are Byar's limits for :math:`O` (as PHE's
    ``PHEindicatormethods::phe_dsr`` computes them). All three are multiplied by ``per``.

    Parameters
    ----------
    events, population, standard
        Events, population and standard population (such as
        ``esp2013_weights(BROAD_AGE_BANDS)``) by age group, in the same order.
    per
        Express the rate per this many people (100,000 as PHE and PHS publish them).
    confidence
        Confidence level, such as 0.95.

    Returns
    -------
    pandas.Series
        ``Events``, ``Population``, ``Rate``, ``LowerCI``, ``UpperCI`` and ``Variance``
        (the variance of the rate, on the ``per`` scale, used by :func:`rate_ratio`).
        Public Health England did not publish a DSR from fewer than 10 events.

    Raises
    ------
    InputValueError
        If the three inputs differ in length, hold negative or missing numbers, a
        population is 0, or there are no events.
    """
    observed = _aligned(events, "events")
    people = _aligned(population, "population")
    weights = _aligned(standard, "standard")
    if not observed.size == people.size == weights.size:
        raise InputValueError(
            "events, population and standard",
            (observed.size, people.size, weights.size),
            "the same length: one value per age group",
        )
    if np.any(people <= 0):
        raise InputValueError("population", population, "above 0 in every age group")
    total = observed.sum()
    if total <= 0:
        raise InputValueError("events", events, "at least one event in all, to standardise")
    share = weights / weights.sum()
    rate = float(np.sum(share * observed / people))
    variance = float(np.sum(share**2 * observed / people**2))
    lower_count, upper_count = byar_limits(total, confidence)
    spread = math.sqrt(variance / total)
    return pd.Series(
        {
            "Events": total,
            "Population": people.sum(),
            "Rate": rate * per,
            "LowerCI": (rate + spread * (lower_count - total)) * per,
            "UpperCI": (rate + spread * (upper_count - total)) * per,
            "Variance": variance * per**2,
        }
    )


def standardised_rates(
    table: pd.DataFrame,
    by: str | list[str],
    age: str = "AgeGroup",
    events: str = "EmergencyAdmissions",
    population: str = "Population",
    standard: pd.Series | None = None,
    per: float = 100_000,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Return a DSR with its confidence interval for each group of a tidy table.

    Parameters
    ----------
    table
        One row per group and age group, with events and population columns.
    by
        The column or columns that define each rate (such as ``"LocalityCode"``).
    age
        The age group column; its labels must be in ``standard``'s index.
    events, population
        The count and population columns.
    standard
        Standard population by age group; the default is ESP2013 in the course's broad
        groups, ``esp2013_weights(BROAD_AGE_BANDS)``.
    per, confidence
        As for :func:`standardised_rate`.

    Returns
    -------
    pandas.DataFrame
        One row per group: the ``by`` columns, then the columns of
        :func:`standardised_rate`. The input is not changed.

    Raises
    ------
    InputValueError
        If a column is missing, or a group lacks an age group of the standard.
    """
    keys = [by] if isinstance(by, str) else list(by)
    missing = [c for c in [*keys, age, events, population] if c not in table.columns]
    if missing:
        raise InputValueError("table", missing, f"columns present in the table {list(table)}")
    standard = esp2013_weights(BROAD_AGE_BANDS) if standard is None else standard
    rows = []
    for key, group in table.groupby(keys, sort=True, observed=True):
        summed = group.groupby(age, observed=True)[[events, population]].sum()
        absent = [band for band in standard.index if band not in summed.index]
        if absent:
            raise InputValueError(age, absent, f"present for every group (missing in {key})")
        summed = summed.loc[standard.index]
        result = standardised_rate(
            summed[events], summed[population], standard, per=per, confidence=confidence
        )
        rows.append({**dict(zip(keys, key, strict=True)), **result.to_dict()})
    return pd.DataFrame(rows)


def rate_ratio(
    rate: float,
    variance: float,
    reference_rate: float,
    reference_variance: float,
    confidence: float = 0.95,
) -> pd.Series:
    r"""Return the ratio of two rates with a confidence interval on the log scale.

    .. math::

        \mathrm{RR} = \frac{R_1}{R_2}, \quad
        \mathrm{SE}(\ln \mathrm{RR}) = \sqrt{\frac{V_1}{R_1^2} + \frac{V_2}{R_2^2}}, \quad
        \mathrm{RR}_{L,U} = \mathrm{RR}\,e^{\mp z\,\mathrm{SE}}

    For two crude rates :math:`V/R^2 = 1/O`, so the standard error is
    :math:`\sqrt{1/O_1 + 1/O_2}`; for DSRs use the ``Variance`` that
    :func:`standardised_rate` returns.

    Parameters
    ----------
    rate, variance
        The rate of interest (such as SIMD quintile 1) and its variance.
    reference_rate, reference_variance
        The rate it is compared with (such as quintile 5) and its variance.
    confidence
        Confidence level, such as 0.95.

    Returns
    -------
    pandas.Series
        ``RateRatio``, ``LowerCI`` and ``UpperCI``.

    Raises
    ------
    InputValueError
        If a rate is not above 0 or a variance is negative.
    """
    z = _z(confidence)
    for name, value in (("rate", rate), ("reference_rate", reference_rate)):
        _check_population(name, value)
    for name, value in (("variance", variance), ("reference_variance", reference_variance)):
        _check_count(name, value)
    ratio = rate / reference_rate
    se = math.sqrt(variance / rate**2 + reference_variance / reference_rate**2)
    return pd.Series(
        {
            "RateRatio": ratio,
            "LowerCI": ratio * math.exp(-z * se),
            "UpperCI": ratio * math.exp(z * se),
        }
    )


def rate_ratios(
    rates: pd.DataFrame,
    group: str = "SIMDQuintile",
    reference: object = 5,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Return each group's rate ratio against a reference group, such as SIMD Q5.

    Parameters
    ----------
    rates
        The output of :func:`standardised_rates` with ``by=group``: one row per group
        with ``Rate`` and ``Variance`` columns.
    group
        The column naming each group.
    reference
        The group every other is compared with (5, the least deprived quintile).
    confidence
        Confidence level, such as 0.95.

    Returns
    -------
    pandas.DataFrame
        ``group``, ``Rate``, ``RateRatio``, ``LowerCI`` and ``UpperCI``; the reference
        row has a ratio of exactly 1.

    Raises
    ------
    InputValueError
        If a column is missing or the reference group is not in the table.
    """
    missing = [c for c in (group, "Rate", "Variance") if c not in rates.columns]
    if missing:
        raise InputValueError("rates", missing, "columns of the table (from standardised_rates)")
    matches = rates[rates[group] == reference]
    if len(matches) != 1:
        raise InputValueError("reference", reference, f"one of {rates[group].tolist()}")
    ref = matches.iloc[0]
    rows = []
    for _, row in rates.iterrows():
        if row[group] == reference:
            ratio = pd.Series({"RateRatio": 1.0, "LowerCI": 1.0, "UpperCI": 1.0})
        else:
            ratio = rate_ratio(
                row["Rate"], row["Variance"], ref["Rate"], ref["Variance"], confidence
            )
        rows.append({group: row[group], "Rate": row["Rate"], **ratio.to_dict()})
    return pd.DataFrame(rows)
