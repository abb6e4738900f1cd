"""The browser's SQL search returns what the old Python filter returned, for every
combination of words, section, kind and state, in every sort order."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from app.core.changes import Change
from app.core.clock import day_start, utcnow
from app.core.decks.store import load_deck_into_collection
from app.core.errors import SearchError
from app.core.notes import browse
from app.core.notes.browse import SORT_KEYS, BrowseQuery, counted, find, open_reader
from app.core.notes.index import SORT_KEY_LENGTH
from app.core.notes.model import NOTE_KINDS, Note
from app.core.notes.rows import browse_rows, fetch
from app.core.notes.store import delete_note, get_note, index_all_notes, save_note, set_tags
from app.core.storage.collection import Collection
from app.core.study.reviews import bury_card, record_review, set_suspended
from tests.helpers.browse_reference import STATE_FILTERS, reference_rows
from tests.helpers.decks import VALID, write
from tests.helpers.quizdata import ARTICLE, add_quiz_notes, card_id

WORDS = ["", "peace", "su-27", "SINO soviet", "1991", "beijing fighter", "exercise", "the",
         "treaties", "nothing-like-this", "in", "é", "[...]"]


@pytest.fixture
def mixed(col_with_article: Collection, tmp_path: Path) -> Collection:
    """The deck and the quiz notes on one article, with answered, suspended and buried cards."""
    col = col_with_article
    load_deck_into_collection(col, write(tmp_path, VALID))
    add_quiz_notes(col)
    now = utcnow()  # answered earlier today: halfway between the study day's start and now
    hour_ago = now - min(timedelta(hours=1), (now - day_start(now)) / 2)
    record_review(col, card_id(col, "m1"), 1, 900, now=hour_ago)
    record_review(col, card_id(col, "m3"), 4, 900, now=hour_ago)
    record_review(col, card_id(col, "m2", 1), 1, 900, now=hour_ago)
    record_review(col, card_id(col, "s400"), 3, 900, now=utcnow() - timedelta(days=3))
    set_suspended(col, [card_id(col, "m2", 1), card_id(col, "su35")], True)
    bury_card(col, card_id(col, "air-patrols"))
    return col


def as_tuple(row) -> tuple:  # type: ignore[no-untyped-def]
    return (row.note_id, row.section_idx, row.section, row.kind, row.prompt, row.answer,
            row.due, row.deck_id, row.cards, row.suspended, row.buried)


@pytest.mark.parametrize("words", WORDS)
def test_same_rows_as_the_python_filter_for_every_filter(mixed: Collection, words: str) -> None:
    sections = [None, 0, 2, 4]
    for section in sections:
        for kind in [None, *NOTE_KINDS]:
            for state in [None, *STATE_FILTERS]:
                old = [as_tuple(r) for r in reference_rows(mixed, ARTICLE, words, section,
                                                           kind, state)]
                new = [as_tuple(r) for r in browse_rows(mixed, ARTICLE, words, section,
                                                        kind, state)]
                assert new == old, (words, section, kind, state)


def sort_key(column: str, row) -> tuple:  # type: ignore[no-untyped-def]
    """The order each sortable column promises, in Python (ties: note id)."""
    def text(value: str) -> str:
        return " ".join(value.split()).casefold()[:SORT_KEY_LENGTH]
    return {
        "prompt": (text(row.prompt),),
        "answer": (text(row.answer),),
        "due": (row.due is None, row.due or 0),
        "kind": (row.kind,),
        "state": (min(row.suspended, 1) * 2 + min(row.buried, 1),),
        "reps": (row.reps,),
        "card": (row.cards,),
    }[column]


@pytest.mark.parametrize("column", ["prompt", "answer", "due", "kind", "state", "reps", "card"])
@pytest.mark.parametrize("descending", [False, True])
def test_sorted_rows_are_the_python_filter_sorted(mixed: Collection, column: str,
                                                  descending: bool) -> None:
    for words in ["", "exercise", "su"]:
        old = reference_rows(mixed, ARTICLE, words)
        found = find(mixed.conn, BrowseQuery(words, ARTICLE, sort=column, descending=descending))
        rows = fetch(mixed.conn, found.ids, False)
        by_id = {r.note_id: r for r in rows}
        if column == "kind":  # ties in article order; descending is the exact reverse
            expected = sorted(old, key=lambda r: r.kind)
            expected = expected[::-1] if descending else expected
        else:  # ties by note id
            expected = sorted(old, key=lambda r: (*sort_key(column, by_id[r.note_id]), r.note_id),
                              reverse=descending)
        assert [r.note_id for r in rows] == [r.note_id for r in expected], (column, words)
        both = counted(mixed.conn, found)
        assert both.notes == len(old) and both.cards == sum(r.cards for r in old)


def test_section_order_is_article_order(mixed: Collection) -> None:
    found = find(mixed.conn, BrowseQuery(article_id=ARTICLE, sort="section"))
    assert found.ids == [r.note_id for r in reference_rows(mixed, ARTICLE)]
    backwards = find(mixed.conn, BrowseQuery(article_id=ARTICLE, sort="section", descending=True))
    assert backwards.ids == found.ids[::-1]


def test_rows_can_be_cards(mixed: Collection) -> None:
    found = find(mixed.conn, BrowseQuery("vostok", rows_are_cards=True))
    rows = fetch(mixed.conn, found.ids, True)
    assert (counted(mixed.conn, found).notes, found.cards) == (1, 2)
    assert [(r.prompt, r.answer, r.ord) for r in rows] == [
        ("Vostok", "strategic exercise in the East", 0),
        ("strategic exercise in the East", "Vostok", 1)]
    assert rows[0].due is None and rows[1].due is not None  # the second card's own Due
    assert (rows[0].suspended, rows[1].suspended) == (0, 1)
    # a card condition lists only the matching cards, or the notes that have one
    suspended = find(mixed.conn, BrowseQuery("is:suspended", rows_are_cards=True))
    assert sorted(suspended.ids) == sorted([card_id(mixed, "m2", 1), card_id(mixed, "su35")])
    notes = find(mixed.conn, BrowseQuery("is:suspended"))
    assert sorted(notes.ids) == ["m2", "su35"] and counted(mixed.conn, notes).cards == 3


def ids(col: Collection, search: str) -> set[str]:
    return set(find(col.conn, BrowseQuery(search)).ids)


def test_anki_search_syntax(mixed: Collection) -> None:
    col = mixed
    assert ids(col, "tag:treaties") == {"border-agreement-year"}
    assert ids(col, "tag:TREAT*") == {"border-agreement-year"}
    assert ids(col, "tag:none") == ids(col, "") - {"border-agreement-year"}
    assert ids(col, "kind:reversed") == {"m2"}
    joint_basic = {"m1", "m3", "peace-mission", "s400", "su35", "air-patrols"}
    assert ids(col, "section:3 kind:basic") == joint_basic  # the third section, numbered as read
    assert ids(col, 'section:"joint exercises" kind:basic') == joint_basic
    assert ids(col, "section:joint*") == ids(col, "section:3")
    assert ids(col, '"first joint"') == {"peace-mission"} and ids(col, '"joint first"') == set()
    assert ids(col, '"exercise in the"') == {"m2", "m3"}
    assert ids(col, "exercise -vostok") == ids(col, "exercise") - {"m2"}
    assert ids(col, "vostok or tsentr") == {"m2", "m3"}
    assert ids(col, "-(vostok or tsentr) exercise") == ids(col, "exercise") - {"m2", "m3"}
    assert ids(col, "is:suspended") == {"m2", "su35"}
    assert ids(col, "is:buried") == {"air-patrols"}
    assert ids(col, "is:learn") == {"m1", "m2", "s400"}  # Again, or a first Good: steps
    assert ids(col, "is:review") == {"m3"}
    assert ids(col, "is:new") >= {"m2", "sco"} and "m1" not in ids(col, "is:new")
    assert ids(col, "prop:ivl>1") == {"m3"} and ids(col, "prop:ivl<1") == {"m1", "m2", "s400"}
    assert ids(col, "prop:reps=1") == {"m1", "m2", "m3", "s400"}
    assert ids(col, "rated:1") == {"m1", "m2", "m3"}
    assert ids(col, "rated:7") == {"m1", "m2", "m3", "s400"}
    assert ids(col, "rated:7:4") == {"m3"}
    assert ids(col, "added:1") == ids(col, "")
    assert ids(col, "article:russia*") == ids(col, "") == ids(col, "article:Military*")
    assert ids(col, "article:none") == set()
    assert ids(col, "su*27") == {"su-27", "first-fighter"}
    assert ids(col, "card:2") == {"m2"}


def test_the_index_follows_every_write(mixed: Collection) -> None:
    col = mixed
    note = get_note(col, "m3")
    note.fields["back"] = "Zapad's eastern cousin"
    save_note(col, note)
    assert ids(col, "zapad") == {"m3"} and "m3" not in ids(col, "centre")
    assert set_tags(col, ["m3", "m1"], add=["Exercises", "drills"]) == 2
    assert ids(col, "tag:exercises") == {"m1", "m3"}
    assert set_tags(col, ["m3"], remove=["EXERCISES"]) == 1
    assert ids(col, "tag:exercises") == {"m1"} and get_note(col, "m3").tags == ["drills"]
    delete_note(col, "m3")
    assert ids(col, "zapad") == set()
    assert col.execute("SELECT COUNT(*) FROM note_text").fetchone()[0] == len(ids(col, ""))
    save_note(col, Note("x1", "basic", {"front": "Ünïcode Straße", "back": "b"}, ARTICLE, 0))
    assert ids(col, "STRASSE") == {"x1"} and ids(col, "ÜNÏ") == {"x1"}
    col.execute("DELETE FROM note_text")  # a bulk loader that wrote notes with plain SQL
    assert index_all_notes(col) == len(ids(col, ""))
    assert ids(col, "strasse") == {"x1"}


def test_every_sort_column_runs(mixed: Collection) -> None:
    for column in SORT_KEYS:
        for cards in (False, True):
            found = find(mixed.conn, BrowseQuery(sort=column, rows_are_cards=cards))
            assert len(found.ids) == (found.cards if cards else found.notes) > 0


def test_undoing_a_delete_brings_the_notes_back_to_the_search(mixed: Collection) -> None:
    from app.core.notes.card_actions import delete_notes, set_cards_suspended
    from app.core.storage.undo import undo_last

    delete_notes(mixed, ["m2", "m3"])
    assert ids(mixed, '"exercise in the"') == set()
    undo_last(mixed)
    assert ids(mixed, '"exercise in the"') == {"m2", "m3"}
    assert ids(mixed, "tsentr") == {"m3"}
    card = card_id(mixed, "m2", 0)
    assert set_cards_suspended(mixed, [card], True) == 1  # its reverse card was already
    assert [r[0] for r in mixed.execute(
        "SELECT suspended FROM cards WHERE note_id = 'm2' ORDER BY ord")] == [1, 1]
    undo_last(mixed)
    assert [r[0] for r in mixed.execute(
        "SELECT suspended FROM cards WHERE note_id = 'm2' ORDER BY ord")] == [0, 1]


def test_notes_added_in_bulk_are_searchable(mixed: Collection) -> None:
    from app.core.notes.store import add_new_notes

    add_new_notes(mixed, [Note("bulk1", "basic", {"front": "Kalibr", "back": "a cruise missile"},
                               ARTICLE, 1, tags=["imported"])])
    assert ids(mixed, "kalibr") == {"bulk1"} and ids(mixed, "tag:imported") == {"bulk1"}


#: (search, its text part as a notes search, its card condition as SQL on `cards`)
CARD_SEARCHES = [("", "", "1"), ("exercise", "exercise", "1"), ("-exercise", "-exercise", "1"),
                 ("exercise or vostok", "exercise or vostok", "1"),
                 ("-(vostok or tsentr) the", "-(vostok or tsentr) the", "1"),
                 ("tag:treaties or peace", "tag:treaties or peace", "1"), ("in", "in", "1"),
                 ("su*27", "su*27", "1"), ("is:suspended", "", "suspended = 1"),
                 ("is:new -the", "-the", "last_review IS NULL"),
                 ("prop:ivl<1", "", "last_review IS NOT NULL AND due - last_review < 86400")]


def reference_cards(col: Collection, text: str, card_sql: str) -> list[tuple[int, str]]:
    """(card id, note id) in article order: the cards, by ord, of the notes the text
    search finds in notes mode, that meet `card_sql`."""
    notes = find(col.conn, BrowseQuery(text)).ids
    by_note: dict[str, list[int]] = {}
    for card, note in col.execute(f"SELECT id, note_id FROM cards WHERE {card_sql} ORDER BY ord"):
        by_note.setdefault(note, []).append(card)
    return [(c, n) for n in notes for c in by_note.get(n, [])]


#: every text checked row by row / as a list of the notes it holds for / of those it does not
@pytest.mark.parametrize(("row_by_row", "complement"), [(0.0, 2.0), (2.0, 2.0), (0.0, -1.0)])
def test_cards_in_article_order_by_every_plan(mixed: Collection, row_by_row: float,
                                              complement: float,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A word's notes are found as a short list, checked row by row, or found as the
    short list of notes without it (chosen by how common its trigrams are); every way
    the same cards, in the notes' order."""
    from app.core.notes import search

    monkeypatch.setattr(search, "ROW_BY_ROW_SHARE", row_by_row)
    monkeypatch.setattr(search, "COMPLEMENT_SHARE", complement)
    for words, text, card_sql in CARD_SEARCHES:
        found = find(mixed.conn, BrowseQuery(words, rows_are_cards=True))
        expected = reference_cards(mixed, text, card_sql)
        assert expected, words  # each search finds something to order
        assert found.ids == [c for c, _ in expected], words
        assert found.cards == len(expected)
        assert counted(mixed.conn, found).notes == len({n for _, n in expected})
        backwards = find(mixed.conn, BrowseQuery(words, rows_are_cards=True, descending=True))
        assert backwards.ids == found.ids[::-1]


