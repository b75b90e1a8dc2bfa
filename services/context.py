"""What every page starts from: the query in its URL, resolved against the periods
on offer, who is signed in, and the as-of stamp.

The URL is the only state: a page's layout is called with the query
(``year``, ``month``, ``lang``, ``data``) and builds a :class:`PageContext` here.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from flask import current_app, has_app_context
from sqlalchemy.exc import SQLAlchemyError

from data_access import assessed, queries
from data_access.accounts import Actor
from data_access.engine import DatabaseUnavailable
from domain.cycle import MonthInfo, MonthState, default_period
from domain.model import CITY, NATION, PROVINCE
from domain.ranking import PAGE_SIZE
from i18n import DEFAULT_LANG, LANGS, scope_words
from services import lookups
from services.assessment import Scope
from services.cache import cached, data_stamp, mark_degraded
from services.recompute import RunProgress
from services.recompute import progress as recompute_progress
from services.records import IndicatorRow, RegionRow, region_rows
from settings import current_settings

log = logging.getLogger("kaohe")
SUBMITTED = queries.SUBMITTED


# ``units=county``: every county under the scope's parent, not only its children.
ALL_COUNTIES = "county"


@dataclass(frozen=True)
class PageQuery:
    """A view's period, language, data mode and scope: all of it is in the URL
    (``scope`` None is the dataset's home, e.g. the city's counties)."""

    year: int
    month: int
    lang: str = DEFAULT_LANG
    submitted: bool = False
    scope: str | None = None
    units: str | None = None  # ALL_COUNTIES, or None for the parent's children
    page: int = 0  # the full ranking's page (1…), 0: the top and bottom ten

    @property
    def mode(self) -> str:
        return queries.SUBMITTED if self.submitted else queries.APPROVED

    @property
    def period(self) -> tuple[int, int]:
        return self.year, self.month

    @property
    def view_scope(self) -> Scope:
        """The scope of the assessment this query shows."""
        return Scope(self.scope or queries.home_region(), self.units)

    @property
    def search(self) -> str:
        """The query string that reproduces this view (``?year=…&month=…``)."""
        return build_search(self.year, self.month, self.lang, self.submitted,
                            self.scope, self.units)  # fmt: skip

    def search_with(self, **changes) -> str:
        """This view's query string with some of its parts changed (scope, units,
        year, …)."""
        values = {"year": self.year, "month": self.month, "lang": self.lang,
                  "submitted": self.submitted, "scope": self.scope,
                  "units": self.units} | changes  # fmt: skip
        return build_search(**values)

    def page_search(self, page: int) -> str:
        """This view's query string at another page of its full ranking."""
        return build_search(self.year, self.month, self.lang, self.submitted,
                            self.scope, self.units, page)  # fmt: skip

    def store(self) -> dict:
        """As kept in the page's store for its callbacks."""
        return {
            "year": self.year,
            "month": self.month,
            "lang": self.lang,
            "submitted": self.submitted,
            "scope": self.scope,
            "units": self.units,
            "page": self.page,
        }

    @classmethod
    def from_store(cls, data) -> PageQuery | None:
        """The query a page's store holds; None when it is not one (forged)."""
        if not isinstance(data, dict):
            return None
        period = parse_period(data.get("year"), data.get("month"))
        lang = data.get("lang")
        if period is None or lang not in LANGS:
            return None
        scope, units = data.get("scope"), data.get("units")
        if scope is not None and not is_region_code(scope):
            return None
        page = data.get("page") or 0
        if units not in (None, ALL_COUNTIES) or not isinstance(page, int) or page < 0:
            return None
        # A scope is a region with units to rank (never a county, never an unknown
        # code): a store saying otherwise was not written by the page.
        if scope is not None and not lookups.units(scope, units):
            return None
        return cls(*period, lang, data.get("submitted") is True, scope, units, page)


def is_region_code(value) -> bool:
    return isinstance(value, str) and value.isascii() and value.isdigit() and (
        0 < len(value) <= 12)  # fmt: skip


