"""Checking a job's notebook and file names, and copying its files into a kernel's folder.

Runs in: the grader. Submissions are untrusted: a file name that could leave the
kernel's folder is refused before anything is copied, and the notebook is rebuilt
from its cells' sources and metadata alone.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

import nbformat

from planlab.errors import GradingFileError
from planlab.grading.model import RunJob

__all__ = ["clean_notebook", "copy_files", "destinations", "safe_relative_path"]


def clean_notebook(notebook: Any) -> Any:
    """Return a copy of the notebook's cells without outputs or attachments.

    Parameters
    ----------
    notebook
        The learner's notebook, as read (any nbformat 4 shape).

    Returns
    -------
    nbformat.NotebookNode
        A new notebook holding each cell's source and metadata only.

    Raises
    ------
    TypeError, KeyError
        If a cell is not shaped like a notebook cell.
    """
    cells = []
    for cell in notebook["cells"]:
        source = cell["source"]
        source = "".join(source) if isinstance(source, list) else source
        if not isinstance(source, str):
            raise TypeError(f"a cell's source is {type(source).__name__}, not text")
        metadata = dict(cell.get("metadata", {}))
        if cell["cell_type"] == "code":
            cells.append(nbformat.v4.new_code_cell(source, metadata=metadata))  # type: ignore[no-untyped-call]
        else:
            cells.append(nbformat.v4.new_markdown_cell(source, metadata=metadata))  # type: ignore[no-untyped-call]
    return nbformat.v4.new_notebook(cells=cells)  # type: ignore[no-untyped-call]


def destinations(job: RunJob) -> dict[str, PurePosixPath]:
    """Check every file name of ``job`` and return them as relative paths.

    Parameters
    ----------
    job
        The job whose ``files`` are to be copied.

    Returns
    -------
    dict[str, PurePosixPath]
        Each file's place inside the kernel's folder.

    Raises
    ------
    GradingFileError
        If a name could leave the folder (see :func:`safe_relative_path`).
    """
    return {name: safe_relative_path(job.key, name) for name in job.files}


def safe_relative_path(job: str, name: str) -> PurePosixPath:
    """Return ``name`` as a relative path, or refuse it if it could leave the folder.

    Parameters
    ----------
    job
        The job's key, named in the error.
    name
        The file's name inside the kernel's folder.

    Returns
    -------
    PurePosixPath
        The name as a relative path.

    Raises
    ------
    GradingFileError
        If ``name`` is empty, absolute, holds ``..``, a backslash or a NUL, or is
        not text.
    """
    path = PurePosixPath(name) if isinstance(name, str) else None
    if (
        path is None
        or not name.strip()
        or "\\" in name
        or "\0" in name
        or path.is_absolute()
        or ".." in path.parts
        or path.parts in ((), (".",))
    ):
        raise GradingFileError(job, str(name))
    return path


def copy_files(
    files: Mapping[str, Path], places: Mapping[str, PurePosixPath], folder: Path
) -> None:
    """Copy each file (or folder) in ``files`` to its place inside ``folder``.

    Parameters
    ----------
    files
        The files to copy, by name.
    places
        Each name's checked relative path (from :func:`destinations`).
    folder
        The kernel's working folder.

    Raises
    ------
    OSError
        If a file cannot be read or written.
    """
    for name, source in files.items():
        target = folder.joinpath(places[name])
        target.parent.mkdir(parents=True, exist_ok=True)
        if Path(source).is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copyfile(source, target)
