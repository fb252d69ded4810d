"""The workforce gap: projected supply set against the WTE needed, year by year (step 5).

>>> from planlab.workforce import project_supply
>>> supply = project_supply(100, 2, 0.10, recruits=8)
>>> workforce_gap(supply, 100)["GapWTE"].round(1).tolist()
[2.0, 3.8]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from planlab.checks import number_array
from planlab.errors import InputValueError

__all__ = ["workforce_gap"]


def workforce_gap(
    supply: pd.DataFrame,
    need: float | Sequence[float] | Mapping[int, float] | pd.Series | pd.DataFrame,
    supply_column: str = "EndWTE",
) -> pd.DataFrame:
    """Set projected supply against the WTE needed, year by year.

    Parameters
    ----------
    supply
        A table from :func:`project_supply` or :func:`supply_by_group` (with ``Year``).
    need
        WTE needed: one number for every year; one number per row of ``supply``; a mapping
        (or Series) from year to WTE; or a table with ``NeedWTE`` and the key columns it
        shares with ``supply`` (such as ``StaffGroup`` and ``Year``).
    supply_column
        The column of ``supply`` that is the staff in post to compare (end of year).

    Returns
    -------
    pandas.DataFrame
        The key columns of ``supply`` with ``SupplyWTE``, ``NeedWTE``, ``GapWTE`` (need minus
        supply: above 0 is a shortfall) and ``GapPct`` (the gap as a percentage of need).

    Raises
    ------
    InputValueError
        If ``supply`` lacks a column, ``need`` has the wrong length, misses a year, or is
        negative.
    """
    if "Year" not in supply.columns or supply_column not in supply.columns:
        raise InputValueError(
            "supply", f"a table without Year or {supply_column}", "a table from project_supply"
        )
    keys = [column for column in ("StaffGroup", "AgeBand", "Year") if column in supply.columns]
    result = supply[keys].copy()
    result["SupplyWTE"] = supply[supply_column].to_numpy()
    if isinstance(need, pd.DataFrame):
        on = [column for column in keys if column in need.columns]
        if "NeedWTE" not in need.columns or not on:
            raise InputValueError("need", "a table without NeedWTE or key columns", "a need table")
        result = result.merge(need[[*on, "NeedWTE"]], on=on, how="left", validate="many_to_one")
    elif isinstance(need, Mapping | pd.Series):
        result["NeedWTE"] = result["Year"].map(dict(need.items()))
    else:
        values = number_array("need", need)
        if values.ndim == 1 and len(values) != len(result):
            raise InputValueError("need", values.tolist(), f"one number, or {len(result)} numbers")
        result["NeedWTE"] = values
    if result["NeedWTE"].isna().any():
        absent = sorted(result.loc[result["NeedWTE"].isna(), "Year"].unique().tolist())
        raise InputValueError("need", "no value for some years", f"a value for the years {absent}")
    if (result["NeedWTE"] < 0).any():
        raise InputValueError("need", float(result["NeedWTE"].min()), "zero or more WTE")
    result["GapWTE"] = result["NeedWTE"] - result["SupplyWTE"]
    result["GapPct"] = 100 * result["GapWTE"] / result["NeedWTE"].where(result["NeedWTE"] > 0)
    return result
