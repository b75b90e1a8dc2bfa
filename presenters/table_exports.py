"""The dashboard's tables by name, as rows and columns ready for XLSX and CSV, in
the reader's language (``lang``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from data_access import queries
from data_access.rows import records
from domain.quality import CHECK_NAMES
from i18n import article_label, fmt_change, period_label, pick, t
from presenters.exports import OWN_DECIMALS, Column
from presenters.theme import STATUS_STYLE
from services.assessment import PeriodView
from services.projection import year_end_of
from services.quality import quality_overview
from services.schemes import documents_of


def status_text(status: str, lang: str | None) -> str:
    """Icon and word, never colour alone."""
    return f"{STATUS_STYLE[status]['icon']} {t(f'status_{status}', lang)}"


def _grade(grade: str | None, lang: str | None) -> str:
    return t(f"grade_{grade}", lang) if grade else ""


@dataclass(frozen=True)
class TableExport:
    title: str
    columns: list[Column]
    rows: list[dict]


def explanation_of(cell, lang: str | None) -> str:
    """A figure's 情况说明 and the measures taken, as one text."""
    if cell is None or not cell.explanation:
        return ""
    if cell.measures:
        return t("labelled", lang, label=cell.explanation, value=cell.measures)
    return cell.explanation


def explanations_text(cells, names: dict, lang: str | None) -> str:
    """A county's 情况说明 of the period, each after its indicator's name."""
    return t("list_separator_long", lang).join(
        t("labelled", lang, label=names[c.code], value=explanation_of(c, lang))
        for c in cells if c is not None and c.explanation)  # fmt: skip


def rankings_table(view: PeriodView, lang: str | None = None, **_params) -> TableExport:
    """Rank, county, total, grade, change, then each indicator's points and status."""
    points = t("unit_points", lang)
    columns = [
        Column("rank", t("rank", lang), number_format="0", width=7),
        Column("tie", t("tie", lang), width=6),
        Column("name", view.words(lang)["Unit"], width=12),
        Column("code", t("xh_adcode", lang), width=12),
        Column("total", t("total_score", lang), points, "0.00", 10),
        Column("grade", t("grade", lang), width=8),
        Column("change", t("change", lang), width=8),
    ]
    indicators = view.indicator_rows()
    names = {ind.code: pick(ind, "name", lang) for ind in indicators}
    for ind in indicators:
        name = pick(ind, "name", lang)
        columns.append(Column(f"p_{ind.code}", name, points, "0.00", 14))
        columns.append(Column(f"s_{ind.code}", t("xh_status_of", lang, name=name),
                              width=10))  # fmt: skip
    scores = view.score_rows()
    cells = view.county_cells([r.region for r in scores])
    rows = []
    for row in scores:
        out = {
            "rank": row.rank,
            "tie": t("tie", lang) if row.tied else ("≈" if row.near_tie else ""),
            "name": pick(row, "name", lang),
            "code": row.region,
            "total": row.total,
            "grade": _grade(row.grade, lang),
            "change": fmt_change(row.change),
        }
        for ind in indicators:
            cell = cells.get((row.region, ind.code))
            if cell is not None:
                out[f"p_{ind.code}"] = cell.points
                out[f"s_{ind.code}"] = status_text(cell.status, lang)
        out["explanations"] = explanations_text(
            [cells.get((row.region, ind.code)) for ind in indicators], names, lang
        )
        rows.append(out)
    columns.append(Column("explanations", t("explanation", lang), width=40))
    period = period_label(view.year, view.month, lang)
    return TableExport(t("xh_rankings_title", lang, period=period), columns, rows)


def results_table(
    view: PeriodView,
    region: str | None = None,
    indicator: str | None = None,
    lang: str | None = None,
    **_params,
) -> TableExport:
    """Every indicator of every county (or one): actual, target, completion, status."""
    points = t("unit_points", lang)
    columns = [
        Column("region_name", view.words(lang)["Unit"], width=12),
        Column("indicator_name", t("indicator", lang), width=26),
        Column("unit_name", t("unit", lang), width=8),
        Column("actual", t("actual", lang), number_format=OWN_DECIMALS, width=12),
        Column(
            "last_year", t("xh_last_year", lang), number_format=OWN_DECIMALS, width=12
        ),
        Column(
            "yoy_change", t("xh_yoy_change", lang), number_format=OWN_DECIMALS, width=12
        ),
        Column("yoy_pct", t("xh_yoy_pct", lang), "%", "0.0", 10),
        Column(
            "target", t("xh_target_or_cap", lang), number_format=OWN_DECIMALS, width=12
        ),
        Column("completion_pct", t("completion", lang), "%", "0.0", 10),
        Column("progress_pct", t("time_progress", lang), "%", "0.0", 10),
        Column("gap_points", t("gap", lang), t("unit_pct_points", lang), "0.0", 12),
        Column("status_text", t("status", lang), width=10),
        Column("points", t("points", lang), points, "0.00", 8),
        Column("max_points", t("max_points", lang), points, "0.00", 8),
        Column("lead_name", t("lead_department", lang), width=10),
    ]
    rows = []
    for r in view.result_rows(region=region or None, code=indicator or None):
        rows.append(dataclasses.asdict(r) | {
            "completion_pct": None if r.completion is None else r.completion * 100,
            "progress_pct": None if r.progress is None else r.progress * 100,
            "status_text": status_text(r.status, lang),
            "region_name": pick(r, "region", lang), "indicator_name": pick(r, "name", lang),
            "unit_name": pick(r, "unit", lang), "lead_name": pick(r, "lead", lang),
        })  # fmt: skip
    name = (
        rows[0]["region_name"]
        if region and rows
        else t("xh_all_counties", lang, **view.words(lang))
    )
    if indicator and rows:
        name = t("xh_name_and", lang, first=name, second=rows[0]["indicator_name"])
    period = period_label(view.year, view.month, lang)
    return TableExport(
        t("xh_results_title", lang, name=name, period=period), columns, rows
    )


