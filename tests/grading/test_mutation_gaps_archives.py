"""Zip downloads and notebook files that the mutation run (``make mutants``) found untested.

The second round of mutmut 3.8.1 over :mod:`planlab.grading.submissions` left alive
the branches that only a damaged or unusual archive reaches: a member whose data
cannot be decompressed, one compressed in a way Python cannot read, one protected
by a password, one whose header gives the wrong size, one that cannot be written to
disk, names with a lower-case drive letter or a backslash, macOS resource forks,
and the folders archives are unpacked into; and, for single files, the size cap, a
path that cannot be read, odd format numbers and cell ids. Each archive test builds
its archive by hand (writing a normal zip, then changing bytes of its headers); each
test fails under at least one of those mutants (they are named in
``tests/mutation-survivors.md``).

The byte offsets follow the zip format's specification (PKWARE's APPNOTE.TXT,
section 4.3.12, "central directory structure"): in each central directory entry the
general purpose flags are 2 bytes at offset 8, the compression method 2 bytes at
offset 10, the CRC-32 4 bytes at offset 16, the compressed size 4 bytes at offset 20
and the uncompressed size 4 bytes at offset 24. Python's :mod:`zipfile` takes a
member's sizes, method and flags from this entry when it reads the member.
"""

from __future__ import annotations

import hashlib
import json
import struct
import warnings
import zipfile
from datetime import datetime
from pathlib import Path

import nbformat
import pytest

from planlab.grading import submissions
from planlab.grading.submissions import ARCHIVE_ADVICE, CollectLimits, Submission, collect
from tests.grading.test_submissions import make_zip, notebook_bytes

#: The signature that starts every central directory entry.
CENTRAL_ENTRY = b"PK\x01\x02"
#: Offsets inside a central directory entry (APPNOTE.TXT 4.3.12).
FLAGS, METHOD, CRC, COMPRESSED_SIZE, SIZE = 8, 10, 16, 20, 24
#: The flag bit that marks a member as encrypted (APPNOTE.TXT 4.4.4, bit 0).
ENCRYPTED = 0x1
#: A compression method number no Python release reads (APPNOTE.TXT 4.4.5: 98 is PPMd).
PPMD = 98


