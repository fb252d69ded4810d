"""The ``planlab data`` commands."""

from __future__ import annotations

from click.testing import CliRunner

from planlab.cli import main


def run(*arguments):
    return CliRunner().invoke(main, ["data", *arguments])


def test_generate_then_validate_a_new_seed(tmp_path):
    made = run("generate", "--out", str(tmp_path), "--seed", "3")
    assert made.exit_code == 0, made.output
    assert "Wrote 36 files" in made.output
    checked = run("validate", str(tmp_path))
    assert checked.exit_code == 0, checked.output
    assert "All 34 tables" in checked.output
    assert run("generate", "--out", str(tmp_path), "--seed", "3", "--check").exit_code == 0


def test_check_fails_when_files_differ_from_the_seed(tmp_path):
    run("generate", "--out", str(tmp_path), "--seed", "3")
    result = run("generate", "--out", str(tmp_path), "--check")
    assert result.exit_code == 1
    assert "differ from what seed" in result.output
    assert "emergency_admissions.csv" in result.output


def test_validate_reports_a_corrupted_file_without_a_traceback(package_copy):
    path = package_copy / "budget.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("2019/20", "2019-20", 1), encoding="utf-8"
    )
    result = run("validate", str(package_copy))
    assert result.exit_code == 1
    assert "budget.csv" in result.output
    assert "row 2, column FinancialYear: '2019-20' does not match" in result.output
    assert "Traceback" not in result.output


def test_the_default_folder_is_the_committed_one():
    result = run("validate")
    assert result.exit_code == 0, result.output
