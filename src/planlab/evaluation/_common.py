"""Helpers shared by the parts of :mod:`planlab.evaluation`."""

from __future__ import annotations

from collections.abc import Hashable

import pandas as pd

from planlab.errors import InputValueError

__all__ = ["index_position"]


def index_position(data: pd.DataFrame, interruption: Hashable) -> int:
    """Return where ``interruption`` is in ``data``'s index, or say what is wrong.

    Parameters
    ----------
    data
        The table (or a Series made a frame).
    interruption
        The index label of the first period after the change.

    Returns
    -------
    int
        Its position, counting from 0.

    Raises
    ------
    InputValueError
        If the label is not in the index, or is there more than once.
    """
    try:
        where = data.index.get_loc(interruption)
    except KeyError:
        raise InputValueError(
            "interruption",
            interruption,
            "a label in the table's index (the first period after the change)",
        ) from None
    if not isinstance(where, int):
        raise InputValueError(
            "interruption", interruption, "a label that appears once in the index"
        )
    return where
