"""The toolkit's declared API: every public module says what it offers, and it is documented.

The rules (issue 13), checked over every module under ``planlab`` found by walking the
package, so a module added later is checked without editing this file:

- A module is *private* when a part of its dotted name starts with ``_`` (such as
  ``planlab.workforce._stockflow``); every other module is *public* and declares
  ``__all__``.
- Every name in a public module's ``__all__`` exists. Functions, classes and click commands
  carry a docstring (help text) of their own. Other objects (constants, type aliases) need no
  docstring, since Python cannot attach one to them; instead the assignment that defines them
  in some planlab module carries a ``#:`` comment on the line above it or a string on the
  line after it, the two forms Sphinx autodoc reads.
- The course's notebooks (``notebooks/``, ``solutions/``) import from ``planlab`` only names
  a module lists in ``__all__`` (or its public submodules), never a name or a module that
  starts with ``_``, and never reach one through an attribute (``planlab.x._y``).
- No planlab module imports another module's private name (``from planlab.x import _y``),
  and a private module is imported only by modules of its own package.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path
from types import ModuleType

import click
import pytest

import planlab

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src"
NOTEBOOKS = sorted([*(ROOT / "notebooks").glob("*.ipynb"), *(ROOT / "solutions").glob("*.ipynb")])


def _module_names() -> list[str]:
    names = ["planlab"]
    for info in pkgutil.walk_packages(planlab.__path__, "planlab."):
        names.append(info.name)
    return sorted(names)


MODULES = _module_names()


def _is_private(module: str) -> bool:
    return any(part.startswith("_") for part in module.split("."))


PUBLIC = [name for name in MODULES if not _is_private(name)]


def _source(module: str) -> Path:
    relative = Path(*module.split("."))
    package = SOURCE / relative / "__init__.py"
    return package if package.exists() else SOURCE / relative.with_suffix(".py")


def _documented_constants(module: str) -> set[str]:
    """Names assigned at the top of ``module`` under a ``#:`` comment or before a string."""
    lines = _source(module).read_text(encoding="utf-8").splitlines()
    tree = ast.parse("\n".join(lines))
    found: set[str] = set()
    for node, after in zip(tree.body, [*tree.body[1:], None], strict=True):
        if isinstance(node, ast.Assign):
            targets = [target for target in node.targets if isinstance(target, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            targets = [node.target]
        else:
            continue
        commented = node.lineno >= 2 and lines[node.lineno - 2].lstrip().startswith("#:")
        docstring = (
            isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        )
        if commented or docstring:
            found.update(target.id for target in targets)
    return found


def _own_docstring(obj: object) -> str:
    if isinstance(obj, click.Command):
        return obj.help or ""
    doc = obj.__dict__.get("__doc__") if inspect.isclass(obj) else obj.__doc__
    if not isinstance(doc, str):
        return ""
    if inspect.isclass(obj) and doc.startswith(f"{obj.__name__}("):
        return ""  # the signature a dataclass writes when it has no docstring
    return doc.strip()


@pytest.mark.parametrize("module", PUBLIC)
def test_public_module_declares_all(module: str) -> None:
    imported = importlib.import_module(module)
    assert isinstance(getattr(imported, "__all__", None), list | tuple), (
        f"{module} has no __all__: list its public names, or rename it with a leading _"
    )


@pytest.mark.parametrize("module", PUBLIC)
def test_every_exported_name_exists_and_is_documented(module: str) -> None:
    imported = importlib.import_module(module)
    exported = list(getattr(imported, "__all__", []))
    missing = [name for name in exported if not hasattr(imported, name)]
    assert not missing, f"{module}.__all__ names what the module does not have: {missing}"
    assert len(set(exported)) == len(exported), f"{module}.__all__ lists a name twice"
    undocumented = []
    for name in exported:
        obj = getattr(imported, name)
        if inspect.isroutine(obj) or inspect.isclass(obj) or isinstance(obj, click.Command):
            if not _own_docstring(obj):
                undocumented.append(name)
        elif isinstance(obj, ModuleType):
            continue
        elif not _constant_documented(name, obj):
            undocumented.append(f"{name} (constant: add a #: comment above it)")
    assert not undocumented, f"{module}: no docstring for {undocumented}"


def _constant_documented(name: str, obj: object) -> bool:
    for module in MODULES:
        imported = importlib.import_module(module)
        if getattr(imported, name, _MISSING) is obj and name in _documented_constants(module):
            return True
    return False


_MISSING = object()


def _code_cells(path: Path) -> list[tuple[int, ast.Module]]:
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    cells = []
    for place, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        # IPython magics and shell escapes are not Python; blank them out, keeping line numbers.
        text = "\n".join(
            "" if line.lstrip().startswith(("%", "!")) else line
            for line in cell.source.splitlines()
        )
        cells.append((place, ast.parse(text)))
    return cells


def _public_in(module: str, name: str) -> bool:
    if name.startswith("_"):
        return False
    imported = importlib.import_module(module)
    if name in getattr(imported, "__all__", ()):
        return True
    attribute = getattr(imported, name, None)
    return (
        isinstance(attribute, ModuleType)
        and attribute.__name__ == f"{module}.{name}"
        and not _is_private(attribute.__name__)
    )


def _notebook_problems(path: Path) -> list[str]:
    problems = []
    for place, tree in _code_cells(path):
        where = f"{path.name} cell {place}"
        aliases: dict[str, str] = {}  # local name -> planlab module it stands for
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] != "planlab":
                        continue
                    if _is_private(alias.name):
                        problems.append(f"{where}: import {alias.name}")
                    if alias.asname:
                        aliases[alias.asname] = alias.name
                    else:
                        aliases["planlab"] = "planlab"
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == (
                "planlab"
            ):
                module = node.module or ""
                if _is_private(module):
                    problems.append(f"{where}: from {module} import ...")
                    continue
                for alias in node.names:
                    if not _public_in(module, alias.name):
                        problems.append(f"{where}: from {module} import {alias.name}")
                    elif isinstance(
                        getattr(importlib.import_module(module), alias.name), ModuleType
                    ):
                        aliases[alias.asname or alias.name] = f"{module}.{alias.name}"
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and _chain_root(node) in aliases
            ):
                problems.append(f"{where}: {ast.unparse(node)}")
    return problems


