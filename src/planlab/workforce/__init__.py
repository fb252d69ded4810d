r"""Workforce demand and supply: the whole-time equivalents a service needs and will have.

The frame is the **Six Steps Methodology to Integrated Workforce Planning** of Skills for
Health (:data:`SIX_STEPS`), whose use in NHS Scotland the revised workforce planning
guidance, CEL 32 (2011), noted. The functions here are the arithmetic of step 3 (defining the
required workforce), step 4 (understanding workforce availability) and the gap between them
that step 5 plans to close.

The package is in three parts, one for each job:

- :mod:`planlab.workforce.demand`: the WTE needed to deliver activity (step 3), and the
  establishment implied by a vacancy rate;
- :mod:`planlab.workforce.supply`: the stock-and-flow projection of staff in post, with
  retirement and a training pipeline (step 4), run by a private engine that moves every
  staff group forward one numpy step a year;
- :mod:`planlab.workforce.gap`: supply set against need, year by year (step 5).

Every public name is importable from ``planlab.workforce`` itself; each part's own
docstring gives its method and formulae (the time-out share against the uplift; the
stock-and-flow equation).
"""

from planlab.workforce.demand import (
    SIX_STEPS,
    establishment,
    share_from_uplift,
    time_out_share,
    uplift_from_share,
    workforce_demand,
    wte_needed,
)
from planlab.workforce.gap import workforce_gap
from planlab.workforce.supply import BAND_COLUMNS, SUPPLY_COLUMNS, project_supply, supply_by_group

__all__ = [
    "BAND_COLUMNS",
    "SIX_STEPS",
    "SUPPLY_COLUMNS",
    "establishment",
    "project_supply",
    "share_from_uplift",
    "supply_by_group",
    "time_out_share",
    "uplift_from_share",
    "workforce_demand",
    "workforce_gap",
    "wte_needed",
]
