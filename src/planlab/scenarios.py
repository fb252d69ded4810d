r"""Scenarios and sensitivity: which assumptions move the answer, and how far they must move.

Module 11 of the course. A *model* here is any Python function that takes named inputs
and returns one number, such as the beds needed in 2040 from growth, length of stay,
occupancy and an intervention's effect:

>>> def beds(growth, stay, occupancy=0.85):
...     return 5000 * (1 + growth) ** 16 * stay / (365 * occupancy)

* :func:`one_way_sensitivity` moves one input at a time from its low to its high value,
  the others held at their base values, and sorts the inputs by the *swing* in the output;
  :func:`tornado_chart` draws the table, widest bar at the top.
* :func:`switching_value` finds the value of one input at which the output reaches a
  threshold, such as the beds that trigger a new ward, with ``scipy.optimize.brentq``
  (Brent's method: bisection made faster by interpolation, always keeping the root
  bracketed). A switching value far outside the plausible range means the decision is
  safe from that assumption; one inside it means the assumption decides.
* :func:`scenario_frame` crosses two critical uncertainties, each with two states, into
  four named scenarios: plausible futures to plan against, not forecasts.
* :func:`beds_by_year` is the course's bed scenario model: module 4's demographic bed
  days by year, grown by non-demographic growth, a change in length of stay and an
  intervention's saving, turned into beds at a target occupancy. The book's scenario
  explorer computes the same formula in the browser.
* :func:`fan_chart` draws percentile bands around a central line, such as the spread of
  bed days from :func:`planlab.impacts.bed_days_saved_by_year`.

One-way sensitivity misses interactions (two inputs at their high ends together can move
the output more than the two swings suggest); Monte Carlo (:mod:`planlab.impacts`) moves
them together.

The module stays whole (about 590 lines, most of them docstrings and worked examples)
because sensitivity, switching values, scenario framing and the bed scenario model are the
one method module 11 teaches, and they share its input checks and the code that runs a
model.

References
----------
HM Treasury. The Green Book: Central Government Guidance on Appraisal and Evaluation.
London: HM Treasury; 2022 (sensitivity analysis and switching values).

Brent RP. Algorithms for Minimization without Derivatives. Englewood Cliffs (NJ):
Prentice-Hall; 1973 (the root finder behind ``scipy.optimize.brentq``).
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from scipy import optimize

from planlab.capacity import DAYS_IN_YEAR, beds_needed
from planlab.errors import InputValueError

__all__ = [
    "bed_days_by_year",
    "beds_by_year",
    "fan_chart",
    "one_way_sensitivity",
    "scenario_frame",
    "switching_value",
    "tornado_chart",
]

#: A model: a function of named numeric inputs that returns one number.
Model = Callable[..., float]

#: Colours of the bars for an input at its low and its high value (colour-blind safe).
LOW_COLOUR = "#6baed6"
HIGH_COLOUR = "#08306b"


# ---------------------------------------------------------------------------
# Checking inputs and running the model
# ---------------------------------------------------------------------------


def _number(name: str, value: object, example: str = "0.85") -> float:
    """Return ``value`` as a float after checking it is a finite number."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise InputValueError(name, value, f"a finite number, such as {example}")
    return float(value)


def _check_base(base: Mapping[str, float]) -> dict[str, float]:
    """Return the base inputs as a dict of floats, after checking each is a finite number."""
    if not isinstance(base, Mapping) or not base:
        raise InputValueError("base", base, "a mapping of input names to base values")
    return {str(name): _number(f"base[{name!r}]", value) for name, value in base.items()}


def _known(name: str, base: Mapping[str, float], what: str = "name") -> str:
    if name not in base:
        raise InputValueError(what, name, f"one of the model's inputs: {', '.join(base)}")
    return name


def _figure(ax: plt.Axes) -> Figure:
    """Return the figure that holds ``ax`` (the whole figure, not a subfigure)."""
    figure = ax.get_figure(root=True)
    if figure is None:
        raise InputValueError("ax", ax, "axes that belong to a matplotlib figure")
    return figure


def _run(model: Model, inputs: Mapping[str, float]) -> float:
    """Run the model and check it returned one finite number."""
    output = model(**inputs)
    if isinstance(output, bool) or not isinstance(output, numbers.Real):
        raise InputValueError("model", output, "a function that returns one number")
    if not math.isfinite(output):
        raise InputValueError(f"model output at {dict(inputs)}", output, "a finite number")
    return float(output)


