"""Each year's assessment scheme (年度考核方案) in the database: read it, start it
from another year's, change its weights and parameters, with the record of every
change (who, when, old, new, why).

A year without a scheme of its own is judged by the newest earlier one (or, before
any, by the catalogue's weights and the configured parameters) until the office
starts it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

import pandas as pd
from sqlalchemy import Connection, delete, func, insert, select, update

from data_access.accounts import Actor, require
from data_access.engine import read_once
from data_access.models import (
    Indicator,
    PolicyDocument,
    PublishedPeriod,
    Report,
    Scheme,
    SchemeChange,
    SchemeWeight,
    Target,
)
from data_access.queries import _frame
from data_access.writes import (
    WriteRefused,
    data_transaction,
    recompute_after,
    stale_from,
)
from domain.kinds import kind_of
from domain.rules import Rules
from domain.workflow import weights_problem

# The scheme's scoring parameters, as the table's columns and the Rules' fields.
PARAMETERS = ("lag_points", "rate_safe_margin", "rate_zero_score_excess",
              "zero_target_penalty", "near_tie_points")  # fmt: skip
GRADES = ("grade_excellent", "grade_good", "grade_pass")


@dataclass(frozen=True)
class SchemeRow:
    """A year's scheme as stored (``own`` False: the year has none and borrows
    ``from_year``'s, or the defaults where ``from_year`` is None)."""

    year: int
    rules: Rules
    weights: dict[str, float] = field(default_factory=dict)
    documents: str = ""
    own: bool = True
    from_year: int | None = None
    updated_by: str | None = None
    updated_at: datetime | None = None


def _rules_of(row, weights: dict[str, float], kinds: dict[str, str]) -> Rules:
    return Rules(
        **{name: float(getattr(row, name)) for name in PARAMETERS},
        grade_bands=((float(row.grade_excellent), "excellent"),
                     (float(row.grade_good), "good"), (float(row.grade_pass), "pass")),
        seasonal_profile=bool(row.seasonal_profile),
        weights=tuple(sorted(weights.items())), kinds=tuple(sorted(kinds.items())),
    )  # fmt: skip


def _weights(conn: Connection, year: int) -> tuple[dict[str, float], dict[str, str]]:
    """The year's weights, and its kinds of the indicators where it sets one."""
    rows = conn.execute(
        select(Indicator.code, SchemeWeight.weight, SchemeWeight.kind)
        .join(Indicator, Indicator.id == SchemeWeight.indicator_id)
        .where(SchemeWeight.year == year)
        .order_by(Indicator.sort_order)).all()  # fmt: skip
    return ({code: float(w) for code, w, _ in rows},
            {code: kind for code, _, kind in rows if kind})  # fmt: skip


def read_scheme(conn: Connection, year: int, defaults: Rules) -> SchemeRow:
    """The scheme that judges ``year``: its own, else the newest earlier one's, else
    the catalogue's weights under ``defaults`` (the configured parameters)."""
    columns = Scheme.__table__.columns
    own = conn.execute(select(*columns).where(Scheme.year == year)).first()
    earlier = select(*columns).where(Scheme.year < year).order_by(Scheme.year.desc())
    source = own or conn.execute(earlier.limit(1)).first()
    if source is None:
        weights = {code: float(w) for code, w in conn.execute(
            select(Indicator.code, Indicator.weight).order_by(Indicator.sort_order)).all()}  # fmt: skip
        return SchemeRow(year, replace(defaults, weights=tuple(sorted(weights.items()))),
                         weights, own=False)  # fmt: skip
    weights, kinds = _weights(conn, source.year)
    return SchemeRow(year, _rules_of(source, weights, kinds), weights,
                     documents=source.documents or "", own=own is not None,
                     from_year=None if own is not None else source.year,
                     updated_by=source.updated_by, updated_at=source.updated_at)  # fmt: skip


def scheme(year: int, defaults: Rules) -> SchemeRow:
    with read_once() as conn:
        return read_scheme(conn, year, defaults)


def scheme_years() -> list[int]:
    with read_once() as conn:
        return list(conn.execute(select(Scheme.year).order_by(Scheme.year)).scalars())


def scheme_changes(year: int | None = None, limit: int = 50) -> pd.DataFrame:
    """A scheme's changes (every year's where ``year`` is None), newest first: year,
    item, old_value, new_value, changed_by, changed_at, reason."""
    stmt = (select(SchemeChange.year, SchemeChange.item, SchemeChange.old_value,
                   SchemeChange.new_value, SchemeChange.changed_by,
                   SchemeChange.changed_at, SchemeChange.reason)
            .order_by(SchemeChange.id.desc()).limit(limit))  # fmt: skip
    if year is not None:
        stmt = stmt.where(SchemeChange.year == year)
    return _frame(stmt)


