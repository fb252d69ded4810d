r"""Board papers, directions and charts for print: the formats a plan reaches its board in.

Module 13 of the course. A plan is decided on paper, not in a notebook. This module writes
what a board and its partners read:

* :func:`save_for_print` saves a matplotlib figure as PNG and SVG at print resolution
  (300 dots per inch), at a stated width and height in millimetres, with no text smaller than
  a stated size in points, so that it can be read when printed. The SVG keeps its text as
  text, so a screen reader and a search can find it.
* :func:`assumptions_log` turns the partnership's planning assumptions
  (:mod:`planlab.assumptions`) into a tidy table, one row per assumption, with its value,
  its basis, its owner and when it was last reviewed; :func:`check_assumptions_log` checks a
  log a planner has written.
* :class:`Estimate` is a figure with its interval: there is no way to give a board paper a
  single number alone. :class:`BoardPaper` holds a paper whose sections come in the order a
  board reads best: the recommendation first, then the decision asked for, the figures with
  their intervals, the charts, the risks and the assumptions log.
* :class:`Direction` holds a draft direction from an integration joint board to its health
  board or council under sections 26 to 28 of the Public Bodies (Joint Working) (Scotland)
  Act 2014, with its budget (:func:`direction_budget`, from the ``budget`` table); its
  headings are :data:`DIRECTION_ELEMENTS`.
* :func:`save_board_paper` and :func:`save_direction` write either to Markdown (``.md``) or
  to Word (``.docx``, with python-docx), the same sections in the same order.

The direction's elements follow the Act as the Scottish Government's good practice note on
directions (2016) sets it out, footnoting each section; that note has been replaced by the
statutory guidance, *Directions from integration authorities to health boards and local
authorities* (gov.scot; both last checked 3 December 2026). A direction must be in writing
(s.27(5)(b)), say which delegated functions it is about and which body is to carry them out,
say how each is to be carried out, and give the budget for them and how it is to be used
(s.27(1)); it stays in force until it is varied, revoked or superseded (s.27(5)(a)). The
set-aside budget for large hospital services is directed under s.28. The template adds a
reference, the direction it supersedes, its link to the strategic plan, outcomes,
performance monitoring and a review date, so that it can be traced and reviewed.

References
----------
Public Bodies (Joint Working) (Scotland) Act 2014, sections 26 to 28.

Scottish Government. Directions from integration authorities to health boards and local
authorities: statutory guidance. Edinburgh: Scottish Government (gov.scot; last checked
3 December 2026).
"""

from __future__ import annotations

import datetime as dt
import numbers
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.text import Text

from planlab import assumptions as plan
from planlab.checks import is_number, require_columns
from planlab.errors import InputValueError

__all__ = [
    "DIRECTION_ELEMENTS",
    "LOG_COLUMNS",
    "MIN_FONT_PT",
    "MM_PER_INCH",
    "PRINT_DPI",
    "WORKSHOP_REVIEWED",
    "BoardPaper",
    "Direction",
    "Estimate",
    "assumptions_log",
    "board_paper_markdown",
    "check_assumptions_log",
    "direction_budget",
    "direction_markdown",
    "format_interval",
    "save_board_paper",
    "save_direction",
    "save_for_print",
]

#: Print resolution, dots per inch: the usual minimum for a printed board paper.
PRINT_DPI = 300

#: The smallest text in a chart saved for print, in points (8 pt is readable on paper).
MIN_FONT_PT = 8.0

#: Millimetres in an inch: a figure's size is stated in mm and matplotlib works in inches.
MM_PER_INCH = 25.4

#: The columns of an assumptions log, in order.
LOG_COLUMNS = ("Assumption", "Value", "Basis", "Owner", "LastReviewed")

#: The date Lochanvale's planning workshop last reviewed its assumptions (fictional).
WORKSHOP_REVIEWED = dt.date(2026, 10, 14)

