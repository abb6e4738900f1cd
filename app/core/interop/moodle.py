"""Questions for Moodle: StudyDesk cards and instructor quizzes as GIFT or Moodle XML.

Why one intermediate `Item`: a card (exported as a question bank) and a quiz
question (asked as mcq, true/false, typed or matching, options already drawn)
both become the same few Moodle question types, and GIFT and Moodle XML are
two spellings of them. Moodle XML is written with the standard library's
ElementTree (escaping done for us); question text is HTML in Moodle, so plain
text is HTML-escaped first.
"""

from __future__ import annotations

import random
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.core.errors import ExportError
from app.core.interop.gift import escape
from app.core.notes.model import Note, cloze_answer, cloze_front, cloze_numbers
from app.core.storage.collection import Collection

MOODLE_TYPES = {"mcq": "multichoice", "truefalse": "truefalse", "short": "shortanswer",
                "matching": "matching"}


@dataclass
class Item:
    """One Moodle question."""

    kind: str  # mcq | truefalse | short | matching
    name: str
    text: str
    right: list[str] = field(default_factory=list)  # mcq: the right option; short: answers
    wrong: list[str] = field(default_factory=list)  # mcq: the other options
    truth: bool = False
    pairs: list[tuple[str, str]] = field(default_factory=list)
    feedback: str = ""
    category: str = ""


def note_item(note: Note, category: str = "") -> Item | None:
    """A card as a question of a bank (None for a kind Moodle cannot ask)."""
    f = note.fields
    if note.kind == "mcq":
        return Item("mcq", note.id, f["question"], [f["answer"]],
                    [o for o in f["options"] if o != f["answer"]], feedback=note.explanation,
                    category=category)
    if note.kind == "truefalse":
        return Item("truefalse", note.id, f["statement"], truth=bool(f["answer"]),
                    feedback=note.explanation, category=category)
    if note.kind in ("basic", "reversed", "typed"):
        return Item("short", note.id, f["front"], [f["back"], *(f.get("alternatives") or [])],
                    feedback=note.explanation, category=category)
    if note.kind == "cloze":
        n = cloze_numbers(f["text"])[0]
        return Item("short", note.id, cloze_front(f["text"], n), [cloze_answer(f["text"], n)],
                    feedback=note.explanation, category=category)
    return None


def notes_items(notes: Sequence[Note], sections: Sequence[str]
                ) -> tuple[list[Item], list[str], list[str]]:
    """The notes as questions, the notes left out, and those Moodle gets only in part."""
    items, left_out, partly = [], [], []
    for note in notes:
        section = sections[note.section_idx] if note.section_idx is not None and \
            note.section_idx < len(sections) else ""
        item = note_item(note, section)
        if item is None:
            left_out.append(f"{note.id} ({note.kind})")
        else:
            items.append(item)
            if note.kind == "cloze" and len(cloze_numbers(note.fields["text"])) > 1:
                partly.append(f"{note.id} (only its first cloze deletion)")
            if note.kind == "reversed":
                partly.append(f"{note.id} (only front → back)")
    return items, left_out, partly


def quiz_items(col: Collection, quiz_id: str) -> tuple[str, list[Item]]:
    """An instructor quiz's questions as they are asked (options drawn once, seeded)."""
    from app.core.decks.store import get_quiz
    from app.core.quiz.session import spec_questions

    try:
        spec = get_quiz(col, quiz_id)
    except KeyError as exc:
        raise ExportError(f"There is no quiz {quiz_id!r} in {col.path}.") from exc
    items = []
    for n, q in enumerate(spec_questions(col, spec, random.Random(0)), start=1):
        name = f"{spec.id}-{n:02d}"
        if q.ask_as == "mcq":
            items.append(Item("mcq", name, q.prompt, [q.answer],
                              [o for o in q.options if o != q.answer], feedback=q.explanation,
                              category=spec.title))
        elif q.ask_as == "truefalse":
            items.append(Item("truefalse", name, q.prompt, truth=q.answer == "True",
                              feedback=q.explanation, category=spec.title))
        elif q.ask_as == "typed":
            items.append(Item("short", name, q.prompt, [q.answer, *q.alternatives],
                              feedback=q.explanation, category=spec.title))
        else:
            items.append(Item("matching", name, q.prompt or "Match the pairs.",
                              pairs=[(t, q.choices[k]) for t, k in zip(q.terms, q.key,
                                                                         strict=True)],
                              category=spec.title))
    return spec.title, items


# -- GIFT ------------------------------------------------------------------------------------
def gift_text(items: Sequence[Item], title: str) -> str:
    out = [f"// {title}: exported from StudyDesk", ""]
    category = None
    for item in items:
        if item.category and item.category != category:
            out += [f"$CATEGORY: {item.category}", ""]
            category = item.category
        fb = f" ####{escape(item.feedback)}" if item.feedback else ""
        if item.kind == "truefalse":
            body = ("TRUE" if item.truth else "FALSE") + fb
        elif item.kind == "mcq":
            body = " ".join(["=" + escape(a) for a in item.right]
                            + ["~" + escape(w) for w in item.wrong]) + fb
        elif item.kind == "short":
            body = " ".join("=" + escape(a) for a in item.right) + fb
        else:
            body = " ".join(f"={escape(a)} -> {escape(b)}" for a, b in item.pairs) + fb
        out += [f"::{escape(item.name)}:: {escape(item.text)} {{{body}}}", ""]
    return "\n".join(out)


# -- Moodle XML ---------------------------------------------------------------------------
def _html(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\n", "<br>"))


def _text(parent: ET.Element, tag: str, value: str, fmt: str = "html") -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = _html(value) if fmt == "html" else value
    return element


def moodle_xml(items: Sequence[Item]) -> str:
    """A Moodle XML question file (Question bank → Import → Moodle XML format)."""
    quiz = ET.Element("quiz")
    category = None
    for item in items:
        if item.category and item.category != category:
            cat = ET.SubElement(quiz, "question", {"type": "category"})
            ET.SubElement(ET.SubElement(cat, "category"), "text").text = \
                f"$course$/top/{item.category}"
            category = item.category
        q = ET.SubElement(quiz, "question", {"type": MOODLE_TYPES[item.kind]})
        ET.SubElement(ET.SubElement(q, "name"), "text").text = item.name
        _text(q, "questiontext", item.text)
        _text(q, "generalfeedback", item.feedback)
        ET.SubElement(q, "defaultgrade").text = "1"
        if item.kind == "mcq":
            ET.SubElement(q, "single").text = "true"
            ET.SubElement(q, "shuffleanswers").text = "true"
            ET.SubElement(q, "answernumbering").text = "abc"
            for text, fraction in [(a, "100") for a in item.right] + [(w, "0")
                                                                      for w in item.wrong]:
                _text(q, "answer", text).set("fraction", fraction)
        elif item.kind == "truefalse":
            for value in (True, False):
                answer = _text(q, "answer", "true" if value else "false", fmt="moodle_auto_format")
                answer.set("fraction", "100" if value == item.truth else "0")
        elif item.kind == "short":
            ET.SubElement(q, "usecase").text = "0"
            for text in item.right:
                _text(q, "answer", text, fmt="moodle_auto_format").set("fraction", "100")
        else:
            ET.SubElement(q, "shuffleanswers").text = "true"
            for term, choice in item.pairs:
                sub = _text(q, "subquestion", term)
                ET.SubElement(ET.SubElement(sub, "answer"), "text").text = choice
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"
