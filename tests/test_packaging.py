"""``pip install .`` (not editable) gives a working app: pages, server, assets, the
city's files and the migrations are all in the package."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHECK = """
import json, app
from tests_helpers_free import route
print(json.dumps({
    "file": app.__file__,
    "index": app.server.test_client().get("/").status_code,
    "css": app.server.test_client().get("/assets/00-vendor/bootstrap.min.css").status_code,
    "health": app.server.test_client().get("/health").status_code,
    "rankings": route(app.server.test_client(), "/rankings"),
}))
"""
ROUTE = """
def route(client, path):
    payload = {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"},
                    {"id": "_pages_store", "property": "data"}],
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                   {"id": "_pages_location", "property": "search", "value": ""}],
        "state": [], "changedPropIds": ["_pages_location.pathname"],
    }
    answer = client.post("/_dash-update-component", json=payload)
    return [answer.status_code, "shell-year" in answer.get_data(as_text=True)]
"""


def test_pkg001_a_plain_pip_install_runs(tmp_path):
    # A copy of the source (setuptools builds in the source folder's build/).
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "instance", "build", "tests", "*.egg-info", "__pycache__",
        ".hypothesis", ".pytest_cache", ".ruff_cache"))  # fmt: skip
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
         "--no-build-isolation", "--target", str(site), str(source)],
        check=True, cwd=tmp_path, timeout=300,
    )  # fmt: skip
    (tmp_path / "tests_helpers_free.py").write_text(ROUTE, encoding="utf-8")
    env = {
        k: v for k, v in os.environ.items() if k not in ("CITY_DIR", "PYTHONPATH")
    } | {
        "PYTHONPATH": f"{site}{os.pathsep}{tmp_path}",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'k.db'}",
        "APP_ENV": "test",
        "SECRET_KEY": "packaging-test-key",
        "PUBLIC_READ": "1",
    }
    seeded = subprocess.run([sys.executable, "-m", "data_access.seed"], cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert seeded.returncode == 0, seeded.stderr[-2000:]
    ran = subprocess.run([sys.executable, "-c", CHECK], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=300)  # fmt: skip
    assert ran.returncode == 0, ran.stderr[-2000:]
    import json

    found = json.loads(ran.stdout.strip().splitlines()[-1])
    assert found["file"].startswith(str(site)), found  # the installed copy, not ours
    assert (found["index"], found["css"], found["health"]) == (200, 200, 200), found
    assert found["rankings"] == [200, True], found
