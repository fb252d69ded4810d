"""Measure how real the fictional partnership's data behave: noise, persistence and stories.

Lochanvale Health and Social Care Partnership is fictional; its data are synthetic. Levels
and shapes are checked by :mod:`planlab.data.calibration`. This module measures what an
analyst would notice next: how much counts scatter beyond chance, whether series remember
last month, whether the people sample agrees with the tables, whether relationships point
the way the evidence says, and whether daily data show weekends and Christmas.

Each function takes the tables (as :func:`planlab.data.generate.generate_all` or
:func:`planlab.datasets.load_all` give them) and returns a number or a small table.
:data:`REALISM_CHECKS` sets each measure beside the real range it should fall in and the
source of that range; the tests and ``datasets/README.md`` use it. The module is just
over 500 lines because each measure sits beside the check that states its range.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from planlab.data import parameters as params
from planlab.data.calibration import month_text
from planlab.spc import xmr

__all__ = [
    "REALISM_CHECKS",
    "RealismCheck",
    "admission_dispersion",
    "ae_residual_scatter",
    "april_step_ratio",
    "care_home_largest_resident_change",
    "care_home_places_changes",
    "christmas_day_admissions",
    "cohort_survival_ratio",
    "cost_r_squared",
    "delay_autocorrelation",
    "delay_care_correlation",
    "ed_month_to_month_change",
    "longest_waits_follow_list",
    "miu_median_within_4_hours",
    "quarterly_cv",
    "realism_table",
    "removals_largest_step",
    "sample_table_gaps",
    "share_waiting_over_52_weeks",
    "weekend_bed_swing",
    "xmr_signal_localities",
]

Tables = dict[str, pd.DataFrame]
PRE_COVID_FIRST, PRE_COVID_LAST = "201504", "202002"


def _between(series: pd.Series, first: str, last: str) -> pd.Series:
    """Return the entries of a series indexed by ``YYYYMM`` text from ``first`` to ``last``."""
    return series[(series.index >= first) & (series.index <= last)]


def _monthly(table: pd.DataFrame, month: str, value: str, by: str | None = None) -> pd.Series:
    """Sum a monthly table's ``value`` by month (and ``by``), indexed by ``YYYYMM`` text."""
    keys = [month_text(table[month])] + ([table[by]] if by else [])
    return table.groupby(keys)[value].sum()


def _seasonal_residuals(values: np.ndarray, months: pd.Index) -> np.ndarray:
    """Return residuals of ``values`` after a linear trend and a level for each calendar month."""
    calendar = np.array([int(str(month)[4:]) for month in months])
    design = np.column_stack(
        [np.arange(len(values))] + [(calendar == k).astype(float) for k in range(1, 13)]
    )
    coefficients = np.linalg.lstsq(design, values, rcond=None)[0]
    return values - design @ coefficients


def admission_dispersion(tables: Tables) -> float:
    """Return the dispersion ratio of monthly emergency admissions, April 2015 to February 2020.

    The variance of the partnership's monthly totals around a linear trend and a level for
    each calendar month, divided by their mean: 1 for pure Poisson chance.
    """
    monthly = _between(
        _monthly(tables["emergency_admissions"], "Month", "EmergencyAdmissions"),
        PRE_COVID_FIRST,
        PRE_COVID_LAST,
    )
    residuals = _seasonal_residuals(monthly.to_numpy(float), monthly.index)
    return float(np.sum(residuals**2) / (len(residuals) - 13) / monthly.mean())


def quarterly_cv(tables: Tables) -> float:
    """Return the coefficient of variation of quarterly emergency admissions, 2017Q4 to 2019Q4."""
    monthly = _monthly(tables["emergency_admissions"], "Month", "EmergencyAdmissions")
    months = pd.PeriodIndex(monthly.index, freq="M")
    quarterly = monthly.groupby(months.asfreq("Q").astype(str).to_numpy()).sum()
    chosen = quarterly[(quarterly.index >= "2017Q4") & (quarterly.index <= "2019Q4")]
    return float(chosen.std() / chosen.mean())


def ae_residual_scatter(tables: Tables) -> float:
    """Return the residual scatter of monthly A&E attendances a day (log scale), to Feb 2020."""
    daily = tables["acute_daily"]
    dates = pd.to_datetime(daily["Date"])
    monthly = daily.groupby(dates.dt.strftime("%Y%m"))["AEAttendances"].mean()
    monthly = _between(monthly, PRE_COVID_FIRST, PRE_COVID_LAST)
    residuals = _seasonal_residuals(np.log(monthly.to_numpy(float)), monthly.index)
    return float(np.sqrt(np.sum(residuals**2) / (len(residuals) - 13)))


