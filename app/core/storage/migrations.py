"""Versioned schema migrations for the collection.

Each migration is a function that takes the sqlite-utils Database and moves the
schema up by exactly one version. They run in order inside one transaction, and
SQLite's `user_version` records how far a collection has come. Never edit a
migration that has shipped; append a new one.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from app.core.errors import CollectionError

if TYPE_CHECKING:
    import sqlite_utils



def _run_script(db: sqlite_utils.Database, script: str) -> None:
    """Run statements one by one: `executescript` would COMMIT the open transaction."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            db.execute(pending)
            pending = ""
    if pending.strip() and not all(
        part.strip().startswith("--") or not part.strip() for part in pending.splitlines()
    ):
        raise ValueError(f"incomplete SQL statement in migration: {pending[:80]!r}")


def _v1_initial(db: sqlite_utils.Database) -> None:
    _run_script(
        db,
        """
        CREATE TABLE settings (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE articles (
            id           TEXT PRIMARY KEY,      -- stable slug, e.g. russia-china-military-cooperation
            title        TEXT NOT NULL,
            date         TEXT,
            byline       TEXT,
            caption      TEXT,
            source_name  TEXT NOT NULL,
            content_hash TEXT NOT NULL UNIQUE,  -- importing the same file twice is a no-op
            imported_at  TEXT NOT NULL,
            position     INTEGER NOT NULL
        );
        CREATE TABLE sections (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            idx        INTEGER NOT NULL,
            title      TEXT NOT NULL,
            words      INTEGER NOT NULL,
            PRIMARY KEY (article_id, idx)
        );
        CREATE TABLE blocks (
            article_id  TEXT NOT NULL,
            section_idx INTEGER NOT NULL,
            idx         INTEGER NOT NULL,
            kind        TEXT NOT NULL,         -- paragraph | quote
            sentences   TEXT NOT NULL,         -- JSON [{"text": ..., "footnotes": [..]}]
            PRIMARY KEY (article_id, section_idx, idx),
            FOREIGN KEY (article_id, section_idx)
                REFERENCES sections(article_id, idx) ON DELETE CASCADE
        );
        CREATE TABLE section_reads (
            article_id  TEXT NOT NULL,
            section_idx INTEGER NOT NULL,
            read_at     TEXT NOT NULL,
            PRIMARY KEY (article_id, section_idx),
            FOREIGN KEY (article_id, section_idx)
                REFERENCES sections(article_id, idx) ON DELETE CASCADE
        );
        CREATE TABLE decks (
            id          TEXT PRIMARY KEY,      -- stable id written in the deck file
            title       TEXT NOT NULL,
            article_id  TEXT REFERENCES articles(id),
            description TEXT NOT NULL DEFAULT '',
            path        TEXT,
            loaded_at   TEXT
        );
        CREATE TABLE notes (
            id          TEXT PRIMARY KEY,      -- stable id (deck card id or generated); Anki GUIDs derive from it
            deck_id     TEXT REFERENCES decks(id),
            article_id  TEXT REFERENCES articles(id),
            section_idx INTEGER,
            kind        TEXT NOT NULL,         -- basic | reversed | cloze | typed | mcq | truefalse
            fields      TEXT NOT NULL,         -- JSON object, see app.core.notes.model
            tags        TEXT NOT NULL DEFAULT '[]',
            source      TEXT NOT NULL DEFAULT '',
            explanation TEXT NOT NULL DEFAULT '',
            position    INTEGER NOT NULL,      -- article order for new cards
            created     TEXT NOT NULL,
            modified    TEXT NOT NULL,
            active      INTEGER NOT NULL DEFAULT 1  -- 0: removed from its deck file, history kept
        );
        CREATE INDEX notes_article ON notes(article_id, section_idx, position);
        CREATE TABLE cards (
            id           INTEGER PRIMARY KEY,  -- stable integer id, also the fsrs card_id
            note_id      TEXT NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
            ord          INTEGER NOT NULL,     -- which card of the note (cloze number - 1, reverse = 1)
            state        INTEGER NOT NULL DEFAULT 1,  -- fsrs.State: 1 learning, 2 review, 3 relearning
            step         INTEGER,
            stability    REAL,
            difficulty   REAL,
            due          REAL,                 -- unix seconds; NULL for a new card
            last_review  REAL,                 -- unix seconds; NULL = new (never answered)
            reps         INTEGER NOT NULL DEFAULT 0,
            lapses       INTEGER NOT NULL DEFAULT 0,
            suspended    INTEGER NOT NULL DEFAULT 0,
            buried_until REAL,                 -- unix seconds of the next day start, or NULL
            UNIQUE (note_id, ord)
        );
        CREATE INDEX cards_due ON cards(due);
        CREATE TABLE revlog (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            card_id     INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
            rating      INTEGER NOT NULL,      -- 1 Again, 2 Hard, 3 Good, 4 Easy
            reviewed_at REAL NOT NULL,         -- unix seconds
            duration_ms INTEGER NOT NULL DEFAULT 0,
            source      TEXT NOT NULL DEFAULT 'flashcards',  -- flashcards | quiz
            before      TEXT NOT NULL          -- JSON card state before the answer, for undo
        );
        CREATE INDEX revlog_card ON revlog(card_id, reviewed_at);
        """
    )


