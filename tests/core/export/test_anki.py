"""Export to Anki, checked by importing into the real Anki backend.

The `anki` package (the Rust core Anki desktop runs on) imports every package
with the presets of the desktop File → Import dialog, then the tests look at
what a student would see: decks, cards, rendered sides, tags, and what a
re-import after an edit changes.
"""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

import pytest
from anki.collection import Collection as AnkiCollection

from app.core.decks.store import load_deck_into_collection
from app.core.errors import ExportError
from app.core.export.anki import deck_source, export_article, export_notes, resolve_sections
from app.core.export.source import ExportSource
from app.core.notes.model import Note
from app.core.notes.store import get_note, save_note, save_notes
from app.core.paths import bundled_decks_dir
from app.core.storage.collection import Collection
from tests.helpers.anki import answer_easy, card_in_anki, import_apkg

ARTICLE = "russia-china-military-cooperation"
TITLE = "Military Cooperation Between Russia and China: The Military Alliance Without an Agreement?"


# -- helpers -------------------------------------------------------------------------




def text_of(html_text: str) -> str:
    """What the student reads: tags and the stylesheet removed, entities decoded."""
    html_text = re.sub(r"<(style|script)\b.*?</\1\s*>", " ", html_text,
                       flags=re.DOTALL | re.IGNORECASE)
    html_text = re.sub(r"<[^>]+>", " ", html_text)
    return re.sub(r"\s+", " ", html.unescape(html_text)).strip()






def sample_notes() -> list[Note]:
    return [
        Note("intro-year", "basic",
             {"front": "When was the Sino-Soviet Border Agreement signed?", "back": "1991"},
             ARTICLE, 0, position=0,
             source="After several years of negotiations, the agreement was signed in 1991.",
             explanation="It settled most of the border."),
        Note("intro-sco", "reversed",
             {"front": "SCO", "back": "Shanghai Cooperation Organisation"}, ARTICLE, 0,
             position=1, tags=["acronyms", "international bodies"]),
        Note("recent-cloze", "cloze",
             {"text": "Russia sold {{c1::S-400}} systems to {{c2::China::country}}.",
              "extra": "Delivered in 2018."}, ARTICLE, 1, position=0),
        Note("exercise-typed", "typed",
             {"front": "Name of the joint exercise series", "back": "Peace Mission",
              "alternatives": ["Peace-Mission"]}, ARTICLE, 2, position=0),
        Note("asia-mcq", "mcq",
             {"question": "Which organisation spans Central Asia?",
              "options": ["SCO", "NATO", "ASEAN"], "answer": "SCO"}, ARTICLE, 3, position=0),
        Note("future-tf", "truefalse",
             {"statement": "Russia and China signed a formal military alliance.", "answer": False},
             ARTICLE, 5, position=0),
        Note("intro-escape", "basic",
             {"front": "Is 2 < 3 & <b>bold</b>?\nSecond line", "back": "Yes \"quoted\""},
             ARTICLE, 0, position=2),
    ]


@pytest.fixture
def col_with_notes(col_with_article: Collection) -> Collection:
    save_notes(col_with_article, sample_notes())
    return col_with_article


