"""Module 12, option appraisal: the no-code control and the chapter's figures.

The worked notebook's weight control shows, for each weight it offers on the criterion whose
weight matters most, the ranking of the four options, worked out in advance so that it works
on the static book page. These tests run the notebook's code in this process, read every
sentence the control can show, and check it against a ranking computed here separately, with
plain numpy: the panel's median scores and the weights rescaled by hand.

The appraisal's figures are worked out here independently of ``planlab.appraisal`` too:
discount factors as ``1 / 1.035 ** t`` (the Green Book's 3.5% for years 0 to 30, HM Treasury,
*The Green Book*, Annex 6), optimism bias as the upper bounds of Mott MacDonald (2002), Table 2
(24% for standard buildings, 200% for equipment and development), and the flip weight by
solving the two options' straight lines for where they meet. The chapter and the notebook must
quote what the data give, so a change in the data names the sentences to update.
"""

from __future__ import annotations

import re
from typing import Any

import nbformat
import numpy as np
import pandas as pd
import pytest

from planlab import datasets
from tests.conftest import REPO, described_charts, run_notebook_here

NOTEBOOK = REPO / "notebooks" / "option-appraisal.ipynb"
CHAPTER = REPO / "book" / "option-appraisal.md"
#: Mott MacDonald (2002), Table 2, upper bounds on capital expenditure.
UPPER_BOUND = {"standard buildings": 0.24, "equipment/development": 2.0}
SENTENCE = re.compile(
    r"With <strong>(?P<weight>\d+)%</strong> of the weight on (?P<criterion>\w+), the ranking "
    r"is <strong>(?P<order>[^<]+)</strong>\."
)


@pytest.fixture(scope="module")
def worked() -> dict[str, Any]:
    """Run the worked notebook's code cells here and return its names."""
    return run_notebook_here(NOTEBOOK)


def _appraisal() -> pd.DataFrame:
    """NPC with optimism bias, bed days and extra cost per bed day, by plain numpy."""
    flows = datasets.load("appraisal_cashflows")
    options = datasets.load("appraisal_options").set_index("OptionId")
    rows = {}
    for option, group in flows.groupby(flows["OptionId"].astype(str)):
        years = group["Year"].to_numpy()
        factors = np.array([1 / 1.035**t for t in years])
        project = options.loc[option, "ProjectType"]
        uplift = UPPER_BOUND[project] if isinstance(project, str) and project else 0.0
        capital = group["CapitalGBP"].to_numpy(float)
        revenue = group["RevenueGBP"].to_numpy(float)
        rows[option] = {
            "Undiscounted": capital.sum() + revenue.sum(),
            "NPCBeforeOB": float(np.dot(capital + revenue, factors)),
            "NPC": float(np.dot(capital * (1 + uplift) + revenue, factors)),
            "BedDays": int(group["BedDaysSaved"].sum()),
        }
    table = pd.DataFrame(rows).T
    table["PerBedDay"] = (table["NPC"] - table.loc["OPT1", "NPC"]) / table["BedDays"]
    return table


def _panel() -> tuple[pd.DataFrame, pd.Series]:
    scores = datasets.load("appraisal_scores")
    panel = (
        scores.assign(
            OptionId=scores["OptionId"].astype(str), Criterion=scores["Criterion"].astype(str)
        )
        .groupby(["OptionId", "Criterion"])["Score"]
        .median()
        .unstack()
    )
    criteria = datasets.load("appraisal_criteria")
    weights = pd.Series(criteria["Weight"].to_numpy(float), index=criteria["Criterion"].astype(str))
    return panel[weights.index], weights / weights.sum()


def _totals(criterion: str, weight: float) -> pd.Series:
    """Weighted totals with ``weight`` on ``criterion`` and the others in proportion, by hand."""
    panel, normalised = _panel()
    rest = normalised.drop(criterion)
    new = rest * (1 - weight) / rest.sum()
    new[criterion] = weight
    return (panel * new[panel.columns]).sum(axis=1)


