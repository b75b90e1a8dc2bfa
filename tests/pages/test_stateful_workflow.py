"""The reporting workflow as users mix it: a Hypothesis state machine.

Several users of each role interleave grid saves, uploads (CSV and XLSX, good and bad),
confirms, submits, approvals, returns, target and weight edits and publishing, on
random counties and months, all through the real callbacks over HTTP. After every step:

- every page renders without error for every role (anonymous included): the
  callbacks that read the signed-in user are rendered as each role, the others (which
  cannot differ by role) once;
- each report's history links old → new up to its current value;
- a refused action changed nothing;
- approved values change only by approval, and then to the working values;
- published scores never change.

Each run explores new interleavings (a failure prints the steps that reproduce it);
``KAOHE_STATEFUL_EXAMPLES`` and ``KAOHE_STATEFUL_STEPS`` run more,
``KAOHE_STATEFUL_DERANDOMIZE=1`` repeats one fixed sample.
"""

from __future__ import annotations

import base64
import io
import os
import shutil
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from openpyxl import Workbook
from sqlalchemy import select, text

from data_access.accounts import add_user, get_actor
from data_access.delivery import save_channel
from data_access.engine import get_engine, reset_engines
from data_access.models import (
    Indicator,
    PublishedPeriod,
    PublishedScore,
    Region,
    Report,
    ReportHistory,
    Submission,
    Target,
    UploadLog,
)
from domain.supervision import ItemAction, ItemState, Party, Step, take
from services import delivery
from services.quality import review_queue, unexplained
from settings import load_settings
from tests.helpers import (
    answer_text,
    assert_outlooks_equal,
    assert_stored_equals_computed,
    item_action,
    login,
    post_callback,
    progress_post,
    render_page,
    stored_and_computed_outlook,
    use_database,
    wildcard,
)

YEAR = "2026"
RULES = load_settings().rules
MONTHS = ("9", "10", "11")
COUNTIES = ("150802", "150822", "150826")
INDICATORS = ("urban_new_jobs", "registered_unemployment_rate", "incubators")
WEIGHTED = ("urban_new_jobs", "registered_unemployment_rate", "vocational_training")
COUNTY_USERS = ("linhe", "linhe2", "dengkou")
SUPERVISORS = ("supervisor", "supervisor2")
DEPARTMENTS = ("renshe", "fagai")  # 人社局 leads measure (四), 发改委 measure (一)
LEADS = {"renshe": ("人社局", 4), "fagai": ("发改委", 1)}
EVERYONE = COUNTY_USERS + SUPERVISORS + DEPARTMENTS + ("leader", "admin", "anonymous")
JUNK = st.sampled_from(["4.2%", "2600%", "-5", "abc", "1_000", "１０", "", "9" * 40])
# Mostly what a person would type next (a valid figure near the current one), now
# and then junk or an arbitrary number.
CHOICES = st.one_of(
    st.integers(min_value=0, max_value=400).map(lambda d: ("next", d)),
    st.integers(min_value=0, max_value=400).map(lambda d: ("next", d)),
    st.integers(min_value=0, max_value=9_000).map(lambda n: ("raw", str(n))),
    JUNK.map(lambda text: ("raw", text)),
)
OWN_COUNTY = {"linhe": "150802", "linhe2": "150802", "dengkou": "150822"}
STEPS = int(os.environ.get("KAOHE_STATEFUL_STEPS", "12"))
EXAMPLES = int(os.environ.get("KAOHE_STATEFUL_EXAMPLES", "5"))


CHANNELS = (("office", None, "email", "office@example.cn"),
            ("region", "150802", "email", "linhe@example.cn"),
            ("region", "150822", "wecom", "http://127.0.0.1:9/wecom?key=dk"),
            ("department", "人社局", "wecom", "http://127.0.0.1:9/wecom?key=rs"))  # fmt: skip


def get_actor_named(username: str):
    with get_engine().connect() as conn:
        user_id = conn.execute(text("SELECT id FROM users WHERE username = :u"),
                               {"u": username}).scalar()  # fmt: skip
    return get_actor(user_id)


def _count(table: str) -> int:
    with get_engine().connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()  # noqa: S608


def _hand_items() -> list[tuple]:
    """(id, state, county code, department) of every hand-opened item."""
    with get_engine().connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT i.id, i.state, r.code, d.name_zh FROM supervision_items i"
            " LEFT JOIN regions r ON r.id = i.region_id"
            " LEFT JOIN departments d ON d.id = i.department_id"
            " WHERE i.trigger IS NULL ORDER BY i.id")).all()]  # fmt: skip


