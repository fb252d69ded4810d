"""planlab.scenarios against hand calculations and analytic roots.

Sources (each test names the one it uses):

- A linear model whose swings are known in closed form: for output = sum of a_i x_i,
  moving x_i from low to high moves the output by |a_i| (high - low).
- The beds model of module 4 (beds = admissions x stay x (1 + g)^years / (365 x
  occupancy)), whose switching values have closed forms: stay* = B x 365 x occupancy /
  (admissions x (1 + g)^years) and g* = (B x 365 x occupancy / (admissions x stay))^(1 /
  years) - 1, for B beds. The root finder must land on them.
- The scipy documentation of ``scipy.optimize.brentq`` example, f(x) = x^2 - 1 on [-2, 0]
  and [0, 2], roots -1 and 1.
"""

from __future__ import annotations

import doctest
import math

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest

import planlab.scenarios
from planlab.errors import InputValueError
from planlab.scenarios import (
    bed_days_by_year,
    beds_by_year,
    fan_chart,
    one_way_sensitivity,
    scenario_frame,
    switching_value,
    tornado_chart,
)

matplotlib.use("Agg")

YEARS = 16  # 2024 to 2040, as in module 4
BASE = {"admissions": 5200.0, "stay": 9.1, "growth": 0.01, "occupancy": 0.85}


def beds(admissions, stay, growth, occupancy):
    """Beds needed in 2040 (unrounded): bed days / (365 x occupancy)."""
    return admissions * (1 + growth) ** YEARS * stay / (365 * occupancy)


def linear(x, y, z):
    return 3 * x - 2 * y + 0.5 * z


# --- one-way sensitivity -------------------------------------------------------------


def test_swings_of_a_linear_model_by_hand():
    # Swing_i = |a_i| (high - low): x 3 x 2 = 6, y 2 x 5 = 10, z 0.5 x 4 = 2.
    table = one_way_sensitivity(
        linear, {"x": 1.0, "y": 1.0, "z": 1.0}, {"x": (0, 2), "y": (-2, 3), "z": (-1, 3)}
    )
    assert table["Input"].tolist() == ["y", "x", "z"]
    assert table["Swing"].tolist() == pytest.approx([10.0, 6.0, 2.0])
    row = table.set_index("Input").loc["y"]
    # Base output 3 - 2 + 0.5 = 1.5; y at -2 gives 3 + 4 + 0.5 = 7.5, at 3 gives -2.5.
    assert (row["OutputAtLow"], row["OutputAtHigh"], row["BaseOutput"]) == pytest.approx(
        (7.5, -2.5, 1.5)
    )
    assert (row["Base"], row["Low"], row["High"]) == (1.0, -2.0, 3.0)


def test_ties_keep_the_order_given():
    table = one_way_sensitivity(linear, {"x": 0.0, "y": 0.0, "z": 0.0}, {"z": (0, 12), "x": (0, 2)})
    assert table["Input"].tolist() == ["z", "x"]


def test_beds_sensitivity_by_hand():
    # Occupancy 0.80 to 0.92: beds at base x 0.85 / 0.80 and x 0.85 / 0.92.
    table = one_way_sensitivity(beds, BASE, {"occupancy": (0.80, 0.92), "stay": (8.0, 10.0)})
    base = beds(**BASE)
    occupancy = table.set_index("Input").loc["occupancy"]
    assert occupancy["OutputAtLow"] == pytest.approx(base * 0.85 / 0.80)
    assert occupancy["OutputAtHigh"] == pytest.approx(base * 0.85 / 0.92)
    assert table["Input"].iloc[0] == "stay"  # 2 days of 9.1 moves beds by 22%, occupancy 14%


def test_tornado_chart_has_a_title_labels_and_two_bars_per_input():
    table = one_way_sensitivity(beds, BASE, {"occupancy": (0.80, 0.92), "stay": (8.0, 10.0)})
    figure = tornado_chart(table, "Beds needed in 2040", "Beds needed (beds)")
    ax = figure.axes[0]
    assert ax.get_title() == "Beds needed in 2040"
    assert ax.get_xlabel() == "Beds needed (beds)"
    assert ax.get_ylabel().startswith("Assumption")
    assert len(ax.patches) == 4
    # The widest swing (stay) is drawn at the top.
    assert ax.get_yticklabels()[-1].get_text().startswith("stay")
    plt.close(figure)


# --- switching values -------------------------------------------------------------