def _flip(criterion: str) -> tuple[float, str]:
    """The lowest weight above the agreed one at which another option draws level, solved."""
    panel, normalised = _panel()
    start = _totals(criterion, normalised[criterion])
    leader = start.idxmax()
    best, winner = np.inf, ""
    for option in panel.index.drop(leader):
        # totals are straight lines in the weight: a + b x for each option
        a0, a1 = _totals(criterion, 0.0)[[leader, option]]
        b0, b1 = _totals(criterion, 1.0)[[leader, option]]
        slope = (b1 - a1) - (b0 - a0)
        if slope <= 0:
            continue
        level = (a0 - a1) / slope
        if normalised[criterion] < level <= 1 and level < best:
            best, winner = level, option
    return best, winner


def _chapter() -> str:
    return re.sub(r"\s+", " ", CHAPTER.read_text(encoding="utf-8"))


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def test_the_weight_control_is_named_starts_at_the_agreed_weight_and_is_linked(worked) -> None:
    slider, stack = worked["weight_explorer"].children
    criterion = worked["FLIP_CRITERION"]
    assert slider.description == f"Weight on {criterion}"
    agreed = _panel()[1][criterion]
    assert slider.label == f"{agreed:.0%}"
    labels = [label for label, _ in slider.options]
    assert labels[0] == "0%"
    assert labels[-1] == "80%"
    assert "planlab-live-result" in stack._dom_classes
    assert [(link.source, link.target) for link in worked["__links__"]] == [
        ((slider, "index"), (stack, "selected_index"))
    ]


def test_every_ranking_the_control_shows_matches_a_calculation_by_hand(worked) -> None:
    slider, stack = worked["weight_explorer"].children
    assert len(stack.children) == len(slider.options)
    for (label, weight), answer in zip(slider.options, stack.children, strict=True):
        found = SENTENCE.search(answer.value)
        assert found, answer.value
        assert f"{found['weight']}%" == label
        totals = _totals(found["criterion"], weight).sort_values(ascending=False, kind="stable")
        shown = re.findall(r"(OPT\d) \(([\d.]+)\)", found["order"])
        assert [option for option, _ in shown] == list(totals.index), label
        assert [float(total) for _, total in shown] == pytest.approx(list(totals), abs=0.0051)


def test_the_flip_weight_is_where_two_options_draw_level(worked) -> None:
    criterion = worked["FLIP_CRITERION"]
    weight, winner = _flip(criterion)
    assert worked["FLIP_WEIGHT"] == pytest.approx(weight, abs=1e-9)
    assert worked["FLIP_WINNER"] == winner
    text = _chapter()
    assert f"if outcomes carry **{weight:.1%}** of the weight instead of 30%" in text


def test_the_chapter_quotes_the_economic_case_the_data_give(worked) -> None:
    table = _appraisal()
    text = _chapter()
    options = ["OPT1", "OPT2", "OPT3", "OPT4"]
    assert (
        _row(
            [
                "cost over ten years, undiscounted (£ million)",
                *[f"{table.loc[o, 'Undiscounted'] / 1e6:.2f}" for o in options],
            ]
        )
        in text
    )
    assert (
        _row(
            [
                "NPC with optimism bias (£ million)",
                *[f"{table.loc[o, 'NPC'] / 1e6:.2f}" for o in options],
            ]
        )
        in text
    )
    assert (
        _row(
            [
                "acute bed days saved, ten years",
                *[f"{table.loc[o, 'BedDays']:,.0f}" for o in options],
            ]
        )
        in text
    )
    assert (
        _row(
            [
                "extra NPC per bed day saved (£)",
                "",
                *[f"{table.loc[o, 'PerBedDay']:,.0f}" for o in options[1:]],
            ]
        ).replace("|  |", "| |")
        in text
    )
    notebook = worked["appraisal"]
    assert np.allclose(notebook["NPC"], table.loc[options, "NPC"])
    assert np.allclose(notebook["ExtraNPCPerBedDay"].iloc[1:], table.loc[options[1:], "PerBedDay"])


