"""Checks on the inputs of the toolkit's methods, written once for every module.

Each check returns the value in the form the method works with (a ``float``, an ``int``,
a numpy array) or raises :class:`~planlab.errors.InputValueError` naming the argument, the
value given and what would have been accepted, so every method's message reads the same
way. A boolean is never taken for a number (``True`` is not 1 patient), and the checks
that take an ``example`` put it in the message ("a number, such as 0.85").

>>> from planlab.checks import above_zero
>>> above_zero("days", 365, "365")
365.0
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import TypeAlias, TypeGuard

import numpy as np
import pandas as pd

from planlab.errors import InputValueError

__all__ = [
    "ArrayLike",
    "Seed",
    "above_zero",
    "at_least_zero",
    "draw_count",
    "finite_number",
    "first_bad",
    "fraction_array",
    "is_number",
    "number",
    "number_array",
    "percent_hint",
    "random_generator",
    "require_columns",
    "scalar_or_array",
    "share",
    "whole_number",
    "whole_years",
]

#: One number, or several (a list, a numpy array or a pandas Series) for a method that
#: works element by element.
ArrayLike: TypeAlias = float | Sequence[float] | np.ndarray | pd.Series

#: What a simulation takes as its seed: a whole number, or a numpy Generator to draw from.
Seed: TypeAlias = int | np.random.Generator


def is_number(value: object) -> TypeGuard[numbers.Real]:
    """Return whether ``value`` is a real number (an int, a float or a numpy number).

    Parameters
    ----------
    value
        Anything.

    Returns
    -------
    bool
        True for real numbers, including infinities and NaN; False for booleans,
        strings, complex numbers and everything else.
    """
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def number(name: str, value: object, example: str) -> float:
    """Return ``value`` as a float after checking it is a real number.

    Parameters
    ----------
    name
        The argument's name, for the message.
    value
        The value given.
    example
        A value that would be accepted, for the message.

    Returns
    -------
    float
        ``value`` as a float (infinities and NaN pass: see :func:`finite_number`).

    Raises
    ------
    InputValueError
        "a number, such as ``example``", if ``value`` is not a number.
    """
    if not is_number(value):
        raise InputValueError(name, value, f"a number, such as {example}")
    return float(value)


def finite_number(name: str, value: object, example: str | None = None) -> float:
    """Return ``value`` as a float after checking it is a finite number.

    Parameters
    ----------
    name
        The argument's name, for the message.
    value
        The value given.
    example
        A value that would be accepted, for the message. Without one, the message is
        "a finite number" whatever was wrong.

    Returns
    -------
    float
        ``value`` as a float.

    Raises
    ------
    InputValueError
        If ``value`` is not a number ("a number, such as ...") or is infinite or NaN
        ("a finite number, such as ...").
    """
    if example is None:
        if not is_number(value) or not math.isfinite(value):
            raise InputValueError(name, value, "a finite number")
        return float(value)
    result = number(name, value, example)
    if not math.isfinite(result):
        raise InputValueError(name, value, f"a finite number, such as {example}")
    return result


def at_least_zero(name: str, value: object, example: str) -> float:
    """Return ``value`` as a float after checking it is a finite number, 0 or more.

    Parameters
    ----------
    name, value, example
        As for :func:`finite_number`.

    Returns
    -------
    float
        ``value`` as a float.

    Raises
    ------
    InputValueError
        As :func:`finite_number` does, or "0 or more, such as ..." for a negative number.
    """
    result = finite_number(name, value, example)
    if result < 0:
        raise InputValueError(name, value, f"0 or more, such as {example}")
    return result


def above_zero(name: str, value: object, example: str) -> float:
    """Return ``value`` as a float after checking it is a finite number above 0.

    Parameters
    ----------
    name, value, example
        As for :func:`finite_number`.

    Returns
    -------
    float
        ``value`` as a float.

    Raises
    ------
    InputValueError
        As :func:`finite_number` does, or "greater than 0, such as ..." for 0 or less.
    """
    result = finite_number(name, value, example)
    if result <= 0:
        raise InputValueError(name, value, f"greater than 0, such as {example}")
    return result


def share(name: str, value: object, what: str = "a share between 0 and 1") -> float:
    """Return ``value`` as a float after checking it is a fraction from 0 to 1.

    Parameters
    ----------
    name
        The argument's name, for the message.
    value
        The value given.
    what
        What a share of this kind is, for the message.

    Returns
    -------
    float
        ``value`` as a float.

    Raises
    ------
    InputValueError
        If ``value`` is not a finite number, or is outside [0, 1]; a value from 1 to 100
        gets a hint that 40% is written 0.4.
    """
    result = finite_number(name, value, "0.4 (40%)")
    if not 0 <= result <= 1:
        hint = " (write 40% as 0.4)" if 1 < result <= 100 else ""
        raise InputValueError(name, value, f"{what}{hint}")
    return result


def whole_number(name: str, value: object, *, minimum: int, expected: str) -> int:
    """Return ``value`` as an int after checking it is a whole number, ``minimum`` or more.

    Parameters
    ----------
    name
        The argument's name, for the message.
    value
        The value given: an int or a numpy integer (not a float such as 3.0, nor a bool).
    minimum
        The smallest value allowed.
    expected
        What would have been accepted, for the message, such as
        "a whole number of years, 1 or more".

    Returns
    -------
    int
        ``value`` as an int.

    Raises
    ------
    InputValueError
        With ``expected``, if ``value`` is not a whole number of at least ``minimum``.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise InputValueError(name, value, expected)
    return int(value)


