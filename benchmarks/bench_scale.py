"""Big collections, StudyDesk vs the real Anki backend on the same cards, same run:
study start (queue build), undo + next card, the study overview shown, rescheduling
after a retention change, and the collection's size on disk.

Every figure is the median of interleaved runs (StudyDesk, Anki, StudyDesk, …) with
the min and max; both sides at synchronous=FULL, limits 9999 new and 9999 reviews a
day, today's answers counted on both; each writing run starts from a fresh, fsynced
copy. Targets (issue 15, at 300k cards): study start ≤ Anki's queue build, undo +
next card ≤ 2 ms, the overview's counts ≤ Anki's `sched.counts()` and the overview
painted ≤ 100 ms (the issue's GUI stall), rescheduling 300k ≤ 10 s (100k: ≤ 10 s × 100k/300k), size ≤ 1.2 ×
Anki's. Rescheduling rows give CPU time beside wall time (the machine is shared).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from app.core.stats.optimise import adopt_parameters
from app.core.student import student_name
from app.core.study.reviews import update_study_options
from app.core.study.session import Scope, StudySession
from app.core.study.settings import load_settings
from benchmarks.bench_study import ARTICLE_ID, anki_answer, anki_next
from benchmarks.common import Timing, print_table, result
from benchmarks.fixtures import (
    DURABILITY,
    discard,
    fresh_copy,
    open_anki,
    open_studydesk,
    prepared,
    size_mb,
)

UNDOS = 20


def _interleaved(runs: int, ours: Any, theirs: Any, also: Any = None,
                 also_samples: list[float] | None = None) -> tuple[Timing, Timing]:
    """Each run: ours, theirs (and `also`, a third figure, into `also_samples`) in turn."""
    mine, ref = [], []
    for r in range(runs):
        mine.append(ours(r))
        ref.append(theirs(r))
        if also is not None and also_samples is not None:
            also_samples.append(also(r))
    return Timing.of(mine), Timing.of(ref)


# -- study start -----------------------------------------------------------------------
def study_start_ours(path: Path) -> float:
    with open_studydesk(path) as col:
        start = time.perf_counter()
        session = StudySession(col, Scope(ARTICLE_ID))
        assert session.next_card() is not None
        session.counts()
        return time.perf_counter() - start


def study_start_anki(path: Path) -> float:
    col = open_anki(path)
    try:
        start = time.perf_counter()
        anki_next(col)  # builds the queues, returns the counts and the first card
        return time.perf_counter() - start
    finally:
        col.close()


# -- undo ------------------------------------------------------------------------------
def undo_ours(path: Path, durable: bool = False) -> float:
    """Median of UNDOS × (answer untimed; undo + next card timed): to the card that comes
    back, ready to paint — the review screen paints it inside the undo's transaction,
    before the sync — or with `durable` to the undo committed and synced."""
    with open_studydesk(path) as col:
        session = StudySession(col, Scope(ARTICLE_ID))
        card = session.next_card()
        samples, ready = [], []
        for _ in range(UNDOS):
            assert card is not None
            session.answer(card, 3, 4000)
            ready.clear()
            start = time.perf_counter()
            # the next card fetched where the screen paints it: before the commit
            session.undo(before_commit=lambda: ready.append((session.next_card(),
                                                             time.perf_counter())))
            end = time.perf_counter()
            card, at_ready = ready[0]
            samples.append((end if durable else at_ready) - start)
        return statistics.median(samples)


def undo_anki(path: Path) -> float:
    col = open_anki(path)
    try:
        qc, card = anki_next(col)
        samples = []
        for _ in range(UNDOS):
            anki_answer(col, qc, card, 3)
            start = time.perf_counter()
            col.undo()
            qc, card = anki_next(col)
            samples.append(time.perf_counter() - start)
        return statistics.median(samples)
    finally:
        col.close()


# -- overview ----------------------------------------------------------------------------
def overview_ours(path: Path) -> float:
    """The study screen opened on its overview page, painted (offscreen)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.ui.study.review import ReviewWidget

    app = QApplication.instance() or QApplication([])
    with open_studydesk(path) as col:
        start = time.perf_counter()
        widget = ReviewWidget(col, Scope(ARTICLE_ID), "Bench")
        widget.resize(900, 650)
        widget.show()
        widget.repaint()
        app.processEvents()
        elapsed = time.perf_counter() - start
        widget.close()
        widget.deleteLater()
        app.processEvents()
    return elapsed


