"""Fixtures for the tests of the fictional Lochanvale partnership's data."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from planlab.data.generate import generate_all
from planlab.data.validate import validate_package
from planlab.errors import DatasetValidationError

REPOSITORY = Path(__file__).resolve().parents[2]
COMMITTED = REPOSITORY / "datasets"


class BrokenPackage:
    """A private copy of the committed data package, with ways to break it.

    Rows are numbered as in a spreadsheet and in the validator's messages: the header is
    row 1 and the first data row is row 2. Each edit checks that it changed something,
    so a test cannot pass because its edit missed.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path(self, file: str) -> Path:
        """Return the path of ``file`` in the copy."""
        return self.directory / file

    def lines(self, file: str) -> list[str]:
        """Return the lines of ``file``, without their line endings."""
        return self.path(file).read_text(encoding="utf-8").splitlines()

    def write_lines(self, file: str, lines: list[str]) -> Path:
        """Write ``lines`` as the whole of ``file``, one a line, and return its path."""
        path = self.path(file)
        assert lines != self.lines(file), f"the edit left {file} unchanged"
        path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8", newline="")
        return path

    def replace_line(self, file: str, row: int, old: str, new: str) -> Path:
        """Replace the first ``old`` in spreadsheet row ``row`` of ``file`` by ``new``."""
        lines = self.lines(file)
        assert old in lines[row - 1], f"{old!r} is not in row {row} of {file}"
        lines[row - 1] = lines[row - 1].replace(old, new, 1)
        return self.write_lines(file, lines)

    def set_cell(self, file: str, row: int, column: str, value: str) -> Path:
        """Put ``value`` in one cell of ``file``, found by its row and column name."""
        lines = self.lines(file)
        header = next(csv.reader([lines[0]]))
        cells = next(csv.reader([lines[row - 1]]))
        cells[header.index(column)] = value
        out = io.StringIO()
        csv.writer(out, lineterminator="").writerow(cells)
        lines[row - 1] = out.getvalue()
        return self.write_lines(file, lines)

    def edit_columns(self, file: str, edit: Callable[[list[str]], list[str]]) -> Path:
        """Apply ``edit`` to the list of cells of every line of ``file``, header included."""
        rows = list(csv.reader(self.lines(file)))
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(edit(cells) for cells in rows)
        return self.write_lines(file, out.getvalue().splitlines())

    def problems(self) -> DatasetValidationError:
        """Validate the copy, which must fail, and return the error."""
        with pytest.raises(DatasetValidationError) as caught:
            validate_package(self.directory)
        return caught.value


@pytest.fixture(scope="session")
def tables() -> dict[str, pd.DataFrame]:
    """The tables made from the default seed."""
    return generate_all()


@pytest.fixture(scope="session")
def other_tables() -> dict[str, pd.DataFrame]:
    """The tables made from another seed, as a trainer might give one learner."""
    return generate_all(seed=7)


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A private copy of the committed data package, safe to corrupt."""
    copy = tmp_path / "datasets"
    shutil.copytree(COMMITTED, copy, ignore=shutil.ignore_patterns("ISSUE-*"))
    return copy


@pytest.fixture
def broken(package_copy: Path) -> BrokenPackage:
    """A private copy of the committed data package, with ways to break it."""
    return BrokenPackage(package_copy)


@pytest.fixture(scope="session")
def committed() -> Path:
    """The committed data package folder, datasets/ at the repository's root."""
    return COMMITTED
