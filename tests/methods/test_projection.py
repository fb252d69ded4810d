"""Projection helpers, checked against small tables worked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from planlab import InputValueError
from planlab.projection import (
    age_label,
    age_specific_rates,
    band_start,
    bands_from,
    expected_activity,
    growth_from_base,
    projection_explorer,
    select_projection,
)

BANDS = ["70-74", "75-79", "80-84", "85-89", "90plus"]


def _projections() -> pd.DataFrame:
    """Two variants, two years, five bands, two sexes; every cell's people are known."""
    rows = []
    base = {"70-74": 100, "75-79": 80, "80-84": 50, "85-89": 30, "90plus": 10}
    for variant, factor in (("principal", 1.0), ("high", 1.5)):
        for year, grow in ((2024, 1), (2034, 2)):
            for band, people in base.items():
                for sex in ("F", "M"):
                    grown = people if year == 2024 else int(people * grow * factor)
                    rows.append((variant, year, sex, band, grown))
    return pd.DataFrame(rows, columns=["Variant", "Year", "Sex", "AgeGroup", "Population"])


def test_band_start_and_label() -> None:
    assert band_start("0-4") == 0
    assert band_start("75-79") == 75
    assert band_start("90plus") == 90
    assert band_start("90+") == 90
    assert age_label(75) == "75+"
    assert age_label(65, 74) == "65-74"
    with pytest.raises(InputValueError, match="band was 'old'"):
        band_start("old")


def test_bands_from_by_hand() -> None:
    assert bands_from(BANDS, 85) == ["85-89", "90plus"]
    assert bands_from(list(reversed(BANDS)), 75) == ["75-79", "80-84", "85-89", "90plus"]
    assert bands_from(BANDS, 75, 84) == ["75-79", "80-84"]
    with pytest.raises(InputValueError, match="min_age was 77"):
        bands_from(BANDS, 77)
    with pytest.raises(InputValueError, match="max_age was 80"):
        bands_from(BANDS, 75, 80)


def test_select_projection_75_plus_by_hand() -> None:
    # Principal 2024, 75+: (80 + 50 + 30 + 10) x 2 sexes = 340.
    # Principal 2034: every band doubles, so 680. High 2034: 1.5 x 2 = 3 times, so 1,020.
    table = select_projection(_projections(), variant=None, min_age=75)
    assert table.columns.tolist() == ["Variant", "Year", "Population"]
    assert table.values.tolist() == [
        ["principal", 2024, 340],
        ["principal", 2034, 680],
        ["high", 2024, 340],
        ["high", 2034, 1020],
    ]


def test_select_projection_one_variant_85_plus() -> None:
    # High, 85+: 2024 (30 + 10) x 2 = 80; 2034 (90 + 30) x 2 = 240.
    table = select_projection(_projections(), "high", min_age=85, by="Year")
    assert table.values.tolist() == [[2024, 80], [2034, 240]]


def test_select_projection_keeps_the_asked_order_of_variants() -> None:
    table = select_projection(_projections(), ["high", "principal"], by="Variant")
    assert table["Variant"].tolist() == ["high", "principal"]


def test_select_projection_refuses_unknown_variant_and_columns() -> None:
    with pytest.raises(InputValueError, match="variant was 'middle'"):
        select_projection(_projections(), "middle")
    with pytest.raises(InputValueError, match="without Variant"):
        select_projection(_projections().drop(columns="Variant"))


def test_growth_from_base_by_hand() -> None:
    table = pd.DataFrame(
        {
            "Variant": ["low", "low", "high", "high"],
            "Year": [2024, 2034, 2024, 2034],
            "Population": [200, 180, 200, 260],
        }
    )
    grown = growth_from_base(table, 2024)
    assert grown["Base"].tolist() == [200, 200, 200, 200]
    assert grown["Change"].tolist() == [0, -20, 0, 60]
    assert grown["Index"].tolist() == pytest.approx([1.0, 0.9, 1.0, 1.3])
    assert grown["ChangePct"].tolist() == pytest.approx([0, -10, 0, 30])


def test_growth_from_base_without_groups() -> None:
    table = pd.DataFrame({"Year": [2024, 2030], "Population": [200, 250]})
    grown = growth_from_base(table, 2024, by=())
    assert grown["ChangePct"].tolist() == pytest.approx([0, 25])


def test_growth_from_base_needs_the_base_year() -> None:
    table = pd.DataFrame({"Year": [2024, 2030], "Population": [200, 250]})
    with pytest.raises(InputValueError, match="base_year was 2020"):
        growth_from_base(table, 2020, by=())
    with pytest.raises(InputValueError, match="base_year was 2024"):
        growth_from_base(table.assign(Population=[0, 5]), 2024, by=())


