"""Grades and feedback for the learning platform and for learners, made from the gradebook.

``planlab export`` writes, into ``<out>/platform/``, files each platform's own import
reads, so that a trainer never retypes a mark:

- **Moodle**, assignment "Offline grading worksheet" (``moodle-grading-worksheet.csv``).
  Moodle's importer finds its columns by their exact English headers ``Identifier``,
  ``Grade`` and ``Last modified (grade)`` (all three are required), reads each learner
  from ``Participant <id>`` and feedback from ``Feedback comments``
  (``mod/assign/feedback/offline/importgradeslib.php``).
- **Moodle**, gradebook "Import grades: CSV file" (``moodle-gradebook.csv``): one row
  per learner with an email address on the roster; in the import, map ``Email address``
  to ``useremail`` (MoodleDocs, "Grade import").
- **Moodle**, assignment "Upload multiple feedback files in a zip"
  (``moodle-feedback.zip``): each learner's feedback page in a folder named as in
  Moodle's own download, ``<Full Name>_<participant id>_assignsubmission_file_``, which
  is how the importer finds the participant (``mod/assign/feedback/file/importziplib.php``).
- **Canvas**, Gradebook "Import" (``canvas-gradebook.csv``): the columns ``Student``,
  ``ID``, ``SIS User ID``, ``SIS Login ID`` and ``Section``, then the assignment as
  ``Name (assignment id)``, and a ``Points Possible`` row (Canvas Instructor Guide,
  "How do I import grades in the Gradebook?"; ``lib/gradebook_importer.rb``).
- **Canvas**, assignment "Re-Upload Submissions" (``canvas-feedback.zip``): each page
  named like the learner's file in the Canvas download, whose first two all-digit
  parts (user id, file id) tell Canvas whose submission it comments on
  (``Assignment#infer_comment_context_from_filename`` in Canvas's source).

It also writes a plain-text summary per learner, ``email/<learner>.txt``, to paste into
an email. A learner with no score (``missing``) is left out of every grade file, so an
import never blanks a grade already in the platform; the notes say who was left out.

The module stays whole (about 590 lines) because every platform's file is built from the
same gradebook rows through the same guard against spreadsheet formulas; a module per
platform would repeat that row-building.
"""

from __future__ import annotations

import html
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from planlab.errors import PlanlabError
from planlab.grading.csvfiles import write_csv
from planlab.grading.feedback import STATUS_WORDS, safe_file_stem
from planlab.grading.grade import refresh_pages
from planlab.grading.gradebook import Gradebook, format_number
from planlab.grading.model import NOT_WRITTEN, Provenance, Status, SubmissionResult
from planlab.grading.roster import Roster, read_roster
from planlab.grading.spec import Exercise, read_exercise

__all__ = [
    "CANVAS_COLUMNS",
    "MOODLE_GRADEBOOK_COLUMNS",
    "MOODLE_WORKSHEET_COLUMNS",
    "ExportSummary",
    "GradingFolderError",
    "PlatformLearner",
    "apply_deadline",
    "email_summary",
    "export",
    "open_gradebook",
]

#: Columns of Moodle's offline grading worksheet, as Moodle itself writes them.
MOODLE_WORKSHEET_COLUMNS = (
    "Identifier",
    "Full name",
    "Email address",
    "Status",
    "Grade",
    "Maximum Grade",
    "Grade can be changed",
    "Last modified (submission)",
    "Last modified (grade)",
    "Feedback comments",
)
#: Columns of the Moodle gradebook import, before the grade and its feedback.
MOODLE_GRADEBOOK_COLUMNS = ("Email address", "Full name")
#: Canvas's student columns, in the order its importer expects them.
CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
#: What Moodle's worksheet puts before a participant's number.
MOODLE_PARTICIPANT = "Participant "
#: The folder name ending of a file submission in Moodle's download.
MOODLE_FOLDER_END = "assignsubmission_file_"
PLATFORM_FOLDER = "platform"


