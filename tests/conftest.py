"""Fixtures shared by the test suite: the built book, a local web server and a browser.

The book is built once per test session, even when pytest-xdist runs several workers,
and in the background from the start (see ``tests/book_build.py``).
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import nbformat
import pytest
import yaml

from tests.book_build import BookBuild, SharedBuild
from tests.scheduling import make_scheduler
from tests.solution_cache import install as install_solution_cache

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
# Flags known to work for Debian's Chromium on these machines (see the engineering notes).
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def toc_pages() -> list[str]:
    """Return every page named in ``_toc.yml``, root first, as paths without suffix."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                pages.append(entry["file"])
            walk(entry.get("sections", []))

    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    walk(toc.get("chapters", []))
    return pages


def _shared_tmp(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    root = tmp_path_factory.getbasetemp()
    return root if worker_id == "master" else root.parent


def _shared_folder(config: pytest.Config) -> Path:
    """The temporary folder every xdist worker of this session shares (works without xdist)."""
    worker = getattr(config, "workerinput", {}).get("workerid", "master")
    return _shared_tmp(config._tmp_path_factory, worker)


def _shared_build(config: pytest.Config) -> SharedBuild:
    """The session's one build of the book, in the folder every xdist worker shares."""
    if not hasattr(config, "_planlab_book"):
        config._planlab_book = SharedBuild(_shared_folder(config))
    return config._planlab_book


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """Share the tests out as ``tests/scheduling.py`` explains."""
    return make_scheduler(config, log)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Start the book's build as soon as a selected test is known to need it.

    The tests that need the built book are moved to the end (keeping their order), so the
    workers run everything else while the book builds, rather than wait for it.
    """
    if config.option.collectonly:
        return
    needs_book = [item for item in items if "book_build" in getattr(item, "fixturenames", ())]
    if needs_book:
        _shared_build(config).start()
        waiting = set(needs_book)
        items[:] = [item for item in items if item not in waiting] + needs_book


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Leave no build running: wait for it, or stop it if the session was interrupted."""
    if hasattr(session.config, "_planlab_book"):
        session.config._planlab_book.finish(exitstatus == pytest.ExitCode.INTERRUPTED)


@pytest.fixture(scope="session")
def book_build(request: pytest.FixtureRequest) -> BookBuild:
    """``make book`` in a fresh copy of the course, warnings as errors, once per session."""
    shared = _shared_build(request.config)
    shared.start()
    return shared.wait()


@pytest.fixture(scope="session", autouse=True)
def solution_runs_once(request: pytest.FixtureRequest) -> Iterator[None]:
    """Run each exercise's solution once per session for every test that grades it."""
    folder = _shared_folder(request.config) / "solution-runs"
    folder.mkdir(exist_ok=True)
    undo = install_solution_cache(folder)
    yield
    undo()


@pytest.fixture(scope="session")
def site_dir(book_build: BookBuild) -> Path:
    """The folder of the built HTML site; fails the test if the build failed."""
    return book_build.require_success()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output free of one line per request."""


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 and yield its base address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=site_dir))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


#: Set this environment variable to 1 to skip the browser tests when Chromium is missing.
SKIP_BROWSER = "SKIP_BROWSER"


def missing_browser(environ: Mapping[str, str], chromium: Path) -> tuple[str, str]:
    """Decide what the browser tests do when Chromium is, or is not, installed.

    Parameters
    ----------
    environ
        The environment, where ``SKIP_BROWSER=1`` opts out (as in the Makefile, only ``1``).
    chromium
        Where Chromium should be.

    Returns
    -------
    tuple of str
        ``("run", "")`` when Chromium is there; otherwise ``("skip", why)`` if the user
        opted out, or ``("fail", why)`` if not: a missing browser must never turn the
        browser tests into a green skip unasked.
    """
    if chromium.exists():
        return "run", ""
    if environ.get(SKIP_BROWSER) == "1":
        return "skip", (
            f"{chromium} is not installed and {SKIP_BROWSER}=1 is set, so the browser tests "
            f"are skipped. Install it (`sudo apt-get install chromium`) and unset {SKIP_BROWSER} "
            "to run them."
        )
    return "fail", (
        f"{chromium} is not installed, so the browser tests cannot run. Install it with "
        "`sudo apt-get install chromium` (or run `make test` as root), or skip these tests "
        f"knowingly with {SKIP_BROWSER}=1 (`make test {SKIP_BROWSER}=1`)."
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, driven by Playwright; fails when it is missing, unless SKIP_BROWSER=1."""
    action, why = missing_browser(os.environ, CHROMIUM)
    if action == "skip":
        pytest.skip(why)
    if action == "fail":
        pytest.fail(why)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@dataclass
class PageVisit:
    """One page opened in the browser, with every problem seen while it loaded."""

    page: object
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    offsite_requests: list[str] = field(default_factory=list)


WIDGET_STATE = 'script[type="application/vnd.jupyter.widget-state+json"]'


def open_page(browser: object, url: str, color_scheme: str = "light") -> PageVisit:
    """Open ``url`` in a fresh browser context and wait until it has settled.

    Every request to a host other than 127.0.0.1 is refused and recorded, so a
    page that would need the network fails its test rather than hanging.
    """
    context = browser.new_context(color_scheme=color_scheme)
    page = context.new_page()
    visit = PageVisit(page)

    def guard(route: object) -> None:
        address = route.request.url
        if address.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            visit.offsite_requests.append(address)
            route.abort()

    page.route("**/*", guard)
    page.on("console", lambda m: m.type == "error" and visit.console_errors.append(m.text))
    page.on("pageerror", lambda error: visit.console_errors.append(str(error)))
    page.on(
        "requestfailed",
        lambda r: visit.failed_requests.append(f"{r.url} ({r.failure})"),
    )
    page.on(
        "response",
        lambda r: r.status >= 400 and visit.failed_requests.append(f"{r.url} (HTTP {r.status})"),
    )
    page.goto(url, wait_until="load")
    if page.locator(WIDGET_STATE).count():
        page.wait_for_selector(".jupyter-widgets", timeout=15_000)
    if page.locator("mjx-container, .math").count():
        page.wait_for_function("() => !window.MathJax || window.MathJax.startup?.promise")
        page.evaluate("() => window.MathJax?.startup?.promise")
    page.wait_for_load_state("networkidle")
    return visit


def tab_to(page: object, target: object, start: object | None = None, limit: int = 400) -> int:
    """Press Tab until ``target`` has the focus, as a keyboard user reaches it; return the presses.

    ``start`` is where the user begins: a locator (say, the heading of the control's section)
    that is clicked first, so that Tab moves on from there. Without it the focus is dropped and
    Tab starts from the top of the page. The test fails, naming what has the focus, if ``limit``
    presses never reach the control (not focusable, hidden from the tab order, or too far on).
    Move the control afterwards with ``page.keyboard.press``: ``Locator.press`` focuses the
    element itself, which would hide a control that Tab cannot reach.
    """
    if start is None:
        page.evaluate("() => document.activeElement?.blur()")
    else:
        start.click()
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return presses
    focused = page.evaluate("() => document.activeElement?.outerHTML.slice(0, 200)")
    pytest.fail(f"{limit} presses of Tab never reached the control; the focus is on {focused}")


@pytest.fixture
def visit(browser: object) -> Iterator[object]:
    """Open pages in the browser; each page's context is closed after the test."""
    visits: list[PageVisit] = []

    def _open(url: str, color_scheme: str = "light") -> PageVisit:
        opened = open_page(browser, url, color_scheme)
        visits.append(opened)
        return opened

    yield _open
    for opened in visits:
        opened.page.context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The source of axe-core, installed from npm by the Makefile."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci` (make test does it for you).")
    return AXE_JS.read_text(encoding="utf-8")


