"""The "Generate cards…" dialog, driven as a user would: tick, edit, add."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.core.notes.rows import browse_rows
from app.core.notes.store import get_note, list_notes
from app.core.storage.collection import Collection
from app.core.study.session import Scope
from app.ui.cards.browser import CardBrowser
from app.ui.cards.generate_dialog import KEEP, PROMPT, TYPE, GenerateDialog
from app.ui.study.review import ReviewWidget

ARTICLE = "russia-china-military-cooperation"


@pytest.fixture
def dialog(qtbot, col_with_article: Collection) -> GenerateDialog:  # type: ignore[no-untyped-def]
    dlg = GenerateDialog(col_with_article, ARTICLE)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.table.rowCount() > 0, timeout=20000)
    return dlg


def tick(qtbot, dlg: GenerateDialog, row: int) -> None:  # type: ignore[no-untyped-def]
    """Click the row, then press Space on its Keep box, as a keyboard user would."""
    rect = dlg.table.visualRect(dlg.table.model().index(row, PROMPT))
    qtbot.mouseClick(dlg.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dlg.table.setCurrentCell(row, KEEP)
    qtbot.keyClick(dlg.table, Qt.Key.Key_Space)


def ask_as(qtbot, dlg: GenerateDialog, row: int, kind: str) -> None:  # type: ignore[no-untyped-def]
    """Select the row, then pick another way of asking it in "Ask as", by keyboard."""
    rect = dlg.table.visualRect(dlg.table.model().index(row, PROMPT))
    qtbot.mouseClick(dlg.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dlg.ask_as.setFocus()
    qtbot.keyClick(dlg.ask_as, Qt.Key.Key_Home)
    while dlg.ask_as.currentData() != kind:
        before = dlg.ask_as.currentIndex()
        qtbot.keyClick(dlg.ask_as, Qt.Key.Key_Down)
        assert dlg.ask_as.currentIndex() != before, f"row {row} cannot be asked as {kind}"


def test_generate_keep_three_edit_one_and_add(qtbot, dialog: GenerateDialog,  # type: ignore[no-untyped-def]
                                              col_with_article: Collection) -> None:
    assert not dialog.checked_rows()  # nothing is kept until the user says so
    assert not dialog.add_button.isEnabled()
    first_prompt = dialog.table.item(0, PROMPT).text()
    assert first_prompt == dialog.candidates[0].prompt and "[...]" in first_prompt

    for row in (0, 1, 2):
        tick(qtbot, dialog, row)
    assert dialog.checked_rows() == [0, 1, 2]
    assert dialog.add_button.text() == "Add 3 cards"

    # edit the second one: select it, rewrite its prompt
    rect = dialog.table.visualRect(dialog.table.model().index(1, PROMPT))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.prompt_edit.toPlainText() == dialog.candidates[1].prompt
    dialog.prompt_edit.setFocus()
    dialog.prompt_edit.selectAll()
    qtbot.keyClicks(dialog.prompt_edit, "The first joint Russian-Chinese exercise was [...].")
    assert dialog.table.item(1, PROMPT).text() == \
        "The first joint Russian-Chinese exercise was [...]."
    kept = [dialog.candidates[r] for r in (0, 1, 2)]

    with qtbot.waitSignal(dialog.cards_added) as added:
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert added.args == [3]
    # the dialog stays open for more; what was added is marked and cannot be added twice
    assert dialog.isVisible()
    assert [dialog.table.item(r, KEEP).text() for r in (0, 1, 2)] == ["added"] * 3
    assert dialog.checked_rows() == [] and not dialog.add_button.isEnabled()
    assert dialog.status.text().startswith("Added 3 cards.")
    tick(qtbot, dialog, 3)  # more can be picked; untick it again for what follows
    assert dialog.add_button.text() == "Add 1 card" and dialog.add_button.isEnabled()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert dialog.checked_rows() == []

    notes = list_notes(col_with_article, article_id=ARTICLE)
    assert {n.id for n in notes} == {c.id for c in kept}
    edited = get_note(col_with_article, kept[1].id)
    text = edited.fields.get("text") or edited.fields.get("question") or edited.fields["front"]
    assert text.startswith("The first joint Russian-Chinese exercise was")
    assert edited.tags[0] == "generated" and edited.source == kept[1].source
    cards = col_with_article.execute(
        "SELECT COUNT(*) FROM cards JOIN notes ON notes.id = cards.note_id "
        "WHERE notes.article_id = ?", [ARTICLE]).fetchone()[0]
    assert cards == 3
    # the card browser shows them
    shown = {r.prompt for r in browse_rows(col_with_article, ARTICLE)}
    assert any(p.startswith("The first joint Russian-Chinese exercise was") for p in shown)
    card_ids = find_in_browser(qtbot, col_with_article, kept)
    study_by_keyboard(qtbot, col_with_article, card_ids)


def find_in_browser(qtbot, col: Collection, kept: list) -> list[int]:  # type: ignore[no-untyped-def]
    """Open the card browser, type into its search box, and see each kept card's row."""
    browser = CardBrowser(col, ARTICLE)
    qtbot.addWidget(browser)
    browser.show()
    qtbot.waitUntil(lambda: browser.model.rowCount() == 3)  # the search runs off the GUI thread
    searches = ["Russian-Chinese exercise", *(c.answer for c in (kept[0], kept[2]))]
    found: set[str] = set()
    for text in searches:
        browser.search.setFocus()
        browser.search.selectAll()
        with qtbot.waitSignal(browser.searched, timeout=5000):  # after the typing pause
            qtbot.keyClicks(browser.search, text)
        assert browser.search.text() == text
        rows = [browser.model.data(browser.model.index(r, 0), Qt.ItemDataRole.UserRole)
                for r in range(browser.model.rowCount())]
        assert rows and set(rows) <= {c.id for c in kept}, (text, rows)
        found.update(rows)
    assert found == {c.id for c in kept}
    browser.search.clear()
    qtbot.waitUntil(lambda: browser.model.rowCount() == 3)
    marks = ",".join("?" * len(found))
    return [r[0] for r in col.execute(
        f"SELECT cards.id FROM cards WHERE note_id IN ({marks}) ORDER BY cards.id",
        sorted(found)).fetchall()]


