"""Read real Public Health Scotland open-data CSV files into tidy pandas tables.

The course's own data are synthetic (the fictional Lochanvale partnership), but planners
will go on to use PHS's real files, and the tests check the course's methods on them.
PHS files share conventions this reader understands:

- months written ``YYYYMM`` (``201904``) in columns such as ``Month`` or ``MonthOfDelay``,
  read as monthly :class:`pandas.Period` values;
- quarters written ``YYYYQn`` (``2019Q2``) in columns such as ``Quarter``, read as
  quarterly periods;
- a qualifier column ending ``QF`` beside a measure: ``d`` derived or aggregate, ``:``
  missing, ``z`` not applicable. Qualifiers are kept as text ('' when there is none), and
  a measure whose qualifier is ``:`` or ``z`` is left empty (``NaN``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from planlab.errors import DatasetFileError, PHSFileError

__all__ = [
    "bad_codes",
    "is_month_column",
    "is_qualifier",
    "is_quarter_column",
    "looks_numeric",
    "measure",
    "parse_months",
    "parse_quarters",
    "read_phs_csv",
]

QUALIFIER_SUFFIX = "QF"
MONTH_CODE = r"[0-9]{4}(0[1-9]|1[0-2])"
QUARTER_CODE = r"[0-9]{4}Q[1-4]"
NO_VALUE_QUALIFIERS = (":", "z")
NUMBER = re.compile(r"^-?[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?$")


def is_qualifier(column: str) -> bool:
    """Return whether ``column`` is a PHS qualifier column (its name ends in ``QF``)."""
    return column.endswith(QUALIFIER_SUFFIX) and len(column) > len(QUALIFIER_SUFFIX)


def is_month_column(column: str) -> bool:
    """Return whether ``column`` holds ``YYYYMM`` month codes (``Month``, ``MonthOfDelay``)."""
    return column.startswith("Month") and not is_qualifier(column)


def is_quarter_column(column: str) -> bool:
    """Return whether ``column`` holds ``YYYYQn`` quarter codes."""
    return column.startswith("Quarter") and not is_qualifier(column)


def bad_codes(
    values: pd.Series, pattern: str, column: str
) -> list[tuple[int | None, str | None, str]]:
    """List the rows whose code does not match ``pattern`` (the header is row 1)."""
    wrong = ~values.str.fullmatch(pattern)
    return [
        (int(index) + 2, column, f"{values[index]!r} is not a code of the form {pattern}")
        for index in wrong[wrong].index
    ]


def parse_months(values: pd.Series, column: str, path: Path) -> pd.Series:
    """Turn ``YYYYMM`` codes into monthly periods, or report the rows that are not codes."""
    problems = bad_codes(values, MONTH_CODE, column)
    if problems:
        raise PHSFileError(path, problems)
    return pd.PeriodIndex(values.str[:4] + "-" + values.str[4:], freq="M").to_series(
        index=values.index
    )


def parse_quarters(values: pd.Series, column: str, path: Path) -> pd.Series:
    """Turn ``YYYYQn`` codes into quarterly periods, or report the rows that are not codes."""
    problems = bad_codes(values, QUARTER_CODE, column)
    if problems:
        raise PHSFileError(path, problems)
    return pd.PeriodIndex(values, freq="Q").to_series(index=values.index)


def looks_numeric(values: pd.Series) -> bool:
    """Return whether every non-empty value of a text column is a plain number."""
    filled = values[values != ""]
    return bool(len(filled)) and bool(filled.str.match(NUMBER).all())


def measure(values: pd.Series, qualifiers: pd.Series | None) -> pd.Series:
    """Turn a measure column into numbers, emptying cells qualified as missing."""
    numbers = pd.to_numeric(values.where(values != ""), errors="coerce")
    if qualifiers is not None:
        numbers = numbers.mask(qualifiers.isin(NO_VALUE_QUALIFIERS))
    whole = numbers.dropna()
    if numbers.isna().any() and bool((whole == whole.round()).all()):
        return numbers.astype("Int64")  # whole numbers with gaps: keep them whole
    return numbers


def read_phs_csv(path: Path | str) -> pd.DataFrame:
    """Read a Public Health Scotland open-data CSV file.

    Parameters
    ----------
    path
        The CSV file, as downloaded from the PHS open data platform.

    Returns
    -------
    pandas.DataFrame
        The same columns, in the same order: month and quarter codes as periods,
        measures as numbers (``NaN`` where the qualifier says missing or not applicable),
        qualifier columns and other text as text.

    Raises
    ------
    DatasetFileError
        If the file does not exist.
    PHSFileError
        If a month or quarter column holds something other than a PHS code; the message
        gives each row and column.
    """
    path = Path(path)
    if not path.is_file():
        raise DatasetFileError(
            path, "Download it from the PHS open data platform, or check the path."
        )
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
    columns: dict[str, pd.Series] = {}
    for column in raw.columns:
        values = raw[column].str.strip()
        qualifiers = raw.get(column + QUALIFIER_SUFFIX)
        if is_month_column(column):
            columns[column] = parse_months(values, column, path)
        elif is_quarter_column(column):
            columns[column] = parse_quarters(values, column, path)
        elif not is_qualifier(column) and looks_numeric(values):
            columns[column] = measure(values, qualifiers)
        else:
            columns[column] = values
    return pd.DataFrame(columns)
