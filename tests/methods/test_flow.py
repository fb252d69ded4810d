"""planlab.flow (a SimPy ward) against the M/G/infinity queue and exact properties.

Sources (each test names the one it uses):

- The lognormal's moments: for ln X ~ N(mu, sigma^2), E[X] = exp(mu + sigma^2 / 2) and
  Var[X] = (exp(sigma^2) - 1) exp(2 mu + sigma^2).
- The M/G/infinity queue (Poisson arrivals, any stay distribution, no limit on beds):
  the number present at a given time is Poisson with mean arrivals a day x mean stay,
  whatever the shape of the stays (Ross SM, Introduction to Probability Models, Academic
  Press, chapter 5, "the infinite server Poisson queue"; a textbook result). So
  the mean count is the load, its variance equals its mean, and the share of midnights
  with more patients than beds is the Poisson tail, computed independently by
  planlab.queues.poisson_overflow_probability.
- Little's law (L = lambda W): with patients who wait, every patient is still admitted
  in the end, so the mean number in beds is still the load when the ward is stable.

Tolerances come from 8 runs of 10 years at 5 arrivals a day and a 5-day mean stay
(load 25, 30 beds): the SD of one run's mean count was 0.18, of its share of days over
capacity 0.0105; four runs are averaged, and the tolerances are about 4 standard errors.
"""

from __future__ import annotations

import doctest
import math

import numpy as np
import pandas as pd
import pytest

import planlab.flow
from planlab.errors import InputValueError
from planlab.flow import compare_ward_change, lognormal_stay, simulate_ward, ward_summary
from planlab.queues import offered_load, poisson_overflow_probability

RATE, MEAN_STAY, STAY_SD, BEDS, DAYS = 5.0, 5.0, 5.0, 30, 3650


def _runs(**options):
    return [
        simulate_ward(RATE, MEAN_STAY, STAY_SD, BEDS, DAYS, seed=seed, **options)
        for seed in range(4)
    ]


def test_lognormal_stay_has_the_mean_and_sd_asked_for():
    mu, sigma = lognormal_stay(9.1, 12.0)
    assert math.exp(mu + sigma**2 / 2) == pytest.approx(9.1)
    assert math.sqrt((math.exp(sigma**2) - 1) * math.exp(2 * mu + sigma**2)) == pytest.approx(12.0)


def test_midnight_count_is_poisson_with_mean_the_load():
    # M/G/infinity: the count is Poisson(load), load = 5 x 5 = 25 (planlab.queues).
    load = offered_load(RATE, MEAN_STAY)
    days = pd.concat(_runs())
    assert days["Demand"].mean() == pytest.approx(load, abs=0.4)
    assert days["Demand"].var() / days["Demand"].mean() == pytest.approx(1.0, abs=0.15)
    assert days["OverCapacity"].mean() == pytest.approx(
        poisson_overflow_probability(load, BEDS), abs=0.025
    )
    assert (days["Waiting"] == 0).all()


def test_patients_who_wait_never_overfill_the_ward():
    # With waiting, beds are never over-full, nobody waits while a bed is free, and by
    # Little's law the mean number in beds is still the load (about 25).
    days = pd.concat(_runs(wait_for_bed=True))
    assert days["Occupied"].max() == BEDS
    assert not ((days["Waiting"] > 0) & (days["Occupied"] < BEDS)).any()
    assert days["Occupied"].mean() == pytest.approx(25.0, abs=0.5)
    assert (days["OverCapacity"] == (days["Waiting"] > 0)).all()


def test_the_same_seed_gives_the_same_ward():
    first = simulate_ward(RATE, MEAN_STAY, STAY_SD, BEDS, 200, seed=9)
    pd.testing.assert_frame_equal(first, simulate_ward(RATE, MEAN_STAY, STAY_SD, BEDS, 200, seed=9))
    no_change = simulate_ward(RATE, MEAN_STAY, STAY_SD, BEDS, 200, seed=9, arrival_change=0.0)
    pd.testing.assert_frame_equal(first, no_change)


