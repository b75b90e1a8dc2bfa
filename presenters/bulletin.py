"""The monthly assessment bulletin (考核通报): its text from the data.

The text is written in the plain style of such bulletins, e.g. "临河区综合得分86.23分，
等次良好，排名第2位，较上月上升1位。职业技能培训人数累计完成1,234人，年度目标2,000人，
完成61.7%，低于序时进度7.1个百分点；其余7项指标均达到序时进度。" The same ``Bulletin`` is
shown on the exports page and laid out as an official document (GB/T 9704-2012) by
``presenters.official``, so what is read before download is what is sent. ``lang="en"``
gives the English bulletin (for reference; the issued one is Chinese).
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from data_access import queries
from domain.cycle import MonthState
from domain.kinds import kind_of
from i18n import (
    Refusal,
    article_label,
    month_state_word,
    pace_sentence,
    pick,
    scope_words,
    t,
)
from presenters.charts import chart_file
from presenters.exports import ExportUnavailable, cjk_fonts, image_problem
from services.assessment import PeriodView, Scope, period_view
from services.bulletin_issue import IssueFields, issue_fields
from services.cache import cached, data_stamp, keep, kept
from services.context import stamp
from services.lookups import month_info
from services.projection import year_end_of
from services.publishing import publication
from settings import current_settings

LANG = "zh"  # the bulletin is issued in Chinese
# Statuses a county paragraph names one by one (the rest are "on schedule"), in order.
NAMED = ("alert", "lagging", "no_data")
RED = ("alert",)  # the red list: 预警 only
YELLOW = ("lagging", "near_cap", "no_data")  # the yellow list
REQUIREMENT_ITEMS = 6  # items a drafted requirement names before "等N项"


@dataclass(frozen=True)
class RedItem:
    """One item of the red (预警) or yellow (滞后, 接近控制线, 未报送) list."""

    county: str
    indicator: str
    detail: str
    lead: str
    status: str


@dataclass(frozen=True)
class Bulletin:
    title: str
    period: str
    filters: str
    generated_at: datetime
    ranking: list[dict]
    paragraphs: list[tuple[str, str]]  # (county, text)
    red_list: list[RedItem]  # 预警 only
    is_demo: bool
    published: str | None = None
    charts: list[tuple[str, bytes]] = field(default_factory=list)  # (title, PNG)
    provisional: bool = False  # the month is still being reported: 临时, watermarked
    state: str | None = None  # the month's state as a word (已审定, 报送中 3/7, 已发布)
    # What the scope's units are called (旗县区, 市（盟）, …) in the headings and tables.
    words: dict[str, str] = field(default_factory=lambda: scope_words(None, None, LANG))
    lang: str = LANG
    overview: str = ""  # 一、总体情况
    yellow_list: list[RedItem] = field(default_factory=list)  # 滞后, 接近控制线, 未报送
    # 按当前进度预计难以完成: None in December (nothing left to project).
    outlook_list: list[RedItem] | None = None
    issue: IssueFields | None = None  # 期号, 主送, 落款, … (None: not laid out yet)
    draft: bool = True  # not issued yet: 草稿 across every page
    # 工作要求 as drafted from the month (the office's saved text replaces it).
    drafted_requirements: tuple[str, ...] = ()
    # 政策任务推进情况: the month's tally and each measure behind or without word
    tasks: tuple[str, ...] = ()
    year: int = 0
    month: int = 0

    def _t(self, key: str, **values) -> str:
        return t(key, self.lang, **values)

    @property
    def tasks_heading(self) -> str:
        """The task list's heading under 四, after the red, yellow (and outlook) lists."""
        return self._t("bl_tasks_heading" if self.outlook_list is not None
                       else "bl_tasks_heading_3")  # fmt: skip

    @property
    def sections(self) -> tuple[str, ...]:
        return tuple(self._t(f"bl_section_{n}", **self.words) for n in range(1, 6))

    @property
    def ranking_headers(self) -> tuple[str, ...]:
        return (self._t("rank"), self.words["Unit"], self._t("total_score"),
                self._t("grade"), self._t("change"))  # fmt: skip

    @property
    def red_headers(self) -> tuple[str, ...]:
        return (self.words["Unit"], self._t("indicator"), self._t("status"),
                self._t("bl_detail"), self._t("lead_department"))  # fmt: skip

    @property
    def requirements(self) -> tuple[str, ...]:
        """工作要求 as issued: the office's text (a paragraph a line), else drafted."""
        saved = self.issue.requirements if self.issue is not None else None
        if saved:
            return tuple(line.strip() for line in saved.splitlines() if line.strip())
        return self.drafted_requirements

    @property
    def issue_label(self) -> str:
        return self.issue.label(self.year, self.lang) if self.issue else ""

    def status_word(self, status: str) -> str:
        return self._t(f"bl_status_{status}")


