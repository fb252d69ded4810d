"""Writing the CSV files a trainer opens in a spreadsheet, safely.

Learners choose their file names, and so their learner ids, and write the answers
and comments that end up in CSV files. A spreadsheet runs a cell that begins with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula, so a file named
``=2+3.ipynb`` could put a live formula into a trainer's gradebook. As the OWASP
guidance on CSV injection advises, such text cells are written with a leading
apostrophe, which a spreadsheet shows as plain text. Numbers the grader formats
itself (such as ``-1.5``) are written as they are.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

__all__ = ["FORMULA_STARTS", "safe_cell", "write_csv"]

#: First characters that make a spreadsheet treat a cell as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """Return a cell's text, with an apostrophe in front if it could run as a formula.

    Parameters
    ----------
    value
        The cell. Numbers (int and float) are written as they are.

    Returns
    -------
    str
        The text to write.
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def write_csv(path: Path, header: Sequence[object], rows: Iterable[Sequence[object]]) -> Path:
    """Write a CSV file (UTF-8, one line per row) with every text cell made safe."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow([safe_cell(cell) for cell in header])
        writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return path