def test_cards_by_due_date_new_cards_last(mixed: Collection) -> None:
    for words, _text, _sql in CARD_SEARCHES:
        found = find(mixed.conn, BrowseQuery(words, rows_are_cards=True, sort="due"))
        due = dict(mixed.execute("SELECT id, due FROM cards").fetchall())
        expected = sorted(found.ids, key=lambda c: (due[c] is None, due[c] or 0, c))
        assert found.ids == expected and len(found.ids) == found.cards, words
        backwards = find(mixed.conn, BrowseQuery(words, rows_are_cards=True, sort="due",
                                                 descending=True))
        assert backwards.ids == found.ids[::-1]
        first = find(mixed.conn, BrowseQuery(words, rows_are_cards=True, sort="due"), limit=3)
        assert first.ids == found.ids[:3]


def test_every_card_by_due_date_read_off_the_index_keeps_ties_in_id_order(
        mixed: Collection, monkeypatch: pytest.MonkeyPatch) -> None:
    """The list of every card by due date comes straight off the `cards_due` index
    (browse._in_due_order): the same ids, in the same order, as ORDER BY, with many cards
    due at the same moment and the new ones last."""
    with mixed.transaction(Change.CARDS):
        mixed.execute("UPDATE cards SET due = 1.7e9 + (id % 3) * 86400 WHERE id % 4 != 0")
    ordered = [i for (i,) in mixed.execute(
        "SELECT id FROM cards ORDER BY due IS NULL, due, id")]
    dues = [d for (d,) in mixed.execute("SELECT due FROM cards")]
    assert len(set(dues)) < len(dues) / 2 and None in dues  # ties, and new cards
    assert browse._in_due_order(mixed.conn) == ordered
    read_off_the_index = []
    in_due_order = browse._in_due_order
    monkeypatch.setattr(browse, "_in_due_order",
                        lambda conn: read_off_the_index.append(1) or in_due_order(conn))
    found = find(mixed.conn, BrowseQuery(rows_are_cards=True, sort="due"))
    assert read_off_the_index and found.ids == ordered and found.cards == len(ordered)


