"""The toolkit reference: a page per module from its docstrings, linked from every chapter.

The pages are ``book/reference/<module>.md``; which modules have one is decided by
:func:`planlab.book_reference.reference_modules`, from the package. The built pages are
checked against each module's ``__all__``, and each chapter's *Python for planners* box
against the modules its notebook and exercises import.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from planlab.book_reference import (
    REFERENCE_DIR,
    chapter_modules,
    comment_where_defined,
    constant_docstring,
    notebook_modules,
    page_source,
    planlab_imports,
    reference_modules,
)
from planlab.python_ideas import read_ideas
from tests.conftest import REPO, toc_pages

MODULES = reference_modules()
IDEAS = read_ideas(REPO / "book" / "python-ideas.yml")
#: The method modules the course's notebooks are built on (issue 13, point 5). A module
#: may become a package; it must not drop out of the reference.
METHOD_MODULES = [
    *("rates", "spc", "suppression", "segmentation", "projection", "demand", "capacity"),
    *("forecasting", "workforce", "finance", "queues", "waiting", "impacts", "scenarios"),
    *("risk", "flow", "widgets", "datasets"),
]
#: The chapters with a box that are in the book so far (a chapter being written may not be).
BUILT = [module for module in IDEAS if f"book/{module.chapter}" in toc_pages()]
NOTEBOOKS = sorted([*REPO.glob("notebooks/*.ipynb"), *REPO.glob("exercises/*.ipynb")])


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def test_every_method_module_has_a_reference() -> None:
    assert set(METHOD_MODULES) <= set(MODULES), set(METHOD_MODULES) - set(MODULES)
    assert "grading" not in MODULES
    assert not [name for name in MODULES if name.startswith(("book_", "_"))]


@pytest.mark.parametrize("module", MODULES)
def test_each_module_has_its_page_in_the_toc(module: str) -> None:
    page = REPO / REFERENCE_DIR / f"{module}.md"
    text = page.read_text(encoding="utf-8") if page.is_file() else None
    assert text == page_source(module), (
        f"{page.relative_to(REPO)} should hold exactly:\n{page_source(module)}"
    )
    entry = (REFERENCE_DIR / module).as_posix()
    assert entry in toc_pages(), f"add `- file: {entry}` to the Reference part of _toc.yml"


def test_the_reference_has_no_stray_pages() -> None:
    pages = {path.stem for path in (REPO / REFERENCE_DIR).glob("*.md")}
    assert pages == {"index", *MODULES}
    listed = [page for page in toc_pages() if page.startswith(f"{REFERENCE_DIR.as_posix()}/")]
    assert listed[0] == (REFERENCE_DIR / "index").as_posix()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.name)
def test_every_module_a_notebook_imports_has_a_page(notebook: Path) -> None:
    imported = notebook_modules(notebook) - {"grading"}
    assert imported <= set(MODULES), f"{notebook.name} imports {imported - set(MODULES)}"


def test_imports_are_read_as_a_planner_writes_them() -> None:
    code = (
        "%matplotlib inline\n"
        "import planlab.demand as d\n"
        "from planlab import forecasting as fc, beds_table\n"
        "from planlab.workforce import supply_by_group\n"
        "from planlab.grading.selfcheck import check\n"
        "import pandas as pd\n"
    )
    # beds_table is re-exported by the package; it is defined in planlab.capacity.
    assert importlib.import_module("planlab").beds_table.__module__ == "planlab.capacity"
    found = planlab_imports(code)
    assert found == {"demand", "forecasting", "capacity", "workforce", "grading"}


def test_a_constant_s_comment_is_prose_not_a_type() -> None:
    lines = ["Months in a year: the seasonal period of monthly data.", ""]
    constant_docstring(None, "attribute", "planlab.x.SEASON", 12, None, lines)
    # Napoleon would read "Months in a year" as a type; the empty comment first stops it.
    assert lines[:3] == ["..", "", "Months in a year: the seasonal period of monthly data."]


def test_a_re_exported_constant_keeps_the_comment_where_it_is_defined() -> None:
    workforce = importlib.import_module("planlab.workforce")
    comment = comment_where_defined("planlab.workforce.SUPPLY_COLUMNS", workforce.SUPPLY_COLUMNS)
    assert comment, "no #: comment found for SUPPLY_COLUMNS"
    # The package's own files: the comment is the one written above the definition.
    package = Path(workforce.__file__).parent
    sources = [path.read_text(encoding="utf-8") for path in package.glob("*.py")]
    assert any(f"#: {comment[0]}\nSUPPLY_COLUMNS" in source for source in sources)


@pytest.mark.parametrize("module", IDEAS, ids=lambda m: m.chapter)
def test_each_chapter_names_the_modules_it_uses(module) -> None:
    used = chapter_modules(REPO, module.chapter, module.exercises)
    assert "datasets" in used, f"{module.chapter}'s notebook loads no data?"
    assert set(used) <= set(MODULES)


@pytest.mark.book
@pytest.mark.parametrize("module", BUILT, ids=lambda m: m.chapter)
def test_each_python_for_planners_box_links_the_reference(site_dir: Path, module) -> None:
    page = f"book/{module.chapter}"
    line = soup(site_dir, page).select_one("p.toolkit-reference-links")
    assert line is not None, f"{page} has no toolkit reference line"
    hrefs = [link["href"] for link in line.select("a")]
    expected = chapter_modules(REPO, module.chapter, module.exercises)
    assert [href.partition("#")[0] for href in hrefs] == [
        f"reference/{name}.html" for name in expected
    ]
    for href in hrefs:
        assert (site_dir / "book" / href.partition("#")[0]).is_file(), href


@pytest.mark.book
@pytest.mark.parametrize("module", MODULES)
def test_each_page_documents_every_name_in_all(site_dir: Path, module: str) -> None:
    html = soup(site_dir, (REFERENCE_DIR / module).as_posix())
    assert html.find(id=f"module-planlab.{module}") is not None
    exported = getattr(importlib.import_module(f"planlab.{module}"), "__all__", [])
    missing = [name for name in exported if html.find(id=f"planlab.{module}.{name}") is None]
    assert missing == [], f"planlab.{module}: not documented: {missing}"
    heading = html.select_one("main h1").get_text(" ", strip=True)
    assert heading.startswith(f"planlab.{module}")


@pytest.mark.book
def test_the_index_links_every_page(site_dir: Path) -> None:
    html = soup(site_dir, (REFERENCE_DIR / "index").as_posix())
    links = [link["href"].partition("#")[0] for link in html.select("ul.toolkit-reference a")]
    assert links == [f"{name}.html" for name in MODULES]