#: The headings of a direction, in order, and what each holds. "Direction to", "Functions",
#: "How the functions are to be carried out" and "Budget" are what section 27 of the 2014 Act
#: requires (with being in writing); the others are the good practice the course adds so that a
#: direction can be traced, followed, monitored and reviewed, in the spirit of the statutory
#: guidance (of which we could read only the opening section; last checked 3 December 2026).
DIRECTION_ELEMENTS: tuple[tuple[str, str], ...] = (
    ("Reference", "a reference number and the date the integration joint board approved it"),
    ("Direction to", "the health board, the council, or both jointly"),
    ("Functions", "the delegated functions it is about, as the integration scheme names them"),
    ("How the functions are to be carried out", "the services to provide, or outcomes"),
    ("Budget", "the money for carrying out the functions, and how it is to be used"),
    ("Supersedes", "the earlier direction it varies, revokes or replaces, or none"),
    ("Link to the strategic plan", "the part of the strategic plan it puts into effect"),
    ("Outcomes", "what the direction is meant to achieve, measurably"),
    ("Performance monitoring", "how, and how often, delivery is reported to the board"),
    ("Review date", "the date by which the direction is to be reviewed"),
)

_BODIES = ("health board", "council", "health board and council")
_FORMATS = ("png", "svg")


# ---------------------------------------------------------------------------
# Charts for print
# ---------------------------------------------------------------------------


def _size_mm(name: str, value: object) -> float:
    if not is_number(value) or not 30 <= float(value) <= 600:
        raise InputValueError(name, value, "a size in millimetres from 30 to 600, such as 160")
    return float(value)


def save_for_print(
    fig: Figure,
    path: str | Path,
    width_mm: float = 160.0,
    height_mm: float = 100.0,
    formats: Sequence[str] = _FORMATS,
    min_font_pt: float = MIN_FONT_PT,
) -> list[Path]:
    """Save a figure for print: a stated size in mm, 300 dpi, no text below ``min_font_pt``.

    The figure is resized to ``width_mm`` x ``height_mm`` (160 mm is the width of the text
    on an A4 page with 25 mm margins), any text smaller than ``min_font_pt`` is enlarged to
    it, and the layout is tightened so that the larger text still fits. A PNG is written at
    :data:`PRINT_DPI` dots per inch and says so in its header, so that a word processor
    places it at its true size; an SVG keeps its text as text rather than outlines.

    Parameters
    ----------
    fig
        The matplotlib figure, such as one from :func:`planlab.scenarios.fan_chart`.
    path
        Where to write, without a suffix or with one that is replaced: ``charts/fan``
        writes ``charts/fan.png`` and ``charts/fan.svg``. The folder must exist.
    width_mm, height_mm
        The printed size, in millimetres (30 to 600).
    formats
        Any of ``"png"`` and ``"svg"``.
    min_font_pt
        The smallest text allowed, in points (6 to 24).

    Returns
    -------
    list of pathlib.Path
        The files written, in the order of ``formats``.

    Raises
    ------
    InputValueError
        If ``fig`` is not a figure, a size is out of range, a format is not PNG or SVG, or
        the folder does not exist.

    Examples
    --------
    >>> import tempfile
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([2024, 2030], [302, 332])
    >>> folder = Path(tempfile.mkdtemp())
    >>> [p.name for p in save_for_print(fig, folder / "beds", 80, 60)]
    ['beds.png', 'beds.svg']
    """
    if not isinstance(fig, Figure):
        raise InputValueError("fig", type(fig).__name__, "a matplotlib Figure, such as plt.gcf()")
    width = _size_mm("width_mm", width_mm)
    height = _size_mm("height_mm", height_mm)
    if not is_number(min_font_pt) or not 6 <= float(min_font_pt) <= 24:
        raise InputValueError("min_font_pt", min_font_pt, "a text size in points from 6 to 24")
    smallest = float(min_font_pt)
    chosen = [formats] if isinstance(formats, str) else list(formats)
    wrong = [item for item in chosen if item not in _FORMATS]
    if wrong or not chosen:
        raise InputValueError("formats", formats, 'a list of "png" and/or "svg"')
    stem = Path(path)
    if stem.suffix.lower().lstrip(".") in _FORMATS:
        stem = stem.with_suffix("")
    if not stem.parent.is_dir():
        raise InputValueError("path", str(path), "a path in a folder that exists")
    # Whole pixels at print resolution, so the PNG is round(mm / 25.4 x 300) pixels across.
    across, down = (round(size / MM_PER_INCH * PRINT_DPI) for size in (width, height))
    fig.set_size_inches(across / PRINT_DPI, down / PRINT_DPI)
    for ax in fig.axes:  # tick labels are remade when drawn, so set them on the axis
        for axis in (ax.xaxis, ax.yaxis):
            major = [float(tick.label1.get_fontsize()) for tick in axis.get_major_ticks()]
            minor = [float(tick.label1.get_fontsize()) for tick in axis.get_minor_ticks()]
            if major and min(major) < smallest:
                axis.set_tick_params(which="major", labelsize=smallest)
            if minor and min(minor) < smallest:
                axis.set_tick_params(which="minor", labelsize=smallest)
    for text in fig.findobj(Text):
        if text.get_text() and float(text.get_fontsize()) < smallest:
            text.set_fontsize(smallest)
    fig.tight_layout()
    written = []
    with plt.rc_context({"svg.fonttype": "none"}):
        for kind in chosen:
            target = stem.with_suffix(f".{kind}")
            fig.savefig(target, dpi=PRINT_DPI, format=kind)
            written.append(target)
    return written


