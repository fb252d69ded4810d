"""Module 9, identifying gaps and needs: its no-code control and the numbers its pages quote.

The worked notebook's "Explore it yourself" slider is built by ``planlab.widgets`` with every
answer worked out in advance; these tests check each answer it carries against
``planlab.queues``. The chapter and the facilitator notes quote figures from the course's data;
each is computed here with the toolkit, in the same way as the worked notebook and the exercise,
so a change in the data or the methods names the sentence to update. No notebook is run.
"""

from __future__ import annotations

import functools
import math
import re

import ipywidgets as widgets
import nbformat
import pandas as pd
import pytest

from planlab import InputValueError, datasets, queues
from planlab import waiting as wl
from planlab.grading.spec import read_exercise
from planlab.rates import BROAD_AGE_BANDS, rate_ratios, standardised_rates
from planlab.widgets import DEFAULT_OCCUPANCIES, overflow_explorer, precomputed_slider
from tests.conftest import REPO

CHAPTER = REPO / "book" / "identifying-gaps.md"
NOTES = REPO / "book" / "trainers" / "identifying-gaps-notes.md"
NOTEBOOK = REPO / "notebooks" / "identifying-gaps.ipynb"
EXERCISE = REPO / "solutions" / "identifying-gaps-exercise.ipynb"
#: The ward the worked notebook's slider describes: a typical ward of 24 beds.
SLIDER_BEDS = 24
WORKED_SPECIALTY = "Trauma and orthopaedics"
YEAR_START, YEAR_END = pd.Timestamp("2024-04-01"), pd.Timestamp("2025-03-31")


def _parts(box: widgets.VBox) -> tuple[widgets.SelectionSlider, widgets.Stack]:
    slider, stack = box.children
    return slider, stack


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


# --- the no-code control -------------------------------------------------------------------


def test_the_slider_has_a_name_and_starts_at_85_percent() -> None:
    slider, stack = _parts(overflow_explorer(SLIDER_BEDS))
    assert slider.description == "Average occupancy"
    assert slider.label == "85%"
    assert stack.selected_index == DEFAULT_OCCUPANCIES.index(0.85)
    assert "planlab-live-result" in stack._dom_classes


def test_every_answer_the_slider_carries_matches_the_erlang_loss_model() -> None:
    slider, stack = _parts(overflow_explorer(SLIDER_BEDS))
    safe = queues.safe_occupancy(SLIDER_BEDS, 0.05)
    assert len(slider.options) == len(stack.children) == len(DEFAULT_OCCUPANCIES)
    for (label, occupancy), answer in zip(slider.options, stack.children, strict=True):
        turned_away = queues.blocking_at_occupancy(SLIDER_BEDS, occupancy)
        text = _plain(answer.value)
        assert text.startswith(
            f"A ward of {SLIDER_BEDS} beds that is on average {label} full turns away about "
            f"{turned_away:.1%} of the patients who need a bed in it"
        ), text
        assert text.endswith(f"it can be at most {safe:.0%} full on average."), text


def test_the_slider_quotes_the_chapter_s_figures() -> None:
    # The chapter's pitfalls box: "A 24-bed ward at 85% turns away about 1 patient in 7."
    _, stack = _parts(overflow_explorer(SLIDER_BEDS))
    at_85 = _plain(stack.children[DEFAULT_OCCUPANCIES.index(0.85)].value)
    assert "14.1%" in at_85
    assert "(about 1 in 7)" in at_85
    assert "at most 75% full" in at_85
    at_98 = _plain(stack.children[-1].value)
    assert "(more than half of them)" in at_98


def test_the_slider_is_linked_to_its_answers_in_the_browser(jslinks) -> None:
    slider, stack = _parts(overflow_explorer(SLIDER_BEDS))
    assert [(link.source, link.target) for link in jslinks] == [
        ((slider, "index"), (stack, "selected_index"))
    ]


def test_the_worked_notebook_uses_the_control_for_a_24_bed_ward() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    calls = [
        cell.source
        for cell in notebook.cells
        if cell.cell_type == "code" and "overflow_explorer(" in cell.source
    ]
    assert calls
    assert calls[-1].strip().endswith(f"overflow_explorer({SLIDER_BEDS})")


def test_the_worked_notebook_is_committed_without_outputs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert all(
        not cell.outputs and cell.execution_count is None
        for cell in notebook.cells
        if cell.cell_type == "code"
    )


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        (([], []), "choices"),
        (([("a", 1), ("b", 2)], ["<p>a</p>"]), "answers"),
        (([("a", 1)], ["<p>a</p>"]), "start"),
    ],
)
def test_the_generic_slider_refuses_answers_that_do_not_fit(arguments, named) -> None:
    choices, answers = arguments
    with pytest.raises(InputValueError, match=named):
        precomputed_slider(choices, answers, description="Choice", start=3)


def test_the_overflow_slider_must_start_at_an_offered_occupancy() -> None:
    with pytest.raises(InputValueError, match=r"start was 0\.855"):
        overflow_explorer(SLIDER_BEDS, start=0.855)


