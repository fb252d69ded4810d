r"""Workforce demand and supply: the whole-time equivalents a service needs and will have.

The frame is the **Six Steps Methodology to Integrated Workforce Planning** of Skills for
Health (:data:`SIX_STEPS`), whose use in NHS Scotland the revised workforce planning
guidance, CEL 32 (2011), noted. The functions here are the arithmetic of step 3 (defining the
required workforce), step 4 (understanding workforce availability) and the gap between them
that step 5 plans to close.

**Demand** (:func:`wte_needed`, :func:`workforce_demand`). A whole-time equivalent (WTE)
delivers ``productivity`` units of activity in a year *while at work*. Staff are paid for
time they are not at work (annual leave, public holidays, sickness, study and parental
leave), so the establishment must be larger than ``activity / productivity``. Two
conventions are in use, and they differ:

- a **time-out share** :math:`s`, the share of paid time not available (the WHO Workload
  Indicators of Staffing Need subtract it from working time; NES measures sickness absence
  the same way, as hours lost over contracted hours):

  .. math:: \text{WTE} = \frac{\text{activity}}{\text{productivity} \times (1 - s)}

- a multiplicative **uplift** (or "headroom") :math:`u` added on top, as in Hurst's
  professional judgement method (a 22% time-out allowance):

  .. math:: \text{WTE} = \frac{\text{activity}}{\text{productivity}} \times (1 + u)

A share :math:`s` is the same as an uplift of :math:`1 / (1 - s) - 1` (22% of time out is
an uplift of 28.2%), so an uplift of 22% covers only 18.0% of time out. The default here is
the time-out share, because absence rates (such as ``SicknessAbsenceRate`` in the course's
``staff_groups`` table) are shares of contracted time; pass ``method="uplift"`` to apply a
headroom percentage as a multiplier (:func:`uplift_from_share` converts).

**Supply** (:func:`project_supply`, :func:`supply_by_group`) is a stock-and-flow projection,
one period (a year) at a time, from the staff in post, optionally by age band:

.. math::

   \text{End}_t = \text{Start}_t - \text{Leavers}_t - \text{Retirements}_t
                  + \text{Recruits}_t + \text{Qualifiers}_t

with leavers = turnover rate x staff in post at the start of the year, retirements = a
share of the oldest age band, recruits as given, and qualifiers from a training pipeline:
trainees who start in year :math:`t` join at the end of year :math:`t + L - 1` for a lead
time of :math:`L` years. With age bands, a share of each band moves to the next band each
year (one over the band's width in years). :func:`workforce_gap` sets the supply against
the WTE needed, year by year.
"""

from __future__ import annotations

import itertools
import math
import numbers
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from planlab.errors import InputValueError
from planlab.projection import band_start

__all__ = [
    "BAND_COLUMNS",
    "SIX_STEPS",
    "SUPPLY_COLUMNS",
    "establishment",
    "project_supply",
    "share_from_uplift",
    "supply_by_group",
    "time_out_share",
    "uplift_from_share",
    "workforce_demand",
    "workforce_gap",
    "wte_needed",
]

#: The six steps of Skills for Health's Six Steps Methodology to Integrated Workforce
#: Planning, in its own words (skillsforhealth.org.uk; NHS Greater Glasgow and Clyde's
#: workforce planning pages quote the same list and CEL 32 (2011)).
SIX_STEPS: tuple[str, ...] = (
    "Defining the plan",
    "Mapping service change",
    "Defining the required workforce",
    "Understanding workforce availability",
    "Planning to deliver the required workforce",
    "Implement, monitoring and refresh",
)

#: Columns of the table :func:`project_supply` returns, in order.
SUPPLY_COLUMNS: tuple[str, ...] = (
    "Year",
    "StartWTE",
    "Leavers",
    "Retirements",
    "Recruits",
    "Qualifiers",
    "EndWTE",
)

#: Extra columns of :func:`project_supply` with ``by_band=True``: staff who moved out of the
#: band into the next one, and in from the one before, during the year.
BAND_COLUMNS: tuple[str, ...] = ("AgedOut", "AgedIn")

Method = Literal["share", "uplift"]
ArrayLike = float | Sequence[float] | np.ndarray | pd.Series


# --- checks -------------------------------------------------------------------------------


def _as_array(value: ArrayLike, name: str) -> np.ndarray:
    if isinstance(value, bool):
        raise InputValueError(name, value, "a number or a list of numbers")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise InputValueError(name, value, "a number or a list of numbers") from None
    bad = np.flatnonzero(~np.isfinite(array.ravel()))
    if bad.size:
        where = name if array.ndim == 0 else f"{name}[{bad[0]}]"
        raise InputValueError(where, array.ravel()[bad[0]].item(), "a finite number")
    return array


def _first_bad(array: np.ndarray, bad: np.ndarray, name: str) -> tuple[str, float]:
    index = int(np.flatnonzero(bad.ravel())[0])
    where = name if array.ndim == 0 else f"{name}[{index}]"
    return where, array.ravel()[index].item()


def _percent_hint(value: float) -> str:
    return f" (write {value:g}% as {value / 100:g})" if 1 <= value <= 100 else ""


