"""The weekly elective waiting list table.

Lochanvale Health and Social Care Partnership is fictional; these tables are synthetic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planlab.data import parameters as params
from planlab.data.tables.common import (
    stream,
    to_rows,
)

__all__ = [
    "christmas_weeks",
    "combine",
    "interpolate_anchors",
    "make_waiting_list",
    "treat_in_priority_order",
    "waits_on_list",
    "week_endings",
    "weekly_capacity",
    "weekly_demand",
]


def week_endings() -> np.ndarray:
    """Return the Sundays that end each week from April 2015 to March 2025."""
    first = np.datetime64(params.FIRST_MONTH + "-01", "D")
    last = (np.datetime64(params.LAST_MONTH, "M") + 1).astype("datetime64[D]") - 1
    first_sunday = first + (6 - (first.astype(int) + 3) % 7)
    return np.arange(first_sunday, last + 1, 7)


def interpolate_anchors(weeks: np.ndarray, anchors: dict[str, float]) -> np.ndarray:
    """Interpolate a factor between dated anchors, so it never jumps from one week to the next."""
    dates = np.array(list(anchors), dtype="datetime64[D]").astype(int)
    return np.interp(weeks.astype(int), dates, np.array(list(anchors.values())))


def christmas_weeks(weeks: np.ndarray) -> np.ndarray:
    """Return true for weeks ending in the last week of December (clinics close)."""
    return (weeks.astype("datetime64[M]").astype(int) % 12 == 11) & (
        (weeks - weeks.astype("datetime64[M]")).astype(int) >= 24
    )


def weekly_demand(weeks: np.ndarray) -> np.ndarray:
    """Return expected additions a week [week, specialty]: growth, Christmas and the pandemic."""
    base = np.array(list(params.WAITING_LIST_SPECIALTIES.values()))
    years = (weeks - weeks[0]).astype(int) / 365.25
    factor = (
        (1 + params.WAITING_LIST_DEMAND_GROWTH) ** years
        * interpolate_anchors(weeks, params.REFERRAL_ANCHORS)
        * np.where(christmas_weeks(weeks), 0.6, 1.0)
    )
    return factor[:, None] * base[None, :]


def weekly_capacity(weeks: np.ndarray) -> np.ndarray:
    """Return expected removals a week [week, specialty]: usual demand times capacity."""
    base = np.array(list(params.WAITING_LIST_SPECIALTIES.values()))
    years = (weeks - weeks[0]).astype(int) / 365.25
    factor = (
        (1 + params.WAITING_LIST_DEMAND_GROWTH) ** years
        * interpolate_anchors(weeks, params.ELECTIVE_CAPACITY_ANCHORS)
        * np.where(christmas_weeks(weeks), 0.6, 1.0)
    )
    return factor[:, None] * base[None, :]


def treat_in_priority_order(
    added: np.ndarray, capacity: np.ndarray, start: np.ndarray
) -> np.ndarray:
    """Share each week's capacity between priorities: the most urgent first.

    Parameters
    ----------
    added
        Patients added each week [priority, week, specialty].
    capacity
        Patients who can be treated each week [week, specialty].
    start
        Patients on each priority's list before the first week [priority, specialty].

    Returns
    -------
    numpy.ndarray
        Removals each week [priority, week, specialty]. The loop runs over weeks.
    """
    waiting = start.astype(np.int64).copy()
    removed = np.zeros_like(added)
    for week in range(capacity.shape[0]):  # about 520 weeks
        waiting += added[:, week]
        left = capacity[week].copy()
        for priority in range(added.shape[0]):  # three priorities
            removed[priority, week] = np.minimum(waiting[priority], left)
            left -= removed[priority, week]
        waiting -= removed[:, week]
    return removed


def waits_on_list(
    additions: np.ndarray, removals: np.ndarray, start: int, start_weeks: int
) -> dict[str, np.ndarray]:
    """Work out list size and waits for one specialty, treating patients in order of referral.

    Parameters
    ----------
    additions, removals
        Patients added to and removed from the list each week.
    start
        Patients on the list before the first week, added evenly over ``start_weeks``.
    start_weeks
        Weeks over which the starting list was added.

    Returns
    -------
    dict of str to numpy.ndarray
        ``ListSize``, ``WaitingOver12Weeks``, ``WaitingOver52Weeks``, ``LongestWaitWeeks``
        at the end of each week.
    """
    earlier = np.full(start_weeks, start // start_weeks)
    earlier[: start % start_weeks] += 1
    added = np.cumsum(np.concatenate([earlier, additions]))  # patients added up to each week
    removed = np.cumsum(removals)
    weeks = np.arange(len(additions)) + start_weeks  # position of each week in ``added``
    oldest = np.searchsorted(added, removed + 1, side="left")  # week the oldest waiter joined
    size = added[weeks] - removed

    def waiting_longer_than(limit: int) -> np.ndarray:
        cutoff = weeks - limit
        joined_by = np.where(cutoff >= 0, added[np.clip(cutoff, 0, None)], 0)
        return np.clip(joined_by - removed, 0, None)

    return {
        "ListSize": size,
        "WaitingOver12Weeks": waiting_longer_than(12),
        "WaitingOver52Weeks": waiting_longer_than(52),
        "LongestWaitWeeks": np.where(size > 0, weeks - oldest, 0),
    }


def combine(lists: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Add up the priorities' measures (the longest wait is the longest of any)."""
    combined = {name: np.asarray(sum(waits[name] for waits in lists)) for name in lists[0]}
    combined["LongestWaitWeeks"] = np.max([waits["LongestWaitWeeks"] for waits in lists], axis=0)
    return combined


