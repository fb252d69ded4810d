import math

import numpy as np
import pandas as pd
import pytest

from planlab.errors import InputValueError
from planlab.rates import (
    BROAD_AGE_BANDS,
    ESP2013,
    byar_limits,
    crude_rate,
    esp2013_weights,
    exact_poisson_limits,
    rate_ratio,
    rate_ratios,
    standardised_rate,
    standardised_rates,
)

Z = 1.959963984540054


def test_esp2013_totals_100000_in_19_bands():
    assert sum(ESP2013.values()) == 100_000
    assert len(ESP2013) == 19
    assert ESP2013["0-4"] == 5000
    assert ESP2013["90plus"] == 1000


def test_broad_weights_sum_the_bands():
    weights = esp2013_weights(BROAD_AGE_BANDS)
    assert weights.sum() == 100_000
    assert weights["85plus"] == 2500
    assert weights["15-44"] == 5500 + 6000 + 6000 + 6500 + 7000 + 7000


def test_weights_refuse_unknown_or_repeated_bands():
    with pytest.raises(InputValueError, match="ESP2013"):
        esp2013_weights({"old": ["85+"]})
    with pytest.raises(InputValueError, match="one group only"):
        esp2013_weights({"a": ["0-4"], "b": ["0-4"]})


@pytest.mark.parametrize(
    ("count", "lower", "upper"),
    # Published exact 95% limits for a Poisson count (Garwood 1936; the tables in
    # Breslow and Day 1987 and PHE's technical guide): 0 -> (0, 3.689), 1 -> (0.0253,
    # 5.572), 10 -> (4.795, 18.39).
    [(0, 0.0, 3.6889), (1, 0.0253, 5.5716), (10, 4.7954, 18.3904)],
)
def test_exact_poisson_limits_match_published_tables(count, lower, upper):
    low, high = exact_poisson_limits(count)
    assert low == pytest.approx(lower, abs=1e-4)
    assert high == pytest.approx(upper, abs=1e-4)


def test_exact_limits_for_a_large_count_are_close_to_byar():
    exact = exact_poisson_limits(1000)
    byar = byar_limits(1000)
    assert exact == pytest.approx(byar, rel=1e-4)


def test_byar_limits_by_hand_for_10():
    o = 10
    lower = o * (1 - 1 / (9 * o) - Z / (3 * math.sqrt(o))) ** 3
    upper = (o + 1) * (1 - 1 / (9 * (o + 1)) + Z / (3 * math.sqrt(o + 1))) ** 3
    assert byar_limits(10) == pytest.approx((lower, upper))
    assert lower == pytest.approx(4.787, abs=1e-3)
    assert upper == pytest.approx(18.39, abs=1e-2)


def test_byar_lower_limit_for_zero_is_zero():
    assert byar_limits(0)[0] == 0.0


def test_crude_rate_per_1000_by_hand():
    result = crude_rate(95, 1000)
    assert result["Rate"] == pytest.approx(95.0)
    low, high = exact_poisson_limits(95)
    assert result["LowerCI"] == pytest.approx(low)
    assert result["UpperCI"] == pytest.approx(high)
    assert result["LowerCI"] < 95 < result["UpperCI"]


def test_crude_rate_per_100000_with_byar():
    result = crude_rate(10, 20_000, per=100_000, method="byar")
    assert result["Rate"] == pytest.approx(50.0)
    low, high = byar_limits(10)
    assert result["LowerCI"] == pytest.approx(low * 5)
    assert result["UpperCI"] == pytest.approx(high * 5)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"events": -1, "population": 10}, "events"),
        ({"events": 1, "population": 0}, "population"),
        ({"events": 1, "population": 10, "method": "wilson"}, "method"),
        ({"events": 1, "population": 10, "confidence": 95}, "confidence"),
    ],
)
def test_crude_rate_refuses_bad_input(kwargs, message):
    with pytest.raises(InputValueError, match=message):
        crude_rate(**kwargs)


def test_dobson_dsr_by_hand():
    # Three age groups. Weights 50,000, 30,000 and 20,000 (shares 0.5, 0.3, 0.2).
    events = [10, 20, 30]
    population = [1000, 2000, 1500]
    standard = [50_000, 30_000, 20_000]
    # DSR = sum(w O / n) = 0.5*10/1000 + 0.3*20/2000 + 0.2*30/1500 = 0.012
    dsr = 0.5 * 10 / 1000 + 0.3 * 20 / 2000 + 0.2 * 30 / 1500
    assert dsr == pytest.approx(0.012)
    # Var = sum(w^2 O / n^2)
    var = 0.25 * 10 / 1000**2 + 0.09 * 20 / 2000**2 + 0.04 * 30 / 1500**2
    total = 60
    o_low = total * (1 - 1 / (9 * total) - Z / (3 * math.sqrt(total))) ** 3
    o_high = (total + 1) * (1 - 1 / (9 * (total + 1)) + Z / (3 * math.sqrt(total + 1))) ** 3
    lower = dsr + math.sqrt(var / total) * (o_low - total)
    upper = dsr + math.sqrt(var / total) * (o_high - total)

    result = standardised_rate(events, population, standard)
    assert result["Rate"] == pytest.approx(1200.0)
    assert result["LowerCI"] == pytest.approx(lower * 100_000)
    assert result["UpperCI"] == pytest.approx(upper * 100_000)
    assert result["Variance"] == pytest.approx(var * 100_000**2)
    assert result["Events"] == 60
    # Worked by hand (calculator): O_L = 45.784, O_U = 77.232, sqrt(Var/O) = 2.4095e-4,
    # so 857.5 to 1615.2 per 100,000.
    assert result["LowerCI"] == pytest.approx(857.5, abs=0.1)
    assert result["UpperCI"] == pytest.approx(1615.2, abs=0.1)


