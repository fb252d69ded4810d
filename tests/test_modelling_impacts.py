"""Module 10, modelling impacts: the chapter's figures, the no-code control and the charts.

The worked notebook draws the frailty pathway's effects, carries them through the bed days of
residents aged 75 and over (module 4's central projection) and combines the two schemes three
ways. These tests run the notebook's code in this process, recompute the same figures here,
separately, with ``planlab``'s toolkit (``simulate_bed_days``, ``combine_overlapping`` and
``rescale_interval`` from independent inputs), and check that the chapter quotes them and that
every sentence the control shows agrees. Independent checks of the methods themselves (the NHP
model's conversion, the lognormal closed forms, inclusion-exclusion counted person by person)
are in ``tests/methods/test_impacts.py``; the evidence figures are checked against the Cochrane
reviews' summary-of-findings tables as recorded in ``datasets/README.md``.
"""

from __future__ import annotations

import re
from typing import Any

import nbformat
import numpy as np
import pandas as pd
import pytest

from planlab import datasets
from planlab.capacity import beds_needed
from planlab.demand import apply_growth, nhp_growth_rate, project_activity
from planlab.impacts import (
    Effect,
    combine_additive,
    combine_multiplicative,
    combine_overlapping,
    rescale_interval,
    simulate_bed_days,
)
from tests.conftest import REPO, base_year_rates, described_charts, run_notebook_here

NOTEBOOK = REPO / "notebooks" / "modelling-impacts.ipynb"
CHAPTER = REPO / "book" / "modelling-impacts.md"
BASE_YEAR, YEAR, SEED, DRAWS = 2024, 2030, 2026, 100_000
UNIT_ADMISSIONS, UNIT_STAY = Effect(-0.10, 0.0), Effect(-0.20, 0.0)
COMMUNITY = Effect(-0.35, 0.10, level=0.95)
UNIT_REACH, COMMUNITY_REACH, OVERLAP = 0.60, 0.35, 0.25
SENTENCE = re.compile(
    r"between <strong>0% and (?P<end>\d+)%</strong> \(80% interval\), the pathway saves "
    r"<strong>(?P<median>[\d,]+) bed days</strong> in 2030/31 \(80% interval "
    r"(?P<low>-?[\d,]+) to (?P<high>[\d,]+)\), about <strong>(?P<beds>\d+) beds</strong>"
)


@pytest.fixture(scope="module")
def worked() -> dict[str, Any]:
    """Run the worked notebook's code cells here and return its names."""
    return run_notebook_here(NOTEBOOK)


def _older(column: str) -> pd.Series:
    """Module 4's central projection of one column, residents aged 75+ (built here, by year)."""
    rates = base_year_rates(column, BASE_YEAR)
    rates["Rate"] = rates["Rate"].where(rates["AgeGroup"].isin(["75-84", "85plus"]), 0.0)
    projected = project_activity(
        datasets.load("population_projections"), rates, variant="principal", result=column
    )
    grown = apply_growth(projected, nhp_growth_rate("option 2"), BASE_YEAR, column=column)
    return grown.set_index("Year")[column]


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    """The chapter's figures, from the toolkit, without running the notebook."""
    bed_days, admissions = _older("BedDays"), _older("EmergencyAdmissions")
    stay = bed_days[YEAR] / admissions[YEAR]
    # One generator, the unit's two effects first and then the community's, as the notebook
    # draws them: simulate_bed_days draws the admission effect, then the stay effect.
    rng = np.random.default_rng(SEED)
    unit = simulate_bed_days(
        admissions[YEAR], stay, UNIT_ADMISSIONS, UNIT_STAY, UNIT_REACH, DRAWS, rng
    )
    community_ratio = COMMUNITY.draw(DRAWS, rng)
    e1 = 1 - unit["AdmissionRatio"].to_numpy() * unit["StayRatio"].to_numpy()
    e2 = 1 - community_ratio
    totals = {
        "Additive": combine_additive([e1, e2]),
        "Multiplicative": combine_multiplicative([e1, e2]),
        "Overlapping cohorts": combine_overlapping(
            [e1, e2], [UNIT_REACH, COMMUNITY_REACH], OVERLAP
        ),
        "Claims added": combine_additive([UNIT_REACH * e1, COMMUNITY_REACH * e2]),
        "Independent cohorts": combine_overlapping([e1, e2], [UNIT_REACH, COMMUNITY_REACH]),
    }
    return {
        "bed_days": bed_days,
        "admissions": admissions,
        "unit": unit["BedDaysSaved"].to_numpy(),
        "share": totals["Overlapping cohorts"],
        "rules": {name: bed_days[YEAR] * value for name, value in totals.items()},
    }


