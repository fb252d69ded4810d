"""The marking screen, for real: a server on 127.0.0.1, marks posted with urllib, pages remade."""

from __future__ import annotations

import csv
import html
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest

from planlab.grading.grade import grade
from planlab.grading.gradebook import Gradebook
from planlab.grading.markingscreen import MarkingScreen
from planlab.grading.spec import read_exercise
from tests.grading.cohort import SOLUTION
from tests.grading.conftest import PLATFORM_LIMITS
from tests.grading.platform_cohort import ROSTER, UNA_ANSWER

EXERCISE = read_exercise(SOLUTION)
FORM = re.compile(
    r'name="label" value="(Answer \d+)">\s*'
    r'<input type="hidden" name="answer_id" value="([0-9a-f]*)"'
)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


@pytest.fixture
def screen(cohort_copy) -> Iterator[MarkingScreen]:
    running = MarkingScreen(EXERCISE, cohort_copy.out)
    running.start()
    yield running
    running.close()


def get(screen: MarkingScreen, path: str) -> str:
    with urllib.request.urlopen(screen.url.rstrip("/") + path, timeout=10) as response:
        return response.read().decode("utf-8")


def post(screen: MarkingScreen, path: str, fields: dict[str, str], headers=None) -> tuple[int, str]:
    data = urllib.parse.urlencode(fields).encode("utf-8")
    request = urllib.request.Request(
        screen.url.rstrip("/") + path, data=data, method="POST", headers=headers or {}
    )
    try:
        with OPENER.open(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def answers_on(page: str) -> dict[str, str]:
    """Each markable answer's label and the answer id its form carries."""
    return dict(FORM.findall(page))


def stored_marks(screen: MarkingScreen) -> dict[str, float]:
    with Gradebook(screen.out / "gradebook.sqlite") as book:
        return {learner: mark.mark for (learner, _), mark in book.marks("example-beds").items()}


def test_the_question_page_is_anonymous_escaped_flagged_and_shows_blanks(screen) -> None:
    page = get(screen, "/question/q6")
    for line in ROSTER.splitlines()[1:]:
        learner, name = line.split(",")[:2]
        assert learner not in page
        assert name not in page
    assert "<script>alert" not in page
    assert html.escape("<script>alert('marked')</script>", quote=False) in page
    assert "<strong>Plan for about 85%</strong>" in page
    assert "Rubric" in page
    assert "rubric" in page
    # Farah, Amy and Kim handed in the same model answer; each is flagged against the others.
    assert page.count("Identical or nearly identical to") == 3
    # Tom (not attempted) and Sam (placeholder left) wrote nothing: shown blank, no form.
    assert page.count("No answer was given.") == 2
    assert len(answers_on(page)) == 4
    overview = get(screen, "/")
    assert 'href="/question/q6"' in overview


def test_each_mark_is_saved_in_the_gradebook_as_it_is_entered(screen) -> None:
    page = get(screen, "/question/q6")
    answers = answers_on(page)
    for count, (label, answer_id) in enumerate(sorted(answers.items()), start=1):
        status, _ = post(
            screen,
            "/question/q6",
            {
                "token": screen.token,
                "label": label,
                "answer_id": answer_id,
                "mark": "2",
                "comment": f"Comment for {label}",
                "action": "save",
            },
        )
        assert status == 303
        assert len(stored_marks(screen)) == count  # saved at once, not at the end
    assert set(stored_marks(screen)) == {"amy.lee", "farah.ali", "kim.ng", "una.mcrae"}
    assert "2 saved" in get(screen, "/question/q6?saved=Answer+1%3A+2+saved.")


def test_a_wrong_mark_a_forged_form_and_another_host_save_nothing(screen) -> None:
    label, answer_id = next(iter(answers_on(get(screen, "/question/q6")).items()))
    fields = {"token": screen.token, "label": label, "answer_id": answer_id, "mark": "7"}
    status, page = post(screen, "/question/q6", fields)
    assert status == 400
    assert "must be from 0 to 3" in page
    status, _ = post(screen, "/question/q6", {**fields, "mark": "2", "token": "guess"})
    assert status == 403
    status, _ = post(screen, "/question/q6", {**fields, "mark": "2"}, {"Host": "evil.example"})
    assert status == 403
    status, page = post(screen, "/question/q6", {**fields, "mark": "2", "answer_id": "0" * 12})
    assert status == 400
    assert "has changed since this page was shown" in page
    assert stored_marks(screen) == {}


def test_one_button_brings_feedback_report_and_csv_up_to_date(screen) -> None:
    answers = answers_on(get(screen, "/question/q6"))
    una_label = next(
        label
        for label in answers
        if "Plan for about 85%" in get(screen, "/question/q6").split(f">{label}")[1][:400]
    )
    for label, answer_id in answers.items():
        mark = "3" if label == una_label else "1.5"
        post(
            screen,
            "/question/q6",
            {
                "token": screen.token,
                "label": label,
                "answer_id": answer_id,
                "mark": mark,
                "comment": "Clear advice for the board",
            },
        )
    status, _ = post(screen, "/refresh", {"token": screen.token})
    assert status == 303
    feedback = (screen.out / "feedback" / "una.mcrae.html").read_text(encoding="utf-8")
    assert "Clear advice for the board" in feedback
    assert "Total score: <strong>12 out of 12</strong>" in feedback
    with (screen.out / "gradebook.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["learner"]: row for row in csv.DictReader(handle)}
    assert (rows["una.mcrae"]["q6"], rows["una.mcrae"]["score"]) == ("3", "12")
    assert rows["farah.ali"]["q6"] == "1.5"
    assert rows["farah.ali"]["awaiting_marks"] == "0"
    report = (screen.out / "report.html").read_text(encoding="utf-8")
    assert "await" not in report.split("Question 6")[-1][:300]


def test_marks_from_the_screen_survive_grading_again(screen, cohort_copy) -> None:
    label, answer_id = next(iter(answers_on(get(screen, "/question/q6")).items()))
    post(
        screen,
        "/question/q6",
        {"token": screen.token, "label": label, "answer_id": answer_id, "mark": "2.5"},
    )
    before = stored_marks(screen)
    summary = grade(
        SOLUTION,
        cohort_copy.submissions,
        cohort_copy.out,
        limits=PLATFORM_LIMITS,
        roster_path=cohort_copy.roster,
        progress=False,
    )
    assert summary.graded_now == 0
    assert stored_marks(screen) == before
    [learner] = before
    result = next(r for r in summary.results if r.learner == learner)
    assert next(q.score for q in result.questions if q.question == "q6") == 2.5


def test_the_command_refuses_a_folder_with_no_gradebook(tmp_path) -> None:
    from click.testing import CliRunner

    from planlab.cli import main

    result = CliRunner().invoke(
        main, ["mark", str(SOLUTION), "--out", str(tmp_path), "--no-browser"]
    )
    assert result.exit_code == 1
    assert "holds no gradebook" in result.output
    assert UNA_ANSWER  # the fixture cohort's hostile answer is what the screen escapes


@pytest.mark.parametrize("path", ["/", "/question/q6"])
def test_the_pages_are_structured_for_screen_readers_and_run_no_script(
    screen, path, tmp_path
) -> None:
    from tests.grading.test_feedback import structure

    saved = tmp_path / "page.html"
    saved.write_text(get(screen, path), encoding="utf-8")
    page = structure(saved)
    assert page.lang == "en"
    assert page.headings[0] == 1
    assert page.headings.count(1) == 1
    steps = zip(page.headings, page.headings[1:], strict=False)
    assert all(after <= before + 1 for before, after in steps)
    assert page.scripts == 0


def test_refresh_brings_the_pages_up_to_date_from_the_command_line(cohort_copy) -> None:
    from click.testing import CliRunner

    from planlab.cli import main

    with Gradebook(cohort_copy.out / "gradebook.sqlite") as book:
        book.set_mark("example-beds", "una.mcrae", "q6", 3, "Well argued", "")
    result = CliRunner().invoke(main, ["refresh", str(SOLUTION), "--out", str(cohort_copy.out)])
    assert result.exit_code == 0, result.output
    page = (cohort_copy.out / "feedback" / "una.mcrae.html").read_text(encoding="utf-8")
    assert "Well argued" in page
