"""The people sample and its population segments.

Lochanvale Health and Social Care Partnership is fictional; these tables are synthetic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planlab.data import parameters as params
from planlab.data.tables.acute import ae_expected_monthly, expected_admissions, mean_stay_days
from planlab.data.tables.common import (
    LOCALITY_CODES,
    SEXES,
    SIMD_QUINTILES,
    months,
    stream,
)
from planlab.data.tables.population import (
    population_array,
)
from planlab.data.tables.social_care import (
    care_at_home_simd_factor,
    care_years,
    expected_clients,
    expected_hours_per_client,
    make_care_homes,
)

__all__ = [
    "make_people",
    "make_segments",
    "sample_people",
    "segment_of",
    "segment_probabilities",
    "share_out",
    "stay_norm",
    "table_expectations",
    "unit_costs",
]


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


def share_out(expected_total: np.ndarray, weights: np.ndarray, cells: np.ndarray) -> np.ndarray:
    """Share each cell's expected total among its sampled people in proportion to weights.

    Parameters
    ----------
    expected_total
        The expected total of each cell for the sample (the table's, divided by the
        sampling fraction), indexed by cell number.
    weights
        Each person's relative use (segment, frailty, deprivation).
    cells
        Each person's cell number.

    Returns
    -------
    numpy.ndarray
        Each person's expected use; the sum over a cell's people is its expected total.
    """
    cell_weight = np.bincount(cells, weights=weights, minlength=expected_total.size)
    return expected_total.ravel()[cells] * weights / np.maximum(cell_weight[cells], 1e-12)


def table_expectations(seed: int) -> dict[str, np.ndarray]:
    """Return the 2024/25 expectations of the tables the sample must agree with.

    Emergency admissions [locality, broad age group, SIMD quintile], mean stay [broad age
    group, SIMD quintile], A&E attendances (partnership), care at home clients [locality,
    18-64 or 65+] and hours per client [locality], all from the same functions the tables
    are made with, and the care home table's long-stay residents [locality].
    """
    year = months("2024-04", "2025-03")
    _, januaries = care_years()
    residents = make_care_homes(seed)  # a stock: the sample takes the table's residents
    ae = ae_expected_monthly(year, seed).sum()
    return {
        "admissions": expected_admissions(year, seed).sum(axis=0),
        "stay": mean_stay_days(),
        "ae": np.array([ae]),
        "clients": expected_clients(seed, januaries)[-1],
        "hours": expected_hours_per_client(seed, januaries)[-1],
        "residents": residents[residents["FinancialYear"] == "2024/25"][
            "LongStayResidents65Plus"
        ].to_numpy(float),
    }


def unit_costs(rng: np.random.Generator, size: int) -> dict[str, np.ndarray]:
    """Draw each person's unit costs, which vary around their means (``UNIT_COST_CV``)."""
    means = {
        "BedDay": params.COST_PER_BED_DAY_GBP,
        "AEAttendance": params.COST_PER_AE_ATTENDANCE_GBP,
        "GPContact": params.COST_PER_GP_CONTACT_GBP,
        "CareHour": params.COST_PER_CARE_HOUR_GBP,
    }
    costs = {}
    for name, mean in means.items():  # four kinds of cost
        shape = 1 / params.UNIT_COST_CV[name] ** 2
        costs[name] = mean * rng.gamma(shape, 1 / shape, size)
    nursing, residential = params.NCHC_2024_WEEKLY_GBP
    costs["CareHomeYear"] = 52 * np.where(
        rng.random(size) < params.NURSING_CARE_SHARE, nursing, residential
    )
    return costs