def _change_text(change, lang: str) -> str:
    if change is None:
        return ""
    change = int(change)
    if change > 0:
        return t("bl_rank_up", lang, places=change)
    if change < 0:
        return t("bl_rank_down", lang, places=-change)
    return t("bl_rank_same", lang)


def _change_cell(change, lang: str) -> str:
    """The ranking table's 较上月 cell: 上升2位 / 下降1位 / 持平 / —."""
    if change is None:
        return "—"
    change = int(change)
    if change > 0:
        return t("bl_cell_up", lang, places=change)
    if change < 0:
        return t("bl_cell_down", lang, places=-change)
    return t("bl_cell_same", lang)


def _sentences(text: str) -> str:
    """English sentences start with a capital (clauses are joined from parts)."""
    parts = text.split(". ")
    return ". ".join(p[:1].upper() + p[1:] for p in parts)


def _pick(row: dict, name: str, lang: str):
    return row.get(f"{name}_{'en' if lang == 'en' else 'zh'}") or row.get(f"{name}_zh")


def _indicator_sentence(row: dict, lang: str = LANG) -> str | None:
    """The clause on one result, as its kind words it (flows with 同比)."""
    name = _pick(row, "name", lang)
    if row["status"] == "no_data":
        return t("bl_not_reported", lang, name=name)
    if row["status"] == "not_assessed":
        return None
    kind = kind_of(row["kind"])
    said = kind.sentence(row) if kind is not None else None
    if said is None:
        return None
    key, values = said
    yoy = values.pop("yoy", False)
    if "unit" in values:
        values["unit"] = _pick(row, "unit", lang)
    return t(key, lang, name=name, **values) + (_yoy_phrase(row, lang) if yoy else "")


def _shortfall(row: dict, lang: str, named: bool = True) -> str:
    """A named indicator with its figure, target and gap (滞后, 预警, 接近控制线,
    未报送), as its kind words it; without the name where a table's column gives it
    (``named`` False)."""
    name = _pick(row, "name", lang) if named else ""
    if row["status"] == "no_data" or row["actual"] is None:
        return t("bl_not_reported", lang, name=name).strip(": ")
    kind = kind_of(row["kind"])
    said = kind.shortfall(row) if kind is not None else None
    if said is None:
        said_text = _indicator_sentence(row, lang) or _pick(row, "name", lang)
        return said_text if named else said_text.removeprefix(
            _pick(row, "name", lang)).lstrip(": ")  # fmt: skip
    key, values = said
    yoy = values.pop("yoy", False)
    text = t(key, lang, name=name, unit=_pick(row, "unit", lang), **values)
    return text.lstrip(" ") + (_yoy_phrase(row, lang) if yoy else "")


def _yoy_phrase(row: dict, lang: str = LANG) -> str:
    """ "，同比增长8.1%" where last year's same month is known."""
    pct = row.get("yoy_pct")
    if pct is None:
        return ""
    direction = t("bl_yoy_up" if pct >= 0 else "bl_yoy_down", lang)
    return t("bl_yoy", lang, direction=direction, pct=f"{abs(pct):.1f}%")