# -- decks, cards, rendering -----------------------------------------------------------
def test_decks_and_card_counts_per_subdeck(col_with_notes: Collection, tmp_path: Path,
                                           anki: AnkiCollection) -> None:
    result = export_article(col_with_notes, ARTICLE, tmp_path / "out.apkg")
    assert result.cards == 9 and result.notes == 7 and result.subdecks == 5
    assert result.message == f"9 cards in 5 subdecks written to {tmp_path / 'out.apkg'}"

    log = import_apkg(anki, result.path)
    assert len(log.new) == 7 and not log.conflicting and not log.missing_notetype
    names = {d.name for d in anki.decks.all_names_and_ids()}
    expected = {
        f"{TITLE}::01 Introduction": 4,  # basic, reversed (2), escaped basic
        f"{TITLE}::02 Military cooperation in recent years": 2,  # one cloze, two deletions
        f"{TITLE}::03 Joint Exercises": 1,
        f"{TITLE}::04 Security in Central Asia: Sharing Responsibility or a Gordian Knot "
        "in Relations?": 1,
        f"{TITLE}::06 Prospects for Future Military Cooperation": 1,
    }
    assert names == {"Default", TITLE, *expected}
    for name, count in expected.items():
        assert len(anki.find_cards(f'"deck:{name}" -"deck:{name}::*"')) == count, name
    assert result.decks == expected
    top = anki.decks.get(anki.decks.id_for_name(TITLE))
    assert "Exported from StudyDesk" in top["desc"]
    intro = anki.decks.get(anki.decks.id_for_name(f"{TITLE}::01 Introduction"))
    assert "Section 1" in intro["desc"]
    assert anki.card_count() == 9 and anki.note_count() == 7


def test_every_card_renders_front_and_expected_answer(col_with_notes: Collection,
                                                      tmp_path: Path,
                                                      anki: AnkiCollection) -> None:
    import_apkg(anki, export_article(col_with_notes, ARTICLE, tmp_path / "out.apkg").path)
    for cid in anki.find_cards(""):
        card = anki.get_card(cid)
        partial = anki._backend.render_existing_card(card_id=cid, browser=False,
                                                     partial_render=True)
        assert not partial.is_empty
        assert text_of(card.question())

    def sides(note_id: str, ord_: int = 0) -> tuple[str, str]:
        card = card_in_anki(anki, note_id, ord_)
        question = text_of(card.question())
        answer = text_of(card.answer().split('<hr id="answer">', 1)[-1])
        return question, answer

    q, a = sides("intro-year")
    assert "When was the Sino-Soviet Border Agreement signed?" in q and "1991" not in q
    assert a.startswith("1991") and "It settled most of the border." in a
    assert "After several years of negotiations" in a
    assert sides("intro-sco", 0)[0].endswith("SCO")
    q, a = sides("intro-sco", 1)
    assert "Shanghai Cooperation Organisation" in q and a.startswith("SCO")

    q1 = text_of(card_in_anki(anki, "recent-cloze", 0).question())
    q2 = text_of(card_in_anki(anki, "recent-cloze", 1).question())
    assert "[...] systems to China" in q1 and "S-400 systems to [country]" in q2
    a1 = text_of(card_in_anki(anki, "recent-cloze", 0).answer())
    assert "S-400 systems to China" in a1 and "Delivered in 2018." in a1

    typed = card_in_anki(anki, "exercise-typed")
    assert "[[type:Back]]" in typed.question()  # the reviewer puts the answer box here
    assert typed.note()["Back"] == "Peace Mission"
    assert "Also accepted: Peace-Mission" in text_of(typed.answer())

    q, a = sides("asia-mcq")
    assert "SCO" in q and "NATO" in q and "ASEAN" in q and "\u2714" not in q
    assert "\u2714 SCO" in a
    assert 'class="sd-correct">\u2714 SCO' in card_in_anki(anki, "asia-mcq").answer()
    q, a = sides("future-tf")
    assert "True or false?" in q and a.startswith("False")


def test_cloze_gives_one_card_per_deletion(col_with_article: Collection, tmp_path: Path,
                                           anki: AnkiCollection) -> None:
    save_note(col_with_article, Note("three", "cloze", {
        "text": "{{c1::Moscow}} and {{c2::Beijing}} met in {{c3::2019}}; "
                "{{c1::Moscow}} hosted."}, ARTICLE, 0))
    import_apkg(anki, export_article(col_with_article, ARTICLE, tmp_path / "c.apkg").path)
    assert sorted(anki.get_card(c).ord for c in anki.find_cards("")) == [0, 1, 2]
    first = text_of(card_in_anki(anki, "three", 0).question())
    assert first.count("[...]") == 2 and "Beijing" in first


