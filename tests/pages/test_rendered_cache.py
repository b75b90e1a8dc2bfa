"""The cache of rendered answers (server.rendered): a main callback's repeated request
is answered with the JSON Dash sent the first time, without running the callback;
never across data versions, languages, or viewers who see different things."""

from __future__ import annotations

import json
import time

from server.rendered import HEADER
from tests.helpers import (
    answer_text,
    correct_form,
    explain_needs,
    linhe_corrects_october,
    login,
    office_approves,
    post_callback,
    progress_post,
    render_page,
)

VIEW = {"shell-year.value": "2026", "shell-month.value": "10", "shell-lang.value": "zh",
        "rankings-sort.value": "total", "rankings-refresh.data": 0}  # fmt: skip


def _store(section: str, lang: str = "zh") -> dict:
    return {f"{section}-query.data": {"year": 2026, "month": 10, "lang": lang,
                                      "submitted": False, "scope": None, "units": None,
                                      "page": 0}}  # fmt: skip


RANKING = {**_store("nav_rankings"), "rankings-sort.value": "total",
           "rankings-refresh.data": 0}  # fmt: skip


def _ask(client, app, output, values):
    answer = post_callback(client, app, output, values)
    assert answer.status_code == 200, answer.data[:300]
    return answer.headers.get(HEADER), answer.get_data()


def test_rc001_a_repeated_view_is_sent_again_and_a_write_retires_it(
    client, dash_app, fresh_db
):
    """The second request is a hit with the same bytes; after 临河区's corrected
    October is approved (a new data version) the next is drawn again and differs."""
    first = _ask(client, dash_app, "rankings-table.children", RANKING)
    again = _ask(client, dash_app, "rankings-table.children", RANKING)
    assert first[0] == "miss" and again == ("hit", first[1])
    linhe_corrects_october(dash_app, VIEW, jobs=3456)
    office_approves(dash_app.server.test_client(), dash_app, VIEW)
    after = _ask(dash_app.server.test_client(), dash_app, "rankings-table.children",
                 RANKING)  # fmt: skip
    assert after[0] == "miss" and after[1] != first[1]


def test_rc002_another_language_is_never_answered_from_the_first(client, dash_app):
    chinese = _ask(client, dash_app, "rankings-table.children", RANKING)
    english = _ask(client, dash_app, "rankings-table.children",
                   {**RANKING, **_store("nav_rankings", "en")})  # fmt: skip
    assert english[0] == "miss" and english[1] != chinese[1]
    words = json.dumps(json.loads(english[1]), ensure_ascii=False)
    assert "Linhe" in words and "临河区" not in words
    assert "临河区" in json.dumps(json.loads(chinese[1]), ensure_ascii=False)
    assert _ask(client, dash_app, "rankings-table.children", RANKING)[1] == chinese[1]


def test_rc003_viewers_who_see_different_things_get_their_own_answers(dash_app):
    """The office sees the what-if weights on a county's page, a reader does not:
    the office's cached answer is never sent to the reader, nor the reverse."""
    values = {**_store("nav_county"), "county-code.data": "150802"}
    office = dash_app.server.test_client()
    login(office, "supervisor")
    reader = dash_app.server.test_client()
    seen = _ask(office, dash_app, "county-summary.children", values)
    read = _ask(reader, dash_app, "county-summary.children", values)
    assert read[0] == "miss" and read[1] != seen[1]
    assert b"whatif-weight" in seen[1] and b"whatif-weight" not in read[1]
    assert _ask(reader, dash_app, "county-summary.children", values) == ("hit", read[1])
    assert _ask(office, dash_app, "county-summary.children", values) == ("hit", seen[1])
    # A county official is another viewer again (its own key), the same answer drawn.
    county = dash_app.server.test_client()
    login(county, "linhe")
    assert _ask(county, dash_app, "county-summary.children", values)[0] == "miss"