def _pace_phrase(row: dict, month: int, lang: str) -> str:
    """ "；需月均完成46人，前6月月均38人" after a lagging flow (before December)."""
    needed = row.get("pace_needed")
    if needed is None or needed <= 0:  # lagging, so never met: said only when behind
        return ""
    text = pace_sentence(needed, row.get("pace_so_far"), int(row.get("decimals") or 0),
                         _pick(row, "unit", lang), month, lang)  # fmt: skip
    return "" if text is None else t("bl_semicolon", lang) + text


def outlook_items(rows, lang: str = LANG) -> list[RedItem]:
    """The bulletin's 难以完成 list from the year-end outlook's warnings: the unit,
    the indicator, the projected figure against what December must reach and the
    chance, the lead department."""
    items = []
    for row in rows:
        if row.outlook != "unlikely":
            continue
        r, p = row.result, row.projection
        decimals = int(r.decimals or 0)
        detail = t("bl_outlook_detail", lang, value=f"{p.value:,.{decimals}f}",
                   target=f"{row.target:,.{decimals}f}", unit=pick(r, "unit", lang),
                   chance=f"{p.probability * 100:.0f}%")  # fmt: skip
        items.append(RedItem(pick(r, "region", lang), pick(r, "name", lang), detail,
                             pick(r, "lead", lang) or "—", "unlikely"))  # fmt: skip
    return items


SENTENCE_COLUMNS = ("region", "code", "name_zh", "name_en", "kind", "status",
                    "completion", "gap_points", "target", "actual", "due", "unit_zh",
                    "unit_en", "decimals", "deadline_year", "lead_zh", "lead_en",
                    "yoy_pct", "explanation", "pace_needed", "pace_so_far")  # fmt: skip


def _listing(items: list[str], lang: str) -> str:
    """At most REQUIREMENT_ITEMS of ``items`` joined, with 等N项 for the rest."""
    sep = t("bl_list_sep", lang)
    if len(items) <= REQUIREMENT_ITEMS:
        return sep.join(items)
    return t("bl_items_more", lang, items=sep.join(items[:REQUIREMENT_ITEMS]),
             count=len(items), more=len(items) - REQUIREMENT_ITEMS)  # fmt: skip


def draft_requirements(red: list[RedItem], yellow: list[RedItem], words: dict,
                       lang: str, due_day: int) -> tuple[str, ...]:  # fmt: skip
    """工作要求 drafted from the month: the lagging counties and indicators named,
    then the alerts, then reporting and duty (the office edits it before issuing)."""

    def grouped(items: list[RedItem]) -> list[str]:
        """One entry a county: 乌拉特前旗（城镇新增就业人数、职业技能培训人数）."""
        by_county: dict[str, list[str]] = {}
        for i in items:
            by_county.setdefault(i.county, []).append(i.indicator)
        sep = t("bl_list_sep", lang)
        return [t("bl_item", lang, county=c, indicator=sep.join(names))
                for c, names in by_county.items()]  # fmt: skip

    lagging = grouped([i for i in yellow if i.status == "lagging"])
    alerts = grouped(red)
    paragraphs = [
        t("bl_requirement_lagging", lang, items=_listing(lagging, lang), **words)
        if lagging else t("bl_requirement_none", lang, **words)
    ]  # fmt: skip
    if alerts:
        paragraphs.append(t("bl_requirement_alert", lang, order="{order}",
                            items=_listing(alerts, lang), **words))  # fmt: skip
    paragraphs.append(t("bl_requirement_quality", lang, order="{order}", day=due_day,
                        **words))  # fmt: skip
    paragraphs.append(t("bl_requirement_duty", lang, order="{order}", **words))
    return tuple(p.replace("{order}", t(f"bl_order_{n}", lang), 1) if n > 1 else p
                 for n, p in enumerate(paragraphs, start=1))  # fmt: skip


