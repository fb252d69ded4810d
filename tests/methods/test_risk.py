"""planlab.risk against Hubbard and Seiersen's worked example, closed forms and scipy.

Sources (each test names the one it uses):

- Hubbard DW, Seiersen R. How to Measure Anything in Cybersecurity Risk (Wiley, 2016),
  chapter 3, the "one-for-one substitution" spreadsheet (downloads at
  howtomeasureanything.com/cybersecurity): expected loss
  ``=EXP(((LN(UB)+LN(LB))/2)+((LN(UB)-LN(LB))/3.28971)^2/2)*P``, with the rows
  "0.050 | 500,000 | 2,000,000 | 54,643" and "0.100 | 400,000 | 2,500,000 | 116,785"
  (quoted in the question "How to interpret this Excel formula for expected loss",
  math.techqa.club/how-to-interpret-this-excel-formula-for-expected-loss-1878357).
- The closed forms of a lognormal (mean, survival function) and of independent events
  (the chance that at least one of several happens is 1 - prod(1 - p_i)).
- scipy.stats.spearmanr documentation, first example: spearmanr([1, 2, 3, 4, 5],
  [5, 6, 7, 8, 7]) has statistic 0.8207826816681233 and p-value 0.08858700531354381.
- Cox LA Jr. What's wrong with risk matrices? Risk Analysis 2008;28(2):497-512: when
  frequency and severity are negatively correlated, a matrix can rank risks in reverse.
"""

from __future__ import annotations

import doctest
import math

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from scipy import stats

import planlab.risk
from planlab import datasets
from planlab.errors import InputValueError
from planlab.risk import (
    check_register,
    compare_rankings,
    expected_loss,
    loss_exceedance_chart,
    loss_exceedance_curve,
    matrix_scores,
    risk_summary,
    simulate_losses,
)

matplotlib.use("Agg")

YEARS = 200_000

#: A small register for Lochanvale (fictional): annual chance, 90% interval of the cost.
#: Columns named as in the course's risk_register dataset.
REGISTER = pd.DataFrame(
    {
        "RiskId": ["X1", "X2", "X3", "X4"],
        "Title": ["Agency nurse spend", "Care home closure", "Ward flooding", "IT outage"],
        "AnnualProbability": [0.6, 0.1, 0.02, 0.3],
        "ImpactLowGBP": [100_000, 300_000, 500_000, 20_000],
        "ImpactHighGBP": [400_000, 2_000_000, 8_000_000, 150_000],
    }
)
LIKELIHOOD_CUTS = (0.05, 0.1, 0.25, 0.5)
IMPACT_CUTS = (50_000, 200_000, 1_000_000, 5_000_000)


def _mu_sigma(low, high):
    return (math.log(low) + math.log(high)) / 2, (math.log(high) - math.log(low)) / 3.289707


# --- Hubbard and Seiersen's worked example --------------------------------------------


@pytest.mark.parametrize(
    ("probability", "low", "high", "published"),
    [(0.05, 500_000, 2_000_000, 54_643), (0.10, 400_000, 2_500_000, 116_785)],
)
def test_expected_loss_matches_the_one_for_one_substitution_spreadsheet(
    probability, low, high, published
):
    # The spreadsheet divides by 3.28971 (2 x 1.644854); planlab by 2 x norm.ppf(0.95).
    # The two agree to the pound.
    assert round(expected_loss(probability, low, high)) == published


