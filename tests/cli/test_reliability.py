"""`studydesk backup / backups / restore / check / salvage`, and failures as one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.core.notes.card_actions import add_note
from app.core.storage.collection import Collection
from tests.helpers.faults import damage, read_only

ARTICLE = "russia-china-military-cooperation"


def _collection(path: Path, article_path: Path, cards: int = 1) -> None:
    from app.core.articles.library import import_article_file

    with Collection.open(path) as col:
        import_article_file(col, article_path)
        for i in range(cards):
            add_note(col, ARTICLE, 0, "basic", {"front": f"Q{i} " + "y" * 300, "back": "A"})
        col.backup_on_close = False


def _cards(path: Path) -> int:
    with Collection.open(path) as col:
        col.backup_on_close = False
        return col.execute("SELECT COUNT(*) FROM cards").fetchone()[0]


def test_backup_list_and_restore(tmp_path: Path, article_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.sqlite3"
    _collection(path, article_path)
    assert main(["--collection", str(path), "backup"]) == 0
    made = capsys.readouterr().out.strip().removeprefix("Backed up to ")
    assert Path(made).is_file()
    assert main(["--collection", str(path), "backups"]) == 0
    listing = capsys.readouterr().out
    assert "1 cards, 0 reviews" in listing and made in listing
    with Collection.open(path) as col:
        add_note(col, ARTICLE, 0, "basic", {"front": "extra", "back": "A"})
        col.backup_on_close = False
    assert _cards(path) == 2
    assert main(["--collection", str(path), "restore", made]) == 0
    assert "kept in" in capsys.readouterr().out
    assert _cards(path) == 1


def test_check_reports_a_healthy_collection(tmp_path: Path, article_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.sqlite3"
    _collection(path, article_path)
    assert main(["--collection", str(path), "check"]) == 0
    assert "healthy" in capsys.readouterr().out


def test_damaged_collection_is_one_line_then_restored_from_backup(
        tmp_path: Path, article_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.sqlite3"
    _collection(path, article_path, cards=200)
    assert main(["--collection", str(path), "backup"]) == 0
    made = capsys.readouterr().out.strip().removeprefix("Backed up to ")
    with Collection.open(path) as col:
        col.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        col.backup_on_close = False
    damage(path, page=path.stat().st_size // 4096 - 3)
    assert main(["--collection", str(path), "check"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is damaged" in err and "Traceback" not in err
    assert main(["--collection", str(path), "restore", made]) == 0
    assert "damaged collection is kept as" in capsys.readouterr().out
    assert _cards(path) == 200
    assert main(["--collection", str(path), "check"]) == 0


def test_salvage_copies_what_can_be_read(tmp_path: Path, article_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.sqlite3"
    _collection(path, article_path, cards=5)
    out = tmp_path / "rescued.sqlite3"
    assert main(["salvage", str(path), str(out)]) == 0
    assert "rows of cards" in capsys.readouterr().out
    assert _cards(out) == 5


def test_read_only_collection_is_one_clear_line(tmp_path: Path, article_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.sqlite3"
    _collection(path, article_path)
    deck = Path(__file__).resolve().parents[2] / "decks"
    tomls = sorted(deck.glob("*.toml"))
    if not tomls:
        pytest.skip("no bundled deck file")
    with read_only(path):
        code = main(["deck", "load", str(tomls[0]), "--collection", str(path)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("studydesk: ") and err.count("\n") == 1
    assert "is read-only" in err


def test_lock_held_by_another_program_is_one_clear_line(tmp_path: Path, article_path: Path,
                                                        capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core.storage import collection as collection_module
    from tests.helpers.faults import another_program_holding_the_lock

    path = tmp_path / "c.sqlite3"
    _collection(path, article_path)
    opened = collection_module.Collection.open

    def impatient(p):  # type: ignore[no-untyped-def]
        col = opened(p)
        col.conn.execute("PRAGMA busy_timeout = 50")
        return col

    monkeypatch.setattr(collection_module.Collection, "open", staticmethod(impatient))
    from app.core.paths import bundled_decks_dir

    deck = min(bundled_decks_dir().glob("*.toml"))
    with another_program_holding_the_lock(path):
        code = main(["deck", "load", str(deck), "--collection", str(path)])
        readable = main(["--collection", str(path), "backups"])  # reading still works
    err = capsys.readouterr().err
    assert code == 1 and readable == 0
    assert err.count("\n") == 1 and err.startswith("studydesk: ")
    assert "another program is using" in err
