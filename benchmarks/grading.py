"""How long `planlab grade` takes on a cohort, beside nbgrader and plain `nbconvert --execute`.

Run from the repository's root:  python benchmarks/grading.py [--learners N] [--skip-nbgrader]

On this machine, in this run, for one cohort of N submissions to the example exercise
(``solutions/example-beds.ipynb``), cycling through the fixture builders of
``tests/grading/cohort.py`` (correct, plain Python, partly wrong, blank; never the hostile ones):

- ``planlab grade`` in-process with 2 workers, into a fresh output folder, and once as a command;
- ``nbgrader autograde`` of an equivalent nbgrader assignment (same shared cells, the
  learners' answer cells, one test cell of asserts per question), with nbgrader installed in
  its own virtual environment under ``_build/bench-nbgrader-venv`` (reused when present);
- ``jupyter nbconvert --to notebook --execute`` of each submission, one after another;
- the notebooks' own computation: the exercise's code cells with each learner's answers,
  timed cell by cell in one kernel that is already running.

Every tool runs its kernels with this same Python. Two targets are checked: planlab grades
the cohort in at most a third of nbgrader's time on 2 cores, and planlab's overhead per
submission, ``planlab wall s x workers / N - mean own computation s``, is under 0.5 s.
The figures are printed and written to ``_build/benchmarks/grading.json``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import nbformat  # noqa: E402
from jupyter_client.manager import KernelManager  # noqa: E402

from planlab.grading.grade import answer_cells, grade, reflection_texts  # noqa: E402
from planlab.grading.spec import (  # noqa: E402
    BEGIN_SOLUTION,
    END_SOLUTION,
    Exercise,
    cell_question,
    cell_role,
    read_exercise,
)
from tests.grading.cohort import blank, correct, partly_wrong, plain_python  # noqa: E402

SOLUTION = REPO / "solutions" / "example-beds.ipynb"
NBGRADER_VENV = REPO / "_build" / "bench-nbgrader-venv"
NBGRADER_REQUIREMENT = "nbgrader==0.9.6"
RESULTS = REPO / "_build" / "benchmarks" / "grading.json"
WORKERS = 2
CELL_TIMEOUT = 60
#: A 1-minute load average above this before the timings means other work is running.
BUSY_LOAD = 1.0
#: The learners' kinds, in the order the cohort cycles through them (no hostile ones).
BUILDERS: dict[str, Callable[[], nbformat.NotebookNode]] = {
    "correct": correct,
    "plain": plain_python,
    "partly": partly_wrong,
    "blank": blank,
}
#: One nbgrader test cell per auto-graded question: asserts equivalent to its checks
#: (public and hidden), against the learner's own ``bed_days``.
NBGRADER_TESTS = {
    "q1": """\
assert 1 <= average_occupied <= 1000, "between 1 and 1000 beds"
assert round(average_occupied, 1) == round(bed_days / 365, 1), "matches the solution"
""",
    "q2": """\
assert float(beds_85).is_integer(), "a whole number"
assert 1 <= beds_85 <= 100_000, "between 1 and 100000 beds"
assert round(beds_85) == math.ceil(bed_days / (365 * 0.85)), "matches the solution"
""",
    "q3": """\
table = pd.DataFrame(beds_by_target)
assert {"TargetOccupancy", "BedsNeeded"} <= set(table.columns), "has the columns"
assert len(table) == 3, "has 3 rows"
rows = sorted(
    (round(float(t), 2), round(float(b), 2))
    for t, b in zip(table["TargetOccupancy"], table["BedsNeeded"])
)
expected = sorted((t, float(math.ceil(bed_days / (365 * t)))) for t in (0.8, 0.85, 0.9))
assert rows == expected, "matches the solution"
""",
    "q4": """\
for args in [(30000, 0.85), (10000, 0.9), (36500, 0.8), (1000, 0.5), (0, 0.85)]:
    assert round(beds_for(*args)) == math.ceil(args[0] / (365 * args[1])), args
""",
    "q5": """\