def build_search(
    year,
    month,
    lang: str | None,
    submitted: bool = False,
    scope=None,
    units=None,
    page: int = 0,
) -> str:
    values = {"year": year, "month": month}
    if lang and lang != DEFAULT_LANG:
        values["lang"] = lang
    if submitted:
        values["data"] = SUBMITTED
    if scope:
        values["scope"] = scope
    if units:
        values["units"] = units
    if page:
        values["page"] = page
    return "?" + urlencode({k: v for k, v in values.items() if v not in (None, "")})


@dataclass(frozen=True)
class SignedIn:
    name: str
    role: str
    csrf: str
    notices: int = 0  # what awaits them: a county's notices, items, reviews, progress


@dataclass(frozen=True)
class ScopeInfo:
    """Where a view stands in the hierarchy: the path from the top to the scope's
    parent (its breadcrumb), the units it ranks, and whether it may switch to every
    county below (a province or the nation)."""

    path: tuple[RegionRow, ...] = ()
    units: tuple[RegionRow, ...] = ()
    all_counties: bool = False

    @property
    def parent(self) -> RegionRow | None:
        return self.path[-1] if self.path else None

    @property
    def can_expand(self) -> bool:
        parent = self.parent
        return parent is not None and parent.level in (NATION, PROVINCE)

    def words(self, lang: str | None) -> dict[str, str]:
        """What texts call this scope: 全市 and 旗县区, 全省 and 市（盟）, …"""
        parent = self.parent
        return scope_words(parent.level if parent else None,
                           self.units[0].level if self.units else None, lang,
                           lookups.whole_word(parent.code if parent else None))  # fmt: skip

    @property
    def is_flat(self) -> bool:
        """One city and its counties: nothing to choose (the scope bar is hidden)."""
        return len(self.path) == 1 and self.path[0].level == CITY


@dataclass(frozen=True)
class PageContext:
    """Everything a page's layout needs besides its own data."""

    query: PageQuery
    years: tuple[int, ...]  # newest first
    counties: tuple[RegionRow, ...]  # the scope's units, read once a page
    indicators: tuple[IndicatorRow, ...]
    user: SignedIn | None
    is_demo: bool
    updated: str | None
    notice: str | None = None  # catalogue key of a warning for the whole page
    city: Stamp | None = None  # the loaded city's names and policy number
    scope: ScopeInfo = ScopeInfo()
    months: tuple[MonthInfo, ...] = ()  # the chosen year's months with their states
    # A recomputation under way (results shown are the last complete ones), or None.
    recomputing: RunProgress | None = None

    @property
    def month(self) -> MonthInfo | None:
        """The chosen month's state (None where it is not known)."""
        return next((m for m in self.months if m.month == self.query.month), None)

    @property
    def provisional(self) -> bool:
        """The chosen month is still being reported: its figures are not final."""
        return self.month is not None and self.month.provisional

    @property
    def first_county(self) -> str:
        return self.counties[0].code if self.counties else ""

    @property
    def first_indicator(self) -> str:
        return self.indicators[0].code if self.indicators else ""


@dataclass(frozen=True)
class Stamp:
    is_demo: bool
    updated: str | None
    city_zh: str = ""
    city_en: str = ""
    policy: str = ""  # the policy's document number


def parse_period(year, month) -> tuple[int, int] | None:
    """Validate a (year, month) from a URL or a callback; None when it is not one."""
    try:
        y, m = int(str(year)), int(str(month))
    except (TypeError, ValueError):
        return None
    if not (1900 <= y <= 2999 and 1 <= m <= 12):
        return None
    return y, m


def resolve_query(
    year, month, lang, data, years: tuple[int, ...], latest: tuple[int, int]
) -> tuple[PageQuery, str | None]:
    """The view a URL asks for, and a notice key when its period was not valid (the
    latest period is shown instead). Pure: the periods on offer are passed in."""
    lang = lang if lang in LANGS else DEFAULT_LANG
    submitted = data == SUBMITTED
    period = parse_period(year, month)
    notice = None
    if period is None or period[0] not in years:
        notice = "bad_period" if (year, month) != (None, None) else None
        period = latest
    return PageQuery(*period, lang, submitted), notice


