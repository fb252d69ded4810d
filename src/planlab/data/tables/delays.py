"""The delayed discharge table.

Lochanvale Health and Social Care Partnership is fictional; these tables are synthetic.
Delays follow Scotland's national path, scaled to each locality's older people, and rise
when care at home is short (:func:`~planlab.data.tables.dynamics.care_capacity`): fewer
care at home hours and more people waiting for care mean more people stuck in hospital
(Allan et al., BMC Health Serv Res 2021;21:1297). Each locality's level also wanders with
month-to-month persistence, as real boards' do.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planlab.data import parameters as params
from planlab.data.tables.common import (
    LOCALITY_CODES,
    days_in_months,
    month_codes,
    months,
    stream,
    to_rows,
    years_from_base,
)
from planlab.data.tables.dynamics import ar1, care_capacity
from planlab.data.tables.population import band_population

__all__ = ["capacity_effect", "make_delayed_discharges"]

FIRST_OLDER_BAND = params.AGE_BANDS.index("65-69")


def delayed_beds_per_100k(month_values: np.ndarray) -> np.ndarray:
    """Interpolate the delayed-bed level (per 100,000 people) between its anchor months."""
    anchor_months = np.array(list(params.DELAYED_BEDS_PER_100K_ANCHORS), dtype="datetime64[M]")
    anchor_levels = np.array(list(params.DELAYED_BEDS_PER_100K_ANCHORS.values()))
    return np.interp(month_values.astype(int), anchor_months.astype(int), anchor_levels)


def capacity_effect(capacity: np.ndarray, elasticity: float) -> np.ndarray:
    """Return how much a shortfall of care at home raises a measure [..., locality].

    ``capacity ** -elasticity``, divided by its value at each locality's usual capacity
    averaged over the partnership (weighted by people), so the partnership's level stays
    calibrated while localities with less capacity have more delays.
    """
    usual = np.array(params.CARE_CAPACITY_BY_LOCALITY)
    weights = np.array([loc.population for loc in params.LOCALITIES], dtype=float)
    average = np.sum(weights * usual**-elasticity) / weights.sum()
    return capacity**-elasticity / average


def older_people(month_values: np.ndarray) -> np.ndarray:
    """Return people aged 65+ [month, locality]."""
    bands = band_population(years_from_base(month_values)).sum(axis=2)
    return bands[:, :, FIRST_OLDER_BAND:].sum(axis=-1)


def delay_level(seed: int, month_values: np.ndarray) -> np.ndarray:
    """Return expected delayed beds a day [month, locality].

    Scotland's rate per 100,000 people, applied to each locality's people aged 65+ as if
    they were Scotland's 20.3% share, times the locality's factor, the care at home
    capacity effect and a persistent level (shared and local AR(1)).
    """
    rng = stream(seed, "delay_level")
    per_older = delayed_beds_per_100k(month_values) / 100_000 / params.SCOTLAND_SHARE_65_PLUS
    place = np.array([loc.delay_factor for loc in params.LOCALITIES])
    capacity = capacity_effect(care_capacity(seed, month_values), params.DELAY_CAPACITY_ELASTICITY)
    shared = ar1(
        rng, len(month_values), 1, params.DELAY_LOCALITY_PERSISTENCE, params.DELAY_COMMON_SD
    )
    local = ar1(
        rng, len(month_values), len(LOCALITY_CODES), params.DELAY_LOCALITY_PERSISTENCE,
        params.DELAY_LOCALITY_SD,
    )  # fmt: skip
    return (
        per_older[:, None] * older_people(month_values) * place * capacity * np.exp(shared + local)
    )


def make_delayed_discharges(seed: int = params.DEFAULT_SEED) -> pd.DataFrame:
    """Make monthly delayed discharge bed days by locality, age group and reason.

    Parameters
    ----------
    seed
        The seed of the whole set of tables.

    Returns
    -------
    pandas.DataFrame
        Columns ``MonthOfDelay`` (``YYYYMM``), ``LocalityCode``, ``AgeGroup``,
        ``ReasonForDelay``, ``NumberOfDelayedBedDays``,
        ``AverageDailyNumberOfDelayedBeds``, as PHS publishes them.
    """
    rng = stream(seed, "delayed_discharges")
    month_values = months(params.FIRST_DELAY_MONTH, params.LAST_MONTH)
    days = days_in_months(month_values)
    level = delay_level(seed, month_values)
    split = np.array(params.DELAY_AGE_SHARE)[:, None] * np.array(params.DELAY_REASON_SHARE)[None, :]
    expected = (level * days[:, None])[:, :, None, None] * split[None, None, :, :]
    scale = params.DELAY_RUN_SCALE_DAYS
    bed_days = np.rint(rng.gamma(expected / scale, scale)).astype(np.int64)
    daily = np.rint(bed_days / days[:, None, None, None]).astype(np.int64)
    return to_rows(
        {"NumberOfDelayedBedDays": bed_days, "AverageDailyNumberOfDelayedBeds": daily},
        {
            "MonthOfDelay": month_codes(month_values),
            "LocalityCode": LOCALITY_CODES,
            "AgeGroup": np.array(params.DELAY_AGE_GROUPS),
            "ReasonForDelay": np.array(params.DELAY_REASONS),
        },
    )
