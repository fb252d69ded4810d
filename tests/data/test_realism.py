"""The data behave like real data: noise, persistence, agreement and stories a planner knows.

Each measure in ``planlab.data.realism.REALISM_CHECKS`` carries its expected range and
the source of that range; the committed data (the default seed) must fall in every one.
Where the range comes from the real series in ``../shared/real-data``, a test measures
the real series too, and skips when the folder is absent (a fresh clone has none).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planlab.data import parameters as params
from planlab.data.realism import REALISM_CHECKS, sample_table_gaps
from planlab.spc import xmr

REAL = Path(__file__).resolve().parents[3] / "shared" / "real-data"


def real_file(relative: str) -> Path:
    """Return a real-data file, or skip the test when the real-data folder is absent."""
    path = REAL / relative
    if not path.is_file():
        pytest.skip(f"{path} is absent (real data live outside the repository)")
    return path


@pytest.mark.parametrize(
    "check", REALISM_CHECKS, ids=[check.measure.__name__ for check in REALISM_CHECKS]
)
def test_each_measure_is_in_its_real_range(tables, check):
    value = check.measure(tables)
    assert check.low <= value <= check.high, f"{check.name}: {value:.3g} ({check.source})"


@pytest.mark.parametrize(
    "measure",
    [
        "EmergencyAdmissions",
        "EmergencyBedDays",
        "AEAttendances",
        "CareAtHomeClients",
        "CareAtHomeHours",
        "CareHomeResidents65Plus",
    ],
)
def test_people_sample_scaled_up_agrees_with_the_tables_within_sampling_error(tables, measure):
    # Before issue 12 the sample overstated the tables by 8% to 30% (z up to 5.9).
    gap = sample_table_gaps(tables).loc[measure]
    assert abs(gap["Z"]) < 3, gap.to_dict()
    assert abs(gap["Gap"]) < 0.12, gap.to_dict()


def monthly_by_locality(tables) -> pd.DataFrame:
    admissions = tables["emergency_admissions"]
    return admissions.groupby(["Month", "LocalityCode"])["EmergencyAdmissions"].sum().unstack()


def test_the_data_quality_month_is_a_point_below_the_lower_limit(tables):
    monthly = monthly_by_locality(tables)[params.DATA_QUALITY_LOCALITY]
    before_pandemic = monthly[(monthly.index >= "201704") & (monthly.index <= "202002")]
    chart = xmr(before_pandemic.astype(float).reset_index(drop=True))
    chart.index = before_pandemic.index
    month = params.DATA_QUALITY_MONTH.replace("-", "")
    assert chart.loc[month, "Value"] < chart.loc[month, "LowerLimit"]


def test_the_frailty_unit_lowers_older_admissions_in_its_locality_only(tables):
    admissions = tables["emergency_admissions"]
    older = admissions[admissions["AgeGroup"].isin(["75-84", "85plus"])]
    by_place = older.groupby(["LocalityCode", older["Month"].str[:6]])["EmergencyAdmissions"].sum()

    def change(code: str) -> float:
        series = by_place[code]
        before = series[(series.index >= "201710") & (series.index <= "201809")].sum()
        after = series[(series.index >= "201901") & (series.index <= "201912")].sum()
        return after / before - 1

    changes = {code: change(code) for code in ["LVL01", "LVL02", "LVL03", "LVL04"]}
    unit = changes.pop(params.SERVICE_CHANGE_LOCALITY)
    assert unit < np.mean(list(changes.values())) - 0.06, (unit, changes)


def test_the_bad_winter_raises_admissions_above_the_winters_either_side(tables):
    monthly = monthly_by_locality(tables).sum(axis=1)
    winters = {
        year: monthly[[f"{year}12", f"{year + 1}01", f"{year + 1}02"]].sum()
        for year in (2016, 2017, 2018)
    }
    assert winters[2017] > 1.03 * max(winters[2016], winters[2018])


def test_the_provider_exit_raises_delays_where_it_happens(tables):
    delays = tables["delayed_discharges"]
    by_place = delays.groupby(["LocalityCode", delays["MonthOfDelay"].str[:6]])[
        "NumberOfDelayedBedDays"
    ].sum()
    place = by_place[params.PROVIDER_EXIT_LOCALITY]
    before = place[(place.index >= "201710") & (place.index <= "201809")].sum()
    after = place[(place.index >= "201810") & (place.index <= "201909")].sum()
    assert after > 1.15 * before


def test_removals_and_four_hour_performance_have_no_april_cliff(tables):
    waiting = tables["waiting_list"].groupby("WeekEnding")["Removals"].sum()
    april_2021 = waiting[(waiting.index >= "2021-03-07") & (waiting.index <= "2021-04-25")]
    assert april_2021.max() < 1.6 * april_2021.min()  # was about 30 then 100 a week


def test_people_age_through_the_bands(tables):
    population = tables["population"].groupby(["Year", "AgeGroup"])["Population"].sum()
    bands = list(params.AGE_BANDS)
    for first in range(3, 15):  # working and older ages, where migration is small
        ratio = population[(2020, bands[first + 1])] / population[(2015, bands[first])]
        assert 0.85 < ratio < 1.12, (bands[first], ratio)


def test_population_history_and_projection_join_smoothly(tables):
    history = tables["population"].groupby("Year")["Population"].sum()
    projected = (
        tables["population_projections"]
        .query("Variant == 'principal'")
        .groupby("Year")["Population"]
        .sum()
    )
    assert history[params.BASE_YEAR] == projected[params.BASE_YEAR]
    growth = pd.concat([history.pct_change(), projected.pct_change().iloc[1:]]).dropna()
    assert growth.between(0.0, 0.012).all(), growth.to_dict()


# --- The ranges above, measured on the real series they come from ----------------------


def test_real_boards_quarterly_cv_lies_in_the_range_used():
    inpatients = pd.read_csv(
        real_file("phs/inpatient_and_daycase_by_nhs_board_of_treatment_and_simd.csv")
    )
    emergency = inpatients[
        (inpatients["AdmissionType"] == "Emergency Inpatients")
        & (inpatients["HB"] == inpatients["Location"])
    ]
    quarterly = emergency.groupby(["HB", "Quarter"])["Stays"].sum()
    check = next(c for c in REALISM_CHECKS if c.measure.__name__ == "quarterly_cv")
    for board in ("S08000016", "S08000017"):  # Borders, Dumfries and Galloway
        series = quarterly[board]
        before = series[(series.index >= "2017Q4") & (series.index <= "2019Q4")]
        assert check.low <= before.std() / before.mean() <= check.high


def test_real_boards_delayed_discharges_persist_as_the_range_says():
    delays = pd.read_csv(real_file("phs/delayed-discharge-beddays-health-board.csv"))
    delays = delays[
        (delays["AgeGroup"] == "18plus") & (delays["ReasonForDelay"] == "All Delay Reasons")
    ]
    check = next(c for c in REALISM_CHECKS if c.measure.__name__ == "delay_autocorrelation")
    found = []
    for board, rows in delays.groupby("HBT"):
        series = rows.set_index("MonthOfDelay")["AverageDailyNumberOfDelayedBeds"].sort_index()
        series = series[(series.index >= 201607) & (series.index <= 202002)].astype(float)
        if board.startswith("S08") and series.mean() >= 30:  # boards of at least our size
            steps = np.arange(len(series))
            residuals = series - np.polyval(np.polyfit(steps, series, 1), steps)
            found.append(np.corrcoef(residuals[:-1], residuals[1:])[0, 1])
    assert len(found) >= 7
    assert check.low <= min(found)
    assert max(found) <= check.high


def test_real_minor_injury_units_see_almost_everyone_within_4_hours():
    ae = pd.read_csv(real_file("phs/monthly_ae_activity_202305.csv"))
    miu = ae[(ae["DepartmentType"] == "Minor Injury Unit or Other") & (ae["Month"] >= 201504)]
    check = next(c for c in REALISM_CHECKS if c.measure.__name__ == "miu_median_within_4_hours")
    assert check.low <= miu["PercentageWithin4HoursAll"].median() <= check.high
