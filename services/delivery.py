"""Delivery (督查督办): the month's results to whoever reads them where they read them.

- Each county gets its own summary (score, grade, rank, lagging indicators, open
  督办 items, reminders) and a link to its page; the office the whole bulletin (the
  PDF as issued, attached to e-mail); each department its measures' progress and its
  items. A county's message is built from its own rows only.
- 催报 before and after the reporting deadline to counties whose month is not in;
  催办 to the unit of an item turning yellow, then red.
- Channels: e-mail (SMTP) and group robots' webhooks (WeCom; DingTalk, signed).
- Idempotent: each message has a key in the delivery log; a re-run sends nothing
  sent before, a failure is tried again (up to a limit) and shown to the office.
- Nothing is sent for a month that has not been published unless the office
  chooses to (``force``).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import logging
import smtplib
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.message import EmailMessage

from data_access import delivery as log_store
from data_access import queries
from data_access.accounts import Actor
from data_access.delivery import Channel
from data_access.rows import records
from domain.cycle import due_date
from domain.model import Status
from domain.supervision import Light
from domain.workflow import SubmissionState
from i18n import fmt_number, period_label, t
from services import supervision
from services.actions import Outcome, as_actor
from services.assessment import period_view
from services.context import rules
from settings import current_settings

log = logging.getLogger(__name__)
LANG = "zh"  # messages go out in Chinese, as official ones do
TIMEOUT = 10  # seconds a channel may take to answer
BEHIND = (Status.LAGGING, Status.NEAR_CAP, Status.ALERT)
REMIND_DAYS_BEFORE = 2  # 催报 from two days before the due day


@dataclass(frozen=True)
class Message:
    key: str
    channel: Channel
    kind: str  # summary | bulletin | progress | remind | urge
    subject: str
    text: str
    # (filename, bytes) made only when the message is sent (a re-run that finds it
    # sent draws no PDF)
    attachment: Callable[[], tuple[str, bytes] | None] | None = None


@dataclass
class Report:
    """What a run did."""

    sent: int = 0
    failed: int = 0
    skipped: int = 0  # sent before, or out of attempts
    published: bool = True
    errors: list[str] = field(default_factory=list)


def _for(
    channels: list[Channel], audience: str, party: str | None = None
) -> list[Channel]:
    """Of the active ``channels`` (read once a run), those of ``audience`` (and the
    county or department ``party``)."""
    return [c for c in channels if c.audience == audience
            and (party is None or party in (c.region, c.department))]  # fmt: skip


def _link(path: str, year: int, month: int) -> str:
    return f"{current_settings().public_url}{path}?year={year}&month={month}"


def _reader(
    role: str, region: str | None = None, department: str | None = None
) -> Actor:
    """The actor a message is composed as: it sees what its recipient may see."""
    return Actor(0, "delivery", "delivery", role, region, department=department)


def _item_lines(actor: Actor, today: date) -> list[str]:
    return [t("dlv_item_line", LANG, title=i.title_in(LANG), due=f"{i.due:%Y-%m-%d}",
              light=t(f"ilight_{i.light.value}", LANG),
              state=t(f"istate_{i.state.value}", LANG))
            for i in supervision.items_of(actor, today, open_only=True)]  # fmt: skip


def _county_text(
    code: str, view, scores: dict, frozen: dict, today: date
) -> tuple[str, str]:
    """A county's summary: its own rows only (``scores``: the view's rows by code)."""
    year, month = view.year, view.month
    score = scores.get(code)
    name = score.name_zh if score else code
    total, grade, rank = frozen.get(code, (None, None, None))
    if total is None and score is not None:
        total, grade, rank = score.total, score.grade, score.rank
    behind = [r.name_zh for r in view.result_rows(region=code) if r.status in BEHIND]
    lines = [t("dlv_county_head", LANG, name=name, period=period_label(year, month, LANG),
               score=fmt_number(total, 2) if total is not None else "—",
               grade=t(f"grade_{grade}", LANG) if grade else "—",
               rank=rank if rank is not None else "—", units=len(view.counties))]  # fmt: skip
    lines.append(t("dlv_behind", LANG, names=t("list_separator", LANG).join(behind))
                 if behind else t("dlv_none_behind", LANG))  # fmt: skip
    items = _item_lines(_reader("county", code), today)
    if items:
        lines += [t("dlv_items_head", LANG, count=len(items)), *items]
    lines.append(t("dlv_link", LANG, link=_link(f"/county/{code}", year, month)))
    subject = t(
        "dlv_county_subject", LANG, name=name, period=period_label(year, month, LANG)
    )
    return subject, "\n".join(lines)


def _office_text(view, frozen: dict) -> tuple[str, str]:
    period = period_label(view.year, view.month, LANG)
    lines = [t("dlv_office_head", LANG, period=period)]
    for s in view.score_rows():
        total, grade, rank = frozen.get(s.region, (s.total, s.grade, s.rank))
        lines.append(t("dlv_office_line", LANG, rank=rank if rank is not None else "—",
                       name=s.name_zh,
                       score=fmt_number(total, 2) if total is not None else "—",
                       grade=t(f"grade_{grade}", LANG) if grade else "—"))  # fmt: skip
    lines.append(t("dlv_link", LANG, link=_link("/exports", view.year, view.month)))
    return t("dlv_office_subject", LANG, period=period), "\n".join(lines)


def _department_text(name: str, year: int, month: int, today: date) -> tuple[str, str]:
    from services.measures import sections

    progress = supervision.progress_of(year, month)
    found = sections(name, year)[0]
    tally = [
        r for r in supervision.by_department(found, progress) if r.department_zh == name
    ]
    lines = [
        t(
            "dlv_department_head",
            LANG,
            name=name,
            period=period_label(year, month, LANG),
        )
    ]
    if tally:
        r = tally[0]
        lines.append(t("progress_dept_row", LANG, leads=r.leads, done=r.done,
                       going=r.in_progress, overdue=r.overdue))  # fmt: skip
    items = _item_lines(_reader("department", department=name), today)
    if items:
        lines += [t("dlv_items_head", LANG, count=len(items)), *items]
    lines.append(t("dlv_link", LANG, link=_link("/measures", year, month)))
    subject = t("dlv_department_subject", LANG, name=name,
                period=period_label(year, month, LANG))  # fmt: skip
    return subject, "\n".join(lines)


# The bulletin PDF of a month for the office's e-mail: (view, published) → bytes or
# None; drawn by the caller's renderer (services do not draw files).
PdfOf = Callable[[object, bool], bytes | None]


def monthly_messages(year: int, month: int, today: date, published: bool,
                     pdf_of: PdfOf | None = None) -> list[Message]:  # fmt: skip
    """The month's summaries: each county's, the office's bulletin (with ``pdf_of``'s
    PDF on e-mail), each department's progress."""
    view = period_view(year, month, rules(year))
    found = queries.published(year, month)
    frozen = ({r["region"]: (r["total"], r["grade"], r["rank"]) for r in records(found[1])}
              if found else {})  # fmt: skip
    stamp = f"{year}-{month:02d}"
    channels = log_store.channels()
    scores = {s.region: s for s in view.score_rows()}
    messages = []
    for code in view.counties:
        mine = _for(channels, "region", code)
        if mine:
            subject, text = _county_text(code, view, scores, frozen, today)
            messages += [Message(f"summary:{stamp}:{c.id}", c, "summary", subject, text)
                         for c in mine]  # fmt: skip
    office = _for(channels, "office")
    if office:
        subject, text = _office_text(view, frozen)

        @functools.cache
        def attachment() -> tuple[str, bytes] | None:
            pdf = pdf_of(view, published) if pdf_of else None
            return (f"bulletin-{stamp}.pdf", pdf) if pdf else None

        messages += [Message(f"bulletin:{stamp}:{c.id}", c, "bulletin", subject, text,
                             attachment if c.channel == "email" else None)
                     for c in office]  # fmt: skip
    for c in _for(channels, "department"):
        subject, text = _department_text(c.department, year, month, today)
        messages.append(
            Message(f"progress:{stamp}:{c.id}", c, "progress", subject, text)
        )
    return messages


