"""A small client for a JupyterHub's REST API and its learners' Jupyter servers.

``planlab collect``, ``planlab return`` and ``planlab hub-release`` use it with a trainer's
token, so they work the same on a hub on one server (The Littlest JupyterHub) and on
Kubernetes (Zero to JupyterHub): everything goes through the hub's public address. Only
the standard library is used.

Runs in: the trainer's shell. The endpoints are JupyterHub's REST API (``/hub/api``) and
each learner's Jupyter server's contents API (``/user/<name>/api/contents``), reached
through the hub's proxy with the same token (scope ``access:servers``). What goes wrong is
raised as a :class:`~planlab.errors.HubError`. Last checked
December 2026 against JupyterHub 6.1.1 and jupyter_server 2.21.
"""

from __future__ import annotations

import contextlib
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from planlab.errors import (
    HubError,
    HubFileMissingError,
    HubTokenError,
    HubUnreachableError,
    LearnerServerError,
)

__all__ = [
    "HUB_TIMEOUT",
    "HubClient",
    "RemoteFile",
]

#: Seconds to wait for one answer from the hub or a learner's server.
HUB_TIMEOUT = 20.0


@dataclass(frozen=True)
class RemoteFile:
    """A file read from a learner's folder on the hub.

    Attributes
    ----------
    text
        The file's contents, exactly as stored.
    last_modified
        When it was last saved, as the server reports it (ISO 8601, UTC).
    """

    text: str
    last_modified: str


class HubClient:
    """Talk to one hub with one token.

    Parameters
    ----------
    url
        The hub's public address, as learners open it (``http://127.0.0.1:8000``).
    token
        A trainer's API token, or a service's.
    timeout
        Seconds to wait for each answer.
    """

    def __init__(self, url: str, token: str, timeout: float = HUB_TIMEOUT) -> None:
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise HubError(
                f"{url!r} is not a hub address: give it as the learners open it, starting "
                "with https:// (or http:// on this computer), such as https://hub.example.org."
            )
        if not token.strip():
            raise HubError(f"No token was given for the hub at {url}. {HubTokenError.NEW_TOKEN}")
        self.url = url.strip().rstrip("/")
        self._token = token.strip()
        self.timeout = timeout

    # --- the hub's REST API --------------------------------------------------------------

    def check(self) -> dict[str, Any]:
        """Check that the hub answers and accepts the token; return who the token is.

        Raises
        ------
        HubUnreachableError
            If nothing answers at the hub's address.
        HubTokenError
            If the hub refuses the token.
        """
        return dict(self._json("GET", "/hub/api/user"))

    def user(self, learner: str) -> dict[str, Any] | None:
        """Return a user's model from the hub, or None when there is no such user."""
        status, body = self._call("GET", f"/hub/api/users/{quote(learner, safe='')}")
        if status == 404:
            return None
        self._raise_for(status, body, f"/hub/api/users/{learner}")
        return dict(json.loads(body))

    def users(self) -> list[dict[str, Any]]:
        """Return every user on the hub."""
        return list(self._json("GET", "/hub/api/users"))

    def server_path(self, learner: str) -> str:
        """Return the path of a learner's running server, such as ``/user/amina/``.

        Raises
        ------
        LearnerServerError
            If the learner is not on the hub, or has no running server.
        """
        model = self.user(learner)
        if model is None:
            raise LearnerServerError(
                learner,
                "is not a user on the hub: they have never logged in, or their user name "
                "there differs from the roster's (the roster's learner column must be "
                "their hub user name).",
            )
        server = (model.get("servers") or {}).get("")
        if not server or not server.get("ready"):
            raise LearnerServerError(
                learner,
                "has no running server on the hub, so their folder cannot be reached. Ask "
                "them to log in, or start it from the hub's Admin page, or run the command "
                "again with --start-servers.",
            )
        return str(server["url"])

    def start_server(self, learner: str, wait: float = 60.0) -> str:
        """Start a learner's server if it is stopped, wait until it is ready, return its path."""
        try:
            return self.server_path(learner)
        except LearnerServerError:
            if self.user(learner) is None:
                raise
        status, body = self._call("POST", f"/hub/api/users/{quote(learner, safe='')}/server")
        if status not in (201, 202, 400):  # 400: already starting
            self._raise_for(status, body, f"/hub/api/users/{learner}/server")
        deadline = time.monotonic() + wait
        while True:
            try:
                return self.server_path(learner)
            except LearnerServerError:
                if time.monotonic() > deadline:
                    raise LearnerServerError(
                        learner,
                        f"their server did not start within {wait:.0f} s. Look at the hub's "
                        "log for why (on The Littlest JupyterHub: sudo journalctl -u jupyterhub).",
                    ) from None
                time.sleep(0.5)

    # --- a learner's files, through their server's contents API ---------------------------

    def read_file(self, learner: str, path: str) -> RemoteFile:
        """Read a text file (such as a notebook) from a learner's folder, unchanged.

        Raises
        ------
        LearnerServerError
            If the learner has no running server.
        HubFileMissingError
            If the file is not there.
        """
        where = self._contents(learner, path) + "?type=file&format=text&content=1"
        status, body = self._call("GET", where)
        if status == 404:
            raise HubFileMissingError(learner, path)
        self._raise_for(status, body, where)
        model = json.loads(body)
        return RemoteFile(str(model["content"]), str(model.get("last_modified", "")))

    def write_file(self, learner: str, path: str, text: str) -> None:
        """Write a text file into a learner's folder, making its folders as needed."""
        folders = path.split("/")[:-1]
        for depth in range(1, len(folders) + 1):
            folder = "/".join(folders[:depth])
            where = self._contents(learner, folder)
            status, _ = self._call("GET", where + "?content=0")
            if status == 404:
                status, body = self._call("PUT", where, {"type": "directory"})
                self._raise_for(status, body, where)
        where = self._contents(learner, path)
        model = {"type": "file", "format": "text", "content": text}
        status, body = self._call("PUT", where, model)
        self._raise_for(status, body, where)

    # --- plumbing --------------------------------------------------------------------------

    def _contents(self, learner: str, path: str) -> str:
        server = self.server_path(learner).rstrip("/")
        return f"{server}/api/contents/{quote(path.strip('/'))}"

    def _json(self, method: str, path: str) -> Any:
        status, body = self._call(method, path)
        self._raise_for(status, body, path)
        return json.loads(body)

    def _call(self, method: str, path: str, payload: object = None) -> tuple[int, bytes]:
        """Send one request; return its status and body. Only 'no answer' raises."""
        data = None if payload is None else json.dumps(payload).encode("utf-8")
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Authorization", f"token {self._token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                return int(answer.status), bytes(answer.read())
        except urllib.error.HTTPError as error:
            return int(error.code), bytes(error.read() or b"")
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            reason = getattr(error, "reason", error)
            raise HubUnreachableError(self.url, str(reason) or type(error).__name__) from None

    def _raise_for(self, status: int, body: bytes, path: str) -> None:
        """Raise the error a failed answer stands for; do nothing for success."""
        if status < 300:
            return
        if status in (401, 403):
            raise HubTokenError(self.url, status)
        if status in (502, 503, 504):
            raise HubUnreachableError(self.url, f"HTTP {status} for {path}")
        detail = body.decode("utf-8", "replace")[:300]
        with contextlib.suppress(ValueError, AttributeError):
            detail = str(json.loads(body).get("message", detail))
        raise HubError(f"The hub at {self.url} answered HTTP {status} for {path}: {detail}")
