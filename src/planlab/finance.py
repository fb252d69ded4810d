r"""Money for the plan: delegated and set-aside budgets, a medium-term plan, and closing the gap.

An integration joint board (IJB) receives *delegated* budgets from its NHS board and
council and plans with a *set-aside* budget for large hospital services that the NHS board
keeps (:func:`budget_split`). A **medium-term financial plan** (MTFP) carries today's budget
forward, usually five years, and shows the gap between what services will cost and the
funding expected (:func:`financial_plan`, :func:`plan_gap`).

Costs compound. Each service area's cost grows each year by its demand growth :math:`d`
and by inflation on its pay (share :math:`w` of its cost, pay award :math:`p`) and on its
other spending (price inflation :math:`q`):

.. math::

   C_{t} = C_{t-1} \times (1 + d_t) \times \bigl(1 + w\,p_t + (1 - w)\,q_t\bigr)

so year :math:`t` builds on year :math:`t-1`, not on the base year, and volume and price
multiply (the small cross term :math:`d \times` inflation is kept). Recurrent savings count
in the year they are made and every year after; reserves can cover a gap only once, so a
plan that leans on them shows the same gap again the next year. A plan that draws more
reserves than it has is not an error: the table flags it (``ReservesOverdrawn``) so the
planner sees the gap.

**Programme budgeting and marginal analysis** (PBMA) closes a gap by moving resources from
where they do least good (:func:`rank_shifts`, :func:`choose_shifts`): options that release
money are ranked by the benefit given up per pound released, lowest first (an option that
saves money *and* improves outcomes comes first, as Donaldson et al., "Rational
disinvestment", QJM 2010;103:801-7, advise), and chosen in that order until the gap is
closed. That choice is greedy; see :func:`choose_shifts` for what it does not guarantee.

The module stays whole for now (about 690 lines, most of them docstrings and worked
examples): the plan (:func:`cost_projection`, :func:`plan_gap`, :func:`financial_plan`) and
the shifts that close its gap (:func:`rank_shifts`, :func:`choose_shifts`,
:func:`budget_split`) share the financial-year and rate checks. They are the natural seam if
it grows further.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Mapping, Sequence
from typing import Literal, TypeAlias

import numpy as np
import pandas as pd

from planlab.checks import finite_number, is_number, percent_hint, whole_years
from planlab.errors import InputValueError

__all__ = [
    "PLAN_COLUMNS",
    "SET_ASIDE",
    "budget_split",
    "choose_shifts",
    "cost_projection",
    "financial_plan",
    "financial_years",
    "plan_gap",
    "rank_shifts",
]

#: Columns of the table :func:`plan_gap` returns, in order (pounds, or the units given).
PLAN_COLUMNS: tuple[str, ...] = (
    "FinancialYear",
    "Funding",
    "Cost",
    "GapBeforeSavings",
    "Savings",
    "GapAfterSavings",
    "ReservesUsed",
    "GapAfterReserves",
    "ChangeInGap",
    "ReservesClosing",
    "ReservesOverdrawn",
)

#: The course's ``FundingSource`` for the set-aside budget (``budget.csv``).
SET_ASIDE = "Health set-aside"

_YEAR = re.compile(r"^(\d{4})/(\d{2})$")

Rate: TypeAlias = float | Sequence[float] | Mapping[str, float] | pd.Series


# --- financial years ----------------------------------------------------------------------


def _year_start(year: str | int, name: str) -> int:
    if isinstance(year, numbers.Integral) and not isinstance(year, bool) and 1900 <= year <= 2200:
        return int(year)
    found = _YEAR.match(str(year))
    if not found or (int(found.group(1)) + 1) % 100 != int(found.group(2)):
        raise InputValueError(name, year, 'a financial year written "2025/26" (or 2025)')
    return int(found.group(1))


def financial_years(first: str | int, count: int) -> list[str]:
    """Return ``count`` financial years from ``first``, written as "2025/26".

    Parameters
    ----------
    first
        The first year, as ``"2025/26"`` or ``2025``.
    count
        How many years, 1 or more.

    Returns
    -------
    list of str
        The years in order.

    Raises
    ------
    InputValueError
        If ``first`` is not a financial year or ``count`` is not a whole number above 0.

    Examples
    --------
    >>> financial_years("2025/26", 3)
    ['2025/26', '2026/27', '2027/28']
    """
    start = _year_start(first, "first_year")
    whole_years("count", count)
    return [f"{year}/{(year + 1) % 100:02d}" for year in range(start, start + int(count))]


# --- checks -------------------------------------------------------------------------------


def _series(value: float | Sequence[float], name: str, years: int) -> np.ndarray:
    """One number for every year, or one number per year."""
    if is_number(value):
        return np.full(years, finite_number(name, value))
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence | np.ndarray):
        raise InputValueError(name, value, f"one number, or {years} numbers (one a year)")
    values = [finite_number(f"{name}[{place}]", item) for place, item in enumerate(value)]
    if len(values) != years:
        raise InputValueError(name, values, f"one number, or {years} numbers (one a year)")
    return np.array(values)


def _check_rates(grid: np.ndarray, name: str, low: float, high: float) -> None:
    bad = (grid < low) | (grid > high)
    if bad.any():
        value = float(grid[bad][0])
        raise InputValueError(
            name, value, f"a fraction from {low:g} to {high:g}{percent_hint(value)}"
        )


def _rate_grid(
    value: Rate, name: str, areas: list[str], years: int, low: float = -0.5, high: float = 0.5
) -> np.ndarray:
    """Rates as a (years, areas) array from one number, one a year, or one per area."""
    if isinstance(value, Mapping | pd.Series):
        given = {str(key): rate for key, rate in value.items()}
        unknown = sorted(set(given) - set(areas))
        absent = [area for area in areas if area not in given]
        if unknown or absent:
            raise InputValueError(name, given, f"a rate for each service area: {areas}")
        row = np.array([finite_number(f"{name}[{area!r}]", given[area]) for area in areas])
        grid = np.tile(row, (years, 1))
    else:
        grid = np.tile(_series(value, name, years)[:, None], (1, len(areas)))
    _check_rates(grid, name, low, high)
    return grid


def _baseline(
    baseline: float | pd.Series | pd.DataFrame, area: str, value: str
) -> tuple[list[str], np.ndarray, str | None]:
    """Service areas, their base-year cost, and the base year if the table names one."""
    base_year = None
    if isinstance(baseline, pd.DataFrame):
        missing = [column for column in (area, value) if column not in baseline.columns]
        if missing:
            raise InputValueError(
                "baseline", f"a table without {', '.join(missing)}", "a budget by service area"
            )
        if "FinancialYear" in baseline.columns:
            found = pd.unique(baseline["FinancialYear"].astype(str))
            if len(found) != 1:
                raise InputValueError(
                    "baseline",
                    f"a table of {len(found)} financial years",
                    "one year's budget, such as budget[budget.FinancialYear == '2024/25']",
                )
            base_year = str(found[0])
        totals = baseline.groupby(baseline[area].astype(str), sort=False)[value].sum()
    elif isinstance(baseline, pd.Series):
        totals = baseline.groupby(baseline.index.astype(str), sort=False).sum()
    else:
        totals = pd.Series({"All services": finite_number("baseline", baseline)})
    if totals.empty:
        raise InputValueError("baseline", "an empty table", "a budget by service area")
    costs = totals.to_numpy(dtype=float)
    if not np.isfinite(costs).all() or (costs < 0).any():
        raise InputValueError("baseline", float(costs.min()), "budgets of zero or more")
    return [str(name) for name in totals.index], costs, base_year


# --- the plan -----------------------------------------------------------------------------


def cost_projection(
    baseline: float | pd.Series | pd.DataFrame,
    years: int = 5,
    first_year: str | int | None = None,
    *,
    demand_growth: Rate = 0.0,
    pay_inflation: Rate = 0.0,
    price_inflation: Rate = 0.0,
    pay_share: float | Mapping[str, float] | pd.Series | None = None,
    area: str = "ServiceArea",
    value: str = "BudgetGBP",
) -> pd.DataFrame:
    """Project each service area's cost with compound demand growth and inflation.

    Parameters
    ----------
    baseline
        The base year's cost: one number, a Series by service area, or a table with
        ``area`` and ``value`` columns (one financial year; rows of an area are added up).
    years
        Plan years after the base year.
    first_year
        The first plan year (``"2025/26"``); by default the year after the table's
        ``FinancialYear``.
    demand_growth, pay_inflation, price_inflation
        Yearly rates as fractions: one number, one a year (``years`` numbers), or one per
        service area (a mapping), each from -0.5 to 0.5.
    pay_share
        Share of each area's cost that is pay, in [0, 1]: one number or one per area. Needed
        when a pay inflation differs from the price inflation; without it (and without pay
        inflation) every cost follows ``price_inflation``.
    area, value
        Column names in a ``baseline`` table.

    Returns
    -------
    pandas.DataFrame
        One row per plan year and service area: ``FinancialYear``, ``ServiceArea``,
        ``BaseCost``, ``DemandFactor`` and ``InflationFactor`` (each compounded since the
        base year) and ``Cost`` (their product).

    Raises
    ------
    InputValueError
        If a rate is out of range or has the wrong length, a service area is missing from
        a mapping, the baseline is negative or spans several years, or ``pay_share`` is
        missing when it matters.

    Examples
    --------
    100 a year, demand +2%, inflation 3% (all pay), two years: 100 x (1.02 x 1.03)^2.

    >>> cost_projection(100.0, 2, "2025/26", demand_growth=0.02, pay_inflation=0.03,
    ...                 price_inflation=0.03)["Cost"].round(4).tolist()
    [105.06, 110.376]
    """
    areas, base, base_year = _baseline(baseline, area, value)
    years = whole_years("years", years)
    if first_year is None:
        if base_year is None:
            raise InputValueError("first_year", None, 'the first plan year, such as "2025/26"')
        first_year = _year_start(base_year, "baseline FinancialYear") + 1
    labels = financial_years(first_year, years)
    demand = _rate_grid(demand_growth, "demand_growth", areas, years)
    pay = _rate_grid(pay_inflation, "pay_inflation", areas, years)
    price = _rate_grid(price_inflation, "price_inflation", areas, years)
    if pay_share is None:
        if pay.any() and not np.allclose(pay, price):
            raise InputValueError(
                "pay_share",
                None,
                "the share of each area's cost that is pay (0 to 1), needed when pay and "
                "price inflation differ",
            )
        pay_share = 0.0
    if not isinstance(pay_share, numbers.Real | Mapping | pd.Series) or isinstance(pay_share, bool):
        raise InputValueError("pay_share", pay_share, "one number, or one per service area")
    share = _rate_grid(pay_share, "pay_share", areas, 1, 0.0, 1.0)[0]
    demand_factor = np.cumprod(1 + demand, axis=0)
    inflation_factor = np.cumprod(1 + share * pay + (1 - share) * price, axis=0)
    return pd.DataFrame(
        {
            "FinancialYear": np.repeat(labels, len(areas)),
            "ServiceArea": np.tile(areas, years),
            "BaseCost": np.tile(base, years),
            "DemandFactor": demand_factor.ravel(),
            "InflationFactor": inflation_factor.ravel(),
            "Cost": (base * demand_factor * inflation_factor).ravel(),
        }
    )


def plan_gap(
    cost: Sequence[float] | np.ndarray,
    funding: Sequence[float] | np.ndarray,
    *,
    savings: float | Sequence[float] = 0.0,
    savings_recurrent: bool = True,
    reserves_use: float | Sequence[float] | Literal["gap"] = 0.0,
    opening_reserves: float = 0.0,
    base_gap: float = 0.0,
    years: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Lay out a financial plan's gap, year by year, from its cost and funding.

    Parameters
    ----------
    cost, funding
        Cost of services and funding expected, one number a year.
    savings
        Savings delivered each year (one number for every year, or one a year). When
        ``savings_recurrent`` (the default) a saving made in a year counts again in every
        later year, so the ``Savings`` column is cumulative.
    savings_recurrent
        Whether savings recur (True) or are one-off (False).
    reserves_use
        Reserves drawn each year to cover the gap after savings (one number, one a year), or
        ``"gap"`` to draw what closes each year's gap for as long as the reserves last (the
        gap then shows again once they run out).
    opening_reserves
        Reserves at the start of the first year.
    base_gap
        The gap after reserves in the year before the plan (0 for a balanced base year);
        ``ChangeInGap`` in the first year is measured from it.
    years
        Labels for the years; ``1, 2, ...`` if not given.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`PLAN_COLUMNS`. Gaps are cost minus funding (above 0 is a
        shortfall). ``ChangeInGap`` is the new gap each year (the gap after reserves less
        the year before's). ``ReservesOverdrawn`` is True where the plan draws more reserves
        than there are: a warning to the planner, not an error.

    Raises
    ------
    InputValueError
        If the series differ in length, a value is not a finite number, funding or cost is
        negative, or reserves drawn are negative.

    Examples
    --------
    >>> plan_gap([105.0, 110.0], [100.0, 102.0], savings=2.0)["GapAfterSavings"].tolist()
    [3.0, 4.0]
    """
    cost_array = _series(list(cost), "cost", len(cost))
    count = len(cost_array)
    funding_array = _series(list(funding), "funding", count)
    for name, array in (("cost", cost_array), ("funding", funding_array)):
        if (array < 0).any():
            raise InputValueError(name, float(array.min()), "zero or more")
    saved = _series(savings, "savings", count)
    saved = np.cumsum(saved) if savings_recurrent else saved
    gap_before = cost_array - funding_array
    gap_after = gap_before - saved
    if isinstance(reserves_use, str):
        if reserves_use != "gap":
            raise InputValueError("reserves_use", reserves_use, 'numbers, or "gap"')
        wanted = np.cumsum(np.clip(gap_after, 0.0, None))
        held = max(finite_number("opening_reserves", opening_reserves), 0.0)
        drawn = np.diff(np.minimum(wanted, held), prepend=0.0)
    else:
        drawn = _series(reserves_use, "reserves_use", count)
        if (drawn < 0).any():
            raise InputValueError("reserves_use", float(drawn.min()), "zero or more each year")
    closing = finite_number("opening_reserves", opening_reserves) - np.cumsum(drawn)
    gap_final = gap_after - drawn
    labels = list(range(1, count + 1)) if years is None else list(years)
    if len(labels) != count:
        raise InputValueError("years", labels, f"{count} labels, one a year")
    return pd.DataFrame(
        {
            "FinancialYear": labels,
            "Funding": funding_array,
            "Cost": cost_array,
            "GapBeforeSavings": gap_before,
            "Savings": saved,
            "GapAfterSavings": gap_after,
            "ReservesUsed": drawn,
            "GapAfterReserves": gap_final,
            "ChangeInGap": np.diff(gap_final, prepend=finite_number("base_gap", base_gap)),
            "ReservesClosing": closing,
            "ReservesOverdrawn": closing < 0,
        }
    )


