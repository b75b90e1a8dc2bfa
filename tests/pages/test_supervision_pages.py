"""督查督办 through the pages' callbacks, as a browser (or a forger) posts them to
``/_dash-update-component``: a department's progress, the office's 交办, an item's
steps with an attachment, the notices, the attachment download, the delivery page;
each refused to whoever may not, with nothing written."""

from __future__ import annotations

import re

from sqlalchemy import func, select, text

from data_access.engine import get_engine
from data_access.models import (
    DeliveryChannel,
    ItemAttachment,
    ItemStep,
    MeasureProgress,
    SupervisionItem,
)
from tests.helpers import (
    answer_text,
    item_action,
    linhe_corrects_october,
    login,
    office_approves,
    post_callback,
    progress_post,
    render_page,
)

QUERY = {"year": 2026, "month": 10, "lang": "zh", "submitted": False}
PDF = b"%PDF-1.7\n" + b"0" * 3000


def _count(table) -> int:
    with get_engine().connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_sp001_a_department_saves_its_progress_and_a_county_cannot(
    dash_app, fresh_db, client
):
    before = _count(MeasureProgress)
    login(client, "linhe")
    refused = progress_post(client, "2018-49:4", "done", "伪造", QUERY)
    assert refused.status_code == 200 and "牵头部门" in answer_text(refused)
    assert _count(MeasureProgress) == before
    client.get("/logout")
    renshe = dash_app.server.test_client()
    login(renshe, "renshe")
    saved = progress_post(
        renshe, "2018-49:4", "lagging", "", QUERY
    )  # lagging without a note
    assert "请填写" in answer_text(saved) and _count(MeasureProgress) == before
    saved = progress_post(renshe, "2018-49:4", "lagging", "资金未到位", QUERY)
    assert "进展已保存" in answer_text(saved) and "滞后" in answer_text(saved)
    assert _count(MeasureProgress) == before + 1
    other = progress_post(renshe, "2018-49:1", "done", "", QUERY)  # 发改委's measure
    assert "牵头部门" in answer_text(other) and _count(MeasureProgress) == before + 1
    forged = progress_post(renshe, "2018-49:abc", "done", "", QUERY)
    assert forged.status_code == 200 and _count(MeasureProgress) == before + 1


def _assign(client, app, **fields):
    values = {"sup-new-title.value": "核查培训补贴发放", "sup-new-party.value": "region:150822",
              "sup-new-due.value": "2099-12-31", "sup-new-expected.value": "报送核查报告",
              "nav_supervision-query.data": QUERY, "sup-changed.data": 0} | fields  # fmt: skip
    return post_callback(
        client, app, "sup-message.children", values, ["sup-assign.n_clicks"]
    )


def test_sp002_only_the_office_assigns_an_item(dash_app, fresh_db, client):
    before = _count(SupervisionItem)
    login(client, "dengkou")
    assert "只有督查室" in answer_text(_assign(client, dash_app))
    assert _count(SupervisionItem) == before
    office = dash_app.server.test_client()
    login(office, "supervisor")
    assert "已交办" in answer_text(_assign(office, dash_app))
    assert "请选择一个责任单位" in answer_text(_assign(office, dash_app,
                                                          **{"sup-new-party.value": "x:y"}))  # fmt: skip
    assert _count(SupervisionItem) == before + 1


def _renshe_item() -> int:
    with get_engine().connect() as conn:
        return conn.execute(select(SupervisionItem.id)
                            .where(SupervisionItem.department_id.is_not(None))).scalar()  # fmt: skip


