"""The office's fields of a month's 通报 (期号, 主送, 工作要求, 落款, 成文日期, 抄送):
their defaults from the city folder and the year's issues, saving them, and the
bulletins issued so far."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from data_access import queries
from data_access.accounts import Actor
from data_access.catalogue import BULLETIN_FIELDS
from data_access.writes import save_bulletin_issue
from i18n import t
from services.actions import Outcome, as_actor

# Control and direction characters are dropped from typed texts; line breaks stay
# (they part the paragraphs of 工作要求).
_UNPRINTABLE = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


@dataclass(frozen=True)
class IssueFields:
    """What the 通报 of a month is issued with. ``requirements`` None: the text the
    bulletin drafts from the month's alerts and lagging indicators."""

    number: int
    addressees: str
    signature: str
    issued_on: date
    cc: str
    organ: str  # the issuing organ's mark (红头), from the city folder
    printer: str  # 印发机关, from the city folder
    requirements: str | None = None
    saved_by: str | None = None
    saved_at: datetime | None = None

    def label(self, year: int, lang: str | None) -> str:
        return t("bl_issue_label", lang, year=year, number=self.number)


def _city_words(lang: str | None) -> dict[str, str]:
    info = queries.dataset_info()
    found = {name: (info.get(f"bulletin_{name}_zh", ""), info.get(f"bulletin_{name}_en", ""))
             for name in BULLETIN_FIELDS if info.get(f"bulletin_{name}_zh")}  # fmt: skip
    pick = 1 if lang == "en" else 0
    city = {"zh": {"city": info.get("city_name_zh", "")},
            "en": {"city": info.get("city_name_en", "")}}  # fmt: skip
    organ = found.get("organ", (t("issue_default_organ", "zh", **city["zh"]),
                                t("issue_default_organ", "en", **city["en"])))[pick]  # fmt: skip
    words = {
        "organ": organ,
        "signature": found.get("signature", (organ, organ))[pick] or organ,
        "printer": found.get("printer", (organ, organ))[pick] or organ,
        "addressees": found.get("addressees", (t("issue_default_addressees", "zh"),
                                               t("issue_default_addressees", "en")))[pick],
        "cc": found.get("cc", (t("issue_default_cc", "zh", **city["zh"]),
                               t("issue_default_cc", "en", **city["en"])))[pick],
    }  # fmt: skip
    return words


def default_number(year: int, month: int) -> int:
    """The month's number in the year's series: one after the newest number of the
    months published before it (else after their count), skipping a number another
    published month holds."""
    taken = queries.issue_numbers(year)
    if month in taken:
        return taken[month]
    earlier = [n for m, n in taken.items() if m < month]
    published_before = sum(1 for m in queries.published_months(year) if m < month)
    number = (max(earlier) if earlier else published_before) + 1
    while number in taken.values():
        number += 1
    return number


def issue_fields(year: int, month: int, lang: str | None = "zh",
                 today: date | None = None) -> IssueFields:  # fmt: skip
    """The fields the month's 通报 carries: the office's saved ones, else defaults.
    An English bulletin takes the city's English words and drafts its own
    requirements (the saved texts are Chinese)."""
    words = _city_words(lang)
    saved = queries.bulletin_issue(year, month)
    if saved is None:
        return IssueFields(number=default_number(year, month),
                           issued_on=today or date.today(), **words)  # fmt: skip
    if lang == "en":
        return IssueFields(number=saved["number"], issued_on=saved["issued_on"], **words,
                           saved_by=saved["saved_by"], saved_at=saved["saved_at"])  # fmt: skip
    return IssueFields(
        number=saved["number"], issued_on=saved["issued_on"],
        addressees=saved["addressees"], signature=saved["signature"], cc=saved["cc"],
        organ=words["organ"], printer=words["printer"],
        requirements=saved["requirements"], saved_by=saved["saved_by"],
        saved_at=saved["saved_at"],
    )  # fmt: skip


def _text(value) -> str:
    return _UNPRINTABLE.sub("", value).strip() if isinstance(value, str) else ""


def _number(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e6:
        return int(value)
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 6:
        return int(value.strip())
    return None


def _date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def save_issue(actor: Actor | None, year: int, month: int, raw: dict) -> Outcome:
    """Keep the office's fields of the month's 通报, as typed on 导出/通报."""

    def write(actor: Actor) -> Outcome:
        fields = {
            "number": _number(raw.get("number")),
            "issued_on": _date(raw.get("issued_on")),
            **{name: _text(raw.get(name))
               for name in ("addressees", "requirements", "signature", "cc")},
        }  # fmt: skip
        save_bulletin_issue(actor, year, month, fields)
        label = t("bl_issue_label", "zh", year=year, number=fields["number"])
        return Outcome(True, "issue_saved", {"year": year, "month": month,
                                             "label": label})  # fmt: skip

    return as_actor(actor, write)


@dataclass(frozen=True)
class PastIssue:
    event_id: int
    year: int
    month: int
    number: int | None
    at: datetime
    by: str
    formats: tuple[str, ...]
    current: bool  # the month's publication now (not withdrawn since)


def past_issues() -> list[PastIssue]:
    """Every bulletin issued, newest first, each downloadable as issued."""
    rows = queries.issued_bulletins()
    current = {}
    published = {}
    for row in rows:  # newest first: the first of a month is its newest publication
        key = (row["year"], row["month"])
        if row["year"] not in published:
            published[row["year"]] = queries.published_months(row["year"])
        if key not in current:
            current[key] = row["id"] if row["month"] in published[row["year"]] else None
    return [
        PastIssue(event_id=r["id"], year=r["year"], month=r["month"],
                  number=r["issue_number"], at=r["at"], by=r["by_name"] or r["by"],
                  formats=tuple(sorted(set((r["formats"] or "").split(",")) - {""})),
                  current=current[(r["year"], r["month"])] == r["id"])
        for r in rows
    ]  # fmt: skip
