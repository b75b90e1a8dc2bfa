"""Every write a page can ask for. Each takes the signed-in actor (None when
anonymous) and returns an :class:`Outcome`: a catalogue key and its values, so the
page shows it in the reader's language. Rules are checked below (the data layer
checks the actor itself); a refusal never half-writes."""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.exc import SQLAlchemyError

from data_access.accounts import Actor
from data_access.engine import DatabaseUnavailable
from data_access.imports import ImportPlan
from data_access.quality import save_alias as store_alias
from data_access.quality import write_explanations
from data_access.queries import APPROVED, DATA_MODES, SUBMITTED
from data_access.schemes import change_scheme, start_scheme
from data_access.writes import (
    EditTerms,
    apply_form,
    apply_upload,
    change_submission,
    check_upload,
    preview_upload,
    remind,
    set_targets,
    withdraw_publication,
)
from domain.cycle import due_date
from domain.model import TargetSource
from i18n import LANGS, Refusal, pick, t
from services import lookups, quality
from services.assessment import period_view, previous_period
from services.cache import keep, kept
from services.context import rules
from services.projection import store_month_again
from services.publishing import publish
from services.recompute import kick, refresh_later
from settings import current_settings

SUBMISSION_ACTIONS = ("submit", "approve", "return")
CHECK_SECONDS = 600  # a previewed file's check is kept this long for its confirmation
log = logging.getLogger(__name__)


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


def as_actor(actor: Actor | None, write: Callable[[Actor], Outcome]) -> Outcome:
    """Run ``write`` as ``actor`` (the signed-in one, passed in by the page); anonymous
    readers are asked to sign in and a refusal becomes its outcome (nothing was
    written)."""
    if actor is None:
        return Outcome(False, "login_needed")
    try:
        return write(actor)
    except Refusal as refusal:
        return Outcome(False, refusal.key, dict(refusal.values))


def decode_upload(contents) -> bytes | None:
    """The bytes of a dcc.Upload ``contents`` data URL, or None if it is not one."""
    if not isinstance(contents, str) or "," not in contents:
        return None
    try:
        return base64.b64decode(contents.split(",", 1)[1], validate=True)
    except (binascii.Error, ValueError):
        return None


def _with_file(actor: Actor | None, contents, filename, use) -> Outcome:
    """Decode an upload and hand it to ``use(actor, bytes, name, today, limit)``."""
    content = decode_upload(contents)

    def write(actor: Actor) -> Outcome:
        if content is None:
            return Outcome(False, "err_bad_upload")
        name = str(filename or "")[:256]
        return use(
            actor, content, name, date.today(), current_settings().max_upload_bytes
        )

    return as_actor(actor, write)


def _check_key(actor: Actor, content: bytes, read_as) -> str:
    digest = hashlib.sha256(content + repr(read_as).encode()).hexdigest()
    return f"upload_check:{actor.username}:{digest}"


def _read_as(value) -> tuple:
    """The suggestions a page accepted for a file: (field, wording, code) triples of
    text (Catalogue.reading drops what it does not know)."""
    if not isinstance(value, list):
        return ()
    return tuple(tuple(str(part)[:200] for part in found) for found in value[:50]
                 if isinstance(found, list) and len(found) == 3)  # fmt: skip


def preview_file(actor: Actor | None, contents, filename, read_as=None) -> Outcome:
    """What an uploaded file would change; nothing is written. The file's check is
    kept a few minutes for its confirmation, which then reads only the database.
    ``read_as``: the suggestions accepted for this file ("read it that way once")."""
    accepted = _read_as(read_as)

    def preview(actor, content, *args) -> Outcome:
        checked = check_upload(actor, content, *args, accepted)
        keep(_check_key(actor, content, accepted), checked, CHECK_SECONDS)
        plan = preview_upload(actor, content, *args, checked=checked)
        flags = quality.planned_flags(plan.changes) if plan.ok else []
        return Outcome(plan.ok, "preview_ready" if plan.ok else "import_refused",
                       {"flags": flags}, plan=plan)  # fmt: skip

    return _with_file(actor, contents, filename, preview)


# Characters a typed reason never needs and a document cannot hold: controls (but
# tab and newline), surrogates, and the direction overrides that reorder text.
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)


def _reason(value) -> str | None:
    """A reason typed on a page (a return's, a correction's, a publication's), as
    text of at most 500 characters without control or direction characters (it is
    printed in the bulletin and sent on); None where the page sent none."""
    return _UNPRINTABLE.sub("", value)[:500] if isinstance(value, str) else None