def write_scheme(conn: Connection, year: int, rules: Rules, weights: Mapping[str, float],
                 who: str, now: datetime, documents: str = "") -> None:  # fmt: skip
    """Store ``year``'s scheme whole (the seed, a start from another year)."""
    bands = {grade: minimum for minimum, grade in rules.grade_bands}
    values = {name: getattr(rules, name) for name in PARAMETERS} | {
        "grade_excellent": bands.get("excellent", 90.0), "grade_good": bands.get("good", 80.0),
        "grade_pass": bands.get("pass", 60.0), "seasonal_profile": rules.seasonal_profile,
        "documents": documents, "updated_by": who, "updated_at": now}  # fmt: skip
    conn.execute(delete(SchemeWeight).where(SchemeWeight.year == year))
    conn.execute(delete(Scheme).where(Scheme.year == year))
    conn.execute(insert(Scheme).values(year=year, **values))
    _insert_weights(conn, year, weights, dict(rules.kinds))


def _insert_weights(conn: Connection, year: int, weights: Mapping[str, float],
                    kinds: Mapping[str, str]) -> None:  # fmt: skip
    """The year's indicators with their weight, kind and direction (the scheme's kind
    where it sets one, else the catalogue's)."""
    catalogue = {code: (i, kind) for code, i, kind in conn.execute(
        select(Indicator.code, Indicator.id, Indicator.kind))}  # fmt: skip
    rows = []
    for code, w in weights.items():
        if code not in catalogue:
            continue
        kind = kind_of(kinds.get(code) or catalogue[code][1])
        rows.append({"year": year, "indicator_id": catalogue[code][0], "weight": float(w),
                     "kind": kind.code, "direction": kind.direction})  # fmt: skip
    if rows:
        conn.execute(insert(SchemeWeight), rows)


def fill_documents(conn: Connection) -> int:
    """Give every scheme that names no documents the documents in force in its year
    (the main one always). Returns how many schemes it filled."""
    documents = conn.execute(select(PolicyDocument.code, PolicyDocument.from_year,
                                    PolicyDocument.to_year, PolicyDocument.sort_order)
                             .order_by(PolicyDocument.sort_order)).all()  # fmt: skip
    filled = 0
    for year in conn.execute(
        select(Scheme.year).where(Scheme.documents == "")
    ).scalars():
        codes = [c for c, start, end, order in documents
                 if order == 0 or start <= year <= (end or 9999)]  # fmt: skip
        if codes:
            conn.execute(update(Scheme).where(Scheme.year == year)
                         .values(documents=",".join(codes)))  # fmt: skip
            filled += 1
    return filled


def seed_schemes(conn: Connection, defaults: Rules, who: str = "seed") -> None:
    """A scheme for every year with figures or targets that has none (a new
    database, a city's own data loaded): the catalogue's weights, the defaults."""
    years = {y for (y,) in conn.execute(select(Report.year).distinct())}
    years |= {y for (y,) in conn.execute(select(Target.year).distinct())}
    have = set(conn.execute(select(Scheme.year)).scalars())
    weights = dict(conn.execute(select(Indicator.code, Indicator.weight)).all())
    now = datetime.now()
    for year in sorted(years - have):
        write_scheme(conn, year, defaults, weights, who, now)


def _record(conn, year: int, item: str, old, new, who: str, now, reason) -> None:
    conn.execute(insert(SchemeChange).values(
        year=year, item=item[:64], old_value=None if old is None else f"{old:g}"
        if isinstance(old, float) else str(old), new_value=None if new is None
        else f"{new:g}" if isinstance(new, float) else str(new), changed_by=who,
        changed_at=now, reason=reason))  # fmt: skip


def _started(
    conn: Connection, year: int, defaults: Rules, actor: Actor, now
) -> SchemeRow:
    """The year's own scheme, started from the one it borrows where it has none."""
    found = read_scheme(conn, year, defaults)
    if not found.own:
        write_scheme(conn, year, found.rules, found.weights, actor.username, now,
                     found.documents)  # fmt: skip
        _record(conn, year, "start", found.from_year, year, actor.username, now, None)
    return found


def _published_months(conn: Connection, year: int) -> list[int]:
    return sorted(conn.execute(select(PublishedPeriod.month)
                               .where(PublishedPeriod.year == year)).scalars())  # fmt: skip


def _needs_reason(conn: Connection, year: int, today) -> bool:
    """A scheme change needs a reason once the year has begun (figures of it exist
    or it is under way)."""
    if today.year > year or (today.year == year and today.month > 1):
        return True
    return (
        conn.execute(select(func.count(Report.id)).where(Report.year == year)).scalar()
        > 0
    )


def start_scheme(actor: Actor, year: int, defaults: Rules, now=None) -> SchemeRow:
    """Start ``year``'s scheme as a copy of the one it borrows (the newest earlier
    year's); the office only. A year that has its own is left as it is."""
    require(actor.is_supervisor, "err_weights_supervisor")
    now = now or datetime.now()
    with data_transaction() as conn:
        stale_from(conn, [])  # the same rules: nothing is judged differently
        return _started(conn, year, defaults, actor, now)


