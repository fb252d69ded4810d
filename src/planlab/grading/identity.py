"""Who a submitted notebook belongs to: its own record, the platform's naming, or its file name.

Learning platforms rename files when a trainer downloads every submission at once:

- **Moodle** (assignment "Download all submissions") puts each submission in a folder
  named ``<Full Name>_<participant id>_assignsubmission_file_`` (Moodle 3.1 and later;
  earlier versions and the flat option prefix each file's name with the same text).
  The participant id is the number the grading worksheet calls "Participant 123456".
  Source read: ``mod/assign/locallib.php`` of Moodle, ``download_submissions``.
- **Canvas** (assignment "Download Submissions") names each file
  ``<lastnamefirstname>_[LATE_]<user id>_<submission id>_<original file name>``, with
  ``LATE`` for work submitted after the due date, as Canvas unpacking tools document
  (for example the canvas-unzipper README) and as downloads show.

A notebook released with ``planlab release`` also records its learner in its own
metadata (``planlab.learner``). That record is read first; then the platform's
naming; then the file name, without a ``(1)``-style copy number, which marks a
resubmission of the same learner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

__all__ = ["FOUND_AS", "Identity", "identify", "name_key", "slug"]

#: How a learner was found, in the words reports use.
FOUND_AS = {
    "record": "the notebook's own record",
    "moodle": "the Moodle download's folder name",
    "canvas": "the Canvas download's file name",
    "file": "the file name",
}
_MOODLE = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assignsubmission_file_(?P<rest>.*)$")
_CANVAS = re.compile(
    r"^(?P<name>[a-z][a-z0-9-]*)_(?:(?P<late>LATE)_)?(?P<id>\d+)_(?P<submission>\d+)_(?P<file>.+)$"
)
_COPY = re.compile(r"^(?P<stem>.*?)(?:[ _-]?\((?P<copy>\d+)\)|-(?P<dash>\d))$")
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


@dataclass(frozen=True)
class Identity:
    """What a submitted file says about who it belongs to.

    Parameters
    ----------
    learner
        The learner id this file would be graded as, before any roster is applied.
    found_as
        ``"record"``, ``"moodle"``, ``"canvas"`` or ``"file"`` (see :data:`FOUND_AS`).
    recorded
        The learner the notebook records it was released to, or ``""``.
    platform
        ``"moodle"``, ``"canvas"`` or ``""``.
    platform_id
        The Moodle participant id or the Canvas user id, or ``""``.
    name
        The learner's name as the platform wrote it, or ``""``.
    submission_id
        Canvas's submission id, or ``""``.
    late
        True when the platform marked the work as late.
    copy
        The copy number of a ``name (2).ipynb``-style duplicate; 0 for none.
    named
        The learner id the platform's naming or the file name gives, whatever the record says.
    """

    learner: str
    found_as: str
    recorded: str = ""
    platform: str = ""
    platform_id: str = ""
    name: str = ""
    submission_id: str = ""
    late: bool = False
    copy: int = 0
    named: str = ""

    @property
    def where(self) -> str:
        """Say, for a trainer, where the learner was found."""
        return FOUND_AS[self.found_as]

    @property
    def platform_learner(self) -> str:
        """The learner id the platform's naming (or the file name) gives, ignoring the record."""
        return self.named


def slug(text: str) -> str:
    """Turn a name into a learner id: lower case, words joined by ``-``."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:100] or "unnamed"


def name_key(text: str) -> str:
    """Return a name's letters only, lower case, so that 'Ali, Farah' can match 'alifarah'."""
    return "".join(re.findall(r"[a-z0-9]", text.lower()))


def _recorded(notebook: Any) -> str:
    metadata = getattr(notebook, "metadata", None) or {}
    record = metadata.get("planlab", {}) if isinstance(metadata, dict) else {}
    learner = record.get("learner", "") if isinstance(record, dict) else ""
    return learner if isinstance(learner, str) and _SAFE_ID.match(learner) else ""


def _copy_number(stem: str) -> tuple[str, int]:
    found = _COPY.match(stem)
    if not found or not found.group("stem").strip():
        return stem, 0
    return found.group("stem").strip(), int(found.group("copy") or found.group("dash"))


def identify(member: str, notebook: Any = None) -> Identity:
    """Read who a submitted notebook belongs to.

    Parameters
    ----------
    member
        The file's path inside the folder or archive it came from, with ``/``
        separators, such as ``Farah Ali_4051_assignsubmission_file_/example.ipynb``.
    notebook
        The notebook, when it could be read, for its own record of its learner.

    Returns
    -------
    Identity
        The learner id to grade it as (before a roster is applied) and every clue found.
    """
    path = PurePosixPath(member)
    stem, copy = _copy_number(path.stem)
    found = {"learner": slug(stem) if not _SAFE_ID.match(stem) else stem, "found_as": "file"}
    platform: dict[str, Any] = {}
    for part in path.parts:
        moodle = _MOODLE.match(part)
        if moodle:
            name = moodle.group("name").strip()
            platform = {"platform": "moodle", "platform_id": moodle.group("id"), "name": name}
            found = {"learner": slug(name), "found_as": "moodle"}
            if part == path.parts[-1]:
                stem, copy = _copy_number(PurePosixPath(moodle.group("rest")).stem)
            break
    canvas = _CANVAS.match(path.name)
    if not platform and canvas:
        platform = {
            "platform": "canvas",
            "platform_id": canvas.group("id"),
            "name": canvas.group("name"),
            "submission_id": canvas.group("submission"),
            "late": bool(canvas.group("late")),
        }
        found = {"learner": canvas.group("name"), "found_as": "canvas"}
        _, copy = _copy_number(PurePosixPath(canvas.group("file")).stem)
    named = found["learner"]
    recorded = _recorded(notebook)
    if recorded:
        found = {"learner": recorded, "found_as": "record"}
    return Identity(
        learner=found["learner"],
        found_as=found["found_as"],
        recorded=recorded,
        copy=copy,
        named=named,
        **platform,
    )
