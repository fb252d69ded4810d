"""A batch: jobs handed to workers, each job run in a fresh kernel from the pool.

Runs in: the grader, inside the event loop of :class:`planlab.grading.execute.bridge.LoopThread`.
A job's own faults (a broken notebook, a refused file name, an endless loop) give a
result with that status; only a failure of the grader itself stops the batch.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from time import monotonic

import zmq.asyncio

from planlab.errors import GradingFileError
from planlab.grading.execute.bridge import finish_even_if_cancelled, until_all_done_or_one_fails
from planlab.grading.execute.cells import run_in_kernel
from planlab.grading.execute.files import clean_notebook, destinations
from planlab.grading.execute.messages import GRADER_FAULT_REASON, MALFORMED_REASON, short
from planlab.grading.execute.pool import KernelPool, dispose
from planlab.grading.model import RunJob, RunLimits, RunResult, Status

__all__ = ["JobFeed", "grade_job", "run_batch"]

log = logging.getLogger("planlab.grading.runner")


class JobFeed:
    """Take jobs from an iterator a few ahead, so the pool knows how many kernels to start.

    Parameters
    ----------
    jobs
        The jobs, taken one at a time.
    lookahead
        How many jobs to take ahead of the workers.
    """

    def __init__(self, jobs: Iterator[RunJob], lookahead: int) -> None:
        self._jobs = jobs
        self._lookahead = lookahead
        self._buffer: deque[RunJob] = deque()
        self._exhausted = False
        #: Jobs taken from the feed that are still waiting for a kernel.
        self.waiting = 0

    def next(self) -> RunJob | None:
        """Return the next job, or None when there are no more.

        Returns
        -------
        RunJob or None
            The next job.
        """
        self._fill()
        return self._buffer.popleft() if self._buffer else None

    def demand(self) -> int:
        """Return how many more kernels the remaining jobs need (a large number if unknown).

        Returns
        -------
        int
            Jobs not yet started, or ``sys.maxsize`` while the iterator is not exhausted.
        """
        self._fill()
        if not self._exhausted:
            return sys.maxsize
        return len(self._buffer) + self.waiting

    def _fill(self) -> None:
        while not self._exhausted and len(self._buffer) < self._lookahead:
            try:
                self._buffer.append(next(self._jobs))
            except StopIteration:
                self._exhausted = True


async def run_batch(
    jobs: Iterable[RunJob],
    workers: int,
    limits: RunLimits,
    prewarm: bool,
    emit: Callable[[RunResult], None],
) -> None:
    """Run every job with ``workers`` at a time, calling ``emit`` with each result.

    Parameters
    ----------
    jobs
        The notebooks to run.
    workers
        How many run at the same time.
    limits
        The limits on each.
    prewarm
        Import numpy, pandas and matplotlib once in the fork server.
    emit
        Called with each result as it is ready.
    """
    context = zmq.asyncio.Context()
    feed = JobFeed(iter(jobs), lookahead=workers + 1)
    pool = KernelPool(workers + 1, context, limits, prewarm, feed.demand)

    async def worker() -> None:
        while (job := feed.next()) is not None:
            emit(await grade_job(job, feed, pool, limits))

    tasks = [asyncio.create_task(worker()) for _ in range(workers)]
    try:
        pool.top_up()
        await until_all_done_or_one_fails(tasks)
    finally:
        await finish_even_if_cancelled(_clean_up(tasks, pool, context))


async def _clean_up(
    tasks: list[asyncio.Task[None]], pool: KernelPool, context: zmq.asyncio.Context
) -> None:
    """Stop the workers (which kills their kernels), empty the pool, close the context."""
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    await pool.close()
    context.destroy(linger=0)


async def grade_job(job: RunJob, feed: JobFeed, pool: KernelPool, limits: RunLimits) -> RunResult:
    """Run one job in a fresh kernel from the pool; never raise for the job's own faults.

    Parameters
    ----------
    job
        The notebook and its files.
    feed
        The batch's feed, told while the job waits for a kernel.
    pool
        The kernel pool.
    limits
        The run's limits.

    Returns
    -------
    RunResult
        What the run produced; ``MALFORMED`` for a notebook or file name refused
        before running, ``CRASHED`` if the grader itself failed.
    """
    try:
        notebook = clean_notebook(job.notebook)
        places = destinations(job)
    except GradingFileError as error:
        return RunResult(job.key, Status.MALFORMED, str(error))
    except Exception as error:  # any fault in the learner's notebook data
        detail = short(f"{type(error).__name__}: {error}")
        return RunResult(job.key, Status.MALFORMED, MALFORMED_REASON.format(detail=detail))
    feed.waiting += 1
    try:
        kernel = await pool.take()
    finally:
        feed.waiting -= 1
    started = monotonic()
    try:
        return await run_in_kernel(job.key, notebook, job.files, places, kernel, limits)
    except Exception as error:
        log.exception("The grader failed while running %r", job.key)
        detail = f"{type(error).__name__}: {error}"
        reason = GRADER_FAULT_REASON.format(detail=detail)
        return RunResult(job.key, Status.CRASHED, reason, seconds=monotonic() - started)
    finally:
        dispose(kernel)