def _terms(reason, withdraw) -> EditTerms:
    """What the page says about changing a month that is not a plain draft."""
    return EditTerms(_reason(reason), withdraw is True)


def import_file(
    actor: Actor | None, contents, filename, reason=None, withdraw=None, read_as=None
) -> Outcome:
    """Write an uploaded file, whole or not at all (with the preview's check of it,
    where it is still kept and stands for this file, actor and day); a correction
    with its ``reason``, a submitted month once ``withdraw`` is confirmed; the
    suggestions accepted at its preview, ``read_as``."""
    accepted = _read_as(read_as)

    def write(actor, content, *args) -> Outcome:
        checked = kept(_check_key(actor, content, accepted))
        result = apply_upload(actor, content, *args, checked=checked,
                              terms=_terms(reason, withdraw), read_as=accepted)  # fmt: skip
        if not result.committed:
            return Outcome(False, "import_refused", plan=result.plan)
        key = "import_done" if result.changed else "import_noop"
        flags = quality.planned_flags(result.plan.changes)  # what is stored now
        return Outcome(True, key, {"changed": result.changed, "flags": flags},
                       plan=result.plan)  # fmt: skip

    return _with_file(actor, contents, filename, write)


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


def _refresh_after(outcome: Outcome, year: int, month: int, modes) -> Outcome:
    """Store the changed month's assessment again in the data modes the change shows
    in, so that readers find it ready: after the request, by the process's worker
    (in background mode), else now (a failure here only leaves it to be computed on
    the next read)."""
    if outcome.changed_data:
        kick()  # a run the change requested starts now in this process
        if refresh_later(year, month, modes):
            return outcome
        try:
            store_month_again(year, month, rules(year), modes)
        except (DatabaseUnavailable, SQLAlchemyError):
            log.exception("stored assessment of %s-%s not refreshed", year, month)
    return outcome


def _reported_region(actor: Actor, chosen) -> str:
    """Whose figures the actor reports: a county official their own county's; the
    office the county it has chosen (代报)."""
    if actor.role == "county" or not isinstance(chosen, str):
        return actor.region or ""
    return chosen[:12]


def save_grid(
    actor: Actor | None,
    rows,
    year: int,
    month: int,
    region=None,
    reason=None,
    withdraw=None,
) -> Outcome:
    """Figures typed into the entry grid: a county's own, or the office's for the
    county it has chosen (``region``); a correction with its ``reason``, a submitted
    month once ``withdraw`` is confirmed."""

    def write(actor: Actor) -> Outcome:
        county = _reported_region(actor, region)
        records = grid_records(rows, county, year, month)
        result = apply_form(actor, records, date.today(),
                            terms=_terms(reason, withdraw))  # fmt: skip
        if not result.committed:
            return Outcome(False, "import_refused", plan=result.plan)
        flags = quality.month_flags(year, month, county)
        if flags:
            return Outcome(True, "dq_saved_with_flags", {
                "changed": result.changed, "count": len(flags), "flags": flags})  # fmt: skip
        return Outcome(True, "saved", {"changed": result.changed})

    # A draft shows nowhere; saving a submitted month makes it a draft again, which
    # the submitted-figures view shows.
    return _refresh_after(as_actor(actor, write), year, month, [SUBMITTED])


def change_month(
    actor: Actor | None,
    action: str,
    region,
    year: int,
    month: int,
    reason=None,
    items=None,
) -> Outcome:
    """Submit (a county, its own month), approve or return (the office: with a reason
    for the month and/or ``items``, indicator code → reason)."""
    done = {"submit": "submitted_ok", "approve": "approved_ok", "return": "returned_ok"}

    def write(actor: Actor) -> Outcome:
        if action not in SUBMISSION_ACTIONS:
            return Outcome(False, "err_unknown_action")
        county = (_reported_region(actor, region) if action == "submit"
                  else str(region or "")[:12])  # fmt: skip
        if action == "submit" and actor.may_write_region(county):
            missing = quality.before_submit(county, year, month)
            if missing:
                return Outcome(False, "err_explanations_missing", {
                    "count": len(missing), "codes": missing,
                    "names": _names(missing)})  # fmt: skip
        change_submission(
            actor,
            county,
            year,
            month,
            action,
            _reason(reason),
            items=items if isinstance(items, dict) else None,
        )
        return Outcome(True, done[action])

    modes = DATA_MODES if action == "approve" else [SUBMITTED]
    outcome = _refresh_after(as_actor(actor, write), year, month, modes)
    if action == "approve" and outcome.ok:
        _open_items(year, month, [str(region or "")[:12]])
    return outcome


