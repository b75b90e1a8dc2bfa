"""Load a city's catalogue (regions, indicators, departments, policy measures) from its folder."""

from __future__ import annotations

import math
from dataclasses import dataclass
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
    PolicyDocument,
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


@dataclass(frozen=True)
class PolicyFile:
    """One of the city's policy documents as its folder lists it (``policies.csv``;
    a folder with only ``policy.txt`` has that one document, in force from 2000)."""

    code: str
    path: Path
    doc_number: str
    title: str
    issued: str
    from_year: int
    to_year: int | None
    is_demo: bool
    sort_order: int


def _year(raw: str, row: int, column: str, blank_ok: bool = False) -> int | None:
    if blank_ok and not raw.strip():
        return None
    if not raw.strip().isdigit() or not 1900 <= int(raw) <= 2100:
        raise CatalogueError("cat_policy_year", row=row, column=column, value=raw[:20])
    return int(raw)


def policy_files(city_dir: Path) -> list[PolicyFile]:
    """The city's policy documents, the first (the main one) first."""
    listing = city_dir / "policies.csv"
    if not listing.exists():
        path = city_dir / "policy.txt"
        if not path.exists():
            raise CatalogueError("cat_missing_file", name="policy.txt")
        number = path.read_text(encoding="utf-8").strip().splitlines()[0].strip()
        return [PolicyFile("main", path, number, number, "", 2000, None, False, 0)]
    found: list[PolicyFile] = []
    for i, row in enumerate(_read_csv(listing).itertuples()):
        line = i + 2
        code = row.code.strip()[:32]
        if not code or code in {f.code for f in found}:
            raise CatalogueError("cat_policy_code", row=line, value=code)
        path = (city_dir / row.file.strip()).resolve()
        if city_dir.resolve() not in path.parents or not path.is_file():
            raise CatalogueError("cat_policy_file", row=line, name=row.file[:80])
        found.append(PolicyFile(
            code, path, row.doc_number.strip()[:64], row.title_zh.strip(),
            row.issued.strip()[:10], _year(row.from_year, line, "from_year"),
            _year(row.to_year, line, "to_year", blank_ok=True),
            row.is_demo.strip() == "1", i))  # fmt: skip
    return found


def documents_in_force(files: list[PolicyFile], year: int) -> list[str]:
    """The codes of the documents that govern ``year`` (the first one always)."""
    return [f.code for f in files
            if f.sort_order == 0 or (f.from_year <= year <= (f.to_year or 9999))]  # fmt: skip


class _Departments:
    """Department ids by name (the city's spelling variants folded), added as met."""

    def __init__(self, conn: Connection, frame: pd.DataFrame):
        self.conn, self.frame = conn, frame
        self.aliases = _department_aliases(frame)
        self.ids = dict(conn.execute(select(Department.name_zh, Department.id)).all())

    def id(self, name: str) -> int:
        name = self.aliases.get(name, name)
        if name not in self.ids:
            english = self.frame.loc[self.frame.name_zh == name, "name_en"]
            self.ids[name] = self.conn.execute(
                insert(Department)
                .values(name_zh=name, name_en=english.iloc[0] if len(english) else name)
                .returning(Department.id)
            ).scalar_one()
        return self.ids[name]


def _load_document(conn: Connection, doc: PolicyFile, departments: _Departments
                   ) -> dict[int, int]:  # fmt: skip
    """Register a document and its measures with their departments: number → id."""
    conn.execute(insert(PolicyDocument).values(
        code=doc.code, doc_number=doc.doc_number, title=doc.title, issued=doc.issued,
        from_year=doc.from_year, to_year=doc.to_year, sort_order=doc.sort_order,
        is_demo=doc.is_demo))  # fmt: skip
    ids: dict[int, int] = {}
    for m in parse_measures(doc.path.read_text(encoding="utf-8")):
        ids[m.number] = conn.execute(
            insert(Measure)
            .values(document=doc.code, number=m.number, label=m.label,
                    section=m.section, section_title=m.section_title, title=m.title,
                    body=m.body)
            .returning(Measure.id)
        ).scalar_one()  # fmt: skip
        conn.execute(insert(MeasureDepartment), [
            {"measure_id": ids[m.number], "department_id": departments.id(name),
             "role": "lead" if position == 0 else "co", "position": position}
            for position, name in enumerate(m.departments)])  # fmt: skip
    return ids


