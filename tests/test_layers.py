"""The layer check: lkjip's import graph has no cycle and no arrow pointing up.

The graph is built with ``ast`` from every ``lkjip/**/*.py``, without importing lkjip:
every import counts (module level, inside a function, under ``TYPE_CHECKING``,
relative or absolute), and so does ``require("pkg", ...)`` (``lkjip._core.extras``) and
``importlib.import_module("pkg")`` with a literal name. It fails

* on an import cycle (the cycle is printed, file and line of each arrow);
* on an import that goes up in ``LAYERS`` (a rule importing the table layer, the
  core importing an integration);
* on a module ``LAYERS`` does not place (a new module must be given its layer);
* on an optional package (numpy, pandas, openpyxl, matplotlib, docx, pdfplumber,
  pyarrow, ...) imported outside the modules ``OPTIONAL`` names;
* on a ``KNOWN`` violation that is gone (the list only shrinks).

Run as a script (``python tests/test_layers.py``, as ``.ci/run`` does before the
tests) it prints the layers with each module's imports and exits 1 on a violation.
"""

from __future__ import annotations

import ast
import dataclasses
import shutil
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "lkjip"
ROOT = Path(__file__).resolve().parents[1] / PACKAGE

# The layers, lowest first: a module imports its own layer or a lower one, never a
# higher one (within a layer any direction, but no cycle). A name covers the module and
# everything under it; the longest name that covers a module places it. The folders are
# the layers: lkjip/_core/ (with the public faces of the core, lkjip/errors.py and
# lkjip/numbers.py), lkjip/rules/ (with lkjip/scales.py and lkjip/fixed.py, the
# documented paths of two rules modules: ALIASES), lkjip/table/, lkjip/laporan/ (the
# audit of a printed report, above the table it reads into), and the interfaces:
# lkjip/cli/ and the integrations at the root named after their library (pandas, xlsx,
# chart, serve; the report's readers of .docx and .pdf are integrations too, reached
# through lkjip._core.hooks as the table reaches xlsx). "lkjip" is the package's
# __init__: it re-exports the public names and imports the modules that provide hooks.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # numbers, errors and the shared machinery: depend on nothing of lkjip above them
    ("core", ("_core", "errors", "numbers")),
    # the calculation rules, each a pure function over Decimal, and their cited data
    ("rules", ("rules", "scales", "fixed")),
    # the table: read it, model it, evaluate, explain, audit and print it
    ("table", ("table",)),
    # a report as published: its tables read into the table layer's rows, and audited
    ("report", ("laporan",)),
    # the ways in: the command line, the integrations named after their library
    (
        "interfaces",
        (
            *("cli", "__main__", PACKAGE),
            *("pandas", "xlsx", "chart", "laporan._docx", "laporan._pdf", "serve"),
        ),
    ),
)

# Modules that only give a lower module its documented path (``import lkjip.fixed`` is
# ``lkjip.rules.fixed``): their one import is the module they stand for.
ALIASES: Mapping[str, str] = {"scales": "rules.scales", "fixed": "rules.fixed"}

# Within the table layer, the model is plain data: it imports no other table module.
# Its methods that evaluate, explain, print or draw (Laporan.plot, Evaluasi.penjelasan,
# __str__, _repr_html_, EvaluasiLaporan.plot) call what lkjip._core.hooks was given by
# the module above that provides it.
FORBIDDEN: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        "table.model",
        (
            *("table.fields", "table.read", "table.evaluasi", "table.explain"),
            *("table.audit", "table.display", "table.renja", "laporan"),
        ),
        "the model is plain data; what it calls upward goes through lkjip._core.hooks",
    ),
)

# Third-party packages every module may import: the runtime dependencies (pyproject).
RUNTIME = frozenset({"attrs"})

# Where an optional package (anything neither stdlib nor RUNTIME) may be imported.
# None: any package, at any level. A set: those packages, inside a function only.
OPTIONAL: Mapping[str, frozenset[str] | None] = {
    # the integrations, named after their library, and the command line
    "pandas": None,
    "xlsx": None,
    "chart": None,
    "cli": None,
    # lkjip serve: fastapi, starlette, uvicorn, multipart, jinja2 (through require)
    "serve": None,
    "laporan._docx": None,
    "laporan._pdf": None,
    # the exact fixed-point path is numpy: batch reads numpy scalars inside a function,
    "rules.batch": frozenset({"numpy"}),
    "rules._nilai": frozenset({"numpy"}),  # a numpy scalar read as a plain value
    # and fixed imports numpy when it is loaded, which only a function or an integration
    # does (LOADED_LAZILY)
    "rules.fixed": None,
}

