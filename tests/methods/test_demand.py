"""Long-range demand helpers, checked against small tables worked by hand."""

from __future__ import annotations

import math

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from planlab import InputValueError
from planlab.capacity import beds_needed
from planlab.demand import (
    DEFAULT_GROWTH_RATES,
    add_beds,
    apply_growth,
    decompose_growth,
    growth_explorer,
    growth_factor,
    project_activity,
    regroup_ages,
    waterfall_chart,
)

matplotlib.use("Agg")


def _projections() -> pd.DataFrame:
    """Two variants, two years, four narrow bands, two sexes.

    Per sex, principal 2024: 0-4 10, 5-9 20, 10-14 30, 15plus 40 people.
    Principal 2040 doubles the two oldest bands; high 2040 trebles them.
    """
    rows = []
    base = {"0-4": 10, "5-9": 20, "10-14": 30, "15plus": 40}
    for variant, older in (("principal", 2), ("high", 3)):
        for year in (2024, 2040):
            for band, people in base.items():
                grow = older if year == 2040 and band in ("10-14", "15plus") else 1
                for sex in ("F", "M"):
                    rows.append((variant, year, sex, band, people * grow))
    return pd.DataFrame(rows, columns=["Variant", "Year", "Sex", "AgeGroup", "Population"])


# Rates per 1,000: 0-4 100, 5-14 50, 15plus 500.
RATES = pd.DataFrame({"AgeGroup": ["0-4", "5-14", "15plus"], "Rate": [100.0, 50.0, 500.0]})


# --- regroup_ages -------------------------------------------------------------------------


def test_regroup_adds_narrow_bands_into_wide_groups() -> None:
    table = _projections().query("Variant == 'principal' and Year == 2024")
    result = regroup_ages(table, ["0-4", "5-14", "15plus"], by=[])
    # 0-4: 10 x 2 sexes; 5-14: (20 + 30) x 2; 15plus: 40 x 2.
    assert result["AgeGroup"].tolist() == ["0-4", "5-14", "15plus"]
    assert result["Population"].tolist() == [20, 100, 80]


def test_regroup_keeps_by_columns_in_first_seen_order() -> None:
    result = regroup_ages(_projections(), ["0-4", "5-14", "15plus"], by=["Variant", "Year"])
    assert result["Variant"].unique().tolist() == ["principal", "high"]
    high_2040 = result.query("Variant == 'high' and Year == 2040")
    # 5-14: 20 x 2 + 30 x 3 x 2 = 220; 15plus: 40 x 3 x 2 = 240.
    assert high_2040["Population"].tolist() == [20, 220, 240]


def test_regroup_refuses_a_group_that_splits_a_band() -> None:
    with pytest.raises(InputValueError, match="groups"):
        regroup_ages(_projections(), ["0-4", "7-14", "15plus"], by=[])


def test_regroup_refuses_groups_that_miss_the_youngest_band() -> None:
    with pytest.raises(InputValueError, match="cover the band '0-4'"):
        regroup_ages(_projections(), ["5-14", "15plus"], by=[])


def test_regroup_refuses_a_missing_column() -> None:
    with pytest.raises(InputValueError, match="without Population"):
        regroup_ages(pd.DataFrame({"AgeGroup": ["0-4"]}), ["0-4"])


# --- project_activity ---------------------------------------------------------------------


def test_projected_activity_is_population_times_rate() -> None:
    result = project_activity(_projections(), RATES, result="BedDays")
    assert result.columns.tolist() == ["Variant", "Year", "Population", "BedDays"]
    assert result["Variant"].tolist() == ["principal", "principal", "high", "high"]
    # 2024: 20 x 0.1 + 100 x 0.05 + 80 x 0.5 = 2 + 5 + 40 = 47 bed days.
    # Principal 2040: 20 x 0.1 + (40 + 120) x 0.05 + 160 x 0.5 = 2 + 8 + 80 = 90.
    # High 2040: 2 + 220 x 0.05 + 240 x 0.5 = 2 + 11 + 120 = 133.
    assert result["BedDays"].tolist() == pytest.approx([47, 90, 47, 133])
    assert result["Population"].tolist() == [200, 340, 200, 480]


