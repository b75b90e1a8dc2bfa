"""The translation catalogue covers every key the code asks for, in both languages."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from domain.cycle import MonthState
from domain.model import Kind, Status, TargetSource
from domain.projection import Outlook
from domain.quality import CHECK_NAMES
from domain.supervision import Closure, ItemAction, ItemState, Light, ProgressStatus
from domain.workflow import SubmissionState
from i18n import STRINGS
from services.fair import BASES
from services.schemes import PARAMETER_NAMES

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["app.py", "pages", "components", "services", "server", "data_access", "i18n"]
LITERAL = re.compile(r"\b(?:t|_zh)\(\s*\"([a-z0-9_]+)\"")
FORMATTED = re.compile(r"\b(?:t|_zh)\(\s*f\"([a-z0-9_]+)\{")
# Calls whose string arguments are catalogue keys: refusals, outcomes, problems.
KEYED_CALLS = {
    "WriteRefused",
    "AccessDenied",
    "AccountError",
    "CatalogueError",
    "XlsxError",
    "InvalidExport",
    "ExportForbidden",
    "ExportUnavailable",
    "DatabaseUnavailable",
    "Refusal",
    "Outcome",
    "problem",
    "require",
    "_login_page",
    "_texts",
}

KEY = re.compile(r"^[a-z]+(?:_[a-z0-9]+)+$")
# Every value a formatted key is built from, where the set is known.
FAMILIES = {
    "status_": [s.value for s in Status],
    "sub_": [s.value for s in SubmissionState] + ["none"],
    "grade_": ["excellent", "good", "pass", "fail"],
    "change_": ["new", "changed", "unchanged"],
    "source_": ["upload", "form"],
    "download_": ["png", "svg", "pdf"],
    "role_": ["leader", "supervisor", "county", "department", "admin"],
    "table_": [
        "rankings",
        "results",
        "measures",
        "targets",
        "history",
        "quality",
        "warnings",
    ],
    "tpl_": ["code", "name", "unit", "basis", "lead", "article"],
    "tpl_kind_": [k.value for k in Kind],
    "col_": ["region", "indicator", "year", "month", "value", "unit"],
    "bl_status_": ["alert", "lagging", "near_cap", "no_data", "unlikely"],
    "bl_section_": ["1", "2", "3", "4", "5"],
    "bl_order_": ["2", "3", "4"],
    "issue_": ["number", "issued_on", "signature", "addressees", "requirements", "cc"],
    "event_": ["create", "reset_password", "disable", "enable", "change_own_password"],
    "month_state_": [s.value for s in MonthState],
    "notice_": ["return", "reminder", "approval"],
    "param_": list(PARAMETER_NAMES),
    "target_source_": [s.value for s in TargetSource],
    "scheme_kind_": [k.value for k in Kind],
    "dq_check_": list(CHECK_NAMES),
    "outlook_": [o.value for o in Outlook],
    "fair_": list(BASES),
    "fair_method_": list(BASES),
    # 督查督办
    "pstatus_": [s.value for s in ProgressStatus] + ["none"],
    "istate_": [s.value for s in ItemState],
    "iaction_": [a.value for a in ItemAction] + ["open"],
    "ilight_": [light.value for light in Light],
    "iclosure_": [c.value for c in Closure],
    "item_auto_": ["alert", "lagging"],
    "item_auto_expected_": ["alert", "lagging"],
    "channel_": ["email", "wecom", "dingtalk"],
    "dstate_": ["sent", "failed", "sending"],
    "dkind_": ["summary", "bulletin", "progress", "remind", "urge"],
    "dlv_remind_": ["before", "after"],
}


def _python_files():
    for source in SOURCES:
        path = ROOT / source
        yield from ([path] if path.is_file() else sorted(path.rglob("*.py")))


def _keys(pattern: re.Pattern) -> dict[str, str]:
    found = {}
    for path in _python_files():
        for key in pattern.findall(path.read_text(encoding="utf-8")):
            found.setdefault(key, str(path.relative_to(ROOT)))
    return found


def test_i18n001_every_literal_key_is_in_the_catalogue():
    used = {k: v for k, v in _keys(LITERAL).items() if not k.endswith("_")}
    assert len(used) > 100
    missing = {key: where for key, where in used.items() if key not in STRINGS}
    assert missing == {}


def _keyed_call_arguments() -> dict[str, str]:
    """String arguments shaped like keys in the calls that take catalogue keys."""
    found = {}
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name not in KEYED_CALLS:
                continue
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    if KEY.match(arg.value):
                        found.setdefault(arg.value, str(path.relative_to(ROOT)))
    return found


def test_i18n004_every_refusal_and_problem_key_is_in_the_catalogue():
    used = _keyed_call_arguments()
    assert len(used) > 60
    missing = {key: where for key, where in used.items() if key not in STRINGS}
    assert missing == {}


def test_i18n002_every_formatted_key_family_is_complete():
    concatenated = {k for k in _keys(LITERAL) if k.endswith("_")}  # t("role_" + x)
    prefixes = set(_keys(FORMATTED)) | concatenated
    assert prefixes, "no formatted keys found: is the pattern still right?"
    unknown = prefixes - set(FAMILIES)
    assert unknown == set(), f"add the values of {unknown} to FAMILIES"
    missing = [
        prefix + value
        for prefix in prefixes
        for value in FAMILIES[prefix]
        if prefix + value not in STRINGS
    ]
    assert missing == []


def test_i18n003_every_entry_has_both_languages():
    empty = [
        key for key, (zh, en) in STRINGS.items() if not (zh.strip() and en.strip())
    ]
    assert len(STRINGS) > 100 and empty == []


def test_i18n005_scope_words_fill_the_texts_about_a_scope():
    """A text about a scope names its whole and units by level; without words it
    speaks of a city and its counties, as for Bayannur."""
    from i18n import scope_words, t

    assert t("score_map", "zh") == "各旗县区综合得分"
    assert t("score_map", "zh", **scope_words("nation", "province", "zh")) == (
        "各省（区、市）综合得分"
    )
    assert t("city_trend", "en", **scope_words("province", "city", "en")).startswith(
        "Province year-to-date"
    )
    assert t(
        "bl_title", "zh", period="2026年10月", **scope_words("nation", "county", "zh")
    ) == ("全国就业目标责任考核情况通报（2026年10月）")
    assert scope_words("unknown", None, "zh")["whole"] == "全市"
    assert scope_words("province", "city", "zh", whole="全区")["whole"] == "全区"
    assert (
        scope_words("province", "city", "en", whole="全区")["whole"] == "the province"
    )


def test_i18n006_no_key_is_written_twice():
    """A key written twice in the catalogue silently keeps the later text (a new
    sentence once replaced an old one used elsewhere)."""
    import ast

    tree = ast.parse((ROOT / "i18n" / "__init__.py").read_text(encoding="utf-8"))
    twice = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
            twice += sorted({k for k in keys if keys.count(k) > 1})
    assert twice == []
