"""The people sample and its population segments.

Lochanvale Health and Social Care Partnership is fictional; these tables are synthetic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planlab.data import parameters as params
from planlab.data.tables.common import (
    LOCALITY_CODES,
    SEXES,
    stream,
)
from planlab.data.tables.population import (
    population_array,
)


def sample_people(rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Draw a 1-in-``PEOPLE_SAMPLE_DENOMINATOR`` sample of residents, one entry per person.

    Returns
    -------
    dict of str to numpy.ndarray
        ``locality``, ``simd``, ``sex`` and ``band`` as indexes, and ``age`` in years.
    """
    counts = rng.binomial(population_array(), 1 / params.PEOPLE_SAMPLE_DENOMINATOR)
    cells = np.repeat(np.arange(counts.size), counts.ravel())
    locality, simd, sex, band = np.unravel_index(cells, counts.shape)
    oldest = band == len(params.AGE_BANDS) - 1
    years_into_band = np.where(
        oldest, np.minimum(rng.geometric(0.3, cells.size) - 1, 15), rng.integers(0, 5, cells.size)
    )
    return {
        "locality": locality,
        "simd": simd,
        "sex": sex,
        "band": band,
        "age": band * 5 + years_into_band,
    }


def segment_of(rng: np.random.Generator, broad: np.ndarray, simd: np.ndarray) -> np.ndarray:
    """Choose each person's segment (0 to 7) from their age group and SIMD quintile."""
    shares = np.array(params.SEGMENT_SHARE_BY_AGE)[broad]
    long_term = np.zeros(len(params.SEGMENTS), dtype=bool)
    long_term[[3, 4, 6, 7]] = True
    factor = np.where(long_term, np.array(params.SEGMENT_SIMD_FACTOR)[simd][:, None], 1.0)
    weights = shares * factor
    cumulative = np.cumsum(weights / weights.sum(axis=1, keepdims=True), axis=1)
    chosen = (rng.random(len(broad))[:, None] > cumulative).sum(axis=1)
    return np.minimum(chosen, len(params.SEGMENTS) - 1)


def make_segments() -> pd.DataFrame:
    """Make the lookup of Bridges to Health segments.

    Returns
    -------
    pandas.DataFrame
        Columns ``SegmentCode`` (1 to 8) and ``Segment``.
    """
    return pd.DataFrame(
        {"SegmentCode": np.arange(1, len(params.SEGMENTS) + 1), "Segment": list(params.SEGMENTS)}
    )


def make_people(seed: int = params.DEFAULT_SEED) -> pd.DataFrame:
    """Make a sample of residents with their segment, service use and cost over one year.

    A 1-in-5 sample keeps the file small; each row stands for five people. Use varies
    a great deal between people in the same segment, so a few people account for much of
    the bed days and cost, as in real data.

    Parameters
    ----------
    seed
        The seed of the whole set of tables.

    Returns
    -------
    pandas.DataFrame
        Columns ``PersonId``, ``LocalityCode``, ``Sex``, ``Age``, ``AgeGroup``,
        ``SIMDQuintile``, ``SegmentCode``, ``EmergencyAdmissions``, ``EmergencyBedDays``,
        ``AEAttendances``, ``GPContacts``, ``CareAtHomeHours``, ``CareHomeResident``,
        ``PrescribingCostGBP``, ``AnnualCostGBP``.
    """
    rng = stream(seed, "people")
    person = sample_people(rng)
    broad = np.array(params.BAND_TO_BROAD)[person["band"]]
    segment = segment_of(rng, broad, person["simd"])
    use = {name: np.array(values)[segment] for name, values in params.SEGMENT_USE.items()}
    frailty = rng.gamma(params.PERSON_USE_SHAPE, 1 / params.PERSON_USE_SHAPE, segment.size)
    deprivation = np.array(params.SIMD_EMERGENCY_RATIO)[person["simd"]]
    admissions = rng.poisson(use["EmergencyAdmissions"] * frailty * deprivation)
    bed_days = np.rint(
        rng.gamma(admissions * params.LOS_GAMMA_SHAPE, use["MeanStayDays"] / params.LOS_GAMMA_SHAPE)
    ).astype(np.int64)
    attendances = rng.poisson(use["AEAttendances"] * frailty)
    gp = rng.poisson(
        np.array(params.GP_CONTACTS_PER_PERSON)[broad] * use["GPContactFactor"] * frailty
    )
    older = person["band"] >= params.AGE_BANDS.index("65-69")
    in_home = (
        (segment == 7) & older & (rng.random(segment.size) < params.CARE_HOME_CHANCE_FRAIL_65PLUS)
    )
    at_home = ~in_home & (rng.random(segment.size) < use["CareAtHomeChance"])
    hours = np.where(
        at_home,
        np.rint(rng.gamma(1.2, params.CARE_AT_HOME_HOURS_PER_CLIENT / 1.2, segment.size)),
        0,
    ).astype(np.int64)
    prescribing = np.rint(use["PrescribingGBP"] * rng.gamma(2.0, 0.5, segment.size)).astype(
        np.int64
    )
    cost = (
        prescribing
        + bed_days * params.COST_PER_BED_DAY_GBP
        + attendances * params.COST_PER_AE_ATTENDANCE_GBP
        + gp * params.COST_PER_GP_CONTACT_GBP
        + hours * params.COST_PER_CARE_HOUR_GBP
        + in_home * params.COST_PER_CARE_HOME_YEAR_GBP
    )
    return pd.DataFrame(
        {
            "PersonId": np.char.add(
                "P", np.char.zfill(np.arange(1, segment.size + 1).astype(str), 6)
            ),
            "LocalityCode": LOCALITY_CODES[person["locality"]],
            "Sex": SEXES[person["sex"]],
            "Age": person["age"],
            "AgeGroup": np.array(params.AGE_BANDS)[person["band"]],
            "SIMDQuintile": person["simd"] + 1,
            "SegmentCode": segment + 1,
            "EmergencyAdmissions": admissions,
            "EmergencyBedDays": bed_days,
            "AEAttendances": attendances,
            "GPContacts": gp,
            "CareAtHomeHours": hours,
            "CareHomeResident": in_home.astype(np.int64),
            "PrescribingCostGBP": prescribing,
            "AnnualCostGBP": np.rint(cost).astype(np.int64),
        }
    )