# Modules that import an optional package when loaded: below the interfaces, only a
# function may import them (an integration may import them at module level).
LOADED_LAZILY = frozenset({"rules.fixed", "fixed"})

# The one module that may import a module named at run time: require(module, ...) is
# how every optional package is loaded, and its callers name theirs (checked above).
DYNAMIC = frozenset({"_core.extras"})

# Known violations, each an arrow (importer, imported) with its reason. They are left
# out of every check; an arrow listed here that no longer exists is a failure. There are
# none: the last (batch <-> fixed) went with lkjip/rules/_nilai.py.
KNOWN: Mapping[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Import:
    """One arrow of the graph: ``source`` imports ``target`` at ``line``."""

    source: str
    target: str
    line: int
    where: str
    """``"module"``, ``"function"`` or ``"type-checking"``."""
    file: str
    """The importing file (``lkjip/laporan/__init__.py``)."""

    def __str__(self) -> str:
        return f"{self.file}:{self.line} ({self.where}) imports {_dotted(self.target)}"


@dataclass(frozen=True)
class Graph:
    modules: frozenset[str]
    imports: tuple[Import, ...]
    """Imports of lkjip's own modules."""
    external: tuple[Import, ...]
    """Imports of packages outside lkjip (``target`` is the top-level package)."""
    hooks: tuple[Import, ...] = ()
    """Calls that go up through ``lkjip._core.hooks``: ``source`` calls ``provided(target)``."""
    providers: tuple[Import, ...] = ()
    """``source`` calls ``provide(target=...)``."""
    files: Mapping[str, str] = dataclasses.field(default_factory=dict)
    """Each module's file, as ``lkjip/laporan/__init__.py``."""
    dynamic: tuple[Import, ...] = ()
    """Imports of a module named at run time (``import_module(name)``): no arrow known."""


def _dotted(module: str) -> str:
    return module if module == PACKAGE else f"{PACKAGE}.{module}"


def module_names(root: Path) -> dict[str, Path]:
    """Every module under ``root``, by its name below the package (``laporan._sumber``;
    a subpackage is its ``__init__``; the package itself is ``lkjip``)."""
    names: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts) or PACKAGE] = path
    return names


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(tree: ast.AST) -> Iterator[tuple[ast.AST, str]]:
    """Every node with where it runs: at module level, in a function, or only for the
    type checker."""
    stack: list[tuple[ast.AST, str]] = [(tree, "module")]
    while stack:
        node, where = stack.pop()
        yield node, where
        inner = where
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            inner = "function" if where == "module" else where
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend((child, "type-checking") for child in node.body)
            stack.extend((child, inner) for child in node.orelse)
            continue
        stack.extend((child, inner) for child in ast.iter_child_nodes(node))


def _package_of(module: str, path: Path) -> list[str]:
    """The package a module's relative imports start from, as parts below lkjip."""
    parts = [] if module == PACKAGE else module.split(".")
    return parts if path.name == "__init__.py" else parts[:-1]


def _resolve(parts: list[str], modules: Iterable[str]) -> str:
    """The deepest of lkjip's modules that ``parts`` (below lkjip) names."""
    known = set(modules)
    for end in range(len(parts), 0, -1):
        name = ".".join(parts[:end])
        if name in known:
            return name
    return PACKAGE


_LOADERS = ("require", "import_module", "__import__")


def _literal(call: ast.Call) -> str | None:
    """The module a ``require("pkg", ...)`` or ``importlib.import_module("pkg")`` loads
    (``""``: one named at run time, which the check cannot follow)."""
    func = call.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    if name not in _LOADERS:
        return None
    first = call.args[0] if call.args else None
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value
    return ""