def test_simulated_expected_loss_matches_the_closed_form():
    # Tolerance 4 standard errors: the SD of a year's loss is
    # sqrt(p E[X^2] - (p E[X])^2), E[X^2] = exp(2 mu + 2 sigma^2).
    losses = simulate_losses(REGISTER, YEARS, seed=1)
    summary = risk_summary(REGISTER, losses).set_index("RiskId")
    for row in REGISTER.itertuples():
        mu, sigma = _mu_sigma(row.ImpactLowGBP, row.ImpactHighGBP)
        mean = row.AnnualProbability * math.exp(mu + sigma**2 / 2)
        second = row.AnnualProbability * math.exp(2 * mu + 2 * sigma**2)
        se = math.sqrt(second - mean**2) / math.sqrt(YEARS)
        assert summary.loc[row.RiskId, "ExactExpectedLoss"] == pytest.approx(mean, rel=1e-5)
        assert summary.loc[row.RiskId, "ExpectedLoss"] == pytest.approx(mean, abs=4 * se)
        assert summary.loc[row.RiskId, "Title"] == row.Title


def test_a_loss_when_it_happens_has_the_given_90_percent_interval():
    # Of the years in which a risk happens, 5% have a loss below ImpactLow and 5% above
    # ImpactHigh; tolerance 4 sampling SDs of a proportion.
    losses = simulate_losses(REGISTER.iloc[[0]], YEARS, seed=2)["X1"]
    happened = losses[losses > 0]
    assert len(happened) / YEARS == pytest.approx(0.6, abs=4 * math.sqrt(0.24 / YEARS))
    tolerance = 4 * math.sqrt(0.05 * 0.95 / len(happened))
    assert (happened < 100_000).mean() == pytest.approx(0.05, abs=tolerance)
    assert (happened > 400_000).mean() == pytest.approx(0.05, abs=tolerance)


def test_simulation_is_reproducible():
    pd.testing.assert_frame_equal(
        simulate_losses(REGISTER, 1000, seed=3), simulate_losses(REGISTER, 1000, seed=3)
    )


def test_summary_ranks_by_expected_loss_with_percentiles():
    losses = simulate_losses(REGISTER, YEARS, seed=4)
    summary = risk_summary(REGISTER, losses)
    assert summary["Rank"].tolist() == [1, 2, 3, 4]
    assert summary["ExpectedLoss"].is_monotonic_decreasing
    # A risk happening in 60% of years has P10 = 0 and a P90 inside its interval's upper
    # part: P(L > x) = 0.1 means the lognormal's 1 - 0.1 / 0.6 quantile.
    agency = summary.set_index("Title").loc["Agency nurse spend"]
    assert agency["P10"] == 0.0
    mu, sigma = _mu_sigma(100_000, 400_000)
    exact_p90 = math.exp(mu + sigma * stats.norm.ppf(1 - 0.1 / 0.6))
    assert agency["P90"] == pytest.approx(exact_p90, rel=0.02)


# --- loss exceedance --------------------------------------------------------------


def test_chance_of_any_loss_is_one_minus_the_product():
    # 1 - (0.4 x 0.9 x 0.98 x 0.7) = 0.75304; tolerance 4 SDs of a proportion.
    losses = simulate_losses(REGISTER, YEARS, seed=5)
    curve = loss_exceedance_curve(losses, [0.0])
    exact = 1 - 0.4 * 0.9 * 0.98 * 0.7
    tolerance = 4 * math.sqrt(exact * (1 - exact) / YEARS)
    assert curve["ChanceOfExceeding"].iloc[0] == pytest.approx(exact, abs=tolerance)


def test_one_risks_exceedance_curve_matches_the_lognormal():
    # P(L > x) = p x P(X > x) for the lognormal X.
    losses = simulate_losses(REGISTER.iloc[[1]], YEARS, seed=6)
    amounts = [300_000, 800_000, 2_000_000]
    curve = loss_exceedance_curve(losses, amounts)
    mu, sigma = _mu_sigma(300_000, 2_000_000)
    for amount, simulated in zip(amounts, curve["ChanceOfExceeding"], strict=True):
        exact = 0.1 * stats.lognorm.sf(amount, sigma, scale=math.exp(mu))
        assert simulated == pytest.approx(exact, abs=4 * math.sqrt(exact * (1 - exact) / YEARS))


