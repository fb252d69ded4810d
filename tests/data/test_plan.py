"""The draft strategic plan tables: fixed text, with faults for the audit to find."""

from __future__ import annotations

import pandas as pd

from planlab import datasets
from planlab.data.tables.plan import STATUTORY_CONTENTS


def test_the_draft_lacks_a_market_facilitation_plan_and_a_housing_statement():
    sections = datasets.load("draft_plan_sections")
    covered = set(sections.loc[sections["Present"] == "yes", "StatutoryContent"])
    missing = [item for item in STATUTORY_CONTENTS if item not in covered]
    assert missing == ["Market facilitation plan", "Housing contribution statement"]


def test_blank_owners_and_dates_load_as_empty_text_and_missing_dates():
    commitments = datasets.load("draft_plan_commitments")
    assert (commitments["Owner"] == "").sum() == 8
    assert pd.api.types.is_datetime64_any_dtype(commitments["DueDate"])
    assert commitments["DueDate"].isna().sum() == 16
    assert set(commitments["PlanningStep"]) == set(range(1, 8))


def test_the_plan_is_the_same_for_every_seed(tables, other_tables):
    for name in ("draft_plan_sections", "draft_plan_commitments"):
        pd.testing.assert_frame_equal(tables[name], other_tables[name])
