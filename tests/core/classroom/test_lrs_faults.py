"""An LRS that accepts the connection but never answers, and one behind a proxy that
takes only small requests: clear words, nothing lost, everything stored once."""

from __future__ import annotations

import http.server
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.core.classroom.lrs import LrsClient
from app.core.classroom.outbox import outbox_status, send_pending
from tests.helpers.classroom import student_collection, take_quiz
from tests.helpers.lrs import USERS, Lrs, local_http, stored_statements


@contextmanager
def silent_server() -> Iterator[str]:
    """A TCP server on 127.0.0.1 that accepts connections and never says a word."""
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/xAPI/"
    finally:
        stop.set()
        thread.join(timeout=5)
        for conn in held:
            conn.close()
        listener.close()


@contextmanager
def size_limited_proxy(lrs: Lrs, max_body: int) -> Iterator[tuple[str, list[int]]]:
    """A proxy in front of Ralph that refuses request bodies over `max_body` bytes with
    413, as nginx's client_max_body_size does; yields its endpoint and each POST's status."""
    statuses: list[int] = []

    class Proxy(http.server.BaseHTTPRequestHandler):
        def _relay(self, body: bytes | None) -> None:
            upstream = local_http().request(
                self.command, lrs.endpoint.removesuffix("/xAPI/") + self.path, content=body,
                timeout=30, headers={k: v for k, v in self.headers.items()
                                     if k.lower() not in ("host", "content-length")})
            self.send_response(upstream.status_code)
            self.send_header("Content-Type", upstream.headers.get("content-type", "text/plain"))
            self.send_header("Content-Length", str(len(upstream.content)))
            self.end_headers()
            self.wfile.write(upstream.content)

        def do_GET(self) -> None:
            self._relay(None)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length)
            if length > max_body:
                statuses.append(413)
                message = b"413 Request Entity Too Large"
                self.send_response(413)
                self.send_header("Content-Length", str(len(message)))
                self.end_headers()
                self.wfile.write(message)
                return
            self._relay(body)
            statuses.append(200)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/xAPI/", statuses
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_an_lrs_that_never_answers_times_out_and_keeps_the_results(
        tmp_path: Path, ralph: Lrs, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    col = student_collection(tmp_path, "student1", ralph.endpoint)
    try:
        take_quiz(col, [True, False, True, True, False, True])
        waiting = outbox_status(col).waiting
        with silent_server() as endpoint, LrsClient(endpoint, "student1", USERS["student1"],
                                                    timeout=0.5) as client:
            report = send_pending(col, client)
        assert report.sent == 0 and report.error is not None
        assert report.error.reason == "offline"
        assert "did not answer in time" in str(report.error) and endpoint in str(report.error)
        status = outbox_status(col)
        assert status.waiting == waiting
        assert status.text() == f"{waiting} results waiting to be sent — the LRS cannot be reached"
        with LrsClient(ralph.endpoint, "student1", USERS["student1"]) as client:
            assert send_pending(col, client, force=True).sent == waiting
        assert outbox_status(col).waiting == 0
    finally:
        col.close()


def test_batches_too_large_for_the_lrs_are_halved_until_they_pass(
        tmp_path: Path, ralph: Lrs, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    col = student_collection(tmp_path, "student2", ralph.endpoint)
    try:
        for seed in (1, 2):
            take_quiz(col, [True, True, False, True, False, False], seed=seed)
        rows = col.execute("SELECT id, statement FROM xapi_outbox").fetchall()
        largest = max(len(text) for _, text in rows)
        with size_limited_proxy(ralph, max_body=3 * largest) as (endpoint, statuses), \
                LrsClient(endpoint, "student2", USERS["student2"]) as client:
            report = send_pending(col, client)
        assert report.error is None and report.sent == len(rows) and report.waiting == 0
        assert statuses[0] == 413 and statuses.count(200) > 1
        stored = stored_statements(ralph, agent=json.dumps(
            {"mbox": "mailto:student2@school.example.org"}))
        assert sorted(s["id"] for s in stored) == sorted(sid for sid, _ in rows)
    finally:
        col.close()