def measures_table(
    view: PeriodView | None = None, lang: str | None = None, **_params
) -> TableExport:
    """The measures of the year's policy documents with their lead and
    co-responsible departments."""
    wanted = documents_of(view.year) if view is not None else None
    documents = {r["code"]: r for r in records(queries.policy_documents())}
    roles = queries.measure_departments(wanted)
    rows = []
    for m in records(queries.measures(wanted)):
        mine = roles[(roles.document == m["document"]) & (roles.number == m["number"])]
        rows.append({
            "document": documents.get(m["document"], {}).get("doc_number", ""),
            "label": article_label(m["label"], lang),
            "title": m["title_en"] if lang == "en" and m["title_en"] else m["title"],
            "section": f"{m['section']}. "
                       + (m["section_title_en"] if lang == "en" and m["section_title_en"]
                          else m["section_title"]),
            "lead": t("list_separator", lang).join(
                mine[mine.role == "lead"]["department_en" if lang == "en" else "department_zh"]),
            "co": t("list_separator", lang).join(
                mine[mine.role == "co"]["department_en" if lang == "en" else "department_zh"]),
        })  # fmt: skip
    columns = [
        Column("document", t("xh_document", lang), width=22),
        Column("label", t("xh_number", lang), width=8),
        Column("section", t("xh_section", lang), width=30),
        Column("title", t("xh_task", lang), width=34),
        Column("lead", t("lead_department", lang), width=14),
        Column("co", t("xh_co_departments", lang), width=60),
    ]
    policy = t("list_separator", lang).join(dict.fromkeys(r["document"] for r in rows))
    return TableExport(t("xh_measures_title", lang, policy=policy), columns, rows)


def targets_table(view: PeriodView, lang: str | None = None, **_params) -> TableExport:
    """The year's targets, one row a region and indicator, with their provenance:
    where each comes from, who set it when, and why it last changed."""
    names = {r["code"]: pick(r, "name", lang) for r in records(view.regions)}
    indicators = {r["code"]: r for r in records(view.indicators)}
    columns = [Column("name", t("indicator", lang), width=26),
               Column("unit", t("unit", lang), width=8),
               Column("region", t("xh_region", lang), width=14),
               Column("value", t("target", lang), number_format=OWN_DECIMALS, width=12),
               Column("source", t("target_source", lang), width=12),
               Column("set_by", t("target_set_by", lang), width=14),
               Column("set_at", t("target_set_at", lang), width=18),
               Column("reason", t("target_reason", lang), width=30)]  # fmt: skip
    rows = [
        {"name": pick(indicators[r["indicator"]], "name", lang),
         "unit": pick(indicators[r["indicator"]], "unit", lang),
         "region": names[r["region"]], "value": r["value"],
         "decimals": indicators[r["indicator"]]["decimals"],
         "source": t(f"target_source_{r['source']}", lang), "set_by": r["set_by"],
         "set_at": r["set_at"].strftime("%Y-%m-%d %H:%M") if r["set_at"] else None,
         "reason": r["reason"]}
        for r in records(queries.target_provenance(view.year))
        if r["indicator"] in indicators and r["region"] in names
    ]  # fmt: skip
    return TableExport(t("xh_targets_title", lang, year=view.year), columns, rows)


