"""Anonymous bulletin downloads under load (second outside probe): each PDF was drawn
afresh (2.3-5.5 s) and 8 at once pushed a rankings callback to 10.5 s. Now a bulletin
is drawn once per data stamp and inputs, one at a time in a worker, a request for
the same one waits for it, and requests beyond a few waiting are asked to retry."""

from __future__ import annotations

import threading
import time

import presenters.bulletin as bulletin
from tests.helpers import post_callback

VIEW = {"shell-year.value": "2026", "shell-month.value": "10", "shell-lang.value": "zh",
        "rankings-sort.value": "total", "rankings-refresh.data": 0}  # fmt: skip


def _together(count: int, work) -> list:
    answers: list = [None] * count
    start = threading.Barrier(count)

    def run(index: int):
        start.wait()
        answers[index] = work(index)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def _counting(monkeypatch):
    """Count bulletin drawings and the most drawn at once."""
    seen = {"drawn": 0, "now": 0, "most": 0}
    lock = threading.Lock()
    real = bulletin.bulletin_for

    def drawing(*args, **kwargs):
        with lock:
            seen["drawn"] += 1
            seen["now"] += 1
            seen["most"] = max(seen["most"], seen["now"])
        try:
            time.sleep(0.3)  # long enough that the others arrive meanwhile
            return real(*args, **kwargs)
        finally:
            with lock:
                seen["now"] -= 1

    monkeypatch.setattr(bulletin, "bulletin_for", drawing)
    return seen


def test_bl001_the_same_bulletin_is_drawn_once_for_every_reader(
    dash_app, fresh_db, monkeypatch
):
    seen = _counting(monkeypatch)
    url = "/export/bulletin.pdf?year=2026&month=9"
    answers = _together(3, lambda _i: dash_app.server.test_client().get(url))
    assert [a.status_code for a in answers] == [200] * 3
    assert len({a.data for a in answers}) == 1 and answers[0].data[:4] == b"%PDF"
    later = dash_app.server.test_client().get(url)
    assert later.data == answers[0].data and seen["drawn"] == 1, seen


def test_bl002_bulletins_are_drawn_one_at_a_time_and_the_rest_retry(
    dash_app, fresh_db, monkeypatch
):
    """Eight different bulletins at once: one drawn at a time; two wait their turn,
    the others are told to try again in a few seconds (503, Retry-After), and a
    rankings callback (of a month already judged) meanwhile answers within a second."""
    seen = _counting(monkeypatch)
    months = [3, 4, 5, 6, 7, 8, 9, 10]
    timing = {}
    # The ranking as a reader finds it (already judged): what is measured is whether
    # bulletins being drawn hold it up, not the first judgement of the month.
    post_callback(
        dash_app.server.test_client(), dash_app, "rankings-table.children", VIEW
    )

    def work(index: int):
        if index == len(months):
            time.sleep(0.2)
            started = time.perf_counter()
            answer = post_callback(dash_app.server.test_client(), dash_app,
                                   "rankings-table.children", VIEW)  # fmt: skip
            timing["rankings"] = time.perf_counter() - started
            return answer
        url = f"/export/bulletin.docx?year=2026&month={months[index]}"
        return dash_app.server.test_client().get(url)

    answers = _together(len(months) + 1, work)
    bulletins = answers[:-1]
    codes = sorted(a.status_code for a in bulletins)
    assert codes.count(200) == 1 + bulletin.BULLETINS_WAITING, codes
    busy = [a for a in bulletins if a.status_code == 503]
    assert busy and all(a.headers["Retry-After"] == "5" for a in busy)
    assert "通报正在生成中" in busy[0].get_data(as_text=True)
    assert seen["most"] == 1, seen
    assert answers[-1].status_code == 200 and timing["rankings"] < 1.0, timing