def change_scheme(
    actor: Actor,
    year: int,
    defaults: Rules,
    *,
    weights: Mapping[str, float | None] | None = None,
    parameters: Mapping[str, float] | None = None,
    kinds: Mapping[str, str] | None = None,
    reason: str | None = None,
    now: datetime | None = None,
) -> int:
    """Change ``year``'s weights (None drops an indicator from the year, a weight adds
    one) and parameters; the office only, with a reason once the year has begun.
    Weights must total 100. Published months keep their frozen scores. Returns how
    many items changed."""
    require(actor.is_supervisor, "err_weights_supervisor")
    now = now or datetime.now()
    why = (reason or "").strip()[:500] or None
    with data_transaction() as conn:
        stale_from(conn, [])  # a new scheme is a new key: the periods are judged anew
        recompute_after(conn, "scheme")  # by a run, outside the request
        current = _started(conn, year, defaults, actor, now)
        known = set(conn.execute(select(Indicator.code)).scalars())
        unknown = set(weights or {}) - known
        if unknown:
            raise WriteRefused(
                "err_unknown_indicators", codes=", ".join(sorted(unknown))
            )
        new_weights = dict(current.weights)
        for code, value in (weights or {}).items():
            if value is None or value == 0:
                new_weights.pop(code, None)
            else:
                new_weights[code] = float(value)
        problem = weights_problem(new_weights)
        if problem is not None:
            raise WriteRefused(
                "err_weights_total", total=f"{problem.values['total']:g}"
            )
        old_params = parameter_values(current.rules)
        new_params = old_params | {k: float(v) for k, v in (parameters or {}).items()}
        bad = [k for k in new_params if k not in old_params]
        if bad:
            raise WriteRefused("err_unknown_parameter", name=bad[0])
        changed = [(f"weight:{c}", current.weights.get(c), new_weights.get(c))
                   for c in sorted(set(current.weights) | set(new_weights))
                   if current.weights.get(c) != new_weights.get(c)]  # fmt: skip
        changed += [(name, old_params[name], new_params[name]) for name in old_params
                    if old_params[name] != new_params[name]]  # fmt: skip
        old_kinds, new_kinds = _new_kinds(conn, current, kinds or {})
        changed += [(f"kind:{c}", old_kinds.get(c), new_kinds[c]) for c in sorted(new_kinds)
                    if old_kinds.get(c) != new_kinds[c] and c in new_weights]  # fmt: skip
        if not changed:
            return 0
        if why is None and _needs_reason(conn, year, now.date()):
            raise WriteRefused("err_scheme_reason", year=year)
        grades = {name: new_params.pop(name) for name in GRADES}
        conn.execute(update(Scheme).where(Scheme.year == year).values(
            **new_params, **grades, updated_by=actor.username, updated_at=now))  # fmt: skip
        conn.execute(delete(SchemeWeight).where(SchemeWeight.year == year))
        _insert_weights(conn, year, new_weights, new_kinds)
        for item, old, new in changed:
            _record(conn, year, item, old, new, actor.username, now, why)
        return len(changed)


# What a figure is read as (the import's checks, the facts a period reads): a year may
# judge an indicator by another kind only where its figures read the same.
_READING = ("cumulative", "deadlines", "percent")


def _new_kinds(conn: Connection, current: SchemeRow, asked: Mapping[str, str]
               ) -> tuple[dict[str, str], dict[str, str]]:  # fmt: skip
    """The year's kinds before and after ``asked`` (code → kind); a kind unknown, or
    one that reads the figures otherwise than the catalogue's kind, is refused."""
    catalogue = {
        c: str(k) for c, k in conn.execute(select(Indicator.code, Indicator.kind))
    }
    old = catalogue | dict(current.rules.kinds)
    new = dict(old)
    for code, raw in asked.items():
        kind, base = kind_of(raw), kind_of(catalogue.get(code))
        if base is None:
            raise WriteRefused("err_unknown_indicators", codes=str(code)[:64])
        if kind is None or any(getattr(kind, f) != getattr(base, f) for f in _READING):
            raise WriteRefused("err_scheme_kind", indicator=code, kind=str(raw)[:16])
        new[code] = kind.code
    return old, new


def parameter_values(rules: Rules) -> dict[str, float]:
    bands = {grade: minimum for minimum, grade in rules.grade_bands}
    return {name: float(getattr(rules, name)) for name in PARAMETERS} | {
        "grade_excellent": float(bands.get("excellent", 90.0)),
        "grade_good": float(bands.get("good", 80.0)),
        "grade_pass": float(bands.get("pass", 60.0)),
    }


def published_months(year: int) -> list[int]:
    """The months of ``year`` whose ranking is published (their scores stay frozen)."""
    with read_once() as conn:
        return _published_months(conn, year)
