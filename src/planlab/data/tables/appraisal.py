"""The option appraisal tables: four intermediate-care options for Lochanvale (module 12).

Lochanvale Health and Social Care Partnership is fictional, and so is its business case.
The options, their costs and benefits and the stakeholder panel's scores are made here
from ``APPRAISAL_*`` parameters, each of which names its basis.

How the tables are made:

1. **Options** (:data:`OPTIONS`): OPT1 do minimum (keep spot-purchasing interim care
   home places), OPT2 a 20-bed step-up/step-down intermediate care unit, OPT3 a larger
   home-first reablement team, OPT4 hospital at home for frailty.
2. **Cash flows**, years 0 to 9 at 2026/27 prices. Every option pays for the
   do-minimum's interim places, which grow with the number of older people; options 2
   to 4 add their service: staff (whole-time equivalents by grade, at Agenda for Change
   salaries raised to 2026/27 pay, plus employer on-costs), non-pay costs and capital,
   each ramped up as the service is built and recruited. Bed days saved and extra people
   at home at 91 days follow the people the service takes. One factor per option, drawn
   from the table's own stream, moves capital, running costs and bed days by up to
   ``APPRAISAL_ESTIMATE_SPREAD``: another seed gives a different but equally plausible
   business case.
3. **Criteria and scores**: the panel's agreed weights; each member's score is the
   panel's median (``APPRAISAL_MEDIAN_SCORES``) plus a deviation. For each option and
   criterion, three members score below the median by drawn amounts, three above by
   the same amounts (now and then one a point more) and two on it, so the median is
   exactly the panel's and the mean close to it; members who lean towards the option
   (``APPRAISAL_PANEL``) tend to get the higher scores.
4. **Equity**: each option's benefit is shared across SIMD quintiles in proportion to
   the people aged 65+ in each locality and quintile (base year of ``population``), times
   the option's reach in the locality (``APPRAISAL_REACH``), times the quintile's
   emergency-stay ratio (``SIMD_EMERGENCY_RATIO``): bed days saved go to people who
   would have been in hospital, who more often live in deprived areas.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planlab.data import parameters as params
from planlab.data.tables.common import (
    LOCALITY_CODES,
    SIMD_QUINTILES,
    financial_year_labels,
    nearest_thousand,
    round_keeping_total,
    stream,
)

__all__ = [
    "CRITERIA",
    "OLDER_BANDS",
    "OPTIONS",
    "Criterion",
    "Option",
    "make_appraisal_cashflows",
    "make_appraisal_criteria",
    "make_appraisal_equity",
    "make_appraisal_options",
    "make_appraisal_scores",
    "service_cost",
]


@dataclass(frozen=True)
class Option:
    """One option of the business case: identifier, name, description, project type."""

    option_id: str
    name: str
    description: str
    project_type: str


@dataclass(frozen=True)
class Criterion:
    """One criterion of the panel's multi-criteria analysis."""

    code: str
    name: str
    description: str


#: Age bands of the people aged 65 and over.
OLDER_BANDS: tuple[str, ...] = params.AGE_BANDS[13:]

#: The four options. ``project_type`` is the optimism bias project type of the option's
#: capital (a key of ``planlab.appraisal.OPTIMISM_BIAS``), empty when it has none.
OPTIONS: tuple[Option, ...] = (
    Option(
        "OPT1",
        "Do minimum",
        "Keep spot-purchasing interim care home places for people waiting in hospital for a "
        "care home or care at home. Its costs go on under every other option too.",
        "",
    ),
    Option(
        "OPT2",
        "Intermediate care unit",
        "Build and staff a 20-bed step-up/step-down intermediate care unit in Strathmorven "
        "Towns, for people leaving hospital and people who would otherwise be admitted. It "
        "opens in 2028/29, after two years of building.",
        "standard buildings",
    ),
    Option(
        "OPT3",
        "Home-first reablement",
        "Grow the home-first reablement team by 27 staff so more people go home from "
        "hospital with up to six weeks of reablement instead of waiting for a package of "
        "care. Revenue only; most of the growth is in Corranbridge.",
        "",
    ),
    Option(
        "OPT4",
        "Hospital at home for frailty",
        "Start a hospital at home service that treats frail older people at home instead "
        "of admitting them, within 30 minutes of Lochanvale Royal Infirmary. Some "
        "equipment is bought in 2026/27 and partly renewed in 2031/32.",
        "equipment/development",
    ),
)

#: The five criteria the stakeholder panel agreed, in the order of ``APPRAISAL_WEIGHTS``.
CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "outcomes",
        "Outcomes for people",
        "How much the option improves people's health, independence and experience.",
    ),
    Criterion(
        "home_first",
        "Fit with home first",
        "How well the option supports people to stay at home or get home from hospital "
        "quickly, as the partnership's strategic plan commits to.",
    ),
    Criterion(
        "workforce",
        "Deliverability: workforce",
        "How likely the partnership is to recruit and keep the staff the option needs, "
        "given today's vacancies.",
    ),
    Criterion(
        "equity",
        "Equity",
        "How much of the benefit reaches people in the most deprived areas.",
    ),
    Criterion(
        "sustainability",
        "Sustainability",
        "Whether the option can be afforded and kept going over the years, and its "
        "environmental footprint.",
    ),
)