def history_table(
    view: PeriodView,
    region: str | None = None,
    indicator: str | None = None,
    lang: str | None = None,
    **_params,
) -> TableExport:
    """A county's change history (who, when, old, new, source, file hash), of one
    indicator when ``indicator`` is given."""
    region = region or view.counties[0]
    frame = queries.report_history(region, indicator, limit=10_000)
    name = pick(view.regions.set_index("code").loc[region].to_dict(), "name", lang)
    columns = [
        Column("changed_at", t("changed_at", lang), width=18),
        Column("changed_by", t("changed_by", lang), width=12),
        Column("indicator_name", t("indicator", lang), width=26),
        Column("period", t("period_col", lang), width=10),
        Column("old_value", t("old_value", lang), number_format=OWN_DECIMALS, width=12),
        Column("new_value", t("new_value", lang), number_format=OWN_DECIMALS, width=12),
        Column("source", t("source", lang), width=10),
        Column("reason", t("history_reason", lang), width=30),
        Column("file_sha256", t("xh_file_hash", lang), width=66),
    ]
    rows = [
        r | {"changed_at": r["changed_at"].strftime("%Y-%m-%d %H:%M:%S"),
             "indicator_name": pick(r, "name", lang),
             "period": period_label(r["year"], r["month"], lang),
             "source": t(f"source_{r['source']}", lang)
                       + (f" · {t('on_behalf', lang)}" if r.get("on_behalf") else "")}
        for r in records(frame)
    ]  # fmt: skip
    return TableExport(t("xh_history_title", lang, name=name), columns, rows)


def quality_table(
    view: PeriodView, region: str | None = None, lang: str | None = None, **_params
) -> TableExport:
    """Per county and month of the year up to the view's: figures flagged by each
    check, explained, returned and corrected."""
    columns = [Column("month", t("xh_month", lang), width=10),
               Column("name", view.words(lang)["Unit"], width=12),
               Column("code", t("xh_adcode", lang), width=12)]  # fmt: skip
    counts = ("flagged", "explained", "returned", "corrected")
    columns += [
        Column(k, t(f"dq_{k}", lang), number_format="0", width=10) for k in counts
    ]
    columns += [Column(f"c_{c}", t(f"dq_check_{c}", lang), number_format="0", width=12)
                for c in CHECK_NAMES]  # fmt: skip
    found = quality_overview(view.year, view.month, range(1, view.month + 1))
    rows = [{"month": period_label(view.year, r.month, lang), "name": pick(r, "name", lang),
             "code": r.region} | {k: getattr(r, k) for k in counts}
            | {f"c_{c}": r.checks.get(c, 0) for c in CHECK_NAMES}
            for r in found if region is None or r.region == region]  # fmt: skip
    return TableExport(t("xh_quality_title", lang, year=view.year, month=view.month),
                       columns, rows)  # fmt: skip


def warnings_table(view: PeriodView, lang: str | None = None, **_params) -> TableExport:
    """预警清单: every unit × indicator projected to miss its target, the least likely
    first, with the projection, the pace, the lead department and the 情况说明."""
    found = year_end_of(view)
    columns = [
        Column("region_name", view.words(lang)["Unit"], width=12),
        Column("indicator_name", t("indicator", lang), width=26),
        Column("outlook_text", t("outlook", lang), width=10),
        Column("value", t("projected_december", lang), number_format=OWN_DECIMALS, width=12),
        Column("low", t("xh_range_low", lang), number_format=OWN_DECIMALS, width=12),
        Column("high", t("xh_range_high", lang), number_format=OWN_DECIMALS, width=12),
        Column("target", t("year_end_target", lang), number_format=OWN_DECIMALS, width=12),
        Column("chance", t("chance", lang), "%", "0", 10),
        Column("pace_needed", t("pace", lang), number_format=OWN_DECIMALS, width=12),
        Column("pace_so_far", t("xh_pace_so_far", lang, months=view.month),
               number_format=OWN_DECIMALS, width=12),
        Column("lead_name", t("lead_department", lang), width=12),
        Column("explanation", t("explanation", lang), width=40),
    ]  # fmt: skip
    rows = []
    for row in found.warnings():
        r, p = row.result, row.projection
        rows.append({
            "decimals": r.decimals, "region_name": pick(r, "region", lang),
            "indicator_name": pick(r, "name", lang),
            "outlook_text": t(f"outlook_{row.outlook}", lang), "value": p.value,
            "low": p.low, "high": p.high, "target": row.target,
            "chance": p.probability * 100,
            "pace_needed": r.pace_needed if r.pace_so_far is not None else None,
            "pace_so_far": r.pace_so_far, "lead_name": pick(r, "lead", lang) or "",
            "explanation": explanation_of(r, lang),
        })  # fmt: skip
    period = period_label(view.year, view.month, lang)
    return TableExport(t("xh_warnings_title", lang, period=period), columns, rows)


# Tables naming who changed what: never for anonymous readers (public reading covers
# the dashboards only); a county official gets their own county's.
PRIVATE_TABLES = frozenset({"history", "quality"})

TABLES: dict[str, Callable[..., TableExport]] = {
    "rankings": rankings_table,
    "results": results_table,
    "measures": measures_table,
    "targets": targets_table,
    "history": history_table,
    "quality": quality_table,
    "warnings": warnings_table,
}
