"""Repository hygiene: clean notebooks, clean code, and CI running what a newcomer runs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import nbformat

from tests.conftest import REPO, which

NOTEBOOK_FOLDERS = ("notebooks", "solutions", "exercises", "book")


def cells_with_outputs(path: Path) -> list[int]:
    """Return the numbers of the code cells in a notebook that hold outputs or run counts."""
    notebook = nbformat.read(path, as_version=4)
    return [
        number
        for number, cell in enumerate(notebook.cells, start=1)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]


def course_notebooks() -> list[Path]:
    found = [path for folder in NOTEBOOK_FOLDERS for path in (REPO / folder).rglob("*.ipynb")]
    return sorted(path for path in found if ".ipynb_checkpoints" not in path.parts)


def test_notebooks_are_committed_without_outputs() -> None:
    dirty = {
        str(path.relative_to(REPO)): cells
        for path in course_notebooks()
        if (cells := cells_with_outputs(path))
    }
    assert dirty == {}, (
        f"code cells with outputs (notebook: cell numbers): {dirty}. Clear them with "
        "`jupyter nbconvert --clear-output --inplace NOTEBOOK`."
    )


def test_the_output_check_catches_outputs(tmp_path: Path) -> None:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    notebook.cells[0].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"})]
    notebook.cells[0].execution_count = 1
    path = tmp_path / "dirty.ipynb"
    nbformat.write(notebook, path)
    assert cells_with_outputs(path) == [1]


def test_there_are_notebooks_to_check() -> None:
    assert (REPO / "notebooks" / "beds-and-occupancy.ipynb") in course_notebooks()


def test_ruff_finds_nothing_to_fix() -> None:
    for command in (["check", "."], ["format", "--check", "."]):
        done = subprocess.run(
            [which("ruff"), *command], cwd=REPO, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, f"ruff {' '.join(command)}:\n{done.stdout}{done.stderr}"


def test_ci_runs_exactly_the_readme_test_command() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line for line in script.splitlines() if line and not line.startswith("#")]
    assert commands[-1] == "make test"
    assert "make test" in (REPO / "README.md").read_text(encoding="utf-8")
