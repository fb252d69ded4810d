"""The what-if explorers in the built book: moved by keyboard, worked out in the browser.

Each control is reached with the Tab key and moved with the arrow keys. After each move the
sentence the page announces must be the one Python writes for the same inputs
(:func:`planlab.explorers.scenario_statement`, :func:`~planlab.explorers.risk_statement`),
whose numbers ``tests/test_explorers.py`` checks against the toolkit
(:func:`planlab.scenarios.beds_by_year`, :func:`planlab.risk.compare_rankings`); the chart's
own numbers are read from the Vega view and compared with ``beds_by_year`` too. The page must
load nothing from another host, and Vega only on the page that uses it. Each page's cold
download size is printed (run with ``-s``) and recorded.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from planlab import datasets, explorers
from planlab.scenarios import beds_by_year
from tests.conftest import WIDGET_STATE

pytestmark = [pytest.mark.book, pytest.mark.browser]

PAGE = "book/scenario-explorers"
SCENARIO, RISK = "#planlab-scenario-0", "#planlab-risk-1"
#: The explorers page may weigh no more than this, uncompressed, on a first visit (3.3 MiB
#: when written, against 3.7 MiB for a chapter with maths); the explorers' own files, Vega
#: and the course's script and styles, no more than EXPLORER_BUDGET_MIB of it.
BUDGET_MIB = 4.0
EXPLORER_BUDGET_MIB = 0.9
EXPLORER_FILES = ("/_static/vendor/vega/", "/_static/planlab/explorers.")
#: Pages weighed: the explorers, a chapter without them, and a notebook page with a widget.
WEIGHED = (PAGE, "book/aligning-resources", "notebooks/aligning-resources", "book/intro")
MIB = 1024 * 1024


def _open(visit, site_url: str):
    opened = visit(f"{site_url}/{PAGE}.html")
    page = opened.page
    for root in (SCENARIO, RISK):
        expect(page.locator(root)).to_have_attribute("data-ready", "true", timeout=15_000)
    return opened


def _tab_to(page, element_id: str, start: str) -> None:
    """Press Tab from the heading ``start`` until the control has the focus."""
    page.get_by_role("heading", name=start).click()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.id") == element_id:
            return
    pytest.fail(f"Tab never reached #{element_id}")


def _result(page, root: str) -> str:
    return page.locator(f"{root} .planlab-explorer-result").inner_text().strip()


def _chart_beds(page) -> list[int]:
    """The beds the chart draws, read through Vega's public API.

    vega-embed's result carries the compiled Vega spec (``vgSpec``), which names every
    data set; ``view.data(name)`` returns a data set's rows after its transforms.
    """
    return page.evaluate(
        """(selector) => {
          const root = document.querySelector(selector);
          for (const name of root.planlabVegaSpec.data.map((d) => d.name)) {
            const rows = root.planlabView.data(name);
            const drawn = Array.isArray(rows) && rows.length > 0;
            if (drawn && 'beds' in rows[0] && 'demographic' in rows[0]) {
              return rows.slice().sort((a, b) => a.year - b.year).map((d) => d.beds);
            }
          }
          return null;
        }""",
        SCENARIO,
    )


def test_scenario_explorer_moves_by_keyboard_and_agrees_with_python(visit, site_url) -> None:
    opened = _open(visit, site_url)
    page = opened.page
    percent = {c.name: float(c.value) for c in explorers.scenario_controls()}
    assert _result(page, SCENARIO) == explorers.scenario_statement(
        **{k: v / 100 for k, v in percent.items()}
    )
    moves = [
        ("growth", "ArrowRight", 3),
        ("stay_change", "ArrowLeft", 5),
        ("occupancy", "ArrowRight", 2),
        ("effect", "ArrowRight", 5),
        ("growth", "PageUp", 1),
    ]
    steps = {c.name: c.step for c in explorers.scenario_controls()}
    for name, key, times in moves:
        control_id = f"{SCENARIO[1:]}-{name}"
        _tab_to(page, control_id, "The bed scenario explorer")
        for _ in range(times):
            page.keyboard.press(key)
        slider = page.locator(f"#{control_id}")
        percent[name] = float(slider.input_value())
        if key != "PageUp":
            start = {c.name: float(c.value) for c in explorers.scenario_controls()}[name]
            sign = 1 if key == "ArrowRight" else -1
            if name != "growth":
                assert percent[name] == pytest.approx(start + sign * times * steps[name])
        fractions = {k: round(v / 100, 6) for k, v in percent.items()}
        expected = explorers.scenario_statement(**fractions)
        expect(page.locator(f"{SCENARIO} .planlab-explorer-result")).to_have_text(expected)
        label = page.get_by_role("slider", name=next(
            c.label for c in explorers.scenario_controls() if c.name == name
        ))  # fmt: skip
        expect(label).to_be_focused()
        page.wait_for_function(
            "([s, n, v]) => Math.abs(document.querySelector(s).planlabView.signal(n) - v) < 1e-12",
            arg=[SCENARIO, name, percent[name] / 100],
        )
        beds = beds_by_year(explorers.scenario_bed_days(), **fractions)
        assert _chart_beds(page) == beds.tolist()
    assert percent["growth"] > -0.11  # Page Up moved the slider on from -0.11% a year
    assert opened.offsite_requests == []
    assert opened.console_errors == []


def test_risk_explorer_moves_by_keyboard_and_agrees_with_python(visit, site_url) -> None:
    opened = _open(visit, site_url)
    page = opened.page
    register = datasets.load("risk_register")
    first = register.iloc[0]
    assert _result(page, RISK) == explorers.risk_statement(
        first["RiskId"],
        float(first["AnnualProbability"]),
        float(first["ImpactLowGBP"]),
        float(first["ImpactHighGBP"]),
    )
    prefix = RISK[1:]
    _tab_to(page, f"{prefix}-risk", "The risk explorer")
    for _ in range(7):
        page.keyboard.press("ArrowDown")
    chosen = page.locator(f"#{prefix}-risk").input_value()
    assert chosen == register["RiskId"].iloc[7]
    row = register.set_index("RiskId").loc[chosen]
    values = {
        "probability": round(float(row["AnnualProbability"]) * 100),
        "low": float(row["ImpactLowGBP"]) / 1000,
        "high": float(row["ImpactHighGBP"]) / 1000,
    }

    def expected() -> str:
        return explorers.risk_statement(
            chosen, values["probability"] / 100, values["low"] * 1000, values["high"] * 1000
        )

    result = page.locator(f"{RISK} .planlab-explorer-result")
    expect(result).to_have_text(expected())
    moves = [("probability", "ArrowRight", 25), ("low", "ArrowUp", 3), ("high", "ArrowDown", 40)]
    for name, key, times in moves:
        _tab_to(page, f"{prefix}-{name}", "The risk explorer")
        for _ in range(times):
            page.keyboard.press(key)
        values[name] = float(page.locator(f"#{prefix}-{name}").input_value())
        expect(result).to_have_text(expected())
    assert values["probability"] == round(float(row["AnnualProbability"]) * 100) + 25
    assert values["low"] == float(row["ImpactLowGBP"]) / 1000 + 30
    assert "ranks it" in expected()
    # An impossible range is explained rather than computed.
    _tab_to(page, f"{prefix}-low", "The risk explorer")
    page.keyboard.press("Control+A")
    page.keyboard.type("999999")
    expect(result).to_contain_text("The low end of the impact must be above £0")
    assert opened.offsite_requests == []
    assert opened.console_errors == []


def test_vega_loads_only_on_the_explorers_page(visit, site_url, site_dir) -> None:
    for page in ("book/aligning-resources", "notebooks/aligning-resources"):
        opened = visit(f"{site_url}/{page}.html")
        assert opened.page.evaluate("() => typeof window.vega") == "undefined", page
    with_vega = sorted(
        str(path.relative_to(site_dir))
        for path in site_dir.rglob("*.html")
        if "vendor/vega/" in path.read_text(encoding="utf-8")
    )
    assert with_vega == [f"{PAGE}.html"]


def _weigh(browser, url: str) -> tuple[int, int, int, list[str]]:
    """Open ``url`` in a fresh context and add up the bytes of every response body.

    Returns the total, the number of responses, the bytes of the explorers' own files and
    any request refused for going off-site.
    """
    context = browser.new_context()
    page = context.new_page()
    responses: list = []
    offsite: list[str] = []

    def guard(route) -> None:
        if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            offsite.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="load")
    if page.locator(WIDGET_STATE).count():
        page.wait_for_selector(".jupyter-widgets", timeout=15_000)
    page.wait_for_load_state("networkidle")
    size = own = 0
    for response in responses:
        try:
            body = len(response.body())
        except Exception:  # a redirect has no body
            continue
        size += body
        if any(part in response.url for part in EXPLORER_FILES):
            own += body
    context.close()
    return size, len(responses), own, offsite


def test_page_weights(browser, site_url, record_property) -> None:
    rows = []
    for page in WEIGHED:
        size, count, own, offsite = _weigh(browser, f"{site_url}/{page}.html")
        assert offsite == [], f"{page} asked another host for {offsite}"
        rows.append((page, size, count, own))
        record_property(f"weight {page}", size)
    print("\nCold download size of each page (uncompressed, every response body):")
    print(f"{'page':<34} {'MiB':>6} {'files':>6} {'explorers MiB':>14}")
    for page, size, count, own in rows:
        print(f"{page:<34} {size / MIB:6.2f} {count:6d} {own / MIB:14.2f}")
    weights = {page: (size, own) for page, size, _, own in rows}
    size, own = weights[PAGE]
    assert size < BUDGET_MIB * MIB, f"{PAGE} weighs {size / MIB:.2f} MiB"
    assert 0 < own < EXPLORER_BUDGET_MIB * MIB, f"the explorers' files weigh {own / MIB:.2f} MiB"
    assert all(own == 0 for page, (_, own) in weights.items() if page != PAGE)
