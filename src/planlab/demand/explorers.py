"""Long-range demand shown: the waterfall chart and the kernel-free growth explorer.

:func:`waterfall_chart` draws growth split by cause (from
:func:`~planlab.demand.growth.decompose_growth`); :func:`growth_explorer` builds a drop-down
for the population variant and a slider for the non-demographic growth rate on the shared
kernel-free machinery of :mod:`planlab.widgets`.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import StrMethodFormatter

from planlab.demand.activity import add_beds
from planlab.demand.growth import apply_growth, check_growth_rate
from planlab.errors import InputValueError
from planlab.widgets import html_table, precomputed_grid

__all__ = ["DEFAULT_GROWTH_RATES", "growth_explorer", "waterfall_chart"]

#: Non-demographic growth rates offered by :func:`growth_explorer`: -1% to +3% a year in
#: steps of a quarter of a point, and the New Hospital Programme model's -0.14% a year for
#: non-elective admissions.
DEFAULT_GROWTH_RATES: tuple[float, ...] = tuple(
    sorted({round(step / 400, 4) for step in range(-4, 13)} | {-0.0014})
)


def waterfall_chart(
    decomposition: pd.DataFrame,
    title: str,
    ylabel: str = "Bed days a year (bed days)",
    xlabel: str = "Cause of change",
    ax: plt.Axes | None = None,
) -> Figure:
    """Draw a decomposition (see :func:`decompose_growth`) as a waterfall chart.

    The first and last bars are levels, drawn from zero. Each bar between floats from the
    running total and shows one cause's change: up is an increase, down a decrease.

    Parameters
    ----------
    decomposition
        ``Component``, ``Value`` and ``Kind`` (``"level"`` or ``"change"``), in order.
    title
        The chart's title.
    ylabel, xlabel
        Axis labels, with units.
    ax
        Axes to draw on; by default a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on.

    Raises
    ------
    InputValueError
        If a column is missing, the table does not start and end with a level, or the
        changes do not add up to the difference between the levels.
    """
    missing = sorted({"Component", "Value", "Kind"} - set(decomposition.columns))
    if missing:
        raise InputValueError(
            "decomposition", f"a table without {', '.join(missing)}", "a decompose_growth table"
        )
    kinds = decomposition["Kind"].tolist()
    if len(kinds) < 2 or kinds[0] != "level" or kinds[-1] != "level":
        raise InputValueError(
            "decomposition", kinds, "rows that start and end with a level, changes between"
        )
    values = decomposition["Value"].astype(float).tolist()
    changes = sum(value for value, kind in zip(values, kinds, strict=True) if kind == "change")
    if not math.isclose(values[0] + changes, values[-1], rel_tol=1e-9, abs_tol=1e-6):
        raise InputValueError(
            "decomposition", "changes that do not add up", "changes that add up to the total"
        )
    if ax is None:
        fig, ax = plt.subplots(figsize=(9, 4.5))
    else:
        root = ax.get_figure(root=True)
        if root is None:
            raise InputValueError("ax", ax, "axes that belong to a matplotlib figure")
        fig = root
    running = 0.0
    labels = decomposition["Component"].astype(str).tolist()
    for place, (value, kind) in enumerate(zip(values, kinds, strict=True)):
        if kind == "level":
            ax.bar(place, value, color="#08306b")
            running = value
            ax.annotate(f"{value:,.0f}", (place, value), ha="center", va="bottom")
        else:
            colour = "#d95f02" if value >= 0 else "#1b9e77"
            ax.bar(place, value, bottom=running, color=colour)
            top = running + max(value, 0)
            ax.annotate(f"{value:+,.0f}", (place, top), ha="center", va="bottom")
            running += value
    ax.set_xticks(range(len(labels)), labels)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_ylim(0, max(max(values[0], values[-1]), running) * 1.12)
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    return fig


def _describe_projection(
    rows: pd.DataFrame, variant: str, rate: float, target_occupancy: float
) -> str:
    first, last = rows.iloc[0], rows.iloc[-1]
    change = last["BedDays"] / first["BedDays"] - 1
    sentence = (
        f"<p>{html.escape(variant.capitalize())} variant, non-demographic growth "
        f"{rate:+.2%} a year: <strong>{last['BedDays']:,.0f} bed days</strong> in "
        f"{int(last['Year'])} ({change:+.1%} on {int(first['Year'])}), needing "
        f"<strong>{int(last['Beds'])} beds</strong> at {target_occupancy:.0%} occupancy "
        f"({int(first['Beds'])} in {int(first['Year'])}).</p>"
    )
    table = html_table(
        f"{variant}, {rate:+.2%} a year",
        rows.rename(columns={"BedDays": "Bed days a year"}),
        ["Year", "Bed days a year", "Beds"],
        {"Bed days a year": "{:,.0f}", "Beds": "{:,.0f}"},
    )
    return sentence + table


def growth_explorer(
    demographic: pd.DataFrame,
    base_year: int,
    years: Sequence[int],
    rates: Sequence[float] = DEFAULT_GROWTH_RATES,
    start_rate: float = 0.0,
    start_variant: str = "principal",
    target_occupancy: float = 0.85,
    column: str = "BedDays",
) -> widgets.VBox:
    """Build controls for the variant and the non-demographic growth rate.

    Every combination is worked out in advance and linked in the browser
    (``ipywidgets.jslink``), so the controls work on the book's web page without a running
    Python kernel. Each answer gives the bed days and the beds needed in each of ``years``.

    Parameters
    ----------
    demographic
        The demographic projection: ``Variant``, ``Year`` and ``column`` (bed days a year
        at base-year rates), such as :func:`project_activity` returns.
    base_year
        The year the rates were measured in; growth counts from here.
    years
        Years to show, such as ``[2024, 2030, 2035, 2040]``.
    rates
        Non-demographic growth rates a year the slider offers, as fractions.
    start_rate, start_variant
        Where the controls start; each must be offered.
    target_occupancy
        Occupancy used to turn bed days into beds.
    column
        The column of bed days in ``demographic``.

    Returns
    -------
    ipywidgets.VBox
        A drop-down for the variant, a slider for the growth rate and the answers they
        choose between. Both controls have accessible names.

    Raises
    ------
    InputValueError
        If a column, year or variant is missing, or a start is not offered.
    """
    missing = sorted({"Variant", "Year", column} - set(demographic.columns))
    if missing:
        raise InputValueError(
            "demographic", f"a table without {', '.join(missing)}", "a project_activity table"
        )
    offered = [float(rate) for rate in rates]
    for rate in offered:
        check_growth_rate(rate, "rates")
    if start_rate not in offered:
        raise InputValueError("start_rate", start_rate, f"one of the offered rates {offered}")
    variants = [str(v) for v in pd.unique(demographic["Variant"].astype(str))]
    if start_variant not in variants:
        raise InputValueError("start_variant", start_variant, f"one of {variants}")
    wanted = [int(year) for year in years]
    absent = sorted(set(wanted) - set(demographic["Year"].astype(int)))
    if absent or not wanted:
        raise InputValueError("years", list(years), "years that are in the projection")
    answers = []
    for variant in variants:
        rows = demographic[
            (demographic["Variant"].astype(str) == variant) & demographic["Year"].isin(wanted)
        ].sort_values("Year")
        answers.append(
            [
                _describe_projection(
                    add_beds(
                        apply_growth(rows, rate, base_year, column=column, result="BedDays"),
                        target_occupancy,
                    ),
                    variant,
                    rate,
                    target_occupancy,
                )
                for rate in offered
            ]
        )
    return precomputed_grid(
        ("Population variant", variants, start_variant),
        ("Non-demographic growth a year", [(f"{rate:+.2%}", rate) for rate in offered], start_rate),
        answers,
    )