@pytest.mark.parametrize(
    ("arrival_change", "stay_change"), [(-0.1, 0.0), (0.0, -0.1), (-0.05, -0.05)]
)
def test_a_change_for_the_better_never_adds_a_patient_on_any_day(arrival_change, stay_change):
    # Common random numbers: the changed ward sees a subset of the same patients, each
    # staying no longer, so no midnight can have more patients than before.
    before = simulate_ward(RATE, MEAN_STAY, STAY_SD, BEDS, 365, seed=3)
    after = simulate_ward(RATE, MEAN_STAY, STAY_SD, BEDS, 365, seed=3,
                          arrival_change=arrival_change, stay_change=stay_change)  # fmt: skip
    assert (after["Demand"] <= before["Demand"]).all()
    assert after["Demand"].sum() < before["Demand"].sum()


def test_shorter_stays_cut_mean_demand_in_proportion():
    # M/G/infinity: the mean count is arrivals x mean stay, so stays 20% shorter cut it 20%.
    table = compare_ward_change(RATE, MEAN_STAY, STAY_SD, BEDS, stay_change=-0.2, days=DAYS, seed=1)
    ratio = table.loc["With change", "MeanDemand"] / table.loc["Without change", "MeanDemand"]
    assert ratio == pytest.approx(0.8, abs=0.01)
    assert (
        table.loc["With change", "ShareOfDaysOverCapacity"]
        < table.loc["Without change", "ShareOfDaysOverCapacity"]
    )


def test_ward_summary_by_hand():
    daily = pd.DataFrame(
        {
            "Occupied": [2, 3, 3, 3, 1],
            "Waiting": [0, 0, 1, 2, 0],
            "Demand": [2, 3, 4, 5, 1],
            "OverCapacity": [False, False, True, True, False],
        }
    )
    summary = ward_summary(daily, beds=3)
    assert summary["MeanOccupancy"] == pytest.approx(12 / 15)
    assert summary["MeanDemand"] == pytest.approx(3.0)
    assert summary["BusiestDay"] == 5
    assert summary["ShareOfDaysOverCapacity"] == pytest.approx(0.4)
    assert summary["LongestRunOverCapacity"] == 2
    assert summary["MeanWaiting"] == pytest.approx(0.6)
    assert summary["MostWaiting"] == 2
    assert summary["P95Demand"] == pytest.approx(np.percentile([2, 3, 4, 5, 1], 95))


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"arrivals_per_day": 0}, "arrivals_per_day was 0"),
        ({"mean_stay": -1.0}, "mean_stay was -1.0"),
        ({"stay_sd": math.nan}, "stay_sd was nan"),
        ({"beds": 0}, "beds was 0"),
        ({"beds": 2.5}, "whole number"),
        ({"days": 0}, "days was 0"),
        ({"warm_up": -1}, "warm_up was -1"),
        ({"arrival_change": 0.1}, "raise arrivals_per_day"),
        ({"arrival_change": -1.0}, "above -1"),
        ({"stay_change": -1.0}, "above -1"),
        ({"stay_change": "-0.1"}, "a relative change as a fraction"),
        ({"seed": -3}, "seed was -3"),
    ],
)
def test_simulate_ward_refuses_bad_inputs(options, match):
    arguments = {"arrivals_per_day": 5.0, "mean_stay": 5.0, "stay_sd": 5.0, "beds": 30, **options}
    with pytest.raises(InputValueError, match=match):
        simulate_ward(**arguments)


def test_compare_and_summary_refuse_bad_inputs():
    with pytest.raises(InputValueError, match="so both runs match"):
        compare_ward_change(5.0, 5.0, 5.0, 30, seed=np.random.default_rng(1))
    with pytest.raises(InputValueError, match="without Demand"):
        ward_summary(pd.DataFrame({"Occupied": [1], "Waiting": [0], "OverCapacity": [False]}), 3)


def test_the_docstring_examples_run():
    result = doctest.testmod(planlab.flow)
    assert result.attempted >= 3
    assert result.failed == 0
