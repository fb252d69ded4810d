"""Module 14's data: the discharge pathway tracker and the real effect of discharge to assess.

The table must hold one real effect that the course's methods can find: in Strathmorven
Towns (LVL03) discharge to assess, from April 2024, cuts the expected wait from ready to
leaving by a rate ratio of 0.75; nothing changes in the comparison locality, Corranbridge
(LVL01), and readmissions do not change anywhere. Each property is checked from the
committed CSV columns with the toolkit's own methods:

- the interrupted time series is the segmented Poisson regression of Lopez Bernal,
  Cummins and Gasparrini (International Journal of Epidemiology 2017; 46: 348-355):
  a count (days waited) with the log of its denominator (people ready) as the offset,
  a step at the change, Fourier terms for the season and a quasi-Poisson scale for
  overdispersion, here with Newey-West errors (3 lags) for autocorrelation;
- the shift rule is NHS England's Making Data Count rule: a run of 7 or more points on
  one side of the centre line of an XmR chart whose limits come from before the change
  (Making Data Count, "Strengthening your decisions", 2019; :func:`planlab.spc.xmr`);
- parallel trends are checked as in :func:`planlab.evaluation.difference_in_differences`
  (the treated-minus-comparison slope before the change, with its interval);
- autocorrelation is read from the Durbin-Watson statistic (about 2 when neighbouring
  residuals are unrelated) and the lag-1 correlation of the model's residuals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from planlab import datasets
from planlab.data import parameters as params
from planlab.data.tables.common import months, stream
from planlab.data.tables.discharge import expected_wait, make_discharge_pathway
from planlab.evaluation import difference_in_differences, interrupted_time_series
from planlab.spc import xmr

TREATED = params.DISCHARGE_TO_ASSESS_LOCALITY
COMPARISON = "LVL01"
START = pd.Timestamp(f"{params.DISCHARGE_TO_ASSESS_START}-01")
LOCALITIES = ["LVL01", "LVL02", "LVL03", "LVL04"]
COLUMNS = [
    "Month",
    "LocalityCode",
    "PeopleReady",
    "DaysWaited",
    "MeanDaysWaited",
    "LeftWithin2Days",
    "Readmitted28Days",
    "DischargeToAssess",
]
WINDOW = 9  # months after the change within which the shift rule must fire
RUN = 7  # Making Data Count's run of points on one side of the centre line


@pytest.fixture(scope="module")
def pathway() -> pd.DataFrame:
    """The committed table, as learners load it."""
    return datasets.load("discharge_pathway")


def locality(pathway: pd.DataFrame, code: str) -> pd.DataFrame:
    """Return one locality's months, indexed by month (so seasonality can find the month)."""
    rows = pathway[pathway["LocalityCode"] == code]
    return rows.set_index(pd.DatetimeIndex(rows["Month"]))


def poisson_its(series: pd.DataFrame, outcome: str):
    """The ITS model of Lopez Bernal et al. (2017), step only, for ``outcome`` per person."""
    return interrupted_time_series(
        series,
        outcome,
        START,
        family="quasipoisson",
        offset="PeopleReady",
        seasonality="fourier",
        slope_change=False,
        hac_lags=3,
    )


@pytest.fixture(scope="module")
def waits(pathway):
    """The ITS of days waited in each locality, fitted once for the module."""
    return {code: poisson_its(locality(pathway, code), "DaysWaited") for code in LOCALITIES}


def level_change(result) -> tuple[float, float, float]:
    row = result.estimates.loc["Level change"]
    return float(row["Estimate"]), float(row["Lower"]), float(row["Upper"])


def test_one_row_per_month_and_locality(pathway):
    assert list(pathway.columns) == COLUMNS
    assert len(pathway) == 60 * 4
    assert not pathway.duplicated(["Month", "LocalityCode"]).any()
    expected = pd.date_range("2021-04-01", "2026-03-01", freq="MS")
    assert (pd.DatetimeIndex(sorted(pathway["Month"].unique())) == expected).all()
    assert set(pathway["LocalityCode"]) == set(LOCALITIES)


