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


def measure(scale: str, repeat: int) -> list[dict]:
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
                timings, size = [], 0
                started = time.perf_counter()
                first = post_callback(client, app_module.app, output, values)
                cold = _ms(time.perf_counter() - started)
                assert first.status_code == 200, (
                    name,
                    first.status_code,
                    first.data[:200],
                )
                for _ in range(repeat):
                    started = time.perf_counter()
                    answer = post_callback(client, app_module.app, output, values)
                    timings.append(time.perf_counter() - started)
                    assert answer.status_code == 200, (name, answer.status_code)
                    size = len(answer.data)
                with app_module.server.test_request_context():
                    sql, floor = _floor(name, values)
                p50 = _ms(statistics.median(timings))
                p95 = _ms(statistics.quantiles(timings, n=20)[18])
                rows.append({"scale": scale, "backend": backend, "callback": name,
                             "sql_ms": sql, "floor_ms": floor, "p50_ms": p50,
                             "p95_ms": p95, "ratio": round(p50 / floor, 2) if floor else "",
                             "bytes": size})  # fmt: skip
                print(rows[-1] | {"first_load_ms": cold}, file=sys.stderr)
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
    args = parser.parse_args(argv)
    rows = measure(args.scale, args.repeat)
    # One file for every scale: this run's rows replace the earlier rows of its scale.
    kept = []
    if RESULTS.exists():
        with RESULTS.open(encoding="utf-8") as found:
            kept = [r for r in csv.DictReader(found) if r["scale"] != args.scale]
    with RESULTS.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(kept + rows)
    print(f"written {RESULTS}")


if __name__ == "__main__":
    main()