def test_default_curve_falls_as_the_loss_rises_and_draws():
    losses = simulate_losses(REGISTER, 20_000, seed=7)
    curve = loss_exceedance_curve(losses)
    assert len(curve) == 200
    assert curve["Loss"].is_monotonic_increasing
    assert curve["ChanceOfExceeding"].is_monotonic_decreasing
    figure = loss_exceedance_chart(curve, "Lochanvale (fictional): risk register", tolerance=curve)
    ax = figure.axes[0]
    assert ax.get_xscale() == "log"
    assert ax.get_title() == "Lochanvale (fictional): risk register"
    assert ax.get_ylabel() == "Chance of a loss greater than this"
    plt.close(figure)


# --- the heat map and the comparison -----------------------------------------------


def test_matrix_scores_by_hand():
    # Medians (geometric): 200,000; 774,597; 2,000,000; 54,772.
    # Likelihood: 0.6 -> 5, 0.1 -> 3 (on a cut goes up), 0.02 -> 1, 0.3 -> 4.
    # Impact: 200,000 -> 3 (on a cut), 774,597 -> 3, 2,000,000 -> 4, 54,772 -> 2.
    scores = matrix_scores(REGISTER, LIKELIHOOD_CUTS, IMPACT_CUTS)
    assert scores["LikelihoodScore"].tolist() == [5, 3, 1, 4]
    assert scores["ImpactScore"].tolist() == [3, 3, 4, 2]
    assert scores["MatrixScore"].tolist() == [15, 9, 4, 8]
    worst = matrix_scores(REGISTER, LIKELIHOOD_CUTS, IMPACT_CUTS, impact="high")
    assert worst["ImpactScore"].tolist() == [3, 4, 5, 2]


def test_spearman_matches_the_scipy_documentation():
    summary = pd.DataFrame({"RiskId": list("ABCDE"), "ExpectedLoss": [1, 2, 3, 4, 5]})
    scores = pd.DataFrame({"RiskId": list("ABCDE"), "MatrixScore": [5, 6, 7, 8, 7]})
    comparison = compare_rankings(summary, scores)
    assert comparison.spearman == pytest.approx(0.8207826816681233, rel=1e-12)
    assert comparison.pvalue == pytest.approx(0.08858700531354381, rel=1e-9)


def test_rank_changes_by_hand():
    # Expected losses rank C, A, B, D; the matrix ranks B (15), D (9), A (8), C (4).
    summary = pd.DataFrame({"RiskId": list("ABCD"), "ExpectedLoss": [300.0, 200.0, 400.0, 100.0]})
    scores = pd.DataFrame({"RiskId": list("ABCD"), "MatrixScore": [8, 15, 4, 9]})
    table = compare_rankings(summary, scores).table.set_index("RiskId")
    assert table["RankByLoss"].to_dict() == {"A": 2, "B": 3, "C": 1, "D": 4}
    assert table["RankByMatrix"].to_dict() == {"A": 3, "B": 1, "C": 4, "D": 2}
    assert table["RankChange"].to_dict() == {"A": 1, "B": -2, "C": 3, "D": -2}
    assert table.index[0] == "C"  # the largest move first


def test_tied_scores_share_the_best_rank():
    summary = pd.DataFrame({"RiskId": list("ABC"), "ExpectedLoss": [3.0, 2.0, 1.0]})
    scores = pd.DataFrame({"RiskId": list("ABC"), "MatrixScore": [6, 6, 2]})
    table = compare_rankings(summary, scores).table.set_index("RiskId")
    assert table["RankByMatrix"].to_dict() == {"A": 1, "B": 1, "C": 3}


