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
    lookup,
    month_codes,
    months,
    noisy_counts,
    stream,
    to_rows,
    years_from_base,
)
from planlab.data.tables.dynamics import (
    admission_level,
    ae_level,
    ar1,
    locality_index,
    month_position,
    special_admission_factor,
)
from planlab.data.tables.population import (
    broad_population,
)

__all__ = [
    "expected_admissions",
    "make_acute_daily",
    "make_ae_attendances",
    "make_ae_sites",
    "make_emergency_admissions",
]

#: Broad age groups aged 75 or over.
OLDER_GROUPS = np.array([group in ("75-84", "85plus") for group in params.BROAD_AGE_GROUPS])


def admission_pandemic_factor(month_values: np.ndarray) -> np.ndarray:
    """Return emergency activity relative to its pre-pandemic path, for each month."""
    quarters = [f"{m.astype(int) // 12 + 1970}Q{m.astype(int) % 12 // 3 + 1}" for m in month_values]
    later = np.where(month_values >= np.datetime64("2023-01"), params.PANDEMIC_LATER_LEVEL, 1.0)
    return lookup(params.PANDEMIC_QUARTER_FACTOR, np.array(quarters), later)


def ae_pandemic_factor(month_values: np.ndarray) -> np.ndarray:
    """Return A&E attendances relative to their pre-pandemic path, for each month."""
    later = np.where(month_values >= np.datetime64("2023-01"), params.AE_PANDEMIC_LATER_LEVEL, 1.0)
    return lookup(params.AE_PANDEMIC_MONTH_FACTOR, month_values.astype(str), later)


def expected_admissions(month_values: np.ndarray, seed: int = params.DEFAULT_SEED) -> np.ndarray:
    """Return expected emergency admissions [month, locality, broad age group, SIMD quintile].

    Rates by age, deprivation and place, times season, trend and the pandemic, times the
    persistent admission level of each locality and the special causes (the bad winter
    and the frailty unit). The people sample uses the same expectation for 2024/25.

    Parameters
    ----------
    month_values
        Months within April 2015 to March 2025, as ``datetime64[M]``.
    seed
        The seed of the whole set of tables (it fixes the persistent level).
    """
    rate = np.array(params.EMERGENCY_RATE_PER_1000)[None, None, :, None] / 1000
    simd = np.array(params.SIMD_EMERGENCY_RATIO)[None, None, None, :]
    place = np.array([loc.admission_factor for loc in params.LOCALITIES])[None, :, None, None]
    season = np.array(params.ADMISSION_SEASONALITY)[calendar_month_index(month_values)]
    share_of_year = days_in_months(month_values) / 365.25
    trend = (1 + params.NON_DEMOGRAPHIC_GROWTH) ** years_from_base(month_values)
    timing = season * share_of_year * trend * admission_pandemic_factor(month_values)
    level = np.exp(admission_level(seed, month_values))[:, :, None, None]
    special = special_admission_factor(month_values, OLDER_GROUPS)[:, :, :, None]
    return (
        broad_population(month_values) * rate * simd * place * timing[:, None, None, None]
        * level * special
    )  # fmt: skip


def ae_expected_monthly(month_values: np.ndarray, seed: int = params.DEFAULT_SEED) -> np.ndarray:
    """Return expected A&E attendances at all sites in each month.

    People times the rate, season, pandemic and the persistent A&E level. The daily table
    spreads them over days; the people sample uses their total for 2024/25.
    """
    population = broad_population(month_values).sum(axis=(1, 2, 3))
    return (
        population * params.AE_RATE_PER_1000 / 1000 * days_in_months(month_values) / 365.25
        * np.array(params.AE_SEASONALITY)[calendar_month_index(month_values)]
        * ae_pandemic_factor(month_values) * np.exp(ae_level(seed, month_values))
    )  # fmt: skip