# Where the server registers who is signed in on the Flask app (server.auth.init_app).
IDENTITY = "kaohe_identity"


@dataclass(frozen=True)
class Identity:
    """How the app learns who is signed in: the server registers it on the Flask
    app; the pages ask ``current_actor()`` once a callback and pass the actor into
    the services' actions, which never read the request nor import the server."""

    actor: Callable[[], Actor | None]
    csrf_token: Callable[[], str]


def _identity() -> Identity | None:
    return current_app.extensions.get(IDENTITY) if has_app_context() else None


def current_actor() -> Actor | None:
    """The signed-in actor of this request (None when anonymous, outside a request,
    or in an app without sign-in)."""
    identity = _identity()
    return identity.actor() if identity is not None else None


def signed_in() -> SignedIn | None:
    """Who is signed in as the page's navbar shows them, or None."""
    actor = current_actor()
    if actor is None:
        return None
    from services.reporting import open_notices
    from services.supervision import awaiting

    return SignedIn(
        actor.display_name,
        actor.role,
        _identity().csrf_token(),
        len(open_notices(actor)) + sum(a.count for a in awaiting(actor)),
    )


def resolve_scope(
    scope, units, page
) -> tuple[ScopeInfo, str | None, str | None, str | None, int]:
    """The scope a URL asks for: (info, notice key, scope, units, page). An unknown
    region, or one without units, falls back to the dataset's home."""
    notice = None
    home = queries.home_region()
    if scope is not None and not is_region_code(scope):
        scope, notice = None, "bad_scope"
    path = region_rows(queries.region_path(scope)) if scope else []
    if scope and not path:
        scope, notice = None, "bad_scope"
    if not scope:
        path = region_rows(queries.region_path(home)) if home else []
    parent = path[-1].code if path else home
    expand = units == ALL_COUNTIES and path and path[-1].level in (NATION, PROVINCE)
    found = lookups.units(parent, ALL_COUNTIES if expand else None) if parent else []
    if scope and not found:
        return resolve_scope(None, None, 0)[0], "bad_scope", None, None, 0
    try:
        page = max(0, min(int(page or 0), -(-len(found) // PAGE_SIZE)))
    except (TypeError, ValueError):
        page = 0
    info = ScopeInfo(tuple(path), tuple(found), bool(expand))
    return (
        info,
        notice,
        scope if scope != home else None,
        ALL_COUNTIES if expand else None,
        page,
    )


def page_context(
    year=None,
    month=None,
    lang=None,
    data=None,
    scope=None,
    units=None,
    page=None,
    planning: bool = False,
    **_,
) -> PageContext:
    """Resolve a page's URL query. With the database down the page still renders,
    with a notice naming the database. ``planning``: a page that prepares a year
    (targets and its scheme) also offers next year and every year with a scheme."""
    today = date.today()
    try:
        asked = (scope, units, page)
        if _written(asked):
            found = _kept_page_data(today, planning, asked)
        else:  # not a URL the app writes: not kept
            found = _page_data(today, planning, *asked)
        user = signed_in()
        running = recompute_progress()
    except (DatabaseUnavailable, SQLAlchemyError):
        log.exception("page without the database")
        mark_degraded()  # a page with this notice is not kept (server/rendered.py)
        query, _ = resolve_query(
            year, month, lang, data, (today.year,), (today.year, 1)
        )
        return PageContext(query, (today.year,), (), (), None, False, None,
                           "database_notice")  # fmt: skip
    query, notice = resolve_query(year, month, lang, data, found.years, found.latest)
    query = dataclasses.replace(
        query, scope=found.scope, units=found.units, page=found.page
    )
    info = found.info
    return PageContext(
        months=tuple(m for m in found.months if m.year == query.year),
        query=query,
        years=found.years,
        counties=found.where.units,
        indicators=found.catalogue,
        user=user,
        is_demo=info.is_demo,
        updated=info.updated,
        notice=notice or found.notice,
        city=info,
        scope=found.where,
        recomputing=running,
    )


def _written(values) -> bool:
    """Query values as the app writes them (short strings or numbers, no lists)."""
    return all(v is None or (isinstance(v, str | int) and len(str(v)) <= 32)
               for v in values)  # fmt: skip


def _kept_page_data(
    today: date, planning: bool, asked: tuple, stamp: tuple | None = None
) -> _PageData:
    """The page's data, kept by :func:`page_stamp` (``stamp``: already read)."""
    settings = current_settings()
    return cached("page_data", lambda: stamp or page_stamp(today),
                  lambda: _page_data(today, planning, *asked), today, planning, asked,
                  settings.report_due_day, settings.report_open_day, near=True)  # fmt: skip


LAYOUT_QUERY = ("year", "month", "lang", "data", "scope", "units", "page")


def layout_stamp(
    today: date, params: dict, read: assessed.PageStamps | None = None
) -> tuple | None:
    """What a reader page's layout shows of the data, for its kept answer
    (server/rendered.py): the page's context as drawn (its months' states, the scope,
    catalogue and names), the months with reports and the dataset's names
    (:func:`page_stamp`: a city's load, a month's first report), the restore epoch,
    publications, scheme changes and recomputations, but of the months' approved
    counts only the viewed month's (its menu entry and provisional notice show it;
    the other months' entries get theirs from :func:`month_menu`), and of whether a
    month has approved figures only the default view it chooses. An approval of the
    month being reported then retires only the layouts that show that month. None for
    a query the app does not write (the caller keys it by :func:`page_stamp`).
    ``read``: the stamps, already read (:func:`data_access.assessed.page_stamps`)."""
    values = [params.get(key) for key in LAYOUT_QUERY]
    if not _written(values):
        return None
    stamp = page_stamp(today, read)  # read once: the data's version and part of the key
    # Worked out once for these stamps and this query, and kept in the process too
    # (the page's data matched to its query and written out: 1–2 ms a kept page).
    settings = current_settings()
    return cached("layout_stamp", lambda: stamp,
                  lambda: _layout_stamp(today, values, stamp), today, tuple(values),
                  settings.report_due_day, settings.report_open_day, near=True)  # fmt: skip


def _layout_stamp(today: date, values: list, stamp: tuple) -> tuple:
    year, month, lang, data, scope, units, page = values
    found = _kept_page_data(today, False, (scope, units, page), stamp)
    query, _ = resolve_query(year, month, lang, data, found.years, found.latest)
    months = tuple((m.year, m.month, m.state, m.units, m.due,
                    m.approved if (m.year, m.month) == query.period else None)
                   for m in found.months)  # fmt: skip
    # Whether a month has approved figures chooses the default view alone: the period
    # shown stands for it (a page naming its month is not retired when the first
    # approval of a closed month, or its withdrawal, moves the default).
    shown = dataclasses.replace(found, months=months, latest=query.period)
    approved, offered = stamp
    return approved[2:], offered, repr(shown)


def month_menu(year, lang) -> list | None:
    """The months of ``year`` on offer with their states and, for a month being
    reported, its approved count (the month selector's options; see
    :func:`layout_stamp`); None when ``year`` is not on offer."""
    context = page_context(year=year, lang=lang)
    if str(context.query.year) != str(year):
        return None
    return list(context.months)


def page_stamps(today: date) -> assessed.PageStamps:
    """Every stamp a reader page's kept layout is keyed by, in one statement (the
    approved figures' to next year's end, as :func:`page_stamp` reads them)."""
    return assessed.page_stamps(today.year + 1)


def page_stamp(today: date, read: assessed.PageStamps | None = None) -> tuple:
    """What a page's context is drawn from: the approved figures' stamp up to next
    year's end (the months' states count approved counties; the scope, catalogue and
    names change only with changes that reach approved figures or beside them), the
    months with reports (a county's first draft of a month adds it to the menu), the
    day of the newest write (the page header's 数据更新至) and the dataset's names
    (the header's city and policy number). A county's draft or
    submission of a month nobody has approved changes none of it otherwise: pages
    stay kept while counties report."""

    # Every reader page asks before its answer is looked up: one stamp read, one
    # small cache read (each part read on its own cost 10 ms a page). ``read``: the
    # stamps read already (:func:`page_stamps`).
    if read is None:
        return (assessed.period_stamp(today.year + 1, 12, queries.APPROVED),
                _offered_stamp())  # fmt: skip
    return read.approved, _offered_stamp(read.data)


def _offered_stamp(data: str | None = None) -> tuple:
    """The months with reports, the day of the newest write and the dataset's names
    (read once a data stamp; ``data``: the data stamp, already read)."""

    def read() -> tuple:
        offered = lookups.periods()
        updated = cached("data_as_of", data_stamp, queries.data_as_of, near=True)
        info = queries.dataset_info()
        return (
            tuple(zip(offered.year.tolist(), offered.month.tolist(), strict=True)),
            updated.strftime("%Y-%m-%d") if updated else None,
            tuple(info.get(key) for key in DATASET_NAMES),
        )

    return cached("page_stamp", data_stamp if data is None else lambda: data,
                  read, near=True)  # fmt: skip


# What a page shows of the dataset's own record (a city's load writes them).
DATASET_NAMES = ("is_demo", "city_name_zh", "city_name_en", "policy_number",
                 queries.HOME_REGION)  # fmt: skip


@dataclass(frozen=True)
class _PageData:
    """What a page's context reads of the data (see _page_data)."""

    months: tuple[MonthInfo, ...]
    latest: tuple[int, int]
    years: tuple[int, ...]
    where: ScopeInfo
    notice: str | None
    scope: str | None
    units: str | None
    page: int
    catalogue: tuple[IndicatorRow, ...]
    info: Stamp


def _page_data(today: date, planning: bool, scope, units, page) -> _PageData:
    """The months on offer and their states, the scope asked for with its units, the
    catalogue and the dataset's names: read once a page stamp and day (every page
    load asks: a dozen reads, a third of a busy worker's time when each was read)."""
    periods = lookups.periods()
    months = lookups.months(today)
    latest = default_view(periods, months) or (today.year, 1)
    years = tuple(sorted({int(y) for y in periods.year}, reverse=True))
    years = years or (latest[0],)
    if planning:
        from data_access.schemes import scheme_years

        years = tuple(sorted({*years, today.year + 1, *scheme_years()}, reverse=True))
        months = lookups.months(today, years)
    where, notice, scope, units, page = resolve_scope(scope, units, page)
    return _PageData(tuple(months), latest, years, where, notice, scope, units, page,
                     tuple(lookups.indicators()), stamp())  # fmt: skip


def default_view(periods, months) -> tuple[int, int] | None:
    """The period a page shows when its URL names none: the newest closed month
    (已截止, 已审定, 已发布) with approved figures, never one still being reported
    (a county's draft for the current month changes nothing). Where no month is
    closed yet, the newest month with reports that has ended."""
    offered = {
        (int(y), int(m)) for y, m in zip(periods.year, periods.month, strict=True)
    }
    found = default_period(m for m in months
                           if (m.year, m.month) in offered and m.approved > 0)  # fmt: skip
    if found is None:
        started = [(m.year, m.month) for m in months if (m.year, m.month) in offered
                   and m.state is not MonthState.NOT_STARTED]  # fmt: skip
        return max(started) if started else (max(offered) if offered else None)
    return found


def stamp() -> Stamp:
    info = queries.dataset_info()
    updated = cached("data_as_of", data_stamp, queries.data_as_of, near=True)
    return Stamp(
        is_demo=info.get("is_demo") == "1",
        updated=updated.strftime("%Y-%m-%d") if updated else None,
        city_zh=info.get("city_name_zh", ""),
        city_en=info.get("city_name_en", ""),
        policy=info.get("policy_number", ""),
    )


def rules(year: int | None = None):
    """The rules that judge ``year``: its scheme (年度考核方案), weights and
    parameters; without a year, the configured defaults of a new scheme."""
    if year is None:
        return current_settings().rules
    from services.schemes import rules_for

    return rules_for(year)


def data_mode(include_submitted) -> str:
    """The data mode for the shell's switch: approved figures, or submitted ones too."""
    return queries.SUBMITTED if include_submitted is True else queries.APPROVED
