"""Test helpers that need no fixtures."""

from __future__ import annotations

import json


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


def answer_text(response) -> str:
    """A callback's JSON answer as text with Chinese (and "/") unescaped."""
    return json.dumps(response.get_json(silent=True), ensure_ascii=False)


def login(client, username: str, password: str = "demo12345"):
    """Log a Flask test client in through the real /login form."""
    import re

    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    return client.post(
        "/login", data={"username": username, "password": password, "csrf": token}
    )


def override_setting(monkeypatch, env_name: str, raw: str) -> None:
    """Change one setting for this test: in the environment (code outside the app) and
    in the running app's settings, which it reads once at start."""
    import dataclasses
    import sys

    from settings import SETTINGS_KEY, load_settings

    monkeypatch.setenv(env_name, raw)
    app_module = sys.modules.get("app")
    if app_module is None:
        return
    config = app_module.server.config
    fresh = load_settings()
    changed = {
        f.name: getattr(fresh, f.name)
        for f in dataclasses.fields(fresh)
        if getattr(fresh, f.name) != getattr(config[SETTINGS_KEY], f.name)
    }
    monkeypatch.setitem(
        config, SETTINGS_KEY, dataclasses.replace(config[SETTINGS_KEY], **changed)
    )


def use_database(url: str) -> None:
    """Point the environment and the running app at another database (no undo; for
    code that manages its own clean-up)."""
    import dataclasses
    import os
    import sys

    from settings import SETTINGS_KEY

    os.environ["DATABASE_URL"] = url
    app_module = sys.modules.get("app")
    if app_module is not None:
        config = app_module.server.config
        config[SETTINGS_KEY] = dataclasses.replace(
            config[SETTINGS_KEY], database_url=url
        )
