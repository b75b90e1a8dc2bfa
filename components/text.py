"""Text as someone wrote it (a name, a county's explanation, a document number): on an
English page, Chinese text is marked lang="zh" where it stands, so that screen readers
read it as Chinese and the English walk test knows it is quoted, not untranslated."""

from __future__ import annotations

import re

from dash import html

CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")


def as_written(text, lang: str | None):
    """``text`` as it is, or in a span marked Chinese on an English page."""
    if text and lang == "en" and CJK.search(str(text)):
        return html.Span(text, lang="zh")
    return text


RUNS = re.compile(
    r"([\u3400-\u9fff\u3000-\u303f\uff00-\uffef0-9]*[\u3400-\u9fff\u3000-\u303f\uff00-\uffef][\u3400-\u9fff\u3000-\u303f\uff00-\uffef0-9]*)"
)


def names_marked(text: str, lang: str | None):
    """An English sentence that names Chinese things (巴政发〔2018〕49号): each Chinese
    run in a span marked lang="zh"; the sentence as it is in Chinese."""
    if lang != "en" or not CJK.search(text):
        return text
    parts = RUNS.split(text)
    return [html.Span(p, lang="zh") if i % 2 else p for i, p in enumerate(parts) if p]
