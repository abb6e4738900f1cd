"""FSRS fitted to the student: parameters from their own review log, adopted only if better.

Why fsrs-rs-python: it is the Rust optimiser Anki itself runs (same training,
same log-loss and RMSE-by-bins metrics), ships wheels for Linux, macOS and
Windows, and needs no PyTorch (the `fsrs` package's optimiser would pull in
several hundred MB of it).

The steps are apart so the UI can run the slow middle one off the GUI thread
and report progress between steps: `load_histories` reads the log (fast SQL,
on the thread that owns the collection), `fit` trains and evaluates (pure,
no collection), `adopt_parameters` stores the result in one transaction and
keeps the previous parameters so `restore_previous_parameters` undoes it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.core.changes import Change
from app.core.clock import day_start, utcnow
from app.core.errors import StatsError
from app.core.storage.collection import Collection
from app.core.storage.undo import undoable
from app.core.study.reviews import RESCHEDULE_CHANGES, reschedule_all
from app.core.study.reviews import Progress as CardProgress
from app.core.study.scheduler import DEFAULT_PARAMETERS, scheduler_parameters
from app.core.study.settings import PARAMETERS_KEY, load_settings

#: The fewest reviews worth fitting. Why 400: with fewer answers after a real gap
#: (a day or more) the fit follows the noise of a handful of cards, and the
#: log-loss comparison on those same few answers cannot tell that apart from a
#: real improvement; the defaults, fitted on millions of reviews, predict better.
MIN_REVIEWS = 400

#: One card's answers in order: (rating 1-4, study day number).
History = list[tuple[int, int]]
#: Progress: (step description, fraction done 0..1); returns False to cancel.
Progress = Callable[[str, float], bool]


def _optimiser() -> Any:
    """fsrs-rs-python, imported when first needed (the app starts without it), or a clear
    message if this installation lacks it."""
    try:
        import fsrs_rs_python
    except ImportError as exc:
        raise StatsError("The FSRS optimiser is not installed (the package fsrs-rs-python); "
                         "install it with: pip install fsrs-rs-python") from exc
    return fsrs_rs_python


class OptimiseCancelled(StatsError):
    """The student cancelled the optimisation; nothing was changed."""


@dataclass(frozen=True)
class OptimiseResult:
    reviews: int                    # answers in the log
    items: int                      # answers after a gap of a day or more (what is fitted)
    default: Fit
    current: Fit                    # the parameters in use (the defaults, or an earlier fit)
    fitted: Fit
    parameters: tuple[float, ...]   # fitted, rounded as the scheduler takes them
    applied: bool = False

    @property
    def better(self) -> bool:
        """Adopt only a fit that predicts this student's answers better than what is in use."""
        return self.fitted.log_loss < self.current.log_loss

    def to_json(self) -> dict[str, Any]:
        return {"reviews": self.reviews, "items": self.items,
                "default": vars(self.default), "current": vars(self.current),
                "fitted": vars(self.fitted), "parameters": list(self.parameters),
                "better": self.better, "applied": self.applied}


@dataclass(frozen=True)
class Fit:
    """How well parameters predict the student's answers (lower is better)."""

    log_loss: float
    rmse_bins: float


def load_histories(col: Collection, now: datetime | None = None) -> list[History]:
    """Every card's answers (flashcards and quiz) as (rating, study day), oldest first."""
    today = day_start(now or utcnow()).timestamp()
    histories: dict[int, History] = {}
    for card_id, rating, at in col.execute(
            "SELECT card_id, rating, reviewed_at FROM revlog WHERE rating BETWEEN 1 AND 4 "
            "ORDER BY card_id, reviewed_at, id"):
        histories.setdefault(card_id, []).append((rating, math.floor((at - today) / 86400)))
    return list(histories.values())


def _items(histories: Sequence[History]) -> list[Any]:
    """fsrs-rs training items, as Anki builds them: for each answer given a day or more after
    the previous one, the card's answers up to and including it."""
    rs = _optimiser()
    FSRSItem, FSRSReview = rs.FSRSItem, rs.FSRSReview

    items = []
    for history in histories:
        reviews = []
        previous_day: int | None = None
        for rating, day in history:
            delta = 0 if previous_day is None else day - previous_day
            reviews.append(FSRSReview(rating, delta))
            previous_day = day
            if len(reviews) > 1 and delta > 0:
                items.append(FSRSItem(list(reviews)))
    return items


