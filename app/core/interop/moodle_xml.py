"""Moodle XML question banks → cards and one quiz (writing Moodle XML: `app.core.interop.moodle`).

Why lxml, hardened: a question bank is a file from elsewhere, so the parser
resolves no entities, reads no DTD and touches no network (no XXE, no billion
laughs), and a file with a DOCTYPE is refused outright — Moodle never writes
one. lxml (BSD, already needed by trafilatura) knows the line of every element,
so a malformed file or question is named by file and line.

Why GIFT's questions: Moodle XML and GIFT are two spellings of the same question
types, so each XML question becomes a `gift.Question` and the one conversion in
`app.core.interop.gift` makes the cards, the quiz and the list of what StudyDesk
cannot represent (essays, descriptions, partial credit, tolerances). Categories
become sections; images embedded as `@@PLUGINFILE@@` files become media.
"""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path
from urllib.parse import unquote

from app.core.errors import InteropError
from app.core.interop.gift import Answer, Question, convert_questions
from app.core.interop.htmltext import html_to_text
from app.core.interop.model import ImportedDeck, Skipped, digest_of

#: Moodle's question types and the GIFT kinds they are read as.
KINDS = {"multichoice": "mcq", "truefalse": "truefalse", "shortanswer": "short",
         "numerical": "numerical", "matching": "matching", "essay": "essay",
         "description": "description"}
_PLUGINFILE_REF = re.compile(r"@@PLUGINFILE@@/([^\"'<>\s]+)")


def looks_like_moodle_xml(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:2000]
    return head.startswith(("<?xml", "<quiz")) and "<quiz" in head


def _parser():  # type: ignore[no-untyped-def]
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True)


def moodle_xml_deck(path: Path, data: bytes) -> ImportedDeck:
    """Cards for every question StudyDesk can ask, and one quiz asking them in file order."""
    from lxml import etree

    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) and exc.lineno > 0 else None
        raise InteropError(path, f"is not well-formed XML ({exc.msg})", line) from exc
    if root.getroottree().docinfo.doctype:
        raise InteropError(path, "declares a DOCTYPE, which Moodle never writes (entities "
                                 "are not read): export the questions from Moodle again", 1)
    if root.tag != "quiz":
        raise InteropError(path, f"is XML but not a Moodle question file (its root is "
                                 f"<{root.tag}>, not <quiz>)", root.sourceline)
    deck = ImportedDeck(format="moodle-xml", path=path, title=path.stem,
                        digest=digest_of(data))
    questions, category = [], ""
    for element in root.iterfind("question"):
        kind = element.get("type", "")
        if kind == "category":
            category = _category(_text(element.find("category")))
            continue
        name = _text(element.find("name")) or f"question on line {element.sourceline}"
        if kind not in KINDS:
            deck.skipped.append(Skipped(name, element.sourceline, f"Moodle question type "
                                        f"{kind or '(none)'!r}: StudyDesk cannot ask it"))
            continue
        _media(path, element, deck)
        questions.append(_question(path, element, KINDS[kind], name, category, deck))
    if not questions and not deck.skipped:
        raise InteropError(path, "holds no Moodle questions (no <question> in <quiz>)",
                           root.sourceline)
    convert_questions(questions, deck, quiz_id=f"moodle-{_slug(path)}")
    return deck


def _slug(path: Path) -> str:
    from app.core.articles.library import slugify

    return slugify(path.stem)


def _category(value: str) -> str:
    """`$course$/top/Default for Biology/Cells` → "Cells" (the innermost category)."""
    parts = [p for p in value.split("/") if p and not (p.startswith("$") and p.endswith("$"))]
    return parts[-1] if parts and parts[-1] != "top" else ""


def _text(element, as_html: bool = False) -> str:  # type: ignore[no-untyped-def]
    """The text of an element's <text> child (HTML turned into plain text, embedded
    files named as media markers)."""
    if element is None:
        return ""
    node = element.find("text")
    value = "".join(node.itertext()) if node is not None else ""
    if as_html or element.get("format") == "html":
        value = html_to_text(_PLUGINFILE_REF.sub(lambda m: unquote(m.group(1)), value))
    return value.strip()


def _fraction(path: Path, answer) -> float:  # type: ignore[no-untyped-def]
    raw = answer.get("fraction", "0")
    try:
        return float(raw)
    except ValueError as exc:
        raise InteropError(path, f"the answer's fraction {raw!r} is not a number (Moodle "
                                 "writes 0 to 100)", answer.sourceline) from exc


def _question(path: Path, element, kind: str, name: str, category: str,  # type: ignore[no-untyped-def]
              deck: ImportedDeck) -> Question:
    text = _text(element.find("questiontext"), as_html=True)
    q = Question(element.sourceline, name, text, category, kind,
                 general=_text(element.find("generalfeedback"), as_html=True))
    answers = element.findall("answer")
    if kind == "truefalse":
        right = [a for a in answers if _fraction(path, a) > 0]
        q.truth = bool(right) and _text(right[0]).strip().lower() == "true"
        q.answers = [Answer(_text(a), _fraction(path, a) > 0,
                            feedback=_text(a.find("feedback"), as_html=True)) for a in answers]
    elif kind in ("mcq", "short"):
        for a in answers:
            fraction = _fraction(path, a)
            value = _text(a, as_html=kind == "mcq")
            if kind == "short" and (fraction <= 0 or value == "*"):
                continue  # a catch-all or wrong answer: nothing to type
            q.answers.append(Answer(value, fraction > 0, fraction, _text(
                a.find("feedback"), as_html=True), mark="=" if fraction == 100 else "~"))
        if kind == "short" and any(a.weight != 100 for a in q.answers):
            deck.skipped.append(Skipped(name, q.line, "partial credit of some answers not "
                                        "kept: each accepted answer counts as right"))
    elif kind == "numerical":
        for a in answers:
            value = _text(a)
            if value == "*":
                continue
            tolerance = _text_of_child(a, "tolerance") or "0"
            try:
                centre, spread = float(value), abs(float(tolerance))
            except ValueError as exc:
                raise InteropError(path, f"the numerical answer {value!r} (tolerance "
                                         f"{tolerance!r}) is not a number",
                                   a.sourceline) from exc
            q.numbers.append((centre - spread, centre + spread, _fraction(path, a)))
    elif kind == "matching":
        for sub in element.findall("subquestion"):
            match = _text(sub.find("answer"))
            q.answers.append(Answer(_text(sub, as_html=True), True, match=match))
    return q


def _text_of_child(element, tag: str) -> str:  # type: ignore[no-untyped-def]
    child = element.find(tag)
    return (child.text or "").strip() if child is not None else ""


def _media(path: Path, element, deck: ImportedDeck) -> None:  # type: ignore[no-untyped-def]
    """Files embedded in the question (`<file name=… encoding="base64">`): its images."""
    for file in element.iter("file"):
        name = Path(file.get("name", "")).name
        if not name or file.get("encoding", "base64") != "base64":
            continue
        try:
            deck.media[name] = base64.b64decode(re.sub(r"\s+", "", file.text or ""),
                                                validate=True)
        except (binascii.Error, ValueError) as exc:
            raise InteropError(path, f"the embedded file {name!r} is damaged (not base64)",
                               file.sourceline) from exc
