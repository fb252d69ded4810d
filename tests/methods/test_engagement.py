"""Tests of planlab.engagement: coding by codebook, coders' agreement, theme counts, reports.

Cohen's kappa is checked against two published worked examples and an independent
implementation:

- McGinn T, Wyer PC, Newman TB, Keitz S, Leipzig R, Guyatt G. Tips for learners of
  evidence-based medicine: 3. Measures of observer variability (kappa statistic). CMAJ
  2004;171(11):1369-1373. Fig. 1: two observers each find a sign in 50% of subjects and
  agree on 75%; chance agreement is 50% and kappa is 0.5 ("half of the possible agreement
  above chance"). Fig. 3: two clinicians guessing, each saying "present" for 60 of 100
  patients, give the table 36 / 24 / 24 / 16, so they agree on 36 + 16 = 52 patients,
  exactly the agreement chance predicts: kappa 0.
- statsmodels' ``cohens_kappa`` (a separate implementation from scikit-learn's).

The strength words are Landis and Koch's (Biometrics 1977;33:159-174): below 0 poor,
0-0.20 slight, 0.21-0.40 fair, 0.41-0.60 moderate, 0.61-0.80 substantial, 0.81-1 almost
perfect.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.inter_rater import cohens_kappa

from planlab.engagement import (
    UNDEFINED,
    Comparison,
    ThemeFrequencies,
    code_responses,
    coder_agreement,
    coder_table,
    compare_with_data,
    explain_coding,
    kappa_strength,
    matched_phrases,
    theme_frequencies,
    topic_terms,
    you_said_we_did,
)
from planlab.errors import InputValueError
from planlab.suppression import SYMBOL, suppression_mask


def _codebook() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ThemeCode": ["gp_access", "transport", "information"],
            "ThemeName": ["Getting a GP appointment", "Transport", "Information"],
            "Definition": ["", "", ""],
            "ExamplePhrases": [
                "gp appointment; see a doctor; gp",
                "bus; ferry; a&e trip",
                "who to contact; didn't know",
            ],
        }
    )


def _responses() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ResponseId": ["EN0001", "EN0002", "EN0003", "EN0004", "EN0005", "EN0006"],
            "LocalityCode": ["LVL01", "LVL01", "LVL01", "LVL04", "LVL04", "LVL04"],
            "RespondentGroup": [
                "Resident",
                "Staff",
                "Resident",
                "Resident",
                "Unpaid carer",
                "Staff",
            ],
            "ResponseText": [
                "Could not get a GP  Appointment for three weeks.",
                "The GPs are stretched; buses are fine.",
                "Thank you for asking.",
                "The FERRY timetable means a whole day for a 10 minute clinic.",
                "I didn't know who to contact.\nAnd no bus on Sundays.",
                "The A&E trip from the island takes hours",
            ],
        }
    )


def _pair(table: list[list[int]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two coders' 0/1 codes for one theme from a 2x2 table [[yes-yes, yes-no], [no-yes, no-no]]."""
    (a, b), (c, d) = table
    first = [1] * a + [1] * b + [0] * c + [0] * d
    second = [1] * a + [0] * b + [1] * c + [0] * d
    index = pd.Index([f"R{i}" for i in range(len(first))], name="ResponseId")
    return (
        pd.DataFrame({"theme": first}, index=index),
        pd.DataFrame({"theme": second}, index=index),
    )


# ------------------------------------------------------------------------ coding


def test_code_responses_matches_whole_words_in_any_case_and_spacing() -> None:
    coded = code_responses(_responses(), _codebook())
    assert list(coded.columns) == ["gp_access", "transport", "information"]
    assert coded.index.name == "ResponseId"
    assert coded.dtypes.eq(bool).all()
    # EN0001: "GP  Appointment" (two spaces, capitals). EN0002: "GPs" and "buses" are
    # not the whole words "gp" and "bus", so nothing is found: the codebook's limits show.
    expected = {
        "EN0001": [True, False, False],
        "EN0002": [False, False, False],
        "EN0003": [False, False, False],
        "EN0004": [False, True, False],
        "EN0005": [False, True, True],
        "EN0006": [False, True, False],
    }
    assert {key: list(row) for key, row in coded.iterrows()} == expected


