"""``planlab grade``: grading a cohort's submissions in one batch.

The steps, each in its own module:

1. collect the submissions: notebooks, folders or zips (:mod:`.submissions`);
2. take only each learner's answer cells and place them into the exercise's own
   cells (:mod:`.notebooks`), so nothing else in a submission can change a grade;
3. run every grading notebook in a fresh, limited kernel (:mod:`.runner`);
4. run the solution with each learner's parameters for the expected answers
   (:mod:`.solution`);
5. mark plain answers in this process (:mod:`.marking`);
6. keep the results in SQLite, so re-running skips unchanged submissions
   (:mod:`.gradebook`), and write the CSV, feedback pages, cohort report and
   reflective answers for the trainer (:mod:`.feedback`).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planlab.grading.feedback import write_feedback, write_reflections, write_report
from planlab.grading.gradebook import Gradebook
from planlab.grading.marking import mark_run
from planlab.grading.model import (
    DEFAULT_LIMITS,
    QuestionResult,
    RunJob,
    RunLimits,
    Status,
    SubmissionResult,
)
from planlab.grading.notebooks import grading_notebook
from planlab.grading.roster import read_roster
from planlab.grading.runner import run_jobs
from planlab.grading.solution import answer_keys, exercise_files, parameters_key, run_solution
from planlab.grading.spec import Exercise, cell_question, cell_role, read_exercise
from planlab.grading.submissions import Submission, collect


@dataclass
class GradingSummary:
    """What one ``planlab grade`` run did."""

    results: list[SubmissionResult]
    graded_now: int
    unchanged: int
    problems: list[str] = field(default_factory=list)
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


def _malformed(exercise: Exercise, submission: Submission) -> SubmissionResult:
    """Record a submission that could not be read: every question scores zero."""
    marks = [
        QuestionResult(
            q.id, q.kind, q.points, 0.0, f"Not marked: {submission.problem}", title=q.title
        )
        for q in exercise.questions
    ]
    return SubmissionResult(
        submission.learner,
        Status.MALFORMED,
        submission.problem,
        exercise.max_score,
        marks,
        submission.sha256,
    )


def _unique_learners(submissions: Iterable[Submission]) -> tuple[dict[str, Submission], list[str]]:
    """Keep one submission per learner; anything else is a problem to report."""
    learners: dict[str, Submission] = {}
    problems: list[str] = []
    for submission in submissions:
        if submission.refused or submission.learner in learners:
            problems.append(
                submission.problem
                or f"{submission.origin}: a second notebook for {submission.learner}, not graded"
            )
            continue
        learners[submission.learner] = submission
    return learners, problems


def _fingerprint(exercise: Exercise, parameters: Mapping[str, Any] | None) -> str:
    return f"{exercise.fingerprint}:{parameters_key(parameters)}"


def _grade_runs(
    exercise: Exercise,
    runnable: list[Submission],
    roster: Mapping[str, Mapping[str, Any]],
    *,
    workers: int,
    limits: RunLimits,
    progress: bool,
) -> Iterable[SubmissionResult]:
    """Run and mark each readable submission, yielding results as they finish."""
    if not runnable:
        return
    parameters = {s.learner: roster.get(s.learner) for s in runnable}
    solutions = run_solution(exercise, parameters.values(), workers=workers, limits=limits)
    keys = {
        name: answer_keys(exercise, answers, public=False) for name, answers in solutions.items()
    }
    by_learner = {s.learner: s for s in runnable}
    files = exercise_files(exercise)
    jobs = [
        RunJob(
            s.learner,
            grading_notebook(exercise, answer_cells(exercise, s.notebook), parameters[s.learner]),
            files,
        )
        for s in runnable
    ]
    for run in run_jobs(jobs, workers=workers, limits=limits, progress=progress):
        submission = by_learner[run.key]
        answer_key = keys[parameters_key(parameters[run.key])]
        marks = mark_run(exercise, run, answer_key, reflection_texts(exercise, submission.notebook))
        yield SubmissionResult(
            run.key,
            run.status,
            run.reason,
            exercise.max_score,
            marks,
            submission.sha256,
            run.seconds,
        )


def grade(
    exercise_path: Path,
    submission_paths: Iterable[Path],
    out: Path,
    *,
    workers: int = 2,
    limits: RunLimits = DEFAULT_LIMITS,
    roster_path: Path | None = None,
    progress: bool = True,
) -> GradingSummary:
    """Grade every submission and write the gradebook, feedback and report into ``out``.

    A broken submission is recorded with its status and reason and never stops
    the batch. Submissions already graded, unchanged, against the same exercise
    and parameters are not run again.

    Returns
    -------
    GradingSummary
        The results of every learner in the gradebook, and what this run did.

    Raises
    ------
    ExerciseError
        If the exercise itself cannot be read or its solution fails.
    RosterError
        If the roster cannot be read.
    """
    started = time.perf_counter()
    exercise = read_exercise(exercise_path)
    roster = read_roster(roster_path) if roster_path else {}
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="planlab-grade-") as unpacked:
        learners, problems = _unique_learners(collect(submission_paths, Path(unpacked)))
    if roster:
        problems += [
            f"{name} is not on the roster: graded with the exercise's own parameters"
            for name in learners
            if name not in roster
        ]
    with Gradebook(out / "gradebook.sqlite") as book:
        pending = [
            s
            for s in learners.values()
            if not book.is_current(
                s.learner, _fingerprint(exercise, roster.get(s.learner)), s.sha256
            )
        ]
        for submission in (s for s in pending if not s.ok):
            book.record(
                exercise.id,
                _fingerprint(exercise, roster.get(submission.learner)),
                _malformed(exercise, submission),
            )
        runnable = [s for s in pending if s.ok]
        for result in _grade_runs(
            exercise, runnable, roster, workers=workers, limits=limits, progress=progress
        ):
            book.record(exercise.id, _fingerprint(exercise, roster.get(result.learner)), result)
        results = book.results(exercise.id)
        question_ids = [question.id for question in exercise.questions]
        book.export_csv(exercise.id, out / "gradebook.csv", question_ids)
    _write_pages(exercise, results, learners, out)
    return GradingSummary(
        results, len(pending), len(learners) - len(pending), problems, time.perf_counter() - started
    )


def write_result_pages(exercise: Exercise, results: list[SubmissionResult], out: Path) -> None:
    """Write every learner's feedback page and the cohort report from the gradebook's results.

    Run after grading and again after a trainer's marks are imported, so that the
    pages always show the marks in the gradebook.
    """
    for result in results:
        write_feedback(result, exercise.title, out)
    labels = {q.id: q.label for q in exercise.questions}
    write_report(results, exercise.title, [q.id for q in exercise.questions], out, labels)


def _write_pages(
    exercise: Exercise,
    results: list[SubmissionResult],
    learners: Mapping[str, Submission],
    out: Path,
) -> None:
    write_result_pages(exercise, results, out)
    for question in exercise.questions:
        if not question.is_reflective:
            continue
        answers = {
            name: reflection_texts(exercise, s.notebook).get(question.id, "")
            for name, s in sorted(learners.items())
            if s.ok
        }
        prompt = {
            "id": question.id,
            "title": question.label,
            "points": question.points,
            "rubric": question.rubric,
            "prompt": _question_prompt(exercise, question.id),
        }
        write_reflections(exercise.title, prompt, answers, out)


def _question_prompt(exercise: Exercise, question_id: str) -> str:
    """Return the Markdown cell just before a question's cell: its wording."""
    previous = ""
    for cell in exercise.notebook.cells:
        if cell_question(cell) == question_id:
            return previous
        if cell.cell_type == "markdown":
            previous = str(cell.source)
    return ""
