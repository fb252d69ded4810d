"""Modules 10 and 11's data: published intervention effects and the strategic risk register.

The evidence table is not synthetic: each test of it names the published figure it
checks, with the source's code in ``../shared/data-brief-2.md`` (S33-S35) and the page
the figure was read on. Its 80% intervals are recomputed here, independently of the
generator, from the published 95% intervals, assuming the log of the risk ratio is normal.

The risk register is synthetic and designed to teach: its scores follow the partnership's
5x5 scale, yet ranking by score and ranking by expected loss disagree in named ways. The
expected loss of a risk is its annual probability times the mean of a lognormal impact
whose 5th and 95th percentiles are the register's 90% interval (Hubbard, The Failure of
Risk Management, 2020).
"""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from planlab.data import parameters as params
from planlab.data.tables import evidence as evidence_module
from planlab.data.tables import risk as risk_module

SEEDS = ["tables", "other_tables"]
Z_80, Z_90, Z_95 = stats.norm.ppf(0.90), stats.norm.ppf(0.95), stats.norm.ppf(0.975)
WRITTEN = 0.00006  # the 80% interval is written to 4 decimal places

#: Each effect as published: risk ratio, its 95% interval, trials and participants.
PUBLISHED = {
    # S33: Ellis et al., Cochrane 2017 CD006211, summary of findings for the main comparison
    # (pmc.ncbi.nlm.nih.gov/articles/PMC6484374/table/CD006211-tbl-0001), 3-12 months:
    "E01": (1.06, 1.01, 1.10, 16, 6_799),  # living at home
    "E02": (1.00, 0.93, 1.07, 21, 10_023),  # mortality
    "E03": (0.80, 0.72, 0.89, 14, 6_285),  # admission to a nursing home
    # S34: Edgar et al., Cochrane 2024 CD007491, summary of findings 1
    # (pmc.ncbi.nlm.nih.gov/articles/PMC10911897/table/CD007491-tbl-0001):
    "E04": (0.88, 0.68, 1.13, 5, 1_502),  # mortality at 6 months
    "E05": (1.14, 0.97, 1.34, 8, 1_757),  # admission to hospital, 3-12 months
    "E06": (0.53, 0.41, 0.69, 4, 1_271),  # living in residential care at 6 months
    # S35: Gonçalves-Bradley et al., Cochrane 2017 CD000356.pub4, abstract, people
    # recovering from stroke (the figure for institutional care read in its Chinese
    # translation, where the English copy is cut short):
    "E07": (0.92, 0.57, 1.48, 11, 1_114),  # mortality at 3-6 months
    "E08": (1.09, 0.71, 1.66, 5, 345),  # hospital readmission
    "E09": (0.63, 0.40, 0.98, 4, 574),  # living in an institutional setting at 6 months
}
#: The review each source code names, as in data brief 2's list of sources.
SOURCE_ADDRESSES = {"S33": "PMC6484374", "S34": "PMC10911897", "S35": "CD000356.pub4"}


@pytest.fixture(params=SEEDS)
def made(request):
    return request.getfixturevalue(request.param)


def evidence(tables) -> pd.DataFrame:
    return tables["intervention_evidence"].set_index("EffectId")


def expected_loss(register: pd.DataFrame) -> pd.Series:
    """Annual probability times the mean of the lognormal with the 90% impact interval."""
    low, high = register["ImpactLowGBP"], register["ImpactHighGBP"]
    sigma = np.log(high / low) / (2 * Z_90)
    median = np.sqrt(low * high)
    return register["AnnualProbability"] * median * np.exp(sigma**2 / 2)


def register_of(tables) -> pd.DataFrame:
    register = tables["risk_register"].set_index("RiskId")
    return register.assign(ExpectedLoss=expected_loss(register))


def ranks(values: pd.Series) -> pd.Series:
    return values.rank(ascending=False, method="min")


# --- Intervention evidence ----------------------------------------------------------------


def test_every_effect_is_the_published_figure(tables):
    table = evidence(tables)
    assert list(table.index) == list(PUBLISHED)
    for effect_id, (estimate, lower, upper, trials, people) in PUBLISHED.items():
        row = table.loc[effect_id]
        assert (row["Estimate"], row["Lower95"], row["Upper95"]) == (estimate, lower, upper)
        assert (row["Trials"], row["Participants"]) == (trials, people), effect_id
        assert row["RelativeChange"] == pytest.approx(estimate - 1, abs=1e-12)


