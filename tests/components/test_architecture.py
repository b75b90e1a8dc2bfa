"""The layering rules, checked on the source: what each layer may import, how big a
page and a callback may grow, where configuration is read, where Chinese text lives."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import dash

ROOT = Path(__file__).resolve().parents[2]
APP_PACKAGES = ("pages", "components", "presenters", "services", "domain", "data_access",
                "server", "i18n")  # fmt: skip
# Chinese characters and punctuation (the ideographic space is whitespace, not text).
CJK = re.compile(r"[\u3001-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _modules(*packages: str) -> list[Path]:
    found = []
    for package in packages:
        found += [
            p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts
        ]
    return sorted(found)


def _imported(path: Path) -> set[str]:
    """Every module an import statement in ``path`` names (function-level ones too)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_arch001_pages_and_components_talk_to_services_only():
    """Pages and components import neither the data layer nor the server layer."""
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in _modules("pages", "components")
        for name in _imported(path)
        if name.split(".")[0] in ("data_access", "server", "sqlalchemy", "flask")
    ]
    assert offenders == []


def test_arch002_the_domain_knows_nothing_of_dash_sql_or_pandas_io():
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in _modules("domain")
        for name in _imported(path)
        if name.split(".")[0] in ("dash", "sqlalchemy", "flask", "data_access",
                                  "services", "components", "pages", "server")
    ]  # fmt: skip
    assert offenders == []


# The one-way flow: data_access → domain → services → presenters → components → pages
# (the server wraps them all). What each layer may never import, function-level
# imports included.
FORBIDDEN = {
    "domain": {"dash", "flask", "sqlalchemy", "data_access", "services", "presenters",
               "components", "pages", "server"},
    "data_access": {"dash", "flask", "services", "presenters", "components", "pages",
                    "server"},
    "services": {"dash", "presenters", "components", "pages", "server"},
    "presenters": {"dash", "components", "pages", "server"},
    "components": {"services", "data_access", "server", "pages", "sqlalchemy", "flask"},
    "pages": {"data_access", "server", "sqlalchemy", "flask"},
}  # fmt: skip


def test_arch009_every_layer_imports_only_what_comes_before_it():
    """No layer imports one after it: services read neither presenters, components
    nor the server (the actor is passed in), presenters render without components,
    components build layout from plain data without services."""
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for package, banned in FORBIDDEN.items()
        for path in _modules(package)
        for name in _imported(path)
        if name.split(".")[0] in banned
    ]
    assert offenders == []
    assert _modules("presenters"), "the presenters layer exists"


def test_arch010_actions_take_the_actor_they_act_as():
    """Every action of the services takes the actor as its first parameter; none
    reads who is signed in itself."""
    import inspect

    from services import actions, admin

    public = [
        (module.__name__, name, function)
        for module in (actions, admin)
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and not name.startswith("_")
        and "as_actor(actor" in inspect.getsource(function)
    ]  # fmt: skip
    assert len(public) >= 12
    first = {
        f"{m}.{n}": next(iter(inspect.signature(f).parameters)) for m, n, f in public
    }
    assert set(first.values()) == {"actor"}, first
    for path in (ROOT / "services").glob("*.py"):
        if path.name != "context.py":
            assert "current_actor(" not in path.read_text(encoding="utf-8"), path


def test_arch003_no_page_module_over_250_lines():
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines())
             for p in _modules("pages")}  # fmt: skip
    assert sizes and max(sizes.values()) <= 250, sizes


def test_arch004_callbacks_are_small_and_name_their_outputs(dash_app):
    """At most 8 outputs a callback; every page callback takes and returns dicts
    (Dash's flexible signatures), none positional."""
    outputs = {key: key.strip(".").count("...") + 1 for key in dash_app.callback_map}
    assert max(outputs.values()) <= 8, max(outputs.items(), key=lambda kv: kv[1])
    page_files = {p.stem for p in _modules("pages")}
    positional = []
    for key, spec in dash_app.callback_map.items():
        function = spec.get("callback")
        module = getattr(function, "__wrapped__", function)
        module = getattr(module, "__module__", "") or ""
        if module.split(".")[-1] in page_files and not key.startswith(".."):
            positional.append(key)
    assert positional == []


