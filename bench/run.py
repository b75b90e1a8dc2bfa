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
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.csv"
COLUMNS = ("scale", "backend", "callback", "sql_ms", "floor_ms", "cold_ms", "p50_ms",
           "p95_ms", "rendered_p50_ms", "rendered_p95_ms", "ratio", "bytes", "requests",
           "rounds")  # fmt: skip


# The main callbacks: (name, the output that names it, the values a page sends).
def main_callbacks(county: str, all_counties: bool) -> list[tuple[str, str, dict]]:
    from tests.helpers import wildcard

    def store(section: str, units=None) -> dict:
        return {f"{section}-query.data": {"year": 2026, "month": 10, "lang": "zh",
                                          "submitted": False, "scope": None,
                                          "units": units, "page": 0}}  # fmt: skip

    found = [
        ("overview", "overview-cards.children", store("nav_overview")),
        ("rankings", "rankings-table.children", {**store("nav_rankings"),
         "rankings-sort.value": "total", "rankings-refresh.data": 0}),
        ("indicator", "indicator-map.figure", {**store("nav_indicator"),
         "indicator-code.data": "urban_new_jobs"}),
        ("county", "county-breakdown.children", {**store("nav_county"),
         "county-code.data": county}),
        ("bulletin", "exports-preview.children", store("nav_exports")),
        ("warnings", "overview-warnings.children", store("nav_overview")),
        ("fair", "rankings-fair-table.children", {**store("nav_rankings"),
         "rankings-fair-basis.value": "per_capita"}),
    ]  # fmt: skip
    found.append(("whatif", "county-whatif-result.children", {
        **store("nav_county"), "county-code.data": county,
        **wildcard("whatif-plan", "value", {"urban_new_jobs": 400}),
        **wildcard("whatif-plan", "id", {"urban_new_jobs": None})}))  # fmt: skip
    if all_counties:  # every county of the data set ranked together
        found.append(("rankings_all", "rankings-table.children",
                      {**store("nav_rankings", "county"), "rankings-sort.value": "total",
                       "rankings-refresh.data": 0}))  # fmt: skip
    return found


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
    yield "sqlite", f"sqlite:///{workdir / 'bench.db'}", None
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


def _floor(name: str, values: dict) -> tuple[float, float]:
    """(sql_ms, floor_ms): reading the view from the stored assessment (its SQL, the
    periods already stored), and that plus building the same output by calling the
    page's function directly, outside Dash; nothing cached."""
    from services.assessment import stored_view
    from services.cache import cache
    from services.context import PageQuery, rules

    stored = next(v for k, v in values.items() if k.endswith("-query.data"))
    query = PageQuery.from_store(stored)

    def page(module: str):  # Dash Pages loaded the page modules under these names
        return sys.modules[f"pages.{module}"]

    build = {
        "overview": lambda: page("overview").show_overview(stored),
        "rankings": lambda: page("rankings").show_rankings(stored, "total", 0),
        "rankings_all": lambda: page("rankings").show_rankings(stored, "total", 0),
        "indicator": lambda: page("indicator").show_indicator(stored, "urban_new_jobs"),
        "county": lambda: page("county").show_county(
            stored, values["county-code.data"]
        ),
        "bulletin": lambda: page("exports").show_bulletin(stored, None),
        "warnings": lambda: page("overview").show_warnings(stored),
        "fair": lambda: sys.modules["pages._fair"].show_fair("per_capita", stored),
        "whatif": lambda: sys.modules["pages._whatif"].try_plan(
            [400],
            [],
            [{"code": "urban_new_jobs", "type": "whatif-plan"}],
            [],
            stored,
            values["county-code.data"],
        ),
    }[name]
    best_sql, best_floor = float("inf"), float("inf")
    for _ in range(3):  # the best of three: the floor is what the work needs
        cache.clear()
        started = time.perf_counter()
        stored_view(2026, 10, rules(), query.mode, query.view_scope)
        best_sql = min(best_sql, time.perf_counter() - started)
        cache.clear()
        started = time.perf_counter()
        build()
        best_floor = min(best_floor, time.perf_counter() - started)
    return _ms(best_sql), _ms(best_floor)


def _p95(timings: list[float]) -> float:
    return _ms(statistics.quantiles(timings, n=20)[18])


def _timed(client, app_module, output, values, repeat) -> tuple[list[float], int]:
    from tests.helpers import post_callback

    timings, size = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        answer = post_callback(client, app_module.app, output, values)
        timings.append(time.perf_counter() - started)
        assert answer.status_code == 200, answer.status_code
        size = len(answer.data)
    return timings, size


