"""Module 7's no-code control in the built book: moved by keyboard, with no Python kernel.

The worked notebook's "Cut in delayed bed days" slider shows, for each cut, the target, the
first month a signal could show and the verdict. The sentences are worked out when the book is
built; the test works out the target and the verdict by hand, as
``tests/test_where_do_we_want_to_be.py`` does.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import tab_to
from tests.test_where_do_we_want_to_be import _by_hand

pytestmark = [pytest.mark.book, pytest.mark.browser]


def shown(cut: int) -> str:
    """The start of the sentence the control shows for a cut of ``cut`` percent."""
    hand = _by_hand(cut / 100)
    return (
        f"A cut of {cut}% takes delayed bed days from {hand['start']:,.1f} to {hand['target']:,.1f}"
    )


def verdict(cut: int) -> str:
    return f"Verdict: {_by_hand(cut / 100)['verdict']}."


def test_cut_control_responds_to_the_keyboard(visit, site_url: str) -> None:
    page = visit(f"{site_url}/notebooks/where-do-we-want-to-be.html").page
    slider = page.get_by_role("slider", name="Cut in delayed bed days")
    result = page.locator(".planlab-live-result")
    expect(slider).to_be_visible()
    expect(result).to_contain_text(shown(20), use_inner_text=True)
    expect(result).to_contain_text(verdict(20), use_inner_text=True)
    # A keyboard user reaches the slider with Tab from its section's heading, then moves it.
    tab_to(
        page, slider, start=page.get_by_role("heading", name="Step 7: try another target"), limit=30
    )
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    expect(result).to_contain_text(shown(24), use_inner_text=True)
    expect(result).to_contain_text(verdict(24), use_inner_text=True)  # a wish
    for _ in range(11):
        page.keyboard.press("ArrowLeft")
    expect(result).to_contain_text(shown(13), use_inner_text=True)
    expect(result).to_contain_text(verdict(13), use_inner_text=True)  # within past experience