axes = fig.axes[0]
assert axes.get_title().strip(), "has a title"
assert axes.get_xlabel().strip() and axes.get_ylabel().strip(), "labels both axes"
lines = [[round(float(y)) for y in line.get_ydata()] for line in axes.get_lines()]
targets = [75, 80, 85, 90, 95]
assert lines == [[math.ceil(bed_days / (365 * (t / 100))) for t in targets]], "matches"
""",
}

#: Run by nbgrader's Python: print each submission's score as JSON, or null for a
#: submission with a test cell that has no automatic score.
GRADEBOOK_READER = """\
import json, sys
from nbgrader.api import Gradebook
found = {}
with Gradebook(sys.argv[1], "bench") as book:
    for submission in book.assignment_submissions(sys.argv[2]):
        tests = [g for n in submission.notebooks for g in n.grades if g.cell.cell_type == "code"]
        scored = tests and all(g.auto_score is not None for g in tests)
        found[submission.student_id] = submission.score if scored else None
print(json.dumps(found))
"""

_STARTED = time.perf_counter()


@dataclass(frozen=True)
class Learner:
    """One learner of the benchmark's cohort.

    Parameters
    ----------
    name
        The learner id, also the submission's file name.
    kind
        Which fixture builder made the submission.
    notebook
        The submitted notebook.
    """

    name: str
    kind: str
    notebook: nbformat.NotebookNode


@dataclass
class Timing:
    """The wall time one tool took for the whole cohort.

    Parameters
    ----------
    tool
        The tool's label in the table.
    seconds
        Wall time for the cohort.
    learners
        How many submissions it graded or ran.
    ok
        Whether the tool did all its work (graded or ran every submission).
    note
        Anything worth printing beside the figure.
    """

    tool: str
    seconds: float
    learners: int
    ok: bool = True
    note: str = ""

    @property
    def per_submission(self) -> float:
        """Wall seconds per submission."""
        return self.seconds / self.learners


def say(message: str) -> None:
    """Print a progress line with the seconds since the benchmark started.

    Parameters
    ----------
    message
        What is happening.
    """
    print(f"[{time.perf_counter() - _STARTED:6.1f} s] {message}", flush=True)


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """Read the command line.

    Parameters
    ----------
    argv
        The arguments after the program name.

    Returns
    -------
    argparse.Namespace
        ``learners`` (int) and ``skip_nbgrader`` (bool).
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=20, help="cohort size (default 20)")
    parser.add_argument("--skip-nbgrader", action="store_true", help="leave nbgrader out")
    arguments = parser.parse_args(argv)
    if arguments.learners < 1:
        parser.error("--learners must be at least 1")
    return arguments


def build_cohort(count: int) -> list[Learner]:
    """Make ``count`` submissions by cycling through the fixture builders.

    Parameters
    ----------
    count
        How many learners.

    Returns
    -------
    list[Learner]
        Learners named ``learner01_correct``, ``learner02_plain`` and so on.
    """
    kinds = itertools.islice(itertools.cycle(BUILDERS), count)
    return [
        Learner(f"learner{number:02d}_{kind}", kind, BUILDERS[kind]())
        for number, kind in enumerate(kinds, start=1)
    ]


def write_submissions(cohort: Sequence[Learner], folder: Path) -> list[Path]:
    """Write each learner's notebook as ``<name>.ipynb`` into ``folder``.

    Parameters
    ----------
    cohort
        The learners.
    folder
        Where to write; created if missing.

    Returns
    -------
    list[Path]
        The notebooks written, in cohort order.
    """
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for learner in cohort:
        path = folder / f"{learner.name}.ipynb"
        nbformat.write(learner.notebook, path)
        paths.append(path)
    return paths


def learner_answers(exercise: Exercise, notebook: nbformat.NotebookNode) -> dict[str, str]:
    """Return a learner's answer to every question, as planlab takes it from the notebook.

    Parameters
    ----------
    exercise
        The exercise.
    notebook
        The learner's submission.

    Returns
    -------
    dict[str, str]
        Question id to the source of its answer cells (or reflective text); a question
        with no answer cell gets the learner's stub.
    """
    found = {qid: "\n".join(sources) for qid, sources in answer_cells(exercise, notebook).items()}
    found.update(reflection_texts(exercise, notebook))
    return {q.id: found.get(q.id, q.stub) for q in exercise.questions}


