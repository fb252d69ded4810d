"""Activity from a projected population, and the beds it needs.

The demographic part of a long-range projection: today's age-specific rates applied to a
projected population (:func:`project_activity`), after putting the population's age bands
and the activity's on the same footing (:func:`regroup_ages`); then beds at a target
occupancy (:func:`add_beds`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from planlab.capacity import DAYS_IN_YEAR, beds_needed
from planlab.errors import InputValueError
from planlab.projection import band_start, expected_activity, select_projection

__all__ = ["add_beds", "project_activity", "regroup_ages"]


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
