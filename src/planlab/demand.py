r"""Long-range demand: activity from projected people, growth by cause, and the beds it needs.

Module 4 of the course builds on :mod:`planlab.projection`. A long-range projection of
activity has two parts. The **demographic** part holds today's age-specific rates fixed and
applies them to a projected population (:func:`project_activity`, which uses
:func:`planlab.projection.expected_activity`):

.. math::

   D_{t} = \sum_{a} P_{a,t} \times r_{a,0}

The **non-demographic** part lets the rates themselves change by a compound annual rate
:math:`g` (changes in treatment, thresholds for admission, health of each new cohort):

.. math::

   A_{t} = D_{t} \times (1 + g)^{t - t_0}

The growth from the base :math:`A_0` to :math:`A_t` splits exactly into a demographic
part, a non-demographic part and an interaction (:func:`decompose_growth`). Bed days turn
into beds with a target occupancy (:func:`add_beds`, which uses
:func:`planlab.capacity.beds_needed`), and :func:`growth_explorer` builds a control that
works on a static web page.

Growth rates from the New Hospital Programme model are for admissions, not bed days
(:data:`NHP_NON_DEMOGRAPHIC_GROWTH`, :func:`nhp_growth_rate`); :func:`bed_day_growth_rate`
combines admission growth with a separate length-of-stay assumption.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import StrMethodFormatter

from planlab.capacity import DAYS_IN_YEAR, beds_needed
from planlab.errors import InputValueError
from planlab.projection import _pane, band_start, expected_activity, select_projection

#: Non-demographic growth rates offered by :func:`growth_explorer`: -1% to +3% a year in
#: steps of a quarter of a point, and the New Hospital Programme model's -0.14% a year for
#: non-elective admissions.
DEFAULT_GROWTH_RATES: tuple[float, ...] = tuple(
    sorted({round(step / 400, 4) for step in range(-4, 13)} | {-0.0014})
)

#: Names of the rows of a decomposition (see :func:`decompose_growth`).
DEMOGRAPHIC = "Demographic"
NON_DEMOGRAPHIC = "Non-demographic"
INTERACTION = "Interaction"
ORDERS = ("interaction", "demographic first")


def regroup_ages(
    table: pd.DataFrame,
    groups: Sequence[str],
    column: str = "AgeGroup",
    value: str = "Population",
    by: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Add up narrow age bands (``"5-9"``, ``"10-14"``) into wider groups (``"5-14"``).

    Activity tables often use wider age groups than population tables. Each narrow band
    goes into the wide group that starts at or below it, so the groups must start where a
    band starts.

    Parameters
    ----------
    table
        A table with the age column, ``value`` and the ``by`` columns.
    groups
        The wide groups wanted, such as ``["0-4", "5-14", "15-44", "85plus"]``. The last
        group takes every older band.
    column
        The column holding the age bands.
    value
        The column to add up.
    by
        Columns to keep (such as ``["Variant", "Year"]``); ``None`` keeps every column
        except ``column`` and ``value``.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, ``column`` (now the wide groups) and ``value`` added up. The
        combinations of ``by`` keep the order they first appear in; within each, the
        youngest group comes first.

    Raises
    ------
    InputValueError
        If a column is missing, a group would split a band, or no group covers a band.

    Examples
    --------
    >>> table = pd.DataFrame({"AgeGroup": ["0-4", "5-9", "10-14", "15-19"],
    ...                       "Population": [10, 20, 30, 40]})
    >>> regroup_ages(table, ["0-4", "5-14", "15plus"])
      AgeGroup  Population
    0      0-4          10
    1     5-14          50
    2   15plus          40
    """
    wide = [str(group) for group in groups]
    if not wide:
        raise InputValueError("groups", groups, "one or more age groups, such as ['0-4', '5-14']")
    keys = (
        [c for c in table.columns if c not in (column, value)]
        if by is None
        else ([by] if isinstance(by, str) else list(by))
    )
    missing = sorted({column, value, *keys} - set(table.columns))
    if missing:
        raise InputValueError("table", f"a table without {', '.join(missing)}", "a table by age")
    starts = sorted((band_start(group), group) for group in wide)
    narrow = sorted(set(map(str, table[column])), key=band_start)
    narrow_starts = {band_start(band) for band in narrow}
    split = [group for start, group in starts if start not in narrow_starts]
    if split:
        raise InputValueError(
            "groups", split, f"groups that start where a band starts: {sorted(narrow_starts)}"
        )
    lookup = {}
    for band in narrow:
        below = [group for start, group in starts if start <= band_start(band)]
        if not below:
            raise InputValueError("groups", wide, f"groups that cover the band {band!r}")
        lookup[band] = below[-1]
    result = table[[*keys, column, value]].copy()
    result[column] = result[column].astype(str).map(lookup)
    order = {group: place for place, (_, group) in enumerate(starts)}
    result = result.groupby([*keys, column], observed=True, sort=False)[value].sum().reset_index()
    # Keep the combinations of ``by`` in the order they first appear; youngest first in each.
    place = result.groupby(keys, observed=True, sort=False).ngroup() if keys else 0
    result = (
        result.assign(_place=place, _age=result[column].map(order))
        .sort_values(["_place", "_age"], kind="stable")
        .drop(columns=["_place", "_age"])
        .reset_index(drop=True)
    )
    return result