def _chapter() -> str:
    return re.sub(r"\s+", " ", CHAPTER.read_text(encoding="utf-8"))


def _spread(values: np.ndarray) -> list[str]:
    return [f"{value:,.0f}" for value in np.percentile(values, [50, 10, 90])]


def test_the_chapter_quotes_the_activity_of_people_aged_75_and_over(expected) -> None:
    base = datasets.load("emergency_admissions")
    text = _chapter()
    assert (
        f"gives {expected['admissions'][BASE_YEAR]:,.0f} emergency admissions and "
        f"{expected['bed_days'][BASE_YEAR]:,.0f} bed days in 2024/25 (a mean stay of "
        f"{expected['bed_days'][BASE_YEAR] / expected['admissions'][BASE_YEAR]:.1f} days), and "
        f"{expected['bed_days'][YEAR]:,.0f} bed days in 2030/31"
    ) in text
    # The projection's base year is the data's 2024/25, age groups 75-84 and 85plus.
    month = base["Month"]
    older = base[(month.dt.year - (month.dt.month < 4) == BASE_YEAR)]
    older = older[older["AgeGroup"].isin(["75-84", "85plus"])]
    assert older["BedDays"].sum() == pytest.approx(expected["bed_days"][BASE_YEAR])


def test_the_chapter_quotes_e05_as_an_80_percent_interval() -> None:
    # Edgar et al. 2024, summary of findings 1: admission to hospital RR 1.14 (0.97 to 1.34).
    low, high = rescale_interval(0.97, 1.34, centre=1.14)
    assert f"as an 80% interval, {low - 1:.1%} to {high - 1:.1%} more" in _chapter()
    community_low, community_high = COMMUNITY.quantile([0.1, 0.9]) - 1
    minus = "\N{MINUS SIGN}"
    assert (
        f"{minus}{-community_low:.1%} to +{community_high:.1%} (95%: {minus}35% to +10%)"
        in _chapter()
    )


def test_the_chapter_quotes_the_frailty_unit_alone(expected) -> None:
    median, low, high = _spread(expected["unit"])
    assert (
        f"saves a median of {median} bed days in 2030/31, with an 80% interval of {low} to {high}"
    ) in _chapter()


def test_the_chapter_quotes_the_three_rules(expected) -> None:
    text = _chapter()
    for rule in ("Additive", "Multiplicative", "Overlapping cohorts"):
        assert "| " + " | ".join([rule, *_spread(expected["rules"][rule])]) + " |" in text, rule
    middle = np.median(expected["rules"]["Overlapping cohorts"])
    beds = round(middle / (365 * 0.85))
    assert f"a median of {middle:,.0f} bed days, about {beds} beds" in text
    claims = np.median(expected["rules"]["Claims added"])
    independent = np.median(expected["rules"]["Independent cohorts"])
    assert (
        f"a median of {claims:,.0f}, treating the cohorts as independent {independent:,.0f} "
        f"and the workshop's overlap {middle:,.0f}"
    ) in text
    adds = (expected["rules"]["Overlapping cohorts"] < 0).mean()
    assert f"In {adds:.1%} of draws the pathway adds bed days" in text


