"""The policy's measures as the 政策任务 page shows them: typed rows, grouped."""

from __future__ import annotations

from dataclasses import dataclass

from data_access import queries
from data_access.rows import records

ALL_DEPARTMENTS = "__all__"


@dataclass(frozen=True)
class DepartmentRole:
    department_zh: str
    department_en: str
    role: str  # lead | support


@dataclass(frozen=True)
class Drive:
    code: str
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class Measure:
    number: int
    label: str
    title: str
    body: str
    departments: tuple[DepartmentRole, ...]
    drives: tuple[Drive, ...]


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    measures: tuple[Measure, ...]


@dataclass(frozen=True)
class DepartmentLoad:
    department_zh: str
    department_en: str
    leads: int
    measures: int


def departments() -> list[DepartmentLoad]:
    return [DepartmentLoad(r["department_zh"], r["department_en"], r["leads"],
                           r["measures"]) for r in records(queries.department_load())]  # fmt: skip


def sections(department: str | None = None) -> tuple[list[Section], int]:
    """The measures by section (one department's, when one is named), and how many
    measures the policy has in all."""
    measures = queries.measures()
    roles = queries.measure_departments()
    catalogue = queries.indicators()
    links = queries.indicator_measures().merge(
        catalogue[["code", "name_zh", "name_en"]], left_on="indicator", right_on="code"
    )
    shown = measures
    if department in set(roles.department_zh):
        numbers = set(roles.loc[roles.department_zh == department, "number"])
        shown = measures[measures.number.isin(numbers)]
    found = []
    for (section, title), rows in shown.groupby(
        ["section", "section_title"], sort=True
    ):
        items = tuple(
            Measure(
                number=m["number"], label=m["label"], title=m["title"], body=m["body"],
                departments=tuple(
                    DepartmentRole(d["department_zh"], d["department_en"], d["role"])
                    for d in records(roles[roles.number == m["number"]])),
                drives=tuple(Drive(d["code"], d["name_zh"], d["name_en"])
                             for d in records(links[links.number == m["number"]])),
            )
            for m in records(rows)
        )  # fmt: skip
        found.append(Section(int(section), title, items))
    return found, len(measures)