def xmr_signal_localities(tables: Tables) -> int:
    """Count localities whose XmR chart of monthly admissions signals, March 2017 to February 2020.

    A signal is a point outside the limits or a run of 8 on one side of the mean, over the
    36 months before the pandemic.
    """
    by_locality = _monthly(
        tables["emergency_admissions"], "Month", "EmergencyAdmissions", "LocalityCode"
    ).unstack()
    recent = by_locality[(by_locality.index >= "201703") & (by_locality.index <= PRE_COVID_LAST)]
    found = 0
    for code in recent.columns:  # four localities
        chart = xmr(recent[code].astype(float).reset_index(drop=True), run_length=8)
        found += bool((chart["OutsideLimits"] | chart["Shift"]).any())
    return found


def _detrended_lag1(values: np.ndarray) -> float:
    """Return the lag-1 autocorrelation of ``values`` after removing a straight line."""
    steps = np.arange(len(values))
    residuals = values - np.polyval(np.polyfit(steps, values, 1), steps)
    return float(np.corrcoef(residuals[:-1], residuals[1:])[0, 1])


def delay_autocorrelation(tables: Tables, locality: str | None = None) -> float:
    """Return the lag-1 autocorrelation of detrended delayed beds a day, July 2016 to February 2020.

    Parameters
    ----------
    tables
        The tables.
    locality
        A locality code, or ``None`` for the whole partnership.
    """
    delays = tables["delayed_discharges"]
    if locality is not None:
        delays = delays[delays["LocalityCode"] == locality]
    monthly = _between(
        _monthly(delays, "MonthOfDelay", "NumberOfDelayedBedDays"), "201607", PRE_COVID_LAST
    )
    days = pd.PeriodIndex(monthly.index, freq="M").days_in_month
    return _detrended_lag1(monthly.to_numpy(float) / np.asarray(days))


def _people_aged_65_plus(tables: Tables) -> pd.Series:
    """Return people aged 65+ by (mid-year, locality)."""
    population = tables["population"]
    older = population[population["AgeGroup"].isin(params.AGE_BANDS[13:])]
    return older.groupby(["Year", "LocalityCode"])["Population"].sum()


def delay_care_correlation(tables: Tables) -> float:
    """Return the correlation of delayed bed days and care at home hours, per person aged 65+.

    Across locality-years from 2016/17 to 2024/25, excluding 2020/21 (the pandemic emptied
    hospitals whatever care at home could do): delayed bed days per 1,000 people aged 65+
    against care at home hours per person aged 65+.
    """
    delays = tables["delayed_discharges"]
    month = month_text(delays["MonthOfDelay"]).astype(int)
    start = month // 100 - (month % 100 < 4)
    bed_days = delays.groupby([start, delays["LocalityCode"]])["NumberOfDelayedBedDays"].sum()
    care = tables["care_at_home"]
    care_start = care["FinancialYear"].astype(str).str[:4].astype(int)
    hours = care.groupby([care_start, care["LocalityCode"]])["CareAtHomeHours"].sum()
    older = _people_aged_65_plus(tables)
    frame = pd.DataFrame({"delays": bed_days, "hours": hours, "older": older}).dropna()
    years = frame.index.get_level_values(0)
    frame = frame[(years >= 2016) & (years != 2020)]
    return float(
        np.corrcoef(1000 * frame["delays"] / frame["older"], frame["hours"] / frame["older"])[0, 1]
    )


