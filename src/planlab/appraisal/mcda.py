r"""Multi-criteria decision analysis: weighted scores, a ranking and when the ranking flips.

Some benefits cannot sensibly be put in pounds. Multi-criteria decision analysis (MCDA)
scores each option against each criterion on a stated scale (0 to 100 by default, 100 the
best), gives each criterion a weight, and ranks the options by their weighted total: the
*linear additive model* of the UK government's *Multi-criteria analysis: a manual* (Department
for Communities and Local Government, 2009). Weights are normalised to add up to 1, so a
total stays on the scores' scale:

.. math::

   S_i = \sum_j w_j s_{ij}, \qquad \sum_j w_j = 1

A ranking is only as firm as its weights. :func:`weight_sensitivity` moves one criterion's
weight :math:`w_c` to a new value :math:`x` and rescales the others in proportion, so they
keep their ratios and all still add up to 1 (:func:`rescale_weights`). Each option's total
is then a straight line in :math:`x`:

.. math::

   S_i(x) = x\, s_{ic} + (1 - x)\, R_i, \qquad
   R_i = \frac{\sum_{j \ne c} w_j s_{ij}}{1 - w_c}

so the weight at which another option :math:`k` draws level with the leader :math:`a` solves
one linear equation, :math:`S_a(x) = S_k(x)`:

.. math::

   x^* = \frac{R_k - R_a}{(s_{ac} - R_a) - (s_{kc} - R_k)}

The flip is the nearest such :math:`x^*` above the current weight (raising it) and below it
(lowering it), found exactly rather than by trying weights on a grid. When a criterion holds
all the weight, the others cannot be rescaled in proportion and no flip is reported.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TypeAlias

import numpy as np
import pandas as pd

from planlab.checks import finite_number, is_number
from planlab.errors import InputValueError

__all__ = [
    "SENSITIVITY_COLUMNS",
    "normalise_weights",
    "rescale_weights",
    "weight_sensitivity",
    "weighted_scores",
]

#: Columns of the table :func:`weight_sensitivity` returns, in order. ``FlipWeightDown`` and
#: ``FlipWeightUp`` are shares of the total weight (0 to 1); NaN where the leader keeps the
#: lead all the way to 0 or to 1, and then ``WinnerBelow`` or ``WinnerAbove`` is None.
SENSITIVITY_COLUMNS: tuple[str, ...] = (
    "Criterion",
    "Weight",
    "Leader",
    "FlipWeightDown",
    "WinnerBelow",
    "FlipWeightUp",
    "WinnerAbove",
)

#: A weight for each criterion, by name: a dict or a pandas Series.
Weights: TypeAlias = Mapping[str, float] | pd.Series


def normalise_weights(weights: Weights) -> pd.Series:
    """Return the weights scaled to add up to 1, in the order given.

    Parameters
    ----------
    weights
        A weight for each criterion, by name: numbers of 0 or more, not all 0, on any
        scale (points out of 100, say).

    Returns
    -------
    pandas.Series
        The weights divided by their total, indexed by criterion.

    Raises
    ------
    InputValueError
        If a weight is negative or not a finite number, or every weight is 0.

    Examples
    --------
    >>> normalise_weights({"Cost": 40, "Access": 40, "Outcomes": 20}).tolist()
    [0.4, 0.4, 0.2]
    """
    if not isinstance(weights, Mapping | pd.Series) or len(weights) == 0:
        raise InputValueError(
            "weights", weights, 'a weight for each criterion, such as {"Cost": 40, "Access": 60}'
        )
    values: dict[str, float] = {}
    for name, value in weights.items():
        if not is_number(value) or not math.isfinite(value) or float(value) < 0:
            shown = float(value) if is_number(value) else value
            raise InputValueError(f"weights[{name!r}]", shown, "a weight of 0 or more, such as 25")
        values[str(name)] = float(value)
    if len(values) != len(weights):
        names = list(weights.index) if isinstance(weights, pd.Series) else list(weights)
        raise InputValueError("weights", names, "each criterion named once")
    total = sum(values.values())
    if total <= 0:
        raise InputValueError("weights", values, "weights that are not all 0")
    return pd.Series({name: value / total for name, value in values.items()}, name="Weight")


def _scale(scale: object) -> tuple[float, float]:
    if not isinstance(scale, tuple | list) or len(scale) != 2:
        raise InputValueError("scale", scale, "the lowest and highest score, such as (0, 100)")
    low = finite_number("scale[0]", scale[0], "0")
    high = finite_number("scale[1]", scale[1], "100")
    if high <= low:
        raise InputValueError("scale", scale, "a lowest score below the highest, such as (0, 100)")
    return low, high


def _matrix(
    scores: object, weights: Weights, scale: object
) -> tuple[list[str], list[str], np.ndarray, np.ndarray]:
    """Check the scores and weights; return options, criteria, scores and normalised weights."""
    if not isinstance(scores, pd.DataFrame) or scores.empty:
        raise InputValueError(
            "scores",
            type(scores).__name__ if not isinstance(scores, pd.DataFrame) else "an empty table",
            "a table with a row for each option and a column for each criterion",
        )
    options = [str(option) for option in scores.index]
    criteria = [str(criterion) for criterion in scores.columns]
    for label, names in (("options (rows)", options), ("criteria (columns)", criteria)):
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise InputValueError("scores", f"a table repeating {repeated}", f"{label} named once")
    low, high = _scale(scale)
    normalised = normalise_weights(weights)
    missing = [name for name in criteria if name not in normalised.index]
    unknown = [name for name in normalised.index if name not in criteria]
    if missing or unknown:
        problem = (f"no weight for {missing}" if missing else "") + (
            ("; " if missing else "") + f"weights for {unknown}, which are not criteria"
            if unknown
            else ""
        )
        raise InputValueError(
            "weights", problem, f"one weight for each criterion of the scores: {criteria}"
        )
    matrix = np.empty((len(options), len(criteria)))
    for col, criterion in enumerate(scores.columns):
        for row, option in enumerate(scores.index):
            value = scores.iloc[row, col]
            if not is_number(value) or not math.isfinite(value) or not low <= float(value) <= high:
                raise InputValueError(
                    f"scores.loc[{option!r}, {criterion!r}]",
                    float(value) if is_number(value) else value,
                    f"a score from {low:g} to {high:g} (the scale given)",
                )
            matrix[row, col] = float(value)
    return options, criteria, matrix, normalised[criteria].to_numpy()


def weighted_scores(
    scores: pd.DataFrame, weights: Weights, scale: tuple[float, float] = (0, 100)
) -> pd.DataFrame:
    """Return each option's weighted score on each criterion, its total and its rank.

    Parameters
    ----------
    scores
        A row for each option (the index names it) and a column for each criterion: the
        option's score on that criterion, on ``scale``, higher being better.
    weights
        A weight for each criterion, by name; normalised to add up to 1.
    scale
        The lowest and highest score allowed, (0, 100) by default.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``Option``, best first (ties keep the order of ``scores``): a column per
        criterion holding weight times score, ``Total`` (their sum, on the scores' scale) and
        ``Rank`` (1 is the best; equal totals share a rank).

    Raises
    ------
    InputValueError
        If a score is outside the scale or not a number, an option or criterion is named
        twice, a criterion has no weight (or a weight names no criterion), or the weights
        are negative or all 0.

    Examples
    --------
    >>> scores = pd.DataFrame({"Cost": [80, 40], "Access": [30, 90]}, index=["A", "B"])
    >>> weighted_scores(scores, {"Cost": 50, "Access": 50})  # doctest: +NORMALIZE_WHITESPACE
            Cost  Access  Total  Rank
    Option
    B       20.0    45.0   65.0     1
    A       40.0    15.0   55.0     2
    """
    options, criteria, matrix, normalised = _matrix(scores, weights, scale)
    table = pd.DataFrame(
        matrix * normalised, index=pd.Index(options, name="Option"), columns=criteria
    )
    table["Total"] = table[criteria].sum(axis=1)
    # Totals equal to 9 decimal places share a rank, as weight_sensitivity treats them.
    table["Rank"] = table["Total"].round(9).rank(method="min", ascending=False).astype(int)
    return table.sort_values("Rank", kind="stable")


def rescale_weights(weights: Weights, criterion: str, weight: float) -> pd.Series:
    """Return normalised weights with one criterion's weight set and the others in proportion.

    Parameters
    ----------
    weights
        A weight for each criterion, by name (normalised first).
    criterion
        The criterion whose weight changes.
    weight
        Its new weight, as a share of the total from 0 to 1.

    Returns
    -------
    pandas.Series
        Weights adding up to 1: ``weight`` for ``criterion`` and the others' shares of the
        remaining ``1 - weight`` in their original ratios.

    Raises
    ------
    InputValueError
        If the criterion has no weight, the new weight is not from 0 to 1, or the other
        criteria all have weight 0 (so they cannot share the rest in proportion).

    Examples
    --------
    >>> rescale_weights({"Cost": 50, "Access": 30, "Outcomes": 20}, "Cost", 0.2).round(2).tolist()
    [0.2, 0.48, 0.32]
    """
    normalised = normalise_weights(weights)
    if criterion not in normalised.index:
        raise InputValueError("criterion", criterion, f"one of {list(normalised.index)}")
    new = finite_number("weight", weight, "0.3")
    if not 0 <= new <= 1:
        raise InputValueError("weight", weight, "a share of the total weight from 0 to 1")
    rest = 1.0 - normalised[criterion]
    if rest <= 0:
        raise InputValueError(
            "weights",
            dict(normalised),
            f"some weight on a criterion other than {criterion!r}, to rescale in proportion",
        )
    result = normalised * (1.0 - new) / rest
    result[criterion] = new
    return result


def _flip(
    leader: int, current: float, own: np.ndarray, rest: np.ndarray, upward: bool
) -> tuple[float, int | None]:
    """Return the nearest weight, up or down from ``current``, where another option draws level.

    Each option's total is ``x * own + (1 - x) * rest``; ``leader`` leads at ``current``.
    """
    intercept = rest - rest[leader]  # each option's total less the leader's, at x = 0
    slope = (own - rest) - (own[leader] - rest[leader])  # and how fast that grows with x
    tolerance = 1e-12
    flat = tolerance * max(1.0, float(np.abs(own).max()), float(np.abs(rest).max()))
    best, winner = np.nan, None
    for option in range(own.size):
        rate = slope[option]
        if option == leader or (rate <= flat if upward else rate >= -flat):
            continue  # this option falls further behind in this direction
        level = -intercept[option] / rate  # solves intercept + slope * x = 0
        # The leader leads at the current weight, so the level is on the far side of it
        # (up to rounding, which the clamp removes).
        level = max(level, current) if upward else min(level, current)
        if level > 1.0 + tolerance or level < -tolerance:
            continue  # draws level only beyond the possible weights
        level = min(max(level, 0.0), 1.0)
        if winner is None or (level < best - tolerance if upward else level > best + tolerance):
            best, winner = level, option
        elif abs(level - best) <= tolerance and (
            rate > slope[winner] if upward else rate < slope[winner]
        ):
            winner = option  # two draw level at once: the one gaining faster leads beyond
    return best, winner


def weight_sensitivity(
    scores: pd.DataFrame, weights: Weights, scale: tuple[float, float] = (0, 100)
) -> pd.DataFrame:
    """Return, for each criterion, the weights at which the top-ranked option changes.

    One criterion's weight is moved at a time, the others rescaled in proportion (see
    :func:`rescale_weights` and the module notes); each flip is solved exactly.

    Parameters
    ----------
    scores, weights, scale
        As for :func:`weighted_scores`.

    Returns
    -------
    pandas.DataFrame
        A row for each criterion with the columns of :data:`SENSITIVITY_COLUMNS`: its
        normalised ``Weight``, the ``Leader`` (first in :func:`weighted_scores`), the weight
        below the current one at which another option draws level (``FlipWeightDown``) and
        that option (``WinnerBelow``), and the same above (``FlipWeightUp``,
        ``WinnerAbove``). If the leader shares the top, the flip is at the current weight.

    Raises
    ------
    InputValueError
        As :func:`weighted_scores` does.

    Examples
    --------
    >>> scores = pd.DataFrame({"Cost": [80, 40], "Access": [30, 90]}, index=["A", "B"])
    >>> weight_sensitivity(scores, {"Cost": 70, "Access": 30})[
    ...     ["Criterion", "Leader", "FlipWeightDown", "WinnerBelow"]
    ... ]
      Criterion Leader  FlipWeightDown WinnerBelow
    0      Cost      A             0.6           B
    1    Access      A             NaN        None
    """
    options, criteria, matrix, normalised = _matrix(scores, weights, scale)
    totals = matrix @ normalised
    rounded = np.round(totals, 9)
    leader = int(np.flatnonzero(rounded == rounded.max())[0])
    rows = []
    for place, criterion in enumerate(criteria):
        current = float(normalised[place])
        down: tuple[float, int | None] = (np.nan, None)
        up: tuple[float, int | None] = (np.nan, None)
        if current < 1.0 - 1e-12:
            others = np.delete(np.arange(len(criteria)), place)
            rest = matrix[:, others] @ normalised[others] / (1.0 - current)
            own = matrix[:, place]
            down = _flip(leader, current, own, rest, upward=False)
            up = _flip(leader, current, own, rest, upward=True)
        rows.append(
            {
                "Criterion": criterion,
                "Weight": current,
                "Leader": options[leader],
                "FlipWeightDown": down[0],
                "WinnerBelow": None if down[1] is None else options[down[1]],
                "FlipWeightUp": up[0],
                "WinnerAbove": None if up[1] is None else options[up[1]],
            }
        )
    table = pd.DataFrame(rows, columns=list(SENSITIVITY_COLUMNS))
    for column in ("WinnerBelow", "WinnerAbove"):
        table[column] = pd.Series([row[column] for row in rows], dtype=object)
    return table
