"""planlab.workforce against published worked examples and hand calculations.

Published examples reproduced here (each test names its source and the figures it gives):

- WTE from activity: Burmen, Owuor and Mitei, "An assessment of staffing needs at a HIV clinic
  in a Western Kenya using the WHO workload indicators of staffing need WISN, 2011", Human
  Resources for Health 2017;15:9, Table 3.
- A multiplicative time-out uplift: Hurst, "Selecting and applying methods for estimating
  the size and mix of nursing teams" (Nuffield Institute for Health for the Department of
  Health, 2003), professional judgement method.
- Time out as a share of contracted hours: Elkhuizen et al., "Capacity management of nursing
  staff as a vehicle for organizational improvement", BMC Health Services Research
  2007;7:196, Table 1.
- Ageing and retirement in a stock-and-flow projection: Nirel et al., Israel Journal of
  Health Policy Research 2012;1:11, Table 2 (registered nurses, 2008 to 2013).

The year-by-year flows, the conversions and the gap have no published worked example that
could be reproduced from its inputs; they are checked against hand calculations written out
in the tests.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from planlab import InputValueError, datasets
from planlab.workforce import (
    SIX_STEPS,
    SUPPLY_COLUMNS,
    establishment,
    project_supply,
    share_from_uplift,
    supply_by_group,
    time_out_share,
    uplift_from_share,
    workforce_demand,
    workforce_gap,
    wte_needed,
)

# --- demand: published examples -----------------------------------------------------------


def test_wte_from_activity_reproduces_the_wisn_example_of_burmen_2017() -> None:
    # Source: https://human-resources-health.biomedcentral.com/articles/10.1186/s12960-017-0186-3
    # (Table 3). 10,000 patients x 10 appointments = 100,000 consultations of 0.25 h, so
    # 25,000 h, or 3,125 days of 8 h. Available working time: 52 weeks x 4.5 days = 234 days,
    # less 10 public holidays, 30 days' annual leave and 15 days' sick leave = 179 days.
    # "Baseline staff requirement ... 3125 days ... divided by ... 179 days = 17.46 staff".
    assert wte_needed(3125, 179) == pytest.approx(17.46, abs=0.005)
    # The same sum with productivity at work (234 days x 8 h / 0.25 h = 7,488 consultations
    # a clinician a year) and time out as a share of working days (55 of 234):
    assert wte_needed(100_000, 234 * 8 / 0.25, 55 / 234) == pytest.approx(17.46, abs=0.005)


def test_uplift_reproduces_hursts_professional_judgement_example() -> None:
    # Source: Hurst (2003), professional judgement method, as reproduced at
    # https://ja.scribd.com/document/192735859/Professional-Judgement-Method : a 15-bed ward
    # rostering 3 early (7.5 h), 3 late (7.5 h) and 2 night (10 h) nurses, 7 days:
    # 157.5 + 157.5 + 140 = 455 h; "455 hrs x 1.22 (time-out) = 555.1hrs/37.5hrs (1WTE) =
    # 14.8 WTEs".
    hours = 7.5 * 3 * 7 + 7.5 * 3 * 7 + 10 * 2 * 7
    assert hours == 455
    assert hours * 1.22 == pytest.approx(555.1)
    assert round(wte_needed(hours, 37.5, 0.22, method="uplift"), 1) == 14.8
    # Read as a time-out *share*, 22% needs more staff: 455 / 37.5 / 0.78 = 15.56 WTE.
    assert wte_needed(hours, 37.5, 0.22) == pytest.approx(455 / 37.5 / 0.78)


def test_time_out_share_reproduces_elkhuizen_available_hours() -> None:
    # Source: https://bmchealthservres.biomedcentral.com/articles/10.1186/1472-6963-7-196
    # (Table 1): contractual hours per FTE 1,872.0; holiday 9% (168.5 h), extra holiday over
    # age 45 0.2% (3.7 h), official holidays 3.5% (65.5 h), professional development 2%
    # (37.4 h), sick leave 4% (74.9 h); "Available annual working hours per FTE 1521.9".
    parts = {"holiday": 0.09, "extra": 0.002, "official": 0.035, "development": 0.02, "sick": 0.04}
    share = time_out_share(**parts)
    assert share == pytest.approx(0.187)
    assert [round(1872 * value, 1) for value in parts.values()] == [168.5, 3.7, 65.5, 37.4, 74.9]
    assert round(1872 * (1 - share), 1) == 1521.9
    # So 30,000 hours of care need 30,000 / 1,521.9 WTE, which is the share form of wte_needed.
    assert wte_needed(30_000, 1872, share) == pytest.approx(30_000 / (1872 * 0.813))


def test_nhs_scotland_predictable_absence_allowance_adds_up_to_22_5_per_cent() -> None:
    # NHS Scotland's nursing workload tools: annual leave 15, sickness 4, study 2, maternity 1,
    # other 0.5 = 22.5% (NMWWP, Flynn et al. 2010, as cited by Cumming et al., HSJ, "The right
    # mix"; figures as quoted in the course's data brief).
    share = time_out_share(
        annual_leave=0.15, sickness=0.04, study=0.02, maternity=0.01, other=0.005
    )
    assert share == pytest.approx(0.225)


# --- demand: hand calculations ------------------------------------------------------------


def test_share_and_uplift_convert_both_ways() -> None:
    # A share s is an uplift of 1 / (1 - s) - 1: 0.187 -> 1 / 0.813 - 1 = 0.2300.
    assert uplift_from_share(0.187) == pytest.approx(1 / 0.813 - 1)
    # An uplift u covers a share of 1 - 1 / (1 + u): 0.22 -> 1 - 1 / 1.22 = 0.1803.
    assert share_from_uplift(0.22) == pytest.approx(1 - 1 / 1.22)
    assert share_from_uplift(uplift_from_share(0.3)) == pytest.approx(0.3)
    both = uplift_from_share([0.0, 0.5])
    assert both.tolist() == pytest.approx([0.0, 1.0])


def test_workforce_demand_by_staff_group_by_hand() -> None:
    table = pd.DataFrame(
        {
            "StaffGroup": ["Nursing", "AHP"],
            "Activity": [120_000.0, 30_000.0],
            "Productivity": [1_500.0, 1_000.0],
            "TimeOut": [0.2, 0.25],
        }
    )
    demand = workforce_demand(table)
    # Nursing: 120,000 / 1,500 = 80 WTE at work; / (1 - 0.2) = 100 WTE.
    # AHP: 30,000 / 1,000 = 30 WTE at work; / (1 - 0.25) = 40 WTE.
    assert demand["WTEAtWork"].tolist() == pytest.approx([80.0, 30.0])
    assert demand["WTENeeded"].tolist() == pytest.approx([100.0, 40.0])
    # One allowance for every row, as an uplift: 80 x 1.1 = 88; 30 x 1.1 = 33.
    uplifted = workforce_demand(table, time_out=0.1, method="uplift")
    assert uplifted["WTENeeded"].tolist() == pytest.approx([88.0, 33.0])
    assert list(table.columns) == ["StaffGroup", "Activity", "Productivity", "TimeOut"]


def test_establishment_from_a_vacancy_rate_by_hand() -> None:
    # Vacancies are a share of establishment: 95.2 in post at 4.8% vacant -> 95.2 / 0.952 = 100.
    assert establishment(95.2, 0.048) == pytest.approx(100.0)
    assert establishment([0.0, 90.0], 0.1).tolist() == pytest.approx([0.0, 100.0])


@pytest.mark.parametrize("productivity", [0, -5, [100.0, 0.0]])
def test_wte_needed_refuses_productivity_of_zero_or_less(productivity) -> None:
    with pytest.raises(InputValueError, match=r"productivity(\[1\])? was .*greater than 0"):
        wte_needed(100, productivity)


def test_wte_needed_refuses_impossible_activity_time_out_and_method() -> None:
    with pytest.raises(InputValueError, match="activity was -1"):
        wte_needed(-1, 10)
    with pytest.raises(InputValueError, match=r"time_out was 1\.0"):
        wte_needed(10, 10, 1.0)
    with pytest.raises(InputValueError, match=r"time_out was 22\.0.*write 22% as 0\.22"):
        wte_needed(10, 10, 22)
    with pytest.raises(InputValueError, match=r"time_out was -0\.1"):
        wte_needed(10, 10, -0.1)
    with pytest.raises(InputValueError, match="method was 'divide'"):
        wte_needed(10, 10, 0.2, method="divide")
    with pytest.raises(InputValueError, match="activity was nan"):
        wte_needed(float("nan"), 10)


def test_demand_helpers_refuse_bad_tables_and_shares() -> None:
    with pytest.raises(InputValueError, match="without Productivity"):
        workforce_demand(pd.DataFrame({"Activity": [1.0], "TimeOut": [0.1]}))
    with pytest.raises(InputValueError, match="components"):
        time_out_share()
    with pytest.raises(InputValueError, match="add up to less than 1"):
        time_out_share(leave=0.6, sickness=0.5)
    with pytest.raises(InputValueError, match=r"sickness was 1\.5"):
        time_out_share(sickness=1.5)
    with pytest.raises(InputValueError, match=r"vacancy_rate was 1\.0"):
        establishment(10, 1.0)
    with pytest.raises(InputValueError, match="in_post was -2"):
        establishment(-2, 0.1)


def test_six_steps_are_named_in_order() -> None:
    # Source: Skills for Health, Six Steps Methodology to Integrated Workforce Planning,
    # http://www.skillsforhealth.org.uk/workforce-planning/six-steps-workforce-planning-methodology/
    assert len(SIX_STEPS) == 6
    assert SIX_STEPS[2] == "Defining the required workforce"
    assert SIX_STEPS[3] == "Understanding workforce availability"


# --- supply: published example ------------------------------------------------------------

# Nirel et al. 2012, Table 2: https://ijhpr.biomedcentral.com/articles/10.1186/2045-4015-1-11/tables/2
# Registered nurses working in 2008 by five-year age band (written 24-29 ... 55-60 in the
# table; the bands are five years wide and the oldest leaves the workforce at 60).
NIREL_2008 = {
    "25-29": 2060,
    "30-34": 4370,
    "35-39": 4960,
    "40-44": 4530,
    "45-49": 4160,
    "50-54": 3710,
    "55-59": 4670,
}


def test_ageing_and_retirement_reproduce_nirel_2012_after_five_years() -> None:
    # Table 2, "After 5 Years": "the entire group moved over to the next age group": 0, 2060,
    # 4370, 4960, 4530, 4160, 3710; total 23,790 (28,460 less the 4,670 aged 55-60 who reach
    # 60). One five-year period with five-year bands moves every band up one.
    table = project_supply(
        NIREL_2008, 1, retirement_rate=1.0, start_year=2008, step=5, by_band=True
    )
    assert table["Year"].unique().tolist() == [2013]
    assert table["EndWTE"].tolist() == pytest.approx([0, 2060, 4370, 4960, 4530, 4160, 3710])
    totals = project_supply(NIREL_2008, 1, retirement_rate=1.0, start_year=2008, step=5)
    assert totals.loc[0, "StartWTE"] == 28_460
    assert totals.loc[0, "Retirements"] == 4_670
    assert totals.loc[0, "EndWTE"] == pytest.approx(23_790)


def test_leavers_reproduce_nirel_2012_emigration_column() -> None:
    # Table 2, note 6: "An emigration rate of 0.0076 in each of the age groups multiplied by 5
    # to reflect emigration over 5 years", on the 2008 stock: 78, 166, 188, 172, 158, 141, 177
    # (total 1,080).
    table = project_supply(NIREL_2008, 1, 0.0076 * 5, step=5, ageing=False, by_band=True)
    assert table["Leavers"].round().tolist() == [78, 166, 188, 172, 158, 141, 177]


# --- supply: hand calculations ------------------------------------------------------------


def test_yearly_flows_by_hand() -> None:
    table = project_supply(
        100,
        3,
        0.10,
        retirement_rate=0.05,
        recruits=8,
        trainee_intake=10,
        lead_time=2,
        completion_rate=0.9,
    )
    assert list(table.columns) == list(SUPPLY_COLUMNS)
    assert table["Year"].tolist() == [2026, 2027, 2028]
    # Year 1: 100 - 10 leavers - 5 retirements + 8 recruits + 0 qualifiers = 93 (trainees
    # who start in year 1 join at the end of year 1 + 2 - 1 = 2).
    # Year 2: 93 - 9.3 - 4.65 + 8 + 0.9 x 10 = 96.05.
    # Year 3: 96.05 - 9.605 - 4.8025 + 8 + 9 = 98.6425.
    assert table["StartWTE"].tolist() == pytest.approx([100, 93, 96.05])
    assert table["Leavers"].tolist() == pytest.approx([10, 9.3, 9.605])
    assert table["Retirements"].tolist() == pytest.approx([5, 4.65, 4.8025])
    assert table["Recruits"].tolist() == pytest.approx([8, 8, 8])
    assert table["Qualifiers"].tolist() == pytest.approx([0, 9, 9])
    assert table["EndWTE"].tolist() == pytest.approx([93, 96.05, 98.6425])


def test_age_bands_age_and_retire_by_hand() -> None:
    start = {"40plus": 20.0, "20-29": 100.0, "30-39": 50.0}
    table = project_supply(start, 1, 0.1, retirement_rate=0.25, recruits=5, by_band=True)
    # 20-29: 10 leave, 90 stay, a tenth (the band is 10 years wide) = 9 move up; 90 - 9 + 5
    # recruits = 86.  30-39: 5 leave, 45 stay, 4.5 move up, 9 arrive: 49.5.
    # 40plus: 2 leave, 0.25 x 20 = 5 retire, 13 stay, 4.5 arrive: 17.5.
    assert table["AgeBand"].tolist() == ["20-29", "30-39", "40plus"]
    assert table["AgedOut"].tolist() == pytest.approx([9, 4.5, 0])
    assert table["AgedIn"].tolist() == pytest.approx([0, 9, 4.5])
    assert table["EndWTE"].tolist() == pytest.approx([86, 49.5, 17.5])
    total = project_supply(start, 1, 0.1, retirement_rate=0.25, recruits=5)
    # 170 - 17 - 5 + 5 = 153.
    assert total.loc[0, ["StartWTE", "Leavers", "Retirements", "EndWTE"]].tolist() == [
        pytest.approx(170),
        pytest.approx(17),
        pytest.approx(5),
        pytest.approx(153),
    ]


def test_pipeline_and_trainees_already_in_training_by_hand() -> None:
    # Intake 4, 5, 6 over three years, lead time 3: only year 1's intake joins, at the end of
    # year 3 (1 + 3 - 1); 2 already in training qualify in year 1 and 1 in year 2.
    table = project_supply(0, 3, trainee_intake=[4, 5, 6], lead_time=3, in_training=[2, 1])
    assert table["Qualifiers"].tolist() == pytest.approx([2, 1, 4])
    assert table["EndWTE"].tolist() == pytest.approx([2, 3, 7])


def test_workforce_gap_by_hand() -> None:
    supply = project_supply(100, 2, 0.1)  # ends 90, then 81
    gap = workforce_gap(supply, {2026: 100.0, 2027: 90.0})
    # 100 - 90 = 10 (10% of need); 90 - 81 = 9 (10%).
    assert gap["GapWTE"].tolist() == pytest.approx([10, 9])
    assert gap["GapPct"].tolist() == pytest.approx([10, 10])
    assert workforce_gap(supply, 85.0)["GapWTE"].tolist() == pytest.approx([-5, 4])
    with pytest.raises(InputValueError, match="2027"):
        workforce_gap(supply, {2026: 100.0})


# --- supply: the errors ---------------------------------------------------------------------


def test_supply_refuses_negative_staff() -> None:
    with pytest.raises(InputValueError, match=r"start_wte was -5\.0.*cannot be negative"):
        project_supply(-5, 3)
    with pytest.raises(InputValueError, match=r"start_wte\['30-39'\] was -1\.0"):
        project_supply({"16-29": 10, "30-39": -1}, 3)


@pytest.mark.parametrize("rate", [1.0, 1.2, -0.01])
def test_supply_refuses_turnover_of_one_or_more_or_below_zero(rate) -> None:
    with pytest.raises(InputValueError, match=f"turnover_rate was {rate}"):
        project_supply(100, 3, rate)


def test_supply_refuses_a_band_turnover_out_of_range_and_names_the_band() -> None:
    with pytest.raises(InputValueError, match=r"turnover_rate\['60plus'\] was 1\.0"):
        project_supply({"16-59": 10, "60plus": 5}, 3, {"16-59": 0.1, "60plus": 1.0})
    with pytest.raises(InputValueError, match="a rate for each of the bands"):
        project_supply({"16-59": 10, "60plus": 5}, 3, {"16-59": 0.1})


def test_supply_refuses_a_lead_time_longer_than_the_horizon() -> None:
    with pytest.raises(InputValueError, match=r"lead_time was 6.*no longer than the .* 5 years"):
        project_supply(100, 5, 0.1, trainee_intake=10, lead_time=6)
    project_supply(100, 5, 0.1, trainee_intake=10, lead_time=5)  # exactly the horizon is fine
    with pytest.raises(InputValueError, match="lead_time was 0"):
        project_supply(100, 5, trainee_intake=10, lead_time=0)


def test_supply_refuses_other_impossible_inputs() -> None:
    with pytest.raises(InputValueError, match="years was 0"):
        project_supply(100, 0)
    with pytest.raises(InputValueError, match=r"retirement_rate was 0\.95"):
        project_supply(100, 2, 0.1, retirement_rate=0.95)
    with pytest.raises(InputValueError, match=r"completion_rate was 1\.5"):
        project_supply(100, 2, completion_rate=1.5)
    with pytest.raises(InputValueError, match=r"recruits was \[1\.0, 2\.0\]"):
        project_supply(100, 3, recruits=[1, 2])
    with pytest.raises(InputValueError, match=r"recruits\[1\] was -2\.0"):
        project_supply(100, 2, recruits=[1, -2])
    with pytest.raises(InputValueError, match="in_training"):
        project_supply(100, 2, in_training=[1, 1, 1])
    with pytest.raises(InputValueError, match="entry_band was '30-39'"):
        project_supply({"16-29": 1, "60plus": 1}, 2, entry_band="30-39")
    with pytest.raises(InputValueError, match="band was 'young'"):
        project_supply({"young": 1}, 2)


# --- the course's data ----------------------------------------------------------------------


def _routes() -> pd.DataFrame:
    """Two made-up training routes into two of the course's staff groups."""
    return pd.DataFrame(
        {
            "StaffGroup": ["Nursing and midwifery", "Allied health professions"],
            "Route": ["Degree", "AHP degree"],
            "EntrantsPerYear": [20, 10],
            "LeadTimeYears": [3, 4],
            "CompletionRate": [0.8, 0.9],
            "LocalTakeUpRate": [0.5, 1.0],
        }
    )