def test_rc004_only_marked_callbacks_are_kept(client, dash_app):
    """The publication status (it changes with who asks and the publication state,
    read afresh) is never answered from the cache."""
    values = {**_store("nav_rankings"), "rankings-refresh.data": 0}
    for _ in range(2):
        answer = post_callback(client, dash_app, "rankings-publish-status.children",
                               values)  # fmt: skip
        assert answer.status_code == 200 and HEADER not in answer.headers
    marked = {
        output
        for output, entry in dash_app.callback_map.items()
        if getattr(entry.get("callback"), "kaohe_rendered", False)
    }
    assert any("rankings-table.children" in o for o in marked)
    assert not any("rankings-publish-status" in o for o in marked)


def test_rc005_the_bulletin_follows_the_work_beside_the_data(
    client, dash_app, fresh_db
):
    """The bulletin preview shows the departments' progress (not a data change): a
    department's lagging measure retires the kept preview at once."""
    preview = _store("nav_exports")
    first = _ask(client, dash_app, "exports-preview.children", preview)
    assert _ask(client, dash_app, "exports-preview.children", preview) == (
        "hit",
        first[1],
    )
    renshe = dash_app.server.test_client()
    login(renshe, "renshe")
    query = preview["nav_exports-query.data"]
    saved = progress_post(renshe, "2018-49:4", "lagging", "资金未到位待拨付", query)
    assert saved.status_code == 200
    after = _ask(client, dash_app, "exports-preview.children", preview)
    assert after[0] == "miss" and "资金未到位待拨付" in answer_text_of(after[1])


def answer_text_of(body: bytes) -> str:
    return json.dumps(json.loads(body), ensure_ascii=False)


def test_rc006_next_months_reports_leave_an_earlier_months_answers_kept(
    client, dash_app, fresh_db
):
    """While counties save November (the month being reported), October's ranking and
    overview are still answered from the cache, and so is the indicator page, its
    trend of submitted figures too. Once November is approved, October's trend, map
    and table and October's ranking are still kept: the trend runs to the month
    viewed, as the county's does, so November's figures are in none of October's
    answers (a November of partial sums was drawn as a drop, and every save drew the
    submitted figures' trend again); a correction of October retires October's."""
    overview = _store("nav_overview")
    indicator = {**_store("nav_indicator"), "indicator-code.data": "urban_new_jobs"}
    pending = {**indicator, "nav_indicator-query.data": {
        **indicator["nav_indicator-query.data"], "submitted": True}}  # fmt: skip
    for output, values in (("rankings-table.children", RANKING),
                           ("overview-cards.children", overview),
                           ("indicator-map.figure", indicator),
                           ("indicator-trend.figure", indicator),
                           ("indicator-trend.figure", pending)):  # fmt: skip
        _ask(client, dash_app, output, values)
    trend = _ask(client, dash_app, "indicator-trend.figure", indicator)[1]
    county = dash_app.server.test_client()
    login(county, "linhe")
    november = {**VIEW, "shell-month.value": "11"}
    saved = post_callback(county, dash_app, "data-save-message.children",
                          {**november, "data-grid.rowData": [
                              {"code": "urban_new_jobs", "value": 3600}],
                           "data-changed.data": 0}, ["data-save.n_clicks"])  # fmt: skip
    assert "已保存" in answer_text_of(saved.get_data())
    assert _ask(client, dash_app, "rankings-table.children", RANKING)[0] == "hit"
    assert _ask(client, dash_app, "overview-cards.children", overview)[0] == "hit"
    assert _ask(client, dash_app, "indicator-trend.figure", indicator)[0] == "hit"
    assert _ask(client, dash_app, "indicator-trend.figure", pending)[0] == "hit"
    with dash_app.server.app_context():
        explain_needs("150802", 2026, 11, "linhe")
    post_callback(county, dash_app, "data-save-message.children",
                  {**november, "data-changed.data": 1}, ["data-submit.n_clicks"])  # fmt: skip
    assert _ask(client, dash_app, "indicator-trend.figure", indicator)[0] == "hit"
    office_approves(dash_app.server.test_client(), dash_app, november)
    assert _ask(client, dash_app, "indicator-trend.figure", indicator) == ("hit", trend)
    lines = json.loads(trend)["response"]["indicator-trend"]["figure"]["data"]
    assert lines and all(max(line["x"]) == 10 for line in lines)  # ends at October
    assert _ask(client, dash_app, "indicator-map.figure", indicator)[0] == "hit"
    assert _ask(client, dash_app, "rankings-table.children", RANKING)[0] == "hit"
    linhe_corrects_october(dash_app, VIEW, jobs=3456)
    assert _ask(client, dash_app, "rankings-table.children", RANKING)[0] == "miss"
    assert _ask(client, dash_app, "indicator-trend.figure", indicator)[0] == "miss"