def unrecorded_share(month_values: np.ndarray) -> np.ndarray:
    """Return the share of admissions missing from the records [month, locality].

    Zero except in the data-quality month, when one locality's new patient administration
    system misses some admissions.
    """
    missing = np.zeros((len(month_values), len(LOCALITY_CODES)))
    in_month = month_position(month_values, params.DATA_QUALITY_MONTH) == 0
    missing[in_month, locality_index(params.DATA_QUALITY_LOCALITY)] = params.DATA_QUALITY_SHORTFALL
    return missing


def mean_stay_days() -> np.ndarray:
    """Return the mean length of an emergency stay [broad age group, SIMD quintile], days."""
    return np.array(params.MEAN_LOS_DAYS)[:, None] * np.array(params.SIMD_LOS_FACTOR)[None, :]


def bed_days_for(rng: np.random.Generator, admissions: np.ndarray) -> np.ndarray:
    """Draw total bed days for cells of admissions [..., broad age group, SIMD quintile].

    The sum of ``n`` gamma-distributed stays is gamma with ``n`` times the shape.
    """
    scale = np.broadcast_to(mean_stay_days() / params.LOS_GAMMA_SHAPE, admissions.shape)
    return np.rint(rng.gamma(admissions * params.LOS_GAMMA_SHAPE, scale)).astype(np.int64)


def make_emergency_admissions(seed: int = params.DEFAULT_SEED) -> pd.DataFrame:
    """Make monthly emergency admissions and bed days by locality, age group and SIMD quintile.

    Counts are Poisson around :func:`expected_admissions`, whose persistent levels make
    them scatter more than chance alone, as real counts do; in the data-quality month some
    admissions of one locality go unrecorded.

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
    happened = noisy_counts(rng, expected_admissions(month_values, seed), params.CELL_NOISE_SHAPE)
    recorded = 1 - unrecorded_share(month_values)[:, :, None, None]
    admissions = rng.binomial(happened, np.broadcast_to(recorded, happened.shape))
    return to_rows(
        {"EmergencyAdmissions": admissions, "BedDays": bed_days_for(rng, admissions)},
        {
            "Month": month_codes(month_values),
            "LocalityCode": LOCALITY_CODES,
            "AgeGroup": np.array(params.BROAD_AGE_GROUPS),
            "SIMDQuintile": SIMD_QUINTILES,
        },
    )


def holiday_factor(dates: np.ndarray, factors: dict[tuple[int, int], float]) -> np.ndarray:
    """Return each date's factor from a table of (month, day) to factor, and 1 elsewhere."""
    month = dates.astype("datetime64[M]").astype(int) % 12 + 1
    day = (dates - dates.astype("datetime64[M]").astype("datetime64[D]")).astype(int) + 1
    found = np.ones(len(dates))
    for (on_month, on_day), factor in factors.items():  # a handful of holidays
        found[(month == on_month) & (day == on_day)] = factor
    return found


def weekday_of(dates: np.ndarray) -> np.ndarray:
    """Return 0 for Monday to 6 for Sunday (1970-01-01 was a Thursday)."""
    return (dates.astype(int) + 3) % 7


