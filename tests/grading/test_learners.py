"""Whose notebook is whose: platform downloads, copies, records and the roster.

The layouts are those of real downloads: Moodle's "Download all submissions" puts each
learner's files in a folder ``<Full Name>_<participant id>_assignsubmission_file_``
(Moodle ``mod/assign/locallib.php``, ``download_submissions``); Canvas names each file
``<lastnamefirstname>_[LATE_]<user id>_<submission id>_<file name>``.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import nbformat

from planlab.grading.identity import identify
from planlab.grading.learners import resolve
from planlab.grading.roster import read_roster
from planlab.grading.submissions import collect


def notebook_bytes(source: str = "answer = 42", learner: str = "") -> bytes:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    if learner:
        notebook.metadata["planlab"] = {"learner": learner}
    return nbformat.writes(notebook).encode("utf-8")


def write(path: Path, raw: bytes, age: float = 0.0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    when = 1_800_000_000 - age
    os.utime(path, (when, when))
    return path


def roster(tmp_path: Path, text: str) -> object:
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    return read_roster(path)


ROSTER = (
    "learner,name,moodle_id,canvas_id\n"
    "farah.ali,Farah Ali,4051,881\n"
    "tom.baird,Tom Baird,4052,882\n"
    "una.mcrae,Una McRae,4053,883\n"
)


def test_a_moodle_download_where_every_file_has_one_name_finds_every_learner(tmp_path) -> None:
    archive = tmp_path / "moodle.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for name, number in (("Farah Ali", 4051), ("Tom Baird", 4052)):
            folder = f"{name}_{number}_assignsubmission_file_"
            zipped.writestr(f"{folder}/example-beds.ipynb", notebook_bytes())
    found = resolve(collect([archive], tmp_path / "work"), roster(tmp_path, ROSTER))
    assert sorted(found.chosen) == ["farah.ali", "tom.baird"]
    assert found.chosen["farah.ali"].identity.platform_id == "4051"
    assert found.missing == ["una.mcrae"]
    assert found.problems == []


def test_canvas_names_are_matched_by_user_id_and_late_work_is_marked_late(tmp_path) -> None:
    folder = tmp_path / "canvas"
    write(folder / "alifarah_881_90001_example-beds.ipynb", notebook_bytes())
    write(folder / "bairdtom_LATE_882_90002_example-beds-1.ipynb", notebook_bytes())
    found = resolve(collect([folder], tmp_path / "work"), roster(tmp_path, ROSTER))
    assert sorted(found.chosen) == ["farah.ali", "tom.baird"]
    assert not found.chosen["farah.ali"].identity.late
    assert found.chosen["tom.baird"].identity.late
    assert found.chosen["tom.baird"].identity.submission_id == "90002"


def test_a_copy_numbered_file_is_the_same_learner_and_the_latest_is_graded(tmp_path) -> None:
    folder = tmp_path / "in"
    write(folder / "farah.ali.ipynb", notebook_bytes("first = 1"), age=3600)
    write(folder / "farah.ali (1).ipynb", notebook_bytes("second = 2"))
    found = resolve(collect([folder], tmp_path / "work"), roster(tmp_path, ROSTER))
    assert list(found.chosen) == ["farah.ali"]
    assert found.chosen["farah.ali"].submission.path.name == "farah.ali (1).ipynb"
    [problem] = found.problems
    assert "another notebook for farah.ali" in problem
    assert found.missing == ["tom.baird", "una.mcrae"]


def test_duplicates_across_a_folder_and_a_zip_keep_the_latest_and_report_the_other(
    tmp_path,
) -> None:
    old = write(tmp_path / "class" / "alice.ipynb", notebook_bytes(), age=86400)
    archive = tmp_path / "late.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        info = zipfile.ZipInfo("alice.ipynb", date_time=(2030, 1, 1, 0, 0, 0))
        zipped.writestr(info, notebook_bytes("late = True"))
    found = resolve(collect([old.parent, archive], tmp_path / "work"))
    assert found.chosen["alice"].submission.origin == "alice.ipynb (in late.zip)"
    assert any(str(old.name) in problem for problem in found.problems)


def test_a_notebook_released_to_one_learner_and_handed_in_by_another_is_flagged(
    tmp_path,
) -> None:
    folder = tmp_path / "in"
    write(folder / "tom.baird.ipynb", notebook_bytes(learner="farah.ali"))
    found = resolve(collect([folder], tmp_path / "work"), roster(tmp_path, ROSTER))
    graded = found.chosen["farah.ali"]
    assert graded.identity.found_as == "record"
    [flag] = graded.flags
    assert "released to farah.ali" in flag
    assert "tom.baird" in flag


def test_a_file_that_matches_nobody_on_the_roster_is_reported_not_graded(tmp_path) -> None:
    folder = tmp_path / "in"
    write(folder / "stranger.ipynb", notebook_bytes())
    found = resolve(collect([folder], tmp_path / "work"), roster(tmp_path, ROSTER))
    assert found.chosen == {}
    [problem] = found.problems
    assert "stranger.ipynb matches no learner on the roster" in problem
    assert found.missing == ["farah.ali", "tom.baird", "una.mcrae"]


def test_identify_reads_each_layout() -> None:
    moodle = identify("Farah Ali_4051_assignsubmission_file_/example-beds.ipynb")
    assert (moodle.platform, moodle.platform_id, moodle.name) == ("moodle", "4051", "Farah Ali")
    canvas = identify("alifarah_LATE_881_90001_example-beds.ipynb")
    assert (canvas.platform, canvas.platform_id, canvas.late) == ("canvas", "881", True)
    copy = identify("farah.ali (2).ipynb")
    assert (copy.learner, copy.copy) == ("farah.ali", 2)
