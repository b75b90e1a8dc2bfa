"""督查督办 in the data layer, on SQLite and PostgreSQL: who may write which
measure's progress, an item's life through the database with its steps and
attachments, hostile files and forged requests refused without writing anything,
automatic items opened once."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from data_access import supervision as store
from data_access.accounts import AccessDenied
from data_access.engine import get_engine
from data_access.models import (
    ItemAttachment,
    ItemStep,
    MeasureProgress,
    SupervisionItem,
)
from domain.model import Status

DOC = "2018-49"
RENSHE_LEADS = 4  # measure (四), led by 人社局
FAGAI_LEADS = 1  # measure (一), led by 发改委
NOW = datetime(2026, 11, 20, 9, 0)
PDF = b"%PDF-1.7\n" + b"x" * 2000


def _count(table) -> int:
    with get_engine().connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_sv001_a_department_writes_only_the_measures_it_leads(actors):
    """人社局 reports its own measure; another department's, a county's or a leader's
    attempt is refused in the data layer and writes nothing; the office may (代报);
    every entry is kept and the month's latest is its status."""
    before = _count(MeasureProgress)
    store.save_progress(actors["renshe"], DOC, RENSHE_LEADS, 2026, 11, "in_progress",
                        "召开推进会", NOW)  # fmt: skip
    for name in ("fagai", "linhe", "leader", "admin"):
        with pytest.raises(AccessDenied):
            store.save_progress(actors[name], DOC, RENSHE_LEADS, 2026, 11, "done", "",
                                NOW)  # fmt: skip
    with pytest.raises(AccessDenied):
        store.save_progress(
            actors["renshe"], DOC, FAGAI_LEADS, 2026, 11, "done", "", NOW
        )
    store.save_progress(actors["supervisor"], DOC, RENSHE_LEADS, 2026, 11, "lagging",
                        "资金未到位", NOW + timedelta(hours=1))  # fmt: skip
    assert _count(MeasureProgress) == before + 2
    latest = store.latest_progress(2026, 11)
    row = latest[(latest.document == DOC) & (latest.number == RENSHE_LEADS)].iloc[0]
    assert (row.status, row.note, int(row.month)) == ("lagging", "资金未到位", 11)
    history = store.progress_history(2026)
    mine = history[(history.document == DOC) & (history.number == RENSHE_LEADS)]
    assert mine.status.tolist()[:2] == ["lagging", "in_progress"]  # newest first


@pytest.mark.parametrize(("status", "note", "key"), [
    ("lagging", "", "item_text_needed"),  # lagging must say why
    ("finished", "ok", "progress_bad_status"),
    ("done", "a\x00b", "item_bad_text"),
    ("done", "\u202egnp.exe", "item_bad_text"),
    ("done", "长" * 501, "item_text_long"),
])  # fmt: skip
def test_sv002_bad_progress_is_refused_with_its_reason(actors, status, note, key):
    before = _count(MeasureProgress)
    with pytest.raises(store.SupervisionRefused) as refused:
        store.save_progress(actors["renshe"], DOC, RENSHE_LEADS, 2026, 11, status, note)
    assert refused.value.key == key
    assert _count(MeasureProgress) == before


def _open_for_renshe(actors) -> int:
    return store.open_item(actors["supervisor"], "孵化基地认定", "报送认定名单",
                           date(2026, 12, 31), department="人社局", now=NOW)  # fmt: skip


def test_sv003_an_item_goes_through_its_steps_with_who_when_and_files(actors):
    item = _open_for_renshe(actors)
    renshe, office = actors["renshe"], actors["supervisor"]
    assert store.take_step(renshe, item, "sign", now=NOW) == "signed"
    assert store.take_step(renshe, item, "start", now=NOW) == "in_progress"
    assert store.take_step(office, item, "urge", "请加快", now=NOW) == "in_progress"
    files = [store.NewAttachment("认定名单.pdf", PDF)]
    assert (
        store.take_step(renshe, item, "report", "已认定6家", files, now=NOW)
        == "reported"
    )
    assert store.take_step(office, item, "review", now=NOW) == "reviewing"
    with pytest.raises(store.SupervisionRefused) as refused:
        store.take_step(office, item, "return", "", now=NOW)  # a return says why
    assert refused.value.key == "item_note_needed"
    assert (
        store.take_step(office, item, "return", "名单缺盖章", now=NOW) == "in_progress"
    )
    assert store.take_step(renshe, item, "report", "已补盖章", now=NOW) == "reported"
    store.take_step(office, item, "review", now=NOW)
    assert store.take_step(office, item, "close", "材料齐全", now=NOW) == "closed"
    row, steps, attached = store.item_detail(office, item)
    assert (row["state"], row["closure"]) == ("closed", "with_reason")
    assert steps.action.tolist() == ["open", "sign", "start", "urge", "report", "review",
                                     "return", "report", "review", "close"]  # fmt: skip
    assert steps.by_name.tolist()[1] == renshe.display_name
    assert attached.filename.tolist() == ["认定名单.pdf"]
    name, kind, content = store.attachment(renshe, int(attached.id.iloc[0]))
    assert (name, kind, content) == ("认定名单.pdf", "application/pdf", PDF)


