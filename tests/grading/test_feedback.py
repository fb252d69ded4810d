"""HTML pages from grading: learners' feedback, the trainers' report and reflections."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser
from pathlib import Path

from planlab.grading.feedback import (
    safe_file_stem,
    write_feedback,
    write_report,
)
from planlab.grading.model import QuestionResult, Status, SubmissionResult

SCRIPT = "<script>alert('stolen')</script>"
QUESTIONS = ["q1", "q2", "reflect"]


def question(
    qid: str, score: float, points: float = 2.0, message: str = "Correct."
) -> QuestionResult:
    return QuestionResult(qid, "number", points, score, message, "Give a whole number of beds.")


def result(
    learner: str, scores: tuple[float, float, float], status: Status = Status.GRADED
) -> SubmissionResult:
    messages = (
        "Correct." if score == 2.0 else "Not the expected number of beds." for score in scores
    )
    questions = [
        question(qid, score, message=message)
        for qid, score, message in zip(QUESTIONS, scores, messages, strict=True)
    ]
    return SubmissionResult(learner, status, "", 6.0, questions, f"sha-{learner}", 2.0)


class PageStructure(HTMLParser):
    """Collect what the accessibility checks need from a page."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.headings: list[int] = []
        self.th_scopes: list[str | None] = []
        self.images: list[dict[str, str | None]] = []
        self.scripts = 0
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang") or ""
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "th":
            self.th_scopes.append(found.get("scope"))
        elif tag == "img":
            self.images.append(found)
        elif tag == "script":
            self.scripts += 1
        elif tag == "link":
            self.links.append(found.get("href") or "")


def structure(path: Path) -> PageStructure:
    parser = PageStructure()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def assert_accessible(page: PageStructure) -> None:
    assert page.lang == "en"
    assert page.headings[0] == 1
    assert page.headings.count(1) == 1
    # Headings never skip a level on the way down.
    steps = zip(page.headings, page.headings[1:], strict=False)
    assert all(after <= before + 1 for before, after in steps)
    assert all(scope in {"col", "row"} for scope in page.th_scopes)
    assert page.scripts == 0
    assert page.links == []


def test_feedback_shows_each_question_and_escapes_learner_text(tmp_path: Path) -> None:
    hostile = SubmissionResult(
        learner="alice",
        status=Status.GRADED,
        reason="",
        max_score=4.0,
        questions=[
            QuestionResult("q1", "number", 2.0, 2.0, "Correct.", ""),
            QuestionResult("q2", "text", 2.0, 0.5, f"You wrote {SCRIPT}", "Use words & numbers"),
        ],
        source_sha256="abc",
    )
    path = write_feedback(hostile, "Beds & occupancy <week 1>", tmp_path)
    assert path == tmp_path / "feedback" / "alice.html"
    html = path.read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#39;stolen&#39;)&lt;/script&gt;" in html
    assert "Beds &amp; occupancy &lt;week 1&gt;" in html
    assert "Use words &amp; numbers" in html
    assert "2.5 out of 4" in html
    for text in ("q1", "q2", "Correct.", "Marked"):
        assert text in html
    assert_accessible(structure(path))


def test_feedback_shows_only_what_is_in_the_result(tmp_path: Path) -> None:
    bare = SubmissionResult(
        "bob", Status.GRADED, "", 2.0, [QuestionResult("q1", "number", 2.0, 0.0, "", "")], "x"
    )
    html = write_feedback(bare, "Week 1", tmp_path).read_text(encoding="utf-8")
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html, flags=re.DOTALL)
    assert cells == ["2", "0", "", ""]


def test_feedback_explains_a_submission_that_was_not_marked(tmp_path: Path) -> None:
    stopped = SubmissionResult(
        "carol", Status.TIMEOUT, "Cell 4 ran for more than 60 seconds.", 6.0, [], "x"
    )
    html = write_feedback(stopped, "Week 1", tmp_path).read_text(encoding="utf-8")
    assert "Took too long" in html
    assert "Cell 4 ran for more than 60 seconds." in html
    assert "No question could be marked" in html


def test_an_odd_learner_id_cannot_write_outside_the_feedback_folder(tmp_path: Path) -> None:
    odd = SubmissionResult("../../evil", Status.GRADED, "", 0.0, [], "x")
    path = write_feedback(odd, "Week 1", tmp_path)
    assert path.parent == tmp_path / "feedback"
    assert safe_file_stem("..") == "unnamed"
    assert safe_file_stem("Alice Smith-2") == "Alice Smith-2"


def embedded_svgs(page: PageStructure) -> list[str]:
    prefix = "data:image/svg+xml;base64,"
    sources = [image["src"] or "" for image in page.images]
    assert all(source.startswith(prefix) for source in sources)
    return [base64.b64decode(source[len(prefix) :]).decode("utf-8") for source in sources]


