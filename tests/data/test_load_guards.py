"""Guards on reading and checking the data package that a damaged file must not get past.

An audit found that removing the type and column checks of ``planlab.datasets.load``,
or the maximum and required-value rules of validation, left the suite green (issue 13,
"Tests that can fail"). Each test here damages one copy of the committed package in
one way that only that guard notices, and fails if the guard is removed. The rules
are Frictionless Table Schema's (``constraints.required`` and ``constraints.maximum``,
https://specs.frictionlessdata.io/table-schema/#constraints).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planlab import datasets
from planlab.data.validate import validate_package
from planlab.errors import DatasetValidationError


def _rewrite(path: Path, change: callable) -> None:
    """Rewrite a CSV file, line by line (line 1 is the header), through ``change``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(change(lines)) + "\n", encoding="utf-8", newline="")


def _set_cell(path: Path, row: int, column: str, value: str) -> str:
    """Set one cell (``row`` counts as a spreadsheet does) and return what it held."""
    old: list[str] = []

    def change(lines: list[str]) -> list[str]:
        header = lines[0].split(",")
        cells = lines[row - 1].split(",")
        old.append(cells[header.index(column)])
        cells[header.index(column)] = value
        lines[row - 1] = ",".join(cells)
        return lines

    _rewrite(path, change)
    return old[0]


# --- planlab.datasets.load -----------------------------------------------------------


def test_load_refuses_a_value_of_the_wrong_type_with_a_planlab_error(package_copy: Path) -> None:
    """'lots' in a whole-number column: a planlab error naming the file, not pandas' own."""
    _set_cell(package_copy / "population.csv", 5, "Population", "lots")
    with pytest.raises(DatasetValidationError) as caught:
        datasets.load("population", package_copy)
    assert caught.value.path == package_copy / "population.csv"
    assert "does not fit its column's type" in str(caught.value)
    assert "planlab data validate" in str(caught.value)


def test_load_refuses_columns_in_another_order(package_copy: Path) -> None:
    """Swapped columns would otherwise load, each under the other's name or place."""

    def swap_first_two(lines: list[str]) -> list[str]:
        swapped = []
        for line in lines:
            cells = line.split(",")
            cells[0], cells[1] = cells[1], cells[0]
            swapped.append(",".join(cells))
        return swapped

    _rewrite(package_copy / "population.csv", swap_first_two)
    with pytest.raises(DatasetValidationError) as caught:
        datasets.load("population", package_copy)
    [(row, column, what)] = caught.value.problems
    assert (row, column) == (1, None)
    assert what.startswith("the columns are LocalityCode, Year,")
    assert "expected Year, LocalityCode," in what


def test_load_refuses_a_column_the_schema_does_not_have(package_copy: Path) -> None:
    """An extra column would otherwise come through, untyped, into a learner's table."""
    _rewrite(
        package_copy / "population.csv",
        lambda lines: [lines[0] + ",Extra"] + [line + ",1" for line in lines[1:]],
    )
    with pytest.raises(DatasetValidationError) as caught:
        datasets.load("population", package_copy)
    assert "Extra" in caught.value.problems[0][2]


def test_load_reads_the_undamaged_copy(package_copy: Path) -> None:
    """The control for the tests above: the same copy, undamaged, loads with its types."""
    population = datasets.load("population", package_copy)
    assert list(population.columns)[:2] == ["Year", "LocalityCode"]
    assert str(population["Population"].dtype) == "int64"


# --- planlab data validate: maximum and required ------------------------------------------


def test_validation_reports_a_value_above_the_maximum(package_copy: Path) -> None:
    """SIMD quintiles run from 1 to 5, so 6 breaks the schema's maximum and nothing else."""
    path = package_copy / "population.csv"
    assert _set_cell(path, 2, "SIMDQuintile", "6") == "1"
    with pytest.raises(DatasetValidationError) as caught:
        validate_package(package_copy)
    assert caught.value.path == path
    assert caught.value.problems == [(2, "SIMDQuintile", "'6' is above the maximum, 5")]


def test_validation_accepts_the_maximum_itself(package_copy: Path) -> None:
    """The bound is inclusive, as Frictionless's is: a share of exactly 1 is allowed."""
    path = package_copy / "localities.csv"
    _set_cell(path, 2, "ShareInSIMDQuintile1", "1")
    assert validate_package(package_copy)["localities.csv"] == 4


def test_validation_reports_an_empty_required_cell(package_copy: Path) -> None:
    """An empty ``Sex`` is not a listed value, but only the required rule looks at empty cells."""
    path = package_copy / "population.csv"
    assert _set_cell(path, 3, "Sex", "") == "F"
    with pytest.raises(DatasetValidationError) as caught:
        validate_package(package_copy)
    assert caught.value.path == path
    assert caught.value.problems == [(3, "Sex", "a value is required but the cell is empty")]
