"""A value several threads of a process ask for at once is computed once
(services.cache.cached): after an approval, every reader's next page asks for the
same new views, and four threads of a worker drew each of them together."""

from __future__ import annotations

import threading
import uuid

from services.cache import cached


def _ask_at_once(server, compute, key, count=4):
    answers, errors = [], []

    def ask():
        with server.app_context():
            try:
                answers.append(cached("flight-test", lambda: "v1", compute, key))
            except RuntimeError as error:
                errors.append(str(error))

    threads = [threading.Thread(target=ask) for _ in range(count)]
    for thread in threads:
        thread.start()
    return threads, answers, errors


def test_ca001_threads_asking_at_once_compute_a_value_once(dash_app):
    calls, gate = [], threading.Event()

    def compute():
        calls.append(1)
        gate.wait(5)
        return {"view": len(calls)}

    threads, answers, errors = _ask_at_once(dash_app.server, compute, uuid.uuid4().hex)
    while not calls:
        threading.Event().wait(0.01)
    threading.Event().wait(0.2)  # the others are waiting by now
    gate.set()
    for thread in threads:
        thread.join(10)
    assert len(calls) == 1 and errors == []
    assert answers == [{"view": 1}] * 4


def test_ca002_when_the_one_computing_fails_the_others_compute_it(dash_app):
    calls, gate = [], threading.Event()

    def compute():
        calls.append(1)
        if len(calls) == 1:
            gate.wait(5)
            raise RuntimeError("the database went away")
        return {"view": len(calls)}

    threads, answers, errors = _ask_at_once(
        dash_app.server, compute, uuid.uuid4().hex, 3
    )
    while not calls:
        threading.Event().wait(0.01)
    threading.Event().wait(0.2)
    gate.set()
    for thread in threads:
        thread.join(10)
    assert errors == ["the database went away"]
    assert len(answers) == 2 and all(a["view"] >= 2 for a in answers)
