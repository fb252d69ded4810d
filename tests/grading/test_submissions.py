"""Collecting learners' notebooks: files, folders and zip downloads, good and bad."""

from __future__ import annotations

import hashlib
import stat
import zipfile
from pathlib import Path

import nbformat
import pytest

from planlab.errors import NotebookReadError, PlanlabError
from planlab.grading.submissions import CollectLimits, collect, parse_notebook


def notebook_bytes(source: str = "answer = 42") -> bytes:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    return nbformat.writes(notebook).encode("utf-8")


def write(path: Path, raw: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    return path


def by_learner(found: list) -> dict:
    return {submission.learner: submission for submission in found}


def test_a_good_notebook_is_read(tmp_path: Path) -> None:
    raw = notebook_bytes()
    path = write(tmp_path / "alice.ipynb", raw)
    [submission] = collect([path], tmp_path / "work")
    assert submission.learner == "alice"
    assert submission.path == path
    assert submission.raw == raw
    assert submission.sha256 == hashlib.sha256(raw).hexdigest()
    assert submission.notebook.cells[0].source == "answer = 42"
    assert submission.problem == ""
    assert submission.ok


def test_a_folder_is_searched_recursively_without_checkpoints(tmp_path: Path) -> None:
    folder = tmp_path / "class"
    write(folder / "alice.ipynb", notebook_bytes())
    write(folder / "week1" / "bob.ipynb", notebook_bytes())
    write(folder / ".ipynb_checkpoints" / "alice-checkpoint.ipynb", notebook_bytes())
    write(folder / "notes.txt", b"not a notebook")
    found = collect([folder], tmp_path / "work")
    assert [submission.learner for submission in found] == ["alice", "bob"]
    assert all(submission.ok for submission in found)


def test_the_same_file_given_twice_is_collected_once(tmp_path: Path) -> None:
    path = write(tmp_path / "class" / "alice.ipynb", notebook_bytes())
    found = collect([path, tmp_path / "class"], tmp_path / "work")
    assert [submission.learner for submission in found] == ["alice"]
    assert found[0].problem == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'{"cells": [\n  {"cell_type": "code",\n    "source": oops}', "not valid JSON (line 3"),
        (b"\xff\xfe\x00a\x00b", "not UTF-8 text"),
        (b"", "the file is empty"),
        (b'{"name": "Alice", "score": 10}', "JSON but not a Jupyter notebook"),
        (b"[1, 2, 3]", "JSON but not a Jupyter notebook"),
        (
            b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []}',
            "has no cells",
        ),
        (
            b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {},'
            b' "cells": [{"cell_type": "code", "source": "x"}]}',
            "structure is damaged",
        ),
        (b'{"nbformat": 9, "cells": []}', "notebook format 9"),
    ],
    ids=["bad-json", "not-utf8", "empty", "other-json", "json-list", "no-cells", "invalid", "v9"],
)
def test_a_bad_file_is_reported_not_raised(tmp_path: Path, raw: bytes, expected: str) -> None:
    path = write(tmp_path / "alice.ipynb", raw)
    [submission] = collect([path], tmp_path / "work")
    assert submission.notebook is None
    assert not submission.ok
    assert submission.problem.startswith("alice.ipynb is not a readable notebook: ")
    assert expected in submission.problem
    assert "File > Download" in submission.problem
    assert submission.raw == raw
    assert submission.sha256 == hashlib.sha256(raw).hexdigest()


def test_the_json_error_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path / "alice.ipynb", b'{\n  "cells": [],\n    "x": oops\n}')
    [submission] = collect([path], tmp_path / "work")
    assert "line 3, column 10" in submission.problem


def test_a_notebook_without_cell_ids_is_accepted_quietly(tmp_path: Path) -> None:
    raw = notebook_bytes()
    notebook = nbformat.reads(raw.decode(), as_version=4)
    del notebook.cells[0]["id"]
    notebook.nbformat_minor = 4
    path = write(tmp_path / "alice.ipynb", nbformat.writes(notebook).encode())
    [submission] = collect([path], tmp_path / "work")
    assert submission.ok, submission.problem


def test_a_version_3_notebook_is_upgraded(tmp_path: Path) -> None:
    old = nbformat.v3.new_notebook(
        worksheets=[nbformat.v3.new_worksheet(cells=[nbformat.v3.new_code_cell("a = 1\nb = 2")])]
    )
    path = write(tmp_path / "carol.ipynb", nbformat.v3.writes_json(old).encode())
    [submission] = collect([path], tmp_path / "work")
    assert submission.ok, submission.problem
    assert submission.notebook.nbformat == 4
    assert submission.notebook.cells[0].source == "a = 1\nb = 2"


def test_a_notebook_larger_than_the_cap_is_not_read(tmp_path: Path) -> None:
    path = write(tmp_path / "alice.ipynb", notebook_bytes("x = '" + "a" * 5000 + "'"))
    [submission] = collect([path], tmp_path / "work", CollectLimits(notebook_bytes=1000))
    assert submission.notebook is None
    assert submission.raw == b""
    assert submission.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert "more than the" in submission.problem
    assert "Clear Outputs" in submission.problem


def test_a_missing_path_and_an_unknown_type_are_reported(tmp_path: Path) -> None:
    other = write(tmp_path / "alice.docx", b"PK")
    found = collect([tmp_path / "nobody.ipynb", other], tmp_path / "work")
    assert [submission.refused for submission in found] == [True, True]
    assert "was not found" in found[0].problem
    assert "not a notebook (.ipynb), a folder or a .zip" in found[1].problem


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, raw in members.items():
            archive.writestr(name, raw)
    return path


