"""The marking screen: a local web page for marking reflective answers, one question at a time.

``planlab mark`` serves it from this computer only (``127.0.0.1``), with Python's own
``http.server``: nothing to install and nothing reachable from the network. For each
reflective question it shows every learner's answer (Markdown rendered, the learner's
text escaped, never run), with the rubric beside it. Answers are anonymous by default
(labelled as on the reflections page, in an order that does not follow the learners),
identical or near-identical answers are flagged, and a blank answer is shown as blank,
with nothing to mark.

Each mark is saved in the gradebook database the moment it is entered
(:meth:`planlab.grading.gradebook.Gradebook.set_mark`), with the id of the answer it
marks, so a later change to the answer is flagged. One button (and closing the screen)
brings the feedback pages, report and ``gradebook.csv`` up to date
(:func:`planlab.grading.grade.refresh_pages`).

Only this screen can post to itself: every form carries a secret made when the screen
starts, and requests naming another host are refused.
"""

from __future__ import annotations

import math
import secrets
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from planlab.grading.export import open_gradebook
from planlab.grading.feedback import render_text
from planlab.grading.grade import question_prompt, refresh_pages
from planlab.grading.gradebook import format_number
from planlab.grading.model import Status
from planlab.grading.reflections import Answer, label_answers
from planlab.grading.spec import Exercise, Question

__all__ = ["MarkingScreen", "SaveResult", "save_mark"]

#: Statuses whose reflective answers can be marked (the others have no answer to read).
MARKABLE = frozenset(Status) - {Status.MISSING, Status.MALFORMED}
#: The most a form may send, in bytes: a mark and a long comment.
MAX_FORM_BYTES = 64 * 1024
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class SaveResult:
    """What happened to one mark the trainer entered."""

    ok: bool
    message: str
    #: The answer's place on its page (``answer-3``), to return the trainer to it.
    anchor: str = ""


def _answers(
    exercise: Exercise, out: Path, question: Question, *, flag_alike: bool = True
) -> list[Answer]:
    """Return every markable learner's answer to one question, labelled, with marks and flags."""
    with open_gradebook(out) as book:
        results = book.results(exercise.id)
        marks = book.marks(exercise.id)
    texts = {
        result.learner: next((q.answer for q in result.questions if q.question == question.id), "")
        for result in results
        if result.status in MARKABLE
    }
    return label_answers(question.id, texts, marks, flag_alike=flag_alike)


def _read_mark(text: str, points: float) -> tuple[float | None, str]:
    """Read a mark typed by the trainer: the number, or why it cannot be used."""
    try:
        mark = float(text.strip().replace(",", "."))
    except ValueError:
        return None, f"the mark {text.strip()!r} is not a number; type a number such as 2 or 1.5"
    if not math.isfinite(mark) or not 0 <= mark <= points:
        return None, f"the mark must be from 0 to {format_number(points)}"
    return mark, ""


def save_mark(
    exercise: Exercise,
    out: Path,
    question_id: str,
    label: str,
    answer_id: str,
    mark_text: str,
    comment: str = "",
) -> SaveResult:
    """Save (or, with a blank mark, remove) a trainer's mark for one anonymous answer.

    Parameters
    ----------
    exercise
        The exercise.
    out
        The grading folder.
    question_id
        The reflective question.
    label
        The answer's anonymous label, such as ``"Answer 3"``.
    answer_id
        The id of the answer as the trainer saw it; if the answer has changed since,
        nothing is saved and the trainer is asked to look again.
    mark_text
        The mark as typed; blank removes the mark.
    comment
        A comment for the learner.

    Returns
    -------
    SaveResult
        Whether it was saved, and a sentence saying what happened.
    """
    question = next((q for q in exercise.questions if q.id == question_id), None)
    if question is None or not question.is_reflective:
        return SaveResult(False, f"{question_id!r} is not a question you mark.")
    answers = _answers(exercise, out, question, flag_alike=False)
    place = next((n for n, a in enumerate(answers, start=1) if a.label == label), 0)
    answer = answers[place - 1] if place else None
    if answer is None or answer.answer_id != answer_id:
        return SaveResult(
            False,
            f"{label} has changed since this page was shown, so nothing was saved. "
            "Read it again and enter your mark.",
        )
    if answer.blank:
        return SaveResult(False, f"{label} is blank: it scores 0 and has nothing to mark.")
    mark: float | None = None
    if mark_text.strip():
        mark, why = _read_mark(mark_text, question.points)
        if why:
            return SaveResult(False, f"{label}: nothing was saved, because {why}.")
    with open_gradebook(out) as book:
        book.set_mark(exercise.id, answer.learner, question.id, mark, comment.strip(), answer_id)
    anchor = f"answer-{place}"
    if mark is None:
        return SaveResult(True, f"{label}: the mark was removed.", anchor)
    return SaveResult(True, f"{label}: {format_number(mark)} saved.", anchor)


