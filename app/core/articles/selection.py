"""Cards from text selected in the reader (SuperMemo-style incremental reading).

The selection must lie within one sentence: the card's source is that sentence,
so "Show in article" finds it again and a re-import keeps the card with it.
"""

from __future__ import annotations

import re
from typing import Any

from app.core.articles.model import Section
from app.core.errors import NoteError
from app.core.notes.model import GAP, Note
from app.core.notes.store import new_note_id


def _squash(text: str) -> str:
    return " ".join(text.split())


def sentence_with(section: Section, selected: str) -> str:
    """The section's sentence that contains the selected words."""
    wanted = _squash(selected)
    if not wanted:
        raise NoteError("Select a few words in the text first.")
    for sentence in section.sentences:
        if wanted in sentence.text:
            return sentence.text
    raise NoteError("Select words within one sentence: the card is made from that sentence.")


def _marked(sentence: str, selected: str, replacement: str) -> str:
    wanted = _squash(selected)
    return sentence.replace(wanted, replacement, 1)


def cloze_note(article_id: str, section_idx: int, section: Section, selected: str) -> Note:
    """A cloze card hiding the selected words in their sentence."""
    sentence = sentence_with(section, selected)
    answer = _squash(selected).strip(" ,;:")
    if not re.search(r"\w", answer):
        raise NoteError("Select words, not only punctuation, to hide in the card.")
    text = _marked(sentence, answer, f"{{{{c1::{answer}}}}}")
    return Note(id=new_note_id("cloze"), kind="cloze", fields={"text": text},
                article_id=article_id, section_idx=section_idx, source=sentence)


def question_fields(section: Section, selected: str) -> dict[str, Any]:
    """A question to finish in the card form: the sentence with a gap, the selection as
    the answer, the sentence as the source."""
    sentence = sentence_with(section, selected)
    answer = _squash(selected).strip(" ,;:")
    return {"front": _marked(sentence, answer, GAP), "back": answer, "source": sentence}