class GradingFolderError(PlanlabError, FileNotFoundError):
    """A grading folder has no gradebook yet, so there is nothing to export or mark.

    Parameters
    ----------
    out
        The folder given.
    """

    def __init__(self, out: object) -> None:
        self.out = out
        super().__init__(
            f"{out} holds no gradebook (gradebook.sqlite), so there is nothing to mark or "
            "export. Grade the submissions into that folder first, with "
            f"`planlab grade EXERCISE SUBMISSIONS --out {out}`, or give the folder you "
            "graded into."
        )


@dataclass(frozen=True)
class PlatformLearner:
    """Who a learner is on the learning platforms, from the roster and their download.

    Parameters
    ----------
    learner
        The learner id in the gradebook.
    name
        The learner's full name (roster ``name``, else the platform's), or the id.
    email
        The roster's ``email``, or ``""``.
    moodle_id
        Moodle's participant number, or ``""``.
    canvas_id
        Canvas's user id, or ``""``.
    canvas_file_id
        The id of the file the learner submitted through Canvas (from the download's
        file name), or ``""``; Canvas needs it to attach feedback to the submission.
    canvas_name
        The name part of the Canvas download's file name (``alifarah``), or ``""``.
    """

    learner: str
    name: str
    email: str = ""
    moodle_id: str = ""
    canvas_id: str = ""
    canvas_file_id: str = ""
    canvas_name: str = ""


@dataclass
class ExportSummary:
    """What ``planlab export`` wrote, and what a trainer should know."""

    folder: Path
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    late: list[str] = field(default_factory=list)


# --- the gradebook and learners -------------------------------------------------------


def open_gradebook(out: Path) -> Gradebook:
    """Open the gradebook of a grading folder, refusing to make a new, empty one.

    Raises
    ------
    GradingFolderError
        When the folder has no ``gradebook.sqlite``.
    """
    path = Path(out) / "gradebook.sqlite"
    if not path.is_file():
        raise GradingFolderError(out)
    return Gradebook(path)


def _platform_learner(result: SubmissionResult, roster: Roster | None) -> PlatformLearner:
    entry = roster.entries.get(result.learner) if roster else None
    info = dict(entry.info) if entry else {}
    found: Provenance = result.provenance
    from_moodle = found.platform == "moodle"
    from_canvas = found.platform == "canvas"
    return PlatformLearner(
        learner=result.learner,
        name=info.get("name") or (found.name if from_moodle else "") or result.learner,
        email=info.get("email", ""),
        moodle_id=info.get("moodle_id") or (found.platform_id if from_moodle else ""),
        canvas_id=info.get("canvas_id") or (found.platform_id if from_canvas else ""),
        canvas_file_id=found.submission_id if from_canvas else "",
        canvas_name=found.name if from_canvas else "",
    )


def _platform_late(provenance: Provenance) -> bool:
    """Tell whether the platform itself marked the work late (Canvas's ``LATE`` in the name)."""
    return provenance.platform == "canvas" and "_LATE_" in provenance.origin


def apply_deadline(book: Gradebook, exercise_id: str, deadline: datetime) -> list[str]:
    """Mark as late every stored submission made after ``deadline``; return who is late.

    Lateness is worked out afresh, so a later deadline (an extension) clears what an
    earlier one set; work the platform itself marked late stays late.

    Parameters
    ----------
    book
        The gradebook.
    exercise_id
        The exercise.
    deadline
        The deadline, with its time zone.

    Returns
    -------
    list of str
        The learners whose work is late, sorted.
    """
    late = []
    for result in book.results(exercise_id):
        provenance = result.provenance
        submitted = provenance.submitted_at
        after = bool(submitted) and datetime.fromisoformat(submitted) > deadline
        is_late = after or _platform_late(provenance)
        if is_late != provenance.late:
            book.update_provenance(exercise_id, result.learner, replace(provenance, late=is_late))
        if is_late:
            late.append(result.learner)
    return sorted(late)


# --- words ----------------------------------------------------------------------------


