"""Module 6, engaging people and communities: the no-code control and the notebook's claims.

The worked notebook's locality menu shows, for each locality, how many of its responses raise
each theme and what share that is, with small counts hidden. These tests run the notebook's code
in this process, read every table the menu can show, and check it against counts made here,
separately: each response is coded with a phrase matcher written for this test (lower-case
text, whole words) and counted with pandas, and small counts are marked with the course's rule.
They also check the sentences the notebook writes about the data (which theme the coders agree
on least, which locality raises what most), the numbers in the chart's alt text, and that the
kappas it reports are scikit-learn's, so that a change in the data names the sentence to update.
"""

from __future__ import annotations

import html
import re
from typing import Any

import nbformat
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from planlab import datasets
from planlab.suppression import suppression_mask
from tests.conftest import REPO, run_notebook_here

NOTEBOOK = REPO / "notebooks" / "engaging-people.ipynb"
ROW = re.compile(r"<tr><td>(?P<theme>[^<]+)</td><td>(?P<shown>[^<]+)</td></tr>")


@pytest.fixture(scope="module")
def worked() -> dict[str, Any]:
    """Run the worked notebook's code cells here and return its names."""
    return run_notebook_here(NOTEBOOK)


def _independent_codes() -> pd.DataFrame:
    """Code every response with a matcher written here: lower-case, whole words, any spacing."""
    responses = datasets.load("engagement_responses")
    codebook = datasets.load("engagement_codebook")
    text = responses["ResponseText"].str.lower().tolist()
    codes = {}
    for theme, phrases in zip(codebook["ThemeCode"], codebook["ExamplePhrases"], strict=True):
        patterns = [
            re.compile(
                r"(?<![0-9a-z_])" + r"\s+".join(map(re.escape, p.split())) + r"(?![0-9a-z_])"
            )
            for p in (phrase.strip().lower() for phrase in phrases.split(";"))
            if p
        ]
        codes[theme] = [any(p.search(t) for p in patterns) for t in text]
    table = pd.DataFrame(codes)
    table["LocalityCode"] = responses["LocalityCode"].astype(str).to_numpy()
    return table


def _counts() -> tuple[pd.DataFrame, pd.Series]:
    codes = _independent_codes()
    mentions = codes.groupby("LocalityCode").sum().astype(int)
    return mentions, codes.groupby("LocalityCode").size()


def test_the_locality_menu_is_named_starts_at_lvl04_and_is_linked(worked) -> None:
    menu, stack = worked["locality_explorer"].children
    assert menu.description == "Locality"
    assert menu.label == "LVL04 Glen Tarrach and the Isles"
    assert [label for label, _ in menu.options] == [
        "LVL01 Corranbridge",
        "LVL02 Ellisfield",
        "LVL03 Strathmorven Towns",
        "LVL04 Glen Tarrach and the Isles",
    ]
    assert "planlab-live-result" in stack._dom_classes
    assert len(stack.children) == 4
    assert [(link.source, link.target) for link in worked["__links__"]] == [
        ((menu, "index"), (stack, "selected_index"))
    ]


def test_every_number_the_menu_shows_matches_an_independent_count(worked) -> None:
    mentions, sizes = _counts()
    hidden = suppression_mask(mentions)
    names = datasets.load("engagement_codebook").set_index("ThemeName")["ThemeCode"]
    menu, stack = worked["locality_explorer"].children
    for (label, _), answer in zip(menu.options, stack.children, strict=True):
        locality = label.split()[0]
        rows = [(html.unescape(m["theme"]), m["shown"]) for m in ROW.finditer(answer.value)]
        assert len(rows) == 8, answer.value
        assert f"{sizes[locality]} responses" in answer.value
        shares = []
        for theme_name, shown in rows:
            theme = names[theme_name]
            count = int(mentions.loc[locality, theme])
            share = count / sizes[locality]
            if hidden.loc[locality, theme]:
                assert shown == "c", (locality, theme_name)
            else:
                assert shown == f"{count} ({share:.1%})", (locality, theme_name)
            shares.append(share)
        assert shares == sorted(shares, reverse=True), "most raised first"
        top = rows[0][0].lower()
        assert f"the theme raised most is <strong>{html.escape(top)}</strong>" in answer.value


def test_the_chart_alt_text_gives_the_published_shares() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    [alt] = [
        cell.metadata["mystnb"]["image"]["alt"]
        for cell in notebook.cells
        if "mystnb" in cell.metadata
    ]
    mentions, sizes = _counts()
    shares = mentions.div(sizes, axis=0)
    codebook = datasets.load("engagement_codebook")
    for theme, name in zip(codebook["ThemeCode"], codebook["ThemeName"], strict=True):
        values = ", ".join(f"{code} {100 * shares.loc[code, theme]:.1f}%" for code in shares.index)
        assert f"{name}: {values}." in alt, name
    assert not suppression_mask(mentions).to_numpy().any(), "the chart would show hidden cells"


def test_the_kappas_are_scikit_learn_s(worked) -> None:
    double = datasets.load("engagement_double_coding")
    for theme, pairs in double.groupby("ThemeCode"):
        expected = cohen_kappa_score(pairs["CoderA"], pairs["CoderB"])
        assert worked["people"].loc[theme, "Kappa"] == pytest.approx(expected)
    assert worked["kappa"] == pytest.approx(
        cohen_kappa_score(
            *[double.loc[double.ThemeCode == "information", c] for c in ("CoderA", "CoderB")]
        )
    )


def test_what_the_notebook_says_about_the_data_still_holds(worked) -> None:
    """Each sentence of the notebook's Markdown that describes the data, checked."""
    mentions, sizes = _counts()
    shares = mentions.div(sizes, axis=0)
    # "Getting a GP appointment is the theme raised most."
    assert mentions.sum().idxmax() == "gp_access"
    # "About two thirds of the responses came from residents"; LVL04 has the fewest.
    groups = datasets.load("engagement_responses")["RespondentGroup"].value_counts(normalize=True)
    assert 0.6 <= groups["Resident"] <= 0.72
    assert sizes.idxmin() == "LVL04"
    # "Almost a third of the responses match no theme."
    codes = _independent_codes().drop(columns="LocalityCode")
    assert 0.25 <= (~codes.any(axis=1)).mean() <= 0.36
    # "Information is the lowest" kappa between the coders.
    assert worked["people"]["Kappa"].idxmin() == "information"
    # "The code misses more than it wrongly adds."
    code_vs_a = worked["code_vs_a"]
    assert code_vs_a["SecondOnly"].sum() > code_vs_a["FirstOnly"].sum()
    # "No count by locality is small"; LVL04 raises care at home, transport and leaving
    # hospital most; LVL01 raises GP access most.
    assert not suppression_mask(mentions).to_numpy().any()
    for theme in ("care_at_home_waits", "transport", "hospital_discharge"):
        assert shares[theme].idxmax() == "LVL04", theme
    assert shares["gp_access"].idxmax() == "LVL01"
    # "For both themes Glen Tarrach and the Isles is highest on both measures."
    for comparison in (worked["care_comparison"], worked["discharge_comparison"]):
        table = comparison.table
        assert table["ShareRank"].idxmin() == table["IndicatorRank"].idxmin() == "LVL04"
    # Information and staff shortages are raised often (10% or more) with no action.
    flagged = set(worked["flagged"].index)
    assert {"information", "staffing"} <= flagged
