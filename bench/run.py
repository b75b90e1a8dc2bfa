"""Server-side benchmark of the main page callbacks (not part of the test suite).

    make bench SCALE=city            # python -m bench.run --scale city

For each backend (SQLite, and PostgreSQL on a throwaway server when its binaries are
installed) it loads the data set, then measures each main callback through
``/_dash-update-component`` (p50/p95 over repeated requests, the cache warm as users
meet it after the first load) beside its floor: the SQL the view needs plus building
the same output outside Dash, uncached. Writes ``bench/results.csv``.

Scales: ``city`` (the demo), ``province`` (100 counties in 12 cities) and ``national``
(2,850 counties in 330 cities in 31 provinces, about 3.4 M reports), the last two made by
:mod:`bench.generate`. Views show the home scope (the city's counties, the province's
cities, the nation's provinces); ``rankings_all`` ranks every county of the data set.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.csv"
COLUMNS = ("scale", "backend", "callback", "sql_ms", "floor_ms", "p50_ms", "p95_ms",
           "ratio", "bytes")  # fmt: skip
PERIOD = {
    "shell-year.value": "2026",
    "shell-month.value": "10",
    "shell-lang.value": "zh",
}
# The main callbacks: (name, the output that names it, the values a page sends).
MAIN = [
    ("overview", "overview-cards.children", {}),
    ("rankings", "rankings-table.children", {"rankings-sort.value": "total",
                                             "rankings-refresh.data": 0}),
    ("indicator", "indicator-map.figure", {"indicator-code.data": "urban_new_jobs"}),
    ("county", "county-breakdown.children", {"county-code.data": "150802"}),
    ("bulletin", "exports-preview.children", {}),
]  # fmt: skip


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _seed(url: str, scale: str, figures=None) -> None:
    from data_access.engine import make_engine
    from data_access.seed import initialise
    from settings import load_settings

    started = time.perf_counter()
    if scale == "city":
        engine = make_engine(url, immediate=url.startswith("sqlite"), create=True)
        initialise(engine, load_settings().city_dir, demo=True, demo_end=(2026, 10))
    else:
        from bench.generate import bulk_load

        engine = make_engine(url, create=True)
        initialise(engine, load_settings().city_dir, demo=False)
        bulk_load(engine, *figures)
    engine.dispose()
    print(
        f"loaded {scale} into {url.split(':')[0]} in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )


def _backends(workdir: Path):
    yield "sqlite", f"sqlite:///{workdir / 'city.db'}", None
    try:
        from sqlalchemy import text

        from data_access.engine import make_engine
        from tests.postgres_server import PostgresServer

        server = PostgresServer().start()
    except (RuntimeError, OSError) as missing:
        print(f"PostgreSQL skipped: {missing}", file=sys.stderr)
        return
    admin = make_engine(server.url("postgres"))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("CREATE DATABASE bench"))
    admin.dispose()
    yield "postgres", server.url("bench"), server


def _floor(name: str, query) -> tuple[float, float]:
    """(sql_ms, floor_ms): the queries a view needs, and the view plus the same
    output built directly, uncached."""
    from data_access import queries
    from services.assessment import compute_period_view
    from services.context import rules

    started = time.perf_counter()
    queries.period_facts(2026, 10)
    queries.period_facts(2026, 9)
    queries.flow_history(2026)
    sql = time.perf_counter() - started
    stored = query.store()

    def page(module: str):  # Dash Pages loaded the page modules under these names
        return sys.modules[f"pages.{module}"]

    build = {
        "overview": lambda: page("overview").show_overview(stored),
        "rankings": lambda: page("rankings").show_rankings(stored, "total", 0),
        "indicator": lambda: page("indicator").show_indicator(stored, "urban_new_jobs"),
        "county": lambda: page("county").show_county(stored, "150802"),
        "bulletin": lambda: page("exports").show_bulletin(stored),
    }[name]
    started = time.perf_counter()
    compute_period_view(2026, 10, rules(), query.mode)
    from services.cache import cache

    cache.clear()
    build()
    return _ms(sql), _ms(time.perf_counter() - started)


def measure(scale: str, repeat: int) -> list[dict]:
    workdir = Path(tempfile.mkdtemp(prefix="kaohe-bench-"))
    os.environ.update({"DATABASE_URL": f"sqlite:///{workdir / 'city.db'}",
                       "APP_ENV": "test", "SECRET_KEY": "bench", "PUBLIC_READ": "1"})  # fmt: skip
    _seed(os.environ["DATABASE_URL"])
    sys.path.insert(0, str(ROOT))
    import app as app_module
    from data_access.engine import reset_engines
    from services.context import PageQuery
    from tests.helpers import post_callback, use_database

    client = app_module.server.test_client()
    client.get("/_dash-dependencies")
    rows = []
    for backend, url, server in _backends(workdir):
        try:
            if backend != "sqlite":
                _seed(url)
            use_database(url)
            reset_engines()
            for name, output, extra in MAIN:
                values = {**PERIOD, **extra}
                timings, size = [], 0
                post_callback(client, app_module.app, output, values)  # the first load
                for _ in range(repeat):
                    started = time.perf_counter()
                    answer = post_callback(client, app_module.app, output, values)
                    timings.append(time.perf_counter() - started)
                    assert answer.status_code == 200, (name, answer.status_code)
                    size = len(answer.data)
                with app_module.server.test_request_context():
                    sql, floor = _floor(name, PageQuery(2026, 10))
                p50 = _ms(statistics.median(timings))
                p95 = _ms(statistics.quantiles(timings, n=20)[18])
                rows.append({"scale": scale, "backend": backend, "callback": name,
                             "sql_ms": sql, "floor_ms": floor, "p50_ms": p50,
                             "p95_ms": p95, "ratio": round(p50 / floor, 2) if floor else "",
                             "bytes": size})  # fmt: skip
                print(rows[-1])
        finally:
            reset_engines()
            if server is not None:
                server.stop()
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="city", choices=["city"])
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args(argv)
    rows = measure(args.scale, args.repeat)
    with RESULTS.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    print(f"written {RESULTS}")


if __name__ == "__main__":
    main()
