"""Running one notebook's cells in one kernel, within the time and memory limits.

Runs in: the grader, driving a kernel that runs the learner's code. A timeout kills
the kernel with all it started; a kernel that dies is told apart as out of memory
or crashed; whatever happens, the answers given so far are collected.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from time import monotonic
from typing import Any

import psutil
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from planlab.grading.execute.client import GradingClient
from planlab.grading.execute.collect import collect_answers
from planlab.grading.execute.files import copy_files
from planlab.grading.execute.messages import (
    CELL_TIMEOUT_REASON,
    COPY_FAILED_REASON,
    CRASHED_REASON,
    MEMORY_REASON,
    NOTEBOOK_TIMEOUT_REASON,
    add_error,
    cell_key,
    cell_label,
    merge_errors,
)
from planlab.grading.execute.pool import Kernel, run_quietly
from planlab.grading.execute.processes import kill_session
from planlab.grading.kernel.handover import handover_code
from planlab.grading.model import SETUP_TIMEOUT, RunLimits, RunResult, Status

__all__ = ["MEMORY_WORDS", "died_of_memory", "run_in_kernel"]

#: Words in a dead kernel's error log that say it ran out of memory.
MEMORY_WORDS = (b"MemoryError", b"bad_alloc", b"Cannot allocate memory", b"out of memory")


@dataclass
class _Stop:
    """Why a run ended before the notebook's last cell."""

    status: Status
    reason: str


@dataclass
class _Outcome:
    """What running the cells produced, before answers are collected."""

    stop: _Stop | None
    cell_errors: dict[str, str] = field(default_factory=dict)
    error_lines: dict[str, tuple[int, str]] = field(default_factory=dict)


async def run_in_kernel(
    key: str,
    notebook: Any,
    files: Mapping[str, Path],
    places: Mapping[str, PurePosixPath],
    kernel: Kernel,
    limits: RunLimits,
) -> RunResult:
    """Copy the job's files in, run the notebook's cells, and collect the answers.

    Parameters
    ----------
    key
        The job's key.
    notebook
        The cleaned notebook (see :func:`planlab.grading.execute.files.clean_notebook`).
    files, places
        The job's files and their checked places in the kernel's folder.
    kernel
        A fresh kernel; the caller disposes of it afterwards.
    limits
        The run's limits.

    Returns
    -------
    RunResult
        The run's status, reason, answers and errors.
    """
    started = monotonic()
    try:
        copy_files(files, places, kernel.work)
    except OSError as error:
        return RunResult(key, Status.MALFORMED, COPY_FAILED_REASON.format(error=error))
    await run_quietly(kernel, handover_code(limits.max_output_bytes), SETUP_TIMEOUT)
    client = GradingClient(notebook, kernel, limits)
    outcome = await _execute_cells(client, kernel, limits)
    answers, answer_errors = collect_answers(notebook, client.oversized)
    cell_errors = merge_errors(outcome.cell_errors, answer_errors)
    stop = outcome.stop or _Stop(Status.GRADED, "")
    return RunResult(
        key,
        stop.status,
        stop.reason,
        answers=answers,
        cell_errors=cell_errors,
        error_lines=outcome.error_lines,
        seconds=monotonic() - started,
        output_truncated=client.truncated,
    )


async def _execute_cells(client: GradingClient, kernel: Kernel, limits: RunLimits) -> _Outcome:
    """Run every code cell in turn until the end or until a limit stops the run."""
    outcome = _Outcome(stop=None)
    watcher = asyncio.create_task(_watch_memory(kernel, client))
    try:
        for index, cell in enumerate(client.nb.cells):
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            outcome.stop = await _execute_one(client, kernel, limits, cell, index)
            error, place = client.take_error(), client.take_place()
            if error:
                add_error(outcome.cell_errors, cell_key(cell, index), error)
            if error and place:
                outcome.error_lines.setdefault(cell_key(cell, index), place)
            if outcome.stop is not None:
                break
    finally:
        watcher.cancel()
    return outcome


async def _execute_one(
    client: GradingClient, kernel: Kernel, limits: RunLimits, cell: Any, index: int
) -> _Stop | None:
    """Run one cell; return why the run must stop, or None to go on."""
    label = cell_label(cell, index)
    if client.seconds_left() <= 0:
        return _timeout_stop(label, limits, whole=True)
    watchdog = client.seconds_for_cell() + SETUP_TIMEOUT
    try:
        count = client.code_cells_executed + 1
        execution = asyncio.ensure_future(client.async_execute_cell(cell, index, count))
        # nbclient turns being cancelled into DeadKernelError; collect it, even unawaited.
        execution.add_done_callback(lambda task: task.cancelled() or task.exception())
        await asyncio.wait_for(execution, watchdog)
    except (CellTimeoutError, TimeoutError):
        kill_session(kernel.process)
        return _timeout_stop(label, limits, whole=client.submission_limited)
    except DeadKernelError:
        if kernel.process.alive():  # only nbclient's way of being cancelled
            kill_session(kernel.process)
            return _timeout_stop(label, limits, whole=client.submission_limited)
        kill_session(kernel.process)
        if died_of_memory(kernel.log_file, client.peak_memory, limits.memory_mb):
            return _memory_stop(label, limits)
        return _Stop(Status.CRASHED, CRASHED_REASON.format(cell=label))
    if client.last_error_name == "MemoryError":
        return _memory_stop(label, limits)
    return None


def _memory_stop(label: str, limits: RunLimits) -> _Stop:
    """Return the MEMORY stop for the cell ``label``."""
    return _Stop(Status.MEMORY, MEMORY_REASON.format(cell=label, memory_mb=limits.memory_mb))


def _timeout_stop(label: str, limits: RunLimits, *, whole: bool) -> _Stop:
    """Return the TIMEOUT stop for the cell ``label``, naming the limit that ran out."""
    if whole:
        reason = NOTEBOOK_TIMEOUT_REASON.format(seconds=limits.submission_timeout, cell=label)
    else:
        reason = CELL_TIMEOUT_REASON.format(seconds=limits.cell_timeout, cell=label)
    return _Stop(Status.TIMEOUT, reason)


async def _watch_memory(kernel: Kernel, client: GradingClient) -> None:
    """Record the kernel's peak address-space size while its cells run."""
    process = kernel.process.handle()
    if process is None:
        return
    with contextlib.suppress(psutil.Error):
        while True:
            client.peak_memory = max(client.peak_memory, process.memory_info().vms)
            await asyncio.sleep(0.1)


def died_of_memory(log_file: Path, peak_bytes: int, memory_mb: int) -> bool:
    """Tell whether a dead kernel most likely died for want of memory.

    Parameters
    ----------
    log_file
        The kernel process's standard error.
    peak_bytes
        The largest address space seen while it ran.
    memory_mb
        The memory cap.

    Returns
    -------
    bool
        True when it came within 10% of the cap, or its log's last 64 KiB name a
        lack of memory (:data:`MEMORY_WORDS`).
    """
    if peak_bytes >= 0.9 * memory_mb * 1024 * 1024:
        return True
    try:
        with log_file.open("rb") as kernel_log:
            kernel_log.seek(max(0, kernel_log.seek(0, os.SEEK_END) - 65536))
            tail = kernel_log.read()
    except OSError:
        return False
    return any(word in tail for word in MEMORY_WORDS)
