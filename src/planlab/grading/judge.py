"""Deciding whether an answer is right, from an answer key that never holds the expected values.

An **answer key** is built once from the solution's answer (and the answers of the
author's named mistakes) for one learner's parameters. It holds only salted hashes
and facts the question already states (the columns asked for, the number of lines,
the example inputs), plus the order of magnitude of a number, so that a wrong unit
can be named. The same key is:

- written into the learner's notebook, where :class:`~planlab.grading.kernel.selfcheck.SelfCheck`
  judges each answer as the learner works (public example inputs only); and
- built afresh by the grader, with every input, to mark the submission.

Both call :func:`judge`, so a learner and their trainer see the same verdict.

The marking rule (documented for trainers in *Exercises and grading*):

- a right answer earns all its points;
- where the author split a question into parts, each right part earns its share;
- a named mistake earns the credit its author gave it (nothing, unless said);
- a form check (a title, the columns asked for, a plausible range) never earns
  marks; an author may say that a failed one costs a share of the points;
- anything else earns nothing.

Like :mod:`planlab.grading.checks`, this module runs in the learner's kernel, so it
imports only the standard library and the course's own kernel-side modules.

The module stays whole (about 540 lines) because building an answer key and judging an
answer against it must use the same canonical forms and the same hashes; split in two, they
could drift apart and a right answer be marked wrong.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from planlab.grading.checks import (
    canonical,
    digest,
    number_candidates,
    precision_words,
    run_form_check,
    show,
    table_view,
)

__all__ = [
    "RIGHT",
    "Verdict",
    "answer_key",
    "judge",
]

#: The outcome of an answer that is right.
RIGHT = "right"
#: The outcome of an answer with some parts right.
PARTLY = "partly right"
#: The outcome of an answer that matches a named mistake.
MISTAKE = "mistake"
#: The outcome of an answer that is not right.
WRONG = "not right"
#: The outcome of an answer that was not judged.
UNCHECKED = ""
#: A number this many powers of ten from the expected size is called "too large" or "too small".
SCALE_GAP = 1.5


@dataclass(frozen=True)
class Verdict:
    """What judging one answer found.

    Parameters
    ----------
    state
        ``"right"``, ``"partly right"``, ``"mistake"`` (a named mistake),
        ``"not right"``, or ``""`` when the values could not be checked here.
    share
        The share of the question's points earned, from 0 to 1.
    summary
        One sentence for the learner.
    details
        Further sentences: which parts are right, what the form checks found.
    hints
        The author's hints that apply to what is still wrong.
    """

    state: str
    share: float
    summary: str
    details: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()

    @property
    def right(self) -> bool:
        """True when the answer earns every point."""
        return self.state == RIGHT and self.share >= 1 - 1e-9


# --- building a key -----------------------------------------------------------------


def _texts(kind: str, value: Any, spec: dict[str, Any]) -> list[str]:
    """Canonical texts that count as equal to ``value`` (one, or neighbours for numbers)."""
    if kind == "number":
        return number_candidates(value, spec)
    return [canonical(kind, value, spec)]


def _column_text(table: dict[str, Any], column: str, spec: dict[str, Any]) -> str | None:
    if column not in table["columns"]:
        return None
    position = table["columns"].index(column)
    values = [row[position] for row in table["rows"]]
    if spec.get("ignore_order", False):
        values.sort(key=lambda item: json.dumps(item, sort_keys=True, default=str))
    return canonical("number", values, spec)


def _scale(value: float) -> int | None:
    return None if value == 0 or not math.isfinite(value) else math.floor(math.log10(abs(value)))


def answer_key(
    salt: str,
    question: str,
    kind: str,
    expected: Any,
    *,
    compare: dict[str, Any] | None = None,
    parts: Sequence[dict[str, Any]] = (),
    form: Sequence[dict[str, Any]] = (),
    hint: str = "",
    mistakes: Sequence[tuple[Any, str, float]] = (),
    public_calls: int | None = None,
) -> dict[str, Any]:
    """Build the answer key of one question from the solution's plain answer.

    Parameters
    ----------
    salt
        Text unique to the exercise, mixed into every hash.
    question
        The question id.
    kind
        ``"number"``, ``"table"``, ``"function"`` or ``"chart"``.
    expected
        The solution's answer as plain data (see :mod:`planlab.grading.kernel.answers`).
    compare
        How answers are compared (``decimals``, ``tolerance``, ``columns``,
        ``ignore_order``).
    parts
        Optional parts, each a ``compare`` mapping with a ``label``, a ``share`` of
        the points and an optional ``hint``.
    form
        Form checks, shown as feedback (and costing ``deduct`` when they fail).
    hint
        The question's hint, shown when the answer is not right.
    mistakes
        Each named mistake as ``(plain answer, message, credit)``.
    public_calls
        For a function, how many of the calls are the public example inputs.

    Returns
    -------
    dict
        A JSON-ready key. It holds hashes, never the expected values.
    """
    compare = dict(compare or {})
    whole = _whole_spec(kind, compare, parts)
    key: dict[str, Any] = {
        "kind": kind,
        "compare": whole,
        "right": digest(salt, f"{question}:right", canonical(kind, expected, whole)),
        "form": [dict(check) for check in form],
        "hint": hint,
        "parts": [
            _part_key(salt, question, kind, expected, whole, n, part)
            for n, part in enumerate(parts)
        ],
        "mistakes": [
            {
                "digest": digest(salt, f"{question}:right", canonical(kind, value, whole)),
                "message": message,
                "credit": float(credit),
            }
            for value, message, credit in mistakes
        ],
    }
    key.update(_detail(salt, question, kind, expected, whole, public_calls))
    return key


def _part_key(
    salt: str,
    question: str,
    kind: str,
    expected: Any,
    whole: dict[str, Any],
    number: int,
    part: dict[str, Any],
) -> dict[str, Any]:
    spec = _part_spec(whole, part)
    return {
        "label": str(part.get("label", "")),
        "share": float(part.get("share", 0)),
        "hint": str(part.get("hint", "")),
        "compare": spec,
        "digest": digest(salt, f"{question}:part:{number}", canonical(kind, expected, spec)),
    }


def _whole_spec(
    kind: str, compare: dict[str, Any], parts: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    whole = {k: v for k, v in compare.items() if k not in ("label", "share", "hint")}
    if kind == "table" and parts and "columns" not in whole:
        columns: list[str] = []
        for part in parts:
            columns += [c for c in part.get("columns", []) if c not in columns]
        if columns:
            whole["columns"] = columns
    return whole


def _part_spec(whole: dict[str, Any], part: dict[str, Any]) -> dict[str, Any]:
    spec = dict(whole)
    spec.update({k: v for k, v in part.items() if k not in ("label", "share", "hint")})
    return spec


def _detail(
    salt: str,
    question: str,
    kind: str,
    expected: Any,
    spec: dict[str, Any],
    public_calls: int | None,
) -> dict[str, Any]:
    """Hashes of each column, line or call, and facts the question already states."""
    if kind == "number":
        return {"scale": _scale(expected), "negative": expected < 0}
    if kind == "table":
        view = table_view(expected, spec)
        return {
            "columns": {
                column: digest(salt, f"{question}:col:{column}", text)
                for column in view["columns"]
                if (text := _column_text(expected, column, spec)) is not None
            },
            "rows": len(expected["rows"]),
        }
    if kind == "chart":
        decimals = int(spec.get("decimals", 0))
        lines = [
            canonical("number", line["y"], {"decimals": decimals}) for line in expected["lines"]
        ]
        return {
            "lines": [digest(salt, f"{question}:line:{n}", t) for n, t in enumerate(lines)],
            "bars": digest(salt, f"{question}:bars", canonical("number", expected["bars"], spec)),
            "line_count": len(expected["lines"]),
            "bar_count": len(expected["bars"]),
        }
    if kind == "function":
        results = [r.get("result", {"error": r.get("error")}) for r in expected["results"]]
        return {
            "calls": [
                digest(salt, f"{question}:call:{n}", canonical("number", result, spec))
                for n, result in enumerate(results)
            ],
            "inputs": expected["calls"][: public_calls if public_calls is not None else None],
        }
    return {}


# --- judging an answer ----------------------------------------------------------------


def judge(salt: str, question: str, key: dict[str, Any], value: Any) -> Verdict:
    """Judge a learner's plain answer against an answer key.

    Parameters
    ----------
    salt
        The exercise's salt, as used to build the key.
    question
        The question id.
    key
        The answer key from :func:`answer_key`. A key without ``"right"`` (for
        example in a summative exercise) gives a verdict on form only.
    value
        The learner's answer as plain data.

    Returns
    -------
    Verdict
        The verdict, with messages that never reveal an expected value.
    """
    kind = key["kind"]
    whole = key.get("compare", {})
    form = [(check, run_form_check(kind, value, check)) for check in key.get("form", [])]
    form_notes = tuple(
        f"Your answer {outcome.message}." for _, outcome in form if not outcome.passed
    )
    if "right" not in key:
        summary = (
            "Your answer has the right form. Whether its values are right is checked when "
            "your trainer grades it."
        )
        return Verdict(UNCHECKED, 0.0, summary if not form_notes else "Not yet.", form_notes)
    texts = _texts(kind, value, whole)
    mine = [digest(salt, f"{question}:right", text) for text in texts]
    if key["right"] in mine:
        return _right(kind, key, whole, form)
    right_parts, wrong_parts = _split_parts(salt, question, kind, key, value)
    parts_share = sum(part["share"] for part in right_parts)
    for mistake in key.get("mistakes", []):
        if mistake["digest"] in mine:
            share = max(float(mistake.get("credit", 0.0)), parts_share)
            details = (*_parts_note(right_parts, wrong_parts), *form_notes)
            return Verdict(
                MISTAKE,
                _after_deductions(share, form),
                f"Not right: {mistake['message']}",
                details,
            )
    return _not_right(
        salt, question, kind, key, whole, value, form, form_notes, right_parts, wrong_parts
    )


def _split_parts(
    salt: str, question: str, kind: str, key: dict[str, Any], value: Any
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Sort the question's parts into those the answer has right and those it has not."""
    right_parts: list[dict[str, Any]] = []
    wrong_parts: list[dict[str, Any]] = []
    for n, part in enumerate(key.get("parts", [])):
        mine = digest(salt, f"{question}:part:{n}", _safe_canonical(kind, value, part["compare"]))
        (right_parts if mine == part["digest"] else wrong_parts).append(part)
    return right_parts, wrong_parts


