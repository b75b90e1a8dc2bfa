"""Publishing is deliberate (the probe: a month published without a confirmation,
never withdrawn, "published by supervisor"): the office confirms, the record names
the office, a withdrawal needs a reason and the month can be published again, and
the bulletin issued at publishing is the same bytes on every later download."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from data_access.engine import get_engine
from data_access.models import IssuedBulletin
from tests.helpers import answer_text, login, post_callback

PERIOD = {"shell-year.value": "2026", "shell-month.value": "10",
          "shell-lang.value": "zh", "rankings-refresh.data": 0}  # fmt: skip
OCT = "year=2026&month=10"


def _press(client, app, button: str, **values):
    return post_callback(client, app, "rankings-publish-message.children",
                         {**PERIOD, **values}, [f"{button}.n_clicks"])  # fmt: skip


def test_pub001_publish_asks_first_then_names_the_office(client, dash_app, fresh_db):
    login(client, "supervisor")
    status = answer_text(post_callback(client, dash_app, "rankings-publish-status.children",
                                       PERIOD))  # fmt: skip
    assert '"rankings-open": {"style": {}}' in status  # the office may publish
    opened = post_callback(client, dash_app, "rankings-publish-modal.is_open", PERIOD,
                           ["rankings-open.n_clicks"])  # fmt: skip
    assert opened.get_json()["response"]["rankings-publish-modal"]["is_open"] is True
    assert "已发布2026年10月排名" in answer_text(
        _press(client, dash_app, "rankings-publish")
    )
    status = answer_text(post_callback(client, dash_app, "rankings-publish-status.children",
                                       PERIOD))  # fmt: skip
    assert "由市政府督查室发布" in status and "supervisor" not in status
    assert '"rankings-withdraw-open": {"style": {}}' in status


def test_pub002_withdraw_needs_a_reason_then_the_month_can_be_published_again(
    client, dash_app, fresh_db
):
    login(client, "supervisor")
    _press(client, dash_app, "rankings-publish")
    refused = answer_text(_press(client, dash_app, "rankings-withdraw",
                                 **{"rankings-withdraw-reason.value": "  "}))  # fmt: skip
    assert "撤回发布须填写原因" in refused
    done = answer_text(_press(client, dash_app, "rankings-withdraw",
                              **{"rankings-withdraw-reason.value": "磴口县数据有误"}))  # fmt: skip
    assert "已撤回" in done
    status = answer_text(post_callback(client, dash_app, "rankings-publish-status.children",
                                       PERIOD))  # fmt: skip
    assert "本期排名尚未发布" in status and "撤回，原因：磴口县数据有误" in status
    assert "已发布2026年10月排名" in answer_text(
        _press(client, dash_app, "rankings-publish")
    )
    anyone = dash_app.server.test_client()
    status = answer_text(post_callback(anyone, dash_app, "rankings-publish-status.children",
                                       PERIOD))  # fmt: skip
    assert "由市政府督查室发布" in status and "磴口县数据有误" in status
    assert '"rankings-open": {"style": {"display": "none"}}' in status


def test_pub003_a_county_or_a_leader_cannot_publish_or_withdraw(
    client, dash_app, fresh_db
):
    for user in ("linhe", "leader"):
        reader = dash_app.server.test_client()
        login(reader, user)
        assert "已发布" not in answer_text(_press(reader, dash_app, "rankings-publish"))


def test_pub004_the_issued_bulletin_is_the_same_bytes_on_every_download(
    client, dash_app, fresh_db
):
    """The bulletin drawn at publishing is kept with its SHA-256: a later approved
    correction changes the live view, not the issued file."""
    login(client, "supervisor")
    _press(client, dash_app, "rankings-publish")
    with get_engine().connect() as conn:
        kept = dict(
            conn.execute(select(IssuedBulletin.fmt, IssuedBulletin.sha256)).all()
        )
    assert set(kept) == {"pdf", "docx"}
    first = {fmt: client.get(f"/export/bulletin.{fmt}?{OCT}").data for fmt in kept}
    assert {f: hashlib.sha256(b).hexdigest() for f, b in first.items()} == kept
    county = dash_app.server.test_client()
    login(county, "dengkou")
    post_callback(county, dash_app, "data-save-message.children",
                  {**PERIOD, "data-grid.rowData": [{"code": "urban_new_jobs", "value": 600}],
                   "data-changed.data": 0}, ["data-save.n_clicks"])  # fmt: skip
    later = {fmt: dash_app.server.test_client().get(f"/export/bulletin.{fmt}?{OCT}").data
             for fmt in kept}  # fmt: skip
    assert later == first


def _docx_text(body: bytes) -> str:
    from io import BytesIO

    from docx import Document

    return "\n".join(p.text for p in Document(BytesIO(body)).paragraphs)


def test_pub005_the_bulletin_names_the_months_state_and_the_publishing_reason(
    client, dash_app, fresh_db
):
    """Before publishing the bulletin says 本月状态：已审定; published with a county
    missing (a correction under way), the issued file says 已发布 and prints the
    reason, as the ranking page does."""
    before = _docx_text(client.get(f"/export/bulletin.docx?{OCT}").data)
    assert "本月状态：已审定" in before and "发布说明" not in before
    county = dash_app.server.test_client()
    login(county, "dengkou")
    post_callback(county, dash_app, "data-save-message.children",
                  {**PERIOD, "data-grid.rowData": [{"code": "urban_new_jobs", "value": 600}],
                   "data-changed.data": 0}, ["data-save.n_clicks"])  # fmt: skip
    login(client, "supervisor")
    refused = answer_text(_press(client, dash_app, "rankings-publish"))
    assert "磴口县" in refused and "已发布2026年10月" not in refused
    why = "磴口县更正待审，其余旗县区按期通报"
    done = answer_text(_press(client, dash_app, "rankings-publish",
                              **{"rankings-publish-reason.value": why}))  # fmt: skip
    assert "已发布2026年10月排名" in done
    issued = _docx_text(client.get(f"/export/bulletin.docx?{OCT}").data)
    assert "本月状态：已发布" in issued and f"发布说明：{why}" in issued
