"""planlab.assumptions against independent recomputations from the raw data and numpy.

Sources (each test names the one it uses):

- The course's synthetic tables ``emergency_admissions``, ``population`` and
  ``population_projections``, added up by hand here with plain pandas: a demographic
  projection is the sum over age groups of (base-year bed days / base-year residents) x
  projected residents (module 4; Office for National Statistics / National Records of
  Scotland method of applying age-specific rates to a projected population).
- Module 10's worked notebook (``notebooks/modelling-impacts.ipynb``), whose assumptions
  table these constants must match, and whose Monte Carlo is redone here in plain numpy:
  a lognormal ratio whose 10th and 90th (or 2.5th and 97.5th) percentiles are the interval's
  ends, the normal quantiles taken from the standard normal table (1.2816 and 1.9600).
- ``intervention_evidence`` (Cochrane reviews): E01 (comprehensive geriatric assessment,
  living at home, RR 1.06) and E05 (hospital at home, admission to hospital, RR 1.14), the
  rows the assumptions cite as their basis.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from planlab import assumptions, datasets
from planlab.errors import InputValueError

Z80 = 1.2815515655446004  # standard normal 90th percentile
Z95 = 1.959963984540054  # standard normal 97.5th percentile

# The data's narrow age bands, added into the admissions data's wide groups.
WIDE = {
    "0-4": "0-4",
    "5-9": "5-14",
    "10-14": "5-14",
    **{band: "15-44" for band in ("15-19", "20-24", "25-29", "30-34", "35-39", "40-44")},
    **{band: "45-64" for band in ("45-49", "50-54", "55-59", "60-64")},
    "65-69": "65-74",
    "70-74": "65-74",
    "75-79": "75-84",
    "80-84": "75-84",
    "85-89": "85plus",
    "90plus": "85plus",
}


def _by_hand(ages: tuple[str, ...]) -> pd.Series:
    """The demographic projection of bed days, added up in plain pandas."""
    admissions = datasets.load("emergency_admissions")
    month = pd.PeriodIndex(admissions["Month"], freq="M")
    in_2024 = ((month.year == 2024) & (month.month >= 4)) | (
        (month.year == 2025) & (month.month <= 3)
    )
    bed_days = admissions[in_2024].groupby(admissions["AgeGroup"].astype(str))["BedDays"].sum()
    population = datasets.load("population")
    residents = population[population["Year"] == 2024]
    residents = residents.groupby(residents["AgeGroup"].astype(str).map(WIDE))["Population"].sum()
    rate = (bed_days / residents).reindex(list(ages))
    projections = datasets.load("population_projections")
    principal = projections[projections["Variant"] == "principal"].assign(
        Wide=lambda t: t["AgeGroup"].astype(str).map(WIDE)
    )
    people = principal.groupby(["Year", "Wide"])["Population"].sum().unstack()
    return (people[list(ages)] * rate).sum(axis=1)


def test_demographic_bed_days_matches_a_sum_by_hand() -> None:
    """Every age, and 75+ only, agree with rates x projected residents added up by hand."""
    for ages in (assumptions.AGE_GROUPS, assumptions.OLDER_AGE_GROUPS):
        expected = _by_hand(ages)
        got = assumptions.demographic_bed_days(None if len(ages) == 7 else ages)
        assert list(got.index) == list(expected.index)
        assert np.allclose(got.to_numpy(), expected.to_numpy(), rtol=1e-9)


def test_base_year_is_the_data_and_todays_beds_are_302() -> None:
    """2024/25's projection is 2024/25's bed days (93,627); at 85%, ceil(301.78) = 302 beds."""
    admissions = datasets.load("emergency_admissions")
    month = admissions["Month"]
    in_2024 = (month >= pd.Period("2024-04", "M")) & (month <= pd.Period("2025-03", "M"))
    total = admissions.loc[in_2024, "BedDays"].sum()
    assert total == 93_627
    assert assumptions.demographic_bed_days().loc[2024] == pytest.approx(total)
    assert assumptions.todays_beds() == math.ceil(total / (365 * 0.85)) == 302
    assert assumptions.todays_beds(pd.Series([310.25], index=[2024]), occupancy=1.0) == 1


def test_demographic_bed_days_rejects_unknown_ages_and_is_not_shared() -> None:
    """An age group not in the data is refused; changing a result does not change the next."""
    with pytest.raises(InputValueError, match="ages"):
        assumptions.demographic_bed_days(["75+"])
    with pytest.raises(InputValueError, match="ages"):
        assumptions.demographic_bed_days("85plus")
    first = assumptions.demographic_bed_days()
    first.loc[2024] = 0.0
    assert assumptions.demographic_bed_days().loc[2024] == pytest.approx(93_627)


def test_effects_are_module_10s_intervals() -> None:
    """The intervals of module 10's table; the 95% one is -28.8% to +0.4% as an 80% one."""
    unit, stay = assumptions.FRAILTY_UNIT_ADMISSIONS, assumptions.FRAILTY_UNIT_STAY
    community = assumptions.COMMUNITY_ADMISSIONS
    assert (unit.low, unit.high, unit.level) == (-0.10, 0.0, 0.8)
    assert (stay.low, stay.high, stay.level) == (-0.20, 0.0, 0.8)
    assert (community.low, community.high, community.level) == (-0.35, 0.10, 0.95)
    assert (assumptions.FRAILTY_UNIT_REACH, assumptions.COMMUNITY_REACH) == (0.60, 0.35)
    assert assumptions.OVERLAP == 0.25
    assert (assumptions.TARGET_OCCUPANCY, assumptions.WARD_BEDS) == (0.85, 24)
    mu = (math.log(0.65) + math.log(1.10)) / 2
    sigma = (math.log(1.10) - math.log(0.65)) / (2 * Z95)
    low80, high80 = math.exp(mu - Z80 * sigma) - 1, math.exp(mu + Z80 * sigma) - 1
    assert (round(low80, 3), round(high80, 3)) == (-0.288, 0.004)
    assert community.quantile([0.1, 0.9]) - 1 == pytest.approx([low80, high80])


