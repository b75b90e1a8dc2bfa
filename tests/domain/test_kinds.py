"""Each kind of indicator in one place: its flags, its facts and its sentences."""

from __future__ import annotations

from types import SimpleNamespace

from domain.kinds import KINDS, kind_of, kinds_where
from domain.model import Kind


def test_kind001_flags_say_how_each_kind_is_treated():
    flow, rate, stock, zero = (KINDS[k] for k in (Kind.FLOW, Kind.RATE_CAP, Kind.STOCK,
                                                  Kind.ZERO))  # fmt: skip
    assert flow.cumulative and flow.seasonal and flow.against_time and not flow.percent
    assert rate.percent and rate.bounds == (0.0, 100.0) and rate.lower_is_better
    assert not rate.summable and not rate.axis_from_zero
    assert stock.deadlines and stock.against_time and not stock.cumulative
    assert zero.lower_is_better and not zero.against_time
    assert kinds_where("deadlines") == ("stock",)
    assert set(kinds_where("lower_is_better")) == {"rate_cap", "zero"}
    assert kind_of("flow") is flow and kind_of(Kind.ZERO) is zero
    assert kind_of("weight") is None and kind_of(None) is None


def test_kind002_facts_and_sentences_are_keys_and_values():
    row = SimpleNamespace(target=3490.0, completion=0.72, progress=0.833, paced=False,
                          seasonal_progress=0.85, gap_points=-11.3, pace_needed=490.0,
                          deadline_year=2025, due=2.0)  # fmt: skip
    labels = [label for label, _values, _value, _how in KINDS[Kind.FLOW].facts(row)]
    assert labels == [
        "target",
        "completion",
        "time_progress",
        "seasonal_due",
        "gap",
        "pace",
    ]
    (label, values, value, how), *_ = KINDS[Kind.STOCK].facts(row)
    assert (label, values, value, how) == (
        "deadline_target",
        {"year": 2025},
        3490.0,
        "number",
    )
    assert KINDS[Kind.FLOW].sentence({"completion": 0.72, "gap_points": -11.3}) == (
        "bl_flow_behind",
        {"completion": "72.0", "gap": "11.3", "yoy": True},
    )
    assert KINDS[Kind.RATE_CAP].sentence({"target": 4.5, "actual": 4.62}) == (
        "bl_rate_above",
        {"actual": "4.62", "gap": "0.12"},
    )
    assert KINDS[Kind.ZERO].sentence({"actual": 0.0}) == ("bl_zero_cleared", {})
    assert KINDS[Kind.ZERO].sentence({"actual": 2.0}) == (
        "bl_zero_open",
        {"count": "2"},
    )
