"""Kernels started ahead of time, and the client of the fork server that starts them.

Runs in: the grader. The fork server itself (:mod:`planlab.grading.execute.launcher`)
runs in its own process; each kernel is forked from it into a new session, with its
own empty folder, a private ``TMPDIR`` and only a few safe environment variables.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import zmq.asyncio
from jupyter_client.connect import write_connection_file

from planlab.errors import KernelStartError
from planlab.grading.execute.messages import short
from planlab.grading.execute.private_api import ProcessKernelClient
from planlab.grading.execute.processes import TrackedProcess, kill_session
from planlab.grading.model import ERROR_MAX_CHARS, STARTUP_TIMEOUT, RunLimits

__all__ = [
    "KERNEL_ENVIRONMENT",
    "PASSED_ENVIRONMENT",
    "PASSED_PREFIXES",
    "ForkServer",
    "Kernel",
    "KernelPool",
    "dispose",
    "kernel_environment",
    "run_quietly",
    "start_kernel",
]

log = logging.getLogger("planlab.grading.runner")

#: Environment variables passed on to kernels; all others (tokens, say) are not.
PASSED_ENVIRONMENT = ("PATH", "HOME", "USER", "LANG", "LANGUAGE", "TZ", "PYTHONPATH", "VIRTUAL_ENV")
#: Prefixes of further environment variables passed on to kernels.
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


def kernel_environment(root: Path) -> dict[str, str]:
    """Return the environment for kernels: a few safe variables, and a private TMPDIR.

    Parameters
    ----------
    root
        The folder whose ``tmp`` becomes ``TMPDIR``.

    Returns
    -------
    dict[str, str]
        The variables a kernel (or the fork server) is started with.
    """
    env = {
        name: value
        for name, value in os.environ.items()
        if name in PASSED_ENVIRONMENT or name.startswith(PASSED_PREFIXES)
    }
    env.update(KERNEL_ENVIRONMENT)
    env["TMPDIR"] = str(root / "tmp")
    return env


class ForkServer:
    """The fork server of :mod:`planlab.grading.execute.launcher`, which starts kernels.

    Parameters
    ----------
    memory_mb
        The address-space cap of every kernel it forks.
    prewarm
        Import numpy, pandas and matplotlib once in the server.
    """

    def __init__(self, memory_mb: int, prewarm: bool) -> None:
        self._memory_mb = memory_mb
        self._prewarm = prewarm
        self._root = Path(tempfile.mkdtemp(prefix="planlab-grading-server-"))
        self._process: asyncio.subprocess.Process | None = None
        self._lock = asyncio.Lock()

    async def fork(self, request: dict[str, Any]) -> int:
        """Ask for a new kernel as ``request`` describes, and return its process id.

        Parameters
        ----------
        request
            ``connection_file``, ``cwd``, ``log`` and ``env``, as the launcher reads them.

        Returns
        -------
        int
            The new kernel's process id.

        Raises
        ------
        KernelStartError
            If the server stopped or did not answer in time.
        """
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
        return short(text[-ERROR_MAX_CHARS:]) or "it left no log"

    async def _start(self) -> None:
        command = [sys.executable, "-m", "planlab.grading.execute.launcher", "--serve"]
        command += ["--memory-mb", str(self._memory_mb)] + ["--prewarm"] * self._prewarm
        with (self._root / "server.log").open("ab") as server_log:
            self._process = await asyncio.create_subprocess_exec(
                *command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=server_log,
                cwd=self._root,
                env=kernel_environment(self._root),
            )


@dataclass
class Kernel:
    """A started kernel with its private folder (``work`` is the kernel's cwd).

    Parameters
    ----------
    root
        The kernel's own temporary folder.
    kc
        The client connected to it.
    process
        Its process.
    """

    root: Path
    kc: ProcessKernelClient
    process: TrackedProcess

    @property
    def work(self) -> Path:
        """The kernel's working folder, which holds only the job's files."""
        return self.root / "work"

    @property
    def log_file(self) -> Path:
        """Where the kernel process's own standard error goes."""
        return self.root / "kernel.log"


async def start_kernel(server: ForkServer, context: zmq.asyncio.Context, root: Path) -> Kernel:
    """Fork a kernel in the new empty folder ``root`` and wait until it answers.

    Parameters
    ----------
    server
        The fork server.
    context
        The batch's ZeroMQ context.
    root
        An empty folder for the kernel; removed again if the kernel fails to start.

    Returns
    -------
    Kernel
        The kernel, ready for requests.
    """
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
        process = TrackedProcess.of(pid)
        kernel = Kernel(root, ProcessKernelClient(process=process, context=context), process)
        kernel.kc.load_connection_file(connection_file)
        kernel.kc.allow_stdin = False
        kernel.kc.start_channels()
        await kernel.kc.wait_for_ready(timeout=STARTUP_TIMEOUT)
    except BaseException:
        if kernel is not None:
            dispose(kernel)
        shutil.rmtree(root, ignore_errors=True)
        raise
    return kernel


async def run_quietly(kernel: Kernel, code: str, timeout: float) -> None:
    """Run the grader's own code in a kernel, silently, outside its history.

    Parameters
    ----------
    kernel
        The kernel.
    code
        Python code (such as :mod:`planlab.grading.kernel.handover`'s).
    timeout
        Seconds to wait for the kernel's reply.
    """
    await kernel.kc.execute_interactive(
        code,
        silent=True,
        store_history=False,
        allow_stdin=False,
        timeout=timeout,
        output_hook=lambda message: None,
    )


def dispose(kernel: Kernel) -> None:
    """Kill a kernel and everything it started, close its channels, remove its folder.

    The fork server collects the dead kernel.

    Parameters
    ----------
    kernel
        The kernel, alive or not.
    """
    kill_session(kernel.process)
    with contextlib.suppress(Exception):
        kernel.kc.stop_channels()
    shutil.rmtree(kernel.root, ignore_errors=True)


class KernelPool:
    """Kernels started ahead of time, refilled in the background as jobs take them.

    Parameters
    ----------
    size
        How many kernels to keep ready or starting.
    context
        The batch's ZeroMQ context.
    limits
        The run's limits (the memory cap applies to every kernel).
    prewarm
        Import numpy, pandas and matplotlib once in the fork server.
    demand
        How many more kernels the remaining jobs need.
    """

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
        self._server = ForkServer(limits.memory_mb, prewarm)
        self._demand = demand
        self._ready: asyncio.Queue[Kernel | BaseException] = asyncio.Queue()
        self._starting: set[asyncio.Task[None]] = set()
        self._roots: list[Path] = []

    def top_up(self) -> None:
        """Start kernels until ready and starting ones cover what is still needed."""
        wanted = min(self._size, self._demand())
        while self._ready.qsize() + len(self._starting) < wanted:
            task = asyncio.create_task(self._start_one())
            self._starting.add(task)
            task.add_done_callback(self._starting.discard)

    async def take(self) -> Kernel:
        """Return a started kernel that is still alive, waiting for one if need be.

        Returns
        -------
        Kernel
            A kernel nobody else has used.

        Raises
        ------
        KernelStartError
            If a kernel could not be started, twice over.
        """
        while True:
            self.top_up()
            item = await self._ready.get()
            if isinstance(item, BaseException):
                raise KernelStartError(f"{type(item).__name__}: {item}") from item
            if item.process.alive():
                self.top_up()
                return item
            dispose(item)

    async def close(self) -> None:
        """Stop starting kernels, kill the ones nobody took, and stop the fork server."""
        for task in list(self._starting):
            task.cancel()
        await asyncio.gather(*self._starting, return_exceptions=True)
        while not self._ready.empty():
            item = self._ready.get_nowait()
            if isinstance(item, Kernel):
                dispose(item)
        await self._server.close()
        for root in self._roots:  # a kernel forked as its start was cancelled may have
            shutil.rmtree(root, ignore_errors=True)  # written here after it was removed

    async def _start_one(self) -> None:
        """Start a kernel, trying twice; put it, or the failure, in the ready queue."""
        failure: BaseException | None = None
        for attempt in (1, 2):
            try:
                root = Path(tempfile.mkdtemp(prefix="planlab-grading-"))
                self._roots.append(root)
                kernel = await start_kernel(self._server, self._context, root)
            except Exception as error:
                log.warning("Starting a grading kernel failed (attempt %d): %s", attempt, error)
                failure = error
            else:
                self._ready.put_nowait(kernel)
                return
        assert failure is not None
        self._ready.put_nowait(failure)
