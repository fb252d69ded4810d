"""Module 12's Excel twin gives planlab.appraisal's numbers when LibreOffice recalculates it.

The twin (:func:`planlab.excel.appraisal_twin`) is built from the worked notebook's own
inputs (``notebooks/option-appraisal.ipynb``: the ``appraisal_cashflows`` table, each
option's optimism bias from its ``ProjectType`` in ``appraisal_options`` and the Green
Book's rate schedule), saved by openpyxl with formulas only, recalculated by LibreOffice
Calc run headless, and every cell of its Outputs sheet is checked against the Python methods
it mirrors: :func:`planlab.appraisal.apply_optimism_bias` and
:func:`planlab.appraisal.npv_table`, whose discount factors are themselves tested against
the Green Book's published factors (``tests/methods/test_appraisal.py``).

Then inputs are changed in the workbook (with openpyxl, as a planner would type them): a
flat 1.5% discount rate, no optimism bias on OPT2 and a value of a bed day. The workbook is
recalculated again and its outputs must move as the Python functions say.

The approach and the helpers (:func:`close`, :func:`set_input`, the LibreOffice check) are
those of ``tests/test_excel_twins.py``. Tolerance: a relative 1e-9 (both sides use double
precision; only the order of additions differs).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook

from planlab import datasets
from planlab.appraisal import GREEN_BOOK_RATES, apply_optimism_bias, npv_table, optimism_bias
from planlab.excel import APPRAISAL_OUTPUT_COLUMNS, SHEETS, appraisal_twin, recalculate
from tests.test_excel_twins import CHECKED, LARGEST, _libreoffice, close

#: The worked notebook's value of an acute bed day saved is 0 in its cost-only NPC; the
#: changed copy values a bed day at this many pounds to test the benefit column.
CHANGED_VALUE = 400.0
CHANGED_RATE = 0.015


def appraisal_inputs() -> dict[str, Any]:
    """The notebook's inputs: cash flows, names and each option's optimism bias."""
    cashflows = datasets.load("appraisal_cashflows")
    options = datasets.load("appraisal_options").set_index("OptionId")
    optimism = {
        str(option): optimism_bias(str(row.ProjectType))
        for option, row in options.iterrows()
        if isinstance(row.ProjectType, str) and row.ProjectType.strip()
    }
    names = {str(option): str(name) for option, name in options["OptionName"].items()}
    return {"cashflows": cashflows, "optimism": optimism, "names": names}


def python_appraisal(
    cashflows: pd.DataFrame,
    optimism: dict[str, float],
    rates: object,
    value_per_bed_day: float,
    names: dict[str, str],
) -> pd.DataFrame:
    """Each option's row of the Outputs sheet, from planlab.appraisal."""
    rows = []
    for option, flows in cashflows.groupby(cashflows["OptionId"].astype(str), sort=False):
        flows = flows.sort_values("Year")
        capital = flows["CapitalGBP"].to_numpy(dtype=float)
        uplift = optimism.get(option, 0.0)
        raised = capital * (1 + uplift)  # apply_optimism_bias by project type, as checked below
        days = flows["BedDaysSaved"].to_numpy(dtype=float)
        before = npv_table(capital, flows["RevenueGBP"], years=flows["Year"], rates=rates)
        after = npv_table(
            raised, flows["RevenueGBP"], days * value_per_bed_day, flows["Year"], rates
        )
        npc = after["PVCapital"].sum() + after["PVRevenue"].sum()
        rows.append(
            {
                "Option": option,
                "Name": names[option],
                "PVCapitalBeforeOB": before["PVCapital"].sum(),
                "PVOptimismBias": after["PVCapital"].sum() - before["PVCapital"].sum(),
                "PVCapital": after["PVCapital"].sum(),
                "PVRevenue": after["PVRevenue"].sum(),
                "NPC": npc,
                "BedDaysSaved": days.sum(),
                "PVBenefits": after["PVBenefits"].sum(),
                "NPV": after["PVNet"].sum(),
            }
        )
    table = pd.DataFrame(rows).set_index("Option")
    base = table.index[0]
    table["ExtraNPC"] = table["NPC"] - table.loc[base, "NPC"]
    extra_days = table["BedDaysSaved"] - table.loc[base, "BedDaysSaved"]
    table["ExtraNPCPerBedDay"] = (table["ExtraNPC"] / extra_days).where(extra_days > 0)
    table["NPVAgainstBaseline"] = (
        table["PVBenefits"] - table.loc[base, "PVBenefits"] - table["ExtraNPC"]
    )
    return table