def project_activity(
    projections: pd.DataFrame,
    rates: pd.DataFrame,
    variant: str | Sequence[str] | None = None,
    years: Sequence[int] | None = None,
    per: float = 1000,
    result: str = "Activity",
) -> pd.DataFrame:
    """Apply today's age-specific rates to every variant and year of a projection.

    This is the *demographic* projection: activity = population x age-specific rate,
    with the rates held at their base-year level. The projection's narrow age bands are
    added up into the rate table's groups first (see :func:`regroup_ages`).

    Parameters
    ----------
    projections
        A projection table with ``Variant``, ``Year``, ``AgeGroup`` and ``Population``
        (such as the course's ``population_projections``).
    rates
        ``AgeGroup`` and ``Rate``, one row per age group, per ``per`` people (see
        :func:`planlab.projection.age_specific_rates`).
    variant
        One variant, a list of them, or ``None`` for all.
    years
        Years to keep, or ``None`` for all.
    per
        The rates are per this many people.
    result
        Name of the output column, such as ``"BedDays"``.

    Returns
    -------
    pandas.DataFrame
        ``Variant``, ``Year``, ``Population`` and ``result``, one row per variant and year.

    Raises
    ------
    InputValueError
        If a column or a variant is missing, or the rate groups do not fit the bands.

    Examples
    --------
    >>> pop = pd.DataFrame({"Variant": "principal", "Year": [2024, 2024, 2040, 2040],
    ...                     "AgeGroup": ["0-39", "40plus"] * 2,
    ...                     "Population": [100, 50, 100, 80]})
    >>> rates = pd.DataFrame({"AgeGroup": ["0-39", "40plus"], "Rate": [100.0, 500.0]})
    >>> project_activity(pop, rates)
         Variant  Year  Population  Activity
    0  principal  2024         150      35.0
    1  principal  2040         180      50.0
    """
    missing = sorted({"AgeGroup", "Rate"} - set(rates.columns))
    if missing:
        raise InputValueError("rates", f"a table without {', '.join(missing)}", "rates by age")
    table = select_projection(projections, variant, by=("Variant", "Year", "AgeGroup"))
    if years is not None:
        wanted = [int(year) for year in years]
        absent = sorted(set(wanted) - set(table["Year"].astype(int)))
        if absent:
            raise InputValueError("years", absent, "years that are in the projection")
        table = table[table["Year"].isin(wanted)]
    grouped = regroup_ages(table, rates["AgeGroup"].astype(str), by=["Variant", "Year"])
    return expected_activity(
        grouped, rates, by=["Variant", "Year"], per=per, result=result
    ).reset_index(drop=True)


def _check_rate(rate: float, name: str = "rate") -> None:
    if isinstance(rate, bool) or not isinstance(rate, numbers.Real) or not math.isfinite(rate):
        raise InputValueError(name, rate, "a yearly growth rate as a fraction, such as 0.01")
    if not -0.5 < rate < 0.5:
        hint = f" (write {rate}% a year as {rate / 100})" if 0.5 <= abs(rate) < 50 else ""
        raise InputValueError(
            name, rate, f"a fraction between -0.5 and 0.5, such as -0.0014 for -0.14% a year{hint}"
        )


