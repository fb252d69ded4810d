"""Module 12's data: four fictional intermediate-care options, their costs, benefits and scores.

The tables must make an appraisal worth doing (the interface agreed for module 12): the
intermediate care unit (OPT2) has the largest benefits and the largest capital, so optimism
bias raises its cost most; the reablement team (OPT3) has the lowest net present cost per
bed day saved, with hospital at home (OPT4) close; the panel's ranking flips when one
criterion's weight moves by 10 to 40 percentage points; and the benefit by SIMD quintile
follows where the localities' older people live.

Each property is checked here from the published CSV columns with the toolkit's appraisal
methods, not with the generator's own arithmetic:

- discounting at the Green Book's 3.5% a year for years 0 to 30 (HM Treasury, The Green
  Book, Annex 6, Table 6.1; :mod:`planlab.appraisal.discounting`);
- optimism bias at the upper bounds of Mott MacDonald (2002), Review of Large Public
  Procurement in the UK, Table 2 (24% for standard buildings' capital, 200% for
  equipment/development), as HM Treasury's supplementary guidance adopts them;
- the linear additive model of multi-criteria analysis, weights normalised to 1, and the
  exact weight at which the top option changes (DCLG, Multi-criteria analysis: a manual,
  2009; :func:`planlab.appraisal.weight_sensitivity`).

Unit costs are recomputed by hand from their published sources (National Care Home
Contract rate, Agenda for Change salaries) to check the generator's arithmetic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from planlab.appraisal import (
    OPTIMISM_BIAS,
    apply_optimism_bias,
    net_present_cost,
    present_value,
    weight_sensitivity,
    weighted_scores,
)
from planlab.data import parameters as params
from planlab.data.tables.appraisal import (
    make_appraisal_cashflows,
    make_appraisal_equity,
    make_appraisal_scores,
)

SEEDS = ["tables", "other_tables"]
OPTIONS = ["OPT1", "OPT2", "OPT3", "OPT4"]
OLDER_BANDS = ["65-69", "70-74", "75-79", "80-84", "85-89", "90plus"]
COLUMNS = {
    "appraisal_options": ["OptionId", "OptionName", "Description", "ProjectType", "FirstYear"],
    "appraisal_cashflows": [
        "OptionId",
        "Year",
        "FinancialYear",
        "CapitalGBP",
        "RevenueGBP",
        "BedDaysSaved",
        "PeopleAtHomeAt91Days",
    ],
    "appraisal_criteria": ["Criterion", "CriterionName", "Description", "Weight"],
    "appraisal_scores": ["PanelMember", "PanelRole", "OptionId", "Criterion", "Score"],
    "appraisal_equity": ["OptionId", "SIMDQuintile", "ShareOfBenefit"],
}


def appraisal(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Return each option's totals and net present costs, from the published columns only.

    Net present cost is capital plus revenue discounted at the Green Book rate; "with OB"
    raises capital by the optimism bias upper bound of the option's project type.
    Incremental figures are the option's less the do-minimum's (OPT1).
    """
    options = tables["appraisal_options"].set_index("OptionId")
    rows = {}
    for option, flows in tables["appraisal_cashflows"].groupby("OptionId"):
        flows = flows.sort_values("Year")
        capital = flows["CapitalGBP"].to_numpy(dtype=float)
        revenue = flows["RevenueGBP"].to_numpy(dtype=float)
        project = options.loc[option, "ProjectType"]
        raised = apply_optimism_bias(capital, project) if project else capital
        bed_days = flows["BedDaysSaved"].to_numpy(dtype=float)
        rows[option] = {
            "Capital": capital.sum(),
            "Revenue": revenue.sum(),
            "BedDays": bed_days.sum(),
            "PVBedDays": present_value(bed_days),
            "AtHome": flows["PeopleAtHomeAt91Days"].sum(),
            "NPC": net_present_cost(capital, revenue),
            "NPCWithOB": net_present_cost(raised, revenue),
        }
    table = pd.DataFrame(rows).T
    for column in ("NPC", "NPCWithOB"):
        table[f"Extra{column}"] = table[column] - table.loc["OPT1", column]
    return table


