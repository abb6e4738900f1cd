"""Accepted candidates become real notes (and so real cards) in the collection.

Why a conversion and not storing candidates: the rest of StudyDesk — study,
quizzes, export, the deck file — knows notes; a generated card must be
indistinguishable from one an instructor wrote.
"""

from __future__ import annotations

from dataclasses import replace

from app.core.generate.candidate import Candidate
from app.core.notes.model import GAP, TYPED_ANSWER_MAX_WORDS, Note, NoteError, NoteKind
from app.core.notes.store import next_position, save_notes
from app.core.storage.collection import Collection


def _note_fields(candidate: Candidate) -> tuple[NoteKind, dict[str, object]]:
    answer = candidate.answer.strip()
    if candidate.kind == "cloze":
        if candidate.prompt.count(GAP) != 1:
            raise NoteError(f"{candidate.id}: a cloze prompt needs exactly one gap {GAP}")
        return "cloze", {"text": candidate.prompt.replace(GAP, "{{c1::" + answer + "}}")}
    if candidate.kind == "qa":
        kind: NoteKind = "typed" if len(answer.split()) <= TYPED_ANSWER_MAX_WORDS else "basic"
        return kind, {"front": candidate.prompt, "back": answer}
    if candidate.kind == "mcq":
        return "mcq", {"question": candidate.prompt, "options": list(candidate.options),
                       "answer": answer}
    if candidate.kind == "truefalse":
        if answer not in ("True", "False"):
            raise NoteError(f"{candidate.id}: a true/false answer must be True or False")
        return "truefalse", {"statement": candidate.prompt, "answer": answer == "True"}
    raise NoteError(f"{candidate.id}: unknown candidate kind {candidate.kind!r}")


def candidate_to_note(candidate: Candidate, article_id: str, section_idx: int,
                      position: int) -> Note:
    """The note for an accepted (possibly edited) candidate; validated, ready for save_notes."""
    kind, fields = _note_fields(candidate)
    note = Note(id=candidate.id, kind=kind, fields=fields, article_id=article_id,
                section_idx=section_idx, tags=["generated", candidate.fact_type],
                source=candidate.source, position=position)
    note.validate()
    return note


def edit_candidate(candidate: Candidate, prompt: str, answer: str) -> Candidate:
    """The candidate as the user corrected it; a new MCQ answer replaces the old option."""
    options = candidate.options
    if candidate.kind == "mcq" and answer != candidate.answer:
        options = tuple(answer if o == candidate.answer else o for o in options)
    return replace(candidate, prompt=prompt, answer=answer, options=options)


def already_added(col: Collection, candidates: list[Candidate]) -> set[str]:
    """Ids of candidates that are already notes (added earlier, perhaps edited since)."""
    ids = [c.id for c in candidates]
    found: set[str] = set()
    for start in range(0, len(ids), 500):  # stay below SQLite's parameter limit
        chunk = ids[start:start + 500]
        rows = col.execute(f"SELECT id FROM notes WHERE id IN ({','.join('?' * len(chunk))})",
                           chunk)
        found.update(r[0] for r in rows)
    return found


def save_candidates(col: Collection, article_id: str, candidates: list[Candidate]) -> int:
    """Store accepted candidates as notes, after each section's existing cards, in ONE
    transaction: every note is converted (and validated) before anything is written.

    A candidate that is already a note is skipped, never saved over: the user may
    have edited and studied it since, and its id is a hash of the original text.
    Returns the number of notes added.
    """
    positions: dict[int, int] = {}
    notes = []
    existing = already_added(col, candidates)
    for candidate in candidates:
        if candidate.id in existing:
            continue
        idx = candidate.section_idx
        if idx not in positions:
            positions[idx] = next_position(col, article_id, idx)
        notes.append(candidate_to_note(candidate, article_id, idx, positions[idx]))
        positions[idx] += 1
    return save_notes(col, notes)
