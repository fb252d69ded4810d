"""Comparing plain-data answers: how "the same as the expected answer" is decided.

An author says, for each auto-graded question, how an answer is compared with the
solution's (a ``compare`` mapping in the solution notebook: ``decimals``,
``tolerance``, ``columns``, ``ignore_order``). Both answers are turned into the
same canonical text, rounded to ``decimals`` places, and the text is hashed with
a salt. Only hashes ever reach a learner's notebook, so a self-check can tell a
right answer from a wrong one without holding the expected value.

Form checks (``between``, ``has_columns``, ``row_count``, ``has_title``,
``has_axis_labels``, ``integer``) look at the learner's answer alone. They give
feedback on its shape; they never earn marks (see :mod:`planlab.grading.judge`).

This module runs in the learner's kernel as well as in the grader, so it imports
nothing beyond the standard library and :mod:`planlab.errors`.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from planlab.errors import ExerciseError

__all__ = [
    "CHECK_NAMES",
    "COMPARE_KEYS",
    "CheckOutcome",
    "canonical",
    "digest",
    "number_candidates",
    "precision_words",
    "run_form_check",
    "show",
    "table_view",
    "tolerance_of",
    "validate_check",
    "validate_compare",
]

#: The keys an author may use in a ``compare`` mapping or a part of one.
COMPARE_KEYS = ("decimals", "tolerance", "columns", "ignore_order", "whole")
#: Places kept when an answer must be a whole number: 96.7 then differs from 97.
WHOLE_PLACES = 6


@dataclass(frozen=True)
class CheckOutcome:
    """The result of one form check: whether it passed, and what to tell the learner."""

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


def _sort_key(row: Any) -> str:
    return json.dumps(row, sort_keys=True, default=str)


def table_view(table: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    """Keep the compared columns, in the spec's order, and sort rows when order is free.

    Returns ``{"missing": [...]}`` when a compared column is absent.
    """
    columns = list(spec.get("columns") or table["columns"])
    missing = [c for c in columns if c not in table["columns"]]
    if missing:
        return {"missing": missing}
    positions = [table["columns"].index(c) for c in columns]
    rows = [[row[p] for p in positions] for row in table["rows"]]
    if spec.get("ignore_order", False):
        rows.sort(key=_sort_key)
    return {"columns": columns, "rows": rows}


def _function_results(value: dict[str, Any]) -> list[Any]:
    return [r.get("result", {"error": r.get("error")}) for r in value["results"]]


def canonical(kind: str, value: Any, spec: dict[str, Any]) -> str:
    """Return the text that two answers must share to be "the same", for ``kind`` and ``spec``.

    Numbers are rounded to ``decimals`` places; with ``whole`` they are kept to
    :data:`WHOLE_PLACES` places, so an unrounded answer never passes for a whole number.
    """
    decimals = WHOLE_PLACES if spec.get("whole") else int(spec.get("decimals", 0))
    if kind == "table":
        value = table_view(value, spec)
    elif kind == "function":
        value = _function_results(value)
    elif kind == "chart":
        value = {"lines": [line["y"] for line in value["lines"]], "bars": value["bars"]}
    return json.dumps(_round(value, decimals), sort_keys=True, separators=(",", ":"))


def digest(salt: str, tag: str, text: str) -> str:
    """Return the salted SHA-256 of a canonical text; ``tag`` says what is compared."""
    return hashlib.sha256(f"{salt}\n{tag}\n{text}".encode()).hexdigest()


def tolerance_of(spec: dict[str, Any]) -> int:
    """Return how many units of the last decimal place a number may be off.

    One unit when ``decimals`` is 1 or more (two correct methods can round a value on
    the boundary differently); none for whole numbers, unless the author says so.
    """
    default = 1 if int(spec.get("decimals", 0)) > 0 and not spec.get("whole") else 0
    return int(spec.get("tolerance", default))


def number_candidates(value: float, spec: dict[str, Any]) -> list[str]:
    """Return the canonical texts of ``value`` and its neighbours within the tolerance."""
    decimals = WHOLE_PLACES if spec.get("whole") else int(spec.get("decimals", 0))
    step = 10.0**-decimals
    base = round(float(value), decimals)
    width = tolerance_of(spec)
    return [canonical("number", base + k * step, spec) for k in range(-width, width + 1)]


def precision_words(kind: str, spec: dict[str, Any]) -> str:
    """Say how precisely answers are compared: "to 1 decimal place", "" for a chart."""
    if kind == "chart":
        return ""
    if spec.get("whole"):
        return "exactly, as a whole number"
    decimals = int(spec.get("decimals", 0))
    if decimals == 0:
        return "to the nearest whole number"
    return f"to {decimals} decimal place" + ("" if decimals == 1 else "s")


def show(value: float) -> str:
    """Write a learner's number briefly: at most four decimal places, no trailing zeros."""
    if not math.isfinite(value):
        return str(value)
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _integer(kind: str, value: Any, spec: dict[str, Any]) -> CheckOutcome:
    passed = float(value).is_integer()
    message = "is a whole number" if passed else f"{show(value)} is not a whole number"
    return CheckOutcome(passed, message)


