"""planlab.queues against published Poisson and Erlang B tables, and a simulated ward.

Sources (each test names the one it uses):

- Collins D. Carrier Grade Voice Over IP, 2nd edition (McGraw-Hill, 2003), Appendix A,
  "Table of Erlang B": the offered load (erlangs, 1 decimal) that 1 to 9 channels carry
  at blocking probabilities from 0.01% to 5%. Read at
  https://www.globalspec.com/reference/55139/203279/appendix-a-table-of-erlang-b
- Erlang B calculator manual, "How much traffic can a trunk group handle?": 15 lines at
  1% blocking can be offered 8.108 erlangs.
  https://erlang.com/calculatormanual/howmuchtrafficcanatrunkgrouphandle.htm
- Cachon G, Terwiesch C. Matching Supply with Demand (McGraw-Hill), the trauma-centre
  example of the chapter on variability and throughput losses: 3 trauma bays,
  r = 2 hours / 3 hours = 0.67, and "the Erlang Loss Table" gives P_3(0.67) = 0.0255.
- Wolfram Language documentation, "Compute loss probabilities for a queue" (new in
  Mathematica 9): "if there are 30 call lines and the traffic is 25 Erlangs, then the
  blocking or loss probability is approximately 0.05".
  http://wolfram.com/mathematica/new-in-9/enhanced-core-algorithms/compute-loss-probabilities-for-a-queue.html
- University of Massachusetts Amherst, Statistics tables, "Poisson probabilities,
  r = 5 ~ 20": individual Poisson probabilities to 4 decimals.
  http://www.umass.edu/wsp/statistics/tables/poisson2.html
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import simpy
from scipy import stats

from planlab.errors import InputValueError, PlanlabError
from planlab.queues import (
    blocking_at_occupancy,
    carried_load,
    erlang_b,
    erlang_beds_needed,
    erlang_occupancy,
    max_offered_load,
    offered_load,
    poisson_beds_needed,
    poisson_overflow_probability,
    safe_occupancy,
    safe_occupancy_table,
)

# --- the Poisson model of daily bed demand -----------------------------------------

#: UMass Amherst table, columns r = 5 and r = 10, p(0) to p(15), 4 decimals.
UMASS_POISSON = {
    5: [
        0.0067, 0.0337, 0.0842, 0.1404, 0.1755, 0.1755, 0.1462, 0.1044,
        0.0653, 0.0363, 0.0181, 0.0082, 0.0034, 0.0013, 0.0005, 0.0002,
    ],
    10: [
        0.0000, 0.0005, 0.0023, 0.0076, 0.0189, 0.0378, 0.0631, 0.0901,
        0.1126, 0.1251, 0.1251, 0.1137, 0.0948, 0.0729, 0.0521, 0.0347,
    ],
}  # fmt: skip


@pytest.mark.parametrize("mean", [5, 10])
def test_poisson_probabilities_match_the_umass_table(mean):
    # The table is what the overflow probabilities below are built from.
    for beds, published in enumerate(UMASS_POISSON[mean]):
        assert round(float(stats.poisson.pmf(beds, mean)), 4) == published


@pytest.mark.parametrize(
    ("mean", "beds"),
    [(5, 8), (5, 9), (10, 14), (10, 15)],
)
def test_overflow_probability_is_one_minus_the_table_cumulative(mean, beds):
    # UMass table: P(N > beds) = 1 - (p(0) + ... + p(beds)); the 4-decimal rounding of up
    # to 16 terms can move the sum by at most 0.0008.
    published = 1 - sum(UMASS_POISSON[mean][: beds + 1])
    assert poisson_overflow_probability(mean, beds) == pytest.approx(published, abs=8e-4)


@pytest.mark.parametrize(
    ("mean", "expected"),
    # UMass table: for r = 5, P(N > 8) = 1 - 0.9319 = 0.068 and P(N > 9) = 1 - 0.9682 =
    # 0.032, so 9 beds keep the overflow risk at or under 5%; for r = 10, P(N > 14) =
    # 0.0835 and P(N > 15) = 0.0487, so 15 beds.
    [(5, 9), (10, 15)],
)
def test_poisson_beds_for_five_percent_risk_from_the_table(mean, expected):
    assert poisson_beds_needed(mean, 0.05) == expected


@pytest.mark.parametrize("mean", [0.5, 2.0, 7.3, 20.0, 82.19, 359.0])
@pytest.mark.parametrize("risk", [0.2, 0.05, 0.01, 0.001])
def test_poisson_beds_needed_is_the_smallest_safe_ward(mean, risk):
    beds = poisson_beds_needed(mean, risk)
    assert poisson_overflow_probability(mean, beds) <= risk
    if beds > 0:
        assert float(stats.poisson.sf(beds - 1, mean)) > risk


# --- Erlang B against published tables --------------------------------------------

#: Collins (2003), Appendix A: offered load in erlangs, to 1 decimal, for 1 to 9
#: channels at each blocking probability.
COLLINS_RISKS = [
    0.0001, 0.0005, 0.001, 0.002, 0.003, 0.004, 0.005, 0.006,
    0.007, 0.008, 0.009, 0.01, 0.02, 0.03, 0.04, 0.05,
]  # fmt: skip
COLLINS_TABLE = {
    1: [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.1],
    2: [0.0, 0.0, 0.0, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.2, 0.3, 0.3, 0.4],
    3: [0.1, 0.2, 0.2, 0.2, 0.3, 0.3, 0.3, 0.4, 0.4, 0.4, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
    4: [0.2, 0.4, 0.4, 0.5, 0.6, 0.7, 0.7, 0.7, 0.8, 0.8, 0.8, 0.9, 1.1, 1.3, 1.4, 1.5],
    5: [0.5, 0.6, 0.8, 0.9, 1.0, 1.1, 1.1, 1.2, 1.2, 1.3, 1.3, 1.4, 1.7, 1.9, 2.1, 2.2],
    6: [0.7, 1.0, 1.1, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.8, 1.9, 1.9, 2.3, 2.5, 2.8, 3.0],
    7: [1.1, 1.4, 1.6, 1.8, 1.9, 2.1, 2.2, 2.2, 2.3, 2.4, 2.4, 2.5, 2.9, 3.2, 3.5, 3.7],
    8: [1.4, 1.8, 2.1, 2.3, 2.5, 2.6, 2.7, 2.8, 2.9, 3.0, 3.1, 3.1, 3.6, 4.0, 4.3, 4.5],
    9: [1.8, 2.3, 2.6, 2.9, 3.1, 3.2, 3.3, 3.4, 3.5, 3.6, 3.7, 3.8, 4.3, 4.7, 5.1, 5.4],
}


@pytest.mark.parametrize("channels", sorted(COLLINS_TABLE))
def test_max_offered_load_reproduces_the_collins_erlang_b_table(channels):
    got = [round(max_offered_load(channels, risk), 1) for risk in COLLINS_RISKS]
    assert got == COLLINS_TABLE[channels]


def test_fifteen_lines_at_one_percent_carry_8_108_erlangs():
    # erlang.com calculator manual: 15 lines, 1% blocking -> 8.108 erlangs.
    load = max_offered_load(15, 0.01)
    assert round(load, 3) == 8.108
    assert erlang_b(15, load) == pytest.approx(0.01, rel=1e-9)
    assert erlang_beds_needed(8.108, 0.01) == 15


def test_trauma_centre_example_of_cachon_and_terwiesch():
    # 3 bays, offered load r = 2/3: the Erlang loss table gives P_3(0.67) = 0.0255.
    assert round(erlang_b(3, 2 / 3), 4) == 0.0255
    # By hand: (a^3 / 3!) / (1 + a + a^2 / 2 + a^3 / 6) with a = 2/3 is 4/157.
    assert erlang_b(3, 2 / 3) == pytest.approx(4 / 157)


def test_wolfram_thirty_lines_twenty_five_erlangs():
    # Wolfram: 30 lines and 25 erlangs -> "approximately 0.05" (it is 0.0526).
    assert erlang_b(30, 25) == pytest.approx(0.05, abs=0.005)
    assert round(erlang_b(30, 25), 4) == 0.0526
    # so a 5% limit needs one line more
    assert erlang_beds_needed(25, 0.05) == 31


@pytest.mark.parametrize("beds", [1, 2, 5, 24, 100, 400])
@pytest.mark.parametrize("load", [0.3, 4.0, 22.8, 95.0, 350.0])
def test_recursion_agrees_with_scipys_poisson_ratio(beds, load):
    # B(c, a) = pmf(c; a) / cdf(c; a) of a Poisson(a), computed independently by scipy.
    ratio = stats.poisson.pmf(beds, load) / stats.poisson.cdf(beds, load)
    assert erlang_b(beds, load) == pytest.approx(ratio, rel=1e-9)


def test_erlang_b_stays_finite_when_the_load_swamps_the_ward():
    # scipy's pmf / cdf is 0 / 0 here; the recursion is not. With far more load than beds,
    # nearly everyone is turned away, and the ward carries (just under) all its beds.
    blocking = erlang_b(10, 1000.0)
    assert 0.98 < blocking < 1
    assert carried_load(10, 1000.0) == pytest.approx(10, abs=0.02)
    assert erlang_b(1, 1e-9) == pytest.approx(1e-9, rel=1e-6)


def test_one_bed_by_hand():
    # One bed: B = a / (1 + a).
    assert erlang_b(1, 3.0) == pytest.approx(0.75)
    assert erlang_occupancy(1, 3.0) == pytest.approx(0.75)


def test_carried_load_and_occupancy_by_hand():
    load = 2 / 3
    blocking = 4 / 157
    assert carried_load(3, load) == pytest.approx(load * (1 - blocking))
    assert erlang_occupancy(3, load) == pytest.approx(load * (1 - blocking) / 3)


def test_offered_load_is_arrivals_times_stay():
    # Scotland's acute stay of 7.6 days (data brief, S28) with 3 admissions a day.
    assert offered_load(3, 7.6) == pytest.approx(22.8)


def test_beds_needed_is_the_smallest_ward_under_the_risk():
    for load in (0.5, 6.0, 22.8, 80.0, 300.0):
        for risk in (0.1, 0.05, 0.01):
            beds = erlang_beds_needed(load, risk)
            assert erlang_b(beds, load) <= risk
            if beds > 1:
                assert erlang_b(beds - 1, load) > risk


# --- safe occupancy and why 85% is a rule of thumb ----------------------------------


def test_safe_occupancy_is_the_occupancy_at_the_largest_safe_load():
    for beds in (5, 24, 120):
        load = max_offered_load(beds, 0.05)
        assert erlang_b(beds, load) == pytest.approx(0.05, rel=1e-9)
        assert safe_occupancy(beds, 0.05) == pytest.approx(erlang_occupancy(beds, load))


def test_blocking_at_occupancy_inverts_safe_occupancy():
    for beds in (3, 10, 24, 200):
        for risk in (0.01, 0.05, 0.2):
            assert blocking_at_occupancy(beds, safe_occupancy(beds, risk)) == pytest.approx(
                risk, rel=1e-7
            )
    assert blocking_at_occupancy(24, 1) == 1.0


def test_safe_occupancy_rises_with_ward_size_and_85_percent_needs_a_big_ward():
    # Bagust, Place and Posnett (BMJ 1999) and de Bruin et al. (2010): one occupancy
    # target for every ward is wrong, because small wards must run emptier. At 5% of
    # arrivals turned away, 85% is safe only from 52 beds up; 10 beds are safe at 59%.
    # The 10- and 20-bed loads are the Erlang B table entries 6.216 and 15.25 erlangs.
    table = safe_occupancy_table(range(5, 201), 0.05)
    assert list(table.columns) == ["Beds", "OfferedLoad", "MeanOccupiedBeds", "SafeOccupancy"]
    assert table["Beds"].tolist() == list(range(5, 201))
    assert table["SafeOccupancy"].is_monotonic_increasing
    assert table["SafeOccupancy"].between(0, 1).all()
    by_beds = table.set_index("Beds")
    assert round(by_beds.loc[10, "OfferedLoad"], 3) == 6.216
    assert round(by_beds.loc[20, "OfferedLoad"], 2) == 15.25
    assert by_beds.loc[51, "SafeOccupancy"] < 0.85 <= by_beds.loc[52, "SafeOccupancy"]
    assert round(by_beds.loc[10, "SafeOccupancy"], 2) == 0.59
    # a 24-bed ward (the data brief's typical ward) run at 85% turns away 1 in 7
    assert round(blocking_at_occupancy(24, 0.85), 3) == 0.141


# --- a discrete-event simulation of the same ward -----------------------------------

#: Seeded runs per simulated ward; each run has its own seed for arrivals and stays.
RUNS = 3


def simulate_ward(beds, arrivals_per_day, stays, seed):
    """Simulate a loss ward (M/G/c/c) with SimPy: return (share turned away, mean occupancy).

    Patients arrive as a Poisson process at ``arrivals_per_day``; the i-th arrival, if
    it finds a free bed, stays ``stays[i]`` days. One who finds every bed full is turned
    away and does not come back. Occupancy is averaged over time.
    """
    gaps = np.random.default_rng(seed).exponential(1 / arrivals_per_day, size=len(stays))
    env = simpy.Environment()
    ward = simpy.Resource(env, capacity=beds)
    tally = {"turned_away": 0, "bed_days": 0.0, "since": 0.0}

    def count_bed_days():
        tally["bed_days"] += ward.count * (env.now - tally["since"])
        tally["since"] = env.now

    def stay(request, length):
        yield env.timeout(length)
        count_bed_days()
        ward.release(request)

    def arrivals():
        for gap, length in zip(gaps.tolist(), stays.tolist(), strict=True):
            yield env.timeout(gap)
            count_bed_days()
            if ward.count == beds:
                tally["turned_away"] += 1
            else:  # a free bed: the request is granted at once
                env.process(stay(ward.request(), length))

    env.process(arrivals())
    end = float(gaps.sum())
    env.run(until=end)
    count_bed_days()
    return tally["turned_away"] / len(stays), tally["bed_days"] / (end * beds)


def simulate_runs(beds, arrivals_per_day, draw_stays):
    runs = [
        simulate_ward(beds, arrivals_per_day, draw_stays(np.random.default_rng(100 + seed)), seed)
        for seed in range(RUNS)
    ]
    return float(np.mean([share for share, _ in runs])), float(np.mean([occ for _, occ in runs]))


def test_simulated_ward_agrees_with_erlang_b():
    # 10 beds, 1.2 admissions a day staying 5 days on average (exponential): a = 6.
    # Tolerance: 3 runs of 25,000 arrivals; from 12 runs, the standard error of the mean
    # of 3 is 0.0014 for the share turned away and 0.0023 for occupancy, so 0.006 and
    # 0.01 are about 4 standard errors.
    load = offered_load(1.2, 5.0)
    turned_away, occupancy = simulate_runs(10, 1.2, lambda rng: rng.exponential(5.0, 25_000))
    assert erlang_b(10, load) == pytest.approx(0.0431, abs=1e-4)
    assert turned_away == pytest.approx(erlang_b(10, load), abs=0.006)
    assert occupancy == pytest.approx(erlang_occupancy(10, load), abs=0.01)


def test_a_ward_sized_for_five_percent_turns_away_five_percent_in_simulation():
    # The exercise's question: 2.5 admissions a day, mean stay 7.6 days (Scotland's acute
    # mean, data brief S28): a = 19 erlangs, and 24 beds keep blocking at or under 5%.
    # Stays here are lognormal with a coefficient of variation of 1.5, skewed as real
    # stays are: the loss model depends on the stay only through its mean.
    # Tolerance: skewed stays make runs vary more, so 3 runs of 50,000 arrivals; from
    # 12 runs the standard error of the mean of 3 is 0.0012 for the share turned away
    # and 0.0015 for occupancy, so 0.006 and 0.01 are 5 standard errors or more.
    load = offered_load(2.5, 7.6)
    beds = erlang_beds_needed(load, 0.05)
    assert beds == 24
    sigma = math.sqrt(math.log(1 + 1.5**2))
    turned_away, occupancy = simulate_runs(
        beds, 2.5, lambda rng: rng.lognormal(math.log(7.6) - sigma**2 / 2, sigma, 50_000)
    )
    assert turned_away == pytest.approx(erlang_b(beds, load), abs=0.006)
    assert occupancy == pytest.approx(erlang_occupancy(beds, load), abs=0.01)


# --- inputs that make no sense -------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: erlang_b(10.5, 5), "beds"),
        (lambda: erlang_b(0, 5), "beds"),
        (lambda: erlang_b(-3, 5), "beds"),
        (lambda: erlang_b("24", 5), "beds"),
        (lambda: erlang_b(True, 5), "beds"),
        (lambda: erlang_b(24.0, 5), "beds"),
        (lambda: erlang_b(10, 0), "load"),
        (lambda: erlang_b(10, -2), "load"),
        (lambda: erlang_b(10, math.inf), "load"),
        (lambda: erlang_b(10, math.nan), "load"),
        (lambda: carried_load(10, "5"), "load"),
        (lambda: erlang_occupancy(2.5, 5), "beds"),
        (lambda: erlang_beds_needed(0, 0.05), "load"),
        (lambda: erlang_beds_needed(5, 0), "risk"),
        (lambda: erlang_beds_needed(5, 1), "risk"),
        (lambda: erlang_beds_needed(5, -0.1), "risk"),
        (lambda: erlang_beds_needed(5, "5%"), "risk"),
        (lambda: max_offered_load(0, 0.05), "beds"),
        (lambda: max_offered_load(10, 1.5), "risk"),
        (lambda: safe_occupancy(10, 0), "risk"),
        (lambda: safe_occupancy(10.0, 0.05), "beds"),
        (lambda: blocking_at_occupancy(24, 0), "occupancy"),
        (lambda: blocking_at_occupancy(24, 1.2), "occupancy"),
        (lambda: blocking_at_occupancy(24, -0.5), "occupancy"),
        (lambda: blocking_at_occupancy(24, "85%"), "occupancy"),
        (lambda: blocking_at_occupancy(24.5, 0.85), "beds"),
        (lambda: safe_occupancy_table([10, 24.5], 0.05), "bed_counts"),
        (lambda: safe_occupancy_table([], 0.05), "bed_counts"),
        (lambda: safe_occupancy_table([10], 0.0), "risk"),
        (lambda: offered_load(0, 7.6), "arrivals_per_day"),
        (lambda: offered_load(-3, 7.6), "arrivals_per_day"),
        (lambda: offered_load(3, 0), "mean_stay_days"),
        (lambda: poisson_beds_needed(0, 0.05), "mean_occupied"),
        (lambda: poisson_beds_needed(-1, 0.05), "mean_occupied"),
        (lambda: poisson_beds_needed(10, 1), "risk"),
        (lambda: poisson_overflow_probability(10, 14.5), "beds"),
        (lambda: poisson_overflow_probability(10, 0), "beds"),
    ],
)
def test_impossible_inputs_name_the_argument(call, name):
    with pytest.raises(InputValueError, match=rf"^{name} was .+, but it must be ") as caught:
        call()
    assert caught.value.name == name
    assert isinstance(caught.value, PlanlabError)
    assert isinstance(caught.value, ValueError)


def test_percent_written_as_a_whole_number_is_explained():
    with pytest.raises(InputValueError, match=r"write 5% as 0\.05"):
        erlang_beds_needed(20, 5)
    with pytest.raises(InputValueError, match=r"write 85% as 0\.85"):
        blocking_at_occupancy(24, 85)


def test_fractional_beds_say_what_a_ward_size_looks_like():
    with pytest.raises(InputValueError, match=r"a whole number of beds, 1 or more, such as 24"):
        erlang_b(24.5, 20)
