"""Short-range forecasting of monthly activity, and honest ways to judge a forecast.

The module holds four benchmark forecasters (mean, naive, seasonal naive and drift),
Holt-Winters exponential smoothing fitted with statsmodels, rolling-origin
(time-series) cross-validation, and the accuracy measures MAE, RMSE, MAPE, MASE and
prediction-interval coverage. Definitions follow Hyndman and Athanasopoulos,
*Forecasting: Principles and Practice* (3rd edition, OTexts, 2021), and, for MASE,
Hyndman and Koehler (2006), "Another look at measures of forecast accuracy",
*International Journal of Forecasting* 22(4), 679-688.

Every series is a pandas Series of numbers indexed by a monthly ``PeriodIndex``
with no gaps, oldest month first. Every forecast is a Series (or, with intervals, a
DataFrame) indexed by the months that follow the series.

Holt-Winters is fitted as the state-space model ETS(A,Ad,A) (additive errors, damped
additive trend, additive seasonality) with ``statsmodels.tsa.exponential_smoothing.ets.
ETSModel``. Its prediction intervals are statsmodels' built-in ones: for this additive
model ``get_prediction`` uses the exact (analytical) forecast variance of Hyndman et al.
(2008), not simulation.

The module stays whole (about 640 lines, most of them docstrings) because the forecasting
methods and the accuracy measures are used together in one loop (:func:`rolling_origin`),
which needs both.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from planlab.checks import whole_number
from planlab.errors import InputValueError

__all__ = [
    "METHODS",
    "SEASON",
    "Method",
    "accuracy_table",
    "coverage",
    "drift_forecast",
    "fit_holt_winters",
    "holt_winters",
    "mae",
    "mape",
    "mase",
    "mean_forecast",
    "naive_forecast",
    "rmse",
    "rolling_origin",
    "seasonal_naive_forecast",
    "seasonal_naive_scale",
]

#: Months in a year: the seasonal period of monthly data.
SEASON = 12

#: A forecasting method: given the training months and a horizon, return the forecasts.
Method = Callable[[pd.Series, int], "pd.Series | pd.DataFrame"]


# ---------------------------------------------------------------------------
# Checking inputs
# ---------------------------------------------------------------------------


def _check_series(y: Any, name: str = "y", min_length: int = 1) -> pd.Series:
    """Return ``y`` as a float Series after checking it is a gap-free monthly series."""
    if not isinstance(y, pd.Series):
        raise InputValueError(name, type(y).__name__, "a pandas Series indexed by month")
    if not isinstance(y.index, pd.PeriodIndex) or y.index.freqstr != "M":
        raise InputValueError(
            f"{name}.index",
            type(y.index).__name__,
            "a monthly PeriodIndex (make one with pd.PeriodIndex(..., freq='M'))",
        )
    if len(y) < min_length:
        raise InputValueError(f"len({name})", len(y), f"at least {min_length} months")
    if y.isna().any():
        raise InputValueError(name, "a series with gaps", "a series with no missing values")
    expected = pd.period_range(y.index[0], periods=len(y), freq="M")
    if not y.index.equals(expected):
        raise InputValueError(
            f"{name}.index", "months out of order or missing", "every month in order, no gaps"
        )
    try:
        return y.astype(float)
    except (TypeError, ValueError):
        raise InputValueError(name, str(y.dtype), "a series of numbers") from None


def _check_horizon(h: Any) -> int:
    return whole_number("h", h, minimum=1, expected="a whole number of months, 1 or more")


def _future_index(y: pd.Series, h: int) -> pd.PeriodIndex:
    """Return the ``h`` months that follow the last month of ``y``."""
    return pd.period_range(y.index[-1] + 1, periods=h, freq="M")


# ---------------------------------------------------------------------------
# Benchmark forecasters
# ---------------------------------------------------------------------------


def mean_forecast(y: pd.Series, h: int) -> pd.Series:
    """Forecast every future month as the mean of all past months.

    Parameters
    ----------
    y
        The history: a monthly series (PeriodIndex, no gaps).
    h
        How many months ahead to forecast.

    Returns
    -------
    pandas.Series
        ``h`` forecasts, indexed by the months after ``y``, named ``"Forecast"``.

    Raises
    ------
    InputValueError
        If ``y`` is not a gap-free monthly series or ``h`` is not a positive whole number.
    """
    y = _check_series(y)
    h = _check_horizon(h)
    return pd.Series(float(y.mean()), index=_future_index(y, h), name="Forecast")


def naive_forecast(y: pd.Series, h: int) -> pd.Series:
    """Forecast every future month as the last month observed.

    Parameters
    ----------
    y
        The history: a monthly series (PeriodIndex, no gaps).
    h
        How many months ahead to forecast.

    Returns
    -------
    pandas.Series
        ``h`` forecasts, each equal to ``y``'s last value.

    Raises
    ------
    InputValueError
        If ``y`` is not a gap-free monthly series or ``h`` is not a positive whole number.
    """
    y = _check_series(y)
    h = _check_horizon(h)
    return pd.Series(float(y.iloc[-1]), index=_future_index(y, h), name="Forecast")


def seasonal_naive_forecast(y: pd.Series, h: int, m: int = SEASON) -> pd.Series:
    """Forecast each future month as the same month of the last observed season.

    The forecast for month ``T + k`` is ``y[T + k - m * (floor((k - 1) / m) + 1)]``:
    with ``m = 12``, next January is forecast as last January.

    Parameters
    ----------
    y
        The history: a monthly series (PeriodIndex, no gaps) of at least ``m`` months.
    h
        How many months ahead to forecast.
    m
        The seasonal period, 12 for monthly data.

    Returns
    -------
    pandas.Series
        ``h`` forecasts, indexed by the months after ``y``.

    Raises
    ------
    InputValueError
        If ``y`` is shorter than one season, or an argument is out of range.
    """
    m = whole_number("m", m, minimum=1, expected="a whole number of months, 1 or more")
    y = _check_series(y, min_length=m)
    h = _check_horizon(h)
    last_season = y.to_numpy()[-m:]
    values = [last_season[k % m] for k in range(h)]
    return pd.Series(values, index=_future_index(y, h), name="Forecast", dtype=float)


def drift_forecast(y: pd.Series, h: int) -> pd.Series:
    """Forecast by extending the straight line from the first month to the last.

    The forecast ``k`` months ahead is ``y_T + k * (y_T - y_1) / (T - 1)``.

    Parameters
    ----------
    y
        The history: a monthly series (PeriodIndex, no gaps) of at least 2 months.
    h
        How many months ahead to forecast.

    Returns
    -------
    pandas.Series
        ``h`` forecasts, indexed by the months after ``y``.

    Raises
    ------
    InputValueError
        If ``y`` has fewer than 2 months or ``h`` is not a positive whole number.
    """
    y = _check_series(y, min_length=2)
    h = _check_horizon(h)
    values = y.to_numpy()
    slope = (values[-1] - values[0]) / (len(values) - 1)
    steps = np.arange(1, h + 1)
    return pd.Series(values[-1] + steps * slope, index=_future_index(y, h), name="Forecast")


# ---------------------------------------------------------------------------
# Holt-Winters with statsmodels
# ---------------------------------------------------------------------------


def fit_holt_winters(y: pd.Series, damped: bool = True, m: int = SEASON) -> Any:
    """Fit Holt-Winters exponential smoothing, ETS(A,Ad,A), with statsmodels.

    Parameters
    ----------
    y
        The history: a monthly series (PeriodIndex, no gaps) of at least two seasons.
    damped
        Damp the trend (True, the default) so it flattens out over the horizon, as
        Gardner and McKenzie proposed; False gives Holt-Winters' linear trend.
    m
        The seasonal period, 12 for monthly data.

    Returns
    -------
    statsmodels.tsa.exponential_smoothing.ets.ETSResults
        The fitted model. ``result.get_prediction(start, end).summary_frame(alpha=0.2)``
        gives forecasts with 80% prediction intervals.

    Raises
    ------
    InputValueError
        If ``y`` is shorter than two seasons.

    Notes
    -----
    The smoothing parameters are estimated by maximum likelihood. The starting level,
    trend and seasonal values come from statsmodels' "heuristic" initialisation (a
    decomposition of the first seasons, as in Hyndman et al., 2008), which is many
    times faster than estimating them and forecasts as well on series like these.
    The optimiser's convergence warnings are silenced; the fitted model is still the
    best it found.
    """
    from statsmodels.tools.sm_exceptions import ConvergenceWarning
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    y = _check_series(y, min_length=2 * m)
    model = ETSModel(
        y,
        error="add",
        trend="add",
        damped_trend=damped,
        seasonal="add",
        seasonal_periods=m,
        initialization_method="heuristic",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return model.fit(disp=False)


def holt_winters(
    y: pd.Series, h: int, level: float = 0.8, damped: bool = True, m: int = SEASON
) -> pd.DataFrame:
    """Forecast with Holt-Winters (ETS(A,Ad,A), statsmodels) and a prediction interval.

    Parameters
    ----------
    y
        The history: a monthly series (PeriodIndex, no gaps) of at least two seasons.
    h
        How many months ahead to forecast.
    level
        The prediction interval's coverage, a fraction such as 0.8 for 80%.
    damped
        Damp the trend (see :func:`fit_holt_winters`).
    m
        The seasonal period, 12 for monthly data.

    Returns
    -------
    pandas.DataFrame
        Indexed by the ``h`` months after ``y``, with columns ``Forecast``, ``Lower``
        and ``Upper``. The interval is statsmodels' exact (analytical) one for this
        additive model; it assumes the model is right and its errors are normal.

    Raises
    ------
    InputValueError
        If ``y`` is too short, ``h`` is not a positive whole number, or ``level`` is
        not between 0 and 1.
    """
    h = _check_horizon(h)
    if not isinstance(level, float | int) or not 0 < level < 1:
        raise InputValueError("level", level, "a fraction between 0 and 1, such as 0.8")
    result = fit_holt_winters(y, damped=damped, m=m)
    n = len(y)
    frame = result.get_prediction(start=n, end=n + h - 1).summary_frame(alpha=1 - level)
    out = pd.DataFrame(
        {
            "Forecast": frame["mean"].to_numpy(),
            "Lower": frame["pi_lower"].to_numpy(),
            "Upper": frame["pi_upper"].to_numpy(),
        },
        index=_future_index(y, h),
    )
    return out


#: The methods :func:`rolling_origin` compares unless told otherwise, by name.
METHODS: dict[str, Method] = {
    "Mean": mean_forecast,
    "Naive": naive_forecast,
    "Seasonal naive": seasonal_naive_forecast,
    "Drift": drift_forecast,
    "Holt-Winters": holt_winters,
}


# ---------------------------------------------------------------------------
# Accuracy measures
# ---------------------------------------------------------------------------


def _pair(actual: Any, forecast: Any) -> tuple[np.ndarray, np.ndarray]:
    """Return actuals and forecasts as float arrays, checking they line up."""
    both_series = isinstance(actual, pd.Series) and isinstance(forecast, pd.Series)
    if both_series and not actual.index.equals(forecast.index):
        raise InputValueError(
            "forecast.index", "different months", "the same months as the actual values"
        )
    a = np.asarray(actual, dtype=float).ravel()
    f = np.asarray(forecast, dtype=float).ravel()
    if len(a) != len(f) or len(a) == 0:
        raise InputValueError(
            "forecast", f"{len(f)} values", f"as many values as the actuals ({len(a)}), at least 1"
        )
    if np.isnan(a).any() or np.isnan(f).any():
        raise InputValueError("actual or forecast", "missing values", "numbers with no gaps")
    return a, f


def mae(actual: Any, forecast: Any) -> float:
    """Mean absolute error: the average size of the errors, in the data's units.

    Parameters
    ----------
    actual, forecast
        What happened and what was forecast, the same length (Series with the same
        index, or lists).

    Returns
    -------
    float
        ``mean(|actual - forecast|)``.
    """
    a, f = _pair(actual, forecast)
    return float(np.mean(np.abs(a - f)))


def rmse(actual: Any, forecast: Any) -> float:
    """Root mean squared error: like MAE, but large errors count for more.

    Parameters
    ----------
    actual, forecast
        What happened and what was forecast, the same length.

    Returns
    -------
    float
        ``sqrt(mean((actual - forecast)^2))``.
    """
    a, f = _pair(actual, forecast)
    return float(np.sqrt(np.mean((a - f) ** 2)))


def mape(actual: Any, forecast: Any) -> float:
    """Mean absolute percentage error, in per cent.

    Parameters
    ----------
    actual, forecast
        What happened and what was forecast, the same length.

    Returns
    -------
    float
        ``100 * mean(|actual - forecast| / |actual|)``.

    Raises
    ------
    InputValueError
        If any actual value is 0, where a percentage error has no meaning.
    """
    a, f = _pair(actual, forecast)
    if (a == 0).any():
        raise InputValueError("actual", "a series with zeros", "non-zero for MAPE; use MASE")
    return float(100 * np.mean(np.abs((a - f) / a)))


def seasonal_naive_scale(training: Any, m: int = SEASON) -> float:
    """Return MASE's scale: the in-sample MAE of the seasonal naive method.

    Parameters
    ----------
    training
        The months the forecast was made from (the training data), oldest first.
    m
        The seasonal period, 12 for monthly data.

    Returns
    -------
    float
        ``mean(|y_t - y_{t-m}|)`` over ``t = m+1, ..., T`` (Hyndman and Koehler, 2006).

    Raises
    ------
    InputValueError
        If the training data has ``m`` or fewer values, or every difference is 0.
    """
    y = np.asarray(training, dtype=float).ravel()
    if len(y) <= m:
        raise InputValueError("training", f"{len(y)} values", f"more than m = {m} values")
    scale = float(np.mean(np.abs(y[m:] - y[:-m])))
    if scale == 0:
        raise InputValueError("training", "a series that repeats exactly", "one that varies")
    return scale


def mase(actual: Any, forecast: Any, training: Any, m: int = SEASON) -> float:
    """Mean absolute scaled error (Hyndman and Koehler, 2006).

    The MAE divided by the in-sample MAE of the seasonal naive method on the training
    data. Below 1: the forecast's errors were smaller than seasonal naive's typical
    one-season-ahead error in the past.

    Parameters
    ----------
    actual, forecast
        What happened and what was forecast, the same length.
    training
        The months the forecast was made from.
    m
        The seasonal period, 12 for monthly data.

    Returns
    -------
    float
        ``mae(actual, forecast) / seasonal_naive_scale(training, m)``.
    """
    return mae(actual, forecast) / seasonal_naive_scale(training, m)


def coverage(actual: Any, lower: Any, upper: Any) -> float:
    """Share of actual values that fell inside their prediction intervals.

    Parameters
    ----------
    actual
        What happened.
    lower, upper
        Each interval's lower and upper limits, the same length as ``actual``.

    Returns
    -------
    float
        A fraction from 0 to 1. An 80% interval should cover about 0.8 of actuals.

    Raises
    ------
    InputValueError
        If the lengths differ or a lower limit is above its upper limit.
    """
    a, lo = _pair(actual, lower)
    _, hi = _pair(actual, upper)
    if (lo > hi).any():
        raise InputValueError("lower", "above upper", "at or below the upper limit")
    return float(np.mean((a >= lo) & (a <= hi)))


# ---------------------------------------------------------------------------
# Rolling-origin evaluation
# ---------------------------------------------------------------------------


def _as_frame(result: pd.Series | pd.DataFrame, index: pd.PeriodIndex, name: str) -> pd.DataFrame:
    """Put a method's output into the Forecast/Lower/Upper form, checking its months."""
    frame = result.to_frame("Forecast") if isinstance(result, pd.Series) else result.copy()
    if "Forecast" not in frame.columns or not frame.index.equals(index):
        raise InputValueError(
            f"methods[{name!r}]", "an unexpected result", "forecasts for the months after training"
        )
    for column in ("Lower", "Upper"):
        if column not in frame.columns:
            frame[column] = np.nan
    return frame[["Forecast", "Lower", "Upper"]]


