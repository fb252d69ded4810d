"""A classroom that runs (issue 19): the course's JupyterHub, end to end, on 127.0.0.1.

One hub for this module (classroom/jupyterhub_config.py, with its real proxy, the test
authenticator and local-process learners' servers from the course's virtualenv). The book
as shipped has no launch button (a learner studying alone would get one that fails), so
the module builds the pages it needs with the hub's address and a local clone of the
course set in a copy of ``_config.yml``, as a trainer sets them (tests/classroom/pages.py).
Two learners follow the launch link of the built page; nbgitpuller pulls the course into
their folders from the local clone; a worked notebook runs in a learner's server;
each learner gets their own variant of the example exercise through the hub, saves an
answered copy, and ``planlab collect`` then ``planlab grade`` give each the right score,
with a third learner, who never logged in, reported missing. The hub, its proxy and every
server are stopped at the end, and the test fails if any process is left.

Timings and the memory of a learner's server are written to the test's output (run with
``-s`` to see them) and to ``hub-measurements.json`` in the module's temporary folder.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import nbformat
import psutil
import pytest
import yaml
from click.testing import CliRunner, Result

from planlab.cli import main
from tests.classroom.hubprocess import (
    RunningHub,
    free_port_pair,
    missing_components,
    start_hub,
    stop_hub,
)
from tests.classroom.pages import start_page_build
from tests.classroom.remote import Learner, Pulled
from tests.conftest import REPO

pytestmark = pytest.mark.book

LEARNERS = ["amina", "ben"]
#: On the roster but never logs in: nothing to collect, so reported missing.
ABSENT = "cara"
TRAINER = "trainer"
EXERCISE = "example-beds"
SOLUTION = REPO / "solutions" / f"{EXERCISE}.ipynb"
#: The worked notebook whose page's launch link the learners follow, and which runs in a
#: learner's server. PLANLAB_HUB_NOTEBOOK=scenarios-and-risk measures the heaviest instead.
NOTEBOOK = os.environ.get("PLANLAB_HUB_NOTEBOOK", "beds-and-occupancy")
#: The pages built with the hub's address: the worked notebook's, and an exercise's.
EXERCISE_PAGE = "exercises/python-for-planners-exercise"
PAGES = [f"notebooks/{NOTEBOOK}", EXERCISE_PAGE]


@dataclass
class Classroom:
    """The module's hub and what has happened on it so far."""

    hub: RunningHub
    root: Path
    #: The built pages' folder (HTML), made with the hub's address and ``repository``.
    site: Path
    #: Where learners' servers clone the course from: the test's local clone.
    repository: str
    learners: dict[str, Learner] = field(default_factory=dict)
    measured: dict[str, Any] = field(default_factory=dict)

    def planlab(self, *arguments: str, token: str | None = None, hub: str | None = None) -> Result:
        """Run the ``planlab`` command as a trainer would, with the hub's address and a token.

        The command runs in this process (click's runner), which saves starting Python and
        importing the toolkit for each command; what it does is the same.
        """
        environment = {
            "PLANLAB_HUB_URL": self.hub.url if hub is None else hub,
            "PLANLAB_HUB_TOKEN": self.hub.token if token is None else token,
        }
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(REPO)
            return CliRunner().invoke(
                main, list(arguments), env=environment, catch_exceptions=False
            )


