"""Fetching a web page for File → Import from Web… and `studydesk import URL`.

The standard library's urllib is enough: one GET with a timeout, a size limit
read in chunks (so Cancel is honoured and a 2 GB download is refused early),
and a message for each way it fails — offline, no such host, 404, not a web
page — that names the address.
"""

from __future__ import annotations

import http.client
import re
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from app import __version__
from app.core.errors import ArticleImportError, ImportCancelled

TIMEOUT_SECONDS = 20.0
_CHUNK = 64 * 1024
_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class FetchedPage:
    url: str  # where the page was found, after redirects
    data: bytes
    charset: str | None  # from the Content-Type header, if it names one


def normalise_url(text: str) -> str:
    """An address as typed ("example.org/page") as a full http(s) URL; refuses others."""
    url = text.strip()
    if not url:
        raise ArticleImportError("Type the address of a web page (for example https://…).")
    if "://" not in url:
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:(?!\d)", url):  # mailto:, javascript:, …
            raise ArticleImportError(f"{url} is not a web address (http:// or https://).")
        url = "https://" + url
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ArticleImportError(f"{text.strip()} is not a web address (http:// or https://).")
    return url


def fetch_page(url: str, *, max_bytes: int, timeout: float = TIMEOUT_SECONDS,
               cancelled: Callable[[], bool] = lambda: False) -> FetchedPage:
    """GET a web page; ArticleImportError (naming the URL) for anything that is not one."""
    url = normalise_url(url)
    request = urllib.request.Request(url, headers={
        "User-Agent": f"StudyDesk/{__version__} (article import)",
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            content_type = response.headers.get_content_type()
            if content_type not in _HTML_TYPES:
                raise ArticleImportError(
                    f"{url} is not a web page (the server sent {content_type}); "
                    "download the file and use File → Import Article… instead.")
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise ArticleImportError(_too_large(url, int(length), max_bytes))
            chunks: list[bytes] = []
            size = 0
            while chunk := response.read(_CHUNK):
                if cancelled():
                    raise ImportCancelled(url)
                size += len(chunk)
                if size > max_bytes:
                    raise ArticleImportError(_too_large(url, size, max_bytes))
                chunks.append(chunk)
            return FetchedPage(response.geturl(), b"".join(chunks),
                               response.headers.get_content_charset())
    except (http.client.InvalidURL, ValueError) as exc:
        raise ArticleImportError(f"{url} is not a valid web address.") from exc
    except urllib.error.HTTPError as exc:
        reason = "the page does not exist (404)" if exc.code == 404 else \
            f"the server answered {exc.code} {exc.reason}"
        raise ArticleImportError(f"{url} cannot be imported: {reason}.") from exc
    except urllib.error.URLError as exc:
        raise ArticleImportError(f"{url} cannot be reached: {_reason(exc.reason)}.") from exc
    except TimeoutError as exc:
        raise ArticleImportError(
            f"{url} did not answer within {timeout:.0f} seconds; try again later.") from exc
    except (ConnectionError, ssl.SSLError, OSError) as exc:
        raise ArticleImportError(f"{url} cannot be reached: {_reason(exc)}.") from exc


def _too_large(url: str, size: int, max_bytes: int) -> str:
    return (f"{url} is too large ({size / 1_048_576:.1f} MB); "
            f"pages up to {max_bytes // 1_048_576} MB can be imported.")


def _reason(reason: object) -> str:
    if isinstance(reason, socket.gaierror):
        return "no such server, or you are offline"
    if isinstance(reason, ConnectionRefusedError):
        return "the server refused the connection"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "it did not answer in time"
    if isinstance(reason, ssl.SSLError):
        return f"its secure connection failed ({reason.reason or reason})"
    text = getattr(reason, "strerror", None) or str(reason)
    return text or "unknown network error"