def _add_quizzes(db: sqlite_utils.Database) -> None:
    """Instructor-built quizzes, kept in the collection so they survive a moved deck file."""
    _run_script(
        db,
        """
        CREATE TABLE quizzes (
            id       TEXT PRIMARY KEY,          -- stable id written in the deck file
            deck_id  TEXT REFERENCES decks(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,          -- order within its deck
            spec     TEXT NOT NULL              -- JSON of app.core.quiz.spec.QuizSpec
        );
        CREATE INDEX quizzes_deck ON quizzes(deck_id, position);
        """
    )


def _add_study_queues(db: sqlite_utils.Database) -> None:
    """Study: which queue each answer came from (daily limits count it), fast day counts.

    revlog.queue: 0 new, 1 learning, 2 review, 3 relearning (the card before the answer).
    """
    _run_script(
        db,
        """
        ALTER TABLE revlog ADD COLUMN queue INTEGER NOT NULL DEFAULT 2;
        CREATE INDEX revlog_time ON revlog(reviewed_at);
        """
    )


def _quiz_attempts(db: sqlite_utils.Database) -> None:
    """Quiz attempts and their answers: kept for history, pass/fail and CSV export."""
    _run_script(
        db,
        """
        CREATE TABLE quiz_attempts (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            quiz_id     TEXT,                  -- instructor quiz id, NULL for a quick quiz
            article_id  TEXT,
            title       TEXT NOT NULL,
            student     TEXT NOT NULL DEFAULT '',
            started_at  TEXT NOT NULL,         -- ISO 8601 UTC
            finished_at TEXT,                  -- NULL while running or abandoned
            duration_s  REAL,
            score       INTEGER,
            total       INTEGER NOT NULL,
            pass_mark   REAL NOT NULL,
            passed      INTEGER,
            timed_out   INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX quiz_attempts_quiz ON quiz_attempts(quiz_id, started_at);
        CREATE TABLE quiz_answers (
            attempt_id     INTEGER NOT NULL REFERENCES quiz_attempts(id) ON DELETE CASCADE,
            position       INTEGER NOT NULL,   -- 0-based order in which it was asked
            ask_as         TEXT NOT NULL,      -- mcq | truefalse | typed | matching
            card_ids       TEXT NOT NULL,      -- JSON list of cards.id
            section_idx    INTEGER,
            prompt         TEXT NOT NULL,
            given          TEXT,               -- NULL: not answered before time ran out
            correct_answer TEXT NOT NULL,
            correct        INTEGER NOT NULL,
            wrong_card_ids TEXT NOT NULL DEFAULT '[]',  -- JSON: cards to review (matching: per pair)
            answered_at    TEXT,
            duration_ms    INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (attempt_id, position)
        );
        """
    )


def _quiz_article(db: sqlite_utils.Database) -> None:
    """Quizzes carry their article (a quiz built for an article without a deck file has no
    deck to find it through) and whether they are in their deck's file (reloading that
    file removes only such quizzes, never ones made in the app)."""
    _run_script(
        db,
        """
        ALTER TABLE quizzes ADD COLUMN article_id TEXT REFERENCES articles(id);
        ALTER TABLE quizzes ADD COLUMN in_file INTEGER NOT NULL DEFAULT 0;
        UPDATE quizzes SET article_id = (SELECT d.article_id FROM decks d
                                         WHERE d.id = quizzes.deck_id);
        UPDATE quizzes SET in_file = 1 WHERE deck_id IS NOT NULL;
        CREATE INDEX quizzes_article ON quizzes(article_id, position);
        """
    )


