"""The checks an author can attach to a question, applied to plain-data answers.

A check is a small dictionary in the solution notebook, such as
``{"check": "between", "low": 80, "high": 120}``. The same functions run in
two places: in the learner's kernel for the public checks of a self-check, and in
the grader's own process for every check when grading. They only ever see plain
data (see :mod:`planlab.grading.answers`).

"Matches the solution" means equal once both are rounded to ``decimals`` places
(0 by default). That rule lets a public check compare a digest of the rounded
answer with a digest of the rounded solution, so the learner's notebook never
holds the solution's value.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from planlab.errors import ExerciseError


@dataclass(frozen=True)
class CheckOutcome:
    """The result of one check: whether it passed, and what to tell the learner."""

    passed: bool
    message: str


def _round(value: Any, decimals: int) -> Any:
    if isinstance(value, float | int) and not isinstance(value, bool):
        rounded = round(float(value), decimals)
        return 0.0 if rounded == 0 else rounded
    if isinstance(value, list):
        return [_round(item, decimals) for item in value]
    if isinstance(value, dict):
        return {key: _round(item, decimals) for key, item in value.items()}
    return value


def _table_view(table: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    """Keep the compared columns, in the spec's order, and sort rows when order is free."""
    columns = spec.get("columns") or table["columns"]
    missing = [c for c in columns if c not in table["columns"]]
    if missing:
        return {"missing": missing}
    positions = [table["columns"].index(c) for c in columns]
    rows = [[row[p] for p in positions] for row in table["rows"]]
    if spec.get("ignore_order", False):
        rows.sort(key=lambda row: json.dumps(row, sort_keys=True, default=str))
    return {"columns": columns, "rows": rows}


def canonical(kind: str, value: Any, spec: dict[str, Any]) -> str:
    """Return the text that "matches the solution" compares, for ``kind`` and ``spec``."""
    decimals = int(spec.get("decimals", 0))
    if kind == "table":
        value = _table_view(value, spec)
    elif kind == "function":
        value = _function_calls(value)
    elif kind == "chart":
        value = {"lines": [line["y"] for line in value["lines"]], "bars": value["bars"]}
    return json.dumps(_round(value, decimals), sort_keys=True, separators=(",", ":"))


def digest(salt: str, kind: str, value: Any, spec: dict[str, Any]) -> str:
    """Return the digest a public "matches the solution" check compares."""
    text = f"{salt}\n{canonical(kind, value, spec)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _places(spec: dict[str, Any]) -> str:
    decimals = int(spec.get("decimals", 0))
    return "to the nearest whole number" if decimals == 0 else f"to {decimals} decimal places"


def show(value: float) -> str:
    """Write a learner's number briefly: at most four decimal places, no trailing zeros."""
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _integer(kind: str, value: Any, spec: dict[str, Any]) -> CheckOutcome:
    passed = float(value).is_integer()
    message = "is a whole number" if passed else f"{show(value)} is not a whole number"
    return CheckOutcome(passed, message)


def _between(kind: str, value: Any, spec: dict[str, Any]) -> CheckOutcome:
    low, high, units = spec["low"], spec["high"], spec.get("units", "")
    passed = low <= value <= high
    where = f"between {low:g} and {high:g} {units}".rstrip()
    return CheckOutcome(passed, f"is {where}" if passed else f"{show(value)} is not {where}")


def _has_columns(kind: str, value: Any, spec: dict[str, Any]) -> CheckOutcome:
    missing = [c for c in spec["columns"] if c not in value["columns"]]
    if not missing:
        return CheckOutcome(True, f"has the columns {', '.join(spec['columns'])}")
    return CheckOutcome(False, f"is missing the column(s) {', '.join(missing)}")


def _row_count(kind: str, value: Any, spec: dict[str, Any]) -> CheckOutcome:
    rows, expected = len(value["rows"]), spec["rows"]
    message = f"has {rows} rows" + ("" if rows == expected else f"; expected {expected}")
    return CheckOutcome(rows == expected, message)


def _has_title(kind: str, value: Any, spec: dict[str, Any]) -> CheckOutcome:
    passed = bool(value["title"].strip())
    return CheckOutcome(passed, "has a title" if passed else "has no title: add one")


def _has_axis_labels(kind: str, value: Any, spec: dict[str, Any]) -> CheckOutcome:
    missing = [axis for axis in ("x", "y") if not value[f"{axis}label"].strip()]
    if not missing:
        return CheckOutcome(True, "labels both axes")
    return CheckOutcome(False, f"has no {' or '.join(missing)}-axis label: add one, with units")


def _function_calls(value: Any) -> list[Any]:
    return [r.get("result", {"error": r.get("error")}) for r in value["results"]]


def matches(kind: str, value: Any, solution: Any, spec: dict[str, Any]) -> CheckOutcome:
    """Compare a learner's plain answer with the solution's, saying how it differs.

    The message never contains the solution's values.
    """
    if kind == "function":
        mine, theirs = _function_calls(value), _function_calls(solution)
        wrong = sum(
            canonical("number", a, spec) != canonical("number", b, spec)
            for a, b in zip(mine, theirs, strict=True)
        )
        if wrong == 0:
            return CheckOutcome(True, f"gives the expected result for all {len(mine)} inputs")
        return CheckOutcome(False, f"gives a different result for {wrong} of {len(mine)} inputs")
    if kind == "table":
        view = _table_view(value, spec)
        if "missing" in view:
            return CheckOutcome(False, f"is missing the column(s) {', '.join(view['missing'])}")
        expected_rows = len(_table_view(solution, spec)["rows"])
        if len(view["rows"]) != expected_rows:
            return CheckOutcome(False, f"has {len(view['rows'])} rows; expected {expected_rows}")
    same = canonical(kind, value, spec) == canonical(kind, solution, spec)
    if same:
        return CheckOutcome(True, f"matches the expected answer {_places(spec)}")
    return CheckOutcome(False, f"does not match the expected answer {_places(spec)}")


FORM_CHECKS: dict[str, Callable[[str, Any, dict[str, Any]], CheckOutcome]] = {
    "integer": _integer,
    "between": _between,
    "has_columns": _has_columns,
    "row_count": _row_count,
    "has_title": _has_title,
    "has_axis_labels": _has_axis_labels,
}
#: Every check name an author may use.
CHECK_NAMES = (*FORM_CHECKS, "matches_solution")


def validate_check(question: str, spec: Any) -> None:
    """Raise ExerciseError if a check in the solution notebook is not one the grader knows."""
    if not isinstance(spec, dict) or spec.get("check") not in CHECK_NAMES:
        raise ExerciseError(
            f"question {question!r} has the check {spec!r}; each check must be a mapping whose "
            f"'check' is one of {', '.join(CHECK_NAMES)}"
        )


def run_form_check(kind: str, value: Any, spec: dict[str, Any]) -> CheckOutcome:
    """Run one check that needs only the learner's answer."""
    try:
        return FORM_CHECKS[spec["check"]](kind, value, spec)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        return CheckOutcome(False, f"could not be checked ({type(error).__name__})")
