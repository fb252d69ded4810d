"""Fixtures shared by the grading tests: one platform cohort, graded once per session."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from planlab.grading.grade import GradingSummary, grade
from planlab.grading.model import RunLimits
from tests.grading.cohort import SOLUTION
from tests.grading.platform_cohort import DEADLINE, write_platform_cohort

PLATFORM_LIMITS = RunLimits(cell_timeout=30, submission_timeout=120, memory_mb=1536)


@dataclass(frozen=True)
class GradedCohort:
    """A graded platform cohort: what was handed in, the roster, and the grading folder."""

    submissions: list[Path]
    roster: Path
    out: Path
    summary: GradingSummary


@pytest.fixture(scope="session")
def platform_graded(tmp_path_factory) -> GradedCohort:
    """Grade the platform cohort once; tests copy its folder before changing anything."""
    root = tmp_path_factory.mktemp("platform-cohort")
    submissions, roster = write_platform_cohort(root / "handed-in")
    out = root / "graded"
    summary = grade(
        SOLUTION,
        submissions,
        out,
        workers=2,
        limits=PLATFORM_LIMITS,
        roster_path=roster,
        deadline=DEADLINE.astimezone(),
        progress=False,
    )
    return GradedCohort(submissions, roster, out, summary)


@pytest.fixture
def cohort_copy(platform_graded: GradedCohort, tmp_path: Path) -> GradedCohort:
    """A private copy of the graded folder, for a test that marks or exports."""
    out = tmp_path / "graded"
    shutil.copytree(platform_graded.out, out)
    return GradedCohort(
        platform_graded.submissions, platform_graded.roster, out, platform_graded.summary
    )
