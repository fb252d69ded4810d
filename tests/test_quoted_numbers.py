"""Numbers quoted from the data in the chapters still match the data.

``book/quoted-numbers.yml`` lists each number a chapter quotes from the course's synthetic data,
the phrase it appears in, and a function below that computes it with ``planlab``. The data are
regenerated from time to time; this test says which sentences to update. It runs no notebooks.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from planlab import datasets
from planlab import forecasting as fc
from planlab.capacity import beds_needed
from planlab.demand import growth_factor, nhp_growth_rate, project_activity, regroup_ages
from planlab.projection import age_specific_rates, select_projection
from planlab.rates import BROAD_AGE_BANDS, standardised_rates

ROOT = Path(__file__).resolve().parents[1]
ENTRIES = yaml.safe_load((ROOT / "book" / "quoted-numbers.yml").read_text(encoding="utf-8"))
BASE_YEAR = 2024
TARGET_YEAR = 2040


@functools.cache
def _admissions() -> pd.DataFrame:
    admissions = datasets.load("emergency_admissions")
    month = admissions["Month"]
    return admissions.assign(FinancialYear=month.dt.year - (month.dt.month < 4))


@functools.cache
def _by_simd_age() -> pd.DataFrame:
    band_to_group = {band: group for group, bands in BROAD_AGE_BANDS.items() for band in bands}
    population = datasets.load("population")
    pop_2024 = population[population["Year"] == BASE_YEAR].assign(
        AgeGroup=lambda d: d["AgeGroup"].astype(str).map(band_to_group)
    )
    last_year = _admissions()[_admissions()["FinancialYear"] == BASE_YEAR]
    return (
        last_year.groupby(["SIMDQuintile", "AgeGroup"], observed=True)["EmergencyAdmissions"]
        .sum()
        .to_frame()
        .join(pop_2024.groupby(["SIMDQuintile", "AgeGroup"], observed=True)["Population"].sum())
        .reset_index()
    )


def crude_ratio_q1_q5() -> float:
    crude = _by_simd_age().groupby("SIMDQuintile")[["EmergencyAdmissions", "Population"]].sum()
    rate = crude["EmergencyAdmissions"] / crude["Population"]
    return float(rate.loc[1] / rate.loc[5])


def _q1_q5() -> tuple[float, float, float]:
    simd = standardised_rates(_by_simd_age(), by="SIMDQuintile", per=1000).set_index("SIMDQuintile")
    q1, q5 = simd.loc[1], simd.loc[5]
    rr = q1["Rate"] / q5["Rate"]
    se = np.sqrt(q1["Variance"] / q1["Rate"] ** 2 + q5["Variance"] / q5["Rate"] ** 2)
    return float(rr), float(rr * np.exp(-1.959964 * se)), float(rr * np.exp(1.959964 * se))


def standardised_ratio_q1_q5() -> float:
    return _q1_q5()[0]


def standardised_ratio_q1_q5_ci() -> tuple[float, float]:
    return _q1_q5()[1:]


@functools.cache
def _demographic() -> pd.DataFrame:
    admissions = _admissions()
    base = (
        admissions[admissions["FinancialYear"] == BASE_YEAR]
        .groupby("AgeGroup", observed=True)["BedDays"]
        .sum()
        .reset_index()
    )
    base["AgeGroup"] = base["AgeGroup"].astype(str)
    population = datasets.load("population")
    people = regroup_ages(population[population["Year"] == BASE_YEAR], base["AgeGroup"], by=[])
    rates = age_specific_rates(base, people, activity_column="BedDays")
    projections = datasets.load("population_projections")
    return project_activity(
        projections, rates, variant=["low", "principal", "high"], result="BedDays"
    )


def base_bed_days() -> float:
    admissions = _admissions()
    return float(admissions.loc[admissions["FinancialYear"] == BASE_YEAR, "BedDays"].sum())


def principal_2040_demographic() -> float:
    table = _demographic()
    row = table[(table["Variant"] == "principal") & (table["Year"] == TARGET_YEAR)]
    return float(row["BedDays"].iloc[0])


def _grown(rate: float) -> float:
    return principal_2040_demographic() * growth_factor(rate, TARGET_YEAR - BASE_YEAR)


def principal_2040_option_2() -> float:
    return _grown(nhp_growth_rate("option 2"))


def principal_2040_option_1() -> float:
    return _grown(nhp_growth_rate("option 1"))


def principal_2040_one_percent() -> float:
    return _grown(0.01)


def principal_2040_beds() -> int:
    return beds_needed(principal_2040_option_2(), 0.85)


def _older(variant: str, year: int) -> float:
    projections = datasets.load("population_projections")
    table = select_projection(projections, variant, min_age=75)
    return float(table.loc[table["Year"] == year, "Population"].iloc[0])


def people_75_plus_2024() -> float:
    return _older("principal", BASE_YEAR)


def growth_75_plus_low_high() -> tuple[float, float]:
    return tuple(
        (_older(variant, 2045) / _older(variant, BASE_YEAR) - 1) * 100
        for variant in ("low", "high")
    )


def smart_complete() -> tuple[float, float]:
    commitments = datasets.load("draft_plan_commitments")
    smart = (
        (commitments["Specific"] == "yes")
        & (commitments["Measurable"] == "yes")
        & (commitments["Owner"] != "")
        & commitments["DueDate"].notna()
    )
    return float(smart.sum()), float(smart.mean() * 100)


def checklist_missing() -> str:
    # The checklist as the worked notebook writes it, so the chapter and notebook agree.
    notebook = json.loads(
        (ROOT / "notebooks" / "strategic-planning.ipynb").read_text(encoding="utf-8")
    )
    source = next(
        "".join(cell["source"])
        for cell in notebook["cells"]
        if cell["cell_type"] == "code" and "".join(cell["source"]).startswith("checklist = [")
    )
    namespace: dict[str, object] = {}
    exec(source, namespace)  # the course's own notebook cell: a list of strings
    checklist = namespace["checklist"]
    sections = datasets.load("draft_plan_sections")
    covered = set(sections.loc[sections["Present"] == "yes", "StatutoryContent"])
    missing = sum(item not in covered for item in checklist)
    words = {2: "Two", 3: "Three", 4: "Four", 5: "Five"}
    assert len(checklist) == 8, "the chapter says 'of the eight'"
    return words.get(missing, str(missing))


@functools.cache
def _monthly_total() -> pd.Series:
    return _admissions().groupby("Month")["EmergencyAdmissions"].sum().astype(float)


def _hold_out() -> tuple[pd.Series, pd.Series]:
    monthly = _monthly_total()
    return monthly.iloc[:-12], monthly.iloc[-12:]


def hold_out_snaive_mae() -> float:
    train, test = _hold_out()
    return fc.mae(test, fc.seasonal_naive_forecast(train, 12))


def hold_out_holt_winters_mae() -> float:
    train, test = _hold_out()
    return fc.mae(test, fc.holt_winters(train, 12, level=0.8)["Forecast"])


def forecast_2025_26() -> tuple[float, float]:
    # As the worked notebook does: 2020/21 replaced by the mean of each calendar month in the
    # other years, then Holt-Winters fitted on all ten years.
    monthly = _monthly_total()
    pandemic = (monthly.index >= pd.Period("2020-04", "M")) & (
        monthly.index <= pd.Period("2021-03", "M")
    )
    usual = monthly[~pandemic].groupby(monthly[~pandemic].index.month).mean()
    adjusted = monthly.copy()
    adjusted[pandemic] = usual.loc[monthly.index[pandemic].month].to_numpy()
    forecast = fc.holt_winters(adjusted, 12, level=0.8)["Forecast"]
    return float(forecast.sum()), float(monthly.iloc[-12:].sum())


def corranbridge_crude_rate() -> tuple[float, float]:
    # The chapter rounds the population to 52,000, as a planner would quote it.
    last_year = _admissions()[_admissions()["FinancialYear"] == BASE_YEAR]
    count = float(last_year.loc[last_year["LocalityCode"] == "LVL01", "EmergencyAdmissions"].sum())
    return count, count / 52_000 * 1000


@pytest.mark.parametrize("entry", ENTRIES, ids=[f"{e['file']}:{e['value']}" for e in ENTRIES])
def test_quoted_number_matches_the_data(entry: dict[str, str]) -> None:
    value = globals()[entry["value"]]()
    values = value if isinstance(value, tuple) else (value,)
    printed = entry["format"].format(*values)
    chapter = " ".join((ROOT / entry["file"]).read_text(encoding="utf-8").split())
    assert printed in entry["text"], (
        f"{entry['what']}: the data now give {printed!r}; update {entry['file']} "
        f"and book/quoted-numbers.yml (quoted as {entry['text']!r})"
    )
    assert entry["text"] in chapter, f"{entry['file']} no longer says {entry['text']!r}"
