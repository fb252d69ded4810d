"""Module 7, where do we want to be: the trajectory's figures and the no-code control.

The worked notebook sets a 20% trajectory for Lochanvale's delayed discharge bed days, finds
the first month it could show as a signal and judges its plausibility; its slider shows the same
for every cut from 5% to 40%, worked out in advance so that it works on the static book page.
These tests run the notebook's code in this process, then work every figure out again here in
plain pandas, without ``planlab.trajectory`` (the XmR sums as in module 2; the shift as 7 months
in a row below the mean, as NHS England's Making Data Count states it), and check that the
notebook's prose, the control's sentences and the chapter quote them.
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np
import pandas as pd
import pytest

from planlab import datasets
from planlab.trajectory import monthly_trajectory, signal_chance
from tests.conftest import REPO, run_notebook_here

NOTEBOOK = REPO / "notebooks" / "where-do-we-want-to-be.ipynb"
CHAPTER = REPO / "book" / "where-do-we-want-to-be.md"
MONTHS = pd.period_range("2025-04", "2027-03", freq="M")
SENTENCE = re.compile(
    r"A cut of <strong>(?P<cut>\d+)%</strong> takes delayed bed days from (?P<start>[\d,.]+) to "
    r"<strong>(?P<target>[\d,.]+)</strong> a month by March 2027\. If every month landed on the "
    r"line, the first signal would be <strong>(?P<month>\w+ \d{4})</strong> "
    r"\(month (?P<months>\d+), (?P<rule>a shift|a month below the lower limit)\); "
    r"(?P<likely>.*?)\. Verdict: <strong>(?P<verdict>[a-z ]+)</strong>\.</p>"
)


@pytest.fixture(scope="module")
def worked() -> dict[str, Any]:
    """Run the worked notebook's code cells here and return its names."""
    return run_notebook_here(NOTEBOOK)


def _monthly() -> pd.Series:
    delays = datasets.load("delayed_discharges")
    return delays.groupby("MonthOfDelay")["NumberOfDelayedBedDays"].sum()


def _by_hand(cut: float) -> dict[str, Any]:
    """Every figure of a cut, in plain pandas: the XmR sums, the run count, the verdict."""
    monthly = _monthly()
    start = monthly.loc["2024-04":"2025-03"].mean()
    base = monthly.loc["2023-04":"2025-03"]
    mean = base.mean()
    average_mr = base.diff().abs().mean()
    lower = mean - 2.66 * average_mr
    target = start * (1 - cut)
    path = pd.Series(start + (target - start) * np.arange(1, 25) / 24, index=MONTHS)
    first = None
    in_a_row = 0
    for number, (month, value) in enumerate(path.items(), start=1):
        in_a_row = in_a_row + 1 if value < mean else 0
        if value < lower:
            first = (month, number, "a month below the lower limit")
            break
        if in_a_row >= 7:
            first = (month, number, "a shift")
            break
    history = monthly.loc["2021-04":"2025-03"]
    averages = history.rolling(12).mean()
    largest_fall = -(averages - averages.shift(12)).min()
    fall_in_a_year = 12 * (start - target) / 24
    if target < lower:
        verdict = "a wish"
    elif fall_in_a_year > largest_fall:
        verdict = "a stretch"
    else:
        verdict = "within past experience"
    return {
        "start": start,
        "mean": mean,
        "average_mr": average_mr,
        "lower": lower,
        "upper": mean + 2.66 * average_mr,
        "target": target,
        "path": path,
        "first": first,
        "largest_fall": largest_fall,
        "fall_in_a_year": fall_in_a_year,
        "verdict": verdict,
    }


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def test_the_control_is_named_starts_at_20_percent_and_is_linked(worked) -> None:
    slider, stack = worked["cut_explorer"].children
    assert slider.description == "Cut in delayed bed days"
    assert slider.label == "20%"
    labels = [label for label, _ in slider.options]
    assert labels[0] == "5%"
    assert labels[-1] == "40%"
    assert len(labels) == 36
    assert "planlab-live-result" in stack._dom_classes
    assert [(link.source, link.target) for link in worked["__links__"]] == [
        ((slider, "index"), (stack, "selected_index"))
    ]