def test_the_chapter_quotes_the_mcda_totals(worked) -> None:
    panel, normalised = _panel()
    totals = (panel * normalised).sum(axis=1)
    text = _chapter()
    options = ["OPT1", "OPT2", "OPT3", "OPT4"]
    assert _row(["MCDA weighted total (0 to 10)", *[f"{totals[o]:.2f}" for o in options]]) in text
    assert np.allclose(worked["ranked"]["Total"], totals.loc[worked["ranked"].index])


def test_the_chapter_quotes_who_gains() -> None:
    equity = datasets.load("appraisal_equity")
    first = equity[equity["SIMDQuintile"] == 1]
    first = first.set_index(first["OptionId"].astype(str))
    shares = first.loc[["OPT2", "OPT3", "OPT4"], "ShareOfBenefit"]
    assert (
        _row(
            [
                "share of bed days saved going to SIMD quintile 1",
                "",
                *[f"{share:.1%}" for share in shares],
            ]
        ).replace("|  |", "| |")
        in _chapter()
    )


def test_the_notebook_checks_plain_pandas_against_the_helpers() -> None:
    source = "\n".join(
        cell.source
        for cell in nbformat.read(NOTEBOOK, as_version=4).cells
        if cell.cell_type == "code"
    )
    for helper in ("npv_table", "optimism_bias", "weighted_scores", "weight_sensitivity"):
        assert helper in source
    assert source.count("assert ") >= 3


def test_every_chart_has_alt_text_title_and_axis_labels() -> None:
    for source in described_charts(NOTEBOOK, 3):
        for call in ("set_title", "set_xlabel", "set_ylabel"):
            assert call in source


def test_the_notebook_s_text_quotes_its_own_numbers(worked) -> None:
    """The sentences under each table say what the table above them shows."""
    text = re.sub(
        r"\s+",
        " ",
        " ".join(
            cell.source
            for cell in nbformat.read(NOTEBOOK, as_version=4).cells
            if cell.cell_type == "markdown"
        ),
    )
    table = _appraisal()
    for option in ("OPT2", "OPT3", "OPT4"):
        assert f"£{table.loc[option, 'PerBedDay']:,.0f}" in text, option
        assert f"£{table.loc[option, 'NPC'] / 1e6:.2f} million" in text, option
        assert f"£{table.loc[option, 'NPCBeforeOB'] / 1e6:.2f} million" in text, option
        assert f"£{table.loc[option, 'Undiscounted'] / 1e6:.2f} million" in text, option
    assert f"**{worked['FLIP_WEIGHT']:.1%}**" in text
    assert f"£{worked['BED_DAY_GBP']:,}" in text
    quintile_1 = worked["quintile_1"]
    for option in ("OPT2", "OPT3", "OPT4"):
        assert f"{quintile_1.loc[option, 'ShareToQuintile1']:.1%}" in text, option


def test_the_chapter_s_prose_quotes_the_notebook(worked) -> None:
    text = _chapter()
    table = _appraisal()
    npc = worked["npc"]
    cut = (table.loc["OPT2", "Undiscounted"] - table.loc["OPT2", "NPCBeforeOB"]) / 1e6
    assert f"takes £{cut:.2f} million off the unit's" in text
    assert f"£{npc.loc['OPT2', 'PVOptimismBias'] / 1e6:.2f} million in present value" in text
    capital = worked["totals"].loc["OPT4", "CapitalGBP"] / 1e6
    assert f"hospital at home's £{capital:.2f} million of equipment" in text
    assert f"£{npc.loc['OPT4', 'PVOptimismBias'] / 1e6:.2f} million)" in text
    need = worked["need_share"][1]
    assert f"{need:.1%} of the emergency bed days of residents aged 65 and over" in text
    ratio = worked["quintile_1"].loc["OPT3", "RatioToNeed"]
    assert f"{ratio:.2f} times that share" in text
    workforce = worked["sensitivity"].set_index("Criterion").loc["workforce", "FlipWeightUp"]
    assert f"If workforce carried {workforce:.1%}" in text
