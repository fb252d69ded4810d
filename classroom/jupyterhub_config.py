"""JupyterHub configuration for one planlab cohort on one machine.

`make hub` starts a hub with this file for a trainer trying it out on their own computer:
everything on 127.0.0.1, learners' servers run from the course's own environment (.venv),
and the course's launch buttons pull the notebooks from this folder's git repository.
For a real cohort, set the environment variables below (or edit the values), and read
book/trainers/running-a-hub.md first. Last checked December 2026 against JupyterHub 6.1.1,
nbgitpuller 1.3.0, jupyterhub-idle-culler 2.0.0 and jupyterhub-nativeauthenticator 1.3.0.

Settings, each from an environment variable (default in brackets):

PLANLAB_HUB_URL          the address learners open [http://127.0.0.1:8000]
PLANLAB_HUB_PORT_BASE    the hub's own port; the proxy's API uses the next one [8081]
PLANLAB_HUB_STATE        folder for the hub's database, secrets and learners' homes [_build/hub]
PLANLAB_HUB_AUTH         native (accounts with passwords the trainer approves), shared
                         (one password for the session: PLANLAB_HUB_PASSWORD) or dummy (any
                         password: only for trying out on 127.0.0.1, and the tests) [dummy]
PLANLAB_HUB_TRAINERS     trainers' user names, comma-separated; they are hub admins [trainer]
PLANLAB_HUB_LEARNERS     learners allowed to log in, comma-separated; empty: anyone [empty]
PLANLAB_HUB_MEM_LIMIT    memory per learner's server [1G] (enforced by TLJH and Kubernetes)
PLANLAB_HUB_CULL_AFTER   seconds idle before a learner's server is stopped [3600]
PLANLAB_HUB_COURSE_REPO  a local git folder served in place of repository.url in
                         _config.yml, so launch buttons work offline [this repository]
PLANLAB_HUB_SERVICE_TOKEN  a token for scripts (planlab collect) with the trainer scopes [none]
"""

# get_config is provided by JupyterHub when it loads this file.
# ruff: noqa: F821

from __future__ import annotations

import os
import sys
from pathlib import Path

import yaml

c = get_config()  # type: ignore[name-defined]

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
#: The course environment: the hub runs from it, and so does every learner's server.
VENV_BIN = Path(sys.executable).parent


def setting(name: str, default: str) -> str:
    """Return an environment setting, or its default when unset or empty."""
    return os.environ.get(name, "").strip() or default


def names(value: str) -> set[str]:
    """Turn 'a, b,c' into {'a', 'b', 'c'}."""
    return {part.strip() for part in value.split(",") if part.strip()}


STATE = Path(setting("PLANLAB_HUB_STATE", str(REPO / "_build" / "hub"))).resolve()
STATE.mkdir(parents=True, exist_ok=True)
(STATE / "home").mkdir(exist_ok=True)
PORT_BASE = int(setting("PLANLAB_HUB_PORT_BASE", "8081"))
TRAINERS = names(setting("PLANLAB_HUB_TRAINERS", "trainer"))
LEARNERS = names(setting("PLANLAB_HUB_LEARNERS", ""))

