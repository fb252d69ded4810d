"""Checks of ``planlab.data.validate`` that the mutation run (``make mutants``) found untested.

mutmut 3.8.1 changed ``src/planlab/data/validate.py`` one expression at a time; every test
here fails under at least one change that the other tests let through (the mutants are
named in ``tests/mutation-survivors.md``). Each expected value is worked out by hand from
the rule the validator implements (its module docstring, the Frictionless Table Schema
specification at https://specs.frictionlessdata.io/table-schema/ for the schema rules),
never copied from the validator's own output.

Most tests call the checks directly on small tables, which is quick and shows the rule;
a few go through :func:`~planlab.data.validate.validate_package` on a copy of the
committed package, to show which file and row a trainer is sent to.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from planlab.data.parameters import RISK_RATINGS
from planlab.data.schema import TABLES
from planlab.data.validate import (
    REGENERATE,
    ae_problems,
    age_band_problems,
    column_problems,
    consistency_problems,
    evidence_problems,
    expected_rating,
    foreign_key_problems,
    header_problems,
    key_problems,
    monthly_totals_differ,
    occupancy_problems,
    read_raw,
    risk_problems,
    table_problems,
    typed,
    validate_package,
    year_problems,
)
from planlab.errors import DatasetFileError, DatasetValidationError

COMMITTED = Path(__file__).resolve().parents[2] / "datasets"
CONSISTENCY_FILES = {
    "acute_daily.csv",
    "ae_attendances.csv",
    "localities.csv",
    "care_home_occupancy.csv",
    "reserves.csv",
    "retirement.csv",
    "intervention_evidence.csv",
    "risk_register.csv",
}


@pytest.fixture(scope="module")
def descriptor() -> dict:
    """The committed ``datapackage.json``."""
    return json.loads((COMMITTED / "datapackage.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def raws(descriptor: dict) -> dict[str, pd.DataFrame]:
    """Every committed table as text, as the validator reads it."""
    return {r["name"]: read_raw(COMMITTED / r["path"]) for r in descriptor["resources"]}


@pytest.fixture(scope="module")
def committed_tables(descriptor: dict, raws: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every committed table with its numeric columns as numbers."""
    return {r["name"]: typed(raws[r["name"]], r) for r in descriptor["resources"]}


