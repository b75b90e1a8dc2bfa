"""Colours, status glyphs and the one plotly template every figure uses."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from domain import Status

FONT_FAMILY = (
    '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", '
    '"Source Han Sans SC", sans-serif'
)

# Never colour alone: each status has an icon and a word (see components.cards).
STATUS_STYLE: dict[str, dict[str, str]] = {
    Status.ON_TRACK: {"color": "#1a7f37", "bg": "#dafbe1", "icon": "✓"},
    Status.LAGGING: {"color": "#9a6700", "bg": "#fff8c5", "icon": "◔"},
    Status.NEAR_CAP: {"color": "#9a6700", "bg": "#fff8c5", "icon": "△"},
    Status.ALERT: {"color": "#cf222e", "bg": "#ffebe9", "icon": "✕"},
    Status.NO_DATA: {"color": "#57606a", "bg": "#eaeef2", "icon": "?"},
    Status.NOT_ASSESSED: {"color": "#57606a", "bg": "#f6f8fa", "icon": "–"},
}

# The year-end outlook's words (有望完成/存在风险/难以完成) drawn as the statuses'
# badges they resemble, each with its own icon.
OUTLOOK_STYLE: dict[str, dict[str, str]] = {
    "likely": {"status": Status.ON_TRACK, "icon": "↗"},
    "at_risk": {"status": Status.LAGGING, "icon": "!"},
    "unlikely": {"status": Status.ALERT, "icon": "✕"},
}

# The maps' fills by status and by grade: told apart by people with red-green colour
# blindness too (each pair at least ΔE 10 apart under a deuteranopia or protanopia
# simulation: tests/components/test_map_colours.py); the legend and the hover say the word.
MAP_STATUS_COLOR = {
    Status.ON_TRACK: "#67b7a3",
    Status.NEAR_CAP: "#f5e97a",
    Status.LAGGING: "#f2b04a",
    Status.ALERT: "#d55e00",
    Status.NO_DATA: "#d0d7de",
    Status.NOT_ASSESSED: "#f6f8fa",
}
MAP_GRADE_COLOR = {
    "excellent": "#2c7fb8",
    "good": "#8fc4e3",
    "pass": "#f5c36b",
    "fail": "#d55e00",
    None: "#d0d7de",
}

GRADE_COLOR = {
    "excellent": "#1a7f37",
    "good": "#0969da",
    "pass": "#9a6700",
    "fail": "#cf222e",
}

PRIMARY = "#b4232a"  # 中国红, used sparingly for the brand
SERIES = ["#0969da", "#8c959f", "#bf3989", "#1a7f37", "#9a6700", "#6639ba", "#0a7e8c"]
SCORE_SCALE = [[0, "#ffebe9"], [0.5, "#fff8c5"], [1, "#1a7f37"]]
GAP_SCALE = [[0, "#cf222e"], [0.4, "#ffd8b5"], [0.5, "#fffbe6"], [1, "#1a7f37"]]

TEMPLATE_NAME = "kaohe"


def register_template() -> None:
    """Register and select the app's plotly template (idempotent)."""
    template = go.layout.Template(
        layout=go.Layout(
            font={"family": FONT_FAMILY, "size": 13, "color": "#1f2328"},
            colorway=SERIES,
            paper_bgcolor="white",
            plot_bgcolor="white",
            margin={"l": 48, "r": 16, "t": 40, "b": 40},
            hoverlabel={"font": {"family": FONT_FAMILY}},
            xaxis={"gridcolor": "#eaeef2", "zeroline": False},
            yaxis={"gridcolor": "#eaeef2", "zeroline": False},
            legend={"orientation": "h", "y": -0.18, "x": 0},
        )
    )
    pio.templates[TEMPLATE_NAME] = template
    pio.templates.default = TEMPLATE_NAME


register_template()
