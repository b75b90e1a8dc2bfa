"""The demo looks like a real city's monthly cycle (the probe: every county 优秀 in
every month, every month approved on the first day of the newest one): a spread of
grades, late and returned submissions, reminders, a correction with its reason, a
published and a withdrawn month, and on the first days of a month a newest month
still being reported, which nobody's default view shows."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from sqlalchemy import func, select, text

from data_access.demo import CORRECTION_REASON, WITHDRAWAL_REASON, build_cycle
from data_access.engine import get_engine, make_engine, reset_engines
from data_access.models import PublishedScore, Region, ReportHistory, ReturnItem
from data_access.seed import initialise
from domain.cycle import default_period, month_state
from settings import load_settings
from tests.helpers import override_setting


def test_demo101_the_cycle_is_deterministic_and_stops_at_now():
    now = datetime(2026, 12, 3, 12, 0)
    first, again = build_cycle((2026, 11), now), build_cycle((2026, 11), now)
    assert first.submissions == again.submissions and first.events == again.events
    assert all(e["at"] <= now for e in first.events)
    later = build_cycle((2026, 11), datetime(2026, 12, 20))
    assert len(later.events) > len(first.events)


def test_demo102_late_returned_reminded_corrected_published_withdrawn(seeded_db):
    """The suite's demo (to 2026-10): some submissions came after the due day, some
    were returned (reasons per indicator too) and resubmitted, the late ones were
    reminded, 五原县 corrected a published month with its reason, and the month
    before it was published and withdrawn with a reason."""
    with seeded_db.connect() as conn:
        actions = dict(conn.execute(text(
            "SELECT action, count(*) FROM submission_events GROUP BY action")).all())  # fmt: skip
        late = conn.execute(text(
            "SELECT count(*) FROM submissions WHERE submitted_at > "
            "CASE WHEN month = 12 THEN printf('%04d-01-06', year + 1) "
            "ELSE printf('%04d-%02d-06', year, month + 1) END")).scalar()  # fmt: skip
        total = conn.execute(text("SELECT count(*) FROM submissions")).scalar()
        items = conn.execute(select(func.count()).select_from(ReturnItem)).scalar()
        corrections = conn.execute(select(ReportHistory.reason, ReportHistory.year,
                                          ReportHistory.month)).all()  # fmt: skip
        published = conn.execute(text(
            "SELECT year, month, action, reason FROM publication_events ORDER BY id")).all()  # fmt: skip
    assert 0.03 < late / total < 0.15, (late, total)
    assert actions["return"] >= 10 and items >= 5 and actions["remind"] >= late / 2
    assert actions["submit"] >= actions["approve"] + actions["return"] - 1
    assert corrections == [(CORRECTION_REASON, 2026, 8)]
    assert published == [(2026, 7, "publish", None), (2026, 7, "withdraw", WITHDRAWAL_REASON),
                         (2026, 8, "publish", None)]  # fmt: skip


def test_demo103_a_month_shows_a_spread_of_grades(client, dash_app):
    """The default month: 优秀, 良好 and 合格 side by side; some months have a 不合格
    (the weak banner, early in some years)."""
    from services.assessment import period_view
    from services.context import rules

    with dash_app.server.app_context():
        october = Counter(r.grade for r in period_view(2026, 10, rules()).score_rows())
        early = Counter(r.grade for y in range(2018, 2023) for m in (1, 2)
                        for r in period_view(y, m, rules()).score_rows())  # fmt: skip
    assert {"excellent", "good", "pass"} <= set(october), october
    assert october["excellent"] <= 4
    assert 1 <= early["fail"] <= 10 and early["fail"] < early["pass"], early


def test_demo104_the_published_scores_are_the_scores_of_the_first_figures(
    client, dash_app
):
    """The demo's published month was frozen from the figures as first approved: every
    county's live score equals it but 五原县's, whose correction (with its reason)
    shows as a difference on 排名."""
    from services.assessment import period_view
    from services.context import rules
    from tests.helpers import answer_text, post_callback

    with get_engine().connect() as conn:
        frozen = dict(conn.execute(
            select(Region.code, PublishedScore.total)
            .join(Region, Region.id == PublishedScore.region_id)).all())  # fmt: skip
    with dash_app.server.app_context():
        live = {r.region: r.total for r in period_view(2026, 8, rules()).score_rows()}
    differ = {c for c in live if abs(live[c] - frozen[c]) >= 0.005}
    assert differ == {"150821"} and live["150821"] > frozen["150821"]
    table = answer_text(post_callback(client, dash_app, "rankings-table.children", {
        "shell-year.value": "2026", "shell-month.value": "8", "shell-lang.value": "zh",
        "rankings-sort.value": "total", "rankings-refresh.data": 0}))  # fmt: skip
    assert table.count("published-diff") == 1 and CORRECTION_REASON in table


def test_demo105_on_the_first_days_the_newest_month_is_still_being_reported(
    tmp_path, monkeypatch
):
    """`make run` on 3 December: November is being reported (some counties in, some
    drafts, none late yet) and the default view is October; on 10 December November
    is closed, every county in."""
    for now, open_ in (
        (datetime(2026, 12, 3, 8, 0), True),
        (datetime(2026, 12, 10), False),
    ):
        url = f"sqlite:///{tmp_path / f'demo-{now.day}.db'}"
        override_setting(monkeypatch, "DATABASE_URL", url)
        reset_engines()
        engine = make_engine(url, immediate=True, create=True)
        from data_access import seed

        monkeypatch.setattr(seed, "datetime", _Frozen.at(now))
        initialise(engine, load_settings().city_dir, demo=True, demo_end=(2026, 11))
        with engine.connect() as conn:
            states = dict(conn.execute(text(
                "SELECT s.status, count(*) FROM submissions s "
                "WHERE year = 2026 AND month = 11 GROUP BY s.status")).all())  # fmt: skip
        engine.dispose()
        from services import lookups

        months = [lookups._month(2026, m, now.date()) for m in range(1, 13)]
        november = months[10]
        if open_:
            assert november.state == "open" and november.approved < 7
            assert sum(states.values()) < 7 or states.get("draft")
            assert default_period(months) == (2026, 10)
        else:
            assert states == {"approved": 7}, states
            assert november.state == "approved"
            assert default_period(months) == (2026, 11)
        assert (
            month_state(2026, 11, date(2026, 12, 1), 5, approved=0, units=7) == "open"
        )
    reset_engines()


class _Frozen(datetime):
    """``datetime`` whose now() is a chosen moment (the seed's clock)."""

    moment: datetime

    @classmethod
    def at(cls, moment: datetime):
        return type("Frozen", (cls,), {"moment": moment})

    @classmethod
    def now(cls, tz=None):
        return cls.moment
