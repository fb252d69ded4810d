"""HTML pages from grading: feedback for each learner, a report and reflections to mark.

Every page is a single self-contained HTML file: its styles are in the page and its
charts are embedded in it as SVG images, so it needs no network and no other file.
Pages are written from Jinja2 templates (in this package's ``templates`` folder)
with autoescaping on, because learners' text and feedback messages may hold anything,
``<script>`` included.

The pages show only what they are given. In particular a learner's feedback page
shows only the fields of each :class:`~planlab.grading.model.QuestionResult`, so it
cannot reveal hidden checks or expected values unless a message or hint holds them.
"""

from __future__ import annotations

import base64
import io
import re
import statistics
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
import matplotlib
import numpy as np
from markdown_it import MarkdownIt
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from planlab.grading.gradebook import format_number
from planlab.grading.model import QuestionResult, Status, SubmissionResult

__all__ = [
    "ALT_TEXT_QUESTIONS",
    "BAR_COLOUR",
    "CHART_STYLE",
    "EDGE_COLOUR",
    "REFLECTION_KEYS",
    "STATUS_WORDS",
    "TOP_MESSAGES",
    "Chart",
    "render_markdown",
    "render_page",
    "render_text",
    "safe_file_stem",
    "write_feedback",
    "write_report",
]

#: How each status is named on the pages, and what it means, in plain words.
STATUS_WORDS: dict[Status, tuple[str, str]] = {
    Status.GRADED: ("Marked", "The notebook ran to its end and its answers were marked."),
    Status.NOT_ATTEMPTED: (
        "Not attempted",
        "The notebook came back with no answers filled in, so there was nothing to mark.",
    ),
    Status.MISSING: (
        "Not submitted",
        "No notebook from this learner was found among the submissions.",
    ),
    Status.MALFORMED: (
        "Could not be read",
        "The file is not a notebook that could be opened, so nothing was marked.",
    ),
    Status.TIMEOUT: (
        "Took too long",
        "The notebook was stopped because it ran for longer than allowed.",
    ),
    Status.CRASHED: (
        "Stopped unexpectedly",
        "Python stopped before the notebook reached its end.",
    ),
    Status.MEMORY: (
        "Ran out of memory",
        "The notebook used more memory than allowed, so it was stopped.",
    ),
}
#: Commonest failure messages shown per question in the report.
TOP_MESSAGES = 3
#: Bar and outline colours of the charts (NHS blue and near-black, for contrast).
BAR_COLOUR = "#005eb8"
#: Outline and text colour of the charts (near-black).
EDGE_COLOUR = "#212b32"
#: Questions named one by one in a chart's alternative text; beyond this, a summary.
ALT_TEXT_QUESTIONS = 15
#: Matplotlib settings for every chart: readable text, and the same SVG for the same data.
CHART_STYLE: dict[Any, Any] = {
    "font.size": 11,
    "axes.titlesize": 13,
    "text.color": EDGE_COLOUR,
    "axes.labelcolor": EDGE_COLOUR,
    "xtick.color": EDGE_COLOUR,
    "ytick.color": EDGE_COLOUR,
    "svg.hashsalt": "planlab",
    "svg.fonttype": "path",
}
#: What a reflective question's page shows of it.
REFLECTION_KEYS = ("id", "prompt", "points", "rubric")


@dataclass(frozen=True)
class Chart:
    """A chart ready to embed in a page.

    Parameters
    ----------
    src
        The image as a ``data:`` URI (SVG, base64-encoded).
    alt
        Alternative text saying what the chart shows, for screen readers.
    caption
        Visible caption.
    width, height
        Display size in CSS pixels.
    """

    src: str
    alt: str
    caption: str
    width: int
    height: int


# --- templates ----------------------------------------------------------------------


@cache
def _environment() -> jinja2.Environment:
    """Return the template environment: package templates, autoescaping always on."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("planlab.grading", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.globals["number"] = format_number
    environment.filters["markdown"] = render_markdown
    return environment


@cache
def _markdown() -> MarkdownIt:
    """CommonMark with raw HTML switched off: learners' text is never trusted as HTML."""
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def render_markdown(text: str) -> markupsafe.Markup:
    """Render Markdown (a question's wording, a learner's answer) as safe HTML.

    Raw HTML in the text is shown as text, not run, and links keep only safe schemes
    (markdown-it's own validation refuses ``javascript:`` and similar).
    """
    return markupsafe.Markup(_markdown().render(str(text)))


def render_text(template: str, **context: Any) -> str:
    """Render one of the package's page templates to text (autoescaping on)."""
    return _environment().get_template(template).render(**context)