def test_sv004_forged_steps_and_reads_of_others_items_are_refused(actors):
    """A county or another department acting on, reading, or downloading from 人社局's
    item; the responsible unit taking the office's step; nothing is written."""
    item = _open_for_renshe(actors)
    store.take_step(actors["renshe"], item, "sign", now=NOW)
    store.take_step(actors["renshe"], item, "start", now=NOW)
    store.take_step(actors["renshe"], item, "report", "见附件",
                    [store.NewAttachment("a.pdf", PDF)], now=NOW)  # fmt: skip
    steps = _count(ItemStep)
    _, _, attached = store.item_detail(actors["supervisor"], item)
    for name in ("linhe", "fagai", "admin"):
        with pytest.raises(AccessDenied):
            store.take_step(actors[name], item, "review", now=NOW)
        with pytest.raises(AccessDenied):
            store.item_detail(actors[name], item)
        with pytest.raises(AccessDenied):
            store.attachment(actors[name], int(attached.id.iloc[0]))
    with pytest.raises(store.SupervisionRefused) as refused:
        store.take_step(actors["renshe"], item, "close", "自己办结", now=NOW)
    assert refused.value.key == "item_not_yours"
    with pytest.raises(AccessDenied):
        store.open_item(actors["linhe"], "x", "y", date(2026, 12, 31), region="150822",
                        now=NOW)  # fmt: skip
    assert _count(ItemStep) == steps
    with get_engine().connect() as conn:
        assert conn.execute(select(SupervisionItem.state)
                            .where(SupervisionItem.id == item)).scalar() == "reported"  # fmt: skip


@pytest.mark.parametrize(("files", "key"), [
    ([store.NewAttachment("报告.pdf", b"MZ\x90\x00" + b"x" * 100)], "item_file_content"),
    ([store.NewAttachment("run.exe", b"MZ\x90")], "item_file_type"),
    ([store.NewAttachment(f"{i}.pdf", PDF) for i in range(3)], "item_file_count"),
    ([store.NewAttachment("big.pdf", b"%PDF-" + b"0" * (2 * 1024 * 1024))], "item_file_size"),
])  # fmt: skip
def test_sv005_hostile_attachments_refuse_the_whole_step(actors, files, key):
    item = _open_for_renshe(actors)
    store.take_step(actors["renshe"], item, "sign", now=NOW)
    store.take_step(actors["renshe"], item, "start", now=NOW)
    steps, attached = _count(ItemStep), _count(ItemAttachment)
    with pytest.raises(store.SupervisionRefused) as refused:
        store.take_step(actors["renshe"], item, "report", "见附件", files, now=NOW)
    assert refused.value.key == key
    assert (_count(ItemStep), _count(ItemAttachment)) == (steps, attached)


def test_sv006_each_sees_only_its_own_items(actors):
    _open_for_renshe(actors)
    seen = {
        name: store.visible_items(actors[name])
        for name in (
            "supervisor",
            "leader",
            "linhe",
            "dengkou",
            "renshe",
            "fagai",
            "admin",
        )
    }
    assert len(seen["supervisor"]) == len(seen["leader"]) >= 4
    assert set(seen["linhe"].region) == {"150802"}
    assert set(seen["dengkou"].region) == {"150822"}
    assert set(seen["renshe"].department) == {"人社局"}
    assert seen["fagai"].empty and seen["admin"].empty


def _automatic(indicator="urban_new_jobs", trigger="alert") -> store.AutomaticItem:
    return store.AutomaticItem("150802", indicator, 2026, 10, trigger, 9, "临河区预警",
                               "请整改", date(2026, 12, 20), 12.5, "alert")  # fmt: skip


def test_sv007_an_automatic_item_opens_once_and_closes_as_rectified_only_on_track(
    actors,
):
    assert store.open_automatic([_automatic(), _automatic()], NOW) == 1
    assert store.open_automatic([_automatic()], NOW) == 0  # a re-run opens nothing
    items = store.visible_items(actors["linhe"])
    item = int(items[items.trigger == "alert"].id.iloc[0])
    linhe, office = actors["linhe"], actors["supervisor"]
    for action in ("sign", "start"):
        store.take_step(linhe, item, action, now=NOW)
    store.take_step(linhe, item, "report", "已整改", now=NOW)
    store.take_step(office, item, "review", now=NOW)
    with pytest.raises(store.SupervisionRefused) as refused:
        store.take_step(office, item, "close", "", status_now=Status.LAGGING, now=NOW)
    assert refused.value.key == "item_not_rectified"
    assert store.take_step(office, item, "close", "", status_now=Status.ON_TRACK,
                           now=NOW) == "closed"  # fmt: skip
    row, _, _ = store.item_detail(office, item)
    assert row["closure"] == "rectified" and row["opened_gap"] == 12.5
