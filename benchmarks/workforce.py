"""How long a 25-year workforce supply projection for every staff group takes, beside the loops.

Run from the repository's root:

    python benchmarks/workforce.py [--years 25] [--repeats 7] [--copies 1]

Every side projects the course's staff in post (``datasets/workforce.csv``, seven staff
groups by six age bands) year by year, with each group's turnover (``staff_groups.csv``,
retirements included), retirement by age band (``retirement.csv``), the training routes of
``training_pipeline.csv`` (running, so qualifiers join from the first year) and 20 recruits a
group a year. (Without those two tables, made-up ones stand in: 15% of the oldest band
retiring and two routes.) ``--copies N`` repeats every staff group N times, as a board
planning for many partnerships at once would.

- ``planlab.workforce.supply_by_group``: all groups move forward together, one numpy step a
  year, every input checked;
- the alternative an analyst would otherwise write: a pandas table of staff by group and
  band with each row's rates merged in, walked year by year, each year's leavers,
  retirements, ageing and joiners filled in as columns from the year before (a spreadsheet's
  column of formulas copied across to the next year), the years appended and totalled;
- for comparison, the same sum in plain Python dictionaries, one band of one group at a
  time (what a programmer might write; fast at this size, but nothing is checked).

All are timed in this same process, on this same machine, best of ``--repeats`` runs; the
tables are checked to agree before anything is printed. Figures are printed and written
to ``_build/benchmarks/workforce.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from planlab import datasets  # noqa: E402
from planlab.workforce import supply_by_group  # noqa: E402

RESULTS = REPO / "_build" / "benchmarks" / "workforce.json"
RECRUITS = 20.0
BANDS = ["16-29", "30-39", "40-49", "50-54", "55-59", "60plus"]
BAND_WIDTHS = {"16-29": 14, "30-39": 10, "40-49": 10, "50-54": 5, "55-59": 5}
COLUMNS = ["StartWTE", "Leavers", "Retirements", "Recruits", "Qualifiers", "EndWTE"]


def inputs() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The course's tables, with plain strings for the staff groups and age bands."""
    workforce = datasets.load("workforce")
    staff_groups = datasets.load("staff_groups")
    groups = staff_groups["StaffGroup"].astype(str)
    if {"retirement", "training_pipeline"} <= set(datasets.available()):
        retirement = datasets.load("retirement")
        pipeline = datasets.load("training_pipeline")
    else:
        retirement = pd.DataFrame(
            {"StaffGroup": groups, "AgeBand": "60plus", "RetirementRate": 0.15}
        )
        pipeline = pd.DataFrame(
            {
                "StaffGroup": ["Nursing and midwifery", "Allied health professions"],
                "Route": ["Nursing degree", "AHP degree"],
                "EntrantsPerYear": [86, 29],
                "LeadTimeYears": [3, 4],
                "CompletionRate": [0.75, 0.85],
                "LocalTakeUpRate": [0.65, 0.6],
            }
        )
    for table in (workforce, staff_groups, retirement, pipeline):
        for column in ("StaffGroup", "AgeBand"):
            if column in table:
                table[column] = table[column].astype(str)
    return workforce, staff_groups, retirement, pipeline


def copied(tables: tuple[pd.DataFrame, ...], copies: int) -> tuple[pd.DataFrame, ...]:
    """The tables with every staff group repeated ``copies`` times (as many partnerships)."""
    if copies == 1:
        return tables
    out = []
    for table in tables:
        parts = [
            table.assign(StaffGroup=table["StaffGroup"] + f" #{copy}") for copy in range(copies)
        ]
        out.append(pd.concat(parts, ignore_index=True))
    return tuple(out)


def with_planlab(tables: tuple[pd.DataFrame, ...], years: int) -> pd.DataFrame:
    workforce, staff_groups, retirement, pipeline = tables
    return supply_by_group(
        workforce,
        staff_groups,
        years,
        retirement=retirement,
        pipeline=pipeline,
        recruits=RECRUITS,
    )


