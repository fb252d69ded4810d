r"""Population projections and the need (or activity) they imply.

National Records of Scotland (NRS) and the Office for National Statistics (ONS) publish a
*principal* projection and *variants* that change one assumption about births, deaths or
migration. The helpers here pick a variant and an age group from a projection table such as
the course's ``population_projections``, measure growth from a base year, and turn a
projected population into expected need by holding today's age-specific rates of use fixed:

.. math::

   \text{need}_{t} = \sum_{a} P_{a,t} \times \frac{U_{a,0}}{P_{a,0}}

where :math:`P_{a,t}` is the projected population of age group :math:`a` in year :math:`t`,
and :math:`U_{a,0} / P_{a,0}` is the rate of use in the base year. Module 4 reuses the same
sum as *activity = population x age-specific rates* (:func:`expected_activity`).

Age bands are written as the course's tables write them: ``"0-4"``, ``"85-89"``,
``"90plus"``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import ipywidgets as widgets
import pandas as pd

from planlab.errors import InputValueError
from planlab.widgets import html_table, precomputed_menu

__all__ = [
    "age_label",
    "age_specific_rates",
    "band_start",
    "bands_from",
    "expected_activity",
    "growth_from_base",
    "projection_explorer",
    "select_projection",
]

_BAND = re.compile(r"^(\d+)(?:-(\d+)|plus|\+)$")


def band_start(band: str) -> int:
    """Return the first age in an age band such as ``"75-79"`` or ``"90plus"``.

    Parameters
    ----------
    band
        An age band, written ``"75-79"``, ``"90plus"`` or ``"90+"``.

    Returns
    -------
    int
        The youngest age in the band.

    Raises
    ------
    InputValueError
        If ``band`` is not written as an age band.

    Examples
    --------
    >>> band_start("85-89"), band_start("90plus")
    (85, 90)
    """
    found = _BAND.match(str(band))
    if not found:
        raise InputValueError("band", band, 'an age band such as "75-79" or "90plus"')
    return int(found.group(1))


def bands_from(bands: Sequence[str], min_age: int, max_age: int | None = None) -> list[str]:
    """Return the age bands that lie within ``min_age`` to ``max_age`` (inclusive).

    Parameters
    ----------
    bands
        Age bands in any order, such as a table's ``AgeGroup`` values.
    min_age
        Youngest age wanted; must be where a band starts (75 for 75+).
    max_age
        Oldest age wanted, or ``None`` for no upper limit; must be where a band ends.

    Returns
    -------
    list of str
        The bands wanted, youngest first.

    Raises
    ------
    InputValueError
        If ``min_age`` or ``max_age`` would split a band.

    Examples
    --------
    >>> bands_from(["70-74", "75-79", "80-84", "85-89", "90plus"], 85)
    ['85-89', '90plus']
    """
    unique = sorted(set(map(str, bands)), key=band_start)
    starts = [band_start(band) for band in unique]
    if min_age not in starts:
        raise InputValueError("min_age", min_age, f"an age where a band starts: {starts}")
    if max_age is not None and max_age + 1 not in starts:
        raise InputValueError(
            "max_age", max_age, f"one less than an age where a band starts: {starts[1:]}"
        )
    return [
        band
        for band, start in zip(unique, starts, strict=True)
        if start >= min_age and (max_age is None or start <= max_age)
    ]


def age_label(min_age: int, max_age: int | None = None) -> str:
    """Return a label for an age group, such as ``"75+"`` or ``"65-74"``."""
    return f"{min_age}+" if max_age is None else f"{min_age}-{max_age}"


def select_projection(
    projections: pd.DataFrame,
    variant: str | Sequence[str] | None = "principal",
    min_age: int | None = None,
    max_age: int | None = None,
    by: str | Sequence[str] = ("Variant", "Year"),
    value: str = "Population",
) -> pd.DataFrame:
    """Pick variants and an age group from a projection table, and add up the population.

    Parameters
    ----------
    projections
        A projection table with ``Variant``, ``Year``, ``AgeGroup`` and ``Population``
        (such as the course's ``population_projections``).
    variant
        One variant (``"principal"``, ``"high"``, ``"low"``), a list of them, or ``None``
        for all.
    min_age, max_age
        The age group wanted, such as ``min_age=75`` for 75+; ``None`` for all ages.
    by
        Columns to keep; the population is added up over the others (sexes, localities,
        age bands).
    value
        The column to add up.

    Returns
    -------
    pandas.DataFrame
        One row per combination of ``by``, sorted, with ``value`` added up. Variants keep
        the order asked for.

    Raises
    ------
    InputValueError
        If a column is missing, a variant is not in the table, or an age would split a band.

    Examples
    --------
    >>> table = pd.DataFrame({"Variant": ["principal"] * 3, "Year": [2024] * 3,
    ...                       "AgeGroup": ["70-74", "75-79", "80plus"],
    ...                       "Population": [10, 7, 5]})
    >>> select_projection(table, min_age=75)
         Variant  Year  Population
    0  principal  2024          12
    """
    keys = [by] if isinstance(by, str) else list(by)
    needed = {"Variant", "AgeGroup", value, *keys}
    missing = sorted(needed - set(projections.columns))
    if missing:
        raise InputValueError(
            "projections", f"a table without {', '.join(missing)}", "a projection table"
        )
    rows = projections
    if variant is not None:
        wanted = [variant] if isinstance(variant, str) else list(variant)
        known = [str(v) for v in pd.unique(projections["Variant"].astype(str))]
        unknown = [v for v in wanted if v not in known]
        if unknown or not wanted:
            raise InputValueError("variant", variant, f"one or more of {known}")
        rows = rows[rows["Variant"].astype(str).isin(wanted)]
    else:
        wanted = [str(v) for v in pd.unique(projections["Variant"].astype(str))]
    if min_age is not None or max_age is not None:
        bands = bands_from(projections["AgeGroup"].astype(str), min_age or 0, max_age)
        rows = rows[rows["AgeGroup"].astype(str).isin(bands)]
    table = rows.groupby(keys, observed=True, sort=True)[value].sum().reset_index()
    if "Variant" in keys:
        table["Variant"] = table["Variant"].astype(str)
        order = {name: place for place, name in enumerate(wanted)}
        table = table.sort_values(
            keys, key=lambda col: col.map(order) if col.name == "Variant" else col, kind="stable"
        ).reset_index(drop=True)
    return table


def growth_from_base(
    table: pd.DataFrame,
    base_year: int,
    value: str = "Population",
    by: str | Sequence[str] = "Variant",
    year: str = "Year",
) -> pd.DataFrame:
    """Add growth since a base year: the change, the index and the per cent change.

    Parameters
    ----------
    table
        One row per year (and per group in ``by``), with ``value``.
    base_year
        The year growth is measured from; every group must have it.
    value
        The column to measure growth in.
    by
        Column or columns that each have their own base, such as ``"Variant"``; ``()``
        for none.
    year
        The column holding the year.

    Returns
    -------
    pandas.DataFrame
        A copy of ``table`` with ``Base`` (the base year's value), ``Change`` (value minus
        base), ``Index`` (value divided by base, 1.0 in the base year) and ``ChangePct``
        (per cent change).

    Raises
    ------
    InputValueError
        If a column is missing, or a group has no row (or a zero) for the base year.

    Examples
    --------
    >>> table = pd.DataFrame({"Year": [2024, 2030], "Population": [200, 250]})
    >>> growth_from_base(table, 2024, by=())[["Year", "Change", "Index", "ChangePct"]]
       Year  Change  Index  ChangePct
    0  2024       0   1.00        0.0
    1  2030      50   1.25       25.0
    """
    keys = [by] if isinstance(by, str) else list(by)
    missing = sorted({value, year, *keys} - set(table.columns))
    if missing:
        raise InputValueError("table", f"a table without {', '.join(missing)}", "a yearly table")
    base_rows = table[table[year] == base_year]
    if keys:
        base = base_rows.groupby(keys, observed=True)[value].sum().rename("Base")
        result = table.merge(base, left_on=keys, right_index=True, how="left")
    else:
        base_value = float("nan") if base_rows.empty else base_rows[value].sum()
        result = table.assign(Base=base_value)
    if result["Base"].isna().any() or (result["Base"] == 0).any():
        raise InputValueError(
            "base_year", base_year, "a year that every group has, with a value above 0"
        )
    result["Change"] = result[value] - result["Base"]
    result["Index"] = result[value] / result["Base"]
    result["ChangePct"] = 100 * result["Change"] / result["Base"]
    return result


def age_specific_rates(
    activity: pd.DataFrame,
    population: pd.DataFrame,
    on: str | Sequence[str] = "AgeGroup",
    activity_column: str = "Activity",
    population_column: str = "Population",
    per: float = 1000,
) -> pd.DataFrame:
    """Work out rates of use per ``per`` people for each age group (or other cell).

    Parameters
    ----------
    activity
        Use in the base year (bed days, admissions), one row per cell of ``on``.
    population
        People in the base year, one row per cell of ``on``.
    on
        Column or columns the two tables share, such as ``"AgeGroup"`` or
        ``["AgeGroup", "Sex"]``.
    activity_column, population_column
        The columns holding the use and the people.
    per
        Rates are per this many people: 1000 for per 1,000, 1 for per person.

    Returns
    -------
    pandas.DataFrame
        The ``on`` columns, the activity, the population and ``Rate``.

    Raises
    ------
    InputValueError
        If a column is missing, a cell is in one table and not the other, or a population is
        zero or less.

    Examples
    --------
    >>> use = pd.DataFrame({"AgeGroup": ["75-84", "85+"], "Activity": [300, 500]})
    >>> people = pd.DataFrame({"AgeGroup": ["75-84", "85+"], "Population": [1000, 500]})
    >>> age_specific_rates(use, people)["Rate"].tolist()
    [300.0, 1000.0]
    """
    keys = [on] if isinstance(on, str) else list(on)
    _check_per(per)
    for name, frame, column in (
        ("activity", activity, activity_column),
        ("population", population, population_column),
    ):
        missing = sorted({*keys, column} - set(frame.columns))
        if missing:
            raise InputValueError(name, f"a table without {', '.join(missing)}", "a table by age")
    merged = activity[[*keys, activity_column]].merge(
        population[[*keys, population_column]], on=keys, how="outer", indicator=True
    )
    if (merged["_merge"] != "both").any():
        raise InputValueError(
            "on", on, "columns whose cells are in both tables (check the age bands match)"
        )
    merged = merged.drop(columns="_merge")
    if (merged[population_column] <= 0).any():
        raise InputValueError("population", "a cell with no people", "above 0 in every cell")
    merged["Rate"] = merged[activity_column] / merged[population_column] * per
    return merged


def _check_per(per: float) -> None:
    if isinstance(per, bool) or not isinstance(per, int | float) or not per > 0:
        raise InputValueError("per", per, "a number above 0, such as 1000 for per 1,000 people")


def expected_activity(
    population: pd.DataFrame,
    rates: pd.DataFrame,
    on: str | Sequence[str] = "AgeGroup",
    by: str | Sequence[str] | None = ("Variant", "Year"),
    population_column: str = "Population",
    rate_column: str = "Rate",
    per: float = 1000,
    result: str = "Activity",
) -> pd.DataFrame:
    """Turn a (projected) population into expected activity: population x age-specific rate.

    Parameters
    ----------
    population
        People, one row per age group (``on``) and per anything else, such as variant and
        year.
    rates
        One rate per cell of ``on``, per ``per`` people (see :func:`age_specific_rates`).
    on
        Column or columns the rates are given by.
    by
        Columns to add the activity up by; ``None`` keeps one row per population row.
    population_column, rate_column
        The columns holding the people and the rates.
    per
        The rates are per this many people.
    result
        Name of the output column.

    Returns
    -------
    pandas.DataFrame
        With ``by`` given: one row per combination of ``by``, with the population and the
        expected activity added up. With ``by=None``: the population rows with the rate
        and the activity added.

    Raises
    ------
    InputValueError
        If a column is missing, or a population row has no rate.

    Examples
    --------
    >>> pop = pd.DataFrame({"Year": [2030, 2030], "AgeGroup": ["75-84", "85+"],
    ...                     "Population": [1200, 700]})
    >>> rates = pd.DataFrame({"AgeGroup": ["75-84", "85+"], "Rate": [300.0, 1000.0]})
    >>> expected_activity(pop, rates, by="Year")
       Year  Population  Activity
    0  2030        1900    1060.0
    """
    keys = [on] if isinstance(on, str) else list(on)
    _check_per(per)
    missing = sorted({*keys, population_column} - set(population.columns))
    if missing:
        raise InputValueError(
            "population", f"a table without {', '.join(missing)}", "a population by age"
        )
    missing = sorted({*keys, rate_column} - set(rates.columns))
    if missing:
        raise InputValueError("rates", f"a table without {', '.join(missing)}", "rates by age")
    if rates.duplicated(keys).any():
        raise InputValueError("rates", "a table with repeated cells", f"one rate per {keys}")
    lookup = rates[[*keys, rate_column]].copy()
    left = population.copy()
    for key in keys:
        left[key] = left[key].astype(str)
        lookup[key] = lookup[key].astype(str)
    merged = left.merge(lookup, on=keys, how="left")
    if merged[rate_column].isna().any():
        absent = sorted(
            {str(tuple(row)) for row in merged.loc[merged[rate_column].isna(), keys].values}
        )
        raise InputValueError(
            "rates", f"a table with no rate for {', '.join(absent)}", "a rate for every cell"
        )
    merged[result] = merged[population_column] * merged[rate_column] / per
    if by is None:
        return merged
    groups = [by] if isinstance(by, str) else list(by)
    return (
        merged.groupby(groups, observed=True, sort=False)[[population_column, result]]
        .sum()
        .reset_index()
    )


def projection_explorer(
    summary: pd.DataFrame,
    choice: Sequence[str] = ("Variant", "AgeGroup"),
    columns: Sequence[str] = ("Year", "Population", "BedDays"),
    formats: dict[str, str] | None = None,
    description: str = "Projection",
) -> widgets.VBox:
    """Build a drop-down that shows a precomputed table for each variant and age group.

    Every table is made in advance and linked in the browser (``ipywidgets.jslink``), so the
    control works on the book's web page without a running Python kernel.

    Parameters
    ----------
    summary
        Results in long form: the ``choice`` columns, then ``columns``; one row per year
        of each choice.
    choice
        Columns whose combinations the reader chooses between, in order of appearance.
    columns
        Columns shown in each table.
    formats
        Format string for each column, such as ``{"Population": "{:,.0f}"}``; by default
        whole numbers with thousands separators for every column but ``Year``.
    description
        The drop-down's label, also its accessible name.

    Returns
    -------
    ipywidgets.VBox
        The drop-down and the tables it chooses between.

    Raises
    ------
    InputValueError
        If a column is missing or ``summary`` is empty.
    """
    choice = list(choice)
    columns = list(columns)
    missing = sorted({*choice, *columns} - set(summary.columns))
    if missing or summary.empty:
        raise InputValueError(
            "summary",
            f"a table without {', '.join(missing)}" if missing else "an empty table",
            f"a table with the columns {', '.join([*choice, *columns])}",
        )
    if formats is None:
        formats = {column: "{:,.0f}" for column in columns if column != "Year"}
    labels: list[str] = []
    answers: list[str] = []
    for key, rows in summary.groupby(choice, observed=True, sort=False):
        parts = key if isinstance(key, tuple) else (key,)
        label = ", ".join(str(part) for part in parts)
        labels.append(label)
        answers.append(html_table(label, rows, columns, formats))
    return precomputed_menu(labels, answers, description)