def _chain_root(node: ast.Attribute) -> str | None:
    value: ast.expr = node.value
    while isinstance(value, ast.Attribute):
        value = value.value
    return value.id if isinstance(value, ast.Name) else None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_notebooks_import_only_public_names(path: Path) -> None:
    problems = _notebook_problems(path)
    assert not problems, "notebook uses private or undeclared planlab names:\n" + "\n".join(
        problems
    )


def test_the_notebook_check_catches_private_names(tmp_path: Path) -> None:
    """The check above fails on each kind of private use it is meant to catch."""
    import nbformat

    sources = [
        "from planlab.projection import _check_per",
        "import planlab.workforce._stockflow",
        "from planlab.workforce._stockflow import run_batch",
        "import planlab.projection\nplanlab.projection._check_per(1)",
        "from planlab import projection as p\np._check_per(1)",
        "from planlab.projection import re",  # a module the projection module happens to import
    ]
    for source in sources:
        path = tmp_path / "probe.ipynb"
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
        nbformat.write(notebook, path)
        assert _notebook_problems(path), source
    clean = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("%matplotlib inline\nfrom planlab import datasets")]
    )
    nbformat.write(clean, tmp_path / "clean.ipynb")
    assert _notebook_problems(tmp_path / "clean.ipynb") == []


def _resolve(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _private_imports(module: str) -> list[str]:
    path = _source(module)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            target = _resolve(module, node, path.name == "__init__.py")
            if target.split(".")[0] != "planlab":
                continue
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            names = []
            targets = [alias.name for alias in node.names if alias.name.startswith("planlab")]
            if not targets:
                continue
            target = targets[0]
        else:
            continue
        if _is_private(target):
            owner = _owner(target)
            if not (package == owner or package.startswith(f"{owner}.")):
                problems.append(f"imports the private module {target} from outside {owner}")
        problems += [
            f"from {target} import {name}"
            for name in names
            if name.startswith("_") and not re.fullmatch(r"__\w+__", name)
        ]
    return problems


def _owner(private_module: str) -> str:
    """The package a private module belongs to: the part before its first private part."""
    parts = private_module.split(".")
    first = next(place for place, part in enumerate(parts) if part.startswith("_"))
    return ".".join(parts[:first])


@pytest.mark.parametrize("module", MODULES)
def test_no_module_imports_another_modules_private_names(module: str) -> None:
    problems = _private_imports(module)
    assert not problems, f"{module}: " + "; ".join(problems)
