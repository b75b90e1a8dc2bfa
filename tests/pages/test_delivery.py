"""Delivery against a real local SMTP server (aiosmtpd) and a local HTTP receiver for
the WeCom and DingTalk robots: what each recipient got (a county only its own rows),
the DingTalk signature, nothing twice on a re-run, failures retried up to a limit
and shown, nothing for an unpublished month unless the office chooses to."""

from __future__ import annotations

import base64
import email
import hashlib
import hmac
import json
import socket
import threading
import urllib.parse
from datetime import date
from email import policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import text

from data_access import delivery as log_store
from data_access.engine import get_engine
from presenters.bulletin import delivery_pdf
from services import delivery
from tests.helpers import override_setting

PUBLISHED = (2026, 8)  # the demo's published month
TODAY = date(2026, 9, 20)  # after August's publication, long before October's due day
SECRET = "SEC-demo-secret"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Mailbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


@pytest.fixture()
def smtp(monkeypatch):
    from aiosmtpd.controller import Controller

    box = _Mailbox()
    port = _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    override_setting(monkeypatch, "SMTP_HOST", "127.0.0.1")
    override_setting(monkeypatch, "SMTP_PORT", str(port))
    override_setting(monkeypatch, "SMTP_FROM", "kaohe@bayannur.example")
    override_setting(monkeypatch, "PUBLIC_URL", "https://kaohe.example")
    yield box
    controller.stop()


class _Robots(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.received.append((self.path, body))
        failing = self.server.failing
        self.send_response(500 if failing else 200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"errcode": 0, "errmsg": "ok"}')

    def log_message(self, *args):
        pass


@pytest.fixture()
def robots():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Robots)
    server.received, server.failing = [], False
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _channels(actors, robots) -> str:
    office = actors["supervisor"]
    base = f"http://127.0.0.1:{robots.server_address[1]}"
    log_store.save_channel(office, "region", "150802", "email", "linhe@example.cn")
    log_store.save_channel(office, "region", "150822", "wecom", f"{base}/wecom?key=dk")
    log_store.save_channel(office, "office", None, "email", "duchashi@example.cn")
    log_store.save_channel(office, "office", None, "dingtalk",
                           f"{base}/robot/send?access_token=tk", SECRET)  # fmt: skip
    log_store.save_channel(
        office, "department", "人社局", "wecom", f"{base}/wecom?key=rs"
    )
    return base


def _mails(box) -> dict[str, email.message.EmailMessage]:
    return {to[0]: email.message_from_bytes(content, policy=policy.default)
            for to, content in box.messages}  # fmt: skip


def test_dlv001_each_recipient_gets_its_own_message_by_its_channel(
    dash_app, actors, smtp, robots
):
    _channels(actors, robots)
    with dash_app.server.app_context():
        report = delivery.run(*PUBLISHED, today=TODAY, pdf_of=delivery_pdf)
    assert report.failed == 0 and report.published
    mails = _mails(smtp)
    assert set(mails) == {"linhe@example.cn", "duchashi@example.cn"}
    linhe = mails["linhe@example.cn"]
    text = linhe.get_body(("plain",)).get_content()
    assert "临河区" in linhe["Subject"] and "2026年8月" in linhe["Subject"]
    assert (
        "排名第" in text
        and "https://kaohe.example/county/150802?year=2026&month=8" in text
    )
    # its own rows only: no other county is named in it
    for other in (
        "磴口县",
        "五原县",
        "杭锦后旗",
        "乌拉特前旗",
        "乌拉特中旗",
        "乌拉特后旗",
    ):
        assert other not in text
    office = mails["duchashi@example.cn"]
    pdf = [
        p
        for p in office.iter_attachments()
        if p.get_content_type() == "application/pdf"
    ]
    assert len(pdf) == 1 and pdf[0].get_content().startswith(b"%PDF-")
    assert "磴口县" in office.get_body(("plain",)).get_content()  # the office sees all
    by_path = {urllib.parse.urlsplit(p).path + "?" + urllib.parse.urlsplit(p).query.split(
        "&")[0]: b for p, b in robots.received}  # fmt: skip
    dengkou = by_path["/wecom?key=dk"]
    assert (
        dengkou["msgtype"] == "markdown" and "磴口县" in dengkou["markdown"]["content"]
    )
    assert "临河区" not in dengkou["markdown"]["content"]
    department = by_path["/wecom?key=rs"]["markdown"]["content"]
    assert "人社局" in department and "牵头" in department
    signed = next(p for p, _ in robots.received if p.startswith("/robot/send"))
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(signed).query)
    stamp = query["timestamp"][0]
    expected = base64.b64encode(hmac.new(SECRET.encode(), f"{stamp}\n{SECRET}".encode(),
                                         hashlib.sha256).digest()).decode()  # fmt: skip
    assert query["sign"][0] == expected and query["access_token"] == ["tk"]


