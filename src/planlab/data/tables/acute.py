"""Acute hospital tables: emergency admissions, daily activity and A&E by site.

Lochanvale Health and Social Care Partnership is fictional; these tables are synthetic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planlab.data import parameters as params
from planlab.data.tables.common import (
    LOCALITY_CODES,
    SIMD_QUINTILES,
    calendar_month_index,
    days_in_months,
    financial_year_index,
    lookup,
    month_codes,
    months,
    noisy_counts,
    stream,
    to_rows,
    years_from_base,
)
from planlab.data.tables.population import (
    broad_population,
)


def admission_pandemic_factor(month_values: np.ndarray) -> np.ndarray:
    """Return emergency activity relative to its pre-pandemic path, for each month."""
    quarters = [f"{m.astype(int) // 12 + 1970}Q{m.astype(int) % 12 // 3 + 1}" for m in month_values]
    later = np.where(month_values >= np.datetime64("2023-01"), params.PANDEMIC_LATER_LEVEL, 1.0)
    return lookup(params.PANDEMIC_QUARTER_FACTOR, np.array(quarters), later)


def ae_pandemic_factor(month_values: np.ndarray) -> np.ndarray:
    """Return A&E attendances relative to their pre-pandemic path, for each month."""
    later = np.where(month_values >= np.datetime64("2023-01"), params.AE_PANDEMIC_LATER_LEVEL, 1.0)
    return lookup(params.AE_PANDEMIC_MONTH_FACTOR, month_values.astype(str), later)


def expected_admissions(month_values: np.ndarray) -> np.ndarray:
    """Return expected emergency admissions [month, locality, broad age group, SIMD quintile]."""
    rate = np.array(params.EMERGENCY_RATE_PER_1000)[None, None, :, None] / 1000
    simd = np.array(params.SIMD_EMERGENCY_RATIO)[None, None, None, :]
    place = np.array([loc.admission_factor for loc in params.LOCALITIES])[None, :, None, None]
    season = np.array(params.ADMISSION_SEASONALITY)[calendar_month_index(month_values)]
    share_of_year = days_in_months(month_values) / 365.25
    trend = (1 + params.NON_DEMOGRAPHIC_GROWTH) ** years_from_base(month_values)
    timing = season * share_of_year * trend * admission_pandemic_factor(month_values)
    return broad_population(month_values) * rate * simd * place * timing[:, None, None, None]


def bed_days_for(rng: np.random.Generator, admissions: np.ndarray) -> np.ndarray:
    """Draw total bed days for cells of admissions [..., broad age group, SIMD quintile].

    The sum of ``n`` gamma-distributed stays is gamma with ``n`` times the shape.
    """
    mean_los = np.array(params.MEAN_LOS_DAYS)[:, None] * np.array(params.SIMD_LOS_FACTOR)[None, :]
    scale = np.broadcast_to(mean_los / params.LOS_GAMMA_SHAPE, admissions.shape)
    return np.rint(rng.gamma(admissions * params.LOS_GAMMA_SHAPE, scale)).astype(np.int64)


def make_emergency_admissions(seed: int = params.DEFAULT_SEED) -> pd.DataFrame:
    """Make monthly emergency admissions and bed days by locality, age group and SIMD quintile.

    Parameters
    ----------
    seed
        The seed of the whole set of tables.

    Returns
    -------
    pandas.DataFrame
        Columns ``Month`` (``YYYYMM``), ``LocalityCode``, ``AgeGroup``, ``SIMDQuintile``,
        ``EmergencyAdmissions``, ``BedDays``.
    """
    rng = stream(seed, "emergency_admissions")
    month_values = months(params.FIRST_MONTH, params.LAST_MONTH)
    admissions = noisy_counts(rng, expected_admissions(month_values), params.COUNT_NOISE_SHAPE)
    return to_rows(
        {"EmergencyAdmissions": admissions, "BedDays": bed_days_for(rng, admissions)},
        {
            "Month": month_codes(month_values),
            "LocalityCode": LOCALITY_CODES,
            "AgeGroup": np.array(params.BROAD_AGE_GROUPS),
            "SIMDQuintile": SIMD_QUINTILES,
        },
    )


def spread_over_days(
    rng: np.random.Generator, monthly_totals: np.ndarray, month_values: np.ndarray
) -> np.ndarray:
    """Share each month's total among its days, weighted by day of the week.

    Parameters
    ----------
    rng
        The table's random stream.
    monthly_totals
        One whole-number total per month.
    month_values
        The months, as ``datetime64[M]``.

    Returns
    -------
    numpy.ndarray
        Daily counts, in date order; they sum to the monthly totals exactly.
    """
    first_days = month_values.astype("datetime64[D]")
    day_offsets = np.arange(31)
    dates = first_days[:, None] + day_offsets[None, :]
    in_month = day_offsets[None, :] < days_in_months(month_values)[:, None]
    weekday = (dates.astype(int) + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
    weights = np.array(params.DAY_OF_WEEK_FACTOR)[weekday] * in_month
    counts = rng.multinomial(monthly_totals, weights / weights.sum(axis=1, keepdims=True))
    return counts[in_month]


def stay_survival(rng: np.random.Generator, mean_los: float, horizon: int = 180) -> np.ndarray:
    """Return the share of stays still in hospital ``k`` nights after admission, k = 0, 1, ...

    Estimated from a large seeded sample of gamma-distributed stays, so no special
    functions are needed.
    """
    stays = rng.gamma(params.LOS_GAMMA_SHAPE, mean_los / params.LOS_GAMMA_SHAPE, size=200_000)
    nights = np.arange(horizon)
    return (stays[None, :] > nights[:, None] + 0.5).mean(axis=1)


def make_acute_daily(
    emergency_admissions: pd.DataFrame, seed: int = params.DEFAULT_SEED
) -> pd.DataFrame:
    """Make the daily acute series of the partnership, consistent with the monthly table.

    Parameters
    ----------
    emergency_admissions
        The table from :func:`make_emergency_admissions`; each month's daily admissions
        add up to its total there.
    seed
        The seed of the whole set of tables.

    Returns
    -------
    pandas.DataFrame
        Columns ``Date``, ``AEAttendances`` (all sites), ``EmergencyAdmissions``,
        ``EmergencyBedsOccupied`` (at midnight).
    """
    rng = stream(seed, "acute_daily")
    month_values = months(params.FIRST_MONTH, params.LAST_MONTH)
    monthly = emergency_admissions.groupby("Month", sort=True)[
        ["EmergencyAdmissions", "BedDays"]
    ].sum()
    admissions = spread_over_days(rng, monthly["EmergencyAdmissions"].to_numpy(), month_values)
    dates = np.arange(
        month_values[0].astype("datetime64[D]"), (month_values[-1] + 1).astype("datetime64[D]")
    )
    day_month = dates.astype("datetime64[M]")
    month_position = (day_month - month_values[0]).astype(int)
    weekday = (dates.astype(int) + 3) % 7
    population = broad_population(month_values).sum(axis=(1, 2, 3))[month_position]
    ae_expected = (
        population
        * params.AE_RATE_PER_1000
        / 1000
        / 365.25
        * np.array(params.AE_SEASONALITY)[calendar_month_index(day_month)]
        * np.array(params.DAY_OF_WEEK_FACTOR)[weekday]
        * ae_pandemic_factor(month_values)[month_position]
    )
    mean_los = monthly["BedDays"].sum() / monthly["EmergencyAdmissions"].sum()
    survival = stay_survival(rng, mean_los)
    warm_up = np.full(len(survival), admissions[:31].mean())
    occupied = np.convolve(np.concatenate([warm_up, admissions]), survival)[len(survival) :]
    return pd.DataFrame(
        {
            "Date": dates.astype(str),
            "AEAttendances": noisy_counts(rng, ae_expected, params.COUNT_NOISE_SHAPE),
            "EmergencyAdmissions": admissions,
            "EmergencyBedsOccupied": np.rint(occupied[: len(dates)]).astype(np.int64),
        }
    )


def make_ae_sites() -> pd.DataFrame:
    """Make the table of A&E sites: made-up code, name and PHS department type.

    Returns
    -------
    pandas.DataFrame
        Columns ``SiteCode``, ``SiteName``, ``DepartmentType``.
    """
    return pd.DataFrame(
        [site[:3] for site in params.AE_SITES], columns=["SiteCode", "SiteName", "DepartmentType"]
    )


def four_hour_share(
    rng: np.random.Generator, month_values: np.ndarray, department: str
) -> np.ndarray:
    """Return the share seen within 4 hours each month at one department type."""
    by_year = np.array(params.FOUR_HOUR_BY_YEAR[department])
    years = np.clip(
        financial_year_index(month_values, int(params.FIRST_MONTH[:4])), 0, len(by_year) - 1
    )
    share = (
        by_year[years]
        + np.array(params.FOUR_HOUR_SEASONAL_SHIFT[department])[calendar_month_index(month_values)]
    )
    logit = np.log(share / (1 - share)) + rng.normal(
        0, params.FOUR_HOUR_NOISE_SD, len(month_values)
    )
    return 1 / (1 + np.exp(-logit))


def make_ae_attendances(acute_daily: pd.DataFrame, seed: int = params.DEFAULT_SEED) -> pd.DataFrame:
    """Make monthly A&E attendances by site, with 4-hour performance and admissions.

    Parameters
    ----------
    acute_daily
        The table from :func:`make_acute_daily`; each month's attendances at all sites
        add up to its daily attendances.
    seed
        The seed of the whole set of tables.

    Returns
    -------
    pandas.DataFrame
        Columns as PHS publishes them: ``Month``, ``SiteCode``, ``DepartmentType``,
        ``NumberOfAttendancesAll``, ``NumberWithin4HoursAll``, ``NumberOver4HoursAll``,
        ``PercentageWithin4HoursAll``, and ``NumberAdmitted`` (admitted to hospital;
        emergency departments only).
    """
    rng = stream(seed, "ae_attendances")
    month_values = months(params.FIRST_MONTH, params.LAST_MONTH)
    totals = acute_daily.groupby(acute_daily["Date"].str[:7], sort=True)["AEAttendances"].sum()
    shares = np.array([site[3] for site in params.AE_SITES])
    attendances = rng.multinomial(totals.to_numpy(), shares / shares.sum())  # [month, site]
    departments = [site[2] for site in params.AE_SITES]
    within_share = np.stack(
        [four_hour_share(rng, month_values, department) for department in departments], axis=1
    )
    within = rng.binomial(attendances, within_share)
    is_ed = np.array([department == "Emergency Department" for department in departments])
    admitted_share = np.array(params.ED_ADMITTED_SHARE)[calendar_month_index(month_values)]
    admitted = rng.binomial(attendances, admitted_share[:, None] * is_ed[None, :])
    percentage = np.round(100 * within / np.maximum(attendances, 1), 1)
    table = to_rows(
        {
            "NumberOfAttendancesAll": attendances,
            "NumberWithin4HoursAll": within,
            "NumberOver4HoursAll": attendances - within,
            "PercentageWithin4HoursAll": percentage,
            "NumberAdmitted": admitted,
        },
        {
            "Month": month_codes(month_values),
            "SiteCode": np.array([site[0] for site in params.AE_SITES]),
        },
    )
    table.insert(2, "DepartmentType", np.tile(departments, len(month_values)))
    return table
