"""The occupancy explorer: precomputed answers linked to an accessible slider."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from planlab import InputValueError, beds_needed
from planlab.widgets import DEFAULT_OCCUPANCIES, occupancy_explorer


def _parts(box: widgets.VBox) -> tuple[widgets.SelectionSlider, widgets.Stack]:
    slider, stack = box.children
    return slider, stack


def test_slider_has_a_name_and_starts_at_85_percent() -> None:
    slider, stack = _parts(occupancy_explorer(30_000))
    assert slider.description == "Target occupancy"
    assert slider.label == "85%"
    assert stack.selected_index == DEFAULT_OCCUPANCIES.index(0.85)


def test_every_answer_matches_the_capacity_method() -> None:
    slider, stack = _parts(occupancy_explorer(30_000))
    for (label, occupancy), answer in zip(slider.options, stack.children, strict=True):
        expected = beds_needed(30_000, occupancy)
        assert answer.value.startswith(f"<p><strong>{expected} beds</strong> at {label}")


def test_slider_is_linked_to_the_answers_in_the_browser(jslinks) -> None:
    slider, stack = _parts(occupancy_explorer(30_000))
    assert [(link.source, link.target) for link in jslinks] == [
        ((slider, "index"), (stack, "selected_index"))
    ]


def test_start_must_be_an_offered_occupancy() -> None:
    with pytest.raises(InputValueError, match=r"start was 0\.855"):
        occupancy_explorer(30_000, start=0.855)
