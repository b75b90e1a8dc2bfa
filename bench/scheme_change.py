"""A weights change at scale, with recomputation in the background (not part of the
tests; ``python -m bench.scheme_change`` with DATABASE_URL and CITY_DIR of a generated
data set, e.g. the benchmark's or the load test's):

1. every month of the year stored in both data modes (as readers leave them);
2. the office changes the year's weights through the 目标与权重 page's callback: the
   time until the answer is the writer's wait;
3. a reader's ranking during the run (the last complete results, marked);
4. the run (``services.recompute.run_pending``): how long the country takes.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    os.environ.setdefault("APP_ENV", "test")
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ["RECOMPUTE"] = "background"
    os.environ["PUBLIC_READ"] = "1"
    sys.path.insert(0, str(ROOT))
    import app as app_module
    from data_access.accounts import create_user
    from data_access.engine import write_transaction
    from services import recompute
    from services.assessment import store_all
    from services.schemes import rules_for
    from tests.helpers import answer_text, login, post_callback

    year = 2026
    with app_module.server.app_context():
        started = time.perf_counter()
        store_all(rules_for, year)
        print(f"{year} stored in both modes: {time.perf_counter() - started:.1f} s")
        try:
            with write_transaction() as conn:
                create_user(conn, "bench_office", "Bench-office-2026", "supervisor")
        except Exception:  # noqa: BLE001 (made by an earlier run)
            pass
    client = app_module.server.test_client()
    login(client, "bench_office", "Bench-office-2026")
    query = {"nav_targets-query.data": {"year": year, "month": 10, "lang": "zh",
                                        "submitted": False}}  # fmt: skip
    weights = [{"code": "urban_new_jobs", "weight": 30},
               {"code": "registered_unemployment_rate", "weight": 15}]  # fmt: skip
    started = time.perf_counter()
    answer = post_callback(client, app_module.app, "scheme-message.children",
                           {**query, "targets-weights.rowData": weights,
                            "scheme-reason.value": "基准测试", "scheme-refresh.data": 0},
                           ["targets-weights-save.n_clicks"])  # fmt: skip
    saved = time.perf_counter() - started
    print(f"weights saved in {saved * 1000:.0f} ms: {answer_text(answer)[:80]}")
    reader = app_module.server.test_client()
    ranking = {"nav_rankings-query.data": {"year": year, "month": 10, "lang": "zh",
                                           "submitted": False, "scope": None,
                                           "units": None, "page": 0},
               "rankings-sort.value": "total", "rankings-refresh.data": 0}  # fmt: skip
    started = time.perf_counter()
    read = post_callback(reader, app_module.app, "rankings-table.children", ranking)
    print(f"a reader's ranking during the run: {(time.perf_counter() - started) * 1000:.0f}"
          f" ms, status {read.status_code}")  # fmt: skip
    with app_module.server.app_context():
        started = time.perf_counter()
        months = recompute.run_pending("bench")
        print(f"the run: {months} months in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
