"""Key figures of the fictional Lochanvale partnership beside the published figures they match.

Lochanvale Health and Social Care Partnership is fictional; its data are synthetic. This
module computes, from the generated tables, the figures the generator was calibrated to,
and sets each beside the published Scottish figure and its source. The published figures
and their sources are in :data:`planlab.data.parameters.PUBLISHED_FIGURES`, with every
other calibration figure; this module holds none. The dataset README and
the book's appendix show the table; the tests check each figure lies in a sensible range.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planlab.data import parameters as params

__all__ = [
    "admissions_in",
    "annual_growth",
    "care_home_occupancy",
    "ed_admitted_share",
    "financial_year",
    "in_year",
    "key_figures",
    "lochanvale_figures",
    "month_text",
    "people_in",
    "population_share",
    "projected_growth",
    "retirement_share",
    "simd_rate_ratio",
    "staff_share_aged_55_plus",
]

Tables = dict[str, pd.DataFrame]

OLDER_BANDS = params.AGE_BANDS[params.AGE_BANDS.index("65-69") :]
OLDEST_BANDS = params.AGE_BANDS[params.AGE_BANDS.index("75-79") :]
VERY_OLD_BANDS = params.AGE_BANDS[params.AGE_BANDS.index("85-89") :]


def month_text(months: pd.Series) -> pd.Series:
    """Return months as ``YYYYMM`` text, whether they are periods (loaded) or text (generated)."""
    if isinstance(months.dtype, pd.PeriodDtype):
        return months.dt.strftime("%Y%m")
    return months.astype(str)


def in_year(population: pd.DataFrame, year: int) -> pd.DataFrame:
    """Return the rows of the population table for one mid-year."""
    return population[population["Year"] == year]


def population_share(population: pd.DataFrame, bands: tuple[str, ...]) -> float:
    """Return the share of people in ``bands`` (a fraction)."""
    in_bands = population["AgeGroup"].isin(bands)
    return float(population.loc[in_bands, "Population"].sum() / population["Population"].sum())


def people_in(population: pd.DataFrame, bands: tuple[str, ...] = params.AGE_BANDS) -> float:
    """Return the number of people in ``bands``."""
    return float(population.loc[population["AgeGroup"].isin(bands), "Population"].sum())


def projected_growth(projections: pd.DataFrame, bands: tuple[str, ...], year: int) -> float:
    """Return the principal projection's growth from the base year to ``year`` (a fraction)."""
    chosen = projections[
        (projections["Variant"] == "principal") & projections["AgeGroup"].isin(bands)
    ]
    by_year = chosen.groupby("Year")["Population"].sum()
    return float(by_year[year] / by_year[params.BASE_YEAR] - 1)


def admissions_in(admissions: pd.DataFrame, year: int) -> pd.DataFrame:
    """Return the rows of the monthly admissions table for one calendar year."""
    return admissions[month_text(admissions["Month"]).str.startswith(str(year))]


def simd_rate_ratio(admissions: pd.DataFrame, population: pd.DataFrame) -> float:
    """Return the crude emergency admission rate of SIMD quintile 1 over quintile 5 (2019)."""
    counts = admissions_in(admissions, 2019).groupby("SIMDQuintile")["EmergencyAdmissions"].sum()
    people = in_year(population, 2019).groupby("SIMDQuintile")["Population"].sum()
    rates = counts / people
    return float(rates[1] / rates[5])


def financial_year(table: pd.DataFrame, column: str, first_month: str) -> pd.DataFrame:
    """Return the rows of a monthly table in the financial year starting ``first_month``."""
    start = np.datetime64(first_month, "M")
    codes = [str(month).replace("-", "") for month in np.arange(start, start + 12)]
    return table[month_text(table[column]).isin(codes)]


def ed_admitted_share(attendances: pd.DataFrame) -> float:
    """Return the share of emergency department attendances admitted, 2019/20."""
    ed = financial_year(attendances, "Month", "2019-04")
    ed = ed[ed["DepartmentType"] == "Emergency Department"]
    return float(ed["NumberAdmitted"].sum() / ed["NumberOfAttendancesAll"].sum())


def annual_growth(growth: float, years: int) -> float:
    """Turn growth over ``years`` into growth a year (fractions)."""
    return (1 + growth) ** (1 / years) - 1


