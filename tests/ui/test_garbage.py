"""The cyclic collector runs on the GUI thread only (app/ui/garbage.py)."""

from __future__ import annotations

import gc
import threading
import weakref

from app.ui.app import application
from app.ui.garbage import collect_if_due, collect_on_gui_thread


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the cyclic collector frees it


def test_the_app_switches_automatic_collection_off(qapp) -> None:
    from PySide6.QtCore import QTimer

    gc.enable()
    app = application([])
    assert not gc.isenabled()
    application([])
    timers = [t for t in app.findChildren(QTimer) if t.objectName() == "guiThreadGarbageCollection"]
    assert len(timers) == 1 and timers[0].isActive()  # one timer, however often asked


def test_a_cycle_made_on_a_worker_is_collected_by_the_gui_thread_timer(qtbot) -> None:
    from PySide6.QtCore import QObject

    owner = QObject()
    timer = collect_on_gui_thread(owner, check_ms=10)
    collected_on: list[str] = []
    gc.callbacks.append(lambda phase, info: phase == "stop" and collected_on.append(
        threading.current_thread().name))
    try:
        refs: list[weakref.ref[_Node]] = []

        def work() -> None:  # a worker makes far more cycles than the threshold
            for _ in range(gc.get_threshold()[0] * 3):
                refs.append(weakref.ref(_Node()))

        worker = threading.Thread(target=work, name="worker")
        worker.start()
        worker.join()
        assert all(r() is not None for r in refs[:10]), "nothing collected on the worker"
        qtbot.waitUntil(lambda: all(r() is None for r in refs), timeout=5000)
        assert collected_on and set(collected_on) == {threading.main_thread().name}
    finally:
        gc.callbacks.pop()
        timer.stop()


def test_nothing_is_collected_before_a_threshold_is_crossed() -> None:
    gc.collect()
    assert collect_if_due() == 0


def test_the_timer_waits_while_a_bulk_job_has_paused_the_collector() -> None:
    from app.core.gc_pause import gc_paused

    gc.collect()
    with gc_paused():
        cycles = [_Node() for _ in range(gc.get_threshold()[0] * 3)]
        del cycles
        assert gc.get_count()[0] >= gc.get_threshold()[0]
        assert collect_if_due() == 0  # a collection now would walk the job's objects
    assert collect_if_due() > 0  # once it is done, the cycles are collected
