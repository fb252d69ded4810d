"""Moving exercises through the hub: hand out variants, collect work, return feedback.

Every learner's exercise lives at one place in their folder on the hub,
``planlab-exercises/<exercise>.ipynb`` (:func:`hub_path`). ``planlab hub-release`` puts
each learner's own variant there, the learner answers and saves it, ``planlab collect``
copies each one into a local folder that ``planlab grade`` reads, and ``planlab return``
puts each learner's feedback page beside their notebook. A learner is known on the hub
by the roster's ``learner`` id, which must be their hub user name.

Runs in: the trainer's shell, talking to the hub through :class:`~planlab.grading.hub.HubClient`.
A problem with one learner (no server, no notebook) never stops the others: it is
recorded, and that learner is reported as missing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from planlab.errors import HubFileMissingError, LearnerServerError
from planlab.grading.csvfiles import write_csv
from planlab.grading.hub import HubClient

__all__ = [
    "COLLECTION_FILE",
    "HUB_FOLDER",
    "Collected",
    "Collection",
    "collect_from_hub",
    "hub_path",
    "place_notebooks",
    "return_feedback",
]

#: The folder, in each learner's home on the hub, that holds their exercises.
HUB_FOLDER = "planlab-exercises"
#: The record ``planlab collect`` writes beside the notebooks it collected.
COLLECTION_FILE = "collection.csv"


def hub_path(exercise_id: str, suffix: str = ".ipynb") -> str:
    """Return where an exercise lives on the hub (its feedback with ``suffix='-feedback.html'``)."""
    return f"{HUB_FOLDER}/{exercise_id}{suffix}"


@dataclass(frozen=True)
class Collected:
    """One learner's outcome in a collection.

    Attributes
    ----------
    learner
        The learner's id (their hub user name).
    status
        ``collected``, or ``missing`` when nothing could be collected.
    path
        The notebook written locally, or None.
    submitted_at
        When the learner last saved it, as the hub reported (ISO 8601), or ''.
    message
        Why nothing was collected, in words a trainer can act on; '' when collected.
    """

    learner: str
    status: str
    path: Path | None = None
    submitted_at: str = ""
    message: str = ""


@dataclass
class Collection:
    """What one ``planlab collect`` did.

    Attributes
    ----------
    exercise_id
        The exercise collected.
    entries
        One per learner asked for, in the order asked.
    seconds
        How long the collection took.
    """

    exercise_id: str
    entries: list[Collected] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def collected(self) -> list[Collected]:
        """The learners whose notebooks were collected."""
        return [entry for entry in self.entries if entry.status == "collected"]

    @property
    def missing(self) -> list[Collected]:
        """The learners with nothing collected, each with why."""
        return [entry for entry in self.entries if entry.status != "collected"]


def _set_mtime(path: Path, stamp: str) -> None:
    """Give a collected file the time the learner saved it: grading reads it as submitted_at."""
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return
    os.utime(path, (when, when))


def _collect_one(client: HubClient, learner: str, remote: str, out: Path) -> Collected:
    try:
        found = client.read_file(learner, remote)
    except (LearnerServerError, HubFileMissingError) as problem:
        return Collected(learner, "missing", message=str(problem))
    target = out / f"{learner}.ipynb"
    target.write_text(found.text, encoding="utf-8")
    _set_mtime(target, found.last_modified)
    return Collected(learner, "collected", target, found.last_modified)


def collect_from_hub(
    client: HubClient,
    exercise_id: str,
    learners: Iterable[str],
    out: Path,
    *,
    start_servers: bool = False,
) -> Collection:
    """Copy each learner's notebook for an exercise from the hub into ``out/<learner>.ipynb``.

    Parameters
    ----------
    client
        The hub, with a trainer's token.
    exercise_id
        The exercise's id; each notebook is read from :func:`hub_path`.
    learners
        The learners to collect from (the roster's ids).
    out
        The local folder to write into; ``planlab grade EXERCISE out`` then grades it.
    start_servers
        Start a learner's stopped server to reach their folder, rather than report them.

    Returns
    -------
    Collection
        Who was collected, when each saved, and who is missing and why. It is also
        written to ``out/collection.csv``.

    Raises
    ------
    HubUnreachableError, HubTokenError
        Before anything is written, if the hub does not answer or refuses the token.
    """
    started = time.perf_counter()
    client.check()
    out.mkdir(parents=True, exist_ok=True)
    remote = hub_path(exercise_id)
    collection = Collection(exercise_id)
    for learner in learners:
        if start_servers:
            try:
                client.start_server(learner)
            except LearnerServerError as problem:
                collection.entries.append(Collected(learner, "missing", message=str(problem)))
                continue
        collection.entries.append(_collect_one(client, learner, remote, out))
    _write_record(collection, out / COLLECTION_FILE)
    collection.seconds = time.perf_counter() - started
    return collection


def _write_record(collection: Collection, target: Path) -> None:
    # Learner names and messages come from the hub: written through write_csv, so no cell
    # can run as a formula when a trainer opens the file in a spreadsheet.
    rows = [(e.learner, e.status, e.submitted_at, e.message) for e in collection.entries]
    write_csv(target, ["learner", "status", "submitted_at", "message"], rows)


def place_notebooks(
    client: HubClient, exercise_id: str, notebooks: Iterable[Path]
) -> tuple[list[str], list[str]]:
    """Put each released notebook, ``<learner>.ipynb``, into that learner's hub folder.

    A learner's notebook already on the hub is never overwritten, so work in progress is
    never lost: delete it on the hub first to hand out a fresh copy.

    Returns
    -------
    tuple of list of str
        The learners given their notebook, and one message for each learner who was not.
    """
    client.check()
    remote = hub_path(exercise_id)
    placed, problems = [], []
    for notebook in notebooks:
        learner = notebook.stem
        try:
            client.read_file(learner, remote)
        except HubFileMissingError:
            pass
        except LearnerServerError as problem:
            problems.append(str(problem))
            continue
        else:
            problems.append(
                f"{learner}: already has {remote} on the hub, so it was left as it is "
                "(their work is kept). Delete it there first to hand out a fresh copy."
            )
            continue
        client.write_file(learner, remote, notebook.read_text(encoding="utf-8"))
        placed.append(learner)
    return placed, problems


def return_feedback(
    client: HubClient, exercise_id: str, grading: Path, learners: Iterable[str] | None = None
) -> tuple[list[str], list[str]]:
    """Copy each learner's feedback page from a grading folder into their hub folder.

    Parameters
    ----------
    client
        The hub, with a trainer's token.
    exercise_id
        The exercise graded; each page goes to ``hub_path(exercise_id, '-feedback.html')``.
    grading
        The folder ``planlab grade`` wrote (its ``feedback/<learner>.html`` pages).
    learners
        Only these learners; all with a feedback page when None.

    Returns
    -------
    tuple of list of str
        The learners whose feedback was returned, and one message for each that was not.
    """
    client.check()
    pages = {page.stem: page for page in sorted((grading / "feedback").glob("*.html"))}
    wanted = list(pages) if learners is None else list(learners)
    remote = hub_path(exercise_id, "-feedback.html")
    returned, problems = [], []
    for learner in wanted:
        page = pages.get(learner)
        if page is None:
            problems.append(f"{learner}: has no feedback page in {grading / 'feedback'}.")
            continue
        try:
            client.write_file(learner, remote, page.read_text(encoding="utf-8"))
        except LearnerServerError as problem:
            problems.append(str(problem))
            continue
        returned.append(learner)
    return returned, problems