def test_new_cards_keep_article_order(col_with_notes: Collection, tmp_path: Path,
                                      anki: AnkiCollection) -> None:
    import_apkg(anki, export_article(col_with_notes, ARTICLE, tmp_path / "o.apkg").path)
    rows = anki.db.all("select n.flds, c.due from cards c join notes n on n.id = c.nid "
                       "where c.ord = 0 order by c.due, n.id")
    order = [flds.split("\x1f")[-1] for flds, _ in rows]
    assert order == ["intro-year", "intro-sco", "intro-escape", "recent-cloze",
                     "exercise-typed", "asia-mcq", "future-tf"]


def test_tags_name_article_section_and_kind(col_with_notes: Collection, tmp_path: Path,
                                            anki: AnkiCollection) -> None:
    import_apkg(anki, export_article(col_with_notes, ARTICLE, tmp_path / "t.apkg").path)
    tags = set(card_in_anki(anki, "intro-sco").note().tags)
    assert tags == {ARTICLE, f"{ARTICLE}::01-introduction", "kind::reversed",
                    "acronyms", "international-bodies"}
    asia = set(card_in_anki(anki, "asia-mcq").note().tags)
    assert f"{ARTICLE}::04-security-in-central-asia-sharing-responsibility-or-a-gordian" in asia
    assert all(" " not in t for t in anki.tags.all())


def test_field_text_is_escaped_and_keeps_line_breaks(col_with_notes: Collection,
                                                     tmp_path: Path,
                                                     anki: AnkiCollection) -> None:
    import_apkg(anki, export_article(col_with_notes, ARTICLE, tmp_path / "e.apkg").path)
    card = card_in_anki(anki, "intro-escape")
    assert card.note()["Front"] == "Is 2 &lt; 3 &amp; &lt;b&gt;bold&lt;/b&gt;?<br>Second line"
    assert "<b>bold</b>" not in card.question()
    assert "Is 2 < 3 & <b>bold</b>? Second line" in text_of(card.question())
    assert 'Yes "quoted"' in text_of(card.answer())


def test_chosen_sections_only(col_with_notes: Collection, tmp_path: Path,
                              anki: AnkiCollection) -> None:
    titles = ["Introduction", "Military cooperation in recent years", "Joint Exercises",
              "Security in Central Asia: Sharing Responsibility or a Gordian Knot in Relations?",
              "A New Level of Cooperation", "Prospects for Future Military Cooperation"]
    chosen = resolve_sections(["joint exercises", "1"], titles)
    assert chosen == [0, 2]
    result = export_article(col_with_notes, ARTICLE, tmp_path / "part", sections=chosen)
    assert result.path == tmp_path / "part.apkg"
    import_apkg(anki, result.path)
    assert {d.name for d in anki.decks.all_names_and_ids()} == {
        "Default", TITLE, f"{TITLE}::01 Introduction", f"{TITLE}::03 Joint Exercises"}
    with pytest.raises(ExportError, match="(?s)No section 'Epilogue'.*1. Introduction"):
        resolve_sections(["Epilogue"], titles)


