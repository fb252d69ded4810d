"""Unit tests of planlab.forecasting against hand-worked examples and published definitions.

Definitions: Hyndman and Athanasopoulos, Forecasting: Principles and Practice, 3rd edition
(OTexts, 2021), sections 5.2 (benchmarks) and 5.8 (accuracy); Hyndman and Koehler (2006)
for MASE.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from planlab import forecasting as fc
from planlab.errors import InputValueError, PlanlabError


def monthly(values, start="2015-04") -> pd.Series:
    return pd.Series(
        [float(v) for v in values], index=pd.period_range(start, periods=len(values), freq="M")
    )


def seasonal_series(n: int = 60, seed: int = 3) -> pd.Series:
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    return monthly(1000 + 2 * t + 80 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 10, n))


# --- benchmark forecasters --------------------------------------------------


def test_mean_forecast_is_the_mean_of_the_history():
    y = monthly([10, 20, 30, 40])
    forecast = fc.mean_forecast(y, 3)
    assert forecast.tolist() == [25.0, 25.0, 25.0]
    assert list(forecast.index.astype(str)) == ["2015-08", "2015-09", "2015-10"]


def test_naive_forecast_repeats_the_last_month():
    assert fc.naive_forecast(monthly([5, 9, 7]), 2).tolist() == [7.0, 7.0]


def test_seasonal_naive_equals_the_value_twelve_months_earlier():
    y = monthly(range(100, 130))  # 30 months
    forecast = fc.seasonal_naive_forecast(y, 15)
    for month, value in forecast.items():
        back = month - 12
        while back not in y.index:  # beyond one season ahead, go back another season
            back -= 12
        assert value == y[back]
    # by hand: the last 12 months are 118..129, so months 1-12 ahead repeat them
    assert forecast.tolist()[:12] == [float(v) for v in range(118, 130)]
    assert forecast.tolist()[12:] == [118.0, 119.0, 120.0]


def test_seasonal_naive_needs_a_full_season():
    with pytest.raises(InputValueError, match="at least 12 months"):
        fc.seasonal_naive_forecast(monthly(range(11)), 3)


def test_drift_by_hand():
    # slope = (16 - 10) / (3 - 1) = 3, so 16 + 3 = 19 and 16 + 6 = 22
    assert fc.drift_forecast(monthly([10, 12, 16]), 2).tolist() == [19.0, 22.0]


def test_drift_formula_last_plus_h_times_average_change():
    y = seasonal_series(40)
    last, first, n = y.iloc[-1], y.iloc[0], len(y)
    forecast = fc.drift_forecast(y, 6)
    for h, value in enumerate(forecast, start=1):
        assert value == pytest.approx(last + h * (last - first) / (n - 1))


@pytest.mark.parametrize(
    ("y", "h", "what"),
    [
        ([1, 2, 3], 0, "h was 0"),
        ([1, 2, 3], 1.5, "h was 1.5"),
        ([1, 2, 3], True, "h was True"),
    ],
)
def test_bad_horizons_are_refused(y, h, what):
    with pytest.raises(InputValueError, match=what):
        fc.naive_forecast(monthly(y), h)


def test_series_must_be_monthly_periods_without_gaps():
    with pytest.raises(InputValueError, match="PeriodIndex"):
        fc.naive_forecast(pd.Series([1.0, 2.0]), 1)
    gappy = monthly([1, 2, 3]).drop(pd.Period("2015-05", "M"))
    with pytest.raises(InputValueError, match="no gaps"):
        fc.naive_forecast(gappy, 1)
    with pytest.raises(InputValueError, match="no missing values"):
        fc.naive_forecast(monthly([1, np.nan, 3]), 1)
    with pytest.raises(PlanlabError):
        fc.mean_forecast([1, 2, 3], 1)


# --- Holt-Winters -------------------------------------------------------------


def test_holt_winters_returns_forecasts_inside_their_intervals():
    y = seasonal_series()
    out = fc.holt_winters(y, 12, level=0.8)
    assert list(out.columns) == ["Forecast", "Lower", "Upper"]
    assert out.index.equals(pd.period_range(y.index[-1] + 1, periods=12, freq="M"))
    assert (out["Lower"] < out["Forecast"]).all()
    assert (out["Forecast"] < out["Upper"]).all()
    # intervals widen with the horizon, and a 95% interval is wider than an 80% one
    width = out["Upper"] - out["Lower"]
    assert width.iloc[-1] > width.iloc[0]
    wide = fc.holt_winters(y, 12, level=0.95)
    assert ((wide["Upper"] - wide["Lower"]) > width).all()
    pd.testing.assert_series_equal(wide["Forecast"], out["Forecast"])


def test_holt_winters_is_statsmodels_ets_aada():
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    y = seasonal_series()
    direct = ETSModel(
        y,
        error="add",
        trend="add",
        damped_trend=True,
        seasonal="add",
        seasonal_periods=12,
        initialization_method="heuristic",
    ).fit(disp=False)
    ours = fc.holt_winters(y, 6)
    np.testing.assert_allclose(ours["Forecast"], direct.forecast(6).to_numpy(), rtol=1e-6)


def test_holt_winters_follows_the_seasonal_pattern():
    y = seasonal_series(72)
    out = fc.holt_winters(y, 12)
    truth = 1000 + 2 * np.arange(72, 84) + 80 * np.sin(2 * np.pi * np.arange(72, 84) / 12)
    assert fc.mae(truth, out["Forecast"]) < 25  # noise has sd 10; seasonal swing is 160


def test_holt_winters_needs_two_seasons_and_a_sensible_level():
    with pytest.raises(InputValueError, match="at least 24 months"):
        fc.holt_winters(seasonal_series(20), 3)
    with pytest.raises(InputValueError, match="level was 80"):
        fc.holt_winters(seasonal_series(), 3, level=80)


# --- accuracy measures: hand-worked ------------------------------------------


def test_mae_rmse_mape_by_hand():
    actual, forecast = [10, 20], [13, 16]  # errors 3 and 4
    assert fc.mae(actual, forecast) == 3.5
    assert fc.rmse(actual, forecast) == pytest.approx(math.sqrt((9 + 16) / 2))
    # |10-13|/10 = 30%, |20-16|/20 = 20%: mean 25%
    assert fc.mape(actual, forecast) == pytest.approx(25.0)


def test_mase_by_hand_with_m_12():
    # training 0, 1, ..., 13: each y_t - y_(t-12) is 12, so the scale is 12
    training = list(range(14))
    assert fc.seasonal_naive_scale(training) == 12.0
    # errors 3 and 9: MAE 6, MASE 6 / 12 = 0.5
    assert fc.mase([10, 20], [13, 11], training) == 0.5


def test_mase_by_hand_with_m_1():
    # scale = mean(|3-1|, |2-3|, |5-2|) = (2 + 1 + 3) / 3 = 2; MAE = (1 + 3) / 2 = 2
    assert fc.mase([4, 6], [5, 3], [1, 3, 2, 5], m=1) == 1.0


def test_mase_of_seasonal_naive_in_sample_is_one():
    # Hyndman and Koehler (2006): the in-sample seasonal naive forecast has MASE 1
    y = seasonal_series(48)
    fitted = y.shift(12).dropna()
    assert fc.mase(y.iloc[12:], fitted, y) == pytest.approx(1.0)


def test_coverage_by_hand_counts_the_limits_as_inside():
    # 1 in [0, 2]; 2 on the limit of [2, 3]; 3 not in [4, 5]; 4 not in [0, 3]
    assert fc.coverage([1, 2, 3, 4], [0, 2, 4, 0], [2, 3, 5, 3]) == 0.5


def test_accuracy_measures_refuse_bad_input():
    with pytest.raises(InputValueError, match="as many values"):
        fc.mae([1, 2], [1])
    with pytest.raises(InputValueError, match="use MASE"):
        fc.mape([0, 2], [1, 2])
    with pytest.raises(InputValueError, match="more than m = 12"):
        fc.mase([1], [1], list(range(12)))
    with pytest.raises(InputValueError, match="varies"):
        fc.seasonal_naive_scale([5] * 30)
    with pytest.raises(InputValueError, match="upper"):
        fc.coverage([1], [3], [2])
    a = monthly([1, 2])
    with pytest.raises(InputValueError, match="same months"):
        fc.mae(a, monthly([1, 2], start="2016-01"))


# --- rolling origin -----------------------------------------------------------


def test_rolling_origin_never_trains_on_the_future():
    y = seasonal_series(60)
    seen = []

    def spy(training, h):
        seen.append(training.copy())
        return fc.naive_forecast(training, h)

    results = fc.rolling_origin(y, {"Spy": spy}, h=6, origins=5, step=2)
    assert len(seen) == 5
    for training, (origin, fold) in zip(seen, results.groupby("Origin"), strict=True):
        assert training.index[-1] == origin
        assert training.index.max() < fold["Month"].min()
        pd.testing.assert_series_equal(training, y.loc[:origin])  # nothing else, nothing more
    assert results["Origin"].max() == y.index[-7]  # the last origin leaves h months
    assert results["Month"].max() == y.index[-1]


def test_rolling_origin_table_shape_and_seasonal_naive():
    y = seasonal_series(60)
    results = fc.rolling_origin(y, h=12, origins=3)
    assert len(results) == 3 * 12 * len(fc.METHODS)
    snaive = results[results["Method"] == "Seasonal naive"]
    for _, row in snaive.iterrows():
        assert row["Forecast"] == y[row["Month"] - 12]
        assert row["Actual"] == y[row["Month"]]
        assert row["Month"] - row["Origin"] == row["Horizon"] * row["Month"].freq
    hw = results[results["Method"] == "Holt-Winters"]
    assert hw["Lower"].notna().all()
    assert results[results["Method"] == "Mean"]["Lower"].isna().all()


def test_accuracy_table_matches_a_hand_calculation():
    # 26 months of 0..25 (scale 12 at every origin); mean method, h = 1, two origins
    y = monthly(range(26))
    results = fc.rolling_origin(y, {"Mean": fc.mean_forecast}, h=1, origins=2)
    # origin 1: train 0..23 (mean 11.5), actual 24: error 12.5
    # origin 2: train 0..24 (mean 12.0), actual 25: error 13.0
    assert results["Forecast"].tolist() == [11.5, 12.0]
    table = fc.accuracy_table(results)
    assert table.loc["Mean", "MAE"] == pytest.approx(12.75)
    assert table.loc["Mean", "RMSE"] == pytest.approx(math.sqrt((12.5**2 + 13**2) / 2))
    assert table.loc["Mean", "MASE"] == pytest.approx(12.75 / 12)
    assert np.isnan(table.loc["Mean", "Coverage"])
    assert table.loc["Mean", "Forecasts"] == 2


def test_rolling_origin_refuses_too_many_origins():
    with pytest.raises(InputValueError, match="24 months or more"):
        fc.rolling_origin(seasonal_series(40), h=12, origins=6)
    with pytest.raises(InputValueError, match="origins was 0"):
        fc.rolling_origin(seasonal_series(40), origins=0)


def test_rolling_origin_checks_what_a_method_returns():
    def wrong(training, h):
        return fc.naive_forecast(training, h + 1)

    with pytest.raises(InputValueError, match="months after training"):
        fc.rolling_origin(seasonal_series(40), {"Wrong": wrong}, h=3, origins=2)


def test_accuracy_table_refuses_other_tables():
    with pytest.raises(InputValueError, match="rolling_origin"):
        fc.accuracy_table(pd.DataFrame({"a": [1]}))
