"""Replay the load test's reader mix in one process, one request at a time (not part of
the tests): the server's cost of a round of readers without the noise of a shared
machine under load, for comparing two commits on the same data set.

    env $(tail -1 prepare.log) python -m bench.replay --tasks 600 [--seed 1]

It uses the environment ``bench.prepare`` prints (the data set, Redis: empty it first
for a first round), the locustfile's reader tasks (pages and their panels, as a browser
sends them) through Flask's test client, and prints the time of each kind of request
with its rendered-cache hits and misses.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class _Answer:
    def __init__(self, answer) -> None:
        self.answer, self.status_code = answer, answer.status_code
        self.ok, self.headers = answer.status_code == 200, answer.headers

    def json(self):
        return self.answer.get_json()


class _Client:
    """The locust client's calls the reader tasks make, on Flask's test client, timed."""

    def __init__(self, client) -> None:
        self.client = client
        self.took: dict[str, list[float]] = collections.defaultdict(list)
        self.how: dict[str, collections.Counter] = collections.defaultdict(
            collections.Counter
        )

    def get(self, url, name=None):
        return _Answer(self.client.get(url))

    def post(self, url, name=None, json=None):
        started = time.perf_counter()
        answer = self.client.post(url, json=json)
        self.took[name].append(time.perf_counter() - started)
        self.how[name][answer.headers.get("X-Rendered-Cache", "-")] += 1
        if answer.status_code != 200:
            raise SystemExit(f"{name}: {answer.status_code} {answer.data[:200]!r}")
        return _Answer(answer)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=600)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    os.environ.setdefault("APP_ENV", "demo")
    os.environ.setdefault("PUBLIC_READ", "1")
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import app as app_module
    import bench.locustfile as tasks

    client = _Client(app_module.server.test_client())
    reader = tasks.Reader.__new__(tasks.Reader)  # its tasks, without a locust runner
    reader.client = client
    reader.callbacks = tasks.Callbacks(client)
    # The locustfile's weights: rankings 3, overview 3, county 2, indicator 1.
    mix = [reader.rankings] * 3 + [reader.overview] * 3 + [reader.county] * 2
    mix.append(reader.indicator)
    random.seed(args.seed)
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(args.tasks):
        random.choice(mix)()
    print(f"{args.tasks} tasks: {time.perf_counter() - started:.1f} s, "
          f"CPU {time.process_time() - cpu:.1f} s")  # fmt: skip
    for name, timings in sorted(client.took.items()):
        print(f"  {name:18s} {len(timings):5d} requests, mean "
              f"{1000 * sum(timings) / len(timings):6.1f} ms, {dict(client.how[name])}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
