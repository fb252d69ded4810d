"""planlab's fast validator and the Frictionless Framework agree on the same files.

:mod:`planlab.data.validate` re-implements the Table Schema checks it needs, for speed.
These tests run it and ``frictionless`` (the reference implementation of the Frictionless
Data specifications, pinned at 5.21.0 in requirements/constraints.txt) on the committed
data package and on copies broken in each way the validator's docstring says it catches,
and check that both find the same kind of error in the same row and column. If either
changes what it checks, a test here fails. The differences the docstring admits (stricter
numbers, header matched by name, short rows) are pinned here too.

Frictionless's error types are those of its error reference,
https://framework.frictionlessdata.io/docs/errors/ ("Cell Errors", "Header Errors",
"Row Errors"). Both number rows as a spreadsheet does: the header is row 1.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import frictionless
import pandas as pd
import pytest

from planlab.data.validate import type_mask

Finding = tuple[int | None, str | None, str]

#: planlab's message for each kind of problem, and the Frictionless error type it matches
#: (a constraint error also names the constraint, as Frictionless's note does).
PLANLAB_KINDS: tuple[tuple[str, str], ...] = (
    (r"^this column is missing$", "missing-label"),
    (r"^this column is not in the schema$", "extra-label"),
    (r"^the header has .+ where the schema has this column$", "incorrect-label"),
    (r"^this row has \d+ cells, but the header has \d+$", "extra-cell"),
    (r"^the row is blank$", "blank-row"),
    (r"^a value is required but the cell is empty$", "constraint-error: required"),
    (r" is not a valid (integer|number|date)$", "type-error"),
    (r" is below the minimum, ", "constraint-error: minimum"),
    (r" is above the maximum, ", "constraint-error: maximum"),
    (r" is not one of: ", "constraint-error: enum"),
    (r" does not match ", "constraint-error: pattern"),
    (r"^(repeats the key \(|has no key: )", "primary-key"),
    (r"^('.*' is not in \w+\.\w+|\(.*\) is not in \w+ \(.*\))$", "foreign-key"),
)


def planlab_kind(message: str) -> str:
    """Name the kind of a planlab problem as Frictionless names it."""
    kinds = [kind for pattern, kind in PLANLAB_KINDS if re.search(pattern, message)]
    assert len(kinds) == 1, f"no single kind for {message!r}: {kinds}"
    return kinds[0]


def planlab_findings(problems: list[tuple[int | None, str | None, str]]) -> set[Finding]:
    """Turn planlab's problems into (row, column, kind) findings."""
    return {(row, column, planlab_kind(what)) for row, column, what in problems}


def frictionless_findings(directory: Path, resource: str) -> set[Finding]:
    """Validate one resource of a copy with Frictionless: (row, column, kind) of each error.

    Only the broken resource is validated (the others are the committed ones, valid), but
    as part of its package, so its foreign keys are checked.
    """
    package = frictionless.Package(directory / "datapackage.json")
    report = package.get_resource(resource).validate()
    assert not report.errors, report.errors  # the descriptor itself is sound
    found: set[Finding] = set()
    for error in report.tasks[0].errors:
        kind = error.type
        if kind == "constraint-error":
            kind += ": " + re.match(r'constraint "(\w+)"', error.note).group(1)
        row = getattr(error, "row_number", None) or min(getattr(error, "row_numbers", [None]))
        if kind == "foreign-key":
            column = ", ".join(error.field_names)
        elif kind == "extra-label":
            column = error.label  # the column the schema lacks has no field name
        else:
            column = getattr(error, "field_name", None) or None  # extra cells have ""
        found.add((row, column, kind))
    return found


