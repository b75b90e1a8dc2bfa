"""UI text (Chinese first, English on a switch) and number formatting.

Chinese UI strings live here only; pages and components look them up with ``t``.
"""

from __future__ import annotations

import math
import re

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

STRINGS: dict[str, tuple[str, str]] = {
    "app_title": ("就业目标责任考核", "Employment target assessment"),
    "city_subtitle": ("{city} · {policy}", "{city} · {policy}"),
    "nav_overview": ("总览", "Overview"),
    "nav_county": ("旗县区", "Counties"),
    "nav_rankings": ("排名", "Rankings"),
    "nav_indicator": ("指标", "Indicators"),
    "nav_measures": ("政策任务", "Policy"),
    "nav_admin": ("账号管理", "Accounts"),
    "admin_title": ("账号管理", "Accounts"),
    "admin_new": ("新建账号", "New account"),
    "admin_username": ("用户名", "Username"),
    "admin_display_name": ("显示名称", "Name shown"),
    "admin_role": ("角色", "Role"),
    "admin_county": ("旗县区（仅旗县区账号）", "County (county accounts only)"),
    "admin_county_code": (
        "输入旗县区代码（可在排名页查找）",
        "Type the county's code (find it on Rankings)",
    ),
    "admin_create": ("创建账号", "Create"),
    "admin_accounts": ("账号", "Accounts"),
    "admin_reset": ("重置密码", "Reset password"),
    "admin_disable": ("停用", "Disable"),
    "admin_enable": ("启用", "Enable"),
    "admin_events": ("操作记录", "Audit trail"),
    "admin_state": ("状态", "State"),
    "admin_active": ("✓ 在用", "✓ active"),
    "admin_inactive": ("✕ 已停用", "✕ disabled"),
    "admin_must_change": ("待设置密码", "must set a password"),
    "admin_action": ("操作", "Action"),
    "admin_detail": ("说明", "Detail"),
    "event_create": ("创建账号", "created"),
    "event_reset_password": ("重置密码", "password reset"),
    "event_disable": ("停用", "disabled"),
    "event_enable": ("启用", "enabled"),
    "event_change_own_password": ("本人修改密码", "changed own password"),
    "adm_created": (
        "已创建账号 {username}。临时密码：{password} （只显示这一次；请当面或电话告知本人，"
        "首次登录须设置自己的密码）",
        "Created {username}. Temporary password: {password} (shown this once; tell its "
        "user in person or by phone; they choose their own at the first sign-in)",
    ),
    "adm_reset": (
        "已重置 {username} 的密码，其登录会话已失效。临时密码：{password} （只显示这一次）",
        "Reset the password of {username}; its sessions have ended. Temporary password: "
        "{password} (shown this once)",
    ),
    "adm_disabled": (
        "已停用账号 {username}，其所有登录会话已失效。",
        "Disabled {username}; all of its sessions have ended.",
    ),
    "adm_enabled": ("已启用账号 {username}。", "Enabled {username}."),
    "year": ("年份", "Year"),
    "month": ("月份", "Month"),
    "language": ("语言", "Language"),
    "city_name": ("巴彦淖尔", "Bayannur"),
    "choose_county": ("选择旗县区", "Choose a county"),
    "labelled": ("{label}：{value}", "{label}: {value}"),
    "score_with_rank": ("{total}（{rank_word}{rank}）", "{total} ({rank_word} {rank})"),
    "cn_numerals": ("一二三四五六七八九十", "一二三四五六七八九十"),
    "lang_zh": ("中文", "中文"),
    "lang_en": ("EN", "EN"),
    "login": ("登录", "Sign in"),
    "error_title": ("出错了 · Something went wrong", "Something went wrong"),
    "error_notice": (
        "这一部分暂时无法显示，已记录错误，请稍后重试。",
        "This part could not be shown; the error was logged. Please try again.",
    ),
    "database_notice": (
        "数据库暂时不可用：数据未能读取或保存，已记录错误，请稍后重试或联系管理员。",
        "The database is unavailable: nothing could be read or saved. The error was "
        "logged; please try again later or contact the administrator.",
    ),
    "logout": ("退出", "Sign out"),
    "role_leader": ("市领导", "Leader"),
    "role_supervisor": ("督查室", "Supervisory office"),
    "role_county": ("旗县区", "County"),
    "role_admin": ("管理员", "Admin"),
    "include_submitted": ("含待审核", "Unapproved too"),
    "pending_note": (
        "含旗县区已提交、督查室尚未审核的数据（标有“待审”）。",
        "Includes figures submitted by counties but not yet approved (marked “pending”).",
    ),
    "pending": ("待审", "pending"),
    "demo_data": ("示例数据", "Demo data"),
    "demo_note": (
        "本页数字为示例数据，仅供演示，不代表实际统计。",
        "Figures on this page are demo data, not official statistics.",
    ),
    "period": ("{year}年{month}月", "{month_name} {year}"),
    "period_ytd": ("{year}年1–{month}月", "Jan–{month_name} {year}"),
    "as_of": (
        "数据截至 {period} · 更新于 {updated}",
        "Data to {period} · updated {updated}",
    ),
    "no_data_period": (
        "{period}暂无报送数据，请选择其他月份。",
        "No reports for {period} yet; pick another month.",
    ),
    "bad_period": (
        "链接中的年月无效，已显示最新一期。",
        "The period in the link is not valid; showing the latest one.",
    ),
    "exp_bad_scope": (
        "范围参数无效（scope 须为有下级单位的地区代码）",
        "Invalid scope (scope must be the code of a region with units)",
    ),
    "scope_label": ("范围", "Scope"),
    "units_left_out": (
        "⋯ 中间另有 {count} 个单位 ⋯",
        "⋯ {count} more units in between ⋯",
    ),
    "excerpt_note": (
        "共 {total} 个单位，显示前 10 名与后 10 名",
        "{total} units: the top and bottom ten are shown",
    ),
    "preview_in_files": (
        "预览从略 {count} 项（单位与问题清单），完整内容见 PDF / Word 通报。",
        "{count} items (units and problems) are left out of the preview; "
        "the PDF and Word bulletins hold them all.",
    ),
    "show_all_paged": ("查看全部（分页）", "Show all (by page)"),
    "page_of": ("第 {page} / {pages} 页", "Page {page} of {pages}"),
    "page_previous": ("‹ 上一页", "‹ Previous"),
    "page_next": ("下一页 ›", "Next ›"),
    "page_top_bottom": ("返回前后 10 名", "Back to the top and bottom ten"),
    "scope_all_counties": ("全部旗县区", "All counties"),
    "scope_units": ("共 {count} 个单位", "{count} units"),
    "scope_search": ("查找地区（名称或代码）…", "Find a region (name or code)…"),
    "scope_search_input": ("输入名称或代码", "Type a name or code"),
    "scope_search_none": ("无匹配的地区", "No region matches"),
    "clear": ("清除", "Clear"),
    "bad_scope": (
        "链接中的范围无效，已显示默认范围。",
        "The scope in the link is not valid; showing the default one.",
    ),
    "map_source": (
        "边界：DataV.GeoAtlas（经 anzhou99/GeoJsons 公开数据集）",
        "Boundaries: DataV.GeoAtlas (via the public anzhou99/GeoJsons collection)",
    ),
    "status_on_track": ("达标", "On track"),
    "status_lagging": ("滞后", "Behind"),
    "status_near_cap": ("接近控制线", "Near the cap"),
    "status_alert": ("预警", "Alert"),
    "status_no_data": ("未报送", "Not reported"),
    "status_not_assessed": ("不考核", "Not assessed"),
    "grade_excellent": ("优秀", "Excellent"),
    "grade_good": ("良好", "Good"),
    "grade_pass": ("合格", "Pass"),
    "grade_fail": ("不合格", "Fail"),
    "target": ("目标", "Target"),
    "cap": ("控制目标", "Cap"),
    "actual": ("实际", "Actual"),
    "completion": ("完成率", "Completion"),
    "time_progress": ("序时进度", "Time progress"),
    "seasonal_due": ("按往年节奏应达", "Due at last years' pace"),
    "time_progress_paced": ("进度（按往年节奏）", "Progress (last years' pace)"),
    "seasonal_due_note": (
        "前三个完整年度同期累计占全年的比例；考核按序时进度（全年已过月份÷12）",
        "The share of the year's total earlier years had reached by this month; the "
        "assessment uses time progress (months elapsed ÷ 12)",
    ),
    "gap": ("与序时进度差", "vs time progress"),
    "gap_value": ("{sign}{value}个百分点", "{sign}{value} pts"),
    "headroom": ("距控制线", "Under cap by"),
    "pace": ("尚需月均", "Needed per month"),
    "pace_line": (
        "需月均完成{needed}{unit}，前{months}月月均{so_far}{unit}",
        "Needs {needed} {unit} a month; {so_far} a month in months 1–{months}",
    ),
    "pace_line_done": (
        "已完成全年目标，前{months}月月均{so_far}{unit}",
        "Year's target met; {so_far} {unit} a month in months 1–{months}",
    ),
    "outlook_title": (
        "年终预测（按当前进度）",
        "Year-end outlook (at the current pace)",
    ),
    "outlook_headline": (
        "按当前进度，预计年终得分约{total}分（{grade}），排名第{ranks}名",
        "At the current pace: a year-end score of about {total} ({grade}), rank {ranks}",
    ),
    "outlook_range": ("得分区间{low}–{high}分", "Score range {low}–{high}"),
    "outlook_method": (
        "预测：累计指标按本旗县区往年同期至年末的增长倍数推算（历史不足两年用全市的，"
        "无历史按序时线性外推），存量与未清零户数按逐月变化趋势推算，比率按逐月波动推算；"
        "区间为80%可能区间，得分区间取各指标区间两端，用与正式考核相同的计分规则计算。",
        "Projection: a year-to-date figure is carried to December by the county's own "
        "earlier years from the same month (the city's with under two years, linear "
        "with none); stocks and counts go on at their monthly trend, rates move by "
        "their monthly spread. Ranges are 80 % ranges; the score range puts every "
        "indicator at one end of its range, scored by the assessment's own rules.",
    ),
    "projected_december": ("预计年末", "Projected December"),
    "projected_column": ("预计年终", "Year-end (proj.)"),
    "projected_column_title": (
        "按当前进度预计的年终得分、等次与排名（排名区间取得分80%区间两端）",
        "Projected year-end score, grade and rank at the current pace (the rank "
        "range from the ends of the score's 80 % range)",
    ),
    "projected_rank": ("第{ranks}名", "rank {ranks}"),
    "projected_range": ("80%区间", "80 % range"),
    "year_end_target": ("年末应达", "Due in December"),
    "chance": ("完成概率", "Chance of meeting it"),
    "outlook": ("研判", "Outlook"),
    "pace_short": ("月均进度", "Monthly pace"),
    "outlook_likely": ("有望完成", "Likely"),
    "outlook_at_risk": ("存在风险", "At risk"),
    "outlook_unlikely": ("难以完成", "Unlikely"),
    "outlook_none": ("未报送，无法预测", "Not reported: no projection"),
    "outlook_december": (
        "12月即全年，无需预测",
        "December is the year: nothing to project",
    ),
    "whatif_title": ("模拟测算（不保存）", "What if (nothing is saved)"),
    "whatif_intro": (
        "调整今后{months}个月的月均计划完成量（或权重），即时看到年终得分、等次和排名的变化；"
        "其余指标按当前预测。",
        "Change the planned monthly figure for the {months} months left (or a weight) "
        "and see the year-end score, grade and rank move; other indicators stay as "
        "projected.",
    ),
    "whatif_plan_label": (
        "{name}：今后每月计划（{unit}）",
        "{name}: planned a month ({unit})",
    ),
    "whatif_weights": ("权重（督查室测算）", "Weights (office's what-if)"),
    "whatif_weight_label": ("{name} 权重", "{name} weight"),
    "whatif_result": (
        "模拟结果：年终得分约{total}分（{grade}），排名第{rank}名",
        "What if: a year-end score of about {total} ({grade}), rank {rank}",
    ),
    "whatif_was": (
        "（按当前进度：{total}分，第{rank}名）",
        "(at the current pace: {total}, rank {rank})",
    ),
    "whatif_nothing_saved": (
        "仅为测算，不保存任何数据。",
        "A calculation only: nothing is saved.",
    ),
    "whatif_bad": ("请输入0及以上的数字。", "Enter a number of 0 or more."),
    "move_up_first": ("已排名第一。", "Ranked first."),
    "move_up_head": (
        "距第{rank}名（{name}）差{points}分：",
        "{points} points behind No. {rank} ({name}): ",
    ),
    "move_up_more": ("{name}再增加{amount}{unit}", "{amount} {unit} more {name}"),
    "move_up_less": ("{name}减少{amount}{unit}", "{amount} {unit} less {name}"),
    "move_up_rate": ("{name}降低{amount}个百分点", "{name} down {amount} points"),
    "move_up_way": ("{how}可升至第{rank}名", "{how} would lift it to No. {rank}"),
    "move_up_or": ("；或", "; or "),
    "move_up_and": ("、", ", "),
    "move_up_together": (
        "单项无法追上，需{how}，可升至第{rank}名",
        "no single indicator suffices: {how} would lift it to No. {rank}",
    ),
    "move_up_cannot": (
        "即使各项均得满分也无法超过（满分并列）。",
        "even full marks everywhere would not pass it (a tie at best).",
    ),
    "move_up_title": (
        "升位所需（按本月得分）",
        "What it takes to move up (this month)",
    ),
    "fair_title": ("公平比较", "Fair comparisons"),
    "fair_basis": ("比较口径", "Compare by"),
    "fair_official": ("正式排名", "Official rank"),
    "fair_per_capita": ("人均", "Per capita"),
    "fair_improvement": ("较上年提升", "Improvement"),
    "fair_moves": ("争先进位", "Rank movement"),
    "fair_method_official": (
        "正式排名：按考核办法计算的综合得分排名（与下表相同）。",
        "The official ranking: by the total score under the assessment rules (as below).",
    ),
    "fair_method_per_capita": (
        "人均：各累计指标每万常住人口完成量与各旗县区合计之比（平均=100），取各指标平均；"
        "人口为{year}年数据。",
        "Per capita: each year-to-date figure per 10,000 residents against all the units "
        "together (average = 100), averaged over the indicators; populations of {year}.",
    ),
    "fair_method_improvement": (
        "较上年提升：本月综合得分减去上年同月综合得分，按提升幅度排名。",
        "Improvement: this month's total less the same month's last year, ranked by it.",
    ),
    "fair_method_moves": (
        "争先进位：正式名次较本年1月和上年同月的变化（正数为上升），★为较1月进步最大。",
        "Rank movement: official places gained since January and since the same month last "
        "year (positive: up); ★ marks the most improved since January.",
    ),
    "fair_index": ("人均指数", "Per-capita index"),
    "fair_change": ("得分变化", "Change in score"),
    "fair_since_january": ("较1月", "Since January"),
    "fair_since_last_year": ("较上年同期", "Since last year"),
    "fair_best": ("进步最大", "most improved"),
    "warnings_more": (
        "；此处列出最紧迫的{shown}项，完整清单请下载",
        "; the {shown} most urgent shown here, all in the download",
    ),
    "warnings_title": ("预警清单（预计完不成）", "Early warnings (projected to miss)"),
    "warnings_none": (
        "按当前进度，各旗县区各项指标均有望完成。",
        "At the current pace every county is likely to meet every target.",
    ),
    "warnings_count": (
        "{unlikely}项难以完成，{at_risk}项存在风险",
        "{unlikely} unlikely, {at_risk} at risk",
    ),
    "due_level": ("应达", "Due now"),
    "deadline_target": ("{year}年目标", "{year} target"),
    "held_target": ("沿用{year}年目标", "holding the {year} target"),
    "left_over": ("未清零", "Left over"),
    "city_total": ("{whole}", "{Whole}"),
    "lead": ("牵头", "Lead"),
    "co": ("配合", "Co-responsible"),
    "lead_department": ("牵头单位", "Lead department"),
    "score": ("得分", "Score"),
    "total_score": ("综合得分", "Total score"),
    "grade": ("等次", "Grade"),
    "rank": ("排名", "Rank"),
    "rank_of": ("第{rank}名 / 共{count}个", "No. {rank} of {count}"),
    "change": ("较上月", "vs last month"),
    "change_short": ("升降", "Δ"),
    "status_summary": ("{whole}{count}项指标：", "{count} {whole_adj} indicators: "),
    "section_numeral": ("{numeral}、{title}", "{number}. {title}"),
    "tie": ("并列", "tied"),
    "near_tie": ("分差<{points}", "within {points}"),
    "county": ("旗县区", "County"),
    "indicator": ("指标", "Indicator"),
    "weight": ("权重", "Weight"),
    "points": ("得分", "Points"),
    "max_points": ("满分", "Max"),
    "why_score": ("得分构成（为什么是这个分数）", "Why this score"),
    "why_line_flow": (
        "完成应完成量的{share}，得{points}/{max}分",
        "{share} of what was due, {points}/{max} points",
    ),
    "why_line_rate": (
        "{actual}%，控制线{cap}%，得{points}/{max}分",
        "{actual}% against a {cap}% cap, {points}/{max} points",
    ),
    "why_line_zero": (
        "未清零{actual}户，得{points}/{max}分",
        "{actual} left, {points}/{max} points",
    ),
    "why_line_no_data": ("未报送，得0分", "not reported, 0 points"),
    "row_details": ("详情", "Details"),
    "why_short": ("原因", "Why"),
    "ranking_why_all_on_track": ("各项指标均达到序时进度", "every indicator on track"),
    "ranking_why_count": ("{status}{count}项", "{status}: {count}"),
    "overview_title": ("总览", "Overview"),
    "indicator_cards": ("{whole}指标完成情况", "{Whole} indicators"),
    "score_map": ("各{units}综合得分", "Total score by {unit}"),
    "map_hint": ("点击地图上的{units}查看详情", "Click a {unit} on the map to open it"),
    "city_trend": (
        "{whole}累计完成与目标进度",
        "{Whole} year-to-date against the target path",
    ),
    "trend_actual": ("{year}年累计", "{year} year to date"),
    "trend_last_year": ("{year}年同期", "{year} same month"),
    "trend_target_path": ("目标进度线", "Target path"),
    "trend_cap": ("控制目标", "Cap"),
    "trend_due": ("应达水平", "Due level"),
    "choose_indicator": ("选择指标", "Indicator"),
    "county_title": ("{name}考核情况", "{name}: assessment"),
    "county_unknown": (
        "没有编码为 {code} 的旗县区。",
        "There is no county with code {code}.",
    ),
    "scorecard": ("考核计分卡", "Scorecard"),
    "county_trend": ("月度走势", "Monthly trend"),
    "other_counties": ("其他旗县区", "Other counties"),
    "rankings_title": ("旗县区排名", "County rankings"),
    "rankings_title_city": ("市（盟）排名", "City rankings"),
    "rankings_title_province": ("省（区、市）排名", "Province rankings"),
    "unit_city": ("市（盟）", "City"),
    "unit_province": ("省（区、市）", "Province"),
    "sort_by": ("排序依据", "Sort by"),
    "heatmap_title": (
        "完成率与序时进度之差（百分点）",
        "Completion minus time progress (points)",
    ),
    "heat_zero_target": ("目标为0", "target 0"),
    "chart_sum_empty": ("暂无数据", "no figures"),
    "chart_sum_range": (
        "最高：{top_name} {top}；最低：{low_name} {low}",
        "highest: {top_name} {top}; lowest: {low_name} {low}",
    ),
    "chart_sum_count": ("{word}{count}", "{word}: {count}"),
    "chart_sum_latest": (
        "{name}{month}月为{value}",
        "{name}: {value} in month {month}",
    ),
    "chart_sum_matrix": (
        "{departments}个部门、{measures}项任务的分工",
        "who leads and shares {measures} measures across {departments} departments",
    ),
    "heatmap_note": (
        "格内为百分点，正数为超过序时进度；失业率为距控制线，零就业家庭为未清零户数。",
        "Cells in points; positive is ahead. Rates: headroom under the cap; "
        "zero-employment families: households left.",
    ),
    "score_bar": ("综合得分", "Total score"),
    "indicator_title": ("{name}", "{name}"),
    "indicator_unknown": (
        "没有代码为 {code} 的指标。",
        "There is no indicator {code}.",
    ),
    "indicator_map": ("各{units}完成情况", "By {unit}"),
    "indicator_bar": ("实际与目标", "Actual against target"),
    "indicator_trend": ("各{units}月度走势", "Monthly trend by {unit}"),
    "policy_basis": ("政策依据", "Policy basis"),
    "policy_as_of": (
        "政策文本：巴政发〔2018〕49号（2018年5月22日）· 数据更新于 {updated}",
        "Policy text: 2018 No. 49 (22 May 2018) · data updated {updated}",
    ),
    "measures_title": ("政策任务分工", "Policy measures and departments"),
    "measures_intro": (
        "{year}年考核依据{policy}，共{count}项任务，列第一位者为牵头单位。",
        "{year} is assessed on {policy}: {count} measures; the first department listed leads.",
    ),
    "department": ("部门", "Department"),
    "all_departments": ("全部部门", "All departments"),
    "drives": ("关联考核指标", "Drives indicators"),
    "matrix_title": ("部门 × 任务分工矩阵", "Department × measure matrix"),
    "matrix_legend": ("■ 牵头　□ 配合", "■ lead · □ co-responsible"),
    "measures_shown": ("显示{shown}/{count}项", "{shown} of {count} shown"),
    "not_found": ("页面不存在", "Page not found"),
    "back_home": ("返回总览", "Back to the overview"),
    "value": ("数值", "Value"),
    "unit": ("单位", "Unit"),
    "status": ("状态", "Status"),
    "view_county": ("查看", "Open"),
    "period_col": ("年月", "Period"),
    "download": ("下载", "Download"),
    "table_rankings": ("下载排名表", "Ranking table"),
    "table_results": ("下载指标完成明细", "Indicator details"),
    "table_warnings": ("下载预警清单", "Early-warning list"),
    "table_measures": ("下载政策任务分工", "Policy measures"),
    "table_targets": ("下载年度目标", "Targets"),
    "table_history": ("下载修改记录", "Change history"),
    "download_png": ("PNG图片（打印分辨率）", "PNG (print resolution)"),
    "download_svg": ("SVG矢量图", "SVG (vector)"),
    "download_pdf": ("PDF", "PDF"),
    "download_xlsx": ("Excel（XLSX）", "Excel (XLSX)"),
    "download_csv": ("CSV（UTF-8）", "CSV (UTF-8)"),
    "download_zip": ("本页图表和表格（ZIP）", "This view's charts and tables (ZIP)"),
    "nav_exports": ("导出/通报", "Exports"),
    "exports_title": ("导出与考核通报", "Exports and the bulletin"),
    "bulletin_preview": (
        "通报预览（与PDF内容一致）",
        "Bulletin preview (as in the PDF)",
    ),
    # The bulletin is a Chinese government document: its heading and file name stay
    # Chinese in either language.
    "bulletin_heading": ("就业目标责任考核通报", "就业目标责任考核通报"),
    "bulletin_file": (
        "考核通报-{year}年{month}月.{ext}",
        "assessment-bulletin-{year}-{month:02d}.{ext}",
    ),
    "page_not_found": ("页面不存在 · Page not found", "Page not found"),
    "back_to_overview": ("返回总览 · Back to the overview", "Back to the overview"),
    "bulletin_docx": ("通报Word版（DOCX）", "Bulletin as Word (DOCX)"),
    "download_bulletin": ("下载通报PDF", "Download the bulletin (PDF)"),
    "other_exports": ("其他导出", "Other exports"),
    "targets_title": ("目标与权重", "Targets and weights"),
    "targets_stamp": (
        "{year}年度 · 数据更新于 {updated}",
        "{year} · data updated {updated}",
    ),
    "targets_grid": ("{year}年度目标", "Targets for {year}"),
    "targets_hint": (
        "督查室可直接修改单元格；流量指标各{units}目标合计须不低于{whole}目标。"
        "创业园、人力资源骨干企业为截至该年底应达数量。",
        "The supervisory office edits cells directly; for flows the {units}' targets "
        "must add up to at least {whole_noun}'s. Stocks are levels due by the year's end.",
    ),
    "weights_grid": ("指标权重（合计100）", "Indicator weights (total 100)"),
    "weights_total": ("当前合计：{total}", "Total now: {total}"),
    "supervisor_only": (
        "只有督查室可以修改。",
        "Only the supervisory office can edit.",
    ),
    "targets_saved": ("已保存{changed}项目标。", "{changed} targets saved."),
    "weights_saved": ("已保存{changed}项权重。", "{changed} weights saved."),
    "scheme_saved": (
        "已保存{year}年考核方案的{changed}项修改。",
        "{changed} changes to the {year} scheme saved.",
    ),
    "scheme_started": (
        "已建立{year}年考核方案（沿用{from}年方案）。",
        "The {year} scheme is started (a copy of {from}'s).",
    ),
    "scheme_title": (
        "{year}年考核方案（分值合计100）",
        "The {year} assessment scheme (points total 100)",
    ),
    "scheme_own": (
        "本年度方案由{who}于{when}更新。",
        "This year's scheme was last changed by {who} on {when}.",
    ),
    "scheme_seeded": (
        "本年度方案于{when}随数据载入建立（指标目录分值、系统默认参数）。",
        "This year's scheme was made with the data on {when} (the catalogue's weights, the defaults).",
    ),
    "scheme_borrowed": (
        "{year}年尚未建立本年度方案，沿用{from}年方案计分。",
        "{year} has no scheme of its own yet: it is scored by {from}'s.",
    ),
    "scheme_default": (
        "{year}年尚未建立考核方案，按系统默认参数与指标目录分值计分。",
        "{year} has no scheme yet: it is scored by the defaults and the catalogue's weights.",
    ),
    "scheme_start": (
        "以{from}年方案建立{year}年方案",
        "Start {year}'s scheme from {from}'s",
    ),
    "scheme_start_default": ("建立{year}年方案", "Start {year}'s scheme"),
    "scheme_rescore": (
        "保存后将重新计算{year}年{months}月的得分；其他年份的得分不受影响。",
        "Saving scores {year}'s months {months} anew; other years' scores stay as they are.",
    ),
    "scheme_frozen": (
        "已发布的{year}年{months}月排名保持发布时的得分不变（更改以差异显示）。",
        "The published rankings of {year} (months {months}) keep their scores (changes show as differences).",
    ),
    "scheme_reason": (
        "修改原因（年度已开始时必填）",
        "Reason for the change (required once the year has begun)",
    ),
    "scheme_parameters": ("计分参数", "Scoring parameters"),
    "scheme_weight_hint": (
        "分值留空即本年度不考核该指标。",
        "A blank weight drops the indicator from this year.",
    ),
    "scheme_history": ("{year}年考核方案修改记录", "Changes to the {year} scheme"),
    "scheme_no_history": (
        "本年度方案尚无修改记录。",
        "No changes to this year's scheme yet.",
    ),
    "scheme_item_start": ("建立方案（沿用{value}年）", "started (from {value})"),
    "scheme_item_weight": ("{name}分值", "weight of {name}"),
    "param_lag_points": (
        "滞后判定（落后序时进度百分点以内）",
        "Lagging within (points behind time progress)",
    ),
    "param_rate_safe_margin": (
        "失业率达标须低于控制线（百分点）",
        "A rate on track is this far under its cap (points)",
    ),
    "param_rate_zero_score_excess": (
        "失业率超控制线多少百分点得0分",
        "A rate scores zero this far over its cap (points)",
    ),
    "param_zero_target_penalty": (
        "零就业家庭每户扣分比例",
        "Share of the weight lost per household left",
    ),
    "param_near_tie_points": ("名次接近的分差（分）", "Near tie within (points)"),
    "param_grade_excellent": ("优秀分数线", "Excellent from"),
    "param_grade_good": ("良好分数线", "Good from"),
    "param_grade_pass": ("合格分数线", "Pass from"),
    "err_scheme_reason": (
        "{year}年度已开始，修改考核方案须填写原因",
        "{year} has begun: give a reason for changing its scheme",
    ),
    "err_unknown_parameter": (
        "没有这个计分参数：{name}",
        "There is no scoring parameter {name}",
    ),
    "col_parameter": ("参数", "Parameter"),
    "col_value_short": ("数值", "Value"),
    "target_history": ("目标与权重修改记录", "Target and weight changes"),
    "county_sum": ("{units}合计", "{Units}' total"),
    "publish": ("发布本期排名", "Publish this ranking"),
    "published_on": (
        "本期排名已于{when}由{who}发布；发布后的更正以差异显示。",
        "Published on {when} by {who}; later corrections show as differences.",
    ),
    "not_published": ("本期排名尚未发布。", "This ranking has not been published."),
    "published_reason": ("发布说明：{reason}", "Note: {reason}"),
    "withdrawn_on": (
        "曾于{when}由{who}撤回，原因：{reason}",
        "Withdrawn on {when} by {who}: {reason}",
    ),
    "publish_open": ("发布排名…", "Publish ranking…"),
    "withdraw_open": ("撤回发布…", "Withdraw…"),
    "withdraw": ("撤回发布", "Withdraw"),
    "cancel": ("取消", "Cancel"),
    "publish_confirm_title": (
        "确认发布{period}排名？",
        "Publish the ranking for {period}?",
    ),
    "publish_confirm_body": (
        "发布后排名即冻结并生成正式通报（PDF、Word），以后的更正只以差异显示；如需撤回须填写原因。"
        "如有旗县区数据未审定，须在报送截止后填写发布理由，这些旗县区标注为未报送。",
        "Once published the ranking is frozen and the bulletin is issued (PDF, Word); "
        "later corrections show as differences, and withdrawing needs a reason. With "
        "counties not approved it can be published only after the due day, with a "
        "reason; they are marked not reported.",
    ),
    "publish_reason_hint": (
        "发布说明（有旗县区未审定时必填）",
        "Note (required when counties are not approved)",
    ),
    "withdraw_confirm_title": (
        "撤回{period}排名的发布？",
        "Withdraw the ranking for {period}?",
    ),
    "withdraw_confirm_body": (
        "撤回后该月排名不再冻结，可更正后重新发布；撤回原因将记录并向所有读者显示。",
        "The ranking is no longer frozen and can be published again after corrections; "
        "the reason is recorded and shown to every reader.",
    ),
    "withdraw_reason_hint": ("撤回原因（必填）", "Reason (required)"),
    "published_score": ("发布时得分", "Published score"),
    "published_rank": ("发布时排名", "Published rank"),
    "difference": ("差异", "Difference"),
    "corrected_because": ("更正原因：{reason}", "Corrected: {reason}"),
    "corrections_title": ("本月更正", "Corrections this month"),
    "correction_line": (
        "{indicator}：{old} → {new}（{when}，原因：{reason}）",
        "{indicator}: {old} → {new} ({when}; reason: {reason})",
    ),
    "published_ok": (
        "已发布{year}年{month}月排名。",
        "The ranking for {month_name} {year} is published.",
    ),
    "import_refused": (
        "未写入任何数据：请按下列问题修改后重试。",
        "Nothing was written: fix the problems below and try again.",
    ),
    "preview_ready": ("已检查文件，请确认导入。", "File checked; confirm to import."),
    "nav_data": ("数据报送", "Reporting"),
    "nav_targets": ("目标与权重", "Targets"),
    "data_title": ("数据报送", "Data reporting"),
    "history_login_needed": (
        "修改记录含操作人信息，登录后可查看。",
        "The change history names who changed what: sign in to see it.",
    ),
    "login_needed": (
        "报送、审核数据需要登录。",
        "Sign in to report or approve data.",
    ),
    "reading_only": (
        "您的账号可以查看，但不能报送或审核数据。",
        "Your account can read but not report or approve data.",
    ),
    "sub_status_panel": ("{period}报送情况", "Submissions for {period}"),
    "sub_draft": ("草稿", "Draft"),
    "sub_submitted": ("已提交", "Submitted"),
    "sub_approved": ("已审核", "Approved"),
    "sub_returned": ("退回", "Returned"),
    "sub_none": ("未报送", "Not reported"),
    "status_excerpt": (
        "共 {total} 个单位，先列待办的 {shown} 个（待审核、退回、未报送、草稿）。",
        "{total} units; the {shown} needing action are listed first "
        "(awaiting approval, returned, not reported, drafts).",
    ),
    "yoy": ("同比", "Year on year"),
    "correcting": ("更正待审", "correction"),
    "xh_last_year": ("上年同期", "Same month last year"),
    "xh_yoy_change": ("同比增减", "Change on last year"),
    "xh_yoy_pct": ("同比增幅", "Change on last year"),
    "bl_yoy": ("，同比{direction}{pct}", ", {pct} {direction} on last year"),
    "bl_yoy_up": ("增长", "up"),
    "bl_yoy_down": ("下降", "down"),
    "yoy_value": ("上年同期{last} · {change}{pct}", "last year {last} · {change}{pct}"),
    "days_left": ("还有{days}天截止（{due}）", "{days} days to the due day ({due})"),
    "late_since": (
        "※ 逾期{days}天（应于{due}前提交）",
        "※ {days} days late (due {due})",
    ),
    "submitted_at": ("提交时间", "Submitted"),
    "approved_at": ("审核时间", "Approved"),
    "reason": ("退回原因", "Reason"),
    "upload_title": ("上传报表（CSV或XLSX）", "Upload a file (CSV or XLSX)"),
    "upload_hint": (
        "拖放文件到此处，或点击选择文件。支持UTF-8、GBK编码的CSV和XLSX。",
        "Drop a file here or click to choose one. CSV in UTF-8 or GBK, or XLSX.",
    ),
    "template": (
        "下载{name}{period}报送模板（XLSX）",
        "Download the template for {name}, {period}",
    ),
    "preview_title": ("导入预览：{filename}", "Preview: {filename}"),
    "preview_counts": (
        "新增{new}项，修改{changed}项，未变{unchanged}项",
        "{new} new, {changed} changed, {unchanged} unchanged",
    ),
    "problems_title": (
        "发现{count}个问题，未导入任何数据。请修改后重新上传：",
        "{count} problems found; nothing was imported. Fix them and upload again:",
    ),
    "change_new": ("新增", "new"),
    "change_changed": ("修改", "changed"),
    "change_unchanged": ("未变", "unchanged"),
    "old_value": ("原值", "Old"),
    "new_value": ("新值", "New"),
    "confirm_import": ("确认导入", "Confirm import"),
    "import_done": (
        "已导入：{changed}项数据有变化。",
        "Imported: {changed} figures changed.",
    ),
    "import_noop": (
        "文件与现有数据相同，无需导入。",
        "The file matches the data already held; nothing changed.",
    ),
    "entry_title": ("在线填报：{name} {period}", "Enter figures: {name}, {period}"),
    "entry_hint": (
        "点击“本月数值”单元格填写，再点保存；流量指标填1–本月累计数。",
        "Click a cell in “This month”, then Save; flows are year-to-date totals.",
    ),
    "previous_month": ("上月", "Last month"),
    "this_month": ("本月数值", "This month"),
    "approved_value": ("已审核值", "Approved"),
    "save": ("保存", "Save"),
    "saved": ("已保存：{changed}项数据有变化。", "Saved: {changed} figures changed."),
    "submit_month": ("提交审核", "Submit for approval"),
    "submitted_ok": (
        "已提交，等待督查室审核。",
        "Submitted; waiting for the office's approval.",
    ),
    "approve": ("审核通过", "Approve"),
    "return": ("退回", "Return"),
    "return_reason": (
        "退回原因（整月的原因；或在下方逐项填写）",
        "Reason for returning (the whole month; or per indicator below)",
    ),
    "approved_ok": ("已审核通过。", "Approved."),
    "returned_ok": ("已退回。", "Returned."),
    "county_for_review": ("审核旗县区", "County to review"),
    "history_title": ("修改记录", "Change history"),
    "changed_at": ("时间", "When"),
    "changed_by": ("操作人", "Who"),
    "source": ("来源", "Source"),
    "source_upload": ("上传", "upload"),
    "source_form": ("在线填报", "form"),
    "no_history": ("暂无修改记录。", "No changes yet."),
    "err_no_permission": ("无权执行此操作", "You may not do this"),
    "err_report_roles": (
        "只有旗县区和督查室账号可以报送数据",
        "Only county and supervisory-office accounts can report figures",
    ),
    "err_submit_own": ("只能提交本旗县区的数据", "You can submit your own county only"),
    "err_review_supervisor": (
        "只有督查室可以审核或退回",
        "Only the supervisory office can approve or return",
    ),
    "err_targets_supervisor": (
        "只有督查室可以设置目标",
        "Only the supervisory office can set targets",
    ),
    "err_weights_supervisor": (
        "只有督查室可以设置权重",
        "Only the supervisory office can set weights",
    ),
    "err_publish_supervisor": (
        "只有督查室可以发布排名",
        "Only the supervisory office can publish rankings",
    ),
    "err_unknown_action": ("未知的操作", "Unknown action"),
    "err_return_reason": (
        "退回时请填写原因（整月的原因，或至少一项指标的原因）",
        "Give a reason when returning (for the whole month, or for one indicator at least)",
    ),
    "err_unknown_indicator": ("没有这个指标：{code}", "There is no indicator {code}"),
    "return_item_text": ("{name}：{reason}", "{name}: {reason}"),
    "list_separator_long": ("；", "; "),
    "return_items_title": ("逐项退回原因（可选）", "Reasons per indicator (optional)"),
    "return_item_hint": ("{name}的退回原因", "Why {name} is returned"),
    "returned_because": ("退回原因", "Returned"),
    "err_no_county": ("没有这个旗县区", "There is no such county"),
    "err_bad_state": (
        "当前状态为「{state}」，不能执行此操作",
        "The month is “{state}”; this cannot be done now",
    ),
    "err_target_value": (
        "{region}「{indicator}」的目标：{detail}",
        "Target of {region}, {indicator}: {detail}",
    ),
    "err_not_number": ("「{value}」不是数字", "“{value}” is not a number"),
    "err_negative": ("「{value}」应为非负数", "“{value}” must not be negative"),
    "err_bad_year": ("年份无效", "The year is not valid"),
    "err_unknown_pair": (
        "未知的旗县区或指标：{region} {indicator}",
        "Unknown county or indicator: {region} {indicator}",
    ),
    "err_target_shortfall": (
        "{indicator}：各旗县区目标合计{sum}，低于全市目标{city}",
        "{indicator}: the counties' targets add up to {sum}, below the city's {city}",
    ),
    "err_target_shortfall_in": (
        "{indicator}：{region}下级单位目标合计{sum}，低于{region}目标{city}",
        "{indicator}: the targets of {region}'s units add up to {sum}, below its {city}",
    ),
    "err_unknown_indicators": ("未知的指标：{codes}", "Unknown indicators: {codes}"),
    "err_weights_total": (
        "权重合计应为100，现为{total}",
        "Weights must add up to 100; they add up to {total}",
    ),
    "exp_bulletin_busy": (
        "通报正在生成中，请几秒后再下载",
        "Bulletins are being drawn; please download again in a few seconds",
    ),
    "err_publish_not_ended": (
        "{year}年{month}月尚未结束，不能发布排名；月份结束、各旗县区数据审定后方可发布",
        "{month_name} {year} has not ended: a ranking is published once the month has "
        "ended and every county's figures are approved",
    ),
    "err_publish_no_targets": (
        "{year}年尚未下达目标，不能发布{month}月排名",
        "{year} has no targets yet: its ranking for {month_name} cannot be published",
    ),
    "err_publish_not_approved": (
        "{year}年{month}月尚有{count}个旗县区的数据未审定（{names}），不能发布排名"
        "（报送截止后，填写发布理由可先行发布，缺报的旗县区标注为未报送）",
        "{count} counties' figures for {month_name} {year} are not approved yet "
        "({names}): the ranking cannot be published (after the due day it may be, "
        "with a reason; those counties are then marked not reported)",
    ),
    "err_withdraw_reason": ("撤回发布须填写原因", "Give a reason for withdrawing"),
    "remind_none": (
        "没有需要催报的旗县区（都已提交或审定）",
        "No county to remind: every one has submitted or is approved",
    ),
    "reminded_ok": (
        "已向{count}个旗县区发出催报。",
        "Reminders sent to {count} counties.",
    ),
    "remind_one": ("催报所选旗县区", "Remind the chosen county"),
    "remind_all": ("催报全部未报送", "Remind every county not in"),
    "notice_return": (
        "退回：{period}的数据被{by}退回，原因：{text}（{at}）。请修改后重新提交。",
        "Returned: {period} was returned by {by}: {text} ({at}). Change it and submit again.",
    ),
    "notice_reminder": (
        "催报：{by}提醒，{period}的数据应于{due}前提交（{at}）。",
        "Reminder from {by}: {period} is due by {due} ({at}).",
    ),
    "notice_approval": (
        "审核通过：{period}的数据已由{by}审核通过（{at}）。",
        "Approved: {period} was approved by {by} ({at}).",
    ),
    "notices_badge": ("待办 {count}", "To do {count}"),
    "correction_reason": (
        "更正原因（修改已审定的数据时必填，记入修改记录）",
        "Reason for the correction (required to change approved figures; kept in the history)",
    ),
    "withdraw_ok": ("确认撤回提交并修改", "Withdraw the submission and change it"),
    "history_reason": ("原因", "Reason"),
    "err_edit_submitted": (
        "该月数据已提交审核，修改将撤回提交：请点击「确认撤回提交并修改」",
        "This month is submitted: changing it withdraws the submission. Press "
        "“Withdraw and change” to go on",
    ),
    "err_correction_reason": (
        "该月数据已审定，修改属于更正：请填写更正原因（更正提交审核后生效，之前仍显示已审定数据）",
        "This month's figures are approved: a change is a correction and needs a reason "
        "(it counts once the office approves it; until then the approved figures show)",
    ),
    "withdrawn_ok": (
        "{year}年{month}月的排名已撤回，可更正后重新发布。",
        "The ranking for {month_name} {year} is withdrawn; it can be published again.",
    ),
    "err_not_published": (
        "{year}年{month}月的排名尚未发布",
        "The ranking for {month_name} {year} is not published",
    ),
    "err_already_published": (
        "{year}年{month}月的排名已发布，不能重复发布",
        "The ranking for {month_name} {year} is already published",
    ),
    "err_unwritable": (
        "数据库不可写，数据未保存（请联系管理员检查数据库）",
        "The database cannot be written; nothing was saved (ask the administrator to "
        "check the database)",
    ),
    "acc_bad_username": (
        "用户名只能由英文字母、数字和 . _ - 组成，1至64个字符",
        "A username is 1 to 64 ASCII letters, digits and . _ -",
    ),
    "acc_bad_display_name": (
        "显示名称不能含有控制字符或方向字符",
        "A display name must not hold control or direction characters",
    ),
    "acc_long_display_name": (
        "显示名称不超过64个字符",
        "A display name has at most 64 characters",
    ),
    "acc_blank_password": ("密码不能为空白", "The password must not be blank"),
    "acc_common_password": (
        "这个密码太常见，很容易被猜中，请换一个",
        "That password is too common to be safe; choose another",
    ),
    "acc_bad_role": ("角色必须是 {roles} 之一", "The role must be one of {roles}"),
    "acc_bad_region": (
        "旗县区账号须指定有效的旗县区代码（{region}无效）",
        "A county account needs a valid county code ({region} is not one)",
    ),
    "acc_region_for_county_only": (
        "只有旗县区账号可以指定旗县区",
        "Only county accounts have a county",
    ),
    "acc_exists": ("用户名 {username} 已存在", "The username {username} is taken"),
    "acc_unknown": ("没有账号 {username}", "There is no account {username}"),
    "acc_short_password": (
        "密码至少{length}位",
        "The password must have at least {length} characters",
    ),
    "acc_not_yourself": ("不能停用自己的账号", "You cannot disable your own account"),
    "acc_wrong_old_password": ("原密码不正确", "The current password is wrong"),
    "acc_same_password": (
        "新密码不能与原密码相同",
        "The new password must differ from the old",
    ),
    "err_admin_only": ("只有管理员可以管理账号", "Only administrators manage accounts"),
    "acc_password_is_username": (
        "密码不能与用户名相同",
        "The password must not be the username",
    ),
    "cat_missing_file": ("缺少文件 {name}", "The file {name} is missing"),
    "cat_unknown_parent": (
        "regions.csv 第{row}行: 上级 {parent} 不存在",
        "regions.csv row {row}: there is no parent {parent}",
    ),
    "cat_weights_total": (
        "indicators.csv: 权重合计应为100，实为{total}",
        "indicators.csv: the weights must add up to 100; they add up to {total}",
    ),
    "cat_unknown_article": (
        "indicators.csv 第{row}行 articles: 政策中没有第{article}条",
        "indicators.csv row {row}, articles: the policy has no article {article}",
    ),
    "scheme_kind": ("考核类型", "Kind"),
    "scheme_kind_flow": ("年度累计，越高越好", "Year to date, higher is better"),
    "scheme_kind_rate_cap": ("控制线以内，越低越好", "Under a cap, lower is better"),
    "scheme_kind_stock": (
        "到期存量，越高越好",
        "Level by a deadline, higher is better",
    ),
    "scheme_kind_zero": ("清零，越低越好", "Cleared to zero, lower is better"),
    "scheme_documents": ("考核依据：{documents}", "Assessed on: {documents}"),
    "target_source_policy": ("政策文件", "Policy text"),
    "target_source_office": ("市级分解", "City decomposition"),
    "target_source_county": ("旗县区承诺", "County commitment"),
    "target_source": ("目标来源", "Target source"),
    "xh_region": ("地区", "Region"),
    "xh_document": ("文件", "Document"),
    "target_not_set": ("未设定", "not set"),
    "policy_document": ("{number}《{title}》", "{number}: {title}"),
    "policy_document_years": ("{start}年起", "from {start}"),
    "policy_document_span": ("{start}–{end}年", "{start}–{end}"),
    "target_set": ("{by} 设定于 {date}", "set by {by} on {date}"),
    "target_set_at": ("设定时间", "Set at"),
    "target_set_by": ("设定人", "Set by"),
    "target_reason": ("修改原因", "Reason for the change"),
    "target_reason_hint": (
        "修改已有目标时填写（本年已开始后必填）",
        "When changing a target the year had (required once the year has begun)",
    ),
    "target_deadline": ("{year}年底前", "by the end of {year}"),
    "err_target_reason": (
        "{year}年已开始，修改已有目标须填写修改原因",
        "{year} has begun: changing a target it had needs a reason",
    ),
    "err_target_source": (
        "目标来源“{source}”无效",
        "“{source}” is not a source of a target",
    ),
    "err_scheme_kind": (
        "指标 {indicator} 不能按“{kind}”类考核：该类指标的数据口径不同",
        "Indicator {indicator} cannot be judged as “{kind}”: that kind reads its figures otherwise",
    ),
    "cat_policy_file": (
        "policies.csv 第{row}行 file: 找不到文件 {name}",
        "policies.csv row {row}, file: there is no file {name}",
    ),
    "cat_policy_year": (
        "policies.csv 第{row}行 {column}: 年份“{value}”无效",
        "policies.csv row {row}, {column}: “{value}” is not a year",
    ),
    "cat_title_value": (
        "policy_titles_en.csv 第{row}行 {column}：“{value}”不是已知的文件、层级或编号，或为空",
        "policy_titles_en.csv row {row}, {column}: “{value}” is no known document, level or "
        "number, or is empty",
    ),
    "cat_population_value": (
        "population.csv 第{row}行 {column}：“{value}”不是已知的地区代码、年份或正数人口",
        "population.csv row {row}, {column}: “{value}” is no known region code, year or "
        "positive population",
    ),
    "cat_policy_code": (
        "policies.csv 第{row}行 code: 文件代码“{value}”重复或为空",
        "policies.csv row {row}, code: the document code “{value}” is empty or repeated",
    ),
    "xlsx_no_sheet": ("工作簿中没有工作表", "The workbook has no sheet"),
    "xlsx_sheet_missing": ("找不到工作表", "The sheet cannot be found"),
    "xlsx_bad_string": ("共享字符串索引无效", "A shared-string index is not valid"),
    "xlsx_shared_too_long": (
        "共享字符串共超过{limit}个字符，不像月度报送数据",
        "its shared strings hold more than {limit} characters: no monthly report does",
    ),
    "xlsx_damaged": (
        "文件已损坏（校验失败或内容不完整），请重新保存或重新导出后再上传",
        "the file is damaged (a checksum failed or it is incomplete); save or export "
        "it again and upload that copy",
    ),
    "xlsx_broken": (
        "文件结构有误（{reason}）",
        "the file's structure is broken ({reason})",
    ),
    "list_separator": ("、", ", "),
    "at_row": ("第{row}行", "row {row}"),
    "at_column": ("「{column}」列", ", column “{column}”"),
    "problem_at": ("{where}：{message}", "{where}: {message}"),
    "col_region": ("旗县区", "County"),
    "col_indicator": ("指标", "Indicator"),
    "col_year": ("年份", "Year"),
    "col_month": ("月份", "Month"),
    "col_value": ("数值", "Value"),
    "col_unit": ("单位", "Unit"),
    "imp_bad_xlsx": (
        "无法读取XLSX文件：文件已损坏或不是XLSX格式",
        "The XLSX file cannot be read: it is damaged or not an XLSX file",
    ),
    "imp_unpacked_too_big": (
        "XLSX文件解压后达{size}MB，超过上限{limit}MB；每月报送数据通常不超过几百行，"
        "请只保留需要导入的工作表和数据行",
        "The XLSX file unpacks to {size} MB, over the {limit} MB limit; a month's "
        "report is a few hundred rows at most: keep only the sheet and rows to import",
    ),
    "imp_unreadable_xlsx": (
        "无法读取XLSX文件：{reason}",
        "The XLSX file cannot be read: {reason}",
    ),
    "imp_empty": ("文件是空的", "The file is empty"),
    "imp_too_many_rows": (
        "文件超过{limit}行数据，超出一次报送的上限；请按月份或旗县区拆分后上传",
        "The file has more than {limit} data rows, over the limit of one upload; split "
        "it by month or county",
    ),
    "imp_encoding": (
        "无法识别文件编码，请保存为UTF-8或GBK编码的CSV",
        "The file's encoding is not recognised; save it as CSV in UTF-8 or GBK",
    ),
    "imp_not_text": ("文件类型不支持：这不是文本CSV文件", "Not a text CSV file"),
    "imp_too_many_columns": (
        "表头超过{limit}列，请使用模板的列",
        "More than {limit} columns; use the template's columns",
    ),
    "imp_bad_csv": ("CSV格式有误：{reason}", "The CSV is malformed: {reason}"),
    "imp_row_too_many_columns": (
        "超过{limit}列，请使用模板的列",
        "more than {limit} columns; use the template's columns",
    ),
    "imp_cell_too_long": (
        "单元格有{length}个字符，超过上限{limit}个字符；名称和数字不会这么长",
        "the cell holds {length} characters, over the {limit} limit; no name or "
        "number is that long",
    ),
    "imp_file_too_big": (
        "文件大小{size}MB，超过上限{limit}MB",
        "The file is {size} MB, over the {limit} MB limit",
    ),
    "imp_file_type": (
        "文件类型不支持，请上传CSV或XLSX文件（可下载模板）",
        "Upload a CSV or XLSX file (the template shows the layout)",
    ),
    "imp_missing_columns": (
        "缺少必需的列：{columns}（表头应在第1行，可下载模板）",
        "Required columns are missing: {columns} (headers go in row 1; see the template)",
    ),
    "imp_percent_not_rate": (
        "「{value}」带百分号，但{name}的单位是{unit}：百分号只能用于比率类指标",
        "“{value}” has a percent sign, but {name} is counted in {unit}: only rates take "
        "a percent sign",
    ),
    "imp_not_number": (
        "「{value}」不是数字（请只用半角数字，可带千位逗号和小数点）",
        "“{value}” is not a number (use ASCII digits, with thousands commas and a decimal "
        "point if needed)",
    ),
    "imp_unknown_region": ("未知的旗县区「{name}」", "Unknown county “{name}”"),
    "imp_not_your_county": (
        "无权报送{name}的数据（只能报送本旗县区）",
        "You may not report for {name} (only for your own county)",
    ),
    "on_behalf": ("督查室代报", "reported by the office"),
    "month_state_not_started": ("未开始", "not started"),
    "month_state_open": ("报送中", "reporting"),
    "month_state_closed": ("已截止", "closed"),
    "month_state_approved": ("已审定", "approved"),
    "month_state_published": ("已发布", "published"),
    "month_option": ("{month}月 · {state}", "{month_name} · {state}"),
    "month_option_counted": (
        "{month}月 · {state} {approved}/{total}",
        "{month_name} · {state} {approved}/{total}",
    ),
    "provisional_badge": ("临时", "Provisional"),
    "provisional_title": ("{title}（{label}）", "{title} ({label})"),
    "provisional_notice": (
        "临时数据：{period}仍在报送中（{due}截止，已审定{approved}/{total}）。"
        "未报送或待审的{unit}不计分、不排名，也不显示名次变化。",
        "Provisional: {period} is still being reported (due {due}; {approved} of "
        "{total} approved). {Unit}s without approved figures have no score and no "
        "rank, and rank changes are not shown.",
    ),
    "recompute_badge": ("重新计算中", "Recomputing"),
    "recompute_notice": (
        "考核结果正在重新计算（已完成{done}/{total}个月）：此处显示的是上次完整的计算结果，"
        "计算完成后自动更新。",
        "The assessment is being recomputed ({done} of {total} months done): these are "
        "the last complete results until it is finished.",
    ),
    "recompute_progress": (
        "重新计算：已完成{done}/{total}个月",
        "Recomputing: {done} of {total} months done",
    ),
    "recompute_waiting": ("重新计算即将开始", "The recomputation is about to start"),
    "recompute_done": (
        "最近一次重新计算已于{at}完成（{total}个月）",
        "The last recomputation finished at {at} ({total} months)",
    ),
    "recompute_failed": (
        "最近一次重新计算失败，将在下次检查时重试：{error}",
        "The last recomputation failed and is retried at the next check: {error}",
    ),
    "office_may_report": (
        "督查室可在下方选择旗县区，代其填报、上传或提交数据；这些修改在历史记录中标注为「督查室代报」。",
        "The office may choose a county below and type, upload or submit its figures on "
        "its behalf; the history marks those changes “reported by the office”.",
    ),
    "imp_unknown_indicator": ("未知的指标「{name}」", "Unknown indicator “{name}”"),
    "imp_not_in_scheme": (
        "{year}年考核方案不考核「{name}」",
        "The {year} scheme does not assess “{name}”",
    ),
    "imp_unknown_indicator_suggest": (
        "未知的指标「{name}」，您是否指「{suggestion}」？",
        "Unknown indicator “{name}”; did you mean “{suggestion}”?",
    ),
    "imp_unknown_region_suggest": (
        "未知的旗县区「{name}」，您是否指「{suggestion}」？",
        "Unknown county “{name}”; did you mean “{suggestion}”?",
    ),
    "imp_bad_year": ("年份「{value}」无效", "The year “{value}” is not valid"),
    "imp_bad_month": (
        "月份「{value}」无效，应为1–12",
        "The month “{value}” is not valid; use 1–12",
    ),
    "imp_future": (
        "{year}年{month}月尚未结束，不能报送（该月数据自{opens}起报送）",
        "{month_name} {year} has not ended: its figures can be reported from {opens}",
    ),
    "imp_bad_unit": (
        "单位「{unit}」不适用于{name}（应为{base}）",
        "The unit “{unit}” does not fit {name} (use {base})",
    ),
    "imp_out_of_range": (
        "{name}数值{value}超出合理范围",
        "{name}: {value} is beyond any plausible figure",
    ),
    "imp_negative": ("{name}不能为负数", "{name} cannot be negative"),
    "imp_rate_range": ("{name}应在0–100之间", "{name} must be between 0 and 100"),
    "imp_whole": ("{name}应为整数{unit}", "{name} must be a whole number of {unit}"),
    "imp_duplicate": (
        "与第{other}行重复（同一旗县区、指标、年月）",
        "Repeats row {other} (same county, indicator, year and month)",
    ),
    "imp_ytd_decrease": (
        "1–{month}月累计{value}低于1–{previous}月的{before}（累计数不应减少）",
        "The Jan–{month} total {value} is below the Jan–{previous} total {before} "
        "(year-to-date totals do not fall)",
    ),
    "imp_no_rows": ("文件中没有可导入的数据行", "The file has no rows to import"),
    "unit_points": ("分", "pts"),
    "unit_pct_points": ("百分点", "pct pts"),
    "xh_adcode": ("行政区划代码", "Area code"),
    "xh_status_of": ("{name}状态", "{name}: status"),
    "xh_rankings_title": ("旗县区排名（{period}）", "County rankings ({period})"),
    "xh_target_or_cap": ("目标/控制线", "Target / cap"),
    "xh_all_counties": ("各{units}", "All {units}"),
    "xh_name_and": ("{first}{second}", "{first}, {second}"),
    "xh_range_low": ("80%区间下限", "80 % range from"),
    "xh_range_high": ("80%区间上限", "80 % range to"),
    "xh_pace_so_far": ("前{months}月月均", "Per month, months 1–{months}"),
    "xh_warnings_title": (
        "预警清单（预计完不成）{period}",
        "Early warnings (projected to miss), {period}",
    ),
    "xh_results_title": (
        "{name}指标完成情况（{period}）",
        "{name}: indicators ({period})",
    ),
    "xh_number": ("序号", "No."),
    "xh_section": ("部分", "Section"),
    "xh_task": ("任务", "Task"),
    "xh_co_departments": ("配合单位", "Supporting departments"),
    "xh_measures_title": ("{policy}任务分工", "{policy}: tasks and departments"),
    "xh_targets_title": ("{year}年度目标", "Targets for {year}"),
    "xh_file_hash": ("文件SHA-256", "File SHA-256"),
    "xh_history_title": ("{name}数据修改记录", "{name}: change history"),
    "data_source": (
        "数据来源：各旗县区月度报送",
        "Source: the counties' monthly reports",
    ),
    "generated_at": ("生成于 {when}", "Made {when}"),
    "demo_table_note": (
        "示例数据：数字为演示用，不代表实际统计",
        "Demo data: the figures are for demonstration, not official statistics",
    ),
    "exp_no_browser": (
        "服务器未安装浏览器，无法生成图片：请管理员安装 Debian 的 chromium"
        "（sudo apt-get install chromium）；在此之前可用图表工具栏的PNG下载。",
        "The server has no browser to draw images with: ask the administrator to install "
        "Debian's chromium (sudo apt-get install chromium); until then use the chart "
        "toolbar's PNG download.",
    ),
    "exp_no_fonts": (
        "服务器缺少中文字体，无法生成PDF通报和图片：请管理员安装 Debian 的 fonts-noto-cjk"
        "（sudo apt-get install fonts-noto-cjk）；Word版通报和表格仍可下载。",
        "The server lacks Chinese fonts, so the PDF bulletin and images cannot be made: ask "
        "the administrator to install Debian's fonts-noto-cjk (sudo apt-get install "
        "fonts-noto-cjk); the Word bulletin and the tables still download.",
    ),
    "exp_render_failed": (
        "图片生成失败（浏览器未能启动或绘图），已记录错误：请管理员检查 chromium 的安装。",
        "The image could not be drawn (the browser did not start or draw); the error "
        "was logged: ask the administrator to check the chromium installation.",
    ),
    "exp_no_chart": ("没有名为 {name} 的图表", "There is no chart named {name}"),
    "exp_no_table": ("没有名为 {name} 的表格", "There is no table named {name}"),
    "exp_bad_indicator": ("指标无效", "The indicator is not valid"),
    "exp_bad_region": ("旗县区无效", "The county is not valid"),
    "exp_bad_period": (
        "年份或月份无效：请用 ?year=YYYY&month=M（月份1–12）",
        "The year or month is not valid: use ?year=YYYY&month=M (months 1–12)",
    ),
    "exp_no_data": ("{year}年{month}月暂无数据", "No data for {month_name} {year}"),
    "exp_history_login": (
        "修改记录含操作人信息，请先登录",
        "The change history names who changed what: sign in first",
    ),
    "exp_history_own": (
        "只能导出本旗县区的修改记录",
        "You can export your own county's history only",
    ),
    "exp_bad_format": ("格式应为 {formats}", "The format must be one of {formats}"),
    "exp_bad_page": ("page 应为 {pages}", "page must be one of {pages}"),
    "exp_charts_missing_file": ("图表未生成.txt", "charts-not-drawn.txt"),
    "pw_title": ("修改密码", "Change your password"),
    "pw_who": ("{name}（{user}）", "{name} ({user})"),
    "pw_must_change": (
        "首次登录或密码已被管理员重置：请先设置您自己的密码。",
        "First sign-in, or your password was reset: choose your own password first.",
    ),
    "pw_old": (
        "原密码（或管理员给的临时密码）",
        "Current password (or the temporary one)",
    ),
    "pw_new": (
        "新密码（至少8位，不能与用户名相同）",
        "New password (8+ characters, not the username)",
    ),
    "pw_again": ("再次输入新密码", "New password again"),
    "pw_submit": ("保存新密码", "Save the new password"),
    "pw_mismatch": ("两次输入的新密码不一致", "The two new passwords differ"),
    "change_password": ("修改密码", "Password"),
    "auth_title": ("登录 · 就业目标责任考核", "Sign in · Employment target assessment"),
    "auth_app_title": ("就业目标责任考核", "Employment target assessment"),
    "auth_prompt": ("巴彦淖尔市 · 请登录 / Sign in", "Bayannur · Sign in"),
    "auth_username": ("用户名 Username", "Username"),
    "auth_password": ("密码 Password", "Password"),
    "auth_submit": ("登录 Sign in", "Sign in"),
    "auth_back": ("返回总览 Back to the overview", "Back to the overview"),
    "auth_logout_title": (
        "退出登录 · 就业目标责任考核",
        "Sign out · Employment target assessment",
    ),
    "auth_logout_heading": ("退出登录 Sign out", "Sign out"),
    "auth_secret_key_needed": (
        "生产环境必须设置 SECRET_KEY 环境变量",
        "Production needs the SECRET_KEY variable",
    ),
    "auth_expired": (
        "页面已过期，请重新登录",
        "The page expired; please sign in again",
    ),
    "auth_database_down": (
        "数据库暂时不可用，无法登录，请稍后再试",
        "The database is unavailable, so signing in is not possible; try again later",
    ),
    "pw_rate_limited": (
        "原密码错误次数过多，请1分钟后再试",
        "Too many wrong current passwords; try again in a minute",
    ),
    "auth_rate_limited": (
        "登录失败次数过多，请1分钟后再试",
        "Too many failed sign-ins; try again in a minute",
    ),
    "auth_wrong": ("用户名或密码错误", "Wrong username or password"),
    "auth_logout_expired": (
        "页面已过期，请刷新后重试",
        "The page expired; reload and retry",
    ),
    "auth_logout_database_down": (
        "数据库暂时不可用，退出未完成，请稍后再试",
        "The database is unavailable and you are not signed out yet; try again later",
    ),
    "cli_created": (
        "已创建账号 {username}（{role} {region}）",
        "Created {username} ({role} {region})",
    ),
    "cli_disabled_mark": ("停用", "disabled"),
    "cli_password_set": (
        "已为 {username} 设置新密码，其所有登录会话已失效",
        "New password set for {username}; all of its sessions have ended",
    ),
    "cli_disabled": (
        "已停用账号 {username}，其所有登录会话已失效",
        "Disabled {username}; all of its sessions have ended",
    ),
    "cli_enabled": ("已启用账号 {username}", "Enabled {username}"),
    "cli_backup_done": ("已备份到 {path}", "Backed up to {path}"),
    "cli_assessed": (
        "已计算并保存 {count} 个期次的考核结果",
        "Assessed and stored {count} periods",
    ),
    "cli_restore_done": ("已从 {path} 恢复数据库", "Restored the database from {path}"),
    "cli_restore_failed": (
        "未能从 {path} 恢复（数据库未改动）：{reason}",
        "Could not restore from {path} (the database is unchanged): {reason}",
    ),
    "seed_loaded": (
        "数据库已初始化并载入示例数据",
        "Database created and the demo data loaded",
    ),
    "seed_untouched": (
        "数据库已有数据，未改动",
        "The database has data; left as it was",
    ),
    "seed_accounts": (
        "示例账号（密码均为 {password}）：",
        "Demo accounts (password {password}):",
    ),
    "header_with_unit": ("{header}（{unit}）", "{header} ({unit})"),
    "name_with_unit": ("{name}（{unit}）", "{name} ({unit})"),
    "sheet_data": ("数据", "Data"),
    "tpl_sheet": ("报送数据", "Report"),
    "tpl_error_title": ("数值有误", "Not a valid figure"),
    "tpl_error": ("请填写不小于0的数字", "Enter a number of 0 or more"),
    "tpl_notes_sheet": ("指标说明", "Indicators"),
    "tpl_code": ("指标代码", "Indicator code"),
    "tpl_name": ("指标名称", "Indicator"),
    "tpl_unit": ("单位", "Unit"),
    "tpl_basis": ("填报口径", "What to report"),
    "tpl_lead": ("牵头单位", "Lead department"),
    "tpl_article": ("政策依据", "Policy basis"),
    "tpl_kind_flow": (
        "1–N月累计数（不应小于上月）",
        "Year-to-date total (never below last month's)",
    ),
    "tpl_kind_rate_cap": ("月末数，百分比（0–100）", "End of month, percent (0–100)"),
    "tpl_kind_stock": ("月末实有数（整数）", "End-of-month count (whole number)"),
    "tpl_kind_zero": (
        "月末未清零户数（整数）",
        "Households not yet cleared (whole number)",
    ),
    "tpl_note": (
        "说明：可用指标代码或指标名称、旗县区代码或名称；单位可写万人、万元等，导入时自动换算。",
        "Note: indicators and counties may be given by code or by name; units such as "
        "万人 or 万元 are converted on import.",
    ),
    # The bulletin (考核通报), issued in Chinese; the English is for reference.
    "bl_comma": ("，", ", "),
    "bl_semicolon": ("；", "; "),
    "bl_stop": ("。", ". "),
    "bl_rank_up": ("，较上月上升{places}位", ", up {places} on last month"),
    "bl_rank_down": ("，较上月下降{places}位", ", down {places} on last month"),
    "bl_rank_same": ("，与上月持平", ", unchanged on last month"),
    "bl_rank": ("，排名第{rank}", ", ranked {rank}"),
    "bl_not_reported": ("{name}未报送", "{name}: not reported"),
    "bl_flow_ahead": (
        "{name}完成年度目标的{completion}%，高于序时进度{gap}个百分点",
        "{name} at {completion}% of the annual target, {gap} points ahead of time "
        "progress",
    ),
    "bl_flow_behind": (
        "{name}完成年度目标的{completion}%，低于序时进度{gap}个百分点",
        "{name} at {completion}% of the annual target, {gap} points behind time "
        "progress",
    ),
    "bl_rate_below": (
        "{name}{actual}%，低于控制目标{gap}个百分点",
        "{name} {actual}%, {gap} points under the cap",
    ),
    "bl_rate_above": (
        "{name}{actual}%，高于控制目标{gap}个百分点",
        "{name} {actual}%, {gap} points over the cap",
    ),
    "bl_stock": (
        "{name}{actual}{unit}，{year}年目标{target}{unit}",
        "{name} {actual} {unit}, target {target} {unit} by {year}",
    ),
    "bl_zero_open": (
        "零就业家庭未清零{count}户",
        "{count} zero-employment households open",
    ),
    "bl_zero_cleared": ("零就业家庭动态清零", "Zero-employment households all cleared"),
    "bl_score": (
        "综合得分{total}分，等次{grade}",
        "total score {total}, grade {grade}",
    ),
    "bl_mode_submitted": ("含已提交未审核数据", "submitted figures included"),
    "bl_mode_approved": ("已审核数据", "approved figures"),
    "bl_title": (
        "{whole}就业目标责任考核情况通报（{period}）",
        "Employment target assessment of {whole_noun} ({period})",
    ),
    "bl_filters": (
        "考核期：{year}年1–{month}月；口径：{mode}；范围：{whole}{count}个{units}；{basis}",
        "Period: Jan–{month_name} {year}; data: {mode}; scope: {count} {units} of "
        "{whole_noun}; {basis}",
    ),
    "bl_basis_linear": (
        "序时进度按全年已过月份计算（{month}/12）",
        "time progress is the share of the year elapsed ({month}/12)",
    ),
    "bl_basis_seasonal": (
        "进度按往年同期节奏计算（非{month}/12）",
        "progress follows earlier years' seasonal pace (not {month}/12)",
    ),
    "bl_footer": (
        "{stamp}    第 {page} 页 / 共 {pages} 页",
        "{stamp}    page {page} of {pages}",
    ),
    "bl_generated": ("生成时间 {when}", "Made {when}"),
    "bl_status_alert": ("【预警】", "[alert]"),
    "bl_status_lagging": ("【滞后】", "[behind]"),
    "bl_status_near_cap": ("【接近控制线】", "[near the cap]"),
    "bl_status_no_data": ("【未报送】", "[not reported]"),
    "bl_section_1": ("一、总体情况", "1. Overview"),
    "bl_section_2": ("二、综合排名", "2. Overall ranking"),
    "bl_section_3": ("三、各{units}完成情况", "3. The {units} one by one"),
    "bl_section_4": ("四、预警与滞后事项", "4. Alerts and indicators behind"),
    "bl_section_5": ("五、工作要求", "5. What is required"),
    "bl_red_heading": ("（一）预警事项（红色清单）", "(1) Alerts (red list)"),
    "bl_yellow_heading": (
        "（二）滞后及接近控制线事项（黄色清单）",
        "(2) Behind, near the cap or not reported (yellow list)",
    ),
    "bl_outlook_heading": (
        "（三）按当前进度预计难以完成事项",
        "(3) Projected to miss at the current pace",
    ),
    "bl_no_outlook": (
        "按当前进度，无预计难以完成的事项。",
        "At the current pace no target is projected to be missed.",
    ),
    "bl_outlook_detail": (
        "预计年末{value}{unit}，年末应达{target}{unit}，完成概率{chance}",
        "projected {value} {unit} by December against {target} due; a {chance} chance",
    ),
    "bl_status_unlikely": ("【难以完成】", "[unlikely]"),
    "bl_no_red": ("本期无预警事项。", "No indicator is on alert."),
    "bl_no_yellow": (
        "本期无滞后、接近控制线或未报送事项。",
        "No indicator is behind, near its cap or unreported.",
    ),
    "bl_county_head": (
        "{name}综合得分{total}分，等次{grade}{rank}",
        "{name}: total score {total}, grade {grade}{rank}",
    ),
    "bl_county_rank": ("，排名第{rank}位{change}", ", ranked {rank}{change}"),
    "bl_county_no_rank": ("，本期不排名", ", not ranked this month"),
    "bl_county_issues": ("。{items}", ". {items}"),
    "bl_rest_on_track": (
        "其余{count}项指标均达到序时进度",
        "the other {count} indicators are on schedule",
    ),
    "bl_all_on_track": ("各项考核指标均达到序时进度", "every indicator is on schedule"),
    "bl_rest_after_issues": ("；", "; "),
    "bl_flow_short": (
        "{name}累计完成{actual}{unit}，年度目标{target}{unit}，完成{completion}%，"
        "低于序时进度{gap}个百分点",
        "{name} {actual} {unit} of an annual target of {target} {unit} "
        "({completion}%), {gap} points behind time progress",
    ),
    "bl_zero_short": (
        "{name}{count}户（目标为动态清零）",
        "{name} {count} (target: none)",
    ),
    "bl_rate_over": (
        "{name}{actual}%，高于控制目标{target}%共{gap}个百分点",
        "{name} {actual}%, {gap} points over its cap of {target}%",
    ),
    "bl_rate_near": (
        "{name}{actual}%，距控制目标{target}%仅{gap}个百分点",
        "{name} {actual}%, only {gap} points under its cap of {target}%",
    ),
    "bl_stock_short": (
        "{name}{actual}{unit}，序时应达{due}{unit}（{year}年目标{target}{unit}），"
        "差{gap}{unit}",
        "{name} {actual} {unit}, {due} {unit} due by now ({target} {unit} by {year}), "
        "{gap} {unit} short",
    ),
    "bl_overview": (
        "{period}，{whole}{count}个{units}参加考核，{ranked}个{units}计分排名。"
        "综合得分平均{mean}分，其中优秀{excellent}个、良好{good}个、合格{passed}个、"
        "不合格{failed}个。{count_items}项考核指标中，预警{alert}项、滞后{lagging}项、"
        "接近控制线{near_cap}项、未报送{no_data}项。",
        "{period}: {count} {units} of {whole_noun} assessed, {ranked} scored and ranked. "
        "The average total score is {mean}: {excellent} excellent, {good} good, {passed} "
        "pass, {failed} fail. Of {count_items} indicator results, {alert} are on alert, "
        "{lagging} behind, {near_cap} near the cap and {no_data} not reported.",
    ),
    "date_cn": ("{year}年{month}月{day}日", "{year}-{month:02d}-{day:02d}"),
    "exp_no_fangsong": (
        "本机未安装仿宋、楷体字体，通报正文暂用宋体（make run 会安装 FandolFang、FandolKai）。",
        "No FangSong or Kai font here: the bulletin's body is set in Song (make run "
        "installs FandolFang and FandolKai).",
    ),
    "bl_cell_up": ("上升{places}位", "up {places}"),
    "bl_cell_down": ("下降{places}位", "down {places}"),
    "bl_cell_same": ("持平", "same"),
    "exp_no_issued": ("没有这份已印发的通报。", "No such issued bulletin."),
    "bulletin_zh": ("中文版（印发版本）", "Chinese (as issued)"),
    "bulletin_en": ("英文版（参考）", "English (for reference)"),
    "period_short": ("月份", "Month"),
    "issued_at": ("印发时间", "Issued"),
    "issued_by": ("印发单位", "By"),
    "files": ("文件", "Files"),
    "bulletin_draft_hint": (
        "本月尚未发布：下载的是草稿（每页标有“草稿”）；发布后按发文信息印发并存档。",
        "Not published yet: the files are drafts (marked DRAFT on every page); "
        "publishing issues and keeps them.",
    ),
    "bl_subheading": ("（{number}）{name}", "({number}) {name}"),
    "bl_issue_label": ("{year}年第{number}期", "{year}, No. {number}"),
    "bl_to": ("{addressees}：", "To: {addressees}"),
    "bl_cc": ("抄送：{cc}。", "Copies: {cc}."),
    "bl_printed": ("{organ}", "{organ}"),
    "bl_printed_on": ("{date}印发", "Issued {date}"),
    "bl_page": ("— {page} —", "— {page} —"),
    "bl_attachments": ("附件：", "Attachments: "),
    "bl_attachment": ("附件{number}", "Attachment {number}"),
    "bl_draft": ("草稿", "DRAFT"),
    "bl_draft_note": (
        "草稿：本月尚未发布，通报以发布时的文本为准。",
        "Draft: this month is not yet published; the bulletin is issued when it is.",
    ),
    "bl_explained_note": (
        "（情况说明在案，见中文通报）",
        " (the county's explanation is on file in the Chinese bulletin)",
    ),
    "bl_requirement_lagging": (
        "一是加快滞后指标进度。{items}的指标低于序时进度，相关{units}要逐项分析原因，"
        "制定追赶措施，确保完成年度目标任务。",
        "First, catch up on the indicators behind: {items}. The {units} concerned "
        "should find the causes one by one and act to meet the annual targets.",
    ),
    "bl_requirement_alert": (
        "{order}是抓好预警事项整改。{items}的指标已触及预警，相关{units}和牵头部门要立即研究，"
        "限期整改，整改情况于下月报送时一并说明。",
        "{order}, act on the alerts: {items}. The {units} and lead departments "
        "concerned should act at once and report what was done with next month's "
        "figures.",
    ),
    "bl_requirement_quality": (
        "{order}是提高数据报送质量。各{units}要按时报送、如实填报，每月{day}日前完成报送，"
        "对异常数据和滞后指标附情况说明。",
        "{order}, report on time and accurately: every {unit} reports by day {day} of "
        "each month and explains unusual figures and indicators behind.",
    ),
    "bl_requirement_duty": (
        "{order}是压实工作责任。各牵头部门要加强对口指导，督查室将持续跟踪督办，"
        "完成情况纳入年度目标责任考核。",
        "{order}, hold to account: lead departments guide their counterparts; the "
        "supervisory office follows up, and the results count in the annual "
        "assessment.",
    ),
    "bl_requirement_none": (
        "一是巩固当前成效。各{units}各项指标均达到序时进度，要保持工作力度，防止后期回落。",
        "First, keep up the pace: every indicator of every {unit} is on schedule.",
    ),
    "bl_order_2": ("二", "Second"),
    "bl_order_3": ("三", "Third"),
    "bl_order_4": ("四", "Fourth"),
    "bl_items_more": ("{items}等{count}个", "{items} and {more} more"),
    "bl_item": ("{county}（{indicator}）", "{county} ({indicator})"),
    "bl_list_sep": ("、", ", "),
    "issue_number": ("期号", "Issue number"),
    "issue_addressees": ("主送", "Addressees"),
    "issue_requirements": ("工作要求", "Requirements"),
    "issue_signature": ("落款", "Signature"),
    "issue_issued_on": ("成文日期", "Date"),
    "issue_cc": ("抄送", "Copies to"),
    "issue_form_title": ("通报发文信息", "The bulletin as it will be issued"),
    "issue_form_hint": (
        "发布前填写；工作要求已按本月滞后和预警事项生成，可修改。发布时按这些内容印发，"
        "发布后不可再改（撤回发布后可改）。",
        "Fill these in before publishing; the requirements are drafted from this "
        "month's alerts and lagging indicators and may be edited. Publishing issues the "
        "bulletin with them; they cannot change once it is published (withdraw first).",
    ),
    "issue_save": ("保存发文信息", "Save"),
    "issue_saved": (
        "已保存{year}年{month}月通报的发文信息（{label}）。",
        "Saved the bulletin fields of {year}-{month:02d} ({label}).",
    ),
    "issue_saved_by": ("最近保存：{who}，{when}", "Last saved by {who} at {when}"),
    "issue_defaults": (
        "尚未保存：显示默认内容。",
        "Not saved yet: the defaults are shown.",
    ),
    "issue_locked": (
        "本月已发布，通报已按发布时的内容印发；如需修改，请先撤回发布。",
        "This month is published and its bulletin issued; withdraw it to edit.",
    ),
    "issue_past": ("往期通报", "Issued bulletins"),
    "issue_past_none": ("尚无已印发的通报。", "No bulletin has been issued yet."),
    "issue_past_withdrawn": ("已撤回", "withdrawn"),
    "issue_draft_pdf": ("草稿 PDF", "Draft PDF"),
    "err_issue_supervisor": (
        "只有督查室可以填写通报发文信息。",
        "Only the supervisory office fills in the bulletin.",
    ),
    "err_issue_number": (
        "期号须为1至999的整数。",
        "The issue number must be a whole number from 1 to 999.",
    ),
    "err_issue_date": (
        "成文日期无效，请按 2026-12-05 的格式选择日期。",
        "The date is not valid: pick one such as 2026-12-05.",
    ),
    "err_issue_field": (
        "“{field}”不能为空，且不超过{limit}字。",
        "“{field}” must be filled in, at most {limit} characters.",
    ),
    "err_issue_published": (
        "{year}年{month}月已发布，通报已印发，不能修改发文信息；请先撤回发布。",
        "{year}-{month:02d} is published and its bulletin issued: withdraw it first.",
    ),
    "err_issue_taken": (
        "第{number}期已用于本年{month}月的通报，请换一个期号。",
        "No. {number} is this year's bulletin of month {month}: choose another number.",
    ),
    "issue_default_organ": ("巴彦淖尔市人民政府督查室", "Supervisory Office"),
    "issue_default_addressees": (
        "各旗县区人民政府，市直有关部门",
        "the county governments and city departments",
    ),
    "issue_default_cc": ("市人社局", "the Human Resources and Social Security Bureau"),
    "bl_detail": ("情况", "Detail"),
    "bl_no_red_items": (
        "本期无滞后或预警指标。",
        "No indicator is behind or on alert.",
    ),
    "bl_demo_note": (
        "示例数据：本通报数字为演示用示例数据，不代表实际统计。",
        "Demo data: the figures of this bulletin are for demonstration, not official "
        "statistics.",
    ),
    "bl_published": ("本期排名已于{when}发布", "This ranking was published on {when}"),
    "bl_published_reason": ("（发布说明：{reason}）", " (note: {reason})"),
    "bl_month_state": ("本月状态：{state}", "Month: {state}"),
    "bl_watermark": ("临时 · 报送未截止", "PROVISIONAL"),
    "bl_unit_not_reported": (
        "{name}本月未报送（或尚未审定）数据，不计分、不排名",
        "{name} has no approved figures this month: no score, no rank",
    ),
    "bl_all_indicators": ("全部指标", "every indicator"),
    "bl_provisional_note": (
        "临时通报：本月报送尚未截止，未报送或待审的{unit}不计分、不排名，最终结果以截止审定后为准。",
        "Provisional: this month is still being reported; {unit}s without approved "
        "figures have no score and no rank. Final results follow the due day.",
    ),
    "err_bad_upload": ("无法读取上传的文件", "The uploaded file could not be read"),
    "error_prefix": ("操作未完成：", "Not done: "),
    "all_indicators": ("全部指标", "All indicators"),
    # Soft checks (审核提示) and 情况说明 (issue 19)
    "dq_same_high": (
        "本月新增{value}{unit}，为往年同月的{times}倍（往年同月中位数{median}{unit}）",
        "{value} {unit_en} added this month: {times}× the same month of earlier years "
        "(median {median} {unit_en})",
    ),
    "dq_same_low": (
        "本月新增{value}{unit}，仅为往年同月中位数{median}{unit}的{times}",
        "{value} {unit_en} added this month: only {times} of the same month of earlier "
        "years (median {median} {unit_en})",
    ),
    "dq_recent_high": (
        "本月新增{value}{unit}，为近{months}个月的{times}倍（近{months}个月中位数{median}{unit}）",
        "{value} {unit_en} added this month: {times}× the last {months} months "
        "(median {median} {unit_en})",
    ),
    "dq_recent_low": (
        "本月新增{value}{unit}，仅为近{months}个月中位数{median}{unit}的{times}",
        "{value} {unit_en} added this month: only {times} of the last {months} months "
        "(median {median} {unit_en})",
    ),
    "dq_peers": (
        "已完成年度目标的{share}，其他旗县区中位数为{median}（{times}倍）",
        "{share} of the annual target done; the other counties' median is {median} "
        "({times}×)",
    ),
    "dq_rate_band": (
        "失业率{value}%，在通常范围{low}%–{high}%之外",
        "A rate of {value}%, outside the usual {low}–{high}%",
    ),
    "dq_rate_step": (
        "本月{value}%，较上月{previous}%变动{points}个百分点（超过{step}个百分点）",
        "{value}% this month, {points} points from last month's {previous}% "
        "(more than {step})",
    ),
    "dq_stock_fall": (
        "由上月{previous}{unit}减少到{value}{unit}（允许，但须说明）",
        "Down from {previous} to {value} {unit_en} (allowed, but to be explained)",
    ),
    "dq_flat": (
        "累计数{value}{unit}已连续{months}个月未变，而{share}的旗县区本月有增长",
        "The year-to-date figure has stayed at {value} {unit_en} for {months} months "
        "while {share} of the counties grew this month",
    ),
    "dq_early": (
        "{month}月累计{value}{unit}，已达年度目标{target}{unit}的{share}",
        "{value} {unit_en} by month {month}: {share} of the annual target {target} {unit_en}",
    ),
    "dq_check_history": ("与本县历史不符", "Unlike its own history"),
    "dq_check_peers": ("与其他旗县区差距大", "Far from the other counties"),
    "dq_check_rate_band": ("失业率超出常见范围", "Rate outside its usual band"),
    "dq_check_rate_step": ("失业率单月变动大", "Rate moved sharply"),
    "dq_check_stock_fall": ("存量减少", "Level fell"),
    "dq_check_flat": ("累计数长期不变", "Year-to-date figure unchanged"),
    "dq_check_early": ("年初即超年度目标", "Above the annual target early"),
    "dq_why_status": ("请说明原因及采取的措施", "say why, and the measures taken"),
    "explanation_others": ("为其他指标填写情况说明", "Explain another indicator"),
    "desk_value": ("本月数", "Figure"),
    "desk_step": ("本月增量", "Added this month"),
    "desk_previous": ("上月数", "Last month"),
    "desk_last_year": ("去年同月", "Same month last year"),
    "desk_approved": ("原审定数", "Approved before"),
    "desk_changed": ("更正", "corrected"),
    "desk_return": ("退回理由（该指标）", "Return reason (this indicator)"),
    "queue_option": (
        "{name}（{at} 提交，审核提示 {flagged} 条）",
        "{name} (submitted {at}, {flagged} hint(s))",
    ),
    "dq_flagged": ("有审核提示", "Flagged"),
    "dq_explained": ("已说明", "Explained"),
    "dq_returned": ("退回次数", "Returns"),
    "dq_corrected": ("更正次数", "Corrections"),
    "nav_review": ("审核台", "Review desk"),
    "review_title": ("审核台", "Review desk"),
    "review_queue_title": (
        "待审核（等待最久的在前）",
        "Awaiting review (longest waiting first)",
    ),
    "review_none": ("本月没有待审核的报送", "Nothing awaits review this month"),
    "review_office_only": (
        "审核台仅供督查室使用，请以督查室账号登录",
        "The review desk is for the supervisory office: sign in with its account",
    ),
    "review_desk_title": ("{name} {period} 逐项审核", "{name}, {period}, item by item"),
    "review_overview_title": ("数据质量概览（{period}）", "Data quality ({period})"),
    "review_overview_hint": (
        "审核提示按当前数据与阈值计算；说明、退回、更正按记录统计。",
        "Hints are today's checks on today's figures; explanations, returns and "
        "corrections are counted from the records.",
    ),
    "table_quality": ("下载数据质量概览", "Data quality overview"),
    "xh_quality_title": (
        "{year}年1—{month}月数据质量概览",
        "Data quality, {year} to month {month}",
    ),
    "xh_month": ("月份", "Month"),
    "dq_why_returned": ("退回时要求说明：{reason}", "Asked for on return: {reason}"),
    "dq_title": ("审核提示", "Review hints"),
    "dq_preview_title": (
        "审核提示 {count} 条：数据可以保存，但提交前须逐条填写情况说明",
        "{count} review hint(s): the figures can be saved, but each needs a "
        "情况说明 (explanation) before the month is submitted",
    ),
    "dq_saved_with_flags": (
        "已保存。有 {count} 条审核提示，提交前请逐条填写情况说明。",
        "Saved. {count} review hint(s): write an explanation for each before "
        "submitting.",
    ),
    "err_explanations_missing": (
        "尚不能提交：{count} 项指标须先填写情况说明（{names}）",
        "Not submitted yet: {count} indicator(s) need an explanation first ({names})",
    ),
    "err_explanation_empty": ("请填写情况说明", "Write the explanation"),
    "err_explanation_own": (
        "只能为本旗县区的数据填写情况说明",
        "You can explain your own county's figures only",
    ),
    "explanation": ("情况说明", "Explanation"),
    "err_alias_supervisor": (
        "只有督查室可以保存别名",
        "Only the supervisory office saves aliases",
    ),
    "err_alias_bad": ("无法保存该别名", "That alias cannot be saved"),
    "err_alias_taken": (
        "「{wording}」已是另一个名称的别名",
        "“{wording}” already names something else",
    ),
    "alias_saved": (
        "已将「{wording}」保存为「{name}」的别名",
        "Saved “{wording}” as a name of “{name}”",
    ),
    "alias_known": (
        "「{wording}」已是「{name}」的别名",
        "“{wording}” already names “{name}”",
    ),
    "read_as": (
        "按「{suggestion}」读取此文件",
        "Read it as “{suggestion}” for this file",
    ),
    "save_alias": ("保存为别名（所有人适用）", "Save as an alias for everyone"),
    "read_as_on": (
        "本文件中「{wording}」按「{suggestion}」读取",
        "“{wording}” is read as “{suggestion}” in this file",
    ),
    "bulk_approved": (
        "已批量审核通过 {count} 个无审核提示的月份；{skipped} 个有提示的月份请逐一审核",
        "Approved {count} month(s) without review hints together; {skipped} "
        "flagged month(s) are left to review one by one",
    ),
    "bulk_approve": ("批量通过无提示的月份", "Approve every month without hints"),
    "explanation_measures": ("采取的措施", "Measures taken"),
    "explanation_saved": ("情况说明已保存", "Explanation saved"),
    "explanation_save": ("保存情况说明", "Save the explanation"),
    "explanation_form_title": ("情况说明", "Explanations"),
    "explanation_hint": (
        "对审核提示、滞后或预警的指标，提交前须说明原因及采取的措施；其他指标也可说明。",
        "Flagged, lagging or alerted indicators need an explanation (why, and the "
        "measures taken) before the month is submitted; any other may have one.",
    ),
    "explanation_needed": ("须说明", "Needed"),
    "explanation_done": ("已说明", "Explained"),
    "explanation_text_placeholder": (
        "原因（如：本月集中开展招聘会，新增就业较多）",
        "Why (e.g. a job fair this month brought many new jobs)",
    ),
    "explanation_measures_placeholder": (
        "采取的措施（可选）",
        "Measures taken (optional)",
    ),
    "explanation_inline": ("（情况说明：{text}）", " (Explanation: {text})"),
    "explanation_by": ("{by} 于 {at} 说明", "by {by} at {at}"),
    "cat_bad_check_score": (
        "indicators.csv 第{row}行 check_score: {value} 不是正数",
        "indicators.csv row {row}, check_score: {value} is not a positive number",
    ),
}


