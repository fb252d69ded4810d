"""Module 13, communicating and directing: the chapter quotes the figures the data give.

Each figure the chapter quotes is worked out here again, separately from the worked notebook:
module 4's demographic projection (``planlab.demand.project_activity``), grown by the NHP
model's option 2, and module 10's Monte Carlo of the frailty pathway (its three effects, reaches
and overlap as module 10's worked notebook states them, drawn with
``planlab.impacts.draw_effects`` and combined with ``combine_overlapping``, not taken from
``planlab.assumptions``). The direction's budget is summed from ``datasets/budget.csv`` with the
standard library's csv reader. The pixels of a printed chart are width / 25.4 x 300 (25.4 mm to
the inch). The notebook's own code is run too, so that a change in the data names the sentences
to update, and its control and charts are checked.
"""

from __future__ import annotations

import csv
import functools
import re
from typing import Any

import nbformat
import numpy as np
import pytest

from planlab import datasets
from planlab.boardpaper import DIRECTION_ELEMENTS, format_interval
from planlab.demand import nhp_growth_rate
from tests.conftest import REPO, described_charts, run_notebook_here
from tests.test_scenarios_and_risk import pathway_model

NOTEBOOK = REPO / "notebooks" / "communicating-and-directing.ipynb"
CHAPTER = REPO / "book" / "communicating-and-directing.md"
BASE_YEAR, PLAN_YEAR, OCCUPANCY = 2024, 2030, 0.85


def _chapter() -> str:
    return re.sub(r"\s+", " ", CHAPTER.read_text(encoding="utf-8"))


@functools.cache
def _model() -> dict[str, Any]:
    """Beds needed in 2030/31 with the pathway, one value per draw: module 11's model, grown."""
    model = pathway_model()
    grow = (1 + nhp_growth_rate("option 2")) ** (PLAN_YEAR - BASE_YEAR)
    central = model["demographic"][PLAN_YEAR] * grow
    older_central = model["older"][PLAN_YEAR] * grow
    saved = model["saved"].to_numpy()
    return {
        "beds": (central - older_central * saved) / (365 * OCCUPANCY),
        "saved_days": older_central * saved,
        "today": model["today"],
    }


def quoted(level: float) -> str:
    """The beds needed in 2030/31 as the interval control words them, at ``level``."""
    beds = _model()["beds"]
    low, high = np.percentile(beds, [50 - 50 * level, 50 + 50 * level])
    return format_interval(np.percentile(beds, 50), low, high, level=level, unit="beds")


@pytest.fixture(scope="module")
def model() -> dict[str, Any]:
    """The figures of :func:`_model`."""
    return _model()


@pytest.fixture(scope="module")
def worked() -> dict[str, Any]:
    """Run the worked notebook's code cells here and return its names."""
    return run_notebook_here(NOTEBOOK)


def _budget(year: str, sources: set[str]) -> int:
    with open(REPO / "datasets" / "budget.csv", encoding="utf-8", newline="") as handle:
        return sum(
            int(row["BudgetGBP"])
            for row in csv.DictReader(handle)
            if row["FinancialYear"] == year and row["FundingSource"] in sources
        )


def test_the_chapter_quotes_the_beds_with_their_interval(model) -> None:
    text = _chapter()
    p10, p50, p90 = np.percentile(model["beds"], [10, 50, 90])
    phrase = format_interval(p50, p10, p90, unit="beds")
    assert phrase == "306 beds (80% interval 293 to 321 beds)"
    assert f"are {phrase}, against {model['today']} today" in text
    chance = (model["beds"] > model["today"]).mean()
    assert f"A new ward is needed in {chance:.1%} of the draws" in text
    s10, s50, s90 = np.percentile(model["saved_days"], [10, 50, 90])
    assert f"saves {s50:,.0f} bed days in 2030/31 (80% interval {s10:,.0f} to {s90:,.0f})" in text
    assert f"stays {-(model['today'] / p50 - 1):.2%} shorter than today" in text