def test_arch005_only_settings_reads_the_environment():
    """``os.environ`` and ``os.getenv`` are read in settings.py only (the one write
    that hands kaleido its browser is allowed)."""
    offenders = []
    for path in _modules(*APP_PACKAGES) + [ROOT / "app.py"]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if (
                "os.environ" in line or "os.getenv" in line
            ) and not line.lstrip().startswith("#"):
                if 'os.environ.setdefault("BROWSER_PATH"' in line:
                    continue
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def _string_literals(path: Path):
    """(line, text) of every string constant that is not a docstring."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(
            node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
        ):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
            ):
                docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in docstrings:
                yield node.lineno, node.value


# The catalogue package (what is shown, and the words counties' files use), and the
# policy data (the policy parser; the demo data set and its users).
CHINESE_ALLOWED = ("i18n/", "data_access/policy.py", "data_access/demo.py")


def test_arch006_no_chinese_literals_outside_the_catalogue():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {text[:40]!r}"
        for path in _modules(*APP_PACKAGES) + [ROOT / "app.py", ROOT / "settings.py"]
        if not str(path.relative_to(ROOT)).startswith(CHINESE_ALLOWED)
        for line, text in _string_literals(path)
        if CJK.search(text)
    ]
    assert offenders == [], f"{len(offenders)} literals:\n" + "\n".join(offenders)


def test_arch007_every_kind_of_indicator_has_one_home():
    """No layer outside ``domain/`` spells a kind of indicator ("flow", "rate_cap",
    …): it asks the kind (``domain.kinds.kind_of``), so that adding a kind is one
    class there plus its texts; and every kind has its class, texts and flags."""
    from domain.kinds import KINDS, IndicatorKind
    from domain.model import Kind
    from i18n import STRINGS

    codes = {k.value for k in Kind}
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in _modules(*APP_PACKAGES) + [ROOT / "app.py", ROOT / "settings.py"]
        if not str(path.relative_to(ROOT)).startswith("domain/")
        for line, text in _string_literals(path)
        if text in codes
    ]
    assert offenders == [], "\n".join(offenders)
    assert set(KINDS) == set(Kind)
    for kind in KINDS.values():
        assert type(kind).evaluate is not IndicatorKind.evaluate, kind
        assert kind.trend_label in STRINGS and kind.why_key in STRINGS, kind


def _compared_names(node: ast.AST) -> str | None:
    """ "level" or "kind" where ``node`` reads one (x.level, x["kind"], level)."""
    if isinstance(node, ast.Attribute) and node.attr in ("level", "kind"):
        return node.attr
    if isinstance(node, ast.Name) and node.id in ("level", "kind"):
        return node.id
    if (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant)
            and node.slice.value in ("level", "kind")):  # fmt: skip
        return node.slice.value
    return None


def _string_constants(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [v for e in node.elts for v in _string_constants(e)]
    return []


def test_arch008_no_layer_compares_a_region_level_or_a_kind_with_a_string():
    """Outside ``domain/`` a region's level and an indicator's kind are compared with
    the domain's names (COUNTY, RegionLevel, kind_of), never a string literal."""
    from domain.model import Kind, RegionLevel

    names = {k.value for k in Kind} | {level.value for level in RegionLevel}
    offenders = []
    for path in _modules(*APP_PACKAGES) + [ROOT / "app.py"]:
        if str(path.relative_to(ROOT)).startswith("domain/"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Compare):
                continue
            sides = [node.left, *node.comparators]
            if any(_compared_names(s) for s in sides) and any(
                set(_string_constants(s)) & names for s in sides
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == [], "\n".join(offenders)


def _ids(component) -> list:
    """Every id in a layout tree (components in any property, lists, dicts)."""
    found = []
    stack = [component]
    while stack:
        node = stack.pop()
        if isinstance(node, (list, tuple)):
            stack.extend(node)
        elif hasattr(node, "to_plotly_json"):
            if getattr(node, "id", None) is not None:
                found.append(node.id)
            stack.extend(v for v in node.to_plotly_json()["props"].values())
    return found


# Ids a layout draws only in some states, with where they are drawn: the month menu's
# counts store is there only while a month being reported is not the one shown (it
# depends on the day the tests run).
DRAWN_SOMETIMES = {
    "shell-month-menu": ("components/shell.py", "dcc.Store(id=ids.MONTH_MENU")
}


def test_arch011_every_id_a_callback_names_is_in_a_page(dash_app):
    """The browser is not sent every page's layout to check callbacks against
    (``suppress_callback_exceptions``: 700 KB in every page's HTML nationally, and
    every page's layout built at a worker's first request); this test checks instead
    that every id a callback names is in the shell's or a page's layout (a pattern's
    fixed keys in some id there), and that the page's HTML stays small."""
    server = dash_app.server
    with server.test_request_context("/"):
        layouts = [p["layout"]() if callable(p["layout"]) else p["layout"]
                   for p in dash.page_registry.values()]  # fmt: skip
        layouts.append(
            dash_app.layout() if callable(dash_app.layout) else dash_app.layout
        )
    ids = _ids(layouts)
    plain = {i for i in ids if isinstance(i, str)}
    missing = set()
    for spec in server.test_client().get("/_dash-dependencies").get_json():
        named = [
            part.strip(".").rsplit(".", 1)[0] for part in spec["output"].split("...")
        ]
        named += [d["id"] for d in spec["inputs"] + spec["state"]]
        # A pattern's components are drawn by callbacks (rows, suggestions), as Dash
        # itself leaves them unchecked.
        missing |= {i for i in named if isinstance(i, str) and not i.startswith("{")
                    and i not in plain}  # fmt: skip
    for name, (path, drawn) in DRAWN_SOMETIMES.items():
        assert drawn in (ROOT / path).read_text(encoding="utf-8"), name
    assert sorted(missing - set(DRAWN_SOMETIMES)) == []
    page = server.test_client().get("/").get_data(as_text=True)
    assert "validation_layout" not in page and len(page) < 40_000, len(page)