def county_names() -> dict[str, str]:
    with get_engine().connect() as conn:
        return dict(conn.execute(text(
            "SELECT code, name_zh FROM regions WHERE level = 'county'")).all())  # fmt: skip


def _query(month: str) -> dict:
    return {"year": int(YEAR), "month": int(month), "lang": "zh", "submitted": False}


def _succeeded(response) -> bool:
    return '"color": "success"' in answer_text(response)


def _period(month: str, lang: str = "zh", submitted: bool = False) -> dict:
    return {
        "shell-year.value": YEAR,
        "shell-month.value": month,
        "shell-lang.value": lang,
        "shell-data-mode.value": submitted,
        "shell-url.search": f"?year={YEAR}&month={month}",
    }


def _file(region: str, indicator: str, month: str, value: str, kind: str):
    header = ["旗县区代码", "指标代码", "年份", "月份", "数值"]
    row = [region, indicator, YEAR, month, value]
    if kind == "csv":
        body = "\n".join([",".join(header), ",".join(f'"{c}"' for c in row)]) + "\n"
        return "data:text/csv;base64," + base64.b64encode(
            body.encode()
        ).decode(), "r.csv"
    if kind == "xlsx":
        book = Workbook()
        book.active.append(header)
        book.active.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        data = base64.b64encode(buffer.getvalue()).decode()
        return f"data:application/octet-stream;base64,{data}", "r.xlsx"
    junk = base64.b64encode(b"PK\x03\x04 not really a workbook").decode()
    return f"data:application/octet-stream;base64,{junk}", "broken.xlsx"


def snapshot() -> dict:
    """Everything a workflow step can change, as plain values."""
    with get_engine().connect() as conn:
        reports = {
            (r.region, r.indicator, r.year, r.month): (r.value, r.approved_value)
            for r in conn.execute(
                select(Region.code.label("region"), Indicator.code.label("indicator"),
                       Report.year, Report.month, Report.value, Report.approved_value)
                .join(Region, Region.id == Report.region_id)
                .join(Indicator, Indicator.id == Report.indicator_id)
            )
        }  # fmt: skip
        history = conn.execute(
            select(Region.code, Indicator.code, ReportHistory.year, ReportHistory.month,
                   ReportHistory.old_value, ReportHistory.new_value)
            .join(Region, Region.id == ReportHistory.region_id)
            .join(Indicator, Indicator.id == ReportHistory.indicator_id)
            .order_by(ReportHistory.id)
        ).all()  # fmt: skip
        return {
            "reports": reports,
            "history": [tuple(h) for h in history],
            "submissions": sorted(
                tuple(r)
                for r in conn.execute(
                    select(
                        Submission.region_id,
                        Submission.year,
                        Submission.month,
                        Submission.status,
                        Submission.reason,
                    )
                )
            ),  # fmt: skip
            "targets": sorted(
                tuple(r)
                for r in conn.execute(
                    select(
                        Target.region_id, Target.indicator_id, Target.year, Target.value
                    )
                )
            ),  # fmt: skip
            "weights": tuple(
                conn.execute(
                    text(  # 2026's scheme, as the page edits it
                        "SELECT coalesce(w.weight, 0) FROM indicators c LEFT JOIN scheme_weights w"
                        " ON w.indicator_id = c.id AND w.year = 2026 ORDER BY c.id"
                    )
                ).scalars()
            ),
            "published": sorted(
                tuple(r)
                for r in conn.execute(
                    select(
                        PublishedPeriod.year,
                        PublishedPeriod.month,
                        PublishedScore.region_id,
                        PublishedScore.total,
                        PublishedScore.grade,
                        PublishedScore.rank,
                        PublishedScore.details,
                    ).join(
                        PublishedPeriod, PublishedPeriod.id == PublishedScore.period_id
                    )
                )
            ),  # fmt: skip
            "return_items": conn.execute(
                text("SELECT count(*) FROM return_items")
            ).scalar(),
            "explanations": conn.execute(
                text(
                    "SELECT region_id, indicator_id, year, month, text, value"
                    " FROM explanations ORDER BY id"
                )
            ).all(),  # fmt: skip
            "uploads": conn.execute(
                select(UploadLog.file_sha256).order_by(UploadLog.id)
            )
            .scalars()
            .all(),
        }


def approved_of(state: dict) -> dict:
    return {key: approved for key, (_, approved) in state["reports"].items()}


