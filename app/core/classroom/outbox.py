"""Results waiting for the class's LRS: queued with the attempt, sent when possible.

Why a queue in the collection: a student is often offline. The statements of an
attempt are written in the same transaction as the attempt itself, so a result
can never be recorded without being queued (or queued without being recorded).
Sending happens later, in the background, in batches; a batch that fails waits
longer each time (backoff), and one statement the LRS refuses is set aside with
the LRS's message instead of blocking the others. Each statement keeps its id,
so resending after a lost reply is harmless.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from app.core.changes import Change
from app.core.errors import LrsError
from app.core.storage.collection import Collection

if TYPE_CHECKING:  # the HTTP client is loaded only where something is sent
    from app.core.classroom.lrs import LrsClient

# Why these sizes: a POST costs the LRS a look-up of the ids it holds (Ralph's file
# backend reads its whole file each time), so fewer, larger batches send far faster;
# 900 kB stays under the 1 MB request limit common in front of LRSs (nginx's default).
MAX_BATCH_STATEMENTS = 1000
MAX_BATCH_BYTES = 900_000
MAX_BACKOFF_S = 3600.0


def enqueue(col: Collection, statements: Sequence[dict[str, Any]],
            attempt_id: int | None = None) -> None:
    """Put statements in the outbox, in order. Writes only: the caller's transaction
    (the attempt's, the review's) declares what changed, so a result and its queued
    statements are committed or rolled back together. A statement already queued
    (same id) stays as it is."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    col.executemany(
        "INSERT OR IGNORE INTO xapi_outbox (id, attempt_id, seq, statement, queued_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [(s["id"], attempt_id, i, json.dumps(s), now) for i, s in enumerate(statements)])


@dataclass(frozen=True)
class OutboxStatus:
    waiting: int
    reason: str | None = None   # offline | credentials | address | refused | None (not tried)
    message: str = ""

    def text(self) -> str:
        """The status bar's words: "3 results waiting to be sent — the LRS cannot be reached"."""
        if not self.waiting:
            return ""
        noun = "result" if self.waiting == 1 else "results"
        why = {"offline": "the LRS cannot be reached",
               "credentials": "check the LRS key and secret in Settings → Class",
               "address": "check the LRS address in Settings → Class",
               "refused": f"the LRS refused one: {self.message}"}.get(self.reason or "", "")
        return f"{self.waiting} {noun} waiting to be sent" + (f" — {why}" if why else "")


def outbox_status(col: Collection) -> OutboxStatus:
    waiting = col.execute("SELECT COUNT(*) FROM xapi_outbox WHERE sent_at IS NULL").fetchone()[0]
    row = col.execute("SELECT last_error FROM xapi_outbox WHERE sent_at IS NULL AND "
                      "last_error IS NOT NULL ORDER BY next_try_at DESC LIMIT 1").fetchone()
    if not row:
        return OutboxStatus(waiting)
    error = json.loads(row[0])
    return OutboxStatus(waiting, error["reason"], error["message"])


@dataclass(frozen=True)
class SendReport:
    sent: int
    waiting: int
    error: LrsError | None = None


Row = tuple[str, str, int]  # statement id, statement JSON, tries so far


def next_batch(col: Collection, force: bool = False, now: float | None = None,
               limit: int = MAX_BATCH_STATEMENTS, max_bytes: int = MAX_BATCH_BYTES) -> list[Row]:
    """The statements due to be sent (all waiting ones with `force`), oldest first: at most
    `limit` of them and `max_bytes` of JSON (always at least one)."""
    now = time.time() if now is None else now
    sql = ("SELECT id, statement, tries FROM xapi_outbox WHERE sent_at IS NULL"
           + ("" if force else " AND next_try_at <= ?") + " ORDER BY queued_at, attempt_id, seq"
           " LIMIT ?")
    rows: list[Row] = []
    size = 0
    for row in col.execute(sql, [limit] if force else [now, limit]):
        size += len(row[1]) + 1
        if rows and size > max_bytes:
            break
        rows.append(tuple(row))
    return rows


@dataclass(frozen=True)
class BatchOutcome:
    sent: tuple[str, ...]
    failed: tuple[tuple[Row, LrsError], ...]

    @property
    def stop(self) -> LrsError | None:
        """The error that should stop this round (offline, credentials), if any."""
        return next((e for _, e in self.failed if e.reason != "refused"), None)


def post_batch(client: LrsClient, rows: list[Row]) -> BatchOutcome:
    """Network only (safe off the GUI thread): post the batch. If the LRS refuses it (one
    bad statement spoils an xAPI batch) or finds it too large, post each half in turn,
    so the refused statements are found in a few requests and the rest is sent."""
    try:
        client.post_statement_texts([text for _, text, _ in rows])
        return BatchOutcome(tuple(r[0] for r in rows), ())
    except LrsError as exc:
        if exc.reason not in ("refused", "too-large"):
            return BatchOutcome((), tuple((r, exc) for r in rows))
        if len(rows) == 1:
            refused = exc if exc.reason == "refused" else LrsError("refused", str(exc))
            return BatchOutcome((), ((rows[0], refused),))
    half = len(rows) // 2
    first = post_batch(client, rows[:half])
    if first.stop:  # went offline meanwhile: the rest waits too
        return BatchOutcome(first.sent, first.failed + tuple((r, first.stop)
                                                             for r in rows[half:]))
    second = post_batch(client, rows[half:])
    return BatchOutcome(first.sent + second.sent, first.failed + second.failed)


def record_outcome(col: Collection, outcome: BatchOutcome, now: float | None = None) -> None:
    """Mark what was sent; what failed waits longer each time (backoff), with the reason."""
    now = time.time() if now is None else now
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    with col.transaction(Change.QUIZZES):
        col.executemany("UPDATE xapi_outbox SET sent_at = ?, last_error = NULL WHERE id = ?",
                        [(stamp, i) for i in outcome.sent])
        col.executemany(
            "UPDATE xapi_outbox SET tries = ?, next_try_at = ?, last_error = ? WHERE id = ?",
            [(tries + 1, now + min(MAX_BACKOFF_S, 30.0 * 2 ** tries),
              json.dumps({"reason": error.reason, "message": str(error)}), sid)
             for (sid, _, tries), error in outcome.failed])


def send_pending(col: Collection, client: LrsClient, force: bool = False,
                 now: float | None = None) -> SendReport:
    """Send what is due (everything with `force`, e.g. "Send now"); never raises for the
    LRS's sake: the report says what was sent and why the rest waits."""
    now = time.time() if now is None else now
    sent, error, tried = 0, None, set()
    while rows := [r for r in next_batch(col, force, now) if r[0] not in tried]:
        tried.update(r[0] for r in rows)
        outcome = post_batch(client, rows)
        record_outcome(col, outcome, now)
        sent += len(outcome.sent)
        if outcome.failed:
            error = outcome.stop or outcome.failed[0][1]
        if outcome.stop:
            break
    return SendReport(sent, outbox_status(col).waiting, error)