def spread_over_days(
    rng: np.random.Generator, monthly_totals: np.ndarray, month_values: np.ndarray
) -> np.ndarray:
    """Share each month's total among its days, weighted by day of the week and holidays.

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
    holidays = holiday_factor(dates.ravel(), params.HOLIDAY_ADMISSION_FACTOR).reshape(dates.shape)
    weights = np.array(params.DAY_OF_WEEK_FACTOR)[weekday_of(dates)] * holidays * in_month
    counts = rng.multinomial(monthly_totals, weights / weights.sum(axis=1, keepdims=True))
    return counts[in_month]


def beds_occupied(admissions: np.ndarray, dates: np.ndarray, mean_stay: float) -> np.ndarray:
    """Return beds occupied at midnight, from daily admissions and a daily chance of discharge.

    The chance of discharge is lower at weekends and on holidays and higher just before
    Christmas, so beds fill over the weekend and empty on weekdays. The loop runs over
    days (a few thousand), not over people.

    Parameters
    ----------
    admissions
        Admissions each day.
    dates
        The days, as ``datetime64[D]``.
    mean_stay
        Mean length of stay, days; the discharge chance averages ``1 / mean_stay``.
    """
    factor = np.array(params.DISCHARGE_DAY_FACTOR)[weekday_of(dates)]
    factor = factor / np.mean(params.DISCHARGE_DAY_FACTOR)
    chance = factor * holiday_factor(dates, params.HOLIDAY_DISCHARGE_FACTOR) / mean_stay
    occupied = np.empty(len(dates))
    beds = admissions[:28].mean() * mean_stay  # start full, as if the days before were usual
    for day in range(len(dates)):  # one step a day
        beds = beds * (1 - chance[day]) + admissions[day]
        occupied[day] = beds
    return occupied


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
    position = (day_month - month_values[0]).astype(int)
    per_day = ae_expected_monthly(month_values, seed) / days_in_months(month_values)
    ae_expected = (
        per_day[position]
        * np.array(params.DAY_OF_WEEK_FACTOR)[weekday_of(dates)]
        * holiday_factor(dates, params.HOLIDAY_ADMISSION_FACTOR)
    )
    mean_stay = monthly["BedDays"].sum() / monthly["EmergencyAdmissions"].sum()
    occupied = beds_occupied(admissions, dates, mean_stay)
    return pd.DataFrame(
        {
            "Date": dates.astype(str),
            "AEAttendances": noisy_counts(rng, ae_expected, params.CELL_NOISE_SHAPE),
            "EmergencyAdmissions": admissions,
            "EmergencyBedsOccupied": np.rint(occupied).astype(np.int64),
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


def four_hour_anchor(month_values: np.ndarray, department: str) -> np.ndarray:
    """Return the underlying 4-hour share each month, moving smoothly between years.

    Each financial year's figure belongs to its middle (October); months between are
    interpolated, so nothing jumps at April. Minor injury units use their own figures.
    """
    if department == "Emergency Department":
        by_year = np.array(params.FOUR_HOUR_BY_YEAR[department])
    else:
        by_year = np.array(params.MIU_FOUR_HOUR_BY_YEAR)
    first_year = int(params.FIRST_MONTH[:4])
    middles = np.array(
        [np.datetime64(f"{first_year + offset}-10", "M") for offset in range(len(by_year))]
    )
    return np.interp(month_values.astype(int), middles.astype(int), by_year)


def four_hour_share(
    rng: np.random.Generator, month_values: np.ndarray, department: str
) -> np.ndarray:
    """Return the share seen within 4 hours each month at one department type.

    The smooth yearly path, the season (worst in winter) and the bad winter of 2017/18 at
    the emergency department, and a persistent AR(1) wander on the logit scale.
    """
    share = four_hour_anchor(month_values, department)
    noise = ar1(rng, len(month_values), 1, params.FOUR_HOUR_PERSISTENCE, params.FOUR_HOUR_LOGIT_SD)
    if department != "Emergency Department":
        logit = np.log(share / (1 - share)) + noise[:, 0] * 2.0
        return 1 / (1 + np.exp(-logit))
    seasonal = np.array(params.FOUR_HOUR_SEASONAL_SHIFT[department])
    share = share + seasonal[calendar_month_index(month_values)]
    winter = np.array([params.BAD_WINTER_MONTHS.get(str(month), 0.0) for month in month_values])
    logit = np.log(share / (1 - share)) - 0.4 * winter + noise[:, 0]
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
    # A&E cannot admit more than all emergency admissions (in the data-quality month the
    # admissions table is short, so the cap can bite).
    recorded = acute_daily.groupby(acute_daily["Date"].str[:7], sort=True)["EmergencyAdmissions"]
    admitted = np.minimum(admitted, recorded.sum().to_numpy()[:, None] * is_ed[None, :])
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
