"""``planlab grade``: grading a cohort's submissions in one batch.

The steps, each in its own module:

1. collect the submissions: notebooks, folders or zips (:mod:`.submissions`);
2. decide whose each notebook is and which one of a learner's to grade, against the
   roster when there is one (:mod:`.identity`, :mod:`.learners`);
3. take only each learner's answer cells and place them into the exercise's own
   cells (:mod:`.notebooks`), so nothing else in a submission can change a grade;
4. run every grading notebook in a fresh, limited kernel (:mod:`.runner`);
5. run the solution with each learner's parameters for the answer keys
   (:mod:`.solution`), and mark plain answers in this process (:mod:`.marking`);
6. keep the results and the trainer's marks in SQLite, so re-running skips unchanged
   submissions and loses no mark (:mod:`.gradebook`, :mod:`.reflections`), and write
   the CSV, feedback pages, cohort report and reflective answers (:mod:`.feedback`).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from planlab.errors import SubmissionsNotFoundError
from planlab.grading.feedback import write_feedback, write_report
from planlab.grading.gradebook import Gradebook
from planlab.grading.learners import Found, resolve
from planlab.grading.marking import mark_run
from planlab.grading.model import (
    DEFAULT_LIMITS,
    DEFAULT_WORKERS,
    Provenance,
    QuestionResult,
    RunJob,
    RunLimits,
    Status,
    SubmissionResult,
)
from planlab.grading.notebooks import grading_notebook, strip_solution
from planlab.grading.parameters import submitted_values
from planlab.grading.reflections import (
    answer_id,
    import_marks_sheets,
    label_answers,
    write_reflections,
    written,
)
from planlab.grading.roster import Roster, read_roster
from planlab.grading.runner import run_jobs
from planlab.grading.solution import answer_keys, exercise_files, parameters_key, run_solution
from planlab.grading.spec import Exercise, cell_question, cell_role, read_exercise
from planlab.grading.submissions import Submission, collect

__all__ = [
    "GradingSummary",
    "answer_cells",
    "grade",
    "learner_parameters",
    "question_prompt",
    "reflection_texts",
    "refresh_pages",
    "write_reflection_pages",
    "write_result_pages",
]

NOT_ATTEMPTED_REASON = "Nothing in the notebook was changed: no answer was given."
MISSING_REASON = "No notebook from this learner was found in what was graded."


@dataclass
class GradingSummary:
    """What one ``planlab grade`` run did.

    Attributes
    ----------
    results
        Every learner's result in the gradebook.
    graded_now, unchanged
        How many submissions were graded in this run, and how many were already graded.
    problems
        Files not graded, each with why.
    notes
        Other things a trainer should know (roster columns not used, marks saved...).
    """

    results: list[SubmissionResult]
    graded_now: int
    unchanged: int
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: Status) -> int:
        """Return how many learners have ``status``."""
        return sum(result.status is status for result in self.results)


def answer_cells(exercise: Exercise, notebook: Any) -> dict[str, list[str]]:
    """Return the source of a submission's answer cells for each question, in order.

    Only code cells labelled with one of the exercise's question ids are taken;
    every other cell of the submission is ignored.
    """
    wanted = {q.id for q in exercise.questions if not q.is_reflective}
    found: dict[str, list[str]] = {}
    for cell in notebook.cells:
        question = cell_question(cell)
        role = cell_role(cell) or "answer"
        if cell.cell_type == "code" and question in wanted and role == "answer":
            found.setdefault(question, []).append(str(cell.source))
    return found


def reflection_texts(exercise: Exercise, notebook: Any) -> dict[str, str]:
    """Return the text of a submission's reflective answers, by question id."""
    wanted = {q.id for q in exercise.questions if q.is_reflective}
    found: dict[str, str] = {}
    for cell in notebook.cells:
        question = cell_question(cell)
        if cell.cell_type == "markdown" and question in wanted:
            found[question] = (found.get(question, "") + "\n\n" + str(cell.source)).strip()
    return found


def _untouched(exercise: Exercise, notebook: Any) -> bool:
    """Tell whether a learner changed none of the exercise's answers."""
    blanks = {
        cell_question(cell): strip_solution(
            cell.source, exercise.question(cell_question(cell)).stub
        )
        for cell in exercise.notebook.cells
        if cell_role(cell) == "answer"
    }
    for question, sources in answer_cells(exercise, notebook).items():
        if any(source.strip() != blanks[question].strip() for source in sources):
            return False
    return not any(written(text) for text in reflection_texts(exercise, notebook).values())