# Page callbacks that read the signed-in user: (output that names the callback, extra
# values, the viewers whose answers can differ). The data page differs by role and
# county; targets and rankings only by whether the viewer is the office. Second
# accounts of a role and county (linhe2, supervisor2) see what their twins see.
VIEWERS = ("linhe", "dengkou", "supervisor", "leader", "admin", "anonymous")
PER_ROLE = [
    (
        "data-history.children",
        {"data-changed.data": 1, "data-history-indicator.value": "__all__"},
        VIEWERS,
    ),
    (
        "data-grid.rowData",
        {"data-changed.data": 1, "data-review-region.value": "150802"},
        VIEWERS,
    ),
    ("data-status.children", {"data-changed.data": 1}, VIEWERS),
    # The explanation form differs by whether the viewer may write the county; the
    # review desk shows the office's data to the office only.
    (
        "data-explain.children",
        {"data-changed.data": 1, "data-review-region.value": "150802"},
        ("linhe", "supervisor", "anonymous"),
    ),
    ("review-queue.children", {"review-changed.data": 1}, ("supervisor", "linhe")),
    (
        "review-desk.children",
        {"review-changed.data": 1, "review-county.value": "150802"},
        ("supervisor", "linhe"),
    ),
    (
        "targets-grid.rowData",
        {"targets-refresh.data": 1},
        ("supervisor", "linhe", "anonymous"),
    ),
    (
        "targets-history.children",
        {"targets-refresh.data": 1},
        ("supervisor", "linhe", "anonymous"),
    ),
    (
        "rankings-table.children",
        {"rankings-sort.value": "total", "rankings-refresh.data": 1},
        ("supervisor", "linhe", "anonymous"),
    ),
    (
        "rankings-publish-status.children",
        {"rankings-refresh.data": 1},
        ("supervisor", "linhe", "anonymous"),
    ),
]
# The other page callbacks never read the user: rendered once a step.
SHARED = [
    ("overview-cards.children", {}),
    ("overview-trend.figure", {"overview-trend-indicator.value": "urban_new_jobs"}),
    ("indicator-map.figure", {"indicator-code.data": "urban_new_jobs"}),
    ("county-breakdown.children", {"county-code.data": "150802"}),
    (
        "county-trend.figure",
        {
            "county-code.data": "150802",
            "county-trend-indicator.value": "urban_new_jobs",
        },
    ),
    ("measures-list.children", {"measures-department.value": None}),
    ("exports-preview.children", {}),
    ("overview-warnings.children", {}),
    ("rankings-fair-table.children", {"rankings-fair-basis.value": "moves"}),
    ("rankings-fair-table.children", {"rankings-fair-basis.value": "per_capita"}),
]
# Every page's layout (the shell included), rendered as one role a step in turn.
PAGES = ("/", "/rankings", "/county/150802", "/indicator/urban_new_jobs", "/measures",
         "/data", "/targets", "/exports", "/review", "/supervision", "/notices",
         "/supervision/item/1", "/supervision/delivery")  # fmt: skip


