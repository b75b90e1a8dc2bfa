"""Dense tables as one piece of markup (components/static.py): the same elements, every
text escaped, interactive pieces refused."""

from __future__ import annotations

import json

import dash_bootstrap_components as dbc
import pytest
from dash import dcc, html

from components.static import markup, static
from tests.helpers import _markup_tree, expand_markup

HOSTILE = ['<img src=x onerror="alert(1)">', "{alert(1)}", "a & b", "it's \"quoted\"",
           "two\n\nlines", "</div><script>alert(2)</script>"]  # fmt: skip


def _texts(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, (int, float)):
        return [str(node)]
    if isinstance(node, list):
        return [t for n in node for t in _texts(n)]
    if isinstance(node, dict):
        return _texts(node.get("props", {}).get("children"))
    if node is None:
        return []
    return _texts(node.to_plotly_json())


def test_static001_hostile_text_and_attributes_stay_text():
    """Names, reasons and titles cannot open a tag, an expression or an empty line
    (which would end Markdown's HTML block); read back, they are what was written."""
    for text in HOSTILE:
        node = html.Td(
            html.Span(text, title=text, className="x"), **{"data-region": text}
        )
        written = markup(node)
        assert "<img" not in written and "<script" not in written
        assert "{" not in written and "}" not in written and "\n" not in written
        (td,) = _markup_tree(written)
        assert td["props"]["data-region"] == text
        span = td["props"]["children"][0]
        assert span["props"]["title"] == text and span["props"]["children"] == [text]


def test_static002_the_pieces_convert_as_their_libraries_draw_them():
    """A link navigates inside the app (dccLink), a refreshing one is a plain link;
    dbc tables and badges carry Bootstrap's classes; booleans and styles survive."""
    written = markup([
        dcc.Link("磴口县", href="/county/150822?year=2026&month=10", className="unit-name"),
        dcc.Link("out", href="/export/bulletin.pdf", refresh=True),
        dbc.Table(html.Tbody(html.Tr(html.Td("1", colSpan=2))), size="sm", hover=True,
                  className="mb-0 ranking-table"),
        dbc.Badge("牵头", color="light", text_color="dark", className="dept-badge"),
        html.Details([html.Summary("s"), "body"], open=True),
        html.Span("优秀", style={"borderColor": "#1a7f37"}),
    ])  # fmt: skip
    assert (
        '<dccLink href="/county/150822?year=2026&amp;month=10" className="unit-name">'
        in (written)
    )
    assert '<a href="/export/bulletin.pdf">out</a>' in written
    assert 'className="mb-0 ranking-table table table-sm table-hover"' in written
    assert 'colSpan="2"' in written
    assert 'className="dept-badge badge text-dark bg-light"' in written
    assert "<details open>" in written
    assert 'style={{"borderColor": "#1a7f37"}}' in written


def test_static006_rows_columns_and_cards_carry_react_bootstraps_classes():
    """A dbc grid converts as react-bootstrap draws it (its bundle: ``col-lg-6`` for
    ``lg=6``, ``col-md`` for ``md=True``, ``col`` for no span, ``width`` as xs), so a
    page of measures or the overview's cards drawn as markup keep their columns; a card
    is a div.card with its body (a colour or other option is refused)."""
    written = markup(dbc.Row([dbc.Col("a", lg=6), dbc.Col("b", md=True, width=12),
                              dbc.Col("c", className="x")], className="g-2"))  # fmt: skip
    assert written == ('<div className="row g-2"><div className="col-lg-6">a</div>'
                       '<div className="col-12 col-md">b</div>'
                       '<div className="x col">c</div></div>')  # fmt: skip
    with pytest.raises(ValueError):
        markup(dbc.Col("x", lg={"size": 6, "offset": 1}))
    with pytest.raises(ValueError):
        markup(dbc.Row("x", align="center"))
    card = markup(dbc.Card(dbc.CardBody("v"), className="kpi-card h-100"))
    assert (
        card
        == '<div className="card kpi-card h-100"><div className="card-body">v</div></div>'
    )
    with pytest.raises(ValueError):
        markup(dbc.Card("x", color="danger"))


@pytest.mark.parametrize("node", [
    html.Button("x", id={"type": "progress-save", "key": "1"}),
    dbc.Input(id="field"),
    dcc.Graph(id="chart"),
    html.A("x", href="javascript:alert(1)"),
    html.A("x", href="//evil.example/"),
    html.Div("x", key="k"),
])  # fmt: skip
def test_static003_interactive_or_unsafe_pieces_are_refused(node):
    """A component a callback reads or writes, a library piece without markup, a
    script link: never drawn dead or unsafe, refused at build time."""
    with pytest.raises(ValueError):
        markup(node)


def test_static004_a_ranking_table_draws_every_text_it_held(dash_app):
    """The national ranking's table as markup holds the same texts, links and row
    marks as the components it replaced."""
    from components.tables import ranking_table
    from domain.ranking import excerpt
    from services.assessment import period_view
    from services.context import rules

    with dash_app.server.test_request_context():
        view = period_view(2026, 10, rules())
    part = excerpt(view.score_rows())
    table = ranking_table(part.rows, [], {}, "zh", lambda code: f"/county/{code}", 0.5)
    assert table.to_plotly_json()["type"] == "Markdown"
    expanded = expand_markup(json.loads(json.dumps(table, cls=_Encoder)))
    regions = [r.region for r in part.rows]
    text = json.dumps(expanded, ensure_ascii=False)
    assert [r for r in regions if f'"data-region": "{r}"' in text] == regions
    assert all(f'"href": "/county/{r}"' in text for r in regions)
    names = [r.name_zh for r in part.rows]
    assert all(name in _texts(expanded) for name in names)


class _Encoder(json.JSONEncoder):
    def default(self, o):
        return o.to_plotly_json()


def test_static005_static_wraps_in_one_markdown_component():
    found = static(html.Div("x"), className="extra").to_plotly_json()
    assert found["type"] == "Markdown" and found["props"]["dangerously_allow_html"]
    assert found["props"]["className"] == "static-markup extra"
    assert found["props"]["children"] == "<div><div>x</div></div>"
