"""The one place grading overrides a library's private method.

Runs in: the grader.

The kernels are forked by the grader's own fork server, not started by a
jupyter_client kernel manager, so the kernel client cannot ask a manager whether
its kernel lives. jupyter_client's public ``is_alive`` is an alias of the private
``KernelClient._async_is_alive``, and ``wait_for_ready`` calls the private name
directly, so both are overridden here to look at the kernel's process instead of
its heartbeat (a heartbeat lags on a loaded machine and would call a busy kernel
dead). nbclient's output handling, by contrast, is extended only through its public
methods (``process_message``, ``output``, ``handle_comm_msg``; see
:mod:`planlab.grading.execute.client`).

:data:`PRIVATE_METHODS` records the signature of every private method overridden,
and ``tests/grading/test_private_api.py`` compares it with the installed library,
so an upgrade that renames, removes or changes one fails a fast test rather than
the slow end-to-end ones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jupyter_client.asynchronous.client import AsyncKernelClient
from traitlets import Any as AnyTrait

if TYPE_CHECKING:
    from planlab.grading.execute.processes import TrackedProcess

__all__ = ["PRIVATE_METHODS", "ProcessKernelClient"]

#: Each private method overridden, as ``(module, class, method)``, with its signature
#: in the library version the override was written against (jupyter_client 8.10.0).
PRIVATE_METHODS: dict[tuple[str, str, str], str] = {
    ("jupyter_client.client", "KernelClient", "_async_is_alive"): "(self) -> bool",
}


class ProcessKernelClient(AsyncKernelClient):
    """A kernel client that watches its kernel's process, as it has no kernel manager.

    Parameters
    ----------
    process
        The kernel's :class:`~planlab.grading.execute.processes.TrackedProcess`.
    **kwargs
        Passed on to :class:`jupyter_client.asynchronous.client.AsyncKernelClient`.
    """

    process = AnyTrait(None, help="The kernel's TrackedProcess.")

    async def _async_is_alive(self) -> bool:
        tracked: TrackedProcess | None = self.process
        return tracked is not None and tracked.alive()

    is_alive = _async_is_alive
