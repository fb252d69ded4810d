"""A newcomer's first commands work in order on a fresh copy: make book, the tests, make book again.

The copy holds what a clone would: the files git tracks, and new files it does not ignore.
It borrows the course's ``.venv`` and ``node_modules`` through links, and make is told
not to reinstall them, so the test never changes the environment the course runs in.
Because the environment is borrowed, a package missing from ``requirements/book.in`` would
not show here; ``tests/test_requirements.py`` checks that from the imports instead.
Running the tests leaves ``.pytest_cache/`` (with a ``README.md``) at the top of the
copy, which the second build must ignore.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.book

#: Make's stamps for the borrowed environments: treated as up to date, never remade.
KEEP = (".venv/.book-installed", ".venv/.test-installed", "node_modules/.installed")


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


def run(command: list[str], where: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MAKEFLAGS": ""}
    env.pop("PLANLAB_DATASETS", None)
    return subprocess.run(command, cwd=where, capture_output=True, text=True, env=env, check=False)


def make_book(where: Path) -> subprocess.CompletedProcess[str]:
    old = [flag for stamp in KEEP for flag in ("-o", stamp)]
    return run(["make", *old, "book"], where)


def test_make_book_then_the_tests_then_make_book_again(tmp_path: Path) -> None:
    clone = tmp_path / "course"
    clone.mkdir()
    copy_as_a_clone(clone)

    first = make_book(clone)
    assert first.returncode == 0, f"first make book failed:\n{first.stdout[-3000:]}{first.stderr}"

    python = str(clone / ".venv" / "bin" / "python")
    tests = run([python, "-m", "pytest", "-q", "tests/test_book_offline.py"], clone)
    assert tests.returncode == 0, tests.stdout[-3000:]
    assert (clone / ".pytest_cache" / "README.md").is_file()

    again = make_book(clone)
    assert again.returncode == 0, f"make book after the tests failed:\n{again.stdout[-3000:]}"
    assert (clone / "_build" / "html" / "index.html").is_file()
