r"""Non-demographic growth: compound growth rates, applied and split from demographic growth.

Rates change by a compound annual rate :math:`g`, so activity grows by
:math:`(1 + g)^{t - t_0}` on top of the demographic projection (:func:`apply_growth`); the
growth from the base splits into a demographic part, a non-demographic part and an
interaction (:func:`decompose_growth`). Rates from the New Hospital Programme model are for
admissions (:func:`nhp_growth_rate`); :func:`bed_day_growth_rate` adds length of stay.
"""

from __future__ import annotations

import math
import numbers

import pandas as pd

from planlab.errors import InputValueError

__all__ = [
    "DEMOGRAPHIC",
    "INTERACTION",
    "NHP_NON_DEMOGRAPHIC_GROWTH",
    "NON_DEMOGRAPHIC",
    "ORDERS",
    "apply_growth",
    "bed_day_growth_rate",
    "check_growth_rate",
    "decompose_growth",
    "growth_factor",
    "nhp_growth_rate",
]

#: Name of the demographic row of a decomposition (see :func:`decompose_growth`).
DEMOGRAPHIC = "Demographic"
#: Name of the non-demographic row of a decomposition.
NON_DEMOGRAPHIC = "Non-demographic"
#: Name of the interaction row of a decomposition (the part neither cause explains alone).
INTERACTION = "Interaction"
#: The orders :func:`decompose_growth` can split growth in.
ORDERS = ("interaction", "demographic first")


def check_growth_rate(rate: float, name: str = "rate") -> None:
    """Check that ``rate`` is a yearly growth rate as a fraction, between -0.5 and 0.5.

    Parameters
    ----------
    rate
        The rate given.
    name
        The argument's name, for the message.

    Raises
    ------
    InputValueError
        If ``rate`` is not a finite number between -0.5 and 0.5; a rate that looks like a
        percentage gets a hint to write it as a fraction.
    """
    if isinstance(rate, bool) or not isinstance(rate, numbers.Real) or not math.isfinite(rate):
        raise InputValueError(name, rate, "a yearly growth rate as a fraction, such as 0.01")
    if not -0.5 < rate < 0.5:
        hint = f" (write {rate}% a year as {rate / 100})" if 0.5 <= abs(rate) < 50 else ""
        raise InputValueError(
            name, rate, f"a fraction between -0.5 and 0.5, such as -0.0014 for -0.14% a year{hint}"
        )


def growth_factor(rate: float, years: float) -> float:
    """Return how much a compound annual growth rate multiplies activity over ``years``.

    Parameters
    ----------
    rate
        Growth a year as a fraction: 0.0131 for +1.31% a year, -0.0014 for -0.14%.
    years
        Years of growth, such as 16 from 2024 to 2040.

    Returns
    -------
    float
        ``(1 + rate) ** years``.

    Raises
    ------
    InputValueError
        If ``rate`` is not a fraction between -0.5 and 0.5 (a per cent given by mistake),
        or ``years`` is negative.

    Examples
    --------
    >>> round(growth_factor(0.10, 2), 4)
    1.21
    """
    check_growth_rate(rate)
    if isinstance(years, bool) or not isinstance(years, numbers.Real) or not years >= 0:
        raise InputValueError("years", years, "zero or more years")
    return (1 + rate) ** years


#: The New Hospital Programme (NHP) model's two published options for non-demographic growth
#: in admissions and attendances, as 80% ranges of the yearly growth *factor*. Source: The
#: Strategy Unit, ``nhp_inputs`` repository, ``data-raw/generate-ndg-variants.R`` (read 3 December
#: 2026). Both options are for **activity counts** (admissions, attendances), not bed days: length
#: of stay is a separate assumption. Option 1 puts non-elective admission growth at about +1.9% to
#: +2.4% a year; option 2 at about -0.45% to +0.17%, whose midpoint is -0.14%.
NHP_NON_DEMOGRAPHIC_GROWTH: dict[str, dict[str, tuple[float, float]]] = {
    "option 1": {
        "non-elective": (1.0194, 1.0240),
        "elective": (1.0053, 1.0071),
        "maternity": (1.0, 1.0),
        "a&e": (1.0121, 1.0142),
        "outpatients": (1.0228, 1.0270),
    },
    "option 2": {
        "non-elective": (0.9955, 1.0017),
        "elective": (1.0053, 1.0071),
        "maternity": (1.0, 1.0),
        "a&e": (1.0121, 1.0142),
        "outpatients": (1.0228, 1.0270),
    },
}