def reminder_messages(today: date) -> list[Message]:
    """催报 to counties whose month that last ended is not in (from two days before
    its due day, and again once it is overdue), 催办 to the unit of each open item
    turning yellow, then red: each once a stage."""
    year, month = supervision.last_ended_month(today)
    due = due_date(year, month, current_settings().report_due_day)
    stage = ("after" if today > due else
             "before" if today >= due - timedelta(days=REMIND_DAYS_BEFORE) else None)  # fmt: skip
    channels = log_store.channels()
    messages = []
    if stage is not None:
        statuses = {
            r["region"]: r["status"] for r in records(queries.submissions(year, month))
        }
        waiting = [code for code, status in statuses.items()
                   if status not in (SubmissionState.SUBMITTED, SubmissionState.APPROVED)]  # fmt: skip
        period = period_label(year, month, LANG)
        for code in waiting:
            for c in _for(channels, "region", code):
                text = t(f"dlv_remind_{stage}", LANG, period=period, due=f"{due:%Y-%m-%d}",
                         link=_link("/data", year, month))  # fmt: skip
                messages.append(Message(f"remind:{year}-{month:02d}:{stage}:{c.id}", c,
                                        "remind", t("dlv_remind_subject", LANG, period=period),
                                        text))  # fmt: skip
    office = _reader("supervisor")
    for item in supervision.items_of(office, today, open_only=True):
        if item.light == Light.NONE:
            continue
        audience = "region" if item.region else "department"
        for c in _for(channels, audience, item.region or item.department):
            text = t("dlv_urge", LANG, title=item.title_in(LANG), due=f"{item.due:%Y-%m-%d}",
                     light=t(f"ilight_{item.light.value}", LANG),
                     link=f"{current_settings().public_url}/supervision/item/{item.id}")  # fmt: skip
            messages.append(Message(f"urge:{item.id}:{item.light.value}:{c.id}", c, "urge",
                                    t("dlv_urge_subject", LANG, title=item.title_in(LANG)),
                                    text))  # fmt: skip
    return messages


