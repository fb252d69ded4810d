"""Module 13's no-code control in the built book: moved by keyboard, with no Python kernel.

The worked notebook's "Interval to quote" slider shows the beds needed in 2030/31 with an
interval of each level. The phrases are worked out when the book is built; the test works out
the expected phrase from first principles, as ``tests/test_communicating_and_directing.py``
does.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import tab_to
from tests.test_communicating_and_directing import quoted

pytestmark = [pytest.mark.book, pytest.mark.browser]


def test_interval_control_responds_to_the_keyboard(visit, site_url: str) -> None:
    page = visit(f"{site_url}/notebooks/communicating-and-directing.html").page
    slider = page.get_by_role("slider", name="Interval to quote")
    result = page.locator(".planlab-live-result")
    expect(slider).to_be_visible()
    expect(result).to_contain_text(quoted(0.8), use_inner_text=True)
    heading = page.get_by_role("heading", name="Step 7: a control that works without Python")
    tab_to(page, slider, start=heading, limit=30)
    page.keyboard.press("ArrowRight")
    expect(result).to_contain_text(quoted(0.9), use_inner_text=True)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(result).to_contain_text(quoted(0.7), use_inner_text=True)
