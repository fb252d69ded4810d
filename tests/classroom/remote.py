"""A learner at the hub, as their browser would be: log in, follow a launch link, save, run.

No browser is needed: each step makes the HTTP requests the page would make, in order.
Following a launch link is: log in at the hub, be sent to the learner's own server (the
hub starts it), get nbgitpuller's status page, call the sync endpoint that page's script
calls (an event stream), then open the address it redirects to (the notebook in
JupyterLab). Running a notebook is done through the Jupyter server's REST API (a session)
and the kernel's websocket, as JupyterLab does.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from dataclasses import dataclass
from html import unescape
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import nbformat
import requests
import websocket

#: The attributes nbgitpuller's status page gives its script.
STATUS_ATTRIBUTE = re.compile(r'data-([a-z-]+)="([^"]*)"')


@dataclass
class Pulled:
    """What following a launch link did."""

    repo: str
    path: str
    events: list[dict[str, Any]]
    landing: requests.Response


class Learner:
    """One learner's browser session at the hub."""

    def __init__(self, hub: str, name: str) -> None:
        self.hub = hub
        self.name = name
        self.session = requests.Session()
        self.xsrf = ""

    @property
    def base(self) -> str:
        """The address of this learner's own server."""
        return f"{self.hub}/user/{self.name}/"

    def hub_xsrf(self) -> str:
        """The hub's own anti-forgery cookie (each learner's server sets another)."""
        return str(self.session.cookies.get("_xsrf", path="/hub/"))

    def login(self, next_path: str = "") -> requests.Response:
        """Log in (the test authenticator takes any password); go to ``next_path`` after."""
        self.session.get(f"{self.hub}/hub/login", timeout=30)
        target = f"{self.hub}/hub/login" + (f"?next={quote(next_path)}" if next_path else "")
        data = {"username": self.name, "password": "any", "_xsrf": self.hub_xsrf()}
        return self.session.post(target, data=data, timeout=90)

    def _wait_for_spawn(self, answer: requests.Response, api: Any) -> requests.Response:
        """If the hub showed its 'server starting' page, wait for the server, then go on."""
        if "/spawn-pending/" not in answer.url:
            return answer
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            server = (api("GET", f"/users/{self.name}").json().get("servers") or {}).get("")
            if server and server.get("ready"):
                break
            time.sleep(0.3)
        query = dict(part.split("=", 1) for part in urlsplit(answer.url).query.split("&") if part)
        return self.session.get(self.hub + unquote(query.get("next", "")), timeout=60)

    def follow_launch_link(self, link: str, api: Any) -> Pulled:
        """Follow a launch link from the book, through login and nbgitpuller, to the notebook."""
        parts = urlsplit(link)
        answer = self.login(f"{parts.path}?{parts.query}")
        answer = self._wait_for_spawn(answer, api)
        answer.raise_for_status()
        found = {
            key: unquote(unescape(value)) for key, value in STATUS_ATTRIBUTE.findall(answer.text)
        }
        assert {"repo", "path", "xsrf", "targetpath"} <= set(found), (
            f"not nbgitpuller's status page: {answer.url}\n{answer.text[:500]}"
        )
        self.xsrf = found["xsrf"]
        events = self._sync(found)
        landing = self.session.get(self.base.rstrip("/") + "/" + found["path"], timeout=60)
        return Pulled(found["repo"], found["path"], events, landing)

    def _sync(self, found: dict[str, str]) -> list[dict[str, Any]]:
        """Call nbgitpuller's sync endpoint, as its status page's script does."""
        params = {"_xsrf": found["xsrf"], "repo": found["repo"], "targetpath": found["targetpath"]}
        if found.get("branch"):
            params["branch"] = found["branch"]
        events = []
        with self.session.get(
            self.base + "git-pull/api", params=params, stream=True, timeout=120
        ) as stream:
            for line in stream.iter_lines(decode_unicode=True):
                if line and line.startswith("data:"):
                    event = json.loads(line[5:])
                    events.append(event)
                    if event.get("phase") in ("finished", "error"):
                        break
        return events

    # --- the Jupyter server's contents API ---------------------------------------------------

    def _headers(self) -> dict[str, str]:
        return {"X-XSRFToken": self.xsrf}

    def get(self, path: str, **params: str) -> requests.Response:
        """Read a file or folder model from the learner's server."""
        return self.session.get(f"{self.base}api/contents/{quote(path)}", params=params, timeout=30)

    def save_notebook(self, path: str, notebook: nbformat.NotebookNode) -> None:
        """Save a notebook into the learner's folder, as JupyterLab's Save does."""
        model = {"type": "notebook", "format": "json", "content": notebook}
        answer = self.session.put(
            f"{self.base}api/contents/{quote(path)}",
            json=model,
            headers=self._headers(),
            timeout=30,
        )
        answer.raise_for_status()

    def read_notebook(self, path: str) -> nbformat.NotebookNode:
        """Read a notebook from the learner's folder."""
        answer = self.get(path, type="notebook", content="1")
        answer.raise_for_status()
        return nbformat.from_dict(answer.json()["content"])

    # --- running a notebook in the learner's own kernel ----------------------------------------

    def run_notebook(
        self, path: str, timeout: float = 180
    ) -> tuple[list[list[dict[str, Any]]], str]:
        """Run every code cell of a notebook in a new kernel in the learner's server.

        Returns each code cell's outputs (as the kernel sent them) and the kernel's id.
        """
        notebook = self.read_notebook(path)
        answer = self.session.post(
            f"{self.base}api/sessions",
            json={
                "path": path,
                "type": "notebook",
                "name": path.rsplit("/", 1)[-1],
                "kernel": {"name": "python3"},
            },
            headers=self._headers(),
            timeout=60,
        )
        answer.raise_for_status()
        kernel = answer.json()["kernel"]["id"]
        address = self.base.replace("http://", "ws://") + f"api/kernels/{kernel}/channels"
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.session.cookies)
        connection = websocket.create_connection(
            address, cookie=cookie, header=[f"X-XSRFToken: {self.xsrf}"], timeout=timeout
        )
        try:
            outputs = [
                _execute(connection, cell.source, timeout)
                for cell in notebook.cells
                if cell.cell_type == "code"
            ]
        finally:
            connection.close()
        return outputs, kernel