def overview_counts_ours(path: Path) -> float:
    """The counts the overview shows (new, learning, due), as the study screen asks for
    them before any queue is built: the same work as Anki's `sched.counts()`."""
    with open_studydesk(path) as col:
        start = time.perf_counter()
        StudySession(col, Scope(ARTICLE_ID)).counts()
        return time.perf_counter() - start


def overview_anki(path: Path) -> float:
    """Anki's deck overview needs the counts: `sched.counts()` on an opened collection."""
    col = open_anki(path)
    try:
        start = time.perf_counter()
        col.sched.counts()
        return time.perf_counter() - start
    finally:
        col.close()


# -- rescheduling ----------------------------------------------------------------------
#: (wall seconds, CPU seconds of this process) of one timed run: the machine is shared,
#: and CPU time is what other load cannot inflate.
Measured = tuple[float, float]


def _timed(action: Any) -> Measured:
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def reschedule_ours(path: Path) -> Measured:
    """Study options → desired retention 0.85 with "Reschedule cards in review": the
    dialog's own call, its Edit → Undo record included."""
    with open_studydesk(path) as col:
        s = load_settings(col)
        return _timed(lambda: update_study_options(
            col, s.new_per_day, s.reviews_per_day, 0.85, s.maximum_interval, True,
            student_name(col)))


def new_parameters_ours(path: Path) -> Measured:
    """Optimise FSRS → Adopt with "Reschedule existing cards" (the dialog's own call,
    its Edit → Undo record included): every memory state recomputed from the log
    (fsrs-rs), then the due dates."""
    with open_studydesk(path) as col:
        parameters = [w * 1.05 for w in load_settings(col).scheduler().fsrs.parameters]
        return _timed(lambda: adopt_parameters(col, parameters, True))


def reschedule_anki(path: Path) -> Measured:
    """Deck options → desired retention 0.85 with "Reschedule cards on change" (FSRS)."""
    col = open_anki(path)  # first: importing anki.decks before anki.collection is circular
    try:
        from anki.decks import UpdateDeckConfigs

        deck_id = col.decks.id("Bench")
        current = col.decks.get_deck_configs_for_update(deck_id)
        config = next(c.config for c in current.all_config
                      if c.config.id == current.current_deck.config_id)
        config.config.desired_retention = 0.85
        request = UpdateDeckConfigs(
            target_deck_id=deck_id, configs=[config], removed_config_ids=[],
            card_state_customizer=current.card_state_customizer,
            limits=current.current_deck.limits,
            new_cards_ignore_review_limit=current.new_cards_ignore_review_limit,
            fsrs=True, apply_all_parent_limits=current.apply_all_parent_limits,
            fsrs_reschedule=True, fsrs_health_check=False)
        return _timed(lambda: col.decks.update_deck_configs(request))
    finally:
        col.close()


def _show(samples: list[Measured]) -> tuple[Timing, str]:
    """Wall time's median with its range, and CPU time's beside it."""
    wall, cpu = Timing.of([w for w, _ in samples]), Timing.of([c for _, c in samples])
    return wall, f"{wall.show()} (CPU {cpu.show()})"


def reschedule_rows(n_cards: int, runs: int) -> list[dict[str, Any]]:
    """Rescheduling `n_cards` after a retention change, both sides interleaved, and after
    new parameters (StudyDesk only: Anki has no reschedule-on-new-parameters request)."""
    built = prepared(n_cards)
    label = f"{n_cards:,} cards / {built.n_revlog:,} revlog"
    target = 10.0 * n_cards / 300_000
    ours, anki, params = [], [], []
    ours_run = _copying(reschedule_ours, built.ours, "resched-ours")
    anki_run = _copying(reschedule_anki, built.anki, "resched-anki")
    params_run = _copying(new_parameters_ours, built.ours, "params-ours")
    for r in range(runs):
        ours.append(ours_run(r))
        anki.append(anki_run(r))
        params.append(params_run(r))
    (mine, mine_text), (ref, ref_text) = _show(ours), _show(anki)
    (fitted, fitted_text) = _show(params)
    return [
        result(f"reschedule after retention 0.90 → 0.85, {label} (median of {runs} "
               f"interleaved runs [min–max])", mine_text, "Anki " + ref_text,
               mine.median / ref.median, f"≤ {target:.3g} s", mine.median <= target, "s"),
        result(f"reschedule after new FSRS parameters (memory states from the log), {label} "
               f"(median of {runs} runs [min–max])", fitted_text, "", None,
               f"≤ {target:.3g} s", fitted.median <= target, "s"),
    ]


