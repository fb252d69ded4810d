"""Start the course's JupyterHub (classroom/jupyterhub_config.py) for a test, and stop it.

The hub runs with its real proxy (node's configurable-http-proxy from node_modules), the
test authenticator (any password) and the local process spawner, so learners' servers run
from the course's own virtualenv. Stopping it checks that the hub, the proxy, every
learner's server and every kernel they started have gone, and kills (by process id) and
reports any that have not.
"""

from __future__ import annotations

import importlib.util
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import requests

from tests.conftest import REPO

CONFIG = REPO / "classroom" / "jupyterhub_config.py"
PROXY = REPO / "node_modules" / ".bin" / "configurable-http-proxy"
VENV_BIN = Path(sys.executable).parent
#: What the hub test needs, and how a developer installs each.
NEEDED = {
    "jupyterhub": "pip install -c requirements/constraints.txt -r requirements/test.in",
    "nbgitpuller": "pip install -c requirements/constraints.txt -r requirements/test.in",
    "jupyter_server": "pip install -c requirements/constraints.txt -r requirements/test.in",
    "jupyterlab": "pip install -c requirements/constraints.txt -r requirements/test.in",
}


def missing_components() -> list[str]:
    """Name each component the hub test cannot run without, with how to install it."""
    missing = [
        f"the Python package {name} ({how})"
        for name, how in NEEDED.items()
        if importlib.util.find_spec(name) is None
    ]
    if not PROXY.exists():
        missing.append(f"configurable-http-proxy in {PROXY.parent} (run: npm ci)")
    if shutil.which("node") is None:
        missing.append("Node.js, which runs the proxy (apt-get install nodejs)")
    if shutil.which("git") is None:
        missing.append("git, which nbgitpuller runs (apt-get install git)")
    return missing


def free_port_pair() -> int:
    """Return a port p such that p and p + 1 are both free on 127.0.0.1."""
    for _ in range(200):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port >= 65535:
            continue
        with socket.socket() as second:
            try:
                second.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return int(port)
    raise RuntimeError("no two neighbouring free ports on 127.0.0.1")


@dataclass
class RunningHub:
    """A hub started for a test: its address, a trainer-scoped service token and its files."""

    url: str
    token: str
    state: Path
    process: subprocess.Popen[bytes]
    log: Path
    seen: dict[int, float] = field(default_factory=dict)

    def api(self, method: str, path: str, **kwargs: object) -> requests.Response:
        """Call the hub's REST API with the service token."""
        headers = {"Authorization": f"token {self.token}"}
        return requests.request(
            method, f"{self.url}/hub/api{path}", headers=headers, timeout=30, **kwargs
        )  # type: ignore[arg-type]

    def remember_processes(self) -> None:
        """Note the hub's descendants now (servers, kernels, proxy), to check them at the end."""
        try:
            hub = psutil.Process(self.process.pid)
            for child in hub.children(recursive=True):
                self.seen[child.pid] = child.create_time()
        except psutil.NoSuchProcess:
            pass

    def log_tail(self, lines: int = 60) -> str:
        """The end of the hub's log, for a failure message."""
        text = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        return "\n".join(text[-lines:])


def start_hub(
    root: Path,
    course_repo: Path,
    learners: list[str],
    trainers: list[str],
    public: int | None = None,
) -> RunningHub:
    """Start the hub with the course's configuration; return once its API answers.

    ``public`` is the port learners open (and ``public + 1`` the proxy's API), chosen with
    :func:`free_port_pair`; one is chosen when it is not given.
    """
    state = root / "state"
    state.mkdir(parents=True)
    public = public or free_port_pair()
    base = free_port_pair()
    token = secrets.token_hex(32)
    environment = {
        **os.environ,
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PLANLAB_HUB_URL": f"http://127.0.0.1:{public}",
        "PLANLAB_HUB_PORT_BASE": str(base),
        "PLANLAB_HUB_STATE": str(state),
        "PLANLAB_HUB_AUTH": "dummy",
        "PLANLAB_HUB_TRAINERS": ",".join(trainers),
        "PLANLAB_HUB_LEARNERS": ",".join(learners),
        "PLANLAB_HUB_SERVICE_TOKEN": token,
        "PLANLAB_HUB_COURSE_REPO": str(course_repo),
    }
    log = root / "hub.log"
    with log.open("wb") as stream:
        process = subprocess.Popen(
            [str(VENV_BIN / "jupyterhub"), "-f", str(CONFIG)],
            cwd=state,
            env=environment,
            stdout=stream,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    hub = RunningHub(f"http://127.0.0.1:{public}", token, state, process, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the hub stopped as it started:\n{hub.log_tail()}")
        try:
            if hub.api("GET", "/user").ok:
                hub.remember_processes()
                return hub
        except requests.ConnectionError:
            pass
        time.sleep(0.3)
    stop_hub(hub)
    raise RuntimeError(f"the hub did not answer within 60 s:\n{hub.log_tail()}")


def _alive(pid: int, created: float) -> bool:
    """Is this process (the same one: same start time) still running?"""
    try:
        process = psutil.Process(pid)
        return process.create_time() == created and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _left_in(state: Path) -> dict[int, float]:
    """Processes still running from the hub's folder (a learner's server or kernel)."""
    found = {}
    for process in psutil.process_iter(["pid", "cwd", "create_time"]):
        cwd = process.info.get("cwd") or ""
        if cwd and Path(cwd).is_relative_to(state):
            found[int(process.info["pid"])] = float(process.info["create_time"])
    return found


def stop_hub(hub: RunningHub) -> list[str]:
    """Stop the hub as a trainer would (Ctrl+C); return any process left behind, killed."""
    hub.remember_processes()
    if hub.process.poll() is None:
        hub.process.send_signal(signal.SIGINT)
        # JupyterHub stops every learner's server before it exits; on a loaded machine (the
        # whole suite on 2 cores) that took more than 30 s once, so it is given a minute.
        try:
            hub.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            hub.process.kill()
            hub.process.wait(timeout=10)
    deadline = time.monotonic() + 30
    watched = {**hub.seen, **_left_in(hub.state)}
    left = {pid: made for pid, made in watched.items() if _alive(pid, made)}
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        left = {pid: made for pid, made in left.items() if _alive(pid, made)}
    strays = []
    for pid, made in sorted(left.items()):
        try:
            process = psutil.Process(pid)
            if process.create_time() != made:
                continue
            strays.append(f"{pid}: {' '.join(process.cmdline())[:160]}")
            process.kill()
        except psutil.NoSuchProcess:
            continue
    return strays
