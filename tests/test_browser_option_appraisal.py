"""Module 12's no-code control in the built book: moved by keyboard, with no Python kernel.

The worked notebook's weight slider shows the ranking of the four options for each weight on
the criterion whose weight matters most (the other weights keep their ratios). The rankings
are worked out when the book is built; the test works each one out by hand, as
``tests/test_option_appraisal.py`` does.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import tab_to
from tests.test_option_appraisal import _panel, _totals

pytestmark = [pytest.mark.book, pytest.mark.browser]


def ranking(criterion: str, weight: float) -> str:
    """The sentence the control shows for ``weight`` on ``criterion``, worked out by hand."""
    totals = _totals(criterion, weight).sort_values(ascending=False, kind="stable")
    order = ", then ".join(f"{option} ({total:.2f})" for option, total in totals.items())
    return f"With {weight:.0%} of the weight on {criterion}, the ranking is {order}."


def test_weight_control_responds_to_the_keyboard(visit, site_url: str) -> None:
    page = visit(f"{site_url}/notebooks/option-appraisal.html").page
    weights = _panel()[1]
    named = {
        criterion: page.get_by_role("slider", name=f"Weight on {criterion}", exact=True)
        for criterion in weights.index
    }
    found = [criterion for criterion, slider in named.items() if slider.count() == 1]
    assert len(found) == 1, f"expected one slider named after a criterion, found {found}"
    criterion = found[0]
    slider, agreed = named[criterion], round(float(weights[criterion]), 2)
    result = page.locator(".planlab-live-result")
    expect(slider).to_be_visible()
    expect(result).to_contain_text(ranking(criterion, agreed), use_inner_text=True)
    # A keyboard user reaches the slider with Tab from its section's heading, then moves it.
    heading = page.get_by_role("heading", name="Explore it yourself")
    tab_to(page, slider, start=heading, limit=30)
    page.keyboard.press("ArrowRight")
    expect(result).to_contain_text(ranking(criterion, agreed + 0.05), use_inner_text=True)
    for _ in range(5):
        page.keyboard.press("ArrowLeft")
    expect(result).to_contain_text(ranking(criterion, agreed - 0.20), use_inner_text=True)
