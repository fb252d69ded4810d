"""Knowing a kernel's process, and killing it with everything it started.

Runs in: the grader (POSIX only: it uses process groups and sessions).
"""

from __future__ import annotations

import contextlib
import os
import signal
from dataclasses import dataclass
from typing import Any

import psutil

__all__ = ["TrackedProcess", "kill_session"]


@dataclass(frozen=True)
class TrackedProcess:
    """A process, known by its id and its start time, so a reused id is not taken for it.

    Parameters
    ----------
    pid
        The process id.
    created
        When the process started, as :meth:`psutil.Process.create_time` gives it.
    """

    pid: int
    created: float

    @classmethod
    def of(cls, pid: int) -> TrackedProcess:
        """Identify the running process ``pid``.

        Parameters
        ----------
        pid
            The id of a process that runs now.

        Returns
        -------
        TrackedProcess
            That process, with its start time.
        """
        return cls(pid, float(psutil.Process(pid).create_time()))

    def handle(self) -> Any:
        """Return this very process, or None when it is gone (its id may be reused).

        Returns
        -------
        psutil.Process or None
            A handle on the process.
        """
        try:
            process = psutil.Process(self.pid)
            return process if process.create_time() == self.created else None
        except psutil.Error:
            return None

    def alive(self) -> bool:
        """Tell whether the process runs (a zombie does not).

        Returns
        -------
        bool
            True while the process runs.
        """
        process = self.handle()
        try:
            return process is not None and bool(process.status() != psutil.STATUS_ZOMBIE)
        except psutil.Error:
            return False


def kill_session(process: TrackedProcess) -> None:
    """Kill a kernel, its process group and session, and every descendant that left them.

    The fork server starts each kernel in a new session, so the kernel's pid is also
    the id of its session and process group. Linux does not reuse that id while any
    process of the group or session lives, so they can be found after the kernel died.

    Parameters
    ----------
    process
        The kernel's process, the leader of its own session.
    """
    pid = process.pid
    leader = process.handle()
    if leader is None and psutil.pid_exists(pid):
        return  # the id now belongs to an unrelated process: nothing of ours is left
    doomed = _descendants(leader) + [p for p in psutil.process_iter() if _in_session(p, pid)]
    with contextlib.suppress(OSError):
        os.killpg(pid, signal.SIGKILL)
    for member in doomed:
        with contextlib.suppress(psutil.Error):
            member.kill()


def _descendants(process: Any) -> list[Any]:
    """Return ``process`` and all its descendants (empty if it is gone)."""
    try:
        return [process, *process.children(recursive=True)] if process else []
    except psutil.Error:
        return []


def _in_session(process: Any, session: int) -> bool:
    """Tell whether ``process`` belongs to the session ``session`` (not the grader's)."""
    try:
        return bool(process.pid != os.getpid() and os.getsid(process.pid) == session)
    except OSError:
        return False