class MarkingScreen:
    """The marking screen's web server, for one exercise's grading folder.

    Parameters
    ----------
    exercise
        The exercise.
    out
        The grading folder (with ``gradebook.sqlite``).
    show_names
        Show learners' ids beside their answers (anonymous by default).
    port
        The port; 0 picks a free one.

    Raises
    ------
    GradingFolderError
        If ``out`` holds no gradebook.

    Examples
    --------
    >>> screen = MarkingScreen(exercise, Path("out"))  # doctest: +SKIP
    >>> screen.start(); print(screen.url)  # doctest: +SKIP
    """

    def __init__(
        self, exercise: Exercise, out: Path, *, show_names: bool = False, port: int = 0
    ) -> None:
        open_gradebook(out).close()
        self.exercise = exercise
        self.out = Path(out)
        self.show_names = show_names
        self.token = secrets.token_urlsafe(24)
        self.server = HTTPServer(("127.0.0.1", port), _handler_for(self))
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port the screen listens on."""
        return int(self.server.server_address[1])

    @property
    def url(self) -> str:
        """The address to open in a browser."""
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> None:
        """Serve in a background thread (for tests and notebooks)."""
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def serve(self) -> None:
        """Serve until interrupted (Ctrl+C), then bring every page up to date."""
        try:
            self.server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            self.close()

    def close(self) -> None:
        """Stop serving and bring the feedback pages, report and CSV up to date."""
        if self._thread is not None:
            self.server.shutdown()
            self._thread.join()
            self._thread = None
        self.server.server_close()
        self.refresh()

    def refresh(self) -> int:
        """Rewrite the feedback pages, report and ``gradebook.csv``; return learners written."""
        return len(refresh_pages(self.exercise, self.out))

    # --- pages --------------------------------------------------------------------

    def reflective(self) -> list[Question]:
        """Return the questions a trainer marks, in order."""
        return [q for q in self.exercise.questions if q.is_reflective]

    def overview(self, message: str = "") -> str:
        """Render the first page: each reflective question with how much is left to mark."""
        rows = []
        for question in self.reflective():
            answers = _answers(self.exercise, self.out, question)
            written = [a for a in answers if not a.blank]
            rows.append(
                {
                    "question": question,
                    "answers": len(written),
                    "blank": len(answers) - len(written),
                    "marked": sum(a.mark is not None and not a.changed for a in written),
                    "changed": sum(a.changed for a in written),
                }
            )
        return render_text(
            "marking-screen.html",
            page="overview",
            exercise=self.exercise,
            rows=rows,
            message=message,
            token=self.token,
            number=format_number,
        )

    def question_page(self, question: Question, message: str = "", ok: bool = True) -> str:
        """Render the page of one question: its wording and rubric beside every answer."""
        answers = _answers(self.exercise, self.out, question)
        return render_text(
            "marking-screen.html",
            page="question",
            exercise=self.exercise,
            question=question,
            prompt=question_prompt(self.exercise, question.id),
            answers=answers,
            anchors={a.label: f"answer-{n}" for n, a in enumerate(answers, start=1)},
            show_names=self.show_names,
            message=message,
            ok=ok,
            token=self.token,
            number=format_number,
            others=self.reflective(),
        )

    def question(self, question_id: str) -> Question | None:
        """Return the reflective question with this id, or None."""
        return next((q for q in self.reflective() if q.id == question_id), None)


def _handler_for(screen: MarkingScreen) -> type[BaseHTTPRequestHandler]:
    """Make the request handler class bound to one screen."""

    class Handler(_ScreenHandler):
        pass

    Handler.screen = screen
    return Handler


class _ScreenHandler(BaseHTTPRequestHandler):
    """Serves the marking screen's pages and saves its forms."""

    screen: MarkingScreen
    server_version = "planlab-marking"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the terminal quiet: the page says what happened."""

    # --- replies ------------------------------------------------------------------

    def _send(self, status: HTTPStatus, body: str, content_type: str = "text/html") -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _refuse(self, status: HTTPStatus, why: str) -> None:
        self._send(status, why, "text/plain")

    def _host_ok(self) -> bool:
        """Refuse requests for another host name (DNS rebinding) or from another site."""
        port = self.screen.port
        allowed = {f"127.0.0.1:{port}", f"localhost:{port}"}
        if self.headers.get("Host", "") not in allowed:
            return False
        origin = self.headers.get("Origin")
        return origin is None or origin in {f"http://{host}" for host in allowed}

    # --- GET ------------------------------------------------------------------------

    def do_GET(self) -> None:
        """Show the overview or one question's page."""
        if not self._host_ok():
            self._refuse(HTTPStatus.FORBIDDEN, "This marking screen answers only on 127.0.0.1.")
            return
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        message = query.get("saved", [""])[0]
        if parts.path == "/":
            self._send(HTTPStatus.OK, self.screen.overview(message))
            return
        question = self._question_in(parts.path)
        if question is None:
            self._refuse(HTTPStatus.NOT_FOUND, "No such page: go back to the first page, /.")
            return
        self._send(HTTPStatus.OK, self.screen.question_page(question, message))

    def _question_in(self, path: str) -> Question | None:
        prefix = "/question/"
        if not path.startswith(prefix):
            return None
        return self.screen.question(path[len(prefix) :])

    # --- POST -----------------------------------------------------------------------

    def _form(self) -> dict[str, str] | None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_FORM_BYTES:
            return None
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        return {key: values[0] for key, values in parse_qs(body, keep_blank_values=True).items()}

    def do_POST(self) -> None:
        """Save one mark, or bring the pages up to date."""
        if not self._host_ok():
            self._refuse(HTTPStatus.FORBIDDEN, "This marking screen answers only on 127.0.0.1.")
            return
        form = self._form()
        if form is None:
            self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "The form was too large to save.")
            return
        if not secrets.compare_digest(form.get("token", ""), self.screen.token):
            self._refuse(
                HTTPStatus.FORBIDDEN,
                "This form did not come from the marking screen now running, so nothing was "
                "saved. Reload the page and enter the mark again.",
            )
            return
        path = urlsplit(self.path).path
        if path == "/refresh":
            count = self.screen.refresh()
            message = f"Feedback pages, report and gradebook.csv updated for {count} learners."
            self._redirect("/?saved=" + quote(message))
            return
        question = self._question_in(path)
        if question is None:
            self._refuse(HTTPStatus.NOT_FOUND, "No such question.")
            return
        self._save(question, form)

    def _save(self, question: Question, form: dict[str, str]) -> None:
        label = form.get("label", "")
        mark = "" if form.get("action") == "clear" else form.get("mark", "")
        result = save_mark(
            self.screen.exercise,
            self.screen.out,
            question.id,
            label,
            form.get("answer_id", ""),
            mark,
            form.get("comment", ""),
        )
        if not result.ok:
            page = self.screen.question_page(question, result.message, ok=False)
            self._send(HTTPStatus.BAD_REQUEST, page)
            return
        self._redirect(
            f"/question/{quote(question.id)}?saved={quote(result.message)}#{result.anchor}"
        )