def _between(kind: str, value: Any, spec: dict[str, Any]) -> CheckOutcome:
    low, high, units = spec["low"], spec["high"], spec.get("units", "")
    passed = low <= value <= high
    where = f"{low:,g} to {high:,g}" + (f" ({units})" if units else "")
    if passed:
        return CheckOutcome(True, f"is in the plausible range {where}")
    return CheckOutcome(False, f"{show(value)} is outside the plausible range {where}")


def _has_columns(kind: str, value: Any, spec: dict[str, Any]) -> CheckOutcome:
    missing = [c for c in spec["columns"] if c not in value["columns"]]
    if not missing:
        return CheckOutcome(True, f"has the columns {', '.join(spec['columns'])}")
    return CheckOutcome(False, f"is missing the column(s) {', '.join(missing)}")


def _row_count(kind: str, value: Any, spec: dict[str, Any]) -> CheckOutcome:
    rows, expected = len(value["rows"]), spec["rows"]
    message = f"has {rows} rows" + (
        "" if rows == expected else f"; the question asks for {expected}"
    )
    return CheckOutcome(rows == expected, message)


def _has_title(kind: str, value: Any, spec: dict[str, Any]) -> CheckOutcome:
    passed = bool(value["title"].strip())
    return CheckOutcome(passed, "has a title" if passed else "has no title: add one")


def _has_axis_labels(kind: str, value: Any, spec: dict[str, Any]) -> CheckOutcome:
    missing = [axis for axis in ("x", "y") if not value[f"{axis}label"].strip()]
    if not missing:
        return CheckOutcome(True, "labels both axes")
    return CheckOutcome(False, f"has no {' or '.join(missing)}-axis label: add one, with units")


FORM_CHECKS: dict[str, Callable[[str, Any, dict[str, Any]], CheckOutcome]] = {
    "integer": _integer,
    "between": _between,
    "has_columns": _has_columns,
    "row_count": _row_count,
    "has_title": _has_title,
    "has_axis_labels": _has_axis_labels,
}
#: Every form check an author may use.
CHECK_NAMES = tuple(FORM_CHECKS)


def validate_check(question: str, spec: Any) -> None:
    """Raise ExerciseError if a form check in the solution notebook is not one the grader knows."""
    if not isinstance(spec, dict) or spec.get("check") not in CHECK_NAMES:
        raise ExerciseError(
            f"question {question!r} has the form check {spec!r}; each must be a mapping whose "
            f"'check' is one of {', '.join(CHECK_NAMES)}"
        )
    deduct = spec.get("deduct", 0)
    if not isinstance(deduct, int | float) or not 0 <= deduct <= 1:
        raise ExerciseError(
            f"question {question!r}: a form check's 'deduct' is the share of the points lost "
            f"when it fails, from 0 to 1, not {deduct!r}"
        )


def validate_compare(question: str, spec: Any, where: str = "compare") -> None:
    """Raise ExerciseError if a ``compare`` mapping (or a part) uses unknown keys or values."""
    if not isinstance(spec, dict):
        raise ExerciseError(f"question {question!r}: {where!r} must be a mapping, not {spec!r}")
    unknown = sorted(set(spec) - {*COMPARE_KEYS, "label", "share", "hint"})
    if unknown:
        raise ExerciseError(
            f"question {question!r}: {where} has unknown keys {unknown}; "
            f"use {', '.join(COMPARE_KEYS)}"
        )
    if "whole" in spec and not isinstance(spec["whole"], bool):
        raise ExerciseError(f"question {question!r}: {where} 'whole' must be true or false")
    for key in ("decimals", "tolerance"):
        if key in spec and (not isinstance(spec[key], int) or spec[key] < 0):
            raise ExerciseError(
                f"question {question!r}: {where} {key!r} must be a whole number >= 0"
            )


def run_form_check(kind: str, value: Any, spec: dict[str, Any]) -> CheckOutcome:
    """Run one check that needs only the learner's answer."""
    try:
        return FORM_CHECKS[spec["check"]](kind, value, spec)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        return CheckOutcome(False, f"could not be checked ({type(error).__name__})")
