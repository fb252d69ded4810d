"""Run learners' notebooks, each in a fresh kernel, quickly, fairly and safely.

:func:`run_jobs` takes :class:`~planlab.grading.model.RunJob` s and yields one
:class:`~planlab.grading.model.RunResult` per job as each finishes.

How it works
------------
- **A fresh kernel per job, started ahead of time.** A pool of ``workers + 1``
  kernels is kept ready and refilled in the background as jobs take them. Each
  kernel waits in its own empty temporary folder; when it is handed to a job,
  the job's files are copied in. A kernel is never reused: after its job it is
  killed with every process it started, and its folder is removed.
- **Kernels are forked, not launched.** Starting Python, ipykernel and pandas
  afresh costs about 1.3 s of CPU per kernel, which on a two-core machine is the
  whole cost of grading. So each batch starts one fork server
  (:mod:`planlab.grading.kernel_launcher` ``--serve``) that imports ipykernel
  and, unless ``prewarm=False``, numpy, pandas and matplotlib (Agg) once, and
  forks every kernel from that state in a few milliseconds. That is not learner
  code and leaves no names in the learner's namespace, so it is fair. Each
  kernel gets a new session, its own folder and ``TMPDIR``, the memory cap and
  fresh random seeds. Measured here: 20 notebooks that import pandas, 2 workers,
  5.8 s (launching each kernel with jupyter_client instead: 20 to 23 s).
  Because no kernel manager started the kernel, the client is given the
  kernel's process id to tell whether it is alive; nbclient never needs a
  manager for anything else, as timeouts here kill rather than interrupt.
- **One asyncio event loop in one background thread.** nbclient and
  jupyter_client are asynchronous at heart, so ``workers`` executions, the
  refilling of the pool and the watchdogs all share one loop, with no locks and
  no thread per kernel. :func:`run_jobs` itself is an ordinary generator that
  takes results from that thread through a queue, so it works from a script or
  from a notebook that already runs an event loop.
- **Limits** (:class:`~planlab.grading.model.RunLimits`): per-cell and
  whole-notebook timeouts end in ``os.killpg`` on the kernel's session and a
  kill of any descendant that left it (a process that both leaves the session
  and is orphaned escapes; containers or cgroups would be needed for that). The
  kernel's address space is capped with ``RLIMIT_AS``. A ``MemoryError`` stops
  the run at that cell (later cells would fail confusingly). Output beyond the
  cap is dropped as it arrives, in the kernel as well as here, so a cell
  printing in an endless loop costs neither process memory, only time; answers
  are kept regardless.
- **Answers** leave the kernel only as JSON in ``ANSWER_MIME`` outputs, are
  checked to be plain data and are never unpickled or evaluated. If a question
  is answered twice, the later answer counts. Answers are collected whatever the
  status, so a run stopped at cell 5 still has the answers of cells 1 to 4.
- **Cells** are named by their ``planlab.question`` metadata, else as
  ``"cell N"``, N counting every cell of the notebook (markdown too) from 1, as
  a learner counts them on screen.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import queue
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Coroutine, Iterable, Iterator, Sized
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from time import monotonic
from typing import Any

import nbformat
import psutil
import zmq.asyncio
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.connect import write_connection_file
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from tqdm.auto import tqdm
from traitlets import Any as AnyTrait

from planlab.errors import GradingFileError, InputValueError, KernelStartError
from planlab.grading.explain import error_line
from planlab.grading.model import ANSWER_MIME, RunJob, RunLimits, RunResult, Status

__all__ = ["DEFAULT_LIMITS", "run_jobs"]

log = logging.getLogger(__name__)
#: nbclient's own messages ("Kernel died", "Timeout waiting") become statuses here.
_nbclient_log = logging.getLogger(f"{__name__}.nbclient")
_nbclient_log.addHandler(logging.NullHandler())
_nbclient_log.propagate = False

#: The limits used when none are given.
DEFAULT_LIMITS = RunLimits()
#: Largest single answer payload kept, as JSON bytes.
ANSWER_MAX_BYTES = 1_000_000
#: All answers of one submission together may use this much, beyond the output cap.
ANSWER_BUDGET_BYTES = 32_000_000
#: Deepest nesting of lists and dicts accepted in an answer.
ANSWER_MAX_DEPTH = 20
#: Seconds a kernel may take to start and answer its first request.
STARTUP_TIMEOUT = 60.0
#: Seconds allowed for the grader's own short requests to a kernel.
SETUP_TIMEOUT = 20.0
#: Smallest memory cap accepted: a kernel with pandas loaded already maps about 350 MB.
MIN_MEMORY_MB = 512
#: Longest error message kept in ``RunResult.cell_errors``.
ERROR_MAX_CHARS = 500

#: Run when a kernel is handed to a job, after its files are copied in: see that the
#: new files can be imported, and stop keeping printed text beyond the output cap, so
#: that a cell printing in an endless loop fills neither the kernel's memory nor the
#: grader's (the grader drops such text anyway; this drops it at the source). The cap
#: is a ``write`` property on a subclass of ipykernel's stream class, because IPython 9
#: re-wraps ``stream.write`` around every cell to keep a copy of all printed text in
#: its history, which is itself what fills the memory; the property ignores that.
HANDOVER_CODE = """\
def _planlab_handover(limit):
    import importlib
    import sys
    importlib.invalidate_caches()
    left = [limit]
    def capped(original):
        def write(self, text):
            if left[0] > 0:
                original(self, text[: left[0]])
            left[0] -= len(text)
            return len(text)
        return property(write.__get__, lambda self, value: None)
    for stream in (sys.stdout, sys.stderr):
        cls = type(stream)
        members = {{"write": capped(cls.write), "__module__": cls.__module__}}
        stream.__class__ = type(cls.__name__, (cls,), members)
        stream.__dict__.pop("write", None)
