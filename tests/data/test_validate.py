"""Validation: the committed package passes; corrupted copies fail with precise messages."""

from __future__ import annotations

import json

import pytest

from planlab.data.validate import validate_package
from planlab.errors import DatasetFileError, PlanlabError


def test_the_committed_package_is_valid(committed):
    # How long validation takes is measured by benchmarks/generate_data.py.
    rows = validate_package(committed)
    assert rows["emergency_admissions.csv"] == 16_800
    assert len(rows) == 34


def test_a_wrong_type_is_reported_with_file_row_and_column(broken):
    path = broken.path("population.csv")
    header = path.read_text(encoding="utf-8").splitlines()[0]
    row_5 = path.read_text(encoding="utf-8").splitlines()[4]
    broken.replace_line(path.name, 5, row_5, row_5.rsplit(",", 1)[0] + ",lots")
    error = broken.problems()
    assert header.endswith("Population")
    assert error.path == path
    assert error.problems == [(5, "Population", "'lots' is not a valid integer")]
    assert "population.csv" in str(error)
    assert "row 5, column Population: 'lots' is not a valid integer" in str(error)
    assert "planlab data generate" in str(error)


def test_a_missing_column_is_reported(broken):
    path = broken.path("emergency_admissions.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line.rsplit(",", 1)[0] for line in lines) + "\n", encoding="utf-8")
    error = broken.problems()
    assert error.problems == [(1, "BedDays", "this column is missing")]
    assert "emergency_admissions.csv" in str(error)


def test_a_duplicate_key_is_reported(broken):
    path = broken.path("ae_sites.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    error = broken.problems()
    assert error.problems == [(5, None, "repeats the key (SiteCode) of an earlier row")]
    assert "row 5: repeats the key (SiteCode)" in str(error)


def test_a_value_outside_the_allowed_list_and_a_negative_count_are_both_reported(broken):
    path = broken.path("delayed_discharges.csv")
    broken.replace_line(path.name, 2, "LVL01", "S37000001")
    row_3 = path.read_text(encoding="utf-8").splitlines()[2]
    broken.replace_line(
        path.name, 3, row_3, row_3.rsplit(",", 2)[0] + ",-4," + row_3.rsplit(",", 1)[1]
    )
    error = broken.problems()
    assert (
        2,
        "LocalityCode",
        "'S37000001' is not one of: LVL01, LVL02, LVL03, LVL04",
    ) in error.problems
    assert (2, "LocalityCode", "'S37000001' is not in localities.LocalityCode") in error.problems
    assert (3, "NumberOfDelayedBedDays", "'-4' is below the minimum, 0") in error.problems
    assert len(error.problems) == 3


def test_a_malformed_month_code_is_reported(broken):
    path = broken.path("emergency_admissions.csv")
    broken.replace_line(path.name, 2, "201504", "2015-4")
    error = broken.problems()
    assert error.problems[0][:2] == (2, "Month")
    assert "does not match" in error.problems[0][2]


def test_tables_that_disagree_are_reported(broken):
    path = broken.path("acute_daily.csv")
    row_2 = path.read_text(encoding="utf-8").splitlines()[1]
    date, attendances, admissions, beds = row_2.split(",")
    broken.replace_line(path.name, 2, row_2, f"{date},{attendances},{int(admissions) + 1},{beds}")
    error = broken.problems()
    assert error.path.name == "acute_daily.csv"
    assert error.problems[0][1] == "EmergencyAdmissions"
    assert error.problems[0][2].startswith("month 201504: the days add up to")


def test_many_problems_are_all_kept_but_only_ten_are_printed(broken):
    path = broken.path("population.csv")
    path.write_text(path.read_text(encoding="utf-8").replace(",F,", ",X,"), encoding="utf-8")
    error = broken.problems()
    assert len(error.problems) == 3_800
    assert "and 3790 more" in str(error)


def test_a_missing_file_says_how_to_get_it_back(package_copy):
    (package_copy / "budget.csv").unlink()
    with pytest.raises(DatasetFileError, match=r"budget\.csv is missing .*planlab data generate"):
        validate_package(package_copy)


def test_broken_json_is_reported_with_its_line(broken):
    path = broken.path("datapackage.json")
    path.write_text(
        path.read_text(encoding="utf-8").replace('"name": "lochanvale-hscp",', '"name": ,')
    )
    error = broken.problems()
    assert error.problems[0][0] == 2
    assert "not valid JSON" in error.problems[0][2]


def test_an_edited_schema_is_reported(broken):
    path = broken.path("datapackage.json")
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"][0]["schema"]["fields"][4]["constraints"]["minimum"] = 1_000_000
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    error = broken.problems()
    assert "differ from the schema" in str(error)


def test_every_validation_error_is_a_planlab_error(package_copy):
    (package_copy / "datapackage.json").unlink()
    with pytest.raises(PlanlabError):
        validate_package(package_copy)


def test_a_pair_that_matches_no_pay_band_is_reported_even_if_each_value_exists(broken):
    path = broken.path("workforce.csv")
    broken.replace_line(
        path.name, 2, "Nursing and midwifery,Band 2-4", "Nursing and midwifery,Consultant"
    )
    error = broken.problems()
    assert (
        2,
        "StaffGroup, PayBand",
        "(Nursing and midwifery, Consultant) is not in pay_bands (StaffGroup, PayBand)",
    ) in error.problems


def test_a_file_that_is_not_utf8_is_reported_as_a_planlab_error(broken):
    path = broken.path("budget.csv")
    path.write_bytes(path.read_bytes().replace(b"Acute", b"\xffcute", 1))
    error = broken.problems()
    assert error.path == path
    assert error.problems[0][2].startswith("not UTF-8 text: byte ")