def _qualifiers_a_year(staff_groups: pd.DataFrame, pipeline: pd.DataFrame) -> pd.Series:
    """Qualifiers a year by group, from routes that have been running (so every year)."""
    joining = pipeline["EntrantsPerYear"] * pipeline["CompletionRate"] * pipeline["LocalTakeUpRate"]
    by_group = joining.groupby(pipeline["StaffGroup"]).sum()
    return by_group.reindex(staff_groups["StaffGroup"], fill_value=0.0)


def spreadsheet_style(tables: tuple[pd.DataFrame, ...], years: int) -> pd.DataFrame:
    """The projection as an analyst would write it in pandas: a year's columns at a time.

    A table of staff by group and band, with each row's rates merged in once; each year,
    the leavers, retirements, ageing and joiners columns are filled in by formula from the
    year before, as one column of a spreadsheet is copied across to the next year, and the
    year's rows are appended; at the end the rows are totalled by group and year.
    """
    workforce, staff_groups, retirement, pipeline = tables
    table = workforce.groupby(["StaffGroup", "AgeBand"], as_index=False)["WTE"].sum()
    table = table.merge(staff_groups[["StaffGroup", "TurnoverRate"]], on="StaffGroup")
    table = table.merge(retirement, on=["StaffGroup", "AgeBand"], how="left")
    table["RetirementRate"] = table["RetirementRate"].fillna(0.0)
    retiring = (
        (table["WTE"] * table["RetirementRate"]).groupby(table["StaffGroup"]).transform("sum")
    )
    share = retiring / table.groupby("StaffGroup")["WTE"].transform("sum")
    table["OtherLeavingRate"] = (table["TurnoverRate"] - share).clip(lower=0.0)
    table["Width"] = table["AgeBand"].map(BAND_WIDTHS)
    table["Youngest"] = table["AgeBand"] == BANDS[0]
    table["QualifiersAYear"] = table["StaffGroup"].map(_qualifiers_a_year(staff_groups, pipeline))
    years_out = []
    for year in range(1, years + 1):
        this = table.copy()
        this["Year"] = 2025 + year
        this["StartWTE"] = this["WTE"]
        this["Leavers"] = this["StartWTE"] * this["OtherLeavingRate"]
        this["Retirements"] = this["StartWTE"] * this["RetirementRate"]
        this["Staying"] = this["StartWTE"] - this["Leavers"] - this["Retirements"]
        this["AgedOut"] = (this["Staying"] / this["Width"]).fillna(0.0)
        this["AgedIn"] = this.groupby("StaffGroup")["AgedOut"].shift(1, fill_value=0.0)
        this["Recruits"] = np.where(this["Youngest"], RECRUITS, 0.0)
        this["Qualifiers"] = np.where(this["Youngest"], this["QualifiersAYear"], 0.0)
        this["EndWTE"] = (
            this["Staying"]
            - this["AgedOut"]
            + this["AgedIn"]
            + this["Recruits"]
            + this["Qualifiers"]
        )
        years_out.append(this)
        table = this[table.columns].assign(WTE=this["EndWTE"])
    allyears = pd.concat(years_out, ignore_index=True)
    totals = allyears.groupby(["StaffGroup", "Year"], as_index=False)[COLUMNS].sum()
    order = {group: place for place, group in enumerate(staff_groups["StaffGroup"])}
    totals["Order"] = totals["StaffGroup"].map(order)
    return totals.sort_values(["Order", "Year"]).drop(columns="Order").reset_index(drop=True)


