"""The words counties' files use: column headers and units. Chinese first, as the
files are; matched, never shown (the catalogue holds what is shown)."""

from __future__ import annotations

# Column headers accepted for each field, most specific first.
COLUMNS: dict[str, tuple[str, ...]] = {
    "region": ("旗县区代码", "行政区划代码", "adcode", "region_code", "旗县区", "地区",
               "区县", "county", "region"),
    "indicator": ("指标代码", "indicator_code", "code", "指标", "指标名称", "indicator"),
    "year": ("年份", "年", "year"),
    "month": ("月份", "月", "month"),
    "value": ("数值", "本月累计", "值", "value"),
    "unit": ("单位", "unit"),
}  # fmt: skip

# Units by dimension, as multiples of the smallest one.
UNIT_SCALES: dict[str, dict[str, float]] = {
    "persons": {"人": 1, "万人": 10_000},
    "person-times": {"人次": 1, "万人次": 10_000},
    "money": {"元": 0.0001, "万元": 1, "亿元": 10_000},
    "percent": {"%": 1, "％": 1},
    "parks": {"个": 1},
    "enterprises": {"家": 1, "个": 1},
    "households": {"户": 1},
}
WHOLE_UNITS = {"人", "人次", "个", "家", "户"}
PERCENT_SIGNS = ("%", "％")  # half- and full-width, as people type them
# The upload template's headers (the first of each field's words above).
TEMPLATE_HEADERS = (
    "旗县区代码",
    "旗县区",
    "指标代码",
    "指标名称",
    "年份",
    "月份",
    "数值",
    "单位",
)
# Columns a county's own sheet may carry that are not figures (skipped in a wide file).
IGNORED_COLUMNS = ("序号", "备注", "说明", "填报人", "联系电话", "填报日期")
# Words statistics bulletins and counties' sheets add to an indicator's core ("培训城乡
# 劳动者" for 职业技能培训人数): cut before comparing names that do not match.
NAME_AFFIXES = ("城乡", "城镇", "农村牧区", "农牧区", "全市", "本月", "累计", "人员", "人数",
                "人次", "劳动者", "数量", "户数", "情况")  # fmt: skip

# Line breaking in the bulletin (presenters.official): a number keeps the unit that
# follows it, closing punctuation never starts a line and opening never ends one.
LINE_UNITS = (
    "个百分点|百分点|万人|万元|亿元|人次|人|户|家|个|项|分|位|期|年|月|日|倍|名|%|％"
)
LINE_NO_START = "，。、；：？！）》」』】〕”’%％·—…,.;:!?)]}\u3000"
LINE_NO_END = "（《「『【〔“‘([{"
NUMBER_OPENERS = "（(“"  # what may open a number's piece: （2026年
DATE_WORDS = (
    "年月日期"  # a number before these is a date: no word joiner in the Word file
)
TITLE_PERIOD_OPENERS = ("（", "(")  # a title's period, moved to a line of its own
