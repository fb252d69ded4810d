"""Module 11, scenarios and risk: the chapter quotes the figures the data and the toolkit give.

Each figure the chapter quotes is worked out here again, separately from the worked notebook:
module 4's demographic projection (``planlab.demand.project_activity``), the course's bed
scenario model (``planlab.scenarios``), module 10's Monte Carlo of the frailty pathway (its
three effects, reaches and overlap as module 10's worked notebook states them, drawn with
``planlab.impacts.draw_effects`` and combined with ``combine_overlapping``, not taken from
``planlab.assumptions``) and the quantified risk register (``planlab.risk``). The switching value
of length of stay is also checked against its closed form,
s* = B x 365 x occupancy / (D (1 + g)^6 (1 - e)) - 1, and each expected loss against the
lognormal mean p x exp(mu + sigma^2 / 2) (Hubbard, The Failure of Risk Management, 2nd ed.,
2020). The notebook's own code is run too, so that a change in the data names the sentences to
update, and its charts must have titles, axis labels and alt text.
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any

import nbformat
import numpy as np
import pandas as pd
import pytest

from planlab import datasets
from planlab.demand import nhp_growth_rate, project_activity
from planlab.impacts import Effect, combine_overlapping, draw_effects
from planlab.risk import compare_rankings, risk_summary, simulate_losses
from planlab.scenarios import bed_days_by_year, beds_by_year, switching_value
from tests.conftest import REPO, base_year_rates, described_charts, run_notebook_here

NOTEBOOK = REPO / "notebooks" / "scenarios-and-risk.ipynb"
CHAPTER = REPO / "book" / "scenarios-and-risk.md"
BASE_YEAR, PLAN_YEAR, OCCUPANCY = 2024, 2030, 0.85
OPTION_2, OPTION_1 = nhp_growth_rate("option 2"), nhp_growth_rate("option 1")


def _chapter() -> str:
    return re.sub(r"\s+", " ", CHAPTER.read_text(encoding="utf-8"))


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


@pytest.fixture(scope="module")
def model() -> dict[str, Any]:
    """The figures of :func:`pathway_model`."""
    return pathway_model()


@functools.cache
def pathway_model() -> dict[str, Any]:
    """The demographic projection, the 75+ share and the pathway's effect, from the toolkit.

    Module 13's tests build their interval figures on the same model.
    """
    projections = datasets.load("population_projections")
    rates = base_year_rates("BedDays", BASE_YEAR)
    demographic = project_activity(projections, rates, variant="principal", result="BedDays")
    demographic = demographic.set_index("Year")["BedDays"]
    old = rates["AgeGroup"].isin(["75-84", "85plus"])
    older = project_activity(
        projections,
        rates.assign(Rate=rates["Rate"].where(old, 0.0)),
        variant="principal",
        result="BedDays",
    ).set_index("Year")["BedDays"]
    # Module 10's pathway: frailty unit (admissions -10% to 0%, stay -20% to 0%, 80%; reach
    # 60%), community scheme (admissions -35% to +10%, 95%; reach 35%), 25% in both.
    ratios = draw_effects(
        {
            "unit admissions": Effect(-0.10, 0.0),
            "unit stay": Effect(-0.20, 0.0),
            "community": Effect(-0.35, 0.10, level=0.95),
        },
        100_000,
        2026,
    )
    unit = 1 - ratios["unit admissions"] * ratios["unit stay"]
    community = 1 - ratios["community"]
    saved = pd.Series(combine_overlapping([unit, community], [0.60, 0.35], overlap=0.25))
    share = older / demographic
    return {
        "demographic": demographic,
        "older": older,
        "share": share,
        "saved": saved,
        "effect": share[PLAN_YEAR] * saved.median(),
        "today": math.ceil(demographic[BASE_YEAR] / (365 * OCCUPANCY)),
    }


def _beds(model: dict[str, Any], growth: float, stay_change: float, effect: float, occ: float):
    bed_days = bed_days_by_year(model["demographic"], growth, stay_change, effect)
    return bed_days[PLAN_YEAR] / (365 * occ)


def test_the_chapter_quotes_today_s_beds_and_the_pathway(model) -> None:
    text = _chapter()
    central = model["demographic"][PLAN_YEAR] * (1 + OPTION_2) ** (PLAN_YEAR - BASE_YEAR)
    beds = math.ceil(central / (365 * OCCUPANCY))
    assert model["today"] == 302
    assert f"we take the {model['today']} beds that 2024/25's bed days need" in text
    assert f"gives {central:,.0f} bed days in 2030/31: {beds} beds" in text
    p10, p90 = model["share"][PLAN_YEAR] * model["saved"].quantile([0.1, 0.9])
    older_central = model["older"][PLAN_YEAR] * (1 + OPTION_2) ** (PLAN_YEAR - BASE_YEAR)
    assert (
        f"It saves a median {model['saved'].median():.2%} of their bed days (module 10's "
        f"{older_central * model['saved'].median():,.0f} of {older_central:,.0f} bed days in "
        f"2030/31). They account for "
        f"{model['share'][PLAN_YEAR]:.1%} of all bed days in 2030/31, so the pathway saves "
        f"{model['effect']:.2%} of all bed days (80% interval {p10:.2%} to {p90:.2%})"
    ) in text


def test_the_chapter_quotes_the_four_futures_and_three_scenarios(model) -> None:
    text = _chapter()
    demographic, effect = model["demographic"], model["effect"]

    def beds(growth: float, saving: float, year: int) -> int:
        return int(beds_by_year(demographic, growth, effect=saving, occupancy=OCCUPANCY)[year])

    assert (
        _row(["restrained", str(beds(OPTION_2, 0, 2030)), str(beds(OPTION_2, effect, 2030))])
        in text
    )
    assert _row(["rising", str(beds(OPTION_1, 0, 2030)), str(beds(OPTION_1, effect, 2030))]) in text
    years = (2030, 2035, 2040)
    for name, growth, saving in [
        ("Low", OPTION_2, effect),
        ("Central", OPTION_2, 0.0),
        ("High", OPTION_1, 0.0),
    ]:
        assert _row([name, *[str(beds(growth, saving, year)) for year in years]]) in text, name


def test_the_chapter_quotes_the_tornado_and_the_switching_values(model) -> None:
    text = _chapter()
    effect, today = model["effect"], model["today"]
    base = (OPTION_2, 0.0, effect, OCCUPANCY)
    assert f"From the Low scenario's {_beds(model, *base):.1f} beds" in text
    swings = []
    p10, p90 = (
        round(v, 4) for v in model["share"][PLAN_YEAR] * model["saved"].quantile([0.1, 0.9])
    )
    rows = {
        "change in length of stay": (1, -0.10, 0.05),
        "growth a year": (0, OPTION_2, OPTION_1),
        "target occupancy": (3, 0.80, 0.92),
        "pathway's share saved": (2, p10, p90),
    }
    for label, (place, low, high) in rows.items():
        at_low = _beds(model, *[low if i == place else v for i, v in enumerate(base)])
        at_high = _beds(model, *[high if i == place else v for i, v in enumerate(base)])
        quoted = f"| {at_low:.1f} | {at_high:.1f} | {abs(at_high - at_low):.1f} |"
        assert quoted in text, label
        swings.append(abs(at_high - at_low))
    assert swings == sorted(swings, reverse=True)  # the chapter's rows are the tornado's order

    def run(growth, stay_change, effect, occupancy):
        return _beds(model, growth, stay_change, effect, occupancy)

    named = dict(zip(("growth", "stay_change", "effect", "occupancy"), base, strict=True))
    stay = switching_value(run, named, "stay_change", today, -0.5, 0.5)
    closed = (
        today
        * 365
        * OCCUPANCY
        / (model["demographic"][PLAN_YEAR] * (1 + OPTION_2) ** 6 * (1 - effect))
        - 1
    )
    assert stay == pytest.approx(closed, abs=1e-9)
    growth = switching_value(run, named, "growth", today, -0.1, 0.1)
    saving = switching_value(run, named, "effect", today, 0.0, 0.9)
    assert f"if stays are {-stay:.2%} shorter than today" in text
    assert f"Growth would have to be {growth:.2%} a year" in text.replace("\u2212", "-")
    assert f"would have to save {saving:.2%} of all bed days" in text
    assert effect < saving < p90  # above the median, inside the 80% interval
    assert f"more than its median ({effect:.2%}) but inside its 80% interval" in text
    enough = (model["share"][PLAN_YEAR] * model["saved"] >= saving).mean()
    assert f"It does so in {enough:.1%} of module 10's simulated draws" in text
    assert growth < OPTION_2
    assert -0.10 < stay < 0.05


def test_the_chapter_quotes_the_fan_chart(model) -> None:
    growth = (1 + OPTION_2) ** (PLAN_YEAR - BASE_YEAR)
    older = model["older"][PLAN_YEAR] * growth
    central = model["demographic"][PLAN_YEAR] * growth
    beds = {
        q: (central - older * np.percentile(model["saved"], s)) / (365 * OCCUPANCY)
        for q, s in [("P10", 90), ("P50", 50), ("P90", 10)]
    }
    assert (
        f"a median of {beds['P50']:.1f} and an 80% band from {beds['P10']:.1f} to "
        f"{beds['P90']:.1f}, across today's {model['today']} beds"
    ) in _chapter()
    assert beds["P10"] < model["today"] < beds["P50"]


def test_the_chapter_quotes_both_rankings_of_the_register() -> None:
    register = datasets.load("risk_register")
    mu = (np.log(register["ImpactLowGBP"]) + np.log(register["ImpactHighGBP"])) / 2
    sigma = (np.log(register["ImpactHighGBP"]) - np.log(register["ImpactLowGBP"])) / 3.289707
    exact = register["AnnualProbability"] * np.exp(mu + sigma**2 / 2)
    by_loss = register.assign(Loss=exact).sort_values("Loss", ascending=False)
    by_score = register.sort_values("Score", ascending=False, kind="stable")
    assert by_score["RiskId"].head(3).tolist() == ["R03", "R01", "R06"]
    assert by_loss["RiskId"].head(3).tolist() == ["R03", "R12", "R08"]
    loss = by_loss.set_index("RiskId")["Loss"] / 1e6
    text = _chapter()
    assert f"By expected loss they are R03 (£{loss['R03']:.2f} million a year), R12" in text
    assert f"R12 (partners cut their contributions, £{loss['R12']:.2f} million)" in text
    assert f"R08 (a cyber attack, £{loss['R08']:.2f} million)" in text
    order = by_loss["RiskId"].tolist()
    assert order.index("R07") + 1 == 5
    assert register.set_index("RiskId")["Score"].idxmin() == "R07"
    assert f"yet the 5th largest expected loss, £{loss['R07']:.2f} million" in text
    assert f"R06, scored 15, is {order.index('R06') + 1}th by expected loss" in text
    losses = simulate_losses(register, years=100_000, seed=2026)
    comparison = compare_rankings(risk_summary(register, losses), register, score="Score")
    assert f"between score and expected loss is {comparison.spearman:.2f}" in text
    total = losses.sum(axis=1) / 1e6
    assert (
        f"lose £{total.mean():.1f} million in an average simulated year, with 80% of years "
        f"between £{total.quantile(0.1):.1f} million and £{total.quantile(0.9):.1f} million"
    ) in text


@pytest.fixture(scope="module")
def worked() -> dict[str, Any]:
    """Run the worked notebook's code cells here and return its names."""
    return run_notebook_here(NOTEBOOK)