def files_under(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file()}


def test_a_zip_is_unpacked_safely_refusing_escaping_members(tmp_path: Path) -> None:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    alice = notebook_bytes()
    archive = make_zip(
        downloads / "submissions.zip",
        {
            "Alice Smith_123/alice.ipynb": alice,
            "../evil.ipynb": notebook_bytes("import os"),
            "/tmp/absolute.ipynb": notebook_bytes("import os"),
            "Bob/.ipynb_checkpoints/bob-checkpoint.ipynb": notebook_bytes(),
            "__MACOSX/._alice.ipynb": b"\x00\x05",
            "readme.txt": b"hello",
        },
    )
    workdir = tmp_path / "work"
    before = files_under(tmp_path) - {archive}
    found = collect([archive], workdir)

    good = [submission for submission in found if submission.ok]
    refused = [submission for submission in found if submission.refused]
    assert [submission.learner for submission in good] == ["alice"]
    assert good[0].path.is_relative_to(workdir)
    assert good[0].path.read_bytes() == alice == good[0].raw
    assert "(in submissions.zip)" in good[0].origin
    assert sorted(submission.learner for submission in refused) == ["absolute", "evil"]
    assert all("was not unpacked" in submission.problem for submission in refused)
    assert all(submission.notebook is None for submission in refused)
    assert any("'..'" in submission.problem for submission in refused)
    assert any("absolute" in submission.problem for submission in refused)
    # Nothing was written anywhere but the archive's own folder in the working folder:
    # "../evil.ipynb" unpacked there would land in the working folder itself.
    unpacked = workdir / "submissions"
    written = files_under(tmp_path) - before - {archive}
    assert written == {good[0].path}
    assert all(path.is_relative_to(unpacked) for path in written)
    assert not (workdir / "evil.ipynb").exists()
    assert not Path("/tmp/absolute.ipynb").exists()


def test_a_symlink_member_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "links.zip"
    with zipfile.ZipFile(archive, "w") as opened:
        link = zipfile.ZipInfo("alice.ipynb")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        opened.writestr(link, "/etc/passwd")
    [submission] = collect([archive], tmp_path / "work")
    assert submission.refused
    assert "symbolic link" in submission.problem
    assert files_under(tmp_path / "work") == set()


@pytest.mark.parametrize("name", ["..\\evil.ipynb", "C:/Users/evil.ipynb", "a/../../evil.ipynb"])
def test_other_escaping_member_names_are_refused(tmp_path: Path, name: str) -> None:
    archive = make_zip(tmp_path / "odd.zip", {name: notebook_bytes()})
    [submission] = collect([archive], tmp_path / "work")
    assert submission.refused
    assert "was not unpacked" in submission.problem
    assert files_under(tmp_path / "work") == set()


def test_a_bad_member_in_a_zip_is_reported_with_its_archive(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "class.zip", {"bob.ipynb": b"{not json"})
    [submission] = collect([archive], tmp_path / "work")
    assert submission.problem.startswith("bob.ipynb (in class.zip) is not a readable notebook")


def test_a_file_that_is_not_a_zip_is_reported(tmp_path: Path) -> None:
    archive = write(tmp_path / "class.zip", b"this is not a zip")
    [submission] = collect([archive], tmp_path / "work")
    assert submission.refused
    assert "could not be opened as a zip archive" in submission.problem


def test_a_zip_with_too_many_members_is_not_unpacked(tmp_path: Path) -> None:
    members = {f"learner{number}.ipynb": notebook_bytes() for number in range(5)}
    archive = make_zip(tmp_path / "many.zip", members)
    found = collect([archive], tmp_path / "work", CollectLimits(archive_members=3))
    assert len(found) == 1
    assert found[0].refused
    assert "more than the 3 allowed" in found[0].problem
    assert files_under(tmp_path / "work") == set()


def test_a_zip_bomb_stops_at_the_total_size_cap(tmp_path: Path) -> None:
    padding = "x = '" + "a" * 400_000 + "'"
    members = {f"learner{number}.ipynb": notebook_bytes(padding) for number in range(5)}
    archive = make_zip(tmp_path / "bomb.zip", members)
    assert archive.stat().st_size < 100_000  # it compresses very well
    limits = CollectLimits(notebook_bytes=1_000_000, archive_bytes=1_000_000)
    found = collect([archive], tmp_path / "work", limits)
    assert [submission.ok for submission in found] == [True, True, False]
    assert "only partly unpacked" in found[-1].problem
    unpacked = sum(path.stat().st_size for path in files_under(tmp_path / "work"))
    assert unpacked <= 1_000_000


def test_a_zip_member_larger_than_the_notebook_cap_is_not_unpacked(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "big.zip", {"alice.ipynb": notebook_bytes("a" * 5000)})
    [submission] = collect([archive], tmp_path / "work", CollectLimits(notebook_bytes=1000))
    assert submission.notebook is None
    assert "more than the" in submission.problem
    assert files_under(tmp_path / "work") == set()


def test_two_archives_with_one_name_unpack_into_separate_folders(tmp_path: Path) -> None:
    one = make_zip(tmp_path / "a" / "class.zip", {"alice.ipynb": notebook_bytes()})
    two = make_zip(tmp_path / "b" / "class.zip", {"bob.ipynb": notebook_bytes()})
    found = collect([one, two], tmp_path / "work")
    assert all(submission.ok for submission in found)
    assert found[0].path.parent != found[1].path.parent


def test_parse_notebook_raises_a_planlab_error() -> None:
    with pytest.raises(NotebookReadError, match="the file is empty") as caught:
        parse_notebook(b"  \n")
    assert isinstance(caught.value, PlanlabError)
