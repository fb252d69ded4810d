"""Validation: the committed package passes; corrupted copies fail with precise messages."""

from __future__ import annotations

import json

import pytest

from planlab.data.validate import validate_package
from planlab.errors import DatasetFileError, DatasetValidationError, PlanlabError


def replace_line(path, number, old, new):
    """Change one line of a file (line 1 is the header), checking the old text is there."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[number - 1]
    lines[number - 1] = lines[number - 1].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8", newline="")


def problems_of(directory):
    with pytest.raises(DatasetValidationError) as caught:
        validate_package(directory)
    return caught.value


def test_the_committed_package_is_valid(committed):
    # How long validation takes is measured by benchmarks/generate_data.py.
    rows = validate_package(committed)
    assert rows["emergency_admissions.csv"] == 16_800
    assert len(rows) == 25


def test_a_wrong_type_is_reported_with_file_row_and_column(package_copy):
    path = package_copy / "population.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    row_5 = path.read_text(encoding="utf-8").splitlines()[4]
    replace_line(path, 5, row_5, row_5.rsplit(",", 1)[0] + ",lots")
    error = problems_of(package_copy)
    assert header.endswith("Population")
    assert error.path == path
    assert error.problems == [(5, "Population", "'lots' is not a valid integer")]
    assert "population.csv" in str(error)
    assert "row 5, column Population: 'lots' is not a valid integer" in str(error)
    assert "planlab data generate" in str(error)


def test_a_missing_column_is_reported(package_copy):
    path = package_copy / "emergency_admissions.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line.rsplit(",", 1)[0] for line in lines) + "\n", encoding="utf-8")
    error = problems_of(package_copy)
    assert error.problems == [(1, "BedDays", "this column is missing")]
    assert "emergency_admissions.csv" in str(error)


def test_a_duplicate_key_is_reported(package_copy):
    path = package_copy / "ae_sites.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    error = problems_of(package_copy)
    assert error.problems == [(5, None, "repeats the key (SiteCode) of an earlier row")]
    assert "row 5: repeats the key (SiteCode)" in str(error)


def test_a_value_outside_the_allowed_list_and_a_negative_count_are_both_reported(package_copy):
    path = package_copy / "delayed_discharges.csv"
    replace_line(path, 2, "LVL01", "S37000001")
    row_3 = path.read_text(encoding="utf-8").splitlines()[2]
    replace_line(path, 3, row_3, row_3.rsplit(",", 2)[0] + ",-4," + row_3.rsplit(",", 1)[1])
    error = problems_of(package_copy)
    assert (
        2,
        "LocalityCode",
        "'S37000001' is not one of: LVL01, LVL02, LVL03, LVL04",
    ) in error.problems
    assert (2, "LocalityCode", "'S37000001' is not in localities.LocalityCode") in error.problems
    assert (3, "NumberOfDelayedBedDays", "'-4' is below the minimum, 0") in error.problems
    assert len(error.problems) == 3


def test_a_malformed_month_code_is_reported(package_copy):
    path = package_copy / "emergency_admissions.csv"
    replace_line(path, 2, "201504", "2015-4")
    error = problems_of(package_copy)
    assert error.problems[0][:2] == (2, "Month")
    assert "does not match" in error.problems[0][2]


def test_tables_that_disagree_are_reported(package_copy):
    path = package_copy / "acute_daily.csv"
    row_2 = path.read_text(encoding="utf-8").splitlines()[1]
    date, attendances, admissions, beds = row_2.split(",")
    replace_line(path, 2, row_2, f"{date},{attendances},{int(admissions) + 1},{beds}")
    error = problems_of(package_copy)
    assert error.path.name == "acute_daily.csv"
    assert error.problems[0][1] == "EmergencyAdmissions"
    assert error.problems[0][2].startswith("month 201504: the days add up to")


def test_many_problems_are_all_kept_but_only_ten_are_printed(package_copy):
    path = package_copy / "population.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",F,", ",X,"), encoding="utf-8")
    error = problems_of(package_copy)
    assert len(error.problems) == 3_800
    assert "and 3790 more" in str(error)


def test_a_missing_file_says_how_to_get_it_back(package_copy):
    (package_copy / "budget.csv").unlink()
    with pytest.raises(DatasetFileError, match=r"budget\.csv is missing .*planlab data generate"):
        validate_package(package_copy)


def test_broken_json_is_reported_with_its_line(package_copy):
    path = package_copy / "datapackage.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace('"name": "lochanvale-hscp",', '"name": ,')
    )
    error = problems_of(package_copy)
    assert error.problems[0][0] == 2
    assert "not valid JSON" in error.problems[0][2]


def test_an_edited_schema_is_reported(package_copy):
    path = package_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"][0]["schema"]["fields"][4]["constraints"]["minimum"] = 1_000_000
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    error = problems_of(package_copy)
    assert "differ from the schema" in str(error)


def test_every_validation_error_is_a_planlab_error(package_copy):
    (package_copy / "datapackage.json").unlink()
    with pytest.raises(PlanlabError):
        validate_package(package_copy)


def test_frictionless_agrees_that_the_committed_package_is_valid(committed):
    frictionless = pytest.importorskip("frictionless")
    # The first 3,000 rows of each table keep this quick; planlab's own check reads every row.
    report = frictionless.validate(committed / "datapackage.json", limit_rows=3_000)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_a_pair_that_matches_no_pay_band_is_reported_even_if_each_value_exists(package_copy):
    path = package_copy / "workforce.csv"
    replace_line(path, 2, "Nursing and midwifery,Band 2-4", "Nursing and midwifery,Consultant")
    error = problems_of(package_copy)
    assert (
        2,
        "StaffGroup, PayBand",
        "(Nursing and midwifery, Consultant) is not in pay_bands (StaffGroup, PayBand)",
    ) in error.problems