def render_page(path: Path, template: str, **context: Any) -> Path:
    """Render one of the package's page templates into ``path``, making its folder if needed."""
    html = render_text(template, **context)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path


def safe_file_stem(name: str) -> str:
    """Turn a learner or question id into a file name that stays in its folder.

    Parameters
    ----------
    name
        The id.

    Returns
    -------
    str
        The id with anything but letters, digits, spaces, ``.``, ``_`` and ``-``
        replaced by ``_``, and without leading dots or spaces.
    """
    stem = re.sub(r"[^\w .-]", "_", name).lstrip(". ").rstrip()
    return stem or "unnamed"


def _status_words(status: Status) -> dict[str, str]:
    """Return a status's label and meaning for a template."""
    label, meaning = STATUS_WORDS[Status(status)]
    return {"label": label, "meaning": meaning}


# --- a learner's feedback -----------------------------------------------------------


def write_feedback(result: SubmissionResult, exercise_title: str, out_dir: Path) -> Path:
    """Write one learner's feedback page.

    Parameters
    ----------
    result
        The learner's result; only its fields are shown.
    exercise_title
        The exercise's title, for the heading.
    out_dir
        The output folder; the page goes in its ``feedback`` sub-folder.

    Returns
    -------
    Path
        ``out_dir/feedback/<learner>.html`` (see :func:`safe_file_stem` for unusual ids).
    """
    path = Path(out_dir) / "feedback" / f"{safe_file_stem(result.learner)}.html"
    return render_page(
        path,
        "feedback.html",
        result=result,
        status=_status_words(result.status),
        exercise_title=exercise_title,
    )


# --- the trainers' report -----------------------------------------------------------


def write_report(
    results: list[SubmissionResult],
    exercise_title: str,
    question_ids: list[str],
    out_dir: Path,
    labels: Mapping[str, str] | None = None,
) -> Path:
    """Write the trainers' report on how a class did on one exercise.

    Parameters
    ----------
    results
        Every learner's result.
    exercise_title
        The exercise's title.
    question_ids
        The exercise's questions, in order.
    out_dir
        The output folder.
    labels
        Each question's title as learners saw it, by id; the id where absent.

    Returns
    -------
    Path
        ``out_dir/report.html``: counts by status, a histogram of total scores, the
        share of learners with full marks on each question (chart and table) and the
        commonest messages for answers without full marks. Scores count only the
        submissions that were marked (status ``graded``); a trainer's mark not yet
        given is counted as awaited, never as wrong.
    """
    graded = [result for result in results if result.status == Status.GRADED]
    rates = _pass_rates(graded, question_ids, dict(labels or {}))
    with matplotlib.rc_context(CHART_STYLE):
        score_chart = _score_histogram(graded) if graded else None
        charted = [row for row in rates if row["marked"]]
        pass_chart = _pass_rate_chart(charted, len(graded)) if graded and charted else None
    return render_page(
        Path(out_dir) / "report.html",
        "report.html",
        exercise_title=exercise_title,
        total=len(results),
        graded=len(graded),
        status_counts=_status_counts(results),
        score_chart=score_chart,
        pass_chart=pass_chart,
        pass_rates=rates,
        failures=_commonest_failures(graded, question_ids, dict(labels or {})),
        top=TOP_MESSAGES,
        awaiting=sum(bool(result.awaiting) for result in graded),
    )


def _status_counts(results: list[SubmissionResult]) -> list[dict[str, Any]]:
    """Count results by status, listing every status (zeros included)."""
    counts = Counter(Status(result.status) for result in results)
    return [{**_status_words(status), "count": counts[status]} for status in Status]


def _question_in(result: SubmissionResult, question_id: str) -> QuestionResult | None:
    return next((q for q in result.questions if q.question == question_id), None)


def _pass_rates(
    graded: list[SubmissionResult], question_ids: list[str], labels: dict[str, str]
) -> list[dict[str, Any]]:
    """Return, per question, how many learners with a mark had full marks, and how many wait."""
    rows = []
    for question_id in question_ids:
        found = [_question_in(result, question_id) for result in graded]
        marked = [q for q in found if q is not None and q.score is not None]
        full = sum(q.score >= q.points - 1e-9 for q in marked if q.score is not None)
        share = 100 * full / len(marked) if marked else 0.0
        rows.append(
            {
                "question": labels.get(question_id, question_id),
                "short": labels.get(question_id, question_id).split(":")[0],
                "id": question_id,
                "full": full,
                "marked": len(marked),
                "awaiting": sum(q is not None and q.score is None for q in found),
                "share": share,
                "percent": f"{share:.0f}" if marked else "",
            }
        )
    return rows


