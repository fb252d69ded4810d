"""Key figures of the fictional Lochanvale partnership beside the published figures they match.

Lochanvale Health and Social Care Partnership is fictional; its data are synthetic. This
module computes, from the generated tables, the figures the generator was calibrated to,
and sets each beside the published Scottish figure and its source. The dataset README and
the book's appendix show the table; the tests check each figure lies in a sensible range.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planlab.data import parameters as params

Tables = dict[str, pd.DataFrame]

OLDER_BANDS = params.AGE_BANDS[params.AGE_BANDS.index("65-69") :]
OLDEST_BANDS = params.AGE_BANDS[params.AGE_BANDS.index("75-79") :]
VERY_OLD_BANDS = params.AGE_BANDS[params.AGE_BANDS.index("85-89") :]
SCOTLAND_POPULATION_2023 = 5_490_100
SCOTLAND_POPULATION_2022 = 5_447_700


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


def _figures(tables: Tables) -> list[tuple[str, float, float, str, str]]:
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
    return [
        (
            "Share of people aged 65+",
            100 * population_share(base, OLDER_BANDS),
            100 * params.SCOTLAND_SHARE_65_PLUS,
            "%",
            "NRS mid-2023, Scotland",
        ),
        (
            "Share of people aged 75+",
            100 * population_share(base, OLDEST_BANDS),
            100 * params.SCOTLAND_SHARE_75_PLUS,
            "%",
            "NRS mid-2023, Scotland",
        ),
        (
            "Share of people aged 85+",
            100 * population_share(base, VERY_OLD_BANDS),
            100 * params.SCOTLAND_SHARE_85_PLUS,
            "%",
            "NRS mid-2023, Scotland",
        ),
        (
            "Population growth a year, principal projection",
            100
            * annual_growth(
                projected_growth(projections, params.AGE_BANDS, params.BASE_YEAR + 8), 8
            ),
            100 * annual_growth(0.044, 10),
            "% a year",
            "NRS 2022-based projections: +4.4% from 2022 to 2032",
        ),
        (
            "Growth a year of the 75+ population, principal projection",
            100
            * annual_growth(
                projected_growth(projections, OLDEST_BANDS, params.LAST_PROJECTION_YEAR), horizon
            ),
            100 * annual_growth(0.68, 25),
            "% a year",
            "NRS 2022-based projections: about +68% from 2022 to 2047",
        ),
        (
            "Emergency admissions per 1,000 people, 2019",
            1000 * in_2019["EmergencyAdmissions"].sum() / people_in(people_2019),
            params.SCOTLAND_EMERGENCY_RATE_PER_1000,
            "per 1,000 a year",
            "PHS: 518,492 emergency stays in 2019",
        ),
        (
            "Emergency admissions per 1,000 aged 75+, 2019",
            1000
            * older_admissions["EmergencyAdmissions"].sum()
            / people_in(people_2019, OLDEST_BANDS),
            params.SCOTLAND_EMERGENCY_RATE_75_PLUS_PER_1000,
            "per 1,000 a year",
            "ISD 2012/13, derived",
        ),
        (
            "Emergency admission rate, SIMD quintile 1 over quintile 5, 2019 (crude here; "
            "the published ratio is age-standardised)",
            simd_rate_ratio(admissions, tables["population"]),
            2.2,
            "ratio",
            "SIMD 2020v2 indicator EMERG, standardised (146 / 67)",
        ),
        (
            "Mean length of an emergency stay, 2019",
            in_2019["BedDays"].sum() / in_2019["EmergencyAdmissions"].sum(),
            params.SCOTLAND_MEAN_LOS_DAYS_2019,
            "days",
            "PHS, 2019",
        ),
        (
            "A&E attendances per 1,000 people, 2019",
            1000 * ae_2019 / people_in(people_2019),
            310.0,
            "per 1,000 a year",
            "PHS, all sites, Scotland 2019/20",
        ),
        (
            "Share of ED attendances admitted, 2019/20",
            100 * ed_admitted_share(tables["ae_attendances"]),
            27.5,
            "%",
            "PHS: about 27-28%",
        ),
        (
            "Delayed discharge bed days per 1,000 people, 2022/23",
            1000 * delays_2223["NumberOfDelayedBedDays"].sum() / people,
            1000 * 661_705 / SCOTLAND_POPULATION_2022,
            "per 1,000 a year",
            "PHS: 661,705 bed days in 2022/23",
        ),
        (
            "Share of delayed bed days for people aged 75+, 2022/23",
            100
            * delays_2223.loc[delays_2223["AgeGroup"] == "75plus", "NumberOfDelayedBedDays"].sum()
            / delays_2223["NumberOfDelayedBedDays"].sum(),
            67.0,
            "%",
            "PHS: 64% to 70%",
        ),
        (
            "Care at home clients per 1,000 people, 2023/24",
            1000 * care["CareAtHomeClients"].sum() / people,
            1000 * 97_585 / SCOTLAND_POPULATION_2023,
            "per 1,000",
            "PHS care at home 2023/24: 97,585",
        ),
        (
            "Care at home hours per client, 2023/24",
            care["CareAtHomeHours"].sum() / care["CareAtHomeClients"].sum(),
            420.0,
            "hours a year",
            "PHS: 40.9 million hours for 97,585 people",
        ),
        (
            "Long-stay care home residents per 1,000 aged 65+, 2023/24",
            1000 * homes["LongStayResidents65Plus"].sum() / people_in(base, OLDER_BANDS),
            25.0,
            "per 1,000",
            "gov.scot free personal and nursing care 2022-23: 28,080",
        ),
        (
            "Care home places per 1,000 aged 65+",
            1000 * homes["Places"].sum() / people_in(base, OLDER_BANDS),
            36.5,
            "per 1,000",
            "PHS care home census 2021: 40,632 places",
        ),
        (
            "Nursing and midwifery WTE per 1,000 people",
            1000 * nursing / people,
            1000 * 67_168 / SCOTLAND_POPULATION_2023,
            "WTE per 1,000",
            "NES, March 2024: 67,168 WTE",
        ),
        (
            "Budget per head, 2024/25",
            budget["BudgetGBP"].sum() / people,
            2_019.0,
            "pounds",
            "Accounts Commission: £11.0bn for all IJBs in 2022/23",
        ),
        (
            "Health share of the budget (including set-aside), 2024/25",
            100 * health / budget["BudgetGBP"].sum(),
            60.0,
            "%",
            "Accounts Commission: 55% to 65% [EST]",
        ),
        *_resource_figures(tables, people),
    ]


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


def _resource_figures(tables: Tables, people: float) -> list[tuple[str, float, float, str, str]]:
    pipeline = tables["training_pipeline"].set_index("Route")
    reserves = tables["reserves"].set_index("FinancialYear")
    total = reserves["GeneralReservesGBP"] + reserves["EarmarkedReservesGBP"]
    return [
        (
            "Share of staff in post aged 55+",
            100 * staff_share_aged_55_plus(tables["workforce"]),
            21.0,
            "%",
            "ISD via RCN: 19.7% in 2019; 20-22% now [EST]",
        ),
        (
            "Nursing students starting a year per 100,000 people",
            1e5 * pipeline.loc["Nursing degree", "EntrantsPerYear"] / people,
            1e5 * 3_520 / params.SCOTLAND_POPULATION_MID_2023,
            "per 100,000 a year",
            "UCAS: 3,520 accepted to nursing in Scotland in 2023",
        ),
        (
            "Nursing staff retiring a year, per 1,000 staff",
            1000 * retirement_share(tables, "Nursing and midwifery"),
            1000 * 0.178 / 10,
            "per 1,000 a year",
            "ISD figures via RCNi 2016: 17.8% to retire within ten years",
        ),
        (
            "Care home occupancy, 31 March 2021",
            100 * care_home_occupancy(tables, "2020/21"),
            82.0,
            "%",
            "PHS care home census 2021",
        ),
        (
            "Care home occupancy, 31 March 2024",
            100 * care_home_occupancy(tables, "2023/24"),
            100 * 34_113 / 40_079,
            "%",
            "PHS care home census 2024: 34,113 residents, 40,079 places",
        ),
        (
            "Share of reserves earmarked, 31 March 2021",
            100 * reserves.loc["2020/21", "EarmarkedReservesGBP"] / total["2020/21"],
            81.0,
            "%",
            "Accounts Commission, IJB financial analysis 2020/21",
        ),
        (
            "Reserves per head, 31 March 2022",
            total["2021/22"] / people,
            1.3e9 / SCOTLAND_POPULATION_2022,
            "pounds",
            "Accounts Commission: IJB reserves over £1.3bn in 2021/22",
        ),
    ]


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
    rows = pd.DataFrame(
        _figures(tables), columns=["Figure", "Lochanvale", "Published", "Unit", "Source"]
    )
    rows["Lochanvale"] = rows["Lochanvale"].astype(float).round(1)
    rows["Published"] = rows["Published"].astype(float).round(1)
    return rows
