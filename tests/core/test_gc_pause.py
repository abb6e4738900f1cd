"""The cycle collector paused for bulk jobs (app/core/gc_pause.py)."""

from __future__ import annotations

import gc
import threading

import pytest

from app.core.gc_pause import bulk_job_running, gc_paused


@pytest.fixture
def collector_on():
    enabled = gc.isenabled()
    gc.enable()
    yield
    if not enabled:
        gc.disable()


def test_collection_is_off_inside_and_back_on_after(collector_on) -> None:
    with gc_paused():
        assert not gc.isenabled() and bulk_job_running()
    assert gc.isenabled() and not bulk_job_running()


def test_a_collector_that_was_off_stays_off() -> None:
    enabled = gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            assert bulk_job_running()
        assert not gc.isenabled() and not bulk_job_running()
    finally:
        if enabled:
            gc.enable()


def test_overlapping_jobs_on_two_threads_resume_collection_when_the_last_ends(
        collector_on) -> None:
    first_in, second_done = threading.Event(), threading.Event()
    seen: list[bool] = []

    def other_job() -> None:
        first_in.wait(5)
        with gc_paused():
            pass
        seen.append(gc.isenabled())  # the first job still runs: still paused
        second_done.set()

    worker = threading.Thread(target=other_job)
    worker.start()
    with gc_paused():
        first_in.set()
        assert second_done.wait(5)
        assert not gc.isenabled() and bulk_job_running()
    worker.join(5)
    assert seen == [False]
    assert gc.isenabled() and not bulk_job_running()


def test_a_failing_job_resumes_collection(collector_on) -> None:
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError("the job failed")
    assert gc.isenabled() and not bulk_job_running()