def _check_conservation(table: pd.DataFrame, workforce: pd.DataFrame) -> None:
    flows = (
        table["StartWTE"]
        - table["Leavers"]
        - table["Retirements"]
        + table["Recruits"]
        + table["Qualifiers"]
    )
    np.testing.assert_allclose(flows, table["EndWTE"], rtol=0, atol=1e-8)
    for _, group in table.groupby("StaffGroup", sort=False):
        np.testing.assert_allclose(group["StartWTE"].iloc[1:], group["EndWTE"].iloc[:-1])
    first = table[table["Year"] == table["Year"].min()].set_index("StaffGroup")["StartWTE"]
    in_post = workforce.groupby(workforce["StaffGroup"].astype(str))["WTE"].sum()
    np.testing.assert_allclose(first.sort_index(), in_post.sort_index())
    assert (table[["Leavers", "Retirements", "EndWTE"]] >= 0).all().all()


def test_supply_on_the_course_data_conserves_staff_every_year() -> None:
    workforce = datasets.load("workforce")
    staff_groups = datasets.load("staff_groups")
    table = supply_by_group(
        workforce,
        staff_groups,
        25,
        retirement=0.15,
        pipeline=_routes(),
        recruits={group: 20.0 for group in staff_groups["StaffGroup"].astype(str)},
    )
    assert len(table) == 25 * len(staff_groups)
    assert table["StaffGroup"].unique().tolist() == staff_groups["StaffGroup"].astype(str).tolist()
    _check_conservation(table, workforce)
    # Each of the first year's leavers and retirements: the group's turnover of staff in post.
    first = table[table["Year"] == 2026].set_index("StaffGroup")
    turnover = staff_groups.set_index(staff_groups["StaffGroup"].astype(str))["TurnoverRate"]
    np.testing.assert_allclose(
        first["Leavers"] + first["Retirements"], turnover[first.index] * first["StartWTE"]
    )


