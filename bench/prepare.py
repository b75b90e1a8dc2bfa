"""A generated data set ready for the load test (not part of the tests):

    python -m bench.prepare --scale national --folder /tmp/kaohe-load

writes the city folder and a SQLite database into ``--folder``, stores the assessment of
every month of the two years the load test reads (as ``flask db assess`` does after a bulk
load), and
prints the environment for gunicorn and locust (DATABASE_URL, CITY_DIR, LOAD_COUNTIES).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["province", "national"], required=True)
    parser.add_argument("--folder", type=Path, required=True)
    args = parser.parse_args(argv)
    folder = args.folder.resolve()
    url = f"sqlite:///{folder / 'load.db'}"
    os.environ.update({"DATABASE_URL": url, "CITY_DIR": str(folder / "city"),
                       "APP_ENV": "test", "SECRET_KEY": "load"})  # fmt: skip
    from bench.generate import build_figures, bulk_load, write_folder
    from data_access.engine import make_engine
    from data_access.seed import initialise

    (folder / "load.db").unlink(missing_ok=True)
    regions = write_folder(args.scale, folder / "city")
    engine = make_engine(url, create=True)
    initialise(engine, folder / "city", demo=False)
    bulk_load(engine, *build_figures(regions))
    engine.dispose()
    import app as app_module
    from services.assessment import store_all
    from services.context import rules

    with app_module.server.app_context():  # as `flask db assess --year` does
        for year in (2025, 2026):  # the years the load test reads, both data modes
            store_all(rules(), year)
    counties = regions.loc[regions.level == "county", "code"].to_numpy()
    sample = np.random.default_rng(7).choice(counties, size=min(50, len(counties)))
    print(f"DATABASE_URL={url} CITY_DIR={folder / 'city'} "
          f"LOAD_COUNTIES={','.join(sorted(set(sample)))}")  # fmt: skip


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
