"""Controls that let a reader who does not code change an assumption and see the result.

The controls here work in two places: in a live notebook, and on the published
book page where no Python kernel is running. To work without a kernel, every
result is computed in advance and the control is linked to it in the browser
(``ipywidgets.jslink``), so moving the slider only chooses which precomputed
answer to show.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets

from planlab.capacity import DAYS_IN_YEAR, beds_needed
from planlab.errors import InputValueError

#: Target occupancies offered by default: 70% to 98% in steps of one point.
DEFAULT_OCCUPANCIES: tuple[float, ...] = tuple(round(p / 100, 2) for p in range(70, 99))


def _describe_beds(bed_days: float, occupancy: float, days: int) -> str:
    """Return one sentence, as HTML, explaining the beds needed at ``occupancy``."""
    average_occupied = bed_days / days
    beds = beds_needed(bed_days, occupancy, days)
    spare = beds - average_occupied
    return (
        f"<p><strong>{beds} beds</strong> at {occupancy:.0%} target occupancy. "
        f"On an average night {average_occupied:.1f} beds are occupied, "
        f"so about {spare:.1f} beds are kept free to absorb busy days.</p>"
    )


def occupancy_explorer(
    bed_days: float,
    occupancies: Sequence[float] = DEFAULT_OCCUPANCIES,
    start: float = 0.85,
    days: int = DAYS_IN_YEAR,
) -> widgets.VBox:
    """Build a slider that shows the beds needed at each target occupancy.

    Parameters
    ----------
    bed_days
        Occupied bed days expected over the period.
    occupancies
        Target occupancies the slider offers, each a fraction in (0, 1].
    start
        The occupancy the slider starts at; must be one of ``occupancies``.
    days
        Days in the period the bed days cover.

    Returns
    -------
    ipywidgets.VBox
        A box holding the slider and the sentence it controls. The slider has
        an accessible name, and the sentence is announced when it changes.

    Raises
    ------
    InputValueError
        If ``start`` is not one of ``occupancies``, or any input is out of range.
    """
    choices = list(occupancies)
    if start not in choices:
        raise InputValueError("start", start, f"one of the offered occupancies {choices}")
    answers = [widgets.HTML(_describe_beds(bed_days, occ, days)) for occ in choices]
    shown = widgets.Stack(answers, selected_index=choices.index(start))
    shown.add_class("planlab-live-result")
    slider = widgets.SelectionSlider(
        options=[(f"{occ:.0%}", occ) for occ in choices],
        value=start,
        description="Target occupancy",
        style={"description_width": "initial"},
        layout=widgets.Layout(width="32em"),
        continuous_update=True,
    )
    widgets.jslink((slider, "index"), (shown, "selected_index"))
    return widgets.VBox([slider, shown])
