"""The grader's reliance on library internals, checked without starting a kernel.

:mod:`planlab.grading.execute.private_api` overrides one private method of
jupyter_client; these tests fail at once if an upgrade renames it, removes it or
changes its signature, or stops calling it, rather than leaving only the slow
end-to-end tests to notice. The output cap uses nbclient's public
``process_message`` hook instead of its private ``_update_display_id``; the second
half tests that hook on messages shaped as the Jupyter messaging protocol
(https://jupyter-client.readthedocs.io/en/stable/messaging.html, "Update Display
Data") describes them, with no kernel.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import importlib
import inspect
import os
from types import SimpleNamespace
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from planlab.grading.execute.client import GradingClient, message_size
from planlab.grading.execute.private_api import PRIVATE_METHODS, ProcessKernelClient
from planlab.grading.execute.processes import TrackedProcess
from planlab.grading.model import ANSWER_MIME, RunLimits


@pytest.mark.parametrize(("place", "signature"), PRIVATE_METHODS.items())
def test_each_private_method_overridden_is_still_there_as_recorded(
    place: tuple[str, str, str], signature: str
) -> None:
    module, owner, method = place
    found = getattr(getattr(importlib.import_module(module), owner), method, None)
    assert found is not None, f"{module}.{owner}.{method} is gone: see private_api.py"
    assert str(inspect.signature(found)) == signature


def test_jupyter_client_still_asks_the_overridden_method() -> None:
    from jupyter_client.asynchronous.client import AsyncKernelClient
    from jupyter_client.client import KernelClient

    assert AsyncKernelClient.is_alive is KernelClient._async_is_alive
    assert "self._async_is_alive()" in inspect.getsource(KernelClient._async_wait_for_ready)


def _answer(client: ProcessKernelClient, method: str) -> bool:
    """Await ``client.<method>()`` on a new event loop in its own thread.

    Another test in the same worker (Playwright's synchronous API) may leave an event loop
    running in this thread, where ``asyncio.run`` refuses to start a second one.
    """
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(getattr(client, method)())).result()


def test_the_client_asks_the_kernels_process() -> None:
    mine = ProcessKernelClient(process=TrackedProcess.of(os.getpid()))
    gone = ProcessKernelClient(process=TrackedProcess(os.getpid(), created=0.0))
    assert _answer(mine, "is_alive") is True
    assert _answer(mine, "_async_is_alive") is True
    assert _answer(gone, "is_alive") is False


def test_the_public_hooks_used_are_nbclients_documented_ones() -> None:
    for name in ("process_message", "output", "handle_comm_msg"):
        assert not name.startswith("_")
        assert name in vars(NotebookClient), f"nbclient no longer has {name}"
        assert list(inspect.signature(getattr(NotebookClient, name)).parameters) == list(
            inspect.signature(getattr(GradingClient, name)).parameters
        )
    assert "_update_display_id" not in vars(GradingClient)


def _client(cap: int) -> GradingClient:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("display(x)")])
    kernel: Any = SimpleNamespace(kc=None)
    client = GradingClient(notebook, kernel, RunLimits(max_output_bytes=cap))
    client.clear_before_next_output = False  # as nbclient sets it when a cell starts
    return client


def _display(kind: str, text: str, display_id: str, data: dict[str, Any] | None = None) -> Any:
    content = {"data": data or {"text/plain": text}, "metadata": {}}
    content["transient"] = {"display_id": display_id}
    return {
        "msg_type": kind,
        "header": {"msg_type": kind},
        "parent_header": {"msg_id": "m"},
        "content": content,
    }


def test_a_display_update_within_the_cap_replaces_the_output() -> None:
    client = _client(cap=1000)
    cell = client.nb.cells[0]
    client.process_message(_display("display_data", "first", "d1"), cell, 0)
    client.process_message(_display("update_display_data", "second", "d1"), cell, 0)
    assert [out["data"]["text/plain"] for out in cell.outputs] == ["second"]
    assert client.truncated is False


def test_a_display_update_beyond_the_cap_is_dropped_and_noted() -> None:
    client = _client(cap=20)
    cell = client.nb.cells[0]
    client.process_message(_display("display_data", "first", "d1"), cell, 0)
    used = client.output_bytes
    client.process_message(_display("update_display_data", "x" * 50, "d1"), cell, 0)
    assert [out["data"]["text/plain"] for out in cell.outputs] == ["first"]
    assert (client.truncated, client.output_bytes) == (True, used)
    assert used == 2 * message_size(_display("display_data", "first", "d1"))


def test_an_answer_with_a_display_id_is_kept_apart_from_the_cap() -> None:
    client = _client(cap=0)
    cell = client.nb.cells[0]
    answer = {ANSWER_MIME: {"question": "q1", "value": {"value": 97}}}
    client.process_message(_display("display_data", "", "d1", data=answer), cell, 0)
    assert [out["data"][ANSWER_MIME]["question"] for out in cell.outputs] == ["q1"]
    assert client.output_bytes == 0
