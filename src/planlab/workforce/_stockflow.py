"""The engine of :mod:`planlab.workforce.supply`: checked inputs in, one table out.

Private to the workforce package: the functions here read the inputs of
:func:`~planlab.workforce.supply.project_supply` and
:func:`~planlab.workforce.supply.supply_by_group` (staff by age band, rates per band, the
training pipeline), stack every staff group into arrays, move them all forward one numpy
step a year and lay the result out as one tidy table.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from planlab.checks import ArrayLike, first_bad, fraction_array, number_array, whole_years
from planlab.errors import InputValueError
from planlab.projection import band_start

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


def start_stock(
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
        number = number_array(name, value)
        if number.ndim != 0:
            raise InputValueError(name, value, "one number of WTE")
        if number < 0:
            raise InputValueError(
                name, float(number), "zero or more WTE (staff cannot be negative)"
            )
        stock[place] = number
    return labels, stock


def band_rates(
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
                fraction_array(f"{name}[{label!r}]", given[label], example=example)
                for label in labels
            ]
        )
    return np.full(len(labels), fraction_array(name, value, example=example))


def band_width(label: str, next_label: str) -> int:
    """Years a band spans: from its label ("50-54" is 5), else up to the next band's start."""
    found = re.fullmatch(r"(\d+)-(\d+)", label)
    if found:
        return int(found.group(2)) - int(found.group(1)) + 1
    return band_start(next_label) - band_start(label)


def ageing_shares(labels: list[str], step: int, ageing: bool) -> np.ndarray:
    """Share of each band that moves up a band in one period: step / band width, at most 1."""
    shares = np.zeros(len(labels))
    if ageing and len(labels) > 1:
        widths = np.array([band_width(a, b) for a, b in itertools.pairwise(labels)], dtype=float)
        if (widths <= 0).any():
            raise InputValueError("start_wte", labels, "age bands that do not overlap")
        shares[:-1] = np.minimum(1.0, step / widths)
    return shares


def per_year(value: ArrayLike, name: str, years: int) -> np.ndarray:
    array = number_array(name, value)
    if array.ndim == 0:
        array = np.full(years, float(array))
    elif array.shape != (years,):
        raise InputValueError(
            name, array.tolist(), f"one number, or one number for each of {years} years"
        )
    if (array < 0).any():
        where, first = first_bad(name, array, array < 0)
        raise InputValueError(where, first, "zero or more WTE a year")
    return array


def qualifiers_from_intake(
    intake: ArrayLike,
    years: int,
    lead_time: object,
    completion_rate: float,
    in_training: ArrayLike,
) -> np.ndarray:
    """Qualifiers joining at the end of each year from the pipeline (shifted intake)."""
    lead = whole_years("lead_time", lead_time)
    if lead > years:
        raise InputValueError(
            "lead_time",
            lead,
            f"no longer than the projection's {years} years: trainees starting in the first "
            "year would not qualify before it ends. Project more years, or count trainees "
            "already in training with in_training",
        )
    completion = float(
        fraction_array("completion_rate", completion_rate, closed=True, example="0.85")
    )
    starts = per_year(intake, "trainee_intake", years)
    joined = np.zeros(years)
    joined[lead - 1 :] = completion * starts[: years - lead + 1]
    already = number_array("in_training", in_training).ravel()
    if already.size > years:
        raise InputValueError(
            "in_training", already.tolist(), f"qualifiers for at most the {years} years projected"
        )
    if (already < 0).any():
        where, first = first_bad("in_training", already, already < 0)
        raise InputValueError(where, first, "zero or more WTE qualifying in a year")
    joined[: already.size] += already
    return joined


def run_stock_flow(
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


def supply_table(
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
class Prepared:
    """Checked inputs as the engine takes them: one group's, or several stacked by group."""

    labels: list[str]
    stock: np.ndarray
    leave: np.ndarray
    retire: np.ndarray
    ageing: np.ndarray
    recruits: np.ndarray
    qualifiers: np.ndarray
    entry: int


def retirement_rates(value: float | Mapping[str, float], labels: list[str]) -> np.ndarray:
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
                rates[place] = fraction_array(name, given[label], closed=True, example="0.1")
    else:
        rates[-1] = fraction_array("retirement_rate", value, closed=True, example="0.2")
    return rates


def prepare_inputs(
    start_wte: float | Mapping[str, float] | pd.Series,
    years: int,
    turnover_rate: float | Mapping[str, float],
    retirement_rate: float | Mapping[str, float],
    recruits: ArrayLike,
    qualifiers: np.ndarray,
    ageing: bool,
    entry_band: str | None,
    step: int,
) -> Prepared:
    labels, stock = start_stock(start_wte)
    leave = band_rates(turnover_rate, "turnover_rate", labels, "0.06 for 6% a year")
    retire = retirement_rates(retirement_rate, labels)
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
    return Prepared(
        labels=labels,
        stock=stock,
        leave=leave,
        retire=retire,
        ageing=ageing_shares(labels, step, ageing),
        recruits=per_year(recruits, "recruits", years),
        qualifiers=qualifiers,
        entry=0 if entry_band is None else labels.index(entry_band),
    )


def run_batch(
    prepared: Prepared,
    years_index: np.ndarray,
    by_band: bool,
    groups: list[str] | None = None,
) -> pd.DataFrame:
    """Run groups that share age bands in one projection (arrays stacked by group)."""
    flows = run_stock_flow(
        prepared.stock,
        prepared.leave,
        prepared.retire,
        prepared.ageing,
        prepared.recruits + prepared.qualifiers,
        prepared.entry,
    )
    labels = prepared.labels if by_band else None
    return supply_table(
        flows, prepared.recruits, prepared.qualifiers, prepared.entry, years_index, labels, groups
    )
