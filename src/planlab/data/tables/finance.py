"""The integrated budget and the reserves and savings beside it.

Lochanvale Health and Social Care Partnership is fictional; these tables are synthetic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planlab.data import parameters as params
from planlab.data.tables.common import (
    financial_year_labels,
    nearest_thousand,
    partnership_share,
    stream,
    to_rows,
)

__all__ = ["make_budget", "make_reserves"]


def make_budget(seed: int = params.DEFAULT_SEED) -> pd.DataFrame:
    """Make the integrated budget by year and service area, with actual spend and pressures.

    Budgets of earlier years are the 2024/25 budget carried back at each line's cost
    pressure less savings; actual spend differs from budget by a line's usual over- or
    underspend plus noise.

    Parameters
    ----------
    seed
        The seed of the whole set of tables.

    Returns
    -------
    pandas.DataFrame
        Columns ``FinancialYear``, ``ServiceArea``, ``FundingSource``, ``BudgetGBP`` and
        ``ActualGBP`` (to the nearest £1,000), ``AnnualCostPressure`` (a fraction a year).
    """
    rng = stream(seed, "budget")
    total = params.BUDGET_PER_HEAD_GBP * sum(loc.population for loc in params.LOCALITIES)
    lines = pd.DataFrame(
        params.BUDGET_LINES, columns=["ServiceArea", "FundingSource", "Share", "AnnualCostPressure"]
    )
    years = np.arange(params.FIRST_BUDGET_YEAR, params.BASE_YEAR + 1)
    growth = 1 + lines["AnnualCostPressure"].to_numpy() - params.BUDGET_SAVINGS_SHARE
    budget = (
        total
        * lines["Share"].to_numpy()[None, :]
        * growth[None, :] ** (years - params.BASE_YEAR)[:, None]
    )
    bias = lines["ServiceArea"].map(params.OUTTURN_BIAS).fillna(0.0)
    actual = budget * (
        1 + bias.to_numpy()[None, :] + rng.normal(0, params.OUTTURN_SPREAD, budget.shape)
    )
    table = to_rows(
        {"BudgetGBP": nearest_thousand(budget), "ActualGBP": nearest_thousand(actual)},
        {
            "FinancialYear": np.array(financial_year_labels(params.FIRST_BUDGET_YEAR, len(years))),
            "ServiceArea": lines["ServiceArea"].to_numpy(),
        },
    )
    table.insert(2, "FundingSource", np.tile(lines["FundingSource"].to_numpy(), len(years)))
    table["AnnualCostPressure"] = np.tile(lines["AnnualCostPressure"].to_numpy(), len(years))
    return table


def make_reserves(budget: pd.DataFrame, seed: int = params.DEFAULT_SEED) -> pd.DataFrame:
    """Make the integration joint board's reserves at each year end and its planned savings.

    Reserves are Lochanvale's population share of all IJBs' reserves, varied by the
    table's own stream, split into earmarked and general. Planned savings are those the
    budget table assumes: ``BUDGET_SAVINGS_SHARE`` of each line's budget the year before.

    Parameters
    ----------
    budget
        The budget table, whose years and savings these follow.
    seed
        The seed of the whole set of tables.

    Returns
    -------
    pandas.DataFrame
        Columns ``FinancialYear``, ``GeneralReservesGBP``, ``EarmarkedReservesGBP`` (at
        31 March) and ``PlannedSavingsGBP`` (in the year), to the nearest £1,000.
    """
    rng = stream(seed, "reserves")
    by_line = budget.pivot(index="FinancialYear", columns="ServiceArea", values="BudgetGBP")
    pressure = budget.drop_duplicates("ServiceArea").set_index("ServiceArea")
    growth = 1 + pressure["AnnualCostPressure"] - params.BUDGET_SAVINGS_SHARE
    before = by_line.shift(1)
    before.iloc[0] = by_line.iloc[0] / growth[by_line.columns]
    savings = params.BUDGET_SAVINGS_SHARE * before.sum(axis=1).to_numpy()
    years = len(by_line)
    spread = params.RESERVES_SPREAD
    total = (
        np.array(params.SCOTLAND_IJB_RESERVES_GBP_M)
        * 1e6
        * partnership_share()
        * rng.uniform(1 - spread, 1 + spread, years)
    )
    earmarked = np.array(params.RESERVES_EARMARKED_SHARE) + rng.uniform(
        -params.RESERVES_EARMARKED_SPREAD, params.RESERVES_EARMARKED_SPREAD, years
    )
    return pd.DataFrame(
        {
            "FinancialYear": by_line.index.to_numpy(),
            "GeneralReservesGBP": nearest_thousand(total * (1 - earmarked)),
            "EarmarkedReservesGBP": nearest_thousand(total * earmarked),
            "PlannedSavingsGBP": nearest_thousand(savings),
        }
    )
