"""planlab.waiting against the NHS-R Community's NHSRwaitinglist R package.

Expected values are the package's own, from https://github.com/nhs-r-community/NHSRwaitinglist
(read at commit 0d85b69, version 0.1.2.9001):

- the documented examples in R/calc_*.R (shown on the package's reference pages,
  https://nhs-r-community.github.io/NHSRwaitinglist/reference/);
- its unit tests, tests/testthat/test-calc_*.R;
- the vignette "Walkthrough of waiting list functions" (vignettes/example_walkthrough.Rmd),
  which follows the P4 ENT waiting list of Fong et al., "Understanding waiting lists
  pressures", medRxiv 2022, doi:10.1101/2022.08.23.22279117: 1,200 waiting, demand 30 a
  week, capacity 27 a week, a 52-week target, mean wait 63 weeks.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from planlab import datasets
from planlab.errors import InputValueError, PlanlabError
from planlab.waiting import (
    breach_probability,
    factor_for_breach_probability,
    littles_law_mean_wait,
    littles_law_queue_size,
    project_waiting_list,
    queue_load,
    relief_capacity,
    target_capacity,
    target_mean_wait,
    target_queue_size,
    waiting_list_pressure,
)

# --- queue load -------------------------------------------------------------------------


def test_queue_load_documented_example():
    # calc_queue_load.R example: 30 added and 27 removed a week "results in a queue load
    # of 1.11 (30/27)"; test-calc_queue_load.R expects 1.11111111.
    assert queue_load(30, 27) == pytest.approx(30 / 27)
    assert queue_load(30, 27) == pytest.approx(1.11111111)
    assert round(queue_load(30, 27), 2) == 1.11


@pytest.mark.parametrize(
    ("demand", "capacity", "expected"),
    # test-calc_queue_load.R, vector of fixed values.
    [(35, 27, 1.2962963), (30, 25, 1.2), (52, 42, 1.23809524)],
)
def test_queue_load_package_tests(demand, capacity, expected):
    assert queue_load(demand, capacity) == pytest.approx(expected, rel=1e-7)


# --- target mean wait and the percentile factor -------------------------------------------


def test_target_mean_wait_documented_example():
    # calc_target_mean_wait.R: "If the target wait is 52 weeks then the target mean wait
    # with a factor of 4 would be 13 weeks and with a factor of 6 it would be 8.67 weeks."
    assert target_mean_wait(52, 4) == 13
    assert target_mean_wait(52) == 13
    assert round(target_mean_wait(52, 6), 2) == 8.67


@pytest.mark.parametrize(
    ("target_wait", "factor", "expected"),
    # test-calc_target_mean_wait.R, vector of fixed values.
    [(35, 4, 8.75), (30, 4, 7.5), (52, 6, 8.6666667)],
)
def test_target_mean_wait_package_tests(target_wait, factor, expected):
    assert target_mean_wait(target_wait, factor) == pytest.approx(expected, rel=1e-7)


def test_factor_four_and_six_give_the_published_breach_chances():
    # calc_target_mean_wait.R: a mean wait between a quarter and a sixth of the target
    # gives a chance "between 1.8%-0.2%" of missing it; wl_stats.R: the target queue size
    # (factor 4) means "approximately 98.2% of patients being treated within their
    # target". With exponential waits these are exp(-4) and exp(-6).
    assert round(100 * breach_probability(4), 1) == 1.8
    assert round(100 * (1 - breach_probability(4)), 1) == 98.2
    assert round(100 * breach_probability(6), 1) == 0.2
    assert breach_probability(4) == pytest.approx(math.exp(-4))


def test_factor_for_a_breach_chance_inverts_it():
    for factor in (1.0, 2.53, 4.0, 6.0):
        assert factor_for_breach_probability(breach_probability(factor)) == pytest.approx(factor)
    # England's 92% within 18 weeks: 8% may miss, factor -ln(0.08) = 2.53, so a mean
    # wait of 18 / 2.53 = 7.1 weeks.
    factor = factor_for_breach_probability(0.08)
    assert factor == pytest.approx(-math.log(0.08))
    assert round(target_mean_wait(18, factor), 1) == 7.1


# --- Little's law and the target queue size -------------------------------------------------


def test_target_queue_size_documented_example():
    # calc_target_queue_size.R: "If demand is 30 patients per week and the target wait is
    # 52 weeks, then the Target queue size = 30 * 52/4 = 390 patients."
    assert target_queue_size(30, 52, 4) == 390
    assert target_queue_size(30, 52) == 390


@pytest.mark.parametrize(
    ("demand", "target_wait", "factor", "expected"),
    # test-calc_target_queue_size.R: 390, 375 and 250.
    [(30, 52, 4, 390), (30, 50, 4, 375), (30, 50, 6, 250)],
)
def test_target_queue_size_package_tests(demand, target_wait, factor, expected):
    assert target_queue_size(demand, target_wait, factor) == pytest.approx(expected)


def test_littles_law_is_the_target_queue_size_at_the_target_mean_wait():
    # The walkthrough's Facts 5 and 6: Little's law (queue = demand x mean wait) at the
    # target mean wait of 13 weeks gives the target queue size of 390.
    assert littles_law_queue_size(30, 13) == 390
    assert littles_law_mean_wait(390, 30) == 13
    # and the walkthrough's queue ratio: 1,200 waiting is 3.1 times the target
    assert round(1200 / target_queue_size(30, 52), 1) == 3.1


def test_littles_law_round_trip():
    for rate, wait in [(30, 13), (4.5, 9.2), (150, 0.5)]:
        size = littles_law_queue_size(rate, wait)
        assert littles_law_mean_wait(size, rate) == pytest.approx(wait)


# --- relief and target capacity --------------------------------------------------------------


def test_relief_capacity_documented_example():
    # calc_relief_capacity.R: demand 30 a week, 1,200 waiting, target 390 in 26 weeks:
    # "Relief Capacity = 30 + (1200 - 390)/26 = 61.15 patients per week";
    # test-calc_relief_capacity.R expects 61.153846.
    assert relief_capacity(30, 1200, 390, 26) == pytest.approx(30 + (1200 - 390) / 26)
    assert relief_capacity(30, 1200, 390, 26) == pytest.approx(61.153846, rel=1e-7)
    assert relief_capacity(30, 1200, 390) == pytest.approx(61.153846, rel=1e-7)  # 26 default


@pytest.mark.parametrize(
    ("demand", "queue_size", "target", "weeks", "expected"),
    # test-calc_relief_capacity.R, vector of fixed values: 61.153846, 53 and 45.
    [(30, 1200, 390, 26, 61.153846), (33, 800, 200, 30, 53), (35, 250, 100, 15, 45)],
)
def test_relief_capacity_package_tests(demand, queue_size, target, weeks, expected):
    assert relief_capacity(demand, queue_size, target, weeks) == pytest.approx(expected, rel=1e-7)


def test_relief_capacity_clears_the_backlog_in_the_projection():
    # Run the walkthrough's list at its relief capacity for 26 weeks: it ends at 390.
    capacity = relief_capacity(30, 1200, 390, 26)
    projection = project_waiting_list(1200, 30, capacity, weeks=26)
    assert projection["ListSize"].iloc[-1] == pytest.approx(390)
    # a date works through the weeks between: 2025-03-30 to 2025-09-28 is 26 weeks
    weeks = (pd.Timestamp("2025-09-28") - pd.Timestamp("2025-03-30")).days / 7
    assert relief_capacity(30, 1200, 390, weeks) == pytest.approx(capacity)


def test_target_capacity_package_tests_single_value():
    # test-calc_target_capacity.R: calc_target_capacity(30, 52, 3, 1.1, 1.2) equals
    # 30 + ((1.1^2 + 1.2^2) / 2) * (3 / 52) and 30.076442.
    got = target_capacity(30, 52, 3, 1.1, 1.2)
    assert got == pytest.approx(30 + ((1.1**2 + 1.2**2) / 2) * (3 / 52))
    assert got == pytest.approx(30.076442, rel=1e-7)


@pytest.mark.parametrize(
    ("demand", "target_wait", "factor", "cv_demand", "cv_capacity", "expected"),
    # test-calc_target_capacity.R, vector of fixed values.
    [
        (30, 52, 3, 1.1, 1.4, 30.0914423),
        (42, 65, 2, 1.2, 1.5, 42.0567692),
        (35, 50, 1, 1.3, 1.6, 35.0425),
    ],
)
def test_target_capacity_package_tests(
    demand, target_wait, factor, cv_demand, cv_capacity, expected
):
    got = target_capacity(demand, target_wait, factor, cv_demand, cv_capacity)
    assert got == pytest.approx(expected, rel=1e-7)


def test_target_capacity_walkthrough():
    # Walkthrough, "Target capacity": with F = 1 the capacity is 30 + 2/2 x 1/52 = 30.02
    # a week; with F = 6.58 it is 30 + 6.58/52 = 30.13 (the vignette prints both
    # rounded to 2 decimals).
    assert round(target_capacity(30, 52, factor=1), 2) == 30.02
    assert round(target_capacity(30, 52, factor=6.58), 2) == 30.13
    assert target_capacity(30, 52, factor=1) == pytest.approx(30 + 1 / 52)


# --- waiting-list pressure -------------------------------------------------------------------


def test_waiting_list_pressure_package_tests():
    # test-calc_waiting_list_pressure.R: (63, 52) -> 2.42307692; vector (63, 52), (42, 24),
    # (55, 50) -> 2.42307692, 3.5, 2.2. The walkthrough's P2 list: mean wait 24 weeks
    # against a 4-week target, pressure 12.
    assert waiting_list_pressure(63, 52) == pytest.approx(2.42307692, rel=1e-7)
    assert waiting_list_pressure(42, 24) == pytest.approx(3.5)
    assert waiting_list_pressure(55, 50) == pytest.approx(2.2)
    assert waiting_list_pressure(24, 4) == pytest.approx(12)


# --- the week-by-week projection -------------------------------------------------------------


def test_a_list_grows_by_demand_minus_capacity():
    # The walkthrough's list: demand 30, capacity 27 -> it grows by 3 a week.
    projection = project_waiting_list(1200, 30, 27, weeks=4)
    assert projection.index.name == "Week"
    assert projection.index.tolist() == [1, 2, 3, 4]
    assert list(projection.columns) == ["Additions", "Capacity", "Removals", "ListSize"]
    assert projection["ListSize"].tolist() == [1203, 1206, 1209, 1212]
    assert projection["Removals"].tolist() == [27, 27, 27, 27]


def test_a_list_never_goes_below_zero_and_removes_only_who_is_there():
    projection = project_waiting_list(5, [1, 2, 3], [10, 0, 1])
    # week 1: 5 + 1 - 10 floors at 0, so only 6 are removed; then 0 + 2 = 2; 2 + 3 - 1 = 4
    assert projection["ListSize"].tolist() == [0, 2, 4]
    assert projection["Removals"].tolist() == [6, 0, 1]


def test_projection_matches_a_week_by_week_loop():
    rng = np.random.default_rng(7)
    demand = rng.integers(0, 40, 200)
    capacity = rng.integers(0, 45, 200)
    size, expected = 30.0, []
    for added, removable in zip(demand, capacity, strict=True):
        size = max(0.0, size + added - removable)
        expected.append(size)
    got = project_waiting_list(30, demand, capacity)["ListSize"].tolist()
    assert got == expected


def test_projection_replays_the_course_waiting_list():
    # The waiting_list dataset keeps ListSize = last week's ListSize + Additions - Removals,
    # so replaying its additions and removals from the first week rebuilds the list.
    table = datasets.load("waiting_list")
    for specialty, rows in table.groupby("Specialty", observed=True):
        rows = rows.sort_values("WeekEnding").set_index("WeekEnding")
        first = rows.iloc[0]
        start = first["ListSize"] - first["Additions"] + first["Removals"]
        replay = project_waiting_list(start, rows["Additions"], rows["Removals"])
        assert replay.index.equals(rows.index), specialty
        assert replay["ListSize"].tolist() == rows["ListSize"].astype(float).tolist(), specialty


# --- inputs that make no sense -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: queue_load(-1, 27), "demand"),
        (lambda: queue_load(30, 0), "capacity"),
        (lambda: queue_load(30, -27), "capacity"),
        (lambda: queue_load("30", 27), "demand"),
        (lambda: queue_load(True, 27), "demand"),
        (lambda: queue_load(math.nan, 27), "demand"),
        (lambda: target_mean_wait(0), "target_wait"),
        (lambda: target_mean_wait(-52), "target_wait"),
        (lambda: target_mean_wait(52, 0), "factor"),
        (lambda: target_queue_size(-30, 52), "demand"),
        (lambda: target_queue_size(30, 0), "target_wait"),
        (lambda: target_queue_size(30, 52, -4), "factor"),
        (lambda: relief_capacity(-30, 1200, 390), "demand"),
        (lambda: relief_capacity(30, -1, 390), "queue_size"),
        (lambda: relief_capacity(30, 1200, -390), "target_queue_size"),
        (lambda: relief_capacity(30, 1200, 390, 0), "time_to_target"),
        (lambda: relief_capacity(30, 1200, 390, math.inf), "time_to_target"),
        (lambda: target_capacity(-30, 52), "demand"),
        (lambda: target_capacity(30, 0), "target_wait"),
        (lambda: target_capacity(30, 52, 0), "factor"),
        (lambda: target_capacity(30, 52, 4, -1), "cv_demand"),
        (lambda: target_capacity(30, 52, 4, 1, -1), "cv_capacity"),
        (lambda: waiting_list_pressure(-1, 52), "mean_wait"),
        (lambda: waiting_list_pressure(63, 0), "target_wait"),
        (lambda: littles_law_queue_size(-30, 13), "arrival_rate"),
        (lambda: littles_law_queue_size(30, -13), "mean_wait"),
        (lambda: littles_law_mean_wait(390, 0), "arrival_rate"),
        (lambda: littles_law_mean_wait(-390, 30), "queue_size"),
        (lambda: breach_probability(0), "factor"),
        (lambda: factor_for_breach_probability(0), "probability"),
        (lambda: factor_for_breach_probability(1), "probability"),
        (lambda: factor_for_breach_probability(8), "probability"),
        (lambda: project_waiting_list(-1, 30, 27, weeks=4), "start_size"),
        (lambda: project_waiting_list(1200, -30, 27, weeks=4), "demand"),
        (lambda: project_waiting_list(1200, [30, -1], [27, 27]), "demand"),
        (lambda: project_waiting_list(1200, [30, 30], [27, math.nan]), "capacity"),
        (lambda: project_waiting_list(1200, 30, 27), "weeks"),
        (lambda: project_waiting_list(1200, 30, 27, weeks=0), "weeks"),
        (lambda: project_waiting_list(1200, 30, 27, weeks=2.5), "weeks"),
        (lambda: project_waiting_list(1200, [30, 30], [27, 27, 27]), "demand and capacity"),
        (lambda: project_waiting_list(1200, [30, 30], 27, weeks=3), "demand and capacity"),
        (lambda: project_waiting_list(1200, "thirty", 27, weeks=3), "demand"),
        (lambda: project_waiting_list(1200, [], 27), "demand"),
    ],
)
def test_impossible_inputs_name_the_argument(call, name):
    with pytest.raises(InputValueError, match=rf"^{name} was .+, but it must be ") as caught:
        call()
    assert caught.value.name == name
    assert isinstance(caught.value, PlanlabError)


def test_a_target_wait_of_zero_says_why():
    with pytest.raises(InputValueError, match="a target of 0 can never be met"):
        target_queue_size(30, 0)


def test_a_hundred_percent_standard_is_explained():
    with pytest.raises(InputValueError, match="for a 100% standard choose a small share"):
        factor_for_breach_probability(0)
    with pytest.raises(InputValueError, match=r"write 8% as 0\.08"):
        factor_for_breach_probability(8)
