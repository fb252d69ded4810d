r"""Turning activity into capacity: how many beds a volume of bed days needs.

The arithmetic is the first step of "aligning resources and capacity" in the
planning cycle. A bed can hold at most one patient a night, so a year of
``bed_days`` needs at least ``bed_days / days`` beds if every bed were full every
night. No service runs at 100% occupancy, because admissions arrive unevenly, so
planners divide by a *target occupancy* below one:

.. math::

   \text{beds} = \frac{\text{bed days}}{\text{days} \times \text{target occupancy}}

The result is rounded up, because a fraction of a bed cannot be opened.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from planlab.errors import InputValueError

__all__ = [
    "DAYS_IN_YEAR",
    "beds_needed",
    "beds_table",
]

#: Days in the period that bed days cover by default: a year.
DAYS_IN_YEAR = 365


def _check_bed_days(bed_days: float) -> None:
    if isinstance(bed_days, bool) or not isinstance(bed_days, int | float):
        raise InputValueError("bed_days", bed_days, "a number of bed days, such as 30000")
    if not math.isfinite(bed_days) or bed_days < 0:
        raise InputValueError("bed_days", bed_days, "zero or more, and finite")


def _check_occupancy(target_occupancy: float) -> None:
    if isinstance(target_occupancy, bool) or not isinstance(target_occupancy, int | float):
        raise InputValueError(
            "target_occupancy", target_occupancy, "a fraction between 0 and 1, such as 0.85"
        )
    if not 0 < target_occupancy <= 1:
        hint = " (write 85% as 0.85)" if 1 < target_occupancy <= 100 else ""
        raise InputValueError(
            "target_occupancy",
            target_occupancy,
            f"a fraction greater than 0 and no more than 1{hint}",
        )


def _check_days(days: int) -> None:
    if isinstance(days, bool) or not isinstance(days, int) or days <= 0:
        raise InputValueError("days", days, "a whole number of days greater than 0, such as 365")


def beds_needed(bed_days: float, target_occupancy: float, days: int = DAYS_IN_YEAR) -> int:
    """Return the beds needed to hold ``bed_days`` at a target average occupancy.

    Parameters
    ----------
    bed_days
        Occupied bed days expected over the period (one patient in one bed for
        one night is one bed day).
    target_occupancy
        The average share of beds the service plans to have occupied, as a
        fraction: 0.85 means 85%.
    days
        Days in the period the bed days cover; 365 for a year.

    Returns
    -------
    int
        Beds needed, rounded up to a whole bed.

    Raises
    ------
    InputValueError
        If ``bed_days`` is negative or not a number, ``target_occupancy`` is not a
        fraction in (0, 1], or ``days`` is not a positive whole number.

    Examples
    --------
    30,000 bed days a year at 85% occupancy: 30000 / (365 x 0.85) = 96.7, so 97 beds.

    >>> beds_needed(30_000, 0.85)
    97
    """
    _check_bed_days(bed_days)
    _check_occupancy(target_occupancy)
    _check_days(days)
    exact = bed_days / (days * target_occupancy)
    # Guard against floating-point noise turning an exact whole number into the next bed up.
    return math.ceil(round(exact, 9))


def beds_table(
    bed_days: float, occupancies: Iterable[float], days: int = DAYS_IN_YEAR
) -> pd.DataFrame:
    """Tabulate beds needed for each of several target occupancies.

    Parameters
    ----------
    bed_days
        Occupied bed days expected over the period.
    occupancies
        Target occupancies to compare, each a fraction in (0, 1].
    days
        Days in the period the bed days cover.

    Returns
    -------
    pandas.DataFrame
        One row per target occupancy, with the columns ``TargetOccupancy``
        (fraction), ``AverageBedsOccupied`` (``bed_days / days``, unrounded) and
        ``BedsNeeded`` (rounded up to a whole bed).

    Examples
    --------
    >>> beds_table(30_000, [0.80, 0.85, 0.92])["BedsNeeded"].tolist()
    [103, 97, 90]
    """
    _check_bed_days(bed_days)
    _check_days(days)
    rows = [
        {
            "TargetOccupancy": occupancy,
            "AverageBedsOccupied": bed_days / days,
            "BedsNeeded": beds_needed(bed_days, occupancy, days),
        }
        for occupancy in occupancies
    ]
    if not rows:
        raise InputValueError("occupancies", [], "at least one target occupancy")
    return pd.DataFrame(rows)