# --- Where the hub listens: the proxy for learners, the hub and the proxy's API inside --------
c.JupyterHub.bind_url = setting("PLANLAB_HUB_URL", "http://127.0.0.1:8000")
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{PORT_BASE}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PORT_BASE + 1}"
# The proxy is node's configurable-http-proxy, pinned in package.json (npm ci installs it).
c.ConfigurableHTTPProxy.command = [str(REPO / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
# Stop learners' servers when the hub stops, so nothing is left running.
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

# --- Who may log in -----------------------------------------------------------------------
AUTH = setting("PLANLAB_HUB_AUTH", "dummy")
if AUTH == "native":
    # Learners sign up with a user name and password; a trainer approves each one at
    # /hub/authorize. Passwords are stored hashed (bcrypt) in the hub's database.
    c.JupyterHub.authenticator_class = "nativeauthenticator.NativeAuthenticator"
    c.NativeAuthenticator.open_signup = False
    c.NativeAuthenticator.minimum_password_length = 10
    c.NativeAuthenticator.check_common_password = True
    c.NativeAuthenticator.allowed_failed_logins = 5
    c.NativeAuthenticator.seconds_before_next_try = 600
elif AUTH == "shared":
    # One password for everyone in the session, given out in the room.
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = setting("PLANLAB_HUB_PASSWORD", "")
elif AUTH == "dummy":
    # Any user name and password: only for trying the hub out on 127.0.0.1, and for tests.
    c.JupyterHub.authenticator_class = "dummy"
else:
    raise SystemExit(
        f"PLANLAB_HUB_AUTH is {AUTH!r}, but it must be native, shared or dummy. "
        "See book/trainers/running-a-hub.md for when to use each."
    )
c.Authenticator.admin_users = TRAINERS
if LEARNERS:
    c.Authenticator.allowed_users = LEARNERS | TRAINERS
else:
    c.Authenticator.allow_all = True

# --- Trainers: a group with the scopes `planlab collect` and `planlab return` need -----------
c.JupyterHub.load_groups = {"trainers": {"users": sorted(TRAINERS)}}
TRAINER_SCOPES = [
    "list:users",
    "read:users",
    "read:servers",
    "servers",  # start and stop learners' servers (collect --start-servers)
    "access:servers",  # read and write files in learners' servers
    "admin-ui",
]
c.JupyterHub.load_roles = [
    {
        "name": "planlab-trainer",
        "description": "Release, collect and return learners' work",
        "groups": ["trainers"],
        "scopes": TRAINER_SCOPES,
    },
    {
        "name": "idle-culler",
        "description": "Stop learners' servers that have been idle",
        "services": ["idle-culler"],
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    },
]

# --- Services: the idle culler, and a token for scripts when one is given -----------------
CULL_AFTER = int(setting("PLANLAB_HUB_CULL_AFTER", "3600"))
services: list[dict[str, object]] = [
    {
        "name": "idle-culler",
        "command": [
            str(VENV_BIN / "python"),
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={CULL_AFTER}",
            "--cull-every=300",
        ],
    }
]
SERVICE_TOKEN = os.environ.get("PLANLAB_HUB_SERVICE_TOKEN", "").strip()
if SERVICE_TOKEN:
    services.append({"name": "planlab-grading", "api_token": SERVICE_TOKEN})
    c.JupyterHub.load_roles.append(
        {"name": "planlab-grading", "services": ["planlab-grading"], "scopes": TRAINER_SCOPES}
    )
c.JupyterHub.services = services

# --- Learners' servers: the course environment, one folder each ---------------------------
# SimpleLocalProcessSpawner runs every learner's server as the user who started the hub, with
# its own home folder. On The Littlest JupyterHub, systemdspawner gives each learner a real
# account and enforces mem_limit; on Kubernetes, KubeSpawner does (see classroom/README.md).
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "home" / "{username}")
c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.mem_limit = setting("PLANLAB_HUB_MEM_LIMIT", "1G")
c.Spawner.start_timeout = 60
c.Spawner.http_timeout = 60
c.Spawner.args = ["--ServerApp.ip=127.0.0.1"]
if os.geteuid() == 0:
    # Started by root (a container, a CI machine), every learner's server runs as root too:
    # Jupyter refuses that unless told. On a shared server use TLJH, which gives each learner
    # their own account, rather than running this file as root.
    c.Spawner.args.append("--ServerApp.allow_root=True")


def course_repository_url() -> str:
    """Return repository.url from the course's _config.yml ('' when unset)."""
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8")) or {}
    return str((config.get("repository") or {}).get("url") or "").strip()


# nbgitpuller clones repository.url into each learner's home. On a machine with no route to
# it (and in the tests), git is told to read a local copy instead; a learner's link is unchanged.
environment = {"PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
REPOSITORY_URL = course_repository_url()
LOCAL_COPY = setting("PLANLAB_HUB_COURSE_REPO", str(REPO))
if REPOSITORY_URL and LOCAL_COPY != "none":
    environment.update(
        {
            "GIT_CONFIG_COUNT": "1",
            "GIT_CONFIG_KEY_0": f"url.{Path(LOCAL_COPY).resolve().as_uri()}.insteadOf",
            "GIT_CONFIG_VALUE_0": REPOSITORY_URL,
        }
    )
c.Spawner.environment = environment
