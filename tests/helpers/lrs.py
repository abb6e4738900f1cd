"""A real Learning Record Store for the tests: Ralph (MIT), started on 127.0.0.1.

Ralph runs as a subprocess (`tests/helpers/ralph_server.py`) with its file-system
backend in a temporary folder and HTTP basic auth from a credentials file, and
is stopped after the tests that use it. An in-memory keyring stands in for the
system keyring, which a headless test machine does not have.
"""

from __future__ import annotations

import functools
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import keyring
import pytest
from keyring.backend import KeyringBackend

USERS = {"student1": "secret-1", "student2": "secret-2", "student3": "secret-3",
         "ann": "a", "bob": "b", "cem": "c", "dee": "d", "eve": "e", "instructor": "teach"}


@dataclass(frozen=True)
class Lrs:
    endpoint: str          # the xAPI endpoint, ending in /xAPI/
    process: subprocess.Popen
    data_dir: Path


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    try:
        yield ring
    finally:
        keyring.set_keyring(previous)


@functools.cache
def local_http() -> httpx.Client:
    """One HTTP client for the tests' own requests to servers on 127.0.0.1 (polling Ralph
    until it answers, reading what it stored). `httpx.get` makes a client, and with it an
    SSL context that loads every CA certificate (~0.15 s of CPU), on each call — most of
    what starting Ralph cost the suite."""
    return httpx.Client(timeout=10)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_ralph(folder: Path, port: int | None = None, max_hits: int = 100) -> Lrs:
    """Ralph on 127.0.0.1 in `folder`; `max_hits` is the most statements it gives per
    page (RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT; 100 is Ralph's default, so the tests
    follow `more` links as a client of a default Ralph must)."""
    import bcrypt

    folder.mkdir(parents=True, exist_ok=True)
    credentials = [{"username": name, "hash": bcrypt.hashpw(secret.encode(), bcrypt.gensalt(4))
                    .decode(), "scopes": ["all"],
                    "agent": {"mbox": f"mailto:{name}@lrs.example.org", "objectType": "Agent"}}
                   for name, secret in USERS.items()]
    (folder / "auth.json").write_text(json.dumps(credentials))
    (folder / "data").mkdir(exist_ok=True)
    port = port or free_port()
    env = {**os.environ, "RALPH_AUTH_FILE": str(folder / "auth.json"),
           "RALPH_RUNSERVER_BACKEND": "fs", "RALPH_APP_DIR": str(folder / "app"),
           "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder / "data"),
           "RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT": str(max_hits)}
    log = (folder / "ralph.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.ralph_server", "127.0.0.1", str(port)],
        env=env, stdout=log, stderr=log, cwd=Path(__file__).resolve().parents[2])
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Ralph exited: {(folder / 'ralph.log').read_text()}")
        try:
            if local_http().get(f"{base}/__heartbeat__", timeout=1).status_code == 200:
                return Lrs(f"{base}/xAPI/", process, folder / "data")
        except httpx.HTTPError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("Ralph did not start within 60 s")


def stop_ralph(lrs: Lrs) -> None:
    lrs.process.terminate()
    try:
        lrs.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        lrs.process.kill()


@pytest.fixture(scope="module")
def ralph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lrs]:
    lrs = start_ralph(tmp_path_factory.mktemp("ralph"))
    try:
        yield lrs
    finally:
        stop_ralph(lrs)


def stored_statements(lrs: Lrs, **params: str) -> list[dict]:
    """What the LRS holds (as the instructor sees it), following `more` links."""
    out: list[dict] = []
    url: str | None = lrs.endpoint + "statements"
    query: dict[str, str] | None = {"limit": "500", **params}
    while url:
        page = local_http().get(url, params=query, auth=("instructor", USERS["instructor"]),
                                headers={"X-Experience-API-Version": "1.0.3"}).json()
        out += page["statements"]
        url = str(httpx.URL(lrs.endpoint).join(page["more"])) if page.get("more") else None
        query = None
    return out
