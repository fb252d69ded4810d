r"""The Excel twin of module 12's economic case: discounting, optimism bias and NPV by option.

:func:`appraisal_twin` writes a workbook whose formulas give the same numbers as
:mod:`planlab.appraisal`: the discount factor of each year from a schedule of rates
(:func:`planlab.appraisal.discount_factors`), capital raised by each option's optimism bias
(:func:`planlab.appraisal.apply_optimism_bias`), and each option's net present cost, present
value of benefits and net present value (:func:`planlab.appraisal.npv_table`).

The rate schedule is a table of bands on the Inputs sheet (first year of the band, rate), so
a planner can test a lower rate, or the Green Book's long-term bands, without touching a
formula. Each year's factor is the last year's divided by :math:`1 + r_t`, with year 0 at 1:

.. math::

   D_0 = 1, \qquad D_t = D_{t-1} / (1 + r_t)

Benefits are counted in bed days saved and, when ``value_per_bed_day`` is above 0, valued in
pounds at that price a bed day, so the NPV is the present value of that money less the NPC.
The extra NPC of each option over the baseline (the do-minimum option), divided by the extra
bed days it saves over the period, gives the extra cost of each bed day saved; and its NPV
against the baseline is its extra present value of benefits less its extra NPC.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from planlab.appraisal import GREEN_BOOK_RATES, RateSchedule, discount_rates
from planlab.errors import InputValueError
from planlab.excel.workbook import Assumption, CellValue, ModelWorkbook

__all__ = ["APPRAISAL_OUTPUT_COLUMNS", "appraisal_twin"]

#: Columns of the twin's Outputs table, one row per option, in order. Money is in pounds.
APPRAISAL_OUTPUT_COLUMNS: tuple[str, ...] = (
    "Option",
    "Name",
    "PVCapitalBeforeOB",
    "PVOptimismBias",
    "PVCapital",
    "PVRevenue",
    "NPC",
    "BedDaysSaved",
    "PVBenefits",
    "NPV",
    "ExtraNPC",
    "ExtraNPCPerBedDay",
    "NPVAgainstBaseline",
)

_MONEY = "#,##0"
_REQUIRED = ("OptionId", "Year", "CapitalGBP", "RevenueGBP")


def _check_cashflows(cashflows: object, benefit_column: str) -> pd.DataFrame:
    if not isinstance(cashflows, pd.DataFrame):
        raise InputValueError("cashflows", type(cashflows).__name__, "a pandas DataFrame")
    missing = [column for column in (*_REQUIRED, benefit_column) if column not in cashflows]
    if missing:
        raise InputValueError(
            "cashflows",
            f"a table without {', '.join(missing)}",
            "the columns of appraisal_cashflows: OptionId, Year, CapitalGBP, RevenueGBP "
            f"and {benefit_column}",
        )
    table = cashflows[[*_REQUIRED, benefit_column]].copy()
    table["OptionId"] = table["OptionId"].astype(str)
    for column in (*_REQUIRED[1:], benefit_column):
        values = pd.to_numeric(table[column], errors="coerce")
        if values.isna().any() or not values.map(math.isfinite).all():
            raise InputValueError(
                f"cashflows[{column!r}]", "a blank or non-number", "a number in every row"
            )
        table[column] = values.astype(float)
    years = table["Year"]
    if (years < 0).any() or (years != years.round()).any():
        raise InputValueError(
            "cashflows['Year']",
            years[(years < 0) | (years != years.round())].iloc[0],
            "whole years from the base year (year 0), 0 or more",
        )
    table["Year"] = years.astype(int)
    if table.duplicated(["OptionId", "Year"]).any():
        raise InputValueError(
            "cashflows", "an option with a year twice", "one row per option and year"
        )
    return table.sort_values(["OptionId", "Year"], kind="stable").reset_index(drop=True)


def _bands(rates: RateSchedule) -> list[tuple[int, float]]:
    discount_rates(0, rates)  # checks the schedule and says what is wrong
    if isinstance(rates, int | float):
        return [(0, float(rates))]
    return [(int(start), float(rate)) for start, rate in rates]


def appraisal_twin(
    cashflows: pd.DataFrame,
    optimism: Mapping[str, float] | None = None,
    *,
    rates: RateSchedule = GREEN_BOOK_RATES,
    value_per_bed_day: float = 0.0,
    baseline: str | None = None,
    names: Mapping[str, str] | None = None,
    benefit_column: str = "BedDaysSaved",
    first_year: str | None = None,
    assumptions: Sequence[Assumption] = (),
) -> ModelWorkbook:
    """Build the Excel twin of module 12's economic case: NPC, NPV and cost per bed day saved.

    Parameters
    ----------
    cashflows
        One row per option and year with ``OptionId``, ``Year`` (0 is the base year),
        ``CapitalGBP`` and ``RevenueGBP`` in real terms, and the benefit column (bed days
        saved), as the course's ``appraisal_cashflows`` table.
    optimism
        The optimism bias on each option's capital, as a fraction (0.24 for 24%), by option;
        options left out get 0. See :func:`planlab.appraisal.optimism_bias`.
    rates
        One discount rate for every year, or a schedule of bands (default the Green Book's
        :data:`~planlab.appraisal.GREEN_BOOK_RATES`).
    value_per_bed_day
        Pounds a bed day saved is worth, to value the benefits; 0 (the default) gives a
        cost-only appraisal whose NPV is minus the NPC.
    baseline
        The option the others are compared with for the extra cost per bed day saved;
        by default the first option (the do-minimum).
    names
        A short name for each option, shown beside its identifier.
    benefit_column
        The column of ``cashflows`` holding the bed days saved.
    first_year
        The financial year of year 0, such as ``"2026/27"``, for the labels.
    assumptions
        Rows added to the assumptions log after the model's own.

    Returns
    -------
    ModelWorkbook
        The workbook; its Outputs sheet has one row per option with the columns of
        :data:`APPRAISAL_OUTPUT_COLUMNS`.

    Raises
    ------
    InputValueError
        If a column is missing or holds a non-number, a year is not a whole number of 0 or
        more, an option has a year twice, an optimism bias is negative, the schedule is not
        one, or the baseline is not one of the options.

    Examples
    --------
    >>> flows = pd.DataFrame({"OptionId": ["A", "A"], "Year": [0, 1],
    ...     "CapitalGBP": [100.0, 0.0], "RevenueGBP": [0.0, 50.0], "BedDaysSaved": [0, 10]})
    >>> book = appraisal_twin(flows, {"A": 0.24})
    >>> book.sheet("Inputs")[book.tables[0].cell(0, "Rate")].value
    0.035
    """
    table = _check_cashflows(cashflows, benefit_column)
    options = list(dict.fromkeys(table["OptionId"]))
    uplifts = dict(optimism or {})
    for option, uplift in uplifts.items():
        if str(option) not in options:
            raise InputValueError("optimism", option, f"an option in cashflows: {options}")
        if isinstance(uplift, bool) or not isinstance(uplift, int | float) or not uplift >= 0:
            raise InputValueError(
                f"optimism[{option!r}]", uplift, "a fraction of 0 or more, such as 0.24"
            )
    value = value_per_bed_day
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        raise InputValueError("value_per_bed_day", value, "pounds of 0 or more, such as 300")
    base = options[0] if baseline is None else str(baseline)
    if base not in options:
        raise InputValueError("baseline", baseline, f"one of the options {options}")
    labels = {option: str((names or {}).get(option, option)) for option in options}
    bands = _bands(rates)
    last_year = int(table["Year"].max())

    book = ModelWorkbook(
        "Option appraisal: net present cost and value",
        "The economic case for each option: capital (raised by its optimism bias) and revenue "
        "costs and bed days saved by year, discounted to today with a schedule of rates, and "
        "added up into net present cost (NPC), net present value (NPV) and the extra cost of "
        "each bed day saved. It is the Excel twin of the course's module 12 "
        "(planlab.appraisal: discount_factors, apply_optimism_bias and npv_table).",
        [
            "Change the pale yellow cells on the Inputs sheet: the discount rate schedule, each "
            "option's optimism bias, the value of a bed day, or the costs and bed days by year.",
            "Read the NPC, NPV and cost per bed day saved on the Outputs sheet.",
            "Year 0 is today (factor 1); amounts are in real terms, today's prices.",
            "Record any change of assumption on the Assumptions sheet, with its source.",
        ],
    )
    book.add_input(
        "ValuePerBedDay",
        float(value),
        "Value of an acute bed day saved",
        "pounds",
        "0 for a cost-only appraisal",
        _MONEY,
    )
    book.add_table(
        "Inputs",
        "Discount rate schedule: each band's rate applies from its first year",
        ["From year", "Rate"],
        [[start, rate] for start, rate in bands],
        style={"From year": "input", "Rate": "input"},
        number_formats={"Rate": "0.00%"},
        names={"From year": "RateFrom", "Rate": "RateBand"},
    )
    bias = book.add_table(
        "Inputs",
        "Optimism bias on capital, by option (a fraction: 0.24 is 24%)",
        ["Option", "Name", "OptimismBias"],
        [[option, labels[option], float(uplifts.get(option, 0.0))] for option in options],
        style={"OptimismBias": "input"},
        number_formats={"OptimismBias": "0.0%"},
        names={"Option": "OptionIds", "OptimismBias": "OptimismBias"},
    )
    flows = book.add_table(
        "Inputs",
        "Costs (real terms, pounds) and bed days saved, by option and year",
        ["Option", "Year", "Capital", "Revenue", "BedDaysSaved"],
        [
            [
                row.OptionId,
                int(row.Year),
                float(row.CapitalGBP),
                float(row.RevenueGBP),
                float(getattr(row, benefit_column)),
            ]
            for row in table.itertuples(index=False)
        ],
        style={"Capital": "input", "Revenue": "input", "BedDaysSaved": "input"},
        number_formats={"Capital": _MONEY, "Revenue": _MONEY, "BedDaysSaved": "#,##0"},
    )

    year_rows: list[list[CellValue]] = [
        [year, f"=LOOKUP({year},RateFrom,RateBand)", None] for year in range(last_year + 1)
    ]
    if first_year is not None:
        from planlab.finance import financial_years

        labels_by_year = financial_years(first_year, last_year + 1)
        for row, label in zip(year_rows, labels_by_year, strict=True):
            row.insert(1, label)
        year_columns = ["Year", "FinancialYear", "Rate", "DiscountFactor"]
    else:
        year_columns = ["Year", "Rate", "DiscountFactor"]
    factors = book.add_table(
        "Calculation",
        "Discount factors: 1 in year 0, then each year's divided by (1 + that year's rate)",
        year_columns,
        year_rows,
        style={"Rate": "calculation", "DiscountFactor": "calculation"},
        number_formats={"Rate": "0.00%", "DiscountFactor": "0.0000"},
        names={"DiscountFactor": "DiscountFactors"},
    )
    for i in range(factors.rows):
        formula = (
            "=1"
            if i == 0
            else (f"={factors.cell(i - 1, 'DiscountFactor')}/(1+{factors.cell(i, 'Rate')})")
        )
        book.write(factors, i, "DiscountFactor", formula)

    money = ["CapitalWithOB", "PVCapitalBeforeOB", "PVCapital", "PVRevenue", "PVBenefits"]
    calc_rows: list[list[CellValue]] = []
    for i in range(flows.rows):
        option, year = flows.cell(i, "Option", sheet=True), flows.cell(i, "Year", sheet=True)
        capital = flows.cell(i, "Capital", sheet=True)
        calc_rows.append(
            [
                f"={option}",
                f"={year}",
                f"=INDEX(DiscountFactors,{year}+1)",
                f"={capital}*(1+INDEX(OptimismBias,MATCH({option},OptionIds,0)))",
                None,
                None,
                None,
                None,
            ]
        )
    calc = book.add_table(
        "Calculation",
        "Present values by option and year: amount x discount factor",
        ["Option", "Year", "DiscountFactor", *money],
        calc_rows,
        style=dict.fromkeys(["DiscountFactor", *money], "calculation"),
        number_formats={"DiscountFactor": "0.0000", **dict.fromkeys(money, _MONEY)},
        names={
            "Option": "CalcOption",
            "PVCapitalBeforeOB": "CalcPVCapitalBeforeOB",
            "PVCapital": "CalcPVCapital",
            "PVRevenue": "CalcPVRevenue",
            "PVBenefits": "CalcPVBenefits",
        },
    )
    for i in range(calc.rows):
        factor = calc.cell(i, "DiscountFactor")
        book.write(
            calc, i, "PVCapitalBeforeOB", f"={flows.cell(i, 'Capital', sheet=True)}*{factor}"
        )
        book.write(calc, i, "PVCapital", f"={calc.cell(i, 'CapitalWithOB')}*{factor}")
        book.write(calc, i, "PVRevenue", f"={flows.cell(i, 'Revenue', sheet=True)}*{factor}")
        book.write(
            calc,
            i,
            "PVBenefits",
            f"={flows.cell(i, 'BedDaysSaved', sheet=True)}*ValuePerBedDay*{factor}",
        )

    bed_days = flows.column_range("BedDaysSaved")
    flow_options = flows.column_range("Option")
    out_rows: list[list[CellValue]] = []
    for i in range(len(options)):
        key = bias.cell(i, "Option", sheet=True)
        out_rows.append(
            [
                f"={key}",
                f"={bias.cell(i, 'Name', sheet=True)}",
                f"=SUMIF(CalcOption,{key},CalcPVCapitalBeforeOB)",
                None,
                f"=SUMIF(CalcOption,{key},CalcPVCapital)",
                f"=SUMIF(CalcOption,{key},CalcPVRevenue)",
                None,
                f"=SUMIF({flow_options},{key},{bed_days})",
                f"=SUMIF(CalcOption,{key},CalcPVBenefits)",
                None,
                None,
                None,
                None,
            ]
        )
    outputs = book.add_table(
        "Outputs",
        "Economic case by option (pounds, present values at today's prices)",
        list(APPRAISAL_OUTPUT_COLUMNS),
        out_rows,
        style={column: "output" for column in APPRAISAL_OUTPUT_COLUMNS[2:]},
        number_formats={
            **dict.fromkeys(APPRAISAL_OUTPUT_COLUMNS[2:], _MONEY),
            "ExtraNPCPerBedDay": "#,##0.00",
        },
        names={"NPC": "NPCByOption"},
    )
    base_row = options.index(base)
    for i, option in enumerate(options):
        cell = lambda column, row=i: outputs.cell(row, column)  # noqa: E731
        book.write(
            outputs, i, "PVOptimismBias", f"={cell('PVCapital')}-{cell('PVCapitalBeforeOB')}"
        )
        book.write(outputs, i, "NPC", f"={cell('PVCapital')}+{cell('PVRevenue')}")
        book.write(outputs, i, "NPV", f"={cell('PVBenefits')}-{cell('NPC')}")
        base_npc = outputs.cell(base_row, "NPC", absolute=True)
        base_days = outputs.cell(base_row, "BedDaysSaved", absolute=True)
        book.write(outputs, i, "ExtraNPC", f"={cell('NPC')}-{base_npc}")
        base_benefits = outputs.cell(base_row, "PVBenefits", absolute=True)
        book.write(
            outputs,
            i,
            "NPVAgainstBaseline",
            f"={cell('PVBenefits')}-{base_benefits}-{cell('ExtraNPC')}",
        )
        if option == base:
            book.write(outputs, i, "ExtraNPCPerBedDay", "baseline", style="label")
        else:
            book.write(
                outputs,
                i,
                "ExtraNPCPerBedDay",
                f"=IF({cell('BedDaysSaved')}-{base_days}>0,"
                f'{cell("ExtraNPC")}/({cell("BedDaysSaved")}-{base_days}),"no bed days saved")',
            )
    book.add_chart(
        outputs,
        "Option",
        ["PVCapital", "PVRevenue"],
        "Net present cost by option: capital (with optimism bias) and revenue",
        "Option",
        "Present value, pounds (today's prices)",
        kind="bar",
    )
    rate_text = ", ".join(f"{rate:.2%} from year {start}" for start, rate in bands)
    log: tuple[Assumption, ...] = (
        Assumption(
            "Costs and benefits are in real terms (today's prices); year 0 is today",
            first_year or "year 0",
            "Inputs: costs and bed days by option and year",
            "General inflation is left out; year 0 has a discount factor of 1.",
        ),
        Assumption(
            "Discount rate schedule",
            rate_text,
            "HM Treasury, The Green Book (3.5% for years 0 to 30), unless changed",
            "Each band's rate applies to the years in it, one year at a time.",
        ),
        Assumption(
            "Optimism bias raises capital costs",
            ", ".join(f"{o}: {uplifts.get(o, 0.0):.0%}" for o in options),
            "Green Book supplementary guidance on optimism bias (Mott MacDonald 2002, Table 2)",
            "Upper bound for the project type, less any mitigation evidenced so far.",
        ),
        Assumption(
            "Value of an acute bed day saved",
            f"£{value:,.0f}",
            "Input ValuePerBedDay",
            "A bed day saved frees capacity; it releases cash only if beds or staff are cut.",
        ),
        *assumptions,
    )
    for entry in log:
        book.add_assumption(entry)
    return book
