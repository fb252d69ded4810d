"""The grading commands of ``planlab``: assign, release, grade, import-marks, mark, refresh, export.

Each is a thin wrapper over one library function. Only a problem with the
exercise or the command line makes a command exit non-zero; a broken
submission is reported in the gradebook, never as a failed command.

Runs in: the trainer's shell. Every option shared by several commands is defined
once below, and the run limits' defaults and allowed ranges come from
:mod:`planlab.grading.model`, so the command line accepts exactly what the runner does.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from planlab.grading.model import (
    DEFAULT_LIMITS,
    DEFAULT_WORKERS,
    MAX_WORKERS,
    MIN_MEMORY_MB,
    MIN_WORKERS,
    RunLimits,
    Status,
)

__all__ = [
    "COMMANDS",
    "assign",
    "collect",
    "export_command",
    "grade",
    "hub_release",
    "import_marks",
    "mark",
    "refresh",
    "release",
    "resolve_exercise",
    "return_command",
]

#: The exercise, as its solution notebook's path or its id.
EXERCISE = click.argument("exercise", type=click.Path(path_type=Path))
#: The folder a grading run wrote to.
OUT = click.option(
    "--out", type=click.Path(path_type=Path), required=True, help="The folder grading wrote to."
)
#: When work becomes late.
DEADLINE = click.option(
    "--deadline",
    type=click.DateTime(formats=["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d"]),
    default=None,
    help="Mark work submitted after this time as late, such as '2026-12-04 17:00' (local time).",
)
#: How many submissions run at once.
WORKERS = click.option(
    "--workers",
    type=click.IntRange(MIN_WORKERS, MAX_WORKERS),
    default=DEFAULT_WORKERS,
    show_default=True,
    help="Submissions run at once.",
)
#: Seconds one cell may run (any positive number, as the runner accepts).
CELL_TIMEOUT = click.option(
    "--timeout",
    type=click.FloatRange(0, min_open=True),
    default=DEFAULT_LIMITS.cell_timeout,
    show_default=True,
    help="Seconds one cell may run.",
)
#: Seconds one whole submission may run.
SUBMISSION_TIMEOUT = click.option(
    "--submission-timeout",
    type=click.FloatRange(0, min_open=True),
    default=DEFAULT_LIMITS.submission_timeout,
    show_default=True,
    help="Seconds one whole submission may run.",
)
#: The memory cap, from the smallest the runner accepts.
MEMORY_MB = click.option(
    "--memory-mb",
    type=click.IntRange(MIN_MEMORY_MB),
    default=DEFAULT_LIMITS.memory_mb,
    show_default=True,
    help="Memory cap per submission, in MB.",
)


def resolve_exercise(name: Path) -> Path:
    """Accept an exercise as its solution notebook's path or its id (``solutions/<id>.ipynb``)."""
    if name.suffix == ".ipynb" or name.exists():
        return name
    return Path("solutions") / f"{name}.ipynb"