def test_the_committed_file_is_what_the_seed_makes(pathway):
    made = make_discharge_pathway(params.DEFAULT_SEED)
    assert (made["PeopleReady"].to_numpy() == pathway["PeopleReady"].to_numpy()).all()
    assert (made["DaysWaited"].to_numpy() == pathway["DaysWaited"].to_numpy()).all()
    assert (made["Readmitted28Days"].to_numpy() == pathway["Readmitted28Days"].to_numpy()).all()


def test_columns_add_up(pathway):
    people = pathway["PeopleReady"]
    assert (people > 0).all()
    assert np.allclose(pathway["MeanDaysWaited"], (pathway["DaysWaited"] / people).round(2))
    assert (pathway["LeftWithin2Days"] <= people).all()
    assert (pathway["Readmitted28Days"] <= people).all()
    # Everyone who did not leave within 2 days waited at least 3.
    assert (pathway["DaysWaited"] >= 3 * (people - pathway["LeftWithin2Days"])).all()


def test_the_service_runs_in_one_locality_from_its_start(pathway):
    live = pathway["DischargeToAssess"] == "Yes"
    expected = (pathway["LocalityCode"] == TREATED) & (pathway["Month"] >= START)
    assert (live == expected).all()
    assert live.sum() == 24


def test_people_ready_are_4_to_12_a_month_per_1000_aged_75_plus(pathway):
    population = datasets.load("population")
    older = population[population["AgeGroup"].isin(["75-79", "80-84", "85-89", "90plus"])]
    by_year = older.groupby(["Year", "LocalityCode"], observed=True)["Population"].sum()
    year = np.minimum(pathway["Month"].dt.year, params.BASE_YEAR)
    keys = pd.MultiIndex.from_arrays([year, pathway["LocalityCode"].astype(str)])
    rate = 1000 * pathway["PeopleReady"].to_numpy() / by_year.reindex(keys).to_numpy()
    # The brief's "about 4 to 12": the average sits in it, and all but the busiest winter
    # months of the smaller localities (Poisson scatter around about 30 people) do too.
    assert 8 <= rate.mean() <= 12
    assert rate.min() >= 4
    assert np.mean(rate <= 12) >= 0.85


def test_days_waited_match_the_delayed_bed_days_of_people_aged_75_plus(pathway):
    # Calibration: the days waited by people ready in a year are of the order of the
    # delayed bed days PHS counts for people aged 75+ (both come from the same figures).
    delays = datasets.load("delayed_discharges")
    older = delays[delays["AgeGroup"] == "75plus"]
    in_years = older["MonthOfDelay"].astype(str).between("202104", "202503")
    bed_days = older.loc[in_years, "NumberOfDelayedBedDays"].sum()
    waited = pathway.loc[pathway["Month"] < "2025-04-01", "DaysWaited"].sum()
    assert 0.6 <= waited / bed_days <= 1.6


def test_waits_are_longer_in_winter(pathway):
    before = pathway[pathway["Month"] < START]
    winter = before["Month"].dt.month.isin([12, 1, 2])
    mean = before.groupby(winter)[["DaysWaited", "PeopleReady"]].sum()
    ratio = (mean.loc[True, "DaysWaited"] / mean.loc[True, "PeopleReady"]) / (
        mean.loc[False, "DaysWaited"] / mean.loc[False, "PeopleReady"]
    )
    assert 1.05 <= ratio <= 1.25


def test_the_its_recovers_the_built_effect(waits):
    estimate, lower, upper = level_change(waits[TREATED])
    assert lower <= params.DISCHARGE_TO_ASSESS_WAIT_RATIO <= upper
    assert upper < 1  # and it is clear of no effect
    assert 0.6 <= estimate <= 0.9


def test_the_its_finds_no_effect_in_the_comparison(waits):
    _, lower, upper = level_change(waits[COMPARISON])
    assert lower <= 1 <= upper