def nhp_growth_rate(option: str, activity: str = "non-elective") -> float:
    """Return the midpoint of an NHP non-demographic growth range, as a yearly rate.

    Parameters
    ----------
    option
        ``"option 1"`` or ``"option 2"`` (see :data:`NHP_NON_DEMOGRAPHIC_GROWTH`).
    activity
        ``"non-elective"`` (the default), ``"elective"``, ``"maternity"``, ``"a&e"`` or
        ``"outpatients"``.

    Returns
    -------
    float
        The midpoint of the 80% range of the growth factor, less 1, rounded to four decimal
        places: -0.0014 (-0.14% a year) for option 2's non-elective admissions.

    Raises
    ------
    InputValueError
        If the option or activity is not one of those named.

    Examples
    --------
    >>> nhp_growth_rate("option 2")
    -0.0014
    >>> nhp_growth_rate("option 1")
    0.0217
    """
    if option not in NHP_NON_DEMOGRAPHIC_GROWTH:
        raise InputValueError("option", option, '"option 1" or "option 2"')
    ranges = NHP_NON_DEMOGRAPHIC_GROWTH[option]
    if activity not in ranges:
        raise InputValueError("activity", activity, "one of " + ", ".join(ranges))
    low, high = ranges[activity]
    return round((low + high) / 2 - 1, 4)


def bed_day_growth_rate(admission_rate: float, length_of_stay_rate: float = 0.0) -> float:
    r"""Return the yearly growth in bed days from growth in admissions and in length of stay.

    Bed days are admissions times the mean length of stay, so their growth factors multiply:

    .. math::

       1 + g_{\text{bed days}} = (1 + g_{\text{admissions}})(1 + g_{\text{length of stay}})

    Project the two separately: in England emergency admissions grew by about 3.2% a year
    from 2006/07 to 2017/18 while emergency bed days grew by only about 0.3% a year, because
    stays shortened (Steventon and colleagues, The Health Foundation, 2018).

    Parameters
    ----------
    admission_rate
        Non-demographic growth in admissions a year, as a fraction (-0.0014 for -0.14%).
    length_of_stay_rate
        Change in mean length of stay a year, as a fraction (0 holds it at today's level).

    Returns
    -------
    float
        The yearly growth in bed days, as a fraction.

    Raises
    ------
    InputValueError
        If either rate is not a fraction between -0.5 and 0.5.

    Examples
    --------
    >>> round(bed_day_growth_rate(0.032, -0.0282), 4)
    0.0029
    """
    check_growth_rate(admission_rate, "admission_rate")
    check_growth_rate(length_of_stay_rate, "length_of_stay_rate")
    return (1 + admission_rate) * (1 + length_of_stay_rate) - 1


def apply_growth(
    table: pd.DataFrame,
    rate: float,
    base_year: int,
    column: str = "Activity",
    result: str | None = None,
    year: str = "Year",
) -> pd.DataFrame:
    """Add non-demographic growth to a demographic projection, year by year.

    Parameters
    ----------
    table
        One row per year (and perhaps per variant), with ``column``.
    rate
        Non-demographic growth a year as a fraction, such as -0.0014.
    base_year
        The year the rates were measured in; growth counts from here.
    column
        The demographic projection to grow.
    result
        Name of the new column; by default ``column`` is replaced.
    year
        The column holding the year.

    Returns
    -------
    pandas.DataFrame
        A copy of ``table`` with ``result`` = ``column`` x ``(1 + rate) ** (year - base_year)``.

    Raises
    ------
    InputValueError
        If a column is missing, ``rate`` is out of range or a year is before ``base_year``.

    Examples
    --------
    >>> table = pd.DataFrame({"Year": [2024, 2026], "Activity": [100.0, 100.0]})
    >>> apply_growth(table, 0.10, 2024)["Activity"].round(2).tolist()
    [100.0, 121.0]
    """
    check_growth_rate(rate)
    missing = sorted({column, year} - set(table.columns))
    if missing:
        raise InputValueError("table", f"a table without {', '.join(missing)}", "a yearly table")
    if (table[year] < base_year).any():
        raise InputValueError("base_year", base_year, "a year no later than the table's first")
    grown = table.copy()
    grown[result or column] = table[column] * (1 + rate) ** (table[year] - base_year)
    return grown