def panel_scores(tables: dict[str, pd.DataFrame], how: str = "median") -> pd.DataFrame:
    """Return the panel's score of each option (rows) on each criterion (columns)."""
    criteria = tables["appraisal_criteria"]["Criterion"].astype(str).tolist()
    scores = tables["appraisal_scores"].astype({"OptionId": str, "Criterion": str})
    return scores.pivot_table(index="OptionId", columns="Criterion", values="Score", aggfunc=how)[
        criteria
    ]


def agreed_weights(tables: dict[str, pd.DataFrame]) -> dict[str, float]:
    criteria = tables["appraisal_criteria"]
    return dict(zip(criteria["Criterion"].astype(str), criteria["Weight"], strict=True))


@pytest.fixture(params=SEEDS)
def seeded(request) -> dict[str, pd.DataFrame]:
    """The tables of the default seed and of another seed."""
    return request.getfixturevalue(request.param)


def test_the_tables_have_the_agreed_columns_and_sizes(seeded):
    for name, columns in COLUMNS.items():
        assert list(seeded[name].columns) == columns, name
    assert seeded["appraisal_options"]["OptionId"].tolist() == OPTIONS
    flows = seeded["appraisal_cashflows"]
    assert len(flows) == 4 * 10
    assert sorted(flows["Year"].unique()) == list(range(10))
    assert flows.loc[flows["Year"] == 0, "FinancialYear"].unique().tolist() == ["2026/27"]
    assert seeded["appraisal_options"]["FirstYear"].unique().tolist() == ["2026/27"]
    assert seeded["appraisal_criteria"]["Weight"].sum() == 100
    assert len(seeded["appraisal_scores"]) == 8 * 4 * 5
    assert len(seeded["appraisal_equity"]) == 4 * 5


def test_project_types_are_optimism_bias_types_and_only_options_with_capital_have_one(seeded):
    options = seeded["appraisal_options"].set_index("OptionId")["ProjectType"]
    capital = seeded["appraisal_cashflows"].groupby("OptionId")["CapitalGBP"].sum()
    for option in OPTIONS:
        if capital[option] > 0:
            assert options[option] in OPTIMISM_BIAS
        else:
            assert options[option] == ""


def test_the_do_minimum_costs_the_interim_places_at_the_care_home_contract_rate(seeded):
    """OPT1's revenue recomputed from its published basis.

    14 places in 2026/27 growing 2.1% a year (NRS: +68% aged 75+ from 2022 to 2047, so
    1.68 ** (1 / 25) - 1), at the National Care Home Contract nursing rate of £948.59 a
    week from April 2024 raised 4% a year for two years, for 365.25 / 7 weeks a year.
    """
    flows = seeded["appraisal_cashflows"].query("OptionId == 'OPT1'").sort_values("Year")
    assert round(1.68 ** (1 / 25) - 1, 3) == params.APPRAISAL_DEMAND_GROWTH
    expected = 14 * 1.021 ** np.arange(10) * 948.59 * 1.04**2 * 365.25 / 7
    assert flows["RevenueGBP"].to_numpy() == pytest.approx(expected, abs=500)
    assert (flows[["CapitalGBP", "BedDaysSaved", "PeopleAtHomeAt91Days"]] == 0).all().all()
    everyone = seeded["appraisal_cashflows"].sort_values(["OptionId", "Year"])
    for option in OPTIONS[1:]:  # the do-minimum goes on under every option
        other = everyone[everyone["OptionId"] == option]
        assert (other["RevenueGBP"].to_numpy() >= flows["RevenueGBP"].to_numpy()).all()


