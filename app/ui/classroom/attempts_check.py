"""Before an instructor quiz with an attempt or time limit starts: ask the class's LRS
about the student's attempts on other machines (how many count, and one still
running there that this start continues, with the time it has left; see
classroom.limits). Start waits for the answer (at most the LRS's timeout); when
the LRS cannot say, the local count is used and the start page says so."""

from __future__ import annotations

from datetime import UTC, datetime

from app.core.classroom.limits import RemoteAttempt, attempts_elsewhere, remote_attempts
from app.core.classroom.lrs import LrsClient
from app.core.classroom.settings import get_secret, load_class_settings
from app.core.errors import StudyDeskError
from app.core.quiz.spec import QuizSpec
from app.core.storage.collection import Collection
from app.core.student import student_name
from app.ui.background import run_in_background
from app.ui.quiz.window import QuizWindow

CHECK_TIMEOUT_S = 8.0


def check_attempts_elsewhere(window: QuizWindow, col: Collection, spec: QuizSpec) -> None:
    settings = load_class_settings(col)
    if not settings.active:
        return
    try:
        secret = get_secret(settings)
    except StudyDeskError:
        secret = None
    if not secret:
        return
    actor = settings.actor(student_name(col))
    endpoint, key = settings.endpoint, settings.key
    window.hold_start("Checking your attempts with the class's LRS…")

    def work() -> list[RemoteAttempt]:
        with LrsClient(endpoint, key, secret, timeout=CHECK_TIMEOUT_S) as client:
            return remote_attempts(client, actor, spec.id, spec.deck_id)

    def done(remote: list[RemoteAttempt]) -> None:
        now = datetime.now(UTC)
        elsewhere = attempts_elsewhere(col, spec.id, remote, spec.time_limit, now)
        running = elsewhere.continues
        window.release_start(elsewhere.attempts, elsewhere.note(spec.time_limit, now),
                             (running.registration, running.started_at) if running else None)

    def failed(exc: BaseException) -> None:
        window.release_start(0, f"The class's LRS could not be asked ({exc}); attempts on "
                                "this computer are counted.")

    run_in_background(work, done, failed)