# --- the figures, computed as the notebook and the exercise compute them ------------------


@functools.cache
def _waiting_year() -> pd.DataFrame:
    waiting = datasets.load("waiting_list")
    return waiting[waiting["WeekEnding"].between(YEAR_START, YEAR_END)]


def _specialty(name: str) -> dict[str, float]:
    year = _waiting_year()
    weeks = year[year["Specialty"] == name]
    demand, capacity = weeks["Additions"].mean(), weeks["Removals"].mean()
    waiting_now = float(weeks["ListSize"].iloc[-1])
    return {
        "demand": demand,
        "capacity": capacity,
        "load": wl.queue_load(demand, capacity),
        "waiting_now": waiting_now,
        "mean_wait": wl.littles_law_mean_wait(waiting_now, demand),
        "over_12": float(weeks["WaitingOver12Weeks"].iloc[-1]),
    }


@functools.cache
def _last_year() -> pd.DataFrame:
    admissions = datasets.load("emergency_admissions")
    return admissions[admissions["Month"].between(pd.Period("2024-04"), pd.Period("2025-03"))]


@functools.cache
def _pop_2024() -> pd.DataFrame:
    band_to_group = {band: group for group, bands in BROAD_AGE_BANDS.items() for band in bands}
    population = datasets.load("population")
    return population[population["Year"] == 2024].assign(
        AgeGroup=lambda d: d["AgeGroup"].astype(str).map(band_to_group)
    )


def _by(keys: list[str], admissions: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    return (
        admissions.groupby(keys, observed=True)["BedDays"]
        .sum()
        .to_frame()
        .join(people.groupby(keys, observed=True)["Population"].sum())
        .reset_index()
    )


def _ward(locality: str) -> tuple[int, float]:
    last = _last_year()
    oldest = last[(last["LocalityCode"] == locality) & (last["AgeGroup"] == "85plus")]
    load = queues.offered_load(
        oldest["EmergencyAdmissions"].sum() / 365,
        oldest["BedDays"].sum() / oldest["EmergencyAdmissions"].sum(),
    )
    beds = queues.erlang_beds_needed(load, 0.05)
    return beds, queues.erlang_occupancy(beds, load)


def _locality_ratio(locality: str) -> float:
    last, people = _last_year(), _pop_2024()
    table = _by(
        ["SIMDQuintile", "AgeGroup"],
        last[last["LocalityCode"] == locality],
        people[people["LocalityCode"] == locality],
    )
    ratios = rate_ratios(standardised_rates(table, by="SIMDQuintile", events="BedDays", per=1000))
    return float(ratios.loc[ratios["SIMDQuintile"] == 1, "RateRatio"].iloc[0])


def chapter_figures() -> list[str]:
    """The chapter's worked illustration, each phrase as the chapter writes it."""
    worked = _specialty(WORKED_SPECIALTY)
    target = wl.target_queue_size(worked["demand"], 12)
    relief = wl.relief_capacity(worked["demand"], worked["waiting_now"], target, 26)
    extra = relief - worked["capacity"]
    year_long = wl.relief_capacity(worked["demand"], worked["waiting_now"], target, 52)
    keep = wl.target_capacity(worked["demand"], 12)

    daily = datasets.load("acute_daily")
    occupied = daily[daily["Date"].between(YEAR_START, YEAR_END)]["EmergencyBedsOccupied"]
    mean_occupied = occupied.mean()
    beds_5pc = queues.poisson_beds_needed(mean_occupied, 0.05)
    poisson_share = queues.poisson_overflow_probability(mean_occupied, beds_5pc)

    last = _last_year()
    older = last[last["AgeGroup"].isin(["75-84", "85plus"])]
    per_day = older["EmergencyAdmissions"].sum() / 365
    stay = older["BedDays"].sum() / older["EmergencyAdmissions"].sum()
    load = queues.offered_load(per_day, stay)
    pooled = queues.erlang_beds_needed(load, 0.05)
    by_locality = older.groupby("LocalityCode", observed=True)["BedDays"].sum() / 365
    units = [queues.erlang_beds_needed(a, 0.05) for a in by_locality]
    unit_occupancy = [
        queues.erlang_occupancy(b, a) for b, a in zip(units, by_locality, strict=True)
    ]

    by_simd = _by(["SIMDQuintile", "AgeGroup"], last, _pop_2024())
    rates = standardised_rates(by_simd, by="SIMDQuintile", events="BedDays", per=1000)
    ratio = rate_ratios(rates).set_index("SIMDQuintile")["RateRatio"]
    crude = by_simd.groupby("SIMDQuintile")[["BedDays", "Population"]].sum()
    crude_rate = crude["BedDays"] / crude["Population"]
    q5 = by_simd[by_simd["SIMDQuintile"] == 5].set_index("AgeGroup")
    at_q5 = (
        by_simd["Population"]
        * by_simd["AgeGroup"].map(q5["BedDays"] / q5["Population"]).astype(float)
    ).sum()
    fewer = by_simd["BedDays"].sum() - at_q5
    rate = rates.set_index("SIMDQuintile")["Rate"]

    safe = queues.safe_occupancy_table([10, 24, 50, 100, 250], 0.05)["SafeOccupancy"]
    return [
        f"added {worked['demand']:.1f} patients a week and removed {worked['capacity']:.1f} "
        f"(queue load {worked['load']:.3f})",
        f"list hardly moved: {worked['waiting_now']:.0f} patients, a mean wait of about "
        f"{worked['mean_wait']:.1f} weeks by Little's law, with {worked['over_12']:.0f} "
        f"({worked['over_12'] / worked['waiting_now']:.0%}) waiting over 12 weeks",
        f"its target queue size is about {target:.0f} patients",
        f"relief capacity of {relief:.1f} patients a week, {extra:.1f} more than now "
        f"(about {extra * 26:,.0f} extra treatments); over 12 months it would need "
        f"{year_long:.1f} a week",
        f"a target capacity of {keep:.1f} a week",
        f"occupied {mean_occupied:.1f} emergency beds on an average night, from "
        f"{occupied.min()} to {occupied.max()}",
        f"{beds_5pc} beds would be exceeded on {poisson_share:.1%} of days; in the data they were "
        f"exceeded on {(occupied > beds_5pc).mean():.1%}",
        f"offered a load of {load:.1f} beds ({per_day:.2f} admissions a day staying {stay:.2f} "
        f"days on average)",
        f"would need {pooled} beds to turn away no more than 5%, and would run "
        f"{queues.erlang_occupancy(pooled, load):.0%} full",
        f"would need {sum(units)} beds between them and run {min(unit_occupancy):.0%} to "
        f"{max(unit_occupancy):.0%} full: {sum(units) - pooled} more beds",
        f"used {ratio.loc[1]:.2f} times the emergency bed days",
        f"({rate.loc[1]:.0f} against {rate.loc[5]:.0f} per 1,000)",
        f"the crude ratio, {crude_rate.loc[1] / crude_rate.loc[5]:.2f}, understates it",
        f"would have used {fewer:,.0f} fewer bed days in the year: "
        f"{fewer / by_simd['BedDays'].sum():.0%} of its emergency bed days, about "
        f"{fewer / 365:.0f} beds occupied every day",
        "| safe average occupancy (5% turned away) | "
        + " | ".join(f"{share:.0%}" for share in safe)
        + " |",
    ]


def notes_figures() -> list[str]:
    """The facilitator notes' table of what learners should find, row by row."""
    rows = []
    for specialty in ("General surgery", "Ophthalmology"):
        found = _specialty(specialty)
        factor = wl.factor_for_breach_probability(0.10)
        target = wl.target_queue_size(found["demand"], 12, factor)
        relief = wl.relief_capacity(found["demand"], found["waiting_now"], target, 26)
        rows.append(
            f"| {specialty} | {found['mean_wait']:.1f} | {target:.0f} | {relief:.1f} | "
            f"{found['capacity']:.1f} |"
        )
        rows.append(f"(queue load {found['load']:.3f})")
    names = datasets.load("localities").set_index("LocalityCode")["LocalityName"]
    for locality, name in names.items():
        beds, occupancy = _ward(locality)
        rows.append(
            f"| {locality} {name} | {beds} | {occupancy:.3f} | {_locality_ratio(locality):.2f} |"
        )
    return rows


def _text(path) -> str:
    return re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))


