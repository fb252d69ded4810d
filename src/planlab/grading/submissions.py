"""Collect learners' notebooks for grading: single files, folders and zip downloads.

:func:`collect` never raises for one bad file. Every notebook it finds becomes a
:class:`Submission`; one that cannot be graded has ``notebook=None`` and a
plain-English ``problem`` saying which file it is and what to do. Who each notebook
belongs to is decided later, from its own record and its path
(:mod:`planlab.grading.learners`).

Things that are not a learner's notebook but still need reporting (a zip member that
was refused because it would be written outside the working folder, a path that does
not exist, an archive that cannot be opened) are returned in the same list, as
entries with ``refused=True``, ``raw=b""`` and ``notebook=None``. So a caller reports
every entry with a non-empty ``problem`` and grades only those without one.

The module stays whole (about 580 lines) because every way a notebook arrives (a file, a
folder, a zip download) must pass the same path-safety and size guards, which are safest
kept beside the readers they protect.
"""

from __future__ import annotations

import hashlib
import json
import re
import stat
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

import nbformat
from nbformat import validator
from nbformat.warnings import DuplicateCellId, MissingIDFieldWarning

from planlab.errors import NotebookReadError

__all__ = [
    "ARCHIVE_ADVICE",
    "CHECKPOINTS",
    "IGNORED_FOLDERS",
    "MEBIBYTE",
    "REDOWNLOAD",
    "CollectLimits",
    "Submission",
    "collect",
    "parse_notebook",
    "read_notebook_file",
    "submission_from_bytes",
]

#: Bytes in a mebibyte.
MEBIBYTE = 1024 * 1024
#: Jupyter's folder of automatic saves, never a submission.
CHECKPOINTS = ".ipynb_checkpoints"
#: Folders that archiving tools add and that never hold a learner's work.
IGNORED_FOLDERS = frozenset({CHECKPOINTS, "__MACOSX"})
#: Advice for a file that cannot be read: download it again.
REDOWNLOAD = (
    "Ask the learner to download the notebook again from Jupyter with File > Download "
    "and resubmit it."
)
#: Advice for an archive that cannot be read.
ARCHIVE_ADVICE = (
    "Download the submissions again from the learning platform; if this happens again, "
    "unpack the archive by hand and check its contents before grading."
)


@dataclass(frozen=True)
class CollectLimits:
    """Limits that keep one oversized or hostile file from stopping a grading run.

    Parameters
    ----------
    notebook_bytes
        Largest notebook that is read; larger ones are reported, not read.
    archive_bytes
        Most bytes unpacked from one zip archive, in total.
    archive_members
        Most entries (files and folders) a zip archive may list.
    """

    notebook_bytes: int = 20 * MEBIBYTE
    archive_bytes: int = 200 * MEBIBYTE
    archive_members: int = 5000


@dataclass(frozen=True)
class Submission:
    """One learner's notebook, read and checked, ready to grade (or a problem to report).

    Parameters
    ----------
    learner
        The notebook's file name without ``.ipynb``.
    path
        The notebook file; for a notebook from a zip, the unpacked copy in the working
        folder; for a refused entry, the archive or path it came from.
    raw
        The file's bytes; empty for refused entries and for files too large to read.
    sha256
        Hex SHA-256 of the file's bytes (computed even when it was too large to read).
    notebook
        The notebook as an ``nbformat.NotebookNode`` (version 4), or None when it could
        not be read.
    problem
        Plain-English description of what is wrong and what to do; empty when fine.
    origin
        Where the file came from, for messages, such as ``alice.ipynb`` or
        ``week1/alice.ipynb (in submissions.zip)``.
    refused
        True for an entry that reports something that was not read as a notebook at
        all (a refused zip member, a missing path, an unreadable archive).
    """

    learner: str
    path: Path
    raw: bytes
    sha256: str
    notebook: Any
    problem: str = ""
    origin: str = ""
    refused: bool = False
    #: Its path inside the folder or archive it came from, with ``/``; platforms name
    #: learners in it (see :mod:`planlab.grading.identity`).
    member: str = ""
    #: When it was last changed, as the file or the archive recorded it (seconds since 1970).
    modified: float | None = None

    @property
    def ok(self) -> bool:
        """True when the submission can be graded."""
        return not self.problem and self.notebook is not None


