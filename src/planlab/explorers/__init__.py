"""The what-if explorers' Python side: their data, sentences and Vega-Lite charts.

The book's ``{planlab-explorer}`` directive (:mod:`planlab.book_explorers`) puts them on a
page; the browser recomputes each chart and sentence from the numbers here as the reader
moves a control.

:mod:`planlab.explorers.scenario`
    Beds needed each year to 2040/41 under four assumptions, from Lochanvale's shared
    planning assumptions (:mod:`planlab.assumptions`).
:mod:`planlab.explorers.risk`
    One risk of the partnership's register moved at a time: its expected loss and its ranks.
:mod:`planlab.explorers.controls`
    The labelled controls both use.
"""

from __future__ import annotations

from planlab.explorers.controls import Control, financial_year
from planlab.explorers.risk import (
    RISK_COLUMNS,
    risk_controls,
    risk_model,
    risk_register,
    risk_spec,
    risk_statement,
)
from planlab.explorers.scenario import (
    FIRST_YEAR,
    TARGET_YEAR,
    scenario_bed_days,
    scenario_controls,
    scenario_model,
    scenario_spec,
    scenario_statement,
)

__all__ = [
    "FIRST_YEAR",
    "RISK_COLUMNS",
    "TARGET_YEAR",
    "Control",
    "financial_year",
    "risk_controls",
    "risk_model",
    "risk_register",
    "risk_spec",
    "risk_statement",
    "scenario_bed_days",
    "scenario_controls",
    "scenario_model",
    "scenario_spec",
    "scenario_statement",
]