_planlab_handover({limit})
del _planlab_handover
"""
#: Characters of printed text a kernel sends beyond the output cap, so the cap is seen.
HANDOVER_MARGIN = 1024

#: Environment variables passed on to kernels; all others (tokens, say) are not.
PASSED_ENVIRONMENT = ("PATH", "HOME", "USER", "LANG", "LANGUAGE", "TZ", "PYTHONPATH", "VIRTUAL_ENV")
PASSED_PREFIXES = ("LC_", "JUPYTER_", "XDG_", "PLANLAB_")
#: Set for every kernel: one thread per numerical library, as workers share the cores.
KERNEL_ENVIRONMENT = {
    "MPLBACKEND": "Agg",
    # glibc reserves 64 MB of address space per thread otherwise, and ipykernel runs
    # about ten threads: that would take most of a 1 GB RLIMIT_AS before any learner code.
    "MALLOC_ARENA_MAX": "2",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}

CELL_TIMEOUT_REASON = (
    "Cell {cell} ran for more than {seconds:g} s and was stopped. "
    "Look for a loop that never ends, or work on less data."
)
NOTEBOOK_TIMEOUT_REASON = (
    "The notebook ran for more than {seconds:g} s in all and was stopped in cell {cell}. "
    "Look for a loop that never ends, and make the slowest cells faster."
)
MEMORY_REASON = (
    "Cell {cell} needed more than the {memory_mb} MB of memory allowed and was stopped. "
    "Work on a smaller part of the data, or delete large objects you no longer need (del name)."
)
CRASHED_REASON = (
    "The Python kernel stopped during cell {cell}, for example through exit(), os._exit() or "
    "a crash inside a library, so the cells after it were not run. Run the notebook from the top "
    "(Restart & Run All) to see where it stops."
)
GRADER_FAULT_REASON = (
    "The grader failed while running this notebook ({detail}). This is not the learner's "
    "fault: run it again, and report it to the course team if it happens again."
)
MALFORMED_REASON = (
    "The notebook is not a valid Jupyter notebook ({detail}), so it was not run. "
    "Open it in Jupyter, save it again, and resubmit it."
)


# ----------------------------------------------------------------------------
# Public API
# ----------------------------------------------------------------------------


def run_jobs(
    jobs: Iterable[RunJob],
    *,
    workers: int = 2,
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
    if not isinstance(workers, int) or workers < 1:
        raise InputValueError("workers", workers, "a whole number of at least 1")
    _check_limits(limits)
    return _run_batch(jobs, workers, limits, progress, description, prewarm)


def _check_limits(limits: RunLimits) -> None:
    """Refuse limits no notebook could be run within."""
    for name in ("cell_timeout", "submission_timeout"):
        if not getattr(limits, name) > 0:
            raise InputValueError(f"limits.{name}", getattr(limits, name), "a positive number")
    if not limits.memory_mb >= MIN_MEMORY_MB:
        expected = f"at least {MIN_MEMORY_MB} (a kernel with pandas loaded maps about 350 MB)"
        raise InputValueError("limits.memory_mb", limits.memory_mb, expected)
    if not limits.max_output_bytes >= 0:
        raise InputValueError("limits.max_output_bytes", limits.max_output_bytes, "0 or more")


def _run_batch(
    jobs: Iterable[RunJob],
    workers: int,
    limits: RunLimits,
    progress: bool,
    description: str,
    prewarm: bool,
) -> Iterator[RunResult]:
    """Run the batch in a background thread and yield its results with a progress bar."""
    total = len(jobs) if isinstance(jobs, Sized) else None
    batch = _BatchThread(jobs, workers, limits, prewarm)
    bar = tqdm(total=total, desc=description, unit="notebook", disable=not progress)
    batch.start()
    try:
        yield from _results_with_progress(batch, bar)
    finally:
        batch.stop()
        bar.close()


def _results_with_progress(batch: _BatchThread, bar: Any) -> Iterator[RunResult]:
    """Yield results from ``batch`` until it is done, moving the progress bar."""
    problems = 0
    for result in batch.results():
        problems += result.status is not Status.GRADED
        bar.update(1)
        bar.set_postfix_str(f"{problems} not graded", refresh=False)
        yield result


# ----------------------------------------------------------------------------
# The batch: a background thread with one event loop
# ----------------------------------------------------------------------------


class _Done:
    """Marks the end of the results queue."""


class _BatchThread:
    """Run a batch in a background thread's event loop and hand results over a queue."""

    def __init__(
        self, jobs: Iterable[RunJob], workers: int, limits: RunLimits, prewarm: bool
    ) -> None:
        self._jobs = jobs
        self._workers = workers
        self._limits = limits
        self._prewarm = prewarm
        self._queue: queue.Queue[RunResult | BaseException | _Done] = queue.Queue()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._main, name="planlab-grading", daemon=True)

    def start(self) -> None:
        """Start the background thread and wait until its loop runs."""
        self._thread.start()
        self._ready.wait()

    def results(self) -> Iterator[RunResult]:
        """Yield results until the batch ends; re-raise the batch's own failure."""
        while True:
            item = self._queue.get()
            if isinstance(item, _Done):
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def stop(self) -> None:
        """Cancel whatever still runs, which kills its kernels, and wait for the thread."""
        if self._loop is not None and self._task is not None and not self._task.done():
            with contextlib.suppress(RuntimeError):
                self._loop.call_soon_threadsafe(self._task.cancel)
        self._thread.join(timeout=60)

    def _main(self) -> None:
        try:
            asyncio.run(self._run())
        except asyncio.CancelledError:
            pass
        except BaseException as error:  # handed to the consuming thread
            self._queue.put(error)
        finally:
            self._ready.set()
            self._queue.put(_Done())

    async def _run(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._task = asyncio.current_task()
        self._ready.set()
        context = zmq.asyncio.Context()
        feed = _JobFeed(iter(self._jobs), lookahead=self._workers + 1)
        pool = _KernelPool(self._workers + 1, context, self._limits, self._prewarm, feed.demand)
        workers = [asyncio.create_task(self._worker(feed, pool)) for _ in range(self._workers)]
        try:
            pool.top_up()
            await _until_all_done_or_one_fails(workers)
        finally:
            await _finish_even_if_cancelled(_clean_up(workers, pool, context))

    async def _worker(self, feed: _JobFeed, pool: _KernelPool) -> None:
        while (job := feed.next()) is not None:
            self._queue.put(await _grade(job, feed, pool, self._limits))


async def _clean_up(
    workers: list[asyncio.Task[None]], pool: _KernelPool, context: zmq.asyncio.Context
) -> None:
    """Stop the workers (which kills their kernels), empty the pool, close the context."""
    for task in workers:
        task.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    await pool.close()
    context.destroy(linger=0)


async def _finish_even_if_cancelled(work: Coroutine[Any, Any, None]) -> None:
    """Run ``work`` to its end, even when the task running it is cancelled meanwhile."""
    task = asyncio.ensure_future(work)
    while not task.done():
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.shield(task)
    task.result()


async def _until_all_done_or_one_fails(tasks: list[asyncio.Task[None]]) -> None:
    """Wait for ``tasks``; if one fails, re-raise its error (the caller cancels the rest)."""
    done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    for task in done:
        if not task.cancelled() and task.exception() is not None:
            raise task.exception()


class _JobFeed:
    """Take jobs from an iterator a few ahead, so the pool knows how many kernels to start."""

    def __init__(self, jobs: Iterator[RunJob], lookahead: int) -> None:
        self._jobs = jobs
        self._lookahead = lookahead
        self._buffer: deque[RunJob] = deque()
        self._exhausted = False
        #: Jobs taken from the feed that are still waiting for a kernel.
        self.waiting = 0

    def next(self) -> RunJob | None:
        """Return the next job, or None when there are no more."""
        self._fill()
        return self._buffer.popleft() if self._buffer else None

    def demand(self) -> int:
        """Return how many more kernels the remaining jobs need (a large number if unknown)."""
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


# ----------------------------------------------------------------------------
# Kernels: start, pool, hand over, kill
# ----------------------------------------------------------------------------


class _ForkServer:
    """The fork server of :mod:`planlab.grading.kernel_launcher`, which starts kernels."""

    def __init__(self, memory_mb: int, prewarm: bool) -> None:
        self._memory_mb = memory_mb
        self._prewarm = prewarm
        self._root = Path(tempfile.mkdtemp(prefix="planlab-grading-server-"))
        self._process: asyncio.subprocess.Process | None = None
        self._lock = asyncio.Lock()

    async def fork(self, request: dict[str, Any]) -> int:
        """Ask for a new kernel as ``request`` describes, and return its process id."""
        async with self._lock:
            if self._process is None or self._process.returncode is not None:
                await self._start()
            assert self._process is not None
            stdin, stdout = self._process.stdin, self._process.stdout
            assert stdin is not None
            assert stdout is not None
            stdin.write(json.dumps(request).encode() + b"\n")
            await stdin.drain()
            try:
                line = await asyncio.wait_for(stdout.readline(), STARTUP_TIMEOUT)
            except TimeoutError:
                self._process.kill()  # its answers are out of step now; start afresh
                line = b""
        if not line:
            await self._process.wait()  # so that the next request starts a new server
            raise KernelStartError(f"the fork server stopped: {self._log_tail()}")
        return int(json.loads(line)["pid"])

    async def close(self) -> None:
        """Stop the server, which kills any kernel it started, and remove its folder."""
        if self._process is not None and self._process.returncode is None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            try:
                await asyncio.wait_for(self._process.wait(), 10)
            except TimeoutError:
                self._process.kill()
                await self._process.wait()
        shutil.rmtree(self._root, ignore_errors=True)

    def _log_tail(self) -> str:
        """Return the end of the server's error log, on one line."""
        try:
            text = (self._root / "server.log").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "it left no log"
        return _short(text[-ERROR_MAX_CHARS:]) or "it left no log"

    async def _start(self) -> None:
        command = [sys.executable, "-m", "planlab.grading.kernel_launcher", "--serve"]
        command += ["--memory-mb", str(self._memory_mb)] + ["--prewarm"] * self._prewarm
        with (self._root / "server.log").open("ab") as server_log:
            self._process = await asyncio.create_subprocess_exec(
                *command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=server_log,
                cwd=self._root,
                env=_kernel_environment(self._root),
            )


@dataclass(frozen=True)
class _Process:
    """A process, known by its id and its start time, so a reused id is not taken for it."""

    pid: int
    created: float

    @classmethod
    def of(cls, pid: int) -> _Process:
        """Identify the running process ``pid``."""
        return cls(pid, psutil.Process(pid).create_time())

    def handle(self) -> psutil.Process | None:
        """Return this very process, or None when it is gone (its id may be reused)."""
        try:
            process = psutil.Process(self.pid)
            return process if process.create_time() == self.created else None
        except psutil.Error:
            return None

    def alive(self) -> bool:
        """Tell whether the process runs (a zombie does not)."""
        process = self.handle()
        try:
            return process is not None and process.status() != psutil.STATUS_ZOMBIE
        except psutil.Error:
            return False


class _KernelClient(AsyncKernelClient):
    """A kernel client that watches its kernel's process, as it has no kernel manager."""

    process = AnyTrait(None, help="The kernel's _Process.")

    async def _async_is_alive(self) -> bool:
        return self.process is not None and self.process.alive()

    is_alive = _async_is_alive


@dataclass
class _Kernel:
    """A started kernel with its private folder (``work`` is the kernel's cwd)."""

    root: Path
    kc: _KernelClient
    process: _Process

    @property
    def work(self) -> Path:
        """The kernel's working folder, which holds only the job's files."""
        return self.root / "work"

    @property
    def log_file(self) -> Path:
        """Where the kernel process's own standard error goes."""
        return self.root / "kernel.log"


def _kernel_environment(root: Path) -> dict[str, str]:
    """Return the environment for kernels: a few safe variables, and a private TMPDIR."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name in PASSED_ENVIRONMENT or name.startswith(PASSED_PREFIXES)
    }
    env.update(KERNEL_ENVIRONMENT)
    env["TMPDIR"] = str(root / "tmp")
    return env


async def _start_kernel(server: _ForkServer, context: zmq.asyncio.Context, root: Path) -> _Kernel:
    """Fork a kernel in the new empty folder ``root`` and wait until it answers."""
    for folder in ("work", "tmp"):
        (root / folder).mkdir()
    (root / "kernel.log").touch(mode=0o600)
    connection_file, _ = write_connection_file(
        str(root / "kernel.json"),
        transport="ipc",
        ip=str(root / "ipc"),
        key=secrets.token_hex(32).encode(),
    )
    kernel = None
    try:
        pid = await server.fork(
            {
                "connection_file": connection_file,
                "cwd": str(root / "work"),
                "log": str(root / "kernel.log"),
                "env": {"TMPDIR": str(root / "tmp")},
            }
        )
        process = _Process.of(pid)
        kernel = _Kernel(root, _KernelClient(process=process, context=context), process)
        kernel.kc.load_connection_file(connection_file)
        kernel.kc.allow_stdin = False
        kernel.kc.start_channels()
        await kernel.kc.wait_for_ready(timeout=STARTUP_TIMEOUT)
    except BaseException:
        if kernel is not None:
            _dispose(kernel)
        shutil.rmtree(root, ignore_errors=True)
        raise
    return kernel


async def _run_quietly(kernel: _Kernel, code: str, timeout: float) -> None:
    """Run the grader's own code in a kernel, silently, outside its history."""
    await kernel.kc.execute_interactive(
        code,
        silent=True,
        store_history=False,
        allow_stdin=False,
        timeout=timeout,
        output_hook=lambda message: None,
    )


def _kill_kernel(kernel: _Kernel) -> None:
    """Kill a kernel, its process group and session, and every descendant that left them.

    The fork server starts each kernel in a new session, so the kernel's pid is also
    the id of its session and process group. Linux does not reuse that id while any
    process of the group or session lives, so they can be found after the kernel died.
    """
    pid = kernel.process.pid
    leader = kernel.process.handle()
    if leader is None and psutil.pid_exists(pid):
        return  # the id now belongs to an unrelated process: nothing of ours is left
    doomed = _descendants(leader) + [p for p in psutil.process_iter() if _in_session(p, pid)]
    with contextlib.suppress(OSError):
        os.killpg(pid, signal.SIGKILL)
    for process in doomed:
        with contextlib.suppress(psutil.Error):
            process.kill()


def _descendants(process: psutil.Process | None) -> list[psutil.Process]:
    """Return ``process`` and all its descendants (empty if it is gone)."""
    try:
        return [process, *process.children(recursive=True)] if process else []
    except psutil.Error:
        return []


def _in_session(process: psutil.Process, session: int) -> bool:
    """Tell whether ``process`` belongs to the session ``session`` (not the grader's)."""
    try:
        return process.pid != os.getpid() and os.getsid(process.pid) == session
    except OSError:
        return False


def _dispose(kernel: _Kernel) -> None:
    """Kill a kernel and everything it started, close its channels, remove its folder.

    The fork server collects the dead kernel.
    """
    _kill_kernel(kernel)
    with contextlib.suppress(Exception):
        kernel.kc.stop_channels()
    shutil.rmtree(kernel.root, ignore_errors=True)


class _KernelPool:
    """Kernels started ahead of time, refilled in the background as jobs take them."""

    def __init__(
        self,
        size: int,
        context: zmq.asyncio.Context,
        limits: RunLimits,
        prewarm: bool,
        demand: Callable[[], int],
    ) -> None:
        self._size = size
        self._context = context
        self._server = _ForkServer(limits.memory_mb, prewarm)
        self._demand = demand
        self._ready: asyncio.Queue[_Kernel | BaseException] = asyncio.Queue()
        self._starting: set[asyncio.Task[None]] = set()
        self._roots: list[Path] = []

    def top_up(self) -> None:
        """Start kernels until ready and starting ones cover what is still needed."""
        wanted = min(self._size, self._demand())
        while self._ready.qsize() + len(self._starting) < wanted:
            task = asyncio.create_task(self._start_one())
            self._starting.add(task)
            task.add_done_callback(self._starting.discard)

    async def take(self) -> _Kernel:
        """Return a started kernel that is still alive, waiting for one if need be."""
        while True:
            self.top_up()
            item = await self._ready.get()
            if isinstance(item, BaseException):
                raise KernelStartError(f"{type(item).__name__}: {item}") from item
            if item.process.alive():
                self.top_up()
                return item
            _dispose(item)

    async def close(self) -> None:
        """Stop starting kernels, kill the ones nobody took, and stop the fork server."""
        for task in list(self._starting):
            task.cancel()
        await asyncio.gather(*self._starting, return_exceptions=True)
        while not self._ready.empty():
            item = self._ready.get_nowait()
            if isinstance(item, _Kernel):
                _dispose(item)
        await self._server.close()
        for root in self._roots:  # a kernel forked as its start was cancelled may have
            shutil.rmtree(root, ignore_errors=True)  # written here after it was removed

    async def _start_one(self) -> None:
        """Start a kernel, trying twice; put it, or the failure, in the ready queue."""
        for attempt in (1, 2):
            try:
                root = Path(tempfile.mkdtemp(prefix="planlab-grading-"))
                self._roots.append(root)
                kernel = await _start_kernel(self._server, self._context, root)
            except Exception as error:
                log.warning("Starting a grading kernel failed (attempt %d): %s", attempt, error)
                failure: BaseException = error
            else:
                self._ready.put_nowait(kernel)
                return
        self._ready.put_nowait(failure)


# ----------------------------------------------------------------------------
# One job
# ----------------------------------------------------------------------------


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


async def _grade(job: RunJob, feed: _JobFeed, pool: _KernelPool, limits: RunLimits) -> RunResult:
    """Run one job in a fresh kernel from the pool; never raise for the job's own faults."""
    try:
        notebook = _clean_notebook(job.notebook)
        destinations = _destinations(job)
    except GradingFileError as error:
        return RunResult(job.key, Status.MALFORMED, str(error))
    except Exception as error:  # any fault in the learner's notebook data
        detail = _short(f"{type(error).__name__}: {error}")
        return RunResult(job.key, Status.MALFORMED, MALFORMED_REASON.format(detail=detail))
    feed.waiting += 1
    try:
        kernel = await pool.take()
    finally:
        feed.waiting -= 1
    started = monotonic()
    try:
        return await _run_in_kernel(job.key, notebook, job.files, destinations, kernel, limits)
    except Exception as error:
        log.exception("The grader failed while running %r", job.key)
        detail = f"{type(error).__name__}: {error}"
        reason = GRADER_FAULT_REASON.format(detail=detail)
        return RunResult(job.key, Status.CRASHED, reason, seconds=monotonic() - started)
    finally:
        _dispose(kernel)


def _clean_notebook(notebook: Any) -> Any:
    """Return a copy of the notebook's cells without outputs or attachments."""
    cells = []
    for cell in notebook["cells"]:
        source = cell["source"]
        source = "".join(source) if isinstance(source, list) else source
        if not isinstance(source, str):
            raise TypeError(f"a cell's source is {type(source).__name__}, not text")
        metadata = dict(cell.get("metadata", {}))
        if cell["cell_type"] == "code":
            cells.append(nbformat.v4.new_code_cell(source, metadata=metadata))
        else:
            cells.append(nbformat.v4.new_markdown_cell(source, metadata=metadata))
    return nbformat.v4.new_notebook(cells=cells)


def _destinations(job: RunJob) -> dict[str, PurePosixPath]:
    """Check every file name of ``job`` and return them as relative paths."""
    return {name: _safe_relative_path(job.key, name) for name in job.files}


def _safe_relative_path(job: str, name: str) -> PurePosixPath:
    """Return ``name`` as a relative path, or refuse it if it could leave the folder."""
    path = PurePosixPath(name) if isinstance(name, str) else None
    if (
        path is None
        or not name.strip()
        or "\\" in name
        or "\0" in name
        or path.is_absolute()
        or ".." in path.parts
        or path.parts in ((), (".",))
    ):
        raise GradingFileError(job, str(name))
    return path


def _copy_files(
    files: dict[str, Path], destinations: dict[str, PurePosixPath], folder: Path
) -> None:
    """Copy each file (or folder) in ``files`` to its place inside ``folder``."""
    for name, source in files.items():
        target = folder.joinpath(destinations[name])
        target.parent.mkdir(parents=True, exist_ok=True)
        if Path(source).is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copyfile(source, target)


async def _run_in_kernel(
    key: str,
    notebook: Any,
    files: dict[str, Path],
    destinations: dict[str, PurePosixPath],
    kernel: _Kernel,
    limits: RunLimits,
) -> RunResult:
    """Copy the job's files in, run the notebook's cells, and collect the answers."""
    started = monotonic()
    try:
        _copy_files(files, destinations, kernel.work)
    except OSError as error:
        reason = f"A file for this notebook could not be copied ({error}), so it was not run."
        return RunResult(key, Status.MALFORMED, reason)
    handover = HANDOVER_CODE.format(limit=limits.max_output_bytes + HANDOVER_MARGIN)
    await _run_quietly(kernel, handover, SETUP_TIMEOUT)
    client = _GradingClient(notebook, kernel, limits)
    outcome = await _execute_cells(client, kernel, limits)
    answers, answer_errors = _collect_answers(notebook, client.oversized)
    cell_errors = _merge_errors(outcome.cell_errors, answer_errors)
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


async def _execute_cells(client: _GradingClient, kernel: _Kernel, limits: RunLimits) -> _Outcome:
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
                _add_error(outcome.cell_errors, _cell_key(cell, index), error)
            if error and place:
                outcome.error_lines.setdefault(_cell_key(cell, index), place)
            if outcome.stop is not None:
                break
    finally:
        watcher.cancel()
    return outcome


async def _execute_one(
    client: _GradingClient, kernel: _Kernel, limits: RunLimits, cell: Any, index: int
) -> _Stop | None:
    """Run one cell; return why the run must stop, or None to go on."""
    label = _cell_label(cell, index)
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
        _kill_kernel(kernel)
        return _timeout_stop(label, limits, whole=client.submission_limited)
    except DeadKernelError:
        if kernel.process.alive():  # only nbclient's way of being cancelled
            _kill_kernel(kernel)
            return _timeout_stop(label, limits, whole=client.submission_limited)
        _kill_kernel(kernel)
        if _died_of_memory(kernel, client.peak_memory, limits.memory_mb):
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


async def _watch_memory(kernel: _Kernel, client: _GradingClient) -> None:
    """Record the kernel's peak address-space size while its cells run."""
    process = kernel.process.handle()
    if process is None:
        return
    with contextlib.suppress(psutil.Error):
        while True:
            client.peak_memory = max(client.peak_memory, process.memory_info().vms)
            await asyncio.sleep(0.1)


MEMORY_WORDS = (b"MemoryError", b"bad_alloc", b"Cannot allocate memory", b"out of memory")


def _died_of_memory(kernel: _Kernel, peak_bytes: int, memory_mb: int) -> bool:
    """Tell whether a dead kernel most likely died for want of memory."""
    if peak_bytes >= 0.9 * memory_mb * 1024 * 1024:
        return True
    try:
        with kernel.log_file.open("rb") as kernel_log:
            kernel_log.seek(max(0, kernel_log.seek(0, os.SEEK_END) - 65536))
            tail = kernel_log.read()
    except OSError:
        return False
    return any(word in tail for word in MEMORY_WORDS)


def _cell_key(cell: Any, index: int) -> str:
    """Return the cell's question id, or ``"cell N"`` counting every cell from 1."""
    question = cell.get("metadata", {}).get("planlab", {})
    question = question.get("question") if isinstance(question, dict) else None
    if isinstance(question, str) and question.strip():
        return question
    return f"cell {index + 1}"


def _cell_label(cell: Any, index: int) -> str:
    """Return how a reason names a cell: ``'q3'`` for a question, else its number."""
    key = _cell_key(cell, index)
    return str(index + 1) if key == f"cell {index + 1}" else repr(key)


def _add_error(errors: dict[str, str], key: str, message: str) -> None:
    """Record ``message`` for ``key``, after any message already there."""
    errors[key] = f"{errors[key]}; {message}" if key in errors else message


def _merge_errors(*groups: dict[str, str]) -> dict[str, str]:
    """Merge error dictionaries, keeping every message."""
    merged: dict[str, str] = {}
    for group in groups:
        for key, message in group.items():
            _add_error(merged, key, message)
    return merged


def _short(text: str) -> str:
    """Shorten ``text`` to ``ERROR_MAX_CHARS`` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= ERROR_MAX_CHARS else text[: ERROR_MAX_CHARS - 1] + "…"


# ----------------------------------------------------------------------------
# nbclient, with output limits and error bookkeeping
# ----------------------------------------------------------------------------


class _GradingClient(NotebookClient):
    """An nbclient that drops output beyond the cap and remembers each cell's error."""

    def __init__(self, notebook: Any, kernel: _Kernel, limits: RunLimits) -> None:
        super().__init__(
            notebook,
            allow_errors=True,
            record_timing=False,
            shell_timeout_interval=1,
            iopub_timeout=2,
            log=_nbclient_log,
        )
        self.kc = kernel.kc
        self.timeout_func = self._cell_timeout
        self.on_cell_executed = self._remember_reply
        self._limits = limits
        self._deadline = monotonic() + limits.submission_timeout
        self.submission_limited = False
        self.output_bytes = 0
        self.answer_bytes = 0
        self.truncated = False
        self.peak_memory = 0
        self.oversized: dict[int, list[str]] = {}
        self.last_error_name = ""
        self._error = ""
        self._place: tuple[int, str] | None = None

    # Limits -------------------------------------------------------------

    def seconds_left(self) -> float:
        """Seconds left of the whole-notebook limit."""
        return self._deadline - monotonic()

    def seconds_for_cell(self) -> float:
        """Seconds the next cell may run: the cell limit, or less near the deadline."""
        return max(0.01, min(self._limits.cell_timeout, self.seconds_left()))

    def _cell_timeout(self, cell: Any) -> float:
        self.submission_limited = self.seconds_left() < self._limits.cell_timeout
        return self.seconds_for_cell()

    # Errors -------------------------------------------------------------

    def _remember_reply(self, cell: Any, cell_index: int, execute_reply: Any) -> None:
        content = (execute_reply or {}).get("content", {})
        if content.get("status") == "error":
            self.last_error_name = str(content.get("ename", "Error"))
            message = f"{self.last_error_name}: {content.get('evalue', '')}"
            self._error = _short(message.strip().removesuffix(":"))
            traceback = content.get("traceback", [])
            line, code = error_line(traceback if isinstance(traceback, list) else [], cell.source)
            self._place = (line, code) if line else None
        else:
            self.last_error_name = ""
            self._error = ""
            self._place = None

    def take_place(self) -> tuple[int, str] | None:
        """Return the line (and its code) where the last cell's error happened, and forget it."""
        place, self._place = self._place, None
        return place

    def take_error(self) -> str:
        """Return the last cell's error as ``"Name: message"`` ('' if none), and forget it."""
        error, self._error = self._error, ""
        return error

    # Output -------------------------------------------------------------

    def output(
        self, outs: list[Any], msg: dict[str, Any], display_id: str | None, cell_index: int
    ) -> Any:
        """Keep an output if it fits the cap; keep answers apart from the cap."""
        data = msg.get("content", {}).get("data")
        if isinstance(data, dict) and ANSWER_MIME in data:
            answer = self._answer_only(msg, cell_index)
            return None if answer is None else super().output(outs, answer, None, cell_index)
        if not self._fits(_message_size(msg)):
            return None
        return super().output(outs, msg, display_id, cell_index)

    def _update_display_id(self, display_id: str, msg: dict[str, Any]) -> None:
        if self._fits(_message_size(msg)):
            super()._update_display_id(display_id, msg)

    def handle_comm_msg(self, outs: list[Any], msg: dict[str, Any], cell_index: int) -> None:
        """Ignore widget messages: grading needs no widget state, and it could grow."""

    def _fits(self, size: int) -> bool:
        if self.output_bytes + size > self._limits.max_output_bytes:
            self.truncated = True
            return False
        self.output_bytes += size
        return True

    def _answer_only(self, msg: dict[str, Any], cell_index: int) -> dict[str, Any] | None:
        """Return the message with only its answer, or None if the answer is too large."""
        content = msg["content"]
        payload = content["data"][ANSWER_MIME]
        size = _json_size(payload)
        if size > ANSWER_MAX_BYTES:
            problem = f"AnswerError: {_question_name(payload)} is larger than 1 MB and was ignored"
            self.oversized.setdefault(cell_index, []).append(problem + "; return a smaller value.")
            return None
        if self.answer_bytes + size > ANSWER_BUDGET_BYTES:
            self.truncated = True
            problem = f"AnswerError: {_question_name(payload)} came after too many answers"
            self.oversized.setdefault(cell_index, []).append(problem + " and was ignored.")
            return None
        self.answer_bytes += size
        return {**msg, "content": {**content, "data": {ANSWER_MIME: payload}, "metadata": {}}}


def _message_size(msg: dict[str, Any]) -> int:
    """Return roughly how many bytes an output message would add to the notebook."""
    content = msg.get("content", {})
    if "text" in content:
        return len(str(content["text"]).encode("utf-8", "replace"))
    if "traceback" in content:
        return sum(len(str(line)) for line in content["traceback"]) + len(content.get("evalue", ""))
    data = content.get("data", {})
    return sum(len(v) if isinstance(v, str) else _json_size(v) for v in data.values())


def _json_size(value: Any) -> int:
    """Return the length of ``value`` as JSON, or a huge number if it is not JSON."""
    try:
        return len(json.dumps(value))
    except (TypeError, ValueError):
        return sys.maxsize


def _question_name(payload: Any) -> str:
    """Name the question an answer payload is for, for an error message."""
    question = payload.get("question") if isinstance(payload, dict) else None
    return f"the answer to {question!r}" if isinstance(question, str) else "an answer"


# ----------------------------------------------------------------------------
# Answers
# ----------------------------------------------------------------------------


class _AnswerShapeError(ValueError):
    """An answer payload that is not plain JSON data of the expected shape."""


def _collect_answers(
    notebook: Any, oversized: dict[int, list[str]]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Return the answers in the notebook's outputs, and problems with any, by cell key."""
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for index, cell in enumerate(notebook.cells):
        key = _cell_key(cell, index)
        for problem in oversized.get(index, []):
            _add_error(errors, key, problem)
        for output in cell.get("outputs", []):
            data = output.get("data") if isinstance(output, dict) else None
            if not isinstance(data, dict) or ANSWER_MIME not in data:
                continue
            try:
                question, value = _read_answer(data[ANSWER_MIME])
            except _AnswerShapeError as problem:
                _add_error(errors, key, f"AnswerError: {problem}")
            else:
                answers[question] = value
    return answers, errors


def _read_answer(payload: Any) -> tuple[str, Any]:
    """Return ``(question, value)`` from an answer payload, checked to be plain data."""
    if not isinstance(payload, dict) or "value" not in payload:
        raise _AnswerShapeError("an answer must be a JSON object with 'question' and 'value'")
    question = payload.get("question")
    if not isinstance(question, str) or not question.strip():
        raise _AnswerShapeError("an answer's 'question' must be a non-empty text id")
    return question, _plain(payload["value"], question, 0)


def _plain(value: Any, question: str, depth: int) -> Any:
    """Return a plain copy of ``value``, refusing anything but JSON's own types."""
    if depth > ANSWER_MAX_DEPTH:
        raise _AnswerShapeError(
            f"the answer to {question!r} is nested more than {ANSWER_MAX_DEPTH} levels deep"
        )
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [_plain(item, question, depth + 1) for item in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {k: _plain(item, question, depth + 1) for k, item in value.items()}
    raise _AnswerShapeError(
        f"the answer to {question!r} holds a {type(value).__name__}, which is not plain data"
    )