def stored_zip(path: Path, members: dict[str, bytes]) -> Path:
    """Write an archive whose members are stored, not compressed, so sizes are plain."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as opened:
        for name, raw in members.items():
            opened.writestr(name, raw)
    return path


def patch_entry(archive: Path, index: int, offset: int, fmt: str, value: int) -> None:
    """Overwrite one field of the ``index``-th central directory entry of ``archive``."""
    data = bytearray(archive.read_bytes())
    start = data.find(CENTRAL_ENTRY)
    for _ in range(index):
        start = data.find(CENTRAL_ENTRY, start + 1)
    assert start >= 0, "the archive has fewer members than expected"
    struct.pack_into(fmt, data, start + offset, value)
    archive.write_bytes(bytes(data))


def read_entry(archive: Path, index: int, offset: int, fmt: str) -> int:
    """Read one field of the ``index``-th central directory entry of ``archive``."""
    data = archive.read_bytes()
    start = data.find(CENTRAL_ENTRY)
    for _ in range(index):
        start = data.find(CENTRAL_ENTRY, start + 1)
    return int(struct.unpack_from(fmt, data, start + offset)[0])


def two_member_zip(path: Path) -> Path:
    """``bob.ipynb`` (to be damaged), then ``alice.ipynb`` (good), both stored."""
    return stored_zip(path, {"bob.ipynb": notebook_bytes("b = 1"), "alice.ipynb": notebook_bytes()})


def assert_refused_then_alice(found: list[Submission], archive: Path, problem: str) -> None:
    """The first member is refused as ``problem`` says; the second is still read."""
    bob, alice = found
    assert (bob.learner, bob.path, bob.origin) == ("bob", archive, f"bob.ipynb (in {archive.name})")
    assert (bob.refused, bob.notebook, bob.raw) == (True, None, b"")
    assert bob.problem == problem
    assert (alice.learner, alice.ok) == ("alice", True)
    assert not (alice.path.parent / "bob.ipynb").exists()


# --- Members that cannot be read ---------------------------------------------------------------


def test_a_member_whose_data_fails_its_check_is_refused_and_the_rest_read(tmp_path: Path) -> None:
    """A wrong CRC-32 makes zipfile raise ``BadZipFile`` once the member is read."""
    archive = two_member_zip(tmp_path / "class.zip")
    patch_entry(archive, 0, CRC, "<I", read_entry(archive, 0, CRC, "<I") ^ 0xFFFF)
    found = collect([archive], tmp_path / "work")
    assert_refused_then_alice(
        found,
        archive,
        "bob.ipynb (in class.zip) could not be unpacked (Bad CRC-32 for file 'bob.ipynb').",
    )


def test_a_member_whose_compressed_data_is_damaged_is_refused(tmp_path: Path) -> None:
    """Bytes that are not a deflate stream make zlib raise ``zlib.error``."""
    archive = tmp_path / "class.zip"
    make_zip(archive, {"bob.ipynb": notebook_bytes("b = 1"), "alice.ipynb": notebook_bytes()})
    data = bytearray(archive.read_bytes())
    header_end = 30 + len("bob.ipynb")  # a local header is 30 bytes, then the name
    data[header_end : header_end + 4] = b"\xff\xff\xff\xff"  # block type 3 is reserved
    archive.write_bytes(bytes(data))
    found = collect([archive], tmp_path / "work")
    bob = found[0]
    assert bob.problem.startswith("bob.ipynb (in class.zip) could not be unpacked (Error -3 ")
    assert_refused_then_alice(found, archive, bob.problem)


def test_a_member_that_runs_past_the_end_of_the_archive_is_refused(tmp_path: Path) -> None:
    """Sizes larger than the file make zipfile run out of data (``EOFError``)."""
    archive = two_member_zip(tmp_path / "class.zip")
    for field in (COMPRESSED_SIZE, SIZE):
        patch_entry(archive, 0, field, "<I", 100_000)
    found = collect([archive], tmp_path / "work")
    assert_refused_then_alice(found, archive, "bob.ipynb (in class.zip) could not be unpacked ().")


def test_a_member_compressed_in_a_way_python_cannot_read_is_refused(tmp_path: Path) -> None:
    archive = two_member_zip(tmp_path / "class.zip")
    patch_entry(archive, 0, METHOD, "<H", PPMD)
    found = collect([archive], tmp_path / "work")
    assert_refused_then_alice(
        found,
        archive,
        "bob.ipynb (in class.zip) could not be unpacked: it is compressed in a way this "
        f"grader does not read. {ARCHIVE_ADVICE}",
    )


def test_a_password_protected_member_is_refused(tmp_path: Path) -> None:
    archive = two_member_zip(tmp_path / "class.zip")
    patch_entry(archive, 0, FLAGS, "<H", read_entry(archive, 0, FLAGS, "<H") | ENCRYPTED)
    found = collect([archive], tmp_path / "work")
    assert_refused_then_alice(
        found,
        archive,
        "bob.ipynb (in class.zip) could not be unpacked: it is protected by a password. "
        "Download the submissions again without a password.",
    )


def test_a_member_whose_header_understates_its_size_is_refused_not_cut_short(
    tmp_path: Path,
) -> None:
    """zipfile stops at the stated size, so the CRC-32 of what it read is wrong."""
    archive = two_member_zip(tmp_path / "class.zip")
    patch_entry(archive, 0, SIZE, "<I", 10)
    found = collect([archive], tmp_path / "work")
    assert_refused_then_alice(
        found,
        archive,
        "bob.ipynb (in class.zip) could not be unpacked (Bad CRC-32 for file 'bob.ipynb').",
    )


def test_a_member_that_cannot_be_written_is_refused_and_the_rest_written(tmp_path: Path) -> None:
    """``x.ipynb`` is written as a file, so ``x.ipynb/bob.ipynb`` has no folder to go in."""
    archive = make_zip(
        tmp_path / "class.zip",
        {"x.ipynb": notebook_bytes(), "x.ipynb/bob.ipynb": notebook_bytes(), "alice.ipynb": b"{}"},
    )
    work = tmp_path / "work"
    first, bob, alice = collect([archive], work)
    assert first.ok
    root = work / "class"
    assert (bob.learner, bob.refused, bob.path, bob.notebook) == ("bob", True, archive, None)
    assert bob.problem == (
        f"x.ipynb/bob.ipynb (in class.zip) could not be written to {root} (File exists). "
        "Check that there is free disk space and that you may write there."
    )
    assert alice.learner == "alice"
    assert (root / "alice.ipynb").read_bytes() == b"{}"


# --- The archive's total budget ----------------------------------------------------------------


def test_members_filling_the_archive_budget_exactly_are_all_read(tmp_path: Path) -> None:
    one, two = notebook_bytes("a = 1"), notebook_bytes("b = 2")
    archive = stored_zip(tmp_path / "class.zip", {"ann.ipynb": one, "bob.ipynb": two})
    limits = CollectLimits(archive_bytes=len(one) + len(two))
    found = collect([archive], tmp_path / "work", limits)
    assert [(submission.learner, submission.ok) for submission in found] == [
        ("ann", True),
        ("bob", True),
    ]


def test_a_member_one_byte_over_the_archive_budget_is_refused_not_cut_short(
    tmp_path: Path,
) -> None:
    one, two = notebook_bytes("a = 1"), notebook_bytes("b = 2")
    archive = stored_zip(
        tmp_path / "class.zip", {"ann.ipynb": one, "bob.ipynb": two, "cy.ipynb": one}
    )
    limits = CollectLimits(archive_bytes=len(one) + len(two) - 1)
    found = collect([archive], tmp_path / "work", limits)
    assert len(found) == 2  # cy.ipynb, after the budget ran out, is not looked at
    ann, bob = found
    assert ann.ok
    assert (bob.learner, bob.refused, bob.path, bob.origin) == (
        "bob",
        True,
        archive,
        "bob.ipynb (in class.zip)",
    )
    megabytes = f"{limits.archive_bytes / 1024**2:g}"
    assert bob.problem == (
        "class.zip was only partly unpacked: its contents come to more than the "
        f"{megabytes} MB allowed for one archive, so bob.ipynb and the files after it were "
        "skipped. Split the submissions into smaller downloads, or grade them as a folder."
    )
    assert not (tmp_path / "work" / "class" / "bob.ipynb").exists()


# --- Member names ------------------------------------------------------------------------------


def test_a_lower_case_drive_letter_is_refused_as_absolute(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "odd.zip", {"c:/Users/evil.ipynb": notebook_bytes()})
    [evil] = collect([archive], tmp_path / "work")
    assert (evil.refused, evil.learner) == (True, "evil")
    assert evil.problem == (
        "c:/Users/evil.ipynb (in odd.zip) was not unpacked: its path (c:/Users/evil.ipynb) is "
        f"absolute, so it would be written outside the grading folder. {ARCHIVE_ADVICE}"
    )
    assert not any((tmp_path / "work").rglob("*.ipynb"))


def test_a_backslash_inside_a_name_is_refused_and_the_learner_named_from_its_end(
    tmp_path: Path,
) -> None:
    archive = make_zip(tmp_path / "odd.zip", {"Bob\\bob.ipynb": notebook_bytes()})
    [bob] = collect([archive], tmp_path / "work")
    assert (bob.refused, bob.learner) == (True, "bob")
    assert bob.problem == (
        "Bob\\bob.ipynb (in odd.zip) was not unpacked: its path (Bob\\bob.ipynb) uses "
        f"backslashes, which this grader does not unpack. {ARCHIVE_ADVICE}"
    )


def test_macos_resource_forks_outside_their_folder_are_skipped(tmp_path: Path) -> None:
    archive = make_zip(
        tmp_path / "mac.zip",
        {"Bob/._bob.ipynb": b"\x00\x05\x16\x07", "Bob/bob.ipynb": notebook_bytes()},
    )
    [bob] = collect([archive], tmp_path / "work")
    assert (bob.learner, bob.ok, bob.member) == ("bob", True, "Bob/bob.ipynb")


# --- How many members, and where they go -------------------------------------------------------


def test_an_archive_with_exactly_the_allowed_members_is_unpacked(tmp_path: Path) -> None:
    members = {f"learner{number}.ipynb": notebook_bytes() for number in range(3)}
    archive = make_zip(tmp_path / "three.zip", members)
    found = collect([archive], tmp_path / "work", CollectLimits(archive_members=3))
    assert [submission.ok for submission in found] == [True, True, True]


def test_an_archive_with_too_many_members_is_refused_under_its_own_name(tmp_path: Path) -> None:
    members = {f"learner{number}.ipynb": notebook_bytes() for number in range(4)}
    archive = make_zip(tmp_path / "many.zip", members)
    [refused] = collect([archive], tmp_path / "work", CollectLimits(archive_members=3))
    assert (refused.learner, refused.path, refused.origin) == ("many", archive, "many.zip")
    assert refused.problem.startswith("many.zip was not unpacked: it lists 4 files, more than")


def test_archives_named_alike_unpack_into_numbered_folders_with_safe_names(
    tmp_path: Path,
) -> None:
    paths = [
        make_zip(tmp_path / folder / "week 1 (all).zip", {f"{name}.ipynb": notebook_bytes()})
        for folder, name in (("a", "ann"), ("b", "bob"), ("c", "cy"))
    ]
    paths.append(make_zip(tmp_path / "d" / "..zip", {"dee.ipynb": notebook_bytes()}))
    work = tmp_path / "work"
    found = collect(paths, work)
    assert [submission.path.relative_to(work).as_posix() for submission in found] == [
        "week_1__all_/ann.ipynb",
        "week_1__all_-2/bob.ipynb",
        "week_1__all_-3/cy.ipynb",
        "archive/dee.ipynb",
    ]


def test_a_member_two_folders_deep_is_unpacked_with_its_folders(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "class.zip", {"Week 1/Ann Lee_12/ann.ipynb": notebook_bytes()})
    [ann] = collect([archive], tmp_path / "work")
    assert (ann.learner, ann.ok, ann.member) == ("ann", True, "Week 1/Ann Lee_12/ann.ipynb")
    assert ann.path == tmp_path / "work" / "class" / "Week 1" / "Ann Lee_12" / "ann.ipynb"
    assert ann.path.read_bytes() == ann.raw


def test_a_member_keeps_the_time_the_archive_recorded(tmp_path: Path) -> None:
    """zip stores a member's local time to 2 seconds; 14:30:16 is stored exactly."""
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as opened:
        opened.writestr(zipfile.ZipInfo("ann.ipynb", (2026, 11, 30, 14, 30, 16)), notebook_bytes())
    [ann] = collect([archive], tmp_path / "work")
    assert ann.modified == datetime(2026, 11, 30, 14, 30, 16).timestamp()