def test_the_chapter_quotes_the_direction_s_budget() -> None:
    text = _chapter()
    delegated = _budget("2024/25", {"Health delegated"})
    set_aside = _budget("2024/25", {"Health set-aside"})
    council = _budget("2024/25", {"Social care"})
    assert (
        f"£{delegated + set_aside:,}, the delegated health budget of £{delegated:,} plus the "
        f"set-aside sum of £{set_aside:,}"
    ) in text
    assert f"social care budget of £{council:,}" in text


def test_the_chapter_quotes_the_pixels_and_the_risks() -> None:
    text = _chapter()
    across, down = round(160 / 25.4 * 300), round(100 / 25.4 * 300)
    assert f"160 / 25.4 \u00d7 300 = {across:,} pixels" in text
    assert f"{across:,} by {down:,} pixels" in text
    register = datasets.load("risk_register").set_index("RiskId")
    for risk in ("R03", "R12", "R08"):
        row = register.loc[risk]
        low, high = row["ImpactLowGBP"] / 1e6, row["ImpactHighGBP"] / 1e6
        assert f"£{low:.1f} million to £{high:.1f} million" in text, risk
        assert f"{row['AnnualProbability']:.0%}" in text, risk


def test_the_chapter_names_every_element_of_a_direction() -> None:
    text = _chapter().lower()
    headings = "reference, direction to, functions, how the functions are to be carried out, "
    assert headings + "budget, supersedes, link to the strategic plan, outcomes, " in text
    assert [name for name, _ in DIRECTION_ELEMENTS][-1] == "Review date"
    assert "last checked 3 december 2026" in text


def test_the_notebook_quotes_the_same_figures(worked, model) -> None:
    assert np.allclose(worked["beds_draws"], model["beds"])
    assert worked["estimates"][0].text() == "306 beds (80% interval 293 to 321 beds)"
    assert worked["direction"].total == _budget("2024/25", {"Health delegated", "Health set-aside"})
    assert worked["paper"].sections[0][0] == "Recommendation"
    assert "306 beds (80% interval 293 to 321 beds)" in worked["recommendation"]


def test_the_interval_control_matches_the_draws(worked, model) -> None:
    slider, stack = worked["level_explorer"].children
    assert slider.description == "Interval to quote"
    assert slider.label == "80%"
    assert len(stack.children) == len(slider.options) == 6
    for (label, level), answer in zip(slider.options, stack.children, strict=True):
        assert f"<strong>{quoted(level)}</strong>" in answer.value, label
    assert worked["__links__"], "the control must be linked in the browser (jslink)"


def test_the_notebook_checks_plain_pandas_against_the_helpers() -> None:
    source = "\n".join(
        cell.source
        for cell in nbformat.read(NOTEBOOK, as_version=4).cells
        if cell.cell_type == "code"
    )
    for helper in (
        "save_for_print",
        "assumptions_log",
        "BoardPaper",
        "save_board_paper",
        "direction_budget",
        "save_direction",
        "precomputed_slider",
    ):
        assert helper in source
    assert source.count("assert ") >= 6


def test_every_chart_has_alt_text_title_and_axis_labels() -> None:
    for source in described_charts(NOTEBOOK, 1, ("plt.show()",)):
        assert "title=" in source
        assert "xlabel=" in source


def test_the_notebook_s_plain_pandas_budget_matches_the_table(worked) -> None:
    """The notebook's plain-pandas totals are the budget table's, by funding source."""
    health = _budget("2024/25", {"Health delegated", "Health set-aside"})
    assert worked["health"]["BudgetGBP"].sum() == health
    assert worked["council"]["BudgetGBP"].sum() == _budget("2024/25", {"Social care"})
    assert worked["to_health"]["BudgetGBP"].iloc[:-1].sum() == health
