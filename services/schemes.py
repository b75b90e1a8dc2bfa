"""Each year's assessment scheme (年度考核方案) as the app uses it: the rules that
judge a year (its weights and parameters), and the scheme as the 目标与权重 page shows
it, with its history and the months a change would score anew."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from data_access import schemes
from data_access.rows import records
from domain import Rules
from services.cache import cached, data_stamp
from services.lookups import periods
from settings import current_settings


def rules_for(year: int) -> Rules:
    """The rules that judge ``year``: its scheme's weights and parameters (those of
    the newest earlier scheme where it has none yet; the configured ones before any),
    read once a data stamp."""
    defaults = current_settings().rules
    return cached("scheme_rules", data_stamp,
                  lambda: schemes.scheme(year, defaults).rules, year, defaults,
                  near=True)  # fmt: skip


def documents_of(year: int) -> list[str] | None:
    """The codes of the policy documents ``year``'s scheme rests on (None: it names
    none, and every document counts)."""
    defaults = current_settings().rules
    found = cached("scheme_documents", data_stamp,
                   lambda: schemes.scheme(year, defaults).documents, year)  # fmt: skip
    codes = [c for c in (found or "").split(",") if c]
    return codes or None


@dataclass(frozen=True)
class SchemeChangeRow:
    year: int
    item: str
    old_value: str | None
    new_value: str | None
    changed_by: str
    changed_at: datetime
    reason: str | None


@dataclass(frozen=True)
class SchemeView:
    """A year's scheme for the editor: its rules and weights, whether it is the year's
    own or borrowed (``from_year``), the months a change scores anew, the published
    months (frozen), and its history."""

    year: int
    rules: Rules
    weights: dict[str, float]
    own: bool
    from_year: int | None
    rescored: list[int]
    published: list[int]
    history: list[SchemeChangeRow]
    parameters: dict[str, float]
    updated_by: str | None = None
    updated_at: datetime | None = None
    documents: tuple[str, ...] = ()  # the numbers (文号) of the documents it rests on
    kinds: tuple[tuple[str, str], ...] = ()  # (code, kind) of the year's indicators


def scheme_view(year: int) -> SchemeView:
    found = schemes.scheme(year, current_settings().rules)
    offered = periods()
    months = sorted(int(m) for m in offered[offered.year == year].month)
    published = schemes.published_months(year)
    return SchemeView(
        year=year, rules=found.rules, weights=found.weights, own=found.own,
        from_year=found.from_year, rescored=[m for m in months if m not in published],
        published=published,
        history=[SchemeChangeRow(**r) for r in records(schemes.scheme_changes(year))],
        parameters=schemes.parameter_values(found.rules),
        updated_by=found.updated_by, updated_at=found.updated_at,
        documents=_document_numbers(found.documents), kinds=found.rules.kinds,
    )  # fmt: skip


def _document_numbers(codes: str) -> tuple[str, ...]:
    """The numbers (文号) of the documents named by ``codes`` (all where none)."""
    from data_access.queries import policy_documents

    wanted = [c for c in codes.split(",") if c]
    return tuple(r["doc_number"] for r in records(policy_documents())
                 if not wanted or r["code"] in wanted)  # fmt: skip


PARAMETER_NAMES = tuple(schemes.PARAMETERS) + tuple(schemes.GRADES)
