"""The discharge pathway table: people aged 75+ ready to leave hospital, and how long they wait.

Lochanvale Health and Social Care Partnership is fictional; this table is synthetic. It is
module 14's tracker: each month and locality, how many people aged 75+ were declared
ready to leave an acute bed, the days they waited from then until they left, how many
left within 2 days and how many came back as an emergency within 28 days.

The table holds one real effect, for learners to find and measure: discharge to assess
starts in one locality (``DISCHARGE_TO_ASSESS_LOCALITY``) in
``DISCHARGE_TO_ASSESS_START`` and shortens the expected wait there by a fixed rate ratio
from its first month. Nothing else changes then: not the other localities, not
readmissions. Around that effect the series are as untidy as real ones:

- each person's wait is gamma-Poisson (negative binomial), so a month's mean wait
  scatters far more than Poisson;
- the expected wait is longer in winter, drifts up slowly in every locality (so a plain
  before-and-after comparison is biased) and has a persistent AR(1) level in each
  locality, so neighbouring months are alike;
- the number of people ready follows the emergency admissions' seasons and the growing
  number of people aged 75+.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planlab.data import parameters as params
from planlab.data.tables.common import (
    LOCALITY_CODES,
    calendar_month_index,
    days_in_months,
    months,
    stream,
    to_rows,
    years_from_base,
)
from planlab.data.tables.dynamics import ar1, locality_index, month_position
from planlab.data.tables.population import band_population

__all__ = [
    "discharge_to_assess_live",
    "expected_ready",
    "expected_wait",
    "make_discharge_pathway",
    "people_aged_75_plus",
]

FIRST_75_PLUS_BAND = params.AGE_BANDS.index("75-79")
DAYS_IN_AVERAGE_MONTH = 365.25 / 12
LEFT_QUICKLY_DAYS = 2


def people_aged_75_plus(month_values: np.ndarray) -> np.ndarray:
    """Return people aged 75+ [month, locality], interpolated between mid-years."""
    bands = band_population(years_from_base(month_values)).sum(axis=2)
    return bands[:, :, FIRST_75_PLUS_BAND:].sum(axis=-1)


def expected_ready(month_values: np.ndarray) -> np.ndarray:
    """Return the expected number of people declared ready to leave [month, locality].

    The rate per 1,000 people aged 75+, times the emergency admissions' seasonal index
    and the month's length.
    """
    season = np.array(params.ADMISSION_SEASONALITY)[calendar_month_index(month_values)]
    length = days_in_months(month_values) / DAYS_IN_AVERAGE_MONTH
    rate = params.PATHWAY_READY_PER_1000_75PLUS / 1000 * season * length
    return rate[:, None] * people_aged_75_plus(month_values)


def discharge_to_assess_live(month_values: np.ndarray) -> np.ndarray:
    """Return True where discharge to assess runs [month, locality]."""
    live = np.zeros((len(month_values), len(LOCALITY_CODES)), dtype=bool)
    started = month_position(month_values, params.DISCHARGE_TO_ASSESS_START) >= 0
    live[:, locality_index(params.DISCHARGE_TO_ASSESS_LOCALITY)] = started
    return live


def expected_wait(rng: np.random.Generator, month_values: np.ndarray) -> np.ndarray:
    """Return each locality's expected wait per person, in days [month, locality].

    The partnership's mean wait times the locality's delay factor, the winter index, the
    slow drift, a persistent AR(1) level for each locality and, where it runs, discharge
    to assess's rate ratio.

    Parameters
    ----------
    rng
        The table's random stream (the AR(1) levels are drawn from it).
    month_values
        The tracker's months, as ``datetime64[M]``.
    """
    season = np.array(params.PATHWAY_WAIT_SEASONALITY)
    season = (season / season.mean())[calendar_month_index(month_values)]
    drift = np.exp(params.PATHWAY_WAIT_TREND * years_from_base(month_values))
    place = np.array([loc.delay_factor for loc in params.LOCALITIES])
    level = ar1(
        rng, len(month_values), len(LOCALITY_CODES), params.PATHWAY_WAIT_PERSISTENCE,
        params.PATHWAY_WAIT_SD,
    )  # fmt: skip
    service = np.where(
        discharge_to_assess_live(month_values), params.DISCHARGE_TO_ASSESS_WAIT_RATIO, 1.0
    )
    common = params.PATHWAY_MEAN_WAIT_DAYS * season * drift
    return common[:, None] * place[None, :] * np.exp(level) * service


def _per_person_waits(rng: np.random.Generator, people: np.ndarray, wait: np.ndarray) -> np.ndarray:
    """Draw every person's wait in days (gamma-Poisson), cell by cell in flat order."""
    shape = params.PATHWAY_WAIT_SHAPE
    means = np.repeat(wait.ravel(), people.ravel())
    return rng.poisson(rng.gamma(shape, means / shape))


def _cell_sums(values: np.ndarray, people: np.ndarray) -> np.ndarray:
    """Add per-person values up by cell [month, locality] (cells in flat order)."""
    cell = np.repeat(np.arange(people.size), people.ravel())
    return np.bincount(cell, weights=values, minlength=people.size).reshape(people.shape)


def make_discharge_pathway(seed: int = params.DEFAULT_SEED) -> pd.DataFrame:
    """Make the discharge team's monthly tracker of people aged 75+ ready to leave hospital.

    Parameters
    ----------
    seed
        The seed of the whole set of tables.

    Returns
    -------
    pandas.DataFrame
        Columns ``Month`` (first day, ``YYYY-MM-DD``), ``LocalityCode``,
        ``PeopleReady``, ``DaysWaited``, ``MeanDaysWaited`` (2 decimals; 0 in a month
        with nobody ready), ``LeftWithin2Days``, ``Readmitted28Days`` and
        ``DischargeToAssess`` (``Yes`` or ``No``).
    """
    rng = stream(seed, "discharge_pathway")
    month_values = months(params.PATHWAY_FIRST_MONTH, params.PATHWAY_LAST_MONTH)
    wait = expected_wait(rng, month_values)
    people = rng.poisson(expected_ready(month_values))
    waits = _per_person_waits(rng, people, wait)
    days = np.rint(_cell_sums(waits, people)).astype(np.int64)
    quick = np.rint(_cell_sums(waits <= LEFT_QUICKLY_DAYS, people)).astype(np.int64)
    readmitted = rng.binomial(people, params.PATHWAY_READMISSION_SHARE)
    mean = np.round(np.divide(days, people, out=np.zeros(days.shape), where=people > 0), 2)
    live = np.where(discharge_to_assess_live(month_values), "Yes", "No")
    return to_rows(
        {
            "PeopleReady": people.astype(np.int64),
            "DaysWaited": days,
            "MeanDaysWaited": mean,
            "LeftWithin2Days": quick,
            "Readmitted28Days": readmitted.astype(np.int64),
            "DischargeToAssess": live,
        },
        {
            "Month": month_values.astype("datetime64[D]").astype(str),
            "LocalityCode": LOCALITY_CODES,
        },
    )
