"""How long each notebook of the course takes to run, against the 30-second target.

Run from the repository's root:  python benchmarks/notebook_times.py [NOTEBOOK ...]

Every notebook in ``notebooks/`` and ``solutions/`` (or those named) is run twice, in the same
run, each time in a fresh kernel started with this same Python:

- with ``nbclient`` (what ``planlab`` and the book build use), timing the whole execution
  including the kernel's start;
- with ``jupyter nbconvert --to notebook --execute`` (what a user would otherwise type), timed
  as a command, so it includes starting the converter itself.

The table gives both times and says whether nbclient's time is within the target. Outputs are
written to a temporary folder; the notebooks in the repository are not changed. The exit code
is 1 when any notebook fails or is over the target.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 30.0


def time_nbclient(path: Path) -> tuple[float, str]:
    """Run ``path`` with nbclient in a fresh kernel; return seconds and "ok" or the error."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    try:
        client.execute()
    except Exception as error:  # report and go on to the next notebook
        return time.perf_counter() - start, type(error).__name__
    return time.perf_counter() - start, "ok"


def time_nbconvert(path: Path, out_dir: Path) -> tuple[float, str]:
    """Run ``path`` with ``jupyter nbconvert --execute``; return seconds and "ok" or "failed"."""
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "nbconvert",
        "--to",
        "notebook",
        "--execute",
        "--ExecutePreprocessor.timeout=600",
        "--output-dir",
        str(out_dir),
        str(path),
    ]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=path.parent, capture_output=True, check=False)
    return time.perf_counter() - start, "ok" if done.returncode == 0 else "failed"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: all of them")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.notebooks] or sorted(
        [*(REPO / "notebooks").glob("*.ipynb"), *(REPO / "solutions").glob("*.ipynb")]
    )
    header = f"{'notebook':<50} {'nbclient s':>10} {'nbconvert s':>11} {'target s':>8}  verdict"
    print(header)
    print("-" * len(header))
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            client_s, client_status = time_nbclient(path)
            convert_s, convert_status = time_nbconvert(path, Path(tmp))
            within = client_status == "ok" and client_s <= TARGET_SECONDS
            verdict = (
                "within target"
                if within
                else ("OVER TARGET" if client_status == "ok" else f"FAILED ({client_status})")
            )
            if convert_status != "ok":
                verdict += "; nbconvert failed"
            bad += not within
            name = str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)
            print(
                f"{name:<50} {client_s:>10.1f} {convert_s:>11.1f} {TARGET_SECONDS:>8.0f}  {verdict}"
            )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
