"""The integrated budget table.

Lochanvale Health and Social Care Partnership is fictional; these tables are synthetic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planlab.data import parameters as params
from planlab.data.tables.common import (
    financial_year_labels,
    nearest_thousand,
    stream,
    to_rows,
)


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