def _open_items(year: int, month: int, regions: list[str]) -> None:
    """Open the 督办 items the approved months call for (an indicator just turned
    预警, or 滞后 for the rule's months); a failure leaves them to the monthly job."""
    from services.supervision import open_due_items

    try:
        open_due_items(year, month, regions)
    except (DatabaseUnavailable, SQLAlchemyError):
        log.exception("follow-up items of %s-%s not opened", year, month)


def _names(codes: list[str]) -> dict[str, str]:
    """Indicators' names in each language, joined as a list (a message's value)."""
    found = {i.code: i for i in lookups.indicators()}
    return {lang: t("list_separator", lang).join(
        pick(found[c], "name", lang) for c in codes if c in found) for lang in LANGS}  # fmt: skip


def explain(actor: Actor | None, region, year: int, month: int, items) -> Outcome:
    """Write 情况说明 on the county's figures of the month (``items``: indicator code
    → (text, measures)); a county its own, the office any county's."""

    def write(actor: Actor) -> Outcome:
        county = _reported_region(actor, region)
        chosen = {str(c)[:64]: (_reason(v[0]) or "", _reason(v[1]))
                  for c, v in (items or {}).items()
                  if isinstance(v, (list, tuple)) and len(v) == 2}  # fmt: skip
        count = write_explanations(actor, county, year, month, chosen)
        return Outcome(True, "explanation_saved", {"count": count})

    return as_actor(actor, write)


def save_alias(actor: Actor | None, field, wording, code) -> Outcome:
    """Keep a file's wording as another name of a county or an indicator for every
    file from now on (the office only)."""

    def write(actor: Actor) -> Outcome:
        added = store_alias(actor, str(field)[:16], wording, str(code)[:64])
        names = {r.code: r for r in [*lookups.counties(), *lookups.indicators()]}
        name = {lang: pick(names[code], "name", lang) if code in names else str(code)
                for lang in LANGS}  # fmt: skip
        return Outcome(True, "alias_saved" if added else "alias_known",
                       {"wording": str(wording)[:40], "name": name, "changed": added})  # fmt: skip

    return as_actor(actor, write)


def approve_clean(actor: Actor | None, year: int, month: int) -> Outcome:
    """Approve together every submitted month without a flag (the office only);
    flagged ones stay for review one by one."""

    def write(actor: Actor) -> Outcome:
        if not actor.is_supervisor:
            return Outcome(False, "err_review_supervisor")
        queue = quality.review_queue(year, month)
        clean = [row.region for row in queue if row.flagged == 0]
        for county in clean:
            change_submission(actor, county, year, month, "approve")
        approved.extend(clean)
        return Outcome(True, "bulk_approved", {
            "count": len(clean), "skipped": len(queue) - len(clean)})  # fmt: skip

    approved: list[str] = []
    outcome = as_actor(actor, write)
    if outcome.values.get("count"):
        _refresh_after(outcome, year, month, DATA_MODES)
        _open_items(year, month, approved)
    return outcome


def publish_ranking(
    actor: Actor | None, year: int, month: int, reason=None, issue=None
) -> Outcome:
    """Freeze the month's approved ranking as announced (the office only), with the
    bulletin issued as files (``issue(view, rules, now, reason)`` draws them: the
    presenters' bulletin, passed in by the page); ``reason``: why, where counties
    are missing."""

    def write(actor: Actor) -> Outcome:
        if not actor.is_supervisor:
            return Outcome(False, "err_publish_supervisor")
        now = datetime.now()
        view = period_view(year, month, rules(year), APPROVED)
        why = (_reason(reason) or "").strip() or None
        from services.bulletin_issue import issue_fields  # it builds on this module

        number = issue_fields(year, month).number
        files = issue(view, rules(year), now, why) if view.has_data and issue else {}
        publish(actor, year, month, rules(year), reason=why, files=files,
                issue_number=number)  # fmt: skip
        return Outcome(True, "published_ok", {"year": year, "month": month})

    return as_actor(actor, write)