def test_switching_stay_matches_the_closed_form():
    # 96 beds open, a new ward of 24 makes 120: the stay at which 120 beds are needed.
    exact = 120 * 365 * 0.85 / (5200 * 1.01**YEARS)
    found = switching_value(beds, BASE, "stay", 120, 1.0, 30.0)
    assert found == pytest.approx(exact, abs=1e-8)
    assert beds(**{**BASE, "stay": found}) == pytest.approx(120)


def test_switching_growth_matches_the_closed_form():
    exact = (120 * 365 * 0.85 / (5200 * 9.1)) ** (1 / YEARS) - 1
    assert switching_value(beds, BASE, "growth", 120, -0.05, 0.05) == pytest.approx(exact, abs=1e-9)


def test_switching_value_finds_the_scipy_documented_roots():
    # scipy.optimize.brentq documentation: f(x) = x**2 - 1 has roots at -1 and 1.
    def f(x):
        return x**2 - 1

    assert switching_value(f, {"x": 0.0}, "x", 0.0, -2.0, 0.0) == pytest.approx(-1.0)
    assert switching_value(f, {"x": 0.0}, "x", 0.0, 0.0, 2.0) == pytest.approx(1.0)


def test_switching_value_at_an_end_of_the_range_is_that_end():
    assert switching_value(linear, {"x": 0.0, "y": 0.0, "z": 0.0}, "x", 6.0, 2.0, 5.0) == 2.0
    assert switching_value(linear, {"x": 0.0, "y": 0.0, "z": 0.0}, "x", 6.0, 1.0, 2.0) == 2.0


def test_switching_value_says_when_the_threshold_is_not_crossed():
    # Stays of 1 to 5 days need 20.6 to 103 beds: never 120.
    with pytest.raises(InputValueError, match=r"crosses 120.*same side"):
        switching_value(beds, BASE, "stay", 120, 1.0, 5.0)


@pytest.mark.parametrize(
    ("arguments", "match"),
    [
        (("los", 120, 1.0, 30.0), "name was 'los'"),
        (("stay", 120, 30.0, 1.0), "low was 30.0"),
        (("stay", math.nan, 1.0, 30.0), "threshold was nan"),
        (("stay", 120, 1.0, math.inf), "high was inf"),
    ],
)
def test_switching_value_refuses_bad_inputs(arguments, match):
    with pytest.raises(InputValueError, match=match):
        switching_value(beds, BASE, *arguments)


# --- impossible inputs to the sensitivity table ------------------------------------


@pytest.mark.parametrize(
    ("base", "ranges", "match"),
    [
        (BASE, {"los": (8, 10)}, "ranges was 'los'"),
        (BASE, {"stay": (10, 8)}, "low <= high"),
        (BASE, {"stay": (8,)}, r"a pair \(low, high\)"),
        (BASE, {"stay": (8, math.nan)}, "finite number"),
        ({**BASE, "stay": "9.1"}, {"stay": (8, 10)}, "finite number"),
        (BASE, {}, "a mapping of input names"),
        ({}, {"stay": (8, 10)}, "base was"),
    ],
)
def test_one_way_sensitivity_refuses_bad_inputs(base, ranges, match):
    with pytest.raises(InputValueError, match=match):
        one_way_sensitivity(beds, base, ranges)


def test_a_model_must_return_one_finite_number():
    with pytest.raises(InputValueError, match="returns one number"):
        one_way_sensitivity(lambda x: "many", {"x": 1.0}, {"x": (0, 1)})
    with pytest.raises(InputValueError, match="a finite number"):
        one_way_sensitivity(lambda x: 1 / x if x else math.inf, {"x": 1.0}, {"x": (0, 1)})


def test_tornado_chart_refuses_a_table_that_is_not_a_tornado_table():
    with pytest.raises(InputValueError, match="without"):
        tornado_chart(pd.DataFrame({"Input": ["x"]}), "t", "x")


# --- scenario frames and fan charts ----------------------------------------------


UNCERTAINTIES = {
    "Demand": {"Low growth": {"growth": 0.0}, "High growth": {"growth": 0.02}},
    "Community capacity": {"Weak": {"stay": 10.0}, "Strong": {"stay": 8.0}},
}


def test_scenario_frame_crosses_two_uncertainties_by_hand():
    frame = scenario_frame(
        BASE, UNCERTAINTIES, model=beds, names={("High growth", "Weak"): "Swamped"}
    )
    assert frame.index.tolist() == [
        "Low growth / Weak",
        "Low growth / Strong",
        "Swamped",
        "High growth / Strong",
    ]
    swamped = frame.loc["Swamped"]
    assert (swamped["Demand"], swamped["Community capacity"]) == ("High growth", "Weak")
    assert (swamped["growth"], swamped["stay"], swamped["occupancy"]) == (0.02, 10.0, 0.85)
    # 5,200 x 1.02^16 x 10 / (365 x 0.85) = 228.2 beds.
    assert swamped["Output"] == pytest.approx(5200 * 1.02**16 * 10 / (365 * 0.85))


