"""One build of the book per test session, started early and shared by every worker.

The build is what a newcomer does first, in a fresh copy of the course holding the files
a clone would (the files git tracks, and new files it does not ignore), borrowing the
course's ``.venv`` and ``node_modules`` through links, with make told not to reinstall
them: ``make book``, then a test run, then ``make book`` again. It runs in the background
from the moment pytest knows that a selected test needs the book, so the xdist workers go
on with other tests meanwhile instead of one of them waiting. Tests that need the built
site wait for it through the ``book_build`` fixture (``tests/conftest.py``);
``tests/test_newcomer.py`` checks each of the three steps.

Run as a script (``python tests/book_build.py FOLDER``) it performs those steps in
``FOLDER/course`` and writes their outcome to ``FOLDER/book-build.json``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from filelock import FileLock

REPO = Path(__file__).resolve().parents[1]
#: Make's stamps for the borrowed environments: treated as up to date, never remade.
KEEP = (".venv/.book-installed", ".venv/.test-installed", "node_modules/.installed")
#: How long a test waits for the shared build before failing (a cold build takes 2-4 min).
WAIT_SECONDS = 40 * 60
#: The newcomer's steps, in order: each is (name, command) and runs in the copy.
STEPS = (
    ("make book", ["make", *[flag for stamp in KEEP for flag in ("-o", stamp)], "book"]),
    ("the tests", [".venv/bin/python", "-m", "pytest", "-q", "tests/test_book_offline.py"]),
    ("make book again", ["make", *[flag for stamp in KEEP for flag in ("-o", stamp)], "book"]),
)


@dataclass(frozen=True)
class BookBuild:
    """The outcome of the newcomer's steps: the first ``make book``, and what followed."""

    returncode: int
    log: str
    course: Path
    later_steps: dict[str, tuple[int, str]]

    @property
    def html(self) -> Path:
        """The folder of the built site."""
        return self.course / "_build" / "html"

    def problems(self) -> str:
        """Return the build's warnings and errors, or the end of its log if it named none."""
        lines = [line for line in self.log.splitlines() if "WARNING" in line or "ERROR" in line]
        return "\n".join(lines) if lines else self.log[-3000:]

    def require_success(self) -> Path:
        """Return the HTML folder, or fail the calling test if the build failed."""
        if self.returncode != 0:
            pytest.fail(f"the book did not build (exit {self.returncode}):\n{self.problems()}")
        return self.html


def copy_as_a_clone(target: Path) -> None:
    """Copy the files a fresh clone of the working tree would have into ``target``."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    for borrowed in (".venv", "node_modules"):
        (target / borrowed).symlink_to(REPO / borrowed, target_is_directory=True)


def newcomer_environment() -> dict[str, str]:
    """The environment a newcomer's commands see: no make flags or test-only settings."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    env["MAKEFLAGS"] = ""
    env.pop("PLANLAB_DATASETS", None)
    return env


def run_steps(folder: Path) -> None:
    """Run the newcomer's steps in ``folder/course``; write their outcome, whole, at the end.

    A step runs only if the one before it succeeded; a step not run is recorded with exit
    status None.
    """
    course, outcome = folder / "course", {}
    failed = False
    for name, command in STEPS:
        if failed:
            outcome[name] = {"returncode": None, "log": "not run: an earlier step failed"}
            continue
        done = subprocess.run(
            command, cwd=course, capture_output=True, text=True, env=newcomer_environment()
        )
        outcome[name] = {"returncode": done.returncode, "log": done.stdout + done.stderr}
        failed = done.returncode != 0
    part = folder / "book-build.json.part"
    part.write_text(json.dumps(outcome), encoding="utf-8")
    part.rename(folder / "book-build.json")


class SharedBuild:
    """The session's build, in ``folder`` (shared by every xdist worker)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.course = folder / "course"
        self.outcome = folder / "book-build.json"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the steps in the background, unless a worker has started them already."""
        with FileLock(str(self.folder / "book-build.lock")):
            if self.course.exists():
                return
            self.course.mkdir()
            copy_as_a_clone(self.course)
            self.process = subprocess.Popen(
                [sys.executable, str(Path(__file__)), str(self.folder)],
                cwd=REPO,
                start_new_session=True,
            )

    def wait(self) -> BookBuild:
        """Wait for the steps to finish and return their outcome."""
        deadline = time.monotonic() + WAIT_SECONDS
        while not self.outcome.exists():
            if time.monotonic() > deadline:
                pytest.fail(f"the book's build did not finish in {WAIT_SECONDS} s ({self.folder})")
            time.sleep(0.5)
        steps = json.loads(self.outcome.read_text(encoding="utf-8"))
        first = steps.pop(STEPS[0][0])
        later = {name: (step["returncode"], step["log"]) for name, step in steps.items()}
        return BookBuild(first["returncode"], first["log"], self.course, later)

    def finish(self, interrupted: bool) -> None:
        """Let steps this process started run to their end, so no worker is left waiting.

        If the session was interrupted (Ctrl-C), stop them and everything they started.
        """
        if self.process is None or self.process.poll() is not None:
            return
        if interrupted:
            os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait()


if __name__ == "__main__":
    run_steps(Path(sys.argv[1]))
