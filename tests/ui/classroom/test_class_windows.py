"""The class in the GUI, driven as a student and an instructor would: Settings → Class,
results sent in the background with the status bar saying how it goes, Class
Results from students' files, and File → Subscribe to Deck."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.core.classroom.settings import KEYRING_SERVICE, load_class_settings
from app.core.paths import bundled_article_path
from app.core.storage.collection import Collection
from app.core.student import student_name
from app.ui.classroom.results_window import ClassResultsDialog
from app.ui.classroom.settings_dialog import ClassSettingsDialog
from app.ui.main_window import MainWindow
from tests.helpers.classroom import (
    DECK,
    QUIZ,
    student_collection,
    student_machine,
    students_result_files,
    take_quiz,
)
from tests.helpers.lrs import USERS, Lrs, free_port, stored_statements
from tests.helpers.web import WebFolder


def type_into(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def test_class_settings_by_keyboard(qtbot, col: Collection, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    dialog = ClassSettingsDialog(col)
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.lrs.endpoint, "https://lrs.school.example.org/xAPI/")
    type_into(qtbot, dialog.lrs.key, "k-123")
    type_into(qtbot, dialog.lrs.secret, "s3cret")
    type_into(qtbot, dialog.name, "Ada Student")
    type_into(qtbot, dialog.email, "ada@school.example.org")
    assert not dialog.send_reviews.isChecked()  # reviews only when chosen
    qtbot.mouseClick(dialog.send_reviews, Qt.MouseButton.LeftButton)
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    # not agreed yet: saved, but nothing will be sent
    assert not dialog.isVisible()
    settings = load_class_settings(col)
    assert settings.endpoint == "https://lrs.school.example.org/xAPI/" and not settings.active
    assert settings.send_reviews
    assert memory_keyring.secrets[(KEYRING_SERVICE, "k-123@https://lrs.school.example.org/xAPI/")] \
        == "s3cret"
    assert student_name(col) == "Ada Student"
    # agreeing with a broken e-mail address is refused in words
    dialog = ClassSettingsDialog(col)
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.email, "ada at school")
    qtbot.mouseClick(dialog.agreed, Qt.MouseButton.LeftButton)
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "is not an e-mail address" in dialog.error.text()
    assert "secret" not in str(col.get_setting("class"))  # never in the collection


def test_results_are_sent_in_the_background_and_the_status_bar_says_so(
        qtbot, tmp_path: Path, ralph: Lrs, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    col = student_collection(tmp_path, "student3", f"http://127.0.0.1:{free_port()}/xAPI/")
    try:
        window = MainWindow(col)
        qtbot.addWidget(window)
        window.show()
        take_quiz(col, [True] * 7)
        qtbot.waitUntil(lambda: "cannot be reached" in window.waiting_label.text(), timeout=20000)
        assert window.waiting_label.text().startswith("10 results waiting to be sent")
        # the student fixes the address (the LRS is up now) and sends
        settings = load_class_settings(col)
        from dataclasses import replace

        from app.core.classroom.settings import save_class_settings

        save_class_settings(col, replace(settings, endpoint=ralph.endpoint),
                            secret=USERS["student3"])
        window.send_results_now()
        qtbot.waitUntil(lambda: window.waiting_label.text() == "", timeout=20000)
        mine = stored_statements(ralph, registration=col.execute(
            "SELECT json_extract(statement, '$.context.registration') FROM xapi_outbox "
            "LIMIT 1").fetchone()[0])
        assert len(mine) == 10
    finally:
        window.close()
        col.close()


def test_class_results_from_students_files(qtbot, tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    files = students_result_files(tmp_path)
    instructor = student_collection(tmp_path, "instructor", "http://127.0.0.1:9/xAPI/")
    try:
        dialog = ClassResultsDialog(instructor, "russia-china-military-cooperation")
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.quiz.setCurrentIndex(dialog.quiz.findData(QUIZ))
        dialog.source.setCurrentIndex(dialog.source.findData("csv"))
        assert not dialog.lrs.endpoint.isVisible() and dialog.files_button.isVisible()
        dialog.csv_files = files  # what Choose Files… would have picked
        qtbot.mouseClick(dialog.load_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 7, timeout=20000)
        assert dialog.summary.text().startswith("3 students, 3 attempts")
        assert dialog.table.item(0, 2).text() == f"{100 * 2 / 3:.1f}"
        assert dialog.responses.rowCount() >= 1  # the first question's answers are listed
        assert dialog.students.rowCount() == 3
        assert [dialog.students.item(r, 0).text() for r in range(3)] == ["Ann", "Bob", "Cem"]
        assert dialog.students.item(0, 2).text().endswith("/ 7")
        assert dialog.export_button.isEnabled()
    finally:
        instructor.close()


def test_subscribe_to_deck_from_the_file_menu(qtbot, col: Collection,
                                              web_folder: WebFolder) -> None:  # type: ignore[no-untyped-def]
    shutil.copy(bundled_article_path(), web_folder.root / bundled_article_path().name)
    shutil.copy(DECK, web_folder.root / "course.toml")
    window = MainWindow(col)
    qtbot.addWidget(window)
    window.show()
    window.subscribe_to_deck(web_folder.url("course.toml"))
    qtbot.waitUntil(lambda: "cards added" in window.statusBar().currentMessage(), timeout=20000)
    assert col.execute("SELECT COUNT(*) FROM deck_subscriptions").fetchone()[0] == 1


def _course_site(web_folder: WebFolder) -> str:
    shutil.copy(bundled_article_path(), web_folder.root / bundled_article_path().name)
    shutil.copy(DECK, web_folder.root / "course.toml")
    return web_folder.url("course.toml")


def test_a_subscribed_deck_loads_on_a_worker(
        qtbot, col: Collection, web_folder: WebFolder, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    from app.ui.classroom import subscribe
    from tests.helpers.progress import watched

    threads = watched(monkeypatch, subscribe, "apply_fetched")
    window = MainWindow(col)
    qtbot.addWidget(window)
    window.show()
    window.subscribe_to_deck(_course_site(web_folder))
    qtbot.waitUntil(lambda: "cards added" in window.statusBar().currentMessage(), timeout=20000)
    assert threads and threads[0] != threading.get_ident()
    assert col.execute("SELECT COUNT(*) FROM deck_subscriptions").fetchone()[0] == 1
    assert col.execute("SELECT COUNT(*) FROM notes WHERE deck_id IS NOT NULL").fetchone()[0] > 0


def test_a_cancelled_subscription_loads_nothing(
        qtbot, col: Collection, web_folder: WebFolder, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.ui.classroom import subscribe
    from tests.helpers.progress import cancel_when_shown, slowed

    cards = col.execute("SELECT COUNT(*) FROM cards").fetchone()[0]
    threads = slowed(monkeypatch, subscribe, "apply_fetched")
    window = MainWindow(col)
    qtbot.addWidget(window)
    window.show()
    pressed = cancel_when_shown(qtbot, lambda: bool(threads))
    url = _course_site(web_folder)
    window.subscribe_to_deck(url)
    qtbot.waitUntil(lambda: "cancelled" in window.statusBar().currentMessage(), timeout=20000)
    assert pressed == [f"Loading the deck from {url}…"]
    assert "nothing was changed" in window.statusBar().currentMessage()
    assert col.execute("SELECT COUNT(*) FROM deck_subscriptions").fetchone()[0] == 0
    assert col.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == cards


def test_the_start_up_check_loads_changed_decks_one_at_a_time_off_the_gui_thread(
        qtbot, col: Collection, web_folder: WebFolder, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    from app.core.classroom.subscription import update_subscription
    from app.ui.classroom import subscribe

    url = _course_site(web_folder)
    update_subscription(col, url)
    second = web_folder.root / "second.toml"
    second.write_text((web_folder.root / "course.toml").read_text(encoding="utf-8"),
                      encoding="utf-8")
    update_subscription(col, web_folder.url("second.toml"))  # two subscriptions now
    edited = "Between the 1950s and the end of the 1980s, Moscow and Beijing were rivals."
    for path in (web_folder.root / "course.toml", second):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(text.split('statement = "')[1].split('"')[0], edited),
                        encoding="utf-8")
        later = path.stat().st_mtime + 10  # Last-Modified counts whole seconds
        os.utime(path, (later, later))
    real, spans = subscribe.apply_fetched, []

    def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
        start = time.monotonic()
        try:
            return real(*args, **kwargs)
        finally:
            spans.append((start, time.monotonic(), threading.get_ident()))

    monkeypatch.setattr(subscribe, "apply_fetched", timed)
    told: list[str] = []
    window = MainWindow(col)
    qtbot.addWidget(window)
    subscribe.check_subscriptions(window, col, told.append)
    qtbot.waitUntil(lambda: len(told) == 2, timeout=20000)
    assert all(t.startswith("Deck updated from the course site") for t in told), told
    assert len(spans) == 2 and threading.get_ident() not in [t for _, _, t in spans]
    (_, first_end, _), (second_start, _, _) = sorted(spans)
    assert first_end <= second_start  # one writer at a time
    assert col.execute("SELECT COUNT(*) FROM notes WHERE fields LIKE ?",
                       (f"%{edited}%",)).fetchone()[0] >= 1


def test_a_quiz_limit_counts_attempts_from_another_computer(
        qtbot, tmp_path: Path, memory_keyring, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from app.core.classroom.lrs import LrsClient
    from app.core.classroom.outbox import send_pending
    from app.ui.quiz.actions import open_quiz
    from tests.helpers.lrs import start_ralph, stop_ralph

    lrs = start_ralph(tmp_path / "lrs")
    laptop = student_machine(tmp_path / "laptop", "student1", lrs.endpoint, attempts=2)
    lab = student_machine(tmp_path / "lab", "student1", lrs.endpoint, attempts=2)
    try:
        for _ in range(2):
            take_quiz(laptop, [True] * 7)
        with LrsClient(lrs.endpoint, "student1", USERS["student1"]) as client:
            assert send_pending(laptop, client).error is None
        told: list[str] = []
        monkeypatch.setattr(QMessageBox, "information",
                            lambda _parent, _title, text: told.append(text))
        window = open_quiz(None, lab, QUIZ)
        assert window is not None
        qtbot.addWidget(window)
        assert not window.start_page.start_button.isEnabled()  # asking the LRS first
        assert "Checking your attempts" in window.start_page.facts.text()
        qtbot.waitUntil(window.start_page.start_button.isEnabled, timeout=20000)
        assert "Attempts left: 0 of 2" in window.start_page.facts.text()
        qtbot.mouseClick(window.start_page.start_button, Qt.MouseButton.LeftButton)
        assert told and "used all 2 attempts" in told[0]
        assert lab.execute("SELECT COUNT(*) FROM quiz_attempts").fetchone()[0] == 0
    finally:
        laptop.close()
        lab.close()
        stop_ralph(lrs)


def test_a_timed_quiz_begun_on_another_computer_continues_its_clock(
        qtbot, tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    import random
    from datetime import UTC, datetime, timedelta

    from app.core.classroom.lrs import LrsClient
    from app.core.classroom.outbox import send_pending
    from app.core.decks.store import get_quiz
    from app.core.quiz.session import QuizClock, start_quiz
    from app.ui.quiz.actions import open_quiz
    from tests.helpers.lrs import start_ralph, stop_ralph

    lrs = start_ralph(tmp_path / "lrs")
    laptop = student_machine(tmp_path / "laptop", "student2", lrs.endpoint, time_limit=1800)
    lab = student_machine(tmp_path / "lab", "student2", lrs.endpoint, time_limit=1800)
    try:
        began = datetime.now(UTC) - timedelta(minutes=10)
        start_quiz(laptop, get_quiz(laptop, QUIZ), rng=random.Random(1),
                   clock=QuizClock(wall=lambda: began)).begin()
        with LrsClient(lrs.endpoint, "student2", USERS["student2"]) as client:
            assert send_pending(laptop, client).sent == 1  # the start, as it began
        window = open_quiz(None, lab, QUIZ)
        assert window is not None
        qtbot.addWidget(window)
        qtbot.waitUntil(window.start_page.start_button.isEnabled, timeout=20000)
        facts = window.start_page.facts.text()
        assert "continues the attempt you began on another computer" in facts
        assert "20 min left" in facts
        qtbot.mouseClick(window.start_page.start_button, Qt.MouseButton.LeftButton)
        left = window.session.time_left()
        assert window.session.begun and left is not None and 19 * 60 < left <= 20 * 60
    finally:
        laptop.close()
        lab.close()
        stop_ralph(lrs)
