"""Module 14's pages in the built book: the charts' alt text reaches the reader, and axe passes.

The worked notebook's two charts (the XmR chart with its two phases, and the board's chart of
what happened against what was expected) must reach a screen reader with the alt text written
in the notebook, and the chapter's tables must be real tables with header cells. axe-core audits
both pages against WCAG 2.2 AA here too, so a failure names this module's pages directly
(``tests/test_accessibility.py`` audits every page in both colour modes).
"""

from __future__ import annotations

import nbformat
import pytest
from playwright.sync_api import expect

from tests.conftest import REPO
from tests.test_accessibility import RUN_AXE, WCAG_AA_TAGS

pytestmark = [pytest.mark.book, pytest.mark.browser]

NOTEBOOK = REPO / "notebooks" / "embedding-and-spreading.ipynb"


def _alt_texts() -> list[str]:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    return [
        cell.metadata["mystnb"]["image"]["alt"]
        for cell in notebook.cells
        if cell.cell_type == "code" and "mystnb" in cell.metadata
    ]


def test_the_charts_carry_their_alt_text(visit, site_url: str) -> None:
    page = visit(f"{site_url}/notebooks/embedding-and-spreading.html").page
    alts = _alt_texts()
    assert len(alts) == 2
    for alt in alts:
        expect(page.get_by_role("img", name=alt, exact=True)).to_be_visible()


def test_the_chapter_s_tables_have_header_cells(visit, site_url: str) -> None:
    page = visit(f"{site_url}/book/embedding-and-spreading.html").page
    # The benefits register, the four designs, and the worked illustration's results.
    for header in ("what it holds", "what it cannot", "result"):
        expect(page.get_by_role("columnheader", name=header, exact=True)).to_be_visible()


@pytest.mark.parametrize(
    "page_path",
    ["book/embedding-and-spreading.html", "notebooks/embedding-and-spreading.html"],
)
def test_axe_finds_nothing_on_the_module_s_pages(
    visit, site_url: str, axe_source: str, page_path: str
) -> None:
    visited = visit(f"{site_url}/{page_path}")
    visited.page.add_script_tag(content=axe_source)
    violations = visited.page.evaluate(RUN_AXE, WCAG_AA_TAGS)
    assert violations == [], violations
    assert visited.console_errors == []
    assert visited.offsite_requests == []