@pytest.fixture(scope="module")
def classroom(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Classroom]:
    """Start the course's hub for this module; stop it, and check nothing is left, at the end."""
    missing = missing_components()
    if missing:
        pytest.skip("the hub test cannot run without " + "; ".join(missing))
    root = tmp_path_factory.mktemp("hub")
    # nbgitpuller names a learner's copy after the last part of the repository's address.
    clone = root / "planlab"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(REPO), str(clone)], check=True)
    port = free_port_pair()
    # The pages are built while the hub starts: both need only the hub's address.
    build = start_page_build(root / "book", PAGES, f"http://127.0.0.1:{port}", clone.as_uri())
    measured: dict[str, Any] = {}
    hub = None
    try:
        started = time.perf_counter()
        hub = start_hub(root, clone, [*LEARNERS, ABSENT], [TRAINER], public=port)
        measured["hub start (s)"] = round(time.perf_counter() - started, 2)
        waiting = time.perf_counter()
        measured["build of the 2 pages with the hub's address (s)"] = round(build.wait(), 2)
        measured["wait for that build once the hub was up (s)"] = round(
            time.perf_counter() - waiting, 2
        )
        room = Classroom(hub, root, build.html, clone.as_uri(), measured=measured)
        # cara is on the hub (allowed, from the roster) but has never logged in.
        assert hub.api("GET", f"/users/{ABSENT}").json()["server"] is None
        yield room
    finally:
        build.stop()
        strays = stop_hub(hub) if hub is not None else []
        (root / "hub-measurements.json").write_text(json.dumps(measured, indent=2))
        print(f"\nHub measurements: {json.dumps(measured, indent=2)}")
        if strays:
            pytest.fail(
                "processes were left running after the hub stopped (now killed):\n"
                + "\n".join(strays)
            )


def launch_link(site: Path, page: str) -> str:
    """The JupyterHub launch link on a built page of the book."""
    html = (site / f"{page}.html").read_text(encoding="utf-8")
    links = [
        href.replace("&amp;", "&")
        for href in re.findall(r'href="([^"]*/hub/user-redirect/git-pull\?[^"]*)"', html)
    ]
    assert links, f"{page}.html has no JupyterHub launch button: set launch_buttons.jupyterhub_url"
    return links[0]


@pytest.fixture(scope="module")
def launched(classroom: Classroom) -> dict[str, Pulled]:
    """Each learner follows the launch link from the built page, as it was built."""
    link = launch_link(classroom.site, f"notebooks/{NOTEBOOK}")

    def launch(name: str) -> Pulled:
        learner = classroom.learners[name] = Learner(classroom.hub.url, name)
        started = time.perf_counter()
        pulled = learner.follow_launch_link(link, classroom.hub.api)
        seconds = round(time.perf_counter() - started, 2)
        classroom.measured[f"launch link to notebook open in JupyterLab, {name} (s)"] = seconds
        return pulled

    # The two learners click at the same time, as in a classroom.
    with ThreadPoolExecutor(len(LEARNERS)) as pool:
        pulled = dict(zip(LEARNERS, pool.map(launch, LEARNERS), strict=True))
    classroom.hub.remember_processes()
    return pulled


def test_the_book_as_shipped_has_no_launch_button() -> None:
    # A learner studying alone online must not get a button to a hub that is not there;
    # a trainer sets these two (book/trainers/running-a-hub.md).
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    buttons = config["launch_buttons"]
    assert buttons["jupyterhub_url"] == ""
    assert not any(buttons[key] for key in ("binderhub_url", "colab_url", "thebe"))
    assert config["repository"]["url"] == ""


def test_built_pages_have_a_launch_link_into_the_learners_own_server(
    classroom: Classroom,
) -> None:
    link = urlsplit(launch_link(classroom.site, f"notebooks/{NOTEBOOK}"))
    query = {key: value[0] for key, value in parse_qs(link.query).items()}
    assert f"{link.scheme}://{link.netloc}" == classroom.hub.url
    assert link.path == "/hub/user-redirect/git-pull"
    assert query["repo"] == classroom.repository
    # nbgitpuller clones the repository into a folder named after it and opens the notebook.
    folder = query["repo"].rstrip("/").rsplit("/", 1)[-1]
    assert query["urlpath"] == f"lab/tree/{folder}/notebooks/{NOTEBOOK}.ipynb"
    assert query["branch"] == "main"
    # Exercise pages get one too, opening the learner's copy of the exercise.
    exercise = urlsplit(launch_link(classroom.site, EXERCISE_PAGE))
    assert parse_qs(exercise.query)["urlpath"] == [f"lab/tree/{folder}/{EXERCISE_PAGE}.ipynb"]