def test_a_matrix_can_rank_negatively_correlated_risks_in_reverse():
    # Cox (2008): with frequency and severity negatively correlated, the matrix can be
    # worse than useless. Three risks whose expected losses rise as their matrix scores
    # fall: frequent small losses score high, a rare large loss scores low.
    register = pd.DataFrame(
        {
            "RiskId": ["Frequent small", "Middling", "Rare large"],
            "AnnualProbability": [0.9, 0.2, 0.04],
            "ImpactLowGBP": [50_000, 350_000, 4_000_000],
            "ImpactHighGBP": [200_000, 1_400_000, 25_000_000],
        }
    )
    exact = [
        expected_loss(r.AnnualProbability, r.ImpactLowGBP, r.ImpactHighGBP)
        for r in register.itertuples()
    ]
    assert [round(value, -3) for value in exact] == [98_000, 153_000, 467_000]
    summary = register[["RiskId"]].assign(ExpectedLoss=exact)
    # Likelihood 0.9 -> 5, 0.2 -> 3, 0.04 -> 1; median impact 100,000 -> 2, 700,000 -> 3,
    # 10,000,000 -> 5; scores 10, 9, 5: the exact reverse of the expected losses.
    scores = matrix_scores(register, LIKELIHOOD_CUTS, IMPACT_CUTS)
    assert scores["MatrixScore"].tolist() == [10, 9, 5]
    comparison = compare_rankings(summary, scores)
    assert comparison.spearman == pytest.approx(-1.0)
    moves = comparison.table.set_index("RiskId")["RankChange"].to_dict()
    assert moves == {"Frequent small": -2, "Rare large": 2, "Middling": 0}


# --- the course's own register ------------------------------------------------------


def test_the_course_register_works_directly_and_its_rankings_disagree():
    # The dataset's columns are the toolkit's: no renaming. Its 5x5 scores follow the
    # partnership's scale in datasets/README.md (likelihood cuts 10%, 25%, 50%, 80% a
    # year; impact cuts £0.1m, £0.5m, £2m, £5m on the interval's geometric middle), so
    # matrix_scores must give back the Likelihood, Impact and Score columns. Expected
    # losses are recomputed here by the lognormal closed form, independently of planlab.
    register = datasets.load("risk_register")
    scores = matrix_scores(register, (0.1, 0.25, 0.5, 0.8), (1e5, 5e5, 2e6, 5e6))
    assert scores["LikelihoodScore"].tolist() == register["Likelihood"].tolist()
    assert scores["ImpactScore"].tolist() == register["Impact"].tolist()
    assert scores["MatrixScore"].tolist() == register["Score"].tolist()
    assert scores["Title"].tolist() == register["Title"].tolist()
    exact = {}
    for row in register.itertuples():
        mu, sigma = _mu_sigma(row.ImpactLowGBP, row.ImpactHighGBP)
        exact[row.RiskId] = row.AnnualProbability * math.exp(mu + sigma**2 / 2)
    summary = register[["RiskId", "Title"]].assign(ExpectedLoss=register["RiskId"].map(exact))
    table = compare_rankings(summary, register, score="Score").table.set_index("RiskId")
    by_loss = table.sort_values("RankByLoss").index.tolist()
    assert by_loss[:3] == ["R03", "R12", "R08"]
    by_score = register.sort_values("Score", ascending=False, kind="stable")["RiskId"]
    assert by_score.tolist()[:3] == ["R03", "R01", "R06"]
    # R07 has the lowest score of all (5) but is fifth by expected loss.
    assert table.loc["R07", "RankByMatrix"] == 14
    assert table.loc["R07", "RankByLoss"] == 5
    simulated = risk_summary(register, simulate_losses(register, 20_000, seed=1))
    assert simulated["Title"].iloc[0] == "Savings not delivered: a funding gap in year"


