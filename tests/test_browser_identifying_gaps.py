"""Module 9's no-code control in the built book: moved by keyboard, with no Python kernel.

The worked notebook's "Average occupancy" slider shows, for a 24-bed ward, the share of
patients the Erlang loss model says would find it full. Every answer is worked out when the
book is built; this test moves the slider with the arrow keys and checks the sentence it shows
against ``planlab.queues``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from planlab.queues import blocking_at_occupancy
from tests.conftest import tab_to

pytestmark = [pytest.mark.book, pytest.mark.browser]

PAGE = "notebooks/identifying-gaps"
BEDS = 24


def shown(occupancy: float) -> str:
    """The start of the sentence the slider shows at ``occupancy``."""
    turned_away = blocking_at_occupancy(BEDS, occupancy)
    return (
        f"A ward of {BEDS} beds that is on average {occupancy:.0%} full turns away about "
        f"{turned_away:.1%} of the patients"
    )


def test_overflow_slider_responds_to_the_keyboard(visit, site_url: str) -> None:
    page = visit(f"{site_url}/{PAGE}.html").page
    slider = page.get_by_role("slider", name="Average occupancy")
    result = page.locator(".planlab-live-result")
    expect(slider).to_be_visible()
    # 85%: about 14.1% turned away, 1 patient in 7.
    expect(result).to_contain_text(shown(0.85), use_inner_text=True)

    # A keyboard user reaches the slider with Tab from its section's heading, then moves it.
    tab_to(page, slider, start=page.get_by_role("heading", name="Explore it yourself"), limit=30)
    page.keyboard.press("ArrowRight")
    expect(result).to_contain_text(shown(0.86), use_inner_text=True)
    for _ in range(11):
        page.keyboard.press("ArrowLeft")
    # 75%, the most a 24-bed ward can average while turning away no more than 5%.
    expect(result).to_contain_text(shown(0.75), use_inner_text=True)
    expect(result).to_contain_text("it can be at most 75% full on average", use_inner_text=True)