def test_the_launch_link_pulls_the_notebook_into_each_learners_folder(
    launched: dict[str, Pulled], classroom: Classroom
) -> None:
    for name, pulled in launched.items():
        phases = [event.get("phase") for event in pulled.events]
        assert phases[-1] == "finished", f"{name}: nbgitpuller did not finish: {pulled.events}"
        assert pulled.landing.status_code == 200, f"{name}: {pulled.landing.url}"
        assert pulled.landing.url.endswith(f"/user/{name}/{pulled.path}")
        notebook = pulled.path.removeprefix("lab/tree/")
        found = classroom.learners[name].get(notebook, content="0")
        assert found.status_code == 200, f"{name}: {notebook} is not in their folder"
        assert found.json()["type"] == "notebook"


def test_a_second_pull_keeps_the_learners_changes(
    launched: dict[str, Pulled], classroom: Classroom
) -> None:
    learner = classroom.learners["ben"]
    path = launched["ben"].path.removeprefix("lab/tree/")
    notebook = learner.read_notebook(path)
    notebook.cells.insert(0, nbformat.v4.new_markdown_cell("Ben's own note, kept."))
    learner.save_notebook(path, notebook)
    link = launch_link(classroom.site, f"notebooks/{NOTEBOOK}")
    again = learner.follow_launch_link(link, classroom.hub.api)
    assert again.events[-1].get("phase") == "finished", again.events
    assert learner.read_notebook(path).cells[0].source == "Ben's own note, kept."


def _server_memory(name: str) -> float:
    """Resident memory (MB) of a learner's server and the kernels it started."""
    for process in psutil.process_iter(["cmdline", "environ"]):
        try:
            command = " ".join(process.info["cmdline"] or [])
            environ = process.info.get("environ") or {}
        except (psutil.AccessDenied, psutil.NoSuchProcess):
            continue
        if "jupyterhub-singleuser" in command and environ.get("JUPYTERHUB_USER") == name:
            family = [process, *process.children(recursive=True)]
            return sum(member.memory_info().rss for member in family) / 2**20
    raise AssertionError(f"no running server found for {name}")


def test_a_worked_notebook_runs_in_a_learners_server(
    launched: dict[str, Pulled], classroom: Classroom
) -> None:
    learner = classroom.learners["amina"]
    path = launched["amina"].path.removeprefix("lab/tree/")
    idle = _server_memory("amina")
    peak = [idle]
    running = threading.Event()
    running.set()

    def sample() -> None:
        while running.is_set():
            with contextlib.suppress(psutil.Error, AssertionError):
                peak.append(_server_memory("amina"))
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    try:
        outputs, _kernel = learner.run_notebook(path, timeout=600)
    finally:
        running.clear()
        sampler.join()
    measured = classroom.measured
    measured[f"run {NOTEBOOK} in a learner's server (s)"] = round(time.perf_counter() - started, 2)
    measured["learner's server, idle, no kernel (MB)"] = round(idle, 1)
    after = _server_memory("amina")
    measured[f"learner's server and kernel after {NOTEBOOK} (MB)"] = round(after, 1)
    measured[f"learner's server and kernel, peak during {NOTEBOOK} (MB)"] = round(max(peak), 1)
    classroom.hub.remember_processes()
    errors = [output for cell in outputs for output in cell if output["output_type"] == "error"]
    assert not errors, f"{NOTEBOOK} raised in the learner's kernel: {errors}"
    if NOTEBOOK == "beds-and-occupancy":
        # The first cell prints the average beds occupied for 30,000 bed days a year.
        assert (
            outputs[0][0]["text"].strip() == f"Average beds occupied each night: {30_000 / 365:.1f}"
        )
        kinds = {key for cell in outputs for output in cell for key in output.get("data", {})}
        assert "image/png" in kinds, "the chart was not drawn"


