"""Hostile and unlucky submissions, run through the real grader, that each guard must stop.

An audit found that removing any of these guards left the suite green (issue 13,
"Tests that can fail"). Each test here fails when its guard is removed; the report of
that issue says which hand edit of ``planlab.grading`` each one was checked against.
All scenarios run in one batch of real kernels, through the public
:func:`planlab.grading.runner.run_jobs`, so they keep working when the runner's insides
move between modules.
"""

from __future__ import annotations

import os

import nbformat
import psutil
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from planlab.grading.model import ANSWER_MIME, RunJob, RunLimits, RunResult, Status
from planlab.grading.runner import run_jobs

#: Small enough that a test hits each limit quickly; 1024 MB fits a kernel with pandas.
LIMITS = RunLimits(cell_timeout=8, submission_timeout=30, memory_mb=1024, max_output_bytes=100_000)


def answer(question: str, value: str) -> str:
    """Return code that sends ``value`` (Python source) out as the answer to ``question``."""
    return (
        "from IPython.display import display\n"
        f"display({{{ANSWER_MIME!r}: {{'question': {question!r}, 'value': {value}}}}}, raw=True)"
    )


def notebook(*sources: str) -> nbformat.NotebookNode:
    """Return a notebook with a title and one code cell per source."""
    return new_notebook(
        cells=[new_markdown_cell("# A submission")] + [new_code_cell(s) for s in sources]
    )


#: A child that leaves the kernel's session and process group, as a daemon would, then a
#: loop that never ends, so the cell times out and the kernel is killed.
ESCAPED_CHILD = notebook(
    "import os, subprocess\nchild = subprocess.Popen(['sleep', '300'], start_new_session=True)",
    answer("child", "{'pid': child.pid, 'own_session': os.getsid(child.pid) != os.getsid(0)}"),
    "while True:\n    pass",
)

#: What a C++ library prints when an allocation fails under the address-space cap
#: (``std::bad_alloc`` not caught, so ``std::terminate`` aborts the process). The kernel
#: dies without a Python ``MemoryError``; only its standard error says why. The pause
#: lets ipykernel's thread that forwards file descriptor 2 copy the words to the log
#: before the abort (without it the words can be lost, and the death looks like a crash).
BAD_ALLOC = notebook(
    "import os, time\n"
    "os.write(2, b\"terminate called after throwing an instance of 'std::bad_alloc'\\n\"\n"
    "            b'  what():  std::bad_alloc\\n')\n"
    "time.sleep(0.5)\n"
    "os.abort()",
)

#: Fill the address space up to the cap, hold it while the grader samples the kernel's
#: size, then die without a word, as a kernel killed for want of memory does.
FILLED_THEN_DIED = notebook(
    "import os, time\n"
    "held = []\n"
    "try:\n"
    "    while True:\n"
    "        held.append(bytearray(16 * 1024 * 1024))\n"
    "except MemoryError:\n"
    "    pass\n"
    "time.sleep(1)\n"
    "os._exit(1)",
)

#: Three cells of 45,000 characters each: each fits the 100,000-byte cap alone, but not
#: all three together, so only a cap on the whole notebook's output notices.
OUTPUT_SPREAD_OVER_CELLS = notebook(*["print('a' * 45_000)"] * 3, answer("q1", "'kept'"))
#: The same amount shown in one display, updated in place again and again.
OUTPUT_IN_DISPLAY_UPDATES = notebook(
    "from IPython.display import display\n"
    "handle = display('start', display_id=True)\n"
    "for n in range(30):\n"
    "    handle.update('b' * 10_000)",
    answer("q1", "'kept'"),
)
#: A control: three cells whose output fits the cap together.
OUTPUT_WITHIN_THE_CAP = notebook(*["print('c' * 20_000)"] * 3, answer("q1", "'kept'"))


@pytest.fixture(scope="module")
def results() -> dict[str, RunResult]:
    jobs = [
        RunJob("escaped child", ESCAPED_CHILD),
        RunJob("bad_alloc", BAD_ALLOC),
        RunJob("filled then died", FILLED_THEN_DIED),
        RunJob("output spread", OUTPUT_SPREAD_OVER_CELLS),
        RunJob("display updates", OUTPUT_IN_DISPLAY_UPDATES),
        RunJob("output within", OUTPUT_WITHIN_THE_CAP),
    ]
    return {r.key: r for r in run_jobs(jobs, workers=2, limits=LIMITS, progress=False)}


def is_gone(pid: int) -> bool:
    """Tell whether process ``pid`` has ended (a zombie has ended, awaiting collection)."""
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_a_child_that_left_the_kernels_session_dies_with_the_kernel(
    results: dict[str, RunResult],
) -> None:
    """``os.killpg`` on the kernel's session misses a child in a session of its own.

    The runner must find such a child as a descendant of the kernel and kill it too.
    """
    result = results["escaped child"]
    assert result.status is Status.TIMEOUT, result.reason
    child = result.answers["child"]
    assert child["own_session"], "the child should have left the kernel's session"
    assert child["pid"] != os.getpid()
    if not is_gone(child["pid"]):
        psutil.Process(child["pid"]).kill()  # do not leave it behind for 5 minutes
        pytest.fail(f"the child {child['pid']} in its own session outlived the timeout")


def test_a_kernel_killed_by_a_failed_cpp_allocation_is_reported_as_memory(
    results: dict[str, RunResult],
) -> None:
    """A kernel that aborts after ``std::bad_alloc`` ran out of memory; it did not crash."""
    result = results["bad_alloc"]
    assert result.status is Status.MEMORY, (result.status, result.reason)
    assert "1024 MB of memory" in result.reason
    assert "cell 2" in result.reason.lower()


def test_a_kernel_that_died_at_its_memory_cap_is_reported_as_memory(
    results: dict[str, RunResult],
) -> None:
    """A kernel that dies silently when its size is at the cap is out of memory, not crashed."""
    result = results["filled then died"]
    assert result.status is Status.MEMORY, (result.status, result.reason)
    assert "1024 MB of memory" in result.reason


def test_output_is_capped_over_the_whole_notebook_not_per_cell(
    results: dict[str, RunResult],
) -> None:
    """3 x 45,000 bytes printed = 135,000, over the 100,000 cap though no cell is."""
    result = results["output spread"]
    assert result.status is Status.GRADED
    assert result.output_truncated
    assert result.answers == {"q1": "kept"}


def test_display_updates_count_against_the_output_cap(results: dict[str, RunResult]) -> None:
    """30 updates of 10,000 bytes = 300,000 bytes, three times the cap."""
    result = results["display updates"]
    assert result.status is Status.GRADED, result.reason
    assert result.output_truncated
    assert result.answers == {"q1": "kept"}


def test_output_within_the_cap_is_not_marked_as_cut(results: dict[str, RunResult]) -> None:
    """The control: 3 x 20,000 = 60,000 bytes, within the 100,000 cap."""
    result = results["output within"]
    assert result.status is Status.GRADED
    assert not result.output_truncated
    assert result.answers == {"q1": "kept"}
