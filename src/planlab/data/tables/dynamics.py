"""Hidden processes shared by several tables: persistent levels, capacity and special causes.

Lochanvale Health and Social Care Partnership is fictional; these processes are synthetic.
Real series wander: a month that is busy tends to be followed by another, a locality has
its own run of good and bad months, and now and then something happens (a bad winter, a
new service, a provider that hands back its contract). Each process here is drawn from
its own random stream, named after it, so every table that uses it sees the same draw:
the admissions table and the people sample share one admission level, and delayed
discharges and care at home share one care capacity.
"""

from __future__ import annotations

import numpy as np

from planlab.data import parameters as params
from planlab.data.tables.common import LOCALITY_CODES, months, stream

__all__ = [
    "admission_level",
    "ae_level",
    "ar1",
    "care_capacity",
    "locality_index",
    "month_position",
    "special_admission_factor",
]


def ar1(
    rng: np.random.Generator, steps: int, series: int, persistence: float, sd: float
) -> np.ndarray:
    """Return stationary AR(1) noise [step, series]: x[t] = persistence * x[t-1] + e[t].

    Built as a matrix product (x = L e, with L[t, s] = persistence ** (t - s) for s <= t),
    so no loop over time is needed. The first step is drawn from the stationary spread.

    Parameters
    ----------
    rng
        The process's random stream.
    steps, series
        Number of time steps and of independent series.
    persistence
        The AR(1) coefficient, from 0 (white noise) to below 1.
    sd
        Standard deviation of each step's innovation ``e``.

    Returns
    -------
    numpy.ndarray
        Noise with mean 0 and standard deviation ``sd / sqrt(1 - persistence ** 2)``.
    """
    lags = np.arange(steps)[:, None] - np.arange(steps)[None, :]
    weights = np.where(lags >= 0, persistence ** np.clip(lags, 0, None), 0.0)
    innovations = rng.normal(0.0, sd, size=(steps, series))
    innovations[0] /= np.sqrt(1 - persistence**2)
    return weights @ innovations


def month_position(month_values: np.ndarray, month: str) -> np.ndarray:
    """Return how many months after ``month`` (``YYYY-MM``) each month is (negative before)."""
    return (month_values - np.datetime64(month, "M")).astype(int)


def locality_index(code: str) -> int:
    """Return the position of a locality code in the localities table."""
    return int(np.flatnonzero(code == LOCALITY_CODES)[0])


def all_months() -> np.ndarray:
    """Return every month of the activity tables, April 2015 to March 2025."""
    return months(params.FIRST_MONTH, params.LAST_MONTH)


def admission_level(seed: int, month_values: np.ndarray) -> np.ndarray:
    """Return the persistent emergency admission level [month, locality], log scale.

    A level shared by the whole partnership plus one for each locality, both AR(1).

    Parameters
    ----------
    seed
        The seed of the whole set of tables.
    month_values
        Months within April 2015 to March 2025, as ``datetime64[M]``.
    """
    rng = stream(seed, "admission_level")
    every = all_months()
    common = ar1(rng, len(every), 1, params.ADMISSION_LEVEL_PERSISTENCE, params.ADMISSION_COMMON_SD)
    local = ar1(
        rng, len(every), len(LOCALITY_CODES), params.ADMISSION_LEVEL_PERSISTENCE,
        params.ADMISSION_LOCALITY_SD,
    )  # fmt: skip
    return (common + local)[month_position(month_values, params.FIRST_MONTH)]


def ae_level(seed: int, month_values: np.ndarray) -> np.ndarray:
    """Return the persistent A&E attendance level for each month, log scale."""
    rng = stream(seed, "ae_level")
    every = all_months()
    level = ar1(rng, len(every), 1, params.AE_LEVEL_PERSISTENCE, params.AE_LEVEL_SD)[:, 0]
    return level[month_position(month_values, params.FIRST_MONTH)]


def special_admission_factor(month_values: np.ndarray, older: np.ndarray) -> np.ndarray:
    """Return the special causes' effect on emergency admissions [month, locality, age group].

    The bad winter of 2017/18 (twice as strong for people aged 75+), and the frailty unit
    that opens in one locality in October 2018 (people aged 75+ only) and closes for the
    winter of 2022/23. The data-quality
    month is applied to the recorded table only, by the table's maker.

    Parameters
    ----------
    month_values
        Months, as ``datetime64[M]``.
    older
        True for each age group aged 75 or over.
    """
    winter = (
        np.array([params.BAD_WINTER_MONTHS.get(str(month), 0.0) for month in month_values])
        * params.BAD_WINTER_EXTRA
    )
    by_age = 1 + winter[:, None, None] * np.where(older, 2.0, 1.0)[None, None, :]
    ramp = np.clip((month_position(month_values, params.SERVICE_CHANGE_START) + 1) / 3, 0, 1)
    suspended = np.isin(month_values.astype(str), params.SERVICE_SUSPENDED_MONTHS)
    ramp = np.where(suspended, -params.SERVICE_SUSPENDED_EXTRA / params.SERVICE_CHANGE_EFFECT, ramp)
    service = np.ones((len(month_values), len(LOCALITY_CODES), len(older)))
    place = locality_index(params.SERVICE_CHANGE_LOCALITY)
    service[:, place, older] = 1 - params.SERVICE_CHANGE_EFFECT * ramp[:, None]
    return by_age * service


def care_capacity(seed: int, month_values: np.ndarray) -> np.ndarray:
    """Return care at home capacity relative to need [month, locality] (1 is usual).

    Each locality's usual capacity, a slow AR(1) wander, and the provider that hands back
    its contract in one locality and is replaced over the months after.

    Parameters
    ----------
    seed
        The seed of the whole set of tables.
    month_values
        Months from July 2016 (delayed discharges) or April 2015, as ``datetime64[M]``.
    """
    rng = stream(seed, "care_capacity")
    every = all_months()
    wander = ar1(
        rng, len(every), len(LOCALITY_CODES), params.CARE_CAPACITY_PERSISTENCE,
        params.CARE_CAPACITY_SD,
    )[month_position(month_values, params.FIRST_MONTH)]  # fmt: skip
    since = month_position(month_values, params.PROVIDER_EXIT_START)
    recovered = np.clip(since / params.PROVIDER_EXIT_RECOVERY_MONTHS, 0, 1)
    drop = np.where(since >= 0, params.PROVIDER_EXIT_DROP * (1 - recovered), 0.0)
    exit_effect = np.ones((len(month_values), len(LOCALITY_CODES)))
    exit_effect[:, locality_index(params.PROVIDER_EXIT_LOCALITY)] = 1 - drop
    usual = np.array(params.CARE_CAPACITY_BY_LOCALITY)[None, :]
    return usual * np.exp(wander) * exit_effect
