"""What an app process does once before it takes requests (gunicorn.conf.py's
``post_worker_init``).

A worker's first answers each paid for something every later answer finds ready: the
database's first connection (0.1 s), plotly's checks of a figure's properties (loaded
by its first figure: 70 ms), the page context, and the inputs that judging any county
needs, worked out from the data as a whole (the flows' seasonal shapes and the stock
baselines: 0.4 s nationally). After a restart, when the first readers arrive together,
each of a worker's four threads waited for them in turn and every later request queued
behind (docs/performance.md). Nothing here is a reader's answer; what it reads is kept
as the reader would keep it (by its version), so it is never stale.
"""

from __future__ import annotations

import logging
import threading
import time

import plotly.graph_objects as go
from flask import Flask

log = logging.getLogger(__name__)
# The reads wait this long at most: a database that does not answer (packets dropped, no
# refusal) must not hold the worker past gunicorn's timeout, which would kill it before
# it serves /health; they go on in the background, as a first request's would.
READ_AHEAD_SECONDS = 20.0


def warm_up(app: Flask) -> float:
    """Render the index (Dash registers its script bundles then: a worker that has not
    answers 500 for a bundle another worker's index named) and read what the first
    answers need. Returns the seconds it took. Never raises: a worker that cannot warm
    up (the database down) still starts, and answers as it can."""
    started = time.perf_counter()
    try:
        with app.test_client() as client:
            client.get("/")
    except Exception:
        log.exception("could not render the index at start-up")
    go.Figure(go.Scatter(x=[1], y=[1]))
    reads = threading.Thread(target=_read_ahead_in, args=(app,), daemon=True,
                             name="kaohe-warm-up")  # fmt: skip
    reads.start()
    reads.join(READ_AHEAD_SECONDS)
    if reads.is_alive():
        log.warning("start-up reads still running after %.0f s: serving meanwhile",
                    READ_AHEAD_SECONDS)  # fmt: skip
    return time.perf_counter() - started


def _read_ahead_in(app: Flask) -> None:
    try:
        with app.test_request_context("/"):
            _read_ahead()
    except Exception:
        log.warning(
            "start-up reads not done (the first answers read them)", exc_info=True
        )


def _read_ahead() -> None:
    """The default view's context and the inputs of its year's judgments and the year
    before's (every view reads the same month a year before, judging it where it is
    not stored), in both data modes."""
    from data_access.queries import DATA_MODES
    from services.assessment import baselines, period_view, seasonal_profiles
    from services.context import page_context, rules

    context = page_context()
    year, month = context.query.period
    period_view(year, month, rules(year))
    for judged in (year, year - 1):
        seasonal_profiles(judged)
    for mode in DATA_MODES:
        baselines(mode)