def _zero_result(
    exercise: Exercise, learner: str, status: Status, reason: str, sha: str, provenance: Provenance
) -> SubmissionResult:
    """Return a result with no answer marked: 0 each, or no score at all for a missing learner."""
    score = None if status is Status.MISSING else 0.0
    marks = [
        QuestionResult(q.id, q.kind, q.points, score, f"Not marked: {reason}", title=q.title)
        for q in exercise.questions
    ]
    return SubmissionResult(
        learner, status, reason, exercise.max_score, marks, sha, provenance=provenance
    )


def _provenance(found: Found, deadline: datetime | None) -> Provenance:
    identity = found.identity
    late = identity.late
    when = found.submission.modified
    if deadline is not None and when is not None:
        late = late or datetime.fromtimestamp(when, deadline.tzinfo) > deadline
    return Provenance(
        origin=found.submission.origin,
        found_as=identity.where,
        platform=identity.platform,
        platform_id=identity.platform_id,
        name=identity.name,
        submission_id=identity.submission_id,
        submitted_at=found.submitted_at,
        late=late,
        flags=found.flags,
    )


def _fingerprint(exercise: Exercise, parameters: Mapping[str, Any] | None) -> str:
    return f"{exercise.fingerprint}:{parameters_key(parameters)}"


def _with_answer_ids(marks: list[QuestionResult], texts: Mapping[str, str]) -> list[QuestionResult]:
    return [
        replace(
            mark,
            answer_id=answer_id(texts.get(mark.question, "")),
            answer=texts.get(mark.question, ""),
        )
        if mark.reflective
        else mark
        for mark in marks
    ]


def _grade_runs(
    exercise: Exercise,
    runnable: list[Found],
    parameters: Mapping[str, Mapping[str, Any] | None],
    provenance: Mapping[str, Provenance],
    *,
    workers: int,
    limits: RunLimits,
    progress: bool,
) -> Iterable[SubmissionResult]:
    """Run and mark each readable submission, yielding results as they finish."""
    if not runnable:
        return
    solutions = run_solution(
        exercise, [parameters[f.learner] for f in runnable], workers=workers, limits=limits
    )
    keys = {
        name: answer_keys(exercise, answers, public=False) for name, answers in solutions.items()
    }
    by_learner = {found.learner: found for found in runnable}
    files = exercise_files(exercise)
    jobs = [
        RunJob(
            f.learner,
            grading_notebook(
                exercise, answer_cells(exercise, f.submission.notebook), parameters[f.learner]
            ),
            files,
        )
        for f in runnable
    ]
    for run in run_jobs(jobs, workers=workers, limits=limits, progress=progress):
        submission = by_learner[run.key].submission
        texts = reflection_texts(exercise, submission.notebook)
        key = keys[parameters_key(parameters[run.key])]
        marks = _with_answer_ids(mark_run(exercise, run, key, texts), texts)
        yield SubmissionResult(
            run.key,
            run.status,
            run.reason,
            exercise.max_score,
            marks,
            submission.sha256,
            run.seconds,
            provenance[run.key],
        )


def _check_paths(paths: list[Path], found: list[Submission]) -> None:
    """Stop, naming the path, when a path does not exist or nothing was found at all."""
    for path in paths:
        if not path.exists():
            raise SubmissionsNotFoundError(path, "there is no such file or folder")
    if not [submission for submission in found if not submission.refused]:
        names = ", ".join(str(path) for path in paths)
        raise SubmissionsNotFoundError(names, "no notebook (.ipynb) was found there")


def _roster_notes(exercise: Exercise, roster: Roster | None) -> list[str]:
    if roster is not None:
        return roster.notes()
    if not exercise.parameters:
        return []
    defaults = ", ".join(f"{p.name} = {p.default!r}" for p in exercise.parameters)
    return [
        f"no roster was given, so every learner was graded with the exercise's own values "
        f"({defaults}). If you released the exercise with a roster, grade with --roster too."
    ]