def test_matched_phrases_and_explain_coding_say_why() -> None:
    assert matched_phrases("Couldn't see a doctor or my GP", _codebook()) == {
        "gp_access": ["see a doctor", "gp"]
    }
    assert matched_phrases("nothing to add", _codebook()) == {}
    why = explain_coding(_responses(), _codebook())
    assert list(why.columns) == ["ResponseId", "ThemeCode", "Phrase"]
    assert why.values.tolist() == [
        ["EN0001", "gp_access", "gp appointment"],
        ["EN0001", "gp_access", "gp"],
        ["EN0004", "transport", "ferry"],
        ["EN0005", "transport", "bus"],
        ["EN0005", "information", "who to contact"],
        ["EN0005", "information", "didn't know"],
        ["EN0006", "transport", "a&e trip"],
    ]
    # Every theme code_responses gives is explained by a phrase, and no other.
    coded = code_responses(_responses(), _codebook())
    stacked = coded.stack()
    assert set(stacked[stacked].index) == set(zip(why.ResponseId, why.ThemeCode, strict=True))


def test_phrases_with_regex_characters_are_taken_literally() -> None:
    book = pd.DataFrame({"ThemeCode": ["t"], "ExamplePhrases": ["a.e; (gp)"]})
    assert matched_phrases("axe", book) == {}
    assert matched_phrases("A.E and (GP)", book) == {"t": ["a.e", "(gp)"]}


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda r: r.drop(columns="ResponseText"), "without ResponseText"),
        (lambda r: r.assign(ResponseId=["EN0001"] * 6), "'EN0001' twice"),
        (lambda r: r.assign(ResponseText=[None, *r.ResponseText[1:]]), "EN0001"),
        (lambda r: r.iloc[0:0], "one row per response"),
    ],
)
def test_code_responses_rejects_bad_responses(change, fragment: str) -> None:
    with pytest.raises(InputValueError, match=fragment):
        code_responses(change(_responses()), _codebook())


@pytest.mark.parametrize(
    ("book", "fragment"),
    [
        (pd.DataFrame({"ThemeCode": ["a"]}), "without ExamplePhrases"),
        (pd.DataFrame({"ThemeCode": ["a", "a"], "ExamplePhrases": ["x", "y"]}), "'a' twice"),
        (pd.DataFrame({"ThemeCode": ["a"], "ExamplePhrases": [" ; "]}), "semicolons"),
        (pd.DataFrame({"ThemeCode": [None], "ExamplePhrases": ["x"]}), "ThemeCode in every"),
        ("a codebook", "one row per theme"),
    ],
)
def test_code_responses_rejects_bad_codebooks(book, fragment: str) -> None:
    with pytest.raises(InputValueError, match=fragment):
        code_responses(_responses(), book)


# --------------------------------------------------------------------- agreement


def test_kappa_is_zero_when_agreement_is_what_chance_predicts_mcginn_fig3() -> None:
    """McGinn et al., CMAJ 2004, Fig. 3: 36 / 24 / 24 / 16 of 100 patients."""
    first, second = _pair([[36, 24], [24, 16]])
    row = coder_agreement(first, second).loc["theme"]
    assert row["Responses"] == 100
    assert (row["BothYes"], row["FirstOnly"], row["SecondOnly"], row["BothNo"]) == (36, 24, 24, 16)
    assert row["ObservedAgreement"] == pytest.approx(0.52)
    assert row["ExpectedAgreement"] == pytest.approx(0.52)
    assert row["Kappa"] == pytest.approx(0.0, abs=1e-12)
    assert row["Strength"] == "Slight"