def test_a_notebook_cap_raised_above_the_default_applies_to_zip_members(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A member over the default cap but within a raised cap is read.

    The default cap (20 MB) is shrunk to 1,000 bytes here, so that the test needs no
    20 MB notebook: code that fell back on the default would refuse the member.
    """
    monkeypatch.setattr(submissions, "CollectLimits", lambda: CollectLimits(notebook_bytes=1000))
    ann_bytes = notebook_bytes("x = '" + "a" * 2000 + "'")
    archive = make_zip(tmp_path / "big.zip", {"ann.ipynb": ann_bytes})
    [ann] = collect([archive], tmp_path / "work", CollectLimits(notebook_bytes=5000))
    assert (ann.learner, ann.ok, ann.raw) == ("ann", True, ann_bytes)


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("/tmp/absolute.ipynb", "is absolute, so it would be written outside the grading folder"),
        ("\\evil.ipynb", "is absolute, so it would be written outside the grading folder"),
        ("..\\evil.ipynb", "climbs out of the archive's folder with '..'"),
        ("a/../../evil.ipynb", "climbs out of the archive's folder with '..'"),
    ],
)
def test_an_escaping_member_is_refused_for_the_first_reason_that_applies(
    tmp_path: Path, name: str, why: str
) -> None:
    archive = make_zip(tmp_path / "odd.zip", {name: notebook_bytes()})
    [evil] = collect([archive], tmp_path / "work")
    assert evil.problem == (
        f"{name} (in odd.zip) was not unpacked: its path ({name}) {why}. {ARCHIVE_ADVICE}"
    )


# --- Single notebook files ---------------------------------------------------------------------


def test_a_notebook_file_at_the_cap_is_read_and_one_byte_over_is_not(tmp_path: Path) -> None:
    raw = notebook_bytes()
    (tmp_path / "ann.ipynb").write_bytes(raw)
    (tmp_path / "bob.ipynb").write_bytes(raw + b" ")
    ann, bob = collect(
        [tmp_path / "ann.ipynb", tmp_path / "bob.ipynb"],
        tmp_path / "work",
        CollectLimits(notebook_bytes=len(raw)),
    )
    assert (ann.ok, ann.member, ann.modified) == (
        True,
        "ann.ipynb",
        (tmp_path / "ann.ipynb").stat().st_mtime,
    )
    assert (bob.learner, bob.ok, bob.raw, bob.origin) == ("bob", False, b"", "bob.ipynb")
    assert bob.problem.startswith("bob.ipynb was not graded: it is 0.0 MB, more than the ")


def test_a_notebook_cap_raised_above_the_default_applies_to_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As for zip members: the default is shrunk to 1,000 bytes so the file can be small."""
    monkeypatch.setattr(submissions, "CollectLimits", lambda: CollectLimits(notebook_bytes=1000))
    (tmp_path / "ann.ipynb").write_bytes(notebook_bytes("x = '" + "a" * 2000 + "'"))
    [ann] = collect([tmp_path / "ann.ipynb"], tmp_path / "work", CollectLimits(notebook_bytes=5000))
    assert ann.ok


def test_a_notebook_path_that_cannot_be_read_is_reported_with_every_field(tmp_path: Path) -> None:
    """A folder named like a notebook, given as a file, cannot be read as one."""
    folder = tmp_path / "ann.ipynb"
    folder.mkdir()
    found = submissions.read_notebook_file(folder)
    assert found == Submission(
        learner="ann",
        path=folder,
        raw=b"",
        sha256="",
        notebook=None,
        problem="ann.ipynb could not be opened (Is a directory). Check that the file is not "
        "open in another program and that you may read it, then run the grading again.",
        origin="ann.ipynb",
    )


def test_a_notebook_format_given_as_a_decimal_is_refused() -> None:
    """``"nbformat": 4.0`` equals 4 in Python, but the format says it is an integer."""
    data = b'{"nbformat": 4.0, "nbformat_minor": 5, "metadata": {}, "cells": []}'
    found = submissions.submission_from_bytes("ann", Path("ann.ipynb"), data, "ann.ipynb")
    assert found.problem.startswith(
        "ann.ipynb is not a readable notebook: the file says it is notebook format 4.0, "
        "which is not one this grader reads (formats 3 and 4)."
    )


def test_missing_and_repeated_cell_ids_are_mended_without_a_warning() -> None:
    """Learners' files often lack cell ids or repeat one; reading them must stay quiet."""
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("a = 1"), nbformat.v4.new_code_cell("b = 2")]
    )
    without_ids = json.loads(nbformat.writes(notebook))
    for cell in without_ids["cells"]:
        del cell["id"]
    repeated = json.loads(nbformat.writes(notebook))
    repeated["cells"][1]["id"] = repeated["cells"][0]["id"]
    for data in (without_ids, repeated):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            read = submissions.parse_notebook(json.dumps(data).encode("utf-8"))
        ids = [cell.id for cell in read.cells]
        assert len(set(ids)) == 2