def _score_line(result: SubmissionResult) -> str:
    if result.status is Status.MISSING:
        return "No work was received."
    line = f"Score: {format_number(result.score)} out of {format_number(result.max_score)}."
    if result.awaiting:
        line += (
            f" {format_number(result.awaiting_points)} point(s) still await your trainer's mark."
        )
    return line


def email_summary(result: SubmissionResult, exercise_title: str, name: str = "") -> str:
    """Write a learner's result as plain text, for an email.

    Parameters
    ----------
    result
        The learner's result, with the trainer's marks applied.
    exercise_title
        The exercise's title.
    name
        The learner's name, for the greeting; the learner id when empty.

    Returns
    -------
    str
        Plain text: the status, the score, when the work came in, and each question
        with its score and feedback. It holds nothing the feedback page does not.
    """
    label, meaning = STATUS_WORDS[Status(result.status)]
    lines = [
        f"{exercise_title}: your result",
        "",
        f"Hello {name or result.learner},",
        "",
        f"{label}. {meaning}",
        _score_line(result),
    ]
    provenance = result.provenance
    if provenance.submitted_at:
        late = " (after the deadline)" if provenance.late else ""
        lines.append(f"Received: {provenance.submitted_at}{late}.")
    if result.reason:
        lines.append(f"What happened: {result.reason}")
    if result.status is not Status.MISSING and result.questions:
        lines += ["", "Question by question:"]
        for question in result.questions:
            score = (
                "awaiting your trainer's mark"
                if question.score is None
                else f"{format_number(question.score)} of {format_number(question.points)}"
            )
            lines.append(f"- {question.label}: {score}. {question.message}".rstrip())
            if question.hint:
                lines.append(f"  Hint: {question.hint}")
    lines += ["", "Your full feedback page is attached or on the course's learning platform."]
    return "\n".join(lines) + "\n"


def _feedback_comment(result: SubmissionResult) -> str:
    """Write a short comment for the platform's feedback box: the score and the trainer's words."""
    parts = [_score_line(result)]
    if result.status is Status.GRADED:
        parts += [
            f"{question.label}: {question.message}"
            for question in result.questions
            if question.reflective
            and question.score is not None
            and question.message != NOT_WRITTEN
        ]
    return html.escape(" ".join(parts), quote=False)


# --- the files ------------------------------------------------------------------------


def _scored(results: Iterable[SubmissionResult]) -> list[SubmissionResult]:
    return [result for result in results if result.status is not Status.MISSING]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def write_moodle_worksheet(
    results: list[SubmissionResult], people: Mapping[str, PlatformLearner], path: Path
) -> tuple[Path | None, list[str]]:
    """Write Moodle's offline grading worksheet for learners with a participant number."""
    rows, unknown = [], []
    for result in _scored(results):
        person = people[result.learner]
        if not person.moodle_id:
            unknown.append(result.learner)
            continue
        rows.append(
            [
                f"{MOODLE_PARTICIPANT}{person.moodle_id}",
                person.name,
                person.email,
                "Submitted for grading",
                format_number(result.score),
                format_number(result.max_score),
                "Yes",
                result.provenance.submitted_at,
                _now(),
                _feedback_comment(result),
            ]
        )
    notes = _left_out(unknown, "the Moodle worksheet", "a moodle_id column in the roster")
    if not rows:
        return None, notes
    return write_csv(path, MOODLE_WORKSHEET_COLUMNS, rows), notes


def write_moodle_gradebook(
    results: list[SubmissionResult],
    people: Mapping[str, PlatformLearner],
    title: str,
    path: Path,
) -> tuple[Path | None, list[str]]:
    """Write a file for Moodle's gradebook import, keyed by email address."""
    rows, unknown = [], []
    for result in _scored(results):
        person = people[result.learner]
        if not person.email:
            unknown.append(result.learner)
            continue
        score = format_number(result.score)
        rows.append([person.email, person.name, score, _feedback_comment(result)])
    notes = _left_out(unknown, "the Moodle gradebook file", "an email column in the roster")
    if not rows:
        return None, notes
    header = [*MOODLE_GRADEBOOK_COLUMNS, title, f"Feedback: {title}"]
    return write_csv(path, header, rows), notes


