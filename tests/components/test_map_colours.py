"""Issue 21: the maps tell statuses (and grades) apart, for people with red-green colour
blindness too, with a legend naming them; the heatmap's list for a phone."""

from __future__ import annotations

import itertools
import math

import pytest

from presenters.theme import MAP_GRADE_COLOR, MAP_STATUS_COLOR

# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
DEUTERANOPIA = ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                (-0.011820, 0.042940, 0.968881))  # fmt: skip
PROTANOPIA = ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
              (-0.003882, -0.048116, 1.051998))  # fmt: skip
IDENTITY = ((1, 0, 0), (0, 1, 0), (0, 0, 1))


def _linear(hex_colour: str) -> list[float]:
    out = []
    for i in (1, 3, 5):
        c = int(hex_colour[i : i + 2], 16) / 255
        out.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return out


def _lab(hex_colour: str, matrix) -> tuple[float, float, float]:
    """CIE L*a*b* of the colour as seen through ``matrix`` (a vision simulation)."""
    lin = _linear(hex_colour)
    r, g, b = (min(1.0, max(0.0, sum(m * c for m, c in zip(row, lin, strict=True))))
               for row in matrix)  # fmt: skip
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(v):
        return v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


@pytest.mark.parametrize("palette", [MAP_STATUS_COLOR, MAP_GRADE_COLOR])
@pytest.mark.parametrize("vision", [IDENTITY, DEUTERANOPIA, PROTANOPIA])
def test_map001_every_pair_of_classes_differs_in_every_vision(palette, vision):
    """Each pair of status (grade) colours stays at least ΔE 10 apart as people with
    deuteranopia or protanopia see them (the old map drew 预警 and 滞后 alike)."""
    seen = {key: _lab(colour, vision) for key, colour in palette.items()}
    for a, b in itertools.combinations(seen, 2):
        assert math.dist(seen[a], seen[b]) >= 10, (a, b)


def test_map002_the_simulation_catches_red_against_green():
    """The check can fail: a pure red and a green of the same lightness collapse
    under deuteranopia."""
    a, b = _lab("#d62728", DEUTERANOPIA), _lab("#7f7f00", DEUTERANOPIA)
    assert math.dist(a, b) < 10


def test_map003_shapes_take_their_status_colour_and_the_legend_names_it():
    from presenters.charts import status_legend
    from presenters.figures import choropleth_figure
    from tests.components.test_components import GEOJSON

    geo = {"type": "FeatureCollection",
           "features": [GEOJSON["features"][0],
                        {**GEOJSON["features"][0], "properties": {"adcode": 2}}]}  # fmt: skip
    figure = choropleth_figure(geo, ["1", "2"], [3.0, 5.0], ["甲 ✕ 预警", "乙 ◔ 滞后"],
                               labels=["甲", "乙"], colorbar_title="人",
                               classes=["alert", "lagging"], legend=status_legend("zh"))  # fmt: skip
    shapes = [d for d in figure.data if d.fill == "toself"]
    assert [s.fillcolor for s in shapes] == [MAP_STATUS_COLOR["alert"],
                                             MAP_STATUS_COLOR["lagging"]]  # fmt: skip
    named = [d.name for d in figure.data if d.showlegend]
    assert named == ["◔ 滞后", "✕ 预警"]  # the legend's order, only the classes present
    assert not any(getattr(d.marker, "showscale", False) for d in figure.data)
    assert figure.layout.showlegend


def test_map004_dots_by_class_each_named_in_the_legend():
    from presenters.charts import status_legend
    from presenters.figures import dot_map_figure

    figure = dot_map_figure(
        [(107.0, 40.0), (108.0, 41.0), (109.0, 42.0)], ["150802", "150821", "150822"],
        [3.0, None, 5.0], ["临河区", "五原县", "磴口县"],
        ["临河区<br>✓ 达标", "五原县<br>? 未报送", "磴口县<br>✓ 达标"],
        colorbar_title="人", classes=["on_track", "no_data", "on_track"],
        legend=status_legend("en"),
    )  # fmt: skip
    assert [d.name for d in figure.data] == ["✓ On track", "? Not reported"]
    on_track = figure.data[0]
    assert list(on_track.customdata) == ["150802", "150822"]
    assert on_track.marker.color == MAP_STATUS_COLOR["on_track"]
    assert list(figure.data[1].hovertext) == ["五原县"]
    assert (
        figure.data[1].hovertemplate == "%{hovertext}<br>? Not reported<extra></extra>"
    )