def test_sp003_an_item_page_takes_the_readers_steps_and_refuses_others(
    dash_app, fresh_db, client
):
    """The demo's 人社局 item waits for the office's review: 人社局 cannot review it,
    a county cannot even see it; the office reviews, returns with a reason, 人社局
    reports again with an attachment, which only those who may see the item fetch."""
    item = _renshe_item()
    steps = _count(ItemStep)
    county = dash_app.server.test_client()
    login(county, "linhe")
    assert "不是您单位" in answer_text(item_action(county, item, "review", QUERY))
    seen = post_callback(county, dash_app, "item-detail.children",
                         {"item-id.data": str(item),
                          "nav_supervision-supervision_item-query.data": QUERY})  # fmt: skip
    assert "不是您单位" in answer_text(seen) and "孵化基地" not in answer_text(seen)
    renshe = dash_app.server.test_client()
    login(renshe, "renshe")
    assert "不由您办理" in answer_text(item_action(renshe, item, "review", QUERY))
    assert _count(ItemStep) == steps
    office = dash_app.server.test_client()
    login(office, "supervisor")
    assert "复核中" in answer_text(item_action(office, item, "review", QUERY))
    assert "请填写说明" in answer_text(item_action(office, item, "return", QUERY))
    assert "办理中" in answer_text(
        item_action(office, item, "return", QUERY, "名单缺盖章")
    )
    fake = item_action(
        renshe, item, "report", QUERY, "见附件", [("名单.pdf", b"MZ\x90" + b"0" * 10)]
    )
    assert "内容与文件类型不符" in answer_text(fake) and _count(ItemAttachment) == 0
    done = item_action(renshe, item, "report", QUERY, "已补盖章", [("名单.pdf", PDF)])
    assert "已反馈" in answer_text(done)
    with get_engine().connect() as conn:
        file_id = conn.execute(select(ItemAttachment.id)).scalar()
    got = renshe.get(f"/supervision/attachment/{file_id}")
    assert got.status_code == 200 and got.data == PDF
    assert "attachment" in got.headers["Content-Disposition"]
    assert county.get(f"/supervision/attachment/{file_id}").status_code == 403
    assert dash_app.server.test_client().get(
        f"/supervision/attachment/{file_id}").status_code == 401  # fmt: skip
    assert office.get("/supervision/attachment/999999").status_code == 404


def test_sp004_each_role_sees_what_awaits_it(dash_app, fresh_db, client):
    """The badge counts and the 待办 page lists: the office the reported item to
    review; 磴口县 its overdue item to sign for; 人社局 its measures without the
    month's progress; a leader nothing."""
    lines = {}
    for name in ("supervisor", "dengkou", "renshe", "leader"):
        user = dash_app.server.test_client()
        login(user, name)
        answer = post_callback(user, dash_app, "notices-list.children",
                               {"nav_notices-notices-query.data": QUERY})  # fmt: skip
        lines[name] = answer_text(answer)
    assert "待复核" in lines["supervisor"]
    assert "待签收" in lines["dengkou"]
    assert "尚未填报" in lines["renshe"]
    assert "暂无待办" in lines["leader"]
    login(client, "dengkou")
    page = answer_text(render_page(client, "/"))
    assert "待办" in page and "/notices" in page


def test_sp005_a_county_cannot_add_a_channel_or_send(dash_app, fresh_db, client):
    values = {"dlv-audience.value": "region:150802", "dlv-channel.value": "email",
              "dlv-address.value": "x@example.cn",
              "nav_supervision-delivery-query.data": QUERY}  # fmt: skip
    login(client, "linhe")
    for button in ("dlv-add.n_clicks", "dlv-send.n_clicks"):
        refused = post_callback(
            client, dash_app, "dlv-message.children", values, [button]
        )
        assert "只有督查室" in answer_text(refused)
    assert _count(DeliveryChannel) == 0
    office = dash_app.server.test_client()
    login(office, "supervisor")
    bad = post_callback(office, dash_app, "dlv-message.children",
                        values | {"dlv-address.value": "not an address"}, ["dlv-add.n_clicks"])  # fmt: skip
    assert "不是有效的邮箱" in answer_text(bad) and _count(DeliveryChannel) == 0
    ok = post_callback(
        office, dash_app, "dlv-message.children", values, ["dlv-add.n_clicks"]
    )
    assert "已添加" in answer_text(ok) and _count(DeliveryChannel) == 1