# ---------------------------------------------------------------------------
# One-way sensitivity and the tornado chart
# ---------------------------------------------------------------------------


def one_way_sensitivity(
    model: Model, base: Mapping[str, float], ranges: Mapping[str, tuple[float, float]]
) -> pd.DataFrame:
    """Move each input from its low to its high value, the others at base; sort by swing.

    Parameters
    ----------
    model
        A function of the named inputs that returns one number.
    base
        Every input's base value, such as ``{"growth": 0.01, "stay": 9.1}``.
    ranges
        For each input to test, its ``(low, high)`` values.

    Returns
    -------
    pandas.DataFrame
        One row per input tested, with ``Input``, ``Base``, ``Low``, ``High``,
        ``OutputAtLow``, ``OutputAtHigh``, ``Swing`` (the absolute difference of the two
        outputs) and ``BaseOutput``; the largest swing first (ties keep the given order).

    Raises
    ------
    InputValueError
        If a value is not a finite number, an input in ``ranges`` is not in ``base``, a
        range's low is above its high, or the model does not return a finite number.

    Examples
    --------
    >>> def beds(growth, stay):
    ...     return 100 * (1 + growth) * stay
    >>> table = one_way_sensitivity(beds, {"growth": 0.1, "stay": 9.0},
    ...                             {"growth": (0.0, 0.2), "stay": (8.0, 10.0)})
    >>> table[["Input", "OutputAtLow", "OutputAtHigh", "Swing"]].round(6)
        Input  OutputAtLow  OutputAtHigh  Swing
    0    stay        880.0        1100.0  220.0
    1  growth        900.0        1080.0  180.0
    """
    inputs = _check_base(base)
    if not isinstance(ranges, Mapping) or not ranges:
        raise InputValueError("ranges", ranges, "a mapping of input names to (low, high)")
    base_output = _run(model, inputs)
    rows = []
    for name, bounds in ranges.items():
        _known(name, inputs, "ranges")
        if isinstance(bounds, str) or len(bounds) != 2:
            raise InputValueError(f"ranges[{name!r}]", bounds, "a pair (low, high)")
        low, high = (_number(f"ranges[{name!r}]", value) for value in bounds)
        if low > high:
            raise InputValueError(f"ranges[{name!r}]", bounds, "a pair with low <= high")
        at_low = _run(model, {**inputs, name: low})
        at_high = _run(model, {**inputs, name: high})
        rows.append((name, inputs[name], low, high, at_low, at_high, abs(at_high - at_low)))
    columns = ["Input", "Base", "Low", "High", "OutputAtLow", "OutputAtHigh", "Swing"]
    table = pd.DataFrame(rows, columns=columns).assign(BaseOutput=base_output)
    return table.sort_values("Swing", ascending=False, kind="stable").reset_index(drop=True)


def tornado_chart(
    table: pd.DataFrame,
    title: str,
    xlabel: str,
    ylabel: str = "Assumption (low to high value)",
    ax: plt.Axes | None = None,
) -> Figure:
    """Draw a one-way sensitivity table (see :func:`one_way_sensitivity`) as a tornado chart.

    Each input has two bars from the base output: to the output at its low value and to
    the output at its high value. The widest swing is at the top.

    Parameters
    ----------
    table
        The output of :func:`one_way_sensitivity`.
    title, xlabel, ylabel
        The chart's title and axis labels (say the units on the x axis).
    ax
        Axes to draw on; a new figure if ``None``.

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on.

    Raises
    ------
    InputValueError
        If the table lacks a column of :func:`one_way_sensitivity`'s output.
    """
    needed = {"Input", "Low", "High", "OutputAtLow", "OutputAtHigh", "BaseOutput"}
    missing = sorted(needed - set(table.columns))
    if missing:
        raise InputValueError("table", f"a table without {', '.join(missing)}", "a tornado table")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.6 * len(table) + 1.5))
    base = float(table["BaseOutput"].iloc[0])
    rows = table.iloc[::-1]
    positions = range(len(rows))
    for column, colour, label in (
        ("OutputAtLow", LOW_COLOUR, "Input at its low value"),
        ("OutputAtHigh", HIGH_COLOUR, "Input at its high value"),
    ):
        ax.barh(positions, rows[column] - base, left=base, color=colour, label=label, height=0.6)
    ax.axvline(base, color="black", linewidth=1, label=f"All inputs at base: {base:,.4g}")
    ax.set_yticks(list(positions))
    ax.set_yticklabels([f"{r.Input} ({r.Low:g} to {r.High:g})" for r in rows.itertuples()])
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(loc="lower right", fontsize="small")
    return _figure(ax)


