"""A cohort handed in as real platforms hand work over: a Moodle zip, a Canvas zip, loose files.

Layouts (documented in :mod:`planlab.grading.identity`):

- Moodle's "Download all submissions": a folder per learner,
  ``<Full Name>_<participant id>_assignsubmission_file_/<file>``;
- Canvas's "Download Submissions": ``<lastnamefirstname>_[LATE_]<user id>_<file id>_<file>``;
- loose files with a browser's ``(1)`` copy, and a notebook released to one learner that
  another handed in under their own name.

One roster learner (``jo.park``) hands in nothing of their own.
"""

from __future__ import annotations

import copy
import os
import zipfile
from datetime import datetime
from pathlib import Path

import nbformat

from tests.grading.cohort import blank, correct, partly_wrong, plain_python

ROSTER = """\
learner,name,email,moodle_id,canvas_id,bed_days
farah.ali,Farah Ali,farah.ali@example.scot.nhs.uk,4051,881,28000
tom.baird,Tom Baird,tom.baird@example.scot.nhs.uk,4052,882,31500
una.mcrae,Una McRae,una.mcrae@example.scot.nhs.uk,4053,883,26000
sam.reid,Sam Reid,sam.reid@example.scot.nhs.uk,4054,884,33000
amy.lee,Amy Lee,amy.lee@example.scot.nhs.uk,4055,885,30000
kim.ng,Kim Ng,kim.ng@example.scot.nhs.uk,4056,886,29000
jo.park,Jo Park,jo.park@example.scot.nhs.uk,4057,887,27500
"""
#: The deadline the cohort's times are set around (local time, as a trainer types it).
DEADLINE = datetime(2026, 12, 4, 17, 0)
#: Una's reflective answer: Markdown, and markup that must never run on a trainer's screen.
UNA_ANSWER = (
    "**Plan for about 85%**: at 95% there are many nights with no free bed. "
    "<script>alert('marked')</script>"
)
#: What each learner should come to: (where found, status, score).
EXPECTED = {
    "amy.lee": ("the file name", "graded", 9.0),
    "farah.ali": ("the Moodle download's folder name", "graded", 9.0),
    "jo.park": ("", "missing", None),
    "kim.ng": ("the notebook's own record", "graded", 9.0),
    "sam.reid": ("the Canvas download's file name", "graded", 1.0),
    "tom.baird": ("the Moodle download's folder name", "not attempted", 0.0),
    "una.mcrae": ("the Canvas download's file name", "graded", 9.0),
}


def _bytes(notebook: nbformat.NotebookNode) -> bytes:
    return nbformat.writes(notebook).encode("utf-8")


def _zip(path: Path, members: dict[str, tuple[bytes, tuple[int, ...]]]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, (raw, when) in members.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=when), raw)
    return path


def _loose(path: Path, raw: bytes, when: datetime) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    stamp = when.timestamp()
    os.utime(path, (stamp, stamp))
    return path


def una() -> nbformat.NotebookNode:
    """Right answers in plain Python, and a reflective answer with markup in it."""
    notebook = plain_python()
    for cell in notebook.cells:
        if cell.metadata.get("planlab", {}).get("question") == "q6":
            cell.source = UNA_ANSWER
    return notebook


def handed_in_for(learner: str) -> nbformat.NotebookNode:
    """A notebook released to ``learner`` (its record names them), with right answers."""
    notebook = copy.deepcopy(correct())
    notebook.metadata.setdefault("planlab", {})["learner"] = learner
    return notebook


def write_platform_cohort(folder: Path) -> tuple[list[Path], Path]:
    """Write the downloads and loose files; return what to grade and the roster."""
    folder.mkdir(parents=True, exist_ok=True)
    roster = folder / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    moodle = _zip(
        folder / "moodle-download.zip",
        {
            "Farah Ali_4051_assignsubmission_file_/example-beds.ipynb": (
                _bytes(correct()),
                (2026, 12, 3, 16, 0, 0),
            ),
            "Tom Baird_4052_assignsubmission_file_/example-beds.ipynb": (
                _bytes(blank()),
                (2026, 12, 4, 9, 30, 0),
            ),
        },
    )
    canvas = _zip(
        folder / "canvas-download.zip",
        {
            "mcraeuna_883_90003_example-beds.ipynb": (_bytes(una()), (2026, 12, 4, 12, 0, 0)),
            "reidsam_LATE_884_90004_example-beds.ipynb": (
                _bytes(partly_wrong()),
                (2026, 12, 5, 9, 0, 0),
            ),
        },
    )
    loose = folder / "emailed"
    _loose(loose / "amy.lee.ipynb", _bytes(blank()), datetime(2026, 12, 2, 10, 0))
    _loose(loose / "amy.lee (1).ipynb", _bytes(correct()), datetime(2026, 12, 4, 11, 0))
    _loose(loose / "jo.park.ipynb", _bytes(handed_in_for("kim.ng")), datetime(2026, 12, 4, 15, 0))
    return [moodle, canvas, loose], roster


def cohort_table(results: list) -> list[tuple[str, str, str, str]]:
    """The cohort's table: learner, where found, status, score (blank for none)."""
    rows = []
    for result in sorted(results, key=lambda r: r.learner):
        score = "" if result.status.value == "missing" else f"{result.score:g}"
        rows.append((result.learner, result.provenance.found_as, result.status.value, score))
    return rows
