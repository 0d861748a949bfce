"""The package's shape shows the pipeline: imports only run down the stages, no cycles,
and no long function without a stated reason."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "geo"

#: Each module's stage; a module may import only from its own stage or lower ones. The
#: extractor's own stages are steps of stage 4, in the order its package docstring gives.
STAGES: dict[str, float] = {
    "geo.errors": 0,
    "geo.settings": 0,
    "geo.progress": 0,
    "geo.geometry": 1,
    "geo.sources": 2,
    "geo.validate": 3,
    "geo.extract.spans": 4.0,
    "geo.extract.text": 4.1,
    "geo.extract.lexicon": 4.2,
    "geo.extract.figures": 4.3,
    "geo.extract.rules": 4.4,
    "geo.extract.relations": 4.5,
    "geo.extract.evaluate": 4.7,
    "geo.extract.article": 4.6,
    "geo.extract": 4.8,
    "geo.tables": 4,
    "geo.join": 5,
    "geo.layers": 6,
    "geo.model": 7,
    "geo.audit": 8,
    "geo.pipeline": 8,
    "geo.assets": 9,
    "geo.extract.review": 9.5,  # a page: its template and script come from geo.assets
    "geo.payload": 9,
    "geo.page": 10,
    "geo.render": 11,
    "geo.figure": 11,
    "geo.export": 12,
    "geo.api": 13,
    "geo.cli": 14,
    "geo": 15,
    "geo.__main__": 15,
}
#: Functions longer than this many lines need a comment saying why (see below).
MAX_LINES = 60


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _stage(module: str) -> float:
    while module not in STAGES:
        module = module.rsplit(".", 1)[0]
    return STAGES[module]


def _imports(path: Path) -> set[str]:
    """Every geo module ``path`` imports, at the top or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if _ours(a.name)}
        elif isinstance(node, ast.ImportFrom) and _ours(node.module or ""):
            mod = node.module or ""
            for alias in node.names:  # "from geo import render" imports geo.render
                sub = f"{mod}.{alias.name}"
                found.add(sub if (PACKAGE.parent / sub.replace(".", "/")).exists()
                          or (PACKAGE.parent / (sub.replace(".", "/") + ".py")).exists()
                          else mod)  # fmt: skip
    return found


def _ours(module: str) -> bool:
    return module == "geo" or module.startswith("geo.")


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module(p))
def test_imports_only_run_down_the_pipeline(path):
    here = _module(path)
    upward = sorted(m for m in _imports(path) if _stage(m) > _stage(here))
    assert not upward, f"{here} (stage {_stage(here)}) imports a later stage: {upward}"


def test_every_module_has_a_stage():
    assert all(_module(p) in STAGES or _module(p).startswith("geo.layers") for p in MODULES)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module(p))
def test_no_long_function_without_a_reason(path):
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    long = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            said = "long because" in lines[node.lineno - 2] + lines[node.lineno - 1]
            if length > MAX_LINES and not said:
                long.append(f"{node.name} ({length} lines)")
    assert not long, f"{_module(path)}: over {MAX_LINES} lines with no '# long because': {long}"


def test_help_and_check_do_not_import_the_backends():
    code = (
        "import sys; from geo.cli import main\n"
        "try: main(['--help'])\nexcept SystemExit: pass\n"
        "heavy = [m for m in ('folium', 'matplotlib', 'geopandas', 'pandera') "
        "if m in sys.modules]\n"
        "main(['check']); print(heavy, 'folium' in sys.modules, 'matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    last = out.stdout.strip().splitlines()[-1]
    assert last == "[] False False", out.stdout
