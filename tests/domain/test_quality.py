"""Soft checks (审核提示), worked by hand on small histories."""

from domain.quality import FigureContext, QualityRules, check_figure, robust_score

RULES = QualityRules()


def _checks(ctx, score=None):
    return [(f.check, f.key, dict(f.values)) for f in check_figure(ctx, RULES, score)]


def test_dq001_an_increment_far_above_the_same_months_is_flagged_in_words():
    # 412 added in June; earlier Junes added 82, 86, 90 (median 86): 4.8 times.
    ctx = FigureContext("flow", 6, 1412.0, previous=1000.0, same_month=(82, 86, 90),
                        recent=(80, 90, 85, 88, 86), unit="人")  # fmt: skip
    found = _checks(ctx)
    assert found[0][0] == "history" and found[0][1] == "dq_same_high"
    assert found[0][2]["value"] == "412" and found[0][2]["median"] == "86"
    assert found[0][2]["times"] == "4.8"


def test_dq002_a_normal_month_is_not_flagged():
    ctx = FigureContext("flow", 6, 1095.0, previous=1000.0, same_month=(82, 86, 90),
                        recent=(80, 90, 85, 88, 86))  # fmt: skip
    assert _checks(ctx) == []


def test_dq003_one_year_of_history_is_judged_by_the_ratio_alone():
    one = {"same_month": (86,), "recent": (80, 90)}
    assert (
        _checks(FigureContext("flow", 3, 412 + 170, previous=170, **one))[0][1]
        == "dq_same_high"
    )
    assert _checks(FigureContext("flow", 3, 150 + 170, previous=170, **one)) == []


def test_dq004_a_month_with_no_earlier_years_uses_the_recent_months():
    ctx = FigureContext("flow", 5, 1400.0, previous=1000.0, recent=(90, 100, 110, 100))
    assert _checks(ctx)[0][1] == "dq_recent_high"
    assert _checks(FigureContext("flow", 1, 9999.0)) == []  # nothing to compare with


def test_dq005_a_misplaced_decimal_below_is_flagged_low():
    ctx = FigureContext("flow", 4, 1008.6, previous=1000.0, same_month=(82, 86, 90),
                        recent=(80, 90, 85))  # fmt: skip
    assert _checks(ctx)[0][1] == "dq_same_low"


def test_dq006_rates_outside_their_band_or_moving_fast():
    assert [
        c for c, *_ in _checks(FigureContext("rate_cap", 5, 0.4, previous=0.5))
    ] == ["rate_band"]
    assert [
        c for c, *_ in _checks(FigureContext("rate_cap", 5, 4.6, previous=3.1))
    ] == ["rate_step"]
    assert _checks(FigureContext("rate_cap", 5, 3.4, previous=3.1)) == []


def test_dq007_a_stock_that_falls_must_be_explained():
    assert _checks(FigureContext("stock", 7, 4, previous=5))[0][1] == "dq_stock_fall"
    assert _checks(FigureContext("stock", 7, 5, previous=5)) == []


def test_dq008_a_flat_figure_while_others_grow():
    flat = FigureContext("flow", 5, 300.0, previous=300.0, recent=(100, 200, 0),
                         peers_growing=0.8)  # fmt: skip
    assert "flat" in [c for c, *_ in _checks(flat)]
    quiet = FigureContext("flow", 5, 300.0, previous=300.0, recent=(100, 200, 0),
                          peers_growing=0.3)  # fmt: skip
    assert "flat" not in [c for c, *_ in _checks(quiet)]


def test_dq009_far_above_the_target_early_in_the_year_and_far_from_the_peers():
    early = FigureContext("flow", 3, 1200.0, previous=1100.0, target=1000.0)
    assert "early" in [c for c, *_ in _checks(early)]
    late = FigureContext("flow", 8, 1200.0, previous=1100.0, target=1000.0)
    assert "early" not in [c for c, *_ in _checks(late)]
    peers = FigureContext("flow", 9, 900.0, previous=850.0, target=1000.0,
                          peers=(0.25, 0.3, 0.28))  # fmt: skip
    found = [f for f in _checks(peers) if f[0] == "peers"]
    assert found and found[0][2]["times"] == "3.2"


def test_dq010_the_indicators_own_threshold_and_the_zero_kind():
    ctx = FigureContext("flow", 6, 1000 + 300.0, previous=1000.0,
                        same_month=(80, 100, 120, 90, 110))  # fmt: skip
    assert _checks(ctx) != []  # 3× the median, robust score 10
    assert _checks(ctx, score=50.0) == []  # its own, looser threshold
    assert _checks(FigureContext("zero", 6, 9.0, previous=0.0)) == []
    assert round(robust_score(130, (100, 100, 100)), 1) == 3.0  # spread floored at 10 %