def _cards_never_reuse_ids(db: sqlite_utils.Database) -> None:
    """Card ids must never be reused after a delete (quiz answers and Anki GUIDs
    refer to them), so `cards.id` becomes AUTOINCREMENT. SQLite cannot alter a
    primary key, so the table is rebuilt (with foreign keys off; see `upgrade`)."""
    create, = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'cards'").fetchone()
    indexes = [r[0] for r in db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cards' "
        "AND sql IS NOT NULL")]
    rebuilt = re.sub(r"\bid(\s+)INTEGER PRIMARY KEY\b", r"id\1INTEGER PRIMARY KEY AUTOINCREMENT",
                     create, count=1)
    rebuilt = rebuilt.replace("CREATE TABLE cards", "CREATE TABLE cards_rebuilt", 1)
    if "AUTOINCREMENT" not in rebuilt:
        raise ValueError("unexpected cards table definition; cannot add AUTOINCREMENT")
    db.execute(rebuilt)
    db.execute("INSERT INTO cards_rebuilt SELECT * FROM cards")
    db.execute("DROP TABLE cards")
    db.execute("ALTER TABLE cards_rebuilt RENAME TO cards")
    for sql in indexes:
        db.execute(sql)


def _class_outbox_and_subscriptions(db: sqlite_utils.Database) -> None:
    """xAPI statements waiting for the class's LRS, decks subscribed to by URL, and a
    UUID per quiz attempt (its xAPI registration: unique even in a copied collection)."""
    _run_script(
        db,
        """
        ALTER TABLE quiz_attempts ADD COLUMN uuid TEXT;
        CREATE TABLE xapi_outbox (
            id          TEXT PRIMARY KEY,      -- the statement's UUID: resending is harmless
            attempt_id  INTEGER REFERENCES quiz_attempts(id) ON DELETE SET NULL,
            seq         INTEGER NOT NULL,      -- order within the attempt
            statement   TEXT NOT NULL,         -- JSON
            queued_at   TEXT NOT NULL,
            tries       INTEGER NOT NULL DEFAULT 0,
            next_try_at REAL NOT NULL DEFAULT 0,
            last_error  TEXT,
            sent_at     TEXT                   -- NULL: still waiting
        );
        CREATE INDEX xapi_outbox_waiting ON xapi_outbox(sent_at, next_try_at);
        CREATE TABLE deck_subscriptions (
            url           TEXT PRIMARY KEY,
            deck_id       TEXT,
            etag          TEXT,
            last_modified TEXT,
            checked_at    TEXT,
            updated_at    TEXT
        );
        """,
    )


def _decks_without_article(db: sqlite_utils.Database) -> None:
    """A deck may come without an article (an Anki, CSV or GIFT import, a deck file with no
    `article`): it is stored as an `articles` row of kind 'deck' whose sections hold cards
    but no text, so it is listed, studied, quizzed, browsed and exported like any other."""
    _run_script(
        db,
        """
        ALTER TABLE articles ADD COLUMN kind TEXT NOT NULL DEFAULT 'article';  -- article | deck
        """
    )