def test_dsr_of_one_age_group_is_the_crude_rate_with_byar_limits():
    result = standardised_rate([25], [5000], [100_000], per=1000)
    crude = crude_rate(25, 5000, method="byar")
    assert result[["Rate", "LowerCI", "UpperCI"]].tolist() == pytest.approx(
        crude[["Rate", "LowerCI", "UpperCI"]].tolist()
    )


def test_dsr_equals_crude_rate_when_age_structures_match():
    # Population shaped exactly like the standard: the DSR is the crude rate.
    result = standardised_rate([10, 40], [1000, 3000], [25, 75], per=1000)
    assert result["Rate"] == pytest.approx(50 / 4000 * 1000)


@pytest.mark.parametrize(
    ("events", "population", "standard", "message"),
    [
        ([1, 2], [10], [1, 1], "same length"),
        ([1, 2], [10, 0], [1, 1], "above 0"),
        ([0, 0], [10, 10], [1, 1], "at least one event"),
        ([1, -2], [10, 10], [1, 1], "0 or more"),
    ],
)
def test_dsr_refuses_bad_input(events, population, standard, message):
    with pytest.raises(InputValueError, match=message):
        standardised_rate(events, population, standard)


def _tidy():
    rows = []
    for area, scale in (("A", 1), ("B", 2)):
        for band, events, people in (("young", 10, 1000), ("old", 30, 500)):
            rows.append(
                {"Area": area, "AgeGroup": band, "Events": events * scale, "Population": people}
            )
    return pd.DataFrame(rows)


def test_standardised_rates_table_matches_single_calls_and_leaves_input_alone():
    table = _tidy()
    before = table.copy()
    standard = pd.Series({"young": 60_000, "old": 40_000})
    result = standardised_rates(
        table, "Area", events="Events", population="Population", standard=standard
    )
    pd.testing.assert_frame_equal(table, before)
    single = standardised_rate([20, 60], [1000, 500], [60_000, 40_000])
    assert result.set_index("Area").loc["B", "Rate"] == pytest.approx(single["Rate"])
    assert list(result.columns[:2]) == ["Area", "Events"]


def test_standardised_rates_refuses_missing_age_group():
    table = _tidy()
    standard = pd.Series({"young": 60_000, "old": 30_000, "oldest": 10_000})
    with pytest.raises(InputValueError, match="oldest"):
        standardised_rates(table, "Area", events="Events", standard=standard)


def test_rate_ratio_of_crude_rates_by_hand():
    # 200 events in 10,000 vs 100 events in 10,000: RR 2, SE sqrt(1/200 + 1/100).
    a = crude_rate(200, 10_000)
    b = crude_rate(100, 10_000)
    var_a = 200 * (1000 / 10_000) ** 2
    var_b = 100 * (1000 / 10_000) ** 2
    result = rate_ratio(a["Rate"], var_a, b["Rate"], var_b)
    se = math.sqrt(1 / 200 + 1 / 100)
    assert result["RateRatio"] == pytest.approx(2.0)
    assert result["LowerCI"] == pytest.approx(2 * math.exp(-Z * se))
    assert result["UpperCI"] == pytest.approx(2 * math.exp(Z * se))
    assert result["LowerCI"] == pytest.approx(1.574, abs=1e-3)


def test_rate_ratios_against_reference_quintile():
    rates = pd.DataFrame({"SIMDQuintile": [1, 5], "Rate": [200.0, 100.0], "Variance": [4.0, 1.0]})
    result = rate_ratios(rates).set_index("SIMDQuintile")
    assert result.loc[5, "RateRatio"] == 1.0
    assert result.loc[1, "RateRatio"] == pytest.approx(2.0)
    se = math.sqrt(4 / 200**2 + 1 / 100**2)
    assert result.loc[1, "UpperCI"] == pytest.approx(2 * math.exp(Z * se))
    with pytest.raises(InputValueError, match="reference"):
        rate_ratios(rates, reference=3)


def test_rate_ratio_refuses_zero_rate():
    with pytest.raises(InputValueError, match="reference_rate"):
        rate_ratio(1.0, 0.1, 0.0, 0.1)


def test_exact_limits_need_a_whole_count():
    with pytest.raises(InputValueError, match="whole"):
        exact_poisson_limits(2.5)
    assert np.isfinite(byar_limits(2.5)[1])