def rolling_origin(
    y: pd.Series,
    methods: Mapping[str, Method] | None = None,
    h: int = 12,
    origins: int = 12,
    step: int = 1,
    m: int = SEASON,
) -> pd.DataFrame:
    """Evaluate forecasting methods by rolling-origin (time-series) cross-validation.

    At each origin every method is trained on the months up to and including the
    origin, and nothing after it, then forecasts the next ``h`` months; the forecasts
    are compared with what happened. The last origin leaves exactly ``h`` months to
    forecast, and earlier origins step back ``step`` months each.

    Parameters
    ----------
    y
        The whole monthly series (PeriodIndex, no gaps).
    methods
        Names and methods to compare; each takes ``(training, h)`` and returns a Series
        of forecasts, or a DataFrame with ``Forecast`` and optionally ``Lower`` and
        ``Upper``. Default: :data:`METHODS`.
    h
        Months ahead forecast from each origin.
    origins
        How many origins (folds).
    step
        Months between one origin and the next.
    m
        The seasonal period, used for MASE's scale.

    Returns
    -------
    pandas.DataFrame
        One row per origin, method and month forecast, with columns ``Origin`` (last
        training month), ``TrainStart``, ``TrainMonths``, ``Method``, ``Month``,
        ``Horizon`` (1 to ``h``), ``Actual``, ``Forecast``, ``Lower``, ``Upper`` (blank
        for methods without intervals) and ``Scale`` (MASE's scale for that origin).

    Raises
    ------
    InputValueError
        If the series is too short for the origins asked for (the first training
        window must hold at least two seasons), or an argument is out of range.
    """
    y = _check_series(y)
    h = _check_horizon(h)
    origins, step = (
        whole_number(name, value, minimum=1, expected="a whole number, 1 or more")
        for name, value in (("origins", origins), ("step", step))
    )
    methods = dict(METHODS if methods is None else methods)
    last = len(y) - h  # training length at the last origin
    first = last - (origins - 1) * step
    if first < 2 * m:
        raise InputValueError(
            "origins",
            origins,
            f"few enough that the first training window has {2 * m} months or more "
            f"(the series has {len(y)} months)",
        )
    rows = []
    for n_train in range(first, last + 1, step):
        training = y.iloc[:n_train]
        actual = y.iloc[n_train : n_train + h]
        scale = seasonal_naive_scale(training, m)
        for name, method in methods.items():
            frame = _as_frame(method(training.copy(), h), actual.index, name)
            rows.append(
                pd.DataFrame(
                    {
                        "Origin": training.index[-1],
                        "TrainStart": training.index[0],
                        "TrainMonths": n_train,
                        "Method": name,
                        "Month": actual.index,
                        "Horizon": np.arange(1, h + 1),
                        "Actual": actual.to_numpy(),
                        "Forecast": frame["Forecast"].to_numpy(),
                        "Lower": frame["Lower"].to_numpy(),
                        "Upper": frame["Upper"].to_numpy(),
                        "Scale": scale,
                    }
                )
            )
    return pd.concat(rows, ignore_index=True)