def _evaluate(parameters: Sequence[float], items: Sequence[Any]) -> Fit:
    evaluation = _optimiser().FSRS(list(parameters)).evaluate(items)
    return Fit(float(evaluation.log_loss), float(evaluation.rmse_bins))


def fit(histories: Sequence[History], current: Sequence[float] | None = None,
        progress: Progress | None = None) -> OptimiseResult:
    """Fit FSRS to the histories and measure default, current and fitted parameters.

    Pure (no collection), so it may run on a worker thread. Raises StatsError
    when there are too few reviews, OptimiseCancelled when `progress` says so.
    """
    def step(text: str, done: float) -> None:
        if progress is not None and progress(text, done) is False:
            raise OptimiseCancelled("Optimisation cancelled; the parameters are unchanged.")

    reviews = sum(len(h) for h in histories)
    step("Reading the review log", 0.0)
    items = _items(histories)
    if len(items) < MIN_REVIEWS:
        raise StatsError(
            f"FSRS keeps its default parameters: fitting needs at least {MIN_REVIEWS} reviews "
            f"given a day or more after the card's previous answer, and this collection has "
            f"{len(items)} (of {reviews} reviews in all). With fewer, a fit follows chance in a "
            "few cards rather than your memory.")
    step("Measuring the default parameters", 0.05)
    default = _evaluate(DEFAULT_PARAMETERS, items)
    in_use = default if current is None else _evaluate(current, items)
    step(f"Fitting FSRS to {len(items):,} reviews", 0.15)
    raw = _optimiser().FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(
        items, enable_short_term=True)
    parameters = scheduler_parameters(raw)
    step("Measuring the fitted parameters", 0.9)
    fitted = _evaluate(parameters, items)
    step("Done", 1.0)
    return OptimiseResult(reviews, len(items), default, in_use, fitted, parameters)


def optimise(col: Collection, apply: bool = False, reschedule: bool = False,
             progress: Progress | None = None, now: datetime | None = None) -> OptimiseResult:
    """Fit, and with `apply` adopt the fit if it is better (`studydesk fsrs optimise`)."""
    result = fit(load_histories(col, now), load_settings(col).parameters, progress)
    if apply and result.better:
        adopt_parameters(col, result.parameters, reschedule)
        return OptimiseResult(**{**vars(result), "applied": True})
    return result


def adopt_parameters(col: Collection, parameters: Sequence[float], reschedule: bool,
                     progress: CardProgress | None = None) -> int:
    """Schedule with `parameters` from now on, keeping the ones in use to restore.

    With `reschedule`, every reviewed card's memory state is recomputed from its log
    under them (`reschedule_all`: `progress` may cancel, and Edit → Undo takes it all
    back); returns how many were. One transaction.
    """
    parameters = scheduler_parameters(parameters)
    in_use = load_settings(col).parameters
    return _use_parameters(col, "Adopt FSRS Parameters", parameters, in_use, reschedule,
                           progress)


def previous_parameters(col: Collection) -> tuple[float, ...] | None:
    """The parameters before the last adopted fit (None: FSRS's defaults)."""
    stored = col.get_setting(PARAMETERS_KEY, {}) or {}
    return tuple(stored["previous"]) if stored.get("previous") else None


def has_fitted_parameters(col: Collection) -> bool:
    return load_settings(col).parameters is not None


def restore_previous_parameters(col: Collection, reschedule: bool = False,
                                progress: CardProgress | None = None) -> int:
    """Undo the last adoption: back to the parameters before it (the defaults if none);
    restoring twice goes back to the fit again. Rescheduling as `adopt_parameters`."""
    stored = col.get_setting(PARAMETERS_KEY, {}) or {}
    if not stored.get("parameters") and not stored.get("previous"):
        raise StatsError("FSRS already uses its default parameters; there is nothing to restore.")
    return _use_parameters(col, "Restore FSRS Parameters", stored.get("previous"),
                           stored["parameters"], reschedule, progress)