def graded_code(exercise: Exercise, answers: dict[str, str]) -> list[str]:
    """Return the code cells a grader must run for one learner: shared cells and answers.

    Parameters
    ----------
    exercise
        The exercise.
    answers
        The learner's answers, from :func:`learner_answers`.

    Returns
    -------
    list[str]
        The source of each code cell, in notebook order, without any grader's additions.
    """
    sources = []
    for cell in exercise.notebook.cells:
        if cell.cell_type != "code" or cell_role(cell) == "hidden":
            continue
        question = cell_question(cell)
        sources.append(answers[question] if question else str(cell.source))
    return sources


# --- The notebooks' own computation ----------------------------------------------------------


def _run_cell(client: Any, source: str) -> float:
    """Execute one cell in a running kernel, ignoring its output and errors; return seconds."""
    started = time.perf_counter()
    client.execute_interactive(
        source, store_history=False, timeout=CELL_TIMEOUT, output_hook=lambda message: None
    )
    return time.perf_counter() - started


def _time_cells(client: Any, sources: Sequence[str]) -> float:
    """Clear the kernel's namespace and figures (untimed), then time ``sources``, in order."""
    _run_cell(client, "import matplotlib.pyplot\nmatplotlib.pyplot.close('all')\n%reset -f")
    return sum(_run_cell(client, source) for source in sources)


def time_own_computation(
    exercise: Exercise, cohort: Sequence[Learner], folder: Path
) -> dict[str, Any]:
    """Time each submission's cells in one kernel that is already running.

    One kernel (this Python's ``python3``) is started and warmed up by running the first
    learner's cells once (so imports are loaded, as in an already running kernel); then,
    for each learner, its namespace is cleared (untimed) and its cells are timed one by one.
    The kernel draws with matplotlib's Agg backend, as planlab's kernels do, so charts are
    not rendered to PNG: that keeps the notebook's own time from hiding grader overhead.

    Parameters
    ----------
    exercise
        The exercise.
    cohort
        The learners.
    folder
        The kernel's working folder.

    Returns
    -------
    dict[str, Any]
        ``"graded"``: seconds per learner for the cells a grader runs (the exercise's code
        cells with the learner's answers); ``"as_submitted"``: seconds per learner for
        every code cell of the submission as handed in (self-check cells included);
        ``"kernel_start"`` and ``"first_run"``: seconds to start the kernel, and to run the
        warm-up (imports included), for context.
    """
    folder.mkdir(parents=True, exist_ok=True)
    programs = {
        "graded": [graded_code(exercise, learner_answers(exercise, x.notebook)) for x in cohort],
        "as_submitted": [
            [str(c.source) for c in x.notebook.cells if c.cell_type == "code"] for x in cohort
        ],
    }
    started = time.perf_counter()
    manager = KernelManager(kernel_name="python3")
    environment = {**os.environ, "MPLBACKEND": "Agg"}
    manager.start_kernel(cwd=str(folder), env=environment, stderr=subprocess.DEVNULL)
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=CELL_TIMEOUT)
        found: dict[str, Any] = {"kernel_start": time.perf_counter() - started}
        found["first_run"] = _time_cells(client, programs["as_submitted"][0])
        for name, runs in programs.items():
            found[name] = [_time_cells(client, cells) for cells in runs]
        return found
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


# --- planlab -----------------------------------------------------------------------------------


def time_planlab(folder: Path, out: Path, learners: int) -> tuple[Timing, dict[str, float]]:
    """Time ``planlab.grading.grade.grade`` on a folder of submissions, into a fresh folder.

    Parameters
    ----------
    folder
        The submissions.
    out
        A folder that does not exist yet, for the gradebook and feedback.
    learners
        How many submissions there are.

    Returns
    -------
    tuple[Timing, dict[str, float]]
        The timing, and each learner's score.
    """
    started = time.perf_counter()
    summary = grade(SOLUTION, [folder], out, workers=WORKERS, progress=False)
    seconds = time.perf_counter() - started
    statuses = sorted({result.status.value for result in summary.results})
    ok = summary.graded_now == learners and len(summary.results) == learners
    in_kernel = sum(result.seconds for result in summary.results) / max(len(summary.results), 1)
    note = (
        f"graded {summary.graded_now}; statuses: {', '.join(statuses)}; "
        f"its own record of run time per submission: mean {in_kernel:.2f} s"
    )
    if summary.problems:
        note += f"; problems: {'; '.join(summary.problems)}"
    scores = {result.learner: result.score for result in summary.results}
    return Timing(f"planlab grade ({WORKERS} workers)", seconds, learners, ok, note), scores