def collect(
    paths: Iterable[Path], workdir: Path, limits: CollectLimits | None = None
) -> list[Submission]:
    """Find, unpack and read every learner notebook in ``paths``.

    Parameters
    ----------
    paths
        Notebooks (``.ipynb``), folders (searched recursively for notebooks, skipping
        ``.ipynb_checkpoints``) and zip archives downloaded from a learning platform.
    workdir
        Folder into which zip archives are unpacked, each into its own sub-folder.
        Nothing is ever written outside it.
    limits
        Size and count limits; the defaults suit a class's submissions.

    Returns
    -------
    list[Submission]
        One entry per notebook found, in the order found, plus refused entries (see
        the module's description). Entries with a non-empty ``problem`` must be
        reported, not graded.
    """
    limits = limits or CollectLimits()
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    found: list[Submission] = []
    seen_files: set[Path] = set()
    for path in paths:
        for submission in _collect_one(Path(path), workdir, limits):
            resolved = submission.path.resolve()
            if not submission.refused and resolved in seen_files:
                continue  # The same file given twice, say as a file and in its folder.
            seen_files.add(resolved)
            found.append(submission)
    return found


def _collect_one(path: Path, workdir: Path, limits: CollectLimits) -> Iterator[Submission]:
    """Yield the submissions found at one path given by the caller."""
    suffix = path.suffix.lower()
    if path.is_dir():
        for notebook_path in _notebooks_in_folder(path):
            found = read_notebook_file(notebook_path, limits)
            yield replace(found, member=notebook_path.relative_to(path).as_posix())
    elif not path.exists():
        yield _refused(
            path.stem,
            path,
            path.name,
            f"{path} was not found. Check the name and folder of the file, then run the "
            "grading again.",
        )
    elif suffix == ".zip":
        yield from _collect_archive(path, workdir, limits)
    elif suffix == ".ipynb":
        yield read_notebook_file(path, limits)
    else:
        yield _refused(
            path.stem,
            path,
            path.name,
            f"{path.name} was not graded: it is not a notebook (.ipynb), a folder or a "
            ".zip archive. Give the learners' notebooks, a folder of them, or the zip "
            "downloaded from the learning platform.",
        )


def _notebooks_in_folder(folder: Path) -> list[Path]:
    """Return the notebook files under a folder, sorted, without checkpoint copies."""
    found = (
        path
        for path in folder.rglob("*")
        if path.suffix.lower() == ".ipynb"
        and path.is_file()
        and not IGNORED_FOLDERS.intersection(path.relative_to(folder).parts)
    )
    return sorted(found)


def read_notebook_file(path: Path, limits: CollectLimits | None = None) -> Submission:
    """Read one notebook file into a :class:`Submission`, never raising for a bad file.

    Parameters
    ----------
    path
        The ``.ipynb`` file.
    limits
        Size limits; only ``notebook_bytes`` is used.

    Returns
    -------
    Submission
        The submission, with ``problem`` set when the file cannot be graded.
    """
    limits = limits or CollectLimits()
    try:
        size = path.stat().st_size
        if size > limits.notebook_bytes:
            return _too_large(path, path.name, _file_sha256(path), size, limits)
        raw = path.read_bytes()
    except OSError as error:
        return Submission(
            learner=path.stem,
            path=path,
            raw=b"",
            sha256="",
            notebook=None,
            problem=f"{path.name} could not be opened ({error.strerror or error}). Check "
            "that the file is not open in another program and that you may read it, "
            "then run the grading again.",
            origin=path.name,
        )
    found = submission_from_bytes(path.stem, path, raw, path.name, limits)
    return replace(found, member=path.name, modified=_mtime(path))


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def submission_from_bytes(
    learner: str, path: Path, raw: bytes, origin: str, limits: CollectLimits | None = None
) -> Submission:
    """Check the bytes of one notebook and build its :class:`Submission`.

    Parameters
    ----------
    learner
        The learner id.
    path
        Where the bytes were read from (or written to).
    raw
        The file's bytes.
    origin
        How to name the file in messages.
    limits
        Size limits; only ``notebook_bytes`` is used.

    Returns
    -------
    Submission
        The submission, with ``notebook=None`` and ``problem`` set when the bytes are
        not a readable notebook.
    """
    limits = limits or CollectLimits()
    sha256 = hashlib.sha256(raw).hexdigest()
    if len(raw) > limits.notebook_bytes:
        return _too_large(path, origin, sha256, len(raw), limits)
    try:
        notebook = parse_notebook(raw)
    except NotebookReadError as error:
        problem = f"{origin} is not a readable notebook: {error.why}. {REDOWNLOAD}"
        return Submission(learner, path, raw, sha256, None, problem, origin)
    return Submission(learner, path, raw, sha256, notebook, "", origin)


def parse_notebook(raw: bytes) -> Any:
    """Turn a notebook file's bytes into a validated version-4 ``NotebookNode``.

    Parameters
    ----------
    raw
        The file's bytes.

    Returns
    -------
    nbformat.NotebookNode
        The notebook, upgraded to version 4 if older, with missing cell ids added.

    Raises
    ------
    NotebookReadError
        When the bytes are not a notebook; the message says why in plain words.
    """
    if not raw.strip():
        raise NotebookReadError("the file is empty")
    text = _decode_utf8(raw)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise NotebookReadError(
            f"the file is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg.lower()}), so it may have been cut short or edited by hand"
        ) from None
    except RecursionError:
        raise NotebookReadError("the file's JSON is nested too deeply to read") from None
    notebook = _notebook_from_json(data)
    if not notebook.cells:
        raise NotebookReadError("the notebook has no cells")
    return notebook