def test_kappa_is_half_for_75_percent_agreement_at_50_percent_prevalence_mcginn_fig1() -> None:
    """McGinn et al., CMAJ 2004, Fig. 1: each finds the sign in 50%, they agree on 75%."""
    first, second = _pair([[75, 25], [25, 75]])
    row = coder_agreement(first, second).loc["theme"]
    assert row["ObservedAgreement"] == pytest.approx(0.75)
    assert row["ExpectedAgreement"] == pytest.approx(0.50)
    assert row["Kappa"] == pytest.approx(0.5)
    assert row["Strength"] == "Moderate"


@pytest.mark.parametrize("table", [[[20, 5], [10, 15]], [[3, 9], [1, 40]], [[0, 4], [6, 2]]])
def test_kappa_agrees_with_statsmodels_and_the_formula(table: list[list[int]]) -> None:
    """An independent implementation (statsmodels) and (po - pe) / (1 - pe) by hand."""
    first, second = _pair(table)
    row = coder_agreement(first, second).loc["theme"]
    (a, b), (c, d) = table
    n = a + b + c + d
    observed = (a + d) / n
    expected = ((a + b) * (a + c) + (c + d) * (b + d)) / n**2
    assert row["ObservedAgreement"] == pytest.approx(observed)
    assert row["ExpectedAgreement"] == pytest.approx(expected)
    assert row["Kappa"] == pytest.approx((observed - expected) / (1 - expected))
    assert row["Kappa"] == pytest.approx(cohens_kappa(np.array(table)).kappa)


def test_a_theme_nobody_raised_gives_an_undefined_kappa_not_a_crash() -> None:
    index = pd.Index(["R1", "R2", "R3"], name="ResponseId")
    first = pd.DataFrame({"quiet": [0, 0, 0], "busy": [1, 0, 1]}, index=index)
    second = pd.DataFrame({"quiet": [0, 0, 0], "busy": [1, 0, 0]}, index=index)
    result = coder_agreement(first, second)  # pytest turns any warning into an error
    assert math.isnan(result.loc["quiet", "Kappa"])
    assert result.loc["quiet", "ObservedAgreement"] == 1.0
    assert result.loc["quiet", "Strength"] == UNDEFINED
    # busy: agree on 2 of 3; p1 = 2/3, p2 = 1/3, pe = 2/9 + 2/9 = 4/9; kappa = (2/3 - 4/9)/(5/9)
    assert result.loc["busy", "Kappa"] == pytest.approx(0.4)


def test_coder_agreement_compares_only_the_responses_both_coded() -> None:
    coded = code_responses(_responses(), _codebook())
    sample = coded.loc[["EN0004", "EN0005"]].astype(int)
    result = coder_agreement(coded, sample)
    assert result["Responses"].tolist() == [2, 2, 2]
    assert result["ObservedAgreement"].tolist() == [1.0, 1.0, 1.0]


def test_coder_table_turns_the_long_table_wide() -> None:
    long = pd.DataFrame(
        {
            "ResponseId": ["R1", "R1", "R2", "R2"],
            "ThemeCode": ["b", "a", "b", "a"],
            "CoderA": [1, 0, 0, 0],
            "CoderB": [1, 1, 0, 0],
        }
    )
    wide = coder_table(long, "CoderB")
    assert list(wide.columns) == ["b", "a"]
    assert wide.to_dict("index") == {"R1": {"b": True, "a": True}, "R2": {"b": False, "a": False}}
    with pytest.raises(InputValueError, match="without CoderC"):
        coder_table(long, "CoderC")
    with pytest.raises(InputValueError, match="two rows"):
        coder_table(pd.concat([long, long]), "CoderA")
    with pytest.raises(InputValueError, match="0 or 1"):
        coder_table(long.assign(CoderA=[1, 2, 0, 0]), "CoderA")


