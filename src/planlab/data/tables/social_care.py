"""Social care tables: care homes and care at home.

Lochanvale Health and Social Care Partnership is fictional; these tables are synthetic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planlab.data import parameters as params
from planlab.data.tables.common import (
    LOCALITY_CODES,
    financial_year_labels,
    noisy_counts,
    stream,
    to_rows,
    years_from_base,
)
from planlab.data.tables.population import (
    broad_growth_by_band,
    population_array,
)


def care_at_home_simd_factor() -> np.ndarray:
    """Return the relative use of care at home by SIMD quintile.

    Interpolated linearly between the published shares of clients in quintile 1 and 5
    (as a ratio to the 20% each quintile would have with no gradient).
    """
    first, last = params.CARE_AT_HOME_SIMD_SHARE_PUBLISHED
    return np.linspace(first, last, 5) / 0.2


def care_years() -> tuple[np.ndarray, np.ndarray]:
    """Return the financial year labels of the social care tables and each year's January."""
    count = len(params.HOME_CARE_HOURLY_RATE_GBP)
    januaries = np.array(
        [np.datetime64(f"{params.FIRST_CARE_YEAR + offset + 1}-01", "M") for offset in range(count)]
    )
    return np.array(financial_year_labels(params.FIRST_CARE_YEAR, count)), januaries


def adult_population(januaries: np.ndarray) -> np.ndarray:
    """Return people aged 18-64 and 65+ [year, locality, age group] in each January."""
    band_pop = population_array().sum(axis=(1, 2))  # [locality, band]
    growth = (1 + broad_growth_by_band())[None, :] ** years_from_base(januaries)[:, None]
    bands = np.arange(len(params.AGE_BANDS))
    is_65 = bands >= params.AGE_BANDS.index("65-69")
    working = np.where((bands >= params.AGE_BANDS.index("20-24")) & ~is_65, 1.0, 0.0)
    working[params.AGE_BANDS.index("15-19")] = 0.4  # 18 and 19 year olds: two fifths of the band
    ages = np.stack([working, is_65.astype(float)])
    return np.einsum("lb,yb,ab->yla", band_pop, growth, ages)


def make_care_at_home(seed: int = params.DEFAULT_SEED) -> pd.DataFrame:
    """Make yearly care at home clients, hours, waiting and cost by locality and age group.

    Parameters
    ----------
    seed
        The seed of the whole set of tables.

    Returns
    -------
    pandas.DataFrame
        Columns ``FinancialYear``, ``LocalityCode``, ``AgeGroup`` (``18-64``, ``65plus``),
        ``CareAtHomeClients``, ``CareAtHomeHours``, ``PeopleWaitingForCareAtHome``,
        ``HourlyRateGBP``.
    """
    rng = stream(seed, "care_at_home")
    labels, januaries = care_years()
    pop = adult_population(januaries)
    simd = np.array([loc.simd_mix for loc in params.LOCALITIES]) @ care_at_home_simd_factor()
    place = np.array([loc.delay_factor for loc in params.LOCALITIES])
    trend = (1 + params.CARE_AT_HOME_TREND) ** (np.arange(len(labels)) - (len(labels) - 1))
    rate = np.array(list(params.CARE_AT_HOME_CLIENTS_PER_1000.values())) / 1000
    expected = pop * rate * simd[None, :, None] * trend[:, None, None]
    clients = noisy_counts(rng, expected, params.COUNT_NOISE_SHAPE)
    hours = (
        clients
        * params.CARE_AT_HOME_HOURS_PER_CLIENT
        * rng.gamma(2000.0, 1 / 2000.0, clients.shape)
    )
    pressure = np.array(params.WAITING_PRESSURE_BY_YEAR)[:, None, None]
    waiting_rate = params.WAITING_FOR_CARE_PER_1000_CLIENTS / 1000 * place[None, :, None] * pressure
    hourly = np.broadcast_to(
        np.array(params.HOME_CARE_HOURLY_RATE_GBP)[:, None, None], clients.shape
    )
    return to_rows(
        {
            "CareAtHomeClients": clients,
            "CareAtHomeHours": np.rint(hours).astype(np.int64),
            "PeopleWaitingForCareAtHome": noisy_counts(
                rng, clients * waiting_rate, params.COUNT_NOISE_SHAPE
            ),
            "HourlyRateGBP": hourly,
        },
        {
            "FinancialYear": labels,
            "LocalityCode": LOCALITY_CODES,
            "AgeGroup": np.array(list(params.CARE_AT_HOME_CLIENTS_PER_1000)),
        },
    )


def make_care_homes(seed: int = params.DEFAULT_SEED) -> pd.DataFrame:
    """Make yearly care homes, places, long-stay residents and weekly rates by locality.

    Parameters
    ----------
    seed
        The seed of the whole set of tables.

    Returns
    -------
    pandas.DataFrame
        Columns ``FinancialYear``, ``LocalityCode``, ``CareHomes``, ``Places``,
        ``LongStayResidents65Plus`` (at 31 March), ``WeeklyRateNursingGBP``,
        ``WeeklyRateResidentialGBP`` (National Care Home Contract).
    """
    rng = stream(seed, "care_homes")
    labels, januaries = care_years()
    older = adult_population(januaries)[:, :, 1]  # [year, locality]
    homes = np.maximum(np.rint(older[0] * params.CARE_HOMES_PER_1000_65PLUS / 1000), 1)
    homes = np.broadcast_to(homes, older.shape).astype(np.int64)
    places = np.rint(
        homes * params.PLACES_PER_CARE_HOME * rng.uniform(0.95, 1.05, homes.shape[1])
    ).astype(np.int64)
    pandemic = np.array(params.CARE_HOME_PANDEMIC_BY_YEAR)[:, None]
    residents = noisy_counts(
        rng,
        older * params.CARE_HOME_RESIDENTS_PER_1000_65PLUS / 1000 * pandemic,
        params.COUNT_NOISE_SHAPE,
    )
    rates = np.array(params.NCHC_WEEKLY_RATE_GBP)
    return to_rows(
        {
            "CareHomes": homes,
            "Places": places,
            "LongStayResidents65Plus": np.minimum(residents, places),
            "WeeklyRateNursingGBP": np.broadcast_to(rates[:, :1], homes.shape),
            "WeeklyRateResidentialGBP": np.broadcast_to(rates[:, 1:], homes.shape),
        },
        {"FinancialYear": labels, "LocalityCode": LOCALITY_CODES},
    )
