"""Start the Ralph LRS (as `ralph runserver` does) with two mends to its file backend.

Ralph's file-system backend (meant for development; institutions run it on
Elasticsearch, MongoDB or ClickHouse) has two faults that a real client meets:
- it writes each POST with the "create" operation, which refuses to write to its
  statements file once it exists, so only the first POST of a run would be
  stored; the test LRS uses Ralph's own "append" operation instead;
- its `activity` and `verb` filters compare the stored id with the parsed IRI
  object rather than its text, so they never match; the test LRS passes the text.
Everything else is Ralph unchanged.
Run as `python -m tests.helpers.ralph_server HOST PORT` with Ralph's settings in
the environment.
"""

from __future__ import annotations

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

_activity_filter = FSLRSBackend._add_filter_by_activity
_verb_filter = FSLRSBackend._add_filter_by_verb


def _text(iri: object) -> str | None:
    return str(iri) if iri is not None else None


def _activity_filter_by_text(filters: list, object_id: object, related: bool | None) -> None:
    _activity_filter(filters, _text(object_id), related)


def _verb_filter_by_text(filters: list, verb_id: object) -> None:
    _verb_filter(filters, _text(verb_id))


if __name__ == "__main__":
    FSLRSBackend.default_operation_type = BaseOperationType.APPEND
    FSLRSBackend._add_filter_by_activity = staticmethod(_activity_filter_by_text)
    FSLRSBackend._add_filter_by_verb = staticmethod(_verb_filter_by_text)
    uvicorn.run("ralph.api:app", host=sys.argv[1], port=int(sys.argv[2]), log_level="warning")
