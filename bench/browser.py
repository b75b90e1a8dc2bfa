"""First draw in the browser (part of ``make bench``, not of the tests): each main page
served by gunicorn (2 workers × 4 threads, as deployed) on the benchmark's data and
opened in Debian's headless Chromium, timed from the navigation to the last change of
the page's content (the last chart drawn), cold (the median of three new browser
profiles: nothing cached anywhere in the browser) and warm (the same page again:
bundles from the browser's cache, answers from the server's).

For each load it also reads what the browser waited for (the resource timings): the
callback requests and in how many rounds they came (a round starts when a request
starts after every request of the round before has ended: the router, then the
panels), and the bytes transferred."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]  # fmt: skip
# Every DOM change inside the page's content stamps the time (ms since navigation).
OBSERVER = """
window.__kaohe = {last: 0};
document.addEventListener('DOMContentLoaded', () => {
  new MutationObserver(() => { window.__kaohe.last = performance.now(); })
    .observe(document.body, {subtree: true, childList: true, attributes: true,
                             characterData: true});
});
"""
TIMINGS = """() => performance.getEntriesByType('resource').map(e => ({
  name: e.name, start: e.startTime, end: e.responseEnd, size: e.transferSize}))"""
NAVIGATION = "() => performance.getEntriesByType('navigation')[0].transferSize"
# A page is drawn when no callback is pending and every chart has its SVG.
DRAWN = """() => !document.querySelector('[data-dash-is-loading="true"]')
  && document.querySelector('#_pages_content') !== null
  && document.querySelector('#_pages_content').children.length > 0
  && [...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelector('.main-svg'))"""


def pages(county: str, all_counties: bool) -> list[tuple[str, str]]:
    found = [("overview", "/"), ("rankings", "/rankings"),
             ("indicator", "/indicator/urban_new_jobs"), ("county", f"/county/{county}"),
             ("bulletin", "/exports"), ("measures", "/measures")]  # fmt: skip
    if all_counties:
        found.append(("rankings_all", "/rankings?units=county"))
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(env: dict) -> tuple[subprocess.Popen, str]:
    """gunicorn (2 × 4) on a free port with ``env``; returns it and its address. With
    ``REDIS_URL`` in ``env`` both workers share one cache, as deployed."""
    port = _free_port()
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py",
         "app:server", "--access-logfile", "/dev/null"],
        cwd=ROOT, env={**os.environ, **env, "PORT": str(port), "WEB_WORKERS": "2",
                       "WEB_THREADS": "4", "PUBLIC_READ": "1"},
    )  # fmt: skip
    address = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"{address}/health", timeout=2):
                return process, address
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise RuntimeError("gunicorn did not start for the browser benchmark")


def rounds(callbacks: list[dict]) -> int:
    count, end = 0, -1.0
    for entry in sorted(callbacks, key=lambda e: e["start"]):
        if entry["start"] > end:
            count += 1
            end = entry["end"]
        else:
            end = max(end, entry["end"])
    return count


def draw(page, url: str) -> dict:
    """Open ``url`` in ``page`` and wait for it to be drawn: ms to the last change,
    the callback requests and rounds, bytes transferred."""
    page.goto(url, wait_until="load")
    page.wait_for_function(DRAWN, timeout=60_000, polling=50)
    page.wait_for_load_state("networkidle")
    page.wait_for_function(DRAWN, timeout=60_000, polling=50)
    last = page.evaluate("() => window.__kaohe.last")
    entries = page.evaluate(TIMINGS)
    callbacks = [e for e in entries if "_dash-update-component" in e["name"]]
    size = sum(e["size"] for e in entries) + page.evaluate(NAVIGATION)
    return {"ms": round(last, 1), "requests": len(callbacks), "rounds": rounds(callbacks),
            "bytes": size}  # fmt: skip


# A cold first draw is the median of this many new browser profiles (one varies by
# a tenth of a second on a shared machine), after the server has answered every page
# this many times.
COLD_RUNS = 3
WARMING_PASSES = 3


def measure(address: str, scale: str, backend: str, county: str, repeat: int = 5):
    """Rows for bench/results.csv: per page, the cold first draw (the median of
    ``COLD_RUNS`` new profiles) and the warm ones."""
    from playwright import sync_api

    rows = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        # The server has answered every page before (its own first computation is the
        # server-side bench's ``cold`` column; each worker has compressed the bundles
        # once): cold here is the browser's.
        measured = pages(county, scale != "city")
        for _ in range(WARMING_PASSES):
            visit = browser.new_context(viewport={"width": 1440, "height": 900})
            visit.add_init_script(OBSERVER)
            warming = visit.new_page()
            for _name, path in measured:
                draw(warming, address + path)
            visit.close()
        for name, path in measured:
            url = address + path
            colds = []
            for _ in range(COLD_RUNS):  # each a browser that has never seen the app
                context = browser.new_context(viewport={"width": 1440, "height": 900})
                context.add_init_script(OBSERVER)
                page = context.new_page()
                colds.append(draw(page, url))
                if len(colds) < COLD_RUNS:
                    context.close()
            warm = [draw(page, url)["ms"] for _ in range(repeat)]
            context.close()
            cold = colds[-1]
            rows.append({"scale": scale, "backend": backend, "callback": f"page:{name}",
                         "cold_ms": statistics.median(c["ms"] for c in colds),
                         "p50_ms": statistics.median(warm),
                         "p95_ms": max(warm), "bytes": cold["bytes"],
                         "requests": cold["requests"], "rounds": cold["rounds"]})  # fmt: skip
            print(rows[-1], file=sys.stderr)
        browser.close()
    return rows


def main(argv: list[str] | None = None) -> None:
    """The browser rows alone, on a database already loaded (``make bench`` builds
    one; this re-measures the pages after a front-end change without rebuilding it):
    replaces that scale and backend's ``page:`` rows in bench/results.csv."""
    import argparse

    from bench.run import write_results
    from tests.redis_server import RedisServer

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--database", required=True)
    parser.add_argument("--city-dir", default="")
    parser.add_argument(
        "--scale", default="national", choices=["city", "province", "national"]
    )
    parser.add_argument("--backend", default="sqlite")
    parser.add_argument("--county", required=True)
    args = parser.parse_args(argv)
    redis_server = RedisServer().start()
    env = {"DATABASE_URL": args.database, "APP_ENV": "test", "SECRET_KEY": "bench",
           "REDIS_URL": redis_server.url, **({"CITY_DIR": args.city_dir} if args.city_dir else {})}  # fmt: skip
    process, address = serve(env)
    try:
        rows = measure(address, args.scale, args.backend, args.county)
    finally:
        process.terminate()
        process.wait(timeout=30)
        redis_server.close()
    write_results(rows, lambda r: (r["scale"], r["backend"]) == (args.scale, args.backend)
                  and r["callback"].startswith("page:"))  # fmt: skip


if __name__ == "__main__":
    main()
