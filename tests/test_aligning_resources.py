"""Module 8, aligning resources and capacity: the no-code control and the chapter's figures.

The worked notebook's turnover control shows, for each turnover it offers, nursing and
midwifery's workforce gap in 2030/31 and 2040/41, worked out in advance so that it works on the
static book page. These tests run the notebook's code in this process, read every sentence the
control can show, and check its numbers against the same gap computed here, separately, with
``planlab``'s toolkit. They also check that the chapter still quotes the figures the notebook
computes, so that a change in the data names the sentences to update.
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
from planlab.finance import budget_split
from planlab.workforce import supply_by_group, time_out_share, workforce_gap, wte_needed
from tests.conftest import REPO, base_year_rates, described_charts, run_notebook_here

NOTEBOOK = REPO / "notebooks" / "aligning-resources.ipynb"
CHAPTER = REPO / "book" / "aligning-resources.md"
GROUP = "Nursing and midwifery"
BASE_YEAR, TARGET_YEAR = 2024, 2040
PLANNED_TIME_OUT = {
    "annual_leave": 0.15,
    "sickness": 0.04,
    "study": 0.02,
    "maternity": 0.01,
    "other": 0.005,
}
SENTENCE = re.compile(
    r"turnover of <strong>(?P<rate>[\d.]+)%</strong> a year, nursing and midwifery are "
    r"<strong>(?P<gap_2030>[\d,.]+) WTE (?P<sign_2030>short|to spare)</strong> in 2030/31 and "
    r"<strong>(?P<gap_2040>[\d,.]+) WTE (?P<sign_2040>short|to spare)</strong> in 2040/41"
)


@pytest.fixture(scope="module")
def worked() -> dict[str, Any]:
    """Run the worked notebook's code cells here and return its names."""
    return run_notebook_here(NOTEBOOK)


def _bed_days() -> pd.Series:
    """Module 4's central projection of emergency bed days, by year (financial year start)."""
    rates = base_year_rates("BedDays", BASE_YEAR)
    projected = project_activity(
        datasets.load("population_projections"), rates, variant="principal", result="BedDays"
    )
    grown = apply_growth(projected, nhp_growth_rate("option 2"), BASE_YEAR, column="BedDays")
    return grown.set_index("Year")["BedDays"]


def _nurse_gap(turnover: float) -> pd.Series:
    """Nursing and midwifery's gap by year with this turnover, straight from the toolkit."""
    staff_groups = datasets.load("staff_groups")
    workforce = datasets.load("workforce")
    pipeline = datasets.load("training_pipeline")
    pay_bands = datasets.load("pay_bands")
    establishment = pay_bands.loc[pay_bands["StaffGroup"] == GROUP, "EstablishmentWTE"]
    sickness = float(staff_groups.set_index("StaffGroup").loc[GROUP, "SicknessAbsenceRate"])
    bed_days = _bed_days().loc[BASE_YEAR:TARGET_YEAR]
    planned = time_out_share(**PLANNED_TIME_OUT)
    productivity = bed_days[BASE_YEAR] / (establishment.sum() * (1 - planned))
    real = time_out_share(**{**PLANNED_TIME_OUT, "sickness": sickness})
    need = pd.Series(wte_needed(bed_days.to_numpy(), productivity, real), index=bed_days.index)

    # Recruitment replaces each group's first-year leavers, less those who qualify.
    in_post = workforce.groupby(workforce["StaffGroup"].astype(str))["WTE"].sum()
    qualifying = pipeline.assign(
        Q=pipeline["EntrantsPerYear"] * pipeline["CompletionRate"] * pipeline["LocalTakeUpRate"]
    )
    qualifiers = qualifying.groupby(qualifying["StaffGroup"].astype(str))["Q"].sum()
    turnover_now = staff_groups.set_index(staff_groups["StaffGroup"].astype(str))["TurnoverRate"]
    recruits = (turnover_now * in_post - qualifiers.reindex(in_post.index, fill_value=0)).to_dict()

    changed = staff_groups.copy()
    changed.loc[changed["StaffGroup"] == GROUP, "TurnoverRate"] = turnover
    supply = supply_by_group(
        workforce,
        changed,
        TARGET_YEAR - BASE_YEAR,
        retirement=datasets.load("retirement"),
        pipeline=pipeline,
        recruits=recruits,
        start_year=BASE_YEAR,
    )
    mine = supply[supply["StaffGroup"] == GROUP]
    gap = workforce_gap(mine, need)
    return gap.set_index("Year")["GapWTE"]


def _wte(text: str, sign: str) -> float:
    value = float(text.replace(",", ""))
    return value if sign == "short" else -value