def time_planlab_cli(folder: Path, out: Path, learners: int) -> Timing:
    """Time ``planlab grade`` as a command (a fresh Python process), into a fresh folder.

    Parameters
    ----------
    folder
        The submissions.
    out
        A folder that does not exist yet.
    learners
        How many submissions there are.

    Returns
    -------
    Timing
        The command's wall time.
    """
    command = Path(sys.executable).with_name("planlab")
    started = time.perf_counter()
    done = subprocess.run(
        [
            str(command),
            "grade",
            str(SOLUTION),
            str(folder),
            "--out",
            str(out),
            "--workers",
            str(WORKERS),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    seconds = time.perf_counter() - started
    note = done.stdout.strip().splitlines()[0] if done.stdout.strip() else done.stderr.strip()
    return Timing(
        f"planlab grade CLI ({WORKERS} w.)", seconds, learners, done.returncode == 0, note
    )


# --- nbgrader ----------------------------------------------------------------------------------


def ensure_nbgrader(venv: Path) -> str:
    """Make (or reuse) a virtual environment with nbgrader; return nbgrader's version.

    Parameters
    ----------
    venv
        The environment's folder. Created with this same Python if it has no nbgrader.

    Returns
    -------
    str
        The installed nbgrader's version.
    """
    python = venv / "bin" / "python"
    if not (venv / "bin" / "nbgrader").exists():
        say(f"creating {venv.relative_to(REPO)} and installing {NBGRADER_REQUIREMENT}")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(python), "-m", "pip", "install", "--quiet"]
        if subprocess.run([*pip, NBGRADER_REQUIREMENT], check=False).returncode != 0:
            say(f"{NBGRADER_REQUIREMENT} is not available: installing the closest, nbgrader<0.10")
            subprocess.run([*pip, "nbgrader<0.10"], check=True)
    else:
        say(f"reusing {venv.relative_to(REPO)}")
    done = subprocess.run(
        [str(python), "-c", "import nbgrader; print(nbgrader.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def _nbgrader_meta(grade_id: str, *, solution: bool, points: float = 0) -> dict[str, Any]:
    """Return an nbgrader cell's metadata: an answer cell, a test cell or a manual answer."""
    meta: dict[str, Any] = {
        "grade": points > 0,
        "solution": solution,
        "grade_id": grade_id,
        "locked": not solution,
        "schema_version": 3,
    }
    if points:
        meta["points"] = points
    return meta


def _nbgrader_answer(cell: nbformat.NotebookNode, exercise: Exercise) -> list[Any]:
    """Turn a planlab answer or reflection cell into nbgrader's cell(s), with a test cell."""
    question = exercise.question(cell_question(cell))
    if question.is_reflective:
        answer = nbformat.v4.new_markdown_cell(cell.source)
        answer.metadata["nbgrader"] = _nbgrader_meta(
            question.id, solution=True, points=question.points
        )
        return [answer]
    source = cell.source.replace(BEGIN_SOLUTION, f"##{BEGIN_SOLUTION}")
    answer = nbformat.v4.new_code_cell(source.replace(END_SOLUTION, f"##{END_SOLUTION}"))
    answer.metadata["nbgrader"] = _nbgrader_meta(question.id, solution=True)
    test = nbformat.v4.new_code_cell(NBGRADER_TESTS[question.id])
    test.metadata["nbgrader"] = _nbgrader_meta(
        f"{question.id}_tests", solution=False, points=question.points
    )
    return [answer, test]


def nbgrader_source(exercise: Exercise) -> nbformat.NotebookNode:
    """Return the exercise as an nbgrader source notebook.

    Shared cells are kept as they are; each answer cell becomes an nbgrader answer cell
    (``### BEGIN SOLUTION``), followed by a locked test cell of asserts; the reflective
    question becomes a manually graded Markdown answer; author-only cells are left out.

    Parameters
    ----------
    exercise
        The exercise.

    Returns
    -------
    nbformat.NotebookNode
        The source notebook, without planlab metadata.
    """
    cells = []
    for cell in exercise.notebook.cells:
        role = cell_role(cell)
        if role in ("answer", "reflection"):
            cells.extend(_nbgrader_answer(cell, exercise))
        elif role != "hidden":
            shared = nbformat.from_dict(dict(cell))
            shared.metadata.pop("planlab", None)
            cells.append(shared)
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = dict(exercise.notebook.metadata["kernelspec"])
    notebook.metadata["language_info"] = {"name": "python"}
    return notebook


def nbgrader_environment(home: Path, venv: Path) -> dict[str, str]:
    """Return the environment nbgrader runs in: its kernel ``python3`` is this Python.

    A ``python3`` kernelspec in ``JUPYTER_PATH`` comes before the one in nbgrader's own
    environment, so nbgrader's kernels run the same Python (and pandas, matplotlib) as
    planlab's and nbconvert's. User configuration is kept out. nbgrader's environment is
    put first on ``PATH``, as if activated (nbgrader runs ``alembic`` from there).

    Parameters
    ----------
    home
        A scratch folder for the kernelspec and Jupyter's configuration.
    venv
        nbgrader's environment.

    Returns
    -------
    dict[str, str]
        The environment variables.
    """
    kernel = home / "share" / "kernels" / "python3"
    kernel.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (project)",
        "language": "python",
    }
    (kernel / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    environment = dict(os.environ)
    environment.update(
        {
            "JUPYTER_PATH": str(home / "share"),
            "JUPYTER_CONFIG_DIR": str(home / "config"),
            "JUPYTER_PREFER_ENV_PATH": "0",
            "PATH": os.pathsep.join([str(venv / "bin"), environment.get("PATH", "")]),
        }
    )
    return environment


def _nbgrader(venv: Path, course: Path, environment: dict[str, str], *args: str) -> None:
    """Run one nbgrader command in ``course``; raise with its output if it fails."""
    done = subprocess.run(
        [str(venv / "bin" / "nbgrader"), *args],
        cwd=course,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")


def make_course(
    exercise: Exercise,
    cohort: Sequence[Learner],
    course: Path,
    venv: Path,
    environment: dict[str, str],
) -> None:
    """Write an nbgrader course: source, release, and every learner's submission.

    Parameters
    ----------
    exercise
        The exercise.
    cohort
        The learners.
    course
        A fresh course folder.
    venv
        nbgrader's environment.
    environment
        From :func:`nbgrader_environment`.
    """
    source = course / "source" / exercise.id
    source.mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.root = {str(course)!r}\n"
        f"c.CourseDirectory.course_id = 'bench'\nc.Execute.timeout = {CELL_TIMEOUT}\n",
        encoding="utf-8",
    )
    nbformat.write(nbgrader_source(exercise), source / f"{exercise.id}.ipynb")
    _nbgrader(venv, course, environment, "generate_assignment", exercise.id, "--force")
    release = nbformat.read(course / "release" / exercise.id / f"{exercise.id}.ipynb", 4)
    for learner in cohort:
        answers = learner_answers(exercise, learner.notebook)
        submitted = nbformat.from_dict(json.loads(json.dumps(release)))
        for cell in submitted.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("solution"):
                cell.source = answers[meta["grade_id"]]
        folder = course / "submitted" / learner.name / exercise.id
        folder.mkdir(parents=True)
        nbformat.write(submitted, folder / f"{exercise.id}.ipynb")


def nbgrader_scores(venv: Path, course: Path, assignment: str) -> dict[str, float]:
    """Read nbgrader's gradebook and return the score of every submission it auto-graded.

    Parameters
    ----------
    venv
        nbgrader's environment (its Python reads the gradebook with ``nbgrader.api``).
    course
        The course folder, holding ``gradebook.db``.
    assignment
        The assignment's name.

    Returns
    -------
    dict[str, float]
        Student id to score, for each submission whose every test cell has an
        automatic score.
    """
    done = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            GRADEBOOK_READER,
            f"sqlite:///{course / 'gradebook.db'}",
            assignment,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return {
        student: score for student, score in json.loads(done.stdout).items() if score is not None
    }


def time_nbgrader(
    exercise: Exercise,
    cohort: Sequence[Learner],
    course: Path,
    venv: Path,
) -> tuple[Timing, dict[str, float]]:
    """Time ``nbgrader autograde`` of the whole cohort in a fresh course folder.

    Parameters
    ----------
    exercise
        The exercise.
    cohort
        The learners.
    course
        A folder that does not exist yet.
    venv
        nbgrader's environment.

    Returns
    -------
    tuple[Timing, dict[str, float]]
        The timing (``ok`` only if the gradebook has a score for every learner), and the
        scores nbgrader gave.
    """
    environment = nbgrader_environment(course.with_name(course.name + "-jupyter"), venv)
    make_course(exercise, cohort, course, venv, environment)
    say(f"nbgrader: course ready in {course}; timing `nbgrader autograde {exercise.id}`")
    command = [str(venv / "bin" / "nbgrader"), "autograde", exercise.id, "--force"]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=course, env=environment, capture_output=True, check=False)
    seconds = time.perf_counter() - started
    scores = nbgrader_scores(venv, course, exercise.id)
    graded = sum(learner.name in scores for learner in cohort)
    note = f"gradebook has {graded} of {len(cohort)} submissions with scores"
    if done.returncode != 0:
        note += f"; autograde exited with {done.returncode}"
    timing = Timing("nbgrader autograde", seconds, len(cohort), graded == len(cohort), note)
    return timing, scores


# --- nbconvert ---------------------------------------------------------------------------------


def nbconvert_command() -> list[str]:
    """Return the command for ``jupyter nbconvert`` of this Python's environment."""
    jupyter = Path(sys.executable).with_name("jupyter")
    return [str(jupyter), "nbconvert"] if jupyter.exists() else [sys.executable, "-m", "nbconvert"]


def time_nbconvert(paths: Sequence[Path], out: Path) -> Timing:
    """Time ``jupyter nbconvert --to notebook --execute`` of each notebook, one after another.

    Parameters
    ----------
    paths
        The submissions.
    out
        The output folder.

    Returns
    -------
    Timing
        The wall time for all of them (``ok`` only if every command succeeded).
    """
    command = [
        *nbconvert_command(),
        "--to",
        "notebook",
        "--execute",
        "--output-dir",
        str(out),
        "--ExecutePreprocessor.allow_errors=True",
        f"--ExecutePreprocessor.timeout={CELL_TIMEOUT}",
        "--log-level=ERROR",
    ]
    failed = 0
    started = time.perf_counter()
    for path in paths:
        done = subprocess.run(
            [*command, str(path)], capture_output=True, check=False, cwd=path.parent
        )
        failed += done.returncode != 0
    seconds = time.perf_counter() - started
    return Timing(
        "nbconvert --execute (serial)",
        seconds,
        len(paths),
        failed == 0,
        f"{len(paths) - failed} of {len(paths)} ran",
    )


# --- Report ------------------------------------------------------------------------------------


def machine(load_before: Sequence[float]) -> dict[str, Any]:
    """Describe this machine: cores, Python, platform and how busy it was.

    Parameters
    ----------
    load_before
        The 1, 5 and 15 minute load averages before the timings began.

    Returns
    -------
    dict[str, Any]
        Cores (all and usable by this process), Python's version, the platform, and the
        load averages before and after the timings (other work on the machine skews them).
    """
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_before": [round(load, 2) for load in load_before],
        "load_after": [round(load, 2) for load in os.getloadavg()],
    }


def scores_by_kind(cohort: Sequence[Learner], scores: dict[str, float]) -> dict[str, list[float]]:
    """Return the distinct scores each kind of learner got from one tool.

    Parameters
    ----------
    cohort
        The learners.
    scores
        Learner to score.

    Returns
    -------
    dict[str, list[float]]
        Kind to its sorted distinct scores.
    """
    found: dict[str, set[float]] = {}
    for learner in cohort:
        if learner.name in scores:
            found.setdefault(learner.kind, set()).add(scores[learner.name])
    return {kind: sorted(values) for kind, values in found.items()}


def print_table(timings: Sequence[Timing], planlab: Timing) -> None:
    """Print wall time, seconds per submission and the ratio to planlab for each tool.

    Parameters
    ----------
    timings
        Every tool timed.
    planlab
        The in-process planlab timing, the reference.
    """
    print(f"\n{'tool':<30}{'wall s':>9}{'s/submission':>15}{'vs planlab':>12}")
    for timing in timings:
        ratio = timing.seconds / planlab.seconds
        flag = "" if timing.ok else "   (!) " + timing.note
        print(
            f"{timing.tool:<30}{timing.seconds:>9.1f}{timing.per_submission:>15.2f}"
            f"{ratio:>11.2f}x{flag}"
        )


def targets(planlab: Timing, nbgrader: Timing | None, own: Sequence[float]) -> dict[str, Any]:
    """Work out the two targets and whether they were met.

    Parameters
    ----------
    planlab
        The in-process planlab timing.
    nbgrader
        nbgrader's timing, or None when it was skipped.
    own
        Each learner's own computation, in seconds (the cells a grader runs).

    Returns
    -------
    dict[str, Any]
        ``speed`` (planlab's time over nbgrader's, target at most 1/3) and ``overhead``
        (seconds per submission beyond the notebook's own computation, target under 0.5).
    """
    mean_own = sum(own) / len(own)
    overhead = planlab.seconds * WORKERS / planlab.learners - mean_own
    result: dict[str, Any] = {
        "overhead": {
            "formula": "planlab wall s x workers / N - mean own computation s",
            "seconds": overhead,
            "mean_own_seconds": mean_own,
            "target": 0.5,
            "met": overhead < 0.5,
        }
    }
    if nbgrader is not None:
        share = planlab.seconds / nbgrader.seconds
        result["speed"] = {
            "planlab_over_nbgrader": share,
            "target": 1 / 3,
            "met": share <= 1 / 3 and nbgrader.ok,
        }
    return result


def print_targets(found: dict[str, Any], planlab: Timing, host: dict[str, Any]) -> None:
    """Print the targets, how they were worked out and whether they were met.

    Parameters
    ----------
    found
        From :func:`targets`.
    planlab
        The in-process planlab timing.
    host
        From :func:`machine`.
    """
    print(
        f"\nMachine: {host['cores']} cores ({host['usable_cores']} usable), "
        f"Python {host['python']}, {host['platform']}; load average (1, 5, 15 min) "
        f"{host['load_before']} before the timings, {host['load_after']} after"
    )
    if host["load_before"][0] > BUSY_LOAD:
        print(
            f"WARNING: the machine was already busy (1-minute load {host['load_before'][0]}) "
            "when the timings began: other work shares the cores and skews every figure."
        )
    if "speed" in found:
        speed = found["speed"]
        cores = (
            ""
            if host["usable_cores"] == WORKERS
            else f" (this machine has {host['usable_cores']} usable cores, not {WORKERS})"
        )
        print(
            f"Target 1, planlab in at most 1/3 of nbgrader's time on {WORKERS} cores: "
            f"planlab took {speed['planlab_over_nbgrader']:.2f} of nbgrader's time: "
            f"{'MET' if speed['met'] else 'NOT MET'}{cores}"
        )
    else:
        print("Target 1, planlab in at most 1/3 of nbgrader's time: not measured (--skip-nbgrader)")
    overhead = found["overhead"]
    print(
        f"Target 2, planlab's overhead per submission under 0.5 s: "
        f"overhead = {overhead['formula']}\n"
        f"    = {planlab.seconds:.2f} x {WORKERS} / {planlab.learners} - "
        f"{overhead['mean_own_seconds']:.3f} = {overhead['seconds']:.3f} s: "
        f"{'MET' if overhead['met'] else 'NOT MET'}"
    )


def print_own(own: dict[str, Any]) -> None:
    """Print the notebooks' own computation times, and what a fresh kernel costs.

    Parameters
    ----------
    own
        From :func:`time_own_computation`.
    """
    for name, label in (
        ("graded", "the graded cells (shared cells + answers)"),
        ("as_submitted", "every code cell as submitted"),
    ):
        values = own[name]
        print(
            f"Own computation, {label}, in a running kernel: mean {sum(values) / len(values):.3f}"
            f" s, min {min(values):.3f} s, max {max(values):.3f} s per submission"
        )
    print(
        f"For context, a fresh kernel: {own['kernel_start']:.2f} s to start, then "
        f"{own['first_run']:.2f} s for its first notebook (imports included)"
    )


def write_json(record: dict[str, Any]) -> None:
    """Write the figures to ``_build/benchmarks/grading.json``.

    Parameters
    ----------
    record
        The figures.
    """
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(record, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\nFigures written to {RESULTS.relative_to(REPO)}")


def _timing_record(timing: Timing) -> dict[str, Any]:
    return {
        "wall_seconds": timing.seconds,
        "seconds_per_submission": timing.per_submission,
        "submissions": timing.learners,
        "ok": timing.ok,
        "note": timing.note,
    }


def run(arguments: argparse.Namespace, scratch: Path) -> dict[str, Any]:
    """Run every timing in ``scratch`` and return the figures.

    Parameters
    ----------
    arguments
        From :func:`parse_arguments`.
    scratch
        A temporary folder for submissions, outputs and the nbgrader course.

    Returns
    -------
    dict[str, Any]
        Everything printed, for the JSON file.
    """
    load_before = os.getloadavg()
    exercise = read_exercise(SOLUTION)
    cohort = build_cohort(arguments.learners)
    paths = write_submissions(cohort, scratch / "submissions")
    say(f"cohort of {len(cohort)} submissions ({', '.join(BUILDERS)}) in {scratch}")
    version = "" if arguments.skip_nbgrader else ensure_nbgrader(NBGRADER_VENV)
    say("own computation: timing each submission's cells in one running kernel")
    own = time_own_computation(exercise, cohort, scratch / "kernel")
    say(f"planlab: grading {len(cohort)} submissions in-process")
    planlab, planlab_scores = time_planlab(
        scratch / "submissions", scratch / "planlab-out", len(cohort)
    )
    say(f"planlab: {planlab.seconds:.1f} s; now the command line")
    timings = [planlab, time_planlab_cli(scratch / "submissions", scratch / "cli-out", len(cohort))]
    scores = {"planlab": scores_by_kind(cohort, planlab_scores)}
    nbgrader = None
    if version:
        say(f"nbgrader {version}: building the course")
        nbgrader, nbgrader_points = time_nbgrader(
            exercise, cohort, scratch / "course", NBGRADER_VENV
        )
        timings.append(nbgrader)
        scores["nbgrader"] = scores_by_kind(cohort, nbgrader_points)
        say(f"nbgrader: {nbgrader.seconds:.1f} s; {nbgrader.note}")
    say(f"nbconvert: executing {len(paths)} notebooks one after another")
    timings.append(time_nbconvert(paths, scratch / "nbconvert-out"))
    say(f"nbconvert: {timings[-1].seconds:.1f} s")
    return {
        "timings": timings,
        "own": own,
        "scores": scores,
        "nbgrader_version": version,
        "targets": targets(planlab, nbgrader, own["graded"]),
        "planlab": planlab,
        "load_before": load_before,
    }


def report(found: dict[str, Any], learners: int) -> None:
    """Print the table, the scores, the targets, and write the JSON file.

    Parameters
    ----------
    found
        From :func:`run`.
    learners
        The cohort's size.
    """
    host = machine(found["load_before"])
    print_table(found["timings"], found["planlab"])
    for timing in found["timings"]:
        print(f"  {timing.tool}: {timing.note}")
    if not all(timing.ok for timing in found["timings"]):
        print("WARNING: a tool did not grade or run every submission: see (!) above.")
    for tool, kinds in found["scores"].items():
        shown = "; ".join(f"{kind} {', '.join(f'{s:g}' for s in v)}" for kind, v in kinds.items())
        print(f"Scores from {tool}, by kind of learner: {shown}")
    if found["nbgrader_version"]:
        print(f"nbgrader version: {found['nbgrader_version']}")
    print_own(found["own"])
    print_targets(found["targets"], found["planlab"], host)
    write_json(
        {
            "machine": host,
            "learners": learners,
            "workers": WORKERS,
            "nbgrader_version": found["nbgrader_version"],
            "tools": {t.tool: _timing_record(t) for t in found["timings"]},
            "own_computation_seconds": found["own"],
            "scores_by_kind": found["scores"],
            "targets": found["targets"],
        }
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its figures.

    Parameters
    ----------
    argv
        The command line's arguments; ``sys.argv[1:]`` when None.

    Returns
    -------
    int
        The exit status: 0 when every tool did all its work.
    """
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    with tempfile.TemporaryDirectory(prefix="planlab-bench-grading-") as scratch:
        found = run(arguments, Path(scratch))
    report(found, arguments.learners)
    return 0 if all(timing.ok for timing in found["timings"]) else 1


if __name__ == "__main__":
    sys.exit(main())