def canvas_column(title: str, assignment_id: str = "") -> str:
    """Return the assignment's column header as Canvas reads it: ``Name (id)`` or ``Name``."""
    return f"{title} ({assignment_id})" if assignment_id else title


def write_canvas_gradebook(
    results: list[SubmissionResult],
    people: Mapping[str, PlatformLearner],
    column: str,
    max_score: float,
    path: Path,
) -> tuple[Path | None, list[str]]:
    """Write a file for Canvas's Gradebook import, with a ``Points Possible`` row."""
    rows: list[list[str]] = [["Points Possible", "", "", "", "", format_number(max_score)]]
    unknown = []
    for result in _scored(results):
        person = people[result.learner]
        if not person.canvas_id:
            unknown.append(result.learner)
        rows.append([person.name, person.canvas_id, "", "", "", format_number(result.score)])
    notes = []
    if unknown:
        notes.append(
            f"{len(unknown)} learner(s) have no Canvas user id ({', '.join(unknown)}), so "
            "Canvas will match them by name only; add a canvas_id column to the roster"
        )
    if len(rows) == 1:
        return None, notes
    return write_csv(path, [*CANVAS_COLUMNS, column], rows), notes


def _moodle_folder(person: PlatformLearner) -> str:
    """Name the folder Moodle's download gives a learner (no underscores in the name)."""
    name = " ".join(person.name.replace("_", " ").replace("/", " ").split()) or person.learner
    return f"{name}_{person.moodle_id}_{MOODLE_FOLDER_END}"


def _feedback_page(out: Path, learner: str) -> Path:
    return Path(out) / "feedback" / f"{safe_file_stem(learner)}.html"


def write_moodle_feedback(
    results: list[SubmissionResult],
    people: Mapping[str, PlatformLearner],
    exercise_id: str,
    out: Path,
    path: Path,
) -> Path | None:
    """Zip each learner's feedback page into the folder Moodle's download gives them."""
    entries = {}
    for result in _scored(results):
        person = people[result.learner]
        page = _feedback_page(out, result.learner)
        if person.moodle_id and page.is_file():
            name = f"{_moodle_folder(person)}/{safe_file_stem(exercise_id)}-feedback.html"
            entries[name] = page
    return _write_zip(path, entries)


def write_canvas_feedback(
    results: list[SubmissionResult],
    people: Mapping[str, PlatformLearner],
    exercise_id: str,
    out: Path,
    path: Path,
) -> tuple[Path | None, list[str]]:
    """Zip each Canvas learner's feedback page, named as their file in the Canvas download."""
    entries, unknown = {}, []
    for result in _scored(results):
        person = people[result.learner]
        page = _feedback_page(out, result.learner)
        if not (person.canvas_id and person.canvas_file_id and page.is_file()):
            unknown.append(result.learner)
            continue
        stem = person.canvas_name or "learner"
        name = (
            f"{stem}_{person.canvas_id}_{person.canvas_file_id}_"
            f"{safe_file_stem(exercise_id)}-feedback.html"
        )
        entries[name] = page
    notes = []
    if unknown:
        notes.append(
            f"{len(unknown)} learner(s) did not submit through a Canvas download "
            f"({', '.join(unknown)}), so their feedback pages are not in canvas-feedback.zip; "
            "attach them in SpeedGrader or send the email summary"
        )
    return _write_zip(path, entries), notes


def _write_zip(path: Path, entries: Mapping[str, Path]) -> Path | None:
    if not entries:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, source in sorted(entries.items()):
            archive.write(source, name)
    return path