def test_a_folder_of_notebooks_follows_a_raised_cap_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(submissions, "CollectLimits", lambda: CollectLimits(notebook_bytes=1000))
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "ann.ipynb").write_bytes(notebook_bytes("x = '" + "a" * 2000 + "'"))
    [ann] = collect([folder], tmp_path / "work", CollectLimits(notebook_bytes=5000))
    assert ann.ok


def test_bytes_over_the_cap_given_directly_are_reported_not_read() -> None:
    raw = notebook_bytes()
    found = submissions.submission_from_bytes(
        "ann", Path("ann.ipynb"), raw, "ann.ipynb (in class.zip)", CollectLimits(notebook_bytes=10)
    )
    assert (found.learner, found.path, found.raw, found.notebook) == (
        "ann",
        Path("ann.ipynb"),
        b"",
        None,
    )
    assert found.sha256 == hashlib.sha256(raw).hexdigest()
    assert found.origin == "ann.ipynb (in class.zip)"
    assert found.problem.startswith("ann.ipynb (in class.zip) was not graded: it is 0.0 MB, more")


def test_an_unreadable_notebook_keeps_its_learner_bytes_and_origin() -> None:
    raw = b"{not json"
    found = submissions.submission_from_bytes("ann", Path("ann.ipynb"), raw, "ann.ipynb")
    assert (found.learner, found.raw, found.origin, found.notebook) == (
        "ann",
        raw,
        "ann.ipynb",
        None,
    )
    assert found.sha256 == hashlib.sha256(raw).hexdigest()


