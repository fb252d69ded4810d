"""How long making the course's data takes, beside what a user would otherwise do.

Run from the repository's root:  python benchmarks/generate_data.py

Times, on this machine in this run (best of several runs):
- `planlab data generate` as a command (a fresh Python process, writing every file);
- the same work in-process (generate every table and write the files);
- generating the tables in memory only;
- the alternative of reading the committed CSV files with plain pandas;
- `planlab.datasets.load_all()` (reading with types: periods, categories, dates);
- `planlab data validate` in-process;
- validating with the `frictionless` package, if it is installed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from planlab import datasets
from planlab.data.generate import generate_all
from planlab.data.store import write_package
from planlab.data.validate import validate_package

COMMITTED = Path(__file__).resolve().parents[1] / "datasets"


def best_of(runs: int, work: Callable[[], object]) -> float:
    """Return the fastest of ``runs`` timings of ``work``, in seconds."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return min(timings)


def command_line(folder: Path) -> None:
    """Run `planlab data generate` in a new process, as a user would."""
    script = Path(sys.executable).with_name("planlab")
    command = [str(script)] if script.exists() else [shutil.which("planlab") or "planlab"]
    subprocess.run(
        [*command, "data", "generate", "--out", str(folder)], check=True, capture_output=True
    )
    if not (folder / "datapackage.json").is_file():
        raise SystemExit("planlab data generate wrote nothing")


def read_with_pandas() -> None:
    """Read every committed CSV with plain pandas, no types."""
    for path in sorted(COMMITTED.glob("*.csv")):
        pd.read_csv(path)


def frictionless_validate() -> None:
    """Validate the committed package with the frictionless package."""
    import frictionless

    report = frictionless.validate(COMMITTED / "datapackage.json")
    if not report.valid:
        raise SystemExit("frictionless found problems")


def main() -> None:
    """Print the timings as a table."""
    rows = sum(len(table) for table in generate_all().values())
    size = sum(path.stat().st_size for path in COMMITTED.iterdir()) / 1e6
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        timings = {
            "planlab data generate (new process, all files)": best_of(
                3, lambda: command_line(folder / "cli")
            ),
            "generate and write, in-process": best_of(5, lambda: write_package(folder)),
            "generate tables in memory only": best_of(5, generate_all),
            "read committed CSVs with pandas": best_of(5, read_with_pandas),
            "planlab.datasets.load_all (typed)": best_of(5, datasets.load_all),
            "planlab data validate, in-process": best_of(5, lambda: validate_package(COMMITTED)),
        }
    try:
        timings["frictionless validate (whole package)"] = best_of(1, frictionless_validate)
    except ImportError:
        timings["frictionless validate (not installed)"] = float("nan")
    print(f"Lochanvale HSCP (fictional): {rows:,} rows in 17 tables, {size:.1f} MB on disk")
    print(f"{'task':<50} {'seconds':>8}")
    for task, seconds in timings.items():
        print(f"{task:<50} {seconds:>8.2f}")


if __name__ == "__main__":
    main()