def _use_parameters(col: Collection, label: str, parameters: Sequence[float] | None,
                    previous: Sequence[float] | None, reschedule: bool,
                    progress: CardProgress | None) -> int:
    """Store `parameters` in use and `previous` to restore; with `reschedule`, every
    reviewed card rescheduled under them as one undoable action (`label`)."""
    stored = {"parameters": list(parameters) if parameters else None,
              "previous": list(previous) if previous else None}
    if not reschedule:
        with col.transaction(Change.SETTINGS):
            col.set_setting(PARAMETERS_KEY, stored)
        return 0
    with undoable(col, label, RESCHEDULE_CHANGES):
        col.set_setting(PARAMETERS_KEY, stored)
        return reschedule_all(col, load_settings(col).scheduler(), progress)


def format_result(result: OptimiseResult) -> str:
    """The fit as a few lines of text (the CLI, the dialog's summary)."""
    lines = [f"{result.reviews:,} reviews, {result.items:,} after a gap of a day or more.",
             f"{'':10}{'log loss':>10}{'RMSE (bins)':>13}"]
    for name, fit_ in (("default", result.default), ("in use", result.current),
                       ("fitted", result.fitted)):
        if name == "in use" and result.current == result.default:
            continue
        lines.append(f"{name:10}{fit_.log_loss:>10.4f}{fit_.rmse_bins:>13.4f}")
    lines.append("Parameters: " + ", ".join(f"{p:g}" for p in result.parameters))
    if result.applied:
        lines.append("Adopted: FSRS now schedules with the fitted parameters.")
    elif result.better:
        lines.append("The fit is better; run with --apply to adopt it.")
    else:
        lines.append("The fit is not better than the parameters in use; nothing was changed.")
    return "\n".join(lines)


# -- desired retention: a suggestion and the workload it brings ---------------------------------
#: How far ahead the workload is simulated (days), and the most cards simulated: the
#: minimum-workload search simulates the whole span many times, so a bigger deck would
#: keep the student waiting for a figure that barely changes.
SIMULATION_DAYS = 180
SIMULATED_CARDS_MAX = 1000


@dataclass(frozen=True)
class Workload:
    """What the simulator needs to know of the collection (read on the collection's thread)."""

    cards: int
    new_per_day: int
    reviews_per_day: int
    maximum_interval: int
    parameters: tuple[float, ...]

    def config(self, days: int = SIMULATION_DAYS) -> Any:
        config = _optimiser().default_simulator_config()
        config.deck_size = max(1, min(self.cards, SIMULATED_CARDS_MAX))
        config.learn_span = days
        config.learn_limit = self.new_per_day
        config.review_limit = self.reviews_per_day
        config.max_ivl = float(self.maximum_interval)
        return config


def workload(col: Collection, parameters: Sequence[float] | None = None) -> Workload:
    """The collection's size, limits and (given or in-use) parameters, for simulating."""
    settings = load_settings(col)
    cards = col.execute("SELECT COUNT(*) FROM cards c JOIN notes n ON n.id = c.note_id "
                             "WHERE n.active = 1 AND c.suspended = 0").fetchone()[0]
    chosen = parameters if parameters is not None else settings.parameters
    return Workload(int(cards), settings.new_per_day, settings.reviews_per_day,
                    settings.maximum_interval,
                    tuple(chosen) if chosen is not None else DEFAULT_PARAMETERS)


def suggest_retention(load: Workload) -> float:
    """The desired retention with the least review time for the knowledge gained (Anki's
    "compute minimum recommended retention"), within what the scheduler accepts."""
    from app.core.study.scheduler import MAX_RETENTION, MIN_RETENTION

    if load.cards == 0:
        raise StatsError("There are no cards to simulate; add or generate cards first.")
    value = float(_optimiser().optimal_retention(load.config(), list(load.parameters)))
    return round(min(MAX_RETENTION, max(MIN_RETENTION, value)), 2)


def simulate_reviews(load: Workload, retention: float, days: int = SIMULATION_DAYS) -> list[int]:
    """Reviews per day over the next `days` at `retention` (a seeded, repeatable simulation)."""
    from app.core.study.scheduler import validate_retention

    validate_retention(retention)
    if load.cards == 0:
        return [0] * days
    result = _optimiser().simulate(list(load.parameters), retention, load.config(days), 2024)
    return [int(n) for n in result.review_cnt_per_day]