def sample_table_gaps(tables: Tables) -> pd.DataFrame:
    """Compare the people sample, scaled up, with the 2024/25 tables.

    Returns
    -------
    pandas.DataFrame
        One row per measure: ``Sample`` (scaled up), ``Table``, ``Gap`` (a fraction) and
        ``Z`` (the gap in standard errors of the scaled-up sample total).
    """
    people = tables["people"]
    scale = params.PEOPLE_SAMPLE_DENOMINATOR
    admissions = financial_year_rows(tables["emergency_admissions"], "Month")
    daily = tables["acute_daily"]
    in_year = (daily["Date"].astype(str) >= "2024-04-01") & (
        daily["Date"].astype(str) <= "2025-03-31"
    )
    care = tables["care_at_home"][tables["care_at_home"]["FinancialYear"] == "2024/25"]
    homes = tables["care_homes"][tables["care_homes"]["FinancialYear"] == "2024/25"]
    pairs = {
        "EmergencyAdmissions": (
            people["EmergencyAdmissions"],
            admissions["EmergencyAdmissions"].sum(),
        ),
        "EmergencyBedDays": (people["EmergencyBedDays"], admissions["BedDays"].sum()),
        "AEAttendances": (people["AEAttendances"], daily.loc[in_year, "AEAttendances"].sum()),
        "CareAtHomeClients": (
            (people["CareAtHomeHours"] > 0).astype(float)[people["Age"] >= 18],
            care["CareAtHomeClients"].sum(),
        ),
        "CareAtHomeHours": (people["CareAtHomeHours"], care["CareAtHomeHours"].sum()),
        "CareHomeResidents65Plus": (
            people.loc[people["Age"] >= 65, "CareHomeResident"],
            homes["LongStayResidents65Plus"].sum(),
        ),
    }
    rows = []
    for name, (values, table_total) in pairs.items():
        values = values.astype(float)
        sample = scale * values.sum()
        error = scale * np.sqrt(len(values) * values.var() * (1 - 1 / scale))
        rows.append(
            (
                name,
                sample,
                float(table_total),
                sample / table_total - 1,
                (sample - table_total) / error,
            )
        )
    return pd.DataFrame(rows, columns=["Measure", "Sample", "Table", "Gap", "Z"]).set_index(
        "Measure"
    )


def financial_year_rows(table: pd.DataFrame, month: str, first: str = "202404") -> pd.DataFrame:
    """Return the rows of a monthly table in the financial year starting ``first``."""
    text = month_text(table[month])
    last = str(int(first) + 100 - 1) if first.endswith("01") else f"{int(first[:4]) + 1}03"
    return table[(text >= first) & (text <= last)]


def cost_r_squared(tables: Tables) -> float:
    """Return the R² of a linear model of each person's annual cost on their activity."""
    people = tables["people"]
    columns = [
        "EmergencyBedDays",
        "AEAttendances",
        "GPContacts",
        "CareAtHomeHours",
        "CareHomeResident",
        "PrescribingCostGBP",
    ]
    design = np.column_stack([np.ones(len(people)), people[columns].to_numpy(float)])
    cost = people["AnnualCostGBP"].to_numpy(float)
    fitted = design @ np.linalg.lstsq(design, cost, rcond=None)[0]
    return float(1 - np.sum((cost - fitted) ** 2) / np.sum((cost - cost.mean()) ** 2))


def _ed_percentages(tables: Tables) -> pd.Series:
    """Return the emergency department's monthly share within 4 hours, per cent, by month."""
    ae = tables["ae_attendances"]
    ed = ae[ae["DepartmentType"] == "Emergency Department"]
    return ed.groupby(month_text(ed["Month"]))["PercentageWithin4HoursAll"].mean()


def april_step_ratio(tables: Tables) -> float:
    """Return the mean change in ED 4-hour performance into April over that into other months."""
    change = _ed_percentages(tables).diff().abs().dropna()
    april = change.index.str[4:] == "04"
    return float(change[april].mean() / change[~april].mean())


def ed_month_to_month_change(tables: Tables) -> float:
    """Return the mean absolute month-to-month change in ED 4-hour performance, points."""
    return float(_ed_percentages(tables).diff().abs().mean())


def miu_median_within_4_hours(tables: Tables) -> float:
    """Return the median monthly share within 4 hours at minor injury units, per cent."""
    ae = tables["ae_attendances"]
    return float(
        ae.loc[
            ae["DepartmentType"] == "Minor Injury Unit or Other", "PercentageWithin4HoursAll"
        ].median()
    )


def cohort_survival_ratio(tables: Tables) -> float:
    """Return people aged 50-54 in 2020 over people aged 45-49 in 2015 (the same cohort)."""
    population = tables["population"]
    younger = population.query("Year == 2015 and AgeGroup == '45-49'")["Population"].sum()
    older = population.query("Year == 2020 and AgeGroup == '50-54'")["Population"].sum()
    return float(older / younger)