def growth_factor(rate: float, years: float) -> float:
    """Return how much a compound annual growth rate multiplies activity over ``years``.

    Parameters
    ----------
    rate
        Growth a year as a fraction: 0.0131 for +1.31% a year, -0.0014 for -0.14%.
    years
        Years of growth, such as 16 from 2024 to 2040.

    Returns
    -------
    float
        ``(1 + rate) ** years``.

    Raises
    ------
    InputValueError
        If ``rate`` is not a fraction between -0.5 and 0.5 (a per cent given by mistake),
        or ``years`` is negative.

    Examples
    --------
    >>> round(growth_factor(0.10, 2), 4)
    1.21
    """
    _check_rate(rate)
    if isinstance(years, bool) or not isinstance(years, numbers.Real) or not years >= 0:
        raise InputValueError("years", years, "zero or more years")
    return (1 + rate) ** years


#: The New Hospital Programme (NHP) model's two published options for non-demographic growth
#: in admissions and attendances, as 80% ranges of the yearly growth *factor*. Source: The
#: Strategy Unit, ``nhp_inputs`` repository, ``data-raw/generate-ndg-variants.R`` (read 3 December
#: 2026). Both options are for **activity counts** (admissions, attendances), not bed days: length
#: of stay is a separate assumption. Option 1 puts non-elective admission growth at about +1.9% to
#: +2.4% a year; option 2 at about -0.45% to +0.17%, whose midpoint is -0.14%.
NHP_NON_DEMOGRAPHIC_GROWTH: dict[str, dict[str, tuple[float, float]]] = {
    "option 1": {
        "non-elective": (1.0194, 1.0240),
        "elective": (1.0053, 1.0071),
        "maternity": (1.0, 1.0),
        "a&e": (1.0121, 1.0142),
        "outpatients": (1.0228, 1.0270),
    },
    "option 2": {
        "non-elective": (0.9955, 1.0017),
        "elective": (1.0053, 1.0071),
        "maternity": (1.0, 1.0),
        "a&e": (1.0121, 1.0142),
        "outpatients": (1.0228, 1.0270),
    },
}


def nhp_growth_rate(option: str, activity: str = "non-elective") -> float:
    """Return the midpoint of an NHP non-demographic growth range, as a yearly rate.

    Parameters
    ----------
    option
        ``"option 1"`` or ``"option 2"`` (see :data:`NHP_NON_DEMOGRAPHIC_GROWTH`).
    activity
        ``"non-elective"`` (the default), ``"elective"``, ``"maternity"``, ``"a&e"`` or
        ``"outpatients"``.

    Returns
    -------
    float
        The midpoint of the 80% range of the growth factor, less 1, rounded to four decimal
        places: -0.0014 (-0.14% a year) for option 2's non-elective admissions.

    Raises
    ------
    InputValueError
        If the option or activity is not one of those named.

    Examples
    --------
    >>> nhp_growth_rate("option 2")
    -0.0014
    >>> nhp_growth_rate("option 1")
    0.0217
    """
    if option not in NHP_NON_DEMOGRAPHIC_GROWTH:
        raise InputValueError("option", option, '"option 1" or "option 2"')
    ranges = NHP_NON_DEMOGRAPHIC_GROWTH[option]
    if activity not in ranges:
        raise InputValueError("activity", activity, "one of " + ", ".join(ranges))
    low, high = ranges[activity]
    return round((low + high) / 2 - 1, 4)


def bed_day_growth_rate(admission_rate: float, length_of_stay_rate: float = 0.0) -> float:
    r"""Return the yearly growth in bed days from growth in admissions and in length of stay.

    Bed days are admissions times the mean length of stay, so their growth factors multiply:

    .. math::

       1 + g_{\text{bed days}} = (1 + g_{\text{admissions}})(1 + g_{\text{length of stay}})

    Project the two separately: in England emergency admissions grew by about 3.2% a year
    from 2006/07 to 2017/18 while emergency bed days grew by only about 0.3% a year, because
    stays shortened (Steventon and colleagues, The Health Foundation, 2018).

    Parameters
    ----------
    admission_rate
        Non-demographic growth in admissions a year, as a fraction (-0.0014 for -0.14%).
    length_of_stay_rate
        Change in mean length of stay a year, as a fraction (0 holds it at today's level).

    Returns
    -------
    float
        The yearly growth in bed days, as a fraction.

    Raises
    ------
    InputValueError
        If either rate is not a fraction between -0.5 and 0.5.

    Examples
    --------
    >>> round(bed_day_growth_rate(0.032, -0.0282), 4)
    0.0029
    """
    _check_rate(admission_rate, "admission_rate")
    _check_rate(length_of_stay_rate, "length_of_stay_rate")
    return (1 + admission_rate) * (1 + length_of_stay_rate) - 1