def test_supply_with_the_course_retirement_and_training_tables() -> None:
    workforce = datasets.load("workforce")
    staff_groups = datasets.load("staff_groups")
    pipeline = datasets.load("training_pipeline")
    table = supply_by_group(
        workforce,
        staff_groups,
        25,
        retirement=datasets.load("retirement"),
        pipeline=pipeline,
        recruits=10.0,
    )
    _check_conservation(table, workforce)
    # Routes that have been running: a steady stream of qualifiers from the first year.
    expected = (
        (pipeline["EntrantsPerYear"] * pipeline["CompletionRate"] * pipeline["LocalTakeUpRate"])
        .groupby(pipeline["StaffGroup"].astype(str))
        .sum()
    )
    by_group = table.groupby("StaffGroup")["Qualifiers"]
    np.testing.assert_allclose(by_group.min()[expected.index], expected)
    np.testing.assert_allclose(by_group.max()[expected.index], expected)


def test_batched_supply_matches_one_group_at_a_time() -> None:
    workforce = datasets.load("workforce")
    staff_groups = datasets.load("staff_groups")
    table = supply_by_group(workforce, staff_groups, 10, retirement=0.2, recruits=15.0)
    nurses = workforce[workforce["StaffGroup"] == "Nursing and midwifery"]
    start = nurses.groupby(nurses["AgeBand"].astype(str))["WTE"].sum()
    # Turnover 6% counts the retirements: 0.2 of the 60plus band's WTE over all WTE retire,
    # so the other leavers' rate is 0.06 less that share.
    others = 0.06 - 0.2 * start["60plus"] / start.sum()
    alone = project_supply(start, 10, others, retirement_rate=0.2, recruits=15.0)
    batched = table[table["StaffGroup"] == "Nursing and midwifery"]
    np.testing.assert_allclose(batched["EndWTE"], alone["EndWTE"])
    np.testing.assert_allclose(batched["Leavers"], alone["Leavers"])


