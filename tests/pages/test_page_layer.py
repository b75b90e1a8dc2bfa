"""The page layer's contracts: writes answer in the reader's language, typed rows
never carry NaN, and a county without a grade renders."""

from __future__ import annotations

import base64

import numpy as np
import pandas as pd

from components.tables import score_list
from services.records import score_rows
from tests.helpers import answer_text, login, post_callback

EN = {"shell-year.value": "2026", "shell-month.value": "10", "shell-lang.value": "en"}


def test_page001_refusals_and_problems_show_in_english(client, dash_app, fresh_db):
    """With lang=en a refused write, a refused import and a login prompt are English."""
    anonymous = post_callback(client, dash_app, "rankings-publish-message.children",
                              {**EN, "rankings-refresh.data": 0},
                              ["rankings-publish.n_clicks"])  # fmt: skip
    assert "Sign in" in answer_text(anonymous)
    login(client, "dengkou")
    refused = post_callback(
        client, dash_app, "data-review-message.children",
        {**EN, "data-review-region.value": "150802", "data-changed.data": 0},
        ["data-approve.n_clicks"],
    )  # fmt: skip
    text = answer_text(refused)
    assert "Only the supervisory office can approve or return" in text
    assert "只有督查室" not in text
    csv = "旗县区,指标,年份,月份,数值\n火星县,城镇新增就业人数,2026,10,5\n"
    contents = "data:text/csv;base64," + base64.b64encode(csv.encode()).decode()
    preview = post_callback(
        client, dash_app, "data-preview.children",
        {**EN, "data-upload.contents": contents, "data-upload.filename": "x.csv"},
        ["data-upload.contents"],
    )  # fmt: skip
    assert "row 2, column “County”: Unknown county “火星县”" in answer_text(preview)


def test_page002_a_county_without_a_grade_renders():
    """Rows from a frame with NaN (pandas 3 reads a missing grade so) become None; the
    score list shows a dash instead of failing on t("grade_nan")."""
    frame = pd.DataFrame({
        "region": ["150802", "150822"], "name_zh": ["临河区", "磴口县"],
        "name_en": ["Linhe", "Dengkou"], "total": [91.5, np.nan],
        "grade": ["excellent", np.nan], "rank": [1, np.nan], "tied": [False, False],
        "near_tie": [False, False], "change": [0, np.nan],
    })  # fmt: skip
    rows = score_rows(frame)
    assert rows[1].grade is None and rows[1].total is None and rows[1].rank is None
    assert rows[0].rank == 1 and isinstance(rows[0].rank, int)
    table = str(score_list(rows, "zh", "?year=2026&month=10").to_plotly_json())
    assert "优秀" in table and "—" in table
