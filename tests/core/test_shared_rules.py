"""Code-review fixes in the core: one read per deck file, atomic writers, one notion of
a note's content, batched retrievability, study-option validation in one transaction."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.core.atomic import atomic_file, write_text_atomic
from app.core.decks.file import load_deck
from app.core.decks.store import load_deck_into_collection
from app.core.decks.writer import save_deck
from app.core.errors import DeckFileError, ExportError
from app.core.export.anki import deck_file_source, export_notes
from app.core.notes.model import Note
from app.core.notes.store import get_note, same_content
from app.core.quiz import attempts as quiz_attempts
from app.core.quiz.questions import QuizError, load_cards
from app.core.quiz.session import start_quiz, weakness
from app.core.quiz.spec import QuestionSpec, QuizSpec
from app.core.storage.collection import Collection
from app.core.study import reviews as card_reviews
from app.core.study import settings as study_settings
from tests.helpers.decks import VALID, write
from tests.helpers.quizdata import ARTICLE

DECK_ID = "russia-china-military-cooperation"
NOW = datetime(2025, 3, 1, 12, tzinfo=UTC)


def _change_after_first_read(monkeypatch: pytest.MonkeyPatch, path: Path, new_text: str) -> None:
    """The file is replaced by `new_text` right after it is first opened (a concurrent
    edit): a handle already open still reads the old text, any later read the new one."""
    real_open = Path.open
    done = False

    def open_then_edit(self: Path, *args: Any, **kwargs: Any) -> Any:
        nonlocal done
        handle = real_open(self, *args, **kwargs)
        if not done and self.resolve() == path.resolve():
            done = True
            write_text_atomic(path, new_text)
        return handle

    monkeypatch.setattr(Path, "open", open_then_edit)


# -- 1. a deck file is read once ------------------------------------------------------------
def test_deck_file_export_is_the_text_that_was_stored(col: Collection, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, VALID)
    edited = VALID.replace("was signed in {{c1::1991}}.", "was signed in {{c1::1991}} at last.")
    assert edited != VALID
    _change_after_first_read(monkeypatch, path, edited)
    summary, source = deck_file_source(col, path)
    assert summary.added == 7
    for note in source.notes:
        stored = get_note(col, note.id)
        assert same_content(stored, note), note.id
        assert note.modified == stored.modified, note.id
    assert "at last" not in str(source.notes[0].fields)
    assert "at last" in path.read_text(encoding="utf-8")  # the edit is for the next load


def test_ownership_errors_name_lines_of_the_text_that_was_read(
        col: Collection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_deck_into_collection(col, write(tmp_path, VALID))
    other = VALID.replace(f'id = "{DECK_ID}"', 'id = "other-deck"')
    path = write(tmp_path, other, "other.toml")
    _change_after_first_read(monkeypatch, path, "# a\n# b\n# c\n" + other)
    with pytest.raises(DeckFileError) as info:
        load_deck_into_collection(col, path)
    first = info.value.problems[0]
    assert "already belongs to deck" in first.message
    assert first.line == 8  # `id = "border-agreement-year"` in the text read, not 11


# -- 2. atomic writers ---------------------------------------------------------------------
def _failing_replace(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)


def test_save_deck_failure_keeps_the_old_file_and_no_temporary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, VALID)
    deck = load_deck(path)
    deck.title = "Renamed"
    _failing_replace(monkeypatch)
    with pytest.raises(OSError):
        save_deck(deck, path)
    assert path.read_text(encoding="utf-8") == VALID
    assert [p.name for p in tmp_path.iterdir()] == ["deck.toml"]
    monkeypatch.undo()
    save_deck(deck, path)  # over the old file: a round trip changing only the title
    written = path.read_text(encoding="utf-8")
    assert load_deck(path) == deck and written != VALID
    assert [a for a, b in zip(written.splitlines(), VALID.splitlines(), strict=True)
            if a != b] == ['title = "Renamed"']
    assert [p.name for p in tmp_path.iterdir()] == ["deck.toml"]


def _take_quiz(col: Collection) -> None:
    spec = QuizSpec(id="q1", title="First", shuffle_options=False,
                    questions=[QuestionSpec("typed", "border-year"),
                               QuestionSpec("typed", "rosoboron-deputy")])
    session = start_quiz(col, spec)
    session.answer("1991")
    session.answer("nobody")
    session.finish()


def test_export_csv_error_half_way_keeps_the_old_file(
        qcol: Collection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _take_quiz(qcol)
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "results.csv"
    assert quiz_attempts.export_csv(qcol, out) == 2
    before = out.read_bytes()

    def disk_full(col: Collection, attempt_id: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(quiz_attempts, "load_results", disk_full)  # after the header
    with pytest.raises(QuizError, match="No space left"):
        quiz_attempts.export_csv(qcol, out)
    assert out.read_bytes() == before
    assert [p.name for p in out.parent.iterdir()] == ["results.csv"]


def test_apkg_write_failure_keeps_the_old_package(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core.export.source import ExportSource

    out = tmp_path / "deck.apkg"
    out.write_bytes(b"previous export")
    source = ExportSource(key="demo", title="Demo", sections=("Intro",),
                          notes=(Note("ok", "basic", {"front": "Q", "back": "A"},
                                      section_idx=0),))
    _failing_replace(monkeypatch)
    with pytest.raises(ExportError, match="No space left"):
        export_notes(source, out)
    assert out.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.apkg"]


def test_atomic_file_keeps_the_permissions_of_the_file_it_replaces(tmp_path: Path) -> None:
    path = tmp_path / "shared.txt"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)
    with atomic_file(path, "wb") as fh:
        fh.write(b"new")
    assert path.read_bytes() == b"new" and (path.stat().st_mode & 0o777) == 0o640
    with pytest.raises(RuntimeError), atomic_file(path, "w", encoding="utf-8") as fh:
        fh.write("half")
        raise RuntimeError("the writer failed")
    assert path.read_bytes() == b"new" and [p.name for p in tmp_path.iterdir()] == ["shared.txt"]


# -- 3. one notion of a note's content ---------------------------------------------------------
BASE = Note(id="n", kind="basic", fields={"front": "Q", "back": "A"}, article_id="a",
            section_idx=1, deck_id="d", tags=["t"], source="S.", explanation="E.", position=3,
            modified="2025-01-01T00:00:00+00:00")


@pytest.mark.parametrize("change", [
    {"kind": "reversed"}, {"fields": {"front": "Q", "back": "B"}}, {"tags": ["t", "u"]},
    {"source": "Other."}, {"explanation": ""}, {"section_idx": 2},
])
def test_a_content_change_is_seen(change: dict[str, Any]) -> None:
    assert not same_content(BASE, replace(BASE, **change))


@pytest.mark.parametrize("change", [
    {"position": 0}, {"deck_id": None}, {"article_id": None}, {"modified": None},
])
def test_place_and_edit_time_are_not_content(change: dict[str, Any]) -> None:
    assert same_content(BASE, replace(BASE, **change))


# -- 4. retrievability of many cards at once ----------------------------------------------------
def _review_some(col: Collection) -> list[int]:
    ids = [c.card_id for c in load_cards(col, ARTICLE)]
    assert len(ids) >= 6
    for i, cid in enumerate(ids[:5]):
        card_reviews.record_review(col, cid, 1 + i % 4, 1000, now=NOW - timedelta(days=10 - i))
    return ids


def test_retrievabilities_equal_the_per_card_values(qcol: Collection) -> None:
    ids = _review_some(qcol)
    later = NOW + timedelta(days=3)
    batch = card_reviews.retrievabilities(qcol, ids, later)
    assert batch == {cid: card_reviews.card_retrievability(qcol, cid, later) for cid in ids}
    assert all(batch[cid] is not None for cid in ids[:5]) and batch[ids[-1]] is None
    assert card_reviews.retrievabilities(qcol, [], later) == {}


def _statements(col: Collection, run: Callable[[], object]) -> int:
    count = 0

    def trace(sql: str) -> None:
        nonlocal count
        count += 1

    col.conn.set_trace_callback(trace)
    try:
        run()
    finally:
        col.conn.set_trace_callback(None)
    return count


def test_weakness_costs_the_same_queries_for_two_cards_or_all(qcol: Collection) -> None:
    _review_some(qcol)
    cards = load_cards(qcol, ARTICLE)
    later = NOW + timedelta(days=3)
    assert len(cards) > 5
    few = _statements(qcol, lambda: weakness(qcol, cards[:2], later))
    assert _statements(qcol, lambda: weakness(qcol, cards, later)) == few
    scores = weakness(qcol, cards, later)
    for c in cards:
        r = card_reviews.card_retrievability(qcol, c.card_id, later)
        if r is not None and scores[c.card_id] != 1.0:  # 1.0: failed this week
            assert scores[c.card_id] == pytest.approx(1.0 - r)


# -- 6. study settings ---------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "value", "message"), [
    ("new_per_day", True, "new_per_day must be a whole number ≥ 0, not True"),
    ("reviews_per_day", False, "reviews_per_day must be a whole number ≥ 0, not False"),
    ("maximum_interval", True, "maximum_interval must be a whole number ≥ 1, not True"),
    ("maximum_interval", 0, "maximum_interval must be a whole number ≥ 1, not 0"),
    ("new_per_day", -1, "new_per_day must be a whole number ≥ 0, not -1"),
])
def test_save_settings_refuses_bools_and_says_the_real_minimum(
        col: Collection, name: str, value: object, message: str) -> None:
    with pytest.raises(study_settings.StudyError) as info:
        study_settings.save_settings(col, replace(study_settings.StudySettings(), **{name: value}))
    assert message in str(info.value)
    assert study_settings.load_settings(col) == study_settings.StudySettings()


def test_update_study_options_is_all_or_nothing(qcol: Collection) -> None:
    _review_some(qcol)
    qcol.set_setting("student_name", "Ada")
    before = list(qcol.execute("SELECT * FROM cards ORDER BY id"))
    with pytest.raises(study_settings.StudyError, match="maximum_interval"):
        card_reviews.update_study_options(qcol, 5, 50, 0.8, 0, True, "Grace")
    assert qcol.get_setting("student_name") == "Ada"
    assert study_settings.load_settings(qcol) == study_settings.StudySettings()
    assert list(qcol.execute("SELECT * FROM cards ORDER BY id")) == before

    in_review = qcol.execute("SELECT COUNT(*) FROM cards WHERE state = 2").fetchone()[0]
    assert 0 < in_review < 5  # the others are in (re)learning, due at their step
    assert card_reviews.update_study_options(qcol, 5, 50, 0.9, 36500, True, "  Grace  ") == 0
    assert card_reviews.update_study_options(qcol, 5, 50, 0.9, 365, True, "Grace") == in_review
    assert study_settings.load_settings(qcol) == study_settings.StudySettings(5, 50, 0.9, 365)
    assert qcol.get_setting("student_name") == "Grace"
    assert card_reviews.update_study_options(qcol, 5, 50, 0.8, 365, True, "Grace") == in_review
    assert study_settings.load_settings(qcol).desired_retention == 0.8
    assert list(qcol.execute("SELECT * FROM cards ORDER BY id")) != before
