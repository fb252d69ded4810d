"""Module 14, embedding, monitoring and spreading: the worked notebook's and chapter's figures.

The notebook is run once, in this process, and its numbers are checked against figures worked
out here independently of ``planlab.spc`` and ``planlab.evaluation``:

- the XmR chart's mean and limits with plain numpy (mean ± 2.66 average moving ranges, Wheeler's
  constant as module 2 teaches it) and the shift as the first run of seven months in a row below
  the baseline mean after the change (NHS England, Making Data Count);
- the interrupted time series by a quasi-Poisson GLM fitted here with statsmodels, with Fourier
  seasonality and Newey-West errors, as Lopez Bernal, Cummins and Gasparrini (International
  Journal of Epidemiology 2017; 46: 348-355) set the model out;
- difference in differences as the difference of the four cell means.

The data have an effect of known size built in (a rate ratio of 0.75 in Strathmorven Towns from
April 2024, and none in readmissions), so the notebook's intervals are also checked against it.
The chapter and the notebook must quote what the data give, so a change in the data names the
sentences to update.
"""

from __future__ import annotations

import re
from typing import Any

import nbformat
import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from planlab import datasets
from tests.conftest import REPO, described_charts, run_notebook_here

NOTEBOOK = REPO / "notebooks" / "embedding-and-spreading.ipynb"
CHAPTER = REPO / "book" / "embedding-and-spreading.md"
START = pd.Period("2024-04", freq="M")
#: The effect built into the data: days waited fall by a quarter in LVL03 from April 2024.
BUILT_RATE_RATIO = 0.75


@pytest.fixture(scope="module")
def worked() -> dict[str, Any]:
    """Run the worked notebook's code cells here and return its names."""
    return run_notebook_here(NOTEBOOK)


def _site(code: str = "LVL03") -> pd.DataFrame:
    pathway = datasets.load("discharge_pathway")
    pathway["Month"] = pathway["Month"].astype("period[M]")
    return pathway[pathway["LocalityCode"] == code].set_index("Month").sort_index()


def _xmr_by_hand() -> tuple[float, float, float, pd.Period, pd.Period]:
    """Baseline mean and limits, and the first run of 7 below the mean after the change."""
    values = _site()["MeanDaysWaited"]
    base = values[values.index < START].to_numpy(float)
    mean = base.mean()
    average_mr = np.abs(np.diff(base)).mean()
    after = values[values.index >= START]
    run = 0
    for month, value in after.items():
        run = run + 1 if value < mean else 0
        if run == 7:
            return mean, mean - 2.66 * average_mr, mean + 2.66 * average_mr, month - 6, month
    pytest.fail("no run of 7 below the baseline mean after the change")


def _its_by_hand(outcome: str) -> tuple[float, float, float]:
    """Rate ratio of the level change and its 95% interval, by a GLM fitted here."""
    site = _site()
    month = site.index.month.to_numpy()
    design = pd.DataFrame(
        {
            "const": 1.0,
            "time": np.arange(1, len(site) + 1, dtype=float),
            "level": (site.index >= START).astype(float),
            "sin1": np.sin(2 * np.pi * month / 12),
            "cos1": np.cos(2 * np.pi * month / 12),
            "sin2": np.sin(4 * np.pi * month / 12),
            "cos2": np.cos(4 * np.pi * month / 12),
        },
        index=site.index,
    )
    fit = sm.GLM(
        site[outcome].astype(float),
        design,
        family=sm.families.Poisson(),
        offset=np.log(site["PeopleReady"].astype(float)),
    ).fit(scale="X2", cov_type="HAC", cov_kwds={"maxlags": 3})
    low, high = fit.conf_int().loc["level"]
    return float(np.exp(fit.params["level"])), float(np.exp(low)), float(np.exp(high))


def _did_by_hand(comparison: str) -> float:
    site, other = _site()["MeanDaysWaited"], _site(comparison)["MeanDaysWaited"]
    change = site[site.index >= START].mean() - site[site.index < START].mean()
    baseline_change = other[other.index >= START].mean() - other[other.index < START].mean()
    return float(change - baseline_change)


def _chapter() -> str:
    return re.sub(r"\s+", " ", CHAPTER.read_text(encoding="utf-8"))


def _notebook_text() -> str:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    return re.sub(
        r"\s+", " ", " ".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    )


