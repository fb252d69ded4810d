"""One source for every run limit: the command line offers what the runner accepts.

The defaults and allowed ranges of ``planlab grade`` are read here from the click
command itself and compared with :mod:`planlab.grading.model`, where the limits are
defined; the boundary values are then given to the runner's own check, so the two
cannot drift apart again (the command line once accepted ``--memory-mb 128`` while
the runner refused anything below 512).
"""

from __future__ import annotations

import click
import pytest

from planlab.errors import InputValueError
from planlab.grading.cli import grade
from planlab.grading.model import (
    DEFAULT_LIMITS,
    DEFAULT_WORKERS,
    MAX_WORKERS,
    MIN_MEMORY_MB,
    MIN_WORKERS,
    RunLimits,
    check_limits,
    check_workers,
)


def _option(name: str) -> click.Option:
    found = [p for p in grade.params if isinstance(p, click.Option) and name in p.opts]
    assert len(found) == 1, f"planlab grade has no single {name} option"
    return found[0]


def test_the_command_line_defaults_are_the_models() -> None:
    defaults = {
        "--timeout": DEFAULT_LIMITS.cell_timeout,
        "--submission-timeout": DEFAULT_LIMITS.submission_timeout,
        "--memory-mb": DEFAULT_LIMITS.memory_mb,
        "--workers": DEFAULT_WORKERS,
    }
    assert {name: _option(name).default for name in defaults} == defaults


def test_the_command_line_ranges_are_the_runners() -> None:
    memory = _option("--memory-mb").type
    workers = _option("--workers").type
    assert isinstance(memory, click.IntRange)
    assert isinstance(workers, click.IntRange)
    assert (memory.min, memory.max, memory.min_open) == (MIN_MEMORY_MB, None, False)
    assert (workers.min, workers.max) == (MIN_WORKERS, MAX_WORKERS)
    for name in ("--timeout", "--submission-timeout"):
        timeout = _option(name).type
        assert isinstance(timeout, click.FloatRange)
        assert (timeout.min, timeout.min_open, timeout.max) == (0, True, None)


def test_the_smallest_values_the_command_line_takes_the_runner_takes_too() -> None:
    memory = _option("--memory-mb").type
    assert memory.convert(MIN_MEMORY_MB, None, None) == MIN_MEMORY_MB
    check_limits(RunLimits(cell_timeout=0.5, submission_timeout=0.5, memory_mb=MIN_MEMORY_MB))
    check_workers(MIN_WORKERS)


def test_what_the_command_line_refuses_the_runner_refuses_too() -> None:
    memory = _option("--memory-mb").type
    with pytest.raises(click.BadParameter):
        memory.convert(MIN_MEMORY_MB - 1, None, None)
    with pytest.raises(InputValueError, match=f"at least {MIN_MEMORY_MB}"):
        check_limits(RunLimits(memory_mb=MIN_MEMORY_MB - 1))
    for name, field in (
        ("--timeout", "cell_timeout"),
        ("--submission-timeout", "submission_timeout"),
    ):
        with pytest.raises(click.BadParameter):
            _option(name).type.convert(0, None, None)
        with pytest.raises(InputValueError, match=f"limits.{field} was 0"):
            check_limits(RunLimits(**{field: 0}))
    with pytest.raises(click.BadParameter):
        _option("--workers").type.convert(MIN_WORKERS - 1, None, None)
    with pytest.raises(InputValueError, match="workers was 0"):
        check_workers(MIN_WORKERS - 1)


def test_the_help_shows_the_models_defaults() -> None:
    from click.testing import CliRunner

    shown = " ".join(CliRunner().invoke(grade, ["--help"]).output.split())
    assert f"[default: {DEFAULT_LIMITS.memory_mb}; x>={MIN_MEMORY_MB}]" in shown
    assert f"[default: {DEFAULT_LIMITS.cell_timeout}; x>0]" in shown
