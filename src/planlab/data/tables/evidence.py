"""Published evidence of what frailty and intermediate care services change: module 10's table.

Unlike every other table, this one is not synthetic. Each row is a pooled effect from a
Cochrane review, copied from the review's summary of findings or abstract, with its
source in the row, and each figure was checked against that source (``VerifiedAgainst``
names the page it was read on). There is no randomness and no seed: the same rows every
time.

Reviews report 95% confidence intervals; the course writes an effect as an **80%
interval** (a 10% chance the truth is below it and 10% above). The 80% interval here
assumes the log of the risk ratio is normally distributed, as the review's own analysis
does: its standard error is the width of the 95% interval on the log scale over
``2 x 1.96``, and the 80% interval is the published estimate times or divided by
``exp(1.2816 x standard error)``. So on the log scale the 80% interval is the 95% one
narrowed by 1.2816 / 1.96 = 0.654, centred on the published estimate.

What the reviews could not give is as instructive as what they give: the review of
inpatient comprehensive geriatric assessment could not pool length of stay (its summary
of findings says "not estimable"), none of the reviews found fewer hospital admissions,
and the course's data brief found no pooled effect with an interval for anticipatory
care planning, community geriatric assessment, frailty units at the front door or
discharge to assess.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import pandas as pd

__all__ = [
    "CERTAINTIES",
    "DECIMALS",
    "INTERVENTIONS",
    "OUTCOME_GROUPS",
    "SOURCES",
    "UNVERIFIED",
    "VERIFIED_ELSEWHERE",
    "Z_95",
    "interval_80",
    "make_intervention_evidence",
]

#: z for a two-sided 95% interval (1.96) and an 80% interval (1.2816).
Z_95 = NormalDist().inv_cdf(0.975)
Z_80 = NormalDist().inv_cdf(0.90)
#: Relative changes are written to this many decimal places (0.0001 is 0.01 percentage points).
DECIMALS = 4

CGA = "Inpatient comprehensive geriatric assessment"
HAH = "Admission avoidance hospital at home"
ESD = "Early discharge hospital at home (stroke)"

#: The interventions, with the service a Scottish partnership would call them and who they are for.
INTERVENTIONS: dict[str, tuple[str, str, str]] = {
    CGA: (
        "Frailty assessment on admission: a geriatric ward or mobile frailty team",
        "65plus",
        "Older adults with unplanned admissions to hospital, in 9 mostly high-income countries",
    ),
    HAH: (
        "Step-up hospital at home instead of an acute admission",
        "65plus",
        "Older people who would otherwise be admitted to hospital (summary of findings 1; "
        "the review recruited adults aged 18 and over)",
    ),
    ESD: (
        "Step-down: early supported discharge with treatment at home",
        "18plus",
        "Adults recovering from a stroke (one of the review's groups of trials)",
    ),
}

#: Each source: short citation, the review's address, and the page the figures were read on.
SOURCES: dict[str, tuple[str, str, str]] = {
    "S33": (
        "Ellis G et al. Comprehensive geriatric assessment for older adults admitted to "
        "hospital. Cochrane Database Syst Rev 2017;9:CD006211, summary of findings",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC6484374/",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC6484374/table/CD006211-tbl-0001",
    ),
    "S34": (
        "Edgar K et al. Admission avoidance hospital at home. Cochrane Database Syst Rev "
        "2024;3:CD007491, summary of findings 1",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC10911897/",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC10911897/table/CD007491-tbl-0001",
    ),
    "S35": (
        "Gonçalves-Bradley DC et al. Early discharge hospital at home. Cochrane Database "
        "Syst Rev 2017;6:CD000356, abstract",
        "https://www.cochranelibrary.com/cdsr/doi/10.1002/14651858.CD000356.pub4",
        "https://cochranelibrary.com/cdsr/doi/10.1002/14651858.CD000356.pub4/ms",
    ),
}
#: Where a figure was read somewhere other than its source's usual page: the institutional
#: care figure of S35 is cut from the copy of the English abstract above, and was read in
#: Cochrane's Chinese translation of the same abstract.
VERIFIED_ELSEWHERE: dict[str, str] = {
    "E09": "https://cochranelibrary.com/es/cdsr/doi/10.1002/14651858.CD000356.pub4/full/zh-hans",
}
#: Effects whose figures could not be checked against their source; ``Verified`` is "no" for
#: them. None at present: every figure was found on the page ``VerifiedAgainst`` names.
UNVERIFIED: frozenset[str] = frozenset()

#: The outcome groups a planner maps effects onto.
OUTCOME_GROUPS: tuple[str, ...] = (
    "hospital admission",
    "readmission",
    "care home admission",
    "living at home",
    "mortality",
)
#: GRADE certainty, as the reviews report it; "not read" where the page read did not show it.
CERTAINTIES: tuple[str, ...] = ("high", "moderate", "low", "very low", "not read")

# EffectId, Intervention, Outcome, OutcomeGroup, FollowUp, Trials, Participants, Certainty,
# risk ratio and its 95% interval, source code. Every figure as the source prints it.
EFFECTS: tuple[tuple[str, str, str, str, str, int, int, str, float, float, float, str], ...] = (
    ("E01", CGA, "Living at home", "living at home", "3 to 12 months",
     16, 6_799, "high", 1.06, 1.01, 1.10, "S33"),
    ("E02", CGA, "Mortality", "mortality", "3 to 12 months",
     21, 10_023, "high", 1.00, 0.93, 1.07, "S33"),
    ("E03", CGA, "Admission to a nursing home", "care home admission", "3 to 12 months",
     14, 6_285, "high", 0.80, 0.72, 0.89, "S33"),
    ("E04", HAH, "Mortality", "mortality", "6 months",
     5, 1_502, "moderate", 0.88, 0.68, 1.13, "S34"),
    ("E05", HAH, "Admission to hospital", "hospital admission", "3 to 12 months",
     8, 1_757, "moderate", 1.14, 0.97, 1.34, "S34"),
    ("E06", HAH, "Living in residential care", "care home admission", "6 months",
     4, 1_271, "moderate", 0.53, 0.41, 0.69, "S34"),
    ("E07", ESD, "Mortality", "mortality", "3 to 6 months",
     11, 1_114, "moderate", 0.92, 0.57, 1.48, "S35"),
    ("E08", ESD, "Hospital readmission", "readmission", "not stated in the abstract",
     5, 345, "low", 1.09, 0.71, 1.66, "S35"),
    ("E09", ESD, "Living in an institutional setting", "care home admission", "6 months",
     4, 574, "not read", 0.63, 0.40, 0.98, "S35"),
)  # fmt: skip

COLUMNS: tuple[str, ...] = (
    "EffectId",
    "Intervention",
    "LocalService",
    "Outcome",
    "OutcomeGroup",
    "FollowUp",
    "AgeGroup",
    "Population",
    "StudyDesign",
    "Trials",
    "Participants",
    "Certainty",
    "EffectMeasure",
    "Estimate",
    "Lower95",
    "Upper95",
    "RelativeChange",
    "RelativeChangeLow80",
    "RelativeChangeHigh80",
    "SourceCode",
    "Source",
    "SourceUrl",
    "Verified",
    "VerifiedAgainst",
)

STUDY_DESIGN = "Cochrane systematic review: meta-analysis of randomised trials"


def interval_80(estimate: float, lower_95: float, upper_95: float) -> tuple[float, float]:
    """Return the 80% interval of a ratio from its published estimate and 95% interval.

    The log of the ratio is taken to be normal, with the standard error that the 95%
    interval implies, centred on the published estimate.

    Parameters
    ----------
    estimate
        The published ratio, such as a risk ratio of 0.80.
    lower_95, upper_95
        Its published 95% confidence interval.

    Returns
    -------
    tuple of float
        The low and high ends of the 80% interval, as ratios.

    Examples
    --------
    >>> [round(end, 3) for end in interval_80(0.80, 0.72, 0.89)]
    [0.746, 0.857]
    """
    standard_error = (math.log(upper_95) - math.log(lower_95)) / (2 * Z_95)
    half_width = Z_80 * standard_error
    centre = math.log(estimate)
    return math.exp(centre - half_width), math.exp(centre + half_width)


def make_intervention_evidence() -> pd.DataFrame:
    """Make the table of published intervention effects, each with its 80% interval.

    Returns
    -------
    pandas.DataFrame
        One row per effect (intervention and outcome): the published risk ratio and its
        95% interval, the relative change (ratio minus 1) and its 80% interval, who it
        applies to, the study design and the source.
    """
    rows = []
    for (
        effect_id,
        intervention,
        outcome,
        group,
        follow_up,
        trials,
        participants,
        certainty,
        estimate,
        lower,
        upper,
        code,
    ) in EFFECTS:
        service, age_group, population = INTERVENTIONS[intervention]
        citation, url, checked = SOURCES[code]
        low_80, high_80 = interval_80(estimate, lower, upper)
        rows.append(
            (
                effect_id,
                intervention,
                service,
                outcome,
                group,
                follow_up,
                age_group,
                population,
                STUDY_DESIGN,
                trials,
                participants,
                certainty,
                "RR",
                estimate,
                lower,
                upper,
                round(estimate - 1, DECIMALS),
                round(low_80 - 1, DECIMALS),
                round(high_80 - 1, DECIMALS),
                code,
                citation,
                url,
                "no" if effect_id in UNVERIFIED else "yes",
                VERIFIED_ELSEWHERE.get(effect_id, checked),
            )
        )
    return pd.DataFrame(rows, columns=list(COLUMNS))