def test_pipeline_qualifiers_by_hand() -> None:
    workforce = datasets.load("workforce")
    staff_groups = datasets.load("staff_groups")
    routes = _routes()
    running = supply_by_group(workforce, staff_groups, 5, pipeline=routes)
    starting = supply_by_group(workforce, staff_groups, 5, pipeline=routes, pipeline_running=False)
    nurses = "Nursing and midwifery"
    # Nursing: 20 starters x 0.8 completing x 0.5 taking a local post = 8 a year. Running,
    # 8 a year from the first; starting from empty, the first join at the end of year 3.
    assert running[running["StaffGroup"] == nurses]["Qualifiers"].tolist() == pytest.approx([8] * 5)
    assert starting[starting["StaffGroup"] == nurses]["Qualifiers"].tolist() == pytest.approx(
        [0, 0, 8, 8, 8]
    )
    # AHP: 10 x 0.9 x 1.0 = 9 a year, from year 4 when starting from empty.
    ahp = starting[starting["StaffGroup"] == "Allied health professions"]["Qualifiers"].tolist()
    assert ahp == pytest.approx([0, 0, 0, 9, 9])
    assert (
        running[~running["StaffGroup"].isin([nurses, "Allied health professions"])]["Qualifiers"]
        == 0
    ).all()