def test_field_regex_id_and_duplicate_searches(mixed: Collection) -> None:
    col = mixed
    assert ids(col, "front:vostok") == {"m2"}  # the whole field, case-insensitive
    assert ids(col, "front:vost") == set() and ids(col, "front:vost*") == {"m2"}
    assert ids(col, 'back:"*exercise in the*"') == {"m2", "m3"}
    assert ids(col, "front:") == set()  # no basic note has an empty front
    assert ids(col, 're:"vosto?k"') == {"m2"} and ids(col, "re:VOSTOK") == {"m2"}
    assert ids(col, 're:"^zzz|tsentr$"') == ids(col, "tsentr")
    assert ids(col, "-re:e") == ids(col, "") - ids(col, "re:e")
    assert ids(col, "nid:m1,m3") == {"m1", "m3"}
    reverse = card_id(col, "m2", 1)
    assert find(col.conn, BrowseQuery(f"cid:{reverse}", rows_are_cards=True)).ids == [reverse]
    assert ids(col, f"cid:{reverse}") == {"m2"}
    prompts = {r.note_id: r.prompt.casefold() for r in browse_rows(col, ARTICLE)}
    twice = {n for n, p in prompts.items() if list(prompts.values()).count(p) > 1}
    assert ids(col, "dupe:prompt") == twice and twice and "m2" not in twice
    save_note(col, Note("copy", "basic", {"front": "VOSTOK ", "back": "again"}, ARTICLE, 0))
    # the same prompt, case and spaces aside
    assert ids(col, "dupe:prompt") == twice | {"m2", "copy"}
    for bad, named in (('re:"("', "not a regular expression"), ("cid:x", "ids separated"),
                       ("dupe:tags", "dupe:prompt or dupe:answer"), ("nid:", "needs a value")):
        with pytest.raises(SearchError, match=named):
            ids(col, bad)


