"""Recomputation outside the request: after a change that makes many stored months
stale (a scheme's weights or rules, a bulk load), the writer's transaction requests a
run and the request returns; one app process (the holder of the run's lease in the
database, see :mod:`data_access.recompute`) stores every stale month again under a
staging key, month by month with its progress recorded, and swaps them all in at the
end in one short transaction. Readers meanwhile read the last complete results (see
``services.assessment.stored_period``), marked as being recomputed.

``RECOMPUTE=background`` (the default): a worker thread in each app process, woken by
the process's own writes and polling every few seconds for the others'. It also
stores again the months the process's writes changed (a save, a submission, an
approval), after the request: the writer does not wait for it, and writes that come
while it works are stored together. ``inline``
(the tests, scripts): no run is requested; stale months are stored by their first
reader, as a single process does best."""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, current_app, has_app_context

from data_access import assessed, queries
from data_access import recompute as runs
from data_access.assessed import PeriodKey, staged_key
from data_access.engine import write_transaction
from data_access.recompute import Run
from settings import current_settings

log = logging.getLogger(__name__)

WORKER = "kaohe_recompute_worker"
POLL_SECONDS = 5.0
# A refresh waits this long for more writes to the same month (counties save and
# submit in bursts): they are stored together, once.
GATHER_SECONDS = 1.0


def owner_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def in_background() -> bool:
    return current_settings().recompute == "background"


@dataclass(frozen=True)
class RunProgress:
    """What the office's progress bar and the readers' banner show."""

    id: int
    reason: str
    state: str
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def progress() -> RunProgress | None:
    """The run to do or being done, or None."""
    if not in_background():
        return None
    found = runs.active_run()
    if found is None:
        return None
    return RunProgress(found.id, found.reason, found.state, found.months_done,
                       found.months_total)  # fmt: skip


def recent() -> list[Run]:
    return runs.recent_runs()


def stale_months() -> list[tuple[int, int, str]]:
    """(year, month, mode) of every stored month whose stored assessment is no longer
    valid under its year's rules: what a run stores again (a month never stored is
    left to its first reader, as before: nobody has seen results of it to keep)."""
    from services.assessment import rules_key
    from services.schemes import rules_for

    stored = assessed.stored_months()
    todo = []
    for found in queries.periods().itertuples():
        year, month = int(found.year), int(found.month)
        key_of_rules = rules_key(rules_for(year))
        for mode in queries.DATA_MODES:
            if (mode, year, month) not in stored:
                continue
            if (
                assessed.valid_period(PeriodKey(mode, year, month, key_of_rules))
                is None
            ):
                todo.append((year, month, mode))
    return todo


def run_pending(owner: str | None = None, now=datetime.now) -> int | None:
    """Claim the active run and do it: every stale month stored under the run's
    staging key (a month already staged by a holder before is kept), the lease
    renewed after each; then all swapped in at once. Returns how many months were
    stored, or None where there was no run to claim, or it stopped being this
    owner's (superseded by a newer change: the newer run does its months)."""
    from services.assessment import _judged_period, rules_key
    from services.projection import project_into
    from services.schemes import rules_for

    owner = owner or owner_name()
    run = runs.claim(owner, now())
    if run is None:
        return None
    try:
        todo = stale_months()
        if not runs.advance(run.id, owner, 0, len(todo), now()):
            return None
        codes = queries.regions().code.tolist()
        for done, (year, month, mode) in enumerate(todo, start=1):
            rules = rules_for(year)
            key = PeriodKey(mode, year, month, rules_key(rules))
            staged = PeriodKey(mode, year, month, staged_key(key.rules_key, run.id))
            if assessed.valid_period(staged) is None:  # not stored by a holder before
                version = queries.data_version()
                results, scores, has_data = _judged_period(key, codes, rules)
                assessed.store_period(staged, version, has_data, results, scores)
                if assessed.was_projected(mode, year, month):
                    project_into(key, staged, rules)
            if not runs.advance(run.id, owner, done, len(todo), now()):
                return None
        with write_transaction() as conn:
            if runs.finish(run.id, owner, "done", now(), conn=conn):
                assessed.flip(run.id, conn)
    except Exception as error:
        log.exception("recomputation run %s failed", run.id)
        runs.finish(run.id, owner, "failed", now(), repr(error)[:500])
        raise
    active = runs.active_run()
    assessed.drop_set_aside(active.id if active else None)
    log.info("recomputation run %s: %s months stored", run.id, len(todo))
    return len(todo)


class Worker:
    """One app process's recomputation thread (kept on the Flask app): started by the
    process's first request, woken by its writes, polling for other processes'."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None
        # Months this process's writes changed, to store again (year, month) → modes:
        # writes to one month while a refresh runs are stored together in the next.
        self.to_refresh: dict[tuple[int, int], set[str]] = {}

    def refresh_later(self, year: int, month: int, modes) -> None:
        with self.lock:
            self.to_refresh.setdefault((year, month), set()).update(modes)
        self.start()
        self.wake.set()

    def _refresh_pending(self) -> None:
        from services.context import rules
        from services.projection import store_month_again

        with self.lock:
            waiting = bool(self.to_refresh)
        if waiting:
            self.stopping.wait(GATHER_SECONDS)
        while True:
            with self.lock:
                if not self.to_refresh:
                    return
                (year, month), modes = self.to_refresh.popitem()
            ordered = [mode for mode in queries.DATA_MODES if mode in modes]
            try:
                store_month_again(year, month, rules(year), ordered)
            except Exception:  # the month's first reader stores it instead
                log.exception("stored assessment of %s-%s not refreshed", year, month)

    def start(self) -> None:
        with self.lock:
            if self.thread is None:
                self.thread = threading.Thread(target=self._loop, daemon=True,
                                               name="kaohe-recompute")  # fmt: skip
                self.thread.start()

    def stop(self) -> None:
        """Let the thread end after what it is doing (for tests; a process's worker
        ends with the process)."""
        self.stopping.set()
        self.wake.set()
        if self.thread is not None:
            self.thread.join(timeout=30)

    def _loop(self) -> None:
        while not self.stopping.is_set():
            self.wake.wait(POLL_SECONDS)
            self.wake.clear()
            if self.stopping.is_set():
                return
            with self.app.app_context():
                self._refresh_pending()
                try:
                    while run_pending() is not None:
                        pass
                except Exception:  # logged by run_pending; the next poll tries again
                    log.warning("recomputation stopped; retried at the next poll")


def register_worker(app: Flask, settings) -> None:
    """In background mode, each app process runs a worker, started by its first
    request (never by the command line, which imports the app too)."""
    if settings.recompute != "background":
        return
    worker = Worker(app)
    app.extensions[WORKER] = worker

    @app.before_request
    def start_worker():
        worker.start()


def kick() -> None:
    """After a change that may have requested a run: wake this process's worker."""
    if has_app_context():
        worker = current_app.extensions.get(WORKER)
        if worker is not None:
            worker.wake.set()


def refresh_later(year: int, month: int, modes) -> bool:
    """Have this process's worker store (year, month) again in ``modes`` after the
    request (a write changed it): True, or False where there is no worker (inline
    mode, scripts) and the caller stores it now. Until the worker has, a reader
    brings the changed regions up to date itself (``stored_period``): nobody sees the
    month as it was before the write."""
    if not has_app_context():
        return False
    worker = current_app.extensions.get(WORKER)
    if worker is None:
        return False
    worker.refresh_later(year, month, modes)
    return True