def test_basis_rows_exist_and_point_the_way_the_table_says() -> None:
    """The table cites E01 (RR 1.06, more at home) and E05 (RR 1.14, more admissions)."""
    table = assumptions.assumptions_table()
    assert table["Reach"].tolist() == [0.60, 0.60, 0.35]
    evidence = datasets.load("intervention_evidence").set_index("EffectId")
    assert evidence.loc["E01", "Estimate"] == 1.06
    assert "E01" in table.loc[0, "Basis"]
    assert evidence.loc["E05", "Estimate"] == 1.14
    assert "E05" in table.loc[2, "Basis"]


def test_pathway_saving_is_the_overlapping_cohorts_rule_by_hand() -> None:
    """Module 10's Monte Carlo in plain numpy: three lognormal ratios from one generator."""
    rng = np.random.default_rng(2026)
    n = 20_000

    def ratios(low: float, high: float, z: float) -> np.ndarray:
        mu = (math.log(low) + math.log(high)) / 2
        return np.exp(rng.normal(mu, (math.log(high) - math.log(low)) / (2 * z), n))

    unit = 1 - ratios(0.90, 1.00, Z80) * ratios(0.80, 1.00, Z80)
    community = 1 - ratios(0.65, 1.10, Z95)
    expected = 0.60 * unit + 0.35 * community - 0.25 * unit * community
    got = assumptions.pathway_saving(draws=n, seed=2026)
    assert got.name == "PathwaySaving"
    assert np.allclose(got.to_numpy(), expected)


def test_pathway_saving_gives_module_10s_median() -> None:
    """Module 10: a median of 7,801 bed days in 2030/31 from 56,616 bed days of people 75+.

    56,616 is the 75+ demographic projection for 2030/31 grown by -0.14% a year for six
    years (the NHP's option 2, module 4's central case).
    """
    older = assumptions.demographic_bed_days(assumptions.OLDER_AGE_GROUPS).loc[2030]
    central = older * (1 - 0.0014) ** 6
    assert round(central) == 56_616
    assert round(central * assumptions.pathway_saving().median()) == 7_801
