"""The site offers each module's exercise as a page, and the data and toolkit as downloads."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from planlab.book_downloads import human_size
from planlab.book_exercises import exercise_of, shorten_keys
from tests.conftest import REPO, toc_pages

EXERCISE_PAGES = [page for page in toc_pages() if page.startswith("exercises/")]
CHAPTERS_WITH_EXERCISES = [
    page
    for page in toc_pages()
    if page.startswith("book/") and (REPO / f"{exercise_of(page)}.ipynb").is_file()
]


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def test_every_module_exercise_is_in_the_toc_beside_its_chapter() -> None:
    pages = toc_pages()
    for chapter in CHAPTERS_WITH_EXERCISES:
        name = chapter.removeprefix("book/")
        assert exercise_of(chapter) in pages, f"{exercise_of(chapter)} is not in _toc.yml"
        assert pages.index(exercise_of(chapter)) == pages.index(f"notebooks/{name}") + 1


def test_the_page_copy_of_an_exercise_shortens_only_long_keys() -> None:
    notebook = '{"cells": [{"cell_type": "code", "source": "x = \\"%s\\"\\ny = \\"short\\""}]}'
    shown = shorten_keys(notebook % ("A" * 500))
    assert "A" * 61 not in shown
    assert "shortened on this page" in shown
    assert '\\"short\\"' in shown


def test_human_sizes() -> None:
    assert human_size(536_000) == "536 kB"
    assert human_size(2_400_000) == "2.4 MB"


@pytest.mark.book
def test_the_data_zip_holds_every_table_and_its_description(site_dir: Path) -> None:
    with zipfile.ZipFile(site_dir / "downloads" / "planlab-data.zip") as archive:
        names = {Path(name).name for name in archive.namelist()}
    expected = {path.name for path in (REPO / "datasets").iterdir() if path.is_file()}
    assert expected <= names, f"missing from the zip: {sorted(expected - names)}"


@pytest.mark.book
def test_the_wheel_carries_the_toolkit_and_the_data(site_dir: Path) -> None:
    wheels = list((site_dir / "downloads").glob("planlab-*-py3-none-any.whl"))
    assert len(wheels) == 1, wheels
    with zipfile.ZipFile(wheels[0]) as archive:
        names = set(archive.namelist())
    for member in (
        "planlab/datasets.py",
        "planlab/grading/selfcheck.py",
        "planlab/_datasets/datapackage.json",
        "planlab/_datasets/population.csv",
    ):
        assert member in names, f"{member} is not in the wheel"


@pytest.mark.book
@pytest.mark.parametrize("page", EXERCISE_PAGES)
def test_exercise_page_is_shown_unrun_with_its_downloads(site_dir: Path, page: str) -> None:
    html = soup(site_dir, page)
    assert not html.select(".cell_output"), f"{page} was run: it shows outputs"
    box = html.select_one(".planlab-get-exercise")
    assert box is not None, f"{page} has no box saying how to get the exercise"
    targets = {link["href"] for link in box.select("a[href]")}
    here = (site_dir / page).parent
    for target in targets:
        assert (here / target).resolve().is_file(), f"{page} links to missing {target}"
    notebook = here / f"../_sources/{page}.ipynb"
    assert notebook.resolve().read_bytes() == (REPO / f"{page}.ipynb").read_bytes()
    assert any("downloads/planlab-" in target and target.endswith(".whl") for target in targets)


@pytest.mark.book
@pytest.mark.parametrize("chapter", CHAPTERS_WITH_EXERCISES)
def test_chapter_links_its_exercise_page(site_dir: Path, chapter: str) -> None:
    exercise = exercise_of(chapter).removeprefix("exercises/")
    links = [a["href"] for a in soup(site_dir, chapter).select("a[href]")]
    assert any(link.startswith(f"../exercises/{exercise}.html") for link in links), chapter


@pytest.mark.book
def test_how_to_use_links_the_downloads(site_dir: Path) -> None:
    links = [a["href"] for a in soup(site_dir, "book/how-to-use").select("a.course-download")]
    assert len(links) >= 2, links
    for link in links:
        assert (site_dir / "book" / link).resolve().is_file(), link