@click.command()
@click.option(
    "--solutions",
    type=click.Path(path_type=Path),
    default=Path("solutions"),
    show_default=True,
    help="Folder of solution notebooks.",
)
@click.option(
    "--exercises",
    type=click.Path(path_type=Path),
    default=Path("exercises"),
    show_default=True,
    help="Folder of learner notebooks to write.",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any is out of date.")
def assign(solutions: Path, exercises: Path, check: bool) -> None:
    """Generate the learner notebooks in EXERCISES from the solutions."""
    from planlab.grading.assign import assign as run_assign

    report = run_assign(solutions, exercises, check=check)
    for entry in report:
        click.echo(f"{entry.state:>12}  {entry.path}")
    stale = [e for e in report if e.state in ("out of date", "missing", "no solution")]
    if check and stale:
        raise click.ClickException(
            f"{len(stale)} learner notebook(s) do not match their solution: run `planlab assign`."
        )


@click.command()
@EXERCISE
@click.option(
    "--roster",
    type=click.Path(path_type=Path),
    required=True,
    help="CSV with a 'learner' column and one column per parameter.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="Folder for the learners' notebooks.",
)
@click.option(
    "--summative",
    is_flag=True,
    help="Assessed work: the self-check reports form only, never whether an answer is right.",
)
def release(exercise: Path, roster: Path, out: Path, summative: bool) -> None:
    """Write one notebook per learner on the ROSTER, with their own parameters."""
    from planlab.grading.release import release as run_release

    released = run_release(resolve_exercise(exercise), roster, out, summative=summative)
    kind = "summative " if summative else ""
    click.echo(f"Wrote {len(released.written)} {kind}learner notebooks to {out}")
    for note in released.notes:
        click.echo(f"Note: {note}", err=True)


@click.command()
@EXERCISE
@click.argument("submissions", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="Folder for gradebook.csv, feedback/, report.html and reflections/.",
)
@WORKERS
@CELL_TIMEOUT
@SUBMISSION_TIMEOUT
@MEMORY_MB
@click.option(
    "--roster",
    type=click.Path(path_type=Path),
    default=None,
    help="The roster the exercise was released with (learners' parameters).",
)
@DEADLINE
@click.option("--quiet", is_flag=True, help="No progress bar.")
def grade(
    exercise: Path,
    submissions: tuple[Path, ...],
    out: Path,
    workers: int,
    timeout: float,
    submission_timeout: float,
    memory_mb: int,
    roster: Path | None,
    deadline: datetime | None,
    quiet: bool,
) -> None:
    """Grade SUBMISSIONS (notebooks, folders or zips) against EXERCISE."""
    from planlab.grading.grade import grade as run_grade

    limits = RunLimits(
        cell_timeout=timeout, submission_timeout=submission_timeout, memory_mb=memory_mb
    )
    summary = run_grade(
        resolve_exercise(exercise),
        submissions,
        out,
        workers=workers,
        limits=limits,
        roster_path=roster,
        deadline=deadline.astimezone() if deadline else None,
        progress=not quiet,
    )
    counts = ", ".join(f"{summary.count(s)} {s.value}" for s in Status if summary.count(s))
    click.echo(
        f"{len(summary.results)} learners in the gradebook ({counts}); "
        f"{summary.graded_now} graded now, {summary.unchanged} unchanged, "
        f"in {summary.seconds:.1f} s."
    )
    for problem in summary.problems:
        click.echo(f"Not graded: {problem}", err=True)
    for note in summary.notes:
        click.echo(f"Note: {note}", err=True)
    click.echo(f"Gradebook: {out / 'gradebook.csv'}; report: {out / 'report.html'}")


@click.command("import-marks")
@EXERCISE
@click.argument("marks", type=click.Path(path_type=Path))
@OUT
def import_marks(exercise: Path, marks: Path, out: Path) -> None:
    """Import a trainer's MARKS for reflective questions into the gradebook."""
    from planlab.grading.grade import refresh_pages
    from planlab.grading.gradebook import Gradebook
    from planlab.grading.spec import read_exercise

    spec = read_exercise(resolve_exercise(exercise))
    reflective = {q.id: q.points for q in spec.questions if q.is_reflective}
    with Gradebook(out / "gradebook.sqlite") as book:
        stored = book.import_marks(marks, spec.id, reflective)
    refresh_pages(spec, out)
    click.echo(
        f"{stored} mark(s) imported; {out / 'gradebook.csv'}, the feedback pages, "
        f"{out / 'report.html'} and the reflections pages updated."
    )


@click.command()
@EXERCISE
@OUT
@click.option("--names", is_flag=True, help="Show learners' ids beside their answers.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=0, help="Port to serve on (0: any free one)."
)
@click.option("--no-browser", is_flag=True, help="Do not open a browser; print the address.")
def mark(exercise: Path, out: Path, names: bool, port: int, no_browser: bool) -> None:
    """Open the marking screen for the reflective answers graded into OUT."""
    import webbrowser

    from planlab.grading.markingscreen import MarkingScreen
    from planlab.grading.spec import read_exercise

    screen = MarkingScreen(
        read_exercise(resolve_exercise(exercise)), out, show_names=names, port=port
    )
    click.echo(f"Marking screen: {screen.url} (this computer only). Press Ctrl+C when you finish.")
    if not no_browser:
        webbrowser.open(screen.url)
    screen.serve()
    click.echo(f"Feedback pages, {out / 'report.html'} and {out / 'gradebook.csv'} updated.")


@click.command()
@EXERCISE
@OUT
def refresh(exercise: Path, out: Path) -> None:
    """Bring the feedback pages, report and gradebook.csv in OUT up to date with every mark."""
    from planlab.grading.export import open_gradebook
    from planlab.grading.grade import refresh_pages
    from planlab.grading.spec import read_exercise

    open_gradebook(out).close()
    results = refresh_pages(read_exercise(resolve_exercise(exercise)), out)
    click.echo(
        f"Updated {len(results)} learners' feedback pages, {out / 'report.html'} "
        f"and {out / 'gradebook.csv'}."
    )


@click.command("export")
@EXERCISE
@OUT
@click.option(
    "--roster",
    type=click.Path(path_type=Path),
    default=None,
    help="The roster, with name, email, moodle_id and canvas_id columns where you have them.",
)
@DEADLINE
@click.option(
    "--canvas-assignment-id",
    default="",
    help="The Canvas assignment's id (from its web address), so grades go into it.",
)
def export_command(
    exercise: Path,
    out: Path,
    roster: Path | None,
    deadline: datetime | None,
    canvas_assignment_id: str,
) -> None:
    """Write grade files for Moodle and Canvas, feedback bundles and email summaries."""
    from planlab.grading.export import export

    summary = export(
        resolve_exercise(exercise),
        out,
        roster_path=roster,
        deadline=deadline.astimezone() if deadline else None,
        canvas_assignment_id=canvas_assignment_id,
    )
    emails = [path for path in summary.files if path.suffix == ".txt"]
    for path in summary.files:
        if path.suffix != ".txt":
            click.echo(f"Wrote {path}")
    click.echo(f"Wrote {len(emails)} email summaries in {summary.folder / 'email'}")
    if deadline is not None:
        click.echo(
            f"Late: {len(summary.late)} learner(s){': ' if summary.late else ''}"
            f"{', '.join(summary.late)}"
        )
    for note in summary.notes:
        click.echo(f"Note: {note}", err=True)


# --- Through a JupyterHub: hand out, collect and return work with a trainer's token ---------

#: The hub's address, as learners open it.
HUB = click.option(
    "--hub",
    envvar="PLANLAB_HUB_URL",
    required=True,
    help="The hub's address, as learners open it (or set PLANLAB_HUB_URL).",
)
#: A trainer's API token for the hub, best given in the environment.
HUB_TOKEN = click.option(
    "--token",
    envvar="PLANLAB_HUB_TOKEN",
    required=True,
    show_envvar=True,
    help="A trainer's token from the hub's Token page; safer in PLANLAB_HUB_TOKEN.",
)
#: The roster: its learner ids are the learners' hub user names.
HUB_ROSTER = click.option(
    "--roster",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    required=True,
    help="The roster; its learner column holds each learner's hub user name.",
)


def _roster_learners(exercise: Path, roster: Path) -> list[str]:
    """Return the roster's learner ids, checked against the exercise's parameters."""
    from planlab.grading.roster import read_roster
    from planlab.grading.spec import read_exercise

    spec = read_exercise(exercise)
    return list(read_roster(roster, spec.parameters).entries)


@click.command("hub-release")
@EXERCISE
@click.option(
    "--released",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    required=True,
    help="The folder `planlab release` wrote (one <learner>.ipynb each).",
)
@HUB
@HUB_TOKEN
def hub_release(exercise: Path, released: Path, hub: str, token: str) -> None:
    """Put each learner's released notebook into their folder on the hub."""
    from planlab.grading.collect import hub_path, place_notebooks
    from planlab.grading.hub import HubClient
    from planlab.grading.spec import read_exercise

    exercise_id = read_exercise(resolve_exercise(exercise)).id
    notebooks = sorted(released.glob("*.ipynb"))
    placed, problems = place_notebooks(HubClient(hub, token), exercise_id, notebooks)
    click.echo(f"Placed {len(placed)} notebook(s) at {hub_path(exercise_id)} in learners' folders.")
    for problem in problems:
        click.echo(f"Not placed: {problem}", err=True)


@click.command()
@EXERCISE
@HUB_ROSTER
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="Folder for the collected notebooks and collection.csv; grade it with `planlab grade`.",
)
@HUB
@HUB_TOKEN
@click.option(
    "--start-servers", is_flag=True, help="Start a learner's stopped server to reach their folder."
)
def collect(
    exercise: Path, roster: Path, out: Path, hub: str, token: str, start_servers: bool
) -> None:
    """Collect every learner's notebook for EXERCISE from the hub, ready for `planlab grade`."""
    from planlab.grading.collect import collect_from_hub
    from planlab.grading.hub import HubClient
    from planlab.grading.spec import read_exercise

    path = resolve_exercise(exercise)
    learners = _roster_learners(path, roster)
    collection = collect_from_hub(
        HubClient(hub, token),
        read_exercise(path).id,
        learners,
        out,
        start_servers=start_servers,
    )
    click.echo(
        f"Collected {len(collection.collected)} of {len(learners)} learners' notebooks into "
        f"{out} in {collection.seconds:.1f} s; who and when: {out / 'collection.csv'}."
    )
    for entry in collection.missing:
        click.echo(f"Missing: {entry.message}", err=True)
    click.echo(f"Next: planlab grade {exercise} {out} --roster {roster} --out grading/")


@click.command("return")
@EXERCISE
@click.option(
    "--grading",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    required=True,
    help="The folder `planlab grade` wrote.",
)
@HUB
@HUB_TOKEN
def return_command(exercise: Path, grading: Path, hub: str, token: str) -> None:
    """Put each learner's feedback page into their folder on the hub, beside their notebook."""
    from planlab.grading.collect import hub_path, return_feedback
    from planlab.grading.hub import HubClient
    from planlab.grading.spec import read_exercise

    exercise_id = read_exercise(resolve_exercise(exercise)).id
    returned, problems = return_feedback(HubClient(hub, token), exercise_id, grading)
    click.echo(
        f"Returned {len(returned)} feedback page(s) to "
        f"{hub_path(exercise_id, '-feedback.html')} in learners' folders."
    )
    for problem in problems:
        click.echo(f"Not returned: {problem}", err=True)


#: The grading commands, added to ``planlab``'s command group.
COMMANDS = (
    assign,
    release,
    grade,
    import_marks,
    mark,
    refresh,
    export_command,
    hub_release,
    collect,
    return_command,
)