def _cold(client, app_module, output, values) -> float:
    """The request of the first reader after a data change: every cache empty (the
    periods stored), the best of three."""
    from services.cache import cache
    from tests.helpers import post_callback

    best = float("inf")
    for _ in range(3):
        with app_module.server.app_context():
            cache.clear()
        started = time.perf_counter()
        post_callback(client, app_module.app, output, values)
        best = min(best, time.perf_counter() - started)
    return _ms(best)


@contextmanager
def rendered_cache(app_module, on: bool):
    """The rendered-answer cache on or off for the requests inside."""
    import dataclasses

    from settings import SETTINGS_KEY

    config = app_module.server.config
    before = config[SETTINGS_KEY]
    config[SETTINGS_KEY] = dataclasses.replace(before, rendered_cache=on)
    try:
        yield
    finally:
        config[SETTINGS_KEY] = before


def _browser(url: str, scale: str, backend: str, county: str, env: dict) -> list[dict]:
    """The pages' first draw in Chromium, served by gunicorn on this data set."""
    from bench import browser
    from tests.redis_server import RedisServer

    redis_server = RedisServer().start()  # both workers share one cache, as deployed
    served = {
        **env,
        "DATABASE_URL": url,
        "APP_ENV": "test",
        "REDIS_URL": redis_server.url,
    }
    process, address = browser.serve(served)
    try:
        return browser.measure(address, scale, backend, county)
    finally:
        process.terminate()
        process.wait(timeout=30)
        redis_server.close()


def measure(scale: str, repeat: int, browser: bool = True) -> list[dict]:
    workdir = Path(tempfile.mkdtemp(prefix="kaohe-bench-"))
    figures = None
    env = {"DATABASE_URL": f"sqlite:///{workdir / 'bench.db'}", "APP_ENV": "test",
           "SECRET_KEY": "bench", "PUBLIC_READ": "1"}  # fmt: skip
    if scale != "city":
        from bench.generate import build_figures, write_folder

        regions = write_folder(scale, workdir / "city")
        figures = build_figures(regions)
        env["CITY_DIR"] = str(workdir / "city")
        county = regions.loc[regions.level == "county", "code"].iloc[0]
    else:
        county = "150802"
    os.environ.update(env)
    _seed(os.environ["DATABASE_URL"], scale, figures)
    sys.path.insert(0, str(ROOT))
    import app as app_module
    from data_access.engine import reset_engines
    from tests.helpers import post_callback, use_database

    client = app_module.server.test_client()
    client.get("/_dash-dependencies")
    rows = []
    for backend, url, server in _backends(workdir):
        try:
            if backend != "sqlite":
                _seed(url, scale, figures)
            use_database(url)
            reset_engines()
            for name, output, values in main_callbacks(county, scale != "city"):
                first = post_callback(client, app_module.app, output, values)
                assert first.status_code == 200, (name, first.status_code,
                                                  first.data[:200])  # fmt: skip
                cold = _cold(client, app_module, output, values)
                with rendered_cache(app_module, on=False):
                    warm, size = _timed(client, app_module, output, values, repeat)
                post_callback(client, app_module.app, output, values)  # kept now
                cached, _ = _timed(client, app_module, output, values, repeat)
                with app_module.server.test_request_context():
                    sql, floor = _floor(name, values)
                p50 = _ms(statistics.median(warm))
                rows.append({"scale": scale, "backend": backend, "callback": name,
                             "sql_ms": sql, "floor_ms": floor, "cold_ms": cold,
                             "p50_ms": p50, "p95_ms": _p95(warm),
                             "rendered_p50_ms": _ms(statistics.median(cached)),
                             "rendered_p95_ms": _p95(cached),
                             "ratio": round(p50 / floor, 2) if floor else "",
                             "bytes": size})  # fmt: skip
                print(rows[-1], file=sys.stderr)
            if browser:
                rows.extend(_browser(url, scale, backend, county, env))
        finally:
            reset_engines()
            if server is not None:
                server.stop()
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="city",
                        choices=["city", "province", "national"])  # fmt: skip
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--no-browser", action="store_true",
                        help="server-side timings only")  # fmt: skip
    args = parser.parse_args(argv)
    rows = measure(args.scale, args.repeat, browser=not args.no_browser)
    # One file for every scale: this run's rows replace the earlier rows of its scale.
    write_results(rows, lambda row: row["scale"] == args.scale)


def write_results(rows: list[dict], replaced) -> None:
    """``rows`` into bench/results.csv in place of the earlier rows ``replaced`` picks."""
    kept = []
    if RESULTS.exists():
        with RESULTS.open(encoding="utf-8") as found:
            kept = [r for r in csv.DictReader(found) if not replaced(r)]
    with RESULTS.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(kept + rows)
    print(f"written {RESULTS}")


if __name__ == "__main__":
    main()
