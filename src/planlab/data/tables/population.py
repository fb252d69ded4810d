"""Population tables: localities, mid-year population and projections.

Lochanvale Health and Social Care Partnership is fictional; these tables are synthetic.
"""

from __future__ import annotations

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


def population_array() -> np.ndarray:
    """Return mid-year population as an array [locality, SIMD quintile, sex, age band]."""
    totals = np.array([loc.population for loc in params.LOCALITIES], dtype=float)
    simd = np.array([loc.simd_mix for loc in params.LOCALITIES])
    female = np.array(params.FEMALE_SHARE)
    sex_share = np.stack([female, 1 - female])
    exact = (
        totals[:, None, None, None]
        * simd[:, :, None, None]
        * sex_share[None, None, :, :]
        * locality_age_shares()[:, None, None, :]
    )
    flat = round_keeping_total(exact.reshape(len(totals), -1), axis=1)
    return flat.reshape(exact.shape)


def make_population() -> pd.DataFrame:
    """Make the mid-year population by year, locality, SIMD quintile, sex and five-year band.

    The base year is built from the parameters; earlier years carry it back with the
    principal projection's growth rates, so the older groups were smaller in the past.

    Returns
    -------
    pandas.DataFrame
        Columns ``Year``, ``LocalityCode``, ``SIMDQuintile``, ``Sex``, ``AgeGroup``,
        ``Population``, from ``FIRST_POPULATION_YEAR`` to ``BASE_YEAR``. Locality totals
        in the base year equal the parameters exactly.
    """
    years = np.arange(params.FIRST_POPULATION_YEAR, params.BASE_YEAR + 1)
    factor = (1 + broad_growth_by_band())[None, :] ** (years - params.BASE_YEAR)[:, None]
    base = population_array()
    history = np.rint(factor[:, None, None, None, :] * base[None]).astype(np.int64)
    history[-1] = base
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


def broad_growth_by_band() -> np.ndarray:
    """Return the principal projection's annual growth for each five-year band."""
    return np.array(params.PRINCIPAL_GROWTH)[list(params.BAND_TO_BROAD)]


def make_population_projections() -> pd.DataFrame:
    """Project the population by variant, year, locality, sex and five-year band.

    Each band grows at a constant annual rate (its broad group's rate plus the variant's
    adjustment). The projection is deterministic, as published projections are.

    Returns
    -------
    pandas.DataFrame
        Columns ``Variant``, ``Year``, ``LocalityCode``, ``Sex``, ``AgeGroup``,
        ``Population``, from ``BASE_YEAR`` to ``LAST_PROJECTION_YEAR``.
    """
    base = population_array().sum(axis=1).astype(float)  # [locality, sex, band]
    years = np.arange(params.BASE_YEAR, params.LAST_PROJECTION_YEAR + 1)
    variants = np.array(list(params.PROJECTION_VARIANTS))
    shifts = np.array(list(params.PROJECTION_VARIANTS.values()))
    growth = 1 + broad_growth_by_band()[None, :] + shifts[:, None]  # [variant, band]
    factor = (
        growth[:, None, :] ** (years - params.BASE_YEAR)[None, :, None]
    )  # [variant, year, band]
    projected = np.rint(factor[:, :, None, None, :] * base[None, None, :, :, :]).astype(np.int64)
    return to_rows(
        {"Population": projected},
        {
            "Variant": variants,
            "Year": years,
            "LocalityCode": LOCALITY_CODES,
            "Sex": SEXES,
            "AgeGroup": np.array(params.AGE_BANDS),
        },
    )


def broad_population(month_values: np.ndarray) -> np.ndarray:
    """Return the population [month, locality, broad age group, SIMD quintile] over time.

    The base-year population is carried backwards and forwards with the principal growth
    rates, so earlier months have fewer older people.
    """
    base = population_array().sum(axis=2)  # [locality, simd, band]
    to_broad = np.zeros((len(params.AGE_BANDS), len(params.BROAD_AGE_GROUPS)))
    to_broad[np.arange(len(params.AGE_BANDS)), list(params.BAND_TO_BROAD)] = 1
    by_broad = np.einsum("lqb,bg->lgq", base, to_broad)
    growth = (1 + np.array(params.PRINCIPAL_GROWTH))[None, :] ** years_from_base(month_values)[
        :, None
    ]
    return by_broad[None, :, :, :] * growth[:, None, :, None]


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
