"""Imports run one way (CONTRIBUTING.md): a module imports only from its own
layer or the layers below it, and no two modules import each other, even
inside a function. Read from the source with ``ast``, so nothing is imported."""
from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1] / "kg"

# Lowest first. A module's layer is that of its first name under kg.
LAYERS = [
    {"models", "errors", "ids", "divisions", "abbreviations"},
    {"ingest", "normalise", "readers", "segment", "extract", "graph", "dedup", "cache", "engines",
     "store", "evaluate", "train", "hierarchy"},
    {"knowledge"},  # KnowledgeGraph: the built tables, read by queries, exports and the API
    {"query"},
    {"export"},
    {"pipeline"},
    {"api"},
    {"cli"},
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def module_name(path: Path) -> str:
    parts = ("kg", *path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in ROOT.rglob("*.py")}


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The kg modules ``name`` imports anywhere in its file (lazy ones too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from kg.extract import mentions` imports the submodule
            found |= {f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names}
    return {m for m in found if m in known and m != name}


def graph() -> nx.DiGraph:
    mods = modules()
    g = nx.DiGraph()
    g.add_nodes_from(mods)
    for name, path in mods.items():
        g.add_edges_from((name, m) for m in imports(name, path, set(mods)))
    return g


def rank(module: str) -> int:
    top = module.split(".")[1]
    assert top in RANK or top == "data", f"{module} has no layer: add it to LAYERS in {__file__}"
    return RANK.get(top, 0)


def test_every_module_has_a_layer():
    for name in modules():
        if name != "kg":
            rank(name)


def test_no_module_imports_upward():
    g = graph()
    upward = sorted(
        f"{a} imports {b}" for a, b in g.edges if a != "kg" and b != "kg" and rank(b) > rank(a)
    )
    assert not upward, "imports that run upward:\n" + "\n".join(upward)


def test_no_import_cycles():
    cycles = list(nx.simple_cycles(graph()))
    assert not cycles, "modules that import each other:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_the_check_sees_lazy_and_relative_imports(tmp_path):
    """The reader itself: a function-level import and a relative one count."""
    pkg = tmp_path / "kg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "sub" / "__init__.py").write_text("def f():\n    from ..top import x\n", encoding="utf-8")
    (pkg / "top.py").write_text("from kg.sub import f\n", encoding="utf-8")
    found = imports("kg.sub", pkg / "sub" / "__init__.py", {"kg.sub", "kg.top"})
    assert found == {"kg.top"}