def test_the_reablement_teams_running_cost_is_its_staff_at_agenda_for_change_pay(tables):
    """OPT3 at full running (year 5) less the do-minimum, recomputed by hand.

    22 reablement workers at £24,500, 3 occupational therapists at band 6 (£41,950), a
    band 7 team leader (£50,000) and a band 3 administrator (£26,500), 2023/24 salaries;
    pay raised by 4.25%, 4.25% and 3.75% to 2026/27; employer on-costs 27%; non-pay 20%.
    The estimate may differ by up to 2% (the table's own draw).
    """
    flows = tables["appraisal_cashflows"].set_index(["OptionId", "Year"])["RevenueGBP"]
    salaries = 22 * 24_500 + 3 * 41_950 + 50_000 + 26_500
    expected = salaries * 1.0425 * 1.0425 * 1.0375 * 1.27 * 1.20
    assert flows["OPT3", 5] - flows["OPT1", 5] == pytest.approx(expected, rel=0.021)


def test_the_unit_has_the_largest_benefits_and_the_largest_capital(seeded):
    table = appraisal(seeded)
    assert table["BedDays"].idxmax() == "OPT2"
    assert table["AtHome"].idxmax() == "OPT2"
    assert table["Capital"].idxmax() == "OPT2"
    assert table.loc["OPT2", "Capital"] > 5 * table.loc["OPT4", "Capital"]
    assert table.loc["OPT3", "Capital"] == 0  # revenue only


def test_benefits_ramp_up_as_each_service_is_built_and_recruited(seeded):
    flows = seeded["appraisal_cashflows"].set_index(["OptionId", "Year"])["BedDaysSaved"]
    assert flows["OPT2", 0] == flows["OPT2", 1] == 0  # building
    for option in OPTIONS[1:]:
        saved = flows[option].to_numpy()
        assert (np.diff(saved) >= 0).all()
        assert saved[0] < saved[-1]
        assert saved[3:].std() == 0  # full running from year 3


def test_reablement_costs_least_per_bed_day_saved_with_hospital_at_home_close(seeded):
    """Net present cost per bed day saved, by the Green Book's discounting.

    Whether counted on the option's whole net present cost or on what it costs beyond
    the do-minimum, with or without optimism bias, per bed day or per discounted bed day,
    OPT3 is lowest; OPT4 is within 35% of it and OPT2 costs at least 1.2 times as much.
    """
    table = appraisal(seeded).drop(index="OPT1")
    for cost in ("NPC", "NPCWithOB", "ExtraNPC", "ExtraNPCWithOB"):
        for days in ("BedDays", "PVBedDays"):
            per_day = table[cost] / table[days]
            assert per_day.idxmin() == "OPT3", (cost, days)
            assert per_day["OPT4"] < 1.35 * per_day["OPT3"], (cost, days)
            assert per_day["OPT2"] > 1.2 * per_day["OPT3"], (cost, days)


def test_optimism_bias_raises_the_units_cost_most(seeded):
    """Upper bounds of Mott MacDonald (2002) Table 2 on each option's capital."""
    table = appraisal(seeded)
    rise = table["NPCWithOB"] - table["NPC"]
    assert rise.idxmax() == "OPT2"
    assert (rise / table["NPC"]).idxmax() == "OPT2"
    assert rise["OPT3"] == 0
    assert rise["OPT2"] == pytest.approx(
        0.24
        * present_value(
            seeded["appraisal_cashflows"]
            .query("OptionId == 'OPT2'")
            .sort_values("Year")["CapitalGBP"]
            .to_numpy(dtype=float)
        )
    )


def test_the_panel_ranks_reablement_first_at_its_agreed_weights(seeded):
    for how in ("median", "mean"):
        ranked = weighted_scores(panel_scores(seeded, how), agreed_weights(seeded), (0, 10))
        assert ranked.index.tolist()[:2] == ["OPT3", "OPT4"], how
        assert ranked.index[-1] == "OPT1"


