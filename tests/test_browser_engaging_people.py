"""Module 6's no-code control in the built book: chosen by keyboard, with no Python kernel.

The worked notebook's "Locality" menu shows each locality's theme table, worked out when the
book is built. The test works out what it should say with the matcher and counts of
``tests/test_engaging_people.py``, written separately from ``planlab.engagement``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from planlab import datasets
from tests.conftest import tab_to
from tests.test_engaging_people import _counts

pytestmark = [pytest.mark.book, pytest.mark.browser]


def shown(locality: str) -> str:
    """The sentence the menu shows for ``locality``: the theme raised most, and its share."""
    mentions, sizes = _counts()
    shares = mentions.loc[locality] / sizes[locality]
    names = datasets.load("engagement_codebook").set_index("ThemeCode")["ThemeName"]
    localities = datasets.load("localities").set_index("LocalityCode")["LocalityName"]
    top = shares.idxmax()
    return (
        f"In {localities[locality]} the theme raised most is {names[top].lower()}, "
        f"in {shares[top]:.1%} of responses."
    )


def test_locality_menu_responds_to_the_keyboard(visit, site_url: str) -> None:
    page = visit(f"{site_url}/notebooks/engaging-people.html").page
    menu = page.get_by_role("combobox", name="Locality")
    result = page.locator(".planlab-live-result")
    expect(menu).to_be_visible()
    expect(result).to_contain_text(shown("LVL04"), use_inner_text=True)
    # A keyboard user reaches the menu with Tab from its section's heading, then changes it.
    tab_to(page, menu, start=page.get_by_role("heading", name="Explore it yourself"), limit=30)
    page.keyboard.press("ArrowUp")
    expect(result).to_contain_text(shown("LVL03"), use_inner_text=True)
    menu.select_option(label="LVL01 Corranbridge")
    expect(result).to_contain_text(shown("LVL01"), use_inner_text=True)
