"""Make the synthetic tables of the fictional Lochanvale partnership.

Lochanvale Health and Social Care Partnership is fictional. Each ``make_*`` function in
:mod:`planlab.data.tables` makes one table from the parameters in
:mod:`planlab.data.parameters` and a seeded :class:`numpy.random.Generator`.
Everything is vectorised: arrays have one axis per dimension of the table (month,
locality, age group, ...) and are flattened into rows only at the end, so the whole set
takes well under a second to make.

:func:`generate_all` makes every table in dependency order. Each table draws from its own
random stream, spawned from the seed by the table's name, so changing one table's
generator does not change the others.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from planlab.data import parameters as params
from planlab.data.schema import table_names
from planlab.data.tables.acute import (
    make_acute_daily,
    make_ae_attendances,
    make_ae_sites,
    make_emergency_admissions,
)
from planlab.data.tables.appraisal import (
    make_appraisal_cashflows,
    make_appraisal_criteria,
    make_appraisal_equity,
    make_appraisal_options,
    make_appraisal_scores,
)
from planlab.data.tables.delays import make_delayed_discharges
from planlab.data.tables.discharge import make_discharge_pathway
from planlab.data.tables.engagement import (
    make_engagement_codebook,
    make_engagement_double_coding,
    make_engagement_responses,
)
from planlab.data.tables.evidence import make_intervention_evidence
from planlab.data.tables.finance import make_budget, make_reserves
from planlab.data.tables.people import make_people, make_segments
from planlab.data.tables.plan import make_draft_plan_commitments, make_draft_plan_sections
from planlab.data.tables.population import (
    make_localities,
    make_population,
    make_population_projections,
)
from planlab.data.tables.risk import make_risk_register
from planlab.data.tables.social_care import (
    make_care_at_home,
    make_care_home_occupancy,
    make_care_homes,
)
from planlab.data.tables.waiting import make_waiting_list
from planlab.data.tables.workforce import (
    make_pay_bands,
    make_retirement,
    make_staff_groups,
    make_training_pipeline,
    make_workforce,
)

__all__ = ["TABLE_NAMES", "generate_all"]

Tables = dict[str, pd.DataFrame]


#: Every table, in the order they are documented (the schema's order).
TABLE_NAMES: tuple[str, ...] = tuple(table_names())


def _makers(seed: int) -> dict[str, Callable[[Tables], pd.DataFrame]]:
    """Return each table's maker, in dependency order (a table's inputs come before it)."""
    return {
        "population": lambda made: make_population(),
        "localities": lambda made: make_localities(made["population"]),
        "population_projections": lambda made: make_population_projections(),
        "emergency_admissions": lambda made: make_emergency_admissions(seed),
        "acute_daily": lambda made: make_acute_daily(made["emergency_admissions"], seed),
        "ae_sites": lambda made: make_ae_sites(),
        "ae_attendances": lambda made: make_ae_attendances(made["acute_daily"], seed),
        "delayed_discharges": lambda made: make_delayed_discharges(seed),
        "waiting_list": lambda made: make_waiting_list(seed),
        "care_homes": lambda made: make_care_homes(seed),
        "care_home_occupancy": lambda made: make_care_home_occupancy(made["care_homes"], seed),
        "care_at_home": lambda made: make_care_at_home(seed),
        "segments": lambda made: make_segments(),
        "people": lambda made: make_people(seed),
        "staff_groups": lambda made: make_staff_groups(),
        "pay_bands": lambda made: make_pay_bands(seed),
        "workforce": lambda made: make_workforce(seed),
        "training_pipeline": lambda made: make_training_pipeline(seed),
        "retirement": lambda made: make_retirement(),
        "budget": lambda made: make_budget(seed),
        "reserves": lambda made: make_reserves(made["budget"], seed),
        "draft_plan_sections": lambda made: make_draft_plan_sections(),
        "draft_plan_commitments": lambda made: make_draft_plan_commitments(),
        "intervention_evidence": lambda made: make_intervention_evidence(),
        "risk_register": lambda made: make_risk_register(seed),
        "engagement_responses": lambda made: make_engagement_responses(
            made["population"], made["care_at_home"], made["delayed_discharges"], seed
        ),
        "engagement_codebook": lambda made: make_engagement_codebook(),
        "engagement_double_coding": lambda made: make_engagement_double_coding(
            made["population"], made["care_at_home"], made["delayed_discharges"], seed
        ),
        "appraisal_options": lambda made: make_appraisal_options(),
        "appraisal_cashflows": lambda made: make_appraisal_cashflows(seed),
        "appraisal_criteria": lambda made: make_appraisal_criteria(),
        "appraisal_scores": lambda made: make_appraisal_scores(seed),
        "appraisal_equity": lambda made: make_appraisal_equity(made["population"]),
        "discharge_pathway": lambda made: make_discharge_pathway(seed),
    }


def generate_all(seed: int = params.DEFAULT_SEED) -> Tables:
    """Make every table of the fictional partnership from one seed.

    Parameters
    ----------
    seed
        The seed; the same seed always gives the same tables, and a different seed a
        different but equally realistic partnership.

    Returns
    -------
    dict of str to pandas.DataFrame
        Table name to table, in the order of :data:`TABLE_NAMES`.
    """
    made: Tables = {}
    for name, make in _makers(seed).items():  # a loop over tables, not over rows
        made[name] = make(made)
    return {name: made[name] for name in TABLE_NAMES}
