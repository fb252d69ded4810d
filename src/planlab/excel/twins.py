"""Excel twins: workbooks whose formulas give the same numbers as the course's Python models.

Each builder takes the same inputs as the Python methods it mirrors and returns a
:class:`~planlab.excel.workbook.ModelWorkbook`; call its ``save`` method to write the file.

* :func:`projection_twin`: module 4's long-range projection. Activity = population x
  age-specific rates (:func:`planlab.demand.project_activity`), grown by non-demographic
  growth a year (:func:`planlab.demand.apply_growth`), and the beds it needs at a target
  occupancy (:func:`planlab.demand.add_beds`).
* :func:`ward_size_twin`: module 9's ward size for a chosen overflow risk, by the Poisson
  model of daily bed demand (:func:`planlab.queues.poisson_beds_needed`) and by the Erlang
  loss model (:func:`planlab.queues.erlang_beds_needed`), with Erlang's recursion laid out
  one row per bed.
* :func:`beds_and_workforce_twin`: module 8's beds at a target occupancy and the
  whole-time equivalents each staff group needs (:func:`planlab.workforce.workforce_demand`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from planlab.capacity import DAYS_IN_YEAR, beds_needed
from planlab.demand import check_growth_rate, regroup_ages
from planlab.errors import InputValueError
from planlab.excel.workbook import Assumption, CellValue, ModelWorkbook
from planlab.projection import select_projection
from planlab.queues import (
    DEFAULT_RISK,
    erlang_beds_needed,
    offered_load,
    poisson_beds_needed,
)

__all__ = ["beds_and_workforce_twin", "projection_twin", "ward_size_twin"]

_GROWTH_NOTE = "Yearly, as a fraction: -0.0014 is -0.14% a year."


def projection_twin(
    projections: pd.DataFrame,
    rates: pd.DataFrame,
    *,
    base_year: int,
    variant: str | Sequence[str] = ("low", "principal", "high"),
    growth_rate: float = 0.0,
    target_occupancy: float = 0.85,
    activity_column: str = "BedDays",
    population_column: str = "Population",
    per: float = 1000,
    days: int = DAYS_IN_YEAR,
    assumptions: Sequence[Assumption] = (),
) -> ModelWorkbook:
    """Build the Excel twin of module 4's long-range projection of bed days and beds.

    The workbook holds, as inputs, the base year's bed days and population by age group
    and the projected population by variant, year and age group (the projection's narrow
    bands added up into the rate groups, as :func:`planlab.demand.project_activity` does).
    Its formulas work out the rates per ``per`` residents, the demographic projection
    (``SUMPRODUCT`` of population and rates), the projection grown by ``growth_rate`` a
    year from ``base_year``, and the beds at ``target_occupancy``.

    Parameters
    ----------
    projections
        A projection table with ``Variant``, ``Year``, ``AgeGroup`` and ``Population``
        (such as the course's ``population_projections``).
    rates
        One row per age group with ``AgeGroup``, the base year's activity and population,
        as :func:`planlab.projection.age_specific_rates` returns.
    base_year
        The year the rates were measured in; growth counts from here.
    variant
        The projection variants to include.
    growth_rate
        Non-demographic growth a year as a fraction, such as -0.0014.
    target_occupancy
        The planned average bed occupancy, such as 0.85.
    activity_column, population_column
        The columns of ``rates`` holding the base year's activity and people.
    per
        Rates are per this many people.
    days
        Days the bed days cover.
    assumptions
        Rows added to the assumptions log after the model's own.

    Returns
    -------
    ModelWorkbook
        The workbook; its Outputs sheet has one row per variant and year.

    Raises
    ------
    InputValueError
        If a column or variant is missing, the rates' groups do not fit the projection's
        bands, a population is not above 0, or a rate or occupancy is out of range.
    """
    missing = sorted({"AgeGroup", activity_column, population_column} - set(rates.columns))
    if missing:
        raise InputValueError(
            "rates", f"a table without {', '.join(missing)}", "age_specific_rates' output"
        )
    if (rates[population_column] <= 0).any():
        raise InputValueError("rates", "an age group with no people", "people in every group")
    check_growth_rate(growth_rate, "growth_rate")
    beds_needed(0.0, target_occupancy, days)  # checks the occupancy and the days
    groups = [str(group) for group in rates["AgeGroup"]]
    wanted = [variant] if isinstance(variant, str) else list(variant)
    wide = _population_by_group(projections, groups, wanted, base_year)

    book = ModelWorkbook(
        "Long-range projection of bed days and beds",
        "Bed days by projection variant and year: the base year's bed days per resident of "
        "each age applied to the projected population, grown by non-demographic change a "
        "year, and the beds they need at a target occupancy. It is the Excel twin of the "
        "course's module 4 (planlab.demand.project_activity, apply_growth and add_beds).",
        [
            "Change the pale yellow cells on the Inputs sheet: the growth rate, the target "
            "occupancy, the base year's bed days and population, or the projected population.",
            "Read the results on the Outputs sheet and the chart on the Chart sheet.",
            "Record any change of assumption on the Assumptions sheet, with its source.",
        ],
    )
    book.add_input("BaseYear", int(base_year), "Base year (rates measured in)", "year")
    book.add_input(
        "GrowthRate", float(growth_rate), "Non-demographic growth", "a year", _GROWTH_NOTE, "0.00%"
    )
    book.add_input(
        "TargetOccupancy", float(target_occupancy), "Target bed occupancy", "fraction", "", "0%"
    )
    book.add_input("DaysInYear", int(days), "Days the bed days cover", "days")
    book.add_input("RatePer", float(per), "Rates are per this many residents", "residents")

    base = book.add_table(
        "Inputs",
        f"Base year {base_year}: {activity_column} and population by age group",
        ["Age group", activity_column, "Population"],
        [
            [group, float(row[activity_column]), float(row[population_column])]
            for group, (_, row) in zip(groups, rates.iterrows(), strict=True)
        ],
        style={activity_column: "input", "Population": "input"},
        number_formats={activity_column: "#,##0", "Population": "#,##0"},
        names={activity_column: "BaseActivity", "Population": "BasePopulation"},
    )
    people = book.add_table(
        "Inputs",
        "Projected population by variant, year and age group",
        ["Variant", "Year", *groups],
        [[str(v), int(y), *(float(x) for x in values)] for (v, y), values in wide.iterrows()],
        style=dict.fromkeys(groups, "input"),
        number_formats=dict.fromkeys(groups, "#,##0"),
    )

    rate_row = book.add_table(
        "Calculation",
        f"{activity_column} per resident of each age in {base_year}, per RatePer residents",
        ["Measure", *groups],
        [
            [
                f"{activity_column} per {per:,.0f} residents",
                *(
                    f"={base.cell(i, activity_column, sheet=True)}"
                    f"/{base.cell(i, 'Population', sheet=True)}*RatePer"
                    for i in range(len(groups))
                ),
            ]
        ],
        number_formats=dict.fromkeys(groups, "0.0"),
    )
    first_rate = rate_row.cell(0, groups[0], absolute=True)
    rates_range = f"{first_rate}:{rate_row.cell(0, groups[-1], absolute=True)}"
    columns = ["Variant", "Year", "Population", "Demographic", "GrowthFactor", "Projected", "Beds"]
    calc_rows: list[list[CellValue]] = []
    for i in range(len(wide)):
        row = people.row_number(i)
        first, last = people.column_letter(groups[0]), people.column_letter(groups[-1])
        ages = f"Inputs!{first}{row}:{last}{row}"
        calc_rows.append(
            [
                f"={people.cell(i, 'Variant', sheet=True)}",
                f"={people.cell(i, 'Year', sheet=True)}",
                f"=SUM({ages})",
                f"=SUMPRODUCT({ages},{rates_range})/RatePer",
                None,
                None,
                None,
            ]
        )
    calc = book.add_table(
        "Calculation",
        "Projection: demographic, then grown by non-demographic change, then beds",
        columns,
        calc_rows,
        number_formats={
            "Population": "#,##0",
            "Demographic": "#,##0",
            "GrowthFactor": "0.0000",
            "Projected": "#,##0",
            "Beds": "0",
        },
    )
    for i in range(calc.rows):
        book.write(calc, i, "GrowthFactor", f"=(1+GrowthRate)^({calc.cell(i, 'Year')}-BaseYear)")
        book.write(
            calc, i, "Projected", f"={calc.cell(i, 'Demographic')}*{calc.cell(i, 'GrowthFactor')}"
        )
        book.write(
            calc,
            i,
            "Beds",
            f"=ROUNDUP(ROUND({calc.cell(i, 'Projected')}/(DaysInYear*TargetOccupancy),9),0)",
        )

    out_columns = ["Variant", "Year", "Population", "Demographic", "Projected", "Beds"]
    book.add_table(
        "Outputs",
        f"{activity_column} and beds by variant and year",
        [
            "Variant",
            "Year",
            "Population",
            f"{activity_column} at base-year rates",
            f"{activity_column} with non-demographic growth",
            "Beds",
        ],
        [
            [f"={calc.cell(i, column, sheet=True)}" for column in out_columns]
            for i in range(calc.rows)
        ],
        style="output",
        number_formats={
            "Population": "#,##0",
            f"{activity_column} at base-year rates": "#,##0",
            f"{activity_column} with non-demographic growth": "#,##0",
        },
    )
    years = sorted({int(year) for _, year in wide.index})
    variants = [name for name in wanted if name in set(wide.index.get_level_values("Variant"))]
    place = {key: i for i, key in enumerate(wide.index)}
    by_year = book.add_table(
        "Outputs",
        f"{activity_column} with non-demographic growth, by variant (for the chart)",
        ["Year", *variants],
        [
            [
                year,
                *(
                    f"={calc.cell(place[(name, year)], 'Projected', sheet=True)}"
                    if (name, year) in place
                    else None
                    for name in variants
                ),
            ]
            for year in years
        ],
        style=dict.fromkeys(variants, "output"),
        number_formats=dict.fromkeys(variants, "#,##0"),
    )
    book.add_chart(
        by_year,
        "Year",
        variants,
        f"{activity_column} a year, with non-demographic growth, by projection variant",
        "Year",
        f"{activity_column} a year",
    )
    for entry in _projection_log(activity_column, base_year, growth_rate, target_occupancy, groups):
        book.add_assumption(entry)
    for entry in assumptions:
        book.add_assumption(entry)
    return book


def ward_size_twin(
    mean_occupied: float,
    arrivals_per_day: float,
    mean_stay_days: float,
    risk: float = DEFAULT_RISK,
    *,
    assumptions: Sequence[Assumption] = (),
) -> ModelWorkbook:
    """Build the Excel twin of module 9's ward size for a chosen overflow risk.

    Two models, as in the course's notebook:

    * Poisson: the fewest beds for which daily demand, Poisson with mean ``mean_occupied``,
      exceeds the beds on no more than a share ``risk`` of days. The workbook lists
      :math:`P(N > n)` with ``POISSON.DIST`` for a run of bed numbers ``n`` around the mean
      and counts those above ``risk``.
    * Erlang loss: the fewest beds that turn away no more than a share ``risk`` of
      arrivals, for an offered load of ``arrivals_per_day`` x ``mean_stay_days``. The
      workbook lays out Erlang's recursion :math:`B(k) = aB(k-1)/(k + aB(k-1))`, one row
      per bed from :math:`B(0) = 1`.

    The tables have rows enough for the inputs given and some way beyond; a check on the
    Outputs sheet says "Yes" while they are long enough.

    Parameters
    ----------
    mean_occupied
        Average number of beds occupied a day.
    arrivals_per_day
        Admissions a day to the unit sized by the Erlang model.
    mean_stay_days
        Their mean length of stay, in days.
    risk
        The accepted chance of overflow (Poisson: of days; Erlang: of arrivals), such as 0.05.
    assumptions
        Rows added to the assumptions log after the model's own.

    Returns
    -------
    ModelWorkbook
        The workbook.

    Raises
    ------
    InputValueError
        If a value is not above 0, or ``risk`` is not strictly between 0 and 1.
    """
    poisson_beds = poisson_beds_needed(mean_occupied, risk)  # also checks the inputs
    load = offered_load(arrivals_per_day, mean_stay_days)
    erlang_beds = erlang_beds_needed(load, risk)
    mean = float(mean_occupied)
    poisson_rows = int(16 * math.sqrt(mean)) + 40 + max(0, poisson_beds - int(mean))
    erlang_rows = 2 * erlang_beds + 40

    book = ModelWorkbook(
        "Ward size for a chosen overflow risk",
        "The fewest beds that keep the chance of overflow at or below a chosen risk, by the "
        "Poisson model of daily bed demand and by the Erlang loss model. It is the Excel twin "
        "of the course's module 9 (planlab.queues.poisson_beds_needed and erlang_beds_needed).",
        [
            "Change the pale yellow cells on the Inputs sheet.",
            "Read the beds needed on the Outputs sheet; check its last line says Yes.",
            "If it says No, the calculation tables need more rows: copy their last row down.",
        ],
    )
    book.add_input("MeanOccupied", mean, "Beds occupied a day, on average", "beds", "", "0.0")
    book.add_input(
        "ArrivalsPerDay", float(arrivals_per_day), "Admissions a day (Erlang)", "a day", "", "0.00"
    )
    book.add_input(
        "MeanStayDays", float(mean_stay_days), "Mean length of stay (Erlang)", "days", "", "0.00"
    )
    book.add_input("Risk", float(risk), "Accepted chance of overflow", "fraction", "", "0.0%")

    scalars = book.add_table(
        "Calculation",
        "Loads",
        ["Measure", "Value"],
        [
            ["Offered load (admissions a day x mean stay), beds", "=ArrivalsPerDay*MeanStayDays"],
            [
                "First bed number in the Poisson table",
                "=MAX(0,INT(MeanOccupied-8*SQRT(MeanOccupied)))",
            ],
        ],
        style={"Value": "calculation"},
        number_formats={"Value": "0.00"},
    )
    book.define_name("OfferedLoad", scalars.cell(0, "Value", sheet=True, absolute=True))
    book.define_name("PoissonStart", scalars.cell(1, "Value", sheet=True, absolute=True))
    poisson = book.add_table(
        "Calculation",
        "Poisson model: chance that demand on a day exceeds n beds",
        ["Beds n", "P(demand <= n)", "P(demand > n)"],
        [[f"=PoissonStart+{i}", None, None] for i in range(poisson_rows)],
        number_formats={"P(demand <= n)": "0.000000", "P(demand > n)": "0.000000"},
        names={"P(demand > n)": "PoissonOverflow"},
    )
    for i in range(poisson.rows):
        n = poisson.cell(i, "Beds n")
        book.write(poisson, i, "P(demand <= n)", f"=POISSON.DIST({n},MeanOccupied,TRUE)")
        book.write(poisson, i, "P(demand > n)", f"=1-{poisson.cell(i, 'P(demand <= n)')}")
    erlang = book.add_table(
        "Calculation",
        "Erlang loss model: share of arrivals turned away with k beds, B(k)",
        ["Beds k", "B(k)"],
        [[k, 1 if k == 0 else None] for k in range(erlang_rows + 1)],
        number_formats={"B(k)": "0.000000"},
        names={"B(k)": "ErlangB"},
    )
    for k in range(1, erlang.rows):
        before, beds = erlang.cell(k - 1, "B(k)"), erlang.cell(k, "Beds k")
        book.write(erlang, k, "B(k)", f"=OfferedLoad*{before}/({beds}+OfferedLoad*{before})")

    last_overflow = poisson.cell(poisson.rows - 1, "P(demand > n)")
    last_b = erlang.cell(erlang.rows - 1, "B(k)")
    outputs = book.add_table(
        "Outputs",
        "Beds needed",
        ["Measure", "Value"],
        [
            ["Poisson: beds needed", "=PoissonStart+SUMPRODUCT((PoissonOverflow>Risk)*1)"],
            ["Poisson: chance demand exceeds them on a day", None],
            ["Poisson: average occupancy of them", None],
            ["Erlang: offered load, beds", "=OfferedLoad"],
            ["Erlang: beds needed", "=SUMPRODUCT((ErlangB>Risk)*1)"],
            ["Erlang: share of arrivals turned away", None],
            ["Erlang: average occupancy", None],
            [
                "Tables long enough (Yes or No)",
                f"=IF(AND(Calculation!{last_overflow}<=Risk,Calculation!{last_b}<=Risk),"
                '"Yes","No")',
            ],
        ],
        style={"Value": "output"},
    )
    poisson_cell, erlang_cell = outputs.cell(0, "Value"), outputs.cell(4, "Value")
    for row, formula, number_format in (
        (0, None, "0"),
        (1, f"=1-POISSON.DIST({poisson_cell},MeanOccupied,TRUE)", "0.0%"),
        (2, f"=MeanOccupied/{poisson_cell}", "0.0%"),
        (3, None, "0.00"),
        (4, None, "0"),
        (5, f"=INDEX(ErlangB,{erlang_cell}+1)", "0.0%"),
        (6, f"=OfferedLoad*(1-{outputs.cell(5, 'Value')})/{erlang_cell}", "0.0%"),
    ):
        if formula is not None:
            book.write(outputs, row, "Value", formula)
        book.format_cell(outputs, row, "Value", number_format=number_format)
    book.add_chart(
        erlang,
        "Beds k",
        ["B(k)"],
        "Erlang loss model: share of arrivals turned away, by beds in the unit",
        "Beds in the unit (k)",
        "Share of arrivals turned away",
    )
    log: tuple[Assumption, ...] = (
        Assumption(
            "Patients arrive at random and stay independently of one another",
            "Poisson arrivals",
            "planlab.queues (module 9)",
            "Both models rest on it; real demand varies more (weekdays, winter).",
        ),
        Assumption(
            "Accepted chance of overflow",
            f"{risk:.1%}",
            "Input Risk",
            "Poisson: share of days demand exceeds the beds; Erlang: share of arrivals "
            "who find the unit full.",
        ),
        Assumption(
            "Offered load = admissions a day x mean length of stay",
            f"{load:.2f} beds",
            "Inputs ArrivalsPerDay and MeanStayDays",
            "The beds that would be occupied on average if nobody were turned away.",
        ),
        *assumptions,
    )
    for entry in log:
        book.add_assumption(entry)
    return book


def beds_and_workforce_twin(
    drivers: pd.DataFrame,
    establishment: pd.Series,
    time_out: pd.Series,
    bed_days: pd.Series,
    *,
    planned_time_out: float,
    base_year: int,
    target_occupancy: float = 0.85,
    days: int = DAYS_IN_YEAR,
    assumptions: Sequence[Assumption] = (),
) -> ModelWorkbook:
    """Build the Excel twin of module 8's beds and workforce need by year.

    Beds: projected bed days a year over ``days`` x ``target_occupancy``, rounded up
    (:func:`planlab.demand.add_beds`). Workforce: each staff group's productivity is its
    activity in ``base_year`` over the WTE its establishment has at work after the planned
    time out, and the WTE needed in a year is that year's activity over productivity x
    (1 - the group's time out) (:func:`planlab.workforce.workforce_demand`).

    Parameters
    ----------
    drivers
        Activity driving each staff group's need: one row per year (the index), one
        column per staff group.
    establishment
        Each staff group's funded establishment in ``base_year``, WTE.
    time_out
        Each staff group's time-out share (leave, sickness, study), a fraction.
    bed_days
        Projected bed days a year, indexed by year (the same years as ``drivers``).
    planned_time_out
        The time-out share the establishment was planned with, such as 0.225.
    base_year
        The year productivity is measured in; must be one of ``drivers``' years.
    target_occupancy
        The planned average bed occupancy, such as 0.85.
    days
        Days the bed days cover.
    assumptions
        Rows added to the assumptions log after the model's own.

    Returns
    -------
    ModelWorkbook
        The workbook; its Outputs sheet has one row per year.

    Raises
    ------
    InputValueError
        If the staff groups or years do not match, ``base_year`` is missing, or a share or
        occupancy is out of range.
    """
    groups = [str(group) for group in drivers.columns]
    years = [int(year) for year in drivers.index]
    for name, series in (("establishment", establishment), ("time_out", time_out)):
        if sorted(map(str, series.index)) != sorted(groups):
            raise InputValueError(name, list(series.index), f"one value for each of {groups}")
    if [int(year) for year in bed_days.index] != years:
        raise InputValueError("bed_days", list(bed_days.index), f"one value for each of {years}")
    if base_year not in years:
        raise InputValueError("base_year", base_year, f"one of drivers' years {years}")
    for name, share in [("planned_time_out", planned_time_out), *time_out.items()]:
        if isinstance(share, bool) or not isinstance(share, int | float) or not 0 <= share < 1:
            raise InputValueError(str(name), share, "a time-out share in [0, 1), such as 0.225")
    beds_needed(0.0, target_occupancy, days)  # checks the occupancy and the days

    book = ModelWorkbook(
        "Beds and workforce needed by year",
        "The beds projected bed days need at a target occupancy, and the whole-time "
        "equivalents (WTE) each staff group needs for its activity, with productivity held "
        "at the base year's. It is the Excel twin of the course's module 8 "
        "(planlab.demand.add_beds and planlab.workforce.workforce_demand).",
        [
            "Change the pale yellow cells on the Inputs sheet: occupancy, time out, "
            "establishment, or the activity and bed days projected for each year.",
            "Read the beds and WTE needed on the Outputs sheet.",
            "Record any change of assumption on the Assumptions sheet, with its source.",
        ],
    )
    book.add_input("BaseYear", int(base_year), "Base year (productivity measured in)", "year")
    book.add_input(
        "TargetOccupancy", float(target_occupancy), "Target bed occupancy", "fraction", "", "0%"
    )
    book.add_input("DaysInYear", int(days), "Days the bed days cover", "days")
    book.add_input(
        "PlannedTimeOut",
        float(planned_time_out),
        "Time out the establishment was planned with",
        "share of paid time",
        "Leave, sickness, study, maternity and other",
        "0.0%",
    )
    staff = book.add_table(
        "Inputs",
        f"Staff groups: establishment in {base_year} and time out",
        ["Staff group", "Establishment", "TimeOut"],
        [[group, float(establishment[group]), float(time_out[group])] for group in groups],
        style={"Establishment": "input", "TimeOut": "input"},
        number_formats={"Establishment": "#,##0.0", "TimeOut": "0.0%"},
    )
    activity = book.add_table(
        "Inputs",
        "Projected bed days and the activity driving each staff group, by year",
        ["Year", "BedDays", *groups],
        [
            [year, float(bed_days.iloc[i]), *(float(x) for x in drivers.iloc[i])]
            for i, year in enumerate(years)
        ],
        style=dict.fromkeys(["BedDays", *groups], "input"),
        number_formats=dict.fromkeys(["BedDays", *groups], "#,##0"),
        names={"Year": "Years"},
    )
    productivity = book.add_table(
        "Calculation",
        "Productivity: base-year activity per WTE at work",
        ["Staff group", "BaseActivity", "Productivity"],
        [
            [
                group,
                f"=INDEX({activity.column_range(group)},MATCH(BaseYear,Years,0))",
                None,
            ]
            for group in groups
        ],
        style={"BaseActivity": "calculation", "Productivity": "calculation"},
        number_formats={"BaseActivity": "#,##0", "Productivity": "#,##0.00"},
    )
    for i in range(len(groups)):
        book.write(
            productivity,
            i,
            "Productivity",
            f"={productivity.cell(i, 'BaseActivity')}/"
            f"({staff.cell(i, 'Establishment', sheet=True)}*(1-PlannedTimeOut))",
        )
    need = book.add_table(
        "Calculation",
        "Beds and WTE needed: beds = bed days / (days x occupancy); "
        "WTE = activity / (productivity x (1 - time out))",
        ["Year", "Beds", *groups, "Total WTE"],
        [
            [
                f"={activity.cell(i, 'Year', sheet=True)}",
                "=ROUNDUP(ROUND("
                f"{activity.cell(i, 'BedDays', sheet=True)}/(DaysInYear*TargetOccupancy),9),0)",
                *(
                    f"={activity.cell(i, group, sheet=True)}/"
                    f"({productivity.cell(g, 'Productivity', absolute=True)}"
                    f"*(1-{staff.cell(g, 'TimeOut', sheet=True, absolute=True)}))"
                    for g, group in enumerate(groups)
                ),
                None,
            ]
            for i in range(len(years))
        ],
        number_formats={"Beds": "0", **dict.fromkeys([*groups, "Total WTE"], "#,##0.0")},
    )
    for i in range(need.rows):
        first, last = need.cell(i, groups[0]), need.cell(i, groups[-1])
        book.write(need, i, "Total WTE", f"=SUM({first}:{last})")
    outputs = book.add_table(
        "Outputs",
        "Beds and WTE needed by year",
        list(need.columns),
        [
            [f"={need.cell(i, column, sheet=True)}" for column in need.columns]
            for i in range(need.rows)
        ],
        style={column: "output" for column in need.columns if column != "Year"},
        number_formats={"Beds": "0", **dict.fromkeys([*groups, "Total WTE"], "#,##0.0")},
    )
    book.add_chart(
        outputs, "Year", groups, "WTE needed by staff group", "Year", "Whole-time equivalents"
    )
    log: tuple[Assumption, ...] = (
        Assumption(
            "Activity per WTE at work stays at the base year's level",
            f"{base_year} productivity",
            "Inputs: establishment and base-year activity",
            "The establishment was sized for the base year's activity, with PlannedTimeOut.",
        ),
        Assumption(
            "Planned time out (leave, sickness, study, maternity, other)",
            f"{planned_time_out:.1%}",
            "Input PlannedTimeOut",
            "NHS Scotland's predictable absence allowance is 22.5%.",
        ),
        Assumption(
            "Beds are planned at a target average occupancy",
            f"{target_occupancy:.0%}",
            "Input TargetOccupancy",
            "Beds = bed days / (days x occupancy), rounded up to a whole bed.",
        ),
        *assumptions,
    )
    for entry in log:
        book.add_assumption(entry)
    return book


def _population_by_group(
    projections: pd.DataFrame, groups: list[str], wanted: list[str], base_year: int
) -> pd.DataFrame:
    """Return projected people by variant and year (rows) and age group, as project_activity."""
    narrow = select_projection(projections, wanted, by=("Variant", "Year", "AgeGroup"))
    grouped = regroup_ages(narrow, groups, by=["Variant", "Year"])
    wide = grouped.pivot_table(
        index=["Variant", "Year"], columns="AgeGroup", values="Population", observed=True
    )
    wide = wide[groups]  # pivot_table sorts the columns as text: put them back in age order
    order = {name: place for place, name in enumerate(wanted)}
    wide = wide.sort_index(key=lambda level: level.map(order) if level.name == "Variant" else level)
    if (wide.index.get_level_values("Year") < base_year).any():
        raise InputValueError("base_year", base_year, "a year no later than the projection's")
    return wide


def _projection_log(
    activity_column: str,
    base_year: int,
    growth_rate: float,
    target_occupancy: float,
    groups: list[str],
) -> tuple[Assumption, ...]:
    """Return the projection twin's own rows of the assumptions log."""
    return (
        Assumption(
            f"{activity_column} per resident of each age stay at the base year's level",
            f"{base_year} rates",
            "The Inputs sheet's base-year table",
            "The demographic projection: only the number and ages of residents change.",
        ),
        Assumption(
            "Non-demographic growth a year, compounded from the base year",
            f"{growth_rate:+.2%} a year",
            "Input GrowthRate",
            "Change in use per resident beyond ageing (for example the NHP model's ranges).",
        ),
        Assumption(
            "Beds are planned at a target average occupancy",
            f"{target_occupancy:.0%}",
            "Input TargetOccupancy",
            "Beds = bed days / (days x occupancy), rounded up to a whole bed.",
        ),
        Assumption(
            "The projection's age bands are added up into the rate groups",
            ", ".join(groups),
            "Population projection table",
            "As planlab.demand.regroup_ages does before applying the rates.",
        ),
    )