def financial_plan(
    baseline: float | pd.Series | pd.DataFrame,
    years: int = 5,
    first_year: str | int | None = None,
    *,
    demand_growth: Rate = 0.0,
    pay_inflation: Rate = 0.0,
    price_inflation: Rate = 0.0,
    pay_share: float | Mapping[str, float] | pd.Series | None = None,
    funding: float | Sequence[float] | None = None,
    funding_growth: float | Sequence[float] = 0.0,
    savings: float | Sequence[float] = 0.0,
    savings_recurrent: bool = True,
    reserves_use: float | Sequence[float] | Literal["gap"] = 0.0,
    opening_reserves: float = 0.0,
    area: str = "ServiceArea",
    value: str = "BudgetGBP",
) -> pd.DataFrame:
    """Build a medium-term financial plan: cost, funding and the gap, year by year.

    Cost comes from :func:`cost_projection`, added up over service areas; the gap table from
    :func:`plan_gap`, with ``Pressure`` (this year's cost less last year's) after ``Cost``.

    Parameters
    ----------
    baseline, years, first_year, demand_growth, pay_inflation, price_inflation, pay_share
        As for :func:`cost_projection`.
    funding
        Funding: ``None`` for the base year's cost (a balanced base year), one number for
        the base year's funding, or one number for each plan year (then
        ``funding_growth`` must be 0).
    funding_growth
        Yearly growth of a base-year funding figure, compounded: one number or one a year.
    savings, savings_recurrent, reserves_use, opening_reserves
        As for :func:`plan_gap`.
    area, value
        Column names in a ``baseline`` table.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`PLAN_COLUMNS` with ``Pressure`` after ``Cost``.

    Raises
    ------
    InputValueError
        As for :func:`cost_projection` and :func:`plan_gap`, or if funding is given for each
        year and also a growth rate.

    Examples
    --------
    A balanced base year of 100; costs +4% a year, funding +2% a year:

    >>> plan = financial_plan(100.0, 2, "2025/26", price_inflation=0.04, funding_growth=0.02)
    >>> plan["GapBeforeSavings"].round(4).tolist()
    [2.0, 4.12]
    """
    areas = cost_projection(
        baseline,
        years,
        first_year,
        demand_growth=demand_growth,
        pay_inflation=pay_inflation,
        price_inflation=price_inflation,
        pay_share=pay_share,
        area=area,
        value=value,
    )
    by_year = areas.groupby("FinancialYear", sort=False)[["BaseCost", "Cost"]].sum()
    base_cost = float(by_year["BaseCost"].iloc[0])
    growth = _series(funding_growth, "funding_growth", years)
    _check_rates(growth, "funding_growth", -0.5, 0.5)
    if funding is None or isinstance(funding, numbers.Real):
        start = base_cost if funding is None else finite_number("funding", funding)
        funds = start * np.cumprod(1 + growth)
    else:
        if growth.any():
            raise InputValueError(
                "funding_growth", funding_growth, "0 when funding is given for every year"
            )
        funds = _series(funding, "funding", years)
    table = plan_gap(
        by_year["Cost"].to_numpy(),
        funds,
        savings=savings,
        savings_recurrent=savings_recurrent,
        reserves_use=reserves_use,
        opening_reserves=opening_reserves,
        years=list(by_year.index),
    )
    pressure = np.diff(by_year["Cost"].to_numpy(), prepend=base_cost)
    table.insert(3, "Pressure", pressure)
    return table