def make_waiting_list(seed: int = params.DEFAULT_SEED) -> pd.DataFrame:
    """Make the weekly elective (inpatient and day case) waiting list by specialty.

    Patients join (``Additions``) as urgent or routine and leave (``Removals``, mostly
    treated) as capacity allows: urgent patients first, then routine patients in order of
    referral. When capacity falls short of demand, as it did from 2020, the routine list
    grows and its longest waits grow with it. Capacity and referrals change smoothly
    between dated anchors, so removals never fall off a cliff in one week.

    Parameters
    ----------
    seed
        The seed of the whole set of tables.

    Returns
    -------
    pandas.DataFrame
        Columns ``WeekEnding``, ``Specialty``, ``Additions``, ``Removals``, ``ListSize``,
        ``WaitingOver12Weeks``, ``WaitingOver52Weeks``, ``LongestWaitWeeks``.
    """
    rng = stream(seed, "waiting_list")
    weeks = week_endings()
    demand = weekly_demand(weeks)
    additions = rng.poisson(demand)
    shares = np.array(params.PRIORITY_SHARES)
    added = np.moveaxis(rng.multinomial(additions, shares / shares.sum()), -1, 0)
    capacity = rng.poisson(weekly_capacity(weeks))
    base = np.array(list(params.WAITING_LIST_SPECIALTIES.values()))
    start_weeks = np.array(params.PRIORITY_START_WEEKS)
    starts = np.rint(shares[:, None] * start_weeks[:, None] * base[None, :]).astype(np.int64)
    removed = treat_in_priority_order(added, capacity, starts)
    per_specialty = [
        combine(
            [
                waits_on_list(
                    added[p, :, k], removed[p, :, k], int(starts[p, k]), int(start_weeks[p])
                )
                for p in range(len(shares))  # three priorities
            ]
        )
        for k in range(additions.shape[1])  # three specialties, not rows
    ]
    measures = {
        name: np.stack([waits[name] for waits in per_specialty], axis=1)
        for name in per_specialty[0]
    }
    return to_rows(
        {"Additions": additions, "Removals": removed.sum(axis=0), **measures},
        {
            "WeekEnding": weeks.astype(str),
            "Specialty": np.array(list(params.WAITING_LIST_SPECIALTIES)),
        },
    )