def test_dlv002_a_rerun_sends_nothing_twice(dash_app, actors, smtp, robots):
    _channels(actors, robots)
    with dash_app.server.app_context():
        first = delivery.run(*PUBLISHED, today=TODAY, pdf_of=delivery_pdf)
        mails, posts = len(smtp.messages), len(robots.received)
        again = delivery.run(*PUBLISHED, today=TODAY, pdf_of=delivery_pdf)
    assert first.sent == mails + posts == 5
    assert again.sent == 0 and again.skipped == first.sent
    assert (len(smtp.messages), len(robots.received)) == (mails, posts)


def test_dlv003_a_failed_send_is_retried_up_to_the_limit_and_shown(
    dash_app, actors, smtp, robots
):
    _channels(actors, robots)
    robots.failing = True
    with dash_app.server.app_context():
        first = delivery.run(*PUBLISHED, today=TODAY, pdf_of=delivery_pdf)
        assert first.failed == 3 and first.sent == 2  # three robots down, mail through
        assert log_store.failed_count() == 3
        for _ in range(log_store.MAX_ATTEMPTS + 1):
            delivery.run(*PUBLISHED, today=TODAY, pdf_of=delivery_pdf)
        tried = len(robots.received)
        assert tried == 3 * log_store.MAX_ATTEMPTS  # then it stops trying
        robots.failing = False
        delivery.run(*PUBLISHED, today=TODAY, pdf_of=delivery_pdf)
    assert len(robots.received) == tried
    shown = log_store.delivery_log(*PUBLISHED)
    assert set(shown[shown.state == "failed"].attempts) == {log_store.MAX_ATTEMPTS}
    assert shown[shown.state == "failed"].last_error.str.contains("500").all()


def test_dlv004_an_unpublished_month_sends_reminders_only_unless_forced(
    dash_app, actors, smtp, robots
):
    """November is not published (nor reported: the suite's data end in October):
    the run sends no summary. From two days before its due day (5 December) the
    counties are reminded (催报) once, and once more when it is overdue. (The demo's
    items are removed first: their due dates follow the day the data were made.)"""
    _channels(actors, robots)
    with get_engine().begin() as conn:
        conn.execute(text("DELETE FROM item_steps"))
        conn.execute(text("DELETE FROM supervision_items"))
    with dash_app.server.app_context():
        report = delivery.run(2026, 11, today=date(2026, 12, 4))
        assert not report.published and report.sent == 2
        mails = _mails(smtp)
        assert set(mails) == {"linhe@example.cn"}  # the county's 催报, not the office's
        assert "12-05" in mails["linhe@example.cn"].get_body(("plain",)).get_content()
        content = next(b["markdown"]["content"] for _, b in robots.received)
        assert "磴口县" not in content and "2026-12-05" in content  # its own reminder
        assert delivery.run(2026, 11, today=date(2026, 12, 4)).sent == 0
        assert delivery.run(2026, 11, today=date(2026, 12, 7)).sent == 2  # overdue
        assert (
            "已于"
            in _mails(smtp)["linhe@example.cn"].get_body(("plain",)).get_content()
        )
        refused = delivery.send_now(actors["supervisor"], 2026, 11)
        assert not refused.ok and refused.key == "dlv_not_published"
        assert not delivery.send_now(actors["linhe"], 2026, 11, force=True).ok
        forced = delivery.send_now(actors["supervisor"], 2026, 10, force=True)
    assert forced.ok and forced.values["sent"] == 5