def test_both_find_the_committed_package_valid(committed):
    """The whole committed package, every row (Frictionless takes about 2 seconds)."""
    report = frictionless.validate(committed / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    assert sum(task.stats["rows"] for task in report.tasks) == 75_279


@dataclass(frozen=True)
class Broken:
    """One way to break one file, and what both validators must find.

    ``also_frictionless`` lists error types Frictionless adds that planlab, by design,
    does not report (see "Differences" in :mod:`planlab.data.validate`).
    """

    file: str
    edit: Callable[..., object]
    expected: frozenset[Finding]
    also_frictionless: frozenset[str] = frozenset()


def drop_last(cells: list[str]) -> list[str]:
    return cells[:-1]


def add_notes(cells: list[str]) -> list[str]:
    return [*cells, "Notes" if cells[0] == "FinancialYear" else "none"]


def swap_first_two(cells: list[str]) -> list[str]:
    return [cells[1], cells[0], *cells[2:]]


def with_line(row: int, make: Callable[[str], str]) -> Callable[..., object]:
    """An edit that inserts, at spreadsheet row ``row``, a line made from the one there."""

    def edit(broken, file: str) -> object:
        lines = broken.lines(file)
        return broken.write_lines(
            file, [*lines[: row - 1], make(lines[row - 1]), *lines[row - 1 :]]
        )

    return edit


def cell(row: int, column: str, value: str) -> Callable[..., object]:
    """An edit that puts ``value`` in one cell."""
    return lambda broken, file: broken.set_cell(file, row, column, value)


def columns(edit: Callable[[list[str]], list[str]]) -> Callable[..., object]:
    """An edit that changes every line's cells, the header's included."""
    return lambda broken, file: broken.edit_columns(file, edit)


def line(row: int, make: Callable[[str], str]) -> Callable[..., object]:
    """An edit that replaces spreadsheet row ``row`` by a line made from it."""
    return lambda broken, file: broken.replace_line(
        file, row, broken.lines(file)[row - 1], make(broken.lines(file)[row - 1])
    )


BROKEN: dict[str, Broken] = {
    "integer that is text": Broken(
        "population.csv",
        cell(5, "Population", "lots"),
        frozenset({(5, "Population", "type-error")}),
    ),
    "number that is text": Broken(
        "localities.csv",
        cell(3, "ShareAged65Plus", "high"),
        frozenset({(3, "ShareAged65Plus", "type-error")}),
    ),
    "date that does not exist": Broken(
        "acute_daily.csv",
        cell(2, "Date", "2015-02-30"),
        # Date is the primary key: both also say the row has none.
        frozenset({(2, "Date", "type-error"), (2, None, "primary-key")}),
    ),
    "required value missing": Broken(
        "budget.csv",
        cell(3, "BudgetGBP", ""),
        frozenset({(3, "BudgetGBP", "constraint-error: required")}),
    ),
    "below the minimum": Broken(
        "delayed_discharges.csv",
        cell(3, "NumberOfDelayedBedDays", "-4"),
        frozenset({(3, "NumberOfDelayedBedDays", "constraint-error: minimum")}),
    ),
    "above the maximum": Broken(
        "localities.csv",
        cell(2, "ShareAged65Plus", "1.5"),
        frozenset({(2, "ShareAged65Plus", "constraint-error: maximum")}),
    ),
    "not an allowed value": Broken(
        "population.csv",
        cell(2, "Sex", "X"),
        frozenset({(2, "Sex", "constraint-error: enum")}),
    ),
    "not matching the pattern": Broken(
        "emergency_admissions.csv",
        cell(2, "Month", "2015-4"),
        frozenset({(2, "Month", "constraint-error: pattern")}),
    ),
    "repeated primary key": Broken(
        "ae_sites.csv",
        lambda broken, file: broken.write_lines(file, [*broken.lines(file), broken.lines(file)[1]]),
        frozenset({(5, None, "primary-key")}),
    ),
    "foreign key to nothing, and not allowed": Broken(
        "delayed_discharges.csv",
        cell(2, "LocalityCode", "S37000001"),
        frozenset(
            {(2, "LocalityCode", "constraint-error: enum"), (2, "LocalityCode", "foreign-key")}
        ),
    ),
    "two-column foreign key to nothing": Broken(
        "workforce.csv",
        cell(2, "PayBand", "Consultant"),
        frozenset({(2, "StaffGroup, PayBand", "foreign-key")}),
    ),
    "last column missing": Broken(
        "emergency_admissions.csv",
        columns(drop_last),
        frozenset({(1, "BedDays", "missing-label")}),
    ),
    "extra column": Broken(
        "budget.csv", columns(add_notes), frozenset({(1, "Notes", "extra-label")})
    ),
    "columns swapped": Broken(
        "localities.csv",
        columns(swap_first_two),
        frozenset({(1, "LocalityCode", "incorrect-label"), (1, "LocalityName", "incorrect-label")}),
    ),
    "row with an extra cell": Broken(
        "budget.csv", line(4, lambda text: text + ",9"), frozenset({(4, None, "extra-cell")})
    ),
    "blank row": Broken(
        "localities.csv",
        with_line(3, lambda _: ""),
        # Both also say the row has no primary key.
        frozenset({(3, None, "blank-row"), (3, None, "primary-key")}),
    ),
    "row with a cell missing": Broken(
        "budget.csv",
        line(4, lambda text: text.rsplit(",", 1)[0]),
        frozenset({(4, "AnnualCostPressure", "constraint-error: required")}),
        also_frictionless=frozenset({"missing-cell"}),
    ),
}


@pytest.mark.parametrize("case", BROKEN.values(), ids=BROKEN.keys())
def test_both_find_the_same_errors_in_a_broken_copy(broken, case):
    case.edit(broken, case.file)
    error = broken.problems()
    assert error.path == broken.path(case.file)
    mine = planlab_findings(error.problems)
    theirs = frictionless_findings(broken.directory, case.file.removesuffix(".csv"))
    if all(row == 1 for row, _, _ in mine):
        # planlab checks no row of a table whose header is wrong; Frictionless goes on.
        theirs = {finding for finding in theirs if finding[0] == 1}
    theirs = {finding for finding in theirs if finding[2] not in case.also_frictionless}
    assert mine == case.expected
    assert theirs == case.expected


def test_every_kind_planlab_reports_is_compared(broken):
    """Each kind in ``PLANLAB_KINDS`` is met by at least one broken copy above."""
    compared = {kind for case in BROKEN.values() for _, _, kind in case.expected}
    assert compared == {kind for _, kind in PLANLAB_KINDS}


#: Values at the edges of Table Schema's lexical forms: (type, value, planlab accepts,
#: Frictionless accepts). Frictionless reads with Python's ``int``, ``Decimal`` and
#: ``date.fromisoformat``; planlab is stricter where the validator's docstring says so.
EDGE_VALUES: tuple[tuple[str, str, bool, bool], ...] = (
    ("integer", "5", True, True),
    ("integer", "-5", True, True),
    ("integer", "05", True, True),
    ("integer", "+5", False, True),
    ("integer", " 5", False, True),
    ("integer", "1_000", False, True),
    ("integer", "\u0663", False, True),  # ARABIC-INDIC DIGIT THREE
    ("integer", "1.0", False, False),
    ("integer", "1e3", False, False),
    ("integer", "0x5", False, False),
    ("number", "1.5", True, True),
    ("number", "-0", True, True),
    ("number", "1E5", True, True),
    ("number", "1e-3", True, True),
    ("number", "+1.5", False, True),
    ("number", ".5", False, True),
    ("number", "1.", False, True),
    ("number", "1e+3", False, True),
    ("number", "NaN", False, True),
    ("number", "-INF", False, True),
    ("number", "1,000", False, False),
    ("date", "2020-02-29", True, True),
    ("date", "2020-1-01", False, True),
    ("date", "2019-02-29", False, False),
    ("date", "2020-01-01T00:00", False, False),
    ("date", "20200101", False, False),
)
FIELDS = {
    "integer": frictionless.fields.IntegerField,
    "number": frictionless.fields.NumberField,
    "date": frictionless.fields.DateField,
}


@pytest.mark.parametrize(("kind", "value", "planlab", "theirs"), EDGE_VALUES)
def test_values_at_the_edges_are_read_as_documented(kind, value, planlab, theirs):
    assert type_mask(pd.Series([value]), kind)[0] != planlab
    _, notes = FIELDS[kind](name="x").read_cell(value)
    assert (not notes) == theirs


def test_planlab_accepts_no_value_frictionless_refuses():
    assert all(theirs for _, _, planlab, theirs in EDGE_VALUES if planlab)
