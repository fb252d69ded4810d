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


def week_endings() -> np.ndarray:
    """Return the Sundays that end each week from April 2015 to March 2025."""
    first = np.datetime64(params.FIRST_MONTH + "-01", "D")
    last = (np.datetime64(params.LAST_MONTH, "M") + 1).astype("datetime64[D]") - 1
    first_sunday = first + (6 - (first.astype(int) + 3) % 7)
    return np.arange(first_sunday, last + 1, 7)


def weekly_demand(weeks: np.ndarray) -> np.ndarray:
    """Return expected additions a week [week, specialty]: growth, Christmas and the pandemic."""
    base = np.array(list(params.WAITING_LIST_SPECIALTIES.values()))
    years = (weeks - weeks[0]).astype(int) / 365.25
    pandemic = (weeks >= np.datetime64("2020-04-01")) & (weeks < np.datetime64("2021-04-01"))
    christmas = (weeks.astype("datetime64[M]").astype(int) % 12 == 11) & (
        (weeks - weeks.astype("datetime64[M]")).astype(int) >= 24
    )
    factor = (1 + params.WAITING_LIST_DEMAND_GROWTH) ** years
    factor = (
        factor
        * np.where(pandemic, params.ADDITIONS_SHARE_PANDEMIC, 1.0)
        * np.where(christmas, 0.6, 1.0)
    )
    return factor[:, None] * base[None, :]


def removals_share(weeks: np.ndarray) -> np.ndarray:
    """Return removals as a share of usual demand in each week (capacity against demand)."""
    before = weeks < np.datetime64("2020-04-01")
    during = ~before & (weeks < np.datetime64("2021-04-01"))
    return np.select(
        [before, during],
        [params.REMOVALS_SHARE_BEFORE, params.REMOVALS_SHARE_PANDEMIC],
        params.REMOVALS_SHARE_AFTER,
    )


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


def make_waiting_list(seed: int = params.DEFAULT_SEED) -> pd.DataFrame:
    """Make the weekly elective (inpatient and day case) waiting list by specialty.

    Patients join (``Additions``) and leave (``Removals``, mostly treated); the list is
    what is left. Waits assume patients are treated in order of referral, a
    simplification that gives the longest possible wait a lower bound.

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
    removals = rng.poisson(demand * removals_share(weeks)[:, None])
    starts = np.rint(
        np.array(list(params.WAITING_LIST_SPECIALTIES.values())) * params.WAITING_LIST_START_WEEKS
    ).astype(int)
    start_weeks = int(params.WAITING_LIST_START_WEEKS)
    per_specialty = [
        waits_on_list(additions[:, column], removals[:, column], int(starts[column]), start_weeks)
        for column in range(additions.shape[1])  # three specialties, not rows
    ]
    measures = {
        name: np.stack([waits[name] for waits in per_specialty], axis=1)
        for name in per_specialty[0]
    }
    return to_rows(
        {"Additions": additions, "Removals": removals, **measures},
        {
            "WeekEnding": weeks.astype(str),
            "Specialty": np.array(list(params.WAITING_LIST_SPECIALTIES)),
        },
    )