# ---------------------------------------------------------------------------
# Switching values
# ---------------------------------------------------------------------------


def switching_value(
    model: Model,
    base: Mapping[str, float],
    name: str,
    threshold: float,
    low: float,
    high: float,
    xtol: float = 1e-10,
) -> float:
    """Return the value of one input at which the model's output reaches ``threshold``.

    The other inputs stay at their base values. The root of ``output - threshold`` is
    found with ``scipy.optimize.brentq`` between ``low`` and ``high``, which must bracket
    it: the output must be on one side of the threshold at ``low`` and on the other at
    ``high``. If the model rounds (to whole beds), any value at which the rounded output
    equals the threshold may come back: solve the unrounded model for a single answer.

    Parameters
    ----------
    model
        A function of the named inputs that returns one number.
    base
        Every input's base value.
    name
        The input to solve for, such as ``"stay"``.
    threshold
        The output to reach, such as the beds open today plus a new ward of 24.
    low, high
        The range of ``name`` to search.
    xtol
        The accuracy wanted in the input.

    Returns
    -------
    float
        The switching value of ``name``.

    Raises
    ------
    InputValueError
        If ``name`` is not an input, a value is not finite, ``low`` is not below ``high``,
        or the output does not cross ``threshold`` between ``low`` and ``high``.

    Examples
    --------
    Beds = 5,000 admissions x stay / (365 x 0.85); 96 beds are open now, and 120 would
    need a new ward. The stay at which 120 beds are needed is 120 x 365 x 0.85 / 5,000:

    >>> def beds(stay):
    ...     return 5000 * stay / (365 * 0.85)
    >>> round(switching_value(beds, {"stay": 7.0}, "stay", 120, 1.0, 20.0), 4)
    7.446
    """
    inputs = _check_base(base)
    _known(name, inputs)
    target = _number("threshold", threshold, "120 beds")
    start, end = _number("low", low, "1.0"), _number("high", high, "20.0")
    if start >= end:
        raise InputValueError("low", low, f"below high ({high})")

    def gap(value: float) -> float:
        return _run(model, {**inputs, name: value}) - target

    at_start, at_end = gap(start), gap(end)
    if at_start == 0:
        return start
    if at_end == 0:
        return end
    if (at_start > 0) == (at_end > 0):
        raise InputValueError(
            name,
            (low, high),
            f"a range in which the output crosses {target:g}; it is {at_start + target:.4g} at "
            f"{low:g} and {at_end + target:.4g} at {high:g}, both on the same side. Widen the "
            "range, or the decision does not switch on this input",
        )
    return float(optimize.brentq(gap, start, end, xtol=xtol))


# ---------------------------------------------------------------------------
# Scenario frames and fan charts
# ---------------------------------------------------------------------------


def _states(name: str, states: object, base: Mapping[str, float]) -> dict[str, dict[str, float]]:
    """Check an uncertainty has two named states, each setting known inputs to numbers."""
    if not isinstance(states, Mapping) or len(states) != 2:
        raise InputValueError(
            f"uncertainties[{name!r}]", states, "two named states, each a mapping of inputs"
        )
    checked = {}
    for state, inputs in states.items():
        if not isinstance(inputs, Mapping):
            raise InputValueError(f"uncertainties[{name!r}][{state!r}]", inputs, "a mapping")
        for key in inputs:
            _known(key, base, f"uncertainties[{name!r}][{state!r}]")
        checked[str(state)] = {key: _number(key, value) for key, value in inputs.items()}
    return checked


