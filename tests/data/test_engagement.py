"""Module 6's data: the fictional engagement responses, the codebook and the double coding.

The responses are synthetic, written by the generator from a phrase bank; their true
themes are not published. So these tests code the published text themselves, the simple
way a learner would: a theme is found where a response contains one of the codebook's
phrases on word boundaries (lower case). The relationships built into the generator must
show through that imperfect coding; the locality rates they follow are recomputed here
from the published tables, independently of the generator.

Agreement is Cohen's kappa, (po - pe) / (1 - pe), where po is the share of responses the
two codings agree on and pe the agreement expected by chance from each coding's own
shares (Cohen J. A coefficient of agreement for nominal scales. Educ Psychol Meas
1960;20:37-46). :func:`kappa` is checked against a published worked example and against
scikit-learn's independent implementation.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from sklearn.metrics import cohen_kappa_score

from planlab import datasets
from planlab.data.tables.engagement import (
    make_engagement_codebook,
    make_engagement_double_coding,
    make_engagement_responses,
)
from planlab.data.validate import validate_package

SEEDS = ["tables", "other_tables"]
THEMES = [
    "care_at_home_waits",
    "gp_access",
    "transport",
    "carer_support",
    "hospital_discharge",
    "staffing",
    "mental_health",
    "information",
]
LOCALITIES = ["LVL01", "LVL02", "LVL03", "LVL04"]
OLDER_BANDS = ["65-69", "70-74", "75-79", "80-84", "85-89", "90plus"]


def kappa(first: np.ndarray, second: np.ndarray) -> float:
    """Cohen's kappa of two 0/1 codings of the same items (Cohen 1960)."""
    first, second = np.asarray(first, dtype=bool), np.asarray(second, dtype=bool)
    observed = np.mean(first == second)
    both_yes = first.mean() * second.mean()
    both_no = (1 - first.mean()) * (1 - second.mean())
    expected = both_yes + both_no
    return float((observed - expected) / (1 - expected))


def phrase_coding(responses: pd.DataFrame, codebook: pd.DataFrame) -> pd.DataFrame:
    """Code each response with every theme whose codebook phrase it contains (0/1)."""
    text = responses["ResponseText"].str.lower()
    coded = {}
    for theme, phrases in zip(codebook["ThemeCode"], codebook["ExamplePhrases"], strict=True):
        pattern = r"\b(?:" + "|".join(re.escape(p.strip()) for p in phrases.split(";")) + r")\b"
        coded[theme] = text.str.contains(pattern, regex=True).astype(int).to_numpy()
    return pd.DataFrame(coded, index=responses["ResponseId"])