def _copying(func: Any, source: Path, name: str) -> Any:
    def run(r: int) -> float:
        copy = fresh_copy(source, f"{name}{r}")
        try:
            return func(copy)
        finally:
            discard(copy)
    return run


#: `python -m benchmarks scale --reschedule-only`: only the rescheduling rows (100k and
#: 300k), the minutes of the other rows skipped while working on rescheduling.
RESCHEDULE_ONLY = "--reschedule-only"


def run(quick: bool = False) -> list[dict[str, Any]]:
    sizes = (10_000,) if quick else (10_000, 100_000, 300_000)
    runs = 3 if quick else 5
    rows: list[dict[str, Any]] = []
    if RESCHEDULE_ONLY in sys.argv:
        return [row for n_cards in sizes[-2:]
                for row in reschedule_rows(n_cards, 2 if quick or n_cards > 100_000 else 3)]
    settings = f"{DURABILITY}, limits 9999/day"
    for n_cards in sizes:
        built = prepared(n_cards)
        label = f"{n_cards:,} cards / {built.n_revlog:,} revlog"
        # reading rows: one copy each side, reused across runs
        ours_copy, anki_copy = (fresh_copy(built.ours, "read-ours"),
                                fresh_copy(built.anki, "read-anki"))
        mine, ref = _interleaved(runs, lambda r, p=ours_copy: study_start_ours(p),
                                 lambda r, p=anki_copy: study_start_anki(p))
        rows.append(result(
            f"study start (queues built, first card), {label}, {settings} "
            f"(median of {runs} runs [min–max])", mine.show("ms"),
            "Anki queue build " + ref.show("ms"), mine.median / ref.median, "≤ 1.0",
            mine.median <= ref.median, "ms"))
        mine, ref = _interleaved(runs, lambda r, p=ours_copy: overview_counts_ours(p),
                                 lambda r, p=anki_copy: overview_anki(p))
        rows.append(result(
            f"study overview's counts (new, learning, due), {label} (median of {runs} runs "
            "[min–max])", mine.show("ms"), "Anki sched.counts() " + ref.show("ms"),
            mine.median / ref.median, "≤ 1.0", mine.median <= ref.median, "ms"))
        # the widget built and painted has no counterpart in Anki's backend (its overview
        # is a web page): its target is the for any GUI stall, 100 ms
        painted, ref = _interleaved(runs, lambda r, p=ours_copy: overview_ours(p),
                                    lambda r, p=anki_copy: overview_anki(p))
        rows.append(result(
            f"study overview shown (built and painted), {label} (median of {runs} runs "
            "[min–max]; no Anki counterpart: beside it, Anki's counts alone)",
            painted.show("ms"), "Anki sched.counts() " + ref.show("ms"),
            painted.median / 0.1, "≤ 100 ms", painted.median <= 0.1, "ms"))
        discard(ours_copy)
        discard(anki_copy)
        to_durable = _copying(lambda p: undo_ours(p, durable=True), built.ours, "undo-sync")
        mine, ref = _interleaved(runs, _copying(undo_ours, built.ours, "undo-ours"),
                                 _copying(undo_anki, built.anki, "undo-anki"),
                                 to_durable, durable_samples := [])
        durable = Timing.of(durable_samples)
        rows.append(result(
            f"undo + next card ready to paint (its sync follows), {label}, {settings} "
            f"(median of {runs} runs' median of {UNDOS} [min–max]; the undo made durable: "
            f"{durable.show('ms')})", mine.show("ms"),
            "Anki undo + next, durable " + ref.show("ms"),
            mine.median / ref.median, "≤ 2 ms", mine.median <= 0.002, "ms"))
        ours_mb, anki_mb = size_mb(built.ours), size_mb(built.anki)
        rows.append(result(
            f"collection size on disk, {label} (both checkpointed and VACUUMed)",
            f"{ours_mb:.1f} MB", f"Anki {anki_mb:.1f} MB", ours_mb / anki_mb, "≤ 1.2",
            ours_mb / anki_mb <= 1.2, "MB"))
    for n_cards in sizes[-2:]:
        rows += reschedule_rows(n_cards, 2 if quick or n_cards > 100_000 else 3)
    return rows


if __name__ == "__main__":
    print_table(run(quick="--quick" in sys.argv))
