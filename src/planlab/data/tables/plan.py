"""The draft strategic plan tables: its sections and its commitments.

Lochanvale Health and Social Care Partnership is fictional, and so is its draft plan. The
plan is written out in full here (no randomness): a learner audits it against the Scottish
statutory guidance's checklist for strategic plans, judges whether each commitment is
specific, measurable, owned and dated, and maps each to a step of the planning cycle.

The draft has faults on purpose, so that the audit finds something: it has no market
facilitation plan, its housing contribution statement and one locality plan are headings
with nothing under them, and many commitments are vague or lack an owner or a date.
"""

from __future__ import annotations

import pandas as pd

__all__ = [
    "NO_STATUTORY_CONTENT",
    "STATUTORY_CONTENTS",
    "make_draft_plan_commitments",
    "make_draft_plan_sections",
]

#: The statutory contents of a strategic plan that the course's audit checks for, in the
#: order the course lists them (Scottish Government statutory guidance on strategic plans).
STATUTORY_CONTENTS: tuple[str, ...] = (
    "Strategic planning group input",
    "Joint strategic needs assessment",
    "Localities set out separately",
    "Market facilitation plan",
    "Housing contribution statement",
    "Link to medium-term financial plan",
    "Impact assessments published with the plan",
)

#: The value of ``StatutoryContent`` for a section that covers none of the checklist.
NO_STATUTORY_CONTENT = "none"

# SectionId, Title, StatutoryContent, Present ("yes" if the draft holds its content), Pages
SECTIONS: tuple[tuple[str, str, str, str, int], ...] = (
    ("S01", "Foreword from the chair of the integration joint board", "none", "yes", 1),
    ("S02", "Our vision and priorities", "none", "yes", 2),
    (
        "S03",
        "How we wrote this plan: the strategic planning group and what people told us",
        "Strategic planning group input",
        "yes",
        3,
    ),
    (
        "S04",
        "What our population needs: summary of the joint strategic needs assessment",
        "Joint strategic needs assessment",
        "yes",
        6,
    ),
    ("S05", "Corranbridge locality plan", "Localities set out separately", "yes", 3),
    ("S06", "Ellisfield locality plan", "Localities set out separately", "yes", 3),
    ("S07", "Strathmorven Towns locality plan", "Localities set out separately", "yes", 2),
    (
        "S08",
        "Glen Tarrach and the Isles locality plan (to follow)",
        "Localities set out separately",
        "no",
        0,
    ),
    ("S09", "Priority 1: prevention and early intervention", "none", "yes", 3),
    ("S10", "Priority 2: home first", "none", "yes", 4),
    ("S11", "Priority 3: supporting unpaid carers", "none", "yes", 2),
    ("S12", "Priority 4: our workforce", "none", "yes", 2),
    (
        "S13",
        "Housing contribution statement (to follow)",
        "Housing contribution statement",
        "no",
        0,
    ),
    (
        "S14",
        "Finance: how this plan links to the medium-term financial plan",
        "Link to medium-term financial plan",
        "yes",
        4,
    ),
    (
        "S15",
        "Equality, Fairer Scotland Duty and island communities impact assessments",
        "Impact assessments published with the plan",
        "yes",
        2,
    ),
    ("S16", "How we will know: performance and review", "none", "yes", 2),
)