def withdraw_ranking(actor: Actor | None, year: int, month: int, reason) -> Outcome:
    """撤回发布 (the office only, with a reason); the month can be published again."""

    def write(actor: Actor) -> Outcome:
        withdraw_publication(actor, year, month, _reason(reason) or "")
        return Outcome(True, "withdrawn_ok", {"year": year, "month": month})

    return as_actor(actor, write)


def _refresh_latest(outcome: Outcome) -> Outcome:
    """After targets or weights changed: store the newest month with reports, and the
    one before (its view reads both), again now in both data modes, so that the month
    readers open first is ready; older months are stored on their first read (or by
    ``flask db assess``). A region's targets cost a few regions; weights, every region
    (about 13 s for a country, nothing for a city)."""
    if not outcome.changed_data or not outcome.values.get("changed"):
        return outcome
    found = lookups.periods()
    if found.empty:
        return outcome
    newest = (int(found.year.iloc[0]), int(found.month.iloc[0]))
    for period in (newest, previous_period(*newest)):
        _refresh_after(outcome, *period, DATA_MODES)
    return outcome


def save_targets(
    actor: Actor | None,
    year: int,
    values: dict,
    source: str = TargetSource.OFFICE,
    reason=None,
) -> Outcome:
    """Annual targets by (region, indicator) with where they come from and, for a
    change once the year has begun, why (the office only)."""
    why = _reason(reason)
    return _refresh_latest(as_actor(actor, lambda actor: Outcome(
        True, "targets_saved", {"changed": set_targets(
            actor, year, values, source=str(source)[:16], reason=why)})))  # fmt: skip


def save_weights(
    actor: Actor | None, weights: dict, year: int | None = None, reason=None
) -> Outcome:
    """Indicator weights of ``year``'s scheme (the newest year with figures where
    None), which must total 100 (the office only; a reason once the year has begun).
    Other years keep theirs."""
    return save_scheme(actor, year, weights=weights, reason=reason)


def save_scheme(
    actor: Actor | None,
    year: int | None,
    *,
    weights=None,
    parameters=None,
    kinds=None,
    reason=None,
) -> Outcome:
    """Change ``year``'s scheme (年度考核方案): weights (blank drops an indicator from
    the year) and parameters, with a reason once the year has begun; other years'
    scores stay as they are (the office only)."""
    if year is None:
        found = lookups.periods()
        year = int(found.year.iloc[0]) if not found.empty else date.today().year

    def write(actor: Actor) -> Outcome:
        clean_weights = clean_parameters = None
        if isinstance(weights, dict):
            clean_weights = {str(c)[:64]: None if v in (None, "") else _finite_weight(v)
                             for c, v in list(weights.items())[:100]}  # fmt: skip
        if isinstance(parameters, dict):
            clean_parameters = {str(k)[:64]: _finite_weight(v)
                                for k, v in list(parameters.items())[:20]}  # fmt: skip
        clean_kinds = ({str(c)[:64]: str(k)[:16] for c, k in list(kinds.items())[:100]}
                       if isinstance(kinds, dict) else None)  # fmt: skip
        changed = change_scheme(actor, year, current_settings().rules,
                                weights=clean_weights, parameters=clean_parameters,
                                kinds=clean_kinds, reason=_reason(reason))  # fmt: skip
        return Outcome(True, "scheme_saved", {"changed": changed, "year": year})

    return _refresh_latest(as_actor(actor, write))


def start_year_scheme(actor: Actor | None, year: int) -> Outcome:
    """Start ``year``'s scheme as a copy of the one it borrows (the office only)."""
    return as_actor(actor, lambda actor: Outcome(True, "scheme_started", {
        "year": year, "from": start_scheme(actor, year, current_settings().rules).from_year}))  # fmt: skip


def _finite_weight(value) -> float:
    """A typed weight or parameter, read as every figure is (refused with a message)."""
    from data_access.writes import _finite

    return _finite(value)


def send_reminders(actor: Actor | None, year: int, month: int, region=None) -> Outcome:
    """催报: remind one county (``region``) or every county whose month is not in
    yet (None) of the due day (the office only); each becomes the county's notice."""

    def write(actor: Actor) -> Outcome:
        settings = current_settings()
        chosen = [str(region)[:12]] if isinstance(region, str) and region else None
        due = due_date(year, month, settings.report_due_day)
        sent = remind(actor, year, month, chosen, due)
        if not sent:
            return Outcome(False, "remind_none")
        return Outcome(True, "reminded_ok", {"count": len(sent)})

    return as_actor(actor, write)