def build_graph(root: Path = ROOT) -> Graph:
    """The import graph of the package at ``root``, from its source."""
    modules = module_names(root)
    files = {m: f"{PACKAGE}/{p.relative_to(root).as_posix()}" for m, p in modules.items()}
    imports: list[Import] = []
    external: list[Import] = []
    hooks: list[Import] = []
    providers: list[Import] = []
    dynamic: list[Import] = []

    def add(source: str, absolute: str, line: int, where: str, names: Iterable[str] = ()) -> None:
        parts = absolute.split(".")
        if parts[0] != PACKAGE:
            if parts[0] != "__future__":
                external.append(Import(source, parts[0], line, where, files[source]))
            return
        below = parts[1:]
        if names:  # from P import n: the module P.n if there is one, else P
            targets = {_resolve([*below, n], modules) for n in names}
        else:
            targets = {_resolve(below, modules)}
        for target in sorted(targets):
            if target != source:
                imports.append(Import(source, target, line, where, files[source]))

    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        package = _package_of(module, path)
        for node, where in _walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    add(module, alias.name, node.lineno, where)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    up = len(package) - (node.level - 1)
                    if up < 0:
                        raise SyntaxError(f"{path}:{node.lineno}: relative import beyond lkjip")
                    base = ".".join([PACKAGE, *package[:up], *filter(None, [node.module])])
                else:
                    base = node.module or ""
                add(module, base, node.lineno, where, [a.name for a in node.names])
            elif isinstance(node, ast.Call) and (name := _literal(node)) is not None:
                if name:
                    add(module, name, node.lineno, where)
                else:
                    dynamic.append(Import(module, "", node.lineno, where, files[module]))
            elif isinstance(node, ast.Call) and (hook := _hook(node)):
                kind, names = hook
                for name in names:
                    (hooks if kind == "provided" else providers).append(
                        Import(module, name, node.lineno, where, files[module])
                    )
    key = lambda i: (i.source, i.line, i.target)  # noqa: E731
    return Graph(
        frozenset(modules),
        tuple(sorted(imports, key=key)),
        tuple(external),
        tuple(hooks),
        tuple(providers),
        files,
        tuple(dynamic),
    )


def _hook(call: ast.Call) -> tuple[str, list[str]] | None:
    """``provided("name")`` or ``provide(name=f, ...)`` (``lkjip._core.hooks``): the names."""
    func = call.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    if name == "provide":
        return name, [k.arg for k in call.keywords if k.arg]
    first = call.args[0] if call.args else None
    if name == "provided" and isinstance(first, ast.Constant) and isinstance(first.value, str):
        return name, [first.value]
    return None


# --- the checks ---------------------------------------------------------------------


def layer_of(module: str, layers: tuple[tuple[str, tuple[str, ...]], ...] = LAYERS) -> int | None:
    """The index of the layer that places ``module`` (the longest name that covers it)."""
    best: tuple[int, int] | None = None
    for index, (_, names) in enumerate(layers):
        for name in names:
            if module == name or module.startswith(name + "."):
                if best is None or len(name) > best[0]:
                    best = (len(name), index)
    return None if best is None else best[1]


def cycles(imports: Iterable[Import]) -> list[list[Import]]:
    """The shortest cycle through each module that is on one (the strongly connected
    parts of the graph, by Tarjan's algorithm), each cycle once."""
    arrows: dict[str, dict[str, Import]] = {}
    for i in imports:
        arrows.setdefault(i.source, {}).setdefault(i.target, i)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    parts: list[set[str]] = []

    def connect(v: str) -> None:  # recursion depth is bounded by the module count
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in arrows.get(v, {}):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = set()
            while True:
                w = stack.pop()
                part.add(w)
                if w == v:
                    break
            if len(part) > 1:
                parts.append(part)

    for v in sorted(arrows):
        if v not in index:
            connect(v)
    found: list[list[Import]] = []
    seen: set[frozenset[tuple[str, str]]] = set()
    for part in parts:
        for start in sorted(part):  # the shortest cycle through each module of the part
            previous: dict[str, Import] = {}
            queue = [start]
            while queue and start not in previous:  # breadth first, inside the part
                v = queue.pop(0)
                for w, i in sorted(arrows.get(v, {}).items()):
                    if w in part and w not in previous:
                        previous[w] = i
                        queue.append(w)
            path = [previous[start]]
            while path[-1].source != start:
                path.append(previous[path[-1].source])
            key = frozenset((i.source, i.target) for i in path)
            if key not in seen:
                seen.add(key)
                found.append(path[::-1])
    return found


