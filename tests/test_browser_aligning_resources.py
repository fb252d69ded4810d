"""Module 8's no-code control in the built book: moved by keyboard, with no Python kernel.

The worked notebook's "Nursing turnover a year" slider shows the nursing and midwifery gap in
2030/31 at each turnover rate. The numbers are worked out when the book is built; the test
works out the expected gap with the toolkit, as ``tests/test_aligning_resources.py`` does.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import tab_to
from tests.test_aligning_resources import _nurse_gap

pytestmark = [pytest.mark.book, pytest.mark.browser]


def shown(turnover: float) -> str:
    """The gap in 2030/31 as the control words it, at ``turnover``."""
    return f"{_nurse_gap(turnover)[2030]:,.1f} WTE short in 2030/31"


def test_turnover_control_responds_to_the_keyboard(visit, site_url: str) -> None:
    page = visit(f"{site_url}/notebooks/aligning-resources.html").page
    slider = page.get_by_role("slider", name="Nursing turnover a year")
    result = page.locator(".planlab-live-result")
    expect(slider).to_be_visible()
    expect(result).to_contain_text(shown(0.06), use_inner_text=True)  # 6.0%
    # A keyboard user reaches the slider with Tab from its section's heading, then moves it.
    tab_to(page, slider, start=page.get_by_role("heading", name="Explore it yourself"), limit=30)
    page.keyboard.press("ArrowLeft")
    expect(result).to_contain_text(shown(0.055), use_inner_text=True)  # 5.5%
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(result).to_contain_text(shown(0.065), use_inner_text=True)  # 6.5%
