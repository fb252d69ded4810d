r"""Discounting: discount factors from a schedule of rates, present values and net present value.

A pound spent or saved in a later year counts for less today. The Green Book (HM Treasury)
discounts each year's real costs and benefits at the *social time preference rate*: 3.5% a
year for the first 30 years, then lower rates for the long term (:data:`GREEN_BOOK_RATES`,
checked on 3 December 2026 against the Green Book's own table of long-term rates, Table 6.1 of
Annex 6 in the 2003 edition, and the Department for Transport's 2026 summary of the Green Book's
rates). Year 0 is the base year, today, and is not discounted.

The rate of each band applies to the years *in* that band, one year at a time, so the factor
falls by :math:`1 + r_k` from year :math:`k - 1` to year :math:`k`:

.. math::

   D_0 = 1, \qquad D_t = \frac{D_{t-1}}{1 + r_t} = \prod_{k=1}^{t} \frac{1}{1 + r_k}

where :math:`r_k` is the rate of the band that year :math:`k` falls in. For years 0 to 30 this
is :math:`1 / 1.035^t`; year 31 is :math:`D_{30} / 1.03`, not :math:`1 / 1.03^{31}`.

The present value of a stream :math:`x_t` is :math:`\sum_t x_t D_t`. The **net present cost**
(NPC) is the present value of capital plus revenue costs; the **net present value** (NPV) is
the present value of the benefits less the NPC, so a positive NPV means the discounted
benefits outweigh the discounted costs. Costs and benefits are entered as positive numbers in
real terms (today's prices); a negative cost, such as a residual value in the last year, is
allowed.

>>> round(float(discount_factors(10)), 4)
0.7089
>>> round(float(npv_table([100, 0, 0], [0, 10, 10], [0, 30, 30])["PVNet"].sum()), 2)
-62.01
"""

from __future__ import annotations

import itertools
import numbers
from collections.abc import Sequence
from typing import TypeAlias

import numpy as np
import pandas as pd

from planlab.checks import ArrayLike, first_bad, number_array, percent_hint, scalar_or_array
from planlab.errors import InputValueError

__all__ = [
    "GREEN_BOOK_HEALTH_RATES",
    "GREEN_BOOK_LOWER_RATES",
    "GREEN_BOOK_RATES",
    "NPV_COLUMNS",
    "RateSchedule",
    "discount_factors",
    "discount_rates",
    "net_present_cost",
    "net_present_value",
    "npv_table",
    "present_value",
]

#: A discount rate for every year (one number, such as 0.035), or a schedule of bands: pairs
#: of (first year of the band, rate), starting at year 0, as :data:`GREEN_BOOK_RATES`.
RateSchedule: TypeAlias = float | Sequence[tuple[int, float]]

#: The Green Book's standard schedule: (first year of the band, rate). 3.5% for years 0 to 30,
#: 3.0% for 31 to 75, 2.5% for 76 to 125, 2.0% for 126 to 200, 1.5% for 201 to 300 and 1.0%
#: from year 301. Source: HM Treasury, The Green Book (2003), Annex 6, Table 6.1, "The
#: declining long term discount rate"; unchanged in the 2026 edition (Department for
#: Transport, "Forthcoming change: Green Book updates", 16 April 2026). Last checked
#: 3 December 2026.
GREEN_BOOK_RATES: tuple[tuple[int, float], ...] = (
    (0, 0.035),
    (31, 0.030),
    (76, 0.025),
    (126, 0.020),
    (201, 0.015),
    (301, 0.010),
)

#: The Green Book's schedule for health effects (1.5% for years 0 to 30, then 1.29%, 1.07%,
#: 0.86%, 0.64%, 0.43%, for the same bands), as the Department for Transport sets it out in
#: "Forthcoming change: Green Book updates" (16 April 2026). Last checked 3 December 2026.
GREEN_BOOK_HEALTH_RATES: tuple[tuple[int, float], ...] = (
    (0, 0.015),
    (31, 0.0129),
    (76, 0.0107),
    (126, 0.0086),
    (201, 0.0064),
    (301, 0.0043),
)

#: The lower schedule the 2026 Green Book adds as a sensitivity test for proposals whose
#: effects last beyond 50 years (3.0% for years 0 to 30, then 2.57%, 2.14%, 1.71%, 1.29%,
#: 0.86%), from the same Department for Transport page. Last checked 3 December 2026.
GREEN_BOOK_LOWER_RATES: tuple[tuple[int, float], ...] = (
    (0, 0.030),
    (31, 0.0257),
    (76, 0.0214),
    (126, 0.0171),
    (201, 0.0129),
    (301, 0.0086),
)

