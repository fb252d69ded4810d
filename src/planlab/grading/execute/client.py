"""nbclient, with output kept within the cap and each cell's error remembered.

Runs in: the grader. Only nbclient's public extension points are used: the
``timeout_func`` and ``on_cell_executed`` hooks, and the ``process_message``,
``output`` and ``handle_comm_msg`` methods nbclient documents for subclasses.
"""

from __future__ import annotations

import json
import logging
import sys
from time import monotonic
from typing import Any

from nbclient import NotebookClient

from planlab.grading.execute.messages import (
    ANSWER_OVER_BUDGET,
    ANSWER_TOO_LARGE,
    question_name,
    short,
)
from planlab.grading.execute.pool import Kernel
from planlab.grading.explain import error_line
from planlab.grading.model import ANSWER_BUDGET_BYTES, ANSWER_MAX_BYTES, ANSWER_MIME, RunLimits

__all__ = ["GradingClient", "json_size", "message_size"]

#: nbclient's own messages ("Kernel died", "Timeout waiting") become statuses here.
_nbclient_log = logging.getLogger("planlab.grading.runner.nbclient")
_nbclient_log.addHandler(logging.NullHandler())
_nbclient_log.propagate = False

#: Output messages that may update an earlier output through its display id.
_DISPLAY_MESSAGES = frozenset({"execute_result", "display_data", "update_display_data"})


class GradingClient(NotebookClient):
    """An nbclient that drops output beyond the cap and remembers each cell's error.

    Parameters
    ----------
    notebook
        The notebook to run (already cleaned of outputs).
    kernel
        The kernel to run it in.
    limits
        The run's limits.
    """

    def __init__(self, notebook: Any, kernel: Kernel, limits: RunLimits) -> None:
        super().__init__(
            notebook,
            allow_errors=True,
            record_timing=False,
            shell_timeout_interval=1,
            iopub_timeout=2,
            log=_nbclient_log,
        )
        self.kc = kernel.kc
        # nbclient types the timeout as a whole number of seconds, but waits for fractions too.
        self.timeout_func = self._cell_timeout  # type: ignore[assignment]
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
        """Seconds left of the whole-notebook limit.

        Returns
        -------
        float
            Negative once the limit has passed.
        """
        return self._deadline - monotonic()

    def seconds_for_cell(self) -> float:
        """Seconds the next cell may run: the cell limit, or less near the deadline.

        Returns
        -------
        float
            At least 0.01 s.
        """
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
            self._error = short(message.strip().removesuffix(":"))
            traceback = content.get("traceback", [])
            line, code = error_line(traceback if isinstance(traceback, list) else [], cell.source)
            self._place = (line, code) if line else None
        else:
            self.last_error_name = ""
            self._error = ""
            self._place = None

    def take_place(self) -> tuple[int, str] | None:
        """Return the line (and its code) where the last cell's error happened, and forget it.

        Returns
        -------
        tuple[int, str] or None
            The line number in the cell and its code, or None when unknown.
        """
        place, self._place = self._place, None
        return place

    def take_error(self) -> str:
        """Return the last cell's error as ``"Name: message"`` ('' if none), and forget it.

        Returns
        -------
        str
            The error, shortened to one line.
        """
        error, self._error = self._error, ""
        return error

    # Output -------------------------------------------------------------

    def process_message(self, msg: dict[str, Any], cell: Any, cell_index: int) -> Any:
        """Drop a display update beyond the cap, then process the message as nbclient does.

        A message with a display id rewrites every earlier output with that id, so
        its size counts against the cap. An answer never updates earlier outputs:
        it is kept apart from the cap by :meth:`output`.

        Parameters
        ----------
        msg
            The kernel's IOPub message.
        cell
            The cell being run.
        cell_index
            Its position in the notebook.

        Returns
        -------
        nbformat.NotebookNode or None
            The output added to the cell, if any.
        """
        content = msg.get("content", {})
        transient = content.get("transient")
        display_id = transient.get("display_id") if isinstance(transient, dict) else None
        if display_id and msg.get("msg_type") in _DISPLAY_MESSAGES:
            data = content.get("data")
            if isinstance(data, dict) and ANSWER_MIME in data:
                msg = {**msg, "content": {**content, "transient": None}}
            elif not self._fits(message_size(msg)):
                return None
        return super().process_message(msg, cell, cell_index)

    def output(
        self, outs: list[Any], msg: dict[str, Any], display_id: str | None, cell_index: int
    ) -> Any:
        """Keep an output if it fits the cap; keep answers apart from the cap.

        Parameters
        ----------
        outs
            The cell's outputs so far.
        msg
            The kernel's output message.
        display_id
            The output's display id, if it has one.
        cell_index
            The cell's position in the notebook.

        Returns
        -------
        nbformat.NotebookNode or None
            The output added, or None when it was dropped.
        """
        data = msg.get("content", {}).get("data")
        if isinstance(data, dict) and ANSWER_MIME in data:
            answer = self._answer_only(msg, cell_index)
            return None if answer is None else super().output(outs, answer, None, cell_index)
        if not self._fits(message_size(msg)):
            return None
        return super().output(outs, msg, display_id, cell_index)

    def handle_comm_msg(self, outs: list[Any], msg: dict[str, Any], cell_index: int) -> None:
        """Ignore widget messages: grading needs no widget state, and it could grow.

        Parameters
        ----------
        outs
            The cell's outputs so far.
        msg
            The kernel's comm message.
        cell_index
            The cell's position in the notebook.
        """

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
        size = json_size(payload)
        if size > ANSWER_MAX_BYTES:
            problem = ANSWER_TOO_LARGE.format(answer=question_name(payload))
            self.oversized.setdefault(cell_index, []).append(f"AnswerError: {problem}")
            return None
        if self.answer_bytes + size > ANSWER_BUDGET_BYTES:
            self.truncated = True
            problem = ANSWER_OVER_BUDGET.format(answer=question_name(payload))
            self.oversized.setdefault(cell_index, []).append(f"AnswerError: {problem}")
            return None
        self.answer_bytes += size
        return {**msg, "content": {**content, "data": {ANSWER_MIME: payload}, "metadata": {}}}


def message_size(msg: dict[str, Any]) -> int:
    """Return roughly how many bytes an output message would add to the notebook.

    Parameters
    ----------
    msg
        A kernel output message.

    Returns
    -------
    int
        The size of its text, traceback or data.
    """
    content = msg.get("content", {})
    if "text" in content:
        return len(str(content["text"]).encode("utf-8", "replace"))
    if "traceback" in content:
        return sum(len(str(line)) for line in content["traceback"]) + len(content.get("evalue", ""))
    data = content.get("data", {})
    return sum(len(v) if isinstance(v, str) else json_size(v) for v in data.values())


def json_size(value: Any) -> int:
    """Return the length of ``value`` as JSON, or a huge number if it is not JSON.

    Parameters
    ----------
    value
        Any value.

    Returns
    -------
    int
        Characters of JSON, or ``sys.maxsize``.
    """
    try:
        return len(json.dumps(value))
    except (TypeError, ValueError):
        return sys.maxsize