def whole_years(name: str, value: object) -> int:
    """Return ``value`` as an int after checking it is a whole number of years, 1 or more.

    Parameters
    ----------
    name
        The argument's name, for the message.
    value
        The value given.

    Returns
    -------
    int
        ``value`` as an int.

    Raises
    ------
    InputValueError
        "a whole number of years, 1 or more", if it is not.
    """
    return whole_number(name, value, minimum=1, expected="a whole number of years, 1 or more")


def number_array(name: str, value: object) -> np.ndarray:
    """Return ``value`` as a float array after checking every element is a finite number.

    Parameters
    ----------
    name
        The argument's name, for the message.
    value
        One number, or a list, array or Series of numbers.

    Returns
    -------
    numpy.ndarray
        The numbers, with the shape numpy gives them (0-d for one number).

    Raises
    ------
    InputValueError
        If ``value`` is not numbers, or an element is infinite or NaN; the message names
        the first such element, as ``name[index]``.
    """
    if isinstance(value, bool):
        raise InputValueError(name, value, "a number or a list of numbers")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise InputValueError(name, value, "a number or a list of numbers") from None
    bad = np.flatnonzero(~np.isfinite(array.ravel()))
    if bad.size:
        where = name if array.ndim == 0 else f"{name}[{bad[0]}]"
        raise InputValueError(where, array.ravel()[bad[0]].item(), "a finite number")
    return array


def first_bad(name: str, array: np.ndarray, bad: np.ndarray) -> tuple[str, float]:
    """Return where the first flagged element of ``array`` is, and its value, for a message.

    Parameters
    ----------
    name
        The argument's name.
    array
        The values checked.
    bad
        True where a value fails the check; at least one must be True.

    Returns
    -------
    tuple of (str, float)
        ``name`` (for one number) or ``name[index]``, and the value there.
    """
    index = int(np.flatnonzero(bad.ravel())[0])
    where = name if array.ndim == 0 else f"{name}[{index}]"
    return where, array.ravel()[index].item()


def percent_hint(value: float) -> str:
    """Return a hint that a value from 1 to 100 looks like a percentage, or "".

    Parameters
    ----------
    value
        The value that failed a check for a fraction.

    Returns
    -------
    str
        Such as " (write 6% as 0.06)", to add to a message.
    """
    return f" (write {value:g}% as {value / 100:g})" if 1 <= abs(value) <= 100 else ""


def fraction_array(
    name: str, value: object, *, upper: float = 1.0, closed: bool = False, example: str
) -> np.ndarray:
    """Return ``value`` as a float array after checking it is in [0, upper) or [0, upper].

    Parameters
    ----------
    name
        The argument's name, for the message.
    value
        One fraction, or a list, array or Series of them.
    upper
        The top of the range.
    closed
        Whether ``upper`` itself is allowed.
    example
        A value that would be accepted, for the message, such as "0.048 for 4.8%".

    Returns
    -------
    numpy.ndarray
        The fractions.

    Raises
    ------
    InputValueError
        If an element is not a finite number or is out of range; the message names the
        first one, and hints that a value from 1 to 100 is written as a fraction.
    """
    array = number_array(name, value)
    bad = (array < 0) | ((array > upper) if closed else (array >= upper))
    if bad.any():
        where, first = first_bad(name, array, bad)
        top = f"no more than {upper:g}" if closed else f"below {upper:g}"
        hint = percent_hint(first) if first > 0 else ""
        raise InputValueError(where, first, f"a fraction from 0 and {top}, such as {example}{hint}")
    return array


def scalar_or_array(array: np.ndarray) -> float | np.ndarray:
    """Return a 0-d array as a float and any other array as it is.

    Parameters
    ----------
    array
        A result computed element by element.

    Returns
    -------
    float or numpy.ndarray
        A float when the inputs were single numbers, else the array.
    """
    return float(array) if array.ndim == 0 else array


def require_columns(
    table: pd.DataFrame, name: str, columns: Sequence[str], expected: str | None = None
) -> None:
    """Check that ``table`` has every one of ``columns``.

    Parameters
    ----------
    table
        The table given.
    name
        The argument's name, for the message.
    columns
        The columns the method reads.
    expected
        What would have been accepted, for the message; by default
        "a table with the columns ...".

    Raises
    ------
    InputValueError
        "``name`` was 'a table without X, Y'", if any column is missing.
    """
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise InputValueError(
            name,
            f"a table without {', '.join(missing)}",
            expected or f"a table with the columns {', '.join(columns)}",
        )


def random_generator(seed: object) -> np.random.Generator:
    """Return a numpy Generator from a seed (a whole number, 0 or more) or a Generator.

    Parameters
    ----------
    seed
        A whole number, 0 or more, to start a new generator from
        (``numpy.random.default_rng(seed)``), or a Generator to go on drawing from.

    Returns
    -------
    numpy.random.Generator
        The generator given, or a new one.

    Raises
    ------
    InputValueError
        If ``seed`` is neither.

    Examples
    --------
    >>> first, again = random_generator(2026), random_generator(2026)
    >>> int(first.integers(1000)) == int(again.integers(1000))
    True
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise InputValueError("seed", seed, "a whole number, 0 or more, or a numpy Generator")
    return np.random.default_rng(int(seed))


def draw_count(draws: object) -> int:
    """Return ``draws`` as an int after checking it is a whole number of draws, 1 or more.

    Parameters
    ----------
    draws
        How many Monte Carlo draws to make.

    Returns
    -------
    int
        ``draws`` as an int.

    Raises
    ------
    InputValueError
        If ``draws`` is not a whole number of at least 1.
    """
    return whole_number(
        "draws", draws, minimum=1, expected="a whole number of draws, 1 or more, such as 100000"
    )
