"""Module numbers, modules to come and glossary links, as the built book shows them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from planlab.book_glossary import find_terms, read_glossary
from planlab.book_modules import MODULE_MENTION, mark_coming, module_of, numbered_title
from tests.conftest import REPO, toc_pages

CONFIG = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
MODULES: dict[str, str] = CONFIG["sphinx"]["config"]["planlab_modules"]
TERMS = read_glossary(REPO / "book" / "glossary.md")
CHAPTERS = [f"book/{name}" for name in MODULES]


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def test_every_module_in_the_config_has_its_chapter() -> None:
    missing = [name for name in MODULES if not (REPO / "book" / f"{name}.md").is_file()]
    assert missing == []


def test_module_helpers() -> None:
    assert numbered_title("Forecasting demand", "5", "") == "Module 5: Forecasting demand"
    assert module_of("book/trainers/where-are-we-now-notes", MODULES) is None
    assert mark_coming("see module 16 (coming)", MODULES) == "see module 16 (coming)"
    assert mark_coming("modules 16 and 2", MODULES) == "modules 16 (coming) and 2"


def test_the_glossary_is_read_and_terms_are_found() -> None:
    assert len(TERMS) > 50
    found = [term.term for _, _, term in find_terms("two rate ratios and an XmR chart", TERMS)]
    assert found == ["Rate ratio", "XmR chart"]


@pytest.mark.book
@pytest.mark.parametrize("page", [p for p in toc_pages() if module_of(p, MODULES)])
def test_module_pages_show_their_number(site_dir: Path, page: str) -> None:
    number, _ = module_of(page, MODULES)
    heading = soup(site_dir, page).select_one("main h1").get_text(" ", strip=True)
    assert heading.startswith(f"Module {number}"), heading


@pytest.mark.book
@pytest.mark.parametrize("page", toc_pages())
def test_modules_not_yet_written_are_marked_coming(site_dir: Path, page: str) -> None:
    main = soup(site_dir, page).select_one("main")
    for code in main.select("pre, code, .cell_input"):
        code.decompose()
    text = re.sub(r"\s+", " ", main.get_text(" "))
    pretending = [
        match.group(0)
        for match in MODULE_MENTION.finditer(text)
        if match.group("number") not in MODULES.values()
    ]
    assert pretending == [], f"{page} names modules not in the book: {pretending}"


def _unlinked_terms(box: BeautifulSoup) -> list[str]:
    """Return the glossary terms a box mentions without linking any mention of them."""
    linked = {link["href"].partition("#")[2] for link in box.select("a.glossary-term")}
    for link in box.select("a"):
        link.decompose()
    title = box.select_one(".admonition-title")
    if title is not None:
        title.decompose()
    mentioned = find_terms(box.get_text(" "), TERMS)
    return sorted({term.term for _, _, term in mentioned if term.anchor not in linked})


@pytest.mark.book
@pytest.mark.parametrize("page", toc_pages())
def test_glossary_terms_in_outcomes_boxes_are_linked(site_dir: Path, page: str) -> None:
    html = soup(site_dir, page)
    boxes = [
        box
        for box in html.select("div.admonition")
        if re.search("will be able to", box.select_one(".admonition-title").get_text(), re.I)
    ]
    anchors = {row["id"] for row in soup(site_dir, "book/glossary").select("tr[id]")}
    for box in boxes:
        for link in box.select("a.glossary-term"):
            assert link["href"].partition("#")[2] in anchors, link["href"]
        assert _unlinked_terms(box) == [], f"{page}: glossary terms left unlinked"


@pytest.mark.book
def test_every_chapter_links_key_terms_to_the_glossary(site_dir: Path) -> None:
    unlinked = [
        page
        for page in CHAPTERS
        if page != "book/how-to-use" and not soup(site_dir, page).select("a.glossary-term")
    ]
    assert unlinked == []