def test_rc007_readers_asking_at_once_share_one_drawing(dash_app, monkeypatch):
    """Readers asking for the same answer at the same moment (a month just reported,
    the first readers after a restart): one draws it, the others wait for it and are
    sent it; the callback's work runs once. A drawing that fails leaves the waiting
    reader to draw it itself."""
    import threading

    import pages._fair as fair
    from services.cache import cache

    drawn = []
    real = fair.fair_ranking

    def slow(view, basis):
        drawn.append(basis)
        time.sleep(0.6)
        return real(view, basis)

    monkeypatch.setattr(fair, "fair_ranking", slow)
    with dash_app.server.app_context():
        cache.clear()
    values = {**_store("nav_rankings"), "rankings-fair-basis.value": "improvement"}
    start, got = threading.Barrier(3), []

    def ask():
        client = dash_app.server.test_client()
        start.wait()
        got.append(_ask(client, dash_app, "rankings-fair-table.children", values))

    readers = [threading.Thread(target=ask) for _ in range(3)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join(timeout=30)
    assert len(drawn) == 1, drawn
    assert sorted(how for how, _ in got) == ["miss", "waited", "waited"]
    assert len({body for _, body in got}) == 1

    # The drawing fails: the claim ends without an answer; the waiting reader then
    # draws it itself (after the failed one, not beside it).
    began = []

    def failing(view, basis):
        began.append(time.monotonic())
        time.sleep(0.3)
        if len(began) == 1:
            raise RuntimeError("the first drawing fails")
        return real(view, basis)

    monkeypatch.setattr(fair, "fair_ranking", failing)
    values = {**_store("nav_rankings"), "rankings-fair-basis.value": "moves"}
    start, got = threading.Barrier(2), []

    def ask_quietly():
        client = dash_app.server.test_client()
        start.wait()
        answer = post_callback(client, dash_app, "rankings-fair-table.children", values)
        got.append((answer.status_code, answer.headers.get(HEADER),
                    b'"sideUpdate"' in answer.get_data()))  # fmt: skip

    readers = [threading.Thread(target=ask_quietly) for _ in range(2)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join(timeout=30)
    assert len(began) == 2 and began[1] - began[0] >= 0.3, began
    # The failed drawing answers with the error notice (not kept); the other draws.
    assert sorted(got) == [(200, "miss", False), (200, "miss", True)], got


def test_rc008_a_pages_context_is_read_once_a_data_stamp_and_day(
    client, dash_app, fresh_db, actors, monkeypatch
):
    """Every page load resolved its months, scope, catalogue and the dataset's names
    with a dozen reads (a third of a busy worker's time under load): they are read
    once a data stamp, day and scope. A write, another scope or another day reads
    them again; who is signed in is never taken from another's page."""
    from datetime import date

    from services import context
    from tests.helpers import override_setting

    override_setting(monkeypatch, "RENDERED_CACHE", "0")  # the page's own reads: rc009
    reads = []
    real = context._page_data
    monkeypatch.setattr(context, "_page_data",
                        lambda *a: reads.append(a[2:]) or real(*a))  # fmt: skip

    def page(search="", who=client) -> str:
        answer = render_page(who, "/rankings", search)
        assert answer.status_code == 200
        return answer_text(answer)

    first = page()
    assert page() == first and len(reads) == 1
    page("?scope=150802&lang=en")
    page("?scope=150802&year=2025")  # the language and period: not read again
    assert len(reads) == 2
    county = dash_app.server.test_client()
    login(county, "linhe")
    mine = page(who=county)
    assert '"/login"' in first and '"/login"' not in mine and len(reads) == 2
    saved = correct_form(actors["linhe"], [{"row": 1, "region": "150802",
                         "indicator": "urban_new_jobs", "year": 2026, "month": 11,
                         "value": "3600", "unit": ""}], today=date(2026, 12, 3))  # fmt: skip
    assert saved.committed
    page()
    assert len(reads) == 3

    class Tomorrow(date):
        @classmethod
        def today(cls):
            return date.today() + (date(2026, 1, 2) - date(2026, 1, 1))

    monkeypatch.setattr(context, "date", Tomorrow)
    page()
    assert len(reads) == 4


def test_rc009_reader_pages_are_kept_for_each_viewer_and_retired_by_a_write(
    client, dash_app, fresh_db, actors, monkeypatch
):
    """The layouts of the pages leaders open (overview, rankings, a county, an
    indicator: a third of a busy worker's time) are kept like the panels: the same
    page and query is sent again; another language, another viewer (a county
    official's navbar with their name and sign-out token), a write, a recomputation's
    progress each get their own; the data page is never kept, nor a page drawn
    without the database."""
    from datetime import date

    from services import context

    def page(path, search="", who=client):
        answer = render_page(who, path, search)
        assert answer.status_code == 200
        return answer.headers.get(HEADER), answer.get_data()

    for path in ("/", "/rankings", "/county/150802", "/indicator/urban_new_jobs"):
        first = page(path, "?year=2026&month=10")
        assert first[0] == "miss"
        assert page(path, "?year=2026&month=10") == ("hit", first[1])
    english = page("/rankings", "?year=2026&month=10&lang=en")
    assert english[0] == "miss" and b"Rankings" in english[1]
    county = dash_app.server.test_client()
    login(county, "linhe")
    mine = page("/rankings", "?year=2026&month=10", county)
    assert mine[0] == "miss" and b'"/login"' not in mine[1]
    assert page("/rankings", "?year=2026&month=10", county) == ("hit", mine[1])
    assert page("/data", "", county)[0] is None  # not kept
    saved = correct_form(actors["linhe"], [{"row": 1, "region": "150802",
                         "indicator": "urban_new_jobs", "year": 2026, "month": 11,
                         "value": "3600", "unit": ""}], today=date(2026, 12, 3))  # fmt: skip
    assert saved.committed
    # November's first report: drawn again once (the months with reports changed).
    assert page("/rankings", "?year=2026&month=10")[0] == "miss"
    kept = page("/rankings", "?year=2026&month=10")
    assert kept[0] == "hit"
    from services.actions import publish_ranking

    assert publish_ranking(actors["supervisor"], 2026, 10).ok
    published = page("/rankings", "?year=2026&month=10")
    assert published[0] == "miss" and published[1] != kept[1]  # 10月 · 已发布
    assert "10月 · 已发布" in answer_text_of(published[1])
    assert page("/rankings", "?year=2026&month=10")[0] == "hit"

    def unreachable(*_a):
        from sqlalchemy.exc import OperationalError

        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("down"))

    real_progress = context.recompute_progress
    monkeypatch.setattr(context, "recompute_progress", unreachable)
    down = page("/rankings", "?year=2026&month=9")
    assert down[0] == "miss" and "数据库暂时不可用" in answer_text_of(down[1])
    monkeypatch.setattr(context, "recompute_progress", real_progress)
    back = page("/rankings", "?year=2026&month=9")
    assert back[0] == "miss" and back[1] != down[1]  # the notice was not kept


def test_rc010_pages_stay_kept_while_counties_report_and_move_with_approvals(
    client, dash_app, fresh_db, actors
):
    """A county's first draft of November adds the month to those with reports (the
    page is drawn again); its next drafts and its submission change nothing a reader's
    page of October shows (kept: under load every save retired every page). The
    office's first approval of November (closed: its due day passed) makes it a month
    with approved figures, the default view's choice: the page naming no month is
    drawn again and shows November, October's stays kept, and so it does when the
    county's correction withdraws that approval (under load each approval and each
    correction after it retired every county's page)."""
    from datetime import date

    from data_access.writes import change_submission

    def page():
        answer = render_page(client, "/rankings", "?year=2026&month=10")
        return answer.headers.get(HEADER), answer.get_data()

    def draft(jobs):
        saved = correct_form(actors["linhe"], [{"row": 1, "region": "150802",
                             "indicator": "urban_new_jobs", "year": 2026, "month": 11,
                             "value": str(jobs), "unit": ""}], today=date(2026, 12, 3))  # fmt: skip
        assert saved.committed, saved.plan.problems

    def default():
        """The page naming no month: kept or drawn, and the month it shows."""
        answer = render_page(client, "/rankings", "")
        return answer.headers.get(HEADER), _prop_of(answer.get_json(), "shell-month")

    page()
    draft(3600)
    first = page()
    assert first[0] == "miss"  # November has reports now: drawn again once
    draft(3601)
    assert page() == ("hit", first[1])
    explain_needs("150802", 2026, 11, "linhe")
    change_submission(actors["linhe"], "150802", 2026, 11, "submit")
    assert page() == ("hit", first[1])
    assert default()[1] == "10" and default() == ("hit", "10")
    change_submission(actors["supervisor"], "150802", 2026, 11, "approve")
    assert page() == ("hit", first[1])
    assert default() == ("miss", "11")
    draft(3602)  # a correction: the approval withdrawn
    assert page() == ("hit", first[1])


def _prop_of(found, component: str, prop: str = "value"):
    """``prop`` of the component ``component`` in an answer's JSON (None: absent)."""
    if isinstance(found, dict):
        props = found.get("props")
        if isinstance(props, dict) and props.get("id") == component:
            return props.get(prop)
        found = list(found.values())
    if isinstance(found, list):
        return next((v for v in (_prop_of(f, component, prop) for f in found)
                     if v is not None), None)  # fmt: skip
    return None


def test_rc011_an_approval_retires_only_the_pages_that_show_its_month(
    client, dash_app, fresh_db, actors, monkeypatch
):
    """While November is being reported each approval changes its count (报送中 2/7).
    The pages showing November are drawn again with it; October's pages stay kept
    (under load every approval retired every kept page: 1-48% of layouts were kept)
    and their month menu gets November's count after the page, never a stale one."""
    import datetime as real

    import server.rendered
    import services.context
    import services.lookups
    from data_access.writes import change_submission

    class Third(real.date):
        @classmethod
        def today(cls):
            return real.date(2026, 12, 3)

    for module in (services.context, services.lookups, server.rendered):
        monkeypatch.setattr(module, "date", Third)
    for user, region in (("linhe", "150802"), ("dengkou", "150822")):
        saved = correct_form(actors[user], [{"row": 1, "region": region,
                             "indicator": "urban_new_jobs", "year": 2026, "month": 11,
                             "value": "3600", "unit": ""}], today=Third.today())  # fmt: skip
        assert saved.committed, saved.plan.problems
        explain_needs(region, 2026, 11, user)
        change_submission(actors[user], region, 2026, 11, "submit")
    change_submission(actors["supervisor"], "150802", 2026, 11, "approve")

    def page(month):
        answer = render_page(client, "/rankings", f"?year=2026&month={month}")
        assert answer.status_code == 200
        return answer.headers.get(HEADER), answer.get_data()

    def menu():
        answer = post_callback(client, dash_app, "shell-month.options",
                               {"shell-month-menu.data": {"year": "2026"},
                                "shell-lang.value": "zh"})  # fmt: skip
        assert answer.status_code == 200
        return answer_text(answer)

    october, november = page(10), page(11)
    assert october[0] == "miss" and page(10) == ("hit", october[1])
    assert november[0] == "miss" and page(11) == ("hit", november[1])
    shown = answer_text_of(october[1])
    assert (
        "11月 · 报送中" in shown and "1/7" not in shown and "shell-month-menu" in shown
    )
    assert "11月 · 报送中 1/7" in answer_text_of(november[1])
    assert "shell-month-menu" not in answer_text_of(november[1])  # nothing to fill
    assert "11月 · 报送中 1/7" in menu()

    change_submission(actors["supervisor"], "150822", 2026, 11, "approve")
    assert page(10) == ("hit", october[1])
    again = page(11)
    assert again[0] == "miss" and "11月 · 报送中 2/7" in answer_text_of(again[1])
    assert "11月 · 报送中 2/7" in menu()


def test_rc012_a_pages_context_is_kept_in_the_process_by_its_stamp(
    client, dash_app, fresh_db, actors, monkeypatch
):
    """Every page load reads the page's context (months, scope, catalogue, names)
    and the stamp of what it shows; repeated, they come from the process, neither a
    trip to the shared cache nor unpickling (with Redis: 4 % of a busy worker's
    time). A write still has them read again (rc008)."""
    from datetime import date

    from services import cache as caches
    from tests.helpers import override_setting

    override_setting(monkeypatch, "RENDERED_CACHE", "0")  # the page's own reads
    shared = []
    real = caches.cache.get
    monkeypatch.setattr(caches.cache, "get",
                        lambda key: shared.append(key.split(",")[0]) or real(key))  # fmt: skip

    def page() -> str:
        answer = render_page(client, "/rankings", "?year=2026&month=9")
        assert answer.status_code == 200
        return answer_text(answer)

    first = page()
    asked = len(shared)
    assert {"('page_data'", "('page_stamp'"} <= set(shared)
    assert page() == first and page() == first
    again = shared[asked:]
    assert "('page_data'" not in again and "('page_stamp'" not in again, again
    saved = correct_form(actors["linhe"], [{"row": 1, "region": "150802",
                         "indicator": "urban_new_jobs", "year": 2026, "month": 11,
                         "value": "3600", "unit": ""}], today=date(2026, 12, 3))  # fmt: skip
    assert saved.committed
    before = len(shared)
    page()
    assert "('page_stamp'" in shared[before:]


def test_rc013_a_readers_answer_reads_each_cached_value_once_a_write_reads_again(
    client, dash_app, fresh_db, monkeypatch
):
    """A county's panels (a reader's answer, marked) ask for the period's view, the
    year's rules, the explanations and the catalogue several times: each is looked up
    once (one stamp read, one trip to the cache). A request that is not a reader's answer (a
    save) keeps nothing between its reads: after its write it reads anew."""
    from flask import g

    from services import cache as caching
    from services.cache import MEMO, cached

    looked = []
    real = caching._cached
    monkeypatch.setattr(caching, "_cached", lambda name, version, compute, key, near: (
        looked.append((name, repr(key))) or real(name, version, compute, key, near)))  # fmt: skip
    from data_access import queries

    catalogues = []
    read = queries.indicators
    monkeypatch.setattr(queries, "indicators", lambda: catalogues.append(1) or read())
    county = {**_store("nav_county"), "county-code.data": "150802"}
    assert _ask(client, dash_app, "county-summary.children", county)[0] == "miss"
    assert looked and len(looked) == len(set(looked)), sorted(looked)
    assert len(catalogues) <= 1  # the catalogue too: once a data stamp (was 4 reads)
    assert {"period_view", "scheme_rules"} <= {name for name, _ in looked}
    with dash_app.server.test_request_context("/_dash-update-component", method="POST"):
        assert g.get(MEMO) is None
        versions = iter([1, 2])
        answers = [cached("probe", lambda: next(versions), object) for _ in range(2)]
        assert answers[0] is not answers[1]  # read again: the version moved
        caching.remember_for_request()
        kept = [cached("probe2", lambda: next(iter([3])), object) for _ in range(2)]
        assert kept[0] is kept[1]


def _statements_of(ask):
    """``ask()``'s answer and the statements it sent to the database."""
    from sqlalchemy import event

    from data_access.engine import get_engine

    sent = []

    def keep(_conn, _cursor, statement, *_):
        sent.append(statement)

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", keep)
    try:
        return ask(), sent
    finally:
        event.remove(engine, "before_cursor_execute", keep)


def test_rc014_a_kept_periods_answer_costs_one_statement(client, dash_app, fresh_db):
    """A panel's kept answer is found by one statement (its period's stamp and the
    office's work beside the data read together), and the answer still follows each:
    an approval retires it, as does a measure's progress."""
    first = _ask(client, dash_app, "rankings-table.children", RANKING)
    again, sent = _statements_of(
        lambda: _ask(client, dash_app, "rankings-table.children", RANKING)
    )
    assert again == ("hit", first[1])
    assert len(sent) == 1, sent
    renshe = dash_app.server.test_client()  # a measure's progress: the office's work
    login(renshe, "renshe")
    query = RANKING["nav_rankings-query.data"]
    assert (
        progress_post(renshe, "2018-49:4", "lagging", "资金未到位", query).status_code
        == 200
    )
    assert _ask(client, dash_app, "rankings-table.children", RANKING)[0] == "miss"


def test_rc015_a_kept_pages_answer_costs_one_statement(client, dash_app, fresh_db):
    """A reader page's kept layout is found by one statement (the approved figures'
    stamp to next year's end, the data stamp, the office's work and the active
    recomputation, read together: it was four), each part equal to its own read; a
    recomputation asked for still retires the page (its navbar shows the progress)."""
    from datetime import date, datetime

    from data_access import assessed, queries
    from data_access.engine import write_transaction
    from data_access.recompute import active_run, request_run
    from data_access.supervision import activity_stamp

    def page():
        answer = render_page(client, "/rankings", "?year=2026&month=10")
        assert answer.status_code == 200
        return answer.headers.get(HEADER), answer.get_data()

    first = page()
    again, sent = _statements_of(page)
    assert again == ("hit", first[1])
    assert len(sent) == 1, sent
    year = date.today().year + 1
    read = assessed.page_stamps(year)
    assert read.approved == assessed.period_stamp(year, 12, queries.APPROVED)
    assert read.data == queries.data_stamp() and read.activity == activity_stamp()
    assert read.running is None
    with write_transaction() as conn:
        request_run(conn, "test", queries.data_version(), datetime.now())
    assert assessed.page_stamps(year).running == active_run().id
    assert page()[0] == "miss"


def test_rc016_a_countys_first_panels_read_their_stamp_and_paths_once(
    client, dash_app, fresh_db, monkeypatch
):
    """A county's first panels (a kept answer's miss) read no period stamp that the
    lookup of its kept answer read already (its view, its way up and its outlook are
    kept by its period's stamp in its data mode), every other stamp once, and one
    region's path: the county's (its city's is in it). Each was read again: 3
    statements of a county's 21. Its year's indicators and weights are worked out
    once (three times, 2 ms each)."""
    from data_access import assessed, queries
    from services import assessment

    stamps, paths, schemes = [], [], []
    scheme = assessment._scheme_catalogue
    monkeypatch.setattr(assessment, "_scheme_catalogue",
                        lambda rules: schemes.append(rules) or scheme(rules))  # fmt: skip
    stamp, path = assessed.period_stamp, queries.region_path
    monkeypatch.setattr(assessed, "period_stamp", lambda year, month, mode=None: (
        stamps.append((year, month, mode)) or stamp(year, month, mode)))  # fmt: skip
    monkeypatch.setattr(queries, "region_path",
                        lambda code: paths.append(code) or path(code))  # fmt: skip
    county = {**_store("nav_county"), "county-code.data": "150802"}
    first = _ask(client, dash_app, "county-summary.children", county)
    assert first[0] == "miss" and "临河区" in answer_text_of(first[1])
    assert (2026, 10, queries.APPROVED) not in stamps  # the lookup's, left for it
    assert len(stamps) == len(set(stamps)), stamps  # the explanations' (any change)
    assert paths == ["150802"]
    assert schemes and len(schemes) == len(set(schemes))  # each year's once