def test_the_ranking_flips_when_one_weight_moves_10_to_40_points(seeded):
    """The nearest flip of any criterion is 10 to 40 percentage points from its agreed weight."""
    for how in ("median", "mean"):
        flips = weight_sensitivity(panel_scores(seeded, how), agreed_weights(seeded), (0, 10))
        distance = pd.concat(
            [flips["FlipWeightUp"] - flips["Weight"], flips["Weight"] - flips["FlipWeightDown"]]
        ).dropna()
        assert 0.10 <= distance.min() <= 0.40, how
        outcomes = flips.set_index("Criterion").loc["outcomes"]
        assert outcomes["FlipWeightUp"] - outcomes["Weight"] == pytest.approx(distance.min())
    # By hand, on the panel's medians: with outcomes at weight x and the other weights
    # rescaled, OPT3 scores 6x + 7.214(1 - x) and OPT4 7x + 6.0(1 - x), where 7.214 and
    # 6.0 are their other scores averaged with the other weights (9, 5, 7, 8 and 8, 4, 5, 7
    # at 20, 20, 15, 15, over 70). They draw level at x = 1.214 / 2.214, about 0.548.
    rest_3 = (20 * 9 + 20 * 5 + 15 * 7 + 15 * 8) / 70
    rest_4 = (20 * 8 + 20 * 4 + 15 * 5 + 15 * 7) / 70
    level = (rest_3 - rest_4) / ((rest_3 - rest_4) + (7 - 6))
    flips = weight_sensitivity(panel_scores(seeded), agreed_weights(seeded), (0, 10))
    outcomes = flips.set_index("Criterion").loc["outcomes"]
    assert outcomes["WinnerAbove"] == "OPT4"
    assert outcomes["FlipWeightUp"] == pytest.approx(level)
    assert round(level, 3) == 0.548


def test_the_panels_medians_are_the_agreed_ones_and_members_differ(seeded):
    medians = panel_scores(seeded)
    for option, scores in params.APPRAISAL_MEDIAN_SCORES.items():
        assert medians.loc[option].tolist() == list(scores)
    spread = (
        seeded["appraisal_scores"].groupby(["OptionId", "Criterion"], observed=True)["Score"].std()
    )
    assert 0.5 < spread.mean() < 2.0
    assert (spread > 0).mean() > 0.8
    assert seeded["appraisal_scores"]["Score"].between(0, 10).all()


def test_each_options_shares_of_benefit_add_up_to_one(seeded):
    totals = seeded["appraisal_equity"].groupby("OptionId")["ShareOfBenefit"].sum()
    assert totals.to_numpy() == pytest.approx(np.ones(4), abs=1e-9)


def test_the_shares_follow_where_older_people_live_and_how_deprived_it_is(seeded):
    """Recompute each option's shares from the population table.

    People aged 65+ in each locality and SIMD quintile in 2024, times the option's
    reach in the locality, times the quintile's emergency-stay ratio (SIMD 2020v2
    indicator EMERG: 1.46, 1.15, 0.94, 0.79, 0.67), as shares of their total.
    """
    people = seeded["population"].query("Year == 2024 and AgeGroup in @OLDER_BANDS")
    older = people.pivot_table(
        index="LocalityCode",
        columns="SIMDQuintile",
        values="Population",
        aggfunc="sum",
        observed=True,
    ).to_numpy(dtype=float)
    ratio = np.array([1.46, 1.15, 0.94, 0.79, 0.67])
    equity = seeded["appraisal_equity"]
    for option in OPTIONS:
        reach = np.array(params.APPRAISAL_REACH[option])
        weight = (reach[:, None] * older).sum(axis=0) * ratio
        shares = equity.query("OptionId == @option").sort_values("SIMDQuintile")
        assert shares["ShareOfBenefit"].to_numpy() == pytest.approx(
            weight / weight.sum(), abs=0.0011
        )
        assert shares["ShareOfBenefit"].iloc[0] > shares["ShareOfBenefit"].iloc[-1]
    most_deprived = equity.query("SIMDQuintile == 1").set_index("OptionId")["ShareOfBenefit"]
    assert most_deprived.idxmax() == "OPT3"  # the team grows most in Corranbridge


def test_the_tables_come_from_their_own_streams(tables, other_tables):
    assert make_appraisal_cashflows().equals(tables["appraisal_cashflows"])
    assert make_appraisal_scores().equals(tables["appraisal_scores"])
    assert make_appraisal_equity(tables["population"]).equals(tables["appraisal_equity"])
    assert not tables["appraisal_cashflows"].equals(other_tables["appraisal_cashflows"])
    assert not tables["appraisal_scores"].equals(other_tables["appraisal_scores"])
