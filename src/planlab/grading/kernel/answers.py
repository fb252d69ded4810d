"""Turning a learner's answer into plain data, inside the kernel.

Answers leave the learner's kernel only as plain data: numbers, strings, lists
and dictionaries. Tables become records, functions become the results of calling
them, and charts become their titles, labels and plotted values. Everything is
then compared in the grader's own process, so nothing the learner's code does to
``==``, ``abs`` or ``numpy.allclose`` can change a grade.

The same conversion feeds the learner's self-check, so the feedback a learner
sees and the grade a trainer sees are built from the same view of the answer.

Runs in: the learner's kernel (:func:`emit` in the grading notebook, :func:`to_plain`
through the self-check). The grader imports only :data:`EXPECTED_FORM`, the words
for each kind of answer.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from planlab.grading.model import ANSWER_MIME

__all__ = [
    "EXPECTED_FORM",
    "NotAnswered",
    "chart_to_plain",
    "emit",
    "function_to_plain",
    "number_to_plain",
    "table_to_plain",
    "to_plain",
]

#: What each kind of answer should be, in words a learner understands.
EXPECTED_FORM = {
    "number": "a number (for example 97 or 0.85)",
    "table": "a table: a pandas DataFrame, or a list of rows with the same columns",
    "function": "a function defined with def",
    "chart": "a matplotlib chart (the figure, or the axes you drew on)",
}


class NotAnswered:
    """Marks an answer that has not been given yet (the ``...`` placeholder)."""


def _plain_scalar(value: Any) -> Any:
    """Return ``value`` as a JSON-safe scalar, or raise TypeError."""
    if value is None or isinstance(value, str | bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if type(value).__module__.startswith("numpy") and hasattr(value, "item"):
        return _plain_scalar(value.item())
    raise TypeError(f"a value of type {type(value).__name__}")


def number_to_plain(value: Any) -> float:
    """Return a real number as a float, or raise TypeError saying what it was instead."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        if type(value).__module__.startswith("numpy") and getattr(value, "ndim", 1) == 0:
            item: Any = value
            return number_to_plain(item.item())
        raise TypeError(_describe(value))
    number = float(value)
    if not math.isfinite(number):
        raise TypeError(f"{number}, which is not a finite number")
    return number


def _describe(value: Any) -> str:
    if value is Ellipsis or isinstance(value, NotAnswered):
        return "nothing yet (the ... placeholder is still there)"
    if isinstance(value, str):
        return f"text ({value[:40]!r}); numbers should not be in quotes"
    name = type(value).__name__
    if hasattr(value, "shape"):
        return f"a {name} of shape {tuple(value.shape)}"
    if isinstance(value, Sequence):
        return f"a {name} of {len(value)} items"
    return f"a {name}"


def table_to_plain(value: Any) -> dict[str, Any]:
    """Return a table as ``{"columns": [...], "rows": [[...], ...]}``.

    A pandas DataFrame (its index is kept as columns when it is named), a list of
    dictionaries, or a dictionary of equal-length lists are all accepted, so an
    answer written in plain Python is marked like one written in pandas.
    """
    frame_like = hasattr(value, "columns") and hasattr(value, "itertuples")
    if frame_like:
        if any(name is not None for name in getattr(value.index, "names", [None])):
            value = value.reset_index()
        columns = [str(column) for column in value.columns]
        rows = [[_plain_scalar(cell) for cell in row] for row in value.itertuples(index=False)]
        return {"columns": columns, "rows": rows}
    if isinstance(value, Mapping) and all(isinstance(v, Sequence) for v in value.values()):
        columns = [str(column) for column in value]
        lengths = {len(v) for v in value.values()}
        if len(lengths) > 1:
            raise TypeError("a dictionary whose columns have different lengths")
        rows = [list(map(_plain_scalar, row)) for row in zip(*value.values(), strict=True)]
        return {"columns": columns, "rows": rows}
    if isinstance(value, Sequence) and value and all(isinstance(r, Mapping) for r in value):
        columns = [str(column) for column in value[0]]
        rows = [[_plain_scalar(row.get(c)) for c in value[0]] for row in value]
        return {"columns": columns, "rows": rows}
    raise TypeError(_describe(value))


