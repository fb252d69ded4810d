"""Module 8's data: training pipeline, retirement, care home occupancy and reserves.

Each calibration test names the published figure it checks, with the source's code in
``../shared/data-brief-2.md`` (S1-S40) or the source itself; the figures and their
sources are also in ``planlab.data.parameters`` and ``datasets/README.md``. Lochanvale's
share of a Scottish count is its 145,000 people over Scotland's 5,490,100 (2.64%).
Consistency tests check that the new tables agree with the tables they sit beside.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from planlab.data import parameters as params
from planlab.data.calibration import care_home_occupancy, retirement_share

SEEDS = ["tables", "other_tables"]
SHARE = 145_000 / params.SCOTLAND_POPULATION_MID_2023
OLDER_STAFF = ["55-59", "60plus"]


@pytest.fixture(params=SEEDS)
def made(request):
    return request.getfixturevalue(request.param)


def route(tables, name: str) -> pd.Series:
    return tables["training_pipeline"].set_index("Route").loc[name]


def reserves_total(tables) -> pd.Series:
    reserves = tables["reserves"].set_index("FinancialYear")
    return reserves["GeneralReservesGBP"] + reserves["EarmarkedReservesGBP"]


# --- Training pipeline ------------------------------------------------------------------


def test_every_route_feeds_a_staff_group_and_pay_band_that_exist(made):
    pipeline = made["training_pipeline"]
    bands = set(zip(made["pay_bands"]["StaffGroup"], made["pay_bands"]["PayBand"], strict=True))
    assert set(pipeline["StaffGroup"]) <= set(made["staff_groups"]["StaffGroup"])
    assert set(zip(pipeline["StaffGroup"], pipeline["PayBand"], strict=True)) <= bands
    assert pipeline["StaffGroup"].nunique() == 4  # the NHS professions and social work


def test_lead_times_are_the_published_lengths_of_training(tables):
    lead = tables["training_pipeline"].set_index("Route")["LeadTimeYears"]
    # S10 (NES, Becoming a nurse): a nursing degree takes 3 to 4 years.
    assert 3 <= lead["Nursing degree"] <= 4
    # S9 (NHS Scotland Careers): 2-year foundation programme, then 3-year GP training.
    assert lead["Foundation and GP training"] == 2 + 3
    # Data brief 2 [EST]: a consultant qualifies 5 to 8 years after foundation.
    assert 2 + 5 <= lead["Foundation and specialty training to consultant"] <= 2 + 8
    # Data brief 2 [EST]: an AHP degree takes 3 to 4 years.
    assert 3 <= lead["AHP degree"] <= 4
    # Social work: 4-year honours or 2-year postgraduate degree (SSSC).
    assert 2 <= lead["Social work degree"] <= 4


def test_nursing_students_are_lochanvales_share_of_ucas_acceptances(made):
    # UCAS via The Courier, 7 Dec 2023: 3,520 accepted to nursing in Scotland in 2023.
    expected = 3_520 * SHARE
    assert route(made, "Nursing degree")["EntrantsPerYear"] == pytest.approx(expected, rel=0.15)


def test_gp_trainees_are_lochanvales_share_of_gp_training_posts_filled(made):
    # NES via Scottish Government: 325 of 340 GP training posts filled in 2019; all 268
    # first-round posts for 2023 filled. Lochanvale's share of 268 to 340 is 7.1 to 9.0.
    entrants = route(made, "Foundation and GP training")["EntrantsPerYear"]
    assert 268 * SHARE * 0.85 <= entrants <= 340 * SHARE * 1.15


def test_nursing_completion_reflects_published_attrition():
    # Nursing Standard FOI (via BBC News 2006, The Scotsman): 29-30% of Scottish nursing
    # students left their course in 2000-08; retention improved after (Sabin et al. 2012).
    completion = {row[1]: row[5] for row in params.TRAINING_ROUTES}["Nursing degree"]
    assert 0.70 <= completion <= 0.80


def test_training_alone_replaces_fewer_staff_than_leave(made):
    # Consistency with workforce.csv: local qualifiers a year fall short of the leavers, so
    # a supply projection needs recruitment too (as in Scotland, where 408 of 3,658 nurses
    # first joining the register in 2023-24 were educated abroad; NMC via RCN Scotland).
    pipeline = made["training_pipeline"]
    joiners = pipeline["EntrantsPerYear"] * pipeline["CompletionRate"] * pipeline["LocalTakeUpRate"]
    by_group = joiners.groupby(pipeline["StaffGroup"]).sum()
    leavers = made["workforce"].groupby("StaffGroup")["LeaversLastYear"].sum()
    assert (by_group < leavers[by_group.index]).all(), pd.concat([by_group, leavers], axis=1)
    assert by_group["Nursing and midwifery"] > 0.25 * leavers["Nursing and midwifery"]


# --- Retirement -------------------------------------------------------------------------


def test_every_staff_group_has_a_rate_for_every_age_band(made):
    retirement = made["retirement"]
    expected = {
        (group, band)
        for group in made["staff_groups"]["StaffGroup"]
        for band in params.STAFF_AGE_BANDS
    }
    assert set(zip(retirement["StaffGroup"], retirement["AgeBand"], strict=True)) == expected
    assert set(retirement["AgeBand"]) == set(made["workforce"]["AgeBand"])


def test_retirement_rises_with_age_and_starts_at_55(made):
    rates = made["retirement"].pivot(index="StaffGroup", columns="AgeBand", values="RetirementRate")
    rates = rates[list(params.STAFF_AGE_BANDS)]
    assert (rates.diff(axis=1).iloc[:, 1:] >= 0).all().all()
    # Below 55 only ill-health retirement (NHS special class status allows 55; SPPA).
    assert (rates[["16-29", "30-39", "40-49", "50-54"]] <= 0.005).all().all()
    assert (rates["60plus"] >= 0.09).all()


def test_the_workforce_age_profile_has_about_a_fifth_aged_55_plus(made):
    # Data brief 2: 19.7% of NHS Scotland staff aged 55+ in 2019 (ISD via RCN, S8); 20-22%
    # now [EST]. The retirement table works on this profile.
    staff = made["workforce"]
    share = (
        staff.loc[staff["AgeBand"].isin(OLDER_STAFF), "Headcount"].sum() / staff["Headcount"].sum()
    )
    assert 0.195 <= share <= 0.23


def test_nursing_retirements_match_the_published_ten_year_outlook(made):
    # ISD via RCNi (2016): 17.8% of Scotland's nurses expected to retire within ten years,
    # about 1.78% a year.
    assert retirement_share(made, "Nursing and midwifery") == pytest.approx(0.0178, rel=0.15)


def test_expected_retirements_are_fewer_than_leavers_in_every_staff_group(made):
    # Consistency with workforce.csv: retirement is one reason for leaving.
    staff = made["workforce"].merge(made["retirement"], on=["StaffGroup", "AgeBand"])
    retiring = (staff["Headcount"] * staff["RetirementRate"]).groupby(staff["StaffGroup"]).sum()
    leavers = staff.groupby("StaffGroup")["LeaversLastYear"].sum()
    assert (retiring < 0.6 * leavers).all(), pd.concat([retiring, leavers], axis=1)


def test_retirement_rates_are_below_the_leaver_rates_workforce_is_drawn_from():
    age_share = np.array(params.STAFF_AGE_SHARE)
    by_age = np.array(params.TURNOVER_BY_AGE) / (np.array(params.TURNOVER_BY_AGE) * age_share).sum()
    for group, _, _, _, turnover, _ in params.STAFF_GROUPS:
        leaving = turnover * by_age
        assert (np.array(params.RETIREMENT_RATE_BY_AGE[group]) < 0.9 * leaving).all(), group


# --- Care home occupancy ----------------------------------------------------------------


def test_care_homes_alone_cannot_give_occupancy(made):
    # Long-stay residents aged 65+ over places is well below the census's 82-88%, so
    # occupancy needs every resident: the reason care_home_occupancy exists.
    homes = made["care_homes"].groupby("FinancialYear")[["LongStayResidents65Plus", "Places"]]
    ratio = homes.sum()["LongStayResidents65Plus"] / homes.sum()["Places"]
    assert (ratio < 0.8).all()


def test_occupancy_matches_the_care_home_census(made):
    # S15 (PHS census 2024): 34,113 residents in 40,079 places at 31 March 2024, 85.1%.
    assert care_home_occupancy(made, "2023/24") == pytest.approx(34_113 / 40_079, abs=0.03)
    # S16 (PHS census 2011-2021): 82% at 31 March 2021, down from 88% in 2011; PHS census
    # 2009-2019: 35,630 residents in 41,032 places at 31 March 2019 (86.8%).
    assert care_home_occupancy(made, "2020/21") == pytest.approx(0.82, abs=0.02)
    assert care_home_occupancy(made, "2018/19") == pytest.approx(35_630 / 41_032, abs=0.03)
    assert care_home_occupancy(made, "2020/21") < care_home_occupancy(made, "2018/19")


def test_residents_fit_between_the_long_stay_residents_and_the_places(made):
    joined = made["care_home_occupancy"].merge(
        made["care_homes"], on=["FinancialYear", "LocalityCode"], validate="one_to_one"
    )
    assert len(joined) == len(made["care_homes"])
    assert (joined["Residents"] >= joined["LongStayResidents65Plus"]).all()
    assert (joined["Residents"] <= joined["Places"]).all()
    rate = joined["Residents"] / joined["Places"]
    assert np.allclose(joined["OccupancyRate"], rate, atol=0.0005)


# --- Reserves and savings -----------------------------------------------------------------


def test_reserves_cover_exactly_the_budget_years(made):
    assert list(made["reserves"]["FinancialYear"]) == sorted(
        made["budget"]["FinancialYear"].unique()
    )


def test_four_fifths_of_reserves_are_earmarked_in_2020_21(made):
    # S23 (Audit Scotland, 30 Jun 2022): 81% of IJB reserves earmarked in 2020/21.
    reserves = made["reserves"].set_index("FinancialYear")
    share = reserves.loc["2020/21", "EarmarkedReservesGBP"] / reserves_total(made)["2020/21"]
    assert share == pytest.approx(0.81, abs=0.04)


def test_reserves_per_head_in_2021_22_match_all_ijbs(made):
    # Accounts Commission (2023, via nen.press): IJB reserves doubled to over £1.3 billion
    # in 2021/22; Scotland had 5,447,700 people at mid-2022 (NRS).
    per_head = reserves_total(made)["2021/22"] / 145_000
    assert per_head == pytest.approx(1.3e9 / params.SCOTLAND_POPULATION_MID_2022, rel=0.15)


def test_reserves_triple_then_double_then_fall(made):
    # S23: reserves tripled in 2020/21; Accounts Commission: doubled in 2021/22; S13, S22:
    # IJBs then used reserves to balance budgets.
    total = reserves_total(made)
    assert 2.3 <= total["2020/21"] / total["2019/20"] <= 3.7
    assert 1.6 <= total["2021/22"] / total["2020/21"] <= 2.4
    assert total["2021/22"] > total["2022/23"] > total["2023/24"] > total["2024/25"]


def test_planned_savings_are_the_savings_the_budget_assumes(made):
    budget = made["budget"].groupby("FinancialYear")["BudgetGBP"].sum()
    savings = made["reserves"].set_index("FinancialYear")["PlannedSavingsGBP"]
    expected = params.BUDGET_SAVINGS_SHARE * budget.shift(1)
    lines = made["budget"]["ServiceArea"].nunique()
    assert (abs(savings - expected).dropna() <= 1_000 * lines).all()
    # Between Argyll and Bute's £2.7m recovery on £329m (0.8%, S24) and NHS Dumfries and
    # Galloway's 5% saving (S25) in 2024/25.
    assert 0.008 <= savings["2024/25"] / budget["2024/25"] <= 0.05


def test_the_general_reserve_is_a_contingency_of_about_two_percent(made):
    # [EST]: many IJB reserves policies aim for a general reserve of about 2% of budget.
    budget = made["budget"].groupby("FinancialYear")["BudgetGBP"].sum()
    general = made["reserves"].set_index("FinancialYear")["GeneralReservesGBP"]
    assert 0.01 <= general["2024/25"] / budget["2024/25"] <= 0.03


# --- Validation of the new files -------------------------------------------------------------


def test_more_residents_than_places_is_reported(broken):
    path = broken.path("care_home_occupancy.csv")
    row = path.read_text(encoding="utf-8").splitlines()[1]
    year, code, residents, _ = row.split(",")
    broken.replace_line(path.name, 2, row, f"{year},{code},9999,1")
    error = broken.problems()
    assert error.path == path
    assert error.problems[0][:2] == (2, "Residents")
    assert "9999 residents in" in error.problems[0][2]
    assert int(residents) < 9999


def test_a_reserves_year_missing_from_the_budget_is_reported(broken):
    path = broken.path("reserves.csv")
    broken.replace_line(path.name, 2, "2019/20", "2018/19")
    error = broken.problems()
    assert error.path == path
    assert (2, "FinancialYear", "'2018/19' is not a year of budget.csv") in error.problems
    assert (
        None,
        "FinancialYear",
        "budget.csv has 2019/20, but this file has no row for it",
    ) in error.problems


def test_a_route_into_a_pay_band_its_group_lacks_is_reported(broken):
    path = broken.path("training_pipeline.csv")
    broken.replace_line(path.name, 2, "Nursing degree,Band 5", "Nursing degree,Consultant")
    error = broken.problems()
    assert (
        2,
        "StaffGroup, PayBand",
        "(Nursing and midwifery, Consultant) is not in pay_bands (StaffGroup, PayBand)",
    ) in error.problems