def violations(
    graph: Graph,
    layers: tuple[tuple[str, tuple[str, ...]], ...] = LAYERS,
    known: Mapping[tuple[str, str], str] = KNOWN,
) -> list[str]:
    """Everything wrong with ``graph``, one line (or one cycle) each."""
    arrows = {(i.source, i.target) for i in graph.imports}
    found = [
        f"KNOWN lists {a} -> {b}, which is no longer imported: drop it"
        for a, b in known
        if (a, b) not in arrows
    ]
    imports = [i for i in graph.imports if (i.source, i.target) not in known]
    found += [
        f"{graph.files[m]} is in no layer: give it one in tests/test_layers.py LAYERS"
        for m in sorted(graph.modules)
        if layer_of(m, layers) is None
    ]
    for cycle in cycles(imports):
        names = " -> ".join([_dotted(i.source) for i in cycle] + [_dotted(cycle[0].source)])
        found.append("import cycle " + names + "".join(f"\n    {i}" for i in cycle))
    for i in imports:
        source, target = layer_of(i.source, layers), layer_of(i.target, layers)
        if source is not None and target is not None and target > source:
            found.append(
                f"upward import: {i} (layer {layers[source][0]} imports layer {layers[target][0]})"
            )
        for importer, banned, reason in FORBIDDEN:
            if i.source == importer and layer_of(i.target, ((importer, banned),)) is not None:
                found.append(f"forbidden import: {i}: {reason}")
        if (
            i.target in LOADED_LAZILY
            and ALIASES.get(i.source) != i.target
            and i.where == "module"
            and source is not None
            and layers[source][0] != "interfaces"
        ):
            found.append(f"{i}: it loads an optional package, so only inside a function")
    found += _hook_violations(graph, layers)
    found += [
        f"{i.file}:{i.line} ({i.where}) imports a module named at run time, which the "
        "layer check cannot follow: import it by name (or call up through lkjip._core.hooks)"
        for i in graph.dynamic
        if i.source not in DYNAMIC
    ]
    stdlib = sys.stdlib_module_names
    for i in graph.external:
        if i.target in stdlib or i.target in RUNTIME:
            continue
        allowed = next(
            (v for k, v in OPTIONAL.items() if i.source == k or i.source.startswith(k + ".")),
            frozenset(),
        )
        if allowed is None or (i.target in allowed and i.where != "module"):
            continue
        found.append(
            f"optional package: {i.file}:{i.line} ({i.where}) imports {i.target}: "
            "only the integrations and the CLI may (OPTIONAL in tests/test_layers.py)"
        )
    return found


def _hook_violations(graph: Graph, layers: tuple[tuple[str, tuple[str, ...]], ...]) -> list[str]:
    """A call up through lkjip._core.hooks must find its function: provided once, by a module
    the package's __init__ imports (so it is loaded before anyone asks), in a layer no
    lower than the caller's (a hook only ever points up: otherwise import it)."""
    found = []
    by_name: dict[str, list[Import]] = {}
    for p in graph.providers:
        by_name.setdefault(p.target, []).append(p)
    loaded = {i.target for i in graph.imports if i.source == PACKAGE}
    for name, providers in sorted(by_name.items()):
        if len(providers) > 1:
            where = ", ".join(f"{p.file}:{p.line}" for p in providers)
            found.append(f"hook {name} is provided twice: {where}")
    for p in graph.providers:
        if p.source not in loaded:
            found.append(
                f"hook {p.target} is provided by {_dotted(p.source)}, which "
                f"lkjip/__init__.py does not import: it may be asked for unprovided"
            )
    for h in sorted(graph.hooks, key=lambda h: (h.source, h.line)):
        providers = by_name.get(h.target, [])
        if not providers:
            found.append(f"{h.file}:{h.line} calls hook {h.target}, which nothing provides")
            continue
        caller, provider = layer_of(h.source, layers), layer_of(providers[0].source, layers)
        if caller is not None and provider is not None and provider < caller:
            found.append(
                f"{h.file}:{h.line} calls hook {h.target} of the lower "
                f"{_dotted(providers[0].source)}: import it instead"
            )
    return found


