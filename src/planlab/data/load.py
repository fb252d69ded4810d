"""Load the fictional Lochanvale partnership's tables by name, with the right column types.

Lochanvale Health and Social Care Partnership is fictional; its tables are synthetic.
Tables are read from the repository's ``datasets/`` folder (or the copy of it that the
wheel ships), or from the folder named by the ``PLANLAB_DATASETS`` environment
variable, or from a folder passed in.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from planlab.data.schema import MONTH_PATTERN, Field, Table, table, table_names
from planlab.errors import DatasetFileError, DatasetValidationError, UnknownDatasetError

__all__ = ["available", "default_directory", "described_table", "load", "load_all", "typed_column"]

ENVIRONMENT_VARIABLE = "PLANLAB_DATASETS"
PANDAS_TYPES = {"integer": "int64", "number": "float64", "string": "str", "date": "str"}


def available() -> list[str]:
    """Return the names of the tables that :func:`load` can read.

    Returns
    -------
    list of str
        Table names, such as ``"population"``, in documented order.

    Examples
    --------
    >>> "population" in available()
    True
    """
    return table_names()


def default_directory() -> Path:
    """Return the folder the tables are read from when none is given.

    ``PLANLAB_DATASETS`` if it is set; otherwise the ``datasets`` folder of the
    repository this package was installed from; otherwise (after a plain ``pip
    install`` of the wheel) the copy of that folder shipped inside the package.
    """
    chosen = os.environ.get(ENVIRONMENT_VARIABLE)
    if chosen:
        return Path(chosen)
    package = Path(__file__).resolve().parents[1]
    repository = package.parents[1] / "datasets"
    if (repository / "datapackage.json").is_file() or not (package / "_datasets").is_dir():
        return repository
    return package / "_datasets"


def described_table(name: str) -> Table:
    """Return the schema of table ``name``, or say which names exist."""
    try:
        return table(name)
    except KeyError:
        raise UnknownDatasetError(name, available()) from None


def load(name: str, directory: Path | str | None = None) -> pd.DataFrame:
    """Read one table of the fictional Lochanvale partnership.

    Parameters
    ----------
    name
        The table's name; :func:`available` lists them.
    directory
        The folder holding the CSV files; by default the repository's ``datasets``
        folder (or ``$PLANLAB_DATASETS``).

    Returns
    -------
    pandas.DataFrame
        The table, with whole numbers as ``int64``, other numbers as ``float64``, dates
        as ``datetime64``, ``YYYYMM`` months as monthly periods, and columns with a fixed
        list of values (age groups, localities, reasons) as ordered categories.

    Raises
    ------
    UnknownDatasetError
        If there is no table called ``name``; the message lists those there are.
    DatasetFileError
        If the file is missing.
    DatasetValidationError
        If the file's columns or values do not fit the schema.

    Examples
    --------
    >>> population = load("population")
    >>> int(population.query("Year == 2024")["Population"].sum())
    145000
    """
    described = described_table(name)
    folder = Path(directory) if directory is not None else default_directory()
    path = folder / described.path
    if not path.is_file():
        raise DatasetFileError(
            path,
            f"Make the files with `planlab data generate --out {folder}`, or set "
            f"{ENVIRONMENT_VARIABLE} to the folder that holds them.",
        )
    types = {column.name: PANDAS_TYPES[column.type] for column in described.fields}
    try:
        frame = pd.read_csv(path, dtype=types, keep_default_na=False, na_filter=False)
    except ValueError as error:
        raise DatasetValidationError(
            path,
            [(None, None, f"a value does not fit its column's type ({error})")],
            "Run `planlab data validate` to find the row, then make the files again.",
        ) from error
    if list(frame.columns) != list(types):
        raise DatasetValidationError(
            path,
            [(1, None, f"the columns are {', '.join(frame.columns)}; expected {', '.join(types)}")],
        )
    return frame.assign(
        **{column.name: typed_column(frame[column.name], column) for column in described.fields}
    )


def typed_column(values: pd.Series, column: Field) -> pd.Series:
    """Give a column read as text or numbers its proper type.

    Dates become ``datetime64``; ``YYYYMM`` months become monthly periods (as
    :func:`planlab.data.phs.read_phs_csv` gives them, so code written for one works on
    the other); text with a fixed list of values becomes an ordered category, in the
    schema's order (age groups youngest first).
    """
    if column.type == "date":
        return pd.to_datetime(values, format="%Y-%m-%d")
    if column.constraints.get("pattern") == MONTH_PATTERN:
        return pd.PeriodIndex(values.str[:4] + "-" + values.str[4:], freq="M").to_series(
            index=values.index
        )
    if column.type == "string" and "enum" in column.constraints:
        return values.astype(pd.CategoricalDtype(column.constraints["enum"], ordered=True))
    return values


def load_all(directory: Path | str | None = None) -> dict[str, pd.DataFrame]:
    """Read every table; see :func:`load`.

    Parameters
    ----------
    directory
        The folder holding the CSV files.

    Returns
    -------
    dict[str, pandas.DataFrame]
        Table name to table.
    """
    return {name: load(name, directory) for name in available()}
