"""The command line: a thin wrapper that prints results and plain error messages."""

from __future__ import annotations

from click.testing import CliRunner

from planlab import __version__
from planlab.cli import main


def test_beds_prints_one_line_per_occupancy() -> None:
    result = CliRunner().invoke(main, ["beds", "--bed-days", "30000"])
    assert result.exit_code == 0, result.output
    assert "at 85% occupancy: 97 beds" in result.output
    assert "at 92% occupancy: 90 beds" in result.output


def test_a_bad_occupancy_gets_a_plain_message_and_no_traceback() -> None:
    result = CliRunner().invoke(main, ["beds", "--bed-days", "30000", "--occupancy", "85"])
    assert result.exit_code == 1
    assert "write 85% as 0.85" in result.output
    assert "Traceback" not in result.output


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert __version__ in result.output