# ---- channels -------------------------------------------------------------------


def send_email(message: Message) -> None:
    settings = current_settings()
    if not settings.smtp_host:
        raise RuntimeError("SMTP_HOST is not set")
    mail = EmailMessage()
    mail["Subject"] = message.subject
    mail["From"] = settings.smtp_from
    mail["To"] = message.channel.address
    mail.set_content(message.text)
    attached = message.attachment() if message.attachment else None
    if attached:
        name, body = attached
        mail.add_attachment(body, maintype="application", subtype="pdf", filename=name)
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        smtp.send_message(mail)


def dingtalk_url(address: str, secret: str | None, now_ms: int) -> str:
    """A DingTalk robot's URL with its signature (加签): timestamp and the base64 of
    HMAC-SHA256 over "timestamp\\nsecret" keyed by the secret."""
    if not secret:
        return address
    digest = hmac.new(
        secret.encode(), f"{now_ms}\n{secret}".encode(), hashlib.sha256
    ).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    joiner = "&" if "?" in address else "?"
    return f"{address}{joiner}timestamp={now_ms}&sign={sign}"


def webhook_body(message: Message) -> dict:
    """The robot's JSON: WeCom's and DingTalk's markdown messages."""
    text = f"**{message.subject}**\n\n" + message.text.replace("\n", "\n\n")
    if message.channel.channel == "wecom":
        return {"msgtype": "markdown", "markdown": {"content": text}}
    return {"msgtype": "markdown", "markdown": {"title": message.subject, "text": text}}