def test_the_chapter_quotes_the_data() -> None:
    text = _text(CHAPTER)
    missing = [phrase for phrase in chapter_figures() if phrase not in text]
    assert missing == [], f"book/identifying-gaps.md should say: {missing}"


def test_the_facilitator_notes_give_each_variant_s_answers() -> None:
    text = _text(NOTES)
    missing = [row for row in notes_figures() if row not in text]
    assert missing == [], f"the notes' table of answers should have: {missing}"


# --- the exercise ---------------------------------------------------------------------------


def test_the_exercise_leaves_out_the_worked_notebook_s_specialty() -> None:
    exercise = read_exercise(EXERCISE)
    specialties = exercise.parameter("specialty").one_of
    assert WORKED_SPECIALTY not in specialties
    assert set(specialties) < set(datasets.load("waiting_list")["Specialty"].astype(str))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert any(f'specialty = "{WORKED_SPECIALTY}"' in cell.source for cell in notebook.cells)


def test_the_exercise_sizes_a_ward_for_a_5_percent_risk() -> None:
    # The three tasks the curriculum names, and the small-ward lesson: no locality's frailty
    # ward reaches 85% at a 5% risk.
    for locality in ("LVL01", "LVL02", "LVL03", "LVL04"):
        beds, occupancy = _ward(locality)
        assert queues.erlang_b(beds, _load_85(locality)) <= 0.05
        assert occupancy < 0.85
        assert beds > math.ceil(_load_85(locality) / 0.85)


def _load_85(locality: str) -> float:
    last = _last_year()
    oldest = last[(last["LocalityCode"] == locality) & (last["AgeGroup"] == "85plus")]
    return float(oldest["BedDays"].sum() / 365)