def _decode_utf8(raw: bytes) -> str:
    """Decode bytes as UTF-8 (allowing a byte-order mark) or explain where it fails."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise NotebookReadError(
            f"the file is not UTF-8 text (unreadable byte at position {error.start}), so it "
            "may be a different kind of file renamed to .ipynb"
        ) from None


def _notebook_from_json(data: object) -> Any:
    """Check that parsed JSON is a notebook and return it as a version-4 notebook."""
    if not isinstance(data, dict) or "nbformat" not in data:
        raise NotebookReadError("the file is JSON but not a Jupyter notebook")
    major = data["nbformat"]
    if not isinstance(major, int) or isinstance(major, bool) or major not in (3, 4):
        raise NotebookReadError(
            f"the file says it is notebook format {major!r}, which is not one this "
            "grader reads (formats 3 and 4)"
        )
    try:
        with warnings.catch_warnings():
            # Learners' files often lack cell ids; normalising adds them quietly.
            warnings.simplefilter("ignore", MissingIDFieldWarning)
            warnings.simplefilter("ignore", DuplicateCellId)
            notebook = _validated(nbformat.from_dict(data))  # type: ignore[no-untyped-call]
            # Turn sources stored as lists of lines back into strings, as nbformat.read does.
            notebook = nbformat.versions[major].to_notebook_json(notebook)
            if major < 4:
                notebook = _validated(nbformat.convert(notebook, 4))  # type: ignore[no-untyped-call]
    except nbformat.ValidationError as error:
        where = "/".join(str(part) for part in getattr(error, "path", ()))
        raise NotebookReadError(
            f"its notebook structure is damaged ({error.message}"
            + (f", at {where}" if where else "")
            + ")"
        ) from None
    except Exception as error:  # nbformat raises many types for odd input
        raise NotebookReadError(
            f"its notebook structure is damaged ({type(error).__name__})"
        ) from None
    return notebook


def _validated(notebook: Any) -> Any:
    """Add missing cell ids, then check a notebook against its format's schema."""
    _changes, normalised = validator.normalize(notebook)
    notebook = nbformat.from_dict(normalised)  # type: ignore[no-untyped-call]
    nbformat.validate(notebook)
    return notebook


def _too_large(
    path: Path, origin: str, sha256: str, size: int, limits: CollectLimits
) -> Submission:
    """Build the submission for a file too large to read."""
    problem = (
        f"{origin} was not graded: it is {size / MEBIBYTE:.1f} MB, more than the "
        f"{limits.notebook_bytes / MEBIBYTE:g} MB allowed for one notebook. Ask the learner "
        "to clear the notebook's outputs (Edit > Clear Outputs of All Cells), save it, "
        "download it again and resubmit it."
    )
    return Submission(path.stem, path, b"", sha256, None, problem, origin)