# CommitmentId, SectionId, Text, PlanningStep, Specific, Measurable, Indicator, Owner, DueDate
COMMITMENTS: tuple[tuple[str, str, str, int, str, str, str, str, str], ...] = (
    ("C01", "S02", "We will improve health and wellbeing outcomes for everyone in Lochanvale.",
     2, "no", "no", "", "", ""),
    ("C02", "S02", "We will shift the balance of care from hospital to the community.",
     2, "no", "no", "", "Chief Officer", ""),
    ("C03", "S04", "Refresh the joint strategic needs assessment each year, with a profile of "
     "each of the four localities, and publish it by 30 June.",
     1, "yes", "yes", "Needs assessment published", "Head of Strategic Planning", "2026-06-30"),
    ("C04", "S04", "Develop a better understanding of unmet need for care at home.",
     1, "no", "no", "", "", "2027-03-31"),
    ("C05", "S05", "Reduce the emergency admission rate of Corranbridge residents aged 65 and "
     "over by 5% against 2024/25, by March 2028.",
     2, "yes", "yes", "Emergency admissions per 1,000 people aged 65+",
     "Locality Manager, Corranbridge", "2028-03-31"),
    ("C06", "S05", "Work with communities to tackle health inequalities.",
     4, "no", "no", "", "Locality Manager, Corranbridge", ""),
    ("C07", "S06", "Put a community link worker in every Ellisfield GP practice by September "
     "2025.",
     3, "yes", "yes", "Practices with a community link worker", "Head of Primary Care",
     "2025-09-30"),
    ("C08", "S06", "Support more people to live independently at home.",
     2, "no", "no", "", "", ""),
    ("C09", "S07", "Model the bed days that a step-up intermediate care service in Strathmorven "
     "Towns would save, before its business case goes to the board in December 2025.",
     5, "yes", "yes", "Modelled bed days saved, with a range", "Head of Strategic Planning",
     "2025-12-31"),
    ("C10", "S07", "Improve access to GP services in the towns.",
     4, "no", "no", "", "Head of Primary Care", ""),
    ("C11", "S09", "Raise the share of people aged 75 and over with an anticipatory care plan "
     "to 40% by March 2027.",
     2, "yes", "yes", "Share of people aged 75+ with an anticipatory care plan",
     "Clinical Director", "2027-03-31"),
    ("C12", "S09", "Promote physical activity and a healthy weight.",
     2, "no", "no", "", "", ""),
    ("C13", "S09", "Extend the falls prevention programme to every locality.",
     3, "yes", "no", "", "Head of Allied Health Professions", "2027-03-31"),
    ("C14", "S10", "Reduce delayed discharge bed days by 20% against 2024/25 by March 2027.",
     2, "yes", "yes", "Delayed discharge bed days", "Head of Adult Services", "2027-03-31"),
    ("C15", "S10", "Halve the number of people assessed and waiting for care at home by March "
     "2026.",
     4, "yes", "yes", "People assessed and waiting for care at home", "", "2026-03-31"),
    ("C16", "S10", "Review the balance of care home and care at home provision.",
     3, "no", "no", "", "Head of Commissioning", ""),
    ("C17", "S10", "Test the acute bed plan against three futures (low, principal and high "
     "population growth) and report the beds each needs to the board.",
     6, "yes", "yes", "Bed scenarios reported to the board", "Head of Strategic Planning",
     "2026-06-30"),
    ("C18", "S10", "Deliver hospital at home for older people.",
     3, "no", "no", "", "Clinical Director", ""),
    ("C19", "S11", "Offer every unpaid carer who asks an adult carer support plan within 8 "
     "weeks of asking.",
     2, "yes", "yes", "Share of support plans offered within 8 weeks", "Carers Lead",
     "2027-03-31"),
    ("C20", "S11", "Value and support unpaid carers.",
     2, "no", "no", "", "", ""),
    ("C21", "S11", "Provide 1,200 nights of short breaks for unpaid carers each year.",
     3, "yes", "yes", "Nights of short breaks provided", "Carers Lead", ""),
    ("C22", "S12", "Develop a workforce plan.",
     3, "no", "no", "", "Head of Workforce", ""),
    ("C23", "S12", "Cut the vacancy rate of care at home staff by a third against March 2025, "
     "by March 2027.",
     3, "yes", "yes", "Vacancy rate of care at home staff", "Head of Workforce", "2027-03-31"),
    ("C24", "S12", "Start 20 modern apprenticeships in social care each year.",
     3, "yes", "yes", "Apprenticeships started", "", "2028-03-31"),
    ("C25", "S14", "Set out each year, in the medium-term financial plan, the savings that "
     "close the funding gap, and have them approved by the board by March.",
     3, "yes", "yes", "Savings plan approved", "Chief Finance Officer", "2026-03-31"),
    ("C26", "S14", "Ensure best value in everything we do.",
     7, "no", "no", "", "Chief Finance Officer", ""),
    ("C27", "S14", "Appraise the options for intermediate care beds in a five-case business "
     "case for the board.",
     7, "yes", "yes", "Business case presented", "Chief Finance Officer", ""),
    ("C28", "S15", "Publish an equality impact assessment and a Fairer Scotland Duty "
     "assessment with every direction the board issues.",
     7, "yes", "yes", "Directions with assessments published", "Head of Strategic Planning",
     "2026-03-31"),
    ("C29", "S15", "Consider the needs of island communities.",
     4, "no", "no", "", "", ""),
    ("C30", "S16", "Report progress on the national health and wellbeing indicators to the "
     "board every six months, starting in November 2025.",
     7, "yes", "yes", "Progress reports to the board", "Head of Strategic Planning",
     "2025-11-30"),
    ("C31", "S16", "Keep the plan under review.",
     7, "no", "no", "", "Chief Officer", ""),
    ("C32", "S16", "Build one dashboard of demand, capacity and cost shared by the board, the "
     "health board and the council.",
     1, "yes", "yes", "Dashboard in use", "Performance and Intelligence Manager", ""),
)  # fmt: skip


def make_draft_plan_sections() -> pd.DataFrame:
    """Make the table of contents of Lochanvale's draft strategic plan.

    Returns
    -------
    pandas.DataFrame
        One row per section: ``SectionId``, ``Title``, ``StatutoryContent`` (the checklist
        item it covers, or ``"none"``), ``Present`` (``"yes"`` if the draft holds the
        content, ``"no"`` if it is only a heading) and ``Pages``.
    """
    return pd.DataFrame(
        SECTIONS, columns=["SectionId", "Title", "StatutoryContent", "Present", "Pages"]
    )


def make_draft_plan_commitments() -> pd.DataFrame:
    """Make the table of commitments in Lochanvale's draft strategic plan.

    Returns
    -------
    pandas.DataFrame
        One row per commitment: ``CommitmentId``, ``SectionId``, ``Text``,
        ``PlanningStep`` (1 to 7), ``Specific`` and ``Measurable`` (a reviewer's
        ``"yes"`` or ``"no"``), ``Indicator``, ``Owner`` and ``DueDate`` (each blank when
        the draft gives none).
    """
    return pd.DataFrame(
        COMMITMENTS,
        columns=[
            "CommitmentId",
            "SectionId",
            "Text",
            "PlanningStep",
            "Specific",
            "Measurable",
            "Indicator",
            "Owner",
            "DueDate",
        ],
    )