@pytest.fixture(scope="module")
def released(launched: dict[str, Pulled], classroom: Classroom) -> Result:
    """Each learner's own variant, released with a roster and placed in their hub folder."""
    roster = classroom.root / "roster.csv"
    roster.write_text(
        f"learner,bed_days\namina,28000\nben,31500\n{ABSENT},30000\n", encoding="utf-8"
    )
    made = classroom.planlab(
        "release", EXERCISE, "--roster", str(roster), "--out", str(classroom.root / "released")
    )
    assert made.exit_code == 0, made.stderr
    return classroom.planlab(
        "hub-release", EXERCISE, "--released", str(classroom.root / "released")
    )


def test_each_learner_gets_their_own_variant_in_their_hub_folder(
    released: Result, classroom: Classroom
) -> None:
    assert released.exit_code == 0, released.stderr
    assert "Placed 2 notebook(s)" in released.stdout
    assert f"Not placed: {ABSENT}: has no running server on the hub" in released.stderr
    variants = {}
    for name in LEARNERS:
        notebook = classroom.learners[name].read_notebook(f"planlab-exercises/{EXERCISE}.ipynb")
        assert notebook.metadata["planlab"]["learner"] == name
        variants[name] = "\n".join(cell.source for cell in notebook.cells)
    assert "28000" in variants["amina"]
    assert "31500" in variants["ben"]


def _answered(released_copy: nbformat.NotebookNode, questions: set[str]) -> nbformat.NotebookNode:
    """The learner's copy with the solution's code written into the given questions' cells."""
    solution = nbformat.read(SOLUTION, as_version=4)
    right = {
        cell.metadata["planlab"]["question"]: cell.source
        for cell in solution.cells
        if cell.metadata.get("planlab", {}).get("role") == "answer"
    }
    for cell in released_copy.cells:
        question = cell.metadata.get("planlab", {}).get("question")
        if cell.cell_type == "code" and question in questions and question in right:
            cell.source = right[question]
    return released_copy


#: What each learner answers: amina every auto-graded question, ben the first two.
ANSWERS = {"amina": {"q1", "q2", "q3", "q4", "q5"}, "ben": {"q1", "q2"}}