def test_projection_can_pick_a_variant_and_years() -> None:
    result = project_activity(_projections(), RATES, variant="high", years=[2040])
    assert result[["Variant", "Year"]].values.tolist() == [["high", 2040]]
    assert result["Activity"].iloc[0] == pytest.approx(133)


def test_projection_refuses_a_year_it_does_not_have() -> None:
    with pytest.raises(InputValueError, match="years"):
        project_activity(_projections(), RATES, years=[2050])


def test_projection_needs_rates_with_a_rate_column() -> None:
    with pytest.raises(InputValueError, match="without Rate"):
        project_activity(_projections(), RATES.rename(columns={"Rate": "PerThousand"}))


# --- growth -------------------------------------------------------------------------------


def test_growth_factor_compounds() -> None:
    assert growth_factor(0.10, 2) == pytest.approx(1.21)
    assert growth_factor(-0.0014, 0) == 1
    # -0.14% a year for 16 years: 0.9986 ** 16.
    assert growth_factor(-0.0014, 16) == pytest.approx(0.9986**16)


@pytest.mark.parametrize("rate", [1.31, -0.6, float("nan"), True, "1%"])
def test_growth_factor_refuses_a_rate_that_is_not_a_fraction(rate) -> None:
    with pytest.raises(InputValueError, match="rate"):
        growth_factor(rate, 10)


def test_a_per_cent_by_mistake_gets_a_hint() -> None:
    with pytest.raises(InputValueError, match=r"write 1\.31% a year as 0\.0131"):
        growth_factor(1.31, 10)


def test_growth_factor_refuses_negative_years() -> None:
    with pytest.raises(InputValueError, match="years"):
        growth_factor(0.01, -1)


def test_apply_growth_counts_years_from_the_base() -> None:
    table = pd.DataFrame({"Year": [2024, 2025, 2026], "BedDays": [100.0, 200.0, 400.0]})
    grown = apply_growth(table, 0.10, 2024, column="BedDays", result="WithGrowth")
    # 100 x 1, 200 x 1.1, 400 x 1.21.
    assert grown["WithGrowth"].tolist() == pytest.approx([100, 220, 484])
    assert grown["BedDays"].tolist() == [100, 200, 400]


def test_apply_growth_refuses_years_before_the_base() -> None:
    table = pd.DataFrame({"Year": [2020], "Activity": [1.0]})
    with pytest.raises(InputValueError, match="base_year"):
        apply_growth(table, 0.01, 2024)


# --- decompose_growth ---------------------------------------------------------------------


def test_decomposition_with_interaction_worked_by_hand() -> None:
    # Base 1,000; demography x 1.2 gives 1,200; other growth x 1.1 gives 1,320.
    table = decompose_growth(1000, 1200, 1320, base_label="2024", target_label="2040")
    assert table["Component"].tolist() == [
        "2024",
        "Demographic",
        "Non-demographic",
        "Interaction",
        "2040",
    ]
    # 1,000 x 0.2 = 200; 1,000 x 0.1 = 100; 1,000 x 0.2 x 0.1 = 20; 200 + 100 + 20 = 320.
    assert table["Value"].tolist() == pytest.approx([1000, 200, 100, 20, 1320])
    assert table["Kind"].tolist() == ["level", "change", "change", "change", "level"]


def test_decomposition_demographic_first_worked_by_hand() -> None:
    table = decompose_growth(1000, 1200, 1320, order="demographic first")
    # Demography first: 1,200 - 1,000 = 200; then the rest, 1,320 - 1,200 = 120.
    assert table["Value"].tolist() == pytest.approx([1000, 200, 120, 1320])


