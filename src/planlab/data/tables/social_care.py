"""Social care tables: care homes, their occupancy, and care at home.

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
from planlab.data.tables.delays import capacity_effect
from planlab.data.tables.dynamics import care_capacity
from planlab.data.tables.population import (
    band_population,
)

__all__ = [
    "adult_population",
    "capacity_by_year",
    "care_at_home_simd_factor",
    "care_home_places",
    "care_home_stock",
    "care_years",
    "expected_clients",
    "expected_hours_per_client",
    "expected_residents",
    "make_care_at_home",
    "make_care_home_occupancy",
    "make_care_homes",
]


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
    band_pop = band_population(years_from_base(januaries)).sum(axis=2)  # [year, loc, band]
    bands = np.arange(len(params.AGE_BANDS))
    is_65 = bands >= params.AGE_BANDS.index("65-69")
    working = np.where((bands >= params.AGE_BANDS.index("20-24")) & ~is_65, 1.0, 0.0)
    working[params.AGE_BANDS.index("15-19")] = 0.4  # 18 and 19 year olds: two fifths of the band
    ages = np.stack([working, is_65.astype(float)])
    return np.einsum("ylb,ab->yla", band_pop, ages)


def capacity_by_year(seed: int, januaries: np.ndarray) -> np.ndarray:
    """Return care at home capacity averaged over each financial year [year, locality]."""
    first = januaries[0] - 9  # April before the first January
    month_values = first + np.arange(12 * len(januaries))
    capacity = care_capacity(seed, month_values)
    return capacity.reshape(len(januaries), 12, -1).mean(axis=1)


def make_care_at_home(seed: int = params.DEFAULT_SEED) -> pd.DataFrame:
    """Make yearly care at home clients, hours, waiting and cost by locality and age group.

    Need comes from the population, deprivation and trend; how much of it is met depends
    on the locality's care at home capacity that year, the same capacity that drives
    delayed discharges. Less capacity means fewer clients, fewer hours each and more
    people waiting.

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
    expected = expected_clients(seed, januaries)
    capacity = capacity_by_year(seed, januaries)[:, :, None]
    clients = rng.poisson(expected)  # a stock of people: little noise beyond chance
    hours = (
        clients
        * params.CARE_AT_HOME_HOURS_PER_CLIENT
        * np.sqrt(capacity)
        * rng.gamma(2000.0, 1 / 2000.0, clients.shape)
    )
    pressure = np.array(params.WAITING_PRESSURE_BY_YEAR)[:, None, None]
    waiting_rate = (
        params.WAITING_FOR_CARE_PER_1000_CLIENTS / 1000 * pressure
        * capacity_effect(capacity, params.WAITING_CAPACITY_ELASTICITY)
    )  # fmt: skip
    hourly = np.broadcast_to(
        np.array(params.HOME_CARE_HOURLY_RATE_GBP)[:, None, None], clients.shape
    )
    return to_rows(
        {
            "CareAtHomeClients": clients,
            "CareAtHomeHours": np.rint(hours).astype(np.int64),
            "PeopleWaitingForCareAtHome": noisy_counts(
                rng, clients * waiting_rate, params.CELL_NOISE_SHAPE
            ),
            "HourlyRateGBP": hourly,
        },
        {
            "FinancialYear": labels,
            "LocalityCode": LOCALITY_CODES,
            "AgeGroup": np.array(list(params.CARE_AT_HOME_CLIENTS_PER_1000)),
        },
    )


def expected_clients(seed: int, januaries: np.ndarray) -> np.ndarray:
    """Return expected care at home clients [year, locality, age group] in each financial year.

    The people sample uses the same expectation for 2024/25.
    """
    pop = adult_population(januaries)
    simd = np.array([loc.simd_mix for loc in params.LOCALITIES]) @ care_at_home_simd_factor()
    trend = (1 + params.CARE_AT_HOME_TREND) ** (np.arange(len(januaries)) - (len(januaries) - 1))
    rate = np.array(list(params.CARE_AT_HOME_CLIENTS_PER_1000.values())) / 1000
    capacity = capacity_by_year(seed, januaries)[:, :, None]
    return pop * rate * simd[None, :, None] * trend[:, None, None] * np.sqrt(capacity)


def expected_hours_per_client(seed: int, januaries: np.ndarray) -> np.ndarray:
    """Return expected care at home hours per client [year, locality]."""
    return params.CARE_AT_HOME_HOURS_PER_CLIENT * np.sqrt(capacity_by_year(seed, januaries))


def care_home_stock(rng: np.random.Generator, target: np.ndarray, places: np.ndarray) -> np.ndarray:
    """Follow long-stay residents [year, locality] from year to year as a stock.

    Each year some residents leave (most die) and new ones arrive; arrivals replace the
    leavers of a partnership at its usual level (``target``), so the stock moves slowly,
    and more leave in the first pandemic year. Nobody arrives beyond the places.
    """
    residents = np.empty(target.shape, dtype=np.int64)
    current = rng.poisson(target[0])
    pandemic = care_years()[0] == "2020/21"
    for year in range(target.shape[0]):  # ten years
        leaving = params.CARE_HOME_EXIT_RATE * (1.25 if pandemic[year] else 1.0)
        if year > 0:
            arrivals = rng.poisson(params.CARE_HOME_EXIT_RATE * target[year])
            current = current - rng.binomial(current, leaving) + arrivals
        current = np.minimum(current, places[year])
        residents[year] = current
    return residents


