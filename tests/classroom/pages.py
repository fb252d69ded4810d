"""Build the book's pages that carry a launch button, pointed at the test's own hub.

The shipped ``_config.yml`` leaves ``launch_buttons.jupyterhub_url`` and ``repository.url``
empty, so the book a learner studies alone has no launch button that could fail. A trainer
sets the two (book/trainers/running-a-hub.md). The hub test does the same in a copy of the
course's ``_config.yml``, changing nothing else but two things that cannot change a launch
link:

- notebooks are not run (``execute_notebooks: off``): the link is made from the page's
  name and the repository, never from a notebook's outputs;
- the table of contents lists only the pages the test opens, so only those are built.

The repository is the test's local clone, given as a ``file://`` address, so the link works
exactly as built: nbgitpuller clones from it, with no address mapped to another. The theme
(sphinx-book-theme 1.3) names the repository's host from its address; an address on none of
github, gitlab or bitbucket needs ``repository_provider`` in the theme's options, as a
trainer's self-hosted repository would (book/trainers/running-a-hub.md says how).

The build runs in its own process, started before the hub so the two overlap.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from tests.conftest import REPO

JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
#: The longest a one-page build may take before the test gives up on it.
BUILD_TIMEOUT = 300


def hub_config(hub_url: str, repository_url: str) -> dict[str, object]:
    """The course's ``_config.yml`` with the hub's address and repository set, as a trainer would.

    Parameters
    ----------
    hub_url
        The hub's address, as learners open it.
    repository_url
        Where the hub's learners' servers can clone the course from.
    """
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    config["launch_buttons"]["jupyterhub_url"] = hub_url
    config["repository"]["url"] = repository_url
    if not any(host in repository_url for host in ("github", "gitlab", "bitbucket")):
        theme = config["sphinx"]["config"].setdefault("html_theme_options", {})
        theme["repository_provider"] = "gitlab"
    config["execute"]["execute_notebooks"] = "off"
    return dict(config)


@dataclass
class PageBuild:
    """A build of a few of the book's pages, running in the background."""

    process: subprocess.Popen[bytes]
    html: Path
    log: Path
    started: float

    def wait(self) -> float:
        """Wait for the build; return how long it took (s), or raise with its log if it failed."""
        try:
            code = self.process.wait(timeout=BUILD_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.stop()
            raise RuntimeError(f"the pages did not build within {BUILD_TIMEOUT} s") from None
        seconds = time.perf_counter() - self.started
        if code != 0:
            tail = self.log.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise RuntimeError(f"the pages did not build (exit {code}):\n{tail}")
        return seconds

    def stop(self) -> None:
        """Stop the build, and anything it started, if it is still running."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)


def start_page_build(root: Path, pages: list[str], hub_url: str, repository_url: str) -> PageBuild:
    """Start building ``pages`` (paths without suffix, as in ``_toc.yml``) into ``root``.

    The book's own files are read where they are; only the configuration, the table of
    contents and the output are in ``root``.
    """
    root.mkdir(parents=True, exist_ok=True)
    config, toc = root / "_config.yml", root / "_toc.yml"
    config.write_text(yaml.safe_dump(hub_config(hub_url, repository_url)), encoding="utf-8")
    contents: dict[str, object] = {"format": "jb-book", "root": pages[0]}
    if pages[1:]:
        contents["chapters"] = [{"file": page} for page in pages[1:]]
    toc.write_text(yaml.safe_dump(contents), encoding="utf-8")
    log = root / "build.log"
    command = [str(JUPYTER_BOOK), "build", str(REPO), "--config", str(config), "--toc", str(toc)]
    with log.open("wb") as stream:
        process = subprocess.Popen(
            [*command, "--path-output", str(root)],
            cwd=REPO,
            stdout=stream,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return PageBuild(process, root / "_build" / "html", log, time.perf_counter())
