"""The generator: fast, reproducible byte for byte, and different for a different seed."""

from __future__ import annotations

from planlab.data.generate import TABLE_NAMES
from planlab.data.schema import table_names
from planlab.data.store import package_files, stale_files


def test_every_table_is_generated_in_schema_order(tables):
    assert list(tables) == table_names() == list(TABLE_NAMES)
    assert all(len(table) > 0 for table in tables.values())


def test_the_same_seed_gives_the_same_bytes():
    assert package_files(11) == package_files(11)


def test_committed_files_are_exactly_what_the_default_seed_makes(committed):
    assert stale_files(committed) == []


def test_committed_files_have_unix_line_endings_and_no_timestamps(committed):
    for path in committed.glob("*.csv"):
        content = path.read_bytes()
        assert b"\r" not in content, path.name
    assert "2026" not in (committed / "datapackage.json").read_text(encoding="utf-8")


def test_committed_package_stays_small(committed):
    total = sum(path.stat().st_size for path in committed.iterdir())
    assert total < 15_000_000


def test_a_different_seed_gives_different_data_of_the_same_shape(tables, other_tables):
    admissions, other = tables["emergency_admissions"], other_tables["emergency_admissions"]
    assert admissions.shape == other.shape
    assert not admissions["EmergencyAdmissions"].equals(other["EmergencyAdmissions"])
    assert (admissions["Month"] == other["Month"]).all()


def test_every_table_names_the_partnership_as_fictional(committed):
    readme = (committed / "README.md").read_text(encoding="utf-8")
    descriptor = (committed / "datapackage.json").read_text(encoding="utf-8")
    assert "is fictional" in readme.splitlines()[2] + readme.splitlines()[3]
    assert "(fictional)" in readme.splitlines()[0]
    assert "is fictional" in descriptor