#: Columns of the table :func:`npv_table` returns, in order (``FinancialYear`` only when
#: ``first_year`` is given). Money columns are in the units of the inputs.
NPV_COLUMNS: tuple[str, ...] = (
    "Year",
    "FinancialYear",
    "DiscountRate",
    "DiscountFactor",
    "Capital",
    "Revenue",
    "Benefits",
    "PVCapital",
    "PVRevenue",
    "PVBenefits",
    "PVNet",
    "CumulativeNPV",
)


def _schedule(rates: object) -> tuple[np.ndarray, np.ndarray]:
    """Return the first year and the rate of each band, after checking the schedule."""
    example = "0.035, or a schedule such as GREEN_BOOK_RATES"
    if isinstance(rates, numbers.Real) and not isinstance(rates, bool):
        pairs: list[tuple[object, object]] = [(0, rates)]
    elif isinstance(rates, str | bytes) or not isinstance(rates, Sequence) or not rates:
        raise InputValueError("rates", rates, f"a rate or a schedule of rates, such as {example}")
    else:
        pairs = []
        for place, pair in enumerate(rates):
            if not isinstance(pair, Sequence) or isinstance(pair, str) or len(pair) != 2:
                raise InputValueError(
                    f"rates[{place}]",
                    pair,
                    "a pair (first year of the band, rate), such as (31, 0.03)",
                )
            pairs.append((pair[0], pair[1]))
    starts: list[int] = []
    for place, (start, _) in enumerate(pairs):
        if isinstance(start, bool) or not isinstance(start, numbers.Integral) or start < 0:
            raise InputValueError(
                f"rates[{place}]", start, "a band starting at a whole number of years, 0 or more"
            )
        starts.append(int(start))
    if starts[0] != 0:
        raise InputValueError(
            "rates[0]", pairs[0], "a first band that starts at year 0, such as (0, 0.035)"
        )
    if any(later <= earlier for earlier, later in itertools.pairwise(starts)):
        raise InputValueError(
            "rates", [start for start, _ in pairs], "bands listed in order of their first year"
        )
    values = number_array("rates", [rate for _, rate in pairs])
    bad = (values < 0) | (values >= 1)
    if bad.any():
        where, first = first_bad("rate", values, bad)
        band = where.partition("[")[2].rstrip("]") or "0"
        raise InputValueError(
            f"rates[{band}]",
            first,
            f"a yearly rate from 0 and below 1, such as 0.035{percent_hint(first)}",
        )
    return np.asarray(starts, dtype=float), values


def _years(name: str, years: object) -> np.ndarray:
    """Return ``years`` as an int array after checking they are whole numbers, 0 or more."""
    if isinstance(years, bool):
        raise InputValueError(name, years, "a whole number of years from the base year, 0 or more")
    array = np.asarray(years)
    if array.dtype == object or not (
        np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)
    ):
        raise InputValueError(name, years, "whole numbers of years from the base year, such as 10")
    values = array.astype(float)
    bad = ~np.isfinite(values) | (values < 0) | (values != np.round(values))
    if bad.any():
        where, first = first_bad(name, values, bad)
        shown = int(first) if np.isfinite(first) and float(first).is_integer() else first
        raise InputValueError(
            where, shown, "a whole number of years from the base year (year 0), 0 or more"
        )
    return values.astype(np.int64)


def discount_rates(years: ArrayLike, rates: RateSchedule = GREEN_BOOK_RATES) -> float | np.ndarray:
    """Return the rate of the band each year falls in.

    Parameters
    ----------
    years
        Years from the base year (year 0): one whole number, or several.
    rates
        One rate for every year, or a schedule of bands (default :data:`GREEN_BOOK_RATES`).

    Returns
    -------
    float or numpy.ndarray
        The rate for each year (a float for one year).

    Raises
    ------
    InputValueError
        If a year is not a whole number of at least 0, or the schedule is not one.

    Examples
    --------
    >>> discount_rates([0, 30, 31, 75, 76]).tolist()
    [0.035, 0.035, 0.03, 0.03, 0.025]
    """
    starts, values = _schedule(rates)
    when = _years("years", years)
    band = np.searchsorted(starts, when, side="right") - 1
    return scalar_or_array(values[band])