class ReportingWorkflow(RuleBasedStateMachine):
    """Users of every role mixing the reporting workflow on one database."""

    def __init__(self, app, clients: dict, template: Path, workdir: Path):
        super().__init__()
        self.app, self.clients = app, clients
        self.database = workdir / f"example-{id(self)}.db"
        shutil.copy(template, self.database)
        use_database(f"sqlite:///{self.database}")
        reset_engines()
        self.state = snapshot()
        self.steps = 0
        self.office_edits = 0  # publishing and weights: a few per run are plenty

    def teardown(self):
        reset_engines()
        self.database.unlink(missing_ok=True)

    # -- helpers ------------------------------------------------------------------

    def post(self, user: str, output: str, values: dict, trigger: str | None = None):
        answer = post_callback(
            self.clients[user], self.app, output, values, [trigger] if trigger else None
        )
        assert answer.status_code in (200, 204), (user, output, answer.status_code)
        assert "shell-error-toast" not in answer.get_data(as_text=True), (
            user, output, answer_text(answer)[:400],
        )  # fmt: skip
        return answer

    def settle(
        self,
        answer,
        *,
        approval: tuple | set | None = None,
        withdrawn: str | None = None,
    ) -> None:
        """Compare the database with before the step: a refused step changed
        nothing; approved values move only by approval (to the working values)."""
        before, after = self.state, snapshot()
        if answer is None or not _succeeded(answer):
            assert after == before, "a refused action changed the database"
        approved_before = approved_of(before)
        changed = {
            key: value
            for key, value in approved_of(after).items()
            if approved_before.get(key) != value
        }
        approvals = {approval} if isinstance(approval, tuple) else set(approval or ())
        for (region, _indicator, year, month), value in changed.items():
            assert (region, str(year), str(month)) in approvals, (
                "an approved value changed without an approval"
            )
            assert value == after["reports"][(region, _indicator, year, month)][0]
        # Published scores never change; a withdrawal (with its reason) removes
        # that month's, and only that month's.
        kept = [row for row in before["published"]
                if withdrawn is None or str(row[1]) != withdrawn]  # fmt: skip
        assert all(row in after["published"] for row in kept), (
            "published scores changed"
        )
        self.state = after
        self.steps += 1

    @staticmethod
    def returned_items() -> list[str]:
        """The indicators of the newest return's reasons."""
        with get_engine().connect() as conn:
            return conn.execute(text(
                "SELECT i.code FROM return_items r JOIN indicators i ON i.id = r.indicator_id"
                " WHERE r.event_id = (SELECT max(id) FROM submission_events"
                " WHERE action = 'return')")).scalars().all()  # fmt: skip

    def value_for(self, region: str, indicator: str, month: str, choice) -> str:
        """The figure to type: a plausible next value, or the raw text drawn."""
        kind, amount = choice
        if kind == "raw":
            return amount
        if indicator == "registered_unemployment_rate":
            return f"{3 + amount / 100:.2f}"
        if indicator == "incubators":
            return str(amount % 12)
        reports = self.state["reports"]
        year, m = int(YEAR), int(month)
        earlier = [reports.get((region, indicator, year, k), (0, None))[0] or 0
                   for k in range(1, m + 1)]  # fmt: skip
        return str(int(max(earlier)) + amount)

    def statuses(self, wanted: set[str]) -> list[tuple[str, str]]:
        """(region, month) of the months in play whose submission is in ``wanted``."""
        with get_engine().connect() as conn:
            rows = conn.execute(
                select(Region.code, Submission.month)
                .join(Region, Region.id == Submission.region_id)
                .where(Submission.year == int(YEAR), Submission.status.in_(wanted))
            ).all()
        return sorted(
            (r, str(m)) for r, m in rows if str(m) in MONTHS and r in COUNTIES
        )

    # -- rules ---------------------------------------------------------------------

    @initialize()
    def start(self):
        office = get_actor_named("supervisor")
        for audience, party, channel, address in CHANNELS:
            save_channel(office, audience, party, channel, address)
        self.sent: list = []  # what the delivery runs handed to the channels
        self.settle(None)

    # -- 督查督办 -----------------------------------------------------------------------

    @rule(user=st.sampled_from(DEPARTMENTS + SUPERVISORS + ("linhe", "leader")),
          measure=st.sampled_from((4, 1)),
          status=st.sampled_from(("not_started", "in_progress", "done", "lagging")),
          note=st.sampled_from(("", "已召开推进会", "a\x00b")))  # fmt: skip
    def progress(self, user, measure, status, note):
        """A measure's word for the month: its lead department or the office only,
        a lagging one with a note, nothing with control characters."""
        before = _count("measure_progress")
        answer = progress_post(self.clients[user], f"2018-49:{measure}", status, note,
                               _query("10"))  # fmt: skip
        assert answer.status_code == 200
        allowed = user in SUPERVISORS or LEADS.get(user, (None, 0))[1] == measure
        valid = "\x00" not in note and (status != "lagging" or note)
        assert _count("measure_progress") == before + (1 if allowed and valid else 0)
        self.settle(None)

    @rule(user=st.sampled_from(SUPERVISORS + ("linhe", "renshe", "leader")),
          party=st.sampled_from(("region:150802", "region:150822", "department:人社局")))  # fmt: skip
    def assign(self, user, party):
        before = _count("supervision_items")
        answer = self.post(user, "sup-message.children",
                           {"sup-new-title.value": "核查", "sup-new-party.value": party,
                            "sup-new-due.value": "2099-12-31",
                            "sup-new-expected.value": "报送核查报告",
                            "nav_supervision-query.data": _query("10"),
                            "sup-changed.data": 0}, "sup-assign.n_clicks")  # fmt: skip
        assert _count("supervision_items") == before + (1 if user in SUPERVISORS else 0)
        assert _succeeded(answer) == (user in SUPERVISORS)
        self.settle(None)

    @rule(user=st.sampled_from(SUPERVISORS + COUNTY_USERS + DEPARTMENTS + ("leader",)),
          action=st.sampled_from(list(ItemAction)), note=st.sampled_from(("", "已落实")),
          data=st.data())  # fmt: skip
    def item_step(self, user, action, note, data):
        """A step on a hand-opened item: what the state machine allows to who may
        take it, else nothing changes."""
        items = _hand_items()
        if not items:
            return
        item_id, state, region, department = data.draw(st.sampled_from(items))
        steps = _count("item_steps")
        answer = item_action(
            self.clients[user], item_id, action.value, _query("10"), note
        )
        assert answer.status_code == 200
        party = (Party.OFFICE if user in SUPERVISORS else Party.RESPONSIBLE
                 if (region and OWN_COUNTY.get(user) == region)
                 or (department and LEADS.get(user, (None,))[0] == department) else None)  # fmt: skip
        step = take(ItemState(state), action, party, note) if party else None
        after = {i[0]: i[1] for i in _hand_items()}[item_id]
        if isinstance(step, Step):
            assert (after, _count("item_steps")) == (step.state.value, steps + 1)
        else:
            assert (after, _count("item_steps")) == (state, steps), (
                user,
                action,
                state,
            )
        self.settle(None)

    @precondition(lambda self: len(self.sent) < 40)
    @rule(month=st.sampled_from(MONTHS))
    def deliver(self, month):
        """The delivery job (a month forced out even unpublished): each county's
        message names no other county; a second run sends nothing more."""
        got: list = []
        today = date(int(YEAR), int(month) + 1, 6)
        with self.app.server.app_context():
            delivery.run(
                int(YEAR), int(month), force=True, today=today, sender=got.append
            )
            again: list = []
            delivery.run(
                int(YEAR), int(month), force=True, today=today, sender=again.append
            )
        assert again == []
        names = county_names()
        for message in got:
            if message.channel.audience == "region":
                others = set(names.values()) - {names[message.channel.region]}
                assert not [n for n in others if n in message.text], message.text
        self.sent += got
        self.settle(None)

    @rule(user=st.sampled_from(COUNTY_USERS), month=st.sampled_from(MONTHS),
          indicator=st.sampled_from(INDICATORS), choice=CHOICES)  # fmt: skip
    def grid_save(self, user, month, indicator, choice):
        value = self.value_for(OWN_COUNTY[user], indicator, month, choice)
        rows = [{"code": indicator, "value": value}]
        answer = self.post(
            user, "data-save-message.children",
            {**_period(month), "data-grid.rowData": rows, "data-changed.data": 0},
            "data-save.n_clicks",
        )  # fmt: skip
        self.settle(answer)

    @rule(user=st.sampled_from(COUNTY_USERS + COUNTY_USERS + SUPERVISORS),
          other=st.one_of(st.none(), st.none(), st.none(), st.sampled_from(COUNTIES)),
          month=st.sampled_from(MONTHS), indicator=st.sampled_from(INDICATORS),
          choice=CHOICES, kind=st.sampled_from(["csv", "csv", "xlsx", "broken"]))  # fmt: skip
    def upload(self, user, other, month, indicator, choice, kind):
        region = other or OWN_COUNTY.get(user, "150802")
        value = self.value_for(region, indicator, month, choice)
        contents, filename = _file(region, indicator, month, value, kind)
        values = {**_period(month), "data-upload.contents": contents,
                  "data-upload.filename": filename, "data-changed.data": 0}  # fmt: skip
        self.post(user, "data-preview.children", values, "data-upload.contents")
        assert snapshot() == self.state, "a preview wrote something"
        answer = self.post(
            user, "data-import-message.children", values, "data-confirm.n_clicks"
        )
        if _succeeded(answer):
            # A county its own figures only; the office any county's (代报).
            assert user in SUPERVISORS or (
                region == "150802" if user.startswith("linhe") else region == "150822"
            ), "an upload outside the user's county was accepted"
        self.settle(answer)

    @rule(user=st.sampled_from(SUPERVISORS), region=st.sampled_from(COUNTIES),
          month=st.sampled_from(MONTHS), indicator=st.sampled_from(INDICATORS),
          choice=CHOICES, then_submit=st.booleans())  # fmt: skip
    def office_reports_for_a_county(
        self, user, region, month, indicator, choice, then_submit
    ):
        """代报: the office types a county's figure (and submits it for the county)."""
        value = self.value_for(region, indicator, month, choice)
        page = {**_period(month), "data-review-region.value": region,
                "data-changed.data": 0}  # fmt: skip
        answer = self.post(user, "data-save-message.children",
                           {**page, "data-grid.rowData": [{"code": indicator, "value": value}]},
                           "data-save.n_clicks")  # fmt: skip
        self.settle(answer)
        if then_submit:
            self.settle(self.post(user, "data-save-message.children", page,
                                  "data-submit.n_clicks"))  # fmt: skip

    @rule(user=st.sampled_from(COUNTY_USERS), data=st.data())
    def submit(self, user, data):
        drafts = [
            m for r, m in self.statuses({"draft", "returned"}) if r == OWN_COUNTY[user]
        ]
        month = data.draw(st.sampled_from(drafts or list(MONTHS)), label="month")
        with self.app.server.app_context():
            missing = unexplained(OWN_COUNTY[user], int(YEAR), int(month))
        answer = self.post(user, "data-save-message.children",
                           {**_period(month), "data-changed.data": 0},
                           "data-submit.n_clicks")  # fmt: skip
        # A month is submitted only with every flagged or lagging figure explained,
        # and refused for that only when one is not.
        assert not (_succeeded(answer) and missing), missing
        if "须先填写情况说明" in answer_text(answer):
            assert missing
        self.settle(answer)

    @rule(user=st.sampled_from(COUNTY_USERS + SUPERVISORS), month=st.sampled_from(MONTHS),
          texts=st.dictionaries(st.sampled_from(INDICATORS),
                                st.sampled_from(["", " ", "本月举办招聘会，新增较多", "受季节影响"]),
                                min_size=1, max_size=3))  # fmt: skip
    def explain(self, user, month, texts):
        """情况说明 typed on the 数据报送 page (the office for 临河区)."""
        answer = self.post(
            user, "data-explain-message.children",
            {**_period(month), "data-review-region.value": "150802", "data-changed.data": 0,
             **wildcard("data-explain-text", "value", texts),
             **wildcard("data-explain-text", "id", texts)},
            "data-explain-save.n_clicks",
        )  # fmt: skip
        if _succeeded(answer):
            assert any(v.strip() for v in texts.values())
        self.settle(answer)

    @rule(user=st.sampled_from(SUPERVISORS + ("linhe",)), month=st.sampled_from(MONTHS))
    def bulk_approve(self, user, month):
        """The review desk approves every submitted month without a flag at once."""
        with self.app.server.app_context():
            queue = review_queue(int(YEAR), int(month))
        clean = {(r.region, YEAR, month) for r in queue if r.flagged == 0}
        flagged = {
            (r.region, month) for r in queue if r.flagged and r.region in COUNTIES
        }
        answer = self.post(user, "review-message.children",
                           {**_period(month), "review-changed.data": 0},
                           "review-bulk.n_clicks")  # fmt: skip
        if _succeeded(answer):
            assert user in SUPERVISORS
            assert flagged <= set(self.statuses({"submitted"})), (
                "a flagged month was approved"
            )
        self.settle(answer, approval=clean)

    @rule(user=st.sampled_from(SUPERVISORS + SUPERVISORS + ("linhe", "leader")),
          approve=st.booleans(), reason=st.sampled_from(["", "数据有误，请核实"]),
          items=st.dictionaries(st.sampled_from(INDICATORS),
                                st.sampled_from(["", " ", "与台账不一致"]), max_size=2),
          data=st.data())  # fmt: skip
    def review(self, user, approve, reason, items, data):
        pending = self.statuses({"submitted"}) or [
            (c, m) for c in COUNTIES for m in MONTHS
        ]
        region, month = data.draw(st.sampled_from(pending), label="region, month")
        trigger = "data-approve.n_clicks" if approve else "data-return.n_clicks"
        answer = self.post(
            user, "data-review-message.children",
            {**_period(month), "data-review-region.value": region,
             "data-reason.value": reason, "data-changed.data": 0,
             **wildcard("data-return-item", "value", items),
             **wildcard("data-return-item", "id", items)}, trigger,
        )  # fmt: skip
        if _succeeded(answer):
            assert user in SUPERVISORS
            if not approve:  # a return says why: for the month or an indicator
                given = {c for c, v in items.items() if v.strip()}
                assert reason.strip() or given
                assert set(self.returned_items()) == given
        self.settle(answer, approval=(region, YEAR, month) if approve else None)

    @rule(user=st.sampled_from(SUPERVISORS + ("dengkou",)),
          region=st.sampled_from(COUNTIES), indicator=st.sampled_from(INDICATORS),
          value=st.one_of(st.integers(0, 9000).map(str), JUNK))  # fmt: skip
    def set_target(self, user, region, indicator, value):
        rows = [{"code": indicator, region: value}]
        answer = self.post(user, "targets-message.children",
                           {**_period("10"), "targets-grid.rowData": rows,
                            "targets-refresh.data": 0}, "targets-save.n_clicks")  # fmt: skip
        if _succeeded(answer):
            assert user in SUPERVISORS
        self.settle(answer)

    @precondition(lambda self: self.office_edits < 2)
    @rule(user=st.sampled_from(SUPERVISORS + ("linhe",)),
          source=st.sampled_from(WEIGHTED), receiver=st.sampled_from(WEIGHTED),
          points=st.integers(min_value=-5, max_value=5), keep_total=st.booleans())  # fmt: skip
    def move_weight(self, user, source, receiver, points, keep_total):
        self.office_edits += 1
        weights = dict(zip(self._codes(), self.state["weights"], strict=True))
        rows = [{"code": source, "weight": weights[source] - points}]
        if keep_total:
            rows.append({"code": receiver, "weight": weights[receiver] + points})
        answer = self.post(user, "scheme-message.children",
                           {**_period("10"), "targets-weights.rowData": rows,
                            "scheme-refresh.data": 0, "scheme-reason.value": "调整"},
                           "targets-weights-save.n_clicks")  # fmt: skip
        self.settle(answer)

    @precondition(lambda self: self.office_edits < 2)
    @rule(
        user=st.sampled_from(SUPERVISORS + ("leader",)), month=st.sampled_from(MONTHS)
    )
    def publish(self, user, month):
        self.office_edits += 1
        ready = self._all_approved(int(month))
        answer = self.post(user, "rankings-publish-message.children",
                           {**_period(month), "rankings-refresh.data": 0},
                           "rankings-publish.n_clicks")  # fmt: skip
        if _succeeded(answer):
            # Only the office, and only a month every county has approved figures of.
            assert user in SUPERVISORS and ready, (user, month)
        self.settle(answer)

    @rule(user=st.sampled_from(SUPERVISORS + ("leader", "linhe")),
          month=st.sampled_from(MONTHS), one=st.sampled_from((None, *COUNTIES)))  # fmt: skip
    def remind(self, user, month, one):
        """催报 one county or all not in: only the office, only counties whose month is
        neither submitted nor approved, and nothing but the record and the notices."""
        done = {r for r, m in self.statuses({"submitted", "approved"}) if m == month}
        last = self.newest_event()
        answer = self.post(user, "data-review-message.children",
                           {**_period(month), "data-changed.data": 0,
                            "data-review-region.value": one or COUNTIES[0]},
                           "data-remind.n_clicks" if one else "data-remind-all.n_clicks")  # fmt: skip
        with get_engine().connect() as conn:
            reminded = conn.execute(text(
                "SELECT r.code FROM submission_events e JOIN regions r ON r.id = e.region_id"
                " WHERE e.id > :last AND e.action = 'remind'"), {"last": last}).scalars().all()  # fmt: skip
        if reminded:
            assert user in SUPERVISORS and not set(reminded) & done, (reminded, done)
        self.settle(answer)

    @staticmethod
    def newest_event() -> int:
        with get_engine().connect() as conn:
            return conn.execute(
                text("SELECT coalesce(max(id), 0) FROM submission_events")
            ).scalar()

    @precondition(lambda self: self.office_edits < 3)
    @rule(user=st.sampled_from(SUPERVISORS + ("leader", "linhe")),
          month=st.sampled_from(MONTHS), reason=st.sampled_from(["", "  ", "数据更正"]))  # fmt: skip
    def withdraw(self, user, month, reason):
        """撤回发布: only the office, only with a reason, only a published month."""
        self.office_edits += 1
        was_published = any(str(row[1]) == month for row in self.state["published"])
        answer = self.post(user, "rankings-publish-message.children",
                           {**_period(month), "rankings-refresh.data": 0,
                            "rankings-withdraw-reason.value": reason},
                           "rankings-withdraw.n_clicks")  # fmt: skip
        if _succeeded(answer):
            assert user in SUPERVISORS and reason.strip() and was_published
        self.settle(answer, withdrawn=month if _succeeded(answer) else None)

    @rule(user=st.sampled_from(SUPERVISORS + COUNTY_USERS + ("leader",)),
          month=st.sampled_from(MONTHS), region=st.sampled_from(COUNTIES),
          plan=st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                         st.integers(-5, 10**9), st.text(max_size=5), st.none()),
          weight=st.one_of(st.floats(-10, 200), st.integers(-1, 101)))  # fmt: skip
    def what_if(self, user, month, region, plan, weight):
        """The county page's what-if, whoever asks and whatever is typed: it answers
        and writes nothing (the office's weights included)."""
        plans = {"urban_new_jobs": plan, "vocational_training": 10}
        weights = {"urban_new_jobs": weight, "incubators": 5}
        values = {**_period(month), "county-code.data": region}
        values |= wildcard("whatif-plan", "value", plans) | wildcard(
            "whatif-plan", "id", plans
        )
        values |= wildcard("whatif-weight", "value", weights)
        values |= wildcard("whatif-weight", "id", weights)
        self.post(user, "county-whatif-result.children", values, "whatif-plan.value")
        self.settle(None)

    def _all_approved(self, month: int) -> bool:
        with get_engine().connect() as conn:
            return conn.execute(text(
                "SELECT COUNT(*) = (SELECT COUNT(*) FROM regions WHERE level = 'county')"
                " FROM submissions JOIN regions ON regions.id = submissions.region_id"
                " WHERE level = 'county' AND year = 2026 AND month = :m"
                " AND status = 'approved'"
            ), {"m": month}).scalar() == 1  # fmt: skip

    def _codes(self) -> list[str]:
        with get_engine().connect() as conn:
            return list(
                conn.execute(select(Indicator.code).order_by(Indicator.id)).scalars()
            )

    # -- invariants ----------------------------------------------------------------

    @invariant()
    def an_items_state_is_its_last_steps(self):
        with get_engine().connect() as conn:
            rows = conn.execute(text(
                "SELECT i.state, i.closure, (SELECT s.state_after FROM item_steps s"
                " WHERE s.item_id = i.id ORDER BY s.id DESC LIMIT 1)"
                " FROM supervision_items i")).all()  # fmt: skip
        for state, closure, last in rows:
            assert state == last and (closure is not None) == (state == "closed")

    @invariant()
    def history_links_up_to_the_current_value(self):
        chains: dict[tuple, list[tuple]] = {}
        for region, indicator, year, month, old, new in self.state["history"]:
            chains.setdefault((region, indicator, year, month), []).append((old, new))
        for key, links in chains.items():
            for (_, new), (old, _) in zip(links, links[1:], strict=False):
                assert old == new, f"history of {key} does not link"
            assert links[-1][1] == self.state["reports"][key][0], (
                f"history of {key} does not end at the current value"
            )

    @invariant()
    def the_stored_assessment_equals_the_reports(self):
        """Whatever mix of writes came before (each brings its month up to date for
        the regions it touched, or marks it stale whole), every month in play read
        from the store equals its direct computation, in both data modes."""
        for month in MONTHS:
            for mode in ("approved", "submitted"):
                assert_stored_equals_computed(int(YEAR), int(month), mode, RULES)

    @invariant()
    def the_stored_outlook_equals_the_projection(self):
        """Whatever writes came before (each re-projects the regions it touched, or
        leaves its months stale), the year-end outlook read from the store equals the
        projection computed afresh (approved figures, the months in play)."""
        for month in MONTHS[:2]:
            stored, computed = stored_and_computed_outlook(
                int(month), "approved", RULES
            )
            assert_outlooks_equal(stored, computed)

    @invariant()
    def a_leaders_default_view_is_a_closed_month(self):
        """Whatever drafts, submissions, returns and approvals came before, the view
        a page opens with (no period in its URL) is a closed month (已截止, 已审定
        or 已发布) with approved figures."""
        from services import lookups
        from services.context import page_context

        with self.app.server.test_request_context("/"):
            year, month = page_context().query.period
            info = lookups.month_info(year, month)
        assert info.closed and info.approved > 0, (year, month)

    @invariant()
    def every_page_renders_for_every_role(self):
        month = MONTHS[self.steps % len(MONTHS)]
        period = _period(month, "en" if self.steps % 3 == 0 else "zh",
                         submitted=self.steps % 2 == 1)  # fmt: skip
        for output, extra, viewers in PER_ROLE:
            for user in viewers:
                self.post(user, output, {**period, **extra})
        for output, extra in SHARED:
            self.post("anonymous", output, {**period, **extra})
        viewer = VIEWERS[self.steps % len(VIEWERS)]
        search = f"?year={YEAR}&month={month}&lang={period['shell-lang.value']}"
        for path in PAGES:
            shown = render_page(self.clients[viewer], path, search)
            assert shown.status_code == 200, (viewer, path, shown.status_code)
            assert "shell-year" in shown.get_data(as_text=True), (viewer, path)


