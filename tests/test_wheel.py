"""A plain install of the toolkit's wheel runs an exercise and a worked notebook outside the course.

The wheel is built as the book builds it, installed with pip (not editable) into a new
virtual environment in a temporary folder, and the notebooks are copied there and run
with nbclient. Nothing is downloaded: the new environment borrows the course
environment's third-party packages through a ``.pth`` line, added only after pip has
installed the wheel, so that pip sees an empty environment and ``planlab`` can only
come from the wheel (the course's editable install is not visible there).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest

from planlab.book_downloads import build_wheel
from tests.conftest import REPO

NOTEBOOKS = ("exercises/where-are-we-now-exercise.ipynb", "notebooks/where-are-we-now.ipynb")
#: Run inside the new environment: execute each notebook named on the command line.
RUN_NOTEBOOKS = """
import sys, nbformat, planlab
from nbclient import NotebookClient
print("planlab from", planlab.__file__)
for path in sys.argv[1:]:
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": "."}}).execute()
    print("ran", path)
"""


def _site_packages(venv: Path) -> Path:
    found = list(venv.glob("lib/python3*/site-packages")) + list(venv.glob("Lib/site-packages"))
    assert found, f"no site-packages in {venv}"
    return found[0]


def _clean_environment(home: Path) -> dict[str, str]:
    keep = {"PATH", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR"}
    env = {name: value for name, value in os.environ.items() if name in keep}
    env.update(HOME=str(home), MPLBACKEND="Agg", PYTHONNOUSERSITE="1")
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float, int]:
    """A new environment with the wheel installed; the seconds it took and the wheel's size."""
    started = time.monotonic()
    root = tmp_path_factory.mktemp("wheel")
    wheel = build_wheel(REPO, root)
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    # Now, and not before, lend it the course environment's other packages.
    borrowed = sysconfig.get_paths()["purelib"]
    (_site_packages(venv) / "course-packages.pth").write_text(borrowed + "\n", encoding="utf-8")
    return python, time.monotonic() - started, wheel.stat().st_size


def test_the_wheel_is_installed_as_a_plain_package(installed: tuple[Path, float, int]) -> None:
    python, _, size = installed
    done = subprocess.run(
        [str(python), "-c", "import planlab, json; print(planlab.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=python.parent,
        env=_clean_environment(python.parent),
    )
    assert str(REPO) not in done.stdout, f"planlab came from the repository: {done.stdout}"
    assert size < 5_000_000, f"the wheel is {size} bytes"


def test_an_exercise_and_a_worked_notebook_run_outside_the_course(
    installed: tuple[Path, float, int], tmp_path: Path
) -> None:
    python, _, _ = installed
    for name in NOTEBOOKS:
        shutil.copy(REPO / name, tmp_path / Path(name).name)
    started = time.monotonic()
    done = subprocess.run(
        [str(python), "-c", RUN_NOTEBOOKS, *(Path(name).name for name in NOTEBOOKS)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env=_clean_environment(tmp_path),
    )
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr[-4000:]}"
    assert str(REPO) not in done.stdout.splitlines()[0], done.stdout
    assert done.stdout.count("ran ") == len(NOTEBOOKS)
    print(f"ran {len(NOTEBOOKS)} notebooks in {time.monotonic() - started:.0f} s")