def lochanvale_figures(tables: Tables) -> dict[str, float]:
    """Compute Lochanvale's figure for each key of ``params.PUBLISHED_FIGURES``.

    Parameters
    ----------
    tables
        The tables, generated or loaded.

    Returns
    -------
    dict of str to float
        Key of each published figure to Lochanvale's figure, in the same unit.
    """
    base = in_year(tables["population"], params.BASE_YEAR)
    people_2019 = in_year(tables["population"], 2019)
    projections = tables["population_projections"]
    admissions, daily = tables["emergency_admissions"], tables["acute_daily"]
    delays = tables["delayed_discharges"]
    care = tables["care_at_home"][tables["care_at_home"]["FinancialYear"] == "2023/24"]
    homes = tables["care_homes"][tables["care_homes"]["FinancialYear"] == "2023/24"]
    people = people_in(base)
    in_2019 = admissions_in(admissions, 2019)
    older_admissions = in_2019[in_2019["AgeGroup"].isin(["75-84", "85plus"])]
    ae_2019 = daily[pd.to_datetime(daily["Date"]).dt.year == 2019]["AEAttendances"].sum()
    delays_2223 = financial_year(delays, "MonthOfDelay", "2022-04")
    nursing = tables["workforce"].query("StaffGroup == 'Nursing and midwifery'")["WTE"].sum()
    budget = tables["budget"][
        tables["budget"]["FinancialYear"]
        == f"{params.BASE_YEAR}/{(params.BASE_YEAR + 1) % 100:02d}"
    ]
    health = budget[budget["FundingSource"] != "Social care"]["BudgetGBP"].sum()
    horizon = params.LAST_PROJECTION_YEAR - params.BASE_YEAR
    return {
        "share_65_plus": 100 * population_share(base, OLDER_BANDS),
        "share_75_plus": 100 * population_share(base, OLDEST_BANDS),
        "share_85_plus": 100 * population_share(base, VERY_OLD_BANDS),
        "population_growth": 100
        * annual_growth(projected_growth(projections, params.AGE_BANDS, params.BASE_YEAR + 8), 8),
        "growth_75_plus": 100
        * annual_growth(
            projected_growth(projections, OLDEST_BANDS, params.LAST_PROJECTION_YEAR), horizon
        ),
        "emergency_rate": 1000 * in_2019["EmergencyAdmissions"].sum() / people_in(people_2019),
        "emergency_rate_75_plus": 1000
        * older_admissions["EmergencyAdmissions"].sum()
        / people_in(people_2019, OLDEST_BANDS),
        "simd_ratio": simd_rate_ratio(admissions, tables["population"]),
        "mean_stay": in_2019["BedDays"].sum() / in_2019["EmergencyAdmissions"].sum(),
        "ae_rate": 1000 * ae_2019 / people_in(people_2019),
        "ed_admitted": 100 * ed_admitted_share(tables["ae_attendances"]),
        "delayed_bed_days": 1000 * delays_2223["NumberOfDelayedBedDays"].sum() / people,
        "delayed_75_plus": 100
        * delays_2223.loc[delays_2223["AgeGroup"] == "75plus", "NumberOfDelayedBedDays"].sum()
        / delays_2223["NumberOfDelayedBedDays"].sum(),
        "care_at_home_clients": 1000 * care["CareAtHomeClients"].sum() / people,
        "care_at_home_hours": care["CareAtHomeHours"].sum() / care["CareAtHomeClients"].sum(),
        "care_home_residents": 1000
        * homes["LongStayResidents65Plus"].sum()
        / people_in(base, OLDER_BANDS),
        "care_home_places": 1000 * homes["Places"].sum() / people_in(base, OLDER_BANDS),
        "nursing_wte": 1000 * nursing / people,
        "budget_per_head": budget["BudgetGBP"].sum() / people,
        "health_share": 100 * health / budget["BudgetGBP"].sum(),
        **_resource_figures(tables, people),
    }


def staff_share_aged_55_plus(workforce: pd.DataFrame) -> float:
    """Return the share of staff in post aged 55 or over (a fraction)."""
    older = workforce["AgeBand"].isin(["55-59", "60plus"])
    return float(workforce.loc[older, "Headcount"].sum() / workforce["Headcount"].sum())


def retirement_share(tables: Tables, group: str) -> float:
    """Return the share of a staff group's headcount expected to retire in a year."""
    staff = tables["workforce"][tables["workforce"]["StaffGroup"] == group]
    by_band = staff.groupby("AgeBand", observed=True)["Headcount"].sum()
    rates = tables["retirement"][tables["retirement"]["StaffGroup"] == group]
    rate = rates.set_index(rates["AgeBand"].astype(str))["RetirementRate"]
    by_band.index = by_band.index.astype(str)
    return float((by_band * rate.reindex(by_band.index)).sum() / by_band.sum())


def care_home_occupancy(tables: Tables, year: str) -> float:
    """Return all care home residents over registered places at the end of ``year``."""
    residents = tables["care_home_occupancy"]
    places = tables["care_homes"]
    return float(
        residents.loc[residents["FinancialYear"] == year, "Residents"].sum()
        / places.loc[places["FinancialYear"] == year, "Places"].sum()
    )


def _resource_figures(tables: Tables, people: float) -> dict[str, float]:
    pipeline = tables["training_pipeline"].set_index("Route")
    reserves = tables["reserves"].set_index("FinancialYear")
    total = reserves["GeneralReservesGBP"] + reserves["EarmarkedReservesGBP"]
    return {
        "staff_55_plus": 100 * staff_share_aged_55_plus(tables["workforce"]),
        "nursing_students": 1e5 * pipeline.loc["Nursing degree", "EntrantsPerYear"] / people,
        "nursing_retiring": 1000 * retirement_share(tables, "Nursing and midwifery"),
        "occupancy_2021": 100 * care_home_occupancy(tables, "2020/21"),
        "occupancy_2024": 100 * care_home_occupancy(tables, "2023/24"),
        "earmarked_2021": 100 * reserves.loc["2020/21", "EarmarkedReservesGBP"] / total["2020/21"],
        "reserves_per_head": total["2021/22"] / people,
    }


def key_figures(tables: Tables) -> pd.DataFrame:
    """Compute the partnership's key figures beside the published ones.

    Parameters
    ----------
    tables
        The tables, as :func:`planlab.data.generate.generate_all` or
        :func:`planlab.datasets.load_all` give them.

    Returns
    -------
    pandas.DataFrame
        Columns ``Figure``, ``Lochanvale`` (rounded to one decimal place), ``Published``,
        ``Unit`` and ``Source``.
    """
    ours = lochanvale_figures(tables)
    rows = pd.DataFrame(
        [
            (figure.figure, ours[figure.key], figure.published, figure.unit, figure.source)
            for figure in params.PUBLISHED_FIGURES
        ],
        columns=["Figure", "Lochanvale", "Published", "Unit", "Source"],
    )
    rows["Lochanvale"] = rows["Lochanvale"].astype(float).round(1)
    rows["Published"] = rows["Published"].astype(float).round(1)
    return rows