def _waiting_totals(tables: Tables) -> pd.DataFrame:
    """Return the waiting list's weekly totals over specialties."""
    waiting = tables["waiting_list"]
    return waiting.groupby(waiting["WeekEnding"].astype(str)).sum(numeric_only=True)


def share_waiting_over_52_weeks(tables: Tables) -> float:
    """Return the share of the list waiting over 52 weeks in the last week (a fraction)."""
    last = _waiting_totals(tables).iloc[-1]
    return float(last["WaitingOver52Weeks"] / last["ListSize"])


def longest_waits_follow_list(tables: Tables) -> float:
    """Return the rank correlation, over weeks, of list size and people waiting over 52 weeks."""
    totals = _waiting_totals(tables)
    return float(totals["ListSize"].corr(totals["WaitingOver52Weeks"], method="spearman"))


def removals_largest_step(tables: Tables) -> float:
    """Return the largest one-week fall or rise in removals, as a ratio of 4-week means.

    For each week, the mean removals of the 4 weeks after it over the 4 weeks up to it;
    the value furthest from 1 (as a log ratio) is returned as a ratio below 1. Christmas
    and New Year weeks are left out.
    """
    removals = _waiting_totals(tables)["Removals"].astype(float)
    weeks = pd.to_datetime(removals.index)
    festive = ((weeks.month == 12) & (weeks.day >= 18)) | ((weeks.month == 1) & (weeks.day <= 14))
    after = removals.rolling(4).mean().shift(-4)
    before = removals.rolling(4).mean()
    ratio = np.log(after / before)[~festive].dropna()
    return float(np.exp(-ratio.abs().max()))


def care_home_places_changes(tables: Tables) -> int:
    """Count locality-years in which care home places changed from the year before."""
    homes = tables["care_homes"].pivot(
        index="FinancialYear", columns="LocalityCode", values="Places"
    )
    return int((homes.diff().iloc[1:] != 0).to_numpy().sum())


def care_home_largest_resident_change(tables: Tables) -> float:
    """Return the largest change in long-stay residents from one year to the next (a fraction)."""
    homes = tables["care_homes"].pivot(
        index="FinancialYear", columns="LocalityCode", values="LongStayResidents65Plus"
    )
    return float(homes.pct_change().iloc[1:].abs().to_numpy().max())


def weekend_bed_swing(tables: Tables) -> float:
    """Return beds occupied on the fullest weekday over the emptiest, minus 1."""
    daily = tables["acute_daily"]
    dates = pd.to_datetime(daily["Date"])
    pre = dates < "2020-03-01"
    by_day = daily[pre].groupby(dates[pre].dt.day_of_week)["EmergencyBedsOccupied"].mean()
    return float(by_day.max() / by_day.min() - 1)


def christmas_day_admissions(tables: Tables) -> float:
    """Return emergency admissions on 25 December relative to the December mean."""
    daily = tables["acute_daily"]
    dates = pd.to_datetime(daily["Date"])
    december = daily[dates.dt.month == 12]
    christmas = december[pd.to_datetime(december["Date"]).dt.day == 25]
    return float(christmas["EmergencyAdmissions"].mean() / december["EmergencyAdmissions"].mean())


@dataclass(frozen=True)
class RealismCheck:
    """One measure of realism, the range real data give, and where that range comes from.

    Parameters
    ----------
    name
        What is measured, in a few words.
    measure
        The function that measures it on the tables.
    low, high
        The range the measure should fall in.
    source
        Where the range comes from.
    """

    name: str
    measure: Callable[[Tables], float]
    low: float
    high: float
    source: str


