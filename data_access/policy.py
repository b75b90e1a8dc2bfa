"""Parse the policy text into its sections and numbered measures.

Each measure is a paragraph ``（N）title。body…（市牵头单位、协办单位…等负责）``; the first
department listed leads ("列第一位者为牵头单位"). The text is data: another city's policy
in the same layout parses the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from i18n import numeral_value

_SECTION = re.compile(r"^([一二三四五六七八九十]+)、(.+)$")
_MEASURE = re.compile(r"^（([一二三四五六七八九十]+)）([^。]+)。(.*)$")
# The closing parenthesis group naming departments: full- or half-width brackets.
_DEPARTMENTS = re.compile(r"[（(]\s*(市[^（）()]*?)\s*[）)]\s*$")
_TRAILER = re.compile(r"(等)?(负责)?(。|，|等)*$")
_NOTE = re.compile(r"列第一位者为牵头单位.*$")


def chinese_number(text: str) -> int:
    """一 → 1, 十 → 10, 十四 → 14, 二十七 → 27 (one parser with the pages' (24):
    :func:`i18n.numeral_value`)."""
    value = numeral_value(text)
    if value is None:
        raise KeyError(text)
    return value


def normalise_department(name: str) -> str:
    """Drop the leading 市 that opens each list (but keep 市委… bodies)."""
    name = name.strip().strip("，,。 ")
    if name.startswith("市") and not name.startswith("市委"):
        name = name[1:]
    return name


def split_departments(group: str) -> list[str]:
    group = _NOTE.sub("", group)
    group = re.sub(r"[，,]\s*$", "", group.strip())
    group = _TRAILER.sub("", group)
    names = [normalise_department(n) for n in re.split(r"[、，,]", group)]
    return [n for n in names if n]


@dataclass(frozen=True)
class ParsedMeasure:
    number: int
    label: str
    section: int
    section_title: str
    title: str
    body: str
    departments: tuple[str, ...]  # the first one leads


def parse_measures(text: str) -> list[ParsedMeasure]:
    """All numbered measures of the policy, in order."""
    measures: list[ParsedMeasure] = []
    section, section_title = 0, ""
    for raw in text.splitlines():
        line = raw.strip().strip("\u3000").strip()
        sec = _SECTION.match(line)
        if sec:
            section, section_title = chinese_number(sec.group(1)), sec.group(2).strip()
            continue
        found = _MEASURE.match(line)
        if not found:
            continue
        dept_match = _DEPARTMENTS.search(line)
        departments = split_departments(dept_match.group(1)) if dept_match else []
        body = found.group(3)
        if dept_match:
            body = body[: len(body) - len(dept_match.group(0))].rstrip()
        measures.append(
            ParsedMeasure(
                number=chinese_number(found.group(1)),
                label=f"（{found.group(1)}）",
                section=section,
                section_title=section_title,
                title=found.group(2).strip(),
                body=body,
                departments=tuple(dict.fromkeys(departments)),
            )
        )
    return measures