# ---------------------------------------------------------------------------
# The assumptions log
# ---------------------------------------------------------------------------


def _percent(value: float) -> str:
    return f"{value * 100:+.0f}%" if value else "0%"


def assumptions_log(reviewed: dt.date = WORKSHOP_REVIEWED) -> pd.DataFrame:
    """Return Lochanvale's planning assumptions as a tidy log, one row per assumption.

    Built from :mod:`planlab.assumptions`: the frailty pathway's three effects (each as the
    interval the workshop agreed), the share of admissions each scheme reaches and their
    overlap, the target occupancy and the size of a new ward. The owners are the roles
    (fictional) that answer for each assumption.

    Parameters
    ----------
    reviewed
        The date the assumptions were last reviewed (the fictional workshop of 14 October
        2026 by default).

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`LOG_COLUMNS`: ``Assumption``, ``Value`` (as text, with its
        interval), ``Basis``, ``Owner`` and ``LastReviewed`` (a date).

    Raises
    ------
    InputValueError
        If ``reviewed`` is not a date.
    """
    if not isinstance(reviewed, dt.date):
        raise InputValueError("reviewed", reviewed, "a datetime.date, such as date(2026, 10, 14)")
    rows = []
    owners = {"Frailty unit": "Clinical lead, frailty", "Community": "Head of community services"}
    for _, row in plan.assumptions_table().iterrows():
        effect = row["Effect"]
        rows.append(
            (
                f"{row['Scheme']}: change in {row['Acts on'].lower()} of the people it sees",
                f"{_percent(effect.low)} to {_percent(effect.high)} ({effect.level:.0%} interval)",
                row["Basis"],
                owners[row["Scheme"]],
            )
        )
    planner = "Head of strategic planning"
    rows += [
        (
            "Frailty unit: share of admissions aged 75+ it sees",
            f"{plan.FRAILTY_UNIT_REACH:.0%}",
            "Workshop assumption (fictional), from the unit's opening hours",
            owners["Frailty unit"],
        ),
        (
            "Community scheme: share of admissions aged 75+ it reaches",
            f"{plan.COMMUNITY_REACH:.0%}",
            "Workshop assumption (fictional): people on the community frailty register",
            owners["Community"],
        ),
        (
            "Share of admissions aged 75+ in both cohorts",
            f"{plan.OVERLAP:.0%}",
            "Workshop assumption (fictional)",
            planner,
        ),
        (
            "Target average bed occupancy",
            f"{plan.TARGET_OCCUPANCY:.0%}",
            "Course convention; a rule of thumb, not a law (module 9)",
            planner,
        ),
        (
            "Beds in a new ward",
            f"{plan.WARD_BEDS} beds",
            "Local assumption: wards of 24 to 28 beds are usual",
            "Director of acute services",
        ),
    ]
    log = pd.DataFrame(rows, columns=list(LOG_COLUMNS[:4]))
    log["LastReviewed"] = reviewed
    return log