def locality_rates(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """People aged 65+ waiting for care at home (latest year) and delayed bed days (latest
    12 months), each per 1,000 people aged 65+ in the latest mid-year population."""
    population = tables["population"]
    older = (
        population[
            (population["Year"] == population["Year"].max())
            & population["AgeGroup"].isin(OLDER_BANDS)
        ]
        .groupby("LocalityCode")["Population"]
        .sum()
    )
    care = tables["care_at_home"]
    latest = care[(care["FinancialYear"] == care["FinancialYear"].max())]
    waiting = (
        latest[latest["AgeGroup"] == "65plus"]
        .groupby("LocalityCode")["PeopleWaitingForCareAtHome"]
        .sum()
    )
    delays = tables["delayed_discharges"]
    months = sorted(delays["MonthOfDelay"].unique())[-12:]
    bed_days = (
        delays[delays["MonthOfDelay"].isin(months)]
        .groupby("LocalityCode")["NumberOfDelayedBedDays"]
        .sum()
    )
    return pd.DataFrame({"waiting": 1000 * waiting / older, "delays": 1000 * bed_days / older})


@pytest.fixture(params=SEEDS)
def made(request) -> dict[str, pd.DataFrame]:
    """The tables of one seed, with each response's phrase coding."""
    tables = request.getfixturevalue(request.param)
    coded = phrase_coding(tables["engagement_responses"], tables["engagement_codebook"])
    return {**tables, "coded": coded}


def shares_by(made: dict[str, pd.DataFrame], column: str) -> pd.DataFrame:
    """Share of responses coded with each theme [theme, value of ``column``]."""
    responses = made["engagement_responses"].set_index("ResponseId")
    return made["coded"].groupby(responses[column]).mean().T


def test_cohens_kappa_matches_a_published_worked_example():
    """easycalculation.com, "Cohen's kappa index" (learn-cohens-kappa-index.php): two
    doctors examine 20 patients; both say yes for 12, only A for 4, only B for 2, both no
    for 2. Pr(a) = 0.7, Pr(e) = 0.7 x 0.8 + 0.3 x 0.2 = 0.62, kappa = 0.08 / 0.38 = 0.21."""
    doctor_a = np.array([1] * 12 + [1] * 4 + [0] * 2 + [0] * 2)
    doctor_b = np.array([1] * 12 + [0] * 4 + [1] * 2 + [0] * 2)
    assert kappa(doctor_a, doctor_b) == pytest.approx(0.08 / 0.38)
    assert kappa(doctor_a, doctor_b) == pytest.approx(cohen_kappa_score(doctor_a, doctor_b))


def test_the_tables_are_in_the_package_and_valid(committed):
    rows = validate_package(committed)
    assert rows["engagement_codebook.csv"] == 8
    assert rows["engagement_double_coding.csv"] == 1_200
    assert 500 <= rows["engagement_responses.csv"] <= 700


def test_the_columns_are_those_agreed_and_no_true_themes_are_published():
    responses = datasets.load("engagement_responses")
    codebook = datasets.load("engagement_codebook")
    coding = datasets.load("engagement_double_coding")
    assert list(responses) == [
        "ResponseId",
        "LocalityCode",
        "RespondentGroup",
        "Channel",
        "ResponseText",
    ]
    assert list(codebook) == [
        "ThemeCode",
        "ThemeName",
        "Definition",
        "ExamplePhrases",
        "RelatedData",
    ]
    assert list(coding) == ["ResponseId", "ThemeCode", "CoderA", "CoderB"]
    assert list(codebook["ThemeCode"]) == THEMES
    assert (responses["ResponseId"] == [f"EN{n:04d}" for n in range(1, len(responses) + 1)]).all()
    assert (responses["ResponseText"].str.strip() != "").all()


def test_the_codebook_phrases_are_lower_case_and_point_at_real_columns(tables):
    codebook = tables["engagement_codebook"]
    for phrases in codebook["ExamplePhrases"]:
        listed = [phrase.strip() for phrase in phrases.split(";")]
        assert listed == [phrase.lower() for phrase in listed]
        assert len(listed) >= 5
    for related in codebook["RelatedData"]:
        if related:
            table, column = related.split(".")
            assert column in tables[table].columns


def test_the_same_seed_makes_the_same_responses_and_another_seed_others(tables, other_tables):
    inputs = [tables[name] for name in ("population", "care_at_home", "delayed_discharges")]
    pd.testing.assert_frame_equal(
        make_engagement_responses(*inputs), tables["engagement_responses"]
    )
    pd.testing.assert_frame_equal(
        make_engagement_double_coding(*inputs), tables["engagement_double_coding"]
    )
    pd.testing.assert_frame_equal(make_engagement_codebook(), other_tables["engagement_codebook"])
    texts = tables["engagement_responses"]["ResponseText"]
    assert set(texts) != set(other_tables["engagement_responses"]["ResponseText"])


@pytest.mark.parametrize("seed", SEEDS)
def test_every_locality_group_and_channel_responds_in_the_agreed_proportions(seed, request):
    responses = request.getfixturevalue(seed)["engagement_responses"]
    counts = responses["LocalityCode"].value_counts()
    expected = {"LVL01": 200, "LVL02": 150, "LVL03": 150, "LVL04": 100}
    for code, number in expected.items():
        assert abs(counts[code] - number) <= 0.2 * number, code
    groups = responses["RespondentGroup"].value_counts(normalize=True)
    for group, share in {"Resident": 0.65, "Unpaid carer": 0.20, "Staff": 0.15}.items():
        assert abs(groups[group] - share) <= 0.06, group
    assert set(responses["Channel"]) == {"Online survey", "Drop-in session", "Paper form"}
    drop_in = pd.crosstab(responses["LocalityCode"], responses["Channel"], normalize="index")
    assert drop_in["Drop-in session"].idxmax() == "LVL04"  # the targeted island sessions


def test_care_at_home_waits_rank_the_localities_as_their_waiting_rates_do(tables):
    """Built in: more responses raise care at home waits where more people aged 65+ wait
    for care at home per 1,000 aged 65+. The committed data (default seed) keep the exact
    order through phrase coding."""
    coded = phrase_coding(tables["engagement_responses"], tables["engagement_codebook"])
    localities = tables["engagement_responses"].set_index("ResponseId")["LocalityCode"]
    share = coded["care_at_home_waits"].groupby(localities).mean()
    rates = locality_rates(tables)
    assert list(share.sort_values().index) == list(rates["waiting"].sort_values().index)


def test_the_extremes_of_waiting_and_delays_show_in_another_seed_too(other_tables):
    """For another seed the rates differ; the locality with the most waiting has the most
    mentions of care at home waits, and the fewest the fewest, and the locality with the
    most delayed bed days the most mentions of leaving hospital."""
    made = {**other_tables}
    made["coded"] = phrase_coding(made["engagement_responses"], made["engagement_codebook"])
    shares = shares_by(made, "LocalityCode")
    rates = locality_rates(other_tables)
    assert shares.loc["care_at_home_waits"].idxmax() == rates["waiting"].idxmax()
    assert shares.loc["care_at_home_waits"].idxmin() == rates["waiting"].idxmin()
    assert shares.loc["hospital_discharge"].idxmax() == rates["delays"].idxmax()


def test_leaving_hospital_is_raised_more_where_delays_are_higher(made):
    shares = shares_by(made, "LocalityCode").loc["hospital_discharge"]
    rates = locality_rates(made)["delays"]
    assert shares.idxmax() == rates.idxmax()
    assert stats.spearmanr(shares[LOCALITIES], rates[LOCALITIES]).statistic >= 0.6


def test_transport_is_raised_far_more_in_glen_tarrach_and_gps_in_corranbridge(made):
    shares = shares_by(made, "LocalityCode")
    transport = shares.loc["transport"]
    assert transport["LVL04"] >= 2.5 * transport.drop("LVL04").max()
    assert shares.loc["gp_access"].idxmax() == "LVL01"


def test_carers_raise_carer_support_and_staff_raise_staffing(made):
    groups = made["engagement_responses"].set_index("ResponseId")["RespondentGroup"]
    coded = made["coded"]
    carer_mentions = groups[coded["carer_support"] == 1].value_counts(normalize=True)
    staff_mentions = groups[coded["staffing"] == 1].value_counts(normalize=True)
    assert carer_mentions["Unpaid carer"] > 0.5
    assert staff_mentions["Staff"] > 0.5


def test_the_text_varies_as_real_responses_do(made):
    responses = made["engagement_responses"]
    text = responses["ResponseText"]
    words = text.str.split().str.len()
    assert words.min() <= 3
    assert 100 <= words.max() <= 200
    assert 15 <= words.median() <= 40
    assert text.nunique() >= 0.85 * len(text)
    themes = made["coded"].sum(axis=1)
    assert 0.2 <= (themes >= 2).mean() <= 0.5
    assert 0.15 <= (themes == 0).mean() <= 0.45
    off_topic = text.str.contains(r"\b(?:bins|parking|thanks for asking|potholes)\b", case=False)
    assert 0.03 <= off_topic.mean() <= 0.2
    letters = text.str.replace(r"[^A-Za-z]", "", regex=True)
    assert ((letters.str.len() > 20) & (letters == letters.str.upper())).mean() >= 0.02
    assert ((letters.str.len() > 20) & (letters == letters.str.lower())).mean() >= 0.02
    assert (~text.str.endswith((".", "?", "!"))).mean() >= 0.2
    misspelt = text.str.contains(r"\b(?:apointments?|trasnport|hosptial|docter|becuase)\b")
    assert misspelt.sum() >= 5
    negated = text.str.contains(
        r"no problem getting|can't fault|cant fault|is fine for us|were excellent", case=False
    )
    assert negated.sum() >= 3


def test_the_two_coders_agree_about_as_well_as_the_interface_says(made):
    """Kappa between coders A and B by theme: about 0.6 to 0.9, lowest for information."""
    coding = made["engagement_double_coding"]
    assert coding["ResponseId"].nunique() == 150
    assert set(coding["ResponseId"]) <= set(made["engagement_responses"]["ResponseId"])
    assert (coding.groupby("ResponseId")["ThemeCode"].apply(list) == [THEMES] * 150).all()
    agreement = {
        theme: kappa(rows["CoderA"], rows["CoderB"]) for theme, rows in coding.groupby("ThemeCode")
    }
    assert all(0.55 <= value <= 0.95 for value in agreement.values()), agreement
    assert min(agreement, key=agreement.get) == "information"


def test_phrase_coding_agrees_with_a_human_coder_well_but_not_perfectly(made):
    """Kappa between phrase coding and coder A over the double-coded sample: about 0.7 to
    0.9 (the phrase bank is larger than the codebook's phrases)."""
    coding = made["engagement_double_coding"]
    coded = made["coded"]
    agreement = {}
    for theme, rows in coding.groupby("ThemeCode"):
        by_code = coded.loc[rows["ResponseId"], theme].to_numpy()
        agreement[theme] = kappa(by_code, rows["CoderA"].to_numpy())
    assert all(0.55 <= value < 0.97 for value in agreement.values()), agreement
    assert 0.7 <= np.mean(list(agreement.values())) <= 0.92, agreement