@pytest.mark.parametrize(
    ("second", "fragment"),
    [
        (pd.DataFrame({"other": [1, 0]}, index=["R0", "R1"]), "themes differ"),
        (pd.DataFrame({"theme": [1, 0]}, index=["X0", "X1"]), "no ResponseId in common"),
        (pd.DataFrame({"theme": [1, np.nan]}, index=["R0", "R1"]), "none missing"),
        (pd.DataFrame({"theme": ["yes", "no"]}, index=["R0", "R1"]), "response 'R0'"),
        (pd.DataFrame({"theme": [1, 0]}, index=["R0", "R0"]), "a response twice"),
    ],
)
def test_coder_agreement_rejects_bad_tables(second: pd.DataFrame, fragment: str) -> None:
    first, _ = _pair([[1, 1], [1, 1]])
    with pytest.raises(InputValueError, match=fragment):
        coder_agreement(first, second)


@pytest.mark.parametrize(
    ("kappa", "word"),
    [
        (-0.1, "Poor"),
        (0.0, "Slight"),
        (0.20, "Slight"),
        (0.21, "Fair"),
        (0.40, "Fair"),
        (0.41, "Moderate"),
        (0.60, "Moderate"),
        (0.61, "Substantial"),
        (0.80, "Substantial"),
        (0.81, "Almost perfect"),
        (1.0, "Almost perfect"),
    ],
)
def test_kappa_strength_follows_landis_and_koch(kappa: float, word: str) -> None:
    assert kappa_strength(kappa) == word


@pytest.mark.parametrize("bad", [1.5, -2, "0.7", True])
def test_kappa_strength_rejects_what_is_not_a_kappa(bad: object) -> None:
    with pytest.raises(InputValueError, match="kappa"):
        kappa_strength(bad)  # type: ignore[arg-type]


# ------------------------------------------------------------------- frequencies


