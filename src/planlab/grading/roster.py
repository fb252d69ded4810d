"""A trainer's roster: each learner's id, their own exercise parameters, and how to find them.

A roster is a CSV file with a ``learner`` column, one column for each parameter of
the exercise (named exactly as the exercise names it, such as ``locality``), and any
of these columns that help find a learner's work in a platform's download:
``name`` (as the platform shows it), ``email``, ``moodle_id`` (Moodle's participant
number) and ``canvas_id`` (Canvas's user id). Only parameter columns ever reach a
learner's notebook. Parameters always come from the roster, never from a learner's
notebook, so editing the notebook cannot change them.

Every problem is found before anything is written, and all are reported together,
each with its line and column.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planlab.errors import RosterError
from planlab.grading.parameters import Parameter, convert

__all__ = ["INFO_COLUMNS", "SAFE_LEARNER_ID", "Roster", "RosterEntry", "read_roster"]

#: A learner id safe in file names and notebooks: letters, digits, '-', '_', '.'.
SAFE_LEARNER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
#: Columns that help find a learner's work; never written into notebooks.
INFO_COLUMNS = ("name", "email", "moodle_id", "canvas_id")


@dataclass(frozen=True)
class RosterEntry:
    """One learner on the roster."""

    learner: str
    parameters: dict[str, Any]
    info: dict[str, str] = field(default_factory=dict)


@dataclass
class Roster:
    """A checked roster, in file order.

    Attributes
    ----------
    entries
        Each learner's entry, keyed by learner id.
    ignored
        Columns that are neither a parameter nor an information column; read, not used.
    defaulted
        Parameters with no column, so every learner gets the exercise's default.
    """

    entries: dict[str, RosterEntry]
    ignored: list[str] = field(default_factory=list)
    defaulted: list[str] = field(default_factory=list)

    def parameters(self, learner: str) -> dict[str, Any] | None:
        """Return a learner's parameters, or None for a learner not on the roster."""
        entry = self.entries.get(learner)
        return None if entry is None else dict(entry.parameters)

    def __contains__(self, learner: object) -> bool:
        return learner in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def notes(self) -> list[str]:
        """Say what a trainer should know about how the roster was read."""
        notes = []
        if self.ignored:
            notes.append(
                f"the roster's column(s) {', '.join(self.ignored)} are not parameters of this "
                "exercise and were not used"
            )
        if self.defaulted:
            notes.append(
                f"the roster has no column for {', '.join(self.defaulted)}, so every learner "
                "has the exercise's default value"
            )
        return notes


def _column_problems(columns: list[str], parameters: dict[str, Parameter]) -> list[str]:
    problems = []
    if "learner" not in columns:
        near = [c for c in columns if c.strip().lower() == "learner"]
        hint = f" (it has {near[0]!r}: names must match exactly)" if near else ""
        problems.append(f"line 1: the roster needs a 'learner' column{hint}")
    for column in columns:
        if column in parameters or column in INFO_COLUMNS or column == "learner":
            continue
        close = difflib.get_close_matches(column.lower(), [p.lower() for p in parameters], n=1)
        if close or column.strip().lower() in {p.lower() for p in parameters}:
            match = next(p for p in parameters if p.lower() == (close or [column.lower()])[0])
            problems.append(
                f"line 1: the column {column!r} is not a parameter of this exercise; did you "
                f"mean {match!r}? Column names must match exactly, capitals included"
            )
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        problems.append(f"line 1: the column(s) {', '.join(repeated)} appear twice")
    return problems


def _learner_problem(learner: str, line: int, seen: set[str]) -> str:
    if not SAFE_LEARNER_ID.match(learner):
        return (
            f"line {line}, learner: {learner!r} must be letters, digits, '-', '_' or '.', "
            "starting with a letter or digit"
        )
    if learner in seen:
        return f"line {line}, learner: {learner!r} is listed twice"
    return ""


def read_roster(path: Path, parameters: tuple[Parameter, ...] = ()) -> Roster:
    """Read and check a roster CSV against an exercise's parameters.

    Parameters
    ----------
    path
        The roster file.
    parameters
        The exercise's parameters (see :mod:`planlab.grading.parameters`).

    Returns
    -------
    Roster
        Each learner's own parameter values, converted to their parameter's type.

    Raises
    ------
    RosterError
        Listing every problem with its line and column: a missing ``learner`` column,
        a column that is nearly a parameter's name, an unsafe or repeated learner id,
        and every value that is not one its parameter allows.
    """
    path = Path(path)
    if not path.is_file():
        raise RosterError(f"there is no roster file at {path}")
    by_name = {p.name: p for p in parameters}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = [str(c) for c in reader.fieldnames or []]
        problems = _column_problems(columns, by_name)
        entries: dict[str, RosterEntry] = {}
        if not problems:
            for line, row in enumerate(reader, start=2):
                entry, found = _entry(row, line, by_name, set(entries))
                problems += found
                if entry is not None:
                    entries[entry.learner] = entry
    if problems:
        raise RosterError(
            f"{path} has {len(problems)} problem(s); nothing was written:\n" + "\n".join(problems)
        )
    if not entries:
        raise RosterError(f"{path} lists no learners: add one row per learner under the header")
    ignored = [c for c in columns if c not in by_name and c not in INFO_COLUMNS and c != "learner"]
    defaulted = [name for name in by_name if name not in columns]
    return Roster(entries, ignored, defaulted)


def _entry(
    row: dict[str, Any], line: int, parameters: dict[str, Parameter], seen: set[str]
) -> tuple[RosterEntry | None, list[str]]:
    learner = str(row.get("learner") or "").strip()
    problem = _learner_problem(learner, line, seen)
    problems = [problem] if problem else []
    values: dict[str, Any] = {}
    for name, parameter in parameters.items():
        if name not in row:
            continue
        try:
            values[name] = convert(parameter, str(row[name] or ""))
        except ValueError as error:
            problems.append(f"line {line}, {name}: {error}")
    info = {c: str(row[c] or "").strip() for c in INFO_COLUMNS if row.get(c)}
    return (None if problems else RosterEntry(learner, values, info)), problems
