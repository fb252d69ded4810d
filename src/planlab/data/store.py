r"""Write the fictional Lochanvale partnership's tables to disk, byte for byte the same each time.

Lochanvale Health and Social Care Partnership is fictional. The files are committed to the
repository, so the same seed must give the same bytes on every machine: fixed column and
row order, ``\\n`` line endings, UTF-8, floats rounded before writing (Python writes the
shortest exact form of a float, which is the same everywhere) and no timestamps.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd

from planlab.data import parameters as params
from planlab.data.generate import generate_all
from planlab.data.readme import readme_text
from planlab.data.schema import datapackage

__all__ = ["csv_bytes", "descriptor_bytes", "package_files", "stale_files", "write_package"]

DESCRIPTOR_NAME = "datapackage.json"
README_NAME = "README.md"


def csv_bytes(table: pd.DataFrame) -> bytes:
    r"""Return a table as CSV bytes in the package's fixed format.

    Parameters
    ----------
    table
        The table to write.

    Returns
    -------
    bytes
        UTF-8 CSV with a header row, no index and ``\\n`` line endings.
    """
    buffer = io.StringIO()
    table.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def descriptor_bytes(seed: int = params.DEFAULT_SEED) -> bytes:
    """Return ``datapackage.json`` as bytes (two-space indent, final newline)."""
    return (json.dumps(datapackage(seed), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def package_files(seed: int = params.DEFAULT_SEED) -> dict[str, bytes]:
    """Make every file of the data package in memory.

    Parameters
    ----------
    seed
        The seed of the synthetic data.

    Returns
    -------
    dict of str to bytes
        File name to content: one CSV per table, ``datapackage.json`` and ``README.md``.
    """
    tables = generate_all(seed)
    files = {f"{name}.csv": csv_bytes(table) for name, table in tables.items()}
    files[DESCRIPTOR_NAME] = descriptor_bytes(seed)
    files[README_NAME] = readme_text(tables, seed).encode("utf-8")
    return files


def write_package(directory: Path, seed: int = params.DEFAULT_SEED) -> dict[str, int]:
    """Make the data package and write it into ``directory``.

    Parameters
    ----------
    directory
        The folder to write into; made if missing. Files of the same name are replaced.
    seed
        The seed of the synthetic data.

    Returns
    -------
    dict of str to int
        File name to its size in bytes.
    """
    directory.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for name, content in package_files(seed).items():
        (directory / name).write_bytes(content)
        sizes[name] = len(content)
    return sizes


def stale_files(directory: Path, seed: int = params.DEFAULT_SEED) -> list[str]:
    """List the files in ``directory`` that differ from what ``seed`` makes now.

    Parameters
    ----------
    directory
        A folder with a written data package.
    seed
        The seed to compare against.

    Returns
    -------
    list of str
        Names of files that are missing or differ; empty when everything matches.
    """
    return [
        name
        for name, content in package_files(seed).items()
        if not (directory / name).is_file() or (directory / name).read_bytes() != content
    ]
