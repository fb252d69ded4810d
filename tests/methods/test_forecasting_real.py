"""The forecasting helpers on real published series, read from ../shared/real-data/.

- Scotland: Public Health Scotland, monthly A&E activity (release of May 2023):
  attendances at Emergency Departments summed over sites, by month.
- England: NHS England monthly A&E attendances, as packaged in the NHS-R Community's
  ``NHSRdatasets`` (``ae_attendances``): attendances summed over trusts and types, by month.

The files are not part of the repository; the tests skip when the folder is absent. They
check that the evaluation is correct (no training window holds a month it forecasts; the
seasonal naive forecast is the value 12 months earlier), not that any method wins. Run with
``-s`` to see each method's out-of-sample accuracy.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planlab import forecasting as fc

REAL = Path(__file__).resolve().parents[3] / "shared" / "real-data"
PHS_AE = REAL / "phs" / "monthly_ae_activity_202305.csv"
NHSR_AE = REAL / "nhsr" / "ae_attendances.csv"


def scottish_ed_attendances() -> pd.Series:
    from planlab.data.phs import read_phs_csv

    if not PHS_AE.is_file():
        pytest.skip(f"real data absent: {PHS_AE} not found (needs ../shared/real-data)")
    table = read_phs_csv(PHS_AE)
    table = table[table["DepartmentType"] == "Emergency Department"]
    return table.groupby("Month")["NumberOfAttendancesAll"].sum().astype(float)


def english_ae_attendances() -> pd.Series:
    if not NHSR_AE.is_file():
        pytest.skip(f"real data absent: {NHSR_AE} not found (needs ../shared/real-data)")
    table = pd.read_csv(NHSR_AE, parse_dates=["period"])
    return table.groupby(table["period"].dt.to_period("M"))["attendances"].sum().astype(float)


# Scotland has 191 months: twelve 12-month folds, three months apart. England has only 36
# months (April 2016 to March 2019), so its folds forecast 3 months from ten origins.
SERIES = {
    "Scotland ED": (scottish_ed_attendances, {"h": 12, "origins": 12, "step": 3}),
    "England A&E": (english_ae_attendances, {"h": 3, "origins": 10, "step": 1}),
}


def watched(methods, log):
    """Wrap each method so every training window it is given is recorded."""

    def wrap(name, method):
        def call(training, h):
            log.append((name, training.index[0], training.index[-1], len(training)))
            return method(training, h)

        return call

    return {name: wrap(name, method) for name, method in methods.items()}


@pytest.mark.parametrize("label", list(SERIES))
def test_rolling_origin_on_real_series(label):
    load, settings = SERIES[label]
    y = load()
    assert isinstance(y.index, pd.PeriodIndex)
    log: list[tuple[str, pd.Period, pd.Period, int]] = []
    results = fc.rolling_origin(y, watched(fc.METHODS, log), **settings)

    # every method was trained once per origin, on the months up to the origin only
    assert len(log) == settings["origins"] * len(fc.METHODS)
    for (origin, method), fold in results.groupby(["Origin", "Method"]):
        (start, end, months) = next((s, e, n) for m, s, e, n in log if m == method and e == origin)
        assert start == y.index[0]
        assert months == len(y.loc[:origin])
        assert end < fold["Month"].min(), "a training window holds a month it forecasts"
        assert (fold["Actual"].to_numpy() == y[fold["Month"]].to_numpy()).all()

    # the seasonal naive forecast is the value 12 months earlier
    snaive = results[results["Method"] == "Seasonal naive"]
    earlier = y[pd.PeriodIndex(snaive["Month"]) - 12].to_numpy()
    np.testing.assert_array_equal(snaive["Forecast"].to_numpy(), earlier)

    table = fc.accuracy_table(results)
    assert list(table.index) == list(fc.METHODS)
    assert np.isfinite(table[["MAE", "RMSE", "MAPE", "MASE"]].to_numpy()).all()
    assert 0 <= table.loc["Holt-Winters", "Coverage"] <= 1
    print(f"\n{label}: {len(y)} months, {y.index[0]} to {y.index[-1]}, settings {settings}")
    print(table.round(3).to_string())
