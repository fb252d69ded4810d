r"""The whole-time equivalents a service will have: step 4 of the Six Steps.

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

import numbers
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from planlab.checks import ArrayLike, whole_years
from planlab.errors import InputValueError
from planlab.projection import band_start
from planlab.workforce._stockflow import (
    BAND_COLUMNS,
    SUPPLY_COLUMNS,
    Prepared,
    ageing_shares,
    per_year,
    prepare_inputs,
    qualifiers_from_intake,
    run_batch,
)

__all__ = ["BAND_COLUMNS", "SUPPLY_COLUMNS", "project_supply", "supply_by_group"]


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
    years = whole_years("years", years)
    step = whole_years("step", step)
    qualifiers = qualifiers_from_intake(
        trainee_intake, years, lead_time, completion_rate, in_training
    )
    prepared = prepare_inputs(
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
    stacked = Prepared(
        labels=prepared.labels,
        stock=prepared.stock[None, :],
        leave=prepared.leave[None, :],
        retire=prepared.retire[None, :],
        ageing=prepared.ageing,
        recruits=prepared.recruits[None, :],
        qualifiers=prepared.qualifiers[None, :],
        entry=prepared.entry,
    )
    return run_batch(stacked, years_index, by_band)


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
        lead: object = route["LeadTimeYears"]
        if isinstance(lead, float) and lead.is_integer():
            lead = int(lead)
        whole = int(lead) if isinstance(lead, numbers.Integral) else None
        where = f" of the route {route['Route']!r}" if "Route" in route else f" ({group})"
        if whole is not None and whole > years:
            raise InputValueError(
                f"lead_time{where}",
                whole,
                f"no longer than the projection's {years} years: project at least {lead} "
                "years, or leave this route out of the pipeline table",
            )
        completion = float(route["CompletionRate"]) * float(route.get("LocalTakeUpRate", 1.0))
        intake = float(route["EntrantsPerYear"])
        in_training = (
            [completion * intake] * (whole - 1)
            if running and whole is not None and 1 <= whole <= years
            else []
        )
        try:
            joined[group] += qualifiers_from_intake(intake, years, lead, completion, in_training)
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
    years = whole_years("years", years)
    stock, turnover = _stock_and_turnover(workforce, staff_groups)
    retire = _retirement_by_band(retirement, stock)
    retiring_share = (retire * stock).sum(axis=1) / stock.sum(axis=1).where(stock.sum(axis=1) > 0)
    others = (turnover - retiring_share.reindex(turnover.index).fillna(0.0)).clip(lower=0.0)
    qualifiers = _pipeline_qualifiers(pipeline, list(turnover.index), years, pipeline_running)
    groups = list(turnover.index)
    _check_batch(stock, turnover, retire, others)
    if isinstance(recruits, Mapping):
        hired = np.array(
            [per_year(_group_value(recruits, g, "recruits"), "recruits", years) for g in groups]
        )
    else:
        hired = np.tile(per_year(recruits, "recruits", years), (len(groups), 1))
    labels = list(stock.columns)
    prepared = Prepared(
        labels=labels,
        stock=stock.to_numpy(),
        leave=np.repeat(others.to_numpy()[:, None], len(labels), axis=1),
        retire=retire.to_numpy(),
        ageing=ageing_shares(labels, 1, True),
        recruits=hired,
        qualifiers=np.array([qualifiers[group] for group in groups]),
        entry=0,
    )
    years_index = start_year + np.arange(1, years + 1)
    return run_batch(prepared, years_index, by_band=False, groups=groups)


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