def _years() -> np.ndarray:
    return np.arange(params.APPRAISAL_YEARS)


def service_cost(service: params.AppraisalService) -> float:
    """Return a service's running cost a year at full running, at 2026/27 prices.

    Pay is each grade's whole-time equivalents times its 2023/24 salary, raised to
    2026/27 pay (``APPRAISAL_PAY_UPLIFT``) and by employer on-costs; non-pay is a share
    of that pay.

    Parameters
    ----------
    service
        One option's service (``APPRAISAL_SERVICES``).

    Returns
    -------
    float
        Pounds a year, not rounded.
    """
    salaries = sum(wte * params.APPRAISAL_SALARY_GBP[grade] for grade, wte in service.staff.items())
    pay = salaries * params.APPRAISAL_PAY_UPLIFT * (1 + params.EMPLOYER_ON_COSTS)
    return pay * (1 + service.non_pay_share)


def _interim_cost() -> np.ndarray:
    """Return the do-minimum's interim places' cost in each year, pounds (not rounded)."""
    places = params.APPRAISAL_INTERIM_PLACES * (1 + params.APPRAISAL_DEMAND_GROWTH) ** _years()
    return places * params.APPRAISAL_INTERIM_WEEK_GBP * 365.25 / 7


def make_appraisal_options() -> pd.DataFrame:
    """Make the table of the four options, one row each.

    Returns
    -------
    pandas.DataFrame
        ``OptionId`` (OPT1 to OPT4), ``OptionName``, ``Description``, ``ProjectType``
        (the optimism bias project type of its capital; empty when it has none) and
        ``FirstYear`` (the appraisal's year 0).
    """
    first = financial_year_labels(params.APPRAISAL_FIRST_YEAR, 1)[0]
    return pd.DataFrame(
        {
            "OptionId": [option.option_id for option in OPTIONS],
            "OptionName": [option.name for option in OPTIONS],
            "Description": [option.description for option in OPTIONS],
            "ProjectType": [option.project_type for option in OPTIONS],
            "FirstYear": [first] * len(OPTIONS),
        }
    )


