"""The dashboard's tables by name, as rows and columns ready for XLSX and CSV."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from data_access import queries
from data_access.rows import records
from i18n import fmt_change, t
from services.assessment import PeriodView
from services.exports import Column

GRADES = {"excellent": "优秀", "good": "良好", "pass": "合格", "fail": "不合格"}
STATUS = {
    "on_track": "✓ 达标",
    "lagging": "◔ 滞后",
    "alert": "✕ 预警",
    "no_data": "？ 未报送",
    "not_assessed": "– 不考核",
}


@dataclass(frozen=True)
class TableExport:
    title: str
    columns: list[Column]
    rows: list[dict]


def rankings_table(view: PeriodView, **_params) -> TableExport:
    """Rank, county, total, grade, change, then each indicator's points and status."""
    columns = [
        Column("rank", "排名", number_format="0", width=7),
        Column("tie", "并列", width=6),
        Column("name", "旗县区", width=12),
        Column("code", "行政区划代码", width=12),
        Column("total", "综合得分", "分", "0.00", 10),
        Column("grade", "等次", width=8),
        Column("change", "较上月", width=8),
    ]
    for ind in records(view.indicators):
        columns.append(Column(f"p_{ind['code']}", ind["name_zh"], "分", "0.00", 14))
        columns.append(Column(f"s_{ind['code']}", f"{ind['name_zh']}状态", width=10))
    results = view.results
    rows = []
    for row in records(view.scores):
        mine = results[results.region == row["region"]]
        out = {
            "rank": None if row["rank"] is None else int(row["rank"]),
            "tie": "并列" if row["tied"] else ("≈" if row["near_tie"] else ""),
            "name": row["name_zh"],
            "code": row["region"],
            "total": row["total"],
            "grade": GRADES.get(row["grade"], ""),
            "change": fmt_change(row["change"]),
        }
        for r in records(mine):
            out[f"p_{r['code']}"] = r["points"]
            out[f"s_{r['code']}"] = STATUS[r["status"]]
        rows.append(out)
    return TableExport(f"旗县区排名（{view.year}年{view.month}月）", columns, rows)


def results_table(
    view: PeriodView,
    region: str | None = None,
    indicator: str | None = None,
    **_params,
) -> TableExport:
    """Every indicator of every county (or one): actual, target, completion, status."""
    columns = [
        Column("region_zh", "旗县区", width=12),
        Column("name_zh", "指标", width=26),
        Column("unit_zh", "单位", width=8),
        Column("actual", "实际", number_format="#,##0.##", width=12),
        Column("target", "目标/控制线", number_format="#,##0.##", width=12),
        Column("completion_pct", "完成率", "%", "0.0", 10),
        Column("progress_pct", "序时进度", "%", "0.0", 10),
        Column("gap_points", "与序时进度差", "百分点", "0.0", 12),
        Column("status_text", "状态", width=10),
        Column("points", "得分", "分", "0.00", 8),
        Column("max_points", "满分", "分", "0.00", 8),
        Column("lead_zh", "牵头单位", width=10),
    ]
    frame = view.results
    frame = frame[frame.region == region] if region else frame
    frame = frame[frame.code == indicator] if indicator else frame
    rows = []
    for r in records(frame):
        r = dict(r)
        r["completion_pct"] = None if r["completion"] is None else r["completion"] * 100
        r["progress_pct"] = None if r["progress"] is None else r["progress"] * 100
        r["status_text"] = STATUS[r["status"]]
        rows.append(r)
    name = f"{rows[0]['region_zh']}" if region and rows else "各旗县区"
    if indicator and rows:
        name += rows[0]["name_zh"]
    return TableExport(
        f"{name}指标完成情况（{view.year}年{view.month}月）", columns, rows
    )


def measures_table(view: PeriodView | None = None, **_params) -> TableExport:
    """The policy measures with their lead and co-responsible departments."""
    roles = queries.measure_departments()
    rows = []
    for m in records(queries.measures()):
        mine = roles[roles.number == m["number"]]
        rows.append({
            "label": m["label"], "title": m["title"],
            "section": f"{m['section']}. {m['section_title']}",
            "lead": "、".join(mine[mine.role == "lead"].department_zh),
            "co": "、".join(mine[mine.role == "co"].department_zh),
        })  # fmt: skip
    columns = [
        Column("label", "序号", width=8),
        Column("section", "部分", width=30),
        Column("title", "任务", width=34),
        Column("lead", t("lead_department", "zh"), width=14),
        Column("co", "配合单位", width=60),
    ]
    return TableExport("巴政发〔2018〕49号任务分工", columns, rows)


def targets_table(view: PeriodView, **_params) -> TableExport:
    """The year's targets: indicators × regions."""
    values = queries.targets(view.year)
    table = values.pivot(index="indicator", columns="region", values="value")
    regions = records(view.regions)
    columns = [Column("name", "指标", width=26), Column("unit", "单位", width=8)] + [
        Column(r["code"], r["name_zh"], number_format="#,##0.##", width=12)
        for r in regions
    ]
    rows = []
    for ind in records(view.indicators):
        row = {"name": ind["name_zh"], "unit": ind["unit_zh"]}
        for r in regions:
            present = ind["code"] in table.index and r["code"] in table.columns
            row[r["code"]] = table.at[ind["code"], r["code"]] if present else None
        rows.append(row)
    return TableExport(f"{view.year}年度目标", columns, rows)


def history_table(
    view: PeriodView,
    region: str | None = None,
    indicator: str | None = None,
    **_params,
) -> TableExport:
    """A county's change history (who, when, old, new, source, file hash), of one
    indicator when ``indicator`` is given."""
    region = region or view.counties[0]
    frame = queries.report_history(region, indicator, limit=10_000)
    name = view.regions.set_index("code").name_zh[region]
    columns = [
        Column("changed_at", "时间", width=18),
        Column("changed_by", "操作人", width=12),
        Column("name_zh", "指标", width=26),
        Column("period", "年月", width=10),
        Column("old_value", "原值", number_format="#,##0.##", width=12),
        Column("new_value", "新值", number_format="#,##0.##", width=12),
        Column("source", "来源", width=10),
        Column("file_sha256", "文件SHA-256", width=66),
    ]
    rows = [
        r | {"changed_at": r["changed_at"].strftime("%Y-%m-%d %H:%M:%S"),
             "period": f"{r['year']}年{r['month']}月",
             "source": {"upload": "上传", "form": "在线填报"}.get(r["source"], r["source"])}
        for r in records(frame)
    ]  # fmt: skip
    return TableExport(f"{name}数据修改记录", columns, rows)


# Tables naming who changed what: never for anonymous readers (public reading covers
# the dashboards only); a county official gets their own county's.
PRIVATE_TABLES = frozenset({"history"})

TABLES: dict[str, Callable[..., TableExport]] = {
    "rankings": rankings_table,
    "results": results_table,
    "measures": measures_table,
    "targets": targets_table,
    "history": history_table,
}