def test_the_report_has_counts_inline_charts_and_no_external_assets(tmp_path: Path) -> None:
    results = [
        result("alice", (2.0, 2.0, 2.0)),
        result("bob", (2.0, 0.0, 2.0)),
        result("carol", (0.0, 0.0, 2.0)),
        result("dan", (2.0, 0.0, 0.0)),
        SubmissionResult("erin", Status.TIMEOUT, "Too slow.", 6.0, [], "x"),
        SubmissionResult("fay", Status.MALFORMED, "Not JSON.", 6.0, [], "y"),
    ]
    results[1].questions[1] = question("q2", 0.0, message=SCRIPT)
    path = write_report(results, "Beds and occupancy", QUESTIONS, tmp_path)
    assert path == tmp_path / "report.html"
    html = path.read_text(encoding="utf-8")
    page = structure(path)
    assert_accessible(page)

    assert "http" not in html
    assert "<script" not in html
    assert not re.search(r"""(src|href)=["'](?!data:)""", html)

    # Two charts, embedded, each with alternative text, a title and labelled axes.
    assert len(page.images) == 2
    assert all(image["alt"] for image in page.images)
    histogram, bars = embedded_svgs(page)
    assert "Histogram of the total scores of 4 marked learners" in (page.images[0]["alt"] or "")
    assert "q1 75%; q2 25%; reflect 75%" in (page.images[1]["alt"] or "")
    for svg in (histogram, bars):
        assert svg.lstrip().startswith("<?xml")
        assert "<svg" in svg

    # Counts by status, in a table.
    status_table = html[: html.index("</table>")]
    row = r'<th scope="row">([^<]+)</th>\s*<td>[^<]*</td>\s*<td class="number">(\d+)'
    rows = dict(re.findall(row, status_table))
    assert rows == {
        "Marked": "4",
        "Not attempted": "0",
        "Not submitted": "0",
        "Could not be read": "1",
        "Took too long": "1",
        "Stopped unexpectedly": "0",
        "Ran out of memory": "0",
    }
    # Full-mark shares per question, and the commonest failure messages with counts.
    assert re.search(
        r'q2</th>\s*<td class="number">1</td>\s*<td class="number">4</td>\s*'
        r'<td class="number">25%</td>\s*<td class="number">0</td>',
        html,
    )
    assert re.search(
        r'q2</th>\s*<td>Not the expected number of beds.</td>\s*<td class="number">2</td>', html
    )
    assert "&lt;script&gt;" in html
    assert "<script>" not in html


def test_a_report_with_nothing_marked_says_so_without_charts(tmp_path: Path) -> None:
    results = [SubmissionResult("erin", Status.CRASHED, "It stopped.", 6.0, [], "x")]
    path = write_report(results, "Week 1", QUESTIONS, tmp_path)
    html = path.read_text(encoding="utf-8")
    assert "<img" not in html
    assert "no scores to show" in html
    assert_accessible(structure(path))


def test_a_report_with_many_questions_and_fractional_scores_is_written(tmp_path: Path) -> None:
    many = [f"q{number}" for number in range(30)]
    results = [
        SubmissionResult(
            f"learner{index}",
            Status.GRADED,
            "",
            22.5,
            [QuestionResult(qid, "number", 0.75, 0.75 * (index % 2), "m", "") for qid in many],
            "x",
        )
        for index in range(12)
    ]
    html = write_report(results, "Week 1", many, tmp_path).read_text(encoding="utf-8")
    page = structure(tmp_path / "report.html")
    assert len(page.images) == 2
    assert "lowest q0 50%" in (page.images[1]["alt"] or "")
    assert "out of 22.5" in html


def test_the_report_is_the_same_for_the_same_results(tmp_path: Path) -> None:
    results = [result("alice", (2.0, 1.0, 0.0)), result("bob", (2.0, 2.0, 2.0))]
    first = write_report(results, "Week 1", QUESTIONS, tmp_path / "one").read_bytes()
    second = write_report(results, "Week 1", QUESTIONS, tmp_path / "two").read_bytes()
    assert first == second


def pending_result(learner: str, auto: float) -> SubmissionResult:
    questions = [
        QuestionResult(
            "q1",
            "number",
            2.0,
            auto,
            "Right." if auto else "Not right yet.",
            "",
            "Question 1: the crude rate",
        ),
        QuestionResult(
            "q2",
            "reflection",
            3.0,
            None,
            "Awaiting your trainer's mark against the rubric.",
            "",
            "Question 2: advice to the board",
        ),
    ]
    return SubmissionResult(learner, Status.GRADED, "", 5.0, questions, f"sha-{learner}")


def test_a_mark_not_yet_given_is_shown_as_awaited_never_as_zero(tmp_path: Path) -> None:
    html = write_feedback(pending_result("ann", 2.0), "Week 1", tmp_path).read_text("utf-8")
    assert "Marked so far: <strong>2 out of 2</strong> points." in html
    assert "3 more points (1 question) await your trainer's mark." in html
    assert '<td class="pending">awaiting your trainer\'s mark</td>' in html
    assert "Question 2: advice to the board" in html
    assert "Total score" not in html
    assert "How marks are given" in html


def test_the_report_does_not_count_a_mark_not_yet_given_as_wrong(tmp_path: Path) -> None:
    results = [pending_result("ann", 2.0), pending_result("ben", 0.0)]
    labels = {"q1": "Question 1: the crude rate", "q2": "Question 2: advice to the board"}
    html = write_report(results, "Week 1", ["q1", "q2"], tmp_path, labels).read_text("utf-8")
    assert re.search(
        r'Question 2: advice to the board</th>\s*<td class="number">0</td>\s*'
        r'<td class="number">0</td>\s*<td class="number">not marked yet</td>\s*'
        r'<td class="number">2</td>',
        html,
    )
    failures = html[html.index("Commonest feedback") :]
    assert "Awaiting" not in failures
    assert "Not right yet." in failures
    assert "2 learners still have answers awaiting your mark" in html