def test_progress_reports_every_note(col_with_notes: Collection, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    export_article(col_with_notes, ARTICLE, tmp_path / "p.apkg",
                   progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 7) and seen[-1] == (7, 7)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


# -- re-export ---------------------------------------------------------------------
def test_reexport_updates_exactly_the_edited_note_and_keeps_scheduling(
        col_with_notes: Collection, tmp_path: Path, anki: AnkiCollection) -> None:
    first = export_article(col_with_notes, ARTICLE, tmp_path / "v1.apkg")
    import_apkg(anki, first.path)
    studied = [card_in_anki(anki, "intro-year").id, card_in_anki(anki, "recent-cloze", 1).id,
               card_in_anki(anki, "asia-mcq").id]
    for cid in studied:
        answer_easy(anki, cid)
    before = {cid: (anki.get_card(cid).due, anki.get_card(cid).ivl, anki.get_card(cid).type)
              for cid in studied}
    assert all(ivl > 0 and type_ == 2 for _, ivl, type_ in before.values())

    time.sleep(1.05)  # an edit in a later second than the first save, as by a person
    note = get_note(col_with_notes, "intro-year")
    note.fields["back"] = "1991 (ratified 1992)"
    save_note(col_with_notes, note)
    second = export_article(col_with_notes, ARTICLE, tmp_path / "v2.apkg")
    log = import_apkg(anki, second.path)

    assert len(log.new) == 0 and len(log.conflicting) == 0
    assert len(log.updated) == 1 and len(log.duplicate) == 6
    assert anki.note_count() == 7 and anki.card_count() == 9
    assert card_in_anki(anki, "intro-year").note()["Back"] == "1991 (ratified 1992)"
    after = {cid: (anki.get_card(cid).due, anki.get_card(cid).ivl, anki.get_card(cid).type)
             for cid in studied}
    assert after == before


def test_reexport_of_unchanged_notes_changes_nothing(col_with_notes: Collection,
                                                     tmp_path: Path,
                                                     anki: AnkiCollection) -> None:
    import_apkg(anki, export_article(col_with_notes, ARTICLE, tmp_path / "a.apkg").path)
    log = import_apkg(anki, export_article(col_with_notes, ARTICLE, tmp_path / "b.apkg").path)
    assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 0, 7)
    assert anki.note_count() == 7


# -- refusals ------------------------------------------------------------------------
def _source(*notes: Note) -> ExportSource:
    return ExportSource(key="demo", title="Demo", sections=("Intro", "Body"), notes=notes)


def test_empty_front_is_refused_before_writing(tmp_path: Path) -> None:
    out = tmp_path / "bad.apkg"
    notes = (Note("ok", "basic", {"front": "Q", "back": "A"}, section_idx=0),
             Note("blank-front", "basic", {"front": "  ", "back": "A"}, section_idx=1))
    with pytest.raises(ExportError) as info:
        export_notes(_source(*notes), out)
    assert "card 'blank-front' (section 'Body')" in str(info.value)
    assert "front" in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_cloze_without_deletion_is_refused_and_old_package_kept(tmp_path: Path) -> None:
    out = tmp_path / "deck.apkg"
    out.write_bytes(b"previous export")
    notes = (Note("no-gap", "cloze", {"text": "Nothing hidden here."}, section_idx=0),
             Note("zero-gap", "cloze", {"text": "Only {{c0::zero}}."}, section_idx=0))
    with pytest.raises(ExportError) as info:
        export_notes(_source(*notes), out)
    message = str(info.value)
    assert "card 'no-gap' (section 'Intro')" in message and "deletion" in message
    assert "card 'zero-gap'" in message
    assert out.read_bytes() == b"previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.apkg"]


def test_missing_folder_and_empty_export_are_refused(col_with_article: Collection,
                                                     tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="no cards to export"):
        export_article(col_with_article, ARTICLE, tmp_path / "x.apkg")
    notes = (Note("ok", "basic", {"front": "Q", "back": "A"}, section_idx=0),)
    with pytest.raises(ExportError, match="does not exist"):
        export_notes(_source(*notes), tmp_path / "nowhere" / "x.apkg")
    with pytest.raises(ExportError, match="no article 'nope'"):
        export_article(col_with_article, "nope", tmp_path / "x.apkg")


def test_cancelling_from_progress_leaves_nothing(tmp_path: Path) -> None:
    notes = tuple(Note(f"n{i}", "basic", {"front": f"Q{i}", "back": "A"}, section_idx=0,
                       position=i) for i in range(300))

    class Cancelled(Exception):
        pass

    def progress(done: int, total: int) -> None:
        if done > 100:
            raise Cancelled

    with pytest.raises(Cancelled):
        export_notes(_source(*notes), tmp_path / "c.apkg", progress)
    assert list(tmp_path.iterdir()) == []


