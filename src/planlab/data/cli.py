"""The ``planlab data`` commands: make and check the fictional partnership's data files.

Lochanvale Health and Social Care Partnership is fictional. These commands are thin
wrappers over :mod:`planlab.data.store` and :mod:`planlab.data.validate`.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from planlab.data import parameters as params
from planlab.data.load import default_directory
from planlab.data.store import stale_files, write_package
from planlab.data.validate import validate_package

__all__ = ["data", "generate", "validate"]

DIRECTORY_HELP = "Folder of the data package. [default: the repository's datasets folder]"


@click.group()
def data() -> None:
    """Make and check the synthetic data of the fictional Lochanvale partnership."""


@data.command()
@click.option(
    "--out", "directory", type=click.Path(file_okay=False, path_type=Path), help=DIRECTORY_HELP
)
@click.option(
    "--seed", type=int, default=params.DEFAULT_SEED, show_default=True, help="Random seed."
)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; fail if the files differ from what the seed makes.",
)
def generate(directory: Path | None, seed: int, check: bool) -> None:
    """Make every table and write the CSV files, datapackage.json and README.md."""
    folder = directory or default_directory()
    started = time.perf_counter()
    if check:
        stale = stale_files(folder, seed)
        if stale:
            raise click.ClickException(
                f"These files in {folder} differ from what seed {seed} makes: {', '.join(stale)}. "
                "Run `planlab data generate` and commit the result."
            )
        click.echo(f"All files in {folder} match seed {seed}.")
        return
    sizes = write_package(folder, seed)
    seconds = time.perf_counter() - started
    click.echo(
        f"Wrote {len(sizes)} files ({sum(sizes.values()) / 1e6:.1f} MB) "
        f"to {folder} in {seconds:.1f} s."
    )


@data.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
def validate(directory: Path | None) -> None:
    """Check every data file in DIRECTORY against datapackage.json and against each other.

    DIRECTORY defaults to the repository's datasets folder.
    """
    folder = directory or default_directory()
    rows = validate_package(folder)
    click.echo(f"All {len(rows)} tables in {folder} are valid ({sum(rows.values()):,} rows).")
