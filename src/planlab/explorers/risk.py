r"""The risk explorer: one risk of the register moved at a time, in the browser.

Its expected loss (:func:`planlab.risk.expected_loss`), its rank among the register's 14
risks by expected loss and its rank by the 5x5 score on the partnership's scale
(:func:`planlab.risk.matrix_scores`). Its sentence is written here in Python
(:func:`risk_statement`) and, with the same words, in the browser.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import pandas as pd

from planlab import datasets, risk
from planlab.data.parameters import RISK_IMPACT_CUTS_GBP, RISK_LIKELIHOOD_CUTS
from planlab.errors import InputValueError
from planlab.explorers.controls import LINE_COLOUR, THRESHOLD_COLOUR, Control
from planlab.impacts import interval_parameters

__all__ = [
    "RISK_COLUMNS",
    "risk_controls",
    "risk_model",
    "risk_register",
    "risk_spec",
    "risk_statement",
    "z90",
]

#: The register's columns the risk explorer uses, as in ``datasets.load("risk_register")``.
RISK_COLUMNS = ("RiskId", "Title", "AnnualProbability", "ImpactLowGBP", "ImpactHighGBP")


def _ordinal(rank: int) -> str:
    """Return 1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st."""
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return f"{rank}{suffix}"


def _money(pounds: float) -> str:
    """Return pounds with thousands separators, such as ``"£2,020,000"``."""
    return f"£{round(pounds):,}"


@functools.cache
def risk_register() -> pd.DataFrame:
    """Return the partnership's risk register with each risk's expected loss and 5x5 score.

    Returns
    -------
    pandas.DataFrame
        ``RiskId``, ``Title``, ``AnnualProbability``, ``ImpactLowGBP``, ``ImpactHighGBP``,
        ``ExpectedLoss`` (:func:`planlab.risk.expected_loss`) and ``LikelihoodScore``,
        ``ImpactScore`` and ``MatrixScore`` (:func:`planlab.risk.matrix_scores` on the
        partnership's scale).
    """
    return _score(datasets.load("risk_register")[list(RISK_COLUMNS)])


def _score(register: pd.DataFrame) -> pd.DataFrame:
    """Add the expected loss and the 5x5 scores to a register."""
    losses = [
        risk.expected_loss(float(row.AnnualProbability), row.ImpactLowGBP, row.ImpactHighGBP)
        for row in register.itertuples()
    ]
    scores = risk.matrix_scores(register, RISK_LIKELIHOOD_CUTS, RISK_IMPACT_CUTS_GBP)
    return register.reset_index(drop=True).assign(
        ExpectedLoss=losses,
        LikelihoodScore=scores["LikelihoodScore"].to_numpy(),
        ImpactScore=scores["ImpactScore"].to_numpy(),
        MatrixScore=scores["MatrixScore"].to_numpy(),
    )


def risk_controls(register: pd.DataFrame | None = None) -> list[Control]:
    """Return the risk explorer's controls, set to the register's first risk."""
    table = risk_register() if register is None else register
    first = table.iloc[0]
    options = tuple((str(row.RiskId), f"{row.RiskId} {row.Title}") for row in table.itertuples())
    return [
        Control("risk", "Risk", "select", str(first["RiskId"]), options=options),
        Control("probability", "Chance it happens in a year", "range",
                round(float(first["AnnualProbability"]) * 100), 1.0, 99.0, 1.0, "%"),
        Control("low", "Impact if it happens, low end (£ thousand)", "number",
                round(float(first["ImpactLowGBP"]) / 1000), 10.0, 100_000.0, 10.0),
        Control("high", "Impact if it happens, high end (£ thousand)", "number",
                round(float(first["ImpactHighGBP"]) / 1000), 10.0, 100_000.0, 10.0),
    ]  # fmt: skip


def risk_statement(risk_id: str, probability: float, low: float, high: float) -> str:
    """Return the risk explorer's sentence with one risk moved.

    Parameters
    ----------
    risk_id
        The risk moved, such as ``"R08"``.
    probability
        Its chance of happening in a year, from 0 to 1.
    low, high
        The 90% interval of its impact if it happens, in pounds.

    Returns
    -------
    str
        Its expected loss, its rank by expected loss among all the register's risks and its
        rank by the 5x5 score (1 = the largest; tied risks share the better rank).
    """
    table = risk_register()
    if risk_id not in set(table["RiskId"]):
        raise InputValueError("risk_id", risk_id, "a RiskId of the register, such as 'R08'")
    if not (0 < low <= high):
        return (
            "The low end of the impact must be above £0 and no more than the high end: "
            "change one of them to see the expected loss."
        )
    moved = table[list(RISK_COLUMNS)].copy()
    where = moved["RiskId"] == risk_id
    moved.loc[where, "AnnualProbability"] = probability
    moved.loc[where, ["ImpactLowGBP", "ImpactHighGBP"]] = [float(low), float(high)]
    scored = _score(moved.astype({"ImpactLowGBP": float, "ImpactHighGBP": float}))
    by_loss = scored["ExpectedLoss"].rank(ascending=False, method="min").astype(int)
    by_score = scored["MatrixScore"].rank(ascending=False, method="min").astype(int)
    row = scored[where].iloc[0]
    count = len(scored)

    def place(ranks: pd.Series) -> str:
        rank = int(ranks[where].iloc[0])
        shared = int((ranks == rank).sum()) > 1
        return f"{'joint ' if shared else ''}{_ordinal(rank)} of {count}"

    return (
        f"{risk_id} {row['Title']}: with a chance of {probability * 100:.0f}% a year and an "
        f"impact of {_money(low)} to {_money(high)} if it happens, its expected loss is "
        f"{_money(round(row['ExpectedLoss'] / 1000) * 1000)} a year. That ranks it "
        f"{place(by_loss)} by expected loss, and {place(by_score)} by its 5x5 score of "
        f"{row['MatrixScore']} (likelihood {row['LikelihoodScore']} \u00d7 impact "
        f"{row['ImpactScore']})."
    )


def risk_spec(register: pd.DataFrame | None = None) -> dict[str, Any]:
    r"""Return the Vega-Lite specification of the risk explorer's chart.

    Its parameters ``risk`` (a RiskId), ``probability`` (0 to 1), ``low`` and ``high``
    (pounds) replace one risk's figures; every risk's expected loss, :math:`p\,e^{\mu +
    \sigma^2/2}` with :math:`\mu, \sigma` from the 90% interval as in
    :func:`planlab.impacts.interval_parameters`, and 5x5 score are computed in the browser.
    """
    table = risk_register() if register is None else register
    first = table.iloc[0]
    z = z90()
    likelihood = " + ".join(f"(datum.p >= {cut})" for cut in RISK_LIKELIHOOD_CUTS)
    impact = " + ".join(f"(sqrt(datum.lo * datum.hi) >= {cut})" for cut in RISK_IMPACT_CUTS_GBP)
    moved = "datum.id === risk"
    return {
        "description": (
            "Bar chart of the expected loss a year of each of the register's "
            f"{len(table)} risks, largest first, with the chosen risk highlighted and each "
            "risk's 5x5 score after its name."
        ),
        "width": "container",
        "height": {"step": 22},
        "params": [
            {"name": "risk", "value": str(first["RiskId"])},
            {"name": "probability", "value": float(first["AnnualProbability"])},
            {"name": "low", "value": float(first["ImpactLowGBP"])},
            {"name": "high", "value": float(first["ImpactHighGBP"])},
        ],
        "data": {
            "values": [
                {
                    "id": str(row.RiskId),
                    "name": f"{row.RiskId} {row.Title}",
                    "p0": float(row.AnnualProbability),
                    "lo0": float(row.ImpactLowGBP),
                    "hi0": float(row.ImpactHighGBP),
                }
                for row in table.itertuples()
            ]
        },
        "transform": [
            {"calculate": f"{moved} ? probability : datum.p0", "as": "p"},
            {"calculate": f"{moved} ? low : datum.lo0", "as": "lo"},
            {"calculate": f"{moved} ? high : datum.hi0", "as": "hi"},
            {"filter": "datum.lo > 0 && datum.lo <= datum.hi"},
            {
                "calculate": (
                    "datum.p * exp((log(datum.lo) + log(datum.hi)) / 2"
                    f" + pow((log(datum.hi) - log(datum.lo)) / (2 * {z!r}), 2) / 2)"
                ),
                "as": "loss",
            },
            {"calculate": f"(1 + {likelihood}) * (1 + {impact})", "as": "score"},
            {"calculate": "datum.name + ' (score ' + datum.score + ')'", "as": "label"},
            {"calculate": f"{moved} ? 'chosen' : 'other'", "as": "chosen"},
        ],
        "mark": {"type": "bar"},
        "encoding": {
            "y": {
                "field": "label",
                "type": "nominal",
                "title": None,
                "sort": {"field": "loss", "order": "descending"},
                "axis": {"labelLimit": 320},
            },
            "x": {
                "field": "loss",
                "type": "quantitative",
                "title": "Expected loss a year",
                "axis": {"labelExpr": "'£' + format(datum.value / 1e6, '.1f') + 'm'"},
            },
            "color": {
                "field": "chosen",
                "type": "nominal",
                "scale": {"domain": ["chosen", "other"], "range": [THRESHOLD_COLOUR, LINE_COLOUR]},
                "legend": None,
            },
            "tooltip": [
                {"field": "name", "title": "Risk"},
                {"field": "loss", "title": "Expected loss (£)", "format": ",.0f"},
                {"field": "score", "title": "5x5 score"},
            ],
        },
    }


def z90() -> float:
    """Return the normal quantile the toolkit uses for a 90% interval (1.6449)."""
    _, sigma = interval_parameters(1.0, math.e, risk.IMPACT_LEVEL, "lognormal")
    return 1 / (2 * sigma)


def risk_model(register: pd.DataFrame | None = None) -> dict[str, Any]:
    """Return the numbers the browser needs to write the risk explorer's sentence.

    Each risk's figures, the cut points of the partnership's 5x5 scale and the normal
    quantile of a 90% interval.
    """
    table = risk_register() if register is None else register
    return {
        "risks": [
            {
                "id": str(row.RiskId),
                "title": str(row.Title),
                "probability": float(row.AnnualProbability),
                "low": float(row.ImpactLowGBP),
                "high": float(row.ImpactHighGBP),
            }
            for row in table.itertuples()
        ],
        "likelihoodCuts": list(RISK_LIKELIHOOD_CUTS),
        "impactCuts": list(RISK_IMPACT_CUTS_GBP),
        "z": z90(),
    }
