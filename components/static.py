"""Dense read-only tables as one component.

dash-renderer's cost per component grows with the number of components drawn in one
answer: a national ranking of 950 components took 7–8 s in Chromium, the same table as
one piece of markup 0.1 s (docs/performance.md). A table nobody types into (rankings,
warnings, lists, the bulletin's preview) is therefore built from the usual ``html``,
``dcc.Link`` and ``dbc`` pieces and sent as their markup inside one ``dcc.Markdown``:
the page draws the same elements, with the same classes, links that navigate inside the
app (``dccLink``, Markdown's own link component) and the phone cards of assets/cards.js.

The markup is JSX read by Markdown's parser (react-jsx-parser): every text and
attribute is escaped here (``<``, ``>``, ``&``, quotes and the braces of JSX
expressions), so no name, reason or figure can open a tag or an expression; the page's
Content-Security-Policy refuses inline scripts besides. Only the pieces below convert;
anything else (a component with a callback id, a dropdown) raises, so that an
interactive piece is never silently drawn dead.
"""

from __future__ import annotations

import re

from dash import dcc

# Attributes an element may carry (besides data-* and aria-*); React spells them so.
_ATTRIBUTES = {"className", "title", "colSpan", "rowSpan", "role", "id", "href", "target",
               "rel", "type", "scope", "lang", "headers", "dir", "open", "hidden",
               "style", "tabIndex", "download"}  # fmt: skip
_IGNORED = {"n_clicks", "n_clicks_timestamp", "disable_n_clicks"}
_BOOLEAN = {"open", "hidden"}
_SAFE_HREF = re.compile(r"^(/(?!/)|\?|#|https?://)")
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "{": "&#123;",
            "}": "&#125;", "\n": "&#10;", "'": "&#39;"}  # fmt: skip
_ESCAPE = re.compile("[&<>\"{}\n']")
_TABLE_FLAGS = ("hover", "striped", "bordered", "borderless", "dark")


def escape(text) -> str:
    """Text or an attribute value as JSX reads it back unchanged (no newline left:
    Markdown ends an HTML block at an empty line)."""
    return _ESCAPE.sub(lambda m: _ESCAPES[m.group()], str(text))


def _style(style: dict) -> str:
    pairs = ", ".join(f'"{escape(k)}": "{escape(v)}"' for k, v in style.items())
    return "{{" + pairs + "}}"


def _attributes(props: dict) -> str:
    parts = []
    for name, value in props.items():
        if name == "children" or name in _IGNORED or value is None:
            continue
        if not (name in _ATTRIBUTES or name.startswith(("data-", "aria-"))):
            raise ValueError(f"static markup cannot carry {name!r}")
        if name == "id" and not isinstance(value, str):
            raise ValueError(f"a component with a callback id is not static: {value!r}")
        if name == "href" and not _SAFE_HREF.match(str(value)):
            raise ValueError(f"static markup refuses the link {value!r}")
        if name == "style":
            if value:
                parts.append(f"style={_style(value)}")
        elif name in _BOOLEAN:
            if value:
                parts.append(name)
        else:
            parts.append(f'{name}="{escape(value)}"')
    return "".join(" " + p for p in parts)


def _element(tag: str, props: dict) -> str:
    return f"<{tag}{_attributes(props)}>{markup(props.get('children'))}</{tag}>"


def _classes(*names) -> str:
    return " ".join(n for n in names if n)


def markup(node) -> str:
    """The markup of ``node``: a component, a list of them, text, a number or None."""
    if node is None or node is False:
        return ""
    if isinstance(node, (list, tuple)):
        return "".join(markup(n) for n in node)
    if isinstance(node, (str, int, float)):
        return escape(node)
    found = node.to_plotly_json()
    kind, space = found["type"], found["namespace"]
    props = dict(found["props"])
    if space == "dash_html_components":
        return _element(kind.lower(), props)
    if space == "dash_core_components" and kind == "Link":
        tag = "a" if props.pop("refresh", False) else "dccLink"
        return _element(tag, props)
    if space == "dash_bootstrap_components" and kind == "Table":
        flags = [f"table-{f}" for f in _TABLE_FLAGS if props.pop(f, False)]
        size = props.pop("size", None)
        props.pop("responsive", None)
        props["className"] = _classes(props.get("className"), "table",
                                      size and f"table-{size}", *flags)  # fmt: skip
        return _element("table", props)
    if space == "dash_bootstrap_components" and kind == "Row":
        props["className"] = _classes("row", props.get("className"))
        return _element("div", props)
    if space == "dash_bootstrap_components" and kind == "Col":
        return _element("div", _column(props))
    if space == "dash_bootstrap_components" and kind in ("Card", "CardBody"):
        props["className"] = _classes(_CARD_CLASS[kind], props.get("className"))
        return _element("div", props)
    if space == "dash_bootstrap_components" and kind == "Badge":
        color, text, pill = (props.pop("color", "primary"), props.pop("text_color", None),
                             props.pop("pill", False))  # fmt: skip
        props["className"] = _classes(props.get("className"), "badge",
                                      pill and "rounded-pill", text and f"text-{text}",
                                      color and f"bg-{color}")  # fmt: skip
        return _element("span", props)
    raise ValueError(f"{space}.{kind} has no static markup")


def _column(props: dict) -> dict:
    """A ``dbc.Col``'s props as its div's (react-bootstrap's classes: ``col-lg-6``
    for ``lg=6``, ``col-md`` for ``md=True``, ``col`` for none; ``width`` is xs)."""
    spans = []
    for size, infix in _BREAKPOINTS:
        span = props.pop(size, None)
        if span is None or span is False:
            continue
        if not isinstance(span, (bool, int, str)):
            raise ValueError(f"static markup draws a column of one span, not {span!r}")
        spans.append(f"col{infix}" if span is True else f"col{infix}-{span}")
    props["className"] = _classes(props.get("className"), *(spans or ["col"]))
    return props


_CARD_CLASS = {"Card": "card", "CardBody": "card-body"}
_BREAKPOINTS = (("width", ""), ("xs", ""), ("sm", "-sm"), ("md", "-md"), ("lg", "-lg"),
                ("xl", "-xl"), ("xxl", "-xxl"))  # fmt: skip


def static(node, className: str = "", **props) -> dcc.Markdown:
    """``node`` drawn as one component (see the module's note)."""
    return dcc.Markdown(f"<div>{markup(node)}</div>", dangerously_allow_html=True,
                        className=_classes("static-markup", className), **props)  # fmt: skip
