"""The real Anki backend: importing our packages and reading them back, for the export tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from anki.collection import Collection as AnkiCollection
from anki.collection import ImportAnkiPackageRequest
from anki.scheduler.v3 import CardAnswer


def import_apkg(acol: AnkiCollection, path: Path, with_scheduling: bool | None = None):
    """Import as Anki desktop's File → Import does (its default options, or with
    "Import scheduling" set as given)."""
    options = acol._backend.get_import_anki_package_presets()
    if with_scheduling is not None:
        options.with_scheduling = with_scheduling
    response = acol.import_anki_package(
        ImportAnkiPackageRequest(package_path=str(path), options=options))
    acol._clear_caches()
    return response.log


def card_in_anki(acol: AnkiCollection, note_id: str, ord_: int = 0):
    """The Anki card of a StudyDesk note (found by its StudyDesk ID field)."""
    cids = acol.find_cards(f'"StudyDesk ID:{note_id}" card:{ord_ + 1}')
    assert len(cids) == 1, (note_id, ord_, cids)
    return acol.get_card(cids[0])


def answer_easy(acol: AnkiCollection, card_id: int) -> None:
    """Study a card in Anki: press Easy."""
    card = acol.get_card(card_id)
    card.start_timer()
    states = acol._backend.get_scheduling_states(card_id)
    acol.sched.answer_card(acol.sched.build_answer(card=card, states=states,
                                                   rating=CardAnswer.EASY))


@pytest.fixture
def anki(tmp_path: Path) -> Iterator[AnkiCollection]:
    """A fresh, empty collection of the real Anki backend in the test's folder."""
    folder = tmp_path / "anki"
    folder.mkdir()
    acol = AnkiCollection(str(folder / "collection.anki2"))
    try:
        yield acol
    finally:
        acol.close()


def export_from_anki(acol: AnkiCollection, out: Path, *, legacy: bool,
                     with_scheduling: bool = True) -> Path:
    """File → Export… → Anki Deck Package of the whole collection, as Anki desktop does it."""
    from anki.collection import ExportAnkiPackageOptions
    from anki.import_export_pb2 import ExportLimit

    acol.export_anki_package(out_path=str(out), limit=ExportLimit(), options=ExportAnkiPackageOptions(
        with_scheduling=with_scheduling, with_media=True, legacy=legacy))
    return out


def fill_anki(acol: AnkiCollection) -> None:
    """One note of each standard note type in "Spanish::Verbs", tags, an image and a sound,
    a custom note type, and three cards answered Good."""
    from anki.scheduler.v3 import CardAnswer

    did = acol.decks.id("Spanish::Verbs")
    for name, values in [("Basic", ["hola", "hello"]), ("Basic (and reversed card)", ["perro", "dog"]),
                         ("Cloze", ["{{c1::Madrid}} is the capital of {{c2::Spain}}", "extra"]),
                         ("Basic (type in the answer)", ["gato", "cat"])]:
        note = acol.new_note(acol.models.by_name(name))
        for i, value in enumerate(values):
            note.fields[i] = value
        note.tags = ["spanish", "lesson::1"]
        acol.add_note(note, did)
    media = Path(acol.media.dir())
    (media / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 20)
    (media / "s.mp3").write_bytes(b"ID3" + b"0" * 20)
    note = acol.new_note(acol.models.by_name("Basic"))
    note.fields[0] = 'Look <img src="pic.png"><script>alert(1)</script>'
    note.fields[1] = "x [sound:s.mp3]"
    acol.add_note(note, did)
    vocab = acol.models.copy(acol.models.by_name("Basic"))
    vocab["name"] = "Vocabulary"
    acol.models.add_field(vocab, acol.models.new_field("Example"))
    acol.models.update_dict(vocab)
    note = acol.new_note(acol.models.by_name("Vocabulary"))
    note.fields[0], note.fields[1], note.fields[2] = "casa", "house", "mi casa"
    acol.add_note(note, acol.decks.id("Spanish::Nouns"))
    for cid in sorted(acol.find_cards(""))[:3]:
        card = acol.get_card(cid)
        card.start_timer()
        states = acol._backend.get_scheduling_states(cid)
        acol.sched.answer_card(acol.sched.build_answer(card=card, states=states,
                                                       rating=CardAnswer.GOOD))