def _browser_search_index(db: sqlite_utils.Database) -> None:
    """The card browser searches and sorts in SQL: `note_text` holds each note's
    casefolded searchable text, tags and sort keys (written with the note by
    `app.core.notes.store`), and `note_fts` is a trigram FTS5 index over that text
    (detail=none: half the size; the browser checks each candidate exactly).
    Existing notes are indexed here."""
    from app.core.notes.index import search_entry

    _run_script(
        db,
        """
        CREATE TABLE note_text (
            id      INTEGER PRIMARY KEY,   -- the FTS rowid (stable across VACUUM)
            note_id TEXT NOT NULL UNIQUE REFERENCES notes(id) ON DELETE CASCADE,
            text    TEXT NOT NULL,         -- casefolded fields, source, explanation, tags
            tags    TEXT NOT NULL,         -- casefolded, ' a b::c '
            prompt  TEXT NOT NULL,         -- sort keys of the browser's columns
            answer  TEXT NOT NULL
        );
        CREATE INDEX note_text_prompt ON note_text(prompt);
        CREATE INDEX note_text_answer ON note_text(answer);
        CREATE INDEX notes_created ON notes(created);
        -- the browser's default order (article order, ties by id) over active notes only:
        -- a covering index scan, no table lookups
        CREATE INDEX notes_browse ON notes(article_id, section_idx, position, id)
            WHERE active = 1;
        -- the few notes taken out of their decks: cards listed without a join skip them
        CREATE INDEX notes_inactive ON notes(id) WHERE active = 0;
        CREATE VIRTUAL TABLE note_fts USING fts5(
            text, content='note_text', content_rowid='id', tokenize='trigram', detail='none');
        -- how many notes hold each trigram: a search uses the rarest ones of its words
        CREATE VIRTUAL TABLE note_fts_terms USING fts5vocab(note_fts, 'row');
        CREATE TRIGGER note_text_ai AFTER INSERT ON note_text BEGIN
            INSERT INTO note_fts(rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER note_text_ad AFTER DELETE ON note_text BEGIN
            INSERT INTO note_fts(note_fts, rowid, text) VALUES ('delete', old.id, old.text);
        END;
        CREATE TRIGGER note_text_au AFTER UPDATE OF text ON note_text BEGIN
            INSERT INTO note_fts(note_fts, rowid, text) VALUES ('delete', old.id, old.text);
            INSERT INTO note_fts(rowid, text) VALUES (new.id, new.text);
        END;
        """
    )
    rows = db.execute("SELECT id, kind, fields, tags, source, explanation FROM notes").fetchall()
    for note_id, kind, fields, tags, source, explanation in rows:
        entry = search_entry(kind, json.loads(fields), json.loads(tags), source, explanation)
        db.execute("INSERT INTO note_text (note_id, text, tags, prompt, answer) "
                   "VALUES (?, ?, ?, ?, ?)",
                   [note_id, entry.text, entry.tags, entry.prompt, entry.answer])


def _compact_review_log(db: sqlite_utils.Database) -> None:
    """The review log keeps what scheduling and statistics need, as numbers, instead of
    a JSON copy of the card's previous state per answer (169 bytes a row, most of the
    file; undo keeps that state in memory for the session now). Per answer, as Anki's
    ivl and lastIvl: the interval it gave and the one the card had before it, in
    seconds. The FSRS memory state after each answer is not stored: like Anki's card
    info, `reviews.replayed_reviews` replays it from the log. Filled from the old
    JSON (a row's result is the next row's `before`, the last row's is the card as it
    is); every review row is kept. Dropping a column only empties space inside the
    pages, so the upgrade VACUUMs afterwards (`SHRINKS_FILE`)."""
    _run_script(
        db,
        """
        ALTER TABLE revlog ADD COLUMN interval INTEGER;       -- seconds to the due date it gave
        ALTER TABLE revlog ADD COLUMN last_interval INTEGER;  -- seconds scheduled before (NULL: new)
        UPDATE revlog SET last_interval = CAST(round(json_extract(before, '$.due')
                                                     - json_extract(before, '$.last_review'))
                                               AS INTEGER)
         WHERE json_valid(before) AND json_extract(before, '$.last_review') IS NOT NULL
           AND json_extract(before, '$.due') IS NOT NULL;
        UPDATE revlog
           SET interval = CAST(round(json_extract(nxt.after, '$.due') - revlog.reviewed_at)
                               AS INTEGER)
          FROM (SELECT id, LEAD(before) OVER (PARTITION BY card_id
                                              ORDER BY reviewed_at, id) AS after
                  FROM revlog) AS nxt
         WHERE nxt.id = revlog.id AND json_valid(nxt.after);
        UPDATE revlog
           SET interval = CAST(round(c.due - revlog.reviewed_at) AS INTEGER)
          FROM cards c
         WHERE c.id = revlog.card_id AND c.last_review IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM revlog later WHERE later.card_id = revlog.card_id
                           AND (later.reviewed_at > revlog.reviewed_at
                                OR (later.reviewed_at = revlog.reviewed_at
                                    AND later.id > revlog.id)));
        ALTER TABLE revlog DROP COLUMN before;
        """,
    )


