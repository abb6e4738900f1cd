"""`studydesk class results|send` and `studydesk deck subscribe|update`, as typed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.cli import main
from app.core.paths import bundled_article_path
from tests.helpers.classroom import DECK, QUIZ, student_collection, students_result_files, take_quiz
from tests.helpers.lrs import USERS, Lrs
from tests.helpers.web import WebFolder


def test_class_results_from_csv_files(tmp_path: Path, memory_keyring,  # type: ignore[no-untyped-def]
                                      capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(f) for f in students_result_files(tmp_path)]
    assert main(["class", "results", "--csv", *files, "--quiz", QUIZ, "--json"]) == 0
    (report,) = json.loads(capsys.readouterr().out)
    assert report["students"] == 3 and len(report["questions"]) == 7
    assert report["questions"][0]["facility"] == pytest.approx(100 * 2 / 3)
    assert main(["class", "results", "--csv", *files, "--quiz", QUIZ]) == 0
    text = capsys.readouterr().out
    assert "3 students, 3 attempts (first)" in text and "facility" in text


def test_class_results_from_the_lrs(tmp_path: Path, ralph: Lrs, memory_keyring,  # type: ignore[no-untyped-def]
                                    monkeypatch, capsys: pytest.CaptureFixture[str]) -> None:
    col = student_collection(tmp_path, "student2", ralph.endpoint)
    try:
        take_quiz(col, [True] * 7)
        assert main(["class", "send", "--collection", str(col.path)]) == 1  # the lock is ours
        err = capsys.readouterr().err
        assert "already open" in err
    finally:
        col.close()
    assert main(["class", "send", "--collection", str(tmp_path / "student2.sqlite3")]) == 0
    assert "10 results sent. Nothing is waiting." in capsys.readouterr().out
    monkeypatch.setenv("STUDYDESK_LRS_SECRET", USERS["instructor"])
    assert main(["class", "results", "--lrs", ralph.endpoint, "--key", "instructor",
                 "--deck", str(DECK), "--quiz", QUIZ, "--json"]) == 0
    (report,) = json.loads(capsys.readouterr().out)
    assert report["students"] >= 1 and len(report["questions"]) == 7


def test_class_results_with_a_wrong_secret_is_one_clear_line(
        ralph: Lrs, monkeypatch, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("STUDYDESK_LRS_SECRET", "wrong")
    assert main(["class", "results", "--lrs", ralph.endpoint, "--key", "instructor",
                 "--deck", str(DECK), "--quiz", QUIZ]) == 1
    err = capsys.readouterr().err
    assert "refused the key and secret" in err and err.count("\n") == 1


def test_deck_subscribe_and_update(tmp_path: Path, web_folder: WebFolder,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(bundled_article_path(), web_folder.root / bundled_article_path().name)
    shutil.copy(DECK, web_folder.root / "course.toml")
    collection = str(tmp_path / "col.sqlite3")
    assert main(["deck", "subscribe", web_folder.url("course.toml"),
                 "--collection", collection]) == 0
    assert "cards added" in capsys.readouterr().out
    assert main(["deck", "update", "--collection", collection]) == 0
    assert "unchanged" in capsys.readouterr().out
    assert main(["deck", "subscribe", web_folder.url("gone.toml"),
                 "--collection", collection]) == 1
    assert "answered 404" in capsys.readouterr().err


def test_class_results_names_what_is_missing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["class", "results", "--lrs", "http://127.0.0.1:9/xAPI/", "--key", "k",
                 "--quiz", QUIZ]) == 1
    assert "give --key and --deck FILE" in capsys.readouterr().err
    assert main(["class", "results", "--csv", "x.csv", "--deck", str(DECK),
                 "--quiz", "no-such-quiz"]) == 1
    assert "has no quiz 'no-such-quiz'" in capsys.readouterr().err