def describe(graph: Graph, layers: tuple[tuple[str, tuple[str, ...]], ...] = LAYERS) -> str:
    """The layers, top first, with what each module imports of lkjip."""
    targets: dict[str, set[str]] = {}
    for i in graph.imports:
        targets.setdefault(i.source, set()).add(i.target)
    lines = []
    for index in range(len(layers) - 1, -1, -1):
        name, _ = layers[index]
        lines.append(f"{name}:")
        for m in sorted(m for m in graph.modules if layer_of(m, layers) == index):
            lines.append(f"  {m:<16} -> {', '.join(sorted(targets.get(m, ()))) or '-'}")
    providers = {p.target: p.source for p in graph.providers}
    ups = sorted({(h.source, h.target) for h in graph.hooks})
    if ups:
        lines.append("calls up through lkjip._core.hooks (provided when lkjip is imported):")
        lines += [f"  {a:<16} -> {b} ({providers.get(b, 'NOT PROVIDED')})" for a, b in ups]
    unplaced = sorted(m for m in graph.modules if layer_of(m, layers) is None)
    if unplaced:
        lines.append("in no layer: " + ", ".join(unplaced))
    return "\n".join(lines)


# --- the tests ----------------------------------------------------------------------


def test_lkjip_has_no_cycle_and_no_upward_import() -> None:
    graph = build_graph()
    assert "table.model" in graph.modules and len(graph.imports) > 50  # the graph was read
    assert ("table.model", "evaluasi_text") in {(h.source, h.target) for h in graph.hooks}
    found = violations(graph)
    assert not found, "\n".join(found)


def _package(tmp_path: Path, files: Mapping[str, str]) -> Path:
    root = tmp_path / PACKAGE
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


_CLEAN = {
    "__init__.py": "from .table.model import Evaluasi\nfrom . import errors\n",
    "errors.py": "import reprlib\n",
    "_core/__init__.py": "",
    "rules/__init__.py": "",
    "rules/capaian.py": "from ..errors import LKjIPError\nimport attrs\n",
    "table/__init__.py": "",
    "table/model.py": "from __future__ import annotations\nfrom ..rules.capaian import capaian\n",
    "cli/__init__.py": "import lkjip\nfrom lkjip.table.model import Evaluasi\n",
}


def test_an_upward_import_added_to_lkjip_itself_fails(tmp_path: Path) -> None:
    """The real tree, with one lazy upward import added to a rule (as model.py once
    reached up to display): the check names it, as an upward import and as a cycle."""
    root = tmp_path / PACKAGE
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns("__pycache__"))
    rule = root / "rules" / "capaian.py"
    lines = rule.read_text(encoding="utf-8").count("\n")
    with rule.open("a", encoding="utf-8") as out:
        out.write("\n\ndef _shown(ev):\n    from ..table.display import evaluasi_text\n")
    found = violations(build_graph(root))
    upward = f"lkjip/rules/capaian.py:{lines + 4} (function) imports lkjip.table.display"
    assert f"upward import: {upward} (layer rules imports layer table)" in found
    assert any(f.startswith("import cycle") and upward in f for f in found)
    assert violations(build_graph(ROOT)) == []


def test_a_clean_package_passes(tmp_path: Path) -> None:
    graph = build_graph(_package(tmp_path, _CLEAN))
    arrows = {(i.source, i.target) for i in graph.imports}
    assert arrows == {
        ("lkjip", "table.model"),
        ("lkjip", "errors"),
        ("rules.capaian", "errors"),
        ("table.model", "rules.capaian"),
        ("cli", "lkjip"),
        ("cli", "table.model"),
    }
    assert violations(graph, known={}) == []


def test_an_upward_import_fails_even_inside_a_function(tmp_path: Path) -> None:
    # a rule that prints through the table layer, lazily, as model.py once did
    lazy = "def f():\n    from ..table.model import Evaluasi\n    return Evaluasi\n"
    graph = build_graph(_package(tmp_path, {**_CLEAN, "rules/akip.py": lazy}))
    found = violations(graph, known={})
    assert found == [
        "upward import: lkjip/rules/akip.py:2 (function) imports lkjip.table.model "
        "(layer rules imports layer table)"
    ]


def test_a_cycle_fails_and_is_printed(tmp_path: Path) -> None:
    files = {
        **_CLEAN,
        "table/model.py": "import typing\nif typing.TYPE_CHECKING:\n    from . import display\n",
        "table/display.py": "from .model import Evaluasi\n",
    }
    found = violations(build_graph(_package(tmp_path, files)), known={})
    assert found == [
        "import cycle lkjip.table.display -> lkjip.table.model -> lkjip.table.display"
        "\n    lkjip/table/display.py:1 (module) imports lkjip.table.model"
        "\n    lkjip/table/model.py:3 (type-checking) imports lkjip.table.display",
        "forbidden import: lkjip/table/model.py:3 (type-checking) imports lkjip.table.display: "
        "the model is plain data; what it calls upward goes through lkjip._core.hooks",
    ]