# --- programme budgeting and marginal analysis ---------------------------------------------


def _shift_table(candidates: pd.DataFrame, name: str, cost: str, benefit: str) -> pd.DataFrame:
    missing = [column for column in (name, cost, benefit) if column not in candidates.columns]
    if missing:
        raise InputValueError(
            "candidates", f"a table without {', '.join(missing)}", "a table of candidate shifts"
        )
    table = candidates[[name, cost, benefit]].copy()
    table.columns = ["Name", "CostChange", "BenefitChange"]
    if table.empty:
        raise InputValueError("candidates", "an empty table", "one or more candidate shifts")
    duplicated = table.loc[table["Name"].duplicated(), "Name"].tolist()
    if duplicated:
        raise InputValueError(name, duplicated[0], "a different name for each shift")
    for column, original in (("CostChange", cost), ("BenefitChange", benefit)):
        values = pd.to_numeric(table[column], errors="coerce")
        bad = ~np.isfinite(values.to_numpy(dtype=float))
        if bad.any():
            row = table.loc[bad, "Name"].iloc[0]
            raise InputValueError(
                f"{original} of {row!r}", table.loc[bad, column].iloc[0], "a number"
            )
        table[column] = values.astype(float)
    return table.reset_index(drop=True)


def rank_shifts(
    candidates: pd.DataFrame,
    name: str = "Name",
    cost: str = "CostChange",
    benefit: str = "BenefitChange",
) -> pd.DataFrame:
    """Rank candidate shifts of resources by marginal benefit per pound.

    Each candidate changes cost (below 0 releases money) and benefit (in any one unit: QALYs,
    a score from a panel...). ``BenefitPerPound`` is benefit change over cost change. Options
    that release money rank by it lowest first: the least benefit given up per pound released
    (below 0: money released *and* benefit gained). Investments rank highest first. Ties:
    the larger sum first for releases, the smaller cost first for investments, then the
    order of the table.

    Parameters
    ----------
    candidates
        One row per shift with the columns named below.
    name, cost, benefit
        The columns holding the shift's name, its change in cost (pounds a year, negative
        for a saving) and its change in benefit.

    Returns
    -------
    pandas.DataFrame
        ``Name``, ``CostChange``, ``BenefitChange``, ``Kind`` (``"release"``,
        ``"investment"`` or ``"no cost change"``), ``BenefitPerPound`` (NaN when cost does
        not change) and ``Rank`` within its kind (1 first); releases first, then
        investments, then the rest.

    Raises
    ------
    InputValueError
        If a column is missing, a name repeats, or a change is not a finite number.
    """
    table = _shift_table(candidates, name, cost, benefit)
    table["Order"] = np.arange(len(table))
    table["Kind"] = np.select(
        [table["CostChange"] < 0, table["CostChange"] > 0],
        ["release", "investment"],
        "no cost change",
    )
    table["BenefitPerPound"] = table["BenefitChange"] / table["CostChange"].where(
        table["CostChange"] != 0
    )
    releases = table[table["Kind"] == "release"].sort_values(
        ["BenefitPerPound", "CostChange", "Order"], kind="stable"
    )
    investments = table[table["Kind"] == "investment"].assign(Key=lambda t: -t["BenefitPerPound"])
    investments = investments.sort_values(["Key", "CostChange", "Order"], kind="stable")
    others = table[table["Kind"] == "no cost change"]
    ranked = pd.concat([releases, investments.drop(columns="Key"), others], ignore_index=True)
    ranked["Rank"] = ranked.groupby("Kind", sort=False).cumcount() + 1
    return ranked.drop(columns="Order")