def accuracy_table(results: pd.DataFrame, order: Sequence[str] | None = None) -> pd.DataFrame:
    """Summarise a rolling-origin evaluation: each method's out-of-sample accuracy.

    Parameters
    ----------
    results
        The table :func:`rolling_origin` returns.
    order
        The methods to show, in order; default: as they appear in ``results``.

    Returns
    -------
    pandas.DataFrame
        One row per method with ``MAE``, ``RMSE``, ``MAPE`` (per cent), ``MASE`` (each
        absolute error divided by its origin's scale, then averaged) and ``Coverage``
        (share of actuals inside the interval; blank for methods without intervals),
        and ``Forecasts`` (how many were scored).
    """
    needed = {"Method", "Actual", "Forecast", "Lower", "Upper", "Scale"}
    if not isinstance(results, pd.DataFrame) or not needed <= set(results.columns):
        raise InputValueError("results", "another table", "the table rolling_origin returns")
    names = list(order) if order is not None else list(dict.fromkeys(results["Method"]))
    rows = []
    for name in names:
        part = results[results["Method"] == name]
        if part.empty:
            raise InputValueError("order", name, "a method in the results")
        error = part["Actual"] - part["Forecast"]
        has_interval = part["Lower"].notna().all() and part["Upper"].notna().all()
        rows.append(
            {
                "Method": name,
                "MAE": mae(part["Actual"], part["Forecast"]),
                "RMSE": rmse(part["Actual"], part["Forecast"]),
                "MAPE": mape(part["Actual"], part["Forecast"]),
                "MASE": float((error.abs() / part["Scale"]).mean()),
                "Coverage": (
                    coverage(part["Actual"], part["Lower"], part["Upper"])
                    if has_interval
                    else np.nan
                ),
                "Forecasts": len(part),
            }
        )
    return pd.DataFrame(rows).set_index("Method")