def test_optional_packages_only_in_the_integrations(tmp_path: Path) -> None:
    files = {
        **_CLEAN,
        "xlsx.py": "import openpyxl\n",  # an integration: fine
        "rules/batch.py": "def f():\n    import numpy\n",  # numpy, lazily: fine
        "rules/fixed.py": "from .._core.extras import require\nnp = require('numpy')\n",
        "_core/extras.py": "import importlib\ndef require(m):\n    importlib.import_module(m)\n",
        "rules/anggaran.py": "import numpy\n",  # a rule: not fine
        "rules/scales.py": "def f():\n    import pandas\n",  # not even lazily
        "rules/agregasi.py": "from . import fixed\n",  # fixed loads numpy: only in a function
        "fixed.py": "from .rules import fixed\n",  # the documented path: an alias, fine
        "table/model.py": "import importlib\ndef f(x):\n    return importlib.import_module(x)\n",
    }
    found = violations(build_graph(_package(tmp_path, files)), known={})
    assert found == [
        "lkjip/rules/agregasi.py:1 (module) imports lkjip.rules.fixed: "
        "it loads an optional package, so only inside a function",
        "lkjip/table/model.py:3 (function) imports a module named at run time, which the layer "
        "check cannot follow: import it by name (or call up through lkjip._core.hooks)",
        "optional package: lkjip/rules/anggaran.py:1 (module) imports numpy: "
        "only the integrations and the CLI may (OPTIONAL in tests/test_layers.py)",
        "optional package: lkjip/rules/scales.py:2 (function) imports pandas: "
        "only the integrations and the CLI may (OPTIONAL in tests/test_layers.py)",
    ]


def test_a_new_module_needs_a_layer_and_a_stale_known_arrow_fails(tmp_path: Path) -> None:
    files = {**_CLEAN, "laporan/__init__.py": "", "laporan/_x.py": "from ..table import model\n"}
    files["baru.py"] = "from .laporan._x import f\n"
    graph = build_graph(_package(tmp_path, files))
    assert ("laporan._x", "table.model") in {(i.source, i.target) for i in graph.imports}
    assert violations(graph, known={("cli", "rules.capaian"): "gone"}) == [
        "KNOWN lists cli -> rules.capaian, which is no longer imported: drop it",
        "lkjip/baru.py is in no layer: give it one in tests/test_layers.py LAYERS",
    ]


def test_a_hook_must_be_provided_once_from_above_by_a_loaded_module(tmp_path: Path) -> None:
    files = {
        **_CLEAN,
        "_core/hooks.py": "def provide(**f): ...\ndef provided(name): ...\n",
        "table/model.py": "from .._core import hooks\ndef f():\n    hooks.provided('text')\n"
        "    hooks.provided('gone')\n    hooks.provided('low')\n",
        "table/display.py": "from .._core.hooks import provide\nprovide(text=str)\n",  # not loaded
        "table/explain.py": "from .._core import hooks\nhooks.provide(text=repr)\n",
        "errors.py": "from ._core import hooks\nhooks.provide(low=len)\n",
    }
    files["__init__.py"] += "from .table import explain\nfrom . import errors\n"
    graph = build_graph(_package(tmp_path, files))
    assert violations(graph, known={}) == [
        "hook text is provided twice: lkjip/table/display.py:2, lkjip/table/explain.py:2",
        "hook text is provided by lkjip.table.display, which lkjip/__init__.py does not import: "
        "it may be asked for unprovided",
        "lkjip/table/model.py:4 calls hook gone, which nothing provides",
        "lkjip/table/model.py:5 calls hook low of the lower lkjip.errors: import it instead",
    ]


def main() -> int:
    graph = build_graph()
    print(describe(graph))
    found = violations(graph)
    for reason in KNOWN.values():
        print(f"\nknown (left out of the check): {reason}")
    if found:
        print("\nlayer check FAILED:", *found, sep="\n", file=sys.stderr)
        return 1
    print(
        f"\nlayer check: {len(graph.modules)} modules, {len(graph.imports)} imports; "
        "no cycle, no upward import, optional packages only in the integrations"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