def build_bulletin(
    view: PeriodView,
    *,
    is_demo: bool,
    published: str | None = None,
    now=None,
    seasonal: bool = False,
    state: str | None = None,
    lang: str = LANG,
    outlook: list[RedItem] | None = None,
) -> Bulletin:
    """The bulletin of one period from its assessment (Chinese, as issued, or
    English); ``outlook``: what is projected to miss (None: not projected)."""
    now = now or datetime.now()
    en = lang == "en"
    grade_names = {
        g: t(f"grade_{g}", lang) for g in ("excellent", "good", "pass", "fail")
    }
    ranking, paragraphs = [], []
    red_list: list[RedItem] = []
    yellow_list: list[RedItem] = []
    counts = dict.fromkeys(("alert", "lagging", "near_cap", "no_data", "items"), 0)
    # Each unit's results as plain rows, read once (a country's 28,500: per-unit frame
    # lookups cost seconds), with only the columns the sentences use.
    by_region: dict[str, list[dict]] = {}
    for result in view.result_rows():
        by_region.setdefault(result.region, []).append(
            {c: getattr(result, c) for c in SENTENCE_COLUMNS})  # fmt: skip
    score_rows = list(map(dataclasses.asdict, view.score_rows()))
    for row in score_rows:
        name = row["name_en"] if en else row["name_zh"]
        rank = row["rank"]
        ranking.append({
            "rank": rank, "name": name, "total": row["total"],
            "grade": grade_names.get(row["grade"], "—") if row["total"] is not None
            else t("status_no_data", lang),
            "change": _change_cell(row["change"], lang),
        })  # fmt: skip
        results = by_region.get(row["region"], [])
        if row["total"] is None and all(r["status"] in ("no_data", "not_assessed")
                                        for r in results):  # fmt: skip
            # Nothing reported (or approved): one sentence, not a row of dashes.
            paragraphs.append((name, t("bl_unit_not_reported", lang, name=name)))
            yellow_list.append(RedItem(name, t("bl_all_indicators", lang), "", "—",
                                       "no_data"))  # fmt: skip
            counts["no_data"] += sum(r["status"] == "no_data" for r in results)
            counts["items"] += sum(r["status"] != "not_assessed" for r in results)
            continue
        total = "—" if row["total"] is None else f"{row['total']:.2f}"
        placed = (t("bl_county_rank", lang, rank=rank,
                    change=_change_text(row["change"], lang)) if rank is not None
                  else t("bl_county_no_rank", lang))  # fmt: skip
        text = t("bl_county_head", lang, name=name, total=total,
                 grade=grade_names.get(row["grade"], "—"), rank=placed)  # fmt: skip
        assessed = [r for r in results if r["status"] != "not_assessed"]
        named = sorted((r for r in assessed if r["status"] in NAMED),
                       key=lambda r: NAMED.index(r["status"]))  # fmt: skip
        clauses = [_shortfall(r, lang) for r in named]
        rest = len(assessed) - len(named)
        if named and rest:
            clauses.append(t("bl_rest_on_track", lang, count=rest))
        elif not named:
            clauses.append(t("bl_all_on_track", lang))
        text += t("bl_county_issues", lang, items=t("bl_semicolon", lang).join(clauses))
        text = text.rstrip() + t("bl_stop", lang).strip()
        if en:
            text = _sentences(text)
        explained = [r for r in results if r.get("explanation")]
        if explained and en:
            text += t("bl_explained_note", lang)
        elif explained:
            text += t("explanation_inline", lang, text=t("bl_semicolon", lang).join(
                t("labelled", lang, label=r["name_zh"], value=r["explanation"])
                for r in explained))  # fmt: skip
        paragraphs.append((name, text))
        for r in assessed:
            counts["items"] += 1
            if r["status"] in counts:
                counts[r["status"]] += 1
            if r["status"] in RED + YELLOW:
                detail = _shortfall(r, lang, False)
                if r["status"] == "lagging":
                    detail += _pace_phrase(r, view.month, lang)
                item = RedItem(name, _pick(r, "name", lang), detail,
                               _pick(r, "lead", lang) or "—", r["status"])  # fmt: skip
                (red_list if r["status"] in RED else yellow_list).append(item)
    order = {"no_data": 0, "lagging": 1, "near_cap": 2}
    yellow_list.sort(key=lambda item: (order[item.status], item.county))
    red_list.sort(key=lambda item: item.county)
    period = t("period", lang, year=view.year, month=view.month)
    words = view.words(lang)
    totals = [r["total"] for r in score_rows if r["total"] is not None]
    grades = [r["grade"] for r in score_rows if r["total"] is not None]
    overview = t("bl_overview", lang, period=period, count=len(score_rows),
                 ranked=sum(r["rank"] is not None for r in score_rows),
                 mean=f"{sum(totals) / len(totals):.2f}" if totals else "—",
                 excellent=grades.count("excellent"), good=grades.count("good"),
                 passed=grades.count("pass"), failed=grades.count("fail"),
                 count_items=counts["items"], alert=counts["alert"],
                 lagging=counts["lagging"], near_cap=counts["near_cap"],
                 no_data=counts["no_data"], **words)  # fmt: skip
    mode = t(
        "bl_mode_submitted" if view.mode == "submitted" else "bl_mode_approved", lang
    )
    return Bulletin(
        title=t("bl_title", lang, period=period, **words),
        period=period,
        filters=t(
            "bl_filters",
            lang,
            year=view.year,
            month=view.month,
            month_name=datetime(2000, view.month, 1).strftime("%B"),
            mode=mode,
            count=len(ranking),
            **words,
            basis=t(
                "bl_basis_seasonal" if seasonal else "bl_basis_linear",
                lang,
                month=view.month,
            ),
        ),  # fmt: skip
        generated_at=now,
        ranking=ranking,
        paragraphs=paragraphs,
        red_list=red_list,
        yellow_list=yellow_list,
        outlook_list=outlook if view.month < 12 else None,
        overview=overview,
        drafted_requirements=draft_requirements(
            red_list, yellow_list, words, lang, current_settings().report_due_day
        ),
        is_demo=is_demo,
        published=published,
        words=words,
        provisional=view.provisional,
        state=state,
        lang=lang,
        year=view.year,
        month=view.month,
    )