def choose_shifts(
    candidates: pd.DataFrame,
    gap: float,
    name: str = "Name",
    cost: str = "CostChange",
    benefit: str = "BenefitChange",
) -> pd.DataFrame:
    """Choose the shifts that close a financial gap, greedily by benefit given up per pound.

    The options that release money are taken in the order of :func:`rank_shifts` until the
    money released reaches ``gap``; the option that crosses the line is taken whole, so the
    set may release more than the gap. This is a *greedy* rule: simple to explain and to
    check by hand, but it does not promise the set that gives up the least benefit (that is
    a knapsack problem, which an integer programme solves exactly), and it ignores
    investments and any link between options.

    Parameters
    ----------
    candidates
        One row per shift, as for :func:`rank_shifts`.
    gap
        Money to release, in the units of the cost column; zero or more.
    name, cost, benefit
        Column names, as for :func:`rank_shifts`.

    Returns
    -------
    pandas.DataFrame
        The options that release money, in rank order, with ``Saving`` (money released),
        ``Chosen``, ``CumulativeSaving`` (over the chosen options so far) and
        ``GapRemaining`` (``gap`` less that; below 0 is money over). If even every option
        falls short, all are chosen and the last ``GapRemaining`` shows the shortfall.

    Raises
    ------
    InputValueError
        If ``gap`` is negative or not a number, or the table is not usable.

    Examples
    --------
    >>> options = pd.DataFrame({"Name": ["A", "B"], "CostChange": [-100.0, -50.0],
    ...                         "BenefitChange": [-1.0, -2.0]})
    >>> choose_shifts(options, 80.0)[["Name", "Chosen"]].values.tolist()
    [['A', True], ['B', False]]
    """
    target = finite_number("gap", gap)
    if target < 0:
        raise InputValueError("gap", target, "zero or more: the money the shifts must release")
    ranked = rank_shifts(candidates, name, cost, benefit)
    releases = ranked[ranked["Kind"] == "release"].reset_index(drop=True)
    releases["Saving"] = -releases["CostChange"]
    before = releases["Saving"].cumsum().shift(fill_value=0.0)
    releases["Chosen"] = (before < target) & (target > 0)
    releases["CumulativeSaving"] = releases["Saving"].where(releases["Chosen"], 0.0).cumsum()
    releases["GapRemaining"] = target - releases["CumulativeSaving"]
    return releases