def _create(client, app, role, department, username="kejiju"):
    return post_callback(client, app, "admin-create-message.children",
                         {"admin-username.value": username, "admin-display-name.value": "市科技局",
                          "admin-role.value": role, "admin-county.value": "150802",
                          "admin-department.value": department,
                          "nav_admin-query.data": QUERY, "admin-refresh.data": 0},
                         ["admin-create.n_clicks"])  # fmt: skip


def test_sp006_an_admin_creates_a_department_account_for_one_department(
    dash_app, fresh_db, client
):
    """The account has its department (it acts for that one only); a department
    that does not exist is refused with its name."""
    login(client, "admin")
    assert "没有名为" in answer_text(
        _create(client, dash_app, "department", "不存在局")
    )
    created = answer_text(_create(client, dash_app, "department", "科技局"))
    password = re.search(r"临时密码：(\S+) ", created)
    assert "kejiju" in created and password, created
    from data_access.accounts import authenticate

    actor = authenticate("kejiju", password.group(1), "127.0.0.1")
    assert actor.role == "department" and actor.department == "科技局"
    assert actor.may_act_for_department("科技局")
    assert not actor.may_act_for_department("人社局") and not actor.may_write_region(
        "150802"
    )


def _automatic(region: str) -> int:
    with get_engine().connect() as conn:
        return conn.execute(text(
            "SELECT count(*) FROM supervision_items i JOIN regions r ON r.id = i.region_id"
            " WHERE r.code = :r AND i.trigger IS NOT NULL"), {"r": region}).scalar()  # fmt: skip


def _rule(client, app, on_alert, months, days):
    return post_callback(client, app, "sup-rule-message.children",
                         {"sup-rule-alert.value": on_alert, "sup-rule-months.value": months,
                          "sup-rule-days.value": days, "nav_supervision-query.data": QUERY},
                         ["sup-rule-save.n_clicks"])  # fmt: skip


def test_sp007_an_approval_opens_the_items_the_offices_rule_asks_for(
    dash_app, fresh_db, client
):
    """With the rule off an approval opens nothing; the office turns it on (a county
    may not), and the next approval of 临河区's October opens its items: each
    indicator 预警 or 滞后 for two months running, once."""
    values = {
        "shell-year.value": "2026",
        "shell-month.value": "10",
        "shell-lang.value": "zh",
    }
    office = dash_app.server.test_client()
    login(office, "supervisor")
    assert "规则已保存" in answer_text(_rule(office, dash_app, False, 0, 15))
    linhe_corrects_october(dash_app, values)
    office_approves(office, dash_app, values)
    assert _automatic("150802") == 0
    login(client, "linhe")
    assert "只有督查室" in answer_text(_rule(client, dash_app, True, 2, 10))
    assert "0到12" in answer_text(_rule(office, dash_app, True, 40, 10))
    assert "规则已保存" in answer_text(_rule(office, dash_app, True, 2, 10))
    linhe_corrects_october(dash_app, values, jobs=3300)
    office_approves(office, dash_app, values)
    opened = _automatic("150802")
    assert opened > 0 and _automatic("150822") == 0  # only the approved county's
    with dash_app.server.app_context():
        from services.supervision import open_due_items

        assert open_due_items(2026, 10) >= 0
        assert open_due_items(2026, 10, ["150802"]) == 0  # a re-run opens nothing more
    assert _automatic("150802") == opened
    with get_engine().connect() as conn:
        due = conn.execute(text("SELECT min(due), max(due) FROM supervision_items"
                                " WHERE trigger IS NOT NULL")).one()  # fmt: skip
    assert str(due[0])[:10] == str(due[1])[:10]  # due ten days after opening, all alike