def load_catalogue(conn: Connection, city_dir: Path) -> None:
    """Insert the city's catalogue into empty tables, inside the caller's transaction."""
    regions = _read_csv(city_dir / "regions.csv")
    indicators = _read_csv(city_dir / "indicators.csv")
    documents = policy_files(city_dir)
    departments = _Departments(conn, _read_csv(city_dir / "departments.csv"))
    department_id = departments.id

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

    # The indicators' ``articles`` name measures by number (the main document's) or
    # by document and number (``2021-demo:3``).
    measure_ids: dict[tuple[str, int], int] = {}
    for doc in documents:
        found = _load_document(conn, doc, departments)
        measure_ids |= {(doc.code, number): i for number, i in found.items()}
    main = documents[0].code
    measures = parse_measures(documents[0].path.read_text(encoding="utf-8"))

    weights = pd.to_numeric(indicators.weight, errors="coerce")
    if weights.isna().any() or abs(weights.sum() - 100) > 1e-6:
        raise CatalogueError("cat_weights_total", total=f"{weights.sum():g}")
    labels = {m.number: m.label for m in measures}
    for row in indicators.itertuples():
        articles = _articles(row.articles, main, row.Index + 2)
        missing = [n for d, n in articles if (d, n) not in measure_ids]
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
                article="".join(labels[n] for d, n in articles if d == main),
                lead_department_id=department_id(row.lead_department),
                sort_order=int(row.sort_order or 0),
                aliases=_aliases(row),
                check_score=_check_score(row),
            )
            .returning(Indicator.id)
        ).scalar_one()
        for key in articles:
            conn.execute(
                insert(IndicatorMeasure).values(
                    indicator_id=indicator_id, measure_id=measure_ids[key]
                )
            )
    # The top of the hierarchy (the city, a province, the nation) names the dataset
    # and is the parent whose units a view shows when the URL names none.
    home = regions[regions.parent_code == ""].iloc[0]
    set_info(conn, "home_region", home.code)
    set_info(conn, "city_name_zh", home.name_zh)
    set_info(conn, "city_name_en", home.name_en)
    set_info(conn, "policy_number", policy_number(city_dir))
    store_bulletin_words(conn, city_dir)
    store_english_titles(conn, city_dir)
    store_population(conn, city_dir)


def _articles(cell: str, main: str, row: int) -> list[tuple[str, int]]:
    """An ``articles`` cell as (document, number) pairs: ``8`` is the main
    document's measure 8, ``2021-demo:3`` another document's."""
    found = []
    for item in filter(None, (a.strip() for a in cell.split(";"))):
        document, _, number = item.rpartition(":")
        if not number.isdigit():
            raise CatalogueError("cat_unknown_article", row=row, article=item[:40])
        found.append((document or main, int(number)))
    return found


def _link_articles(conn: Connection, city_dir: Path, document: str, main: str,
                   ids: dict[int, int]) -> None:  # fmt: skip
    """Link the indicators whose ``articles`` name ``document``'s measures."""
    indicators = dict(conn.execute(select(Indicator.code, Indicator.id)).all())
    for row in _read_csv(city_dir / "indicators.csv").itertuples():
        for doc, number in _articles(row.articles, main, row.Index + 2):
            if doc == document and number in ids and row.code in indicators:
                conn.execute(insert(IndicatorMeasure).values(
                    indicator_id=indicators[row.code], measure_id=ids[number]))  # fmt: skip


def _aliases(row) -> str:
    """The row's ``aliases`` cell, cleaned (the column is optional)."""
    raw = getattr(row, "aliases", "") or ""
    return ";".join(a.strip() for a in raw.split(";") if a.strip())


