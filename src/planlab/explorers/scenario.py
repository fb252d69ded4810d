r"""The scenario explorer: beds needed each year under four assumptions, in the browser.

Beds needed each year from 2024/25 to 2040/41 with :func:`planlab.scenarios.beds_by_year`:
module 4's demographic projection of emergency bed days :math:`D_t`
(:func:`planlab.assumptions.demographic_bed_days`), then beds
:math:`\lceil D_t (1+g)^{t-2024} (1+s)(1-e) / (365 \times o) \rceil`, against today's beds
(:func:`planlab.assumptions.todays_beds`) and today's beds with one new ward of
:data:`planlab.assumptions.WARD_BEDS`. Its sentence is written here in Python
(:func:`scenario_statement`) and, with the same words, in the browser.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from planlab.assumptions import (
    BASE_YEAR,
    TARGET_OCCUPANCY,
    WARD_BEDS,
    demographic_bed_days,
    todays_beds,
)
from planlab.capacity import DAYS_IN_YEAR
from planlab.demand import nhp_growth_rate
from planlab.explorers.controls import (
    LINE_COLOUR,
    MUTED_COLOUR,
    THRESHOLD_COLOUR,
    Control,
    financial_year,
)
from planlab.scenarios import beds_by_year

__all__ = [
    "FIRST_YEAR",
    "TARGET_YEAR",
    "scenario_bed_days",
    "scenario_controls",
    "scenario_model",
    "scenario_spec",
    "scenario_statement",
]

#: The first year the scenario explorer shows: the base year of module 4's projection (2024/25).
FIRST_YEAR = BASE_YEAR
#: The last year the scenario explorer shows (2040/41), the year its sentence is about.
TARGET_YEAR = 2040


def scenario_bed_days() -> pd.Series:
    """Return module 4's demographic bed days from 2024/25 to 2040/41, as the explorer shows.

    :func:`planlab.assumptions.demographic_bed_days` for every age, from :data:`FIRST_YEAR`
    to :data:`TARGET_YEAR`: the demographic part only (the growth control adds the rest).
    """
    return demographic_bed_days().loc[FIRST_YEAR:TARGET_YEAR]


def scenario_controls() -> list[Control]:
    """Return the scenario explorer's four sliders, at their starting values.

    Growth starts at the New Hospital Programme's option 2 for non-elective activity
    (:func:`planlab.demand.nhp_growth_rate`), the others at no change and 85% occupancy.
    """
    growth = round(nhp_growth_rate("option 2") * 100, 2)
    return [
        Control("growth", "Growth a year beyond population change", "range", growth,
                -1.0, 3.0, 0.01, "% a year", 2),
        Control("stay_change", "Change in length of stay", "range", 0.0, -30.0, 20.0, 1.0, "%"),
        Control("occupancy", "Target bed occupancy", "range", TARGET_OCCUPANCY * 100,
                75.0, 95.0, 1.0, "%"),
        Control("effect", "Bed days an intervention saves", "range", 0.0, 0.0, 30.0, 1.0, "%"),
    ]  # fmt: skip


def scenario_statement(
    growth: float,
    stay_change: float,
    occupancy: float,
    effect: float,
    demographic: pd.Series | None = None,
) -> str:
    """Return the scenario explorer's sentence for these assumptions (fractions).

    Parameters
    ----------
    growth, stay_change, occupancy, effect
        As for :func:`planlab.scenarios.beds_by_year`: 0.01 is 1%.
    demographic
        Demographic bed days by year; :func:`scenario_bed_days` if None.

    Returns
    -------
    str
        Beds needed in 2040/41 against today's, and the years from which today's beds,
        and today's beds with one new ward, are no longer enough.
    """
    days = scenario_bed_days() if demographic is None else demographic
    beds = beds_by_year(days, growth, stay_change, effect, occupancy)
    today = todays_beds(days)
    with_ward = today + WARD_BEDS
    if growth > 0:
        growing = f"growth of {abs(growth) * 100:.2f}% a year beyond population change"
    elif growth < 0:
        growing = f"a fall of {abs(growth) * 100:.2f}% a year beyond population change"
    else:
        growing = "no growth beyond population change"
    stays = (
        "stays as now"
        if stay_change == 0
        else f"stays {abs(stay_change) * 100:.0f}% {'shorter' if stay_change < 0 else 'longer'}"
    )
    saving = (
        "no intervention"
        if effect == 0
        else f"an intervention saving {effect * 100:.0f}% of bed days"
    )
    last = int(beds.iloc[-1])
    difference = last - today
    compared = (
        f"{difference} more than"
        if difference > 0
        else f"{-difference} fewer than"
        if difference < 0
        else "the same as"
    )
    sentence = (
        f"With {growing}, {stays}, {occupancy * 100:.0f}% occupancy and {saving}, Lochanvale "
        f"needs {last} beds in {financial_year(TARGET_YEAR)}: {compared} today's {today}. "
    )
    over_today = [int(year) for year, value in beds.items() if value > today]
    over_ward = [int(year) for year, value in beds.items() if value > with_ward]
    if not over_today:
        return sentence + (
            f"Today's beds are enough every year to {financial_year(TARGET_YEAR)}: "
            "no new ward is needed."
        )
    sentence += f"A new ward of {WARD_BEDS} beds is needed from {financial_year(over_today[0])}"
    if not over_ward:
        return sentence + f", and is enough to {financial_year(TARGET_YEAR)}."
    return sentence + (
        f", and more than one from {financial_year(over_ward[0])} (over {with_ward} beds)."
    )


def scenario_spec(demographic: pd.Series | None = None) -> dict[str, Any]:
    """Return the Vega-Lite specification of the scenario explorer's chart.

    Its parameters ``growth``, ``stay_change``, ``occupancy`` and ``effect`` are fractions
    set from the page's sliders; each year's beds are computed in the browser from the
    demographic bed days with the formula of :func:`planlab.scenarios.beds_by_year`,
    including :func:`planlab.capacity.beds_needed`'s rounding (to 9 decimal places, then
    up to a whole bed).
    """
    days = scenario_bed_days() if demographic is None else demographic
    today = todays_beds(days)
    first = int(days.index[0])
    starts = {control.name: float(control.value) / 100 for control in scenario_controls()}
    beds = (
        f"ceil(round(datum.demographic * pow(1 + growth, datum.year - {first})"
        f" * (1 + stay_change) * (1 - effect) / ({DAYS_IN_YEAR} * occupancy) * 1e9) / 1e9)"
    )
    years = {
        "field": "year",
        "type": "quantitative",
        "title": "Financial year",
        "scale": {"zero": False, "nice": False},
        "axis": {
            "tickMinStep": 1,
            "labelExpr": "datum.value + '/' + slice(toString(datum.value + 1), 2)",
            "labelAngle": -40,
        },
    }
    lines = [
        {"beds": today, "label": f"Today's beds ({today})", "colour": MUTED_COLOUR},
        {
            "beds": today + WARD_BEDS,
            "label": f"Today's beds and one new ward ({today + WARD_BEDS})",
            "colour": THRESHOLD_COLOUR,
        },
    ]
    colours = {"field": "colour", "type": "nominal", "scale": None}
    return {
        "description": (
            f"Line chart of the beds Lochanvale needs each year from {financial_year(first)} to "
            f"{financial_year(int(days.index[-1]))}, with lines at today's {today} beds and "
            f"at {today + WARD_BEDS}, today's beds and one new ward of {WARD_BEDS}."
        ),
        "width": "container",
        "height": 280,
        "params": [{"name": name, "value": value} for name, value in starts.items()],
        "layer": [
            {
                "data": {
                    "values": [
                        {"year": int(year), "demographic": float(value)}
                        for year, value in days.items()
                    ]
                },
                "transform": [
                    {"calculate": beds, "as": "beds"},
                    {
                        "calculate": "datum.year + '/' + slice(toString(datum.year + 1), 2)",
                        "as": "financial_year",
                    },
                ],
                "mark": {"type": "line", "point": True, "color": LINE_COLOUR},
                "encoding": {
                    "x": years,
                    "y": {
                        "field": "beds",
                        "type": "quantitative",
                        "title": "Beds needed",
                        "scale": {"zero": False},
                    },
                    "tooltip": [
                        {"field": "financial_year", "title": "Year"},
                        {"field": "beds", "title": "Beds needed"},
                    ],
                },
            },
            {
                "data": {"values": lines},
                "mark": {"type": "rule", "strokeDash": [6, 4]},
                "encoding": {
                    "y": {"field": "beds", "type": "quantitative"},
                    "color": colours,
                },
            },
            {
                "data": {"values": lines},
                "mark": {"type": "text", "align": "left", "dx": 4, "dy": -7, "x": 0},
                "encoding": {
                    "y": {"field": "beds", "type": "quantitative"},
                    "text": {"field": "label"},
                    "color": colours,
                },
            },
        ],
    }


def scenario_model(demographic: pd.Series | None = None) -> dict[str, Any]:
    """Return the numbers the browser needs to write the scenario explorer's sentence.

    The demographic bed days by year, today's beds, the ward's beds, the target year and
    the days in a year.
    """
    days = scenario_bed_days() if demographic is None else demographic
    return {
        "years": [int(year) for year in days.index],
        "demographic": [float(value) for value in days],
        "today": todays_beds(days),
        "wardBeds": WARD_BEDS,
        "targetYear": TARGET_YEAR,
        "daysInYear": DAYS_IN_YEAR,
    }
