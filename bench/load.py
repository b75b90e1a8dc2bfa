"""Run the load test (``make load``; not part of the tests): gunicorn (2 workers × 4
threads) serving the prepared data set, locust's readers (and writers, with WRITERS)
against it, the workers' memory sampled every second. Writes locust's CSV files and
``bench/<name>_memory.csv`` (the largest resident size each worker reached in each
round) and exits with locust's status (1 when a request failed or an acknowledged write was lost)."""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(p) for p in found]


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--name", required=True)
    parser.add_argument("--port", default="8060")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--time", default="60s")
    # Rounds after the first run against the same server, the answers the first drew
    # kept (as in a deployment that has been serving): their CSVs are NAME-round2, …
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args(argv)
    env = {**os.environ, "APP_ENV": os.environ.get("APP_ENV", "demo"), "PUBLIC_READ": "1",
           "PORT": args.port, "WEB_WORKERS": "2", "WEB_THREADS": "4"}  # fmt: skip
    server = subprocess.Popen([str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "app:server",
                               "--access-logfile", "/dev/null"], cwd=ROOT, env=env)  # fmt: skip
    host = f"http://127.0.0.1:{args.port}"
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"{host}/health", timeout=2):
                break
        except OSError:
            time.sleep(0.5)
    peaks: dict[tuple[int, int], float] = {}  # (round, worker pid) → MB
    current = [1]
    done = threading.Event()

    def sample():
        while not done.wait(1.0):
            for pid in _children(server.pid):
                key = (current[0], pid)
                peaks[key] = max(peaks.get(key, 0.0), _rss_mb(pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    writers = int(os.environ.get("WRITERS", "0") or 0)
    users = args.users + writers + (1 if writers else 0)
    status = 0
    for round_ in range(1, max(1, args.rounds) + 1):
        current[0] = round_
        name = args.name if round_ == 1 else f"{args.name}-round{round_}"
        status = max(status, subprocess.call(
            [str(BIN / "locust"), "-f", "bench/locustfile.py", "--headless", "-u",
             str(users), "-r", "20", "-t", args.time, "--host", host, "--csv",
             f"bench/{name}", "--only-summary"], cwd=ROOT, env=env))  # fmt: skip
    done.set()
    server.terminate()
    server.wait(timeout=60)
    with (ROOT / "bench" / f"{args.name}_memory.csv").open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["round", "worker_pid", "peak_rss_mb"])
        for (round_, pid), peak in sorted(peaks.items()):
            writer.writerow([round_, pid, round(peak, 1)])
    print(
        "worker memory (peak MB): "
        + ", ".join(
            f"round {round_} {pid}: {peak:.0f}"
            for (round_, pid), peak in sorted(peaks.items())
        )
    )
    return status


if __name__ == "__main__":
    sys.exit(main())
