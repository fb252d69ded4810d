"""The what-if explorers' Python side (planlab.explorers, planlab.book_explorers), no browser.

The scenario explorer's numbers are checked against module 4's recipe for emergency bed
days (``tests/test_aligning_resources.py``) and the toolkit's bed model
(:func:`planlab.scenarios.beds_by_year`); the risk explorer's against the register's own
5x5 scores and :func:`planlab.risk.compare_rankings`. Each chart's specification is checked
against the JSON schema of the pinned Vega-Lite. ``tests/test_browser_explorers.py`` checks
that the browser computes the same sentences.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest
from docutils import nodes

from planlab import assumptions as shared
from planlab import book_explorers, datasets, explorers, risk
from planlab.capacity import beds_needed
from planlab.data.parameters import RISK_IMPACT_CUTS_GBP, RISK_LIKELIHOOD_CUTS
from planlab.demand import nhp_growth_rate
from planlab.errors import InputValueError
from planlab.scenarios import beds_by_year
from tests.conftest import REPO
from tests.test_aligning_resources import _bed_days

PAGE = REPO / "book" / "scenario-explorers.md"
NODE_MODULES = REPO / "node_modules"


def _fractions() -> dict[str, float]:
    return {c.name: float(c.value) / 100 for c in explorers.scenario_controls()}


# ---------------------------------------------------------------------------
# The scenario explorer
# ---------------------------------------------------------------------------


def test_demographic_bed_days_are_module_4s_projection_without_other_growth() -> None:
    """Module 4's central case is the demographic projection grown by NHP option 2.

    ``_bed_days`` (tests/test_aligning_resources.py) applies -0.14% a year on top; taking
    it off again must give the explorer's series, year by year.
    """
    demographic = explorers.scenario_bed_days()
    assert list(demographic.index) == list(range(2024, 2041))
    central = _bed_days().loc[2024:2040]
    rate = nhp_growth_rate("option 2")
    undone = central / (1 + rate) ** (central.index - 2024)
    pd.testing.assert_series_equal(demographic, undone, check_names=False, rtol=1e-12)


def test_todays_beds_are_module_8s_302() -> None:
    """93,627 bed days / (365 x 0.85) = 301.8, so 302 beds (book/aligning-resources.md)."""
    assert round(explorers.scenario_bed_days()[2024]) == 93_627
    assert shared.todays_beds() == math.ceil(93_627 / (365 * 0.85)) == 302
    assert "302 beds in 2024/25" in (REPO / "book" / "aligning-resources.md").read_text()


def test_the_controls_start_at_nhp_option_2_and_85_percent() -> None:
    starts = _fractions()
    assert starts == pytest.approx(
        {"growth": -0.0014, "stay_change": 0.0, "occupancy": 0.85, "effect": 0.0}
    )
    for control in explorers.scenario_controls():
        assert control.minimum <= float(control.value) <= control.maximum
        steps = (float(control.value) - control.minimum) / control.step
        assert steps == pytest.approx(round(steps)), f"{control.name} starts off its steps"


def _beds(**assumptions: float) -> pd.Series:
    return beds_by_year(explorers.scenario_bed_days(), **assumptions)


@pytest.mark.parametrize(
    "assumptions",
    [
        {"growth": -0.0014, "stay_change": 0.0, "occupancy": 0.85, "effect": 0.0},
        {"growth": 0.01, "stay_change": -0.05, "occupancy": 0.85, "effect": 0.05},
        {"growth": -0.01, "stay_change": -0.05, "occupancy": 0.85, "effect": 0.0},
        {"growth": -0.01, "stay_change": -0.3, "occupancy": 0.95, "effect": 0.3},
    ],
)
def test_the_scenario_sentence_states_the_toolkits_beds(assumptions: dict[str, float]) -> None:
    """Each number in the sentence is read back and compared with beds_by_year."""
    text = explorers.scenario_statement(**assumptions)
    beds = _beds(**assumptions)
    needed = int(re.search(r"needs (\d+) beds in 2040/41", text).group(1))
    assert needed == beds[2040]
    assert f"today's {shared.todays_beds()}." in text
    over_today = beds[beds > 302]
    over_ward = beds[beds > 302 + 24]
    if over_today.empty:
        assert "no new ward is needed" in text
    else:
        year = over_today.index[0]
        assert f"needed from {year}/{(year + 1) % 100:02d}" in text
    if over_ward.empty:
        assert "more than one" not in text
    else:
        year = over_ward.index[0]
        assert f"more than one from {year}/{(year + 1) % 100:02d} (over 326 beds)" in text


def test_each_branch_of_the_scenario_sentence_is_reached() -> None:
    """The cases above cover all three endings (a check on the test's own inputs)."""
    endings = {
        "no new ward": explorers.scenario_statement(-0.01, -0.3, 0.95, 0.3),
        "is enough to": explorers.scenario_statement(-0.01, -0.05, 0.85, 0.0),
        "more than one from": explorers.scenario_statement(0.01, -0.05, 0.85, 0.05),
    }
    for ending, text in endings.items():
        assert ending in text


def test_the_charts_formula_is_the_toolkits() -> None:
    """The Vega expression, evaluated in Python, gives beds_by_year for a mixed scenario."""
    spec = explorers.scenario_spec()
    line = spec["layer"][0]
    formula = line["transform"][0]["calculate"]
    values = {"growth": 0.012, "stay_change": -0.07, "occupancy": 0.9, "effect": 0.04}
    python = (
        formula.replace("ceil(", "math.ceil(")
        .replace("round(", "_round(")
        .replace("pow(", "math.pow(")
    )
    beds = []
    for row in line["data"]["values"]:
        scope = {"math": math, "_round": lambda x: math.floor(x + 0.5), **values}
        scope["datum"] = type("Datum", (), row)
        beds.append(eval(python, scope))
    assert beds == _beds(**values).tolist()
    assert [p["name"] for p in spec["params"]] == list(values)
    assert {p["name"]: p["value"] for p in spec["params"]} == pytest.approx(_fractions())


# ---------------------------------------------------------------------------
# The risk explorer
# ---------------------------------------------------------------------------


def test_the_registers_own_scores_follow_the_partnerships_scale() -> None:
    """The data's Score column is the scale's likelihood x impact, so the explorer can rescore."""
    register = datasets.load("risk_register")
    table = explorers.risk_register()
    assert table["MatrixScore"].tolist() == register["Score"].tolist()
    assert table["LikelihoodScore"].tolist() == register["Likelihood"].tolist()
    assert table["ImpactScore"].tolist() == register["Impact"].tolist()


def test_expected_loss_is_hubbard_and_seiersens_formula() -> None:
    """p x exp((ln lo + ln hi)/2 + ((ln hi - ln lo)/3.28971)^2/2), their spreadsheet's formula."""
    table = explorers.risk_register()
    for row in table.itertuples():
        lo, hi = math.log(row.ImpactLowGBP), math.log(row.ImpactHighGBP)
        spreadsheet = row.AnnualProbability * math.exp(
            (lo + hi) / 2 + ((hi - lo) / 3.28971) ** 2 / 2
        )
        assert row.ExpectedLoss == pytest.approx(spreadsheet, rel=1e-5)


def _ranks(risk_id: str, probability: float, low: float, high: float) -> tuple[int, int]:
    """Ranks by expected loss and by matrix score, from risk.compare_rankings."""
    register = datasets.load("risk_register")
    moved = register.astype({"ImpactLowGBP": float, "ImpactHighGBP": float})
    where = moved["RiskId"] == risk_id
    moved.loc[where, ["AnnualProbability", "ImpactLowGBP", "ImpactHighGBP"]] = [
        probability,
        low,
        high,
    ]
    losses = [
        risk.expected_loss(r.AnnualProbability, r.ImpactLowGBP, r.ImpactHighGBP)
        for r in moved.itertuples()
    ]
    summary = pd.DataFrame({"RiskId": moved["RiskId"], "ExpectedLoss": losses})
    scores = risk.matrix_scores(moved, RISK_LIKELIHOOD_CUTS, RISK_IMPACT_CUTS_GBP)
    table = risk.compare_rankings(summary, scores).table.set_index("RiskId")
    return int(table.loc[risk_id, "RankByLoss"]), int(table.loc[risk_id, "RankByMatrix"])


def _as_registered(risk_id: str) -> tuple[str, float, float, float]:
    row = datasets.load("risk_register").set_index("RiskId").loc[risk_id]
    return risk_id, row["AnnualProbability"], row["ImpactLowGBP"], row["ImpactHighGBP"]


@pytest.mark.parametrize(
    ("risk_id", "probability", "low", "high"),
    [
        ("R01", 0.86, 560_000, 2_230_000),
        ("R07", 0.08, 3_990_000, 29_920_000),
        ("R07", 0.40, 3_990_000, 29_920_000),
        ("R08", 0.17, 2_050_000, 25_230_000),
    ],
)
def test_the_risk_sentence_agrees_with_compare_rankings(
    risk_id: str, probability: float, low: float, high: float
) -> None:
    text = explorers.risk_statement(risk_id, probability, low, high)
    by_loss, by_matrix = _ranks(risk_id, probability, low, high)
    found = re.search(r"ranks it (?:joint )?(\d+)\w\w of 14 by expected loss, and "
                      r"(?:joint )?(\d+)\w\w of 14 by its 5x5 score", text)  # fmt: skip
    assert (int(found.group(1)), int(found.group(2))) == (by_loss, by_matrix)
    loss = risk.expected_loss(probability, low, high)
    assert f"expected loss is £{round(loss / 1000) * 1000:,} a year" in text


def test_the_risk_sentence_explains_an_impossible_range() -> None:
    text = explorers.risk_statement("R01", 0.5, 3_000_000, 2_000_000)
    assert text.startswith("The low end of the impact must be above £0")
    with pytest.raises(InputValueError, match="R99"):
        explorers.risk_statement("R99", 0.5, 1, 2)


def test_the_risk_charts_scores_use_the_scale() -> None:
    spec = explorers.risk_spec()
    calculations = {step.get("as"): step.get("calculate", "") for step in spec["transform"]}
    for cut in (*RISK_LIKELIHOOD_CUTS, *RISK_IMPACT_CUTS_GBP):
        assert str(cut) in calculations["score"]
    assert repr(explorers.risk.z90())[:6] == "1.6448"
    assert len(spec["data"]["values"]) == 14


# ---------------------------------------------------------------------------
# The page: HTML, schema, scripts
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", book_explorers.EXPLORERS)
def test_every_control_has_a_label_and_the_result_is_announced(kind: str) -> None:
    from bs4 import BeautifulSoup

    html = BeautifulSoup(book_explorers.explorer_html(kind, 3), "html.parser")
    fields = html.select("input, select")
    assert len(fields) == 4
    for field in fields:
        label = html.select_one(f'label[for="{field["id"]}"]')
        assert label is not None, field["id"]
        assert label.get_text(strip=True), field["id"]
        assert field["id"].startswith(f"planlab-{kind}-3-")
    result = html.select_one(".planlab-explorer-result")
    assert result["aria-live"] == "polite"
    assert result.get_text(strip=True)
    config = json.loads(html.select_one("script.planlab-explorer-config").string)
    assert config["kind"] == kind


def test_an_unknown_explorer_is_refused() -> None:
    with pytest.raises(InputValueError, match="scenario, risk"):
        book_explorers.explorer_config("weather")


@pytest.fixture(scope="module")
def vega_lite_schema() -> dict:
    path = NODE_MODULES / "vega-lite" / "build" / "vega-lite-schema.json"
    if not path.exists():
        pytest.fail(f"{path} is missing: run `npm ci` (make test does it for you).")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("kind", book_explorers.EXPLORERS)
def test_each_chart_is_valid_vega_lite(kind: str, vega_lite_schema: dict) -> None:
    """The specification validates against the pinned Vega-Lite's own JSON schema."""
    import jsonschema

    spec = book_explorers.explorer_config(kind)["spec"]
    jsonschema.Draft7Validator(vega_lite_schema).validate(spec)


class _App:
    """Records the scripts and styles an extension adds to a page."""

    def __init__(self) -> None:
        self.js: list[str] = []
        self.css: list[str] = []

    def add_js_file(self, filename: str, **_: object) -> None:
        self.js.append(filename)

    def add_css_file(self, filename: str, **_: object) -> None:
        self.css.append(filename)


def test_vega_is_added_only_to_pages_with_an_explorer() -> None:
    with_one = nodes.section("", nodes.raw("", book_explorers.explorer_html("risk"), format="html"))
    without = nodes.section("", nodes.raw("", "<div>a table</div>", format="html"))
    app = _App()
    book_explorers._add_scripts(app, "book/scenario-explorers", "page.html", {}, with_one)
    assert app.js == [*book_explorers.VEGA_SCRIPTS, "planlab/explorers.js"]
    assert app.css == ["planlab/explorers.css"]
    for doctree in (without, None):
        app = _App()
        book_explorers._add_scripts(app, "book/intro", "page.html", {}, doctree)
        assert app.js == app.css == []


def test_the_vendored_libraries_are_the_pinned_ones() -> None:
    """package.json pins each library; the Makefile copies its minified build to vendor/vega."""
    pins = json.loads((REPO / "package.json").read_text())["dependencies"]
    makefile = (REPO / "Makefile").read_text()
    for script in book_explorers.VEGA_SCRIPTS:
        name = Path(script).name.removesuffix(".min.js")
        package = NODE_MODULES / name / "package.json"
        assert json.loads(package.read_text())["version"] == pins[name]
        assert f"node_modules/{name}/build/{name}.min.js" in makefile
    assert (REPO / "book" / "_extra" / "_static" / book_explorers.EXPLORER_SCRIPT).is_file()
    assert (REPO / "book" / "_extra" / "_static" / book_explorers.EXPLORER_CSS).is_file()


def test_the_page_quotes_the_explorers_numbers() -> None:
    """Every figure the page quotes, from the data and the toolkit."""
    text = re.sub(r"\s+", " ", PAGE.read_text(encoding="utf-8"))
    days = explorers.scenario_bed_days()
    assert f"{round(days[2024]):,} bed days in 2024/25 and {round(days[2040]):,} in 2040/41" in text
    assert f"\u2212{abs(nhp_growth_rate('option 2')) * 100:.2f}% a year" in text
    assert beds_needed(float(days[2024]), 0.85) == 302
    assert "**Today's beds** are taken to be 302" in text
    assert f"have {shared.WARD_BEDS} beds" in text
    assert "326 beds" in text
    older = shared.demographic_bed_days(shared.OLDER_AGE_GROUPS) / shared.demographic_bed_days()
    saved = shared.pathway_saving().median()  # module 10's pathway, checked in test_assumptions
    assert (
        f"saves a median {older[2030] * saved:.1%} of all emergency bed days in 2030/31 and "
        f"{older[2040] * saved:.1%} in 2040/41"
    ) in text
    assert _ranks(*_as_registered("R07")) == (5, 14)
    assert "puts it 14th of 14 on the heat map, yet it is 5th of 14 by expected loss" in text
    assert _ranks(*_as_registered("R06")) == (8, 2)
    assert "scores 15 (joint 2nd) and is 8th by expected loss" in text
    assert "{planlab-explorer} scenario" in text
    assert "{planlab-explorer} risk" in text