def _index_study_queues(db: sqlite_utils.Database) -> None:
    """Indexes a study session selects its queues by, instead of reading every card of
    the article: cards by state and due date (reviews and learning cards due today, in
    order) and a partial index of the never-answered cards (the new cards);
    `revlog_card` slims down to the card id."""
    db.execute("CREATE INDEX cards_queue ON cards(state, due)")
    # a card's answers by card id alone: the row id already orders them, and the time
    # in every entry cost 8 bytes an answer
    db.execute("DROP INDEX revlog_card")
    db.execute("CREATE INDEX revlog_card ON revlog(card_id)")
    db.execute("CREATE INDEX cards_new ON cards(note_id, ord) WHERE last_review IS NULL")


def _count_answers_per_day(db: sqlite_utils.Database) -> None:
    """Answers per article, study day and queue, counted as they are written (as Anki
    keeps a deck's "studied today"), so the daily limits read a row instead of joining
    every answer of the day to its card and note. Today is filled from the log."""
    from app.core.clock import utcnow
    from app.core.study import daycounts

    db.execute("""
        CREATE TABLE day_counts (
            article_id TEXT NOT NULL,
            day        REAL NOT NULL,     -- unix seconds the study day starts (4 a.m. local)
            queue      INTEGER NOT NULL,  -- revlog.queue of the answers counted
            answers    INTEGER NOT NULL,
            PRIMARY KEY (article_id, day, queue)
        )""")
    daycounts.recount(db, utcnow())


def _article_source_url(db: sqlite_utils.Database) -> None:
    """Articles keep the web address they came from (fetched, or named by a saved page)."""
    _run_script(db, "ALTER TABLE articles ADD COLUMN source_url TEXT;")


def _class_attempt_details(db: sqlite_utils.Database) -> None:
    """For the class's LRS: the options each multiple-choice question showed (so its
    xAPI definition lists every choice, not only those picked), and the attempt on
    another computer an attempt continues (its time limit runs from that one's start)."""
    _run_script(db, """
        ALTER TABLE quiz_answers ADD COLUMN options TEXT;   -- JSON list, in display order
        ALTER TABLE quiz_attempts ADD COLUMN continues TEXT; -- the continued attempt's uuid
        """)


def _footnotes_and_sources(db: sqlite_utils.Database) -> None:
    """What an article's notes say (a PDF's footnotes) and its reference lists (a web
    page's "References", "External links"): stored beside the sections, never in
    `blocks`, so no card, quiz or reading progress is ever made from them."""
    _run_script(
        db,
        """
        CREATE TABLE footnotes (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            number     INTEGER NOT NULL,      -- the number the sentences refer to
            text       TEXT NOT NULL,
            PRIMARY KEY (article_id, number)
        );
        CREATE TABLE source_lists (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            idx        INTEGER NOT NULL,      -- in the page's order
            title      TEXT NOT NULL,         -- "References", "External links" …
            entries    TEXT NOT NULL,         -- JSON ["entry", …]
            PRIMARY KEY (article_id, idx)
        );
        """
    )


def _card_flags(db: sqlite_utils.Database) -> None:
    """Cards carry a flag, as in Anki's browser (0 none, 1 red, 2 orange, 3 green, 4 blue,
    5 pink, 6 turquoise, 7 purple): a mark the student sets and searches by (flag:1)."""
    _run_script(db, "ALTER TABLE cards ADD COLUMN flag INTEGER NOT NULL DEFAULT 0;")


#: What keeps each card's copy of its note's place (see `_cards_in_browse_order`)
#: right on every write, whichever code path writes: a card inserted without it
#: takes its note's; a note moved moves its cards.
BROWSE_ORDER_TRIGGERS = """
    CREATE TRIGGER cards_note_place AFTER INSERT ON cards
    WHEN new.note_position IS NULL BEGIN
        UPDATE cards SET (note_article_id, note_section_idx, note_position) =
            (SELECT article_id, section_idx, position FROM notes WHERE id = new.note_id)
         WHERE id = new.id;
    END;
    CREATE TRIGGER notes_place_to_cards AFTER UPDATE OF article_id, section_idx, position
    ON notes WHEN old.article_id IS NOT new.article_id OR old.section_idx IS NOT new.section_idx
                  OR old.position IS NOT new.position BEGIN
        UPDATE cards SET note_article_id = new.article_id, note_section_idx = new.section_idx,
                         note_position = new.position
         WHERE note_id = new.id;
    END;
"""


