"""Talking to a Learning Record Store: the xAPI statements resource, nothing more.

Why only the protocol: any conformant LRS (Ralph, Learning Locker, SCORM Cloud,
Moodle's log store) then works the same. httpx does the HTTP; every failure
becomes an `LrsError` whose `reason` tells the outbox what to do (wait and
retry when offline, stop and ask when the credentials or the address are wrong,
set a statement aside when the LRS refuses it) and whose message quotes the LRS.
Only 200 and 204 mean stored: a redirect or a conflict stores nothing.
Queries ask for `PAGE_LIMIT` statements a page: the LRS gives at most its own
maximum (Ralph's RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT, 100 unless configured)
and a `more` link for the rest, so a large limit costs nothing where the server
caps it and saves round trips where it does not. (Not 0, "the server's maximum"
in xAPI: Ralph's Elasticsearch backend then returns no statements at all.)
"""

from __future__ import annotations

import functools
import json
import ssl
from collections.abc import Iterator, Sequence
from typing import Any, Self

import httpx

from app.core.errors import LrsError

XAPI_VERSION = "1.0.3"
TIMEOUT_S = 15.0
PAGE_LIMIT = 10_000


@functools.cache
def _tls() -> ssl.SSLContext:
    """One TLS context for every client: building one loads every CA certificate of
    the system (~0.15 s), which each send, check or results fetch paid again."""
    return httpx.create_ssl_context()


class LrsClient:
    def __init__(self, endpoint: str, key: str, secret: str,
                 timeout: float = TIMEOUT_S) -> None:
        self.endpoint = endpoint.rstrip("/") + "/"
        self._http = httpx.Client(auth=(key, secret), timeout=timeout, verify=_tls(),
                                  headers={"X-Experience-API-Version": XAPI_VERSION})

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _request(self, method: str, url: str, **kw: Any) -> httpx.Response:
        try:
            response = self._http.request(method, url, **kw)
        except httpx.TimeoutException as exc:
            raise LrsError("offline", f"The LRS at {self.endpoint} did not answer in time "
                                      f"({exc.__class__.__name__}).") from exc
        except httpx.HTTPError as exc:
            raise LrsError("offline", f"The LRS at {self.endpoint} cannot be reached: "
                                      f"{exc}.") from exc
        if response.status_code in (401, 403):
            raise LrsError("credentials", f"The LRS at {self.endpoint} refused the key and "
                                          f"secret (HTTP {response.status_code}). Check them "
                                          "in Settings → Class.")
        if response.status_code >= 500:
            raise LrsError("offline", f"The LRS at {self.endpoint} has a problem of its own "
                                      f"(HTTP {response.status_code}): {_message(response)}")
        if 300 <= response.status_code < 400:
            moved = response.headers.get("location", "another address")
            raise LrsError("address", f"The LRS at {self.endpoint} has moved to {moved}: "
                                      "update the address in Settings → Class.")
        if response.status_code == 413:
            raise LrsError("too-large", f"The LRS at {self.endpoint} takes smaller requests "
                                        f"(HTTP 413): {_message(response)}")
        if response.status_code in (404, 405):
            raise LrsError("address", f"{self.endpoint} is not an LRS's xAPI address (HTTP "
                                      f"{response.status_code}): check it in Settings → Class.")
        return response

    def post_statements(self, statements: Sequence[dict[str, Any]]) -> None:
        """Store a batch; a batch the LRS already holds counts as stored."""
        self.post_statement_texts([json.dumps(s) for s in statements])

    def post_statement_texts(self, texts: Sequence[str]) -> None:
        """`post_statements` for statements already in JSON (the outbox keeps them so):
        the body is joined, not parsed and written again."""
        response = self._request("POST", self.endpoint + "statements",
                                 content="[" + ",".join(texts) + "]",
                                 headers={"Content-Type": "application/json"})
        if response.status_code not in (200, 204):
            # 409: a statement with one of these ids but other content is stored already;
            # the LRS then stores none of the batch, so it is a refusal, not a success
            raise LrsError("refused", f"The LRS refused the results (HTTP "
                                      f"{response.status_code}): {_message(response)}")

    def statements(self, **params: str) -> Iterator[dict[str, Any]]:
        """Every statement matching the xAPI query `params`, following `more` links."""
        url: str | None = self.endpoint + "statements"
        query: dict[str, str] | None = {"limit": str(PAGE_LIMIT), **params}
        while url:
            response = self._request("GET", url, params=query)
            if response.status_code != 200:
                raise LrsError("refused", f"The LRS refused the query (HTTP "
                                          f"{response.status_code}): {_message(response)}")
            try:
                page = response.json()
            except ValueError as exc:
                raise LrsError("address", f"{self.endpoint} did not answer as an LRS does "
                                          "(no JSON): check the address.") from exc
            yield from page.get("statements", [])
            more = page.get("more")
            url = str(httpx.URL(self.endpoint).join(more)) if more else None
            query = None


def _message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:300] or response.reason_phrase
    if isinstance(body, dict):
        detail = body.get("detail") or body.get("message") or body
        return str(detail)[:300]
    return str(body)[:300]
