"""Running asyncio work in a background thread, and taking its results from ordinary code.

Runs in: the grader. :class:`LoopThread` runs one coroutine in its own thread's event
loop and hands what it emits over a queue, so a plain generator can yield results
whether or not its caller already runs an event loop (a Jupyter notebook does).
The two helpers below keep that coroutine's clean-up whole when it is cancelled.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, Generic, TypeVar

__all__ = ["LoopThread", "finish_even_if_cancelled", "until_all_done_or_one_fails"]

T = TypeVar("T")


class _Done:
    """Marks the end of the results queue."""


class LoopThread(Generic[T]):
    """Run a coroutine in a background thread's event loop and hand its results over a queue.

    Parameters
    ----------
    main
        Makes the coroutine to run, given the function it calls with each result.
    name
        The thread's name.
    """

    def __init__(
        self, main: Callable[[Callable[[T], None]], Coroutine[Any, Any, None]], name: str
    ) -> None:
        self._main = main
        self._queue: queue.Queue[T | BaseException | _Done] = queue.Queue()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run_thread, name=name, daemon=True)

    def start(self) -> None:
        """Start the background thread and wait until its loop runs."""
        self._thread.start()
        self._ready.wait()

    def results(self) -> Iterator[T]:
        """Yield results until the coroutine ends; re-raise its own failure.

        Returns
        -------
        Iterator
            Each result, as the coroutine emits it.
        """
        while True:
            item = self._queue.get()
            if isinstance(item, _Done):
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def stop(self) -> None:
        """Cancel the coroutine if it still runs, and wait for the thread."""
        if self._loop is not None and self._task is not None and not self._task.done():
            with contextlib.suppress(RuntimeError):
                self._loop.call_soon_threadsafe(self._task.cancel)
        self._thread.join(timeout=60)

    def _run_thread(self) -> None:
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
        await self._main(self._queue.put)


async def finish_even_if_cancelled(work: Coroutine[Any, Any, None]) -> None:
    """Run ``work`` to its end, even when the task running it is cancelled meanwhile.

    Parameters
    ----------
    work
        Clean-up that must not be cut short.
    """
    task = asyncio.ensure_future(work)
    while not task.done():
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.shield(task)
    task.result()


async def until_all_done_or_one_fails(tasks: list[asyncio.Task[None]]) -> None:
    """Wait for ``tasks``; if one fails, re-raise its error (the caller cancels the rest).

    Parameters
    ----------
    tasks
        The tasks to wait for.
    """
    done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    for task in done:
        error = None if task.cancelled() else task.exception()
        if error is not None:
            raise error