def scenario_frame(
    base: Mapping[str, float],
    uncertainties: Mapping[str, Mapping[str, Mapping[str, float]]],
    model: Model | None = None,
    names: Mapping[tuple[str, str], str] | None = None,
) -> pd.DataFrame:
    """Cross two critical uncertainties, each with two states, into four named scenarios.

    Parameters
    ----------
    base
        Every input's base value; a scenario changes only the inputs its states set.
    uncertainties
        Exactly two uncertainties, each with exactly two states, each state setting some
        inputs, such as ``{"Demand": {"Low growth": {"growth": 0.0}, "High growth":
        {"growth": 0.02}}, "Community capacity": {"Weak": {"stay": 10.0}, "Strong":
        {"stay": 8.0}}}``.
    model
        If given, a column ``Output`` holds the model's output in each scenario.
    names
        A name for each pair of states, such as ``{("High growth", "Weak"): "Swamped"}``;
        by default ``"<state 1> / <state 2>"``.

    Returns
    -------
    pandas.DataFrame
        Four rows indexed by ``Scenario``: a column per uncertainty (its state), a column
        per input, and ``Output`` if a model was given.

    Raises
    ------
    InputValueError
        If there are not two uncertainties of two states each, a state sets an input not
        in ``base``, both uncertainties set the same input, or a value is not a number.

    Examples
    --------
    >>> frame = scenario_frame({"growth": 0.01, "stay": 9.0},
    ...     {"Demand": {"Low": {"growth": 0.0}, "High": {"growth": 0.02}},
    ...      "Capacity": {"Weak": {"stay": 10.0}, "Strong": {"stay": 8.0}}})
    >>> frame.index.tolist()
    ['Low / Weak', 'Low / Strong', 'High / Weak', 'High / Strong']
    """
    inputs = _check_base(base)
    if not isinstance(uncertainties, Mapping) or len(uncertainties) != 2:
        raise InputValueError("uncertainties", uncertainties, "exactly two critical uncertainties")
    (first, first_states), (second, second_states) = (
        (str(name), _states(name, states, inputs)) for name, states in uncertainties.items()
    )
    shared = {k for s in first_states.values() for k in s} & {
        k for s in second_states.values() for k in s
    }
    if shared:
        raise InputValueError("uncertainties", sorted(shared), "inputs set by one uncertainty")
    rows = {}
    for (one, one_inputs), (two, two_inputs) in itertools.product(
        first_states.items(), second_states.items()
    ):
        label = (names or {}).get((one, two), f"{one} / {two}")
        rows[label] = {first: one, second: two, **inputs, **one_inputs, **two_inputs}
    frame = pd.DataFrame.from_dict(rows, orient="index").rename_axis("Scenario")
    if model is not None:
        frame["Output"] = [_run(model, {k: row[k] for k in inputs}) for _, row in frame.iterrows()]
    return frame


def fan_chart(
    table: pd.DataFrame,
    x: str,
    centre: str,
    bands: Sequence[tuple[str, str]],
    title: str,
    xlabel: str,
    ylabel: str,
    threshold: tuple[float, str] | None = None,
    ax: plt.Axes | None = None,
) -> Figure:
    """Draw a central line with shaded percentile bands, widest palest, and a threshold.

    Parameters
    ----------
    table
        One row per point on the x axis, with the columns named below.
    x, centre
        The x column (such as ``"Year"``) and the central line (such as ``"SavedP50"``).
    bands
        Pairs of (lower, upper) columns from the widest band in, such as
        ``[("SavedP10", "SavedP90"), ("SavedP25", "SavedP75")]``.
    title, xlabel, ylabel
        The chart's title and axis labels.
    threshold
        ``(value, label)`` for a dashed horizontal line, such as ``(120, "New ward")``.
    ax
        Axes to draw on; a new figure if ``None``.

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on.

    Raises
    ------
    InputValueError
        If a named column is missing.
    """
    named = [x, centre, *(column for band in bands for column in band)]
    missing = [column for column in named if column not in table.columns]
    if missing:
        raise InputValueError("table", f"a table without {', '.join(missing)}", "the columns named")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4))
    for place, (lower, upper) in enumerate(bands):
        shade = 0.2 + 0.25 * place
        label = f"{lower} to {upper}"
        ax.fill_between(
            table[x],
            table[lower],
            table[upper],
            color=HIGH_COLOUR,
            alpha=shade,
            label=label,
            linewidth=0,
        )
    ax.plot(table[x], table[centre], color=HIGH_COLOUR, label=centre)
    if threshold is not None:
        ax.axhline(threshold[0], color="#b2182b", linestyle="--", label=threshold[1])
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(fontsize="small")
    return _figure(ax)


