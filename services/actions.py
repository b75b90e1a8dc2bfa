"""Every write a page can ask for. Each takes the signed-in actor (None when
anonymous) and returns an :class:`Outcome`: a catalogue key and its values, so the
page shows it in the reader's language. Rules are checked below (the data layer
checks the actor itself); a refusal never half-writes."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from datetime import date

from data_access.accounts import Actor
from data_access.imports import ImportPlan
from data_access.writes import (
    apply_form,
    apply_upload,
    change_submission,
    preview_upload,
    set_targets,
    set_weights,
)
from i18n import Refusal
from services.context import current_actor, rules
from services.publishing import publish
from settings import current_settings

SUBMISSION_ACTIONS = ("submit", "approve", "return")


@dataclass(frozen=True)
class Outcome:
    """What came of a write: ``ok``, a catalogue key with its values, and the import
    plan where a file or the grid was checked (its rows, or its problems)."""

    ok: bool
    key: str
    values: dict = field(default_factory=dict)
    plan: ImportPlan | None = None

    @property
    def changed_data(self) -> bool:
        return self.ok and self.key not in ("import_noop", "preview_ready")


def _refused(refusal: Refusal) -> Outcome:
    return Outcome(False, refusal.key, dict(refusal.values))


def _signed_in() -> Actor | Outcome:
    actor = current_actor()
    return actor if actor is not None else Outcome(False, "login_needed")


def decode_upload(contents) -> bytes | None:
    """The bytes of a dcc.Upload ``contents`` data URL, or None if it is not one."""
    if not isinstance(contents, str) or "," not in contents:
        return None
    try:
        return base64.b64decode(contents.split(",", 1)[1], validate=True)
    except (binascii.Error, ValueError):
        return None


def preview_file(contents, filename) -> Outcome:
    """What an uploaded file would change; nothing is written."""
    actor = _signed_in()
    if isinstance(actor, Outcome):
        return actor
    content = decode_upload(contents)
    if content is None:
        return Outcome(False, "err_bad_upload")
    try:
        plan = preview_upload(actor, content, str(filename or "")[:256], date.today(),
                              current_settings().max_upload_bytes)  # fmt: skip
    except Refusal as refusal:
        return _refused(refusal)
    return Outcome(plan.ok, "preview_ready" if plan.ok else "import_refused", plan=plan)


def import_file(contents, filename) -> Outcome:
    """Write an uploaded file, whole or not at all."""
    actor = _signed_in()
    if isinstance(actor, Outcome):
        return actor
    content = decode_upload(contents)
    if content is None:
        return Outcome(False, "err_bad_upload")
    try:
        result = apply_upload(actor, content, str(filename or "")[:256], date.today(),
                              current_settings().max_upload_bytes)  # fmt: skip
    except Refusal as refusal:
        return _refused(refusal)
    if not result.committed:
        return Outcome(False, "import_refused", plan=result.plan)
    key = "import_done" if result.changed else "import_noop"
    return Outcome(True, key, {"changed": result.changed}, plan=result.plan)


def grid_records(rows, region: str, year: int, month: int) -> list[dict]:
    """Grid rows as import records; the region is the page's, never the row's."""
    if not isinstance(rows, list):
        return []
    found = []
    for index, row in enumerate(rows[:200], start=1):
        if not isinstance(row, dict):
            continue
        value = row.get("value")
        found.append({
            "row": index, "region": region, "indicator": str(row.get("code", ""))[:64],
            "year": year, "month": month,
            "value": "" if value is None else str(value), "unit": "",
        })  # fmt: skip
    return found


def save_grid(rows, year: int, month: int) -> Outcome:
    """Figures typed into the entry grid, for the actor's own county."""
    actor = _signed_in()
    if isinstance(actor, Outcome):
        return actor
    records = grid_records(rows, actor.region or "", year, month)
    try:
        result = apply_form(actor, records, date.today())
    except Refusal as refusal:
        return _refused(refusal)
    if not result.committed:
        return Outcome(False, "import_refused", plan=result.plan)
    return Outcome(True, "saved", {"changed": result.changed})


def change_month(action: str, region, year: int, month: int, reason=None) -> Outcome:
    """Submit (a county, its own month), approve or return (the office)."""
    actor = _signed_in()
    if isinstance(actor, Outcome):
        return actor
    if action not in SUBMISSION_ACTIONS:
        return Outcome(False, "err_unknown_action")
    region = actor.region or "" if action == "submit" else str(region or "")[:12]
    reason = str(reason)[:500] if isinstance(reason, str) else None
    try:
        change_submission(actor, region, year, month, action, reason)
    except Refusal as refusal:
        return _refused(refusal)
    done = {"submit": "submitted_ok", "approve": "approved_ok", "return": "returned_ok"}
    return Outcome(True, done[action])


def publish_ranking(year: int, month: int) -> Outcome:
    """Freeze the month's approved ranking as announced (the office only)."""
    actor = _signed_in()
    if isinstance(actor, Outcome):
        return actor
    try:
        publish(actor, year, month, rules())
    except Refusal as refusal:
        return _refused(refusal)
    return Outcome(True, "published_ok", {"year": year, "month": month})


def save_targets(year: int, values: dict) -> Outcome:
    """Annual targets by (region, indicator) (the office only)."""
    actor = _signed_in()
    if isinstance(actor, Outcome):
        return actor
    try:
        changed = set_targets(actor, year, values)
    except Refusal as refusal:
        return _refused(refusal)
    return Outcome(True, "targets_saved", {"changed": changed})


def save_weights(weights: dict) -> Outcome:
    """Indicator weights, which must total 100 (the office only)."""
    actor = _signed_in()
    if isinstance(actor, Outcome):
        return actor
    try:
        changed = set_weights(actor, weights)
    except Refusal as refusal:
        return _refused(refusal)
    return Outcome(True, "weights_saved", {"changed": changed})
