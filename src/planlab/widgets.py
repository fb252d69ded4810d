"""Controls that let a reader who does not code change an assumption and see the result.

The controls here work in two places: in a live notebook, and on the published
book page where no Python kernel is running. To work without a kernel, every
result is computed in advance and the control is linked to it in the browser
(``ipywidgets.jslink``), so moving the slider only chooses which precomputed
answer to show.

The generic machinery is here, for every module's explorer to use:
:func:`precomputed_slider`, :func:`precomputed_menu` and :func:`precomputed_grid` link a
slider, a drop-down, or both, to answers worked out in advance, and :func:`html_table` lays
a table out as an accessible HTML answer. The bed explorers (:func:`occupancy_explorer`,
:func:`overflow_explorer`) are built on them here; the projection and demand modules build
theirs (:func:`planlab.projection.projection_explorer`,
:func:`planlab.demand.growth_explorer`) on them too.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import ipywidgets as widgets
import pandas as pd

from planlab.capacity import DAYS_IN_YEAR, beds_needed
from planlab.errors import InputValueError
from planlab.queues import DEFAULT_RISK, blocking_at_occupancy, safe_occupancy

__all__ = [
    "DEFAULT_OCCUPANCIES",
    "html_table",
    "occupancy_explorer",
    "overflow_explorer",
    "precomputed_grid",
    "precomputed_menu",
    "precomputed_slider",
]

#: Width of every control, so that long labels fit and the controls line up.
_WIDTH = "32em"

#: Target occupancies offered by default: 70% to 98% in steps of one point.
DEFAULT_OCCUPANCIES: tuple[float, ...] = tuple(round(p / 100, 2) for p in range(70, 99))


def _offered_occupancy(occupancies: Sequence[float], start: float) -> list[float]:
    """Return the occupancies offered, after checking ``start`` is one of them."""
    choices = list(occupancies)
    if start not in choices:
        raise InputValueError("start", start, f"one of the offered occupancies {choices}")
    return choices


def _answers(answers: Sequence[str], selected: int, *, live: bool = True) -> widgets.Stack:
    """Stack the precomputed answers (HTML), showing one; screen readers hear it change.

    ``live=False`` is for a stack inside another stack: only the outer one is announced.
    """
    stack = widgets.Stack([widgets.HTML(answer) for answer in answers], selected_index=selected)
    if live:
        stack.add_class("planlab-live-result")
    return stack


def _slider(
    options: Sequence[tuple[str, object]], start: object, description: str
) -> widgets.SelectionSlider:
    """Build a labelled slider over ``options``; its label is also its accessible name."""
    return widgets.SelectionSlider(
        options=list(options),
        value=start,
        description=description,
        style={"description_width": "initial"},
        layout=widgets.Layout(width=_WIDTH),
        continuous_update=True,
    )


def _menu(labels: Sequence[str], selected: int, description: str) -> widgets.Dropdown:
    """Build a labelled drop-down whose value is the position of the chosen label."""
    return widgets.Dropdown(
        options=[(label, place) for place, label in enumerate(labels)],
        value=selected,
        description=description,
        style={"description_width": "initial"},
        layout=widgets.Layout(width=_WIDTH),
    )


def html_table(
    title: str, rows: pd.DataFrame, columns: Sequence[str], formats: Mapping[str, str]
) -> str:
    """Lay out rows of a table as an HTML table with a caption, for a precomputed answer.

    Parameters
    ----------
    title
        The table's caption.
    rows
        The rows to show.
    columns
        The columns to show, in order; each becomes a column header.
    formats
        A format string for each column that needs one, such as ``{"Beds": "{:,.0f}"}``;
        other columns are shown as they are.

    Returns
    -------
    str
        The table as HTML, every value escaped.

    Examples
    --------
    >>> table = pd.DataFrame({"Year": [2030], "Beds": [1041]})
    >>> html_table("Beds", table, ["Year", "Beds"], {"Beds": "{:,.0f}"}).split("<tbody>")[1]
    '<tr><td>2030</td><td>1,041</td></tr></tbody></table>'
    """
    header = "".join(f"<th scope='col'>{html.escape(column)}</th>" for column in columns)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td>{html.escape(formats.get(column, '{}').format(row[column]))}</td>"
            for column in columns
        )
        + "</tr>"
        for _, row in rows.iterrows()
    )
    return (
        f"<table><caption style='color: inherit; text-align: left'>{html.escape(title)}</caption>"
        f"<thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"
    )


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
    choices = _offered_occupancy(occupancies, start)
    return precomputed_slider(
        [(f"{occ:.0%}", occ) for occ in choices],
        [_describe_beds(bed_days, occ, days) for occ in choices],
        description="Target occupancy",
        start=start,
    )


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
    _check_one_answer_each("choices", options, shown_answers)
    values = [value for _, value in options]
    if start not in values:
        raise InputValueError("start", start, f"one of the offered values {values}")
    stack = _answers(shown_answers, values.index(start))
    slider = _slider(options, start, description)
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
    choices = _offered_occupancy(occupancies, start)
    answers = [_describe_overflow(beds, occupancy, risk) for occupancy in choices]
    return precomputed_slider(
        [(f"{occupancy:.0%}", occupancy) for occupancy in choices],
        answers,
        description="Average occupancy",
        start=start,
    )


def precomputed_menu(
    labels: Sequence[str], answers: Sequence[str], description: str, start: int = 0
) -> widgets.VBox:
    """Build a drop-down that shows one precomputed answer for each of its choices.

    Like :func:`precomputed_slider`, the answers are worked out in advance and linked in
    the browser, so the drop-down works on a static book page with no Python kernel.

    Parameters
    ----------
    labels
        The drop-down's choices, in order.
    answers
        One short piece of HTML for each choice, in the same order.
    description
        The drop-down's visible label, which is also its accessible name.
    start
        The position of the choice shown first.

    Returns
    -------
    ipywidgets.VBox
        A box holding the drop-down and the answers it chooses between.

    Raises
    ------
    InputValueError
        If there are no choices, the answers do not match the choices one for one, or
        ``start`` is not a position in the choices.
    """
    names = [str(label) for label in labels]
    shown_answers = list(answers)
    _check_one_answer_each("labels", names, shown_answers)
    if start not in range(len(names)):
        raise InputValueError("start", start, f"a position from 0 to {len(names) - 1}")
    stack = _answers(shown_answers, start)
    menu = _menu(names, start, description)
    widgets.jslink((menu, "index"), (stack, "selected_index"))
    return widgets.VBox([menu, stack])


def precomputed_grid(
    menu: tuple[str, Sequence[str], str],
    slider: tuple[str, Sequence[tuple[str, object]], object],
    answers: Sequence[Sequence[str]],
) -> widgets.VBox:
    """Build a drop-down and a slider that together choose one precomputed answer.

    Every combination is worked out in advance: ``answers[i][j]`` is the answer for the
    drop-down's choice ``i`` and the slider's position ``j``. The drop-down picks a row of
    answers and the slider moves every row together, all linked in the browser, so the pair
    works on a static book page with no Python kernel.

    Parameters
    ----------
    menu
        ``(description, labels, start)``: the drop-down's label (its accessible name), its
        choices and the choice it starts at.
    slider
        ``(description, choices, start)``: the slider's label, its positions as
        ``(label, value)`` pairs and the value it starts at.
    answers
        One row of HTML answers for each drop-down choice, each with one answer for each
        slider position.

    Returns
    -------
    ipywidgets.VBox
        A box holding the drop-down, the slider and the answers they choose between.

    Raises
    ------
    InputValueError
        If the answers do not match the choices one for one, or a start is not offered.
    """
    menu_description, menu_labels, menu_start = menu
    slider_description, slider_choices, slider_start = slider
    labels = [str(label) for label in menu_labels]
    options = list(slider_choices)
    rows = [list(row) for row in answers]
    _check_one_answer_each("menu labels", labels, rows)
    values = [value for _, value in options]
    for row in rows:
        _check_one_answer_each("slider choices", options, row)
    if menu_start not in labels:
        raise InputValueError("menu start", menu_start, f"one of {labels}")
    if slider_start not in values:
        raise InputValueError("slider start", slider_start, f"one of the offered values {values}")
    inner = [_answers(row, values.index(slider_start), live=False) for row in rows]
    shown = widgets.Stack(inner, selected_index=labels.index(menu_start))
    shown.add_class("planlab-live-result")
    drop_down = _menu(labels, labels.index(menu_start), menu_description)
    positions = _slider(options, slider_start, slider_description)
    widgets.jslink((drop_down, "index"), (shown, "selected_index"))
    for stack in inner:
        widgets.jslink((positions, "index"), (stack, "selected_index"))
    return widgets.VBox([drop_down, positions, shown])


def _check_one_answer_each(name: str, choices: Sequence[object], answers: Sequence[object]) -> None:
    """Check there are choices, and one answer for each of them."""
    if not choices:
        raise InputValueError(name, list(choices), "at least one choice")
    if len(answers) != len(choices):
        raise InputValueError(
            "answers",
            f"{len(answers)} answers",
            f"one answer for each of the {len(choices)} choices",
        )