def test_the_working_folder_may_exist_or_be_several_folders_deep(tmp_path: Path) -> None:
    (tmp_path / "ann.ipynb").write_bytes(notebook_bytes())
    deep = tmp_path / "runs" / "week1" / "work"
    assert collect([tmp_path / "ann.ipynb"], deep)[0].ok
    assert collect([tmp_path / "ann.ipynb"], deep)[0].ok  # the folder exists now


def test_a_file_given_twice_is_graded_once_and_the_rest_of_its_folder_still_read(
    tmp_path: Path,
) -> None:
    """``class/ann.ipynb`` is given, then its folder: the folder's copy of ann is skipped only."""
    folder = tmp_path / "class"
    folder.mkdir()
    for name in ("ann", "bob"):
        (folder / f"{name}.ipynb").write_bytes(notebook_bytes())
    found = collect([folder / "ann.ipynb", folder], tmp_path / "work")
    assert [submission.learner for submission in found] == ["ann", "bob"]


def test_a_damaged_notebook_structure_says_where_the_damage_is() -> None:
    cell = '{"cell_type": "code", "id": "a", "metadata": {}, "source": 5, "outputs": [], '
    raw = (
        '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": ['
        + cell
        + '"execution_count": null}]}'
    ).encode("utf-8")
    found = submissions.submission_from_bytes("ann", Path("ann.ipynb"), raw, "ann.ipynb")
    assert found.problem.startswith(
        "ann.ipynb is not a readable notebook: its notebook structure is damaged "
        "(5 is not valid under any of the given schemas, at source). "
    )
