"""How long a trainer's whole cohort cycle takes: grade, mark, export, beside the alternatives.

Run from the repository's root:

    python benchmarks/cohort_cycle.py [--learners 25] [--skip-nbconvert]

One cohort of N learners hands in the example exercise (``solutions/example-beds.ipynb``)
through a Moodle "Download all submissions" zip, each with their own ``bed_days`` from a
roster, cycling through the fixture builders of ``tests/grading/cohort.py`` (correct, plain
Python, partly wrong, blank) and each with a reflective answer (some identical). Timed:

- ``planlab grade`` in-process with 2 workers, into a fresh folder (the learners found from
  the Moodle folder names and the roster); beside it, ``jupyter nbconvert --execute`` of each
  submission one after another, which runs the notebooks but marks nothing;
- marking every written reflective answer through the marking screen, for real: a server on
  127.0.0.1 and one HTTP POST per mark, each saved to the gradebook as it is entered, then
  the one "update" that rewrites feedback, report and CSV; beside it, the spreadsheet route:
  the same marks typed into the marks sheet and brought in with ``planlab import-marks`` (a
  command, run as a trainer would);
- ``planlab export`` in-process: Moodle and Canvas grade files, feedback zips and an email
  summary per learner.

The machine's time spent typing is not counted on either side. Figures are printed and
written to ``_build/benchmarks/cohort_cycle.json``.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import nbformat  # noqa: E402

from benchmarks.grading import machine, time_nbconvert  # noqa: E402
from planlab.grading.export import export  # noqa: E402
from planlab.grading.grade import grade  # noqa: E402
from planlab.grading.markingscreen import MarkingScreen  # noqa: E402
from planlab.grading.model import RunLimits  # noqa: E402
from planlab.grading.spec import read_exercise  # noqa: E402
from tests.grading.cohort import blank, correct, partly_wrong, plain_python  # noqa: E402

SOLUTION = REPO / "solutions" / "example-beds.ipynb"
RESULTS = REPO / "_build" / "benchmarks" / "cohort_cycle.json"
WORKERS = 2
LIMITS = RunLimits(cell_timeout=60, submission_timeout=300)
BUILDERS: dict[str, Callable[[], nbformat.NotebookNode]] = {
    "correct": correct,
    "plain": plain_python,
    "partly": partly_wrong,
    "blank": blank,
}
ADVICE = [
    "Plan for about 85% occupancy: above 92% the emergency department waits grow.",
    "Keep a winter reserve of beds; run at 85% in summer so that there is room in January.",
    "Compare with last year's occupancy before asking the board for more beds.",
]
FORM = re.compile(
    r'name="label" value="(Answer \d+)">\s*'
    r'<input type="hidden" name="answer_id" value="([0-9a-f]*)"'
)


def say(message: str) -> None:
    """Print a progress line."""
    print(f"... {message}", flush=True)


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """Read the command line: ``--learners`` and ``--skip-nbconvert``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=25, help="cohort size (default 25)")
    parser.add_argument("--skip-nbconvert", action="store_true", help="leave nbconvert out")
    arguments = parser.parse_args(argv)
    if arguments.learners < 1:
        parser.error("--learners must be at least 1")
    return arguments


def _with_reflection(notebook: nbformat.NotebookNode, text: str) -> nbformat.NotebookNode:
    for cell in notebook.cells:
        if cell.metadata.get("planlab", {}).get("question") == "q6":
            cell.source = text
    return notebook


def build_cohort(count: int, folder: Path) -> tuple[Path, Path, list[Path]]:
    """Write the Moodle download, the roster and the same notebooks loose (for nbconvert)."""
    folder.mkdir(parents=True, exist_ok=True)
    kinds = list(itertools.islice(itertools.cycle(BUILDERS), count))
    roster_rows = ["learner,name,email,moodle_id,canvas_id,bed_days"]
    loose = folder / "loose"
    loose.mkdir()
    paths = []
    archive = folder / "moodle-download.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for number, kind in enumerate(kinds, start=1):
            learner, name = f"learner{number:02d}", f"Learner {number:02d}"
            participant = 5000 + number
            bed_days = 20000 + 500 * number
            roster_rows.append(
                f"{learner},{name},{learner}@example.scot.nhs.uk,{participant},{700 + number},"
                f"{bed_days}"
            )
            notebook = BUILDERS[kind]()
            if kind != "blank":
                notebook = _with_reflection(notebook, ADVICE[number % len(ADVICE)])
            raw = nbformat.writes(notebook)
            zipped.writestr(f"{name}_{participant}_assignsubmission_file_/example-beds.ipynb", raw)
            path = loose / f"{learner}.ipynb"
            path.write_text(raw, encoding="utf-8")
            paths.append(path)
    roster = folder / "roster.csv"
    roster.write_text("\n".join(roster_rows) + "\n", encoding="utf-8")
    return archive, roster, paths


def time_grading(archive: Path, roster: Path, out: Path) -> tuple[float, Any]:
    """Time ``planlab grade`` of the Moodle download, in-process."""
    started = time.perf_counter()
    summary = grade(
        SOLUTION,
        [archive],
        out,
        workers=WORKERS,
        limits=LIMITS,
        roster_path=roster,
        progress=False,
    )
    return time.perf_counter() - started, summary