def _execute(connection: websocket.WebSocket, code: str, timeout: float) -> list[dict[str, Any]]:
    """Run one cell's code; return its outputs once the kernel is idle again."""
    msg_id = uuid.uuid4().hex
    connection.send(
        json.dumps(
            {
                "header": {
                    "msg_id": msg_id,
                    "msg_type": "execute_request",
                    "username": "learner",
                    "session": uuid.uuid4().hex,
                    "version": "5.3",
                    "date": "",
                },
                "parent_header": {},
                "metadata": {},
                "content": {
                    "code": code,
                    "silent": False,
                    "store_history": True,
                    "user_expressions": {},
                    "allow_stdin": False,
                    "stop_on_error": True,
                },
                "channel": "shell",
                "buffers": [],
            }
        )
    )
    outputs: list[dict[str, Any]] = []
    replied = idle = False
    deadline = time.monotonic() + timeout
    while not (replied and idle):
        if time.monotonic() > deadline:
            raise TimeoutError(f"a cell did not finish within {timeout} s:\n{code[:200]}")
        message = json.loads(connection.recv())
        if message.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = message["header"]["msg_type"]
        if message.get("channel") == "shell" and kind == "execute_reply":
            replied = True
        elif kind == "status" and message["content"].get("execution_state") == "idle":
            idle = True
        elif kind in ("stream", "execute_result", "display_data", "error"):
            outputs.append({"output_type": kind, **message["content"]})
    return outputs