def test_every_sentence_the_control_shows_matches_a_hand_calculation(worked) -> None:
    _, stack = worked["cut_explorer"].children
    answers = [child.value for child in stack.children]
    assert len(answers) == 36
    verdicts = []
    for cut, html in zip(range(5, 41), answers, strict=True):
        found = SENTENCE.search(html)
        assert found, html
        hand = _by_hand(cut / 100)
        assert int(found["cut"]) == cut
        assert _number(found["start"]) == pytest.approx(hand["start"], abs=0.05)
        assert _number(found["target"]) == pytest.approx(hand["target"], abs=0.05)
        month, months, rule = hand["first"]
        assert found["month"] == f"{month:%B %Y}"
        assert int(found["months"]) == months
        assert found["rule"] == rule
        assert found["verdict"] == hand["verdict"], cut
        verdicts.append(hand["verdict"])
        # The likely month is a simulation: read it from signal_chance with the same seed.
        path = monthly_trajectory(hand["start"], hand["target"], "2025-04", "2027-03")
        chance = signal_chance(_monthly().loc["2021-04":"2025-03"], path, 24, seed=2025)
        reached = chance.index[chance["ChanceByNow"] >= 0.5]
        if len(reached):
            assert f"<strong>{reached[0]:%B %Y}</strong>" in found["likely"]
        else:
            assert "fewer than half" in found["likely"]
    # Past experience, then stretches, then wishes, as the cut grows.
    assert verdicts == sorted(verdicts, key=["within past experience", "a stretch", "a wish"].index)


def test_the_notebook_s_objects_agree_with_the_hand_calculation(worked) -> None:
    hand = _by_hand(0.2)
    assert worked["start_level"] == pytest.approx(hand["start"])
    assert worked["mean"] == pytest.approx(hand["mean"])
    assert worked["lower"] == pytest.approx(hand["lower"])
    assert np.allclose(worked["trajectory"]["Value"], hand["path"])
    signal = worked["signal"]
    assert (signal.month, signal.months) == hand["first"][:2]
    assert worked["verdict"].verdict == hand["verdict"] == "a stretch"
    assert worked["verdict"].measures["LargestSustainedChange"] == pytest.approx(
        -hand["largest_fall"]
    )


def _prose(path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown")


def _quoted(hand: dict[str, Any]) -> list[str]:
    """The figures a learner reads, written as the notebook and chapter write them."""
    month, months, _ = hand["first"]
    return [
        f"{hand['start']:,.1f}",
        f"{hand['mean']:,.1f}",
        f"{hand['average_mr']:,.1f}",
        f"{hand['lower']:,.1f}",
        f"{hand['upper']:,.1f}",
        f"{hand['target']:,.1f}",
        f"{month:%B %Y}",
        f"month {months}",
        f"{hand['largest_fall']:,.1f}",
        f"{hand['fall_in_a_year']:,.2f}",
        hand["verdict"],
    ]


def test_the_notebook_quotes_the_figures_it_computes() -> None:
    prose = " ".join(_prose(NOTEBOOK).split())
    missing = [text for text in _quoted(_by_hand(0.2)) if text not in prose]
    assert not missing, f"the notebook's prose does not quote {missing}"
    total = 2 * _monthly().loc["2024-04":"2025-03"].sum() - _by_hand(0.2)["path"].sum()
    assert f"{total:,.0f} fewer bed days" in prose


def test_the_chapter_quotes_the_same_figures() -> None:
    text = " ".join(CHAPTER.read_text(encoding="utf-8").split())
    if "The trajectory in numbers" not in text:
        pytest.skip("the chapter has no section 'The trajectory in numbers' yet")
    section = text.split("The trajectory in numbers", 1)[1]
    missing = [quote for quote in _quoted(_by_hand(0.2)) if quote not in section]
    assert not missing, f"the chapter's trajectory section does not quote {missing}"