def which(tool: str) -> str:
    """Return the path of a command installed beside the running Python."""
    beside = Path(sys.executable).with_name(tool)
    return str(beside) if beside.exists() else (shutil.which(tool) or tool)


@pytest.fixture
def jslinks(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Record every ``ipywidgets.jslink`` made during a test (links act only in a browser)."""
    import ipywidgets

    made: list[object] = []
    original = ipywidgets.jslink

    def recording(source: object, target: object) -> object:
        link = original(source, target)
        made.append(link)
        return link

    monkeypatch.setattr(ipywidgets, "jslink", recording)
    return made


def run_notebook_here(path: Path) -> dict[str, object]:
    """Run a notebook's code cells in this process and return the names they made.

    Charts are not shown (``plt.show`` does nothing) and are closed afterwards. Every
    ``ipywidgets.jslink`` the cells make is recorded under the name ``"__links__"``, since
    such links act only in a browser. Tests use this to read a worked notebook's own numbers
    and check them against the toolkit, without a kernel.
    """
    import ipywidgets
    import matplotlib.pyplot as plt

    notebook = nbformat.read(path, as_version=4)
    names: dict[str, object] = {}
    links: list[object] = []
    original = ipywidgets.jslink

    def recording(source: object, target: object) -> object:
        link = original(source, target)
        links.append(link)
        return link

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(plt, "show", lambda *args, **kwargs: None)
        patch.setattr(ipywidgets, "jslink", recording)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                exec(compile(cell.source, str(path), "exec"), names)
    plt.close("all")
    names["__links__"] = links
    return names


def base_year_rates(column: str = "BedDays", base_year: int = 2024) -> object:
    """Module 4's age-specific rates of emergency ``column`` per 1,000, in one financial year.

    Built here from the course data with the toolkit's rate functions (not from
    ``planlab.assumptions``), so tests can check the notebooks against an independent
    recomputation. ``base_year`` is the year the financial year starts: 2024 is 2024/25.
    """
    from planlab import datasets
    from planlab.demand import regroup_ages
    from planlab.projection import age_specific_rates

    admissions = datasets.load("emergency_admissions")
    month = admissions["Month"]
    base = (
        admissions[month.dt.year - (month.dt.month < 4) == base_year]
        .groupby("AgeGroup", observed=True)[column]
        .sum()
        .reset_index()
    )
    base["AgeGroup"] = base["AgeGroup"].astype(str)
    population = datasets.load("population")
    people = regroup_ages(population[population["Year"] == base_year], base["AgeGroup"], by=[])
    return age_specific_rates(base, people, activity_column=column)


def described_charts(
    path: Path, count: int, marks: tuple[str, ...] = ("plt.subplots",)
) -> list[str]:
    """Return the source of each chart cell of a notebook, after checking its alt text.

    A chart cell is a code cell containing one of ``marks``. The notebook must have exactly
    ``count`` of them, and each must carry alt text (``mystnb.image.alt``) of more than 80
    characters with no placeholder left in it (``TODO``, ``ALT_``). The caller then checks
    the titles and axis labels its module asks for, in the sources returned.
    """
    notebook = nbformat.read(path, as_version=4)
    charts = [
        cell
        for cell in notebook.cells
        if cell.cell_type == "code" and any(mark in cell.source for mark in marks)
    ]
    assert len(charts) == count, f"{path.name}: {len(charts)} chart cells, expected {count}"
    for cell in charts:
        alt = cell.metadata["mystnb"]["image"]["alt"]
        assert len(alt) > 80, cell.source[:80]
        assert "TODO" not in alt, alt
        assert "ALT_" not in alt, alt
    return [cell.source for cell in charts]