def _commonest_failures(
    graded: list[SubmissionResult], question_ids: list[str], labels: dict[str, str]
) -> list[dict[str, Any]]:
    """Return the commonest messages per question among marked answers without full marks."""
    rows: list[dict[str, Any]] = []
    for question_id in question_ids:
        messages = Counter(
            question.message.strip() or "(no message)"
            for result in graded
            for question in result.questions
            if question.question == question_id
            and question.score is not None
            and question.score < question.points - 1e-9
        )
        ranked = sorted(messages.items(), key=lambda item: (-item[1], item[0]))
        rows.extend(
            {"question": labels.get(question_id, question_id), "message": message, "count": count}
            for message, count in ranked[:TOP_MESSAGES]
        )
    return rows


# --- charts -------------------------------------------------------------------------


def _chart_from_figure(figure: Figure, alt: str, caption: str) -> Chart:
    """Render a figure as an SVG ``data:`` URI; under ``CHART_STYLE`` the bytes repeat."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    width, height = figure.get_size_inches()
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return Chart(
        src=f"data:image/svg+xml;base64,{encoded}",
        alt=alt,
        caption=caption,
        width=round(width * 96),
        height=round(height * 96),
    )


def _new_axes(width: float, height: float, title: str, xlabel: str, ylabel: str) -> Any:
    """Make a figure (without pyplot, so no global state) with one titled, labelled axes."""
    figure = Figure(figsize=(width, height), layout="constrained")
    axes = figure.add_subplot()
    axes.set_title(title)
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.spines[["top", "right"]].set_visible(False)
    return axes


def _score_bins(top: float) -> np.ndarray:
    """Choose histogram bins: one per whole point for small totals, else ten."""
    if top <= 40 and float(top).is_integer():
        return np.arange(-0.5, top + 1.0, 1.0)
    return np.linspace(0.0, top, 11)


def _score_histogram(graded: list[SubmissionResult]) -> Chart:
    """Chart the distribution of the marked learners' total scores."""
    scores = [float(result.score) for result in graded]
    top = max([float(result.max_score) for result in graded] + scores + [1.0])
    count = len(scores)
    learners = f"{count} marked learner" + ("" if count == 1 else "s")
    axes = _new_axes(
        8,
        4.5,
        f"Distribution of total scores ({learners})",
        f"Total score (points, out of {format_number(top)})",
        "Learners (count)",
    )
    axes.hist(scores, bins=_score_bins(top), color=BAR_COLOUR, edgecolor=EDGE_COLOUR)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlim(left=min(0.0, *scores) - 0.5, right=top + 0.5)
    summary = (
        f"lowest {format_number(min(scores))}, median "
        f"{format_number(statistics.median(scores))}, highest {format_number(max(scores))}"
    )
    return _chart_from_figure(
        axes.figure,
        alt=f"Histogram of the total scores of {learners}, out of {format_number(top)} "
        f"points: {summary}.",
        caption=f"Total scores of the {learners} ({summary}). Submissions that could not "
        "be marked are left out.",
    )


def _pass_rate_chart(rates: list[dict[str, Any]], graded: int) -> Chart:
    """Chart, per question, the share of marked learners with full marks."""
    questions = [row["short"] for row in rates]
    shares = [row["share"] for row in rates]
    axes = _new_axes(
        8,
        1.6 + 0.45 * len(rates),
        "Share of marked learners with full marks, by question",
        "Learners with full marks (%)",
        "Question",
    )
    positions = np.arange(len(rates))
    bars = axes.barh(positions, shares, color=BAR_COLOUR, edgecolor=EDGE_COLOUR)
    axes.bar_label(bars, labels=[f"{row['percent']}%" for row in rates], padding=3)
    axes.set_yticks(positions, labels=questions)
    axes.invert_yaxis()  # first question at the top, as in the table
    axes.set_xlim(0, 100)
    if len(rates) <= ALT_TEXT_QUESTIONS:
        detail = "; ".join(f"{row['short']} {row['percent']}%" for row in rates)
    else:
        lowest = min(rates, key=lambda row: row["share"])
        highest = max(rates, key=lambda row: row["share"])
        detail = (
            f"lowest {lowest['short']} {lowest['percent']}%, "
            f"highest {highest['short']} {highest['percent']}%"
        )
    return _chart_from_figure(
        axes.figure,
        alt=f"Bar chart of the percentage of the {graded} marked learners with full marks "
        f"on each of {len(rates)} questions: {detail}.",
        caption="Percentage of marked learners with full marks on each question. The "
        "table below gives the same figures.",
    )