def _counts_example() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Twenty responses in two localities: counts chosen so suppression can be worked by hand."""
    ids = [f"EN{i:04d}" for i in range(20)]
    responses = pd.DataFrame({"ResponseId": ids, "LocalityCode": ["LVL01"] * 12 + ["LVL02"] * 8})
    gp = [1] * 9 + [0] * 3 + [1] * 2 + [0] * 6  # LVL01 9, LVL02 2 (small)
    bus = [1] * 6 + [0] * 6 + [1] * 7 + [0] * 1  # LVL01 6, LVL02 7
    info = [1] * 5 + [0] * 7 + [0] * 8  # LVL01 5, LVL02 0
    coded = pd.DataFrame({"gp": gp, "bus": bus, "info": info}, index=pd.Index(ids))
    return responses, coded.astype(bool)


def test_theme_frequencies_counts_shares_and_suppresses_by_the_course_rule() -> None:
    responses, coded = _counts_example()
    result = theme_frequencies(responses, coded)
    assert isinstance(result, ThemeFrequencies)
    assert result.responses.to_dict() == {"LVL01": 12, "LVL02": 8}
    assert result.mentions.to_dict("index") == {
        "LVL01": {"gp": 9, "bus": 6, "info": 5},
        "LVL02": {"gp": 2, "bus": 7, "info": 0},
    }
    assert result.share.loc["LVL01", "gp"] == pytest.approx(9 / 12)
    assert result.share.loc["LVL02", "bus"] == pytest.approx(7 / 8)
    # By hand: LVL02/gp = 2 is hidden. Row LVL02 then has one hidden cell: its smallest
    # other non-zero count (bus = 7) goes too. Column gp has one hidden cell: its other
    # cell (LVL01, 9) goes; column bus likewise (LVL01, 6). Row LVL01 now has two.
    expected = pd.DataFrame(
        {"gp": [True, True], "bus": [True, True], "info": [False, False]},
        index=result.mentions.index,
    )
    pd.testing.assert_frame_equal(result.hidden, expected)
    pd.testing.assert_frame_equal(result.hidden, suppression_mask(result.mentions))
    shown = result.published()
    assert shown.loc["LVL01", "Responses"] == "12"
    assert shown.loc["LVL01", "info"] == "5 (41.7%)"
    assert shown.loc["LVL02", "info"] == "0 (0.0%)"
    assert shown.loc["LVL02", "gp"] == SYMBOL
    assert result.published_share().isna().equals(result.hidden)


def test_theme_frequencies_by_two_columns() -> None:
    responses = _responses()
    coded = code_responses(responses, _codebook())
    result = theme_frequencies(responses, coded, by=["LocalityCode", "RespondentGroup"])
    assert result.mentions.index.names == ["LocalityCode", "RespondentGroup"]
    assert result.responses.sum() == len(responses)
    assert result.mentions.loc[("LVL04", "Unpaid carer"), "information"] == 1


@pytest.mark.parametrize(
    ("change", "by", "fragment"),
    [
        (lambda r, c: (r, c.drop(index="EN0003")), "LocalityCode", "without response 'EN0003'"),
        (lambda r, c: (r, c), "Ward", "without Ward"),
        (lambda r, c: (r, c), 3, "column name"),
        (lambda r, c: (r.assign(LocalityCode=None), c), "LocalityCode", "blank"),
        (lambda r, c: (r, c.astype(int) * 2), "LocalityCode", "0 or 1"),
    ],
)
def test_theme_frequencies_rejects_bad_input(change, by, fragment: str) -> None:
    responses, coded = change(_responses(), code_responses(_responses(), _codebook()))
    with pytest.raises(InputValueError, match=fragment):
        theme_frequencies(responses, coded, by=by)


# ------------------------------------------------------------------- comparison


def test_compare_with_data_ranks_and_says_whether_they_agree() -> None:
    share = pd.Series({"LVL01": 0.10, "LVL02": 0.30, "LVL03": 0.20, "LVL04": 0.15})
    waiting = pd.Series({"LVL04": 4.0, "LVL03": 6.0, "LVL02": 9.5, "LVL01": 2.0})
    result = compare_with_data(share, waiting, "waiting for care at home", "people waiting")
    assert isinstance(result, Comparison)
    assert result.table["ShareRank"].to_dict() == {"LVL01": 4, "LVL02": 1, "LVL03": 2, "LVL04": 3}
    assert result.table["IndicatorRank"].tolist() == [4, 1, 2, 3]
    assert result.rank_correlation == pytest.approx(1.0)
    assert result.same_top
    assert "point the same way" in result.statement
    assert "LVL02 mentions waiting for care at home most (30% of responses)" in result.statement


def test_compare_with_data_reversed_order() -> None:
    share = pd.Series({"A": 0.1, "B": 0.2, "C": 0.3})
    data = pd.Series({"A": 3.0, "B": 2.0, "C": 1.0})
    result = compare_with_data(share, data)
    # Spearman by hand: ranks 1,2,3 against 3,2,1: d = -2, 0, 2; 1 - 6*8/(3*8) = -1.
    assert result.rank_correlation == pytest.approx(-1.0)
    assert not result.same_top
    assert "opposite directions" in result.statement
    assert "A is highest" in result.statement


def test_compare_with_data_when_nothing_varies() -> None:
    result = compare_with_data(pd.Series({"A": 0.2, "B": 0.2}), pd.Series({"A": 1.0, "B": 2.0}))
    assert math.isnan(result.rank_correlation)
    assert "cannot be compared" in result.statement


@pytest.mark.parametrize(
    ("share", "data", "fragment"),
    [
        (pd.Series({"A": np.nan, "B": 0.2}), pd.Series({"A": 1.0, "B": 2.0}), "hidden share"),
        (pd.Series({"A": 0.1, "B": 0.2}), pd.Series({"A": 1.0, "C": 2.0}), "differ"),
        ([0.1, 0.2], pd.Series({"A": 1.0, "B": 2.0}), "Series"),
    ],
)
def test_compare_with_data_rejects_bad_input(share, data, fragment: str) -> None:
    with pytest.raises(InputValueError, match=fragment):
        compare_with_data(share, data)


# ------------------------------------------------------------- you said, we did


def test_you_said_we_did_orders_by_share_and_flags_gaps() -> None:
    responses, coded = _counts_example()
    frequencies = theme_frequencies(responses, coded)
    book = pd.DataFrame(
        {"ThemeCode": ["gp", "bus", "info"], "ThemeName": ["GP access", "Transport", "Info"]}
    )
    actions = pd.DataFrame(
        {
            "ThemeCode": ["bus", "bus"],
            "Action": ["Community transport pilot", "Clinic times fitted to ferries"],
        }
    )
    table = you_said_we_did(frequencies, actions, book, often=0.30)
    # Totals: bus 13, gp 11, info 5 of 20 responses.
    assert table.index.tolist() == ["bus", "gp", "info"]
    assert table["Mentions"].tolist() == [13, 11, 5]
    assert table["Share"].tolist() == pytest.approx([0.65, 0.55, 0.25])
    assert table.loc["bus", "WeDid"] == "Community transport pilot; Clinic times fitted to ferries"
    assert table.loc["gp", "WeDid"] == "No action yet"
    assert table["Flag"].tolist() == ["", "Raised often, no action", ""]
    assert table.loc["gp", "YouSaid"] == "GP access (11 of 20 responses, 55%)"


def test_you_said_we_did_hides_a_small_total() -> None:
    responses, coded = _counts_example()
    coded["rare"] = False
    coded.loc["EN0000", "rare"] = True
    book = pd.DataFrame({"ThemeCode": [*coded.columns], "ThemeName": ["G", "B", "I", "Rare"]})
    table = you_said_we_did(
        theme_frequencies(responses, coded), pd.DataFrame(columns=["ThemeCode", "Action"]), book
    )
    assert table.loc["rare", "YouSaid"] == f"Rare ({SYMBOL} of 20 responses, {SYMBOL})"


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"often": 10}, "write 40% as 0.4"),
        ({"actions": pd.DataFrame({"ThemeCode": ["nope"], "Action": ["x"]})}, "'nope'"),
        ({"actions": pd.DataFrame({"Theme": ["gp"]})}, "without ThemeCode"),
        ({"frequencies": pd.DataFrame()}, "theme_frequencies"),
    ],
)
def test_you_said_we_did_rejects_bad_input(kwargs: dict, fragment: str) -> None:
    responses, coded = _counts_example()
    arguments = {
        "frequencies": theme_frequencies(responses, coded),
        "actions": pd.DataFrame({"ThemeCode": ["gp"], "Action": ["x"]}),
        "codebook": pd.DataFrame({"ThemeCode": ["gp", "bus", "info"], "ThemeName": list("GBI")}),
    } | kwargs
    with pytest.raises(InputValueError, match=fragment):
        you_said_we_did(**arguments)


# ------------------------------------------------------------------------ topics


def test_topic_terms_separates_two_clear_topics_and_repeats_with_a_seed() -> None:
    ferry = ["ferry cancelled again", "the ferry timetable", "ferry fares too high"] * 4
    carer = ["carer respite breaks", "respite for the carer", "carer needs breaks"] * 4
    texts = ferry + carer
    first = topic_terms(texts, 2, seed=3, n_terms=2)
    assert first.equals(topic_terms(texts, 2, seed=3, n_terms=2))
    tops = {frozenset(terms.split(", ")) for terms in first["Terms"]}
    assert any("ferry" in top for top in tops)
    assert any("carer" in top for top in tops)
    assert first["Responses"].sum() == len(texts)


@pytest.mark.parametrize(
    ("texts", "n_topics", "fragment"),
    [(["a b", "c d"], 3, "no more than"), (["x", 4], 2, "responses"), (["x", "y"], 1, "2 or more")],
)
def test_topic_terms_rejects_bad_input(texts, n_topics, fragment: str) -> None:
    with pytest.raises(InputValueError, match=fragment):
        topic_terms(texts, n_topics)
