r"""Whole-population segmentation and the concentration of use.

A whole-population segmentation puts every resident in one segment by their main health
need. The course uses the eight "Bridges to Health" segments of Lynn et al. (Milbank
Quarterly, 2007): healthy; maternal and infant health; acutely ill, curable; chronic
conditions, normal function; stable but serious disability; short period of decline near
death; limited reserve and exacerbations; long course of decline (frailty, dementia).

Two questions follow. How are people, cost and bed days spread across the segments
(:func:`segment_table`)? And how concentrated is use: what share of the bed days do the
heaviest users account for (:func:`concentration_curve`, :func:`top_share`,
:func:`people_for_share`)?

The concentration curve sorts people from the heaviest user to the lightest and plots the
cumulative share of people (x) against the cumulative share of use (y). If everyone used the
same, the curve would be the diagonal; the further it bows above the diagonal, the more use is
concentrated in few people. Between two people the curve is a straight line, so a share of
people that falls part-way through one person takes that part of their use:

.. math::

   \text{top share}(p) = \text{interpolate}\bigl(p;\ X_k, Y_k\bigr), \quad
   X_k = \frac{\sum_{i \le k} w_i}{\sum_i w_i}, \quad
   Y_k = \frac{\sum_{i \le k} w_i u_i}{\sum_i w_i u_i}

where people are sorted so that :math:`u_1 \ge u_2 \ge \dots`, :math:`u_i` is person
:math:`i`'s use and :math:`w_i` how many people their row stands for.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from planlab.checks import require_columns
from planlab.errors import InputValueError

__all__ = [
    "DEFAULT_MEASURES",
    "concentration_curve",
    "concentration_summary",
    "people_for_share",
    "segment_table",
    "top_share",
]

#: The measures :func:`segment_table` adds up by default: output name to input column.
DEFAULT_MEASURES: dict[str, str] = {"CostGBP": "AnnualCostGBP", "BedDays": "EmergencyBedDays"}


def _as_list(by: str | Sequence[str]) -> list[str]:
    return [by] if isinstance(by, str) else list(by)


def _check_weight(weight: float) -> None:
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not weight > 0:
        raise InputValueError(
            "weight", weight, "a number above 0: how many people each row stands for"
        )


def segment_table(
    people: pd.DataFrame,
    by: str | Sequence[str] = "SegmentCode",
    segments: pd.DataFrame | None = None,
    measures: dict[str, str] | None = None,
    weight: float = 1,
) -> pd.DataFrame:
    """Tabulate people and their use of services by segment (and anything else).

    Parameters
    ----------
    people
        One row per person (or per sampled person), such as the course's ``people`` table.
    by
        Column or columns to group by, such as ``"SegmentCode"`` or
        ``["LocalityCode", "SegmentCode"]``.
    segments
        Optional lookup with ``SegmentCode`` and ``Segment``; if given (and ``SegmentCode``
        is in ``by``), the segment's name is added after its code.
    measures
        Output column name to input column, for the use to add up; by default cost
        (``AnnualCostGBP`` as ``CostGBP``) and bed days (``EmergencyBedDays`` as ``BedDays``).
    weight
        How many people each row stands for: 5 for the course's 1-in-5 sample. Counts and
        totals are multiplied by it; shares and means per person are not changed by it.

    Returns
    -------
    pandas.DataFrame
        One row per group, sorted by ``by``, with ``People``, each measure's total, each
        measure's total per person (``<measure>PerPerson``), and each column's share of the
        whole table's total (``ShareOfPeople``, ``ShareOf<measure>``, fractions that add up
        to 1 down the table).

    Raises
    ------
    InputValueError
        If a column is missing, a measure has negative values, or ``weight`` is not above 0.

    Examples
    --------
    >>> people = pd.DataFrame({"SegmentCode": [1, 1, 8], "EmergencyBedDays": [0, 2, 18],
    ...                        "AnnualCostGBP": [100, 300, 9600]})
    >>> segment_table(people)[["SegmentCode", "People", "BedDays", "ShareOfBedDays"]]
       SegmentCode  People  BedDays  ShareOfBedDays
    0            1       2        2             0.1
    1            8       1       18             0.9
    """
    keys = _as_list(by)
    measures = dict(DEFAULT_MEASURES if measures is None else measures)
    _check_weight(weight)
    require_columns(people, "people", [*keys, *measures.values()])
    for column in measures.values():
        if (people[column] < 0).any():
            raise InputValueError(
                f"people[{column!r}]", "a column with negative values", "zero or more for everyone"
            )
    grouped = people.groupby(keys, observed=True, sort=True)
    table = grouped.size().rename("People").to_frame()
    for name, column in measures.items():
        table[name] = grouped[column].sum()
    table = table * weight
    if float(weight).is_integer():
        table = table.astype("int64")
    for name in measures:
        table[f"{name}PerPerson"] = table[name] / table["People"]
    for name in ["People", *measures]:
        total = table[name].sum()
        table[f"ShareOf{name}"] = table[name] / total if total else 0.0
    table = table.reset_index()
    if segments is not None and "SegmentCode" in keys:
        require_columns(segments, "segments", ["SegmentCode", "Segment"])
        names = segments.set_index("SegmentCode")["Segment"]
        table.insert(keys.index("SegmentCode") + 1, "Segment", table["SegmentCode"].map(names))
    return table


def concentration_curve(
    use: Sequence[float] | pd.Series | np.ndarray,
    weights: Sequence[float] | pd.Series | np.ndarray | None = None,
) -> pd.DataFrame:
    """Make the concentration curve of use: cumulative share of people against share of use.

    Parameters
    ----------
    use
        Each person's use (bed days, cost); zero or more.
    weights
        How many people each value stands for; by default one each.

    Returns
    -------
    pandas.DataFrame
        Columns ``ShareOfPeople`` and ``ShareOfUse``, both fractions from 0 to 1, starting
        at (0, 0), with one further row per person from the heaviest user to the lightest.

    Raises
    ------
    InputValueError
        If ``use`` is empty, has negative or missing values, adds up to zero, or
        ``weights`` is the wrong length or not above 0.

    Examples
    --------
    >>> concentration_curve([0, 6, 2, 2])
       ShareOfPeople  ShareOfUse
    0           0.00         0.0
    1           0.25         0.6
    2           0.50         0.8
    3           0.75         1.0
    4           1.00         1.0
    """
    values = np.asarray(use, dtype=float)
    if values.ndim != 1 or values.size == 0:
        raise InputValueError("use", "an empty list", "one value for each person")
    if np.isnan(values).any() or (values < 0).any():
        raise InputValueError("use", "values with gaps or below 0", "zero or more for everyone")
    if values.sum() == 0:
        raise InputValueError("use", "all zero", "a list in which someone used something")
    if weights is None:
        people = np.ones_like(values)
    else:
        people = np.asarray(weights, dtype=float)
        if people.shape != values.shape or np.isnan(people).any() or (people <= 0).any():
            raise InputValueError(
                "weights", "the wrong length or not above 0", "one number above 0 for each person"
            )
    order = np.argsort(-values, kind="stable")
    cum_people = np.concatenate([[0.0], np.cumsum(people[order])])
    cum_use = np.concatenate([[0.0], np.cumsum(values[order] * people[order])])
    return pd.DataFrame(
        {"ShareOfPeople": cum_people / cum_people[-1], "ShareOfUse": cum_use / cum_use[-1]}
    )


def _check_share(name: str, share: float) -> None:
    if isinstance(share, bool) or not isinstance(share, int | float) or not 0 <= share <= 1:
        raise InputValueError(name, share, "a fraction from 0 to 1, such as 0.05 for 5%")


def top_share(
    use: Sequence[float] | pd.Series | np.ndarray,
    top: float = 0.05,
    weights: Sequence[float] | pd.Series | np.ndarray | None = None,
) -> float:
    """Return the share of all use accounted for by the heaviest ``top`` share of people.

    Parameters
    ----------
    use
        Each person's use (bed days, cost); zero or more.
    top
        Share of people, heaviest users first, as a fraction (0.05 for the top 5%).
    weights
        How many people each value stands for; by default one each.

    Returns
    -------
    float
        Share of use, a fraction from 0 to 1, read off the concentration curve.

    Raises
    ------
    InputValueError
        If ``top`` is not a fraction from 0 to 1, or ``use`` is not usable (see
        :func:`concentration_curve`).

    Examples
    --------
    >>> top_share([0, 6, 2, 2], top=0.25)
    0.6
    """
    _check_share("top", top)
    curve = concentration_curve(use, weights)
    return float(np.interp(top, curve["ShareOfPeople"], curve["ShareOfUse"]))


def people_for_share(
    use: Sequence[float] | pd.Series | np.ndarray,
    share: float = 0.5,
    weights: Sequence[float] | pd.Series | np.ndarray | None = None,
) -> float:
    """Return the smallest share of people, heaviest users first, who account for ``share``.

    Parameters
    ----------
    use
        Each person's use (bed days, cost); zero or more.
    share
        Share of all use, as a fraction (0.5 for half).
    weights
        How many people each value stands for; by default one each.

    Returns
    -------
    float
        Share of people, a fraction from 0 to 1, read off the concentration curve.

    Raises
    ------
    InputValueError
        If ``share`` is not a fraction from 0 to 1, or ``use`` is not usable (see
        :func:`concentration_curve`).

    Examples
    --------
    >>> round(people_for_share([0, 6, 2, 2], share=0.5), 4)
    0.2083
    """
    _check_share("share", share)
    curve = concentration_curve(use, weights)
    x = curve["ShareOfPeople"].to_numpy()
    y = curve["ShareOfUse"].to_numpy()
    # y only rises or stays level; the first point that reaches the share bounds the answer.
    k = int(np.searchsorted(y, share, side="left"))
    if k == 0:
        return 0.0
    return float(x[k - 1] + (share - y[k - 1]) / (y[k] - y[k - 1]) * (x[k] - x[k - 1]))


def concentration_summary(
    use: Sequence[float] | pd.Series | np.ndarray,
    tops: Sequence[float] = (0.01, 0.02, 0.05, 0.1, 0.2),
    weights: Sequence[float] | pd.Series | np.ndarray | None = None,
) -> pd.DataFrame:
    """Tabulate the share of use accounted for by the top 1%, 2%, 5% ... of people.

    Parameters
    ----------
    use
        Each person's use (bed days, cost); zero or more.
    tops
        Shares of people, heaviest users first, as fractions.
    weights
        How many people each value stands for; by default one each.

    Returns
    -------
    pandas.DataFrame
        Columns ``TopShareOfPeople`` and ``ShareOfUse``, one row per share in ``tops``.

    Raises
    ------
    InputValueError
        As :func:`top_share`.
    """
    return pd.DataFrame(
        {
            "TopShareOfPeople": list(tops),
            "ShareOfUse": [top_share(use, top, weights) for top in tops],
        }
    )
