"""Workforce tables: staff groups, posts by pay band, staff in post, training and retirement.

Lochanvale Health and Social Care Partnership is fictional; these tables are synthetic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planlab.data import parameters as params
from planlab.data.tables.common import (
    partnership_share,
    stream,
    to_rows,
)

__all__ = [
    "make_pay_bands",
    "make_retirement",
    "make_staff_groups",
    "make_training_pipeline",
    "make_workforce",
    "pay_band_rows",
]


def make_staff_groups() -> pd.DataFrame:
    """Make the staff groups with their vacancy, turnover and absence rates and on-costs.

    Returns
    -------
    pandas.DataFrame
        One row per staff group: ``StaffGroup``, ``Sector``, ``VacancyRate``,
        ``TurnoverRate``, ``SicknessAbsenceRate``, ``EmployerOnCostRate``.
    """
    columns = [
        "StaffGroup",
        "Sector",
        "WTEPer1000",
        "VacancyRate",
        "TurnoverRate",
        "SicknessAbsenceRate",
    ]
    groups = pd.DataFrame(params.STAFF_GROUPS, columns=columns).drop(columns="WTEPer1000")
    groups["EmployerOnCostRate"] = params.EMPLOYER_ON_COSTS
    return groups


def pay_band_rows() -> pd.DataFrame:
    """Return every (staff group, pay band) with its share of the group's WTE and salary."""
    return pd.DataFrame(
        [
            (group, band, share, salary)
            for group, bands in params.PAY_BANDS.items()
            for band, share, salary in bands
        ],
        columns=["StaffGroup", "PayBand", "Share", "MeanSalaryGBP"],
    )


def make_pay_bands(seed: int = params.DEFAULT_SEED) -> pd.DataFrame:
    """Make the posts of each staff group and pay band: salary, establishment and vacancies.

    Parameters
    ----------
    seed
        The seed of the whole set of tables.

    Returns
    -------
    pandas.DataFrame
        Columns ``StaffGroup``, ``PayBand``, ``MeanSalaryGBP``, ``EstablishmentWTE``,
        ``VacantWTE``.
    """
    rng = stream(seed, "pay_bands")
    bands = pay_band_rows()
    people = sum(loc.population for loc in params.LOCALITIES) / 1000
    groups = pd.DataFrame(params.STAFF_GROUPS).set_index(0)
    in_post = bands["StaffGroup"].map(groups[2]).to_numpy() * people * bands["Share"].to_numpy()
    vacancy = bands["StaffGroup"].map(groups[3]).to_numpy() * rng.uniform(0.7, 1.3, len(bands))
    establishment = in_post / (1 - vacancy)
    return bands.drop(columns="Share").assign(
        EstablishmentWTE=np.round(establishment, 1), VacantWTE=np.round(establishment - in_post, 1)
    )


def make_workforce(seed: int = params.DEFAULT_SEED) -> pd.DataFrame:
    """Make the partnership's staff in post by staff group, pay band and age band.

    Parameters
    ----------
    seed
        The seed of the whole set of tables.

    Returns
    -------
    pandas.DataFrame
        Columns ``StaffGroup``, ``PayBand``, ``AgeBand``, ``Headcount``, ``WTE``,
        ``LeaversLastYear``; leavers are commoner among the youngest and at 60+.
    """
    rng = stream(seed, "workforce")
    bands = pay_band_rows()
    people = sum(loc.population for loc in params.LOCALITIES) / 1000
    groups = pd.DataFrame(params.STAFF_GROUPS).set_index(0)
    wte = bands["StaffGroup"].map(groups[2]).to_numpy() * people * bands["Share"].to_numpy()
    is_nhs = bands["StaffGroup"].map(groups[1]).to_numpy() == "NHS"
    per_head = np.where(is_nhs, params.WTE_PER_HEAD_NHS, params.WTE_PER_HEAD_SOCIAL_CARE)
    age_share = np.array(params.STAFF_AGE_SHARE)
    headcount = rng.poisson((wte / per_head)[:, None] * age_share[None, :])
    wte_cells = np.round(
        headcount * per_head[:, None] * rng.uniform(0.97, 1.03, headcount.shape), 1
    )
    leaving = (
        np.array(params.TURNOVER_BY_AGE) / (np.array(params.TURNOVER_BY_AGE) * age_share).sum()
    )
    turnover = bands["StaffGroup"].map(groups[4]).to_numpy()[:, None] * leaving[None, :]
    table = pd.DataFrame(
        {
            "Headcount": headcount.ravel(),
            "WTE": wte_cells.ravel(),
            "LeaversLastYear": rng.binomial(headcount, np.clip(turnover, 0, 1)).ravel(),
        }
    )
    labels = pd.DataFrame(
        {
            "StaffGroup": np.repeat(bands["StaffGroup"].to_numpy(), len(age_share)),
            "PayBand": np.repeat(bands["PayBand"].to_numpy(), len(age_share)),
            "AgeBand": np.tile(params.STAFF_AGE_BANDS, len(bands)),
        }
    )
    return pd.concat([labels, table], axis=1)


def make_training_pipeline(seed: int = params.DEFAULT_SEED) -> pd.DataFrame:
    """Make the training routes that feed the partnership's staff groups.

    Each route's trainees are Lochanvale's population share of Scotland's intake, varied
    a little by the table's own random stream; lead times, completion and local take-up
    are the parameters'.

    Parameters
    ----------
    seed
        The seed of the whole set of tables.

    Returns
    -------
    pandas.DataFrame
        Columns ``StaffGroup``, ``Route``, ``PayBand`` (the band a qualifier enters),
        ``EntrantsPerYear``, ``LeadTimeYears``, ``CompletionRate``, ``LocalTakeUpRate``.
    """
    rng = stream(seed, "training_pipeline")
    routes = pd.DataFrame(
        params.TRAINING_ROUTES,
        columns=[
            "StaffGroup",
            "Route",
            "PayBand",
            "ScotlandEntrants",
            "LeadTimeYears",
            "CompletionRate",
            "LocalTakeUpRate",
        ],
    )
    spread = params.TRAINING_INTAKE_SPREAD
    varied = rng.uniform(1 - spread, 1 + spread, len(routes))
    entrants = np.rint(routes["ScotlandEntrants"].to_numpy() * partnership_share() * varied)
    routes.insert(3, "EntrantsPerYear", entrants.astype(np.int64))
    return routes.drop(columns="ScotlandEntrants")


def make_retirement() -> pd.DataFrame:
    """Make the share of each staff group's age bands who retire in a year.

    Returns
    -------
    pandas.DataFrame
        One row per staff group and age band (the workforce table's bands):
        ``StaffGroup``, ``AgeBand``, ``RetirementRate``.
    """
    groups = [group[0] for group in params.STAFF_GROUPS]
    rates = np.array([params.RETIREMENT_RATE_BY_AGE[group] for group in groups])
    return to_rows(
        {"RetirementRate": rates},
        {"StaffGroup": np.array(groups), "AgeBand": np.array(params.STAFF_AGE_BANDS)},
    )