def check_assumptions_log(log: pd.DataFrame) -> pd.DataFrame:
    """Check an assumptions log and return it with its columns in the standard order.

    Parameters
    ----------
    log
        A table with the columns of :data:`LOG_COLUMNS` (others are dropped).

    Returns
    -------
    pandas.DataFrame
        The log, its columns in order, ``LastReviewed`` as dates.

    Raises
    ------
    InputValueError
        If a column is missing, the log is empty, any entry is blank (an assumption with no
        basis or no owner is the commonest gap), or a review date is not a date.
    """
    if not isinstance(log, pd.DataFrame):
        raise InputValueError("log", type(log).__name__, "a pandas DataFrame")
    require_columns(log, "log", LOG_COLUMNS)
    if log.empty:
        raise InputValueError("log", "an empty table", "a table with one row per assumption")
    tidy = log[list(LOG_COLUMNS)].copy()
    for column in LOG_COLUMNS[:4]:
        blank = tidy[column].isna() | (tidy[column].astype(str).str.strip() == "")
        if blank.any():
            row = int(blank.to_numpy().nonzero()[0][0])
            raise InputValueError(
                f"log[{column!r}]", f"blank in row {row}", "filled in for every assumption"
            )
    dates = pd.to_datetime(tidy["LastReviewed"], errors="coerce")
    if dates.isna().any():
        row = int(dates.isna().to_numpy().nonzero()[0][0])
        raise InputValueError(
            "log['LastReviewed']", tidy["LastReviewed"].iloc[row], "a date, such as 2026-10-14"
        )
    tidy["LastReviewed"] = dates.dt.date
    return tidy


# ---------------------------------------------------------------------------
# Figures with their intervals
# ---------------------------------------------------------------------------


def format_interval(
    central: float,
    low: float,
    high: float,
    level: float = 0.8,
    unit: str = "",
    decimals: int = 0,
) -> str:
    """Write a figure with its interval, as a board paper should quote it.

    Parameters
    ----------
    central
        The central estimate (a median or a central scenario).
    low, high
        The interval's ends, ``low <= central <= high``.
    level
        The interval's coverage, a fraction: 0.8 is an 80% interval.
    unit
        The unit after each number, such as ``"beds"``; ``"£"`` goes before them.
    decimals
        Decimal places to show.

    Returns
    -------
    str
        Such as ``"332 beds (80% interval 318 to 345 beds)"``.

    Raises
    ------
    InputValueError
        If a number is missing, the ends are out of order, or ``level`` is not in (0, 1).

    Examples
    --------
    >>> format_interval(332, 318, 345, unit="beds")
    '332 beds (80% interval 318 to 345 beds)'
    >>> format_interval(1.25e6, 0.9e6, 1.6e6, level=0.9, unit="£")
    '£1,250,000 (90% interval £900,000 to £1,600,000)'
    """
    for name, value in (("central", central), ("low", low), ("high", high)):
        if not is_number(value):
            raise InputValueError(name, value, "a number")
    if not low <= central <= high:
        raise InputValueError(
            "low, central, high", (low, central, high), "in order: low <= central <= high"
        )
    if not is_number(level) or not 0 < float(level) < 1:
        raise InputValueError("level", level, "a fraction between 0 and 1, such as 0.8")
    if not isinstance(decimals, numbers.Integral) or not 0 <= decimals <= 6:
        raise InputValueError("decimals", decimals, "a whole number from 0 to 6")

    def show(value: float, with_unit: bool = True) -> str:
        number = f"{value:,.{decimals}f}"
        if unit == "£":
            return f"£{number}"
        return f"{number} {unit}" if unit and with_unit else number

    interval = f"{show(low, with_unit=False)} to {show(high)}"
    return f"{show(central)} ({float(level):.0%} interval {interval})"


