r"""Interrupted time series by segmented regression, with seasonality and autocorrelation.

The model, its options and its checks are described in :mod:`planlab.evaluation`; the
worked example it is tested against is Lopez Bernal, Cummins and Gasparrini's Sicily
smoking ban series (International Journal of Epidemiology 2017; 46: 348-355).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.diagnostic import acorr_ljungbox
from statsmodels.stats.stattools import durbin_watson

from planlab.checks import require_columns, whole_number
from planlab.errors import InputValueError
from planlab.evaluation._common import index_position

__all__ = ["ITSResult", "fourier_terms", "interrupted_time_series"]

Family = Literal["gaussian", "poisson", "quasipoisson"]
FAMILIES = ("gaussian", "poisson", "quasipoisson")
SEASONALITY = (None, "fourier", "months")


@dataclass
class ITSResult:
    """What :func:`interrupted_time_series` returns.

    Parameters
    ----------
    estimates
        One row each for ``"Baseline level"``, ``"Slope before"``, ``"Level change"``
        and ``"Slope change"`` (if fitted): ``Estimate``, ``Lower``, ``Upper`` (the
        interval) and ``Scale``: ``"difference"`` for the gaussian family (in the
        outcome's units), ``"ratio"`` for counts (rate ratios; the baseline level is a
        rate per unit of the offset).
    series
        One row per period: ``Observed``, ``Fitted``, ``Counterfactual`` (the fitted
        series with no change), ``Effect`` (fitted minus counterfactual) and ``Post``
        (True from the change).
    effect
        The effect over the periods after the change, one row each for ``"Absolute"``
        (fitted minus counterfactual, summed over those periods) and ``"Relative"``
        (fitted total over counterfactual total, minus 1), with ``Estimate``, ``Lower``
        and ``Upper`` (delta-method interval).
    diagnostics
        ``durbin_watson``, ``ljung_box_p`` (over ``ljung_box_lags`` lags),
        ``dispersion`` (1 unless quasi-Poisson; the residual variance for gaussian),
        ``standard_errors`` (``"model"`` or ``"Newey-West, L lags"``) and ``n``.
    model
        The fitted statsmodels results, for anything else.
    """

    estimates: pd.DataFrame
    series: pd.DataFrame
    effect: pd.DataFrame
    diagnostics: dict[str, Any]
    model: Any = field(repr=False)


def fourier_terms(
    position: np.ndarray | pd.Series, harmonics: int = 2, period: int = 12
) -> pd.DataFrame:
    r"""Return sine and cosine pairs that describe a smooth repeating (seasonal) pattern.

    Parameters
    ----------
    position
        Each period's place in the cycle, such as the month number 1 to 12.
    harmonics
        Pairs of terms: 1 is one wave a year; 2 (the usual choice) allows a second peak.
        At most (``period`` - 1) // 2 (5 for months): beyond that the sine terms are 0
        at every whole period.
    period
        Periods in a cycle: 12 for months, 52 for weeks.

    Returns
    -------
    pandas.DataFrame
        Columns ``sin1``, ``cos1``, ``sin2``, ``cos2``, ...: :math:`\sin(2\pi k x / p)`
        and :math:`\cos(2\pi k x / p)` for k = 1 to ``harmonics``.
    """
    harmonics = whole_number(
        "harmonics", harmonics, minimum=1, expected="a whole number, 1 or more, such as 2"
    )
    period = whole_number(
        "period", period, minimum=2, expected="a whole number of periods, such as 12"
    )
    if harmonics > (period - 1) // 2:
        raise InputValueError(
            "harmonics",
            harmonics,
            f"at most {(period - 1) // 2} for a period of {period}, such as 2",
        )
    x = np.asarray(position, dtype=float)
    columns: dict[str, np.ndarray] = {}
    for k in range(1, harmonics + 1):
        columns[f"sin{k}"] = np.sin(2 * np.pi * k * x / period)
        columns[f"cos{k}"] = np.cos(2 * np.pi * k * x / period)
    frame = pd.DataFrame(columns)
    if isinstance(position, pd.Series):
        frame.index = position.index
    return frame


def _season(data: pd.DataFrame, season: str | None) -> pd.Series:
    if season is not None:
        require_columns(data, "data", [season])
        return data[season].astype(float)
    index = data.index
    if isinstance(index, pd.DatetimeIndex | pd.PeriodIndex):
        return pd.Series(index.month, index=index, dtype=float)
    raise InputValueError(
        "season", None, "a column giving each row's month (1 to 12), or a table indexed by dates"
    )


def _design(
    data: pd.DataFrame,
    start: int,
    seasonality: str | None,
    season: str | None,
    harmonics: int,
    period: int,
    slope_change: bool,
) -> pd.DataFrame:
    n = len(data)
    time = np.arange(1, n + 1, dtype=float)
    post = (np.arange(n) >= start).astype(float)
    design = pd.DataFrame({"const": 1.0, "time": time, "level": post}, index=data.index)
    if slope_change:
        design["slope"] = np.where(post == 1, time - (start + 1), 0.0)
    if seasonality == "fourier":
        design = design.join(fourier_terms(_season(data, season), harmonics, period))
    elif seasonality == "months":
        position = _season(data, season).round().astype(int)
        dummies = pd.get_dummies(position, prefix="season", drop_first=True, dtype=float)
        design = design.join(dummies)
    return design


def interrupted_time_series(
    data: pd.DataFrame,
    outcome: str,
    interruption: Hashable,
    *,
    family: Family = "gaussian",
    offset: str | None = None,
    seasonality: Literal["fourier", "months"] | None = None,
    season: str | None = None,
    harmonics: int = 2,
    period: int = 12,
    slope_change: bool = True,
    hac_lags: int | None = None,
    confidence: float = 0.95,
) -> ITSResult:
    """Estimate the level and slope change at a known interruption by segmented regression.

    Parameters
    ----------
    data
        One row per period, in time order, with no gaps. The index labels the periods
        (months as dates or periods, so seasonality can find the month).
    outcome
        The column to model: a rate or measure (``family="gaussian"``) or a count.
    interruption
        The index label of the first period after the change.
    family
        ``"gaussian"``: ordinary least squares on the outcome, effects as differences.
        ``"poisson"``: a Poisson model for counts, effects as rate ratios.
        ``"quasipoisson"``: the same, with intervals widened for overdispersion (the
        usual choice for counts).
    offset
        For counts, the column holding the population (or bed days) the counts come
        from; its log enters the model with coefficient 1, so the model is for the rate.
    seasonality
        None, ``"fourier"`` (``harmonics`` sine and cosine pairs) or ``"months"`` (a term
        for each month but one).
    season
        The column giving each row's place in the cycle (1 to ``period``); by default
        the month of a date index.
    harmonics, period
        For ``seasonality="fourier"``: pairs of terms (2) and periods in a cycle (12).
    slope_change
        Fit a change in slope as well as in level (True). False fits a step only, as the
        tutorial's main model does.
    hac_lags
        Use Newey-West standard errors allowing this many lags of autocorrelation (such
        as 3 for monthly data), instead of the model's own.
    confidence
        The interval's coverage, 0.95 for 95%.

    Returns
    -------
    ITSResult
        The estimates, the fitted and counterfactual series, the effect in absolute and
        relative terms, and the residual checks.

    Raises
    ------
    InputValueError
        If a column is missing, a value is missing or (for counts) negative, the
        interruption is not in the index or leaves fewer than 3 periods on either
        side, or an option is not one of those listed.
    """
    if not isinstance(data, pd.DataFrame):
        raise InputValueError(
            "data", type(data).__name__, "a pandas DataFrame with one row per period"
        )
    require_columns(data, "data", [outcome, *([offset] if offset else [])])
    if family not in FAMILIES:
        raise InputValueError("family", family, f"one of {', '.join(FAMILIES)}")
    if seasonality not in SEASONALITY:
        raise InputValueError("seasonality", seasonality, "None, 'fourier' or 'months'")
    if offset is not None and family == "gaussian":
        raise InputValueError(
            "offset", offset, "None for family='gaussian' (model the rate itself)"
        )
    if not 0.5 <= confidence < 1:
        raise InputValueError("confidence", confidence, "a share such as 0.95")
    if hac_lags is not None:
        hac_lags = whole_number(
            "hac_lags", hac_lags, minimum=1, expected="a whole number of periods, such as 3"
        )
    y = pd.to_numeric(data[outcome], errors="coerce").astype(float)
    if y.isna().any():
        raise InputValueError(
            outcome, "a column with missing or non-numeric values", "numbers in every row"
        )
    if family != "gaussian" and (y < 0).any():
        raise InputValueError(outcome, "a column with negative counts", "counts of 0 or more")
    start = index_position(data, interruption)
    if start < 3 or len(data) - start < 3:
        raise InputValueError(
            "interruption",
            interruption,
            "a period with at least 3 periods before it and 3 from it on",
        )
    design = _design(data, start, seasonality, season, harmonics, period, slope_change)
    log_offset = None
    if offset is not None:
        exposure = pd.to_numeric(data[offset], errors="coerce").astype(float)
        if exposure.isna().any() or (exposure <= 0).any():
            raise InputValueError(
                offset, "a column with missing, zero or negative values", "populations above 0"
            )
        log_offset = np.log(exposure.to_numpy())
    fit_kwargs: dict[str, Any] = {}
    if hac_lags is not None:
        fit_kwargs = {"cov_type": "HAC", "cov_kwds": {"maxlags": hac_lags}}
    if family == "gaussian":
        model = sm.OLS(y, design).fit(**fit_kwargs)
    else:
        glm = sm.GLM(y, design, family=sm.families.Poisson(), offset=log_offset)
        scale = "X2" if family == "quasipoisson" else None
        model = glm.fit(scale=scale, **fit_kwargs)
    alpha = 1 - confidence
    ratio = family != "gaussian"
    intervals = model.conf_int(alpha=alpha)
    names = {
        "const": "Baseline level",
        "time": "Slope before",
        "level": "Level change",
        "slope": "Slope change",
    }
    rows = []
    for term, label in names.items():
        if term not in design.columns:
            continue
        values = np.array([model.params[term], *intervals.loc[term]])
        if ratio:
            values = np.exp(values)
        rows.append((label, *values, "ratio" if ratio else "difference"))
    estimates = pd.DataFrame(
        rows, columns=["Term", "Estimate", "Lower", "Upper", "Scale"]
    ).set_index("Term")

    counterfactual_design = design.copy()
    counterfactual_design["level"] = 0.0
    if slope_change:
        counterfactual_design["slope"] = 0.0
    beta = model.params.to_numpy()
    x_fit = design.to_numpy()
    x_cf = counterfactual_design.to_numpy()
    eta_fit = x_fit @ beta + (log_offset if log_offset is not None else 0.0)
    eta_cf = x_cf @ beta + (log_offset if log_offset is not None else 0.0)
    fitted = np.exp(eta_fit) if ratio else eta_fit
    counterfactual = np.exp(eta_cf) if ratio else eta_cf
    post = np.arange(len(data)) >= start
    series = pd.DataFrame(
        {
            "Observed": y.to_numpy(),
            "Fitted": fitted,
            "Counterfactual": counterfactual,
            "Effect": fitted - counterfactual,
            "Post": post,
        },
        index=data.index,
    )
    effect = _effect_table(
        model, x_fit[post], x_cf[post], fitted[post], counterfactual[post], ratio, alpha
    )

    residuals = model.resid_pearson if ratio else model.resid
    residuals = np.asarray(residuals)
    lags = min(period, len(data) // 4) if len(data) >= 8 else 1
    ljung = acorr_ljungbox(residuals, lags=[lags])
    diagnostics: dict[str, Any] = {
        "durbin_watson": float(durbin_watson(residuals)),
        "ljung_box_p": float(ljung["lb_pvalue"].iloc[0]),
        "ljung_box_lags": lags,
        "dispersion": float(model.scale),
        "standard_errors": "model" if hac_lags is None else f"Newey-West, {hac_lags} lags",
        "n": len(data),
    }
    return ITSResult(estimates, series, effect, diagnostics, model)


def _effect_table(
    model: Any,
    x_fit: np.ndarray,
    x_cf: np.ndarray,
    fitted: np.ndarray,
    counterfactual: np.ndarray,
    ratio: bool,
    alpha: float,
) -> pd.DataFrame:
    """Return the summed and relative effect after the change, with delta-method intervals."""
    cov = np.asarray(model.cov_params())
    z = stats.norm.ppf(1 - alpha / 2)
    if ratio:
        grad_fit = (fitted[:, None] * x_fit).sum(axis=0)
        grad_cf = (counterfactual[:, None] * x_cf).sum(axis=0)
    else:
        grad_fit = x_fit.sum(axis=0)
        grad_cf = x_cf.sum(axis=0)
    total_fit, total_cf = fitted.sum(), counterfactual.sum()
    absolute = total_fit - total_cf
    grad_abs = grad_fit - grad_cf
    se_abs = float(np.sqrt(grad_abs @ cov @ grad_abs))
    rows = [("Absolute", absolute, absolute - z * se_abs, absolute + z * se_abs)]
    if total_fit > 0 and total_cf > 0:
        log_ratio = np.log(total_fit / total_cf)
        grad_log = grad_fit / total_fit - grad_cf / total_cf
        se_log = float(np.sqrt(grad_log @ cov @ grad_log))
        rows.append(
            (
                "Relative",
                np.expm1(log_ratio),
                np.expm1(log_ratio - z * se_log),
                np.expm1(log_ratio + z * se_log),
            )
        )
    else:
        rows.append(("Relative", np.nan, np.nan, np.nan))
    return pd.DataFrame(rows, columns=["Measure", "Estimate", "Lower", "Upper"]).set_index(
        "Measure"
    )