def write_emails(
    results: list[SubmissionResult],
    people: Mapping[str, PlatformLearner],
    title: str,
    folder: Path,
) -> list[Path]:
    """Write each learner's plain-text summary, ``<learner>.txt``, for an email."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for result in results:
        path = folder / f"{safe_file_stem(result.learner)}.txt"
        name = people[result.learner].name
        path.write_text(email_summary(result, title, name), encoding="utf-8")
        written.append(path)
    return written


def _left_out(learners: list[str], where: str, fix: str) -> list[str]:
    if not learners:
        return []
    return [
        f"{len(learners)} learner(s) were left out of {where} ({', '.join(learners)}): "
        f"it needs {fix}"
    ]


def _status_notes(results: list[SubmissionResult]) -> list[str]:
    notes = []
    missing = [r.learner for r in results if r.status is Status.MISSING]
    if missing:
        notes.append(
            f"{len(missing)} learner(s) have no submission and are in no grade file "
            f"({', '.join(missing)}), so no grade in the platform is blanked"
        )
    awaiting = [r.learner for r in results if r.awaiting]
    if awaiting:
        notes.append(
            f"{len(awaiting)} learner(s) still await a trainer's mark ({', '.join(awaiting)}); "
            "their grades leave those questions out. Mark them with `planlab mark`, then "
            "export again"
        )
    return notes


def export(
    exercise_path: Path,
    out: Path,
    *,
    roster_path: Path | None = None,
    deadline: datetime | None = None,
    canvas_assignment_id: str = "",
) -> ExportSummary:
    """Write the platforms' grade files, feedback bundles and email summaries.

    The feedback pages, report and ``gradebook.csv`` are brought up to date first, so
    everything written shows the marks now in the gradebook.

    Parameters
    ----------
    exercise_path
        The exercise's solution notebook.
    out
        The grading folder (as given to ``planlab grade``).
    roster_path
        The roster: its ``name``, ``email``, ``moodle_id`` and ``canvas_id`` columns say
        who each learner is on the platforms; only its learners are exported.
    deadline
        With a time zone: work submitted after it is marked late in the gradebook.
    canvas_assignment_id
        The Canvas assignment's id, so the grades go into that assignment; without it,
        Canvas makes a new assignment named after the exercise.

    Returns
    -------
    ExportSummary
        The files written, who is late, and what a trainer should know.

    Raises
    ------
    GradingFolderError
        If ``out`` holds no gradebook.
    RosterError
        If the roster cannot be read.
    """
    exercise = read_exercise(exercise_path)
    roster = read_roster(roster_path, exercise.parameters) if roster_path else None
    summary = ExportSummary(Path(out) / PLATFORM_FOLDER)
    with open_gradebook(out) as book:
        if deadline is not None:
            summary.late = apply_deadline(book, exercise.id, deadline)
    results = refresh_pages(exercise, Path(out))
    if roster is not None:
        results = [result for result in results if result.learner in roster]
    _write_all(exercise, results, roster, Path(out), canvas_assignment_id, summary)
    return summary


def _write_all(
    exercise: Exercise,
    results: list[SubmissionResult],
    roster: Roster | None,
    out: Path,
    canvas_assignment_id: str,
    summary: ExportSummary,
) -> None:
    folder = summary.folder
    people = {result.learner: _platform_learner(result, roster) for result in results}
    title = exercise.title or exercise.id
    written: list[tuple[Path | None, list[str]]] = [
        write_moodle_worksheet(results, people, folder / "moodle-grading-worksheet.csv"),
        write_moodle_gradebook(results, people, title, folder / "moodle-gradebook.csv"),
        (
            write_moodle_feedback(
                results, people, exercise.id, out, folder / "moodle-feedback.zip"
            ),
            [],
        ),
        write_canvas_gradebook(
            results,
            people,
            canvas_column(title, canvas_assignment_id),
            exercise.max_score,
            folder / "canvas-gradebook.csv",
        ),
        write_canvas_feedback(results, people, exercise.id, out, folder / "canvas-feedback.zip"),
    ]
    for path, notes in written:
        if path is not None:
            summary.files.append(path)
        summary.notes += notes
    summary.files += write_emails(results, people, title, folder / "email")
    summary.notes += _status_notes(results)