def test_supply_by_group_refuses_what_it_cannot_use() -> None:
    workforce = datasets.load("workforce")
    staff_groups = datasets.load("staff_groups")
    with pytest.raises(InputValueError, match="without WTE"):
        supply_by_group(workforce.drop(columns="WTE"), staff_groups, 5)
    with pytest.raises(InputValueError, match="every staff group"):
        supply_by_group(workforce, staff_groups.iloc[:2], 5)
    negative = workforce.assign(WTE=workforce["WTE"].where(workforce.index != 0, -3.0))
    with pytest.raises(InputValueError, match=r"WTE for 'Nursing and midwifery' aged 16-29 was"):
        supply_by_group(negative, staff_groups, 5)
    leaving = staff_groups.assign(
        TurnoverRate=staff_groups["TurnoverRate"].where(staff_groups.index != 1, 1.0)
    )
    with pytest.raises(InputValueError, match=r"TurnoverRate for 'Medical and dental' was 1\.0"):
        supply_by_group(workforce, leaving, 5)
    with pytest.raises(
        InputValueError, match=r"lead_time of the route 'AHP degree' was 4.*at least 4 years"
    ):
        supply_by_group(workforce, staff_groups, 3, pipeline=_routes())
    with pytest.raises(InputValueError, match="without LeadTimeYears"):
        supply_by_group(
            workforce, staff_groups, 5, pipeline=_routes().drop(columns="LeadTimeYears")
        )
    with pytest.raises(InputValueError, match="pipeline was 'Porters'"):
        supply_by_group(workforce, staff_groups, 5, pipeline=_routes().assign(StaffGroup="Porters"))
    bad = pd.DataFrame(
        {"StaffGroup": ["Care homes"], "AgeBand": ["70plus"], "RetirementRate": [0.5]}
    )
    with pytest.raises(InputValueError, match="retirement was '70plus'"):
        supply_by_group(workforce, staff_groups, 5, retirement=bad)
    with pytest.raises(
        InputValueError, match=r"retirement\['60plus'\] for 'Care at home' was 0\.9"
    ):
        supply_by_group(workforce, staff_groups, 5, retirement=0.9)


def test_the_docstring_examples_run() -> None:
    import doctest

    from planlab.workforce import demand, gap, supply

    results = [doctest.testmod(module) for module in (demand, supply, gap)]
    assert sum(result.attempted for result in results) >= 8
    assert sum(result.failed for result in results) == 0