def decompose_growth(
    base: float,
    demographic: float,
    projected: float,
    order: str = "interaction",
    base_label: str = "Base year",
    target_label: str = "Target year",
) -> pd.DataFrame:
    r"""Split the change from a base year to a target year into its causes.

    With :math:`A_0` the base, :math:`D = A_0 \times d` the target year at today's rates
    (demographic only) and :math:`A_t = D \times n` the projection with non-demographic
    growth too:

    * ``order="interaction"`` (the default) gives each cause its own effect, as if it
      acted alone, and shows what they add by acting together:
      demographic :math:`A_0 (d - 1)`, non-demographic :math:`A_0 (n - 1)`,
      interaction :math:`A_0 (d - 1)(n - 1)`.
    * ``order="demographic first"`` applies demography first and gives the
      interaction to the non-demographic part: demographic :math:`D - A_0`,
      non-demographic :math:`A_t - D`.

    Either way the parts add up exactly to :math:`A_t - A_0`.

    Parameters
    ----------
    base
        Activity in the base year, such as bed days in 2024/25.
    demographic
        Activity in the target year at base-year rates (the demographic projection).
    projected
        Activity in the target year with non-demographic growth as well.
    order
        ``"interaction"`` or ``"demographic first"``.
    base_label, target_label
        Names of the first and last rows, such as ``"2024/25"`` and ``"2040"``.

    Returns
    -------
    pandas.DataFrame
        ``Component``, ``Value`` and ``Kind``: the base (``"level"``), each cause
        (``"change"``) and the target year (``"level"``), in the order of a waterfall chart.

    Raises
    ------
    InputValueError
        If a value is not a finite number, ``base`` or ``demographic`` is not above zero,
        or ``order`` is unknown.

    Examples
    --------
    >>> decompose_growth(1000, 1200, 1320)["Value"].round(6).tolist()
    [1000.0, 200.0, 100.0, 20.0, 1320.0]
    """
    for name, value in (("base", base), ("demographic", demographic), ("projected", projected)):
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise InputValueError(name, value, "a number, such as bed days in a year")
        if not math.isfinite(value) or value < 0:
            raise InputValueError(name, value, "zero or more, and finite")
    if base <= 0 or demographic <= 0:
        raise InputValueError(
            "base" if base <= 0 else "demographic",
            base if base <= 0 else demographic,
            "above 0, so growth can be measured from it",
        )
    base, demographic, projected = float(base), float(demographic), float(projected)
    total = projected - base
    if order == "interaction":
        demographic_part = demographic - base
        non_demographic_part = base * (projected / demographic - 1)
        parts = [
            (DEMOGRAPHIC, demographic_part),
            (NON_DEMOGRAPHIC, non_demographic_part),
            (INTERACTION, total - demographic_part - non_demographic_part),
        ]
    elif order == "demographic first":
        parts = [(DEMOGRAPHIC, demographic - base), (NON_DEMOGRAPHIC, projected - demographic)]
    else:
        raise InputValueError("order", order, f"one of {list(ORDERS)}")
    rows = [(base_label, float(base), "level")]
    rows += [(name, float(value), "change") for name, value in parts]
    rows.append((target_label, float(projected), "level"))
    return pd.DataFrame(rows, columns=["Component", "Value", "Kind"])
