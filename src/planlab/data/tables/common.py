"""Shared helpers of the table makers: random streams, months, counts and rows.

Lochanvale Health and Social Care Partnership is fictional; these tables are synthetic.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from planlab.data import parameters as params

__all__ = [
    "calendar_month_index",
    "days_in_months",
    "financial_year_index",
    "financial_year_labels",
    "lookup",
    "month_codes",
    "months",
    "nearest_thousand",
    "noisy_counts",
    "partnership_share",
    "round_keeping_total",
    "stream",
    "to_rows",
    "years_from_base",
]

Tables = dict[str, pd.DataFrame]


def stream(seed: int, table: str) -> np.random.Generator:
    """Return the random stream of one table, fixed by the seed and the table's name.

    Parameters
    ----------
    seed
        The seed of the whole set of tables.
    table
        The table's name, such as ``"population"``.

    Returns
    -------
    numpy.random.Generator
        A generator that gives the same numbers for the same seed and name.
    """
    name_key = int.from_bytes(hashlib.sha256(table.encode()).digest()[:8], "little")
    return np.random.default_rng([seed, name_key])


def months(first: str, last: str) -> np.ndarray:
    """Return the months from ``first`` to ``last`` inclusive, as ``datetime64[M]``.

    Parameters
    ----------
    first, last
        Months written ``YYYY-MM``.

    Returns
    -------
    numpy.ndarray
        One ``datetime64[M]`` value per month.
    """
    return np.arange(np.datetime64(first, "M"), np.datetime64(last, "M") + 1)


def month_codes(month_values: np.ndarray) -> np.ndarray:
    """Write months as PHS does, ``YYYYMM`` (``201504`` for April 2015).

    Parameters
    ----------
    month_values
        Months as ``datetime64[M]``.

    Returns
    -------
    numpy.ndarray
        Strings such as ``"201504"``.
    """
    return np.char.replace(month_values.astype(str), "-", "")


def calendar_month_index(month_values: np.ndarray) -> np.ndarray:
    """Return 0 for January to 11 for December."""
    return month_values.astype(int) % 12


def days_in_months(month_values: np.ndarray) -> np.ndarray:
    """Return the number of days in each month."""
    return (
        (month_values + 1).astype("datetime64[D]") - month_values.astype("datetime64[D]")
    ).astype(int)


def years_from_base(month_values: np.ndarray) -> np.ndarray:
    """Return each month's mid-point in years from mid-``BASE_YEAR`` (1 July)."""
    mid_base = np.datetime64(f"{params.BASE_YEAR}-07-01", "D")
    mid_month = month_values.astype("datetime64[D]") + 14
    return (mid_month - mid_base).astype(int) / 365.25


def financial_year_labels(first_year: int, count: int) -> list[str]:
    """Return labels such as ``"2015/16"`` for ``count`` financial years from ``first_year``."""
    return [f"{year}/{(year + 1) % 100:02d}" for year in range(first_year, first_year + count)]


def financial_year_index(month_values: np.ndarray, first_year: int) -> np.ndarray:
    """Return how many financial years (April to March) after ``first_year`` each month is."""
    year = month_values.astype(int) // 12 + 1970
    return year - (calendar_month_index(month_values) < 3) - first_year


def lookup(factors: dict[str, float], keys: np.ndarray, default: np.ndarray) -> np.ndarray:
    """Return ``factors[key]`` for each key that has one, and ``default`` elsewhere."""
    found = np.array([factors.get(str(key), np.nan) for key in keys])
    return np.where(np.isnan(found), default, found)


def noisy_counts(rng: np.random.Generator, expected: np.ndarray, shape: float) -> np.ndarray:
    """Draw over-dispersed counts: Poisson with a gamma-distributed rate (mean ``expected``).

    Parameters
    ----------
    rng
        The table's random stream.
    expected
        Expected counts, any shape.
    shape
        Gamma shape of the rate's noise; larger means closer to plain Poisson.

    Returns
    -------
    numpy.ndarray
        Whole-number counts with the shape of ``expected``.
    """
    rate = expected * rng.gamma(shape, 1.0 / shape, size=expected.shape)
    return rng.poisson(rate)


def round_keeping_total(values: np.ndarray, axis: int = -1) -> np.ndarray:
    """Round to whole numbers so that totals along ``axis`` are the rounded true totals.

    The largest-remainder method: round down, then give the units left over to the
    cells with the largest fractional parts.

    Parameters
    ----------
    values
        Non-negative numbers.
    axis
        The axis whose totals are kept.

    Returns
    -------
    numpy.ndarray
        Integers with the same shape as ``values``.
    """
    moved = np.moveaxis(values, axis, -1)
    floors = np.floor(moved)
    short = np.rint(moved.sum(axis=-1) - floors.sum(axis=-1)).astype(int)
    order = np.argsort(-(moved - floors), axis=-1, kind="stable")
    ranks = np.argsort(order, axis=-1, kind="stable")
    result = floors + (ranks < short[..., None])
    return np.moveaxis(result, -1, axis).astype(np.int64)


def to_rows(values: dict[str, np.ndarray], labels: dict[str, np.ndarray]) -> pd.DataFrame:
    """Flatten arrays with one axis per label into a long table, first label slowest.

    Parameters
    ----------
    values
        Column name to array; every array has one axis per entry of ``labels``.
    labels
        Column name to the labels along that axis, in axis order.

    Returns
    -------
    pandas.DataFrame
        One row per cell, label columns first.
    """
    grids = np.meshgrid(*labels.values(), indexing="ij")
    columns = {name: grid.ravel() for name, grid in zip(labels, grids, strict=True)}
    columns |= {name: array.ravel() for name, array in values.items()}
    return pd.DataFrame(columns)


def partnership_share() -> float:
    """Return Lochanvale's share of Scotland's people (145,000 / 5,490,100, about 2.64%)."""
    people = sum(loc.population for loc in params.LOCALITIES)
    return people / params.SCOTLAND_POPULATION_MID_2023


def nearest_thousand(values: np.ndarray) -> np.ndarray:
    """Round amounts of money to the nearest £1,000, as whole numbers."""
    return (np.round(values / 1000) * 1000).astype(np.int64)


LOCALITY_CODES = np.array([loc.code for loc in params.LOCALITIES])


SIMD_QUINTILES = np.arange(1, 6)


SEXES = np.array(["F", "M"])
