"""Check the fictional Lochanvale partnership's data files against their schema.

Lochanvale Health and Social Care Partnership is fictional. Every problem is reported
with its file, spreadsheet row (the header is row 1, as in Frictionless) and column, in
one :class:`~planlab.errors.DatasetValidationError`.

Why not just run Frictionless? The checks here are vectorised with pandas, so the whole
package (about 73,000 rows) is checked in well under a second, several times faster than
``frictionless validate datasets/datapackage.json``; and they go on to check that the
tables agree with each other, which Table Schema cannot express.
``tests/data/test_validate_against_frictionless.py`` runs both on the same files, valid
and broken in each way listed below, so the two cannot drift apart.

Which Table Schema rules this module implements (the Frictionless error it matches):

- the header: every schema field present, none extra, in the schema's order
  (``missing-label``, ``extra-label``, ``incorrect-label``); see "Differences" below;
- rows the length of the header (``extra-cell``) and blank rows (``blank-row``);
- types ``integer``, ``number`` and ``date`` in the default format (``type-error``);
  ``string`` needs no check. These are the only types the schema uses;
- constraints ``required``, ``minimum``, ``maximum``, ``enum`` and ``pattern``
  (``constraint-error``), the only constraints the schema uses;
- ``primaryKey``, one column or several (``primary-key``);
- ``foreignKeys`` to another resource of the package, one column or several
  (``foreign-key``).

Which it does not implement, because the schema never uses them or planlab writes the
files itself: the constraints ``unique``, ``minLength``, ``maxLength``,
``exclusiveMinimum`` and ``exclusiveMaximum``; any other type (``boolean``, ``year``,
``datetime``, ``time``, ``geopoint``, ``object``, ``array``...) or non-default format;
``missingValues`` other than the empty string; ``decimalChar``, ``groupChar``,
``bareNumber``, ``trueValues``; CSV dialects other than comma-separated UTF-8 with a
header; file ``bytes`` and ``hash``; foreign keys to the same resource; and checks of
the descriptor itself (instead, ``datapackage.json``'s resources must equal those
:func:`planlab.data.schema.datapackage` makes, which is stricter).

Differences from Frictionless 5, on purpose:

- values: planlab reads integers and numbers more strictly than Python's ``int`` and
  ``Decimal``, which Frictionless uses. It refuses a leading ``+``, ``.5``, ``1.``,
  ``1e+3``, ``NaN``, ``INF``, digit underscores, non-ASCII digits and spaces around a
  value, all of which Frictionless accepts; it accepts nothing Frictionless refuses;
- the header: planlab matches columns by name, Frictionless by position. Both report a
  missing last column, an extra last column and columns swapped the same way; for a
  column missing from the middle, planlab names that column while Frictionless reports
  each column after it as ``incorrect-label``. Planlab then stops: it checks no row of
  a table whose header is wrong;
- short rows: a row with too few cells is read as empty cells, so planlab reports the
  required values missing; Frictionless reports ``missing-cell`` as well.

The module is over 500 lines because the schema checks and the cross-table checks share
their reading, row numbering and reporting, and each check names the rule it implements.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd

from planlab.data.parameters import RISK_RATINGS, STAFF_AGE_BANDS
from planlab.data.schema import TABLES, Table
from planlab.data.schema import datapackage as expected_descriptor
from planlab.data.tables.evidence import DECIMALS, interval_80
from planlab.errors import DatasetFileError, DatasetValidationError

__all__ = ["Problem", "consistency_problems", "read_raw", "table_problems", "validate_package"]

#: One problem: spreadsheet row (or None), column (or None) and what is wrong.
Problem = tuple[int | None, str | None, str]
REGENERATE = "Make the files again with `planlab data generate`, or restore them with git."
FIRST_DATA_ROW = 2  # the header is row 1, as in a spreadsheet
# Table Schema lexical forms, narrowed (see "Differences" in the module docstring).
INTEGER = re.compile(r"^-?[0-9]+$")
NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?([eE]-?[0-9]+)?$")
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
TOO_MANY_CELLS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def read_raw(path: Path) -> pd.DataFrame:
    """Read a CSV as text, exactly as written, so no value is silently converted.

    Parameters
    ----------
    path
        The CSV file, UTF-8 with a header row.

    Returns
    -------
    pandas.DataFrame
        Every cell as a string; an empty cell is ``""`` and a blank line is a row of them.

    Raises
    ------
    DatasetFileError
        If the file is missing.
    DatasetValidationError
        If a row has more cells than the header (Frictionless's ``extra-cell``) or the
        file is not UTF-8 (``encoding-error``).
    """
    if not path.is_file():
        raise DatasetFileError(path, REGENERATE)
    try:
        return pd.read_csv(
            path, dtype=str, keep_default_na=False, na_filter=False, skip_blank_lines=False
        )
    except pd.errors.ParserError as error:
        found = TOO_MANY_CELLS.search(str(error))
        if found is None:
            raise DatasetValidationError(path, [(None, None, str(error))], REGENERATE) from error
        header, line, cells = (int(group) for group in found.groups())
        problem: Problem = (line, None, f"this row has {cells} cells, but the header has {header}")
        raise DatasetValidationError(path, [problem], REGENERATE) from error
    except UnicodeDecodeError as error:
        raise DatasetValidationError(path, [_not_utf8(path)], REGENERATE) from error


def _not_utf8(path: Path) -> Problem:
    """Say where a file stops being UTF-8: its row (as in a spreadsheet) and the byte.

    pandas decodes a cell at a time, so its error gives a place within one cell; the file
    is decoded whole here to find the place in the file.
    """
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        row = raw.count(b"\n", 0, error.start) + 1
        return (row, None, f"not UTF-8 text: byte {error.start + 1} of the file cannot be read")
    return (None, None, "not UTF-8 text")


def rows_of(mask: pd.Series) -> list[int]:
    """Return the spreadsheet rows where ``mask`` is true."""
    return [int(index) + FIRST_DATA_ROW for index in mask[mask].index]


def header_problems(raw: pd.DataFrame, described: Table) -> list[Problem]:
    """Compare the header with the schema's column names and order.

    Table Schema: the header lists the schema's fields in order. Columns are matched by
    name (Frictionless's ``missing-label`` and ``extra-label``); only when the names are
    all there does the order count (``incorrect-label``, one per misplaced column).
    """
    expected = [column.name for column in described.fields]
    found = [str(column) for column in raw.columns]
    if found == expected:
        return []
    missing = [name for name in expected if name not in found]
    extra = [name for name in found if name not in expected]
    problems: list[Problem] = [(1, name, "this column is missing") for name in missing]
    problems += [(1, name, "this column is not in the schema") for name in extra]
    if not problems:
        problems = [
            (1, wanted, f"the header has {have} where the schema has this column")
            for have, wanted in zip(found, expected, strict=True)
            if have != wanted
        ]
    return problems


def type_mask(values: pd.Series, kind: str) -> pd.Series:
    """Return true where a non-empty text value is not of the Table Schema type ``kind``.

    Table Schema types ``integer``, ``number`` and ``date`` (default format, an ISO 8601
    calendar date that exists); any other type is not checked (the schema has only
    ``string`` besides). Frictionless's ``type-error``.
    """
    if kind == "integer":
        return ~values.str.match(INTEGER)
    if kind == "number":
        return ~values.str.match(NUMBER)
    if kind == "date":
        parsed = pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")
        return ~values.str.match(DATE) | parsed.isna()
    return pd.Series(False, index=values.index)


def cell_problems(values: pd.Series, name: str, wrong: pd.Series, why: str) -> list[Problem]:
    """Report each cell where ``wrong`` is true, quoting its value before ``why``."""
    return [(row, name, f"{values[row - FIRST_DATA_ROW]!r} {why}") for row in rows_of(wrong)]


def bound_problems(
    values: pd.Series, name: str, numbers: pd.Series, constraints: dict[str, Any]
) -> list[Problem]:
    """Report numbers below the field's minimum or above its maximum.

    Table Schema constraints ``minimum`` and ``maximum``, both inclusive (Frictionless's
    ``constraint-error``).
    """
    problems: list[Problem] = []
    if "minimum" in constraints:
        low = (numbers < constraints["minimum"]).fillna(False)
        problems += cell_problems(
            values, name, low, f"is below the minimum, {constraints['minimum']}"
        )
    if "maximum" in constraints:
        high = (numbers > constraints["maximum"]).fillna(False)
        problems += cell_problems(
            values, name, high, f"is above the maximum, {constraints['maximum']}"
        )
    return problems


def column_problems(values: pd.Series, spec: dict[str, Any]) -> list[Problem]:
    """Check one column's values against its Table Schema field descriptor.

    A value that is empty or of the wrong type is not checked against the other
    constraints, as in Frictionless.
    """
    name, kind, constraints = spec["name"], spec["type"], spec.get("constraints", {})
    # missingValues: only the empty string is missing (the Table Schema default).
    empty = values == ""
    problems: list[Problem] = []
    if constraints.get("required"):  # constraint "required"
        problems += [
            (row, name, "a value is required but the cell is empty") for row in rows_of(empty)
        ]
    wrong_type = type_mask(values, kind) & ~empty  # field "type" (and default "format")
    problems += cell_problems(values, name, wrong_type, f"is not a valid {kind}")
    usable = ~empty & ~wrong_type
    if kind in ("integer", "number"):  # constraints "minimum" and "maximum"
        numbers = pd.to_numeric(values.where(usable), errors="coerce")
        problems += bound_problems(values, name, numbers, constraints)
    if "enum" in constraints:  # constraint "enum", compared as text
        allowed = [str(option) for option in constraints["enum"]]
        outside = usable & ~values.isin(allowed)
        problems += cell_problems(values, name, outside, f"is not one of: {', '.join(allowed)}")
    if "pattern" in constraints:  # constraint "pattern", matching the whole value
        outside = usable & ~values.str.fullmatch(constraints["pattern"])
        problems += cell_problems(values, name, outside, f"does not match {constraints['pattern']}")
    return problems


def key_problems(raw: pd.DataFrame, key: list[str], kinds: dict[str, str]) -> list[Problem]:
    """Report rows with no primary key, or one that repeats an earlier row's.

    Table Schema ``primaryKey``, one column or several (Frictionless's ``primary-key``).
    As in Frictionless, a row whose key cells are all empty or of the wrong type has no
    key, and that is a problem of its own. ``kinds`` gives each column's type.
    """
    columns = ", ".join(key)
    unreadable = pd.concat(
        [(raw[name] == "") | type_mask(raw[name], kinds[name]) for name in key], axis="columns"
    )
    keyless = unreadable.all(axis="columns")
    repeated = raw[~keyless].duplicated(subset=key, keep="first")
    problems: list[Problem] = [
        (row, None, f"has no key: no valid value in ({columns})") for row in rows_of(keyless)
    ]
    return problems + [
        (row, None, f"repeats the key ({columns}) of an earlier row") for row in rows_of(repeated)
    ]


def foreign_key_problems(
    raw: pd.DataFrame, schema: dict[str, Any], tables: dict[str, pd.DataFrame]
) -> list[Problem]:
    """Report rows whose key (one column or several together) has no match where it points.

    Table Schema ``foreignKeys`` to another resource of the package, compared as text
    (Frictionless's ``foreign-key``). A key naming a resource that is not in ``tables``
    is skipped; the descriptor check makes sure none does.
    """
    problems: list[Problem] = []
    for link in schema.get("foreignKeys", []):
        target, theirs = link["reference"]["resource"], link["reference"]["fields"]
        if target not in tables:
            continue
        mine = link["fields"]
        found = pd.MultiIndex.from_frame(raw[mine]).isin(
            pd.MultiIndex.from_frame(tables[target][theirs])
        )
        for label in raw.index[~found]:
            value = ", ".join(raw.at[label, column] for column in mine)
            problems.append(
                (
                    int(label) + FIRST_DATA_ROW,
                    ", ".join(mine),
                    f"({value}) is not in {target} ({', '.join(theirs)})"
                    if len(mine) > 1
                    else f"{value!r} is not in {target}.{theirs[0]}",
                )
            )
    return problems


def table_problems(
    raw: pd.DataFrame, resource: dict[str, Any], tables: dict[str, pd.DataFrame]
) -> list[Problem]:
    """Run every schema check on one table.

    Parameters
    ----------
    raw
        The table as :func:`read_raw` reads it.
    resource
        Its resource in ``datapackage.json``, with its Table Schema.
    tables
        Every table of the package, read the same way, for the foreign keys.

    Returns
    -------
    list of Problem
        Every problem found, or only the header's if the header is wrong.
    """
    schema = resource["schema"]
    described = next(table for table in TABLES if table.name == resource["name"])
    problems = header_problems(raw, described)
    if problems:
        return problems
    blank = (raw == "").all(axis="columns")  # Frictionless's "blank-row"
    problems = [(row, None, "the row is blank") for row in rows_of(blank)]
    rows = raw[~blank]
    for spec in schema["fields"]:
        problems += column_problems(rows[spec["name"]], spec)
    kinds = {spec["name"]: spec["type"] for spec in schema["fields"]}
    problems += key_problems(raw, schema["primaryKey"], kinds)  # a blank row has no key
    return problems + foreign_key_problems(rows, schema, tables)


# --- Beyond Table Schema: the tables agree with each other --------------------------------
# Frictionless cannot check these; they run only once every table passes the checks above.


def monthly_totals_differ(
    daily: pd.DataFrame, column: str, monthly: pd.DataFrame, monthly_column: str, other: str
) -> list[Problem]:
    """Report months whose daily values do not add up to another table's monthly total."""
    by_day = daily.groupby(daily["Date"].str[:7].str.replace("-", ""))[column].sum()
    by_month = monthly.groupby("Month")[monthly_column].sum()
    differ = by_day.sub(by_month, fill_value=0) != 0
    return [
        (
            None,
            column,
            f"month {month}: the days add up to {by_day.get(month, 0)}, "
            f"but {other} has {by_month.get(month, 0)}",
        )
        for month in differ[differ].index
    ]


def ae_problems(attendances: pd.DataFrame, admissions: pd.DataFrame) -> list[Problem]:
    """Check that 4-hour counts add up and that no month admits more from A&E than in all."""
    rows = attendances.index + FIRST_DATA_ROW
    parts = attendances["NumberWithin4HoursAll"] + attendances["NumberOver4HoursAll"]
    unbalanced = parts != attendances["NumberOfAttendancesAll"]
    problems: list[Problem] = [
        (
            int(row),
            "NumberOver4HoursAll",
            "within and over 4 hours do not add up to the attendances",
        )
        for row in rows[unbalanced.to_numpy()]
    ]
    from_ae = attendances.groupby("Month")["NumberAdmitted"].sum()
    in_all = admissions.groupby("Month")["EmergencyAdmissions"].sum()
    too_many = from_ae.sub(in_all, fill_value=0) > 0
    return problems + [
        (
            None,
            "NumberAdmitted",
            f"month {month}: {from_ae[month]} admitted from A&E, "
            f"more than the {in_all.get(month, 0)} emergency admissions",
        )
        for month in too_many[too_many].index
    ]


def occupancy_problems(occupancy: pd.DataFrame, homes: pd.DataFrame) -> list[Problem]:
    """Check that residents fit the care homes: at least the long-stay, at most the places."""
    keys = ["FinancialYear", "LocalityCode"]
    joined = occupancy.merge(homes, on=keys, how="left")  # keeps occupancy's row order
    residents, places = joined["Residents"], joined["Places"]
    long_stay = joined["LongStayResidents65Plus"]
    rate = joined["OccupancyRate"]
    known = places.notna()  # the foreign key check reports a year and locality care_homes lacks
    over = known & (residents > places)
    under = known & (residents < long_stay)
    wrong_rate = known & (places > 0) & ((rate - residents / places).abs() > 0.0005)
    problems: list[Problem] = list(
        [
            (
                int(i) + FIRST_DATA_ROW,
                "Residents",
                f"{residents[i]} residents in {places[i]:.0f} places",
            )
            for i in over[over].index
        ]
        + [
            (
                int(i) + FIRST_DATA_ROW,
                "Residents",
                f"{residents[i]} residents, fewer than the {long_stay[i]:.0f} long-stay "
                "residents aged 65+ in care_homes.csv",
            )
            for i in under[under].index
        ]
        + [
            (
                int(i) + FIRST_DATA_ROW,
                "OccupancyRate",
                f"{rate[i]} is not residents over places ({residents[i]} / {places[i]:.0f})",
            )
            for i in wrong_rate[wrong_rate].index
        ]
    )
    return problems


def year_problems(reserves: pd.DataFrame, budget: pd.DataFrame) -> list[Problem]:
    """Check that the reserves table has exactly the budget table's financial years."""
    mine, theirs = set(reserves["FinancialYear"]), set(budget["FinancialYear"])
    problems: list[Problem] = [
        (
            int(position) + FIRST_DATA_ROW,
            "FinancialYear",
            f"{year!r} is not a year of budget.csv",
        )
        for position, year in enumerate(reserves["FinancialYear"])
        if year not in theirs
    ]
    return problems + [
        (None, "FinancialYear", f"budget.csv has {year}, but this file has no row for it")
        for year in sorted(theirs - mine)
    ]


def age_band_problems(
    retirement: pd.DataFrame, groups: pd.DataFrame, bands: list[str]
) -> list[Problem]:
    """Check that every staff group has a retirement rate for every age band."""
    present = set(zip(retirement["StaffGroup"], retirement["AgeBand"], strict=True))
    return [
        (None, "AgeBand", f"no retirement rate for {group}, aged {band}")
        for group in groups["StaffGroup"]
        for band in bands
        if (group, band) not in present
    ]


def evidence_problems(evidence: pd.DataFrame) -> list[Problem]:
    """Check each published effect's estimate, intervals and relative change agree.

    The estimate must lie in its 95% interval, the relative change must be the estimate
    minus 1, and the 80% interval must be the one the 95% interval gives (log-normal,
    centred on the estimate), to the 4 decimal places written.
    """
    tolerance = 0.6 * 10.0**-DECIMALS
    problems: list[Problem] = []
    for index, row in evidence.iterrows():
        line = int(index) + FIRST_DATA_ROW
        estimate, lower, upper = row["Estimate"], row["Lower95"], row["Upper95"]
        if not lower <= estimate <= upper:
            problems.append(
                (line, "Estimate", f"{estimate} is outside its 95% interval, {lower} to {upper}")
            )
            continue
        if abs(row["RelativeChange"] - (estimate - 1)) > tolerance:
            problems.append(
                (
                    line,
                    "RelativeChange",
                    f"{row['RelativeChange']} is not the estimate minus 1 ({estimate - 1:.4f})",
                )
            )
        low, high = row["RelativeChangeLow80"], row["RelativeChangeHigh80"]
        if low > high:
            problems.append(
                (
                    line,
                    "RelativeChangeLow80",
                    f"{low} is above the high end of the interval, {high}",
                )
            )
            continue
        expected = [end - 1 for end in interval_80(estimate, lower, upper)]
        for column, value, wanted in zip(
            ("RelativeChangeLow80", "RelativeChangeHigh80"), (low, high), expected, strict=True
        ):
            if abs(value - wanted) > tolerance:
                problems.append(
                    (
                        line,
                        column,
                        f"{value} is not the 80% interval that the 95% interval "
                        f"{lower} to {upper} gives ({wanted:.4f})",
                    )
                )
    return problems


def expected_rating(score: int) -> str | None:
    """Return the rating ``RISK_RATINGS`` gives a score, or None if no band holds it."""
    return next((name for name, low, high in RISK_RATINGS if low <= score <= high), None)


def risk_problems(register: pd.DataFrame) -> list[Problem]:
    """Check each risk's score, rating and impact interval.

    The score must be likelihood times impact, the rating the one its score's band gives,
    and the low end of the impact interval no higher than the high end.
    """
    problems: list[Problem] = []
    for index, row in register.iterrows():
        line = int(index) + FIRST_DATA_ROW
        likelihood, impact, score = row["Likelihood"], row["Impact"], row["Score"]
        if score != likelihood * impact:
            problems.append(
                (
                    line,
                    "Score",
                    f"{score} is not likelihood times impact ({likelihood} x {impact})",
                )
            )
        wanted = expected_rating(int(score))
        if wanted is not None and row["Rating"] != wanted:
            problems.append((line, "Rating", f"{row['Rating']!r} is not the rating of {score}"))
        if row["ImpactLowGBP"] > row["ImpactHighGBP"]:
            problems.append(
                (
                    line,
                    "ImpactLowGBP",
                    f"{row['ImpactLowGBP']} is above the high end of the interval, "
                    f"{row['ImpactHighGBP']}",
                )
            )
    return problems


def consistency_problems(tables: dict[str, pd.DataFrame]) -> dict[str, list[Problem]]:
    """Check that tables agree with each other where they overlap.

    Daily admissions and attendances must add up to the monthly tables', 4-hour counts
    must add up, A&E cannot admit more than all emergency admissions, each locality's
    population must equal the population table's base-year total for it, care home
    residents must fit between the long-stay residents and the places, the reserves must
    cover the budget's years, every staff group needs a retirement rate for every age
    band, each published effect's 80% interval must follow from its 95% interval, and
    each risk's score must be its likelihood times its impact.

    Parameters
    ----------
    tables
        Every table of the package, with numeric columns converted to numbers.

    Returns
    -------
    dict of str to list of Problem
        File name to the problems found in it (an empty list when there are none).
    """
    daily, admissions, attendances = (
        tables["acute_daily"],
        tables["emergency_admissions"],
        tables["ae_attendances"],
    )
    found = {
        "acute_daily.csv": monthly_totals_differ(
            daily,
            "EmergencyAdmissions",
            admissions,
            "EmergencyAdmissions",
            "emergency_admissions.csv",
        )
        + monthly_totals_differ(
            daily, "AEAttendances", attendances, "NumberOfAttendancesAll", "ae_attendances.csv"
        ),
        "ae_attendances.csv": ae_problems(attendances, admissions),
    }
    population = tables["population"]
    base = population[population["Year"] == population["Year"].max()]
    people = base.groupby("LocalityCode")["Population"].sum()
    localities = tables["localities"].set_index("LocalityCode")["Population"]
    found["localities.csv"] = [
        (
            int(position) + FIRST_DATA_ROW,
            "Population",
            f"{localities[code]} people, "
            f"but population.csv adds up to {people.get(code, 0)} for {code}",
        )
        for position, code in enumerate(localities.index)
        if localities[code] != people.get(code, 0)
    ]
    found["care_home_occupancy.csv"] = occupancy_problems(
        tables["care_home_occupancy"], tables["care_homes"]
    )
    found["reserves.csv"] = year_problems(tables["reserves"], tables["budget"])
    found["retirement.csv"] = age_band_problems(
        tables["retirement"], tables["staff_groups"], list(STAFF_AGE_BANDS)
    )
    found["intervention_evidence.csv"] = evidence_problems(tables["intervention_evidence"])
    found["risk_register.csv"] = risk_problems(tables["risk_register"])
    return found


def read_descriptor(directory: Path) -> dict[str, Any]:
    """Read ``datapackage.json``, reporting where it is broken if it is."""
    path = directory / "datapackage.json"
    if not path.is_file():
        raise DatasetFileError(path, REGENERATE)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise DatasetValidationError(
            path, [(error.lineno, None, f"not valid JSON: {error.msg} (character {error.colno})")]
        ) from error


def typed(raw: pd.DataFrame, resource: dict[str, Any]) -> pd.DataFrame:
    """Convert checked text columns to numbers, for the consistency checks."""
    numeric = [
        spec["name"]
        for spec in resource["schema"]["fields"]
        if spec["type"] in ("integer", "number")
    ]
    return raw.assign(**{name: pd.to_numeric(raw[name]) for name in numeric})


def validate_package(directory: Path) -> dict[str, int]:
    """Check every file of the data package in ``directory``.

    Parameters
    ----------
    directory
        The folder with ``datapackage.json`` and the CSV files.

    Returns
    -------
    dict of str to int
        File name to its number of data rows, when every check passes.

    Raises
    ------
    DatasetFileError
        If ``datapackage.json`` or a CSV file is missing.
    DatasetValidationError
        For the first file with problems, listing each with its row and column.
    """
    descriptor = read_descriptor(directory)
    if descriptor.get("resources") != expected_descriptor()["resources"]:
        raise DatasetValidationError(
            directory / "datapackage.json",
            [(None, None, "its resources differ from the schema in planlab.data.schema")],
        )
    raws = {
        resource["name"]: read_raw(directory / resource["path"])
        for resource in descriptor["resources"]
    }
    for resource in descriptor["resources"]:
        problems = table_problems(raws[resource["name"]], resource, raws)
        if problems:
            raise DatasetValidationError(directory / resource["path"], problems, REGENERATE)
    tables = {
        resource["name"]: typed(raws[resource["name"]], resource)
        for resource in descriptor["resources"]
    }
    for name, problems in consistency_problems(tables).items():
        if problems:
            raise DatasetValidationError(directory / name, problems, REGENERATE)
    return {resource["path"]: len(raws[resource["name"]]) for resource in descriptor["resources"]}