# -- deck files ------------------------------------------------------------------------
DECK = bundled_decks_dir() / "russia-china-military-cooperation.toml"
DECK_TITLE = "Military Cooperation Between Russia and China"


def test_curated_deck_exports_and_imports_with_zero_problems(tmp_path: Path,
                                                             anki: AnkiCollection) -> None:
    source = deck_source(DECK)
    assert len(source.notes) == 109
    result = export_notes(source, tmp_path / "curated.apkg")
    log = import_apkg(anki, result.path)
    assert len(log.new) == 109
    assert not (log.conflicting or log.missing_notetype or log.missing_deck
                or log.empty_first_field or log.duplicate or log.updated)
    assert anki.note_count() == 109 and anki.card_count() == result.cards
    assert not anki.db.list("select id from notes where id not in (select nid from cards)")
    assert not anki.get_empty_cards().notes
    for cid in anki.find_cards(""):
        partial = anki._backend.render_existing_card(card_id=cid, browser=False,
                                                     partial_render=True)
        card = anki.get_card(cid)
        assert not partial.is_empty and text_of(card.question()), cid
        assert text_of(card.answer().split('<hr id="answer">', 1)[-1]), cid
    subdecks = sorted(d.name for d in anki.decks.all_names_and_ids() if "::" in d.name)
    assert subdecks == [f"{DECK_TITLE}::{i + 1:02d} {t}" for i, t in enumerate(source.sections)]
    top = anki.decks.get(anki.decks.id_for_name(DECK_TITLE))
    assert "Hand-checked cards" in top["desc"]

    again = import_apkg(anki, export_notes(deck_source(DECK), tmp_path / "again.apkg").path)
    assert not (again.new or again.conflicting) and anki.note_count() == 109


def test_reexport_of_an_edited_deck_file_updates_only_that_card(
        col_with_article: Collection, tmp_path: Path, anki: AnkiCollection) -> None:
    deck_path = tmp_path / "deck.toml"
    deck_path.write_text(DECK.read_text(encoding="utf-8"), encoding="utf-8")
    load_deck_into_collection(col_with_article, deck_path)
    import_apkg(anki, export_notes(deck_source(deck_path, col_with_article),
                                   tmp_path / "v1.apkg").path)

    time.sleep(1.05)  # the instructor edits the file a moment later
    text = deck_path.read_text(encoding="utf-8")
    edited = text.replace('explanation = "True: during the Cold War',
                          'explanation = "Indeed: during the Cold War', 1)
    assert edited != text
    deck_path.write_text(edited, encoding="utf-8")
    load_deck_into_collection(col_with_article, deck_path)
    log = import_apkg(anki, export_notes(deck_source(deck_path, col_with_article),
                                         tmp_path / "v2.apkg").path)
    assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 1, 108)
    assert "Indeed: during the Cold War" in card_in_anki(anki, "cold-war-rivalry").note()[
        "Explanation"]


def test_broken_deck_file_is_refused_naming_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[deck]\nid = "x"\ntitle = "X"\narticle = "russia-china-military-cooperation.txt"'
                   '\n\n[[cards]]\nid = "c1"\nsection = "Introduction"\nkind = "cloze"\n'
                   'text = "no deletion here"\n', encoding="utf-8")
    with pytest.raises(ExportError) as info:
        export_notes(deck_source(bad), tmp_path / "bad.apkg")
    assert f"{bad}:" in str(info.value) and "deletion" in str(info.value)
    assert not (tmp_path / "bad.apkg").exists()


def test_reexport_of_an_untouched_deck_file_changes_nothing(tmp_path: Path,
                                                            anki: AnkiCollection) -> None:
    import_apkg(anki, export_notes(deck_source(DECK), tmp_path / "a.apkg").path)
    time.sleep(1.05)  # a later export of the same file
    log = import_apkg(anki, export_notes(deck_source(DECK), tmp_path / "b.apkg").path)
    assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 0, 109)