def test_decomposition_with_falling_rates() -> None:
    # Demography x 1.5, other causes x 0.8: 1,000 -> 1,500 -> 1,200.
    table = decompose_growth(1000, 1500, 1200)
    # 500; 1,000 x -0.2 = -200; 1,000 x 0.5 x -0.2 = -100; total 200.
    assert table["Value"].tolist() == pytest.approx([1000, 500, -200, -100, 1200])


@pytest.mark.parametrize("order", ["interaction", "demographic first"])
@pytest.mark.parametrize(
    "values", [(95708.0, 121815.487, 119115.285), (3.3, 7.7, 2.9), (1e6, 1e6, 1.234567e6)]
)
def test_decomposition_adds_up_exactly(values, order) -> None:
    base, demographic, projected = values
    table = decompose_growth(base, demographic, projected, order=order)
    changes = table.loc[table["Kind"] == "change", "Value"]
    assert base + math.fsum(changes) == pytest.approx(projected, rel=0, abs=1e-9)


def test_decomposition_takes_numbers_from_pandas() -> None:
    table = pd.DataFrame({"BedDays": [1000, 1200]})
    split = decompose_growth(table["BedDays"].sum() - 1200, table["BedDays"].iloc[1], 1320.0)
    assert split["Value"].tolist() == pytest.approx([1000, 200, 100, 20, 1320])
    assert growth_factor(np.float64(0.1), np.int64(2)) == pytest.approx(1.21)


def test_decomposition_refuses_an_unknown_order() -> None:
    with pytest.raises(InputValueError, match="order"):
        decompose_growth(1000, 1200, 1320, order="non-demographic first")


@pytest.mark.parametrize("values", [(0, 1, 1), (1, 0, 1), (1, 1, -1), (1, float("inf"), 1)])
def test_decomposition_refuses_values_it_cannot_split(values) -> None:
    with pytest.raises(InputValueError):
        decompose_growth(*values)


# --- beds ---------------------------------------------------------------------------------


def test_beds_reuse_the_capacity_method() -> None:
    table = pd.DataFrame({"Year": [2024, 2040], "BedDays": [31025.0, 31026.0]})
    result = add_beds(table, 0.85)
    # 31,025 / (365 x 0.85) = 100 exactly; one more bed day needs a 101st bed.
    assert result["Beds"].tolist() == [100, 101]
    assert result["Beds"].tolist() == [beds_needed(v, 0.85) for v in table["BedDays"]]


def test_beds_refuse_an_occupancy_in_per_cent() -> None:
    with pytest.raises(InputValueError, match=r"0\.85"):
        add_beds(pd.DataFrame({"BedDays": [100.0]}), 85)


# --- waterfall_chart ----------------------------------------------------------------------


def test_waterfall_bars_float_from_the_running_total() -> None:
    table = decompose_growth(1000, 1500, 1200)
    fig = waterfall_chart(table, "Bed days, 2024 to 2040")
    ax = fig.axes[0]
    bars = ax.patches
    assert [bar.get_height() for bar in bars] == pytest.approx([1000, 500, -200, -100, 1200])
    # Each change starts where the last bar ended: 1,000, then 1,500, then 1,300.
    assert [bar.get_y() for bar in bars] == pytest.approx([0, 1000, 1500, 1300, 0])
    assert ax.get_title() == "Bed days, 2024 to 2040"
    assert ax.get_xlabel()
    assert "(bed days)" in ax.get_ylabel()
    assert [t.get_text() for t in ax.get_xticklabels()][1:4] == [
        "Demographic",
        "Non-demographic",
        "Interaction",
    ]
    plt.close(fig)


def test_waterfall_refuses_changes_that_do_not_add_up() -> None:
    table = decompose_growth(1000, 1200, 1320)
    table.loc[1, "Value"] = 250
    with pytest.raises(InputValueError, match="add up"):
        waterfall_chart(table, "Wrong")