def send_webhook(message: Message) -> None:
    channel = message.channel
    url = (dingtalk_url(channel.address, channel.secret, int(time.time() * 1000))
           if channel.channel == "dingtalk" else channel.address)  # fmt: skip
    request = urllib.request.Request(  # noqa: S310 - the office's configured robot
        url, data=json.dumps(webhook_body(message), ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json"}, method="POST")  # fmt: skip
    with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:  # noqa: S310
        reply = json.loads(answer.read() or b"{}")
    if reply.get("errcode", 0) != 0:  # both robots answer errcode 0 when they took it
        raise RuntimeError(f"errcode {reply.get('errcode')}: {reply.get('errmsg')}")


def send(message: Message) -> None:
    (send_email if message.channel.channel == "email" else send_webhook)(message)


# ---- runs -----------------------------------------------------------------------


def deliver(messages: list[Message], year: int, month: int, now: datetime,
            sender: Callable[[Message], None] = send) -> Report:  # fmt: skip
    """Send each message not sent before (the log decides), recording how it went."""
    report = Report()
    for m in messages:
        delivery_id = log_store.claim(
            m.key, m.channel.id, year, month, m.kind, m.subject, now
        )
        if delivery_id is None:
            report.skipped += 1
            continue
        try:
            sender(m)
        except Exception as error:  # noqa: BLE001 - any failure is logged and retried
            log_store.mark(delivery_id, f"{type(error).__name__}: {error}", now)
            report.failed += 1
            report.errors.append(f"{m.channel.address}: {error}")
            continue
        log_store.mark(delivery_id, None, now)
        report.sent += 1
    return report


def run(year: int | None = None, month: int | None = None, force: bool = False,
        today: date | None = None, sender: Callable[[Message], None] = send,
        pdf_of: PdfOf | None = None) -> Report:  # fmt: skip
    """The monthly job: open the month's automatic items, send the reminders due
    today, and the month's summaries once it is published (or ``force``). Safe to
    run every day: what was sent is not sent again."""
    today = today or date.today()
    now = datetime.now()
    if year is None or month is None:
        year, month = supervision.last_ended_month(today)
    supervision.open_due_items(year, month, today=today)
    published = queries.published(year, month) is not None
    report = deliver(reminder_messages(today), year, month, now, sender)
    if published or force:
        monthly = deliver(monthly_messages(year, month, today, published, pdf_of), year,
                          month, now, sender)  # fmt: skip
        report.sent += monthly.sent
        report.failed += monthly.failed
        report.skipped += monthly.skipped
        report.errors += monthly.errors
    report.published = published
    return report


def send_now(actor: Actor | None, year: int, month: int, force: bool = False,
             pdf_of: PdfOf | None = None) -> Outcome:  # fmt: skip
    """The office's "send now": the month's messages (a month not published only if
    it chooses to)."""

    def write(actor: Actor) -> Outcome:
        if not actor.is_supervisor:
            return Outcome(False, "dlv_office_only")
        published = queries.published(year, month) is not None
        if not (published or force):
            return Outcome(False, "dlv_not_published",
                           {"period": period_label(year, month, LANG)})  # fmt: skip
        report = run(year, month, force=force, pdf_of=pdf_of)
        return Outcome(report.failed == 0, "dlv_sent" if report.failed == 0 else "dlv_some_failed",
                       {"sent": report.sent, "failed": report.failed,
                        "skipped": report.skipped})  # fmt: skip

    return as_actor(actor, write)


# ---- the office's page ------------------------------------------------------------


def channels() -> list[Channel]:
    """The active channels (the office's page)."""
    return log_store.channels()


@dataclass(frozen=True)
class LogRow:
    year: int
    month: int
    kind: str
    subject: str
    state: str  # sent | failed | sending
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
    channel: str
    address: str


def log_rows(limit: int = 100) -> list[LogRow]:
    """The delivery log, newest first."""
    frame = log_store.delivery_log(limit=limit)
    return [LogRow(int(r["year"]), int(r["month"]), r["kind"], r["subject"], r["state"],
                   int(r["attempts"]), r["last_error"], r["created_at"],
                   r["sent_at"], r["channel"], r["address"])
            for r in records(frame)]  # fmt: skip


def add_channel(actor: Actor | None, audience, channel, address, secret) -> Outcome:
    """A channel for ``audience`` (``office:``, ``region:<code>``, ``department:<name>``)."""

    def write(actor: Actor) -> Outcome:
        kind, _, party = str(audience or "").partition(":")
        log_store.save_channel(actor, kind, party or None, str(channel or ""),
                               str(address or ""), str(secret or "") or None)  # fmt: skip
        return Outcome(True, "dlv_channel_saved")

    return as_actor(actor, write)