def test_each_80_percent_interval_follows_from_its_published_95_percent_interval(tables):
    table = evidence(tables)
    log_se = (np.log(table["Upper95"]) - np.log(table["Lower95"])) / (2 * Z_95)
    low = np.exp(np.log(table["Estimate"]) - Z_80 * log_se) - 1
    high = np.exp(np.log(table["Estimate"]) + Z_80 * log_se) - 1
    assert np.allclose(table["RelativeChangeLow80"], low, atol=WRITTEN)
    assert np.allclose(table["RelativeChangeHigh80"], high, atol=WRITTEN)
    # On the log scale the 80% interval is the 95% one narrowed by 1.2816 / 1.96.
    width_80 = np.log1p(table["RelativeChangeHigh80"]) - np.log1p(table["RelativeChangeLow80"])
    width_95 = np.log(table["Upper95"]) - np.log(table["Lower95"])
    assert np.allclose(width_80 / width_95, Z_80 / Z_95, atol=0.005)


def test_a_worked_conversion(tables):
    # S33: admission to a nursing home, RR 0.80 (0.72 to 0.89). Standard error of the log
    # risk ratio (ln 0.89 - ln 0.72) / 3.92 = 0.0541; 0.80 x exp(-/+ 1.2816 x 0.0541) is
    # 0.746 to 0.857: 14% to 25% fewer admissions to a nursing home, at 80%.
    row = evidence(tables).loc["E03"]
    assert row["RelativeChangeLow80"] == pytest.approx(-0.2536, abs=WRITTEN)
    assert row["RelativeChangeHigh80"] == pytest.approx(-0.1426, abs=WRITTEN)


def test_intervals_are_ordered_and_nested(tables):
    table = evidence(tables)
    assert (table["Lower95"] <= table["Estimate"]).all()
    assert (table["Estimate"] <= table["Upper95"]).all()
    assert (table["RelativeChangeLow80"] < table["RelativeChange"]).all()
    assert (table["RelativeChange"] < table["RelativeChangeHigh80"]).all()
    assert (table["Lower95"] - 1 < table["RelativeChangeLow80"]).all()
    assert (table["RelativeChangeHigh80"] < table["Upper95"] - 1).all()


def test_every_effect_names_its_source_and_was_checked(tables):
    table = evidence(tables)
    for code, address in SOURCE_ADDRESSES.items():
        rows = table[table["SourceCode"] == code]
        assert len(rows) == 3, code
        assert rows["SourceUrl"].str.contains(address, regex=False).all()
        assert rows["Source"].str.contains("Cochrane Database Syst Rev", regex=False).all()
    assert (table["Verified"] == "yes").all()
    assert table["VerifiedAgainst"].str.startswith("https://").all()


def test_no_review_found_fewer_hospital_admissions(tables):
    # S34: admission to hospital RR 1.14 (0.97 to 1.34); S35: readmission RR 1.09 (0.71 to
    # 1.66). Module 10's point: the evidence on avoiding admissions is weak, while the
    # evidence on care home admissions is consistent.
    table = evidence(tables)
    hospital = table["OutcomeGroup"].isin(["hospital admission", "readmission"])
    assert (table.loc[hospital, "Estimate"] >= 1).all()
    care_home = table["OutcomeGroup"] == "care home admission"
    assert (table.loc[care_home, "Upper95"] < 1).all()
    # For hospital at home's effect on admissions, the 80% interval lies wholly above no
    # change (more admissions), while the 95% interval includes it.
    row = table.loc["E05"]
    assert row["Lower95"] < 1
    assert row["RelativeChangeLow80"] > 0


def test_the_evidence_is_the_same_for_every_seed(tables, other_tables):
    pd.testing.assert_frame_equal(
        tables["intervention_evidence"], other_tables["intervention_evidence"]
    )


# --- Risk register -----------------------------------------------------------------------


def test_the_register_covers_every_kind_of_strategic_risk(made):
    register = made["risk_register"]
    assert 12 <= len(register) <= 15
    assert register["RiskId"].is_unique
    assert set(register["Category"]) == {
        "Workforce",
        "Finance",
        "Demand",
        "Care market",
        "Digital",
        "Estates",
        "Data quality",
        "Partnership",
    }
    assert (register["Owner"] != "").all()


def test_scores_follow_the_partnerships_scale(made):
    register = register_of(made)
    likelihood = 1 + np.searchsorted(
        params.RISK_LIKELIHOOD_CUTS, register["AnnualProbability"], side="right"
    )
    middle = np.sqrt(register["ImpactLowGBP"] * register["ImpactHighGBP"])
    impact = 1 + np.searchsorted(params.RISK_IMPACT_CUTS_GBP, middle, side="right")
    assert list(register["Likelihood"]) == list(likelihood)
    assert list(register["Impact"]) == list(impact)
    assert (register["Score"] == register["Likelihood"] * register["Impact"]).all()
    rating = {
        score: name for name, low, high in params.RISK_RATINGS for score in range(low, high + 1)
    }
    assert (register["Score"].map(rating) == register["Rating"]).all()


def test_quantities_are_probabilities_and_ordered_intervals(made):
    register = made["risk_register"]
    assert register["AnnualProbability"].between(0.01, 0.99).all()
    assert (register["ImpactLowGBP"] < register["ImpactHighGBP"]).all()