# --- delegated and set-aside ----------------------------------------------------------------


def budget_split(
    budget: pd.DataFrame,
    value: str = "BudgetGBP",
    set_aside: str | Sequence[str] = SET_ASIDE,
    year: str = "FinancialYear",
    source: str = "FundingSource",
) -> pd.DataFrame:
    """Split an integrated budget into delegated and set-aside money, year by year.

    Parameters
    ----------
    budget
        One row per year and service area, with ``year``, ``source`` and ``value`` columns
        (the course's ``budget`` table).
    value
        The money column: ``"BudgetGBP"`` or ``"ActualGBP"``.
    set_aside
        The funding source (or sources) that are the set-aside budget; every other source
        is delegated.
    year, source
        Column names.

    Returns
    -------
    pandas.DataFrame
        One row per year: a column per funding source, then ``Delegated``, ``SetAside``,
        ``Total`` and ``SetAsidePct`` (set-aside as a percentage of the total).

    Raises
    ------
    InputValueError
        If a column is missing or a named set-aside source is not in the table.

    Examples
    --------
    >>> table = pd.DataFrame({"FinancialYear": ["2024/25"] * 3,
    ...     "FundingSource": ["Health delegated", "Health set-aside", "Social care"],
    ...     "BudgetGBP": [50, 20, 30]})
    >>> budget_split(table)[["Delegated", "SetAside", "SetAsidePct"]].values.tolist()
    [[80.0, 20.0, 20.0]]
    """
    missing = [column for column in (year, source, value) if column not in budget.columns]
    if missing:
        raise InputValueError("budget", f"a table without {', '.join(missing)}", "a budget table")
    names = [set_aside] if isinstance(set_aside, str) else list(set_aside)
    sources = pd.unique(budget[source].astype(str)).tolist()
    unknown = [item for item in names if item not in sources]
    if unknown:
        raise InputValueError("set_aside", unknown[0], f"one of the funding sources {sources}")
    wide = pd.pivot_table(
        budget.assign(**{source: budget[source].astype(str), year: budget[year].astype(str)}),
        index=year,
        columns=source,
        values=value,
        aggfunc="sum",
        fill_value=0,
    ).astype(float)
    wide = wide[sources]
    wide.columns.name = None
    wide["SetAside"] = wide[names].sum(axis=1)
    wide["Delegated"] = wide[[item for item in sources if item not in names]].sum(axis=1)
    wide["Total"] = wide["Delegated"] + wide["SetAside"]
    wide["SetAsidePct"] = 100 * wide["SetAside"] / wide["Total"].where(wide["Total"] > 0)
    return wide[[*sources, "Delegated", "SetAside", "Total", "SetAsidePct"]].reset_index()