@pytest.mark.parametrize(
    ("uncertainties", "match"),
    [
        ({"Demand": UNCERTAINTIES["Demand"]}, "exactly two"),
        ({**UNCERTAINTIES, "Workforce": UNCERTAINTIES["Demand"]}, "exactly two"),
        ({**UNCERTAINTIES, "Demand": {"Low": {"growth": 0.0}}}, "two named states"),
        ({**UNCERTAINTIES, "Demand": {"L": 0.0, "H": {"growth": 0.02}}}, "a mapping"),
        ({**UNCERTAINTIES, "Demand": {"L": {"grow": 0.0}, "H": {"growth": 0.02}}}, "'grow'"),
        ({**UNCERTAINTIES, "Demand": {"L": {"stay": 9.0}, "H": {"stay": 9.5}}}, "one uncertainty"),
    ],
)
def test_scenario_frame_refuses_bad_uncertainties(uncertainties, match):
    with pytest.raises(InputValueError, match=match):
        scenario_frame(BASE, uncertainties)


def test_fan_chart_draws_bands_a_line_and_a_threshold():
    table = pd.DataFrame(
        {
            "Year": [2024, 2030],
            "P10": [1, 2],
            "P25": [2, 3],
            "P50": [3, 4],
            "P75": [4, 5],
            "P90": [5, 6],
        }
    )
    figure = fan_chart(
        table, "Year", "P50", [("P10", "P90"), ("P25", "P75")], "Beds", "Year", "Beds (beds)",
        threshold=(5.5, "New ward"),
    )  # fmt: skip
    ax = figure.axes[0]
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("Beds", "Year", "Beds (beds)")
    assert len(ax.collections) == 2
    assert [text.get_text() for text in ax.get_legend().get_texts()][-1] == "New ward"
    plt.close(figure)
    with pytest.raises(InputValueError, match="without P5, P95"):
        fan_chart(table, "Year", "P50", [("P5", "P95")], "t", "x", "y")


def test_the_docstring_examples_run():
    result = doctest.testmod(planlab.scenarios)
    assert result.attempted >= 6
    assert result.failed == 0


def test_bed_scenario_model_matches_the_formula_worked_by_hand():
    # Source: the beds model of module 4 worked by hand. 36,500 demographic bed days in
    # 2024 and 40,000 in 2030; 1% growth a year, stays 10% shorter, 5% saved:
    # 2030: 40,000 x 1.01^6 x 0.9 x 0.95 = 36,302.1 bed days; at 85%: 36,302.1 / 310.25 =
    # 117.01, so 118 beds. 2024: 36,500 x 0.9 x 0.95 = 31,207.5; / 310.25 = 100.59, 101 beds.
    demographic = pd.Series([36_500.0, 40_000.0], index=[2024, 2030])
    days = bed_days_by_year(demographic, growth=0.01, stay_change=-0.1, effect=0.05)
    assert days[2024] == pytest.approx(31_207.5)
    assert days[2030] == pytest.approx(40_000 * 1.01**6 * 0.855)
    beds = beds_by_year(demographic, growth=0.01, stay_change=-0.1, effect=0.05, occupancy=0.85)
    assert beds.to_dict() == {2024: 101, 2030: 118}
    assert beds_by_year(demographic).to_dict() == {
        2024: math.ceil(36_500 / 310.25),
        2030: math.ceil(40_000 / 310.25),
    }


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"effect": 1.0}, "effect"),
        ({"effect": -0.1}, "effect"),
        ({"growth": -1.0}, "growth"),
        ({"stay_change": -1.5}, "stay_change"),
        ({"occupancy": 0.0}, "occupancy"),
        ({"growth": float("nan")}, "growth"),
    ],
)
def test_bed_scenario_model_refuses_impossible_assumptions(kwargs, message):
    demographic = pd.Series([100.0, 110.0], index=[2024, 2025])
    with pytest.raises(InputValueError, match=message):
        beds_by_year(demographic, **kwargs)


def test_bed_scenario_model_needs_bed_days_by_year_in_order():
    with pytest.raises(InputValueError, match="indexed by whole years"):
        bed_days_by_year(pd.Series([1.0, 2.0], index=[2025, 2024]))
    with pytest.raises(InputValueError, match="indexed by year"):
        bed_days_by_year(pd.Series([], dtype=float))
