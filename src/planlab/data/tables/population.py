"""Population tables: localities, mid-year population and projections.

Lochanvale Health and Social Care Partnership is fictional; these tables are synthetic.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from planlab.data import parameters as params
from planlab.data.tables.common import (
    LOCALITY_CODES,
    SEXES,
    SIMD_QUINTILES,
    round_keeping_total,
    to_rows,
    years_from_base,
)

__all__ = [
    "age_band_midpoints",
    "band_population",
    "broad_population",
    "death_chance",
    "growth_factors",
    "locality_age_shares",
    "make_localities",
    "make_population",
    "make_population_projections",
    "migration_rate",
    "path_years",
    "population_array",
    "population_path",
    "simd_age_table",
    "simd_share_by_age",
    "step_back",
    "step_forward",
    "to_bands",
    "to_single_years",
]


def age_band_midpoints() -> np.ndarray:
    """Return the mid-age of each five-year band (92.5 for 90+)."""
    return np.arange(len(params.AGE_BANDS)) * 5 + 2.5


def locality_age_shares() -> np.ndarray:
    """Return each locality's share of people in each five-year band (rows sum to 1).

    Scotland's age profile is tilted older or younger by the locality's ``age_tilt``.
    """
    scotland = np.array(params.SCOTLAND_AGE_SHARE_PCT) / 100
    tilts = np.array([loc.age_tilt for loc in params.LOCALITIES])[:, None]
    weights = scotland * np.exp(tilts * (age_band_midpoints() - 40.0) / 40.0)
    return weights / weights.sum(axis=1, keepdims=True)


def simd_age_table(people: float, simd: np.ndarray, ages: np.ndarray) -> np.ndarray:
    """Return people [SIMD quintile, band] with given margins and younger deprived areas.

    Starts from ``SIMD_AGE_TILT`` (quintile 1 younger) and scales rows and columns in turn
    (iterative proportional fitting) until the SIMD shares and the age shares are exact.
    """
    tilt = np.array(params.SIMD_AGE_TILT)[:, None]
    table = np.exp(tilt * (age_band_midpoints() - 40.0) / 40.0)
    for _ in range(50):  # converges in a few rounds
        table *= (people * simd / table.sum(axis=1))[:, None]
        table *= (people * ages / table.sum(axis=0))[None, :]
    return table


def population_array() -> np.ndarray:
    """Return mid-year population as an array [locality, SIMD quintile, sex, age band]."""
    totals = np.array([loc.population for loc in params.LOCALITIES], dtype=float)
    simd = np.array([loc.simd_mix for loc in params.LOCALITIES])
    female = np.array(params.FEMALE_SHARE)
    sex_share = np.stack([female, 1 - female])
    ages = locality_age_shares()
    by_simd = np.stack(
        [simd_age_table(totals[k], simd[k], ages[k]) for k in range(len(totals))]
    )  # four localities
    exact = by_simd[:, :, None, :] * sex_share[None, None, :, :]
    flat = round_keeping_total(exact.reshape(len(totals), -1), axis=1)
    return flat.reshape(exact.shape)


@lru_cache(maxsize=1)
def simd_share_by_age() -> np.ndarray:
    """Return each quintile's share of a locality's people [locality, quintile, sex, band]."""
    base = population_array().astype(float)
    return base / np.maximum(base.sum(axis=1, keepdims=True), 1e-9)


SINGLE_AGES = 5 * (len(params.AGE_BANDS) - 1) + 1  # 0 to 89, then 90 and over
OLDEST_AGE_USED = 93.0  # the age at which the 90+ group's death rate is taken


def to_single_years(bands: np.ndarray) -> np.ndarray:
    """Split five-year bands [..., band] into single years of age [..., age].

    Within a band, numbers change smoothly with age (log-linear through the neighbouring
    bands), so 85-year-olds outnumber 89-year-olds, as in life tables.
    """
    density = np.maximum(bands / np.r_[np.full(len(params.AGE_BANDS) - 1, 5.0), 7.0], 1e-9)
    logs = np.log(density)
    padded = np.concatenate([logs[..., :1], logs, logs[..., -1:]], axis=-1)
    slope = (padded[..., 2:] - padded[..., :-2]) / 10  # per year of age
    offsets = np.arange(5) - 2.0
    weights = np.exp(slope[..., :-1, None] * offsets)
    weights /= weights.sum(axis=-1, keepdims=True)
    young = (bands[..., :-1, None] * weights).reshape(*bands.shape[:-1], -1)
    return np.concatenate([young, bands[..., -1:]], axis=-1)


def to_bands(ages: np.ndarray) -> np.ndarray:
    """Add single years of age [..., age] up into five-year bands [..., band]."""
    young = ages[..., :-1].reshape(*ages.shape[:-1], len(params.AGE_BANDS) - 1, 5).sum(axis=-1)
    return np.concatenate([young, ages[..., -1:]], axis=-1)


def death_chance(year: int) -> np.ndarray:
    """Return the chance of dying within the year to mid-``year`` [sex, age], female first."""
    ages = np.arange(SINGLE_AGES, dtype=float)
    ages[-1] = OLDEST_AGE_USED
    scale = np.array(params.MORTALITY_SCALE)[:, None]
    chance = params.MORTALITY_FLOOR + scale * np.exp(params.MORTALITY_SLOPE * ages)
    chance[:, 0] = params.INFANT_MORTALITY
    improvement = (1 - params.MORTALITY_IMPROVEMENT) ** (year - params.BASE_YEAR)
    return np.minimum(chance * improvement, 0.6)


def migration_rate() -> np.ndarray:
    """Return net migration a year as a share of the people of each age [locality, age]."""
    band_of_age = np.minimum(np.arange(SINGLE_AGES) // 5, len(params.AGE_BANDS) - 1)
    broad = np.array(params.BAND_TO_BROAD)[band_of_age]
    by_age = np.array(params.NET_MIGRATION_BY_AGE)[broad]
    return np.array(params.LOCALITY_MIGRATION)[:, None] * by_age[None, :]


def growth_factors(year: int, migration: float) -> np.ndarray:
    """Return survivors plus net migrants per person of each age [locality, sex, age]."""
    return 1 - death_chance(year)[None, :, :] + migration * migration_rate()[:, None, :]


def step_forward(people: np.ndarray, year: int, migration: float = 1.0) -> np.ndarray:
    """Age people [locality, sex, age] from mid-``year - 1`` by a year: deaths, births, moves."""
    survivors = people * growth_factors(year, migration)
    after = np.zeros_like(people)
    after[..., 1:-1] = survivors[..., :-2]
    after[..., -1] = survivors[..., -2] + survivors[..., -1]
    births = params.FERTILITY_RATE_15_44 * people[:, 0, 15:45].sum(axis=-1)
    infant_survival = 1 - death_chance(year)[:, 0] / 2  # babies are at risk for half a year
    after[:, 0, 0] = births * (1 - params.MALE_SHARE_OF_BIRTHS) * infant_survival[0]
    after[:, 1, 0] = births * params.MALE_SHARE_OF_BIRTHS * infant_survival[1]
    return after


def step_back(people: np.ndarray, year: int) -> np.ndarray:
    """Undo one year of ageing: people [locality, sex, age] at mid-``year`` to mid-``year - 1``.

    The two oldest groups (89 and 90+) both feed the 90+ group, so the 89-year-olds of the
    year before are taken to change as the 88-year-olds do.
    """
    factors = growth_factors(year, 1.0)
    before = np.empty_like(people)
    before[..., :-2] = people[..., 1:-1] / factors[..., :-2]
    before[..., -2] = before[..., -3] * people[..., -2] / np.maximum(people[..., -3], 1e-9)
    from_89 = before[..., -2] * factors[..., -2]
    before[..., -1] = np.maximum(people[..., -1] - from_89, 0) / factors[..., -1]
    return before


@lru_cache(maxsize=4)
def population_path(migration: float = 1.0) -> np.ndarray:
    """Return people [year, locality, sex, five-year band] from the first year to the last.

    A cohort-component model in single years of age: each year people age by a year, some
    die, babies are born and people move in and out. The base year is fixed; earlier years
    undo the model (back-projection), later years run it forward, with ``migration`` times
    the principal net migration.
    """
    base = to_single_years(population_array().sum(axis=1).astype(float))  # [loc, sex, age]
    past = [base]
    for year in range(params.BASE_YEAR, params.FIRST_POPULATION_YEAR, -1):
        past.insert(0, step_back(past[0], year))
    future = [base]
    for year in range(params.BASE_YEAR + 1, params.LAST_PROJECTION_YEAR + 1):
        future.append(step_forward(future[-1], year, migration))
    path = to_bands(np.stack(past[:-1] + future))
    path.setflags(write=False)
    return path


def path_years() -> np.ndarray:
    """Return the mid-years of :func:`population_path`."""
    return np.arange(params.FIRST_POPULATION_YEAR, params.LAST_PROJECTION_YEAR + 1)


def make_population() -> pd.DataFrame:
    """Make the mid-year population by year, locality, SIMD quintile, sex and five-year band.

    The base year is built from the parameters; earlier years come from a cohort-component
    model run backwards (:func:`population_path`), so people age through the bands.

    Returns
    -------
    pandas.DataFrame
        Columns ``Year``, ``LocalityCode``, ``SIMDQuintile``, ``Sex``, ``AgeGroup``,
        ``Population``, from ``FIRST_POPULATION_YEAR`` to ``BASE_YEAR``. Locality totals
        in the base year equal the parameters exactly.
    """
    years = np.arange(params.FIRST_POPULATION_YEAR, params.BASE_YEAR + 1)
    bands = population_path()[: len(years)]  # [year, loc, sex, band]
    exact = bands[:, :, None, :, :] * simd_share_by_age()[None]
    history = np.rint(exact).astype(np.int64)
    history[-1] = population_array()
    return to_rows(
        {"Population": history},
        {
            "Year": years,
            "LocalityCode": LOCALITY_CODES,
            "SIMDQuintile": SIMD_QUINTILES,
            "Sex": SEXES,
            "AgeGroup": np.array(params.AGE_BANDS),
        },
    )


def make_population_projections() -> pd.DataFrame:
    """Project the population by variant, year, locality, sex and five-year band.

    The cohort-component model of :func:`population_path` runs forward from the base year,
    with each variant's net migration. The projection is deterministic, as published
    projections are.

    Returns
    -------
    pandas.DataFrame
        Columns ``Variant``, ``Year``, ``LocalityCode``, ``Sex``, ``AgeGroup``,
        ``Population``, from ``BASE_YEAR`` to ``LAST_PROJECTION_YEAR``.
    """
    first = params.BASE_YEAR - params.FIRST_POPULATION_YEAR
    variants = np.array(list(params.MIGRATION_VARIANTS))
    projected = np.stack(
        [population_path(scale)[first:] for scale in params.MIGRATION_VARIANTS.values()]
    )
    return to_rows(
        {"Population": np.rint(projected).astype(np.int64)},
        {
            "Variant": variants,
            "Year": path_years()[first:],
            "LocalityCode": LOCALITY_CODES,
            "Sex": SEXES,
            "AgeGroup": np.array(params.AGE_BANDS),
        },
    )


def band_population(at_years: np.ndarray) -> np.ndarray:
    """Return people [time, locality, sex, band] at fractional mid-years, interpolated.

    Parameters
    ----------
    at_years
        Times as years from mid-``BASE_YEAR`` (as :func:`years_from_base` gives them).
    """
    path = population_path()
    position = np.clip(at_years + params.BASE_YEAR - params.FIRST_POPULATION_YEAR, 0, len(path) - 1)
    lower = np.minimum(np.floor(position).astype(int), len(path) - 2)
    weight = (position - lower)[:, None, None, None]
    return path[lower] * (1 - weight) + path[lower + 1] * weight


def broad_population(month_values: np.ndarray) -> np.ndarray:
    """Return the population [month, locality, broad age group, SIMD quintile] over time.

    Interpolated between mid-years of the cohort-component model, so earlier months have
    fewer older people, and cohorts move through the age groups.
    """
    bands = band_population(years_from_base(month_values))  # [month, loc, sex, band]
    by_simd = np.einsum("mlsb,lqsb->mlbq", bands, simd_share_by_age())
    to_broad = np.zeros((len(params.AGE_BANDS), len(params.BROAD_AGE_GROUPS)))
    to_broad[np.arange(len(params.AGE_BANDS)), list(params.BAND_TO_BROAD)] = 1
    return np.einsum("mlbq,bg->mlgq", by_simd, to_broad)


def make_localities(population: pd.DataFrame) -> pd.DataFrame:
    """Make the table of localities: codes, names, character and headline figures.

    Parameters
    ----------
    population
        The table from :func:`make_population`; the base year is used.

    Returns
    -------
    pandas.DataFrame
        Columns ``LocalityCode``, ``LocalityName``, ``Character``, ``PartnershipCode``,
        ``Population``, ``ShareAged65Plus``, ``ShareInSIMDQuintile1``.
    """
    population = population[population["Year"] == params.BASE_YEAR]
    older = population["AgeGroup"].isin(params.AGE_BANDS[params.AGE_BANDS.index("65-69") :])
    total = population.groupby("LocalityCode")["Population"].sum()
    aged = population[older].groupby("LocalityCode")["Population"].sum()
    deprived = (
        population[population["SIMDQuintile"] == 1].groupby("LocalityCode")["Population"].sum()
    )
    return pd.DataFrame(
        {
            "LocalityCode": LOCALITY_CODES,
            "LocalityName": [loc.name for loc in params.LOCALITIES],
            "Character": [loc.character for loc in params.LOCALITIES],
            "PartnershipCode": params.PARTNERSHIP_CODE,
            "Population": total[LOCALITY_CODES].to_numpy(),
            "ShareAged65Plus": (aged / total)[LOCALITY_CODES].round(3).to_numpy(),
            "ShareInSIMDQuintile1": (deprived / total)[LOCALITY_CODES].round(3).to_numpy(),
        }
    )