def _cards_in_browse_order(db: sqlite_utils.Database) -> None:
    """The card browser lists cards in article order (the note's article, section and
    position, then the note id and the card's ord) straight from one index on `cards`,
    instead of walking the notes in that order and looking each one's cards up by
    text key: each card keeps a copy of its note's place (kept by the triggers of
    `BROWSE_ORDER_TRIGGERS`), and `cards_browse` holds those keys followed by the
    columns the card-state searches read (is:due, is:new, prop:ivl…), so that such a
    search, in display order, reads the index alone."""
    _run_script(
        db,
        """
        ALTER TABLE cards ADD COLUMN note_article_id TEXT;   -- copies of the note's place,
        ALTER TABLE cards ADD COLUMN note_section_idx INTEGER;  -- for the browser's order
        ALTER TABLE cards ADD COLUMN note_position INTEGER;
        UPDATE cards SET (note_article_id, note_section_idx, note_position) =
            (SELECT article_id, section_idx, position FROM notes n WHERE n.id = cards.note_id);
        CREATE INDEX cards_browse ON cards(note_article_id, note_section_idx, note_position,
                                           note_id, ord, last_review, due, suspended,
                                           buried_until, state);
        """ + BROWSE_ORDER_TRIGGERS,
    )


def _covering_study_indexes(db: sqlite_utils.Database) -> None:
    """The study queues' indexes hold every column the queue queries test, so a session
    start reads index pages only, not a card row and a note row per card (at 300,000
    cards it halved the queue build): cards by state and due with what makes them
    studyable and their note, the new cards with suspension and burying, and notes by
    id with the scope's columns and the article order."""
    _run_script(db, """
        DROP INDEX cards_queue;
        CREATE INDEX cards_queue
            ON cards(state, due, last_review, suspended, buried_until, note_id);
        DROP INDEX cards_new;
        CREATE INDEX cards_new ON cards(note_id, ord, suspended, buried_until)
            WHERE last_review IS NULL;
        CREATE INDEX notes_scope ON notes(id, article_id, section_idx, active, position);
    """)


def _review_source_as_number(db: sqlite_utils.Database) -> None:
    """The review log says where an answer came from as a number (0 flashcards, 1 quiz:
    the index in `reviews.SOURCES`) instead of the word: 'flashcards' on every row cost
    11 bytes an answer, 32 MB of a 300,000-card collection's 360 (Anki's whole file is
    284). Every row is kept; dropping the old column rewrites them, and the upgrade
    VACUUMs afterwards (`SHRINKS_FILE`) to give the space back."""
    _run_script(db, """
        ALTER TABLE revlog ADD COLUMN source_number INTEGER NOT NULL DEFAULT 0
            CHECK (source_number IN (0, 1));
        UPDATE revlog SET source_number = 1 WHERE source = 'quiz';
        ALTER TABLE revlog DROP COLUMN source;
        ALTER TABLE revlog RENAME COLUMN source_number TO source;
    """)


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _v1_initial,
    _add_quizzes,
    _add_study_queues,
    _quiz_attempts,
    _quiz_article,
    _cards_never_reuse_ids,
    _class_outbox_and_subscriptions,
    _decks_without_article,
    _browser_search_index,
    _compact_review_log,
    _index_study_queues,
    _count_answers_per_day,
    _article_source_url,
    _class_attempt_details,
    _footnotes_and_sources,
    _card_flags,
    _cards_in_browse_order,
    _covering_study_indexes,
    _review_source_as_number,
]

LATEST_VERSION = len(MIGRATIONS)

#: Migrations after which the upgrade VACUUMs: they free much of the file, and
#: VACUUM cannot run inside the upgrade's transaction.
SHRINKS_FILE: frozenset[Callable[[sqlite_utils.Database], None]] = frozenset(
    {_compact_review_log, _review_source_as_number})
APPLICATION_ID = 0x53544459  # "STDY" in SQLite's header: marks the file as ours


def ensure_ours(conn: sqlite3.Connection, path: object) -> None:
    """Refuse a database that belongs to something else (another application id, or
    tables of its own at version 0) before anything — even the journal mode — is written."""
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    foreign = app_id not in (0, APPLICATION_ID) or (
        current == 0 and conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0])
    if foreign:
        raise CollectionError(
            f"{path} is a database of another program, not a StudyDesk "
            "collection; nothing was changed. Choose another file with --collection.")
