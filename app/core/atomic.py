"""Writing a file all at once or not at all.

Why: a deck file, a results CSV or an .apkg that is half written (disk full,
an error half-way, a crash) is worse than the old file or none. Every writer
fills a temporary file in the target's own folder (so the final rename never
crosses file systems) and renames it over the target with `os.replace`, which
is atomic; whatever happens, the temporary file is removed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


def _temp_name(path: Path) -> Path:
    """A hidden, unique sibling of `path` (several writers never share one)."""
    return path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")


@contextmanager
def atomic_file(path: str | os.PathLike[str], mode: str = "w", **open_kwargs: Any
                ) -> Iterator[IO[Any]]:
    """Yield an open temporary file that replaces `path` only if the block succeeds.

    `mode` is "w" (text; pass `encoding`, `newline`) or "wb". The file is created
    with the usual permissions (umask), or those of the file it replaces.
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_file writes whole files: mode 'w' or 'wb', not {mode!r}")
    path = Path(path)
    tmp = _temp_name(path)
    try:
        with open(tmp, mode.replace("w", "x"), **open_kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            shutil.copymode(path, tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_text_atomic(path: str | os.PathLike[str], text: str, encoding: str = "utf-8",
                      newline: str | None = "\n") -> None:
    """Replace `path` with `text` in one step (line ends written as `newline`)."""
    with atomic_file(path, "w", encoding=encoding, newline=newline) as fh:
        fh.write(text)
