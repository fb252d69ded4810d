"""A trainer's roster: each learner's id and their own exercise parameters.

A roster is a CSV file with a ``learner`` column and one column per parameter,
for example ``learner,seed``. Parameters always come from the roster, never
from a learner's notebook, so editing the notebook cannot change them.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from planlab.errors import RosterError

SAFE_LEARNER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


def _value(text: str) -> Any:
    """Read a parameter as a whole number, a decimal number or text, in that order."""
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            continue
    return text


def read_roster(path: Path) -> dict[str, dict[str, Any]]:
    """Read a roster CSV into each learner's parameters.

    Raises
    ------
    RosterError
        Listing every bad line: a missing or unsafe learner id, a repeated id,
        or a parameter name that is not a valid Python name.
    """
    path = Path(path)
    if not path.is_file():
        raise RosterError(f"there is no roster file at {path}")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        if "learner" not in columns:
            raise RosterError(f"{path} needs a 'learner' column; its columns are {columns}")
        bad_names = [c for c in columns if c != "learner" and not c.isidentifier()]
        if bad_names:
            raise RosterError(f"{path}: parameter columns must be Python names, not {bad_names}")
        roster: dict[str, dict[str, Any]] = {}
        problems = []
        for line, row in enumerate(reader, start=2):
            learner = (row.get("learner") or "").strip()
            if not SAFE_LEARNER_ID.match(learner):
                problems.append(
                    f"line {line}: learner id {learner!r} must be letters, digits, "
                    "'-', '_' or '.', starting with a letter or digit"
                )
            elif learner in roster:
                problems.append(f"line {line}: learner {learner!r} is listed twice")
            else:
                roster[learner] = {k: _value(v.strip()) for k, v in row.items() if k != "learner"}
    if problems:
        raise RosterError(f"{path} has {len(problems)} problem(s):\n" + "\n".join(problems))
    return roster