def discount_factors(
    years: ArrayLike, rates: RateSchedule = GREEN_BOOK_RATES
) -> float | np.ndarray:
    """Return the discount factor of each year: what a pound then is worth today.

    Parameters
    ----------
    years
        Years from the base year (year 0, factor 1): one whole number, or several.
    rates
        One rate for every year, or a schedule of bands (default :data:`GREEN_BOOK_RATES`).
        Each band's rate applies to the years in it, one year at a time (see the module
        notes), so the factor for year 31 under the Green Book is the factor for year 30
        divided by 1.03.

    Returns
    -------
    float or numpy.ndarray
        The factor for each year (a float for one year).

    Raises
    ------
    InputValueError
        If a year is not a whole number of at least 0, or the schedule is not one.

    Examples
    --------
    >>> discount_factors([0, 1, 10, 30]).round(4).tolist()
    [1.0, 0.9662, 0.7089, 0.3563]
    >>> round(float(discount_factors(31)), 4)
    0.3459
    """
    starts, values = _schedule(rates)
    when = _years("years", years)
    # Years 1..t are each discounted at the rate of their band: count the years of each band
    # that fall in 1..t (closed form, so a far-off year costs no more than a near one).
    first = np.maximum(starts, 1.0)
    last = np.append(starts[1:] - 1, np.inf)
    counted = np.clip(
        np.minimum(when[..., np.newaxis], last) - first + 1, 0, None
    )  # years of each band
    log_factor = -(counted * np.log1p(values)).sum(axis=-1)
    return scalar_or_array(np.exp(log_factor))


def _stream(name: str, values: object, length: int | None) -> np.ndarray:
    array = number_array(name, values)
    if array.ndim == 0:
        array = array.reshape(1)  # one amount, in one year
    if array.ndim != 1 or array.size == 0:
        raise InputValueError(name, values, "a list of amounts, one for each year")
    if length is not None and array.size != length:
        raise InputValueError(
            name, f"{array.size} amounts", f"{length} amounts, one for each year given"
        )
    return array


def _stream_years(years: object, length: int) -> np.ndarray:
    if years is None:
        return np.arange(length, dtype=np.int64)
    when = np.atleast_1d(_years("years", years))
    if when.ndim != 1 or when.size != length:
        raise InputValueError("years", years, f"{length} years, one for each amount")
    if np.unique(when).size != when.size:
        raise InputValueError("years", when.tolist(), "each year listed once")
    return when


def present_value(
    values: ArrayLike, years: ArrayLike | None = None, rates: RateSchedule = GREEN_BOOK_RATES
) -> float:
    r"""Return the present value of a stream of amounts, one for each year.

    Parameters
    ----------
    values
        The amount in each year, in real terms (today's prices).
    years
        The year of each amount, counted from the base year (year 0). By default the amounts
        are for years 0, 1, 2 and so on.
    rates
        One rate for every year, or a schedule of bands (default :data:`GREEN_BOOK_RATES`).

    Returns
    -------
    float
        :math:`\sum_t x_t D_t`.

    Raises
    ------
    InputValueError
        If an amount is not a finite number, the years do not match the amounts, or the
        schedule is not one.

    Examples
    --------
    >>> round(present_value([100, 100, 100]), 2)
    289.97
    >>> round(present_value(100, years=10), 2)
    70.89
    """
    amounts = _stream("values", values, None)
    when = _stream_years(years, amounts.size)
    return float(np.sum(amounts * discount_factors(when, rates)))


def net_present_cost(
    capital: ArrayLike,
    revenue: ArrayLike,
    years: ArrayLike | None = None,
    rates: RateSchedule = GREEN_BOOK_RATES,
) -> float:
    """Return the net present cost: the present value of capital plus revenue costs.

    Parameters
    ----------
    capital, revenue
        Capital and revenue (running) costs in each year, in real terms, the same length.
    years
        The year of each amount, from the base year (year 0); by default 0, 1, 2 and so on.
    rates
        One rate for every year, or a schedule of bands (default :data:`GREEN_BOOK_RATES`).

    Returns
    -------
    float
        The NPC, in the units of the costs.

    Raises
    ------
    InputValueError
        As :func:`present_value` does, or if the two streams differ in length.

    Examples
    --------
    >>> round(net_present_cost([100, 0], [0, 50]), 2)
    148.31
    """
    table = npv_table(capital, revenue, None, years, rates)
    return float(table["PVCapital"].sum() + table["PVRevenue"].sum())


