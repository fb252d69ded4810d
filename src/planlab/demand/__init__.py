r"""Long-range demand: activity from projected people, growth by cause, and the beds it needs.

Module 4 of the course builds on :mod:`planlab.projection`. A long-range projection of
activity has two parts. The **demographic** part holds today's age-specific rates fixed and
applies them to a projected population (:func:`project_activity`, which uses
:func:`planlab.projection.expected_activity`):

.. math::

   D_{t} = \sum_{a} P_{a,t} \times r_{a,0}

The **non-demographic** part lets the rates themselves change by a compound annual rate
:math:`g` (changes in treatment, thresholds for admission, health of each new cohort):

.. math::

   A_{t} = D_{t} \times (1 + g)^{t - t_0}

The growth from the base :math:`A_0` to :math:`A_t` splits exactly into a demographic
part, a non-demographic part and an interaction (:func:`decompose_growth`). Bed days turn
into beds with a target occupancy (:func:`add_beds`, which uses
:func:`planlab.capacity.beds_needed`), and :func:`growth_explorer` builds a control that
works on a static web page.

Growth rates from the New Hospital Programme model are for admissions, not bed days
(:data:`NHP_NON_DEMOGRAPHIC_GROWTH`, :func:`nhp_growth_rate`); :func:`bed_day_growth_rate`
combines admission growth with a separate length-of-stay assumption.

The package is in three parts: :mod:`planlab.demand.activity` (activity and beds from a
projected population), :mod:`planlab.demand.growth` (growth rates, growth applied and
growth split by cause) and :mod:`planlab.demand.explorers` (the waterfall chart and the
kernel-free control). Every public name is importable from ``planlab.demand`` itself.
"""

from planlab.demand.activity import add_beds, project_activity, regroup_ages
from planlab.demand.explorers import DEFAULT_GROWTH_RATES, growth_explorer, waterfall_chart
from planlab.demand.growth import (
    DEMOGRAPHIC,
    INTERACTION,
    NHP_NON_DEMOGRAPHIC_GROWTH,
    NON_DEMOGRAPHIC,
    ORDERS,
    apply_growth,
    bed_day_growth_rate,
    check_growth_rate,
    decompose_growth,
    growth_factor,
    nhp_growth_rate,
)

__all__ = [
    "DEFAULT_GROWTH_RATES",
    "DEMOGRAPHIC",
    "INTERACTION",
    "NHP_NON_DEMOGRAPHIC_GROWTH",
    "NON_DEMOGRAPHIC",
    "ORDERS",
    "add_beds",
    "apply_growth",
    "bed_day_growth_rate",
    "check_growth_rate",
    "decompose_growth",
    "growth_explorer",
    "growth_factor",
    "nhp_growth_rate",
    "project_activity",
    "regroup_ages",
    "waterfall_chart",
]
