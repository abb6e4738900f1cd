"""Plain text → Article. Plain text has no markup, so structure is read from layout
and wording, the way a person skimming the page would:

* a date line ("July 1, 2020") before the title is the date;
* the first short line without closing punctuation is the title;
* a "By …" line near the top is the byline;
* a line right after the title that reads like a photo caption (it ends with a
  dateline such as "Wednesday, Feb. 5, 2020." or names a photo credit) is the caption;
* a short line without closing punctuation (a question mark is allowed) between
  paragraphs is a heading; so is a short sentence standing alone before a long
  paragraph, unless it reads as prose (see `_is_sentence_heading`);
* a paragraph introduced by a line ending in ":" or "," — or opening with an
  ellipsis — is a block quote, as is a first-person passage right after a line
  that reports speech ("… told the plenary session …").
"""

from __future__ import annotations

import re

from app.core.articles.importers.front_matter import BYLINE, DATE_LINE, MONTH, fallback_title
from app.core.articles.importers.structure import HEADING_MAX_WORDS, Item, build_article
from app.core.articles.model import Article

_ENDS_WITH_DATELINE = re.compile(
    rf"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,\s+{MONTH}\s+\d{{1,2}},\s+\d{{4}}\.?\)?\s*$)"
    r"|\((?:AP|Reuters|AFP)?\s*Photo\b[^)]*\)\s*$|^(?:Photo|Image|Picture)\s*:", re.IGNORECASE)
_REPORTING = re.compile(r"\b(?:told|said|says|stated|states|explained|explains|declared|wrote|"
                        r"writes|announced|noted|put it)\b", re.IGNORECASE)


_UNWRAP_WORDS = 300  # a hard-wrapped "paragraph" this long probably hides several
_SENTENCE_END = (".", "!", "?", ":", ";", "\u201d", "\u2019", '"', "'", ")")


def _paragraphs(text: str) -> list[str]:
    """Paragraphs from lines: blank-line blocks when the text is hard-wrapped,
    otherwise one paragraph per line (as most saved web articles are)."""
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    lines_per_block = sum(len(b.strip().splitlines()) for b in blocks) / max(1, len(blocks))
    long_lines = sum(1 for line in text.splitlines() if len(line) > 100)
    if lines_per_block > 1.5 and long_lines == 0:
        width = _wrap_width(text)
        return [" ".join(line.strip() for line in par)
                for b in blocks for par in _unwrap(b.strip("\n").splitlines(), width)]
    return [line.strip() for line in text.splitlines() if line.strip()]


def _wrap_width(text: str) -> int:
    """The width the text was wrapped at: nearly every full line reaches it."""
    lengths = sorted(len(line.rstrip()) for line in text.splitlines() if line.strip())
    return lengths[int(len(lengths) * 0.95)] if lengths else 0


def _unwrap(lines: list[str], width: int) -> list[list[str]]:
    """Lines of one blank-line block, grouped into paragraphs.

    A long block (a text with no blank lines at all is one block) is cut where
    the author broke the line on purpose: an indented first line, or a line that
    ends a sentence (or is short, like a heading) although the next word would
    still have fitted on it.
    """
    if sum(len(line.split()) for line in lines) <= _UNWRAP_WORDS:
        return [lines]
    indents = sum(1 for line in lines if line[:1].isspace())
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        previous = paragraphs[-1][-1].rstrip() if paragraphs[-1] else ""
        words = line.split()
        if previous and words:
            indented = line[:1].isspace() and indents < len(lines) / 2
            room = len(previous) + 1 + len(words[0]) <= width
            ends = previous.endswith(_SENTENCE_END) or len(previous) < 0.6 * width
            if indented or (room and ends):
                paragraphs.append([])
        paragraphs[-1].append(line)
    return [p for p in paragraphs if any(line.strip() for line in p)]


def _is_heading_like(par: str) -> bool:
    words = par.split()
    if not words or len(words) > HEADING_MAX_WORDS:
        return False
    if par[-1] in ".,;:!\u201d\"'" or par[0] in "\u201c\"'(\u2026[-*":
        return False
    if re.search(r"[.!?,;:]\d{1,3}$", par):  # ends with a footnote marker: a sentence
        return False
    return par[0].isupper() or par[0].isdigit()


#: Words that tie a line to the sentence before it: such a line continues prose.
_CONTINUING = frozenset(re.findall(r"\w+", """he she it they we i you this that these those there here his her its
their our my your but and so then yet or nor also still now thus hence however such one
which who"""))
_SENTENCE_HEADING_MAX_WORDS = 12
_PROSE_MIN_WORDS = 40  # the paragraph a sentence-like heading introduces


def _is_sentence_heading(par: str, previous: str | None, following: str | None) -> bool:
    """A heading written as a sentence ("The harbour was rebuilt in a year."), found from
    layout: a short, single-sentence line standing alone, introducing a long paragraph,
    not quoted, not tied to the sentence before it, and not one of a run of short lines."""
    words = par.split()
    if not words or len(words) > _SENTENCE_HEADING_MAX_WORDS or par[-1] not in ".?":
        return False
    if par[0] in "\u201c\"'(\u2026[-*\u2018" or not (par[0].isupper() or par[0].isdigit()):
        return False
    if re.search(r"[.!?]\s", par) or par.count(",") > 1 or par.endswith(("...", "\u2026")):
        return False  # more than one sentence, a list of clauses, or trailing off
    if re.sub(r"\W", "", words[0]).casefold() in _CONTINUING:
        return False
    if following is None or len(following.split()) < _PROSE_MIN_WORDS:
        return False
    # not introduced like a quotation, nor one of several short lines
    return previous is None or not (previous.endswith((":", ",")) or
                                    len(previous.split()) <= _SENTENCE_HEADING_MAX_WORDS)


def _is_quote(par: str, previous: str | None) -> bool:
    if par.startswith(("\u2026", "...")):
        return True
    if previous is None:
        return False
    if previous.endswith((":", ",")):
        return True
    first_person = re.match(r"^(?:I|We)\b", par) is not None
    return first_person and _REPORTING.search(previous) is not None


def parse_text(text: str, source_name: str = "") -> Article:
    pars = _paragraphs(text)
    date = byline = caption = title = None
    i = 0
    while i < len(pars) and i < 4:  # the head of the page: date, title, byline
        par = pars[i]
        if date is None and DATE_LINE.match(par):
            date = par.strip()
        elif title is None and _is_heading_like(par):
            title = par.strip()
        elif title is not None and byline is None and BYLINE.match(par):
            byline = par.strip()
        else:
            break
        i += 1
    if title is not None and i < len(pars) and _ENDS_WITH_DATELINE.search(pars[i]):
        caption = pars[i]
        i += 1
    if title is None:
        title = fallback_title(pars, source_name)

    items: list[Item] = []
    body = pars[i:]
    for j, par in enumerate(body):
        previous = body[j - 1] if j else None
        following = body[j + 1] if j + 1 < len(body) else None
        prev_closes = previous is None or not previous.endswith((":", ","))
        if (_is_heading_like(par) and following is not None and prev_closes
                and not _is_heading_like(following)) or _is_sentence_heading(
                    par, previous, following):
            items.append(("heading", par))
        elif _is_quote(par, previous):
            items.append(("quote", par))
        else:
            items.append(("paragraph", par))
    return build_article(items, title=title, source_name=source_name, date=date,
                         byline=byline, caption=caption)
