"""Load a city's catalogue (regions, indicators, departments, policy measures) from its folder."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, Integer, delete, insert, select, text, update

from data_access.models import (
    DatasetInfo,
    Department,
    Indicator,
    IndicatorMeasure,
    Measure,
    MeasureDepartment,
    Region,
    RegionTree,
)
from data_access.policy import parse_measures
from domain.model import RegionLevel
from i18n import Refusal


class CatalogueError(Refusal, ValueError):
    """A city file does not say what the app needs; the text names file and row."""


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise CatalogueError("cat_missing_file", name=path.name)
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _department_aliases(frame: pd.DataFrame) -> dict[str, str]:
    aliases = {}
    for row in frame.itertuples():
        aliases[row.name_zh] = row.name_zh
        for alias in filter(None, (a.strip() for a in row.aliases.split(";"))):
            aliases[alias] = row.name_zh
    return aliases


def load_catalogue(conn: Connection, city_dir: Path) -> None:
    """Insert the city's catalogue into empty tables, inside the caller's transaction."""
    regions = _read_csv(city_dir / "regions.csv")
    indicators = _read_csv(city_dir / "indicators.csv")
    departments = _read_csv(city_dir / "departments.csv")
    measures = parse_measures((city_dir / "policy.txt").read_text(encoding="utf-8"))
    aliases = _department_aliases(departments)

    dept_ids: dict[str, int] = {}

    def department_id(name: str) -> int:
        name = aliases.get(name, name)
        if name not in dept_ids:
            english = departments.loc[departments.name_zh == name, "name_en"]
            dept_ids[name] = conn.execute(
                insert(Department)
                .values(name_zh=name, name_en=english.iloc[0] if len(english) else name)
                .returning(Department.id)
            ).scalar_one()
        return dept_ids[name]

    region_ids: dict[str, int] = {}
    order = {level.value: i for i, level in enumerate(RegionLevel)}  # parents first
    for row in regions.sort_values("level", key=lambda c: c.map(order)).itertuples():
        if row.parent_code and row.parent_code not in region_ids:
            raise CatalogueError(
                "cat_unknown_parent", row=row.Index + 2, parent=row.parent_code
            )
        region_ids[row.code] = conn.execute(
            insert(Region)
            .values(
                code=row.code,
                name_zh=row.name_zh,
                name_en=row.name_en,
                level=row.level,
                parent_id=region_ids.get(row.parent_code),
                sort_order=int(row.sort_order or 0),
                aliases=_aliases(row),
            )
            .returning(Region.id)
        ).scalar_one()

    rebuild_region_tree(conn)

    measure_ids: dict[int, int] = {}
    for m in measures:
        measure_ids[m.number] = conn.execute(
            insert(Measure)
            .values(
                number=m.number,
                label=m.label,
                section=m.section,
                section_title=m.section_title,
                title=m.title,
                body=m.body,
            )
            .returning(Measure.id)
        ).scalar_one()
        for position, name in enumerate(m.departments):
            conn.execute(
                insert(MeasureDepartment).values(
                    measure_id=measure_ids[m.number],
                    department_id=department_id(name),
                    role="lead" if position == 0 else "co",
                    position=position,
                )
            )

    weights = pd.to_numeric(indicators.weight, errors="coerce")
    if weights.isna().any() or abs(weights.sum() - 100) > 1e-6:
        raise CatalogueError("cat_weights_total", total=f"{weights.sum():g}")
    labels = {m.number: m.label for m in measures}
    for row in indicators.itertuples():
        articles = [int(n) for n in row.articles.split(";") if n.strip()]
        missing = [n for n in articles if n not in labels]
        if missing:
            raise CatalogueError(
                "cat_unknown_article", row=row.Index + 2, article=missing[0]
            )
        indicator_id = conn.execute(
            insert(Indicator)
            .values(
                code=row.code,
                name_zh=row.name_zh,
                name_en=row.name_en,
                unit_zh=row.unit_zh,
                unit_en=row.unit_en,
                kind=row.kind,
                direction=row.direction,
                weight=float(row.weight),
                city_aggregation=row.city_aggregation,
                baseline_year=int(row.baseline_year) if row.baseline_year else None,
                decimals=int(row.decimals or 0),
                article="".join(labels[n] for n in articles),
                lead_department_id=department_id(row.lead_department),
                sort_order=int(row.sort_order or 0),
                aliases=_aliases(row),
            )
            .returning(Indicator.id)
        ).scalar_one()
        for number in articles:
            conn.execute(
                insert(IndicatorMeasure).values(
                    indicator_id=indicator_id, measure_id=measure_ids[number]
                )
            )
    # The top of the hierarchy (the city, a province, the nation) names the dataset
    # and is the parent whose units a view shows when the URL names none.
    home = regions[regions.parent_code == ""].iloc[0]
    set_info(conn, "home_region", home.code)
    set_info(conn, "city_name_zh", home.name_zh)
    set_info(conn, "city_name_en", home.name_en)
    set_info(conn, "policy_number", policy_number(city_dir))


def _aliases(row) -> str:
    """The row's ``aliases`` cell, cleaned (the column is optional)."""
    raw = getattr(row, "aliases", "") or ""
    return ";".join(a.strip() for a in raw.split(";") if a.strip())


def refresh_aliases(conn: Connection, city_dir: Path) -> int:
    """Bring the aliases of a loaded catalogue up to date with the city's files (an
    existing database gets the wordings added since it was made), and the policy's
    number. Returns how many rows of aliases changed."""
    set_info(conn, "policy_number", policy_number(city_dir))
    changed = 0
    for model, name in ((Region, "regions.csv"), (Indicator, "indicators.csv")):
        frame = _read_csv(city_dir / name)
        for row in frame.itertuples():
            changed += conn.execute(
                update(model)
                .where(model.code == row.code, model.aliases != _aliases(row))
                .values(aliases=_aliases(row))
            ).rowcount
    return changed


def policy_number(city_dir: Path) -> str:
    """The policy's document number, its first line (巴政发〔2018〕49号)."""
    text = (city_dir / "policy.txt").read_text(encoding="utf-8")
    return text.strip().splitlines()[0].strip()


def set_info(conn: Connection, key: str, value: str) -> None:
    conn.execute(delete(DatasetInfo).where(DatasetInfo.key == key))
    conn.execute(insert(DatasetInfo).values(key=key, value=value))


def is_empty(conn: Connection) -> bool:
    return conn.execute(select(Region.id).limit(1)).first() is None


# Every (ancestor, region) pair of the hierarchy with its depth, itself at depth 0.
_TREE = text(
    "WITH RECURSIVE up(ancestor_id, region_id, depth) AS ("
    " SELECT id, id, 0 FROM regions"
    " UNION ALL SELECT r.parent_id, up.region_id, up.depth + 1"
    " FROM up JOIN regions r ON r.id = up.ancestor_id"
    " WHERE r.parent_id IS NOT NULL)"
    " SELECT ancestor_id, region_id, depth FROM up"
).columns(ancestor_id=Integer, region_id=Integer, depth=Integer)


def rebuild_region_tree(conn: Connection) -> None:
    """Recompute the hierarchy's closure table from ``regions.parent_id``."""
    conn.execute(delete(RegionTree))
    conn.execute(
        insert(RegionTree).from_select(
            ["ancestor_id", "region_id", "depth"], _TREE.subquery().select()
        )
    )