def test_the_chapter_quotes_the_fan_chart(expected) -> None:
    share = np.median(expected["share"])
    first = expected["bed_days"][2026] * share
    last = expected["bed_days"][2040] * share
    assert f"from {first:,.0f} bed days in 2026/27 to {last:,.0f} in 2040/41" in _chapter()


def test_the_notebook_computes_what_the_toolkit_computes(worked, expected) -> None:
    rules = worked["rules"]
    for rule in ("Additive", "Multiplicative", "Overlapping cohorts"):
        assert rules.loc[rule, "Median"] == pytest.approx(np.median(expected["rules"][rule]))
        assert rules.loc[rule, "P10"] == pytest.approx(np.percentile(expected["rules"][rule], 10))
    fan = worked["fan"].set_index("Year")
    assert fan.loc[2040, "SavedP50"] == pytest.approx(
        expected["bed_days"][2040] * np.median(expected["share"])
    )


def test_the_chapter_quotes_the_simulated_wards(worked) -> None:
    # The ward's beds follow from the projection: arrivals x mean stay / 85%, rounded up.
    beds = worked["ward_beds"]
    assert beds == beds_needed(worked["older"].loc[YEAR, "BedDays"] * UNIT_REACH, 0.85)
    ward, closed = worked["ward"], worked["closed"]
    freed = ward.loc["Without change", "MeanDemand"] - ward.loc["With change", "MeanDemand"]
    text = _chapter()
    assert f"({beds} beds, for 85% occupancy" in text
    assert f"free about {freed:.0f} beds on an average night" in text
    assert f"Closing the {beds - worked['fewer']} beds" in text
    assert (
        f"on {closed.loc['With change', 'ShareOfDaysOverCapacity']:.1%} of nights, against "
        f"{ward.loc['Without change', 'ShareOfDaysOverCapacity']:.1%} before the change"
    ) in text


def test_every_number_the_control_shows_matches_the_toolkit(worked, expected) -> None:
    slider, stack = worked["stay_explorer"].children
    assert slider.description == "Frailty unit: shorter stays, 80% interval"
    assert slider.label == "0% to 20%"
    assert "planlab-live-result" in stack._dom_classes
    assert [(link.source, link.target) for link in worked["__links__"]] == [
        ((slider, "index"), (stack, "selected_index"))
    ]
    bed_days = expected["bed_days"][YEAR]
    for (label, end), answer in zip(slider.options, stack.children, strict=True):
        found = SENTENCE.search(answer.value)
        assert found, answer.value
        assert label == f"0% to {found['end']}%"
        rng = np.random.default_rng(SEED)
        admission = UNIT_ADMISSIONS.draw(DRAWS, rng)
        stay = Effect(end, 0.0).draw(DRAWS, rng)
        community = COMMUNITY.draw(DRAWS, rng)
        saved = bed_days * combine_overlapping(
            [1 - admission * stay, 1 - community], [UNIT_REACH, COMMUNITY_REACH], OVERLAP
        )
        middle, low, high = np.percentile(saved, [50, 10, 90])
        assert found["median"] == f"{middle:,.0f}", label
        assert found["low"] == f"{low:,.0f}", label
        assert found["high"] == f"{high:,.0f}", label
        assert found["beds"] == f"{middle / (365 * 0.85):.0f}", label
    shown = SENTENCE.search(stack.children[stack.selected_index].value)
    assert shown["median"] == f"{np.median(expected['rules']['Overlapping cohorts']):,.0f}"


def test_every_chart_has_alt_text_title_and_axis_labels() -> None:
    for source in described_charts(NOTEBOOK, 4, ("plt.subplots", "fan_chart(")):
        for call in ("title", "xlabel", "ylabel"):
            assert call in source


def test_the_notebook_checks_plain_numpy_against_the_helpers() -> None:
    source = "\n".join(
        cell.source
        for cell in nbformat.read(NOTEBOOK, as_version=4).cells
        if cell.cell_type == "code"
    )
    for helper in ("simulate_bed_days", "compare_combinations", "draw_effects", "rescale_interval"):
        assert helper in source
    assert source.count("assert ") >= 5
