"""`studydesk --self-test`: prove an installation works end to end, offscreen.

Why it exists: a PyInstaller bundle can build fine and still miss a Qt plugin,
a data file or a lazily imported module. This walks the paths a student uses —
open a collection, first-start import of the article and deck, the main
window, one flashcard answer, one quiz question, an Anki export — in a
temporary folder, and exits non-zero naming the step that failed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ARTICLE_ID = "russia-china-military-cooperation"


class SelfTestFailure(Exception):
    pass


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise SelfTestFailure(message)


def _collection(ctx: dict[str, Any]) -> str:
    from app.core.articles.bootstrap import ensure_bundled_content
    from app.core.storage.collection import Collection

    ctx["col"] = col = Collection.open(ctx["dir"] / "selftest.sqlite3")
    result = ensure_bundled_content(col)
    _check(result is not None and result.article_id == ARTICLE_ID, "bundled article missing")
    _check(result.cards >= 80, f"curated deck gave only {result.cards} cards")
    return f"bundled article and {result.cards} curated cards imported"


def _window(ctx: dict[str, Any]) -> str:
    from app.ui.app import application
    from app.ui.main_window import MainWindow

    app = application(sys.argv[:1])
    window = MainWindow(ctx["col"])
    window.show()
    app.processEvents()
    sections = window.sidebar.topLevelItem(0).childCount()
    text = window.reader.browser.toPlainText()
    window.close()
    _check(sections == 6, f"sidebar shows {sections} sections, expected 6")
    _check("Sino-Soviet Border Agreement" in text, "reader shows no article text")
    return "main window shows 6 sections and the reader"


def _press(widget: Any, key: Any, text: str = "") -> None:
    """A real key press delivered to a widget, as the keyboard would (no QtTest in the bundle)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))
    QApplication.processEvents()


def _study(ctx: dict[str, Any]) -> str:
    from PySide6.QtCore import Qt

    from app.core.study.queues import Scope
    from app.ui.study.review import ReviewWidget

    col = ctx["col"]
    review = ReviewWidget(col, Scope(article_id=ARTICLE_ID), "Self-test")
    review.show()
    _press(review, Qt.Key.Key_Space, " ")  # overview → first card
    _check(review.card is not None, "no card to study")
    _press(review, Qt.Key.Key_Space, " ")  # show the answer
    _check(review.answer_shown, "Space did not show the answer")
    _press(review, Qt.Key.Key_3, "3")  # Good
    review.close()
    logged = col.execute("SELECT COUNT(*) FROM revlog").fetchone()[0]
    _check(logged == 1, f"{logged} review rows after one answer")
    return "review screen: one card shown, answered Good by keyboard, logged"


def _quiz(ctx: dict[str, Any]) -> str:
    from PySide6.QtCore import Qt

    from app.core.quiz.session import QuickQuizOptions, start_quick_quiz
    from app.ui.quiz.window import QuizWindow

    session = start_quick_quiz(ctx["col"], ARTICLE_ID, QuickQuizOptions(count=1, kinds=("mcq",)))
    question = session.current
    _check(question is not None, "quick quiz has no question")
    window = QuizWindow(session)
    window.show()
    right = str(question.options.index(question.answer) + 1)
    _press(window.view, getattr(Qt.Key, f"Key_{right}"), right)
    _press(window.view, Qt.Key.Key_Return, "\r")
    results = session.finish()
    window.close()
    _check(results.score == 1, f"the right answer to {question.prompt!r} was not counted")
    from app.core.study.typed import grade_typed

    _check(grade_typed("three billion dollars", "$3 billion").correct,
           "typed grading does not read number words")
    return "quiz window: one multiple-choice question answered right by keyboard; typed grading"


def _generate(ctx: dict[str, Any]) -> str:
    from app.core.articles.library import load_article
    from app.core.generate import generate_candidates

    candidates = generate_candidates(load_article(ctx["col"], ARTICLE_ID), section_idx=0,
                                     limit=20)
    kinds = {c.kind for c in candidates}
    _check(len(candidates) >= 10, f"only {len(candidates)} candidates for the introduction")
    return f"{len(candidates)} candidate cards generated ({', '.join(sorted(kinds))})"


def _export(ctx: dict[str, Any]) -> str:
    from app.core.export.anki import export_article

    out = ctx["dir"] / "selftest.apkg"
    result = export_article(ctx["col"], ARTICLE_ID, out)
    _check(out.exists() and zipfile.is_zipfile(out), "no .apkg written")
    with zipfile.ZipFile(out) as package:
        _check(any(n.startswith("collection.anki2") for n in package.namelist()),
               "the .apkg holds no Anki collection")
    return result.message


class Skipped(Exception):
    """A step that does not apply here (no display for the real platform plugin)."""


def _platform(ctx: dict[str, Any]) -> str:
    """The real platform plugin loads (in a child process: a failing plugin aborts Qt)."""
    import subprocess

    env = ctx["environ"]
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        raise Skipped("no display; only the offscreen platform was checked")
    env = {k: v for k, v in env.items() if k != "QT_QPA_PLATFORM"} \
        if env.get("QT_QPA_PLATFORM") == "offscreen" else dict(env)
    frozen = getattr(sys, "frozen", False)
    cmd = [sys.executable, "--check-platform"] if frozen else \
        [sys.executable, "-m", "app", "--check-platform"]
    from app.core.paths import install_root

    # from a checkout, the child runs this very `app` package, not another installed one
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60,
                            check=False, cwd=None if frozen else install_root())
    name = next((line.split(" ", 1)[1] for line in result.stdout.splitlines()
                 if line.startswith("platform ")), None)
    _check(result.returncode == 0, result.stderr.strip() or f"exit status {result.returncode}")
    _check(name is not None, "the platform plugin did not report its name")
    return f"the {name} platform plugin loads on this display"


STEPS: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
    ("collection", _collection),
    ("main window", _window),
    ("flashcard study", _study),
    ("quiz", _quiz),
    ("card generation", _generate),
    ("Anki export", _export),
    ("platform plugin", _platform),
]


def _quiet_offscreen_warnings() -> None:
    """The offscreen platform warns about window hints it cannot honour; that is noise here."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_mode: object, _context: object, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def run() -> int:
    environ = dict(os.environ)  # as the student's session has it, for the platform check
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    _quiet_offscreen_warnings()
    with tempfile.TemporaryDirectory(prefix="studydesk-selftest-") as tmp:
        ctx: dict[str, Any] = {"dir": Path(tmp), "environ": environ}
        try:
            for name, step in STEPS:
                try:
                    print(f"ok   {name}: {step(ctx)}", flush=True)
                except Skipped as skipped:
                    print(f"skip {name}: {skipped}", flush=True)
                except Exception as exc:  # noqa: BLE001 - report any failure by step
                    print(f"FAIL {name}: {exc}", file=sys.stderr)
                    if not isinstance(exc, SelfTestFailure):
                        traceback.print_exc()
                    print("StudyDesk self-test failed.", file=sys.stderr)
                    return 1
        finally:
            if "col" in ctx:
                ctx["col"].close()
    print("StudyDesk self-test passed.")
    return 0