def apply_growth(
    table: pd.DataFrame,
    rate: float,
    base_year: int,
    column: str = "Activity",
    result: str | None = None,
    year: str = "Year",
) -> pd.DataFrame:
    """Add non-demographic growth to a demographic projection, year by year.

    Parameters
    ----------
    table
        One row per year (and perhaps per variant), with ``column``.
    rate
        Non-demographic growth a year as a fraction, such as -0.0014.
    base_year
        The year the rates were measured in; growth counts from here.
    column
        The demographic projection to grow.
    result
        Name of the new column; by default ``column`` is replaced.
    year
        The column holding the year.

    Returns
    -------
    pandas.DataFrame
        A copy of ``table`` with ``result`` = ``column`` x ``(1 + rate) ** (year - base_year)``.

    Raises
    ------
    InputValueError
        If a column is missing, ``rate`` is out of range or a year is before ``base_year``.

    Examples
    --------
    >>> table = pd.DataFrame({"Year": [2024, 2026], "Activity": [100.0, 100.0]})
    >>> apply_growth(table, 0.10, 2024)["Activity"].round(2).tolist()
    [100.0, 121.0]
    """
    _check_rate(rate)
    missing = sorted({column, year} - set(table.columns))
    if missing:
        raise InputValueError("table", f"a table without {', '.join(missing)}", "a yearly table")
    if (table[year] < base_year).any():
        raise InputValueError("base_year", base_year, "a year no later than the table's first")
    grown = table.copy()
    grown[result or column] = table[column] * (1 + rate) ** (table[year] - base_year)
    return grown


def decompose_growth(
    base: float,
    demographic: float,
    projected: float,
    order: str = "interaction",
    base_label: str = "Base year",
    target_label: str = "Target year",
) -> pd.DataFrame:
    r"""Split the change from a base year to a target year into its causes.

    With :math:`A_0` the base, :math:`D = A_0 \times d` the target year at today's rates
    (demographic only) and :math:`A_t = D \times n` the projection with non-demographic
    growth too:

    * ``order="interaction"`` (the default) gives each cause its own effect, as if it
      acted alone, and shows what they add by acting together:
      demographic :math:`A_0 (d - 1)`, non-demographic :math:`A_0 (n - 1)`,
      interaction :math:`A_0 (d - 1)(n - 1)`.
    * ``order="demographic first"`` applies demography first and gives the
      interaction to the non-demographic part: demographic :math:`D - A_0`,
      non-demographic :math:`A_t - D`.

    Either way the parts add up exactly to :math:`A_t - A_0`.

    Parameters
    ----------
    base
        Activity in the base year, such as bed days in 2024/25.
    demographic
        Activity in the target year at base-year rates (the demographic projection).
    projected
        Activity in the target year with non-demographic growth as well.
    order
        ``"interaction"`` or ``"demographic first"``.
    base_label, target_label
        Names of the first and last rows, such as ``"2024/25"`` and ``"2040"``.

    Returns
    -------
    pandas.DataFrame
        ``Component``, ``Value`` and ``Kind``: the base (``"level"``), each cause
        (``"change"``) and the target year (``"level"``), in the order of a waterfall chart.

    Raises
    ------
    InputValueError
        If a value is not a finite number, ``base`` or ``demographic`` is not above zero,
        or ``order`` is unknown.

    Examples
    --------
    >>> decompose_growth(1000, 1200, 1320)["Value"].round(6).tolist()
    [1000.0, 200.0, 100.0, 20.0, 1320.0]
    """
    for name, value in (("base", base), ("demographic", demographic), ("projected", projected)):
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise InputValueError(name, value, "a number, such as bed days in a year")
        if not math.isfinite(value) or value < 0:
            raise InputValueError(name, value, "zero or more, and finite")
    if base <= 0 or demographic <= 0:
        raise InputValueError(
            "base" if base <= 0 else "demographic",
            base if base <= 0 else demographic,
            "above 0, so growth can be measured from it",
        )
    base, demographic, projected = float(base), float(demographic), float(projected)
    total = projected - base
    if order == "interaction":
        demographic_part = demographic - base
        non_demographic_part = base * (projected / demographic - 1)
        parts = [
            (DEMOGRAPHIC, demographic_part),
            (NON_DEMOGRAPHIC, non_demographic_part),
            (INTERACTION, total - demographic_part - non_demographic_part),
        ]
    elif order == "demographic first":
        parts = [(DEMOGRAPHIC, demographic - base), (NON_DEMOGRAPHIC, projected - demographic)]
    else:
        raise InputValueError("order", order, f"one of {list(ORDERS)}")
    rows = [(base_label, float(base), "level")]
    rows += [(name, float(value), "change") for name, value in parts]
    rows.append((target_label, float(projected), "level"))
    return pd.DataFrame(rows, columns=["Component", "Value", "Kind"])