#: Every realism measure with its expected range and source. The tests check each one;
#: the dataset README shows them.
REALISM_CHECKS: tuple[RealismCheck, ...] = (
    RealismCheck(
        "Dispersion ratio of monthly emergency admissions (variance over Poisson)",
        admission_dispersion, 1.4, 2.2,
        "Issue 12 from PHS open data: real boards of this size 1.6 to 2.0",
    ),
    RealismCheck(
        "Coefficient of variation of quarterly emergency admissions, 2017Q4-2019Q4",
        quarterly_cv, 0.022, 0.045,
        "PHS inpatient and day case activity: Dumfries and Galloway 0.0275, Borders 0.0353, "
        "Highland 0.0288",
    ),
    RealismCheck(
        "Residual scatter of monthly A&E attendances a day (log scale), to Feb 2020",
        ae_residual_scatter, 0.022, 0.040,
        "Issue 12 from PHS A&E activity: real boards about 0.026",
    ),
    RealismCheck(
        "Localities (of 4) with an XmR signal in the 36 months before the pandemic",
        xmr_signal_localities, 2, 4,
        "Issue 12 from NHS England A&E SitRep (NHSRdatasets): 65% of trusts of this size have "
        "a point outside the limits, 76% a run of 8",
    ),
    RealismCheck(
        "Lag-1 autocorrelation of detrended delayed beds a day, Jul 2016-Feb 2020",
        delay_autocorrelation, 0.4, 0.9,
        "PHS delayed discharges: seven boards with 34 to 311 delayed beds, 0.45 to 0.85",
    ),
    RealismCheck(
        "Correlation of delayed bed days and care at home hours per person aged 65+",
        delay_care_correlation, -1.0, -0.1,
        "Allan et al., BMC Health Serv Res 2021;21:1297: more home care supply, fewer delays",
    ),
    RealismCheck(
        "R² of annual cost on activity in the people sample",
        cost_r_squared, 0.70, 0.98,
        "Unit costs vary by specialty and provider (PHS cost book); cost is not an exact formula",
    ),
    RealismCheck(
        "Change in ED 4-hour performance into April over other months",
        april_step_ratio, 0.6, 1.5,
        "PHS A&E activity 2015-2023: per site 2.0 points into April, 2.05 into other months",
    ),
    RealismCheck(
        "Mean month-to-month change in ED 4-hour performance, points",
        ed_month_to_month_change, 1.0, 3.5,
        "PHS A&E activity 2015-2023: median site 2.0 points",
    ),
    RealismCheck(
        "Median monthly share within 4 hours at minor injury units, per cent",
        miu_median_within_4_hours, 99.0, 100.0,
        "PHS A&E activity 2015-2023: median site-month 100%, lower quartile 99.7%",
    ),
    RealismCheck(
        "People aged 50-54 in 2020 over people aged 45-49 in 2015 (one cohort)",
        cohort_survival_ratio, 0.95, 1.05,
        "NRS: five-year survival at these ages about 98%, plus net migration",
    ),
    RealismCheck(
        "Share of the waiting list waiting over 52 weeks, March 2025",
        share_waiting_over_52_weeks, 0.02, 0.35,
        "England 2.6% (Aug 2025); Scottish inpatient and day case lists far higher (PHS)",
    ),
    RealismCheck(
        "Rank correlation of list size and people waiting over 52 weeks",
        longest_waits_follow_list, 0.6, 1.0,
        "Waits lengthen as lists grow (NHS England RTT, PHS stage of treatment)",
    ),
    RealismCheck(
        "Largest one-week step in removals (4-week mean after over before)",
        removals_largest_step, 0.45, 1.0,
        "PHS inpatient and day case: elective stays fell to 0.33 of 2019 over a quarter",
    ),
    RealismCheck(
        "Locality-years in which care home places changed",
        care_home_places_changes, 4, 36,
        "PHS care home census: 1,069 homes in 2021, 1,020 in 2024; homes open and close",
    ),
    RealismCheck(
        "Largest year-to-year change in long-stay care home residents",
        care_home_largest_resident_change, 0.0, 0.20,
        "PHS care home census: residents stay a median 596-653 days, so the stock moves slowly",
    ),
    RealismCheck(
        "Beds occupied, fullest weekday over emptiest, minus 1",
        weekend_bed_swing, 0.04, 0.15,
        "Weekend discharges about 30% below weekdays (Cloyd et al., J Hosp Med 2015)",
    ),
    RealismCheck(
        "Emergency admissions on Christmas Day relative to the December mean",
        christmas_day_admissions, 0.5, 0.9,
        "Admissions fall on public holidays and rise after them [EST]",
    ),
)  # fmt: skip


def realism_table(tables: Tables) -> pd.DataFrame:
    """Measure every realism check on the tables.

    Parameters
    ----------
    tables
        The tables.

    Returns
    -------
    pandas.DataFrame
        Columns ``Measure``, ``Lochanvale`` (three significant figures), ``Low``,
        ``High`` and ``Source``.
    """
    rows = [
        (check.name, float(f"{check.measure(tables):.3g}"), check.low, check.high, check.source)
        for check in REALISM_CHECKS
    ]
    return pd.DataFrame(rows, columns=["Measure", "Lochanvale", "Low", "High", "Source"])