@pytest.fixture(scope="module")
def graded(released: Result, classroom: Classroom) -> dict[str, Any]:
    """Each learner saves an answered copy; the trainer collects, grades and returns feedback."""
    assert released.exit_code == 0, released.stderr
    path = f"planlab-exercises/{EXERCISE}.ipynb"
    for name, questions in ANSWERS.items():
        learner = classroom.learners[name]
        learner.save_notebook(path, _answered(learner.read_notebook(path), questions))
    roster = str(classroom.root / "roster.csv")
    collected, grading = classroom.root / "collected", classroom.root / "grading"
    started = time.perf_counter()
    collect = classroom.planlab("collect", EXERCISE, "--roster", roster, "--out", str(collected))
    classroom.measured["planlab collect, 3 learners (s)"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    grade = classroom.planlab(
        "grade", EXERCISE, str(collected), "--roster", roster, "--out", str(grading), "--quiet"
    )
    classroom.measured["planlab grade, 2 submissions (s)"] = round(time.perf_counter() - started, 2)
    returned = classroom.planlab("return", EXERCISE, "--grading", str(grading))
    with (grading / "gradebook.csv").open(encoding="utf-8") as stream:
        book = {row["learner"]: row for row in csv.DictReader(stream)}
    return {
        "collect": collect,
        "grade": grade,
        "return": returned,
        "book": book,
        "collected": collected,
    }


def test_collect_then_grade_gives_each_learner_their_score(graded: dict[str, Any]) -> None:
    from planlab.grading.spec import read_exercise

    assert graded["collect"].exit_code == 0, graded["collect"].stderr
    assert graded["grade"].exit_code == 0, graded["grade"].stderr
    points = {question.id: question.points for question in read_exercise(SOLUTION).questions}
    for name, questions in ANSWERS.items():
        row = graded["book"][name]
        assert row["status"] == "graded", row
        assert float(row["auto_score"]) == sum(points[q] for q in questions), row
    # The gradebook records when each learner last saved, as the hub reported it.
    with (graded["collected"] / "collection.csv").open(encoding="utf-8") as stream:
        record = {row["learner"]: row for row in csv.DictReader(stream)}
    assert all(
        record[name]["status"] == "collected" and record[name]["submitted_at"] for name in LEARNERS
    )
    assert all(graded["book"][name]["submitted_at"] for name in LEARNERS)


def test_a_learner_who_submitted_nothing_is_reported_missing(graded: dict[str, Any]) -> None:
    assert "Collected 2 of 3" in graded["collect"].stdout
    assert f"Missing: {ABSENT}: has no running server on the hub" in graded["collect"].stderr
    assert graded["book"][ABSENT]["status"] == "missing"
    assert graded["book"][ABSENT]["score"] == ""


def test_feedback_is_returned_to_each_learners_folder(
    graded: dict[str, Any], classroom: Classroom
) -> None:
    assert graded["return"].exit_code == 0, graded["return"].stderr
    for name in LEARNERS:
        page = classroom.learners[name].get(
            f"planlab-exercises/{EXERCISE}-feedback.html", content="1", type="file", format="text"
        )
        assert page.status_code == 200
        assert "<html" in page.json()["content"].lower()


def _expiring_token(classroom: Classroom) -> str:
    """A real trainer token that expires one second after it is made."""
    trainer = Learner(classroom.hub.url, TRAINER)
    trainer.login("/hub/home")  # not to the server, so none is started
    answer = trainer.session.post(
        f"{classroom.hub.url}/hub/api/users/{TRAINER}/tokens",
        json={"expires_in": 1, "note": "expires at once"},
        headers={"X-XSRFToken": trainer.session.cookies.get("_xsrf", path="/hub/")},
        timeout=30,
    )
    answer.raise_for_status()
    return str(answer.json()["token"])


def test_bad_input_gets_a_clear_message(graded: dict[str, Any], classroom: Classroom) -> None:
    from planlab.errors import (
        HubFileMissingError,
        HubTokenError,
        HubUnreachableError,
        LearnerServerError,
    )
    from planlab.grading.hub import HubClient

    client = HubClient(classroom.hub.url, classroom.hub.token)
    with pytest.raises(LearnerServerError, match=f"{ABSENT}: has no running server on the hub"):
        client.read_file(ABSENT, f"planlab-exercises/{EXERCISE}.ipynb")
    with pytest.raises(LearnerServerError, match="nobody: is not a user on the hub"):
        client.read_file("nobody", "anything.ipynb")
    with pytest.raises(
        HubFileMissingError, match=r"amina: there is no file planlab-exercises/none\.ipynb"
    ):
        client.read_file("amina", "planlab-exercises/none.ipynb")

    expiring = _expiring_token(classroom)
    assert HubClient(classroom.hub.url, expiring).check()["name"] == TRAINER
    time.sleep(1.5)
    with pytest.raises(HubTokenError, match=r"refused the token .*expired"):
        HubClient(classroom.hub.url, expiring).check()
    roster = str(classroom.root / "roster.csv")
    refused = classroom.planlab(
        "collect", EXERCISE, "--roster", roster, "--out", str(classroom.root / "x"), token=expiring
    )
    assert refused.exit_code == 1
    assert "refused the token" in refused.stderr, refused.stderr

    closed = f"http://127.0.0.1:{free_port_pair()}"
    with pytest.raises(HubUnreachableError, match=f"The hub at {closed} did not answer"):
        HubClient(closed, "a-token").check()
    down = classroom.planlab(
        "collect",
        EXERCISE,
        "--roster",
        roster,
        "--out",
        str(classroom.root / "y"),
        hub=closed,
        token="a-token",
    )
    assert down.exit_code == 1
    assert "did not answer" in down.stderr, down.stderr


def test_hub_addresses_that_are_not_addresses_are_refused() -> None:
    from planlab.errors import HubError
    from planlab.grading.hub import HubClient

    with pytest.raises(HubError, match="is not a hub address"):
        HubClient("hub.example.org", "token")
    with pytest.raises(HubError, match="No token was given"):
        HubClient("https://hub.example.org", " ")