def cell_by_cell(tables: tuple[pd.DataFrame, ...], years: int) -> pd.DataFrame:
    """The same projection in plain Python: dictionaries, one band of one group at a time."""
    workforce, staff_groups, retirement, pipeline = tables
    stock = workforce.groupby(["StaffGroup", "AgeBand"])["WTE"].sum().to_dict()
    retire = retirement.set_index(["StaffGroup", "AgeBand"])["RetirementRate"].to_dict()
    turnover = staff_groups.set_index("StaffGroup")["TurnoverRate"].to_dict()
    qualifiers = _qualifiers_a_year(staff_groups, pipeline).to_dict()
    rows = []
    for group in staff_groups["StaffGroup"]:
        current = {band: stock.get((group, band), 0.0) for band in BANDS}
        rates = {band: retire.get((group, band), 0.0) for band in BANDS}
        retiring = sum(current[band] * rates[band] for band in BANDS) / sum(current.values())
        others = max(turnover[group] - retiring, 0.0)
        for year in range(1, years + 1):
            start, leavers, retirements, moved_in, new = sum(current.values()), 0.0, 0.0, 0.0, {}
            for band in BANDS:
                band_leavers = current[band] * others
                band_retirements = current[band] * rates[band]
                staying = current[band] - band_leavers - band_retirements
                moving = staying / BAND_WIDTHS[band] if band in BAND_WIDTHS else 0.0
                new[band] = staying - moving + moved_in
                moved_in = moving
                leavers += band_leavers
                retirements += band_retirements
            new[BANDS[0]] += RECRUITS + qualifiers[group]
            current = new
            rows.append(
                {
                    "StaffGroup": group,
                    "Year": 2025 + year,
                    "StartWTE": start,
                    "Leavers": leavers,
                    "Retirements": retirements,
                    "Recruits": RECRUITS,
                    "Qualifiers": qualifiers[group],
                    "EndWTE": sum(current.values()),
                }
            )
    return pd.DataFrame(rows)


def best_time(run: Callable[[], pd.DataFrame], repeats: int) -> tuple[float, pd.DataFrame]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=25)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument(
        "--copies", type=int, default=1, help="repeat every staff group, as for many partnerships"
    )
    args = parser.parse_args(argv)
    tables = copied(inputs(), args.copies)
    load_before = os.getloadavg()
    sides = {
        "planlab.workforce.supply_by_group": with_planlab,
        "pandas loop by year, spreadsheet style": spreadsheet_style,
        "plain Python loop, cell by cell": cell_by_cell,
    }
    timings, results = {}, {}
    for label, run in sides.items():
        timings[label], results[label] = best_time(
            lambda run=run: run(tables, args.years), args.repeats
        )
    ours = results["planlab.workforce.supply_by_group"]
    for theirs in results.values():
        np.testing.assert_allclose(ours[COLUMNS], theirs[COLUMNS], rtol=1e-9, atol=1e-9)
    fast = timings["planlab.workforce.supply_by_group"]
    groups = tables[1]["StaffGroup"].nunique()
    print(f"{args.years}-year supply projection, {groups} staff groups x {len(BANDS)} age bands")
    print(f"{'method':<44} {'best of ' + str(args.repeats) + ', ms':>16} {'vs planlab':>11}")
    print("-" * 73)
    for label, seconds in timings.items():
        print(f"{label:<44} {1000 * seconds:>16.1f} {seconds / fast:>10.1f}x")
    print("All three tables agree to 1e-9 WTE.")
    end = ours[ours["Year"] == ours["Year"].max()].set_index("StaffGroup")["EndWTE"]
    if args.copies == 1:
        print(
            "Staff in post at the end, WTE: " + ", ".join(f"{g} {v:,.0f}" for g, v in end.items())
        )
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "years": args.years,
                "staff_groups": groups,
                "copies": args.copies,
                "repeats": args.repeats,
                "seconds": timings,
                "machine": {
                    "cores": os.cpu_count(),
                    "usable_cores": usable,
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                    "load_before": [round(load, 2) for load in load_before],
                    "load_after": [round(load, 2) for load in os.getloadavg()],
                },
            },
            indent=2,
        )
    )
    print(f"Written to {RESULTS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