def test_a_funding_gap_costs_what_it_cost_real_ijbs(made):
    # Lochanvale's budget is within data brief 2's [EST] £300-330m (Argyll and Bute, £329m).
    budget = made["budget"].groupby("FinancialYear")["BudgetGBP"].sum()["2024/25"]
    assert 300e6 <= budget <= 330e6
    # R03's 90% interval runs from about Argyll and Bute's £2.7m recovery plan on £329m
    # (S24, 0.8%) to about all IJBs' gap of almost £450m on over £12bn (S22, 3.75%).
    gap = made["risk_register"].set_index("RiskId").loc["R03"]
    recovery, on = params.IJB_RECOVERY_PLAN_GBP_M
    shortfall, funding = params.IJB_FUNDING_GAP_GBP_M
    assert gap["ImpactLowGBP"] / budget == pytest.approx(recovery / on, rel=0.35)
    assert gap["ImpactHighGBP"] / budget == pytest.approx(shortfall / funding, rel=0.15)


def test_ranking_by_expected_loss_differs_from_ranking_by_score(made):
    register = register_of(made)
    rho = stats.spearmanr(register["Score"], register["ExpectedLoss"]).statistic
    assert rho < 0.75
    by_score, by_loss = ranks(register["Score"]), ranks(register["ExpectedLoss"])
    # The same risk is first both ways: the funding gap.
    assert by_score["R03"] == by_loss["R03"] == 1
    # Second and third by expected loss are risks rated only "high" (amber): partners
    # cutting their contributions (R12) and a cyber attack (R08).
    assert set(by_loss[by_loss <= 3].index) == {"R03", "R12", "R08"}
    assert (register.loc[["R12", "R08"], "Rating"] == "high").all()


def test_a_rare_costly_risk_scores_last_but_loses_more_than_a_red_one(made):
    register = register_of(made)
    by_score, by_loss = ranks(register["Score"]), ranks(register["ExpectedLoss"])
    # R07, a care home group failing: likelihood 1, so the lowest score of all, yet its
    # expected loss is in the top eight and its 95th percentile the largest.
    assert by_score["R07"] == by_score.max()
    assert by_loss["R07"] <= 8
    assert register["ImpactHighGBP"].idxmax() == "R07"
    # R06, a hard winter: rated extreme (top three by score), but sixth or lower by loss.
    assert register.loc["R06", "Rating"] == "extreme"
    assert by_score["R06"] <= 3
    assert by_loss["R06"] >= 6
    assert register.loc["R08", "ExpectedLoss"] > register.loc["R06", "ExpectedLoss"]


def test_risks_with_the_same_score_have_very_different_expected_losses(made):
    register = register_of(made)
    twelves = register.loc[register["Score"] == 12, "ExpectedLoss"]
    assert len(twelves) >= 4
    assert twelves.max() / twelves.min() > 3


@pytest.mark.parametrize("module", [evidence_module, risk_module])
def test_the_examples_in_the_docstrings_hold(module):
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0


# --- Validation of the new files -----------------------------------------------------------


def test_an_80_percent_interval_out_of_order_is_reported(broken):
    path = broken.path("intervention_evidence.csv")
    broken.replace_line(path.name, 2, ",0.06,0.0308,0.09,", ",0.06,0.12,0.09,")
    error = broken.problems()
    assert error.path == path
    assert error.problems == [
        (2, "RelativeChangeLow80", "0.12 is above the high end of the interval, 0.09")
    ]


def test_an_80_percent_interval_that_does_not_follow_from_the_95_percent_is_reported(
    broken,
):
    path = broken.path("intervention_evidence.csv")
    broken.replace_line(path.name, 4, ",-0.2,-0.2536,-0.1426,", ",-0.2,-0.3,-0.1426,")
    error = broken.problems()
    assert error.problems == [
        (
            4,
            "RelativeChangeLow80",
            "-0.3 is not the 80% interval that the 95% interval 0.72 to 0.89 gives (-0.2536)",
        )
    ]


def test_a_score_that_is_not_likelihood_times_impact_is_reported(broken):
    path = broken.path("risk_register.csv")
    broken.replace_line(path.name, 2, ",5,3,15,extreme,", ",5,3,12,extreme,")
    error = broken.problems()
    assert error.path == path
    assert error.problems == [
        (2, "Score", "12 is not likelihood times impact (5 x 3)"),
        (2, "Rating", "'extreme' is not the rating of 12"),
    ]


def test_an_impact_interval_out_of_order_is_reported(broken):
    path = broken.path("risk_register.csv")
    row = path.read_text(encoding="utf-8").splitlines()[1]
    low, high = row.rsplit(",", 2)[1:]
    broken.replace_line(path.name, 2, f",{low},{high}", f",{high},{low}")
    error = broken.problems()
    assert error.problems == [
        (2, "ImpactLowGBP", f"{high} is above the high end of the interval, {low}")
    ]