# --- impossible inputs ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"AnnualProbability": [1.2, 0.1, 0.02, 0.3]}, "probability .*'X1'.* was 1.2"),
        ({"AnnualProbability": [-0.1, 0.1, 0.02, 0.3]}, "from 0 to 1"),
        ({"AnnualProbability": [60, 0.1, 0.02, 0.3]}, r"write 20% as 0.2"),
        ({"AnnualProbability": [math.nan, 0.1, 0.02, 0.3]}, "finite numbers"),
        ({"ImpactLowGBP": [0, 300_000, 500_000, 20_000]}, "an impact above 0"),
        ({"ImpactLowGBP": [-5, 300_000, 500_000, 20_000]}, "an impact above 0"),
        ({"ImpactLowGBP": [500_000, 300_000, 500_000, 20_000]}, "no more than high"),
        ({"RiskId": ["A", "A", "B", "C"]}, "each RiskId once"),
    ],
)
def test_register_refuses_impossible_values(change, match):
    with pytest.raises(InputValueError, match=match):
        check_register(REGISTER.assign(**change))


def test_register_needs_its_columns_and_rows():
    with pytest.raises(InputValueError, match="without ImpactHighGBP"):
        check_register(REGISTER.drop(columns="ImpactHighGBP"))
    # The old generic names are refused with a message naming the dataset's columns.
    generic = REGISTER.rename(columns={"RiskId": "Risk", "AnnualProbability": "Probability"})
    with pytest.raises(InputValueError, match=r"RiskId, AnnualProbability.*risk_register"):
        check_register(generic)
    with pytest.raises(InputValueError, match="one row per risk"):
        check_register(REGISTER.iloc[0:0])
    with pytest.raises(InputValueError, match="a pandas DataFrame"):
        check_register(REGISTER.to_dict())


def test_expected_loss_refuses_a_probability_outside_0_to_1():
    with pytest.raises(InputValueError, match=r"probability was 1\.5"):
        expected_loss(1.5, 1, 2)
    with pytest.raises(InputValueError, match="probability was True"):
        expected_loss(True, 1, 2)


def test_simulation_and_summary_refuse_bad_inputs():
    with pytest.raises(InputValueError, match="draws was 0"):
        simulate_losses(REGISTER, 0)
    losses = simulate_losses(REGISTER.iloc[:2], 100, seed=1)
    with pytest.raises(InputValueError, match="simulated losses of this register"):
        risk_summary(REGISTER, losses)


def test_matrix_scores_refuse_bad_cut_points_and_impacts():
    with pytest.raises(InputValueError, match="increasing order"):
        matrix_scores(REGISTER, (0.5, 0.25, 0.1, 0.05), IMPACT_CUTS)
    with pytest.raises(InputValueError, match="one or more finite cut points"):
        matrix_scores(REGISTER, LIKELIHOOD_CUTS, ())
    with pytest.raises(InputValueError, match="impact was 'mean'"):
        matrix_scores(REGISTER, LIKELIHOOD_CUTS, IMPACT_CUTS, impact="mean")


def test_compare_rankings_refuses_mismatched_risks():
    summary = pd.DataFrame({"RiskId": list("ABC"), "ExpectedLoss": [3.0, 2.0, 1.0]})
    with pytest.raises(InputValueError, match="the same three or more risks"):
        compare_rankings(summary, pd.DataFrame({"RiskId": list("ABD"), "MatrixScore": [1, 2, 3]}))
    with pytest.raises(InputValueError, match="the same three or more risks"):
        compare_rankings(
            summary.iloc[:2], pd.DataFrame({"RiskId": list("AB"), "MatrixScore": [1, 2]})
        )
    with pytest.raises(InputValueError, match="MatrixScore"):
        compare_rankings(summary, pd.DataFrame({"RiskId": list("ABC")}))
    with pytest.raises(InputValueError, match="RiskId and Score"):
        compare_rankings(summary, pd.DataFrame({"RiskId": list("ABC")}), score="Score")


def test_exceedance_curve_refuses_no_losses():
    with pytest.raises(InputValueError, match="no year with a loss"):
        loss_exceedance_curve(np.zeros(10))
    with pytest.raises(InputValueError, match="no finite losses"):
        loss_exceedance_curve(np.array([]))


def test_the_docstring_examples_run():
    result = doctest.testmod(planlab.risk)
    assert result.attempted >= 5
    assert result.failed == 0
