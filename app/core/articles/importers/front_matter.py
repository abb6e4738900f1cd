"""Front matter every importer recognises the same way: date lines, bylines, a title
when the text has none.

Its own module because plain text, Markdown and HTML all read the lines above
the first paragraph with these rules, and one rule lives in one place.
"""

from __future__ import annotations

import re

MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
DATE_LINE = re.compile(
    rf"^\s*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    rf"(?:{MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\s*$",
    re.IGNORECASE)
BYLINE = re.compile(r"^\s*By\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,4}\s*$")


def fallback_title(pars: list[str], source_name: str) -> str:
    """No title line: name the article after its file, else its first words."""
    if source_name:
        stem = re.sub(r"\.[^.]+$", "", source_name)
        return re.sub(r"[-_]+", " ", stem).strip().capitalize() or "Untitled article"
    words = pars[0].split() if pars else []
    return " ".join(words[:8]) + ("…" if len(words) > 8 else "") if words else "Untitled article"