def add_beds(
    table: pd.DataFrame,
    target_occupancy: float,
    column: str = "BedDays",
    result: str = "Beds",
    days: int = DAYS_IN_YEAR,
) -> pd.DataFrame:
    """Add the beds each row's bed days need at a target occupancy, rounded up.

    Parameters
    ----------
    table
        A table with a column of bed days a year.
    target_occupancy
        The planned average occupancy as a fraction, such as 0.85.
    column
        The column of bed days.
    result
        Name of the new column.
    days
        Days the bed days cover.

    Returns
    -------
    pandas.DataFrame
        A copy of ``table`` with ``result`` (whole beds, see
        :func:`planlab.capacity.beds_needed`).

    Raises
    ------
    InputValueError
        If the column is missing, or a value is out of range.

    Examples
    --------
    >>> add_beds(pd.DataFrame({"BedDays": [31025.0]}), 0.85)["Beds"].tolist()
    [100]
    """
    if column not in table.columns:
        raise InputValueError("table", f"a table without {column}", "a table of bed days")
    with_beds = table.copy()
    with_beds[result] = [
        beds_needed(float(value), target_occupancy, days) for value in table[column]
    ]
    return with_beds


def waterfall_chart(
    decomposition: pd.DataFrame,
    title: str,
    ylabel: str = "Bed days a year (bed days)",
    xlabel: str = "Cause of change",
    ax: plt.Axes | None = None,
) -> Figure:
    """Draw a decomposition (see :func:`decompose_growth`) as a waterfall chart.

    The first and last bars are levels, drawn from zero. Each bar between floats from the
    running total and shows one cause's change: up is an increase, down a decrease.

    Parameters
    ----------
    decomposition
        ``Component``, ``Value`` and ``Kind`` (``"level"`` or ``"change"``), in order.
    title
        The chart's title.
    ylabel, xlabel
        Axis labels, with units.
    ax
        Axes to draw on; by default a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on.

    Raises
    ------
    InputValueError
        If a column is missing, the table does not start and end with a level, or the
        changes do not add up to the difference between the levels.
    """
    missing = sorted({"Component", "Value", "Kind"} - set(decomposition.columns))
    if missing:
        raise InputValueError(
            "decomposition", f"a table without {', '.join(missing)}", "a decompose_growth table"
        )
    kinds = decomposition["Kind"].tolist()
    if len(kinds) < 2 or kinds[0] != "level" or kinds[-1] != "level":
        raise InputValueError(
            "decomposition", kinds, "rows that start and end with a level, changes between"
        )
    values = decomposition["Value"].astype(float).tolist()
    changes = sum(value for value, kind in zip(values, kinds, strict=True) if kind == "change")
    if not math.isclose(values[0] + changes, values[-1], rel_tol=1e-9, abs_tol=1e-6):
        raise InputValueError(
            "decomposition", "changes that do not add up", "changes that add up to the total"
        )
    if ax is None:
        fig, ax = plt.subplots(figsize=(9, 4.5))
    else:
        fig = ax.figure
    running = 0.0
    labels = decomposition["Component"].astype(str).tolist()
    for place, (value, kind) in enumerate(zip(values, kinds, strict=True)):
        if kind == "level":
            ax.bar(place, value, color="#08306b")
            running = value
            ax.annotate(f"{value:,.0f}", (place, value), ha="center", va="bottom")
        else:
            colour = "#d95f02" if value >= 0 else "#1b9e77"
            ax.bar(place, value, bottom=running, color=colour)
            top = running + max(value, 0)
            ax.annotate(f"{value:+,.0f}", (place, top), ha="center", va="bottom")
            running += value
    ax.set_xticks(range(len(labels)), labels)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_ylim(0, max(max(values[0], values[-1]), running) * 1.12)
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    return fig


