"""Deciding whose each submitted notebook is, and which one of a learner's notebooks to grade.

Every notebook found is matched to a learner, in this order (see
:mod:`planlab.grading.identity`): the learner its own record names; then what the
platform's download says (a Moodle participant id or a Canvas user id in the roster's
``moodle_id`` or ``canvas_id`` column, or the name in the roster's ``name`` column);
then the file name. With a roster, only roster learners are graded: a notebook that
matches nobody is reported, and a roster learner with no notebook is ``missing``.

A learner with several notebooks (a platform's ``(1)`` copies, a resubmission, a
second folder) has the latest graded; the others are reported. A notebook whose own
record names a different learner from where it was found is flagged for the trainer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from planlab.grading.identity import Identity, identify, name_key, slug
from planlab.grading.roster import Roster, RosterEntry
from planlab.grading.submissions import Submission

__all__ = ["Found", "Resolution", "resolve"]


@dataclass(frozen=True)
class Found:
    """A submission, with who it was matched to and how."""

    learner: str
    submission: Submission
    identity: Identity
    flags: tuple[str, ...] = ()

    @property
    def submitted_at(self) -> str:
        """When it was submitted, as recorded, in ISO 8601 (UTC); ``""`` if unknown."""
        when = self.submission.modified
        if when is None:
            return ""
        return datetime.fromtimestamp(when, UTC).isoformat(timespec="seconds")


@dataclass
class Resolution:
    """Which submission to grade for each learner, and what could not be placed.

    Attributes
    ----------
    chosen
        The submission to grade for each learner, by learner id.
    missing
        Roster learners with no submission, in roster order.
    problems
        Files not graded, each with its reason.
    """

    chosen: dict[str, Found] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _names(entry: RosterEntry) -> set[str]:
    """Keys under which a roster learner's name may appear: 'Farah Ali' and 'Ali Farah'."""
    keys = {name_key(entry.learner)}
    name = entry.info.get("name", "")
    words = name.replace(",", " ").split()
    if words:
        keys |= {name_key(" ".join(words)), name_key(" ".join(words[1:] + words[:1]))}
        keys.add(name_key(" ".join(words[-1:] + words[:-1])))
    return keys - {""}


def _roster_learner(identity: Identity, roster: Roster) -> tuple[str, str]:
    """Return the roster learner a file matches, and how (``""`` when it matches none)."""
    if identity.recorded in roster:
        return identity.recorded, "record"
    column = {"moodle": "moodle_id", "canvas": "canvas_id"}.get(identity.platform, "")
    for entry in roster.entries.values():
        if column and identity.platform_id and entry.info.get(column) == identity.platform_id:
            return entry.learner, identity.platform
    wanted = name_key(identity.name) if identity.platform else name_key(identity.learner)
    for entry in roster.entries.values():
        if wanted and wanted in _names(entry):
            return entry.learner, identity.platform or "file"
    return "", ""


def _platform_learner(identity: Identity, roster: Roster | None) -> str:
    """Who the platform or file name says the notebook belongs to, ignoring its record."""
    plain = Identity(
        learner=identity.platform_learner or identity.learner,
        found_as=identity.platform or "file",
        platform=identity.platform,
        platform_id=identity.platform_id,
        name=identity.name,
    )
    if roster is None:
        return plain.learner
    return _roster_learner(plain, roster)[0]


def _flags(identity: Identity, learner: str, roster: Roster | None) -> tuple[str, ...]:
    flags = []
    found_for = _platform_learner(identity, roster)
    if identity.recorded and found_for and found_for != learner:
        flags.append(
            f"This notebook was released to {learner}, but it was found as {found_for}'s "
            f"(from {identity.where if identity.found_as != 'record' else 'where it was found'}). "
            "It was graded as "
            f"{learner}'s: check with both learners."
        )
    return tuple(flags)


def _order(found: Found) -> tuple[int, int, float]:
    """Sort key: a notebook found where its record says, then the latest copy, then time."""
    consistent = int(not found.flags)
    return consistent, found.identity.copy, found.submission.modified or 0.0


def _place(submission: Submission, roster: Roster | None) -> tuple[Found | None, str]:
    identity = identify(submission.member or submission.path.name, submission.notebook)
    if roster is None:
        learner = identity.learner if identity.found_as != "moodle" else slug(identity.name)
        return Found(learner, submission, identity, _flags(identity, learner, None)), ""
    learner, _ = _roster_learner(identity, roster)
    if not learner:
        clue = f" ({identity.name})" if identity.name else ""
        return None, (
            f"{submission.origin}{clue} matches no learner on the roster, so it was not "
            "graded. Add the learner to the roster (a name, moodle_id or canvas_id column "
            "helps match platform downloads), then grade again."
        )
    return Found(learner, submission, identity, _flags(identity, learner, roster)), ""


def resolve(submissions: Iterable[Submission], roster: Roster | None = None) -> Resolution:
    """Match every submission to a learner and pick one submission per learner.

    Parameters
    ----------
    submissions
        What :func:`planlab.grading.submissions.collect` found, refused entries included.
    roster
        The roster, when the trainer gave one.

    Returns
    -------
    Resolution
        The submission to grade for each learner; roster learners with none; and every
        file not graded, with why.
    """
    resolution = Resolution()
    candidates: dict[str, list[Found]] = {}
    for submission in submissions:
        if submission.refused:
            resolution.problems.append(submission.problem)
            continue
        found, problem = _place(submission, roster)
        if found is None:
            resolution.problems.append(problem)
            continue
        candidates.setdefault(found.learner, []).append(found)
    for learner, choices in candidates.items():
        ranked = sorted(choices, key=_order)
        resolution.chosen[learner] = ranked[-1]
        for other in ranked[:-1]:
            resolution.problems.append(
                f"{other.submission.origin}: another notebook for {learner}; "
                f"{ranked[-1].submission.origin} was graded instead, as the "
                f"{'latest' if not ranked[-1].flags else 'one found under their own name'}."
            )
    if roster is not None:
        resolution.missing = [name for name in roster.entries if name not in resolution.chosen]
    return resolution
