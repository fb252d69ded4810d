"""Fixtures for the tests of the fictional Lochanvale partnership's data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from planlab.data.generate import generate_all

REPOSITORY = Path(__file__).resolve().parents[2]
COMMITTED = REPOSITORY / "datasets"


@pytest.fixture(scope="session")
def tables() -> dict[str, pd.DataFrame]:
    """The tables made from the default seed."""
    return generate_all()


@pytest.fixture(scope="session")
def other_tables() -> dict[str, pd.DataFrame]:
    """The tables made from another seed, as a trainer might give one learner."""
    return generate_all(seed=7)


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A private copy of the committed data package, safe to corrupt."""
    copy = tmp_path / "datasets"
    shutil.copytree(COMMITTED, copy, ignore=shutil.ignore_patterns("ISSUE-*"))
    return copy


@pytest.fixture(scope="session")
def committed() -> Path:
    """The committed data package folder, datasets/ at the repository's root."""
    return COMMITTED
