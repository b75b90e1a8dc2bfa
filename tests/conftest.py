"""Shared fixtures: a seeded SQLite file per session, the Dash app built once.

Dash registers ``@callback``s in a process-wide map and ``register_page`` needs an app,
so the app is created once per test session (as Dash's own suite does).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

DEMO_END = (2026, 10)

_TMP = Path(tempfile.mkdtemp(prefix="kaohe-tests-"))
# Set before anything imports settings or the engine.
os.environ["DATABASE_URL"] = f"sqlite:///{_TMP / 'session.db'}"
os.environ.pop("CITY_DIR", None)


@pytest.fixture(scope="session")
def seeded_db():
    """The session database, migrated and loaded with the demo data to 2026-10."""
    from data_access.engine import get_engine
    from data_access.seed import initialise
    from settings import load_settings

    get_engine.cache_clear()
    initialise(get_engine(), load_settings().city_dir, demo=True, demo_end=DEMO_END)
    return get_engine()


@pytest.fixture(scope="session")
def dash_app(seeded_db):
    import app as app_module

    # Callbacks and the pages router register on the first request.
    app_module.app.server.test_client().get("/_dash-dependencies")
    return app_module.app


@pytest.fixture()
def client(dash_app):
    return dash_app.server.test_client()


def _spec_id(spec_id):
    return json.dumps(spec_id, sort_keys=True) if isinstance(spec_id, dict) else spec_id


def post_callback(
    client, app, output: str, values: dict, triggered: list | None = None
):
    """POST one callback to /_dash-update-component, as the browser does.

    ``output`` is one "id.property" the callback writes; ``values`` maps
    "id.property" of its inputs and states to the values to send (missing: None).
    Returns the Flask response.
    """
    key = next(k for k in app.callback_map if f"{output}" in k)
    spec = app.callback_map[key]

    def entries(kind):
        out = []
        for item in spec[kind]:
            name = f"{_spec_id(item['id'])}.{item['property']}"
            out.append({"id": item["id"], "property": item["property"],
                        "value": values.get(name)})  # fmt: skip
        return out

    outputs = [
        {"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1]}
        for o in key.strip(".").split("...")
    ]
    payload = {
        "output": key,
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": entries("inputs"),
        "state": entries("state"),
        "changedPropIds": triggered or [],
    }
    return client.post("/_dash-update-component", json=payload)
