"""The built book in a real browser: pages load, the widget works, maths renders, search works."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import tab_to, toc_pages

pytestmark = [pytest.mark.book, pytest.mark.browser]

WORKED_PAGE = "notebooks/beds-and-occupancy"
#: How far each display equation reaches past the right edge of the page's article, in pixels.
EQUATION_OVERHANG = """() => {
  const article = document.querySelector("article.bd-article") || document.querySelector("main");
  const edge = article.getBoundingClientRect().right;
  return [...document.querySelectorAll('mjx-container[display="true"]')]
    .map((maths) => Math.round(maths.getBoundingClientRect().right - edge))
    .filter((overhang) => overhang > 0);
}"""


@pytest.mark.parametrize("page", toc_pages())
def test_page_loads_with_no_errors(visit, site_url: str, page: str) -> None:
    opened = visit(f"{site_url}/{page}.html")
    assert opened.console_errors == [], f"console errors on {page}"
    assert opened.failed_requests == [], f"failed requests on {page}"
    assert opened.offsite_requests == [], f"{page} asked for something on another host"
    expect(opened.page.get_by_role("heading", level=1).first).to_be_visible()
    # At the default 1280-pixel window: the page never scrolls sideways, and a long equation
    # scrolls inside its own box rather than running past the text.
    width = opened.page.evaluate("() => document.documentElement.scrollWidth - innerWidth")
    assert width <= 0, f"{page} scrolls sideways by {width} pixels at 1280 pixels wide"
    assert opened.page.evaluate(EQUATION_OVERHANG) == [], f"an equation on {page} overflows"


def test_widget_renders_and_responds_to_the_keyboard(visit, site_url: str) -> None:
    page = visit(f"{site_url}/{WORKED_PAGE}.html").page
    slider = page.get_by_role("slider", name="Target occupancy")
    result = page.locator(".planlab-live-result")
    expect(slider).to_be_visible()
    expect(result).to_contain_text("97 beds at 85% target occupancy", use_inner_text=True)

    # From the top of the page, as a keyboard user arrives: Tab until the slider has the focus.
    assert tab_to(page, slider) > 1
    page.keyboard.press("ArrowRight")
    expect(result).to_contain_text("96 beds at 86% target occupancy", use_inner_text=True)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    # 30,000 / (365 x 0.84) = 97.8, so 98 beds.
    expect(result).to_contain_text("98 beds at 84% target occupancy", use_inner_text=True)


def test_maths_renders(visit, site_url: str) -> None:
    page = visit(f"{site_url}/{WORKED_PAGE}.html").page
    equations = page.locator("mjx-container")
    expect(equations.first).to_be_visible()
    assert equations.first.bounding_box()["width"] > 50
    assert "\\frac" not in page.locator("main").inner_text()


def test_search_finds_a_word_from_a_chapter(visit, site_url: str) -> None:
    page = visit(f"{site_url}/search.html?q=occupancy").page
    hits = page.locator("#search-results ul.search li a")
    expect(hits.first).to_be_visible(timeout=15_000)
    targets = hits.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any(WORKED_PAGE in target for target in targets), targets
