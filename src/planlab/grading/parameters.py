"""An exercise's parameters: what each learner's own variant may change, and the values allowed.

The parameters cell of a solution notebook assigns each parameter its default, one
per line, with a comment saying what it is::

    locality = "LVL03"  # the locality you are profiling

Its ``planlab`` metadata may say which values are allowed::

    {"role": "parameters", "values": {"locality": {"one_of": ["LVL01", "LVL02"]},
                                      "horizon_year": {"min": 2025, "max": 2045}}}

A trainer's roster gives each learner their own values; :func:`convert` checks one
value against its parameter, and :func:`with_values` writes a learner's values into
the parameters cell itself, so the notebook shows the learner only their own.

A parameter whose rule says ``"from_submission": true`` is one the learner sets: for
example a figure the learner worked out in an earlier stage of the capstone, so that
this stage is marked from the learner's own figure (follow-through marking). The
grader reads it from the parameters cell of the learner's submission with
:func:`submitted_values`, only as a plain literal within the allowed values; every
other parameter comes from the roster, never from a submission.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Any

from planlab.errors import ExerciseError

__all__ = ["Parameter", "convert", "read_parameters", "submitted_values", "with_values"]

_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


@dataclass(frozen=True)
class Parameter:
    """One parameter of an exercise.

    Parameters
    ----------
    name
        Its Python name.
    default
        Its value in the solution.
    about
        The comment beside it, saying what it is.
    one_of
        The values allowed, when the author lists them.
    low, high
        The smallest and largest values allowed, when the author gives them.
    from_submission
        True when the learner sets the value in their own notebook and the grader
        takes it from the submission (follow-through marking).
    """

    name: str
    default: Any
    about: str = ""
    one_of: tuple[Any, ...] = ()
    low: float | None = None
    high: float | None = None
    from_submission: bool = False

    @property
    def kind(self) -> type:
        """The type every value must have: that of the default."""
        return type(self.default)

    def allowed(self) -> str:
        """Say which values are allowed, for messages."""
        if self.one_of:
            return "one of " + ", ".join(str(value) for value in self.one_of)
        words = {int: "a whole number", float: "a number", str: "text"}[self.kind]
        if self.low is not None and self.high is not None:
            return f"{words} from {self.low:g} to {self.high:g}"
        return words


def _assignments(source: str, where: str) -> list[tuple[str, Any, int]]:
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise ExerciseError(f"{where}: the parameters cell is not valid Python ({error})") from None
    found = []
    for node in tree.body:
        if (
            not isinstance(node, ast.Assign)
            or len(node.targets) != 1
            or not isinstance(node.targets[0], ast.Name)
        ):
            raise ExerciseError(f"{where}: the parameters cell may only assign values, one a line")
        try:
            value = ast.literal_eval(node.value)
        except ValueError:
            raise ExerciseError(
                f"{where}: parameter {node.targets[0].id!r} must be a plain number or text"
            ) from None
        if type(value) not in (int, float, str):
            raise ExerciseError(
                f"{where}: parameter {node.targets[0].id!r} must be a number or text"
            )
        found.append((node.targets[0].id, value, node.lineno))
    return found


def read_parameters(source: str, values: Any, where: str) -> tuple[Parameter, ...]:
    """Read the parameters of an exercise from its parameters cell and its metadata.

    Raises
    ------
    ExerciseError
        If the cell does more than assign plain values, or ``values`` names a
        parameter the cell does not assign, or gives limits of the wrong kind.
    """
    values = values or {}
    if not isinstance(values, dict):
        raise ExerciseError(f"{where}: the parameters' 'values' must be a mapping")
    lines = source.splitlines()
    parameters = []
    for name, default, line in _assignments(source, where):
        comment = lines[line - 1].partition("#")[2].strip() if "#" in lines[line - 1] else ""
        rule = values.get(name, {})
        parameters.append(
            Parameter(
                name,
                default,
                comment,
                tuple(rule.get("one_of", ())),
                rule.get("min"),
                rule.get("max"),
                bool(rule.get("from_submission", False)),
            )
        )
    unknown = sorted(set(values) - {p.name for p in parameters})
    if unknown:
        raise ExerciseError(f"{where}: 'values' names {unknown}, which the cell does not assign")
    return tuple(parameters)


def convert(parameter: Parameter, text: str) -> Any:
    """Turn a roster's text into a parameter's value, or raise ValueError saying why not.

    Whole numbers may be written with thousands separators (``28,000``).
    """
    text = text.strip()
    if not text:
        raise ValueError(f"it is blank; give {parameter.allowed()}")
    value: Any = text
    if parameter.kind in (int, float):
        plain = text.replace(",", "") if _THOUSANDS.match(text) else text
        try:
            value = parameter.kind(plain)
        except ValueError:
            raise ValueError(f"{text!r} is not {parameter.allowed()}") from None
    if parameter.one_of and value not in parameter.one_of:
        raise ValueError(f"{text!r} is not {parameter.allowed()}")
    too_low = parameter.low is not None and value < parameter.low
    too_high = parameter.high is not None and value > parameter.high
    if too_low or too_high:
        raise ValueError(f"{text!r} is outside the range: give {parameter.allowed()}")
    return value


def with_values(source: str, values: dict[str, Any]) -> str:
    """Rewrite a parameters cell with a learner's own values, keeping each line's comment."""
    lines = source.splitlines()
    for name, _, line in _assignments(source, "the parameters cell"):
        if name in values:
            comment = lines[line - 1].partition("#")[2]
            text = f"{name} = {values[name]!r}"
            lines[line - 1] = f"{text}  #{comment}" if comment else text
    return "\n".join(lines)


def _allows(parameter: Parameter, value: Any) -> bool:
    """Tell whether a value typed by a learner is one the parameter allows."""
    if parameter.kind is float and type(value) is int:
        value = float(value)
    if type(value) is not parameter.kind:
        return False
    if parameter.one_of:
        return value in parameter.one_of
    number: Any = value
    low_ok = parameter.low is None or number >= parameter.low
    return low_ok and (parameter.high is None or number <= parameter.high)


def submitted_values(
    parameters: tuple[Parameter, ...], source: str
) -> tuple[dict[str, Any], list[str]]:
    """Read the values a learner set in their parameters cell, for follow-through marking.

    Only parameters marked ``from_submission`` are read, and only values written as a
    plain number or text that the parameter allows. The source is parsed, never run.

    Parameters
    ----------
    parameters
        The exercise's parameters.
    source
        The parameters cell of the learner's submission.

    Returns
    -------
    tuple of (dict, list of str)
        The values taken, by name; and, for each value refused, a sentence saying which
        and why (the grader then uses the learner's value from the roster, or the default).
    """
    wanted = {p.name: p for p in parameters if p.from_submission}
    if not wanted:
        return {}, []
    try:
        found = _assignments(source, "the parameters cell")
    except ExerciseError:
        return {}, ["the parameters cell is not plain assignments, so no value was taken from it"]
    taken: dict[str, Any] = {}
    refused = []
    for name, value, _ in found:
        parameter = wanted.get(name)
        if parameter is None:
            continue
        if _allows(parameter, value):
            taken[name] = parameter.kind(value)
        else:
            refused.append(f"{name} = {value!r} was not used: give {parameter.allowed()}")
    return taken, refused