def grade(
    exercise_path: Path,
    submission_paths: Iterable[Path],
    out: Path,
    *,
    workers: int = DEFAULT_WORKERS,
    limits: RunLimits = DEFAULT_LIMITS,
    roster_path: Path | None = None,
    deadline: datetime | None = None,
    progress: bool = True,
) -> GradingSummary:
    """Grade every submission and write the gradebook, feedback and report into ``out``.

    A broken submission is recorded with its status and reason and never stops the
    batch. Submissions already graded, unchanged, against the same exercise and
    parameters are not run again. Marks typed into marks sheets are saved in the
    gradebook first, and no file a trainer edits is written over.

    Parameters
    ----------
    exercise_path
        The exercise's solution notebook.
    submission_paths
        Notebooks, folders and zip downloads.
    out
        The grading folder.
    workers, limits
        How many notebooks run at once, and the limits on each.
    roster_path
        The roster the exercise was released with: learners' parameters and identities.
    deadline
        Work recorded as submitted after this time is marked late.
    progress
        Show a progress bar.

    Raises
    ------
    SubmissionsNotFoundError
        If a path does not exist, or nothing given holds a notebook.
    ExerciseError
        If the exercise itself cannot be read or its solution fails.
    RosterError
        If the roster cannot be read or breaks the exercise's parameters.
    """
    started = time.perf_counter()
    paths = [Path(path) for path in submission_paths]
    exercise = read_exercise(exercise_path)
    roster = read_roster(roster_path, exercise.parameters) if roster_path else None
    notes = _roster_notes(exercise, roster)
    with tempfile.TemporaryDirectory(prefix="planlab-grade-") as unpacked:
        found = collect(paths, Path(unpacked))
    _check_paths(paths, found)
    resolution = resolve(found, roster)
    out.mkdir(parents=True, exist_ok=True)
    reflective = {q.id: q.points for q in exercise.questions if q.is_reflective}
    with Gradebook(out / "gradebook.sqlite") as book:
        notes += import_marks_sheets(book, exercise.id, reflective, out)
        own, refused = learner_parameters(exercise, resolution.chosen, roster)
        notes += refused
        graded_now = _grade_into(
            book, exercise, resolution.chosen, roster, deadline, workers, limits, progress, own
        )
        for learner in resolution.missing:
            book.record(
                exercise.id,
                "",
                _zero_result(exercise, learner, Status.MISSING, MISSING_REASON, "", Provenance()),
            )
        results = book.results(exercise.id)
        if roster is not None:
            results = [result for result in results if result.learner in roster]
        book.export_csv(
            exercise.id,
            out / "gradebook.csv",
            [q.id for q in exercise.questions],
            learners=[r.learner for r in results],
        )
        marks = book.marks(exercise.id)
    write_result_pages(exercise, results, out)
    write_reflection_pages(exercise, results, marks, out)
    return GradingSummary(
        results,
        graded_now,
        len(resolution.chosen) - graded_now,
        resolution.problems,
        notes,
        time.perf_counter() - started,
    )


def _grade_into(
    book: Gradebook,
    exercise: Exercise,
    chosen: Mapping[str, Found],
    roster: Roster | None,
    deadline: datetime | None,
    workers: int,
    limits: RunLimits,
    progress: bool,
    own: Mapping[str, Mapping[str, Any] | None] | None = None,
) -> int:
    """Grade every chosen submission not already graded; return how many were.

    ``own`` gives each learner's parameters (see :func:`learner_parameters`); without
    it, they come from the roster alone.
    """
    parameters: dict[str, Mapping[str, Any] | None] = {
        name: roster.parameters(name) if roster else None for name in chosen
    }
    parameters.update(own or {})
    provenance = {name: _provenance(found, deadline) for name, found in chosen.items()}
    pending = []
    for name, found in chosen.items():
        fingerprint = _fingerprint(exercise, parameters[name])
        if not book.is_current(name, fingerprint, found.submission.sha256):
            pending.append(found)
        elif book.provenance(exercise.id, name) != provenance[name]:
            book.update_provenance(exercise.id, name, provenance[name])
    runnable = []
    for found in pending:
        name, submission = found.learner, found.submission
        fingerprint = _fingerprint(exercise, parameters[name])
        if not submission.ok:
            result = _zero_result(
                exercise,
                name,
                Status.MALFORMED,
                submission.problem,
                submission.sha256,
                provenance[name],
            )
            book.record(exercise.id, fingerprint, result)
        elif _untouched(exercise, submission.notebook):
            result = _zero_result(
                exercise,
                name,
                Status.NOT_ATTEMPTED,
                NOT_ATTEMPTED_REASON,
                submission.sha256,
                provenance[name],
            )
            book.record(exercise.id, fingerprint, result)
        else:
            runnable.append(found)
    for result in _grade_runs(
        exercise,
        runnable,
        parameters,
        provenance,
        workers=workers,
        limits=limits,
        progress=progress,
    ):
        book.record(exercise.id, _fingerprint(exercise, parameters[result.learner]), result)
    return len(pending)


