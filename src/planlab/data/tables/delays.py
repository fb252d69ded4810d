"""The delayed discharge table.

Lochanvale Health and Social Care Partnership is fictional; these tables are synthetic.
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
)


def delayed_beds_per_100k(month_values: np.ndarray) -> np.ndarray:
    """Interpolate the delayed-bed level (per 100,000 people) between its anchor months."""
    anchor_months = np.array(list(params.DELAYED_BEDS_PER_100K_ANCHORS), dtype="datetime64[M]")
    anchor_levels = np.array(list(params.DELAYED_BEDS_PER_100K_ANCHORS.values()))
    return np.interp(month_values.astype(int), anchor_months.astype(int), anchor_levels)


def persistent_noise(rng: np.random.Generator, steps: int, series: int) -> np.ndarray:
    """Return AR(1) noise [step, series] with ``DELAY_PERSISTENCE`` and ``DELAY_NOISE_SD``.

    Built as a matrix product (x = L e, with L[t, s] = phi ** (t - s) for s <= t), so no
    loop over time is needed.
    """
    lags = np.arange(steps)[:, None] - np.arange(steps)[None, :]
    weights = np.where(lags >= 0, params.DELAY_PERSISTENCE ** np.clip(lags, 0, None), 0.0)
    innovations = rng.normal(0.0, params.DELAY_NOISE_SD, size=(steps, series))
    return weights @ innovations


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
    population = np.array([loc.population for loc in params.LOCALITIES]) / 100_000
    place = np.array([loc.delay_factor for loc in params.LOCALITIES])
    level = delayed_beds_per_100k(month_values)[:, None] * population * place
    level = level * np.exp(persistent_noise(rng, len(month_values), len(params.LOCALITIES)))
    split = np.array(params.DELAY_AGE_SHARE)[:, None] * np.array(params.DELAY_REASON_SHARE)[None, :]
    expected = (level * days[:, None])[:, :, None, None] * split[None, None, :, :]
    bed_days = np.rint(rng.gamma(expected / params.DELAY_RUN_DAYS, params.DELAY_RUN_DAYS)).astype(
        np.int64
    )
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