def _merged() -> None:
    """The catalogue's other parts (one file a capability)."""
    from i18n.supervision import STRINGS as supervision

    clash = STRINGS.keys() & supervision.keys()
    assert not clash, clash
    STRINGS.update(supervision)


_merged()


MONTH_NAMES_EN = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip


def lang_or_default(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


# What a scope is called: its whole (全市, 全省, 全国) by the parent's level, its units
# (旗县区, 市（盟）, 省（区、市）) by theirs. English: "the city" / "City" / "city".
WHOLE_WORDS = {
    "city": ("全市", "the city", "City", "city"),
    "province": ("全省", "the province", "Province", "province"),
    "nation": ("全国", "the country", "National", "national"),
}
# A region's alias of this and one character names it as a whole (全市, 全区).
WHOLE_PREFIX = "全"
UNIT_WORDS = {
    "county": ("旗县区", "counties", "county"),
    "city": ("市（盟）", "cities", "city"),
    "province": ("省（区、市）", "provinces", "province"),
}


def scope_words(
    parent_level: str | None,
    unit_level: str | None,
    lang: str | None,
    whole: str | None = None,
) -> dict[str, str]:
    """The words a text about a scope fills in: ``whole`` (全市 / the city), ``Whole``,
    ``whole_noun``, ``whole_adj``, ``units``, ``Units``, ``unit`` and ``Unit`` (a
    column heading). ``whole`` is the region's own Chinese word for itself where its
    data give one (全区 for an autonomous region). Unknown levels
    read as a city and its counties."""
    zh_whole, noun, title, adj = WHOLE_WORDS.get(parent_level, WHOLE_WORDS["city"])
    zh_whole = whole or zh_whole
    zh_units, plural, singular = UNIT_WORDS.get(unit_level, UNIT_WORDS["county"])
    if lang == "en":
        return {"whole": noun, "Whole": title, "whole_noun": noun, "whole_adj": adj,
                "units": plural, "Units": plural.capitalize(), "unit": singular,
                "Unit": singular.capitalize()}  # fmt: skip
    return {"whole": zh_whole, "Whole": zh_whole, "whole_noun": zh_whole,
            "whole_adj": zh_whole, "units": zh_units, "Units": zh_units,
            "unit": zh_units, "Unit": zh_units}  # fmt: skip


def t(key: str, lang: str | None, **values) -> str:
    """The string ``key`` in ``lang``, with ``values`` filled in. A text about a
    scope takes its words (:func:`scope_words`); without them it speaks of a city and
    its counties."""
    zh, en = STRINGS[key]
    text = en if lang == "en" else zh
    if "{" not in text:
        return text
    if "month" in values and "month_name" not in values:
        values["month_name"] = MONTH_NAMES_EN[int(values["month"]) - 1]
    if "{whole" in text or "{unit" in text or "{Whole" in text or "{Unit" in text:
        values = scope_words("city", "county", lang) | values
    return text.format(**values) if values else text


class Refusal(Exception):
    """An error whose text is in the catalogue: a key and its values. ``str()`` is the
    Chinese text (logs, the CLI); pages show :meth:`text` in the reader's language."""

    def __init__(self, key: str, **values) -> None:
        self.key = key
        self.values = values
        super().__init__(t(key, DEFAULT_LANG, **values))

    def text(self, lang: str | None) -> str:
        return t(self.key, lang, **self.values)


CHINESE_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 105 → 一百零五, 2850 → 二千八百五十 (sub-heading numbers)."""
    if n < 10:
        return CHINESE_DIGITS[n]
    if n < 20:
        return "十" + (CHINESE_DIGITS[n % 10] if n % 10 else "")
    out, zero = "", False
    for value, word in ((10000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value) if value > 1 else (n, 0)
        if digit >= 10:  # ten thousands and more
            out += chinese_number(digit) + word
        elif digit:
            out += ("零" if zero and out else "") + CHINESE_DIGITS[digit] + word
            zero = False
        elif out:
            zero = True
    return out


def numeral_value(text: str) -> int | None:
    """一 → 1, 十四 → 14, 二十七 → 27 (the numbers of a policy's measures); None for
    anything else."""
    digits = {c: i for i, c in enumerate(CHINESE_DIGITS)}
    if not text or any(c not in digits and c != "十" for c in text):
        return None
    if "十" not in text:
        return int("".join(str(digits[c]) for c in text))
    tens, _, units = text.partition("十")
    return (digits[tens] if tens else 1) * 10 + (digits[units] if units else 0)


# On a map, English names lose their kind (Linhe District → Linhe): the shapes are
# small and "Linhe Distr" ran into "Wuyuan County". The hover gives the whole name.
MAP_NAME_SUFFIXES_EN = (" Autonomous County", " Autonomous Banner", " District", " County",
                        " Banner", " City", " League", " Prefecture")  # fmt: skip


def map_label(name: str, lang: str | None) -> str:
    """A unit's name as a map label: Chinese whole, English without its kind."""
    if lang != "en":
        return name
    for suffix in MAP_NAME_SUFFIXES_EN:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def article_label(text: str | None, lang: str | None) -> str:
    """A measure's label as the reader's language numbers it: （二十四） in Chinese,
    (24) in English."""
    if not text or lang != "en":
        return text or ""

    def arabic(found: re.Match) -> str:
        value = numeral_value(found.group(1))
        return found.group(0) if value is None else f"({value})"

    return re.sub(r"（([〇一二三四五六七八九十]+)）", arabic, text)


def chinese_date(day, lang: str | None = "zh") -> str:
    """A date as official documents write it: 二〇二六年十二月五日 (years digit by
    digit, months and days as numbers: 十二, 二十五); in English, 5 December 2026."""
    if lang == "en":
        return f"{day.day} {day:%B} {day.year}"

    def number(n: int) -> str:
        tens, ones = divmod(n, 10)
        head = "" if tens == 0 else ("十" if tens == 1 else CHINESE_DIGITS[tens] + "十")
        return (
            head + (CHINESE_DIGITS[ones] if ones else "")
            if n >= 10
            else CHINESE_DIGITS[n]
        )

    year = "".join(CHINESE_DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{number(day.month)}月{number(day.day)}日"


def period_label(year: int, month: int, lang: str | None) -> str:
    return t("period", lang, year=year, month=month)


def pick(row, field: str, lang: str | None) -> str:
    """``row.field_en`` in English, ``row.field_zh`` otherwise (rows or dicts)."""
    suffix = "en" if lang == "en" else "zh"
    getter = row.get if isinstance(row, dict) else lambda k: getattr(row, k)
    return getter(f"{field}_{suffix}") or getter(f"{field}_zh")


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def month_state_word(state: str, approved: int, units: int, lang: str | None) -> str:
    """A month's state as a word (已审定); a month being reported with its approved
    count (报送中 3/7)."""
    word = t(f"month_state_{state}", lang)
    return f"{word} {approved}/{units}" if str(state) == "open" else word


def fmt_number(value, decimals: int = 0) -> str:
    """Thousands separators, fixed decimals; an em dash for missing values."""
    if _missing(value):
        return "—"
    return f"{value:,.{decimals}f}"


def pace_sentence(needed, so_far, decimals: int, unit: str, month: int | None,
                  lang: str | None) -> str | None:  # fmt: skip
    """A flow's pace: "需月均完成46人，前6月月均38人" (or that the year's target is
    met) before December; None without both figures, or in December."""
    if _missing(needed) or _missing(so_far) or not month or month >= 12:
        return None
    so = fmt_number(so_far, decimals)
    if needed <= 0:
        return t("pace_line_done", lang, months=month, so_far=so, unit=unit)
    return t("pace_line", lang, needed=fmt_number(needed, decimals), months=month,
             so_far=so, unit=unit)  # fmt: skip


def fmt_percent(fraction, decimals: int = 1) -> str:
    """0.782 → '78.2%'."""
    if _missing(fraction):
        return "—"
    return f"{fraction * 100:.{decimals}f}%"


def fmt_points(value, lang: str | None, decimals: int = 1) -> str:
    """Signed percentage points: '+3.2个百分点' / '−5.0 pts'."""
    if _missing(value):
        return "—"
    sign = "+" if value >= 0 else "−"
    return t("gap_value", lang, sign=sign, value=f"{abs(value):.{decimals}f}")


def fmt_change(change) -> str:
    """Rank change as ▲2 / ▼1 / — (no change) / blank (no previous rank)."""
    if _missing(change):
        return ""
    change = int(change)
    if change > 0:
        return f"▲{change}"
    if change < 0:
        return f"▼{-change}"
    return "—"