def study_by_keyboard(qtbot, col: Collection, card_ids: list[int]) -> None:  # type: ignore[no-untyped-def]
    """Study exactly those cards: Space to start, then Space (answer) and 3 (Good) each."""
    assert len(card_ids) == 3
    review = ReviewWidget(col, Scope(card_ids=tuple(card_ids)), "Generated cards")
    qtbot.addWidget(review)
    review.resize(800, 600)
    review.show()
    qtbot.keyClick(review, Qt.Key.Key_Space)  # Study
    for _ in card_ids:
        assert review.pages.currentIndex() == 1 and review.question.text()
        qtbot.keyClick(review, Qt.Key.Key_Space)  # Show answer
        assert review.grade_buttons[3].isVisible()
        qtbot.keyClick(review, Qt.Key.Key_3)  # Good
    logged = col.execute("SELECT card_id, rating FROM revlog ORDER BY id").fetchall()
    assert sorted(r[0] for r in logged) == card_ids and {r[1] for r in logged} == {3}


def test_one_section_and_type_filter(qtbot, col_with_article: Collection) -> None:  # type: ignore[no-untyped-def]
    dlg = GenerateDialog(col_with_article, ARTICLE, section_idx=2)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.table.rowCount() > 0, timeout=20000)
    assert {c.section for c in dlg.candidates} == {"Joint Exercises"}
    dlg.type_filter.setCurrentIndex(dlg.type_filter.findData("mcq"))
    visible = [r for r in range(dlg.table.rowCount()) if not dlg.table.isRowHidden(r)]
    assert visible and all(dlg.candidates[r].kind == "mcq" for r in visible)


def test_a_broken_edit_adds_nothing(qtbot, dialog: GenerateDialog, monkeypatch,  # type: ignore[no-untyped-def]
                                    col_with_article: Collection) -> None:
    cloze = next(r for r, c in enumerate(dialog.candidates) if c.kind == "cloze")
    other = next(r for r, c in enumerate(dialog.candidates) if r != cloze
                 and "mcq" in [v.kind for v in dialog.variants[r]])
    ask_as(qtbot, dialog, other, "mcq")
    assert dialog.candidates[other].kind == "mcq"
    tick(qtbot, dialog, other)
    tick(qtbot, dialog, cloze)
    dialog.prompt_edit.setFocus()
    dialog.prompt_edit.selectAll()
    qtbot.keyClicks(dialog.prompt_edit, "A cloze without any gap")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert shown and "gap" in shown[0]
    assert list_notes(col_with_article, article_id=ARTICLE) == []
    assert dialog.isVisible()


