"""The Excel twins give the Python models' numbers when a real spreadsheet recalculates them.

Each twin is saved by openpyxl (formulas only, no values), recalculated by LibreOffice Calc
run headless (:func:`planlab.excel.recalculate`, whose private profile sets "always
recalculate on load"), and every cell of its Outputs sheet is checked against the Python
methods it mirrors, computed independently here from the notebooks' own inputs:

* module 4 (``notebooks/long-range-projection.ipynb``): :func:`planlab.demand.project_activity`,
  :func:`planlab.demand.apply_growth` and :func:`planlab.demand.add_beds`, for all ages and
  for residents aged 75 and over;
* module 8 (``notebooks/aligning-resources.ipynb``): beds by :func:`planlab.demand.add_beds`
  and WTE needed by :func:`planlab.workforce.workforce_demand`;
* module 9 (``notebooks/identifying-gaps.ipynb``): :mod:`planlab.queues`, whose Poisson and
  Erlang B functions are themselves tested against published tables
  (``tests/methods/test_queues.py``: Collins 2003, Appendix A; Cachon and Terwiesch; the
  University of Massachusetts Amherst Poisson tables).

The Python side is an independent calculation of the same model: numpy/pandas arithmetic
and scipy's Poisson distribution there, LibreOffice's own ``POISSON.DIST``, ``SUMPRODUCT``
and cell-by-cell recursion here.

Then an input is changed in the workbook (with openpyxl, as a planner would in Excel), the
workbook is recalculated again, and the outputs must move as the Python functions say.

Tolerance: numbers agree to a relative 1e-9 (both sides use double precision; only the
order of additions differs); bed counts agree exactly. LibreOffice is Debian's
``libreoffice-calc-nogui`` (``make test`` installs it when missing and run as root); without
it these tests skip and say how to install it, unless ``REQUIRE_LIBREOFFICE=1`` is set.
"""

from __future__ import annotations

import math
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zipfile import ZipFile

import pandas as pd
import pytest
from openpyxl import load_workbook

from planlab import datasets, queues
from planlab.demand import add_beds, apply_growth, nhp_growth_rate, project_activity, regroup_ages
from planlab.errors import InputValueError
from planlab.excel import (
    CELL_STYLES,
    SHEETS,
    Assumption,
    LibreOfficeError,
    ModelWorkbook,
    beds_and_workforce_twin,
    find_soffice,
    projection_twin,
    recalculate,
    ward_size_twin,
)
from planlab.projection import age_specific_rates, bands_from, select_projection
from planlab.workforce import time_out_share, workforce_demand

RELATIVE_TOLERANCE = 1e-9
BASE_YEAR = 2024
VARIANTS = ["low", "principal", "high"]
GROWTH = nhp_growth_rate("option 2")  # -0.0014, as in the notebook
OCCUPANCY = 0.85
RISK = 0.05
TARGET_YEAR = 2040
OLDER = ["75-84", "85plus"]
#: Module 8's planned time out: NHS Scotland's predictable absence allowance, 22.5%.
PLANNED_TIME_OUT = {
    "annual_leave": 0.15,
    "sickness": 0.04,
    "study": 0.02,
    "maternity": 0.01,
    "other": 0.005,
}
#: The largest relative difference seen, by workbook, for the report at the end.
LARGEST: dict[str, float] = {}
CHECKED: dict[str, int] = {}


