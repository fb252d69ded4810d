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
from planlab.queues import DEFAULT_RISK, blocking_at_occupancy, safe_occupancy

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


def precomputed_slider(
    choices: Sequence[tuple[str, object]],
    answers: Sequence[str],
    description: str,
    start: object,
) -> widgets.VBox:
    """Build a slider that shows one precomputed answer for each of its positions.

    The generic form of the course's no-code controls: every answer is worked out in
    advance and the slider is linked to them in the browser (``ipywidgets.jslink``),
    so the control works on a static book page with no Python kernel.

    Parameters
    ----------
    choices
        The slider's positions, in order, as ``(label, value)`` pairs, such as
        ``[("85%", 0.85), ("86%", 0.86)]``.
    answers
        One short piece of HTML for each position, in the same order.
    description
        The slider's visible label, which is also its accessible name.
    start
        The value the slider starts at; must be one of the choices' values.

    Returns
    -------
    ipywidgets.VBox
        A box holding the slider and the answers it chooses between. The shown
        answer is announced to screen readers when it changes.

    Raises
    ------
    InputValueError
        If there are no choices, the answers do not match the choices one for one,
        or ``start`` is not one of the choices' values.
    """
    options = list(choices)
    shown_answers = list(answers)
    if not options:
        raise InputValueError("choices", options, "at least one (label, value) pair")
    if len(shown_answers) != len(options):
        raise InputValueError(
            "answers",
            f"{len(shown_answers)} answers",
            f"one answer for each of the {len(options)} choices",
        )
    values = [value for _, value in options]
    if start not in values:
        raise InputValueError("start", start, f"one of the offered values {values}")
    stack = widgets.Stack(
        [widgets.HTML(answer) for answer in shown_answers], selected_index=values.index(start)
    )
    stack.add_class("planlab-live-result")
    slider = widgets.SelectionSlider(
        options=options,
        value=start,
        description=description,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="32em"),
        continuous_update=True,
    )
    widgets.jslink((slider, "index"), (stack, "selected_index"))
    return widgets.VBox([slider, stack])


def _describe_overflow(beds: int, occupancy: float, risk: float) -> str:
    """Return one sentence, as HTML, on the share of patients a ward turns away."""
    turned_away = blocking_at_occupancy(beds, occupancy)
    safe = safe_occupancy(beds, risk)
    how_many = (
        "more than half of them" if turned_away > 0.5 else f"about 1 in {round(1 / turned_away)}"
    )
    return (
        f"<p>A ward of <strong>{beds} beds</strong> that is on average "
        f"<strong>{occupancy:.0%} full</strong> turns away about "
        f"<strong>{turned_away:.1%}</strong> of the patients who need a bed in it "
        f"({how_many}). To turn away no more than {risk:.0%}, "
        f"it can be at most {safe:.0%} full on average.</p>"
    )


def overflow_explorer(
    beds: int,
    occupancies: Sequence[float] = DEFAULT_OCCUPANCIES,
    start: float = 0.85,
    risk: float = DEFAULT_RISK,
) -> widgets.VBox:
    """Build a slider of average occupancy that shows how often a ward of ``beds`` is full.

    For each average occupancy, the Erlang loss model
    (:func:`planlab.queues.blocking_at_occupancy`) gives the share of patients who
    arrive to find every bed taken and are turned away (to another ward, an outlier
    bed or another hospital).

    Parameters
    ----------
    beds
        Beds in the ward.
    occupancies
        Average occupancies the slider offers, each a fraction in (0, 1).
    start
        The occupancy the slider starts at; must be one of ``occupancies``.
    risk
        The share of patients turned away that each sentence compares with, by
        giving the highest average occupancy that keeps to it
        (:func:`planlab.queues.safe_occupancy`).

    Returns
    -------
    ipywidgets.VBox
        A box holding the slider ("Average occupancy") and the sentence it controls.

    Raises
    ------
    InputValueError
        If ``start`` is not one of ``occupancies``, or any input is out of range.
    """
    choices = list(occupancies)
    if start not in choices:
        raise InputValueError("start", start, f"one of the offered occupancies {choices}")
    answers = [_describe_overflow(beds, occupancy, risk) for occupancy in choices]
    return precomputed_slider(
        [(f"{occupancy:.0%}", occupancy) for occupancy in choices],
        answers,
        description="Average occupancy",
        start=start,
    )