def test_the_notebook_computes_what_the_chapter_quotes(worked, model) -> None:
    assert worked["beds_today"] == model["today"]
    assert worked["pathway_effect"] == pytest.approx(model["effect"], rel=1e-12)
    assert worked["scenario_beds"].loc[PLAN_YEAR].tolist() == [307, 332, 380]
    assert worked["switch_stay"] == pytest.approx(
        switching_value(
            lambda growth, stay_change, effect, occupancy: _beds(
                model, growth, stay_change, effect, occupancy
            ),
            {"growth": OPTION_2, "stay_change": 0.0, "effect": model["effect"], "occupancy": 0.85},
            "stay_change",
            model["today"],
            -0.5,
            0.5,
        )
    )
    top = worked["summary"]["RiskId"].head(3).tolist()
    assert top == ["R03", "R12", "R08"]


def test_the_stay_control_matches_the_model(worked, model) -> None:
    slider, stack = worked["stay_explorer"].children
    assert slider.description == "Change in length of stay"
    assert slider.label == "+0%"
    assert len(stack.children) == len(slider.options) == 26
    for (label, value), answer in zip(slider.options, stack.children, strict=True):
        beds = math.ceil(_beds(model, OPTION_2, value, model["effect"], OCCUPANCY))
        assert f"<strong>{beds} beds</strong>" in answer.value, label
        assert ("a new 24-bed ward is needed" in answer.value) == (beds > model["today"])


def test_the_notebook_checks_plain_pandas_against_the_helpers() -> None:
    source = "\n".join(
        cell.source
        for cell in nbformat.read(NOTEBOOK, as_version=4).cells
        if cell.cell_type == "code"
    )
    for helper in (
        "scenario_frame",
        "one_way_sensitivity",
        "switching_value",
        "fan_chart",
        "simulate_losses",
        "compare_rankings",
    ):
        assert helper in source
    assert source.count("assert ") >= 8


def test_every_chart_has_alt_text_title_and_axis_labels() -> None:
    for source in described_charts(NOTEBOOK, 5, ("plt.show()",)):
        labelled = ("set_title" in source and "set_xlabel" in source) or "title=" in source
        assert labelled, source[:80]