def _parts_note(
    right_parts: list[dict[str, Any]], wrong_parts: list[dict[str, Any]]
) -> tuple[str, ...]:
    if not right_parts:
        return ()
    names = "; ".join(p["label"] for p in right_parts)
    missing = "; ".join(p["label"] for p in wrong_parts)
    return (f"Right: {names}. Not right yet: {missing}.",)


def _after_deductions(share: float, form: list[tuple[dict[str, Any], Any]]) -> float:
    if share <= 0:
        return 0.0
    lost = sum(float(check.get("deduct", 0)) for check, outcome in form if not outcome.passed)
    return max(0.0, share - lost)


def _right(
    kind: str, key: dict[str, Any], whole: dict[str, Any], form: list[tuple[dict[str, Any], Any]]
) -> Verdict:
    precision = precision_words(kind, whole)
    summary = "Right: your answer matches the expected answer"
    summary = f"{summary} {precision}." if precision else f"{summary}."
    if kind == "chart":
        summary = "Right: your chart plots the expected values."
    details: list[str] = []
    failed = [outcome for _, outcome in form if not outcome.passed]
    if kind == "function" and len(key.get("inputs", [])) < len(key.get("calls", [])):
        details.append("Grading will also try it on further inputs.")
    if kind == "function" and len(key.get("inputs", [])) == len(key.get("calls", [])):
        summary = f"Right for the example inputs: it gives the expected results {precision}."
    share = _after_deductions(1.0, form)
    if failed:
        details = [f"But your answer {outcome.message}." for outcome in failed] + details
        summary = summary.replace("Right:", "The values are right:", 1)
        return Verdict(RIGHT if share >= 1 else PARTLY, share, summary, tuple(details))
    return Verdict(RIGHT, 1.0, summary, tuple(details))