@dataclass(frozen=True)
class Estimate:
    """A figure for a board paper: a central value that always carries its interval.

    Parameters
    ----------
    label
        What the figure is, such as ``"Beds needed in 2030/31"``.
    central, low, high
        The central estimate and the interval's ends.
    level
        The interval's coverage, a fraction (0.8 is 80%).
    unit
        The unit, such as ``"beds"`` or ``"£"``.
    decimals
        Decimal places to show.
    source
        Where the figure comes from, such as ``"module 11, fan chart"``.

    Raises
    ------
    InputValueError
        As for :func:`format_interval`, or if ``label`` is blank.
    """

    label: str
    central: float
    low: float
    high: float
    level: float = 0.8
    unit: str = ""
    decimals: int = 0
    source: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.label, str) or not self.label.strip():
            raise InputValueError("label", self.label, "a short description of the figure")
        self.text()

    def text(self) -> str:
        """Return the figure and its interval as one phrase (:func:`format_interval`)."""
        return format_interval(
            self.central, self.low, self.high, self.level, self.unit, self.decimals
        )


# ---------------------------------------------------------------------------
# The board paper
# ---------------------------------------------------------------------------


def _text(name: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputValueError(name, value, "some text")
    return value.strip()


@dataclass
class BoardPaper:
    """A board paper: recommendation first, figures with intervals, risks, assumptions.

    Parameters
    ----------
    title
        The paper's title.
    recommendation
        What the author recommends, in a sentence or two: it comes first.
    decision
        The decision the board is asked for, such as "approve", "note" or "direct".
    estimates
        The figures the recommendation rests on, each an :class:`Estimate` (at least one).
    risks
        A table with ``Risk`` and ``Mitigation`` columns (others are kept).
    assumptions
        An assumptions log (:func:`assumptions_log`, checked by
        :func:`check_assumptions_log`).
    charts
        ``(image file, alt text)`` pairs; PNG files are placed in the Word document and
        linked from the Markdown.
    meeting, author
        The meeting the paper is for and who wrote it.
    background
        Optional paragraphs of context, after the figures.

    Raises
    ------
    InputValueError
        If any part is missing or blank, an estimate is not an :class:`Estimate`, or a chart
        has no alt text or its file does not exist.
    """

    title: str
    recommendation: str
    decision: str
    estimates: Sequence[Estimate]
    risks: pd.DataFrame
    assumptions: pd.DataFrame
    charts: Sequence[tuple[str | Path, str]] = ()
    meeting: str = ""
    author: str = ""
    background: str = ""
    sections: list[tuple[str, object]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        _text("title", self.title)
        _text("recommendation", self.recommendation)
        _text("decision", self.decision)
        if not self.estimates or not all(isinstance(e, Estimate) for e in self.estimates):
            raise InputValueError(
                "estimates", self.estimates, "a list of Estimate, each a figure with its interval"
            )
        if not isinstance(self.risks, pd.DataFrame):
            raise InputValueError("risks", type(self.risks).__name__, "a pandas DataFrame")
        require_columns(self.risks, "risks", ["Risk", "Mitigation"])
        self.assumptions = check_assumptions_log(self.assumptions)
        for image, alt in self.charts:
            if not Path(image).is_file():
                raise InputValueError("charts", str(image), "image files that exist")
            _text("alt text", alt)
        figures = pd.DataFrame(
            {
                "Figure": [e.label for e in self.estimates],
                "Estimate and interval": [e.text() for e in self.estimates],
                "Source": [e.source for e in self.estimates],
            }
        )
        self.sections = [
            ("Recommendation", self.recommendation),
            ("Decision asked for", self.decision),
            ("The figures, with their uncertainty", figures),
        ]
        if self.background.strip():
            self.sections.append(("Background", self.background.strip()))
        if self.charts:
            self.sections.append(("Charts", [(Path(p), alt) for p, alt in self.charts]))
        shown = self.assumptions.rename(columns={"LastReviewed": "Last reviewed"})
        self.sections += [("Risks", self.risks), ("Assumptions log", shown)]


# ---------------------------------------------------------------------------
# The direction
# ---------------------------------------------------------------------------


def direction_budget(
    budget: pd.DataFrame,
    year: str,
    to: str,
    value: str = "BudgetGBP",
) -> pd.DataFrame:
    """Return the budget a direction gives one body, by service area, with a total row.

    The health board is directed the health budget delegated to the integration joint board
    (``Health delegated``) and the sum set aside for large hospital services (``Health
    set-aside``, s.28 of the 2014 Act); the council is directed the social care budget
    (``Social care``).

    Parameters
    ----------
    budget
        The course's ``budget`` table (``FinancialYear``, ``ServiceArea``,
        ``FundingSource`` and ``value``).
    year
        The financial year, such as ``"2024/25"``.
    to
        ``"health board"``, ``"council"`` or ``"health board and council"``.
    value
        The money column.

    Returns
    -------
    pandas.DataFrame
        ``ServiceArea``, ``FundingSource`` and ``BudgetGBP`` (pounds), one row per service
        area, the last row ``Total``.

    Raises
    ------
    InputValueError
        If a column is missing, ``to`` is not one of the three bodies, or the year has no
        rows for that body.

    Examples
    --------
    >>> table = pd.DataFrame({"FinancialYear": ["2024/25"] * 3,
    ...     "ServiceArea": ["Acute", "Community", "Care homes"],
    ...     "FundingSource": ["Health set-aside", "Health delegated", "Social care"],
    ...     "BudgetGBP": [20, 50, 30]})
    >>> direction_budget(table, "2024/25", "health board")["BudgetGBP"].tolist()
    [20, 50, 70]
    """
    require_columns(budget, "budget", ["FinancialYear", "ServiceArea", "FundingSource", value])
    if to not in _BODIES:
        raise InputValueError("to", to, f"one of {', '.join(repr(b) for b in _BODIES)}")
    sources = {
        "health board": ("Health delegated", "Health set-aside"),
        "council": ("Social care",),
        "health board and council": ("Health delegated", "Health set-aside", "Social care"),
    }[to]
    rows = budget[
        (budget["FinancialYear"].astype(str) == str(year))
        & budget["FundingSource"].astype(str).isin(sources)
    ]
    if rows.empty:
        years = sorted(pd.unique(budget["FinancialYear"].astype(str)))
        raise InputValueError("year", year, f"a year with a budget for the {to}: one of {years}")
    table = rows[["ServiceArea", "FundingSource", value]].rename(columns={value: "BudgetGBP"})
    total = pd.DataFrame(
        [{"ServiceArea": "Total", "FundingSource": "", "BudgetGBP": table["BudgetGBP"].sum()}]
    )
    return pd.concat([table, total], ignore_index=True)


@dataclass
class Direction:
    """A draft direction from an integration joint board, with every element it must have.

    Parameters
    ----------
    reference
        The direction's reference and approval date, such as ``"LV-2026-07, approved
        3 December 2026"``.
    to
        ``"health board"``, ``"council"`` or ``"health board and council"``.
    functions
        The delegated functions, as the integration scheme names them.
    instructions
        How they are to be carried out: the services to provide or the outcomes to reach.
    budget
        :func:`direction_budget`'s table (its last row the total).
    budget_use
        How the budget is to be used (paid to the body, or an amount made available).
    supersedes
        The earlier direction this varies, revokes or replaces, or ``"None"``.
    strategic_plan
        The part of the strategic plan it puts into effect.
    outcomes
        What it is meant to achieve, measurably.
    monitoring
        How and how often delivery is reported to the board.
    review_date
        The date by which it is to be reviewed.
    partnership
        The integration joint board's name.

    Raises
    ------
    InputValueError
        If any element is blank, ``to`` is not one of the three bodies, or the budget table
        lacks its total.
    """

    reference: str
    to: str
    functions: str
    instructions: str
    budget: pd.DataFrame
    budget_use: str
    supersedes: str
    strategic_plan: str
    outcomes: str
    monitoring: str
    review_date: dt.date
    partnership: str = "Lochanvale Integration Joint Board"
    sections: list[tuple[str, object]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.to not in _BODIES:
            raise InputValueError("to", self.to, f"one of {', '.join(repr(b) for b in _BODIES)}")
        for name in (
            "reference",
            "functions",
            "instructions",
            "budget_use",
            "supersedes",
            "strategic_plan",
            "outcomes",
            "monitoring",
            "partnership",
        ):
            _text(name, getattr(self, name))
        if not isinstance(self.budget, pd.DataFrame):
            raise InputValueError("budget", type(self.budget).__name__, "direction_budget's table")
        require_columns(self.budget, "budget", ["ServiceArea", "BudgetGBP"])
        if self.budget.empty or self.budget["ServiceArea"].iloc[-1] != "Total":
            raise InputValueError("budget", "a table without a Total row", "direction_budget's")
        if not isinstance(self.review_date, dt.date):
            raise InputValueError("review_date", self.review_date, "a datetime.date")
        to_whom = {
            "health board": "NHS Lochanvale (the health board)",
            "council": "Lochanvale Council",
            "health board and council": "NHS Lochanvale and Lochanvale Council, jointly",
        }[self.to]
        money = self.budget.assign(
            BudgetGBP=[f"£{value:,.0f}" for value in self.budget["BudgetGBP"]]
        ).rename(
            columns={
                "ServiceArea": "Service area",
                "FundingSource": "Funding source",
                "BudgetGBP": "Budget",
            }
        )
        self.sections = [
            ("Reference", self.reference),
            ("Direction to", to_whom),
            ("Functions", self.functions),
            ("How the functions are to be carried out", self.instructions),
            ("Budget", (money, self.budget_use)),
            ("Supersedes", self.supersedes),
            ("Link to the strategic plan", self.strategic_plan),
            ("Outcomes", self.outcomes),
            ("Performance monitoring", self.monitoring),
            ("Review date", f"{self.review_date:%d %B %Y}".lstrip("0")),
        ]

    @property
    def total(self) -> float:
        """The direction's total budget, in pounds."""
        return float(self.budget["BudgetGBP"].iloc[-1])

    @property
    def title(self) -> str:
        """The direction's title."""
        return (
            f"Direction from {self.partnership} under sections 26 to 28 of the Public "
            "Bodies (Joint Working) (Scotland) Act 2014"
        )


# ---------------------------------------------------------------------------
# Writing Markdown and Word
# ---------------------------------------------------------------------------


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value).replace("|", "\\|").replace("\n", " ")


def _markdown_table(table: pd.DataFrame) -> str:
    head = "| " + " | ".join(_cell(c) for c in table.columns) + " |"
    rule = "| " + " | ".join("---" for _ in table.columns) + " |"
    body = ["| " + " | ".join(_cell(v) for v in row) + " |" for row in table.itertuples(False)]
    return "\n".join([head, rule, *body])


def _markdown(title: str, lead: str, sections: Sequence[tuple[str, object]]) -> str:
    parts = [f"# {title}", lead] if lead else [f"# {title}"]
    for heading, content in sections:
        parts.append(f"## {heading}")
        if isinstance(content, pd.DataFrame):
            parts.append(_markdown_table(content))
        elif isinstance(content, tuple):
            table, note = content
            parts += [_markdown_table(table), note]
        elif isinstance(content, list):
            parts += [f"![{alt}]({path.as_posix()})" for path, alt in content]
        else:
            parts.append(str(content))
    return "\n\n".join(parts) + "\n"


def _lead(paper: BoardPaper) -> str:
    fields = (("Meeting", paper.meeting), ("Author", paper.author))
    return "  \n".join(f"**{name}:** {value}" for name, value in fields if value)


def board_paper_markdown(paper: BoardPaper) -> str:
    """Return a board paper as Markdown, its sections in :class:`BoardPaper`'s order.

    Parameters
    ----------
    paper
        The paper.

    Returns
    -------
    str
        The Markdown text.
    """
    if not isinstance(paper, BoardPaper):
        raise InputValueError("paper", type(paper).__name__, "a BoardPaper")
    return _markdown(paper.title, _lead(paper), paper.sections)


def direction_markdown(direction: Direction) -> str:
    """Return a direction as Markdown, one heading per element of :data:`DIRECTION_ELEMENTS`.

    Parameters
    ----------
    direction
        The direction.

    Returns
    -------
    str
        The Markdown text.
    """
    if not isinstance(direction, Direction):
        raise InputValueError("direction", type(direction).__name__, "a Direction")
    return _markdown(direction.title, "DRAFT for approval", direction.sections)


def _word(title: str, lead: str, sections: Sequence[tuple[str, object]], path: Path) -> None:
    from docx import Document
    from docx.shared import Mm, Pt

    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(title, level=0)
    for line in lead.split("  \n"):
        if line:
            document.add_paragraph(line.replace("**", ""))

    def table(frame: pd.DataFrame) -> None:
        grid = document.add_table(rows=1, cols=len(frame.columns))
        grid.style = "Table Grid"
        for cell, name in zip(grid.rows[0].cells, frame.columns, strict=True):
            cell.text = str(name)
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for row in frame.itertuples(index=False):
            cells = grid.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = _cell(value)

    for heading, content in sections:
        document.add_heading(heading, level=1)
        if isinstance(content, pd.DataFrame):
            table(content)
        elif isinstance(content, tuple):
            table(content[0])
            document.add_paragraph(content[1])
        elif isinstance(content, list):
            for image, alt in content:
                if image.suffix.lower() != ".png":
                    document.add_paragraph(f"{alt} (see {image.name})")
                    continue
                shape = document.add_picture(str(image), width=Mm(160))
                shape._inline.docPr.set("descr", alt)
                document.add_paragraph(alt, style="Caption")
        else:
            document.add_paragraph(str(content))
    document.save(str(path))


def _target(path: str | Path) -> Path:
    target = Path(path)
    if target.suffix.lower() not in (".md", ".docx"):
        raise InputValueError("path", str(path), "a file name ending .md or .docx")
    if not target.parent.is_dir():
        raise InputValueError("path", str(path), "a path in a folder that exists")
    return target


def save_board_paper(paper: BoardPaper, path: str | Path) -> Path:
    """Write a board paper to Markdown (``.md``) or Word (``.docx``).

    Parameters
    ----------
    paper
        The paper.
    path
        The file to write; its suffix chooses the format.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    InputValueError
        If ``paper`` is not a :class:`BoardPaper`, or the suffix is neither ``.md`` nor
        ``.docx``, or the folder does not exist.
    """
    text = board_paper_markdown(paper)
    target = _target(path)
    if target.suffix.lower() == ".md":
        target.write_text(text, encoding="utf-8")
    else:
        _word(paper.title, _lead(paper), paper.sections, target)
    return target


def save_direction(direction: Direction, path: str | Path) -> Path:
    """Write a direction to Markdown (``.md``) or Word (``.docx``).

    Parameters
    ----------
    direction
        The direction.
    path
        The file to write; its suffix chooses the format.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    InputValueError
        As for :func:`save_board_paper`.
    """
    text = direction_markdown(direction)
    target = _target(path)
    if target.suffix.lower() == ".md":
        target.write_text(text, encoding="utf-8")
    else:
        _word(direction.title, "DRAFT for approval", direction.sections, target)
    return target