def chart_to_plain(value: Any) -> dict[str, Any]:
    """Return what a matplotlib chart shows: title, axis labels, lines and bars."""
    axes_list = getattr(value, "axes", None)
    if hasattr(value, "get_title"):
        axes = value
    elif isinstance(axes_list, list) and axes_list:
        axes = axes_list[0]
    else:
        raise TypeError(_describe(value))
    lines = [
        {
            # matplotlib names unlabelled lines "_child0", "_child1"...; keep only real labels.
            "label": "" if str(line.get_label()).startswith("_") else str(line.get_label()),
            "x": [_plain_scalar(x) for x in line.get_xdata()],
            "y": [_plain_scalar(y) for y in line.get_ydata()],
        }
        for line in axes.get_lines()
    ]
    bars = [
        _plain_scalar(patch.get_height()) for patch in axes.patches if hasattr(patch, "get_height")
    ]
    return {
        "title": axes.get_title(),
        "xlabel": axes.get_xlabel(),
        "ylabel": axes.get_ylabel(),
        "lines": lines,
        "bars": bars,
    }


def _result_to_plain(result: Any) -> Any:
    if hasattr(result, "columns") and hasattr(result, "itertuples"):
        return {"table": table_to_plain(result)}
    try:
        return _plain_scalar(result)
    except TypeError:
        pass
    if isinstance(result, list | tuple):
        return [_result_to_plain(item) for item in result]
    raise TypeError(_describe(result))


def function_to_plain(value: Any, calls: Sequence[Sequence[Any]]) -> dict[str, Any]:
    """Call a learner's function with each set of arguments and keep the results."""
    if not callable(value) or isinstance(value, type):
        raise TypeError(_describe(value))
    results = []
    for args in calls:
        try:
            results.append({"result": _result_to_plain(value(*args))})
        except Exception as error:
            results.append({"error": f"{type(error).__name__}: {error}"[:300]})
    if results and all(outcome == {"result": None} for outcome in results):
        raise TypeError("a function that gives back nothing (None): end it with a return line")
    return {"calls": [list(args) for args in calls], "results": results}


def to_plain(kind: str, value: Any, calls: Sequence[Sequence[Any]] = ()) -> dict[str, Any]:
    """Convert an answer of ``kind`` to plain data, or describe why it cannot be.

    Returns
    -------
    dict
        ``{"value": ...}`` on success, or ``{"problem": "..."}`` saying what the
        answer was instead of what was expected.
    """
    if value is Ellipsis or isinstance(value, NotAnswered):
        return {"problem": "not answered yet: replace the ... with your answer"}
    converters: dict[str, Callable[[Any], Any]] = {
        "number": number_to_plain,
        "table": table_to_plain,
        "chart": chart_to_plain,
        "function": lambda v: function_to_plain(v, calls),
    }
    try:
        return {"value": converters[kind](value)}
    except TypeError as error:
        return {"problem": f"expected {EXPECTED_FORM[kind]}, but got {error}"}


def emit(
    question: str,
    kind: str,
    namespace: Mapping[str, Any],
    name: str,
    calls: Sequence[Sequence[Any]] = (),
) -> None:
    """Display one answer as plain data for the grader to collect (grading only).

    Parameters
    ----------
    question
        The question id.
    kind
        The question's kind.
    namespace
        The notebook's global names.
    name
        The name the answer was asked to be stored under.
    calls
        For a function question, the arguments to call it with.
    """
    from IPython.display import display

    value = namespace.get(name, NotAnswered())
    payload = to_plain(kind, value, calls)
    if isinstance(value, NotAnswered):
        payload = {"problem": f"there is no answer called {name}: run your answer cell"}
    display({ANSWER_MIME: {"question": question, "value": payload}}, raw=True)  # type: ignore[no-untyped-call]