def net_present_value(
    benefits: ArrayLike,
    capital: ArrayLike,
    revenue: ArrayLike,
    years: ArrayLike | None = None,
    rates: RateSchedule = GREEN_BOOK_RATES,
) -> float:
    """Return the net present value: discounted benefits less the net present cost.

    Parameters
    ----------
    benefits
        Benefits valued in money in each year, in real terms.
    capital, revenue
        Capital and revenue costs in each year, the same length as ``benefits``.
    years
        The year of each amount, from the base year (year 0); by default 0, 1, 2 and so on.
    rates
        One rate for every year, or a schedule of bands (default :data:`GREEN_BOOK_RATES`).

    Returns
    -------
    float
        The NPV: above 0 when the discounted benefits outweigh the discounted costs.

    Raises
    ------
    InputValueError
        As :func:`present_value` does, or if the streams differ in length.

    Examples
    --------
    >>> round(net_present_value([0, 80, 80], [100, 0, 0], [0, 10, 10]), 2)
    32.98
    """
    return float(npv_table(capital, revenue, benefits, years, rates)["PVNet"].sum())


def npv_table(
    capital: ArrayLike,
    revenue: ArrayLike,
    benefits: ArrayLike | None = None,
    years: ArrayLike | None = None,
    rates: RateSchedule = GREEN_BOOK_RATES,
    first_year: str | int | None = None,
) -> pd.DataFrame:
    """Return the discounting of one option, year by year, as a table to show or sum.

    Parameters
    ----------
    capital, revenue
        Capital and revenue costs in each year, in real terms (today's prices).
    benefits
        Benefits valued in money in each year; none (zero) by default, for a cost-only
        appraisal, whose NPV is then minus its NPC.
    years
        The year of each amount, from the base year (year 0); by default 0, 1, 2 and so on.
    rates
        One rate for every year, or a schedule of bands (default :data:`GREEN_BOOK_RATES`).
    first_year
        The financial year of year 0, such as ``"2026/27"``, to add a ``FinancialYear``
        column.

    Returns
    -------
    pandas.DataFrame
        One row a year with the columns of :data:`NPV_COLUMNS`: the rate and factor, the
        amounts, their present values (``PVNet`` is benefits less costs) and the running
        total of ``PVNet``, whose last value is the NPV. The NPC is
        ``PVCapital.sum() + PVRevenue.sum()``.

    Raises
    ------
    InputValueError
        If an amount is not a finite number, the streams differ in length, the years do not
        match them, or the schedule is not one.

    Examples
    --------
    >>> table = npv_table([100, 0, 0], [0, 10, 10], [0, 30, 30], first_year="2026/27")
    >>> table[["FinancialYear", "DiscountFactor", "PVNet"]].round(4)
      FinancialYear  DiscountFactor     PVNet
    0       2026/27          1.0000 -100.0000
    1       2027/28          0.9662   19.3237
    2       2028/29          0.9335   18.6702
    """
    capital_amounts = _stream("capital", capital, None)
    revenue_amounts = _stream("revenue", revenue, capital_amounts.size)
    if benefits is None:
        benefit_amounts = np.zeros(capital_amounts.size)
    else:
        benefit_amounts = _stream("benefits", benefits, capital_amounts.size)
    when = _stream_years(years, capital_amounts.size)
    factors = np.atleast_1d(discount_factors(when, rates))
    table = pd.DataFrame(
        {
            "Year": when,
            "DiscountRate": np.atleast_1d(discount_rates(when, rates)),
            "DiscountFactor": factors,
            "Capital": capital_amounts,
            "Revenue": revenue_amounts,
            "Benefits": benefit_amounts,
            "PVCapital": capital_amounts * factors,
            "PVRevenue": revenue_amounts * factors,
            "PVBenefits": benefit_amounts * factors,
        }
    )
    table["PVNet"] = table["PVBenefits"] - table["PVCapital"] - table["PVRevenue"]
    table["CumulativeNPV"] = table["PVNet"].cumsum()
    if first_year is not None:
        from planlab.finance import financial_years  # the course's one way to write a year

        start = int(financial_years(first_year, 1)[0][:4])
        table["FinancialYear"] = [f"{start + k}/{(start + k + 1) % 100:02d}" for k in when]
    return table[[column for column in NPV_COLUMNS if column in table.columns]]
