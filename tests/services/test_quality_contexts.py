"""The soft checks of a few counties (a save's) judge each figure against the same
context as the whole country's reading does (services.quality.few_contexts against
services.quality.contexts), on generated months: drafts planned over stored figures,
counties with no figure, targets missing, zero or negative, January, NaN."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.model import Kind
from services.quality import PeerMonth, contexts, few_contexts

REGIONS = ["c1", "c2", "c3", "c4", "c5", "c6"]
CATALOGUE = pd.DataFrame(
    [
        {
            "code": "jobs",
            "kind": Kind.FLOW,
            "unit_zh": "人",
            "unit_en": "people",
            "decimals": 0,
        },
        {
            "code": "rate",
            "kind": Kind.RATE_CAP,
            "unit_zh": "%",
            "unit_en": "%",
            "decimals": 2,
        },
        {
            "code": "firms",
            "kind": Kind.STOCK,
            "unit_zh": "家",
            "unit_en": "",
            "decimals": 0,
        },
        {
            "code": "zero",
            "kind": Kind.ZERO,
            "unit_zh": "起",
            "unit_en": "",
            "decimals": 0,
        },
    ]
)
CODES = CATALOGUE.code.tolist()
YEAR = 2026
number = st.one_of(
    st.integers(-5, 40).map(float), st.just(float("nan")), st.floats(0, 50, width=16)
)


@st.composite
def months(draw):
    month = draw(st.integers(1, 12))
    keys = [(r, c, y, m) for r in REGIONS for c in CODES for y in (YEAR - 2, YEAR - 1, YEAR)
            for m in range(1, 13)
            if (y == YEAR and m <= month) or (y < YEAR and m in (month - 1, month))
            or (month == 1 and y == YEAR - 1 and m == 12)]  # fmt: skip
    near = [k for k in keys if k[2] == YEAR and k[3] in (month - 1, month)]
    stored = draw(st.dictionaries(st.sampled_from(keys), number, max_size=40))
    stored |= draw(st.dictionaries(st.sampled_from(near), number, min_size=len(near) // 2,
                                   max_size=len(near)))  # fmt: skip
    goals = draw(st.dictionaries(st.tuples(st.sampled_from(REGIONS), st.sampled_from(CODES)),
                                 st.sampled_from([-3.0, 0.0, 4.0, 10.0, 120.0]),
                                 max_size=24))  # fmt: skip
    only = draw(st.sets(st.sampled_from(REGIONS), min_size=1, max_size=3))
    planned = draw(st.dictionaries(
        st.tuples(st.sampled_from(sorted(only) + REGIONS[:1]), st.sampled_from(CODES)),
        number, max_size=4))  # fmt: skip
    # The peers' month as read before a county's own history (a write between).
    older = draw(st.dictionaries(st.sampled_from(near), number, max_size=6))
    return month, stored, goals, only, planned, older


def _frame(stored: dict) -> pd.DataFrame:
    return pd.DataFrame(
        [(*key, value) for key, value in stored.items()],
        columns=["region", "indicator", "year", "month", "value"],
    )


def _same(a, b) -> bool:
    def norm(v):
        if isinstance(v, float) and math.isnan(v):
            return "nan"
        if isinstance(v, tuple):
            return tuple(sorted((norm(x) for x in v), key=repr))
        return v

    return all(
        norm(getattr(a, f)) == norm(getattr(b, f)) for f in a.__dataclass_fields__
    )


@settings(max_examples=300, deadline=None)
@given(months())
def test_qc001_a_few_counties_contexts_are_the_countrys_for_them(case):
    month, stored, goals, only, planned, older = case
    figures = _frame(stored)
    own = figures[figures.region.isin(only)]
    peers = _frame(stored | older)
    peers = peers[(peers.year == YEAR) & peers.month.isin((month - 1, month))]
    targets = pd.DataFrame([(r, c, v) for (r, c), v in goals.items()],
                           columns=["region", "indicator", "value"])  # fmt: skip
    merged = pd.concat([own, peers]).drop_duplicates(
        ["region", "indicator", "year", "month"]
    )
    whole = contexts(YEAR, month, merged, targets, CATALOGUE, planned, only)
    few = few_contexts(YEAR, month, own, PeerMonth("s", peers, targets), CATALOGUE,
                       planned, only)  # fmt: skip
    assert set(few) == set(whole)
    for key, context in whole.items():
        assert _same(context, few[key]), (key, context, few[key])
