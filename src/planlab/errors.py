"""The one exception hierarchy of the toolkit.

Every error the toolkit raises on purpose is a :class:`PlanlabError`, so a caller
(or the command line) can catch them all in one place. Each message says what was
wrong, where, and what to do about it, in words a planner can act on.
"""

from __future__ import annotations


class PlanlabError(Exception):
    """Base class for every error the toolkit raises on purpose."""


class InputValueError(PlanlabError, ValueError):
    """A value given to a toolkit function is outside what the method allows.

    Parameters
    ----------
    name
        The argument's name, as the caller wrote it.
    value
        The value that was given.
    expected
        What would have been accepted, in plain words.
    """

    def __init__(self, name: str, value: object, expected: str) -> None:
        self.name = name
        self.value = value
        self.expected = expected
        super().__init__(f"{name} was {value!r}, but it must be {expected}.")