def _file_sha256(path: Path) -> str:
    """Hash a file in pieces, so that a huge file is never held in memory."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(MEBIBYTE), b""):
            digest.update(block)
    return digest.hexdigest()


def _refused(learner: str, path: Path, origin: str, problem: str) -> Submission:
    """Build an entry that reports something that was not read as a notebook."""
    empty = hashlib.sha256(b"").hexdigest()
    return Submission(learner, path, b"", empty, None, problem, origin, refused=True)


# --- zip archives -------------------------------------------------------------------


def _collect_archive(archive: Path, workdir: Path, limits: CollectLimits) -> Iterator[Submission]:
    """Unpack the notebooks of one zip archive safely and yield their submissions."""
    try:
        with zipfile.ZipFile(archive) as opened:
            members = opened.infolist()
            if len(members) > limits.archive_members:
                yield _refused(
                    archive.stem,
                    archive,
                    archive.name,
                    f"{archive.name} was not unpacked: it lists {len(members)} files, more "
                    f"than the {limits.archive_members} allowed, which is how archives "
                    f"built to fill the disk look. {ARCHIVE_ADVICE}",
                )
                return
            root = _new_extraction_folder(workdir, archive)
            yield from _unpack_members(archive, opened, members, root, limits)
    except (zipfile.BadZipFile, OSError) as error:
        yield _refused(
            archive.stem,
            archive,
            archive.name,
            f"{archive.name} could not be opened as a zip archive ({error}). {ARCHIVE_ADVICE}",
        )


def _new_extraction_folder(workdir: Path, archive: Path) -> Path:
    """Make an empty folder in ``workdir``, named after the archive, to unpack into."""
    base = re.sub(r"[^\w.-]", "_", archive.stem).strip(".") or "archive"
    folder = workdir / base
    number = 1
    while folder.exists():
        number += 1
        folder = workdir / f"{base}-{number}"
    folder.mkdir(parents=True)
    return folder


def _unpack_members(
    archive: Path,
    opened: zipfile.ZipFile,
    members: list[zipfile.ZipInfo],
    root: Path,
    limits: CollectLimits,
) -> Iterator[Submission]:
    """Write each safe notebook member under ``root`` and yield its submission."""
    budget = limits.archive_bytes
    written: set[Path] = set()
    for info in members:
        if not _is_notebook_member(info):
            continue
        origin = f"{info.filename} (in {archive.name})"
        learner = PurePosixPath(info.filename.replace("\\", "/")).stem
        why_refused = _unsafe_member_reason(info, root)
        target = root / info.filename
        if not why_refused and target.resolve() in written:
            why_refused = "the archive holds two files with this same path and name"
        if why_refused:
            yield _refused(
                learner,
                archive,
                origin,
                f"{origin} was not unpacked: {why_refused}. {ARCHIVE_ADVICE}",
            )
            continue
        if info.file_size > limits.notebook_bytes:
            yield _too_large(target, origin, "", info.file_size, limits)
            continue
        try:
            raw = _read_member(opened, info, min(limits.notebook_bytes, budget))
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as error:
            yield _refused(learner, archive, origin, f"{origin} could not be unpacked ({error}).")
            continue
        except NotImplementedError:
            yield _refused(
                learner,
                archive,
                origin,
                f"{origin} could not be unpacked: it is compressed in a way this grader "
                f"does not read. {ARCHIVE_ADVICE}",
            )
            continue
        except RuntimeError:  # zipfile's signal for an encrypted member
            yield _refused(
                learner,
                archive,
                origin,
                f"{origin} could not be unpacked: it is protected by a password. "
                "Download the submissions again without a password.",
            )
            continue
        if len(raw) > budget:
            yield _refused(
                learner,
                archive,
                origin,
                f"{archive.name} was only partly unpacked: its contents come to more than "
                f"the {limits.archive_bytes / MEBIBYTE:g} MB allowed for one archive, so "
                f"{info.filename} and the files after it were skipped. Split the "
                "submissions into smaller downloads, or grade them as a folder.",
            )
            return
        if len(raw) > limits.notebook_bytes:  # the archive understated its size
            yield _too_large(target, origin, hashlib.sha256(raw).hexdigest(), len(raw), limits)
            continue
        budget -= len(raw)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(raw)
        except OSError as error:
            yield _refused(
                learner,
                archive,
                origin,
                f"{origin} could not be written to {root} ({error.strerror or error}). "
                "Check that there is free disk space and that you may write there.",
            )
            continue
        written.add(target.resolve())
        found = submission_from_bytes(learner, target, raw, origin, limits)
        yield replace(found, member=info.filename, modified=_zip_time(info))


def _zip_time(info: zipfile.ZipInfo) -> float | None:
    """Return the time an archive recorded for a member (local time, as zip stores it)."""
    try:
        return datetime(*info.date_time).timestamp()
    except (ValueError, OverflowError):
        return None


def _is_notebook_member(info: zipfile.ZipInfo) -> bool:
    """Tell whether an archive member is meant to be a learner's notebook."""
    parts = PurePosixPath(info.filename.replace("\\", "/")).parts
    return (
        not info.is_dir()
        and bool(parts)
        and parts[-1].lower().endswith(".ipynb")
        and not parts[-1].startswith("._")  # macOS resource forks
        and not IGNORED_FOLDERS.intersection(parts)
    )


def _unsafe_member_reason(info: zipfile.ZipInfo, root: Path) -> str:
    """Say why writing this member under ``root`` would be unsafe; empty when safe."""
    name = info.filename
    if stat.S_ISLNK(info.external_attr >> 16):
        return "it is a symbolic link, which could point anywhere on this computer"
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return f"its path ({name}) is absolute, so it would be written outside the grading folder"
    if ".." in PurePosixPath(name.replace("\\", "/")).parts:
        return f"its path ({name}) climbs out of the archive's folder with '..'"
    if "\\" in name:
        return f"its path ({name}) uses backslashes, which this grader does not unpack"
    if not (root / name).resolve().is_relative_to(root.resolve()):
        return f"its path ({name}) would put it outside the grading folder"
    return ""


def _read_member(opened: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """Read at most ``limit + 1`` bytes of a member, whatever size its header claims."""
    with opened.open(info) as stream:
        return stream.read(limit + 1)
