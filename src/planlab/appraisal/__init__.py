r"""Option appraisal: discounting, net present value, optimism bias and multi-criteria analysis.

The economic case of a business case (the second of the Green Book's five cases; NHS
Scotland follows the same model in the Scottish Capital Investment Manual) compares options
by their costs and benefits over time and by what cannot be priced. The package is in three
parts, one for each job:

- :mod:`planlab.appraisal.discounting`: discount factors from a schedule of rates (the Green
  Book's 3.5% for years 0 to 30 and lower rates after, or any other), present values, net
  present cost and net present value, and :func:`npv_table`, the year-by-year table;
- :mod:`planlab.appraisal.optimism`: the optimism bias uplift on capital costs and works
  duration by project type, with the mitigation factor as a parameter;
- :mod:`planlab.appraisal.mcda`: weighted scores and a ranking, and the exact weight at which
  the top-ranked option changes for each criterion.

Every public name is importable from ``planlab.appraisal`` itself; each part's own docstring
gives its method, formulae and sources (last checked 3 December 2026).

>>> from planlab.appraisal import apply_optimism_bias, net_present_cost
>>> capital = apply_optimism_bias([1000.0, 0.0, 0.0], "standard buildings")
>>> round(net_present_cost(capital, [0.0, 50.0, 50.0]), 1)
1335.0
"""

from planlab.appraisal.discounting import (
    GREEN_BOOK_HEALTH_RATES,
    GREEN_BOOK_LOWER_RATES,
    GREEN_BOOK_RATES,
    NPV_COLUMNS,
    RateSchedule,
    discount_factors,
    discount_rates,
    net_present_cost,
    net_present_value,
    npv_table,
    present_value,
)
from planlab.appraisal.mcda import (
    SENSITIVITY_COLUMNS,
    normalise_weights,
    rescale_weights,
    weight_sensitivity,
    weighted_scores,
)
from planlab.appraisal.optimism import OPTIMISM_BIAS, apply_optimism_bias, optimism_bias

__all__ = [
    "GREEN_BOOK_HEALTH_RATES",
    "GREEN_BOOK_LOWER_RATES",
    "GREEN_BOOK_RATES",
    "NPV_COLUMNS",
    "OPTIMISM_BIAS",
    "SENSITIVITY_COLUMNS",
    "RateSchedule",
    "apply_optimism_bias",
    "discount_factors",
    "discount_rates",
    "net_present_cost",
    "net_present_value",
    "normalise_weights",
    "npv_table",
    "optimism_bias",
    "present_value",
    "rescale_weights",
    "weight_sensitivity",
    "weighted_scores",
]