def test_flow001_users_mixing_the_workflow_break_nothing(
    dash_app, template_db, tmp_path
):
    """Random interleavings of every role's actions keep every page rendering and
    every invariant of the data holding."""
    base = tmp_path / "workflow.db"
    shutil.copy(template_db, base)
    previous_url = os.environ["DATABASE_URL"]
    use_database(f"sqlite:///{base}")
    reset_engines()
    try:
        add_user("supervisor2", "demo12345", "supervisor", display_name="督查室二")
        add_user("linhe2", "demo12345", "county", "150802", display_name="临河区二")
        clients = {"anonymous": dash_app.server.test_client()}
        for user in EVERYONE[:-1]:
            clients[user] = dash_app.server.test_client()
            assert login(clients[user], user).status_code == 302, user
        with get_engine().connect() as conn:  # sessions included in every copy
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        reset_engines()
        run_state_machine_as_test(
            lambda: ReportingWorkflow(dash_app, clients, base, tmp_path),
            settings=settings(
                max_examples=EXAMPLES,
                stateful_step_count=STEPS,
                deadline=None,
                derandomize=os.environ.get("KAOHE_STATEFUL_DERANDOMIZE") == "1",
                suppress_health_check=list(HealthCheck),
                database=None,
            ),
        )
    finally:
        use_database(previous_url)
        reset_engines()
