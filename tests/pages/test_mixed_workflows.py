"""Workflows mixed as users mix them: typed and uploaded changes in one history.

Defect found by the outside probe: once a county's history held a grid row (no file
hash: NULL, read by pandas as NaN) and an uploaded row, the 数据报送 page's main
callback failed for every visitor of that county and for the supervisory office.
"""

from __future__ import annotations

import base64

import pandas as pd
import pytest

from data_access.rows import record, records
from tests.helpers import answer_text, login, post_callback

PERIOD = {
    "shell-year.value": "2026",
    "shell-month.value": "10",
    "shell-lang.value": "zh",
}
PAGE_OUTPUTS = ("data-history.children", "data-status.children", "data-grid.rowData")


def _csv(text: str) -> str:
    return "data:text/csv;base64," + base64.b64encode(text.encode("utf-8")).decode()


def _page(client, app, month="10", region=None):
    values = {**PERIOD, "shell-month.value": month, "data-changed.data": 1,
              "data-history-indicator.value": "__all__",
              "data-review-region.value": region}  # fmt: skip
    return post_callback(client, app, "data-history.children", values)


def test_rel101_grid_then_upload_keeps_the_data_page_working(
    client, dash_app, fresh_db
):
    """linhe saves a grid value, then uploads a CSV changing the same indicator; the
    page renders for linhe (any month) and for the supervisory office, and the
    history shows both sources, the upload with its file hash."""
    login(client, "linhe")
    saved = post_callback(
        client, dash_app, "data-save-message.children",
        {**PERIOD, "data-grid.rowData": [{"code": "urban_new_jobs", "value": 3100}],
         "data-changed.data": 0}, ["data-save.n_clicks"],
    )  # fmt: skip
    assert saved.status_code == 200 and "已保存" in answer_text(saved)
    csv = "旗县区代码,指标代码,年份,月份,数值\n150802,urban_new_jobs,2026,10,3150\n"
    confirmed = post_callback(
        client, dash_app, "data-import-message.children",
        {**PERIOD, "data-upload.contents": _csv(csv), "data-upload.filename": "l.csv",
         "data-changed.data": 1}, ["data-confirm.n_clicks"],
    )  # fmt: skip
    assert "导入" in answer_text(confirmed), answer_text(confirmed)
    for month in ("10", "9", "1"):
        page = _page(client, dash_app, month)
        assert page.status_code == 200, page.get_data(as_text=True)[:500]
        body = answer_text(page)
        if month == "10":
            assert (
                "在线填报" in body
                and "上传" in body
                and "3,150" in body
                and "3,150.00" not in body
            )
    office = dash_app.server.test_client()
    login(office, "supervisor")
    for region in ("150802", "150822"):
        page = _page(office, dash_app, region=region)
        assert page.status_code == 200, page.get_data(as_text=True)[:500]
        assert "data-history" in page.get_data(as_text=True)


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NaT, pd.NA])
def test_rel102_records_hand_every_missing_value_over_as_none(missing):
    """A frame read from SQL with NULLs becomes rows whose missing cells are None
    (never NaN, which is truthy and is not None)."""
    frame = pd.DataFrame(
        {"sha": ["abc", None], "value": [1.5, None], "at": [pd.Timestamp(0), None]}
    )
    frame.loc[1, "value"] = missing if missing is not pd.NaT else None
    rows = records(frame)
    assert rows[1] == {"sha": None, "value": None, "at": None}
    assert rows[0]["sha"] == "abc" and rows[0]["value"] == 1.5
    assert type(rows[0]["value"]) is float
    assert record(frame.iloc[1]) == rows[1]
