"""Difference in differences: a treated locality against a comparison, before and after.

See :mod:`planlab.evaluation` for what the estimate means and what it assumes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import statsmodels.api as sm

from planlab.checks import require_columns, whole_number
from planlab.errors import InputValueError

__all__ = ["DiDResult", "difference_in_differences"]


@dataclass
class DiDResult:
    """What :func:`difference_in_differences` returns.

    Parameters
    ----------
    estimate, lower, upper
        The difference in differences and its interval.
    means
        The mean outcome in each cell: rows ``"Comparison"`` and ``"Treated"``, columns
        ``"Before"``, ``"After"`` and ``"Change"``.
    pre_trend
        The pre-period difference in slopes (treated minus comparison, per unit of
        ``time``) as ``(estimate, lower, upper)``, or None without ``time``. An interval
        that includes 0 is consistent with parallel trends; it does not prove them.
    model
        The fitted statsmodels OLS results.
    """

    estimate: float
    lower: float
    upper: float
    means: pd.DataFrame
    pre_trend: tuple[float, float, float] | None
    model: Any = field(repr=False)


def _flags(data: pd.DataFrame, name: str) -> pd.Series:
    column = data[name]
    values = set(pd.unique(column))
    if not values <= {0, 1}:  # True and False compare equal to 1 and 0
        raise InputValueError(
            name, f"a column holding {sorted(map(str, values))[:3]}", "True/False (or 1/0) only"
        )
    return column.astype(bool)


def difference_in_differences(
    data: pd.DataFrame,
    outcome: str,
    treated: str,
    post: str,
    *,
    time: str | None = None,
    hac_lags: int | None = None,
    confidence: float = 0.95,
) -> DiDResult:
    """Estimate a change's effect against a comparison locality (difference in differences).

    Fits ``outcome ~ treated + post + treated:post`` by ordinary least squares; the
    interaction's coefficient is the difference in differences.

    Parameters
    ----------
    data
        One row per observation (such as a locality's month): the outcome and two
        True/False columns.
    outcome
        The column to compare, such as delayed discharges per 1,000 people.
    treated
        True for the locality that made the change, False for the comparison.
    post
        True for periods after the change.
    time
        A numeric column (such as a month number). If given, the pre-period rows are
        used to check parallel trends: ``outcome ~ treated * time`` is fitted to them
        and the difference in slopes reported with its interval.
    hac_lags
        Newey-West standard errors with this many lags, for monthly series.
    confidence
        The interval's coverage, 0.95 for 95%.

    Returns
    -------
    DiDResult
        The estimate and interval, the four cell means and the pre-trend check.

    Raises
    ------
    InputValueError
        If a column is missing, the flags are not True/False, a cell is empty, or there
        are too few rows to estimate an interval.
    """
    if not isinstance(data, pd.DataFrame):
        raise InputValueError("data", type(data).__name__, "a pandas DataFrame")
    require_columns(data, "data", [outcome, treated, post, *([time] if time else [])])
    if not 0.5 <= confidence < 1:
        raise InputValueError("confidence", confidence, "a share such as 0.95")
    y = pd.to_numeric(data[outcome], errors="coerce").astype(float)
    if y.isna().any():
        raise InputValueError(
            outcome, "a column with missing or non-numeric values", "numbers in every row"
        )
    group, after = _flags(data, treated), _flags(data, post)
    counts = pd.crosstab(group, after).reindex(
        index=[False, True], columns=[False, True], fill_value=0
    )
    if (counts.to_numpy() == 0).any():
        raise InputValueError(
            "data", "a table with an empty group", "rows for both localities before and after"
        )
    if len(data) < 5:
        raise InputValueError(
            "data",
            f"a table of {len(data)} rows",
            "at least 5 rows, so an interval can be estimated",
        )
    design = pd.DataFrame(
        {"const": 1.0, "treated": group.astype(float), "post": after.astype(float)},
        index=data.index,
    )
    design["treated_post"] = design["treated"] * design["post"]
    kwargs: dict[str, Any] = {}
    if hac_lags is not None:
        lags = whole_number(
            "hac_lags", hac_lags, minimum=1, expected="a whole number of periods, such as 3"
        )
        kwargs = {"cov_type": "HAC", "cov_kwds": {"maxlags": lags}}
    model = sm.OLS(y, design).fit(**kwargs)
    alpha = 1 - confidence
    low, high = model.conf_int(alpha=alpha).loc["treated_post"]
    means = y.groupby([group, after]).mean().unstack()
    means = means.rename(
        index={False: "Comparison", True: "Treated"}, columns={False: "Before", True: "After"}
    )
    means.index.name, means.columns.name = None, None
    means["Change"] = means["After"] - means["Before"]
    pre_trend = None
    if time is not None:
        before = ~after
        t = pd.to_numeric(data.loc[before, time], errors="coerce").astype(float)
        if t.isna().any():
            raise InputValueError(
                time, "a column with missing or non-numeric values", "numbers in every row"
            )
        pre = pd.DataFrame({"const": 1.0, "treated": design.loc[before, "treated"], "time": t})
        pre["treated_time"] = pre["treated"] * pre["time"]
        if len(pre) < 5 or pre.groupby("treated")["time"].nunique().min() < 2:
            raise InputValueError(
                time,
                "too few pre-period times",
                "at least 2 periods per locality before the change",
            )
        pre_model = sm.OLS(y[before], pre).fit(**kwargs)
        pre_low, pre_high = pre_model.conf_int(alpha=alpha).loc["treated_time"]
        pre_trend = (float(pre_model.params["treated_time"]), float(pre_low), float(pre_high))
    return DiDResult(
        float(model.params["treated_post"]), float(low), float(high), means, pre_trend, model
    )
