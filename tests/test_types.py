"""The toolkit's type hints are checked: mypy passes on ``src/planlab``.

mypy reads its settings from ``[tool.mypy]`` in ``pyproject.toml``: every module gets mypy's
default checks and the bodies of functions without hints are checked too; ``planlab.grading``
gets every check ``--strict`` turns on (issue 13). The test runs mypy as a separate process,
as a developer would, so that ``make test`` fails on a type error and shows mypy's own report.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_passes_on_the_toolkit(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            # A cache of its own, so parallel test workers and a developer's run do not collide.
            "--cache-dir",
            str(tmp_path / "mypy-cache"),
            str(ROOT / "src" / "planlab"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, f"mypy found type errors:\n{result.stdout}{result.stderr}"
