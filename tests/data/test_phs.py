"""The reader for real Public Health Scotland open-data files.

Small made-up files test every rule; the real files in ../shared/real-data/phs/ test that
the reader copes with what PHS actually publishes (skipped when that folder is absent).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from planlab import datasets
from planlab.data.phs import read_phs_csv
from planlab.errors import DatasetFileError, PHSFileError

# ../shared/real-data beside the repository; a fresh clone without it skips those tests.
REAL_DATA = Path(__file__).resolve().parents[3] / "shared" / "real-data"


def phs_folder_or_skip(real_data: Path) -> Path:
    """Return ``real_data / "phs"``, or skip the test, saying where the data were looked for."""
    folder = real_data / "phs"
    if not folder.is_dir():
        pytest.skip(f"real PHS data not found at {folder} (shared/ sits beside the repository)")
    return folder


@pytest.fixture(scope="module")
def real_phs() -> Path:
    """The folder of real PHS open-data files, or a skip when it is absent."""
    return phs_folder_or_skip(REAL_DATA)


def write(tmp_path, text):
    path = tmp_path / "phs.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_month_codes_become_monthly_periods(tmp_path):
    table = read_phs_csv(
        write(tmp_path, "Month,HB,Attendances\n201904,S08000015,10\n201912,S08000015,12\n")
    )
    assert isinstance(table["Month"].dtype, pd.PeriodDtype)
    assert [str(month) for month in table["Month"]] == ["2019-04", "2019-12"]
    assert table["Attendances"].tolist() == [10, 12]
    assert table["HB"].tolist() == ["S08000015", "S08000015"]


def test_quarter_codes_become_quarterly_periods(tmp_path):
    table = read_phs_csv(write(tmp_path, "Quarter,QuarterQF,Stays\n2019Q2,,5\n2020Q1,p,6\n"))
    assert [str(quarter) for quarter in table["Quarter"]] == ["2019Q2", "2020Q1"]
    assert table["QuarterQF"].tolist() == ["", "p"]


def test_missing_and_not_applicable_qualifiers_empty_the_measure(tmp_path):
    text = "Month,Beds,BedsQF,Rate,RateQF\n201904,,:,1.5,\n201905,7,d,,z\n201906,8,,2.5,\n"
    table = read_phs_csv(write(tmp_path, text))
    assert table["Beds"].dtype == "Int64"
    assert table["Beds"].isna().tolist() == [True, False, False]
    assert table["Rate"].isna().tolist() == [False, True, False]
    assert table["BedsQF"].tolist() == [":", "d", ""]


def test_a_bad_month_code_is_reported_with_row_and_column(tmp_path):
    path = write(tmp_path, "MonthOfDelay,Beds\n201904,1\n2019-05,2\n201913,3\n")
    with pytest.raises(PHSFileError) as caught:
        read_phs_csv(path)
    assert [problem[:2] for problem in caught.value.problems] == [
        (3, "MonthOfDelay"),
        (4, "MonthOfDelay"),
    ]
    assert "row 3, column MonthOfDelay: '2019-05' is not a code" in str(caught.value)
    assert "months are written YYYYMM" in str(caught.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(DatasetFileError, match=r"nothing\.csv"):
        read_phs_csv(tmp_path / "nothing.csv")


def test_the_real_ae_file_reads_with_periods_and_qualifiers(real_phs):
    table = read_phs_csv(real_phs / "monthly_ae_activity_202305.csv")
    assert isinstance(table["Month"].dtype, pd.PeriodDtype)
    assert table["Month"].min() == pd.Period("2007-07", freq="M")
    assert table["NumberOfAttendancesAll"].dtype == "int64"
    not_applicable = table["NumberOfAttendancesEpisodeQF"] == "z"
    assert not_applicable.any()
    assert table.loc[not_applicable, "NumberOfAttendancesEpisode"].isna().all()


def test_the_real_inpatient_file_reads_quarters(real_phs):
    table = read_phs_csv(real_phs / "inpatient_and_daycase_by_nhs_board_of_treatment_and_simd.csv")
    assert isinstance(table["Quarter"].dtype, pd.PeriodDtype)
    assert table["Quarter"].min() == pd.Period("2017Q4", freq="Q")
    assert set(table["SIMD"].dropna().unique()) == {1, 2, 3, 4, 5}


def test_code_written_for_the_course_data_runs_on_real_delayed_discharges(real_phs):
    def bed_days_by_month(delays):
        return delays.groupby("MonthOfDelay", observed=True)["NumberOfDelayedBedDays"].sum()

    real = read_phs_csv(real_phs / "delayed-discharge-beddays-health-board.csv")
    real = real[real["ReasonForDelay"] == "All Delay Reasons"]
    synthetic = bed_days_by_month(datasets.load("delayed_discharges"))
    assert bed_days_by_month(real).index.dtype == synthetic.index.dtype
    assert (
        bed_days_by_month(real).index.min()
        == synthetic.index.min()
        == pd.Period("2016-07", freq="M")
    )


def test_tests_of_real_data_skip_with_a_clear_reason_when_it_is_absent(tmp_path):
    with pytest.raises(pytest.skip.Exception, match=r"real PHS data not found at .*phs"):
        phs_folder_or_skip(tmp_path / "shared" / "real-data")


def test_real_data_is_looked_for_beside_the_repository():
    repository = Path(__file__).resolve().parents[2]
    assert (repository / "pyproject.toml").is_file()
    assert repository.parent / "shared" / "real-data" == REAL_DATA