# ---------------------------------------------------------------------------
# The course's bed scenario model
# ---------------------------------------------------------------------------


def bed_days_by_year(
    demographic: pd.Series,
    growth: float = 0.0,
    stay_change: float = 0.0,
    effect: float = 0.0,
) -> pd.Series:
    r"""Return bed days by year under one scenario's assumptions.

    .. math::

       B_t = D_t \times (1 + g)^{t - t_0} \times (1 + s) \times (1 - e)

    where :math:`D_t` is the demographic projection (today's age-specific rates applied to
    the projected population), :math:`t_0` its first year, :math:`g` non-demographic growth
    a year, :math:`s` the relative change in mean length of stay and :math:`e` the share of
    bed days an intervention saves.

    Parameters
    ----------
    demographic
        Demographic bed days indexed by year, the base year first (module 4's
        :func:`planlab.demand.project_activity` for one variant).
    growth
        Non-demographic growth a year, a fraction: 0.01 is 1% a year.
    stay_change
        Change in mean length of stay, a fraction: -0.1 is a stay 10% shorter.
    effect
        Share of bed days an intervention saves, a fraction between 0 and 1.

    Returns
    -------
    pandas.Series
        Bed days by year, with the same index.

    Raises
    ------
    InputValueError
        If the series is empty or not by whole years in order, or an assumption is out of
        range.

    Examples
    --------
    >>> demographic = pd.Series([1000.0, 1100.0], index=[2024, 2025])
    >>> bed_days_by_year(demographic, growth=0.1, stay_change=-0.1, effect=0.5).tolist()
    [450.0, 544.5]
    """
    years = _yearly(demographic)
    growth = _number("growth", growth, "0.01")
    stay_change = _number("stay_change", stay_change, "-0.1")
    effect = _number("effect", effect, "0.05")
    if growth <= -1:
        raise InputValueError("growth", growth, "a growth rate above -1 (-100% a year)")
    if stay_change <= -1:
        raise InputValueError("stay_change", stay_change, "a change above -1 (a stay of 0 days)")
    if not 0 <= effect < 1:
        raise InputValueError("effect", effect, "a share of bed days saved from 0 up to 1")
    elapsed = years - years.iloc[0]
    factor = (1 + growth) ** elapsed * (1 + stay_change) * (1 - effect)
    return demographic.astype(float) * factor


def beds_by_year(
    demographic: pd.Series,
    growth: float = 0.0,
    stay_change: float = 0.0,
    effect: float = 0.0,
    occupancy: float = 0.85,
) -> pd.Series:
    """Return the beds needed each year under one scenario (see :func:`bed_days_by_year`).

    Each year's bed days are turned into whole beds at the target average occupancy with
    :func:`planlab.capacity.beds_needed`: bed days / (365 x occupancy), rounded up.

    Parameters
    ----------
    demographic, growth, stay_change, effect
        As for :func:`bed_days_by_year`.
    occupancy
        Target average occupancy, a fraction in (0, 1]: 0.85 is 85%.

    Returns
    -------
    pandas.Series
        Whole beds by year, with the same index.

    Raises
    ------
    InputValueError
        As for :func:`bed_days_by_year`, or if ``occupancy`` is not in (0, 1].

    Examples
    --------
    >>> demographic = pd.Series([31_025.0, 32_000.0], index=[2024, 2025])
    >>> beds_by_year(demographic, occupancy=0.85).tolist()
    [100, 104]
    """
    bed_days = bed_days_by_year(demographic, growth, stay_change, effect)
    occupancy = _number("occupancy", occupancy, "0.85")
    return bed_days.map(lambda days: beds_needed(days, occupancy, DAYS_IN_YEAR)).astype(int)


def _yearly(series: pd.Series) -> pd.Series:
    """Return the index of ``series`` as whole years, after checking it is one, in order."""
    if not isinstance(series, pd.Series) or series.empty:
        raise InputValueError("demographic", series, "bed days in a pandas Series indexed by year")
    years = pd.Series(series.index, index=series.index)
    if not pd.api.types.is_integer_dtype(years) or not years.is_monotonic_increasing:
        raise InputValueError(
            "demographic", list(series.index[:3]), "a Series indexed by whole years in order"
        )
    return years
