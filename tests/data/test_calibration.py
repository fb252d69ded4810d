"""The partnership matches the published figures it was calibrated to, for any seed.

Ranges come from the issue and from ../shared/data-brief.md.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from planlab.data import parameters as params
from planlab.data.calibration import key_figures

SEEDS = ["tables", "other_tables"]

AGE_BAND_TO_BROAD = dict(
    zip(
        params.AGE_BANDS, np.array(params.BROAD_AGE_GROUPS)[list(params.BAND_TO_BROAD)], strict=True
    )
)


def population_2019_by_broad_group(tables) -> pd.Series:
    people = tables["population"].query("Year == 2019")
    return people.groupby(people["AgeGroup"].map(AGE_BAND_TO_BROAD))["Population"].sum()


def admissions_2019(tables) -> pd.DataFrame:
    admissions = tables["emergency_admissions"]
    return admissions[admissions["Month"].str.startswith("2019")]


@pytest.fixture(params=SEEDS)
def made(request):
    return request.getfixturevalue(request.param)


def test_share_aged_65_plus_is_between_18_and_23_percent(made):
    people = made["population"].query(f"Year == {params.BASE_YEAR}")
    older = people["AgeGroup"].isin(params.AGE_BANDS[13:])
    assert 0.18 <= people.loc[older, "Population"].sum() / people["Population"].sum() <= 0.23


def test_crude_emergency_admission_rate_is_between_85_and_115_per_1000(made):
    rate = (
        1000
        * admissions_2019(made)["EmergencyAdmissions"].sum()
        / population_2019_by_broad_group(made).sum()
    )
    assert 85 <= rate <= 115


def test_admission_rates_rise_with_age_after_childhood(made):
    counts = admissions_2019(made).groupby("AgeGroup")["EmergencyAdmissions"].sum()
    rates = (counts / population_2019_by_broad_group(made))[list(params.BROAD_AGE_GROUPS)]
    assert rates["0-4"] > rates["5-14"]  # the J-shape: infants before the climb
    assert rates.iloc[1:].is_monotonic_increasing
    assert rates["85plus"] > 4 * rates["15-44"]


def test_simd_quintile_1_is_admitted_about_twice_as_often_as_quintile_5(made):
    counts = admissions_2019(made).groupby("SIMDQuintile")["EmergencyAdmissions"].sum()
    people = made["population"].query("Year == 2019").groupby("SIMDQuintile")["Population"].sum()
    rates = counts / people
    assert rates[1] > rates[2] > rates[3] > rates[4] > rates[5]
    assert 1.6 <= rates[1] / rates[5] <= 2.6


def test_emergency_admissions_per_day_are_higher_december_to_march_than_in_july(made):
    daily = made["acute_daily"]
    dates = pd.to_datetime(daily["Date"])
    before_pandemic = dates < "2020-03-01"
    winter = daily.loc[before_pandemic & dates.dt.month.isin([12, 1, 2, 3]), "EmergencyAdmissions"]
    july = daily.loc[before_pandemic & (dates.dt.month == 7), "EmergencyAdmissions"]
    assert winter.mean() > 1.03 * july.mean()


def test_a_quarter_to_a_third_of_ed_attendances_are_admitted(made):
    ed = made["ae_attendances"].query("DepartmentType == 'Emergency Department'")
    by_year = ed.groupby(ed["Month"].str[:4])[["NumberAdmitted", "NumberOfAttendancesAll"]].sum()
    share = by_year["NumberAdmitted"] / by_year["NumberOfAttendancesAll"]
    assert share.between(0.25, 1 / 3).all()


def test_length_of_stay_rises_with_age(made):
    sums = (
        made["emergency_admissions"].groupby("AgeGroup")[["BedDays", "EmergencyAdmissions"]].sum()
    )
    stay = (sums["BedDays"] / sums["EmergencyAdmissions"])[list(params.BROAD_AGE_GROUPS)]
    assert stay.is_monotonic_increasing
    assert 6.5 <= sums["BedDays"].sum() / sums["EmergencyAdmissions"].sum() <= 8.5


def test_population_is_about_150000_in_four_localities(made):
    localities = made["localities"]
    assert len(localities) == 4
    assert 120_000 <= localities["Population"].sum() <= 180_000
    assert set(localities["Character"]) == {
        "Deprived urban",
        "Affluent suburban",
        "Small towns",
        "Remote rural and island",
    }


def test_older_population_grows_faster_than_the_whole(made):
    projected = made["population_projections"].query("Variant == 'principal'")
    years = projected.groupby("Year")["Population"].sum()
    older = (
        projected[projected["AgeGroup"].isin(params.AGE_BANDS[15:])]
        .groupby("Year")["Population"]
        .sum()
    )
    assert older[2045] / older[2024] > 1.3 > years[2045] / years[2024] > 1.0
    variants = (
        made["population_projections"].query("Year == 2045").groupby("Variant")["Population"].sum()
    )
    assert variants["low"] < variants["principal"] < variants["high"]


def test_the_pandemic_shows_in_april_2020(made):
    admissions = made["emergency_admissions"].groupby("Month")["EmergencyAdmissions"].sum()
    delays = made["delayed_discharges"].groupby("MonthOfDelay")["NumberOfDelayedBedDays"].sum()
    assert admissions["202004"] < 0.85 * admissions["201904"]
    assert delays["202004"] < 0.7 * delays["202001"]


def test_waiting_list_is_never_negative_and_grows_through_the_pandemic(made):
    waiting = made["waiting_list"]
    assert (waiting["ListSize"] >= 0).all()
    total = waiting.groupby("WeekEnding")["ListSize"].sum()
    assert total["2021-03-28"] > 1.5 * total["2020-03-29"]
    assert (waiting["WaitingOver52Weeks"] <= waiting["WaitingOver12Weeks"]).all()
    assert (waiting["WaitingOver12Weeks"] <= waiting["ListSize"]).all()


def test_four_hour_performance_falls_after_the_pandemic(made):
    ed = made["ae_attendances"].query("DepartmentType == 'Emergency Department'")
    by_year = ed.groupby(ed["Month"].str[:4])[
        ["NumberWithin4HoursAll", "NumberOfAttendancesAll"]
    ].sum()
    share = by_year["NumberWithin4HoursAll"] / by_year["NumberOfAttendancesAll"]
    assert share["2016"] > 0.9 > 0.75 > share["2023"]


def test_every_key_figure_is_within_15_percent_of_the_published_one(made):
    figures = key_figures(made)
    ratio = figures["Lochanvale"] / figures["Published"]
    off = figures.loc[~ratio.between(0.85, 1.15), ["Figure", "Lochanvale", "Published"]]
    assert off.empty, off.to_string()


def test_a_few_percent_of_people_account_for_half_the_cost(made):
    cost = made["people"]["AnnualCostGBP"].sort_values(ascending=False)
    top_5_percent = cost.head(len(cost) // 20).sum() / cost.sum()
    assert 0.45 <= top_5_percent <= 0.85
    assert (cost == 0).mean() < 0.2  # almost everyone uses something, if only a GP


def test_people_in_older_segments_use_more(made):
    people = made["people"]
    by_segment = people.groupby("SegmentCode")[["EmergencyBedDays", "AnnualCostGBP"]].mean()
    healthy, frail = by_segment.loc[1], by_segment.loc[8]
    assert frail["AnnualCostGBP"] > 10 * healthy["AnnualCostGBP"]
    assert people.loc[people["SegmentCode"] == 8, "Age"].median() >= 75
    sample_rate = 1000 * people["EmergencyAdmissions"].sum() / len(people)
    assert 75 <= sample_rate <= 115