def test_field_searches_read_lists_and_true_false(col_with_article: Collection) -> None:
    col = col_with_article
    save_note(col, Note("q", "mcq", {"question": "Capital?", "options": ["Oslo", "Paris"],
                                     "answer": "Paris"}, ARTICLE, 0))
    save_note(col, Note("tf", "truefalse", {"statement": "Water is wet", "answer": True},
                        ARTICLE, 0))
    assert ids(col, "options:paris") == {"q"} and ids(col, "options:par") == set()
    assert ids(col, "answer:true") == {"tf"} and ids(col, "answer:paris") == {"q"}


def test_flags_are_set_searched_and_undone(mixed: Collection) -> None:
    from app.core.notes.card_actions import set_cards_flag, set_notes_flag
    from app.core.storage.undo import undo_last

    col = mixed
    assert ids(col, "flag:0") == ids(col, "") and ids(col, "flag:1") == set()
    assert set_notes_flag(col, ["m2", "m3"], 1) == 3  # every card of the notes
    assert ids(col, "flag:1") == {"m2", "m3"} and ids(col, "-flag:0") == {"m2", "m3"}
    reverse = card_id(col, "m2", 1)
    assert set_cards_flag(col, [reverse], 4) == 1
    assert find(col.conn, BrowseQuery("flag:4", rows_are_cards=True)).ids == [reverse]
    rows = fetch(col.conn, find(col.conn, BrowseQuery("nid:m2")).ids, False)
    assert rows[0].flag == 4  # a note shows its cards' highest flag
    assert undo_last(col) == "Flag 1 Card Blue"
    assert ids(col, "flag:4") == set()
    assert set_notes_flag(col, ["m2"], 0) == 2 and ids(col, "flag:1") == {"m3"}
    with pytest.raises(SearchError, match="from 0 .none. to 7"):
        ids(col, "flag:8")