def ranking_cells(row: dict) -> list[str]:
    total = "—" if row["total"] is None else f"{row['total']:.2f}"
    return [str(row["rank"] or "—"), row["name"], total, row["grade"], row["change"]]


def red_cells(item: RedItem, bulletin: Bulletin | None = None) -> list[str]:
    """A red- or yellow-list row: unit, indicator, status word, detail, lead."""
    lang = bulletin.lang if bulletin is not None else LANG
    status = t(f"bl_status_{item.status}", lang)
    return [item.county, item.indicator, status, item.detail, item.lead]


def bulletin_pdf(bulletin: Bulletin) -> bytes:
    """The bulletin as an official document (GB/T 9704-2012), PDF."""
    from presenters.official import official_pdf

    return official_pdf(_with_issue(bulletin))


def bulletin_docx(bulletin: Bulletin) -> bytes:
    """The same document as an editable Word file, laid out as the PDF."""
    from presenters.official import official_docx

    return official_docx(_with_issue(bulletin))


def _with_issue(bulletin: Bulletin) -> Bulletin:
    """The bulletin with its issue fields (the saved or default ones)."""
    if bulletin.issue is not None:
        return bulletin
    return replace(
        bulletin, issue=issue_fields(bulletin.year, bulletin.month, bulletin.lang)
    )