def check_outputs(path: Path, book, expected: pd.DataFrame, name: str) -> None:
    """Every cell of the Outputs table against the Python result."""
    sheet = load_workbook(path, data_only=True)["Outputs"]
    (table,) = [t for t in book.tables if t.sheet == "Outputs"]
    assert table.columns == APPRAISAL_OUTPUT_COLUMNS
    assert table.rows == len(expected)
    for i in range(table.rows):
        option = sheet[table.cell(i, "Option")].value
        want = expected.loc[option]
        close(name, sheet[table.cell(i, "Name")].value, want["Name"])
        for column in APPRAISAL_OUTPUT_COLUMNS[2:]:
            got = sheet[table.cell(i, column)].value
            if column == "ExtraNPCPerBedDay" and i == 0:
                close(name, got, "baseline")
            elif column == "ExtraNPCPerBedDay" and pd.isna(want[column]):
                close(name, got, "no bed days saved")
            else:
                close(name, got, float(want[column]))


def set_cells(path: Path, out: Path, changes: dict[tuple[str, str], object]) -> Path:
    """Type values into cells, as a planner would in Excel."""
    book = load_workbook(path)
    for (sheet, cell), value in changes.items():
        book[sheet][cell] = value
    book.save(out)
    return out


@pytest.fixture(scope="module")
def twin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Build the twin, change inputs in a copy, and recalculate both at once."""
    _libreoffice()
    folder = tmp_path_factory.mktemp("appraisal-twin")
    inputs = appraisal_inputs()
    book = appraisal_twin(
        inputs["cashflows"], inputs["optimism"], names=inputs["names"], first_year="2026/27"
    )
    saved = book.save(folder / "appraisal.xlsx")
    schedule, bias = [t for t in book.tables if t.sheet == "Inputs"][:2]
    options = list(dict.fromkeys(inputs["cashflows"]["OptionId"].astype(str)))
    changes: dict[tuple[str, str], object] = {
        ("Inputs", schedule.cell(i, "Rate")): CHANGED_RATE for i in range(schedule.rows)
    }
    changes[("Inputs", bias.cell(options.index("OPT2"), "OptimismBias"))] = 0.0
    load = load_workbook(saved)
    ((sheet, cell),) = list(load.defined_names["ValuePerBedDay"].destinations)
    changes[(sheet, cell.replace("$", ""))] = CHANGED_VALUE
    changed = set_cells(saved, folder / "appraisal-changed.xlsx", changes)
    started = time.perf_counter()
    done = recalculate(
        [saved, changed], folder / "recalculated", profile_dir=folder / "lo", timeout=180
    )
    seconds = time.perf_counter() - started
    yield {
        "book": book,
        "saved": saved,
        "recalculated": done[0],
        "changed": done[1],
        "inputs": inputs,
        "options": options,
    }
    print(f"\nLibreOffice recalculated the appraisal twin twice in {seconds:.1f} s")
    for name, count in CHECKED.items():
        if name.startswith("appraisal"):
            print(
                f"  {name}: {count} cells, largest relative difference {LARGEST.get(name, 0):.2e}"
            )


def test_the_twin_saves_formulas_named_inputs_and_the_usual_sheets(twin) -> None:
    formulas = load_workbook(twin["saved"])
    values = load_workbook(twin["saved"], data_only=True)
    assert formulas.sheetnames == list(SHEETS)
    cells = [
        cell
        for row in formulas["Outputs"].iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
    ]
    assert cells
    assert all(values["Outputs"][cell.coordinate].value is None for cell in cells)
    for name in ("ValuePerBedDay", "RateFrom", "RateBand", "OptimismBias", "DiscountFactors"):
        assert name in formulas.defined_names, name
    after = load_workbook(twin["recalculated"])
    assert "OptimismBias" in after.defined_names


def test_the_factors_are_the_green_books(twin) -> None:
    """3.5% a year for years 0 to 9: 1, 0.9662, ..., 0.7089 at year 10 (Green Book)."""
    sheet = load_workbook(twin["recalculated"], data_only=True)["Calculation"]
    (factors,) = [t for t in twin["book"].tables if "Discount factors" in t.title]
    for i in range(factors.rows):
        close("appraisal factors", sheet[factors.cell(i, "DiscountFactor")].value, 1.035**-i)


def test_the_twin_gives_the_notebooks_npc_and_npv(twin) -> None:
    inputs = twin["inputs"]
    expected = python_appraisal(
        inputs["cashflows"], inputs["optimism"], GREEN_BOOK_RATES, 0.0, inputs["names"]
    )
    # the notebook's optimism bias on OPT2's capital is the upper bound for its type
    opt2 = inputs["cashflows"][inputs["cashflows"]["OptionId"] == "OPT2"]
    project = datasets.load("appraisal_options").set_index("OptionId").loc["OPT2", "ProjectType"]
    assert math.isclose(
        float(apply_optimism_bias(opt2["CapitalGBP"].to_numpy(float), project).sum()),
        float(opt2["CapitalGBP"].sum()) * (1 + inputs["optimism"]["OPT2"]),
    )
    assert (expected["NPV"] == -expected["NPC"]).all()
    check_outputs(twin["recalculated"], twin["book"], expected, "appraisal")


def test_the_twin_moves_as_python_says_when_inputs_change(twin) -> None:
    inputs = twin["inputs"]
    before = python_appraisal(
        inputs["cashflows"], inputs["optimism"], GREEN_BOOK_RATES, 0.0, inputs["names"]
    )
    optimism = {**inputs["optimism"], "OPT2": 0.0}
    after = python_appraisal(
        inputs["cashflows"], optimism, CHANGED_RATE, CHANGED_VALUE, inputs["names"]
    )
    # a lower rate weighs later years more, so every option's NPC rises; OPT2 loses its uplift
    assert (after["PVRevenue"] > before["PVRevenue"]).all()
    assert after.loc["OPT2", "PVOptimismBias"] == 0
    check_outputs(twin["changed"], twin["book"], after, "appraisal, inputs changed")


def test_the_twin_refuses_bad_input_with_a_message() -> None:
    from planlab.errors import InputValueError

    flows = pd.DataFrame(
        {
            "OptionId": ["A", "A"],
            "Year": [0, 1],
            "CapitalGBP": [100.0, 0.0],
            "RevenueGBP": [0.0, 50.0],
            "BedDaysSaved": [0, 10],
        }
    )
    with pytest.raises(InputValueError, match="RevenueGBP"):
        appraisal_twin(flows.drop(columns="RevenueGBP"))
    with pytest.raises(InputValueError, match="whole years"):
        appraisal_twin(flows.assign(Year=[0, 1.5]))
    with pytest.raises(InputValueError, match="one row per option and year"):
        appraisal_twin(flows.assign(Year=[1, 1]))
    with pytest.raises(InputValueError, match="fraction of 0 or more"):
        appraisal_twin(flows, {"A": -0.1})
    with pytest.raises(InputValueError, match="an option in cashflows"):
        appraisal_twin(flows, {"B": 0.24})
    with pytest.raises(InputValueError, match="one of the options"):
        appraisal_twin(flows, baseline="Z")
    with pytest.raises(InputValueError, match="rate"):
        appraisal_twin(flows, rates=3.5)