def test_counts_name_notes_and_cards() -> None:
    from app.core.notes.rows import count_text

    assert count_text(2, 3) == "2 notes (3 cards)" and count_text(1, 1) == "1 note (1 card)"
    assert count_text(3, None) == "3 notes" and count_text(None, 1) == "1 card"  # counting


def test_ids_come_back_in_order_even_holding_the_separator() -> None:
    import sqlite3

    from app.core.notes.browse import _gathered

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (id, k)")
    conn.executemany("INSERT INTO t VALUES (?, ?)", [("b", 2), ("a\x1fz", 1), ("c", 3)])
    assert _gathered(conn, "SELECT id FROM t ORDER BY k", []) == ["a\x1fz", "b", "c"]
    assert _gathered(conn, "SELECT k AS id FROM t ORDER BY k DESC", [], numbers=True) == [3, 2, 1]
    assert _gathered(conn, "SELECT id FROM t WHERE 0", []) == []


def test_the_browser_reader_keeps_its_plan_sample_until_the_collection_changes(
        mixed: Collection) -> None:
    """The sample of notes that picks a search's plan is read once per version of the
    collection on the browser's connection; the rows are those of the collection now."""
    col = mixed
    reader = open_reader(col)
    try:
        before = {col.execute("SELECT note_id FROM cards WHERE id = ?", [i]).fetchone()[0]
                  for i in find(reader, BrowseQuery("zapad", rows_are_cards=True)).ids}
        sample = reader.sample
        assert sample is not None  # read for the first search with a word
        find(reader, BrowseQuery("centre"))
        assert reader.sample is sample  # nothing committed since: kept
        note = get_note(col, "m3")
        note.fields["back"] = "Zapad's eastern cousin"
        save_note(col, note)  # committed on the GUI's connection
        found = find(reader, BrowseQuery("zapad")).ids
        assert reader.sample is not sample and "m3" in found
        assert set(found) == before | {"m3"}
    finally:
        reader.close()
