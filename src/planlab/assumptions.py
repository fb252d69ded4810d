r"""Lochanvale's planning assumptions: one place for the figures several modules share.

Lochanvale Health and Social Care Partnership is fictional. A workshop of its clinicians,
managers and analysts (also fictional) agreed the assumptions below for its frailty pathway
and its bed plan. Modules 10 and 11, and the book's scenario explorer, take them from here,
so that the pathway a learner models in module 10 is the pathway module 11 plans beds with.
Each states its basis: a row of the course's ``intervention_evidence`` table (a published
Cochrane effect), a business case, or a local assumption.

**The frailty pathway**, for residents aged 75 and over (:data:`OLDER_AGE_GROUPS`), as
80% intervals of the relative change in the people each part reaches:

============  ==============  =============================  ========  ==========================
scheme        acts on         interval                       reach     basis
============  ==============  =============================  ========  ==========================
frailty unit  admissions      -10% to 0% (80%)               60%       local assumption; E01
                                                                       found more people living
                                                                       at home, not fewer
                                                                       admissions
frailty unit  length of stay  -20% to 0% (80%)               60%       local assumption; no
                                                                       review pools a length of
                                                                       stay
community     admissions      -35% to +10% (95%, which is    35%       business case (fictional);
                              -28.8% to +0.4% as 80%)                  E05 found 14% more
                                                                       admissions (RR 1.14)
============  ==============  =============================  ========  ==========================

25% of the admissions aged 75+ are of people in both cohorts (:data:`OVERLAP`), a local
assumption. The schemes are combined as overlapping cohorts
(:func:`planlab.impacts.combine_overlapping`): with reductions :math:`e_1 = 1 - r_a r_l`
and :math:`e_2 = 1 - r_c`, the share of the 75+ bed days saved is
:math:`s_1 e_1 + s_2 e_2 - s_{12} e_1 e_2` (:func:`pathway_saving`).

**The bed plan**: beds are planned at 85% average occupancy (:data:`TARGET_OCCUPANCY`), a
new ward has 24 beds (:data:`WARD_BEDS`), and today's beds are those 2024/25's emergency
bed days need at 85% (:func:`todays_beds`), since the data hold no count of beds.
:func:`demographic_bed_days` is module 4's demographic projection: 2024/25's bed days per
resident of each age applied to the principal population projection.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import pandas as pd

from planlab import datasets
from planlab.capacity import DAYS_IN_YEAR, beds_needed
from planlab.checks import Seed
from planlab.demand import project_activity, regroup_ages
from planlab.errors import InputValueError
from planlab.impacts import DEFAULT_DRAWS, DEFAULT_SEED, Effect, combine_overlapping, draw_effects
from planlab.projection import age_specific_rates

__all__ = [
    "AGE_GROUPS",
    "BASE_YEAR",
    "COMMUNITY_ADMISSIONS",
    "COMMUNITY_REACH",
    "FRAILTY_UNIT_ADMISSIONS",
    "FRAILTY_UNIT_REACH",
    "FRAILTY_UNIT_STAY",
    "OLDER_AGE_GROUPS",
    "OVERLAP",
    "TARGET_OCCUPANCY",
    "WARD_BEDS",
    "assumptions_table",
    "demographic_bed_days",
    "pathway_effects",
    "pathway_saving",
    "todays_beds",
]

#: The financial year the projections start from and today's beds are counted in (2024/25).
BASE_YEAR = 2024

#: The age groups of the emergency admissions data, youngest first.
AGE_GROUPS = ("0-4", "5-14", "15-44", "45-64", "65-74", "75-84", "85plus")

#: The age groups the frailty pathway is for: residents aged 75 and over.
OLDER_AGE_GROUPS = ("75-84", "85plus")

#: Frailty unit at the front door: admissions of the people it sees, -10% to 0% (80%
#: interval). Local assumption: E01 found more people living at home, not fewer admissions.
FRAILTY_UNIT_ADMISSIONS = Effect(-0.10, 0.0, name="Admissions")

#: Frailty unit: length of stay of the people it sees, -20% to 0% (80% interval). Local
#: assumption: no review in ``intervention_evidence`` gives a pooled length of stay.
FRAILTY_UNIT_STAY = Effect(-0.20, 0.0, name="Length of stay")

#: Share of the emergency admissions of people aged 75+ that the frailty unit sees.
FRAILTY_UNIT_REACH = 0.60

#: Community scheme (anticipatory care, step-up beds): admissions of the people it reaches,
#: -35% to +10% as a 95% interval (its business case, fictional); E05 found no fewer.
COMMUNITY_ADMISSIONS = Effect(-0.35, 0.10, level=0.95, name="Admissions")

#: Share of the emergency admissions of people aged 75+ that are of people on the
#: community frailty register, whom the community scheme reaches.
COMMUNITY_REACH = 0.35

#: Share of the emergency admissions of people aged 75+ in both cohorts (local assumption).
OVERLAP = 0.25

#: The target average bed occupancy beds are planned at (85%).
TARGET_OCCUPANCY = 0.85

#: The beds in one new ward: a local assumption (wards of 24 to 28 beds are usual).
WARD_BEDS = 24


def assumptions_table() -> pd.DataFrame:
    """Return the frailty pathway's assumptions, one row per effect, each with its basis.

    Returns
    -------
    pandas.DataFrame
        Columns ``Scheme``, ``Acts on``, ``Effect`` (the :class:`planlab.impacts.Effect`),
        ``Reach`` (a share of admissions aged 75+) and ``Basis``.
    """
    return pd.DataFrame(
        [
            (
                "Frailty unit",
                "Admissions",
                FRAILTY_UNIT_ADMISSIONS,
                FRAILTY_UNIT_REACH,
                "Workshop assumption (fictional). E01: more people living at home (RR 1.06)",
            ),
            (
                "Frailty unit",
                "Length of stay",
                FRAILTY_UNIT_STAY,
                FRAILTY_UNIT_REACH,
                "Workshop assumption (fictional). No review gives a pooled length of stay",
            ),
            (
                "Community",
                "Admissions",
                COMMUNITY_ADMISSIONS,
                COMMUNITY_REACH,
                "Business case, 95% interval (fictional). E05: no fewer admissions (RR 1.14)",
            ),
        ],
        columns=["Scheme", "Acts on", "Effect", "Reach", "Basis"],
    )


def pathway_effects() -> dict[str, Effect]:
    """Return the pathway's three effects by name, in the order they are drawn.

    The frailty unit's admissions, then its length of stay, then the community scheme's
    admissions: the order module 10 draws them in, so that the same seed gives the same
    draws everywhere.
    """
    return {
        "Frailty unit: admissions": FRAILTY_UNIT_ADMISSIONS,
        "Frailty unit: stay": FRAILTY_UNIT_STAY,
        "Community: admissions": COMMUNITY_ADMISSIONS,
    }


def pathway_saving(draws: int = DEFAULT_DRAWS, seed: Seed = DEFAULT_SEED) -> pd.Series:
    r"""Return draws of the share of the 75+ bed days the whole frailty pathway saves.

    The three effects of :func:`pathway_effects` are drawn in turn from one seeded
    generator (:func:`planlab.impacts.draw_effects`), turned into each scheme's reduction
    in the bed days of the people it reaches, :math:`e_1 = 1 - r_a r_l` for the frailty
    unit and :math:`e_2 = 1 - r_c` for the community scheme, and combined as overlapping
    cohorts: :math:`s_1 e_1 + s_2 e_2 - s_{12} e_1 e_2` with the reaches and overlap above.
    The share does not depend on the year: times a year's 75+ bed days, it is that year's
    saving (module 10 gives a median of 7,801 bed days in 2030/31).

    Parameters
    ----------
    draws
        The number of draws.
    seed
        A whole number or a numpy Generator; the same seed gives the same draws.

    Returns
    -------
    pandas.Series
        ``PathwaySaving``: one share (0.14 is 14%) per draw. Below zero when a draw adds
        bed days.
    """
    ratios = draw_effects(pathway_effects(), draws, seed)
    unit = 1 - ratios["Frailty unit: admissions"] * ratios["Frailty unit: stay"]
    community = 1 - ratios["Community: admissions"]
    saved = combine_overlapping(
        [unit.to_numpy(), community.to_numpy()], [FRAILTY_UNIT_REACH, COMMUNITY_REACH], OVERLAP
    )
    return pd.Series(saved, name="PathwaySaving")


@functools.cache
def _demographic(ages: tuple[str, ...]) -> pd.Series:
    admissions = datasets.load("emergency_admissions")
    population = datasets.load("population")
    month = admissions["Month"]
    in_base_year = month.dt.year - (month.dt.month < 4) == BASE_YEAR
    base = (
        admissions[in_base_year].groupby("AgeGroup", observed=True)["BedDays"].sum().reset_index()
    )
    base["AgeGroup"] = base["AgeGroup"].astype(str)
    people = regroup_ages(population[population["Year"] == BASE_YEAR], base["AgeGroup"], by=[])
    rates = age_specific_rates(base, people, activity_column="BedDays")
    rates.loc[~rates["AgeGroup"].isin(ages), "Rate"] = 0.0
    projected = project_activity(
        datasets.load("population_projections"), rates, variant="principal", result="BedDays"
    )
    return projected.set_index("Year")["BedDays"].astype(float)


def demographic_bed_days(ages: Sequence[str] | None = None) -> pd.Series:
    """Return module 4's demographic projection of emergency bed days, year by year.

    2024/25's emergency bed days per 1,000 residents of each age group, applied to the
    principal population projection: the demographic part only, with no other growth
    (:func:`planlab.scenarios.bed_days_by_year` adds that).

    Parameters
    ----------
    ages
        The age groups to count (the others' rates are set to 0), such as
        :data:`OLDER_AGE_GROUPS`; ``None`` counts every age.

    Returns
    -------
    pandas.Series
        ``BedDays`` indexed by the year each financial year starts, 2024 (2024/25) to the
        projection's last year.

    Raises
    ------
    InputValueError
        If an age group is not one of :data:`AGE_GROUPS`.
    """
    chosen = AGE_GROUPS if ages is None else tuple(ages)
    unknown = [age for age in chosen if age not in AGE_GROUPS]
    if isinstance(ages, str) or unknown or not chosen:
        raise InputValueError("ages", ages, f"a list of age groups from {', '.join(AGE_GROUPS)}")
    return _demographic(chosen).copy()


def todays_beds(demographic: pd.Series | None = None, occupancy: float = TARGET_OCCUPANCY) -> int:
    """Return today's beds: those 2024/25's emergency bed days need at 85% occupancy.

    The data hold no count of beds, so the course takes the beds module 8 found: the base
    year's bed days / (365 x occupancy), rounded up (:func:`planlab.capacity.beds_needed`).

    Parameters
    ----------
    demographic
        Bed days by year, the base year first; :func:`demographic_bed_days` if None.
    occupancy
        The occupancy today's beds are counted at.

    Returns
    -------
    int
        Whole beds (302 for Lochanvale).
    """
    days = demographic_bed_days() if demographic is None else demographic
    return int(beds_needed(float(days.iloc[0]), occupancy, DAYS_IN_YEAR))
