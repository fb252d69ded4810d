"""Tests for planlab.evaluation: interrupted time series, difference in differences, phases.

The interrupted time series is checked against the worked example of Lopez Bernal,
Cummins and Gasparrini (International Journal of Epidemiology 2017; 46: 348-355) on
their published Sicily data (``tests/methods/data/sicily.csv``, source in the README
beside it), and against a Poisson fit written out here in numpy (iteratively reweighted
least squares), which shares no code with statsmodels.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from planlab.errors import InputValueError
from planlab.evaluation import (
    difference_in_differences,
    fourier_terms,
    interrupted_time_series,
    phase_limits,
)
from planlab.spc import xmr

SICILY = Path(__file__).parent / "data" / "sicily.csv"
BAN = pd.Period("2005-01", "M")


@pytest.fixture(scope="module")
def sicily() -> pd.DataFrame:
    data = pd.read_csv(SICILY)
    data.index = pd.PeriodIndex.from_fields(year=data["year"], month=data["month"], freq="M")
    return data


def poisson_irls(
    y: np.ndarray, x: np.ndarray, offset: np.ndarray
) -> tuple[np.ndarray, np.ndarray, float]:
    """Fit a log-link Poisson model by hand; return coefficients, covariance, dispersion.

    Newton's method on the Poisson log-likelihood: beta <- beta + (X'WX)^-1 X'(y - mu),
    W = diag(mu). The quasi-Poisson dispersion is Pearson's chi-squared over the residual
    degrees of freedom, and the covariance is (X'WX)^-1 times it (McCullagh and Nelder).
    """
    beta = np.zeros(x.shape[1])
    beta[0] = np.log(y.mean()) - offset.mean()
    for _ in range(50):
        mu = np.exp(x @ beta + offset)
        step = np.linalg.solve(x.T @ (mu[:, None] * x), x.T @ (y - mu))
        beta = beta + step
        if np.max(np.abs(step)) < 1e-12:
            break
    mu = np.exp(x @ beta + offset)
    dispersion = float(((y - mu) ** 2 / mu).sum() / (len(y) - x.shape[1]))
    cov = np.linalg.inv(x.T @ (mu[:, None] * x)) * dispersion
    return beta, cov, dispersion


def test_sicily_step_change_matches_the_published_tutorial(sicily: pd.DataFrame) -> None:
    """Lopez Bernal, Cummins and Gasparrini's model 3 on their published data.

    The quasi-Poisson model of ACE counts with log(stdpop) as offset, a linear trend, a
    step at January 2005 and two pairs of harmonics (``harmonic(month, 2, 12)``), as in the
    authors' R code (``Rcode.R``, ``model3``, github.com/gasparrini/
    2017_lopezbernal_IJE_codedata). The tutorial reports the step as a rate ratio of
    0.885: an 11.5% fall in the rate of acute coronary events after the ban. The interval
    is checked against the hand-written fit below (Wald interval, normal quantile, as R's
    ``ci.exp`` gives).
    """
    result = interrupted_time_series(
        sicily,
        "aces",
        BAN,
        family="quasipoisson",
        offset="stdpop",
        seasonality="fourier",
        slope_change=False,
    )
    level = result.estimates.loc["Level change"]
    assert round(level["Estimate"], 3) == 0.885
    assert level["Scale"] == "ratio"

    # Independent fit: same design, own IRLS.
    month = sicily["month"].to_numpy(float)
    x = np.column_stack(
        [
            np.ones(len(sicily)),
            sicily["time"],
            sicily["smokban"],
            *[f(2 * np.pi * k * month / 12) for k in (1, 2) for f in (np.sin, np.cos)],
        ]
    )
    beta, cov, dispersion = poisson_irls(
        sicily["aces"].to_numpy(float), x, np.log(sicily["stdpop"].to_numpy(float))
    )
    z = stats.norm.ppf(0.975)
    se = np.sqrt(cov[2, 2])
    assert level["Estimate"] == pytest.approx(np.exp(beta[2]), rel=1e-8)
    assert level["Lower"] == pytest.approx(np.exp(beta[2] - z * se), rel=1e-6)
    assert level["Upper"] == pytest.approx(np.exp(beta[2] + z * se), rel=1e-6)
    assert result.diagnostics["dispersion"] == pytest.approx(dispersion, rel=1e-8)
    # Printed to 3 places: 0.885 (0.839 to 0.933).
    assert (round(level["Lower"], 3), round(level["Upper"], 3)) == (0.839, 0.933)
    # The pre-ban trend: the authors' exp(12 x time coefficient), about 6.7% a year.
    annual = result.estimates.loc["Slope before", "Estimate"] ** 12
    assert annual == pytest.approx(np.exp(12 * beta[1]), rel=1e-8)


def test_sicily_without_seasonality_matches_the_tutorials_first_models(
    sicily: pd.DataFrame,
) -> None:
    """The tutorial's models 1 and 2 (Poisson, then quasi-Poisson, no seasonality).

    Same point estimate in both; the quasi-Poisson interval is wider by the square root
    of the dispersion. Checked against the hand-written fit.
    """
    x = np.column_stack([np.ones(len(sicily)), sicily["time"], sicily["smokban"]])
    beta, cov, dispersion = poisson_irls(
        sicily["aces"].to_numpy(float), x, np.log(sicily["stdpop"].to_numpy(float))
    )
    poisson = interrupted_time_series(
        sicily, "aces", BAN, family="poisson", offset="stdpop", slope_change=False
    )
    quasi = interrupted_time_series(
        sicily, "aces", BAN, family="quasipoisson", offset="stdpop", slope_change=False
    )
    for result in (poisson, quasi):
        assert result.estimates.loc["Level change", "Estimate"] == pytest.approx(
            np.exp(beta[2]), rel=1e-8
        )
    assert round(poisson.estimates.loc["Level change", "Estimate"], 3) == 0.894
    z = stats.norm.ppf(0.975)
    se_poisson = np.sqrt(cov[2, 2] / dispersion)
    assert poisson.estimates.loc["Level change", "Lower"] == pytest.approx(
        np.exp(beta[2] - z * se_poisson), rel=1e-6
    )
    assert quasi.estimates.loc["Level change", "Lower"] == pytest.approx(
        np.exp(beta[2] - z * np.sqrt(cov[2, 2])), rel=1e-6
    )
    assert poisson.diagnostics["dispersion"] == 1.0
    assert quasi.diagnostics["dispersion"] == pytest.approx(dispersion)


def test_slope_change_matches_the_authors_extra_model(sicily: pd.DataFrame) -> None:
    """The authors' model 4 adds ``I(time - 36):smokban``, counting 1 at the first month.

    This module counts 0 at the first month after the change, so its slope change is the
    same and its level change is model 4's level change times one month's slope change
    (the gap measured one month later).
    """
    month = sicily["month"].to_numpy(float)
    harmonics = [f(2 * np.pi * k * month / 12) for k in (1, 2) for f in (np.sin, np.cos)]
    x = np.column_stack(
        [
            np.ones(len(sicily)),
            sicily["time"],
            sicily["smokban"],
            (sicily["time"] - 36) * sicily["smokban"],
            *harmonics,
        ]
    )
    beta, _, _ = poisson_irls(
        sicily["aces"].to_numpy(float), x, np.log(sicily["stdpop"].to_numpy(float))
    )
    result = interrupted_time_series(
        sicily, "aces", BAN, family="quasipoisson", offset="stdpop", seasonality="fourier"
    )
    estimates = result.estimates["Estimate"]
    assert estimates["Slope change"] == pytest.approx(np.exp(beta[3]), rel=1e-8)
    assert estimates["Level change"] == pytest.approx(np.exp(beta[2] + beta[3]), rel=1e-8)


def test_counterfactual_and_effect_add_up(sicily: pd.DataFrame) -> None:
    """Before the change the counterfactual is the fitted series; after it, fitted over
    counterfactual is the level change times the slope change per month since the change.
    The summed effect is the sum of the monthly gaps; the relative effect their ratio."""
    result = interrupted_time_series(
        sicily, "aces", BAN, family="quasipoisson", offset="stdpop", seasonality="fourier"
    )
    series = result.series
    before, after = series[~series["Post"]], series[series["Post"]]
    assert np.allclose(before["Fitted"], before["Counterfactual"])
    level, slope = result.estimates.loc[["Level change", "Slope change"], "Estimate"]
    since = np.arange(len(after))
    assert np.allclose(after["Fitted"] / after["Counterfactual"], level * slope**since)
    absolute = result.effect.loc["Absolute"]
    assert absolute["Estimate"] == pytest.approx(after["Effect"].sum())
    assert absolute["Lower"] < absolute["Estimate"] < absolute["Upper"]
    relative = result.effect.loc["Relative", "Estimate"]
    assert relative == pytest.approx(after["Fitted"].sum() / after["Counterfactual"].sum() - 1)
    # The fitted counts are close to the observed in total (a Poisson fit's score equation
    # makes the sums equal exactly when there is an intercept).
    assert series["Fitted"].sum() == pytest.approx(series["Observed"].sum(), rel=1e-8)


def test_linear_model_recovers_a_known_effect_by_hand() -> None:
    """A series built with no noise: level 100, slope +1 a month, a drop of 15 at month 25
    and a slope change of -0.5 a month after. The fit must return exactly those, the
    counterfactual the old line, and the summed effect the sum of -15 - 0.5 k."""
    months = pd.period_range("2022-01", periods=36, freq="M")
    t = np.arange(1, 37)
    post = t >= 25
    y = 100 + 1.0 * t + np.where(post, -15 - 0.5 * (t - 25), 0.0)
    rng = np.random.default_rng(4)
    y = y + rng.normal(0, 1e-6, t.size)  # a little noise so the residual checks run
    data = pd.DataFrame({"beds": y}, index=months)
    result = interrupted_time_series(data, "beds", pd.Period("2024-01", "M"))
    estimates = result.estimates["Estimate"]
    assert estimates["Baseline level"] == pytest.approx(100, abs=1e-4)
    assert estimates["Slope before"] == pytest.approx(1.0, abs=1e-5)
    assert estimates["Level change"] == pytest.approx(-15, abs=1e-4)
    assert estimates["Slope change"] == pytest.approx(-0.5, abs=1e-5)
    expected = sum(-15 - 0.5 * k for k in range(12))  # -213
    assert result.effect.loc["Absolute", "Estimate"] == pytest.approx(expected, abs=1e-3)
    assert np.allclose(result.series["Counterfactual"], 100 + t, atol=1e-4)


def test_newey_west_errors_match_a_hand_calculation() -> None:
    """Newey-West with L lags: V = (X'X)^-1 S (X'X)^-1, where
    S = sum_t e_t^2 x_t x_t'
        + sum_{l=1..L} (1 - l/(L+1)) sum_t e_t e_{t-l} (x_t x_{t-l}' + x_{t-l} x_t'),
    with no small-sample factor (statsmodels' default) and a normal quantile for the interval."""
    rng = np.random.default_rng(11)
    months = pd.period_range("2021-01", periods=40, freq="M")
    noise = np.zeros(40)
    for i in range(1, 40):  # autocorrelated errors
        noise[i] = 0.6 * noise[i - 1] + rng.normal(0, 2)
    t = np.arange(1, 41)
    y = 50 + 0.3 * t - 6 * (t >= 21) + noise
    data = pd.DataFrame({"y": y}, index=months)
    result = interrupted_time_series(
        data, "y", pd.Period("2022-09", "M"), slope_change=False, hac_lags=3
    )
    x = np.column_stack([np.ones(40), t, (t >= 21).astype(float)])
    bread = np.linalg.inv(x.T @ x)
    e = y - x @ (bread @ x.T @ y)
    meat = (x * e[:, None]).T @ (x * e[:, None])
    for lag in range(1, 4):
        weight = 1 - lag / 4
        cross = (x[lag:] * e[lag:, None]).T @ (x[:-lag] * e[:-lag, None])
        meat += weight * (cross + cross.T)
    cov = bread @ meat @ bread
    se = np.sqrt(cov[2, 2])
    level = result.estimates.loc["Level change"]
    z = stats.norm.ppf(0.975)
    assert level["Upper"] - level["Lower"] == pytest.approx(2 * z * se, rel=1e-6)
    assert result.diagnostics["standard_errors"] == "Newey-West, 3 lags"


def test_durbin_watson_flags_autocorrelated_residuals() -> None:
    """Durbin-Watson = sum (e_t - e_{t-1})^2 / sum e_t^2: near 2 for independent errors,
    well below it when neighbouring errors move together."""
    rng = np.random.default_rng(3)
    months = pd.period_range("2020-01", periods=60, freq="M")
    t = np.arange(1, 61)
    white = rng.normal(0, 1, 60)
    walk = np.zeros(60)
    for i in range(1, 60):
        walk[i] = 0.9 * walk[i - 1] + rng.normal(0, 1)
    quiet = interrupted_time_series(
        pd.DataFrame({"y": 10 + 0.1 * t + white}, index=months), "y", months[30]
    )
    sticky = interrupted_time_series(
        pd.DataFrame({"y": 10 + 0.1 * t + walk}, index=months), "y", months[30]
    )
    e = np.asarray(quiet.model.resid)
    assert quiet.diagnostics["durbin_watson"] == pytest.approx(
        (np.diff(e) ** 2).sum() / (e**2).sum()
    )
    assert quiet.diagnostics["durbin_watson"] > 1.5
    assert sticky.diagnostics["durbin_watson"] < 1.0
    assert sticky.diagnostics["ljung_box_p"] < 0.05


def test_month_dummies_and_fourier_terms() -> None:
    """Fourier terms are sin and cos of 2 pi k month / 12. Month dummies are checked
    against a least-squares fit by hand (numpy) with a column per month but January; with
    a fixed monthly pattern built in, the level change comes back close to the -4 put in."""
    terms = fourier_terms(np.array([3.0]), harmonics=1)
    assert terms.loc[0, "sin1"] == pytest.approx(1.0)
    assert terms.loc[0, "cos1"] == pytest.approx(0.0, abs=1e-12)
    with pytest.raises(InputValueError, match="harmonics"):
        fourier_terms(np.array([1.0]), harmonics=6)  # sin(pi x month) is always 0
    months = pd.period_range("2019-01", periods=48, freq="M")
    pattern = np.array([5, 3, 1, 0, -1, -2, -3, -2, 0, 1, 3, 4], dtype=float)
    t = np.arange(1, 49)
    rng = np.random.default_rng(8)
    y = 40 + 0.2 * t + np.tile(pattern, 4) - 4 * (t >= 31) + rng.normal(0, 0.5, 48)
    data = pd.DataFrame({"y": y}, index=months)
    result = interrupted_time_series(
        data, "y", months[30], seasonality="months", slope_change=False
    )
    month = np.tile(np.arange(1, 13), 4)
    x = np.column_stack(
        [np.ones(48), t, (t >= 31).astype(float), *[(month == m) * 1.0 for m in range(2, 13)]]
    )
    beta = np.linalg.lstsq(x, y, rcond=None)[0]
    assert result.estimates.loc["Level change", "Estimate"] == pytest.approx(beta[2], rel=1e-8)
    assert beta[2] == pytest.approx(-4, abs=0.6)
    fourier = interrupted_time_series(
        data, "y", months[30], seasonality="fourier", slope_change=False
    )
    assert fourier.estimates.loc["Level change", "Estimate"] == pytest.approx(-4, abs=1.0)


def test_card_and_krueger_difference_in_differences() -> None:
    """Card and Krueger (American Economic Review 1994; 84: 772-793), Table 3: mean FTE
    employment per store before and after New Jersey's minimum wage rise, all available
    observations: Pennsylvania 23.33 then 21.17, New Jersey 20.44 then 21.03; the paper
    prints the difference in differences as 2.76 (from unrounded means). The rounded
    means give (21.03 - 20.44) - (21.17 - 23.33) = 0.59 + 2.16 = 2.75, within the
    rounding of four means (0.02) of 2.76.

    Each cell is given as two stores at its mean plus and minus 1, so the pooled residual
    variance is 1 x 8 / (8 - 4) = 2 and the interval's half-width is, by hand,
    t(0.975, 4) x sqrt(2 x (1/2 + 1/2 + 1/2 + 1/2)) = 2.776 x 2.
    """
    cells = {(False, False): 23.33, (False, True): 21.17, (True, False): 20.44, (True, True): 21.03}
    rows = [
        {"fte": mean + d, "nj": nj, "after": after}
        for (nj, after), mean in cells.items()
        for d in (-1.0, 1.0)
    ]
    result = difference_in_differences(pd.DataFrame(rows), "fte", "nj", "after")
    assert result.estimate == pytest.approx(2.75)
    assert abs(result.estimate - 2.76) <= 0.02
    half = stats.t.ppf(0.975, 4) * np.sqrt(2 * 2.0)
    assert result.upper - result.estimate == pytest.approx(half)
    assert result.means.loc["Treated", "Change"] == pytest.approx(0.59)
    assert result.means.loc["Comparison", "Change"] == pytest.approx(-2.16)
    assert result.pre_trend is None


def test_pre_trend_check_finds_parallel_and_diverging_slopes() -> None:
    """Two localities, 24 months before and 12 after. With parallel pre-period slopes the
    difference in slopes is 0 (by construction, to rounding); with a treated slope 0.5 a
    month steeper it is 0.5, the slope difference a hand regression gives."""
    months = np.arange(1, 37)
    rng = np.random.default_rng(21)
    rows = []
    for treated, extra in ((False, 0.0), (True, 0.5)):
        for m in months:
            after = m > 24
            value = 30 + 0.2 * m + 5 * treated + extra * m * (not after) - 4 * (treated and after)
            rows.append(
                {
                    "rate": value + rng.normal(0, 0.01),
                    "treated": treated,
                    "after": after,
                    "month": m,
                }
            )
    data = pd.DataFrame(rows)
    result = difference_in_differences(data, "rate", "treated", "after", time="month")
    assert result.pre_trend is not None
    estimate, low, high = result.pre_trend
    assert estimate == pytest.approx(0.5, abs=0.01)
    assert not low <= 0 <= high
    parallel = data.assign(
        rate=data["rate"] - 0.5 * data["month"] * (data["treated"] & ~data["after"])
    )
    check = difference_in_differences(parallel, "rate", "treated", "after", time="month")
    assert check.pre_trend is not None
    assert check.pre_trend[0] == pytest.approx(0.0, abs=0.01)


def test_phase_limits_find_the_shift_and_recalculate() -> None:
    """Twelve points round 20, a change, then points round 14. The first seven points in
    a row below the old mean after the change start at the change itself; phase 2 limits
    are module 2's XmR limits of the points from there on."""
    before = [20, 21, 19, 22, 20, 18, 21, 20, 19, 21, 20, 19]
    after = [15, 14, 13, 15, 14, 16, 13, 14, 15, 14, 13, 15]
    months = pd.period_range("2024-01", periods=24, freq="M")
    values = pd.Series(before + after, index=months, dtype=float)
    result = phase_limits(values, months[12])
    assert result.shift_start == months[12]
    chart = result.chart
    assert chart["Phase"].tolist() == [1] * 12 + [2] * 12
    by_hand = xmr(values.iloc[12:])
    assert chart.loc[months[12] :, "Mean"].iloc[0] == pytest.approx(np.mean(after))
    assert chart.loc[months[12] :, "UpperLimit"].iloc[0] == pytest.approx(
        by_hand["UpperLimit"].iloc[0]
    )
    assert chart.loc[: months[11], "Mean"].iloc[0] == pytest.approx(np.mean(before))


def test_phase_limits_wait_for_a_full_run() -> None:
    """A run of six below the mean is not a shift at run_length 7, but is at 6; a point on
    the mean breaks a run, as in module 2."""
    months = pd.period_range("2024-01", periods=20, freq="M")
    values = pd.Series([10, 12] * 5 + [8, 8, 8, 8, 8, 8, 11, 12, 10, 12], index=months, dtype=float)
    assert phase_limits(values, months[10]).shift_start is None
    assert phase_limits(values, months[10], run_length=6).shift_start == months[10]
    assert set(phase_limits(values, months[10]).chart["Phase"]) == {1}


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"family": "binomial"}, "family"),
        ({"seasonality": "weekly"}, "seasonality"),
        ({"offset": "pop"}, "offset"),
        ({"hac_lags": 0}, "hac_lags"),
        ({"confidence": 95}, "confidence"),
    ],
)
def test_its_bad_options_say_what_to_do(kwargs: dict, name: str) -> None:
    months = pd.period_range("2024-01", periods=12, freq="M")
    data = pd.DataFrame({"y": np.arange(12.0), "pop": 100.0}, index=months)
    with pytest.raises(InputValueError) as error:
        interrupted_time_series(data, "y", months[6], **kwargs)
    assert error.value.name == name