def test_the_xmr_chart_and_the_shift_match_a_calculation_by_hand(worked) -> None:
    mean, lower, upper, first, confirmed = _xmr_by_hand()
    assert worked["centre"] == pytest.approx(mean)
    assert worked["lower"] == pytest.approx(lower)
    assert worked["upper"] == pytest.approx(upper)
    assert worked["first_of_run"] == first
    assert worked["confirmed"] == confirmed
    assert worked["phases"].shift_start == first
    phase_two = worked["phases"].chart.query("Phase == 2")
    assert phase_two["Mean"].iloc[0] == pytest.approx(_site()["MeanDaysWaited"][first:].mean())


def test_the_interrupted_time_series_matches_a_glm_fitted_here(worked) -> None:
    estimate, low, high = _its_by_hand("DaysWaited")
    ratio = worked["RATE_RATIO"]
    assert ratio["Estimate"] == pytest.approx(estimate)
    assert ratio["Lower"] == pytest.approx(low)
    assert ratio["Upper"] == pytest.approx(high)


def test_the_intervals_hold_the_effects_built_into_the_data(worked) -> None:
    ratio = worked["RATE_RATIO"]
    assert ratio["Lower"] < BUILT_RATE_RATIO < ratio["Upper"]
    readmissions = worked["READMISSION_RATIO"]
    assert readmissions["Lower"] < 1 < readmissions["Upper"]
    # The naive before and after is further from the truth than the time series.
    assert abs(worked["naive_ratio"] - BUILT_RATE_RATIO) > abs(ratio["Estimate"] - BUILT_RATE_RATIO)


def test_the_difference_in_differences_is_the_difference_of_the_cell_means(worked) -> None:
    comparison = worked["COMPARISON"]
    assert comparison in {"LVL01", "LVL02"}
    assert worked["did"].estimate == pytest.approx(_did_by_hand(comparison))
    _, low, high = worked["did"].pre_trend
    assert low < 0 < high, "the comparison's pre-change trend is not parallel"
    assert worked["did"].upper < 0


def test_every_chart_has_alt_text_title_and_axis_labels() -> None:
    for source in described_charts(NOTEBOOK, 2):
        for call in ("set_title", "set_xlabel", "set_ylabel"):
            assert call in source


def test_the_notebook_checks_plain_code_against_the_helpers() -> None:
    source = "\n".join(
        cell.source
        for cell in nbformat.read(NOTEBOOK, as_version=4).cells
        if cell.cell_type == "code"
    )
    helpers = ("xmr(", "phase_limits(", "interrupted_time_series(", "difference_in_differences(")
    for helper in helpers:
        assert helper in source
    assert source.count("assert ") >= 5


def test_the_notebook_s_text_quotes_its_own_numbers(worked) -> None:
    text = _notebook_text()
    ratio = worked["RATE_RATIO"]
    assert f"{ratio['Estimate']:.3f} (95% CI {ratio['Lower']:.3f} to {ratio['Upper']:.3f})" in text
    assert worked["first_of_run"].strftime("%B %Y") in text
    assert worked["confirmed"].strftime("%B %Y") in text
    assert f"{worked['centre']:.2f} days" in text
    phase_two = worked["phases"].chart.query("Phase == 2")["Mean"].iloc[0]
    assert f"{phase_two:.2f} days" in text
    assert f"{worked['naive_ratio']:.3f}" in text
    assert f"{worked['did'].estimate:.2f} days" in text
    assert f"{worked['DAYS_SAVED'][0]:,.0f}" in text
    readmissions = worked["READMISSION_RATIO"]
    assert f"{readmissions['Estimate']:.3f}" in text
    assert f"{worked['baseline']['mean days waited']:.2f} days" in text


def test_the_chapter_quotes_the_notebook(worked) -> None:
    text = _chapter()
    ratio = worked["RATE_RATIO"]
    assert (
        f"rate ratio {ratio['Estimate']:.2f} (95% CI {ratio['Lower']:.2f} to "
        f"{ratio['Upper']:.2f})" in text
    )
    assert worked["first_of_run"].strftime("%B %Y") in text
    assert worked["confirmed"].strftime("%B %Y") in text
    assert f"{worked['did'].estimate:.2f} days" in text
    assert f"{worked['naive_ratio']:.2f}" in text
    assert f"{worked['DAYS_SAVED'][0]:,.0f}" in text
    readmissions = worked["READMISSION_RATIO"]
    assert f"{readmissions['Estimate']:.2f}" in text
    assert f"{worked['baseline']['mean days waited']:.2f} days" in text
