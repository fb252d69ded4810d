"""The ``planlab`` command line: thin wrappers over the toolkit's functions.

Each command parses its options, calls one library function and prints the
result. Errors the toolkit raises on purpose are shown as one plain message,
without a traceback, and the command exits with status 1.
"""

from __future__ import annotations

import click

from planlab import __version__
from planlab.capacity import beds_table
from planlab.errors import PlanlabError

__all__ = ["beds", "main"]


class _PlanlabGroup(click.Group):
    """A command group that turns toolkit errors into plain messages."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except PlanlabError as error:
            raise click.ClickException(str(error)) from error


@click.group(cls=_PlanlabGroup)
@click.version_option(__version__, prog_name="planlab")
def main() -> None:
    """Tools for the course on strategic and integrated planning."""


@main.command()
@click.option(
    "--bed-days",
    type=float,
    required=True,
    help="Occupied bed days expected over the period, for example 30000.",
)
@click.option(
    "--occupancy",
    "occupancies",
    type=float,
    multiple=True,
    default=(0.80, 0.85, 0.90, 0.92),
    show_default=True,
    help="Target average occupancy as a fraction; repeat to compare several.",
)
@click.option("--days", type=int, default=365, show_default=True, help="Days the bed days cover.")
def beds(bed_days: float, occupancies: tuple[float, ...], days: int) -> None:
    """Print the beds needed for BED-DAYS at each target occupancy."""
    table = beds_table(bed_days, occupancies, days)
    click.echo(f"Beds needed for {bed_days:,.0f} bed days over {days} days")
    for row in table.itertuples(index=False):
        click.echo(f"  at {row.TargetOccupancy:.0%} occupancy: {row.BedsNeeded} beds")


from planlab.data.cli import data  # noqa: E402

main.add_command(data)

from planlab.grading.cli import COMMANDS as GRADING_COMMANDS  # noqa: E402

for command in GRADING_COMMANDS:
    main.add_command(command)