def make_appraisal_cashflows(seed: int = params.DEFAULT_SEED) -> pd.DataFrame:
    """Make each option's costs and benefits by appraisal year (years 0 to 9).

    Parameters
    ----------
    seed
        The seed of the whole set of tables.

    Returns
    -------
    pandas.DataFrame
        One row per option and year: ``OptionId``, ``Year``, ``FinancialYear``,
        ``CapitalGBP`` and ``RevenueGBP`` (real terms, 2026/27 prices, to the nearest
        £1,000), ``BedDaysSaved`` and ``PeopleAtHomeAt91Days`` (against the do-minimum).
    """
    rng = stream(seed, "appraisal_cashflows")
    years = _years()
    interim = _interim_cost()
    spread = params.APPRAISAL_ESTIMATE_SPREAD
    frames = []
    for option in OPTIONS:  # four options, not rows
        capital = np.zeros(len(years))
        revenue = interim.copy()
        bed_days = np.zeros(len(years), dtype=np.int64)
        at_home = np.zeros(len(years), dtype=np.int64)
        service = params.APPRAISAL_SERVICES.get(option.option_id)
        if service is not None:
            capital_factor, cost_factor, benefit_factor = rng.uniform(1 - spread, 1 + spread, 3)
            capital = np.array(service.capital_gbp) * capital_factor
            revenue = revenue + service_cost(service) * cost_factor * np.array(service.staff_ramp)
            people = service.people_a_year * np.array(service.activity_ramp)
            bed_days = np.rint(people * service.bed_days_per_person * benefit_factor)
            at_home = np.rint(people * service.at_home_gain)
        frames.append(
            pd.DataFrame(
                {
                    "OptionId": option.option_id,
                    "Year": years,
                    "FinancialYear": financial_year_labels(params.APPRAISAL_FIRST_YEAR, len(years)),
                    "CapitalGBP": nearest_thousand(capital),
                    "RevenueGBP": nearest_thousand(revenue),
                    "BedDaysSaved": np.asarray(bed_days, dtype=np.int64),
                    "PeopleAtHomeAt91Days": np.asarray(at_home, dtype=np.int64),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def make_appraisal_criteria() -> pd.DataFrame:
    """Make the table of the panel's criteria and agreed weights, one row per criterion.

    Returns
    -------
    pandas.DataFrame
        ``Criterion`` (short identifier), ``CriterionName``, ``Description`` and
        ``Weight`` (whole numbers adding up to 100).
    """
    return pd.DataFrame(
        {
            "Criterion": [criterion.code for criterion in CRITERIA],
            "CriterionName": [criterion.name for criterion in CRITERIA],
            "Description": [criterion.description for criterion in CRITERIA],
            "Weight": [params.APPRAISAL_WEIGHTS[criterion.code] for criterion in CRITERIA],
        }
    )


def _deviations(rng: np.random.Generator, leans: np.ndarray, median: int) -> np.ndarray:
    """Return each member's whole-number deviation from the panel's median score.

    Three sizes of deviation are drawn; three members score that much below the median,
    three that much above and two on it, so the median is exact. Now and then one of the
    largest deviations is a point larger (``APPRAISAL_SCORE_ASYMMETRY``), so the mean can
    differ a little from the median. No deviation goes further from the median than the
    nearer end of the 0 to 10 scale. Members are ranked by their lean plus a random
    tie-break, and the highest scores go to those ranked highest.
    """
    sizes = np.sort(np.abs(np.rint(rng.normal(0.0, params.APPRAISAL_SCORE_SPREAD, 3))))
    below, above = sizes.copy(), sizes.copy()
    if rng.random() < params.APPRAISAL_SCORE_ASYMMETRY:
        (below if rng.random() < 0.5 else above)[-1] += 1
    room = min(median, 10 - median)
    deviations = np.concatenate(
        [-np.minimum(below, room)[::-1], [0.0, 0.0], np.minimum(above, room)]
    )
    rank = np.argsort(np.argsort(leans + rng.uniform(0.0, 1.5, leans.size), kind="stable"))
    return deviations[rank].astype(np.int64)


def make_appraisal_scores(seed: int = params.DEFAULT_SEED) -> pd.DataFrame:
    """Make each panel member's score of each option on each criterion.

    Parameters
    ----------
    seed
        The seed of the whole set of tables.

    Returns
    -------
    pandas.DataFrame
        One row per member, option and criterion: ``PanelMember`` (P01 to P08),
        ``PanelRole``, ``OptionId``, ``Criterion`` and ``Score`` (whole numbers, 0 to
        10). The median score of each option and criterion is the panel's
        (``APPRAISAL_MEDIAN_SCORES``).
    """
    rng = stream(seed, "appraisal_scores")
    roles = np.array(list(params.APPRAISAL_PANEL))
    leans = np.array(list(params.APPRAISAL_PANEL.values()))  # member x option
    members = np.array([f"P{number:02d}" for number in range(1, len(roles) + 1)])
    option_ids = [option.option_id for option in OPTIONS]
    criteria = [criterion.code for criterion in CRITERIA]
    scores = np.empty((len(roles), len(option_ids), len(criteria)), dtype=np.int64)
    for place, option_id in enumerate(option_ids):  # 4 options x 5 criteria draws
        medians = params.APPRAISAL_MEDIAN_SCORES[option_id]
        for column, median in enumerate(medians):
            scores[:, place, column] = median + _deviations(rng, leans[:, place], median)
    shape = scores.shape
    return pd.DataFrame(
        {
            "PanelMember": np.repeat(members, shape[1] * shape[2]),
            "PanelRole": np.repeat(roles, shape[1] * shape[2]),
            "OptionId": np.tile(np.repeat(option_ids, shape[2]), shape[0]),
            "Criterion": np.tile(criteria, shape[0] * shape[1]),
            "Score": scores.ravel(),
        }
    )


def make_appraisal_equity(population: pd.DataFrame) -> pd.DataFrame:
    """Make each option's share of benefit by SIMD quintile.

    Parameters
    ----------
    population
        The population table; its base year's people aged 65+ by locality and SIMD
        quintile set where the benefit goes.

    Returns
    -------
    pandas.DataFrame
        One row per option and SIMD quintile (1 most deprived): ``OptionId``,
        ``SIMDQuintile`` and ``ShareOfBenefit`` (rounded to 3 decimals so that each
        option's five shares add up to exactly 1).
    """
    base = population[
        (population["Year"] == params.BASE_YEAR) & (population["AgeGroup"].isin(OLDER_BANDS))
    ]
    older = (
        base.groupby(["LocalityCode", "SIMDQuintile"])["Population"]
        .sum()
        .unstack(fill_value=0)
        .reindex(index=LOCALITY_CODES, columns=SIMD_QUINTILES, fill_value=0)
        .to_numpy(dtype=float)
    )  # locality x quintile
    need = np.array(params.SIMD_EMERGENCY_RATIO)
    rows = []
    for option in OPTIONS:
        reach = np.array(params.APPRAISAL_REACH[option.option_id])
        weight = (reach[:, None] * older).sum(axis=0) * need
        thousandths = round_keeping_total(1000 * weight / weight.sum())
        rows.append(
            pd.DataFrame(
                {
                    "OptionId": option.option_id,
                    "SIMDQuintile": SIMD_QUINTILES,
                    "ShareOfBenefit": thousandths / 1000,
                }
            )
        )
    return pd.concat(rows, ignore_index=True)
