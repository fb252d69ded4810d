"""The book builds with warnings as errors, and no built page loads anything from another host."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import REPO, BookBuild, toc_pages

pytestmark = pytest.mark.book

# Attributes through which a page loads a script, stylesheet, font or image.
LOADING_ATTRIBUTES = {("script", "src"), ("link", "href"), ("img", "src"), ("source", "src")}
# Links that are navigation (followed only when clicked) rather than loads.
NAVIGATION_RELS = {"canonical", "next", "prev", "search", "index", "author", "license"}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""")
ASSET_IN_SCRIPT = re.compile(r"""(?:https?:)?//[^'"\s]+?\.(?:js|css|woff2?|ttf|otf)\b""")


def is_offsite(address: str) -> bool:
    """Return True for an address on another host (absolute or protocol-relative)."""
    parsed = urlparse(address)
    return bool(parsed.netloc) or parsed.scheme in {"http", "https"}


class _AssetFinder(HTMLParser):
    """Collects every offsite address a page would load."""

    def __init__(self) -> None:
        super().__init__()
        self.offsite: list[str] = []
        self._in = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        rel = set(values.get("rel", "").split())
        for element, attribute in LOADING_ATTRIBUTES:
            address = values.get(attribute, "")
            if tag == element and address and is_offsite(address):
                if tag == "link" and rel <= NAVIGATION_RELS and rel:
                    continue
                self.offsite.append(f"<{tag} {attribute}={address}>")
        if "style" in values:
            self._add_css(values["style"])
        self._in = tag

    def handle_endtag(self, tag: str) -> None:
        self._in = ""

    def handle_data(self, data: str) -> None:
        if self._in == "style":
            self._add_css(data)
        elif self._in == "script":
            self.offsite.extend(f"inline script loads {m}" for m in ASSET_IN_SCRIPT.findall(data))

    def _add_css(self, css: str) -> None:
        self.offsite.extend(f"CSS url {u}" for u in CSS_URL.findall(css) if is_offsite(u))


def offsite_assets_in_html(html: str) -> list[str]:
    """Return the scripts, stylesheets, fonts and images ``html`` loads from other hosts."""
    finder = _AssetFinder()
    finder.feed(html)
    return finder.offsite


def offsite_assets_in_css(css: str) -> list[str]:
    """Return the addresses on other hosts that a stylesheet imports or loads."""
    return [u for u in CSS_URL.findall(css) if is_offsite(u)]


def test_book_builds_with_warnings_as_errors(book_build: BookBuild) -> None:
    assert book_build.returncode == 0, book_build.problems()
    assert "build succeeded" in book_build.log


def test_every_page_in_the_toc_is_built(site_dir: Path) -> None:
    missing = [page for page in toc_pages() if not (site_dir / f"{page}.html").is_file()]
    assert missing == [], f"pages in _toc.yml with no HTML page: {missing}"


def test_every_chapter_and_notebook_is_in_the_toc() -> None:
    listed = set(toc_pages())
    sources = [*REPO.glob("book/**/*.md"), *REPO.glob("notebooks/*.ipynb")]
    orphans = [
        str(path.relative_to(REPO))
        for path in sources
        if ".ipynb_checkpoints" not in path.parts
        and path.relative_to(REPO).with_suffix("").as_posix() not in listed
    ]
    assert orphans == [], f"add these to _toc.yml or remove them: {orphans}"


def test_the_scanner_catches_cdn_assets() -> None:
    page = """
    <link rel="stylesheet" href="https://cdn.example.org/theme.css">
    <link rel="canonical" href="https://example.org/page.html">
    <script src="//cdn.example.org/lib.js"></script>
    <script>const URL = "https://unpkg.com/thebe@0.8.2/lib/index.js"</script>
    <style>@import "https://fonts.example.org/css";</style>
    <script src="_static/local.js"></script>
    """
    # Each asset from another host, named; the canonical link and the local script are not.
    assert offsite_assets_in_html(page) == [
        "<link href=https://cdn.example.org/theme.css>",
        "<script src=//cdn.example.org/lib.js>",
        "inline script loads https://unpkg.com/thebe@0.8.2/lib/index.js",
        "CSS url https://fonts.example.org/css",
    ]
    assert offsite_assets_in_css("a{src:url('https://x.org/f.woff2')} b{src:url(f.woff)}") == [
        "https://x.org/f.woff2"
    ]


def test_no_built_page_loads_anything_from_another_host(site_dir: Path) -> None:
    problems = []
    for page in sorted(site_dir.rglob("*.html")):
        found = offsite_assets_in_html(page.read_text(encoding="utf-8"))
        problems += [f"{page.relative_to(site_dir)}: {item}" for item in found]
    for sheet in sorted((site_dir / "_static").rglob("*.css")):
        found = offsite_assets_in_css(sheet.read_text(encoding="utf-8", errors="replace"))
        problems += [f"{sheet.relative_to(site_dir)}: {item}" for item in found]
    assert problems == [], "\n".join(problems)


def test_widget_and_maths_assets_are_served_locally(site_dir: Path) -> None:
    vendor = site_dir / "_static" / "vendor"
    for asset in ("require.js", "html-manager/embed-amd.js", "mathjax/tex-mml-chtml.js"):
        assert (vendor / asset).is_file(), f"{asset} was not copied into the site"
    page = (site_dir / "notebooks" / "beds-and-occupancy.html").read_text(encoding="utf-8")
    assert "_static/vendor/html-manager/embed-amd.js" in page
    assert "application/vnd.jupyter.widget-state+json" in page