def care_home_places(rng: np.random.Generator, older: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return care homes and places [year, locality] as homes close and new ones open.

    Each year every home may close, and new (larger) homes open now and then, more often
    where places have fallen short of need, so the estate drifts towards fewer, larger
    homes as in PHS's care home census.
    """
    homes_now = np.maximum(np.rint(older[0] * params.CARE_HOMES_PER_1000_65PLUS / 1000), 1)
    homes_now = homes_now.astype(np.int64)
    usual_places = params.CARE_HOMES_PER_1000_65PLUS / 1000 * params.PLACES_PER_CARE_HOME
    places_now = np.rint(
        homes_now * params.PLACES_PER_CARE_HOME * rng.uniform(0.95, 1.05, homes_now.shape)
    ).astype(np.int64)
    homes, places = [homes_now], [places_now]
    for year in range(1, older.shape[0]):  # ten years
        closing = rng.binomial(homes_now, params.CARE_HOME_CLOSURE_CHANCE)
        short = np.maximum(older[year] * usual_places - places_now, 0)  # providers fill gaps
        opening = rng.poisson(
            homes_now * params.CARE_HOME_OPENINGS_PER_1000 / 1000
            + short / params.PLACES_PER_NEW_CARE_HOME / 2
        )
        size = places_now / np.maximum(homes_now, 1)
        places_now = np.rint(
            places_now - closing * size + opening * params.PLACES_PER_NEW_CARE_HOME
        ).astype(np.int64)
        homes_now = homes_now - closing + opening
        homes.append(homes_now)
        places.append(places_now)
    return np.stack(homes), np.stack(places)


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
    homes, places = care_home_places(rng, older)
    residents = care_home_stock(rng, expected_residents(older), places)
    rates = np.array(params.NCHC_WEEKLY_RATE_GBP)
    return to_rows(
        {
            "CareHomes": homes,
            "Places": places,
            "LongStayResidents65Plus": residents,
            "WeeklyRateNursingGBP": np.broadcast_to(rates[:, :1], homes.shape),
            "WeeklyRateResidentialGBP": np.broadcast_to(rates[:, 1:], homes.shape),
        },
        {"FinancialYear": labels, "LocalityCode": LOCALITY_CODES},
    )


def make_care_home_occupancy(
    care_homes: pd.DataFrame, seed: int = params.DEFAULT_SEED
) -> pd.DataFrame:
    """Make every resident of the care homes at each census day, and occupancy, by locality.

    ``care_homes`` counts only long-stay residents aged 65+; occupancy needs everyone in a
    place (short stays, respite and younger adults too). Those other residents fill a share
    of the places long-stay residents leave free: the share that gives the partnership
    each year's published occupancy, varied by locality. So residents are never fewer than
    the long-stay residents nor more than the places, and a locality whose long-stay
    residents already fill its homes is full.

    Parameters
    ----------
    care_homes
        The care homes table, whose places and long-stay residents these residents fit.
    seed
        The seed of the whole set of tables.

    Returns
    -------
    pandas.DataFrame
        Columns ``FinancialYear``, ``LocalityCode``, ``Residents`` (at 31 March) and
        ``OccupancyRate`` (residents over places, to three decimal places).
    """
    rng = stream(seed, "care_home_occupancy")
    shape = (len(params.CARE_HOME_OCCUPANCY_BY_YEAR), len(LOCALITY_CODES))
    places = care_homes["Places"].to_numpy().reshape(shape)  # [year, locality]
    long_stay = care_homes["LongStayResidents65Plus"].to_numpy().reshape(shape)
    free = places - long_stay
    wanted = np.array(params.CARE_HOME_OCCUPANCY_BY_YEAR) * places.sum(axis=1)
    filled = (wanted - long_stay.sum(axis=1)) / free.sum(axis=1)  # share of free places
    share = np.clip(filled[:, None] + rng.normal(0, params.CARE_HOME_OCCUPANCY_SD, shape), 0.0, 1.0)
    residents = (long_stay + np.rint(free * share)).astype(np.int64)
    return pd.DataFrame(
        {
            "FinancialYear": care_homes["FinancialYear"].to_numpy(),
            "LocalityCode": care_homes["LocalityCode"].to_numpy(),
            "Residents": residents.ravel(),
            "OccupancyRate": np.round(residents / places, 3).ravel(),
        }
    )


def expected_residents(older: np.ndarray) -> np.ndarray:
    """Return the usual number of long-stay residents [year, locality] from people aged 65+."""
    pandemic = np.array(params.CARE_HOME_PANDEMIC_BY_YEAR)[:, None]
    return older * params.CARE_HOME_RESIDENTS_PER_1000_65PLUS / 1000 * pandemic