def bulletin_for(
    view: PeriodView,
    rules,
    *,
    with_charts: bool = True,
    published_at: datetime | None = None,
    reason: str | None = None,
    lang: str = LANG,
    issue: IssueFields | None = None,
) -> Bulletin:
    """The bulletin of a view, with its key charts where a browser can draw them;
    ``published_at``: the bulletin issued at that publication (being made now, with
    its ``reason`` where counties are missing). It names the month's state and, for a
    published month, when and why it was published; ``issue``: its 期号, 主送, 落款, …
    (default: the office's saved ones). A month not published is a draft (草稿)."""
    found = publication(view.year, view.month)
    when = published_at or (found.published_at if found is not None else None)
    why = reason if published_at is not None else (found.reason if found else None)
    published = None
    if when:
        published = t("bl_published", lang, when=f"{when:%Y-%m-%d}")
        if why:
            published += t("bl_published_reason", lang, reason=why)
    info = month_info(view.year, view.month)
    state = MonthState.PUBLISHED if published_at is not None else info.state
    words = t("bl_month_state", lang,
              state=month_state_word(state, info.approved, info.units, lang))  # fmt: skip
    bulletin = build_bulletin(view, is_demo=stamp().is_demo, published=published,
                              seasonal=rules.seasonal_profile, state=words, lang=lang,
                              outlook=outlook_items(year_end_of(view).warnings(), lang))  # fmt: skip
    issued = view.mode != "submitted" and (
        published_at is not None or found is not None
    )
    bulletin = replace(bulletin, draft=not issued,
                       issue=issue or issue_fields(view.year, view.month, lang),
                       tasks=task_lines(view.year, view.month, lang))  # fmt: skip
    if not with_charts:
        return bulletin
    charts = []
    for name, title_key in (
        ("score-bar", "score_bar"),
        ("gap-heatmap", "heatmap_title"),
    ):
        try:
            png = chart_file(name, "png", view, lang=lang, rules=rules,
                             is_demo=bulletin.is_demo)  # fmt: skip
        except ExportUnavailable:
            break
        charts.append((t(title_key, lang, **view.words(lang)), png))
    return replace(bulletin, charts=charts)


TASK_LINES = 30  # measures named one by one at most (the rest are counted)


def task_lines(year: int, month: int, lang: str = LANG) -> tuple[str, ...]:
    """政策任务推进情况: the tally of the month's measures, each one its department
    says lags (with its lead department and note), and those without the month's
    word named in one line. Read afresh each time (a department's progress is not a
    data change)."""
    from services.measures import sections
    from services.supervision import NEVER, ProgressStatus, by_department, progress_of

    found, _ = sections(None, year)
    if not found:
        return ()
    progress = progress_of(year, month)
    tally = by_department(found, progress)
    lines = [t("bl_tasks_summary", lang, year=year, month=month,
               total=sum(r.leads for r in tally), done=sum(r.done for r in tally),
               going=sum(r.in_progress for r in tally),
               overdue=sum(r.overdue for r in tally))]  # fmt: skip
    lagging, silent = [], []
    for section in found:
        for m in section.measures:
            p = progress.get((section.document or None, m.number), NEVER)
            if not p.overdue:
                continue
            label = article_label(m.label, lang)
            if p.status != ProgressStatus.LAGGING or p.month != month:
                silent.append(label)
                continue
            lead = t("list_separator", lang).join(
                pick(d, "department", lang) for d in m.departments if d.role == "lead"
            )
            title = m.title_en if lang == "en" and m.title_en else m.title
            # the department's note as written: Chinese, left out of an English bulletin
            note = "" if lang == "en" else p.note
            lagging.append(t("bl_task_line", lang, label=label, title=title, lead=lead or "—",
                             state=t("bl_task_lagging", lang, note=note)))  # fmt: skip
    if len(lagging) > TASK_LINES:
        rest = len(lagging) - TASK_LINES
        lagging = [*lagging[:TASK_LINES], t("bl_tasks_more", lang, count=rest)]
    if silent:
        lagging.append(t("bl_tasks_silent", lang, count=len(silent),
                         labels=t("list_separator", lang).join(silent)))  # fmt: skip
    return (*lines, *lagging)


def bulletin_text(year: int, month: int, rules, mode: str, scope: Scope | None = None,
                  lang: str = LANG):  # fmt: skip
    """The bulletin's text (no charts) of a period and scope, or None where the
    period has no figures: what the exports page previews, built once per data
    version (a country's 2,850 county paragraphs take a third of a second); its
    issue fields are read each time (saving them is not a data change)."""

    def build() -> Bulletin | None:
        view = period_view(year, month, rules, mode, scope)
        return (bulletin_for(view, rules, with_charts=False, lang=lang)
                if view.has_data else None)  # fmt: skip

    found = cached("bulletin_text", data_stamp, build, year, month, rules, mode,
                   scope, month_info(year, month), lang)  # fmt: skip
    return (
        None
        if found is None
        else replace(
            found,
            issue=issue_fields(year, month, lang),
            tasks=task_lines(year, month, lang),
        )  # fmt: skip
    )