def _hints(key: dict[str, Any], wrong_parts: list[dict[str, Any]]) -> tuple[str, ...]:
    part_hints = [part["hint"] for part in wrong_parts if part.get("hint")]
    if part_hints:
        return tuple(part_hints)
    return (key["hint"],) if key.get("hint") else ()


def _not_right(
    salt: str,
    question: str,
    kind: str,
    key: dict[str, Any],
    whole: dict[str, Any],
    value: Any,
    form: list[tuple[dict[str, Any], Any]],
    form_notes: tuple[str, ...],
    right_parts: list[dict[str, Any]],
    wrong_parts: list[dict[str, Any]],
) -> Verdict:
    details = list(_why(salt, question, kind, key, whole, value))
    if form_notes and kind == "number":
        details = details[1:]  # the form note already shows the learner's number
    if right_parts:
        share = _after_deductions(sum(p["share"] for p in right_parts), form)
        names = "; ".join(p["label"] for p in right_parts)
        missing = "; ".join(p["label"] for p in wrong_parts)
        summary = f"Partly right: {names} right; {missing} not right yet."
        return Verdict(PARTLY, share, summary, (*details, *form_notes), _hints(key, wrong_parts))
    precision = precision_words(kind, whole)
    what = {"chart": "Not right yet: your chart does not plot the expected values."}.get(
        kind, f"Not right yet: your answer does not match the expected answer {precision}."
    )
    return Verdict(WRONG, 0.0, what, (*details, *form_notes), _hints(key, wrong_parts))


def _safe_canonical(kind: str, value: Any, spec: dict[str, Any]) -> str:
    try:
        return canonical(kind, value, spec)
    except (KeyError, IndexError, TypeError, ValueError):
        return ""