def test_editing_an_unticked_candidate_keeps_it(qtbot, dialog: GenerateDialog) -> None:  # type: ignore[no-untyped-def]
    rect = dialog.table.visualRect(dialog.table.model().index(4, PROMPT))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert 4 not in dialog.checked_rows()
    dialog.answer_edit.setFocus()
    qtbot.keyClicks(dialog.answer_edit, "x")
    assert 4 in dialog.checked_rows()  # an edit is not thrown away
    assert dialog.add_button.text() == "Add 1 card"


def test_suggestions_are_ranked_in_stars_and_prompts_get_the_width(
        qtbot, dialog: GenerateDialog) -> None:  # type: ignore[no-untyped-def]
    from app.ui.cards.generate_dialog import ANSWER, RANK, SECTION

    dialog.resize(1000, 640)
    ranks = [dialog.table.item(r, RANK).text() for r in range(dialog.table.rowCount())]
    assert ranks[0] == "★★★" and ranks[-1] == "★☆☆"
    assert ranks == sorted(ranks, key=lambda r: -r.count("★"))  # best first
    assert not any(ch.isdigit() for rank in ranks for ch in rank)  # no raw score
    widths = {c: dialog.table.columnWidth(c) for c in (SECTION, PROMPT, ANSWER)}
    assert widths[PROMPT] > 2 * widths[SECTION]
    assert widths[ANSWER] > widths[SECTION]


def test_a_section_dialog_leaves_out_the_section_column(qtbot, col_with_article) -> None:  # type: ignore[no-untyped-def]
    from app.ui.cards.generate_dialog import SECTION

    dlg = GenerateDialog(col_with_article, ARTICLE, 3)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.table.rowCount() > 0, timeout=20000)
    assert dlg.table.isColumnHidden(SECTION)


def test_one_question_per_row_asked_another_way(qtbot, dialog: GenerateDialog,  # type: ignore[no-untyped-def]
                                                col_with_article: Collection) -> None:
    """A cloze and its multiple choice are one suggestion; switching keeps each one's edit."""
    row = next(r for r, ways in enumerate(dialog.variants)
               if ways[0].kind == "cloze" and "mcq" in [v.kind for v in ways])
    assert "(+" in dialog.table.item(row, TYPE).text()
    prompts = {c.prompt for c in dialog.candidates}
    assert len(prompts) == len(dialog.candidates)  # no question asked twice
    cloze_prompt = dialog.candidates[row].prompt
    ask_as(qtbot, dialog, row, "mcq")
    mcq = dialog.candidates[row]
    assert mcq.kind == "mcq" and mcq.options and dialog.options_label.text() != "—"
    assert dialog.table.item(row, TYPE).text().startswith("Multiple choice")
    dialog.answer_edit.setFocus()
    dialog.answer_edit.selectAll()
    qtbot.keyClicks(dialog.answer_edit, mcq.answer + " (edited)")
    ask_as(qtbot, dialog, row, "cloze")
    assert dialog.candidates[row].prompt == cloze_prompt
    ask_as(qtbot, dialog, row, "mcq")
    assert dialog.candidates[row].answer == mcq.answer + " (edited)"  # the edit was kept
    with qtbot.waitSignal(dialog.cards_added):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    notes = list_notes(col_with_article, article_id=ARTICLE)
    assert [n.kind for n in notes] == ["mcq"]
    assert notes[0].fields["answer"] == mcq.answer + " (edited)"


def test_a_question_already_in_the_deck_is_marked_whichever_way_it_was_asked(  # type: ignore[no-untyped-def]
        qtbot, col_with_article: Collection) -> None:
    first = GenerateDialog(col_with_article, ARTICLE)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitUntil(lambda: first.table.rowCount() > 0, timeout=20000)
    row = next(r for r, ways in enumerate(first.variants) if len(ways) > 1)
    ask_as(qtbot, first, row, first.variants[row][1].kind)
    tick(qtbot, first, row)
    with qtbot.waitSignal(first.cards_added):
        qtbot.mouseClick(first.add_button, Qt.MouseButton.LeftButton)
    again = GenerateDialog(col_with_article, ARTICLE)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.table.rowCount() > 0, timeout=20000)
    same = next(r for r, c in enumerate(again.candidates) if c.id == first.variants[row][0].id)
    assert again.table.item(same, KEEP).text() == "added"
