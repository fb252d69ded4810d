"""The integration joint board's strategic risk register: module 11's table.

Lochanvale Health and Social Care Partnership is fictional, and so is its risk register.
Each risk has the usual likelihood and impact scores (1 to 5) with their product and
rating, as on a 5x5 heat map, and a quantified view beside them: the chance it happens
in a year and a 90% interval of what it would cost if it did. The scores follow the
partnership's scale (``RISK_LIKELIHOOD_CUTS`` and ``RISK_IMPACT_CUTS_GBP`` in
:mod:`planlab.data.parameters`) exactly, yet ranking by score and ranking by expected
loss disagree, as the parameters' notes describe: that is the lesson of module 11.

The words of the register are fixed; the chances and impacts vary a little from seed to
seed, drawn from the table's own random stream, as different analysts' estimates would.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planlab.data import parameters as params
from planlab.data.tables.common import stream

__all__ = ["CATEGORIES", "make_risk_register", "rating"]

#: The categories of strategic risk.
CATEGORIES: tuple[str, ...] = (
    "Workforce",
    "Finance",
    "Demand",
    "Care market",
    "Digital",
    "Estates",
    "Data quality",
    "Partnership",
)

# RiskId, Category, Title, Owner, Cause, Effect
RISK_TEXT: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("R01", "Workforce", "Not enough care at home staff", "Head of Adult Services",
     "Care worker pay and conditions cannot compete with local employers, rural rotas are "
     "hard to fill and many new staff leave within three months.",
     "Packages of care cannot start, people wait in hospital to go home, and agency staff "
     "fill gaps at premium rates."),
    ("R02", "Workforce", "A GP practice hands back its contract", "Clinical Director",
     "GP partners retire or leave and the practice cannot recruit.",
     "The health board has to run the practice directly at higher cost, and patients wait "
     "longer for appointments."),
    ("R03", "Finance", "Savings not delivered: a funding gap in year", "Chief Finance Officer",
     "Pay, prescribing and demand grow faster than funding, and the savings plan relies on "
     "redesigns not yet agreed.",
     "The board overspends and must agree a recovery plan with the health board and "
     "council, use reserves or cut services in year."),
    ("R04", "Finance", "Prescribing costs above budget", "Lead Pharmacist",
     "Drug prices rise, medicines in short supply cost more and more people take long-term "
     "medicines.",
     "The prescribing budget overspends."),
    ("R05", "Finance", "Pay awards above the financial plan", "Chief Finance Officer",
     "National pay settlements for NHS and council staff exceed the uplift the medium-term "
     "financial plan assumed.",
     "An unfunded pressure on the largest single cost, pay."),
    ("R06", "Demand", "A hard winter", "Head of Unscheduled Care",
     "Flu, COVID-19 and norovirus peak together in cold weather and emergency admissions of "
     "older people rise.",
     "Hospitals run above safe occupancy; surge beds, agency staff and more delayed "
     "discharges follow."),
    ("R07", "Care market", "A care home group fails", "Head of Commissioning",
     "A care home group with several homes in Lochanvale becomes insolvent: high staff "
     "costs, empty places and debt.",
     "Residents must move or the partnership must run the homes at short notice, with "
     "emergency placements at premium rates."),
    ("R08", "Digital", "A cyber attack", "Senior Information Risk Owner",
     "Ransomware or data theft through phishing or an unpatched system, as at a Scottish "
     "health board in 2024.",
     "Systems are down for weeks, staff work on paper, data may be published, and recovery "
     "costs money."),
    ("R09", "Digital", "The new social care case management system is late",
     "Head of Digital and Information",
     "The supplier is late and moving the records across proves hard.",
     "Two systems run side by side at extra cost, and reports are unavailable for months."),
    ("R10", "Estates", "A community hospital ward has to close", "Director of Estates",
     "An ageing community hospital with a backlog of repairs has a building fault, such as "
     "failing roof panels.",
     "The ward closes at short notice, beds are bought elsewhere and repairs are paid for."),
    ("R11", "Data quality", "Plans built on poor data",
     "Head of Strategic Planning and Performance",
     "Activity goes unrecorded after system changes, and health and social care records "
     "share no identifier.",
     "Directions and budgets rest on wrong activity figures, and money has to be moved "
     "between services later."),
    ("R12", "Partnership", "Partners cut their contributions", "Chief Officer",
     "The health board and the council face their own funding gaps and reduce what they "
     "pass to the board, or dispute the set-aside budget.",
     "The board's budget is cut at budget setting or in year, and decisions wait for the "
     "dispute to be settled."),
    ("R13", "Demand", "More very old people than the plan funds",
     "Head of Strategic Planning and Performance",
     "People aged 85 and over grow faster than the financial plan assumed, with more frailty "
     "and dementia.",
     "More hours of care at home and more care home places are needed than are funded."),
    ("R14", "Care market", "A care at home provider hands back its contract",
     "Head of Commissioning",
     "A provider cannot staff its rural routes, as happened in Glen Tarrach in 2018.",
     "Packages move to other providers or in house at higher cost, and people wait in "
     "hospital meanwhile."),
)  # fmt: skip

COLUMNS: tuple[str, ...] = (
    "RiskId",
    "Category",
    "Title",
    "Owner",
    "Cause",
    "Effect",
    "Likelihood",
    "Impact",
    "Score",
    "Rating",
    "AnnualProbability",
    "ImpactLowGBP",
    "ImpactHighGBP",
)


def rating(score: int) -> str:
    """Return the rating of a likelihood-times-impact score, from ``RISK_RATINGS``.

    Examples
    --------
    >>> rating(12), rating(15)
    ('high', 'extreme')
    """
    for name, low, high in params.RISK_RATINGS:
        if low <= score <= high:
            return name
    raise ValueError(f"{score} is not a product of two scores from 1 to 5")


def make_risk_register(seed: int = params.DEFAULT_SEED) -> pd.DataFrame:
    """Make the partnership's strategic risk register, scored and quantified.

    Parameters
    ----------
    seed
        The seed of the whole set of tables.

    Returns
    -------
    pandas.DataFrame
        One row per risk: ``RiskId``, ``Category``, ``Title``, ``Owner``, ``Cause``,
        ``Effect``, the ``Likelihood`` and ``Impact`` scores (1 to 5), their product
        ``Score`` and its ``Rating``, the ``AnnualProbability`` that it happens in a
        year (2 d.p.), and ``ImpactLowGBP`` and ``ImpactHighGBP``, the 5th and 95th
        percentiles of its financial impact if it happens (pounds, nearest £10,000).
    """
    rng = stream(seed, "risk_register")
    text = pd.DataFrame(RISK_TEXT, columns=list(COLUMNS[:6]))
    figures = np.array([params.RISKS[risk_id] for risk_id in text["RiskId"]])
    likelihood, impact = figures[:, 0].astype(np.int64), figures[:, 1].astype(np.int64)
    spread_p, spread_i = params.RISK_PROBABILITY_SPREAD, params.RISK_IMPACT_SPREAD
    probability = figures[:, 2] * rng.uniform(1 - spread_p, 1 + spread_p, len(text))
    scale = rng.uniform(1 - spread_i, 1 + spread_i, len(text)) * 1e6
    score = likelihood * impact
    return text.assign(
        Likelihood=likelihood,
        Impact=impact,
        Score=score,
        Rating=[rating(int(value)) for value in score],
        AnnualProbability=np.round(np.clip(probability, 0.01, 0.99), 2),
        ImpactLowGBP=(np.round(figures[:, 3] * scale / 10_000) * 10_000).astype(np.int64),
        ImpactHighGBP=(np.round(figures[:, 4] * scale / 10_000) * 10_000).astype(np.int64),
    )