def _why(
    salt: str, question: str, kind: str, key: dict[str, Any], whole: dict[str, Any], value: Any
) -> list[str]:
    """Say what differs, as far as the key allows without revealing expected values."""
    if kind == "number":
        return _why_number(key, value)
    if kind == "table":
        return _why_table(salt, question, key, whole, value)
    if kind == "chart":
        return _why_chart(salt, question, key, whole, value)
    if kind == "function":
        return _why_function(salt, question, key, whole, value)
    return []


def _why_number(key: dict[str, Any], value: float) -> list[str]:
    notes = [f"Your answer is {show(value)}."]
    scale = key.get("scale")
    if value != 0 and key.get("negative") is not None and (value < 0) != key["negative"]:
        sign = "negative" if key["negative"] else "positive"
        notes.append(f"The expected answer is {sign}.")
    if scale is None or value == 0:
        return notes
    gap = math.log10(abs(value)) - (scale + 0.5)
    if abs(gap) >= SCALE_GAP:
        factor = f"{10 ** round(abs(gap)):,}"
        size = "large" if gap > 0 else "small"
        notes.append(
            f"It is at least 10 times too {size} (roughly {factor} times): check the units, "
            "for example per 1,000 or per 100,000, or a percentage against a fraction."
        )
    return notes


def _why_table(
    salt: str, question: str, key: dict[str, Any], whole: dict[str, Any], value: dict[str, Any]
) -> list[str]:
    view = table_view(value, whole)
    if "missing" in view:
        return [f"Your table has no column(s) {', '.join(view['missing'])}."]
    notes = []
    if len(value["rows"]) != key.get("rows", len(value["rows"])):
        rows = _count(len(value["rows"]), "row")
        notes.append(f"Your table has {rows}; the expected table has {key['rows']}.")
    right: list[str] = []
    wrong: list[str] = []
    for column, expected in key.get("columns", {}).items():
        text = _column_text(value, column, whole)
        mine = digest(salt, f"{question}:col:{column}", text) if text is not None else ""
        (right if mine == expected else wrong).append(column)
    if right and wrong:
        notes.append(f"Right: {', '.join(right)}. Not right yet: {', '.join(wrong)}.")
    elif wrong and not notes:
        notes.append(f"None of the compared columns is right yet ({', '.join(wrong)}).")
    return notes


def _why_chart(
    salt: str, question: str, key: dict[str, Any], whole: dict[str, Any], value: dict[str, Any]
) -> list[str]:
    notes = []
    lines, expected = len(value["lines"]), key.get("line_count", 0)
    if lines != expected:
        notes.append(f"Your chart has {_count(lines, 'line')}; the question asks for {expected}.")
    bars, expected_bars = len(value["bars"]), key.get("bar_count", 0)
    if bars != expected_bars:
        notes.append(
            f"Your chart has {_count(bars, 'bar')}; the question asks for {expected_bars}."
        )
    decimals = {"decimals": int(whole.get("decimals", 0))}
    right: list[str] = []
    wrong: list[str] = []
    for n, line in enumerate(value["lines"][: len(key.get("lines", []))]):
        mine = digest(salt, f"{question}:line:{n}", canonical("number", line["y"], decimals))
        name = f"line {n + 1}" + (f" ({line['label']})" if line.get("label") else "")
        (right if mine == key["lines"][n] else wrong).append(name)
    if right and wrong:
        notes.append(f"Right: {', '.join(right)}. Not right yet: {', '.join(wrong)}.")
    elif wrong and not notes:
        notes.append("The lines are there, but their values are not the expected ones.")
    return notes


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _why_function(
    salt: str, question: str, key: dict[str, Any], whole: dict[str, Any], value: dict[str, Any]
) -> list[str]:
    calls = key.get("calls", [])
    inputs = key.get("inputs", [])
    right, notes = 0, []
    for n, (outcome, expected) in enumerate(zip(value["results"], calls, strict=False)):
        result = outcome.get("result", {"error": outcome.get("error")})
        mine = digest(salt, f"{question}:call:{n}", canonical("number", result, whole))
        if mine == expected:
            right += 1
            continue
        if n < len(inputs):
            shown = ", ".join(json.dumps(arg) for arg in inputs[n])
            where = f"With the inputs ({shown})"
        else:
            where = "With one of the grader's further inputs"
        if "error" in outcome:
            notes.append(f"{where} it stopped with {outcome['error']}.")
        elif n < len(inputs):
            notes.append(f"{where} it gives {_brief(result)}, which is not the expected result.")
    total = len(calls)
    summary = f"It gives the expected result for {right} of {total} inputs."
    return [summary, *notes]


def _brief(result: Any) -> str:
    text = json.dumps(result)
    return text if len(text) <= 80 else text[:77] + "..."