def _check_fraction(
    value: ArrayLike, name: str, *, upper: float = 1.0, closed: bool = False, example: str
) -> np.ndarray:
    """Check that ``value`` is in [0, upper) (or [0, upper] when ``closed``)."""
    array = _as_array(value, name)
    bad = (array < 0) | ((array > upper) if closed else (array >= upper))
    if bad.any():
        where, first = _first_bad(array, bad, name)
        top = f"no more than {upper:g}" if closed else f"below {upper:g}"
        raise InputValueError(
            where, first, f"a fraction from 0 and {top}, such as {example}{_percent_hint(first)}"
        )
    return array


def _check_whole(value: object, name: str, *, low: int, expected: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
        raise InputValueError(name, value, expected)
    return int(value)


def _result(array: np.ndarray) -> float | np.ndarray:
    return float(array) if array.ndim == 0 else array


# --- demand -------------------------------------------------------------------------------


def uplift_from_share(share: ArrayLike) -> float | np.ndarray:
    """Convert a time-out share into the multiplicative uplift that covers it.

    Parameters
    ----------
    share
        Share of paid time not available for work, a fraction in [0, 1).

    Returns
    -------
    float or numpy.ndarray
        The uplift :math:`1 / (1 - s) - 1`.

    Raises
    ------
    InputValueError
        If ``share`` is not a fraction in [0, 1).

    Examples
    --------
    >>> round(uplift_from_share(0.225), 4)
    0.2903
    """
    array = _check_fraction(share, "share", example="0.225 for 22.5% of time out")
    return _result(1 / (1 - array) - 1)


def share_from_uplift(uplift: ArrayLike) -> float | np.ndarray:
    """Convert a multiplicative uplift (headroom) into the time-out share it covers.

    Parameters
    ----------
    uplift
        Uplift added on top of the WTE needed at work, a fraction (0.22 for 22%).

    Returns
    -------
    float or numpy.ndarray
        The share :math:`1 - 1 / (1 + u)`.

    Raises
    ------
    InputValueError
        If ``uplift`` is negative or 1 or more.

    Examples
    --------
    >>> round(share_from_uplift(0.22), 4)
    0.1803
    """
    array = _check_fraction(uplift, "uplift", example="0.22 for a 22% headroom")
    return _result(1 - 1 / (1 + array))


def time_out_share(**components: float) -> float:
    """Add up the parts of the time-out share (leave, sickness, study, ...).

    Parameters
    ----------
    **components
        Each a share of contracted time, as a fraction, named as you like:
        ``annual_leave=0.15, sickness=0.04, study=0.02``.

    Returns
    -------
    float
        Their sum, the share of paid time not available for work.

    Raises
    ------
    InputValueError
        If there are no parts, a part is not a fraction in [0, 1), or they add up to 1 or more.

    Examples
    --------
    The predictable absence allowance of NHS Scotland's nursing workload tools:

    >>> round(time_out_share(annual_leave=0.15, sickness=0.04, study=0.02,
    ...                      maternity=0.01, other=0.005), 3)
    0.225
    """
    if not components:
        raise InputValueError("components", {}, "one or more shares, such as sickness=0.04")
    for name, value in components.items():
        _check_fraction(value, name, example="0.04 for 4% of time")
    total = math.fsum(float(value) for value in components.values())
    if total >= 1:
        raise InputValueError(
            "components", components, "shares that add up to less than 1 (all of the time)"
        )
    return total


def wte_needed(
    activity: ArrayLike,
    productivity: ArrayLike,
    time_out: ArrayLike = 0.0,
    method: Method = "share",
) -> float | np.ndarray:
    """Return the whole-time equivalents needed to deliver a volume of activity.

    Parameters
    ----------
    activity
        Activity to deliver in the period (contacts, hours of care, consultations...).
    productivity
        Activity one WTE delivers in the same period *while at work* (no time out), in the
        same units; above 0.
    time_out
        With ``method="share"``, the share of paid time not available (leave, sickness,
        study), a fraction in [0, 1). With ``method="uplift"``, the headroom added on top,
        a fraction in [0, 1).
    method
        ``"share"`` divides by :math:`1 - s` (WHO WISN's available working time);
        ``"uplift"`` multiplies by :math:`1 + u` (Hurst's time-out allowance).

    Returns
    -------
    float or numpy.ndarray
        WTE needed, unrounded; arrays broadcast as numpy does.

    Raises
    ------
    InputValueError
        If ``activity`` is negative, ``productivity`` is not above 0, ``time_out`` is not a
        fraction in [0, 1), or ``method`` is unknown.

    Examples
    --------
    455 hours a week of ward nursing, 37.5 hours a WTE, 22% time-out uplift (Hurst):

    >>> round(wte_needed(455, 37.5, 0.22, method="uplift"), 1)
    14.8
    """
    if method not in ("share", "uplift"):
        raise InputValueError("method", method, '"share" or "uplift"')
    need = _as_array(activity, "activity")
    if (need < 0).any():
        where, first = _first_bad(need, need < 0, "activity")
        raise InputValueError(where, first, "zero or more (activity in the period)")
    rate = _as_array(productivity, "productivity")
    if (rate <= 0).any():
        where, first = _first_bad(rate, rate <= 0, "productivity")
        raise InputValueError(
            where,
            first,
            "greater than 0: the activity one WTE delivers in the period while at work, "
            "such as 1,800 contacts a year",
        )
    example = "0.225 for 22.5% of time out" if method == "share" else "0.22 for a 22% headroom"
    allowance = _check_fraction(time_out, "time_out", example=example)
    at_work = need / rate
    wte = at_work / (1 - allowance) if method == "share" else at_work * (1 + allowance)
    return _result(wte)


def workforce_demand(
    table: pd.DataFrame,
    activity: str = "Activity",
    productivity: str = "Productivity",
    time_out: str | float = "TimeOut",
    method: Method = "share",
) -> pd.DataFrame:
    """Add the WTE needed to each row of a table of activity (for example by staff group).

    Parameters
    ----------
    table
        One row per staff group (and year, or service), with the columns named below.
    activity, productivity
        Columns holding the activity and the activity per WTE at work (see
        :func:`wte_needed`).
    time_out
        A column holding each row's time-out share (or uplift), or one number for all rows.
    method
        ``"share"`` or ``"uplift"``, as for :func:`wte_needed`.

    Returns
    -------
    pandas.DataFrame
        A copy of ``table`` with ``WTEAtWork`` (activity / productivity) and ``WTENeeded``.

    Raises
    ------
    InputValueError
        If a column is missing or a value is out of range; the message names the row.

    Examples
    --------
    >>> table = pd.DataFrame({"StaffGroup": ["AHP"], "Activity": [9000.0],
    ...                       "Productivity": [1000.0], "TimeOut": [0.1]})
    >>> workforce_demand(table)["WTENeeded"].round(2).tolist()
    [10.0]
    """
    columns = [activity, productivity] + ([time_out] if isinstance(time_out, str) else [])
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise InputValueError(
            "table", f"a table without {', '.join(missing)}", "a table with those columns"
        )
    allowance = table[time_out].to_numpy() if isinstance(time_out, str) else time_out
    result = table.copy()
    result["WTEAtWork"] = wte_needed(table[activity].to_numpy(), table[productivity].to_numpy())
    result["WTENeeded"] = wte_needed(
        table[activity].to_numpy(), table[productivity].to_numpy(), allowance, method
    )
    return result


def establishment(in_post: ArrayLike, vacancy_rate: ArrayLike) -> float | np.ndarray:
    """Return the funded establishment implied by staff in post and a vacancy rate.

    A vacancy rate is vacant posts over establishment (as NES publishes it), so
    establishment = in post / (1 - vacancy rate).

    Parameters
    ----------
    in_post
        WTE in post, zero or more.
    vacancy_rate
        Vacant WTE as a share of establishment, a fraction in [0, 1).

    Returns
    -------
    float or numpy.ndarray
        Establishment, WTE.

    Raises
    ------
    InputValueError
        If ``in_post`` is negative or ``vacancy_rate`` is not a fraction in [0, 1).

    Examples
    --------
    >>> round(establishment(95.2, 0.048), 1)
    100.0
    """
    staff = _as_array(in_post, "in_post")
    if (staff < 0).any():
        where, first = _first_bad(staff, staff < 0, "in_post")
        raise InputValueError(where, first, "zero or more WTE (staff cannot be negative)")
    rate = _check_fraction(vacancy_rate, "vacancy_rate", example="0.048 for 4.8%")
    return _result(staff / (1 - rate))


# --- supply: inputs -----------------------------------------------------------------------


def _start_stock(
    start_wte: float | Mapping[str, float] | pd.Series,
) -> tuple[list[str], np.ndarray]:
    """Return band labels (youngest first) and WTE; one unnamed band for a plain number."""
    if isinstance(start_wte, Mapping | pd.Series):
        items = list(start_wte.items())
        if not items:
            raise InputValueError("start_wte", {}, "WTE in post, or WTE by age band")
        labels = [str(label) for label, _ in items]
        if len(set(labels)) != len(labels):
            raise InputValueError("start_wte", labels, "each age band once")
        starts = [band_start(label) for label in labels]
        order = np.argsort(starts, kind="stable")
        labels = [labels[i] for i in order]
        values = [items[i][1] for i in order]
        names = [f"start_wte[{label!r}]" for label in labels]
    else:
        labels, values, names = ["All ages"], [start_wte], ["start_wte"]
    stock = np.empty(len(values))
    for place, (name, value) in enumerate(zip(names, values, strict=True)):
        number = _as_array(value, name)
        if number.ndim != 0:
            raise InputValueError(name, value, "one number of WTE")
        if number < 0:
            raise InputValueError(
                name, float(number), "zero or more WTE (staff cannot be negative)"
            )
        stock[place] = number
    return labels, stock


def _band_rates(
    value: float | Mapping[str, float], name: str, labels: list[str], example: str
) -> np.ndarray:
    """One rate for every band, or a rate per band (every band named once)."""
    if isinstance(value, Mapping | pd.Series):
        given = {str(key): rate for key, rate in value.items()}
        unknown = sorted(set(given) - set(labels))
        absent = [label for label in labels if label not in given]
        if unknown or absent:
            raise InputValueError(name, dict(given), f"a rate for each of the bands {labels}")
        return np.array(
            [
                _check_fraction(given[label], f"{name}[{label!r}]", example=example)
                for label in labels
            ]
        )
    return np.full(len(labels), _check_fraction(value, name, example=example))


def _band_width(label: str, next_label: str) -> int:
    """Years a band spans: from its label ("50-54" is 5), else up to the next band's start."""
    found = re.fullmatch(r"(\d+)-(\d+)", label)
    if found:
        return int(found.group(2)) - int(found.group(1)) + 1
    return band_start(next_label) - band_start(label)


def _ageing_shares(labels: list[str], step: int, ageing: bool) -> np.ndarray:
    """Share of each band that moves up a band in one period: step / band width, at most 1."""
    shares = np.zeros(len(labels))
    if ageing and len(labels) > 1:
        widths = np.array([_band_width(a, b) for a, b in itertools.pairwise(labels)], dtype=float)
        if (widths <= 0).any():
            raise InputValueError("start_wte", labels, "age bands that do not overlap")
        shares[:-1] = np.minimum(1.0, step / widths)
    return shares


def _per_year(value: ArrayLike, name: str, years: int) -> np.ndarray:
    array = _as_array(value, name)
    if array.ndim == 0:
        array = np.full(years, float(array))
    elif array.shape != (years,):
        raise InputValueError(
            name, array.tolist(), f"one number, or one number for each of {years} years"
        )
    if (array < 0).any():
        where, first = _first_bad(array, array < 0, name)
        raise InputValueError(where, first, "zero or more WTE a year")
    return array


def _qualifiers(
    intake: ArrayLike,
    years: int,
    lead_time: int,
    completion_rate: float,
    in_training: ArrayLike,
) -> np.ndarray:
    """Qualifiers joining at the end of each year from the pipeline (shifted intake)."""
    lead = _check_whole(
        lead_time, "lead_time", low=1, expected="a whole number of years, 1 or more"
    )
    if lead > years:
        raise InputValueError(
            "lead_time",
            lead,
            f"no longer than the projection's {years} years: trainees starting in the first "
            "year would not qualify before it ends. Project more years, or count trainees "
            "already in training with in_training",
        )
    completion = float(
        _check_fraction(completion_rate, "completion_rate", closed=True, example="0.85")
    )
    starts = _per_year(intake, "trainee_intake", years)
    joined = np.zeros(years)
    joined[lead - 1 :] = completion * starts[: years - lead + 1]
    already = _as_array(in_training, "in_training").ravel()
    if already.size > years:
        raise InputValueError(
            "in_training", already.tolist(), f"qualifiers for at most the {years} years projected"
        )
    if (already < 0).any():
        where, first = _first_bad(already, already < 0, "in_training")
        raise InputValueError(where, first, "zero or more WTE qualifying in a year")
    joined[: already.size] += already
    return joined


# --- supply: the engine -------------------------------------------------------------------


def _run_stock_flow(
    stock: np.ndarray,
    leave: np.ndarray,
    retire: np.ndarray,
    ageing: np.ndarray,
    inflow: np.ndarray,
    entry: int,
) -> dict[str, np.ndarray]:
    """Project groups x bands over the years; one numpy step a year for every group at once.

    ``stock``, ``leave`` and ``retire`` are (groups, bands); ``ageing`` is (bands,);
    ``inflow`` is (groups, years), joining band ``entry``. Returns arrays of shape
    (years, groups, bands).
    """
    years = inflow.shape[1]
    shape = (years, *stock.shape)
    flows = {name: np.zeros(shape) for name in ("start", "leavers", "retirements", "out", "in")}
    for year in range(years):
        flows["start"][year] = stock
        leavers = leave * stock
        retirements = retire * stock
        staying = stock - leavers - retirements
        moving = ageing * staying
        arriving = np.zeros_like(moving)
        arriving[:, 1:] = moving[:, :-1]
        stock = staying - moving + arriving
        stock[:, entry] += inflow[:, year]
        flows["leavers"][year] = leavers
        flows["retirements"][year] = retirements
        flows["out"][year] = moving
        flows["in"][year] = arriving
    return flows


def _supply_table(
    flows: dict[str, np.ndarray],
    recruits: np.ndarray,
    qualifiers: np.ndarray,
    entry: int,
    years_index: np.ndarray,
    labels: list[str] | None,
    groups: list[str] | None,
) -> pd.DataFrame:
    """Build one tidy table for every group: totals over bands, or a row per year and band.

    Arrays in ``flows`` are (years, groups, bands); ``recruits`` and ``qualifiers`` are
    (groups, years). Rows go group by group, then year by year (then band by band).
    """
    joining = np.zeros(flows["start"].shape[2])
    joining[entry] = 1.0
    parts = {
        "StartWTE": flows["start"],
        "Leavers": flows["leavers"],
        "Retirements": flows["retirements"],
        "Recruits": recruits.T[:, :, None] * joining,
        "Qualifiers": qualifiers.T[:, :, None] * joining,
        "AgedOut": flows["out"],
        "AgedIn": flows["in"],
    }
    parts["EndWTE"] = (
        parts["StartWTE"]
        - parts["Leavers"]
        - parts["Retirements"]
        - parts["AgedOut"]
        + parts["AgedIn"]
        + parts["Recruits"]
        + parts["Qualifiers"]
    )
    years, count, bands = flows["start"].shape
    if labels is None:
        names, reshape, per_row = SUPPLY_COLUMNS[1:], lambda a: a.sum(axis=2).T.ravel(), 1
    else:
        names = (*SUPPLY_COLUMNS[1:], *BAND_COLUMNS)
        reshape, per_row = (lambda a: a.transpose(1, 0, 2).ravel()), bands
    keys: dict[str, object] = {}
    if groups is not None:
        keys["StaffGroup"] = np.repeat(groups, years * per_row)
    keys["Year"] = np.tile(np.repeat(years_index, per_row), count)
    if labels is not None:
        keys["AgeBand"] = np.tile(labels, years * count)
    return pd.DataFrame(keys | {name: reshape(parts[name]) for name in names})


@dataclass(frozen=True)
class _Prepared:
    """Checked inputs as the engine takes them: one group's, or several stacked by group."""

    labels: list[str]
    stock: np.ndarray
    leave: np.ndarray
    retire: np.ndarray
    ageing: np.ndarray
    recruits: np.ndarray
    qualifiers: np.ndarray
    entry: int


def _retirement_rates(value: float | Mapping[str, float], labels: list[str]) -> np.ndarray:
    """Read retirement rates: a number for the oldest band, or a mapping by band (others 0)."""
    rates = np.zeros(len(labels))
    if isinstance(value, Mapping | pd.Series):
        given = {str(key): rate for key, rate in value.items()}
        unknown = sorted(set(given) - set(labels))
        if unknown:
            raise InputValueError("retirement_rate", unknown[0], f"one of the bands {labels}")
        for place, label in enumerate(labels):
            if label in given:
                name = f"retirement_rate[{label!r}]"
                rates[place] = _check_fraction(given[label], name, closed=True, example="0.1")
    else:
        rates[-1] = _check_fraction(value, "retirement_rate", closed=True, example="0.2")
    return rates


def _prepare(
    start_wte: float | Mapping[str, float] | pd.Series,
    years: int,
    turnover_rate: float | Mapping[str, float],
    retirement_rate: float | Mapping[str, float],
    recruits: ArrayLike,
    qualifiers: np.ndarray,
    ageing: bool,
    entry_band: str | None,
    step: int,
) -> _Prepared:
    labels, stock = _start_stock(start_wte)
    leave = _band_rates(turnover_rate, "turnover_rate", labels, "0.06 for 6% a year")
    retire = _retirement_rates(retirement_rate, labels)
    over = leave + retire > 1
    if over.any():
        band = int(np.flatnonzero(over)[0])
        name = "retirement_rate" if labels == ["All ages"] else f"retirement_rate[{labels[band]!r}]"
        raise InputValueError(
            name,
            float(retire[band]),
            f"no more than {1 - leave[band]:g}, so that turnover and retirement together take "
            "out no more than all of the band",
        )
    if entry_band is not None and entry_band not in labels:
        raise InputValueError("entry_band", entry_band, f"one of the bands {labels}")
    return _Prepared(
        labels=labels,
        stock=stock,
        leave=leave,
        retire=retire,
        ageing=_ageing_shares(labels, step, ageing),
        recruits=_per_year(recruits, "recruits", years),
        qualifiers=qualifiers,
        entry=0 if entry_band is None else labels.index(entry_band),
    )


def _run_batch(
    prepared: _Prepared,
    years_index: np.ndarray,
    by_band: bool,
    groups: list[str] | None = None,
) -> pd.DataFrame:
    """Run groups that share age bands in one projection (arrays stacked by group)."""
    flows = _run_stock_flow(
        prepared.stock,
        prepared.leave,
        prepared.retire,
        prepared.ageing,
        prepared.recruits + prepared.qualifiers,
        prepared.entry,
    )
    labels = prepared.labels if by_band else None
    return _supply_table(
        flows, prepared.recruits, prepared.qualifiers, prepared.entry, years_index, labels, groups
    )


def project_supply(
    start_wte: float | Mapping[str, float] | pd.Series,
    years: int,
    turnover_rate: float | Mapping[str, float] = 0.0,
    *,
    retirement_rate: float | Mapping[str, float] = 0.0,
    recruits: ArrayLike = 0.0,
    trainee_intake: ArrayLike = 0.0,
    lead_time: int = 1,
    completion_rate: float = 1.0,
    in_training: ArrayLike = (),
    ageing: bool = True,
    entry_band: str | None = None,
    start_year: int = 2025,
    step: int = 1,
    by_band: bool = False,
) -> pd.DataFrame:
    """Project staff in post year by year with a stock-and-flow model.

    Each year, in this order: leavers = ``turnover_rate`` x staff in post at the start of the
    year (in each age band); retirements = ``retirement_rate`` x the oldest band (or each
    band) at the start of the year; a share of each band's remaining staff moves up a band
    (the period's length over the band's width in years); then recruits and qualifiers join
    ``entry_band``.
    So every year ``EndWTE = StartWTE - Leavers - Retirements + Recruits + Qualifiers``.

    Parameters
    ----------
    start_wte
        WTE in post at the start: one number, or WTE by age band (``{"16-29": 298.8, ...,
        "60plus": 148.2}``, bands in any order, written as the course's tables write them).
    years
        How many years (periods) to project, 1 or more.
    turnover_rate
        Leavers other than retirements in a year, as a share of staff in post: one fraction
        in [0, 1), or one per age band. If your turnover figure counts retirements too, leave
        ``retirement_rate`` at 0 or take the retirements out of the turnover.
    retirement_rate
        Share of the oldest age band retiring each year (of all staff when there are no
        bands), a fraction in [0, 1]; or a mapping of age band to its share retiring (bands
        not named retire at 0). With the band's turnover it may not exceed 1.
    recruits
        WTE recruited each year: one number, or one per year.
    trainee_intake
        WTE starting training each year: one number, or one per year.
    lead_time
        Years of training: a trainee who starts in year t joins the staff in post at the end
        of year t + lead_time - 1, so a three-year degree started in 2025/26 adds staff at
        the end of 2027/28. At least 1 and no longer than ``years``.
    completion_rate
        Share of trainees who qualify and take up posts, in [0, 1].
    in_training
        WTE expected to qualify in years 1, 2, ... from cohorts already in training (at most
        ``years`` numbers).
    ageing
        Whether staff move up the age bands (ignored without bands).
    entry_band
        The band recruits and qualifiers join; the youngest band when not given.
    start_year
        The year of the staff in post (2025 for 31 March 2025); rows are labelled with the
        year each period ends, ``start_year + step``, ``start_year + 2 * step``, ...
    step
        Years in one period (1 for a yearly projection). Rates, recruits and intake are per
        period; ageing moves ``step / width`` of a band each period.
    by_band
        Return one row per year and age band, with ``AgeBand``, ``AgedOut`` and ``AgedIn``.

    Returns
    -------
    pandas.DataFrame
        One row per year with the columns of :data:`SUPPLY_COLUMNS` (WTE).

    Raises
    ------
    InputValueError
        If staff in post are negative, a rate is outside its range (turnover of 1 or more,
        or below 0), the lead time is longer than the projection, or a yearly list has the
        wrong length.

    Examples
    --------
    100 WTE, 10% turnover, 8 recruits a year:

    >>> project_supply(100, 2, 0.10, recruits=8)["EndWTE"].round(2).tolist()
    [98.0, 96.2]
    """
    years = _check_whole(years, "years", low=1, expected="a whole number of years, 1 or more")
    step = _check_whole(step, "step", low=1, expected="a whole number of years, 1 or more")
    qualifiers = _qualifiers(trainee_intake, years, lead_time, completion_rate, in_training)
    prepared = _prepare(
        start_wte,
        years,
        turnover_rate,
        retirement_rate,
        recruits,
        qualifiers,
        ageing,
        entry_band,
        step,
    )
    years_index = start_year + step * np.arange(1, years + 1)
    stacked = _Prepared(
        labels=prepared.labels,
        stock=prepared.stock[None, :],
        leave=prepared.leave[None, :],
        retire=prepared.retire[None, :],
        ageing=prepared.ageing,
        recruits=prepared.recruits[None, :],
        qualifiers=prepared.qualifiers[None, :],
        entry=prepared.entry,
    )
    return _run_batch(stacked, years_index, by_band)


def _group_value(value: object, group: str, name: str) -> object:
    if isinstance(value, Mapping):
        if group not in value:
            raise InputValueError(name, dict(value), f"a value for every staff group ({group!r})")
        return value[group]
    return value


def _sum_by_group_and_band(
    table: pd.DataFrame, value: str, groups: list[str] | None = None
) -> tuple[list[str], list[str], np.ndarray]:
    """Add up ``value`` by staff group and age band: groups, bands (youngest first), sums."""
    group_codes, group_found = pd.factorize(table["StaffGroup"])
    band_codes, band_found = pd.factorize(table["AgeBand"])
    found = [str(group) for group in group_found]
    bands = [str(band) for band in band_found]
    sums = np.zeros((len(found), len(bands)))
    np.add.at(sums, (group_codes, band_codes), table[value].to_numpy(dtype=float))
    band_order = sorted(range(len(bands)), key=lambda place: band_start(bands[place]))
    return found, [bands[place] for place in band_order], sums[:, band_order]


def _stock_and_turnover(
    workforce: pd.DataFrame, staff_groups: pd.DataFrame
) -> tuple[pd.DataFrame, pd.Series]:
    """Sum the workforce's WTE by group and band; line up each group's turnover."""
    missing = [column for column in ("StaffGroup", "AgeBand", "WTE") if column not in workforce]
    if missing:
        raise InputValueError("workforce", f"a table without {', '.join(missing)}", "staff in post")
    if not {"StaffGroup", "TurnoverRate"} <= set(staff_groups.columns):
        raise InputValueError(
            "staff_groups", "a table without StaffGroup or TurnoverRate", "rates by staff group"
        )
    wte = workforce["WTE"].to_numpy(dtype=float)
    bad = ~np.isfinite(wte) | (wte < 0)
    if bad.any():
        row = workforce.iloc[int(np.flatnonzero(bad)[0])]
        raise InputValueError(
            f"WTE for {str(row['StaffGroup'])!r} aged {row['AgeBand']}",
            float(row["WTE"]),
            "zero or more WTE (staff cannot be negative)",
        )
    found, bands, sums = _sum_by_group_and_band(workforce, "WTE")
    turnover = pd.Series(
        staff_groups["TurnoverRate"].to_numpy(dtype=float),
        index=[str(group) for group in staff_groups["StaffGroup"]],
    )
    absent = sorted(set(found) - set(turnover.index))
    if absent:
        raise InputValueError("staff_groups", f"a table without {absent}", "every staff group")
    turnover = turnover[turnover.index.isin(found)]
    stock = pd.DataFrame(sums, index=found, columns=bands).loc[turnover.index]
    return stock, turnover


def _retirement_by_band(
    retirement: float | Mapping[str, float] | pd.DataFrame | None, stock: pd.DataFrame
) -> pd.DataFrame:
    """Retirement rates as a groups x bands table (a number or mapping: the oldest band)."""
    rates = np.zeros(stock.shape)
    if isinstance(retirement, pd.DataFrame):
        needed = {"StaffGroup", "AgeBand", "RetirementRate"}
        if not needed <= set(retirement.columns):
            raise InputValueError(
                "retirement", "a table without " + ", ".join(sorted(needed)), "rates by band"
            )
        found, bands, given = _sum_by_group_and_band(retirement, "RetirementRate")
        unknown = sorted(set(bands) - set(stock.columns))
        if unknown:
            raise InputValueError("retirement", unknown[0], f"one of the bands {list(stock)}")
        rows = [stock.index.get_loc(group) for group in found if group in stock.index]
        kept = [place for place, group in enumerate(found) if group in stock.index]
        columns = [stock.columns.get_loc(band) for band in bands]
        rates[np.ix_(rows, columns)] = given[kept]
    elif retirement is not None:
        rates[:, -1] = [_group_value(retirement, group, "retirement") for group in stock.index]
    return pd.DataFrame(rates, index=stock.index, columns=stock.columns)


def _pipeline_qualifiers(
    pipeline: pd.DataFrame | None, groups: Sequence[str], years: int, running: bool
) -> dict[str, np.ndarray]:
    """Qualifiers a year for each group, added up over its training routes."""
    joined = {group: np.zeros(years) for group in groups}
    if pipeline is None:
        return joined
    needed = ["StaffGroup", "EntrantsPerYear", "LeadTimeYears", "CompletionRate"]
    missing = [column for column in needed if column not in pipeline.columns]
    if missing:
        raise InputValueError(
            "pipeline", f"a table without {', '.join(missing)}", "training routes"
        )
    for route in pipeline.to_dict("records"):  # a handful of routes, not a loop over years
        group = str(route["StaffGroup"])
        if group not in joined:
            raise InputValueError("pipeline", group, f"a route into one of {list(groups)}")
        lead = route["LeadTimeYears"]
        if isinstance(lead, float) and lead.is_integer():
            lead = int(lead)
        where = f" of the route {route['Route']!r}" if "Route" in route else f" ({group})"
        if isinstance(lead, numbers.Integral) and lead > years:
            raise InputValueError(
                f"lead_time{where}",
                int(lead),
                f"no longer than the projection's {years} years: project at least {lead} "
                "years, or leave this route out of the pipeline table",
            )
        completion = float(route["CompletionRate"]) * float(route.get("LocalTakeUpRate", 1.0))
        intake = float(route["EntrantsPerYear"])
        in_training = (
            [completion * intake] * (lead - 1)
            if running and isinstance(lead, numbers.Integral) and 1 <= lead <= years
            else []
        )
        try:
            joined[group] += _qualifiers(intake, years, lead, completion, in_training)
        except InputValueError as error:
            raise InputValueError(f"{error.name}{where}", error.value, error.expected) from None
    return joined


def supply_by_group(
    workforce: pd.DataFrame,
    staff_groups: pd.DataFrame,
    years: int,
    *,
    retirement: float | Mapping[str, float] | pd.DataFrame | None = None,
    pipeline: pd.DataFrame | None = None,
    pipeline_running: bool = True,
    recruits: ArrayLike | Mapping[str, ArrayLike] = 0.0,
    start_year: int = 2025,
) -> pd.DataFrame:
    """Project the supply of every staff group from the course's workforce tables at once.

    Staff in post are the ``WTE`` of ``workforce`` added up by staff group and age band. A
    group's ``TurnoverRate`` counts every leaver, retirements included (as the course's
    ``workforce`` table counts them), so the other leavers' rate in every band is the
    turnover less the share of the group's staff in post who retire in the first year; the
    first year's leavers and retirements together are then the turnover. All groups move
    forward together, one numpy step a year (see :func:`project_supply`).

    Parameters
    ----------
    workforce
        Staff in post with ``StaffGroup``, ``AgeBand`` and ``WTE``, such as
        ``datasets.load("workforce")``.
    staff_groups
        ``StaffGroup`` and ``TurnoverRate``, such as ``datasets.load("staff_groups")``.
    years
        Years to project.
    retirement
        Retirement rates: a table with ``StaffGroup``, ``AgeBand`` and ``RetirementRate``
        (such as ``datasets.load("retirement")``); one share of the oldest band for every
        group, or a mapping of group to that share; or ``None`` for no retirements apart
        from the turnover.
    pipeline
        Training routes: a table with ``StaffGroup``, ``EntrantsPerYear``,
        ``LeadTimeYears``, ``CompletionRate`` and, if it has them, ``LocalTakeUpRate`` and
        ``Route`` (such as ``datasets.load("training_pipeline")``). A route's qualifiers a
        year are entrants x completion x take-up, counted as whole-time posts, joining the
        youngest band at the end of year ``t + lead time - 1``. Every route's lead time must
        be no longer than ``years``.
    pipeline_running
        Whether the routes have been running at the same intake, so that trainees already
        in training qualify in the first ``lead time - 1`` years (True), or start from empty
        (False).
    recruits
        WTE recruited a year: one value for all groups, or a mapping of group to value (a
        number or one a year).
    start_year
        The year of the staff in post.

    Returns
    -------
    pandas.DataFrame
        ``StaffGroup`` and the columns of :data:`SUPPLY_COLUMNS`, one row per group and year,
        groups in the order of ``staff_groups``.

    Raises
    ------
    InputValueError
        If a column is missing, a group has no turnover, a route's lead time is longer than
        the projection, or an input is out of range.
    """
    years = _check_whole(years, "years", low=1, expected="a whole number of years, 1 or more")
    stock, turnover = _stock_and_turnover(workforce, staff_groups)
    retire = _retirement_by_band(retirement, stock)
    retiring_share = (retire * stock).sum(axis=1) / stock.sum(axis=1).where(stock.sum(axis=1) > 0)
    others = (turnover - retiring_share.reindex(turnover.index).fillna(0.0)).clip(lower=0.0)
    qualifiers = _pipeline_qualifiers(pipeline, list(turnover.index), years, pipeline_running)
    groups = list(turnover.index)
    _check_batch(stock, turnover, retire, others)
    if isinstance(recruits, Mapping):
        hired = np.array(
            [_per_year(_group_value(recruits, g, "recruits"), "recruits", years) for g in groups]
        )
    else:
        hired = np.tile(_per_year(recruits, "recruits", years), (len(groups), 1))
    labels = list(stock.columns)
    prepared = _Prepared(
        labels=labels,
        stock=stock.to_numpy(),
        leave=np.repeat(others.to_numpy()[:, None], len(labels), axis=1),
        retire=retire.to_numpy(),
        ageing=_ageing_shares(labels, 1, True),
        recruits=hired,
        qualifiers=np.array([qualifiers[group] for group in groups]),
        entry=0,
    )
    years_index = start_year + np.arange(1, years + 1)
    return _run_batch(prepared, years_index, by_band=False, groups=groups)


def _check_batch(
    stock: pd.DataFrame, turnover: pd.Series, retire: pd.DataFrame, others: pd.Series
) -> None:
    """Check every group's inputs at once; the message names the first group that fails."""

    def first(bad: pd.DataFrame | pd.Series) -> tuple[str, str | None]:
        if isinstance(bad, pd.Series):
            return str(bad[bad].index[0]), None
        row, column = np.argwhere(bad.to_numpy())[0]
        return str(bad.index[row]), str(bad.columns[column])

    bad_turnover = ~turnover.between(0, 1, inclusive="left")
    if bad_turnover.any():
        group, _ = first(bad_turnover)
        raise InputValueError(
            f"TurnoverRate for {group!r}",
            float(turnover[group]),
            "a fraction from 0 and below 1, such as 0.06 for 6% a year",
        )
    bad_retire = (retire < 0) | (retire > 1) | ~np.isfinite(retire)
    over = retire.add(others, axis=0) > 1
    if bad_retire.to_numpy().any() or over.to_numpy().any():
        group, band = first(bad_retire | over)
        raise InputValueError(
            f"retirement[{band!r}] for {group!r}",
            float(retire.loc[group, band]),
            f"no more than {1 - float(others[group]):g}, so that turnover and retirement "
            "together take out no more than all of the band",
        )


# --- the gap ------------------------------------------------------------------------------


def workforce_gap(
    supply: pd.DataFrame,
    need: float | Sequence[float] | Mapping[int, float] | pd.Series | pd.DataFrame,
    supply_column: str = "EndWTE",
) -> pd.DataFrame:
    """Set projected supply against the WTE needed, year by year.

    Parameters
    ----------
    supply
        A table from :func:`project_supply` or :func:`supply_by_group` (with ``Year``).
    need
        WTE needed: one number for every year; one number per row of ``supply``; a mapping
        (or Series) from year to WTE; or a table with ``NeedWTE`` and the key columns it
        shares with ``supply`` (such as ``StaffGroup`` and ``Year``).
    supply_column
        The column of ``supply`` that is the staff in post to compare (end of year).

    Returns
    -------
    pandas.DataFrame
        The key columns of ``supply`` with ``SupplyWTE``, ``NeedWTE``, ``GapWTE`` (need minus
        supply: above 0 is a shortfall) and ``GapPct`` (the gap as a percentage of need).

    Raises
    ------
    InputValueError
        If ``supply`` lacks a column, ``need`` has the wrong length, misses a year, or is
        negative.
    """
    if "Year" not in supply.columns or supply_column not in supply.columns:
        raise InputValueError(
            "supply", f"a table without Year or {supply_column}", "a table from project_supply"
        )
    keys = [column for column in ("StaffGroup", "AgeBand", "Year") if column in supply.columns]
    result = supply[keys].copy()
    result["SupplyWTE"] = supply[supply_column].to_numpy()
    if isinstance(need, pd.DataFrame):
        on = [column for column in keys if column in need.columns]
        if "NeedWTE" not in need.columns or not on:
            raise InputValueError("need", "a table without NeedWTE or key columns", "a need table")
        result = result.merge(need[[*on, "NeedWTE"]], on=on, how="left", validate="many_to_one")
    elif isinstance(need, Mapping | pd.Series):
        result["NeedWTE"] = result["Year"].map(dict(need.items()))
    else:
        values = _as_array(need, "need")
        if values.ndim == 1 and len(values) != len(result):
            raise InputValueError("need", values.tolist(), f"one number, or {len(result)} numbers")
        result["NeedWTE"] = values
    if result["NeedWTE"].isna().any():
        absent = sorted(result.loc[result["NeedWTE"].isna(), "Year"].unique().tolist())
        raise InputValueError("need", "no value for some years", f"a value for the years {absent}")
    if (result["NeedWTE"] < 0).any():
        raise InputValueError("need", float(result["NeedWTE"].min()), "zero or more WTE")
    result["GapWTE"] = result["NeedWTE"] - result["SupplyWTE"]
    result["GapPct"] = 100 * result["GapWTE"] / result["NeedWTE"].where(result["NeedWTE"] > 0)
    return result