@pytest.fixture
def tables(committed_tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """A private copy of the typed tables, safe to change."""
    return {name: frame.copy() for name, frame in committed_tables.items()}


def write(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` exactly and return the path."""
    path.write_text(text, encoding="utf-8", newline="")
    return path


# --- Reading a file --------------------------------------------------------------------------


def test_a_blank_line_is_kept_as_a_row_of_empty_cells(tmp_path: Path) -> None:
    raw = read_raw(write(tmp_path / "t.csv", "a,b\n1,2\n\n3,4\n"))
    assert raw.to_numpy().tolist() == [["1", "2"], ["", ""], ["3", "4"]]


def test_a_row_with_too_many_cells_names_its_row_and_says_what_to_do(tmp_path: Path) -> None:
    """Frictionless's ``extra-cell``: line 3 of the file (the header is line 1) has 3 cells."""
    path = write(tmp_path / "t.csv", "a,b\n1,2\n3,4,5\n")
    with pytest.raises(DatasetValidationError) as caught:
        read_raw(path)
    assert caught.value.path == path
    assert caught.value.problems == [(3, None, "this row has 3 cells, but the header has 2")]
    assert caught.value.what_to_do == REGENERATE


def test_a_file_pandas_cannot_parse_is_reported_with_its_reason(tmp_path: Path) -> None:
    """A quote that never closes is a parser error with no row count to quote."""
    path = write(tmp_path / "t.csv", 'a,b\n"1,2\n')
    with pytest.raises(DatasetValidationError) as caught:
        read_raw(path)
    assert caught.value.path == path
    [(row, column, what)] = caught.value.problems
    assert (row, column) == (None, None)
    assert "EOF inside string" in what
    assert "planlab data generate" in str(caught.value)


def test_a_file_that_is_not_utf8_says_how_to_get_it_back(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"a,b\n\xff,2\n")
    with pytest.raises(DatasetValidationError) as caught:
        read_raw(path)
    [(row, column, what)] = caught.value.problems
    assert (row, column) == (2, None)  # the first data row, as in a spreadsheet
    assert what == "not UTF-8 text: byte 5 of the file cannot be read"  # counted from 1
    assert "planlab data generate" in str(caught.value)


def test_a_missing_descriptor_names_itself_and_says_how_to_get_it_back(tmp_path: Path) -> None:
    with pytest.raises(DatasetFileError) as caught:
        validate_package(tmp_path)
    assert caught.value.path == tmp_path / "datapackage.json"
    assert "planlab data generate" in str(caught.value)


def test_broken_json_names_the_descriptor(tmp_path: Path) -> None:
    path = write(tmp_path / "datapackage.json", '{"resources": [}\n')
    with pytest.raises(DatasetValidationError) as caught:
        validate_package(tmp_path)
    assert caught.value.path == path


def test_an_edited_schema_names_the_descriptor_and_why(package_copy: Path) -> None:
    path = package_copy / "datapackage.json"
    edited = json.loads(path.read_text(encoding="utf-8"))
    edited["resources"][0]["schema"]["fields"][0]["type"] = "integer"
    path.write_text(json.dumps(edited), encoding="utf-8")
    with pytest.raises(DatasetValidationError) as caught:
        validate_package(package_copy)
    assert caught.value.path == path
    assert caught.value.problems == [
        (None, None, "its resources differ from the schema in planlab.data.schema")
    ]


# --- Table Schema rules ---------------------------------------------------------------------


def localities_table():
    """The schema's description of localities.csv."""
    return next(table for table in TABLES if table.name == "localities")


def test_an_extra_column_is_reported_in_the_header_row(raws: dict[str, pd.DataFrame]) -> None:
    raw = raws["localities"].assign(Extra="x")
    assert header_problems(raw, localities_table()) == [
        (1, "Extra", "this column is not in the schema")
    ]


def test_two_columns_swapped_are_each_reported(raws: dict[str, pd.DataFrame]) -> None:
    """Frictionless's ``incorrect-label``, once for each misplaced column."""
    raw = raws["localities"]
    names = list(raw.columns)
    swapped = raw[[names[1], names[0], *names[2:]]]
    assert header_problems(swapped, localities_table()) == [
        (1, "LocalityCode", "the header has LocalityName where the schema has this column"),
        (1, "LocalityName", "the header has LocalityCode where the schema has this column"),
    ]


def test_a_number_column_is_checked_for_its_type_and_both_bounds() -> None:
    values = pd.Series(["0.5", "x", "-0.1", "1.2", ""])
    spec = {"name": "Rate", "type": "number", "constraints": {"minimum": 0, "maximum": 1}}
    assert column_problems(values, spec) == [
        (3, "Rate", "'x' is not a valid number"),
        (4, "Rate", "'-0.1' is below the minimum, 0"),
        (5, "Rate", "'1.2' is above the maximum, 1"),
    ]


def test_a_date_must_have_the_iso_form_and_exist() -> None:
    """Table Schema ``date``, default format: ``YYYY-MM-DD``, a real calendar date."""
    values = pd.Series(["2024-02-29", "2023-02-29", "2024-1-05", "05/01/2024"])
    assert column_problems(values, {"name": "Date", "type": "date"}) == [
        (3, "Date", "'2023-02-29' is not a valid date"),
        (4, "Date", "'2024-1-05' is not a valid date"),
        (5, "Date", "'05/01/2024' is not a valid date"),
    ]


def test_a_pattern_does_not_hide_an_empty_required_cell() -> None:
    values = pd.Series(["", "AB", "12"])
    spec = {
        "name": "Code",
        "type": "string",
        "constraints": {"required": True, "pattern": "[0-9]+"},
    }
    assert column_problems(values, spec) == [
        (2, "Code", "a value is required but the cell is empty"),
        (3, "Code", "'AB' does not match [0-9]+"),
    ]


def test_a_field_without_constraints_is_only_type_checked() -> None:
    """Table Schema makes ``constraints`` optional; today's schema gives every field some."""
    values = pd.Series(["3", "", "x"])
    assert column_problems(values, {"name": "Count", "type": "integer"}) == [
        (4, "Count", "'x' is not a valid integer")
    ]


def test_a_repeated_key_is_found_even_when_the_rest_of_the_row_differs() -> None:
    raw = pd.DataFrame({"Code": ["A", "B", "A"], "Note": ["x", "y", "z"]})
    assert key_problems(raw, ["Code"], {"Code": "string", "Note": "string"}) == [
        (4, None, "repeats the key (Code) of an earlier row")
    ]


def test_an_empty_or_unreadable_key_is_no_key() -> None:
    """Frictionless: a row whose key cells are all empty or of the wrong type has no key."""
    raw = pd.DataFrame({"Code": ["A", "", "B"], "Year": ["2020", "2021", "x"]})
    kinds = {"Code": "string", "Year": "integer"}
    assert key_problems(raw, ["Code"], kinds) == [(3, None, "has no key: no valid value in (Code)")]
    assert key_problems(raw, ["Year"], kinds) == [(4, None, "has no key: no valid value in (Year)")]
    both = pd.DataFrame({"Code": ["A", ""], "Year": ["2020", "x"]})
    assert key_problems(both, ["Code", "Year"], kinds) == [
        (3, None, "has no key: no valid value in (Code, Year)")
    ]


def test_a_foreign_key_to_an_unknown_resource_skips_only_that_key() -> None:
    raw = pd.DataFrame({"Code": ["A", "Z"], "Other": ["1", "2"]})
    schema = {
        "foreignKeys": [
            {"fields": ["Other"], "reference": {"resource": "absent", "fields": ["Other"]}},
            {"fields": ["Code"], "reference": {"resource": "codes", "fields": ["Code"]}},
        ]
    }
    tables = {"codes": pd.DataFrame({"Code": ["A", "B"]})}
    assert foreign_key_problems(raw, schema, tables) == [(3, "Code", "'Z' is not in codes.Code")]


def test_a_blank_row_is_reported_once_and_has_no_key(
    descriptor: dict, raws: dict[str, pd.DataFrame]
) -> None:
    """Frictionless's ``blank-row``; the blank row's cells are not each reported as missing."""
    resource = next(r for r in descriptor["resources"] if r["name"] == "localities")
    raw = raws["localities"]
    blank = pd.DataFrame([[""] * raw.shape[1]], columns=raw.columns)
    with_blank = pd.concat([raw, blank], ignore_index=True)
    row = len(raw) + 2  # the header is row 1
    assert table_problems(with_blank, resource, raws) == [
        (row, None, "the row is blank"),
        (row, None, "has no key: no valid value in (LocalityCode)"),
    ]


# --- Beyond Table Schema: the tables agree with each other -----------------------------------


def test_the_committed_tables_agree_and_every_check_reports_its_own_file(
    committed_tables: dict[str, pd.DataFrame],
) -> None:
    assert consistency_problems(committed_tables) == {name: [] for name in CONSISTENCY_FILES}


def test_a_locality_whose_population_differs_from_population_csv(
    tables: dict[str, pd.DataFrame],
) -> None:
    localities = tables["localities"]
    people = int(localities.loc[0, "Population"])
    tables["localities"].loc[0, "Population"] = people + 1
    population = tables["population"]
    last = population["Year"].max()
    gone = (population["Year"] == last) & (population["LocalityCode"] == "LVL04")
    tables["population"] = population[~gone]
    lvl04 = int(localities.loc[localities["LocalityCode"] == "LVL04", "Population"].iloc[0])
    found = consistency_problems(tables)
    assert found["localities.csv"] == [
        (2, "Population", f"{people + 1} people, but population.csv adds up to {people} for LVL01"),
        (5, "Population", f"{lvl04} people, but population.csv adds up to 0 for LVL04"),
    ]


def occupancy_case(tables, residents, places, long_stay, rate):
    """Care home tables whose first row has the given figures."""
    occupancy, homes = tables["care_home_occupancy"].copy(), tables["care_homes"].copy()
    occupancy.loc[0, ["Residents", "OccupancyRate"]] = [residents, rate]
    homes.loc[0, ["Places", "LongStayResidents65Plus"]] = [places, long_stay]
    return occupancy, homes


@pytest.mark.parametrize(
    ("residents", "places", "long_stay", "rate", "expected"),
    [
        (237, 236, 176, 237 / 236, [("Residents", "237 residents in 236 places")]),
        (175, 236, 176, 175 / 236, [("Residents", "175 residents, fewer than the 176 long-stay")]),
        (211, 236, 176, 0.9, [("OccupancyRate", "0.9 is not residents over places (211 / 236)")]),
        (3, 0, 0, 0.0, [("Residents", "3 residents in 0 places")]),
        (1, 1, 0, 0.5, [("OccupancyRate", "0.5 is not residents over places (1 / 1)")]),
        (211, 236, 176, 211 / 236 + 0.0004, []),
    ],
    ids=["over", "under", "rate", "no-places", "one-place", "rate-within-rounding"],
)
def test_care_home_residents_must_fit_between_long_stay_and_places(
    tables, residents, places, long_stay, rate, expected
) -> None:
    """Residents lie from the long-stay residents to the places; the rate is their ratio.

    The rate is written to 3 decimal places, so it may be up to 0.0005 from the ratio.
    With no places there is no ratio to check, only residents who do not fit.
    """
    occupancy, homes = occupancy_case(tables, residents, places, long_stay, rate)
    found = occupancy_problems(occupancy, homes)
    assert [row for row, _, _ in found] == [2] * len(expected)
    assert [column for _, column, _ in found] == [column for column, _ in expected]
    for (_, _, what), (_, text) in zip(found, expected, strict=True):
        assert what.startswith(text)


def test_the_under_message_names_where_the_long_stay_figure_comes_from(tables) -> None:
    occupancy, homes = occupancy_case(tables, 175, 236, 176, 175 / 236)
    assert occupancy_problems(occupancy, homes) == [
        (2, "Residents", "175 residents, fewer than the 176 long-stay residents aged 65+ "
         "in care_homes.csv")
    ]  # fmt: skip


def test_reserves_must_have_exactly_the_budget_years(tables) -> None:
    reserves = tables["reserves"].copy()
    first = reserves.loc[0, "FinancialYear"]
    reserves.loc[0, "FinancialYear"] = "2009/10"
    assert year_problems(reserves, tables["budget"]) == [
        (2, "FinancialYear", "'2009/10' is not a year of budget.csv"),
        (None, "FinancialYear", f"budget.csv has {first}, but this file has no row for it"),
    ]


def test_every_staff_group_needs_a_retirement_rate_for_every_age_band(tables) -> None:
    retirement = tables["retirement"]
    group, band = retirement.loc[0, "StaffGroup"], retirement.loc[0, "AgeBand"]
    bands = list(dict.fromkeys(retirement["AgeBand"]))
    assert age_band_problems(retirement.iloc[1:], tables["staff_groups"], bands) == [
        (None, "AgeBand", f"no retirement rate for {group}, aged {band}")
    ]


def test_four_hour_counts_must_add_up(tables) -> None:
    attendances = tables["ae_attendances"].copy()
    attendances.loc[1, "NumberOver4HoursAll"] += 1
    assert ae_problems(attendances, tables["emergency_admissions"]) == [
        (3, "NumberOver4HoursAll", "within and over 4 hours do not add up to the attendances")
    ]


@pytest.mark.parametrize(("extra", "reported"), [(0, False), (1, True)])
def test_a_and_e_may_admit_up_to_all_emergency_admissions_but_no_more(
    tables, extra, reported
) -> None:
    """Work out the month's two totals by hand, then put A&E exactly at or one over."""
    attendances, admissions = tables["ae_attendances"].copy(), tables["emergency_admissions"]
    month = attendances.loc[0, "Month"]
    in_month = attendances["Month"] == month
    from_ae = int(attendances.loc[in_month, "NumberAdmitted"].sum())
    in_all = int(admissions.loc[admissions["Month"] == month, "EmergencyAdmissions"].sum())
    attendances.loc[0, "NumberAdmitted"] += in_all - from_ae + extra
    found = ae_problems(attendances, admissions)
    expected = (
        None,
        "NumberAdmitted",
        f"month {month}: {in_all + 1} admitted from A&E, "
        f"more than the {in_all} emergency admissions",
    )
    assert found == ([expected] if reported else [])


def test_a_month_with_no_emergency_admissions_at_all_is_reported(tables) -> None:
    attendances, admissions = tables["ae_attendances"], tables["emergency_admissions"]
    month = attendances.loc[0, "Month"]
    from_ae = int(attendances.loc[attendances["Month"] == month, "NumberAdmitted"].sum())
    without = admissions[admissions["Month"] != month]
    assert ae_problems(attendances, without) == [
        (
            None,
            "NumberAdmitted",
            f"month {month}: {from_ae} admitted from A&E, more than the 0 emergency admissions",
        )
    ]


def test_a_month_missing_from_either_table_is_reported_with_zero(tables) -> None:
    daily, monthly = tables["acute_daily"], tables["emergency_admissions"]
    days = int(daily.loc[daily["Date"].str.startswith("2015-04"), "EmergencyAdmissions"].sum())
    in_month = monthly["Month"] == "201504"
    assert monthly_totals_differ(
        daily, "EmergencyAdmissions", monthly[~in_month], "EmergencyAdmissions", "m.csv"
    ) == [
        (None, "EmergencyAdmissions", f"month 201504: the days add up to {days}, but m.csv has 0")
    ]
    no_april = daily[~daily["Date"].str.startswith("2015-04")]
    assert monthly_totals_differ(
        no_april, "EmergencyAdmissions", monthly, "EmergencyAdmissions", "m.csv"
    ) == [
        (None, "EmergencyAdmissions", f"month 201504: the days add up to 0, but m.csv has {days}")
    ]


def test_risk_ratings_cover_both_ends_of_every_band() -> None:
    """The partnership's 5x5 scale (``RISK_RATINGS``): each band includes both its ends."""
    for name, low, high in RISK_RATINGS:
        assert expected_rating(low) == name
        assert expected_rating(high) == name
    assert expected_rating(7) is None  # 7 is no product of two whole numbers from 1 to 5
    assert expected_rating(26) is None


def test_each_consistency_problem_is_reported_against_its_own_file(package_copy: Path) -> None:
    path = package_copy / "reserves.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = lines[1].split(",")[0]
    lines[1] = lines[1].replace(first, "2009/10", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DatasetValidationError) as caught:
        validate_package(package_copy)
    assert caught.value.path == path
    assert "planlab data generate" in str(caught.value)
    assert caught.value.problems[0] == (
        2,
        "FinancialYear",
        "'2009/10' is not a year of budget.csv",
    )


def evidence_rows(tables, *changes: dict) -> pd.DataFrame:
    """The first rows of the committed evidence table, one per change, each changed."""
    evidence = tables["intervention_evidence"]
    rows = [evidence.iloc[0].to_dict() | change for change in changes]
    return pd.DataFrame(rows)


def test_an_estimate_outside_its_95_percent_interval_is_reported_alone(tables) -> None:
    """E01 is 1.06 (1.01 to 1.1). Outside, nothing else of the row is checked."""
    rows = evidence_rows(tables, {"Estimate": 1.2}, {"RelativeChange": 0.07})
    assert evidence_problems(rows) == [
        (2, "Estimate", "1.2 is outside its 95% interval, 1.01 to 1.1"),
        (3, "RelativeChange", "0.07 is not the estimate minus 1 (0.0600)"),
    ]


def test_both_ends_of_the_95_percent_interval_belong_to_it(tables) -> None:
    rows = evidence_rows(tables, {"Estimate": 1.01}, {"Estimate": 1.1})
    assert "Estimate" not in [column for _, column, _ in evidence_problems(rows)]


def test_a_relative_change_may_be_off_by_rounding_only(tables) -> None:
    """Written to 4 places, so 0.00005 off is rounding but 0.0001 off is an error."""
    rows = evidence_rows(tables, {"RelativeChange": 0.06005}, {"RelativeChange": 0.0601})
    assert evidence_problems(rows) == [
        (3, "RelativeChange", "0.0601 is not the estimate minus 1 (0.0600)")
    ]


def test_an_80_percent_interval_out_of_order_does_not_hide_the_next_row(tables) -> None:
    rows = evidence_rows(
        tables,
        {"RelativeChangeLow80": 0.09, "RelativeChangeHigh80": 0.0308},
        {"RelativeChange": 0.07},
    )
    assert [(row, column) for row, column, _ in evidence_problems(rows)] == [
        (2, "RelativeChangeLow80"),
        (3, "RelativeChange"),
    ]


def test_an_80_percent_high_end_that_does_not_follow_is_reported_in_its_column(tables) -> None:
    """E01's 80% interval, from its 95% interval 1.01 to 1.1, ends at 0.09 (its table says so)."""
    rows = evidence_rows(tables, {"RelativeChangeHigh80": 0.08})
    assert evidence_problems(rows) == [
        (
            2,
            "RelativeChangeHigh80",
            "0.08 is not the 80% interval that the 95% interval 1.01 to 1.1 gives (0.0900)",
        )
    ]


def test_an_impact_interval_may_be_a_single_value(tables) -> None:
    register = tables["risk_register"].head(1).copy()
    register["ImpactLowGBP"] = register["ImpactHighGBP"]
    assert risk_problems(register) == []


def test_daily_totals_name_the_monthly_file_they_disagree_with(tables) -> None:
    daily = tables["acute_daily"]
    april = daily["Date"].str.startswith("2015-04")
    admitted = int(daily.loc[april, "EmergencyAdmissions"].sum())
    attended = int(daily.loc[april, "AEAttendances"].sum())
    daily.loc[0, ["EmergencyAdmissions", "AEAttendances"]] += 1
    assert consistency_problems(tables)["acute_daily.csv"] == [
        (
            None,
            "EmergencyAdmissions",
            f"month 201504: the days add up to {admitted + 1}, "
            f"but emergency_admissions.csv has {admitted}",
        ),
        (
            None,
            "AEAttendances",
            f"month 201504: the days add up to {attended + 1}, "
            f"but ae_attendances.csv has {attended}",
        ),
    ]
