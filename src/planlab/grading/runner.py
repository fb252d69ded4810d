"""Run learners' notebooks, each in a fresh kernel, quickly, fairly and safely.

Runs in: the grader. :func:`run_jobs` takes :class:`~planlab.grading.model.RunJob` s
and yields one :class:`~planlab.grading.model.RunResult` per job as each finishes.
How the runs are made (a pool of forked kernels, one event loop in a background
thread, the limits, how answers leave the kernel) is told in
:mod:`planlab.grading.execute`, whose modules do the work.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sized
from typing import Any

from tqdm.auto import tqdm

from planlab.grading.execute.batch import run_batch
from planlab.grading.execute.bridge import LoopThread
from planlab.grading.model import (
    DEFAULT_LIMITS,
    DEFAULT_WORKERS,
    RunJob,
    RunLimits,
    RunResult,
    Status,
    check_limits,
    check_workers,
)

__all__ = ["run_jobs"]


def run_jobs(
    jobs: Iterable[RunJob],
    *,
    workers: int = DEFAULT_WORKERS,
    limits: RunLimits = DEFAULT_LIMITS,
    progress: bool = True,
    description: str = "Grading",
    prewarm: bool = True,
) -> Iterator[RunResult]:
    """Run notebooks, each in a fresh kernel, and yield each result as it is ready.

    Parameters
    ----------
    jobs
        The notebooks to run; taken one at a time, so a generator is fine.
    workers
        How many notebooks run at the same time.
    limits
        Time, memory and output limits, applied to every job.
    progress
        Show a progress bar on standard error.
    description
        The progress bar's label.
    prewarm
        Import numpy, pandas and matplotlib once, in the fork server, so that
        every kernel starts with them loaded rather than importing them again.

    Returns
    -------
    Iterator[RunResult]
        One result per job, in the order they finish. A job that breaks (an endless
        loop, a crash, a refused file) gives a result with that status; it
        never stops the other jobs.

    Raises
    ------
    InputValueError
        If ``workers`` is less than 1, or a limit is one no notebook could meet.
    KernelStartError
        If no kernel can be started at all, so no job could be run.
    """
    check_workers(workers)
    check_limits(limits)
    return _run_with_progress(jobs, workers, limits, progress, description, prewarm)


def _run_with_progress(
    jobs: Iterable[RunJob],
    workers: int,
    limits: RunLimits,
    progress: bool,
    description: str,
    prewarm: bool,
) -> Iterator[RunResult]:
    """Run the batch in a background thread and yield its results with a progress bar."""
    total = len(jobs) if isinstance(jobs, Sized) else None
    batch: LoopThread[RunResult] = LoopThread(
        lambda emit: run_batch(jobs, workers, limits, prewarm, emit), name="planlab-grading"
    )
    bar = tqdm(total=total, desc=description, unit="notebook", disable=not progress)
    batch.start()
    try:
        yield from _moving(bar, batch.results())
    finally:
        batch.stop()
        bar.close()


def _moving(bar: Any, results: Iterator[RunResult]) -> Iterator[RunResult]:
    """Yield ``results``, moving the progress bar and counting those not graded."""
    problems = 0
    for result in results:
        problems += result.status is not Status.GRADED
        bar.update(1)
        bar.set_postfix_str(f"{problems} not graded", refresh=False)
        yield result
