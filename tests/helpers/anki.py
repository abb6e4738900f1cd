"""The real Anki backend: importing our packages and reading them back, for the export tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from anki.collection import Collection as AnkiCollection
from anki.collection import ImportAnkiPackageRequest
from anki.scheduler.v3 import CardAnswer


def import_apkg(acol: AnkiCollection, path: Path):
    """Import as Anki desktop's File → Import does (its default options)."""
    options = acol._backend.get_import_anki_package_presets()
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