def _post(url: str, fields: dict[str, str]) -> int:
    request = urllib.request.Request(
        url, data=urllib.parse.urlencode(fields).encode("utf-8"), method="POST"
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status


def time_marking_screen(out: Path) -> dict[str, float]:
    """Mark every written answer through the marking screen over HTTP, then update the pages."""
    screen = MarkingScreen(read_exercise(SOLUTION), out)
    screen.start()
    try:
        started = time.perf_counter()
        with urllib.request.urlopen(screen.url + "question/q6", timeout=30) as response:
            page = response.read().decode("utf-8")
        answers = FORM.findall(page)
        for number, (label, answer_id) in enumerate(answers):
            fields = {
                "token": screen.token,
                "label": label,
                "answer_id": answer_id,
                "mark": str(1 + number % 3),
                "comment": "Clear and specific.",
            }
            _post(screen.url + "question/q6", fields)
        marked = time.perf_counter()
        _post(screen.url + "refresh", {"token": screen.token})
        finished = time.perf_counter()
    finally:
        screen.server.shutdown()
        screen.server.server_close()
    return {
        "marks": len(answers),
        "marking_s": marked - started,
        "per_mark_s": (marked - started) / max(len(answers), 1),
        "update_s": finished - marked,
        "total_s": finished - started,
    }


def time_spreadsheet_route(out: Path) -> dict[str, float]:
    """Fill the marks sheet as a trainer would in a spreadsheet, then run ``import-marks``."""
    sheet = out / "reflections" / "q6-marks.csv"
    with sheet.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    marks = out / "typed-marks.csv"
    with marks.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["learner", "question", "mark", "comment"])
        for number, row in enumerate(rows):
            if row["answer_id"]:
                writer.writerow([row["learner"], "q6", 1 + number % 3, "Clear and specific."])
    planlab = Path(sys.executable).with_name("planlab")
    started = time.perf_counter()
    subprocess.run(
        [str(planlab), "import-marks", str(SOLUTION), str(marks), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return {"import_marks_s": time.perf_counter() - started}


def time_export(out: Path, roster: Path) -> tuple[float, int]:
    """Time ``planlab export`` in-process; return seconds and files written."""
    started = time.perf_counter()
    summary = export(SOLUTION, out, roster_path=roster, canvas_assignment_id="40321")
    return time.perf_counter() - started, len(summary.files)


def run(arguments: argparse.Namespace, scratch: Path) -> dict[str, Any]:
    """Build the cohort and take every timing."""
    load_before = os.getloadavg()
    archive, roster, loose = build_cohort(arguments.learners, scratch / "cohort")
    say(f"grading {arguments.learners} learners with planlab ({WORKERS} workers)")
    graded_s, summary = time_grading(archive, roster, scratch / "out")
    statuses = {s.value: summary.count(s) for s in type(summary.results[0].status)}
    spreadsheet_out = scratch / "out-spreadsheet"
    subprocess.run(["cp", "-r", str(scratch / "out"), str(spreadsheet_out)], check=True)
    say("marking through the marking screen")
    screen = time_marking_screen(scratch / "out")
    say("marking through the spreadsheet route (planlab import-marks)")
    spreadsheet = time_spreadsheet_route(spreadsheet_out)
    say("exporting for Moodle, Canvas and email")
    export_s, files = time_export(scratch / "out", roster)
    record: dict[str, Any] = {
        "learners": arguments.learners,
        "statuses": {k: v for k, v in statuses.items() if v},
        "planlab_grade_s": graded_s,
        "marking_screen": screen,
        "spreadsheet_route": spreadsheet,
        "planlab_export_s": export_s,
        "export_files": files,
        "cycle_s": graded_s + screen["total_s"] + export_s,
    }
    if not arguments.skip_nbconvert:
        say("running each submission with nbconvert --execute (serial)")
        timing = time_nbconvert(loose, scratch / "nbconvert")
        record["nbconvert_s"] = timing.seconds
        record["nbconvert_ok"] = timing.ok
    record["machine"] = machine(load_before)
    return record


def report(record: dict[str, Any]) -> None:
    """Print the figures as a table."""
    n = record["learners"]
    screen, sheet = record["marking_screen"], record["spreadsheet_route"]
    print(f"\nA cohort of {n} ({record['statuses']}) on {record['machine']['usable_cores']} cores")
    print(f"{'step':<58}{'seconds':>9}")
    lines = [
        (f"planlab grade ({WORKERS} workers, Moodle zip + roster)", record["planlab_grade_s"]),
    ]
    if "nbconvert_s" in record:
        lines.append(
            ("nbconvert --execute, serial (runs only, marks nothing)", record["nbconvert_s"])
        )
    lines += [
        (f"marking screen: {screen['marks']} marks posted, each saved", screen["marking_s"]),
        ("marking screen: update feedback, report and CSV", screen["update_s"]),
        ("spreadsheet route: planlab import-marks (command)", sheet["import_marks_s"]),
        (f"planlab export ({record['export_files']} files)", record["planlab_export_s"]),
        ("whole cycle with planlab: grade + mark + update + export", record["cycle_s"]),
    ]
    for label, seconds in lines:
        print(f"{label:<58}{seconds:>9.2f}")
    print(f"Per mark through the screen: {1000 * screen['per_mark_s']:.0f} ms.")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    with tempfile.TemporaryDirectory(prefix="planlab-cycle-") as scratch:
        record = run(arguments, Path(scratch))
    report(record)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"Written to {RESULTS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
