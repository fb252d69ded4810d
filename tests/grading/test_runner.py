"""Tests of the batch runner: fresh kernels, limits, answers and speed.

Most scenarios run together in one batch (a module fixture), so the whole file
starts only a few kernels' worth of time; each test then checks one result.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import psutil
import pytest
from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from planlab.errors import InputValueError
from planlab.grading.execute.launcher import parse_arguments
from planlab.grading.model import ANSWER_MIME, RunJob, RunLimits, RunResult, Status
from planlab.grading.runner import run_jobs

LIMITS = RunLimits(cell_timeout=2, submission_timeout=4, memory_mb=1024, max_output_bytes=100_000)


def answer(question: str, value: str) -> str:
    """Return code that displays ``value`` (Python source) as the answer to ``question``."""
    return (
        "from IPython.display import display\n"
        f"display({{{ANSWER_MIME!r}: {{'question': {question!r}, 'value': {value}}}}}, raw=True)"
    )


def notebook(*sources: str, questions: dict[int, str] | None = None) -> nbformat.NotebookNode:
    """Return a notebook of code cells, with question ids on the cells named in ``questions``."""
    cells = [new_markdown_cell("# A submission")]
    for position, source in enumerate(sources, start=2):
        cell = new_code_cell(source)
        if questions and position in questions:
            cell.metadata["planlab"] = {"question": questions[position]}
        cells.append(cell)
    return new_notebook(cells=cells)


SEEDS = "import random, numpy\nseeds = [random.getrandbits(64), int(numpy.random.randint(2**62))]"
ENVIRONMENT = """\
import os, sys
environment = {
    "secret": os.environ.get("GRADER_SECRET_TOKEN"),
    "tmp": os.environ["TMPDIR"],
    "cwd": os.getcwd(),
    "path0": sys.path[0],
    "argv": sys.argv[1:2],
}"""
LISTING = "sorted(str(p.relative_to('.')) for p in __import__('pathlib').Path('.').rglob('*'))"


@pytest.fixture(scope="module")
def data_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("files")
    (folder / "beds.csv").write_text("board,beds\nLothian,97\n", encoding="utf-8")
    (folder / "helper.py").write_text("ANSWER = 42\n", encoding="utf-8")
    return {"data/beds.csv": folder / "beds.csv", "helper.py": folder / "helper.py"}


@pytest.fixture(scope="module")
def batch(data_files: dict[str, Path]) -> dict[str, RunResult]:
    jobs = [
        RunJob("answer", notebook("x = 90 + 7", answer("q1", "x"))),
        RunJob(
            "error",
            notebook(
                "raise ValueError('no beds')", "1 / 0", answer("q3", "3"), questions={2: "q1"}
            ),
        ),
        RunJob(
            "loop",
            notebook(
                "import subprocess\nchild = subprocess.Popen(['sleep', '300'])",
                answer("pid", "child.pid"),
                "while True:\n    pass",
                answer("after", "1"),
                questions={4: "q3"},
            ),
        ),
        RunJob(
            "exit",
            notebook(
                "import subprocess\nchild = subprocess.Popen(['sleep', '300'])",
                answer("pid", "child.pid"),
                "import os\nos._exit(1)",
                answer("q1", "1"),
            ),
        ),
        RunJob("memory", notebook("hog = bytearray(4 * 1024**3)", answer("q1", "1"))),
        RunJob("flood", notebook("while True:\n    print('x' * 10000)")),
        RunJob(
            "capped",
            notebook("for _ in range(30):\n    print('y' * 10000)", answer("q1", "'kept'")),
        ),
        RunJob(
            "files",
            notebook(
                answer("listing", LISTING),
                "import helper",
                answer("helper", "helper.ANSWER"),
                answer("beds", "open('data/beds.csv').read()"),
            ),
            files=data_files,
        ),
        RunJob("traversal", notebook("1"), files={"../escape.txt": data_files["helper.py"]}),
        RunJob("absolute", notebook("1"), files={"/tmp/escape.txt": data_files["helper.py"]}),
        RunJob(
            "bad answers",
            notebook(
                answer("deep", "[" * 25 + "]" * 25),
                answer("huge", "'z' * 2_000_000"),
                f"display({{{ANSWER_MIME!r}: 'not an object'}}, raw=True)",
                answer("fine", "{'a': [1, 2.5, None, True, 'b']}"),
                questions={2: "deep", 3: "huge"},
            ),
        ),
        RunJob("slow", notebook("import time", *["time.sleep(1.5)"] * 4)),
        *[RunJob(f"seeds {n}", notebook(SEEDS, answer("seeds", "seeds"))) for n in (1, 2)],
        RunJob("environment", notebook(ENVIRONMENT, answer("environment", "environment"))),
    ]
    os.environ["GRADER_SECRET_TOKEN"] = "do not leak"
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    results = {r.key: r for r in run_jobs(jobs, workers=2, limits=LIMITS, progress=False)}
    peak_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    del os.environ["GRADER_SECRET_TOKEN"]
    results["_peak_growth_mb"] = (peak_after - peak_before) / 1024  # ru_maxrss is in KiB
    return results


def test_every_job_gives_one_result(batch: dict[str, RunResult]) -> None:
    assert len([key for key in batch if not key.startswith("_")]) == 15


def test_answers_come_back_as_plain_data(batch: dict[str, RunResult]) -> None:
    result = batch["answer"]
    assert (result.status, result.reason, result.answers) == (Status.GRADED, "", {"q1": 97})
    assert result.cell_errors == {}
    assert not result.output_truncated


def test_an_exception_is_recorded_and_later_cells_still_run(batch: dict[str, RunResult]) -> None:
    result = batch["error"]
    assert result.status is Status.GRADED
    assert result.cell_errors == {
        "q1": "ValueError: no beds",
        "cell 3": "ZeroDivisionError: division by zero",
    }
    assert result.answers == {"q3": 3}


def test_an_endless_loop_times_out_and_its_children_die(batch: dict[str, RunResult]) -> None:
    result = batch["loop"]
    assert result.status is Status.TIMEOUT
    assert result.reason.startswith("Cell 'q3' ran for more than 2 s and was stopped.")
    assert "Traceback" not in result.reason
    assert result.seconds < 30  # stopped: without the limit the loop never ends
    assert "after" not in result.answers
    assert is_dead(result.answers["pid"])


def is_dead(pid: int) -> bool:
    """Tell whether a process is gone (a zombie is dead too, awaiting its new parent)."""
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_a_kernel_that_exits_is_crashed_and_its_children_die(
    batch: dict[str, RunResult],
) -> None:
    result = batch["exit"]
    assert result.status is Status.CRASHED
    assert "cell 4" in result.reason.lower()
    assert set(result.answers) == {"pid"}
    assert is_dead(result.answers["pid"])


def test_a_memory_hog_hits_the_cap(batch: dict[str, RunResult]) -> None:
    result = batch["memory"]
    assert result.status is Status.MEMORY
    assert "1024 MB" in result.reason
    assert result.cell_errors == {"cell 2": "MemoryError"}


def test_an_output_flood_is_cut_and_times_out(batch: dict[str, RunResult]) -> None:
    result = batch["flood"]
    assert result.status is Status.TIMEOUT
    assert result.output_truncated
    assert batch["_peak_growth_mb"] < 300


def test_answers_are_kept_beyond_the_output_cap(batch: dict[str, RunResult]) -> None:
    result = batch["capped"]
    assert result.status is Status.GRADED
    assert result.output_truncated
    assert result.answers == {"q1": "kept"}


def test_only_the_jobs_files_are_in_the_working_folder(batch: dict[str, RunResult]) -> None:
    result = batch["files"]
    assert result.status is Status.GRADED, result.cell_errors
    assert result.answers == {
        "listing": ["data", "data/beds.csv", "helper.py"],
        "helper": 42,
        "beds": "board,beds\nLothian,97\n",
    }


@pytest.mark.parametrize(("key", "name"), [("traversal", "../escape.txt"), ("absolute", "/tmp")])
def test_a_file_name_outside_the_folder_is_refused(
    batch: dict[str, RunResult], key: str, name: str
) -> None:
    result = batch[key]
    assert result.status is Status.MALFORMED
    assert name in result.reason
    assert "relative path" in result.reason


def test_answers_that_are_not_plain_data_are_refused(batch: dict[str, RunResult]) -> None:
    result = batch["bad answers"]
    assert result.status is Status.GRADED
    assert result.answers == {"fine": {"a": [1, 2.5, None, True, "b"]}}
    assert "more than 20 levels" in result.cell_errors["deep"]
    assert "larger than 1 MB" in result.cell_errors["huge"]
    assert "'question' and 'value'" in result.cell_errors["cell 4"]


def test_the_whole_notebook_limit_names_the_cell_it_stopped(
    batch: dict[str, RunResult],
) -> None:
    result = batch["slow"]
    assert result.status is Status.TIMEOUT
    assert "more than 4 s in all" in result.reason
    assert "cell 5" in result.reason.lower()


def test_forked_kernels_do_not_share_random_seeds(batch: dict[str, RunResult]) -> None:
    first, second = batch["seeds 1"].answers["seeds"], batch["seeds 2"].answers["seeds"]
    assert first[0] != second[0]
    assert first[1] != second[1]


def test_kernels_see_no_grader_secrets_and_have_their_own_folders(
    batch: dict[str, RunResult],
) -> None:
    seen = batch["environment"].answers["environment"]
    assert seen["secret"] is None
    assert seen["path0"] == seen["cwd"]
    assert Path(seen["tmp"]).parent == Path(seen["cwd"]).parent
    assert seen["argv"] == ["-f"]
    assert not Path(seen["cwd"]).exists()


def test_a_batch_of_trivial_notebooks_all_come_back() -> None:
    # Speed is measured by benchmarks/grading.py, not asserted here.
    jobs = [RunJob(f"trivial {n}", notebook("x = 1 + 1", answer("q1", "x"))) for n in range(6)]
    results = list(run_jobs(jobs, workers=2, progress=False))
    assert sorted(r.key for r in results) == sorted(job.key for job in jobs)
    assert all(r.answers == {"q1": 2} for r in results)


def test_jobs_may_come_from_a_generator_and_leave_no_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    jobs = (RunJob(str(n), notebook(answer("n", str(n)))) for n in range(3))
    results = {r.key: r.answers["n"] for r in run_jobs(jobs, workers=2, progress=False)}
    assert results == {"0": 0, "1": 1, "2": 2}
    assert list(tmp_path.iterdir()) == []


def _descends_from(process: psutil.Process, ancestors: set[int]) -> bool:
    """Tell whether a process was started by one of ``ancestors`` (or their children)."""
    try:
        return any(parent.pid in ancestors for parent in process.parents())
    except psutil.NoSuchProcess:
        return False


def _new_children(before: set[int]) -> list[psutil.Process]:
    """Child processes started since ``before`` that are still alive after a short wait.

    A process started meanwhile by one of the ``before`` processes is not counted: a
    browser left running by another test in this worker starts renderers when it likes.
    """
    deadline = time.monotonic() + 5
    while True:
        alive = [p for p in psutil.Process().children(recursive=True) if p.pid not in before]
        alive = [p for p in alive if not _descends_from(p, before)]
        alive = [p for p in alive if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


def test_stopping_early_kills_every_kernel() -> None:
    # Other tests in this worker may own long-lived children (a browser, say): ignore those.
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    jobs = [RunJob("quick", notebook("1"))]
    jobs += [RunJob(f"slow {n}", notebook("import time\ntime.sleep(60)")) for n in range(3)]
    results = run_jobs(jobs, workers=2, progress=False, prewarm=False)
    assert next(iter(results)).key == "quick"
    results.close()
    assert _new_children(before) == []


def test_a_notebook_that_is_not_a_notebook_is_malformed(capsys: pytest.CaptureFixture) -> None:
    jobs = [RunJob("broken", {"cells": [{"source": 3}]})]
    [result] = run_jobs(jobs, description="Checking")
    assert result.status is Status.MALFORMED
    assert "not a valid Jupyter notebook" in result.reason
    assert "Checking: 100%" in capsys.readouterr().err


def test_workers_must_be_positive() -> None:
    with pytest.raises(InputValueError, match="workers was 0"):
        run_jobs([], workers=0)


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        (RunLimits(cell_timeout=0), "limits.cell_timeout was 0"),
        (RunLimits(memory_mb=100), "limits.memory_mb was 100, but it must be at least 512"),
    ],
)
def test_limits_no_notebook_could_meet_are_refused(limits: RunLimits, message: str) -> None:
    with pytest.raises(InputValueError, match=message):
        run_jobs([], limits=limits)


def test_no_jobs_give_no_results() -> None:
    assert list(run_jobs([], progress=False)) == []


def test_the_launcher_caps_the_address_space() -> None:
    code = (
        "from planlab.grading.execute.launcher import cap_address_space\n"
        "cap_address_space(512)\n"
        "try:\n    bytearray(1024**3)\nexcept MemoryError:\n    print('capped')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "capped"


def test_the_launcher_refuses_a_cap_of_nothing() -> None:
    with pytest.raises(SystemExit):
        parse_arguments(["--memory-mb", "0", "-f", "kernel.json"])
    options, rest = parse_arguments(["--memory-mb", "300", "-f", "kernel.json"])
    assert (options.memory_mb, options.serve, rest) == (300, False, ["-f", "kernel.json"])


def _wait_until_ready(client: BlockingKernelClient, kernel: subprocess.Popen[bytes]) -> None:
    """Wait for the kernel, asking again while its process lives.

    With no kernel manager, jupyter_client judges a kernel dead when its heartbeat
    lags, which a loaded machine can cause; only an exited process is a failure.
    """
    deadline = time.monotonic() + 90
    while True:
        try:
            client.wait_for_ready(timeout=30)
            return
        except RuntimeError:
            if kernel.poll() is not None or time.monotonic() > deadline:
                raise


def test_the_launcher_starts_one_capped_kernel(tmp_path: Path) -> None:
    connection_file, _ = write_connection_file(str(tmp_path / "kernel.json"), key=b"test-key")
    # A cap well above a cold kernel's start-up mappings (which vary with malloc arenas),
    # so the test checks that the cap is applied, not how little a kernel can start in.
    command = [sys.executable, "-m", "planlab.grading.execute.launcher", "--memory-mb", "3000"]
    kernel = subprocess.Popen(
        [*command, "-f", connection_file], cwd=tmp_path, stdout=subprocess.DEVNULL
    )
    seen: list[str] = []
    client = BlockingKernelClient()
    client.load_connection_file(connection_file)
    client.start_channels()
    try:
        _wait_until_ready(client, kernel)
        reply = client.execute_interactive(
            "import resource; print(resource.getrlimit(resource.RLIMIT_AS))",
            output_hook=lambda message: seen.append(message["content"].get("text", "")),
            timeout=10,
        )
    finally:
        client.stop_channels()
        kernel.kill()
        kernel.wait()
    assert reply["content"]["status"] == "ok"
    assert "".join(seen).strip() == f"({3000 * 1024**2}, {3000 * 1024**2})"