def test_age_specific_rates_by_hand() -> None:
    use = pd.DataFrame({"AgeGroup": ["75-84", "85+"], "BedDays": [3000, 2500]})
    people = pd.DataFrame({"AgeGroup": ["85+", "75-84"], "Population": [1000, 10000]})
    rates = age_specific_rates(use, people, activity_column="BedDays")
    # 3,000 / 10,000 x 1,000 = 300 per 1,000; 2,500 / 1,000 x 1,000 = 2,500 per 1,000.
    assert dict(zip(rates["AgeGroup"], rates["Rate"], strict=True)) == {
        "75-84": 300.0,
        "85+": 2500.0,
    }
    per_person = age_specific_rates(use, people, activity_column="BedDays", per=1)
    assert per_person["Rate"].tolist() == pytest.approx([0.3, 2.5])


def test_age_specific_rates_refuses_mismatched_bands_and_no_people() -> None:
    use = pd.DataFrame({"AgeGroup": ["75-84", "85+"], "Activity": [1, 2]})
    with pytest.raises(InputValueError, match="both tables"):
        age_specific_rates(use, pd.DataFrame({"AgeGroup": ["75-84"], "Population": [10]}))
    with pytest.raises(InputValueError, match="no people"):
        age_specific_rates(use, pd.DataFrame({"AgeGroup": ["75-84", "85+"], "Population": [1, 0]}))
    with pytest.raises(InputValueError, match="per was 0"):
        age_specific_rates(use, use.rename(columns={"Activity": "Population"}), per=0)


def test_expected_activity_by_hand() -> None:
    population = pd.DataFrame(
        {
            "Variant": ["principal"] * 4,
            "Year": [2024, 2024, 2034, 2034],
            "AgeGroup": ["75-84", "85+", "75-84", "85+"],
            "Population": [10000, 1000, 12000, 1600],
        }
    )
    rates = pd.DataFrame({"AgeGroup": ["75-84", "85+"], "Rate": [300.0, 2500.0]})
    need = expected_activity(population, rates, result="BedDays")
    # 2024: 10,000 x 0.3 + 1,000 x 2.5 = 5,500. 2034: 12,000 x 0.3 + 1,600 x 2.5 = 7,600.
    assert need.columns.tolist() == ["Variant", "Year", "Population", "BedDays"]
    assert need["Population"].tolist() == [11000, 13600]
    assert need["BedDays"].tolist() == pytest.approx([5500, 7600])
    rows = expected_activity(population, rates, by=None)
    assert rows["Activity"].tolist() == pytest.approx([3000, 2500, 3600, 4000])


def test_expected_activity_with_categorical_bands_and_two_keys() -> None:
    population = pd.DataFrame(
        {
            "Year": [2030, 2030],
            "Sex": ["F", "M"],
            "AgeGroup": pd.Categorical(["85+", "85+"]),
            "Population": [600, 400],
        }
    )
    rates = pd.DataFrame({"Sex": ["F", "M"], "AgeGroup": ["85+", "85+"], "Rate": [0.5, 1.0]})
    need = expected_activity(population, rates, on=["Sex", "AgeGroup"], by="Year", per=1)
    assert need["Activity"].tolist() == pytest.approx([700])  # 600 x 0.5 + 400 x 1.0


def test_expected_activity_refuses_missing_rates() -> None:
    population = pd.DataFrame({"Year": [2030], "AgeGroup": ["90plus"], "Population": [5]})
    rates = pd.DataFrame({"AgeGroup": ["85-89"], "Rate": [1.0]})
    with pytest.raises(InputValueError, match="no rate for"):
        expected_activity(population, rates, by="Year")
    with pytest.raises(InputValueError, match="repeated"):
        expected_activity(population, pd.concat([rates, rates]), by="Year")


def _summary() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Variant": ["principal", "principal", "high", "high"],
            "AgeGroup": ["75+"] * 4,
            "Year": [2024, 2034, 2024, 2034],
            "Population": [340, 680, 340, 1020],
            "BedDays": [1700.0, 3400.0, 1700.0, 5100.0],
        }
    )


def test_projection_explorer_has_a_named_menu_and_precomputed_tables() -> None:
    menu, stack = projection_explorer(_summary()).children
    assert menu.description == "Projection"
    assert [label for label, _ in menu.options] == ["principal, 75+", "high, 75+"]
    assert stack.selected_index == 0
    assert ">high, 75+</caption>" in stack.children[1].value
    assert "<td>1,020</td>" in stack.children[1].value
    assert "<td>5,100</td>" in stack.children[1].value


def test_projection_explorer_is_linked_in_the_browser(jslinks) -> None:
    menu, stack = projection_explorer(_summary()).children
    assert [(link.source, link.target) for link in jslinks] == [
        ((menu, "index"), (stack, "selected_index"))
    ]


def test_projection_explorer_refuses_missing_columns() -> None:
    with pytest.raises(InputValueError, match="without BedDays"):
        projection_explorer(_summary().drop(columns="BedDays"))
