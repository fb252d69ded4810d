"""What an explorer is made of: labelled controls, and the names of financial years.

Shared by :mod:`planlab.explorers.scenario` and :mod:`planlab.explorers.risk`.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LINE_COLOUR", "MUTED_COLOUR", "THRESHOLD_COLOUR", "Control", "financial_year"]

#: The colour of a chart's main line or bars (dark blue).
LINE_COLOUR = "#08306b"
#: The colour of a threshold, and of the chosen risk's bar (dark red).
THRESHOLD_COLOUR = "#b2182b"
#: The colour of a reference line that is not the threshold (dark grey).
MUTED_COLOUR = "#595959"


@dataclass(frozen=True)
class Control:
    """One labelled input of an explorer.

    Attributes
    ----------
    name
        The Vega-Lite parameter it sets (``"growth"``), also the input's ``name``.
    label
        Its visible label, which is also its accessible name.
    kind
        ``"range"`` (a slider), ``"number"`` or ``"select"``.
    value
        Its starting value, in the units shown (percent for percentages).
    minimum, maximum, step
        Its limits and step, in the same units (unused for a select).
    unit
        Words shown after the value of a slider (``"% a year"``).
    places
        Decimal places of a slider's shown value.
    options
        ``(value, label)`` pairs of a select.
    """

    name: str
    label: str
    kind: str
    value: float | str
    minimum: float = 0.0
    maximum: float = 0.0
    step: float = 1.0
    unit: str = ""
    places: int = 0
    options: tuple[tuple[str, str], ...] = ()

    def shown(self) -> str:
        """Return a slider's value as the page shows it, such as ``"-0.14% a year"``."""
        return f"{float(self.value):.{self.places}f}{self.unit}".replace("-", "\u2212")


def financial_year(year: int) -> str:
    """Return a financial year's name from the year it starts.

    Examples
    --------
    >>> financial_year(2040)
    '2040/41'
    """
    return f"{year}/{(year + 1) % 100:02d}"