def test_the_turnover_control_is_named_starts_at_6_percent_and_is_linked(worked) -> None:
    slider, stack = worked["turnover_explorer"].children
    assert slider.description == "Nursing turnover a year"
    assert slider.label == "6.0%"
    labels = [label for label, _ in slider.options]
    assert labels[0] == "3.0%"
    assert labels[-1] == "12.0%"
    assert len(labels) == 19
    assert "planlab-live-result" in stack._dom_classes
    assert [(link.source, link.target) for link in worked["__links__"]] == [
        ((slider, "index"), (stack, "selected_index"))
    ]


def test_every_number_the_control_shows_matches_the_toolkit(worked) -> None:
    slider, stack = worked["turnover_explorer"].children
    assert len(stack.children) == len(slider.options)
    for (label, rate), answer in zip(slider.options, stack.children, strict=True):
        found = SENTENCE.search(answer.value)
        assert found, answer.value
        assert f"{float(found['rate']):.1f}%" == label
        expected = _nurse_gap(rate)
        shown_2030 = _wte(found["gap_2030"], found["sign_2030"])
        shown_2040 = _wte(found["gap_2040"], found["sign_2040"])
        assert shown_2030 == pytest.approx(round(expected[2030], 1), abs=0.051), label
        assert shown_2040 == pytest.approx(round(expected[TARGET_YEAR], 1), abs=0.051), label


def test_the_control_at_today_s_turnover_matches_the_notebook_s_gap_table(worked) -> None:
    _, stack = worked["turnover_explorer"].children
    shown = SENTENCE.search(stack.children[stack.selected_index].value)
    gap = worked["gap"]
    nurses = gap[gap["StaffGroup"] == GROUP].set_index("Year")["GapWTE"]
    assert float(shown["gap_2030"].replace(",", "")) == round(nurses[2030], 1)


def _chapter() -> str:
    return re.sub(r"\s+", " ", CHAPTER.read_text(encoding="utf-8"))


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def test_the_chapter_quotes_the_beds_the_data_give() -> None:
    bed_days = _bed_days()
    text = _chapter()
    beds = {year: beds_needed(float(bed_days[year]), 0.85) for year in (BASE_YEAR, TARGET_YEAR)}
    assert (
        f"At 85% occupancy that is {beds[BASE_YEAR]} beds in 2024/25 and "
        f"{beds[TARGET_YEAR]} in 2040/41"
    ) in text
    others = [beds_needed(float(bed_days[TARGET_YEAR]), occ) for occ in (0.80, 0.90, 0.92, 0.95)]
    assert (
        f"{others[0]} beds at 80%, {others[1]} at 90%, {others[2]} at 92% and {others[3]} at 95%"
    ) in text


def test_the_chapter_quotes_the_workforce_gap_the_notebook_computes(worked) -> None:
    gap = worked["gap"]
    years = [2024, 2025, 2026, 2027, 2028, 2029, 2030, 2035, 2040]
    nurses = gap[gap["StaffGroup"] == GROUP].set_index("Year")["GapWTE"]
    every = gap.groupby("Year")["GapWTE"].sum()
    text = _chapter()
    assert _row(["gap (WTE)", *[f"{nurses[y]:,.1f}" for y in years]]) in text
    assert _row(["all seven groups (WTE)", *[f"{every[y]:,.1f}" for y in years]]) in text
    expected = _nurse_gap(0.06)
    assert np.allclose(nurses.loc[2025:], expected.loc[2025:])


def test_the_chapter_quotes_the_financial_plan_the_notebook_computes(worked) -> None:
    plan = worked["plan"].set_index("FinancialYear") / 1e6
    text = _chapter()
    for column, name in [
        ("Cost", "cost"),
        ("Funding", "funding"),
        ("GapBeforeSavings", "gap before savings"),
        ("GapAfterSavings", "gap after savings"),
        ("ReservesUsed", "reserves used"),
        ("GapAfterReserves", "gap after reserves"),
    ]:
        assert _row([name, *[f"{value:.2f}" for value in plan[column]]]) in text, name


def test_the_chapter_quotes_the_budget_split() -> None:
    split = budget_split(datasets.load("budget")).set_index("FinancialYear").loc["2024/25"]
    assert (
        f"integrated budget for 2024/25 was £{split['Total'] / 1e6:.2f} million, of which "
        f"£{split['SetAside'] / 1e6:.1f} million ({split['SetAsidePct']:.1f}%) was set aside"
    ) in _chapter()


def test_the_notebook_checks_plain_pandas_against_the_helpers() -> None:
    source = "\n".join(
        cell.source
        for cell in nbformat.read(NOTEBOOK, as_version=4).cells
        if cell.cell_type == "code"
    )
    for helper in ("add_beds", "workforce_demand", "supply_by_group", "financial_plan"):
        assert helper in source
    assert source.count("assert ") >= 6


def test_every_chart_has_alt_text_title_and_axis_labels() -> None:
    for source in described_charts(NOTEBOOK, 4):
        for call in ("set_title", "set_xlabel", "set_ylabel"):
            assert call in source
