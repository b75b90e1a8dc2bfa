"""What every page starts from: the query in its URL, resolved against the periods
on offer, who is signed in, and the as-of stamp.

The URL is the only state: a page's layout is called with the query
(``year``, ``month``, ``lang``, ``data``) and builds a :class:`PageContext` here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from sqlalchemy.exc import SQLAlchemyError

from data_access import queries
from data_access.engine import DatabaseUnavailable
from i18n import DEFAULT_LANG, LANGS
from services import lookups
from services.records import IndicatorRow, RegionRow
from settings import current_settings

log = logging.getLogger("kaohe")
SUBMITTED = queries.SUBMITTED


@dataclass(frozen=True)
class PageQuery:
    """A view's period, language and data mode: all of it is in the URL."""

    year: int
    month: int
    lang: str = DEFAULT_LANG
    submitted: bool = False

    @property
    def mode(self) -> str:
        return queries.SUBMITTED if self.submitted else queries.APPROVED

    @property
    def period(self) -> tuple[int, int]:
        return self.year, self.month

    @property
    def search(self) -> str:
        """The query string that reproduces this view (``?year=…&month=…``)."""
        return build_search(self.year, self.month, self.lang, self.submitted)

    def store(self) -> dict:
        """As kept in the page's store for its callbacks."""
        return {
            "year": self.year,
            "month": self.month,
            "lang": self.lang,
            "submitted": self.submitted,
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
        return cls(*period, lang, data.get("submitted") is True)


def build_search(year, month, lang: str | None, submitted: bool = False) -> str:
    values = {"year": year, "month": month}
    if lang and lang != DEFAULT_LANG:
        values["lang"] = lang
    if submitted:
        values["data"] = SUBMITTED
    return "?" + urlencode({k: v for k, v in values.items() if v not in (None, "")})


@dataclass(frozen=True)
class SignedIn:
    name: str
    role: str
    csrf: str


@dataclass(frozen=True)
class PageContext:
    """Everything a page's layout needs besides its own data."""

    query: PageQuery
    years: tuple[int, ...]  # newest first
    counties: tuple[RegionRow, ...]  # the catalogue, read once a page for its layout
    indicators: tuple[IndicatorRow, ...]
    user: SignedIn | None
    is_demo: bool
    updated: str | None
    notice: str | None = None  # catalogue key of a warning for the whole page
    city: Stamp | None = None  # the loaded city's names and policy number
    image_problem: str | None = "exp_no_browser"  # why charts cannot be files here

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


def current_actor():
    """The signed-in actor of this request (None when anonymous)."""
    from server.auth import current_actor as signed_in_actor

    return signed_in_actor()


def _signed_in() -> SignedIn | None:
    from server.auth import csrf_token

    actor = current_actor()
    if actor is None:
        return None
    return SignedIn(actor.display_name, actor.role, csrf_token())


def page_context(year=None, month=None, lang=None, data=None) -> PageContext:
    """Resolve a page's URL query. With the database down the page still renders,
    with a notice naming the database."""
    from services.exports import image_problem

    today = date.today()
    try:
        periods = queries.periods()
        latest = queries.latest_period() or (today.year, 1)
        years = tuple(sorted({int(y) for y in periods.year}, reverse=True))
        years = years or (latest[0],)
        counties = tuple(lookups.counties())
        catalogue = tuple(lookups.indicators())
        info = stamp()
        user = _signed_in()
    except (DatabaseUnavailable, SQLAlchemyError):
        log.exception("page without the database")
        query, _ = resolve_query(
            year, month, lang, data, (today.year,), (today.year, 1)
        )
        return PageContext(query, (today.year,), (), (), None, False, None,
                           "database_notice")  # fmt: skip
    query, notice = resolve_query(year, month, lang, data, years, latest)
    return PageContext(
        query=query,
        years=years,
        counties=counties,
        indicators=catalogue,
        user=user,
        is_demo=info.is_demo,
        updated=info.updated,
        notice=notice,
        image_problem=image_problem(),
        city=info,
    )


def stamp() -> Stamp:
    info = queries.dataset_info()
    updated = queries.data_as_of()
    return Stamp(
        is_demo=info.get("is_demo") == "1",
        updated=updated.strftime("%Y-%m-%d") if updated else None,
        city_zh=info.get("city_name_zh", ""),
        city_en=info.get("city_name_en", ""),
        policy=info.get("policy_number", ""),
    )


def rules():
    """The assessment rules in force (thresholds from the settings)."""
    return current_settings().rules


def data_mode(include_submitted) -> str:
    """The data mode for the shell's switch: approved figures, or submitted ones too."""
    return queries.SUBMITTED if include_submitted is True else queries.APPROVED