def test_readmissions_do_not_change(pathway):
    result = poisson_its(locality(pathway, TREATED), "Readmitted28Days")
    _, lower, upper = level_change(result)
    assert lower <= 1 <= upper
    share = pathway["Readmitted28Days"].sum() / pathway["PeopleReady"].sum()
    assert 0.10 <= share <= 0.16  # about 13%, a little above ISD's 11.9% for people aged 65+


def test_a_naive_before_and_after_understates_the_effect(pathway):
    # The slow rise in waits everywhere hides part of the fall (why a comparison is needed).
    series = locality(pathway, TREATED)
    after = series.index >= START
    rates = [
        series.loc[part, "DaysWaited"].sum() / series.loc[part, "PeopleReady"].sum()
        for part in (~after, after)
    ]
    assert params.DISCHARGE_TO_ASSESS_WAIT_RATIO < rates[1] / rates[0] < 1


def test_pre_change_trends_are_parallel_in_the_comparison(pathway):
    both = pd.concat(
        [
            locality(pathway, TREATED).assign(Treated=True),
            locality(pathway, COMPARISON).assign(Treated=False),
        ]
    )
    both["Post"] = both.index >= START
    both["Time"] = (both.index.year - 2021) * 12 + both.index.month
    result = difference_in_differences(
        both, "MeanDaysWaited", "Treated", "Post", time="Time", hac_lags=3
    )
    assert result.pre_trend is not None
    _, lower, upper = result.pre_trend
    assert lower <= 0 <= upper
    assert result.upper < 0  # the difference in differences finds the fall


def shift_within_window(series: pd.DataFrame) -> bool:
    """Whether the XmR chart (limits from before the change) shows a shift in the window."""
    before = int((series.index < START).sum())
    chart = xmr(series["MeanDaysWaited"], baseline=before, run_length=RUN)
    window = chart.iloc[before : before + WINDOW]
    for side in (window["Value"] > window["Mean"], window["Value"] < window["Mean"]):
        runs = side.astype(int).groupby((~side).cumsum()).cumsum()
        if runs.max() >= RUN:
            assert window.loc[runs.to_numpy() >= RUN, "Shift"].all()  # the rule agrees
            return True
    return False


def test_the_shift_rule_fires_within_nine_months_in_the_treated_locality(pathway):
    assert shift_within_window(locality(pathway, TREATED))


def test_the_shift_rule_does_not_fire_in_the_comparison(pathway):
    assert not shift_within_window(locality(pathway, COMPARISON))


def test_waits_are_overdispersed(waits, pathway):
    for code, result in waits.items():
        assert result.diagnostics["dispersion"] > 2, code  # far more scatter than Poisson
    # Each month's people: the spread of LeftWithin2Days is wider than one shared chance gives.
    share = pathway["LeftWithin2Days"] / pathway["PeopleReady"]
    binomial = (share.mean() * (1 - share.mean()) / pathway["PeopleReady"]).mean()
    assert share.var() > 1.5 * binomial


def test_neighbouring_months_are_alike(waits):
    lag_one = []
    for code, result in waits.items():
        residuals = np.asarray(result.model.resid_pearson)
        lag_one.append(np.corrcoef(residuals[1:], residuals[:-1])[0, 1])
        assert result.diagnostics["durbin_watson"] < 2, code
    assert np.mean(lag_one) > 0


def test_the_hidden_level_has_the_persistence_asked_for(monkeypatch):
    month_values = months("1950-01", "2049-12")  # a long run, so the estimate is close
    wait = expected_wait(stream(1, "persistence check"), month_values)
    monkeypatch.setattr(params, "PATHWAY_WAIT_SD", 0.0)
    smooth = expected_wait(stream(1, "persistence check"), month_values)
    level = np.log(wait / smooth)
    lag_one = [np.corrcoef(column[1:], column[:-1])[0, 1] for column in level.T]
    assert np.allclose(lag_one, params.PATHWAY_WAIT_PERSISTENCE, atol=0.1)