def make_people(seed: int = params.DEFAULT_SEED) -> pd.DataFrame:
    """Make a sample of residents with their segment, service use and cost over 2024/25.

    A 1-in-5 sample keeps the file small; each row stands for five people. The sample is
    drawn from the same model as the tables: each cell's expected admissions, bed days,
    A&E attendances, care at home and care home places for 2024/25 are the tables', and
    are shared among the cell's sampled people by segment and frailty. So the sample,
    scaled up, agrees with the tables within sampling error. Use varies a great deal
    between people, so a few people account for much of the bed days and cost, and cost
    comes from activity at unit costs that vary between people, as in real data.

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
    expected = table_expectations(seed)
    fraction = 1 / params.PEOPLE_SAMPLE_DENOMINATOR
    locality, simd = person["locality"], person["simd"]
    n_broad, n_simd = len(params.BROAD_AGE_GROUPS), len(SIMD_QUINTILES)
    admission_cell = (locality * n_broad + broad) * n_simd + simd
    admissions = rng.poisson(
        share_out(
            expected["admissions"] * fraction, use["EmergencyAdmissions"] * frailty, admission_cell
        )
    )
    stay = use["MeanStayDays"] * expected["stay"][broad, simd] / stay_norm()[broad, simd]
    bed_days = np.rint(
        rng.gamma(admissions * params.LOS_GAMMA_SHAPE, stay / params.LOS_GAMMA_SHAPE)
    ).astype(np.int64)
    everyone = np.zeros(segment.size, dtype=np.int64)
    attendances = rng.poisson(
        share_out(expected["ae"] * fraction, use["AEAttendances"] * frailty, everyone)
    )
    gp = rng.poisson(
        np.array(params.GP_CONTACTS_PER_PERSON)[broad] * use["GPContactFactor"] * frailty
    )
    older = person["band"] >= params.AGE_BANDS.index("65-69")
    frail_older = ((segment == 7) & older).astype(float)
    home_chance = share_out(expected["residents"] * fraction, frail_older, locality)
    in_home = rng.random(segment.size) < np.minimum(home_chance, 0.95)
    adult = person["age"] >= 18
    care_cell = locality * 2 + older
    care_weight = use["CareAtHomeChance"] * care_at_home_simd_factor()[simd] * adult * ~in_home
    at_home = rng.random(segment.size) < np.minimum(
        share_out(expected["clients"] * fraction, care_weight, care_cell), 0.95
    )
    hours = np.where(
        at_home,
        np.rint(rng.gamma(1.2, expected["hours"][locality] / 1.2, segment.size)),
        0,
    ).astype(np.int64)
    prescribing = np.rint(use["PrescribingGBP"] * rng.gamma(2.0, 0.5, segment.size)).astype(
        np.int64
    )
    unit = unit_costs(rng, segment.size)
    cost = (
        prescribing
        + bed_days * unit["BedDay"]
        + attendances * unit["AEAttendance"]
        + gp * unit["GPContact"]
        + hours * unit["CareHour"]
        + in_home * unit["CareHomeYear"]
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


def segment_probabilities() -> np.ndarray:
    """Return the chance of each segment [broad age group, SIMD quintile, segment]."""
    shares = np.array(params.SEGMENT_SHARE_BY_AGE)[:, None, :]
    long_term = np.zeros(len(params.SEGMENTS), dtype=bool)
    long_term[[3, 4, 6, 7]] = True
    factor = np.where(long_term, np.array(params.SEGMENT_SIMD_FACTOR)[:, None], 1.0)[None]
    weights = shares * factor
    return weights / weights.sum(axis=-1, keepdims=True)


def stay_norm() -> np.ndarray:
    """Return the admission-weighted mean of the segments' relative stays [broad, SIMD quintile].

    Dividing each segment's stay by it keeps the cell's mean stay per admission equal to
    the monthly table's.
    """
    chance = segment_probabilities()
    admissions = np.array(params.SEGMENT_USE["EmergencyAdmissions"])
    stays = np.array(params.SEGMENT_USE["MeanStayDays"])
    return (chance * admissions * stays).sum(axis=-1) / (chance * admissions).sum(axis=-1)