def _libreoffice() -> str:
    soffice = find_soffice()
    if soffice is None:
        message = (
            "LibreOffice Calc is not installed, so the Excel twins cannot be recalculated. "
            "Install it with: sudo apt-get install libreoffice-calc-nogui (make test does this "
            "when run as root)."
        )
        if os.environ.get("REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return soffice


# --- the notebooks' inputs ----------------------------------------------------------------


def projection_inputs() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Module 4's rates: 2024/25 emergency bed days per resident by age group."""
    admissions = datasets.load("emergency_admissions")
    population = datasets.load("population")
    month = admissions["Month"]
    admissions["FinancialYear"] = month.dt.year - (month.dt.month < 4)
    base_bed_days = (
        admissions[admissions["FinancialYear"] == BASE_YEAR]
        .groupby("AgeGroup", observed=True)["BedDays"]
        .sum()
    )
    groups = [str(group) for group in base_bed_days.index]
    base_population = regroup_ages(population[population["Year"] == BASE_YEAR], groups, by=[])
    activity = base_bed_days.reset_index()
    activity["AgeGroup"] = activity["AgeGroup"].astype(str)
    rates = age_specific_rates(activity, base_population, activity_column="BedDays")
    rates = rates.set_index("AgeGroup").loc[groups].reset_index()
    return datasets.load("population_projections"), rates


def python_projection(
    projections: pd.DataFrame, rates: pd.DataFrame, growth: float, occupancy: float
):
    """The notebook's chain of Python methods, one row per variant and year."""
    rates = rates.assign(Rate=rates["BedDays"] / rates["Population"] * 1000)
    demographic = project_activity(projections, rates, variant=VARIANTS, result="BedDays")
    grown = apply_growth(demographic, growth, BASE_YEAR, column="BedDays", result="Projected")
    return add_beds(grown, occupancy, column="Projected").set_index(["Variant", "Year"])


def ward_inputs() -> tuple[float, float, float]:
    """Module 9's inputs: mean emergency beds occupied in 2024/25, and the 75+ unit's load."""
    daily = datasets.load("acute_daily")
    fy = daily[daily["Date"].between(pd.Timestamp("2024-04-01"), pd.Timestamp("2025-03-31"))]
    admissions = datasets.load("emergency_admissions")
    last_year = admissions[admissions["Month"].between(pd.Period("2024-04"), pd.Period("2025-03"))]
    older = last_year[last_year["AgeGroup"].isin(["75-84", "85plus"])]
    per_day = older["EmergencyAdmissions"].sum() / 365
    mean_stay = older["BedDays"].sum() / older["EmergencyAdmissions"].sum()
    return float(fy["EmergencyBedsOccupied"].mean()), float(per_day), float(mean_stay)


def python_ward(mean_occupied: float, per_day: float, stay: float, risk: float) -> list[object]:
    """The Outputs sheet's values in order, from planlab.queues."""
    poisson = queues.poisson_beds_needed(mean_occupied, risk)
    load = queues.offered_load(per_day, stay)
    erlang = queues.erlang_beds_needed(load, risk)
    return [
        poisson,
        queues.poisson_overflow_probability(mean_occupied, poisson),
        mean_occupied / poisson,
        load,
        erlang,
        queues.erlang_b(erlang, load),
        queues.erlang_occupancy(erlang, load),
        "Yes",
    ]


def workforce_inputs() -> dict[str, Any]:
    """Module 8's inputs (notebooks/aligning-resources.ipynb), built as the notebook does."""
    projections, rates = projection_inputs()
    demographic = project_activity(projections, rates, variant="principal", result="BedDays")
    projection = apply_growth(demographic, GROWTH, BASE_YEAR, column="BedDays")
    bed_days = projection.set_index("Year")["BedDays"]
    planned = time_out_share(**PLANNED_TIME_OUT)
    staff_groups = datasets.load("staff_groups")
    pay_bands = datasets.load("pay_bands")
    groups = staff_groups.set_index(staff_groups["StaffGroup"].astype(str))
    establishment = pay_bands.groupby(pay_bands["StaffGroup"].astype(str))["EstablishmentWTE"].sum()
    time_out = pd.Series(
        [
            time_out_share(**{**PLANNED_TIME_OUT, "sickness": rate})
            for rate in groups["SicknessAbsenceRate"]
        ],
        index=groups.index,
    )

    def residents(min_age=None, max_age=None):
        table = select_projection(
            projections, "principal", min_age=min_age, max_age=max_age, by=["Year", "LocalityCode"]
        )
        return table.pivot(index="Year", columns="LocalityCode", values="Population")

    aged_65_plus, aged_75_plus = residents(min_age=65), residents(min_age=75)
    aged_20_to_64 = residents(min_age=20, max_age=64)
    care_at_home = datasets.load("care_at_home")
    homes = datasets.load("care_home_occupancy")
    hours_now = care_at_home[care_at_home["FinancialYear"] == "2024/25"].pivot(
        index="LocalityCode", columns="AgeGroup", values="CareAtHomeHours"
    )
    hours_needed = aged_65_plus * (hours_now["65plus"] / aged_65_plus.loc[BASE_YEAR]) + (
        aged_20_to_64 * (hours_now["18-64"] / aged_20_to_64.loc[BASE_YEAR])
    )
    residents_now = homes[homes["FinancialYear"] == "2024/25"].set_index("LocalityCode")[
        "Residents"
    ]
    residents_needed = aged_75_plus * (residents_now / aged_75_plus.loc[BASE_YEAR])
    drivers = pd.DataFrame(
        {
            "Nursing and midwifery": bed_days,
            "Medical and dental": bed_days,
            "Allied health professions": bed_days,
            "Other NHS staff": bed_days,
            "Care at home": hours_needed.sum(axis=1),
            "Care homes": residents_needed.sum(axis=1),
            "Other social work and care": aged_65_plus.sum(axis=1),
        }
    ).loc[BASE_YEAR:TARGET_YEAR]
    return {
        "drivers": drivers,
        "establishment": establishment,
        "time_out": time_out,
        "bed_days": bed_days.loc[BASE_YEAR:TARGET_YEAR],
        "planned_time_out": planned,
    }


def python_workforce(inputs: dict[str, Any], occupancy: float) -> pd.DataFrame:
    """Beds (add_beds) and WTE needed (workforce_demand) by year, one column per group."""
    drivers = inputs["drivers"]
    productivity = drivers.loc[BASE_YEAR] / (
        inputs["establishment"] * (1 - inputs["planned_time_out"])
    )
    table = drivers.stack().rename("Activity").reset_index()
    table.columns = ["Year", "StaffGroup", "Activity"]
    table["Productivity"] = table["StaffGroup"].map(productivity)
    table["TimeOut"] = table["StaffGroup"].map(inputs["time_out"])
    wide = workforce_demand(table).pivot(index="Year", columns="StaffGroup", values="WTENeeded")
    wide = wide[list(drivers.columns)]
    wide["Total WTE"] = wide.sum(axis=1)
    beds = add_beds(inputs["bed_days"].rename("BedDays").reset_index(), occupancy)
    wide.insert(0, "Beds", beds.set_index("Year")["Beds"])
    return wide


# --- comparing ----------------------------------------------------------------------------


def close(name: str, got: object, expected: object) -> None:
    """Assert one cell matches: text and whole numbers exactly, other numbers to 1e-9."""
    CHECKED[name] = CHECKED.get(name, 0) + 1
    if isinstance(expected, str) or (isinstance(expected, int) and not isinstance(expected, bool)):
        assert got == expected, f"{name}: {got!r} != {expected!r}"
        return
    assert isinstance(got, int | float), f"{name}: {got!r} is not a number"
    difference = abs(got - float(expected)) / max(abs(float(expected)), 1e-300)
    LARGEST[name] = max(LARGEST.get(name, 0.0), difference)
    assert math.isclose(got, float(expected), rel_tol=RELATIVE_TOLERANCE), (
        f"{name}: {got!r} != {expected!r}"
    )


def output_tables(book: ModelWorkbook):
    return [table for table in book.tables if table.sheet == "Outputs"]


def check_projection(path: Path, book: ModelWorkbook, expected: pd.DataFrame, name: str) -> None:
    sheet = load_workbook(path, data_only=True)["Outputs"]
    rows, by_year = output_tables(book)
    for i in range(rows.rows):
        values = [sheet[rows.cell(i, column)].value for column in rows.columns]
        variant, year = values[0], int(values[1])
        want = expected.loc[(variant, year)]
        close(name, values[1], year)
        for got, column in zip(
            values[2:], ["Population", "BedDays", "Projected", "Beds"], strict=True
        ):
            close(name, got, int(want[column]) if column == "Beds" else float(want[column]))
    for i in range(by_year.rows):
        year = sheet[by_year.cell(i, "Year")].value
        for variant in VARIANTS:
            close(
                name,
                sheet[by_year.cell(i, variant)].value,
                float(expected.loc[(variant, year), "Projected"]),
            )


def check_ward(path: Path, book: ModelWorkbook, expected: list[object], name: str) -> None:
    sheet = load_workbook(path, data_only=True)["Outputs"]
    (table,) = output_tables(book)
    assert table.rows == len(expected)
    for i, want in enumerate(expected):
        close(name, sheet[table.cell(i, "Value")].value, want)


def check_workforce(path: Path, book: ModelWorkbook, expected: pd.DataFrame, name: str) -> None:
    sheet = load_workbook(path, data_only=True)["Outputs"]
    (table,) = output_tables(book)
    for i in range(table.rows):
        year = sheet[table.cell(i, "Year")].value
        close(name, year, int(expected.index[i]))
        for column in table.columns[1:]:
            want = expected.loc[year, column]
            close(
                name,
                sheet[table.cell(i, column)].value,
                int(want) if column == "Beds" else float(want),
            )


def set_input(path: Path, out: Path, changes: dict[str, float]) -> Path:
    """Change named input cells with openpyxl, as a planner would type into them."""
    book = load_workbook(path)
    for name, value in changes.items():
        ((sheet, cell),) = list(book.defined_names[name].destinations)
        book[sheet][cell.replace("$", "")] = value
    book.save(out)
    return out


# --- fixtures -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Build both twins, save them, change inputs in copies, and recalculate all four at once."""
    _libreoffice()
    folder = tmp_path_factory.mktemp("twins")
    projections, rates = projection_inputs()
    mean_occupied, per_day, stay = ward_inputs()
    projection = projection_twin(
        projections,
        rates,
        base_year=BASE_YEAR,
        variant=VARIANTS,
        growth_rate=GROWTH,
        target_occupancy=OCCUPANCY,
    )
    ward = ward_size_twin(mean_occupied, per_day, stay, RISK)
    workforce_in = workforce_inputs()
    workforce = beds_and_workforce_twin(
        **workforce_in, base_year=BASE_YEAR, target_occupancy=OCCUPANCY
    )
    # Module 4's 75+ projection: the same builder on the projection's 75+ bands only.
    older = rates[rates["AgeGroup"].isin(OLDER)].reset_index(drop=True)
    older_people = projections[
        projections["AgeGroup"]
        .astype(str)
        .isin(bands_from(projections["AgeGroup"].astype(str), 75))
    ]
    aged_75_plus = projection_twin(
        older_people, older, base_year=BASE_YEAR, growth_rate=GROWTH, target_occupancy=OCCUPANCY
    )
    books = {
        "projection": projection,
        "projection-75plus": aged_75_plus,
        "ward": ward,
        "workforce": workforce,
    }
    saved = {name: book.save(folder / f"{name}.xlsx") for name, book in books.items()}
    # The changes: NHP option 1's growth, 90% occupancy and 10% more 85+ bed days in
    # 2024/25; a 1% risk and 10% more beds occupied on average; 90% occupancy and 25%
    # planned time out.
    over_85 = len(rates) - 1
    base_table = next(t for t in projection.tables if t.sheet == "Inputs")
    changed_cell = base_table.cell(over_85, "BedDays")
    book = load_workbook(saved["projection"])
    book["Inputs"][changed_cell] = float(rates.loc[over_85, "BedDays"]) * 1.1
    book.save(folder / "changed-input.xlsx")
    changed = {
        "projection": set_input(
            folder / "changed-input.xlsx",
            folder / "projection-changed.xlsx",
            {"GrowthRate": nhp_growth_rate("option 1"), "TargetOccupancy": 0.9},
        ),
        "ward": set_input(
            saved["ward"],
            folder / "ward-changed.xlsx",
            {"Risk": 0.01, "MeanOccupied": mean_occupied * 1.1},
        ),
        "workforce": set_input(
            saved["workforce"],
            folder / "workforce-changed.xlsx",
            {"TargetOccupancy": 0.9, "PlannedTimeOut": 0.25},
        ),
    }
    started = time.perf_counter()
    done = recalculate(
        [*saved.values(), *changed.values()],
        folder / "recalculated",
        profile_dir=folder / "lo",
        timeout=180,
    )
    seconds = time.perf_counter() - started
    new_rates = rates.astype({"BedDays": float})
    new_rates.loc[over_85, "BedDays"] = rates.loc[over_85, "BedDays"] * 1.1
    yield {
        "books": books,
        "saved": saved,
        "recalculated": dict(
            zip([*saved, *(f"{name}-changed" for name in changed)], done, strict=True)
        ),
        "workforce": workforce_in,
        "older": (older_people, older),
        "seconds": seconds,
        "projection": (projections, rates, new_rates),
        "ward": (mean_occupied, per_day, stay),
    }
    # The figures for the report (seen with pytest -s).
    print(f"\nLibreOffice recalculated {len(done)} workbooks in {seconds:.1f} s")
    for name, count in CHECKED.items():
        print(f"  {name}: {count} cells, largest relative difference {LARGEST.get(name, 0):.2e}")


# --- tests --------------------------------------------------------------------------------


def test_openpyxl_saves_formulas_and_no_values(twins) -> None:
    """So every value read after LibreOffice ran was worked out by LibreOffice."""
    for path in twins["saved"].values():
        formulas = load_workbook(path)["Outputs"]
        values = load_workbook(path, data_only=True)["Outputs"]
        cells = [
            cell
            for row in formulas.iter_rows()
            for cell in row
            if isinstance(cell.value, str) and cell.value.startswith("=")
        ]
        assert cells, f"{path.name} has no formulas on its Outputs sheet"
        assert all(values[cell.coordinate].value is None for cell in cells)


#: Named inputs of each twin; the first is checked for its input style too.
NAMES = {
    "projection": ("GrowthRate", "TargetOccupancy", "BaseActivity", "BasePopulation"),
    "projection-75plus": ("GrowthRate", "BaseActivity"),
    "ward": ("Risk", "MeanOccupied", "ArrivalsPerDay", "ErlangB", "PoissonOverflow"),
    "workforce": ("PlannedTimeOut", "TargetOccupancy", "Years"),
}


def test_styles_names_and_sheets_survive_a_save_and_a_load(twins) -> None:
    """After openpyxl saves and loads, and after LibreOffice loads and saves."""
    copies = [(f"{name} as saved", name, path) for name, path in twins["saved"].items()]
    copies += [(f"{name} via LibreOffice", name, twins["recalculated"][name]) for name in NAMES]
    for label, twin, path in copies:
        book = load_workbook(path)
        assert book.sheetnames == list(SHEETS), label
        for defined in NAMES[twin]:
            assert defined in book.defined_names, f"{label}: named range {defined} lost"
        ((sheet, cell),) = list(book.defined_names[NAMES[twin][0]].destinations)
        fill = book[sheet][cell.replace("$", "")].fill.fgColor.rgb
        assert fill.endswith(CELL_STYLES["input"]), f"{label}: input fill is {fill}"
        readme = [row[0].value for row in book["README"].iter_rows()]
        assert "How to use this workbook" in readme
        log = book["Assumptions"]
        assert [log.cell(row=4, column=c).value for c in range(2, 6)] == [
            "Assumption",
            "Value",
            "Source",
            "Basis",
        ]
        assert log.cell(row=5, column=2).value


def test_each_chart_plots_the_workbooks_own_cells(twins) -> None:
    """The chart survives LibreOffice's load and save, and its series point at live cells."""
    for name in twins["saved"]:
        for path in (twins["saved"][name], twins["recalculated"][name]):
            with ZipFile(path) as archive:
                charts = [
                    entry for entry in archive.namelist() if entry.startswith("xl/charts/chart")
                ]
                assert len(charts) == 1, f"{path.name}: {charts}"
                xml = archive.read(charts[0]).decode("utf-8")
            ranges = re.findall(r"<(?:c:)?f>([^<]+)</(?:c:)?f>", xml)
            assert ranges, f"{path.name}: the chart has no data"
            assert all(re.match(r"'?(Outputs|Calculation)'?!", found) for found in ranges), ranges


def test_projection_twin_gives_module_4s_numbers(twins) -> None:
    projections, rates, _ = twins["projection"]
    expected = python_projection(projections, rates, GROWTH, OCCUPANCY)
    check_projection(
        twins["recalculated"]["projection"], twins["books"]["projection"], expected, "projection"
    )
    # the notebook's headline: principal variant, 2040
    assert expected.loc[("principal", 2040), "Beds"] > 0


def test_projection_twin_gives_module_4s_75_plus_numbers(twins) -> None:
    older_people, older = twins["older"]
    expected = python_projection(older_people, older, GROWTH, OCCUPANCY)
    assert set(expected.index.get_level_values("Variant")) == set(VARIANTS)
    book = twins["books"]["projection-75plus"]
    check_projection(twins["recalculated"]["projection-75plus"], book, expected, "projection 75+")


def test_projection_twin_moves_as_python_says_when_inputs_change(twins) -> None:
    projections, rates, new_rates = twins["projection"]
    before = python_projection(projections, rates, GROWTH, OCCUPANCY)
    after = python_projection(projections, new_rates, nhp_growth_rate("option 1"), 0.9)
    assert not math.isclose(
        before.loc[("principal", 2040), "Projected"], after.loc[("principal", 2040), "Projected"]
    )
    check_projection(
        twins["recalculated"]["projection-changed"],
        twins["books"]["projection"],
        after,
        "projection, inputs changed",
    )


def test_ward_size_twin_gives_module_9s_numbers(twins) -> None:
    expected = python_ward(*twins["ward"], RISK)
    check_ward(twins["recalculated"]["ward"], twins["books"]["ward"], expected, "ward size")


def test_ward_size_twin_moves_as_python_says_when_inputs_change(twins) -> None:
    mean_occupied, per_day, stay = twins["ward"]
    before = python_ward(mean_occupied, per_day, stay, RISK)
    after = python_ward(mean_occupied * 1.1, per_day, stay, 0.01)
    # more beds for a smaller risk and a fuller hospital
    assert after[0] > before[0]
    assert after[4] > before[4]
    check_ward(
        twins["recalculated"]["ward-changed"],
        twins["books"]["ward"],
        after,
        "ward size, inputs changed",
    )


# --- the writer's checks --------------------------------------------------------------------


def test_the_writer_refuses_bad_input_with_a_message(tmp_path: Path) -> None:
    book = ModelWorkbook("Beds", "Beds for a year's bed days.")
    with pytest.raises(InputValueError, match="not a cell address"):
        book.add_input("BD2040", 1.0, "Bed days")
    with pytest.raises(InputValueError, match="a number"):
        book.add_input("BedDays", "30000", "Bed days")  # type: ignore[arg-type]
    book.add_input("BedDays", 30000, "Bed days")
    with pytest.raises(InputValueError, match="not used already"):
        book.add_input("BedDays", 1.0, "Bed days again")
    with pytest.raises(InputValueError, match="Inputs, Calculation or Outputs"):
        book.add_table("README", "x", ["A"], [[1]])
    with pytest.raises(InputValueError, match="2 cells a row"):
        book.add_table("Outputs", "x", ["A", "B"], [[1]])
    table = book.add_table("Outputs", "x", ["A"], [[None]])
    with pytest.raises(InputValueError, match="brackets balance"):
        book.write(table, 0, "A", "=ROUND(BedDays")
    with pytest.raises(InputValueError, match="an Assumption"):
        book.add_assumption(("a", 1, "s", "b"))  # type: ignore[arg-type]
    book.add_assumption(Assumption("Occupancy", 0.85, "Workshop", "Rule of thumb"))
    with pytest.raises(InputValueError, match=r"\.xlsx"):
        book.save(tmp_path / "beds.xls")
    assert book.save(tmp_path / "beds.xlsx").is_file()


def test_newer_functions_get_excels_prefix() -> None:
    book = ModelWorkbook("Poisson", "One cell.")
    table = book.add_table("Outputs", "x", ["A"], [["=1-POISSON.DIST(3,2.5,TRUE)"]])
    assert book.sheet("Outputs")[table.cell(0, "A")].value == "=1-_xlfn.POISSON.DIST(3,2.5,TRUE)"


def test_beds_and_workforce_twin_gives_module_8s_numbers(twins) -> None:
    expected = python_workforce(twins["workforce"], OCCUPANCY)
    check_workforce(
        twins["recalculated"]["workforce"], twins["books"]["workforce"], expected, "workforce"
    )


def test_beds_and_workforce_twin_moves_as_python_says_when_inputs_change(twins) -> None:
    before = python_workforce(twins["workforce"], OCCUPANCY)
    after = python_workforce({**twins["workforce"], "planned_time_out": 0.25}, 0.9)
    # higher occupancy: fewer beds; more planned time out: higher productivity, fewer WTE
    assert (after["Beds"] <= before["Beds"]).all()
    assert (after["Total WTE"] < before["Total WTE"]).all()
    check_workforce(
        twins["recalculated"]["workforce-changed"],
        twins["books"]["workforce"],
        after,
        "workforce, inputs changed",
    )


def test_recalculate_says_what_is_wrong(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = ModelWorkbook("Beds", "Beds for a year's bed days.").save(tmp_path / "beds.xlsx")
    with pytest.raises(InputValueError, match=r"existing \.xlsx files"):
        recalculate([tmp_path / "absent.xlsx"], tmp_path / "out")
    with pytest.raises(InputValueError, match="other than the workbooks' own"):
        recalculate([book], tmp_path)
    monkeypatch.setattr("planlab.excel.recalc.find_soffice", lambda: None)
    with pytest.raises(LibreOfficeError, match="libreoffice-calc-nogui"):
        recalculate([book], tmp_path / "out")
