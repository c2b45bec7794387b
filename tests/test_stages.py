"""The pipeline shows every stage: load → validate → link → checks → plan → render → exports, each one call.

And no module of dossier/ names a kind's folder, or decides by a kind's name, but kinds.py.
"""

import ast
from pathlib import Path

from conftest import ROOT, SMALL_DOSSIER

from dossier import kinds
from dossier.assets import copy_assets
from dossier.exports import DATA_FILES, export_data
from dossier.pipeline import build_pages, check_dossier
from dossier.plan import plan_pages
from dossier.render import render_pages
from dossier.view import DossierView

PACKAGE = ROOT / "dossier"
CODE = [*sorted(PACKAGE.glob("*.py")), ROOT / "site_builder.py"]


def _calls(function: ast.FunctionDef) -> list[str]:
    calls = [node for node in ast.walk(function) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)]
    return [call.func.id for call in sorted(calls, key=lambda call: (call.lineno, call.col_offset))]


def test_the_pipeline_calls_each_stage_in_order():
    tree = ast.parse((PACKAGE / "pipeline.py").read_text(encoding="utf-8"))
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    checks = ["load_content", "check_pages", "validate_content", "link_mentions", "review_warnings"]
    assert [c for c in _calls(functions["check_dossier"]) if c in checks] == checks
    stages = ["check_dossier", "DossierView", "plan_pages", "render_pages", "export_data", "copy_assets"]
    assert [c for c in _calls(functions["build_pages"]) if c in stages] == stages


def test_each_stage_gives_its_own_files():
    checked = check_dossier(SMALL_DOSSIER)
    view = DossierView(checked.dossier, checked.links)
    plan = plan_pages(view)
    assert ("actors/ruritania.md", "actor.md.j2") in [(page.path, page.template) for page in plan]
    pages = render_pages(plan, view, ROOT / "templates")
    assert list(pages) == [page.path for page in plan]  # render writes what the plan says, nothing else
    assert set(export_data(checked.dossier, view.changes)) == set(DATA_FILES)
    assets = copy_assets(ROOT / "templates")
    assert sorted(assets) == sorted(f"assets/{p.name}" for p in (ROOT / "templates" / "assets").iterdir())
    built = build_pages(SMALL_DOSSIER, ROOT / "templates")
    assert set(built.pages) == {*pages, *DATA_FILES, *assets}


def _imports(path: Path) -> set[str]:
    """The modules of dossier/ a module imports when it runs (a type checker's own imports aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    checking = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
        for inner in ast.walk(node)
    }
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and id(node) not in checking:
            found |= {node.module.split(".")[0]} if node.module else {alias.name for alias in node.names}
    return found


def test_no_module_of_the_package_imports_itself_round_a_cycle():
    graph = {path.stem: _imports(path) for path in PACKAGE.glob("*.py")}
    done: set[str] = set()

    def cycle_from(module: str, path: list[str]) -> list[str] | None:
        if module in path:
            return path[path.index(module) :] + [module]
        if module in done:
            return None
        for imported in sorted(graph.get(module, ())):
            if found := cycle_from(imported, [*path, module]):
                return found
        done.add(module)
        return None

    assert [found for module in sorted(graph) if (found := cycle_from(module, []))] == []


def _strings(path: Path) -> list[ast.Constant]:
    """The string literals of a module, docstrings left out (they may name a folder as an example)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body
        if isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_only_kinds_py_names_a_kinds_folder():
    folders = {kind.folder for kind in kinds.KINDS.values()}
    named = [
        f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}"
        for path in CODE
        if path.name != "kinds.py"
        for node in _strings(path)
        if node.value in folders or node.value.split("/")[0] in folders and "/" in node.value
    ]
    assert named == []


def test_only_kinds_py_decides_by_a_kinds_name():
    """A kind's name may be passed (`url_of("article", …)`, `Ref("actor")`), never compared or looked up in a table."""
    names = set(kinds.KINDS)
    deciding: list[str] = []
    for path in CODE:
        if path.name == "kinds.py":
            continue
        found: list[ast.Constant] = []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare):
                operands = [node.left, *node.comparators]
                for operand in operands:
                    items = operand.elts if isinstance(operand, (ast.Set, ast.Tuple, ast.List)) else [operand]
                    found += [item for item in items if isinstance(item, ast.Constant) and item.value in names]
            elif isinstance(node, ast.Dict):
                found += [key for key in node.keys if isinstance(key, ast.Constant) and key.value in names]
            elif isinstance(node, ast.Set):
                found += [item for item in node.elts if isinstance(item, ast.Constant) and item.value in names]
        deciding += [f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}" for node in found]
    assert deciding == []