def test_its_bad_data_are_named() -> None:
    months = pd.period_range("2024-01", periods=12, freq="M")
    data = pd.DataFrame({"y": np.arange(12.0)}, index=months)
    with pytest.raises(InputValueError, match="interruption"):
        interrupted_time_series(data, "y", pd.Period("2030-01", "M"))
    with pytest.raises(InputValueError, match="at least 3 periods"):
        interrupted_time_series(data, "y", months[1])
    with pytest.raises(InputValueError, match="without admissions"):
        interrupted_time_series(data, "admissions", months[6])
    with pytest.raises(InputValueError, match="negative counts"):
        interrupted_time_series(data.assign(y=data["y"] - 5), "y", months[6], family="poisson")
    with pytest.raises(InputValueError, match="season"):
        interrupted_time_series(data.reset_index(drop=True), "y", 6, seasonality="fourier")


def test_did_bad_data_are_named() -> None:
    data = pd.DataFrame(
        {"y": [1.0, 2, 3, 4, 5, 6], "t": [0, 0, 1, 1, 0, 0], "p": [0, 1, 0, 0, 0, 1]}
    )
    with pytest.raises(InputValueError, match="empty group"):
        difference_in_differences(data, "y", "t", "p")
    with pytest.raises(InputValueError, match="True/False"):
        difference_in_differences(data.assign(t=[0, 2, 1, 1, 0, 0]), "y", "t", "p")
    with pytest.raises(InputValueError, match="without x"):
        difference_in_differences(data, "x", "t", "p")