def _describe_projection(
    rows: pd.DataFrame, variant: str, rate: float, target_occupancy: float
) -> str:
    first, last = rows.iloc[0], rows.iloc[-1]
    change = last["BedDays"] / first["BedDays"] - 1
    sentence = (
        f"<p>{html.escape(variant.capitalize())} variant, non-demographic growth "
        f"{rate:+.2%} a year: <strong>{last['BedDays']:,.0f} bed days</strong> in "
        f"{int(last['Year'])} ({change:+.1%} on {int(first['Year'])}), needing "
        f"<strong>{int(last['Beds'])} beds</strong> at {target_occupancy:.0%} occupancy "
        f"({int(first['Beds'])} in {int(first['Year'])}).</p>"
    )
    table = _pane(
        f"{variant}, {rate:+.2%} a year",
        rows.rename(columns={"BedDays": "Bed days a year"}),
        ["Year", "Bed days a year", "Beds"],
        {"Bed days a year": "{:,.0f}", "Beds": "{:,.0f}"},
    )
    return sentence + table


def growth_explorer(
    demographic: pd.DataFrame,
    base_year: int,
    years: Sequence[int],
    rates: Sequence[float] = DEFAULT_GROWTH_RATES,
    start_rate: float = 0.0,
    start_variant: str = "principal",
    target_occupancy: float = 0.85,
    column: str = "BedDays",
) -> widgets.VBox:
    """Build controls for the variant and the non-demographic growth rate.

    Every combination is worked out in advance and linked in the browser
    (``ipywidgets.jslink``), so the controls work on the book's web page without a running
    Python kernel. Each answer gives the bed days and the beds needed in each of ``years``.

    Parameters
    ----------
    demographic
        The demographic projection: ``Variant``, ``Year`` and ``column`` (bed days a year
        at base-year rates), such as :func:`project_activity` returns.
    base_year
        The year the rates were measured in; growth counts from here.
    years
        Years to show, such as ``[2024, 2030, 2035, 2040]``.
    rates
        Non-demographic growth rates a year the slider offers, as fractions.
    start_rate, start_variant
        Where the controls start; each must be offered.
    target_occupancy
        Occupancy used to turn bed days into beds.
    column
        The column of bed days in ``demographic``.

    Returns
    -------
    ipywidgets.VBox
        A drop-down for the variant, a slider for the growth rate and the answers they
        choose between. Both controls have accessible names.

    Raises
    ------
    InputValueError
        If a column, year or variant is missing, or a start is not offered.
    """
    missing = sorted({"Variant", "Year", column} - set(demographic.columns))
    if missing:
        raise InputValueError(
            "demographic", f"a table without {', '.join(missing)}", "a project_activity table"
        )
    offered = [float(rate) for rate in rates]
    for rate in offered:
        _check_rate(rate, "rates")
    if start_rate not in offered:
        raise InputValueError("start_rate", start_rate, f"one of the offered rates {offered}")
    variants = [str(v) for v in pd.unique(demographic["Variant"].astype(str))]
    if start_variant not in variants:
        raise InputValueError("start_variant", start_variant, f"one of {variants}")
    wanted = [int(year) for year in years]
    absent = sorted(set(wanted) - set(demographic["Year"].astype(int)))
    if absent or not wanted:
        raise InputValueError("years", list(years), "years that are in the projection")
    outer = []
    for variant in variants:
        rows = demographic[
            (demographic["Variant"].astype(str) == variant) & demographic["Year"].isin(wanted)
        ].sort_values("Year")
        panes = []
        for rate in offered:
            grown = apply_growth(rows, rate, base_year, column=column, result="BedDays")
            grown = add_beds(grown, target_occupancy)
            panes.append(widgets.HTML(_describe_projection(grown, variant, rate, target_occupancy)))
        outer.append(widgets.Stack(panes, selected_index=offered.index(start_rate)))
    shown = widgets.Stack(outer, selected_index=variants.index(start_variant))
    shown.add_class("planlab-live-result")
    menu = widgets.Dropdown(
        options=[(variant, place) for place, variant in enumerate(variants)],
        value=variants.index(start_variant),
        description="Population variant",
        style={"description_width": "initial"},
        layout=widgets.Layout(width="32em"),
    )
    slider = widgets.SelectionSlider(
        options=[(f"{rate:+.2%}", rate) for rate in offered],
        value=start_rate,
        description="Non-demographic growth a year",
        style={"description_width": "initial"},
        layout=widgets.Layout(width="32em"),
        continuous_update=True,
    )
    widgets.jslink((menu, "index"), (shown, "selected_index"))
    for inner in outer:
        widgets.jslink((slider, "index"), (inner, "selected_index"))
    return widgets.VBox([menu, slider, shown])