# One bulletin is drawn at a time in a worker (each takes seconds of CPU and the chart
# browser); a few more wait their turn, and a request beyond those is asked to try
# again in a moment, so that waiting bulletins never hold every thread dashboards need.
_DRAWING = threading.Lock()
BULLETINS_WAITING = 2
_ADMITTED = threading.BoundedSemaphore(1 + BULLETINS_WAITING)
BULLETIN_SECONDS = 3600  # a drawn file is kept this long (a new stamp passes it over)
WAIT_SECONDS = 60


class BulletinBusy(Refusal, RuntimeError):
    """More bulletins are being drawn in this worker than may wait: try again soon."""


def bulletin_file(
    view_of: Callable[[], PeriodView],
    fmt: str,
    rules_of: Callable,
    data_stamp: str,
    lang: str = LANG,
) -> tuple[PeriodView, bytes]:
    """The bulletin of the view ``view_of`` reads, as PDF or DOCX bytes: drawn once per
    data stamp (read by the caller before) and inputs, kept for every later request,
    and drawn one at a time; a request for a bulletin being drawn waits for it. The
    view is read only once the request is admitted: one turned away (503) costs the
    dashboards nothing. ``rules_of``: the rules that judge a year."""
    if not _ADMITTED.acquire(blocking=False):
        raise BulletinBusy("exp_bulletin_busy")
    try:
        view = view_of()
        rules = rules_of(view.year)  # the view's year's scheme
        issue = issue_fields(view.year, view.month, lang)
        tasks = task_lines(view.year, view.month, lang)
        key = repr(("bulletin_file", current_settings().database_url, data_stamp, fmt,
                    view.year, view.month, view.mode, view.city, tuple(view.counties),
                    rules, image_problem(), month_info(view.year, view.month), lang,
                    issue, tasks))  # fmt: skip
        found = kept(key)
        if found is not None:
            return view, found
        if not _DRAWING.acquire(timeout=WAIT_SECONDS):
            raise BulletinBusy("exp_bulletin_busy")
        try:
            found = kept(key)  # drawn by the request this one waited behind
            if found is not None:
                return view, found
            bulletin = bulletin_for(view, rules, lang=lang, issue=issue)
            body = bulletin_pdf(bulletin) if fmt == "pdf" else bulletin_docx(bulletin)
            keep(key, body, BULLETIN_SECONDS)
            return view, body
        finally:
            _DRAWING.release()
    finally:
        _ADMITTED.release()


def issue_files(
    view: PeriodView, rules, published_at: datetime, reason: str | None = None
) -> dict[str, bytes]:
    """The bulletin as it is issued at a publication: PDF and DOCX (the PDF only
    where the fonts are installed), drawn before the publication is written, with
    the publication's ``reason`` where counties are missing and the office's issue
    fields (期号, 主送, 工作要求, 落款, date, 抄送)."""
    bulletin = bulletin_for(view, rules, published_at=published_at, reason=reason)
    files = {"docx": bulletin_docx(bulletin)}
    if cjk_fonts() is not None:
        files["pdf"] = bulletin_pdf(bulletin)
    return files


def delivery_pdf(view: PeriodView, published: bool) -> bytes | None:
    """The bulletin PDF the office's e-mail carries: as issued at publication; a
    month sent before it is published gets one drawn now (a draft, marked so). None
    where it cannot be drawn (no browser or fonts): the e-mail goes without it."""
    if published:
        issued = queries.issued_bulletin(view.year, view.month, "pdf")
        if issued:
            return issued
    from services.context import rules

    try:
        return bulletin_pdf(bulletin_for(view, rules(view.year), lang=LANG,
                                         issue=issue_fields(view.year, view.month, LANG)))  # fmt: skip
    except (ExportUnavailable, OSError, RuntimeError):
        return None
