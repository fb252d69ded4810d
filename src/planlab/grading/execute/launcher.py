"""Start IPython kernels whose address space is capped, for the batch grader.

Two ways to use it:

``python -m planlab.grading.execute.launcher --memory-mb 2048 -f {connection_file}``
    Start one kernel. This process caps its own address space (``RLIMIT_AS``, the
    soft and the hard limit, so learner code cannot raise it) and then becomes the
    kernel, so the cap covers the kernel and every process it starts. Arguments
    other than ``--memory-mb`` go to ipykernel. It can serve as a kernel spec's
    ``argv``.

``python -m planlab.grading.execute.launcher --serve --memory-mb 2048 [--prewarm]``
    A fork server, which is what :mod:`planlab.grading.execute.pool` uses. It imports
    ipykernel (and, with ``--prewarm``, numpy, pandas and matplotlib) once, then
    reads one JSON request per line on standard input and answers each with the
    process id of a new kernel, forked from itself: ``{"pid": 1234}``. A request
    is ``{"connection_file": ..., "cwd": ..., "log": ..., "env": {...}}``. Each
    kernel gets a new session (so ``os.killpg(pid, SIGKILL)`` stops it and all it
    starts), its own working folder, the memory cap, fresh random seeds, and its
    standard error in ``log``. A fork takes a few milliseconds where starting
    Python, ipykernel and pandas afresh takes over a second of CPU. The server
    stops, killing the kernels it started, when its standard input closes.

Runs in: its own process (the fork server), and in each kernel it forks until
ipykernel takes over; never in the grader's process. POSIX only (``resource``,
``fork``), and it imports only the standard library, so forking stays cheap.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import resource
import signal
import sys
import tempfile
import traceback
from collections.abc import Sequence
from typing import Any

__all__ = [
    "KERNEL_ARGUMENTS",
    "MEBIBYTE",
    "PREWARM_MODULES",
    "cap_address_space",
    "launch_kernel",
    "main",
    "parse_arguments",
    "prewarm",
    "serve",
]

#: Bytes in a mebibyte, the unit of ``--memory-mb``.
MEBIBYTE = 1024 * 1024
#: Imported by the fork server with ``--prewarm``, so kernels need not import them.
PREWARM_MODULES = ("numpy", "pandas", "matplotlib", "matplotlib.pyplot")
#: Extra arguments for every kernel, unless given otherwise: no history file on disk.
KERNEL_ARGUMENTS = ("--HistoryManager.hist_file=:memory:",)


def parse_arguments(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """Split the command line into this launcher's options and ipykernel's arguments.

    Parameters
    ----------
    argv
        The arguments after the program name.

    Returns
    -------
    tuple[argparse.Namespace, list[str]]
        ``memory_mb``, ``serve`` and ``prewarm``; and the arguments left for ipykernel.
    """
    parser = argparse.ArgumentParser(
        prog="python -m planlab.grading.execute.launcher",
        description="Start IPython kernels with a cap on their address space.",
    )
    parser.add_argument(
        "--memory-mb", type=int, required=True, help="address-space cap in mebibytes"
    )
    parser.add_argument("--serve", action="store_true", help="run as a fork server")
    parser.add_argument(
        "--prewarm", action="store_true", help="import numpy, pandas and matplotlib first"
    )
    known, rest = parser.parse_known_args(list(argv))
    if known.memory_mb <= 0:
        parser.error(f"--memory-mb was {known.memory_mb}, but it must be a positive number.")
    return known, rest


def cap_address_space(memory_mb: int) -> None:
    """Cap this process's address space, soft and hard limit alike.

    Parameters
    ----------
    memory_mb
        The cap in mebibytes.
    """
    limit = memory_mb * MEBIBYTE
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def prewarm() -> None:
    """Import the course's heavy libraries, with matplotlib drawing off screen."""
    for name in PREWARM_MODULES:
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    with contextlib.suppress(Exception):
        sys.modules["matplotlib"].use("Agg")


def launch_kernel(arguments: Sequence[str]) -> None:
    """Run ipykernel in this process with ``arguments``.

    Parameters
    ----------
    arguments
        Command-line arguments for ipykernel, such as ``["-f", "kernel.json"]``.
    """
    from ipykernel.kernelapp import launch_new_instance

    given = {argument.split("=", 1)[0] for argument in arguments}
    extra = [a for a in KERNEL_ARGUMENTS if a.split("=", 1)[0] not in given]
    launch_new_instance(argv=[*arguments, *extra])


# ----------------------------------------------------------------------------
# Fork server
# ----------------------------------------------------------------------------


def serve(memory_mb: int, warm: bool) -> None:
    """Fork a kernel for each request on standard input, until it closes.

    Parameters
    ----------
    memory_mb
        The address-space cap of each kernel, in mebibytes.
    warm
        Import numpy, pandas and matplotlib before forking any kernel.
    """
    import ipykernel.kernelapp  # noqa: F401  (imported once, for every kernel)

    if warm:
        prewarm()
    kernels: set[int] = set()
    signal.signal(signal.SIGCHLD, lambda signum, frame: _reap(kernels))
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _become_kernel(request, memory_mb)
        kernels.add(pid)
        answers.write(json.dumps({"pid": pid}) + "\n")
    for pid in list(kernels):
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)


def _reap(kernels: set[int]) -> None:
    """Collect every kernel that has ended, so none is left a zombie."""
    with contextlib.suppress(ChildProcessError):
        while (pid := os.waitpid(-1, os.WNOHANG)[0]) > 0:
            kernels.discard(pid)


def _become_kernel(request: dict[str, Any], memory_mb: int) -> None:
    """In a freshly forked child: set the kernel up as asked, run it, and never return."""
    status = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.setsid()
        _redirect_streams(request["log"])
        os.chdir(request["cwd"])
        os.environ.update(request.get("env", {}))
        os.environ["JPY_PARENT_PID"] = str(os.getppid())
        tempfile.tempdir = None
        _forget_server_state()
        cap_address_space(memory_mb)
        sys.argv = [sys.argv[0], "-f", request["connection_file"]]
        launch_kernel(sys.argv[1:])
        status = 0
    except BaseException:
        traceback.print_exc()
    finally:
        os._exit(status)


def _redirect_streams(log: str) -> None:
    """Give the kernel no input, no terminal output, and standard error into ``log``.

    ``log`` must exist already; if it does not, the grader has given up on this kernel.
    """
    nothing = os.open(os.devnull, os.O_RDWR)
    errors = os.open(log, os.O_WRONLY | os.O_APPEND)  # never create: the folder may be gone
    os.dup2(nothing, 0)
    os.dup2(nothing, 1)
    os.dup2(errors, 2)
    os.closerange(3, os.sysconf("SC_OPEN_MAX"))  # the server's pipes, among others
    sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115  (lives as long as the kernel)


def _forget_server_state() -> None:
    """Drop what the kernel would otherwise share with the server and its siblings."""
    if sys.path and sys.path[0]:
        sys.path[0] = os.getcwd()  # as ``python -m ipykernel_launcher`` run here would have
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed()


def main(argv: Sequence[str] | None = None) -> None:
    """Start one kernel, or the fork server, as the command line asks.

    Parameters
    ----------
    argv
        The arguments after the program name; ``sys.argv[1:]`` when omitted.
    """
    options, kernel_arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    if options.serve:
        serve(options.memory_mb, options.prewarm)
        return
    cap_address_space(options.memory_mb)
    if options.prewarm:
        prewarm()
    launch_kernel(kernel_arguments)


if __name__ == "__main__":
    main()
