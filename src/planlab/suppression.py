"""Small-number suppression for published tables: the course's one rule.

Public Health Scotland's statistical disclosure protocol (version 2.1; its page was last
updated on 20 November 2023) asks analysts to assess the risk that a released figure
identifies a person, and to decide from that assessment whether to protect it. It is a risk
assessment, not a fixed threshold. England's HES and ECDS outputs follow NHS England's own
disclosure control method. Neither sets the rule below: it is **the course's choice**, made so
that every notebook and exercise protects small counts in the same, checkable way
(last checked 3 December 2026).

The course's rule (``THRESHOLD``, ``SYMBOL`` and ``SUPPRESS_ZEROS`` below):

1. **Primary suppression**: every count from 1 to ``THRESHOLD - 1`` (1 to 4) is hidden.
   Zeros are shown: a zero does not identify a person in these tables. (Pass
   ``suppress_zeros=True`` where a zero would itself disclose something.)
2. **Secondary suppression**: when a row or column (with a published total) has exactly
   one hidden cell, the total would give it away, so the smallest other count in that
   line is hidden too (a non-zero count if there is one, else a zero). Rows and columns
   are checked again until every line with a hidden cell has at least two (or is wholly
   hidden).

Hidden cells are shown as ``SYMBOL`` (``"c"`` for confidential; PHS tables often use
``"*"``). Totals are worked out from the true counts before anything is hidden, so they
stay correct; only when a row or column has a single cell is its total hidden as well. The
input table is never changed.

A rule is not a risk assessment: a count of 5 can still identify someone in a small island
community. Before publishing real data, follow your organisation's current protocol.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planlab.errors import InputValueError

__all__ = [
    "SUPPRESS_ZEROS",
    "SYMBOL",
    "THRESHOLD",
    "small_counts",
    "suppress",
    "suppression_mask",
]

THRESHOLD = 5
"""The course's threshold: counts from 1 to ``THRESHOLD - 1`` (1 to 4) are hidden."""
SYMBOL = "c"
"""What a hidden cell shows."""
SUPPRESS_ZEROS = False
"""Zeros are shown under the course's rule."""


def suppression_mask(
    table: pd.DataFrame,
    threshold: int = THRESHOLD,
    suppress_zeros: bool = SUPPRESS_ZEROS,
    secondary: bool = True,
) -> pd.DataFrame:
    """Return which cells of a table of counts must be hidden.

    Parameters
    ----------
    table
        Counts only (no total row or column), whole numbers of 0 or more.
    threshold
        Counts from 1 to ``threshold - 1`` are hidden (5 hides 1 to 4).
    suppress_zeros
        Hide zeros as well as small counts.
    secondary
        Hide further cells so that no hidden cell can be worked out from row or
        column totals.

    Returns
    -------
    pandas.DataFrame
        True where a cell is hidden, with the table's index and columns.

    Raises
    ------
    InputValueError
        If the table is empty, holds missing, negative or non-whole numbers, or the
        threshold is below 1.
    """
    if not isinstance(table, pd.DataFrame) or table.empty:
        raise InputValueError("table", type(table).__name__, "a table (DataFrame) of counts")
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise InputValueError("threshold", threshold, "a whole number, 1 or more, such as 5")
    try:
        counts = table.to_numpy(dtype=float)
    except (TypeError, ValueError) as error:
        raise InputValueError("table", "non-numeric cells", "counts only") from error
    if not np.all(np.isfinite(counts)) or np.any(counts < 0) or np.any(counts != np.round(counts)):
        raise InputValueError("table", "its cells", "whole counts of 0 or more, none missing")
    hidden = (counts >= 1) & (counts < threshold)
    if suppress_zeros:
        hidden |= counts == 0
    while secondary:
        changed = False
        for axis_counts, axis_hidden in ((counts, hidden), (counts.T, hidden.T)):
            for line, line_hidden in zip(axis_counts, axis_hidden, strict=True):
                if line_hidden.sum() == 1 and (~line_hidden).any():
                    # the smallest count that is not yet hidden, preferring non-zero ones
                    shown = np.where(line == 0, np.finfo(float).max, line)
                    candidates = np.where(line_hidden, np.inf, shown)
                    line_hidden[int(np.argmin(candidates))] = True
                    changed = True
        if not changed:
            break
    return pd.DataFrame(hidden, index=table.index, columns=table.columns)


def suppress(
    table: pd.DataFrame,
    threshold: int = THRESHOLD,
    symbol: str = SYMBOL,
    suppress_zeros: bool = SUPPRESS_ZEROS,
    secondary: bool = True,
    totals: bool = True,
) -> pd.DataFrame:
    """Return a copy of a table of counts ready to publish, with small numbers hidden.

    Parameters
    ----------
    table
        Counts only (no total row or column), such as admissions by locality and SIMD
        quintile. It is not changed.
    threshold
        Counts from 1 to ``threshold - 1`` are hidden (5 hides 1 to 4).
    symbol
        What a hidden cell shows: ``"c"`` (the default) or ``"*"``.
    suppress_zeros
        Hide zeros as well as small counts.
    secondary
        Hide further cells so that none can be worked out from the totals.
    totals
        Add a ``Total`` row and column of the true counts (worked out before hiding).

    Returns
    -------
    pandas.DataFrame
        A new table of text: counts as whole numbers, hidden cells as ``symbol``.

    Raises
    ------
    InputValueError
        As for :func:`suppression_mask`, or if ``symbol`` is empty.
    """
    if not isinstance(symbol, str) or not symbol:
        raise InputValueError("symbol", symbol, 'a short text such as "c" or "*"')
    hidden = suppression_mask(table, threshold, suppress_zeros, secondary)
    counts = table.astype("int64")
    shown = counts.astype(str).mask(hidden, symbol)
    if totals:
        shown["Total"] = counts.sum(axis=1).astype(str)
        shown.loc["Total"] = [*counts.sum(axis=0).astype(str), str(int(counts.to_numpy().sum()))]
        # A line of one cell cannot hide it behind a second cell: hide its total instead.
        for row in hidden.index[hidden.sum(axis=1) == 1]:
            shown.loc[row, "Total"] = symbol
        for column in hidden.columns[hidden.sum(axis=0) == 1]:
            shown.loc["Total", column] = symbol
    return shown


def small_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Return where a table breaks the course's rule before any suppression: counts of 1 to 4.

    This is primary suppression only, under the course's rule (``THRESHOLD``, zeros shown).
    Use it to ask "does this table need suppressing at all?"; use :func:`suppress` to make
    the table safe to publish.

    Parameters
    ----------
    table
        Counts only (no total row or column), whole numbers of 0 or more.

    Returns
    -------
    pandas.DataFrame
        True where a count is from 1 to ``THRESHOLD - 1``.
    """
    return suppression_mask(table, secondary=False)