def learner_parameters(
    exercise: Exercise, chosen: Mapping[str, Found], roster: Roster | None
) -> tuple[dict[str, Mapping[str, Any] | None], list[str]]:
    """Return each learner's parameters: the roster's, with the values the learner sets.

    A parameter marked ``from_submission`` (follow-through marking: for example a figure
    from the learner's own earlier stage) is read from the parameters cell of the
    learner's submission, as plain data within its allowed values
    (:func:`planlab.grading.parameters.submitted_values`). Only values that differ from
    the roster's (or the default) are added, so an unchanged notebook is graded exactly
    as before. Every other parameter comes from the roster.

    Returns
    -------
    tuple of (dict, list of str)
        Each learner's parameters (None for the defaults), and a note for each value
        refused, naming the learner.
    """
    learner_set = [p for p in exercise.parameters if p.from_submission]
    parameters: dict[str, Mapping[str, Any] | None] = {}
    notes: list[str] = []
    for name, found in chosen.items():
        given = roster.parameters(name) if roster else None
        parameters[name] = given
        if not learner_set or not found.submission.ok:
            continue
        cells = [c for c in found.submission.notebook.cells if cell_role(c) == "parameters"]
        source = str(cells[0].source) if cells and cells[0].cell_type == "code" else ""
        taken, refused = submitted_values(exercise.parameters, source)
        notes += [f"{name}: {problem}" for problem in refused]
        current = {p.name: p.default for p in exercise.parameters} | dict(given or {})
        changed = {key: value for key, value in taken.items() if value != current[key]}
        if changed:
            parameters[name] = {**(given or {}), **changed}
    return parameters, notes


def refresh_pages(exercise: Exercise, out: Path) -> list[SubmissionResult]:
    """Rewrite everything derived from the gradebook: the CSV, feedback, report and reflections.

    Run after a trainer's marks are saved (``planlab import-marks``, the marking screen),
    so that every page shows the marks now in the gradebook.
    """
    with Gradebook(out / "gradebook.sqlite") as book:
        results = book.results(exercise.id)
        book.export_csv(exercise.id, out / "gradebook.csv", [q.id for q in exercise.questions])
        marks = book.marks(exercise.id)
    write_result_pages(exercise, results, out)
    write_reflection_pages(exercise, results, marks, out)
    return results


def write_result_pages(exercise: Exercise, results: list[SubmissionResult], out: Path) -> None:
    """Write every learner's feedback page and the cohort report from the gradebook's results.

    Run after grading and again after a trainer's marks are saved, so that the pages
    always show the marks in the gradebook.
    """
    for result in results:
        if result.status is not Status.MISSING:
            write_feedback(result, exercise.title, out)
    labels = {q.id: q.label for q in exercise.questions}
    write_report(results, exercise.title, [q.id for q in exercise.questions], out, labels)


def write_reflection_pages(
    exercise: Exercise, results: list[SubmissionResult], marks: Mapping[Any, Any], out: Path
) -> None:
    """Write the page and marks sheet of each reflective question from the gradebook's results."""
    for question in exercise.questions:
        if not question.is_reflective:
            continue
        texts = {
            result.learner: next(
                (q.answer for q in result.questions if q.question == question.id), ""
            )
            for result in results
            if result.status not in (Status.MISSING, Status.MALFORMED)
        }
        prompt = {
            "id": question.id,
            "title": question.label,
            "points": question.points,
            "rubric": question.rubric,
            "prompt": question_prompt(exercise, question.id),
        }
        answers = label_answers(question.id, texts, dict(marks))
        write_reflections(exercise.title, prompt, answers, out)


def question_prompt(exercise: Exercise, question_id: str) -> str:
    """Return the Markdown cell just before a question's cell: its wording."""
    previous = ""
    for cell in exercise.notebook.cells:
        if cell_question(cell) == question_id:
            return previous
        if cell.cell_type == "markdown":
            previous = str(cell.source)
    return ""
