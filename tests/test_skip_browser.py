"""A missing Chromium fails the browser tests, unless the user opts out with SKIP_BROWSER=1.

Issue 13, point 10: a missing browser must not turn the browser tests into a green skip.
These tests check the rule the ``browser`` fixture of ``tests/conftest.py`` follows, and
that the Makefile's ``browser`` target follows the same rule.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.conftest import REPO, missing_browser


@pytest.fixture
def present(tmp_path: Path) -> Path:
    chromium = tmp_path / "chromium"
    chromium.write_text("#!/bin/sh\n", encoding="utf-8")
    return chromium


@pytest.fixture
def absent(tmp_path: Path) -> Path:
    return tmp_path / "no-chromium-here"


@pytest.mark.parametrize("environ", [{}, {"SKIP_BROWSER": "1"}])
def test_the_browser_tests_run_when_chromium_is_there(present: Path, environ: dict) -> None:
    assert missing_browser(environ, present) == ("run", "")


@pytest.mark.parametrize("value", [None, "", "0", "no"])
def test_a_missing_chromium_fails_unless_the_user_opted_out(
    absent: Path, value: str | None
) -> None:
    environ = {} if value is None else {"SKIP_BROWSER": value}
    action, why = missing_browser(environ, absent)
    assert action == "fail"
    assert str(absent) in why
    assert "sudo apt-get install chromium" in why
    assert "SKIP_BROWSER=1" in why


def test_a_missing_chromium_skips_when_the_user_opted_out(absent: Path) -> None:
    action, why = missing_browser({"SKIP_BROWSER": "1"}, absent)
    assert action == "skip"
    assert "SKIP_BROWSER=1" in why
    assert str(absent) in why


def _make_browser(chromium: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    """Run ``make browser`` as a user who is not root, with Chromium expected at ``chromium``."""
    make = shutil.which("make")
    if make is None:
        pytest.fail("make is not installed; the course's set-up needs it")
    env = {k: v for k, v in os.environ.items() if k not in ("SKIP_BROWSER", "MAKEFLAGS")}
    env.update(environment)
    # A copy of the Makefile in a folder anyone may enter: the checkout itself may sit in a
    # folder only its owner can open (mktemp -d makes such folders), and nobody must read it.
    folder = Path(tempfile.mkdtemp(prefix="planlab-make-"))
    folder.chmod(0o755)
    shutil.copy(REPO / "Makefile", folder / "Makefile")
    (folder / "Makefile").chmod(0o644)
    command = [make, "--no-print-directory", "-C", str(folder), "browser", f"CHROMIUM={chromium}"]
    if os.geteuid() == 0 and not chromium.exists():
        # As root the target would install Chromium; "setpriv" drops to nobody first.
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.fail("setpriv (util-linux) is needed to run make as another user")
        command = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    try:
        return subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_make_browser_fails_with_what_to_do_when_chromium_cannot_be_installed(absent: Path) -> None:
    done = _make_browser(absent)
    assert done.returncode != 0, done.stdout + done.stderr
    said = done.stdout + done.stderr
    assert "sudo apt-get install chromium" in said
    assert "SKIP_BROWSER=1" in said


def test_make_browser_lets_an_explicit_opt_out_through(absent: Path) -> None:
    done = _make_browser(absent, SKIP_BROWSER="1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "skipped" in done.stdout
    assert "SKIP_BROWSER=1" in done.stdout


def test_make_browser_is_quiet_when_chromium_is_there(present: Path) -> None:
    present.chmod(0o755)
    done = _make_browser(present)
    assert (done.returncode, done.stdout) == (0, "")