# --- growth_explorer ----------------------------------------------------------------------


def _demographic() -> pd.DataFrame:
    return project_activity(_projections(), RATES, result="BedDays")


def test_explorer_controls_have_names_and_start_where_asked() -> None:
    box = growth_explorer(_demographic(), 2024, [2024, 2040], start_variant="high")
    menu, slider, shown = box.children
    assert menu.description == "Population variant"
    assert slider.description == "Non-demographic growth a year"
    assert menu.label == "high"
    assert slider.label == "+0.00%"
    assert shown.selected_index == 1
    assert -0.0014 in DEFAULT_GROWTH_RATES


def test_explorer_answers_match_the_method() -> None:
    shown = growth_explorer(
        _demographic(), 2024, [2024, 2040], rates=[0.0, 0.10], target_occupancy=0.5
    ).children[2]
    principal = shown.children[0]
    # 90 bed days x 1.1 ** 16 in 2040; beds at 50% occupancy rounded up.
    grown = 90 * 1.1**16
    text = principal.children[1].value
    assert f"{grown:,.0f} bed days</strong> in 2040" in text
    assert f"{beds_needed(grown, 0.5)} beds</strong>" in text
    assert "90 bed days</strong> in 2040" in principal.children[0].value


def test_explorer_is_linked_in_the_browser(jslinks) -> None:
    menu, slider, shown = growth_explorer(_demographic(), 2024, [2024, 2040]).children
    assert [(link.source, link.target) for link in jslinks] == [
        ((menu, "index"), (shown, "selected_index")),
        *[((slider, "index"), (inner, "selected_index")) for inner in shown.children],
    ]


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"start_rate": 0.011}, "start_rate"),
        ({"start_variant": "low"}, "start_variant"),
        ({"years": [2030]}, "years"),
        ({"rates": [0.0, 2.0]}, "rates"),
    ],
)
def test_explorer_refuses_what_it_cannot_show(kwargs, name) -> None:
    arguments = {"years": [2024, 2040], **kwargs}
    with pytest.raises(InputValueError, match=name):
        growth_explorer(_demographic(), 2024, **arguments)


# Source for the next tests: The Strategy Unit, nhp_inputs repository,
# data-raw/generate-ndg-variants.R (two options, each an 80% range of the yearly growth factor),
# and Steventon et al., Health Foundation briefing (May 2018): emergency admissions +3.2% a year,
# emergency bed days +0.3% a year in England, 2006/07 to 2017/18.
def test_nhp_midpoints_match_the_published_ranges() -> None:
    from planlab.demand import NHP_NON_DEMOGRAPHIC_GROWTH, nhp_growth_rate

    assert nhp_growth_rate("option 2") == -0.0014  # (0.9955 + 1.0017) / 2 - 1
    assert nhp_growth_rate("option 1") == 0.0217  # (1.0194 + 1.0240) / 2 - 1
    assert nhp_growth_rate("option 1", "elective") == 0.0062
    assert NHP_NON_DEMOGRAPHIC_GROWTH["option 1"]["non-elective"] == (1.0194, 1.0240)
    with pytest.raises(InputValueError, match="option"):
        nhp_growth_rate("option 3")
    with pytest.raises(InputValueError, match="activity"):
        nhp_growth_rate("option 1", "bed days")


def test_bed_day_growth_multiplies_admissions_and_length_of_stay() -> None:
    from planlab.demand import bed_day_growth_rate

    assert bed_day_growth_rate(-0.0014) == pytest.approx(-0.0014)
    # Admissions +3.2% a year and bed days +0.3% a year imply stays shortening by about 2.8%.
    los = 1.003 / 1.032 - 1
    assert bed_day_growth_rate(0.032, los) == pytest.approx(0.003)
    with pytest.raises(InputValueError, match="length_of_stay_rate"):
        bed_day_growth_rate(0.01, 3)
