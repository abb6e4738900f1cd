"""Anki packages made by the real Anki backend import with the right notes, cards, decks,
tags, media and reviews; StudyDesk's own exports come back as review history only."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from app.core.errors import InteropError
from app.core.export.anki import export_notes
from app.core.interop.imports import import_deck_file
from app.core.interop.model import media_dir
from app.core.notes.model import Note
from app.core.notes.store import list_notes, save_note
from tests.helpers.anki import answer_easy, card_in_anki, export_from_anki, fill_anki, import_apkg


@pytest.fixture
def package(anki, tmp_path: Path, request) -> Path:
    fill_anki(anki)
    return export_from_anki(anki, tmp_path / "spanish.apkg", legacy=request.param)


def _kinds(col) -> dict[str, str]:
    return {n.fields.get("front") or n.fields.get("text"): n.kind for n in list_notes(col)}


@pytest.mark.parametrize("package", [True, False], ids=["legacy", "current"], indirect=True)
def test_every_standard_note_type_imports(col, package: Path) -> None:
    summary = import_deck_file(col, package, with_scheduling=True)
    assert summary.by_kind == {"basic": 3, "reversed": 1, "cloze": 1, "typed": 1}
    assert summary.cards == 8 and summary.reviews == 3 and summary.media == 2
    kinds = _kinds(col)
    assert kinds["hola"] == "basic" and kinds["perro"] == "reversed" and kinds["gato"] == "typed"
    assert kinds["{{c1::Madrid}} is the capital of {{c2::Spain}}"] == "cloze"
    assert "Vocabulary" in summary.converted and "basic" in summary.converted["Vocabulary"]
    casa = next(n for n in list_notes(col) if n.fields.get("front") == "casa")
    assert casa.fields["back"] == "house\n\nExample: mi casa"  # nothing dropped
    sections = [r[0] for r in col.execute("SELECT title FROM sections WHERE article_id = ? "
                                          "ORDER BY idx", [summary.article_id])]
    assert sorted(sections) == ["Nouns", "Verbs"] and summary.title == "Spanish"
    hola = next(n for n in list_notes(col) if n.fields.get("front") == "hola")
    assert sorted(hola.tags) == ["lesson::1", "spanish"]
    look = next(n for n in list_notes(col) if n.fields.get("front", "").startswith("Look"))
    assert look.fields["front"] == "Look [image: pic.png]"  # the script is gone, never run
    assert (media_dir(col) / "pic.png").read_bytes().startswith(b"\x89PNG")
    assert (media_dir(col) / "s.mp3").exists()
    assert col.execute("SELECT COUNT(*) FROM revlog").fetchone()[0] == 3
    reviewed = col.execute("SELECT COUNT(*) FROM cards WHERE last_review IS NOT NULL").fetchone()
    assert reviewed[0] == 3


@pytest.mark.parametrize("package", [False], indirect=True)
def test_importing_again_updates_instead_of_duplicating(col, package: Path) -> None:
    import_deck_file(col, package, with_scheduling=True)
    again = import_deck_file(col, package, with_scheduling=True)
    assert again.reviews == 0
    assert col.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == 6
    assert col.execute("SELECT COUNT(*) FROM articles WHERE kind = 'deck'").fetchone()[0] == 1


@pytest.mark.parametrize("package", [False], indirect=True)
def test_without_scheduling_no_reviews(col, package: Path) -> None:
    summary = import_deck_file(col, package, with_scheduling=False)
    assert summary.reviews == 0 and col.execute("SELECT COUNT(*) FROM revlog").fetchone()[0] == 0


def test_colpkg_imports(col, anki, tmp_path: Path) -> None:
    fill_anki(anki)
    out = tmp_path / "all.colpkg"
    anki.export_collection_package(str(out), include_media=True, legacy=False)
    summary = import_deck_file(col, out, with_scheduling=True)
    assert summary.format == "colpkg" and summary.notes == 6 and summary.reviews == 3


def test_round_trip_through_anki_keeps_the_reviews_done_there(col_with_article, anki,
                                                             tmp_path: Path) -> None:
    col = col_with_article
    article_id = col.execute("SELECT id FROM articles").fetchone()[0]
    for i in range(15):
        save_note(col, Note(id=f"rt-{i}", kind="basic", fields={"front": f"q{i}", "back": f"a{i}"},
                            article_id=article_id, section_idx=0, position=i))
    from app.core.export.anki import article_source

    out = export_notes(article_source(col, article_id), tmp_path / "out.apkg").path
    import_apkg(anki, out)
    for i in range(15):
        answer_easy(anki, card_in_anki(anki, f"rt-{i}").id)
    back = export_from_anki(anki, tmp_path / "back.apkg", legacy=False)
    cards_before = col.execute("SELECT COUNT(*) FROM cards").fetchone()[0]
    summary = import_deck_file(col, back, with_scheduling=True)
    assert summary.merged == 15 and summary.notes == 0 and summary.reviews == 15
    assert col.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == cards_before
    for i in range(15):
        (n,) = col.execute("SELECT COUNT(*) FROM revlog r JOIN cards c ON c.id = r.card_id "
                           "WHERE c.note_id = ?", [f"rt-{i}"]).fetchone()
        assert n == 1
    assert import_deck_file(col, back, with_scheduling=True).reviews == 0  # nothing twice


@pytest.mark.parametrize("content, message", [
    (b"", "is empty"),
    (b"not a zip at all", "not a zip"),
])
def test_bad_packages_are_refused_and_change_nothing(col, tmp_path: Path, content: bytes,
                                                     message: str) -> None:
    bad = tmp_path / "bad.apkg"
    bad.write_bytes(content)
    with pytest.raises(InteropError, match=message) as info:
        import_deck_file(col, bad)
    assert str(bad) in str(info.value)
    assert col.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == 0


def test_a_zip_without_a_collection_is_refused(col, tmp_path: Path) -> None:
    bad = tmp_path / "other.apkg"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(InteropError, match="not an Anki package"):
        import_deck_file(col, bad)


def test_fast_replay_gives_the_memory_state_of_answering_one_by_one() -> None:
    import random

    from app.core.study.scheduler import CardState, Scheduler

    rng = random.Random(3)
    at, history = 1_700_000_000.0, []
    for _ in range(40):
        at += rng.choice((60, 600, 3600, 86400, 3 * 86400, 20 * 86400))
        history.append((rng.choice((1, 2, 3, 3, 4)), at))
    scheduler = Scheduler()
    slow = scheduler.reschedule_card(CardState(7, 1, 0, None, None, None, None), history)
    fast = scheduler.replay_memory(7, history)
    assert fast.stability == pytest.approx(slow.stability, rel=1e-9)
    assert fast.difficulty == pytest.approx(slow.difficulty, rel=1e-9)
    assert fast.last_review == slow.last_review and fast.reps == 40


@pytest.mark.parametrize("with_fsrs_rs", [True, False])
def test_batch_replay_gives_each_cards_replayed_state(with_fsrs_rs: bool,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """fsrs-rs's batch memory states agree with the one-by-one replay (float32
    precision); without fsrs-rs the replay itself is used; a known state is kept."""
    import random
    import sys

    from app.core.study.scheduler import Scheduler

    if not with_fsrs_rs:
        monkeypatch.setitem(sys.modules, "fsrs_rs_python", None)
    rng = random.Random(5)
    histories = {}
    for card_id in range(1, 60):
        at, history = 1_700_000_000.0 + card_id * 977, []
        for _ in range(rng.randint(1, 25)):
            history.append((rng.choice((1, 2, 3, 3, 4)), at))
            at += rng.choice((60, 600, 3600, 86400, 3 * 86400, 20 * 86400, 90 * 86400))
        histories[card_id] = history[::-1] if card_id % 2 else history  # any order
    scheduler = Scheduler(desired_retention=0.85, parameters=None)
    states = scheduler.replay_memories(histories, known={3: (42.0, 5.5)})
    assert [s.card_id for s in states] == list(histories)
    for state in states:
        one = scheduler.replay_memory(state.card_id, histories[state.card_id])
        if state.card_id == 3:
            assert (state.stability, state.difficulty) == (42.0, 5.5)
            assert state.last_review == one.last_review and state.reps == one.reps
            continue
        assert state.stability == pytest.approx(one.stability, rel=1e-4)
        assert state.difficulty == pytest.approx(one.difficulty, rel=1e-4)
        assert (state.state, state.last_review, state.reps, state.lapses) == \
            (one.state, one.last_review, one.reps, one.lapses)
        assert state.due == pytest.approx(one.due, abs=86400)


def test_export_with_scheduling_brings_states_and_reviews_to_anki(col_with_article, anki,
                                                                 tmp_path: Path) -> None:
    from anki.collection import ImportAnkiPackageRequest

    from app.core.export.anki import article_source
    from app.core.export.scheduling import collect_scheduling
    from app.core.study.reviews import record_review

    col = col_with_article
    article_id = col.execute("SELECT id FROM articles").fetchone()[0]
    for i in range(3):
        save_note(col, Note(id=f"s-{i}", kind="basic", fields={"front": f"q{i}", "back": "a"},
                            article_id=article_id, section_idx=0, position=i))
    for i in range(2):
        card_id = col.execute("SELECT id FROM cards WHERE note_id = ?", [f"s-{i}"]).fetchone()[0]
        record_review(col, card_id, 3, 2000)
        record_review(col, card_id, 3, 2000)
    source = article_source(col, article_id)
    out = export_notes(source, tmp_path / "sched.apkg",
                       scheduling=collect_scheduling(col, source.notes)).path
    options = anki._backend.get_import_anki_package_presets()
    options.with_scheduling = True
    anki.import_anki_package(ImportAnkiPackageRequest(package_path=str(out), options=options))
    studied = card_in_anki(anki, "s-0")
    assert studied.type != 0 and studied.reps == 2
    assert anki.db.scalar("SELECT COUNT(*) FROM revlog WHERE cid = ?", studied.id) == 2
    assert card_in_anki(anki, "s-2").type == 0  # never studied: still new


def test_hostile_media_names_stay_in_the_media_folder(col, anki, tmp_path: Path) -> None:
    fill_anki(anki)
    package = export_from_anki(anki, tmp_path / "p.apkg", legacy=True)
    hostile = tmp_path / "hostile.apkg"
    with zipfile.ZipFile(package) as src, zipfile.ZipFile(hostile, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "media":
                data = b'{"0": "../../evil.png", "1": "s.mp3"}'
            dst.writestr(item, data)
    import_deck_file(col, hostile)
    assert (media_dir(col) / "evil.png").exists()
    assert not (tmp_path / "evil.png").exists() and not (col.path.parent.parent / "evil.png").exists()


def test_fsrs_memory_state_is_taken_from_anki_when_it_has_one(col, anki, tmp_path: Path) -> None:
    anki.set_config("fsrs", True)
    fill_anki(anki)  # answers three cards Good with FSRS on
    answered = [anki.get_card(cid) for cid in anki.find_cards("") if anki.get_card(cid).reps]
    assert answered and all(c.memory_state for c in answered)
    wanted = sorted(round(c.memory_state.stability, 4) for c in answered)
    import_deck_file(col, export_from_anki(anki, tmp_path / "fsrs.apkg", legacy=False),
                     with_scheduling=True)
    got = sorted(round(r[0], 4) for r in col.execute(
        "SELECT stability FROM cards WHERE last_review IS NOT NULL"))
    assert got == wanted
