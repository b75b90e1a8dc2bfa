"""The policy's measures as the 政策任务 page shows them: typed rows, grouped."""

from __future__ import annotations

from dataclasses import dataclass

from data_access import queries
from data_access.rows import records
from services.schemes import documents_of

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
    title_en: str | None = (
        None  # the city folder's English title (the body stays Chinese)
    )

    def led_by(self, department: str | None) -> bool:
        """``department`` (its Chinese name) leads this measure."""
        return any(d.role == "lead" and d.department_zh == department
                   for d in self.departments)  # fmt: skip


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    measures: tuple[Measure, ...]
    document: str = ""
    title_en: str | None = None


@dataclass(frozen=True)
class Document:
    """A policy document a year's scheme rests on."""

    code: str
    doc_number: str
    title: str
    issued: str
    from_year: int
    to_year: int | None
    is_demo: bool
    title_en: str | None = None


def documents(year: int) -> list[Document]:
    """The documents ``year``'s scheme rests on, the main one first."""
    wanted = documents_of(year)
    return [Document(**r) for r in records(queries.policy_documents())
            if wanted is None or r["code"] in wanted]  # fmt: skip


@dataclass(frozen=True)
class DepartmentLoad:
    department_zh: str
    department_en: str
    leads: int
    measures: int


def departments(year: int | None = None) -> list[DepartmentLoad]:
    """The departments of ``year``'s documents (all where None), busiest first."""
    wanted = None if year is None else documents_of(year)
    return [DepartmentLoad(r["department_zh"], r["department_en"], r["leads"],
                           r["measures"])
            for r in records(queries.department_load(wanted))]  # fmt: skip


def sections(
    department: str | None = None, year: int | None = None
) -> tuple[list[Section], int]:
    """The measures of ``year``'s documents (all where None) by document and section
    (one department's, when one is named), and how many measures they have in all."""
    wanted = None if year is None else documents_of(year)
    measures = queries.measures(wanted)
    roles = queries.measure_departments(wanted)
    catalogue = queries.indicators()
    links = queries.indicator_measures(wanted).merge(
        catalogue[["code", "name_zh", "name_en"]], left_on="indicator", right_on="code"
    )
    shown = measures
    if department in set(roles.department_zh):
        keys = set(roles.loc[roles.department_zh == department, ["document", "number"]]
                   .itertuples(index=False, name=None))  # fmt: skip
        shown = measures[[k in keys for k in zip(measures.document, measures.number,
                                                  strict=True)]]  # fmt: skip
    order = {code: i for i, code in enumerate(dict.fromkeys(measures.document))}
    found = []
    for (_, document, section, title), rows in shown.assign(
        _order=shown.document.map(order)
    ).groupby(["_order", "document", "section", "section_title"], sort=True):
        title_en = next((r["section_title_en"] for r in records(rows)
                         if r["section_title_en"]), None)  # fmt: skip
        mine = roles.document == document
        driven = links.document == document
        items = tuple(
            Measure(
                number=m["number"], label=m["label"], title=m["title"], body=m["body"],
                title_en=m["title_en"],
                departments=tuple(
                    DepartmentRole(d["department_zh"], d["department_en"], d["role"])
                    for d in records(roles[mine & (roles.number == m["number"])])),
                drives=tuple(Drive(d["code"], d["name_zh"], d["name_en"])
                             for d in records(links[driven & (links.number == m["number"])])),
            )
            for m in records(rows)
        )  # fmt: skip
        found.append(Section(int(section), title, items, document, title_en))
    return found, len(measures)