def _check_score(row) -> float | None:
    """The row's own threshold of the history check (``check_score``, optional): a
    positive number, or blank for the default."""
    raw = str(getattr(row, "check_score", "") or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value < 1000:
        raise CatalogueError("cat_bad_check_score", row=row.Index + 2, value=raw[:20])
    return value


def refresh_documents(conn: Connection, city_dir: Path) -> int:
    """Register the city's policy documents in a database made before there could be
    several (the 0012 migration): its measures belong to the first, the others are
    added with their measures. Returns how many documents were added."""
    known = set(conn.execute(select(PolicyDocument.code)).scalars())
    documents = policy_files(city_dir)
    added = 0
    departments = _Departments(conn, _read_csv(city_dir / "departments.csv"))
    for doc in documents:
        if doc.code in known:
            continue
        if doc.sort_order == 0:
            conn.execute(insert(PolicyDocument).values(
                code=doc.code, doc_number=doc.doc_number, title=doc.title,
                issued=doc.issued, from_year=doc.from_year, to_year=doc.to_year,
                sort_order=0, is_demo=doc.is_demo))  # fmt: skip
            conn.execute(update(Measure).where(Measure.document.is_(None))
                         .values(document=doc.code))  # fmt: skip
        else:
            ids = _load_document(conn, doc, departments)
            _link_articles(conn, city_dir, doc.code, documents[0].code, ids)
        added += 1
    return added


def refresh_aliases(conn: Connection, city_dir: Path) -> int:
    """Bring the aliases of a loaded catalogue up to date with the city's files (an
    existing database gets the wordings added since it was made), and the policy's
    number. Returns how many rows of aliases changed."""
    set_info(conn, "policy_number", policy_number(city_dir))
    store_bulletin_words(conn, city_dir)
    store_english_titles(conn, city_dir)
    store_population(conn, city_dir)
    changed = 0
    for model, name in ((Region, "regions.csv"), (Indicator, "indicators.csv")):
        frame = _read_csv(city_dir / name)
        for row in frame.itertuples():
            changed += conn.execute(
                update(model)
                .where(model.code == row.code, model.aliases != _aliases(row))
                .values(aliases=_aliases(row))
            ).rowcount
            if model is Indicator:
                conn.execute(update(Indicator).where(Indicator.code == row.code)
                             .values(check_score=_check_score(row)))  # fmt: skip
    return changed


def policy_number(city_dir: Path) -> str:
    """The main policy's document number (巴政发〔2018〕49号)."""
    return policy_files(city_dir)[0].doc_number


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


BULLETIN_FIELDS = ("organ", "addressees", "signature", "cc", "printer")


def bulletin_settings(city_dir: Path) -> dict[str, tuple[str, str]]:
    """The city's words for its 通报 (``bulletin.csv``: field, zh, en): the issuing
    organ (红头), the addressees, the signature, 抄送 and the printing office; a field
    the file leaves out is None (the caller's default)."""
    path = city_dir / "bulletin.csv"
    if not path.exists():
        return {}
    frame = _read_csv(path)
    return {row.field.strip(): (row.zh.strip(), row.en.strip())
            for row in frame.itertuples()
            if row.field.strip() in BULLETIN_FIELDS and row.zh.strip()}  # fmt: skip


def store_bulletin_words(conn: Connection, city_dir: Path) -> None:
    """Keep the city's words for its 通报 with the data they belong to (dataset info
    ``bulletin_<field>_<zh|en>``); a field the file leaves out is removed."""
    words = bulletin_settings(city_dir)
    for name in BULLETIN_FIELDS:
        for n, lang in enumerate(("zh", "en")):
            key = f"bulletin_{name}_{lang}"
            value = words.get(name, ("", ""))[n]
            if value:
                set_info(conn, key, value)
            else:
                conn.execute(delete(DatasetInfo).where(DatasetInfo.key == key))


TITLE_LEVELS = ("document", "section", "measure")


def store_english_titles(conn: Connection, city_dir: Path) -> int:
    """The English titles of the policy documents, sections and measures from the
    city's ``policy_titles_en.csv`` (document, level, number, title_en); the bodies
    stay Chinese. A row naming nothing known, or a level or number that is not one, is
    refused naming its row and column. Returns how many titles were stored."""
    path = city_dir / "policy_titles_en.csv"
    if not path.exists():
        return 0
    known = set(conn.execute(select(PolicyDocument.code)).scalars())
    stored = 0
    for i, row in enumerate(_read_csv(path).itertuples()):
        line, document, level = i + 2, row.document.strip(), row.level.strip()
        title = row.title_en.strip()[:256]
        if document not in known:
            raise CatalogueError(
                "cat_title_value", row=line, column="document", value=document[:32]
            )
        if level not in TITLE_LEVELS:
            raise CatalogueError(
                "cat_title_value", row=line, column="level", value=level[:20]
            )
        if not title:
            raise CatalogueError(
                "cat_title_value", row=line, column="title_en", value=""
            )
        if level == "document":
            conn.execute(update(PolicyDocument).where(PolicyDocument.code == document)
                         .values(title_en=title))  # fmt: skip
            stored += 1
            continue
        if not row.number.strip().isdigit():
            raise CatalogueError("cat_title_value", row=line, column="number",
                                 value=row.number[:20])  # fmt: skip
        number = int(row.number)
        column = Measure.section if level == "section" else Measure.number
        values = {"section_title_en" if level == "section" else "title_en": title}
        done = conn.execute(update(Measure).where(Measure.document == document, column == number)
                            .values(**values)).rowcount  # fmt: skip
        if not done:
            raise CatalogueError(
                "cat_title_value", row=line, column="number", value=str(number)
            )
        stored += 1
    return stored


def store_population(conn: Connection, city_dir: Path) -> int:
    """Each region's resident population from the city's ``population.csv`` (code,
    year, population, is_demo: 1 for a made-up figure, 示例数据). A row naming no
    known region, or whose year or population is not a number, is refused naming its
    row and column. Returns how many regions got a figure."""
    path = city_dir / "population.csv"
    if not path.exists():
        return 0
    known = set(conn.execute(select(Region.code)).scalars())
    stored = 0
    for i, row in enumerate(_read_csv(path).itertuples()):
        line, code = i + 2, str(row.code).strip()
        if code not in known:
            raise CatalogueError("cat_population_value", row=line, column="code",
                                 value=code[:20])  # fmt: skip
        year, people = (
            str(row.year).strip(),
            str(row.population).strip().replace(",", ""),
        )
        if not (year.isdigit() and 1900 <= int(year) <= 2100):
            raise CatalogueError("cat_population_value", row=line, column="year",
                                 value=year[:20])  # fmt: skip
        try:
            figure = float(people)
        except ValueError:
            figure = -1.0
        if not (math.isfinite(figure) and figure > 0):
            raise CatalogueError("cat_population_value", row=line, column="population",
                                 value=people[:20])  # fmt: skip
        demo = str(getattr(row, "is_demo", "")).strip() in ("1", "true", "yes")
        conn.execute(update(Region).where(Region.code == code)
                     .values(population=figure, population_year=int(year),
                             population_is_demo=demo))  # fmt: skip
        stored += 1
    return stored
