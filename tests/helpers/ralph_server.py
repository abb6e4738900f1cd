"""Start the Ralph LRS (as `ralph runserver` does) with one setting changed.

Ralph's file-system backend writes each POST with the "create" operation, which
refuses to write to its statements file once it exists, so only the first POST
of a run would be stored. Ralph's own backends support "append" for files; the
test LRS uses it, so every POST is appended. Everything else is Ralph unchanged.
Run as `python -m tests.helpers.ralph_server HOST PORT` with Ralph's settings in
the environment.
"""

from __future__ import annotations

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

if __name__ == "__main__":
    FSLRSBackend.default_operation_type = BaseOperationType.APPEND
    uvicorn.run("ralph.api:app", host=sys.argv[1], port=int(sys.argv[2]), log_level="warning")
