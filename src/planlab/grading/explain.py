"""Python's error messages, explained in plain English for planners.

One table of common errors serves three places: the short message a learner sees in
an exercise notebook instead of a traceback (:func:`install_plain_errors`), the
feedback a grader gives when an answer cell stopped with an error, and the book's
*Getting help* page, which lists the same errors.

This module runs in the learner's kernel, on any operating system.
"""

from __future__ import annotations

import re
import sys
import traceback
from collections.abc import Callable
from typing import Any

__all__ = ["ADVICE", "advice_for", "describe_error", "install_plain_errors"]

#: ``(error name, pattern in its message or "", what it means and what to do)``, first match wins.
ADVICE: tuple[tuple[str, str, str], ...] = (
    (
        "NameError",
        r"name 'check' is not defined",
        "The self-check is not set up yet: run the set-up cell near the top of the notebook "
        "(the one that says 'Run this cell first'), then this cell again.",
    ),
    (
        "NameError",
        "",
        "Python does not know that name. Check its spelling and capitals, and run the cells "
        "above this one in order (Run > Run All Above). A name made in the worked notebook "
        "does not exist in the exercise until you make it here.",
    ),
    (
        "SyntaxError",
        "",
        "Python could not read the line. Look for a missing bracket, quote mark or comma, or "
        "a missing colon at the end of a def, for or if line.",
    ),
    (
        "IndentationError",
        "",
        "The spaces at the start of a line are wrong. Every line inside a def or for block "
        "starts with the same indent (four spaces); the lines after it start where def did.",
    ),
    (
        "TypeError",
        r"object is not callable",
        "Something that is not a function has brackets ( ) after it. To pick a column use "
        "square brackets, df['Rate'], not df('Rate'). Or a name you gave to a value hides a "
        "function of the same name: choose another name and restart the kernel.",
    ),
    (
        "TypeError",
        r"missing \d+ required positional argument",
        "The function needs more inputs than it was given. Read its first line (def ...) and "
        "pass every argument it names, in that order.",
    ),
    (
        "TypeError",
        r"takes \d+ positional arguments? but \d+ (were|was) given",
        "The function was given more inputs than its def line names. Check the brackets of "
        "the call, or add the missing argument to the def line.",
    ),
    (
        "TypeError",
        r"unsupported operand|can only concatenate|not supported between",
        "Two kinds of value were combined that do not go together, such as text and a "
        "number. Check that a number was not read in as text (look at df.dtypes).",
    ),
    (
        "KeyError",
        "",
        "There is no column or key with that name. Check its spelling and capitals against "
        "the table's columns (print df.columns); a column used as the index is not a column "
        "until you .reset_index().",
    ),
    (
        "AttributeError",
        r"has no attribute",
        "That name is not something this kind of value has. Check the spelling, and check "
        "the value is what you think it is: print it, or print type(it).",
    ),
    (
        "IndexError",
        "",
        "You asked for a position that the list or table does not have. Python counts from "
        "0, so the last of 12 items is [11]; check the length with len().",
    ),
    (
        "ZeroDivisionError",
        "",
        "Something was divided by zero. Check that the number you divide by is not an empty "
        "total, for example a filter that kept no rows.",
    ),
    (
        "ValueError",
        "",
        "A value was of the right kind but could not be used, for example text that is not a "
        "number, or lists of different lengths. The message says which value.",
    ),
    (
        "ModuleNotFoundError",
        r"planlab",
        "The course's toolkit is not installed in this Jupyter. Install it as *How to use "
        "this course* explains (pip install the course's wheel), then restart the kernel.",
    ),
    (
        "ModuleNotFoundError",
        "",
        "That package is not installed in this Jupyter. Check the spelling of the import line; "
        "the course's environment has everything the exercises need.",
    ),
    (
        "FileNotFoundError",
        "",
        "There is no file at that path. Use datasets.load('name') for the course's data rather "
        "than a path, or check the file name and the folder the notebook runs in.",
    ),
)
GENERAL_ADVICE = (
    "Read the last line of the message: it names the problem. The book's Getting help page "
    "lists the common ones and what to do."
)
_CELL_LINE = re.compile(
    r"(?:Cell In\s*\[[^\]]*\]|<ipython-input-[^>]*>|File \"[^\"]*\"), line (\d+)"
)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def advice_for(error_name: str, message: str) -> str:
    """Return what an error means and what to do, in plain English.

    Parameters
    ----------
    error_name
        The exception's class name, such as ``"KeyError"``.
    message
        Its message.

    Returns
    -------
    str
        The first matching advice from :data:`ADVICE`, or general advice.
    """
    for name, pattern, advice in ADVICE:
        if name == error_name and (not pattern or re.search(pattern, message)):
            return advice
    return GENERAL_ADVICE


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else ""


def describe_error(error_name: str, message: str, line: int | None = None, code: str = "") -> str:
    """Say in one sentence where an answer stopped and why, then what to do.

    Parameters
    ----------
    error_name, message
        The exception's class name and message.
    line
        The line of the cell where it stopped, counted from 1, if known.
    code
        That line's code, if known.

    Returns
    -------
    str
        For example ``"Your code stopped at line 2 (rate = admitted / resident) with
        NameError: name 'resident' is not defined. Python does not know ..."``.
    """
    where = f" at line {line}" if line else ""
    if code.strip():
        where += f" ({code.strip()[:80]})"
    detail = _first_line(message)
    error = f"{error_name}: {detail}" if detail else error_name
    return f"Your code stopped{where} with {error}. {advice_for(error_name, message)}"


def error_line(traceback_lines: list[str], source: str) -> tuple[int | None, str]:
    """Find the line of a cell where an error happened, from a kernel's traceback text."""
    text = _ANSI.sub("", "\n".join(str(line) for line in traceback_lines))
    found = [int(number) for number in _CELL_LINE.findall(text)]
    lines = source.splitlines()
    for number in reversed(found):
        if 1 <= number <= len(lines):
            return number, lines[number - 1]
    return None, ""


def _cell_line(tb: Any) -> tuple[int | None, str]:
    """Return the deepest line of the traceback that lies in a notebook cell."""
    line, code = None, ""
    for frame in traceback.extract_tb(tb):
        if frame.filename.startswith("<") or "ipykernel" in frame.filename:
            line, code = frame.lineno, frame.line or ""
    return line, code


def install_plain_errors(shell: Any = None) -> Callable[..., Any] | None:
    """Show errors in this notebook as one plain sentence instead of a traceback.

    The full traceback stays one command away: run ``%tb`` in a new cell.

    Parameters
    ----------
    shell
        The IPython shell; the running one by default. Outside IPython nothing happens.

    Returns
    -------
    callable or None
        The handler installed, or None when there is no IPython shell.
    """
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return None
        shell = get_ipython()
    if shell is None:
        return None

    def handler(
        self: Any, etype: type, value: BaseException, tb: Any, tb_offset: Any = None
    ) -> list[str]:
        line, code = _cell_line(tb)
        text = describe_error(etype.__name__, str(value), line, code)
        # Keep the full details for %tb, as IPython does for errors it shows itself.
        sys.last_type, sys.last_value, sys.last_traceback = etype, value, tb
        shown = [text, "(For the technical details, run %tb in a new cell.)"]
        # IPython ignores what a custom handler returns, so the handler shows it itself;
        # in Jupyter this sends the usual error output, so the cell still counts as failed.
        self._showtraceback(etype, value, shown)
        return shown

    shell.set_custom_exc((Exception,), handler)
    return handler
