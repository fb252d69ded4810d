"""Everything the toolkit and the notebooks import is installed by the project's own files.

``make book`` installs ``requirements/book.in`` and then the toolkit with ``--no-deps``. A
package that the test tools happen to bring in (or one a developer installed by hand) can
hide a missing line: the course's own virtualenv has it, a newcomer's does not, and their
first ``make book`` fails. That happened once with SimPy. Building a second environment in
the test would need the network, so this test reads the imports instead:

- every third-party package imported by ``src/planlab``, ``notebooks/`` or ``solutions/``
  must be installed by ``requirements/book.in`` (listed there, or a dependency of something
  listed there);
- every third-party package imported by ``src/planlab`` must be a dependency of the wheel in
  ``pyproject.toml``, so that a plain ``pip install planlab`` works.
"""

from __future__ import annotations

import ast
import json
import re
import sys
import tomllib
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import metadata
from pathlib import Path

import pytest

from tests.conftest import REPO

#: Imports that are optional inside the toolkit: guarded by ``try``/``except ImportError``
#: or used only by the browser tests. None at present; add a name with the reason.
OPTIONAL: dict[str, str] = {}

#: Toolkit modules that only the book's build uses (Sphinx extensions, and the reader of
#: book/python-ideas.yml behind them). The book installs Sphinx and PyYAML; the wheel
#: does not need them.
BOOK_ONLY = ("book_*.py", "python_ideas.py")


def canonical(name: str) -> str:
    """Return a distribution name in the normalised form of PEP 503."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(line: str) -> str | None:
    """Return the distribution named by one requirements line, or None for a comment."""
    line = line.split("#", 1)[0].strip()
    if not line or line.startswith("-"):
        return None
    return canonical(re.split(r"[\s\[<>=!~;]", line, maxsplit=1)[0])


def listed_in(path: Path) -> set[str]:
    """Return the distributions a requirements file names directly."""
    names = (requirement_name(line) for line in path.read_text().splitlines())
    return {name for name in names if name}


@cache
def requires(distribution: str) -> frozenset[str]:
    """Return the distributions one installed distribution needs (no extras)."""
    found: set[str] = set()
    for spec in metadata.requires(distribution) or []:
        if "extra ==" in spec:
            continue
        name = requirement_name(spec)
        if name:
            found.add(name)
    return frozenset(found)


def closure(roots: Iterable[str]) -> set[str]:
    """Return the roots and everything they need, as pip would install it."""
    seen: set[str] = set()
    waiting = list(roots)
    while waiting:
        name = waiting.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            waiting.extend(requires(name))
        except metadata.PackageNotFoundError:
            continue  # not installed here: a platform-specific dependency
    return seen


def code_of_notebook(path: Path) -> str:
    """Return a notebook's code cells, without IPython's magics and shell lines."""
    cells = json.loads(path.read_text())["cells"]
    lines = [
        line
        for cell in cells
        if cell["cell_type"] == "code"
        for line in "".join(cell["source"]).splitlines()
        if not line.lstrip().startswith(("%", "!"))
    ]
    return "\n".join(lines)


def top_level_imports(source: str) -> Iterator[str]:
    """Yield the top-level name of every absolute import in some Python source."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


def third_party(sources: Iterable[tuple[Path, str]]) -> dict[str, set[str]]:
    """Return each third-party distribution imported, with the files that import it."""
    providers = metadata.packages_distributions()
    used: dict[str, set[str]] = {}
    for path, source in sources:
        for module in top_level_imports(source):
            if module in sys.stdlib_module_names or module in {"planlab", "tests"}:
                continue
            where = str(path.relative_to(REPO))
            for distribution in providers.get(module, [module]):
                used.setdefault(canonical(distribution), set()).add(where)
    return used


def toolkit_sources(*, for_the_wheel: bool = False) -> list[tuple[Path, str]]:
    paths = sorted((REPO / "src" / "planlab").rglob("*.py"))
    if for_the_wheel:
        paths = [path for path in paths if not any(path.match(skip) for skip in BOOK_ONLY)]
    return [(path, path.read_text()) for path in paths]


def notebook_sources() -> list[tuple[Path, str]]:
    paths = sorted([*(REPO / "notebooks").glob("*.ipynb"), *(REPO / "solutions").glob("*.ipynb")])
    return [(path, code_of_notebook(path)) for path in paths]


def wheel_dependencies() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    return {name for spec in project["dependencies"] if (name := requirement_name(spec))}


def missing(used: dict[str, set[str]], installed: set[str]) -> list[str]:
    return [
        f"{name} (imported by {', '.join(sorted(files)[:3])})"
        for name, files in sorted(used.items())
        if name not in installed and name not in OPTIONAL
    ]


def test_the_finder_sees_imports_of_every_form() -> None:
    """The import reader is not blind: plain, dotted, from-imports; relative ones skipped."""
    source = "import numpy as np\nimport scipy.stats\nfrom pandas import DataFrame\n"
    source += "from . import x\n"
    assert sorted(top_level_imports(source)) == ["numpy", "pandas", "scipy"]


def test_the_closure_follows_dependencies() -> None:
    """Something ``book.in`` pulls in indirectly counts as installed (pandas brings numpy)."""
    assert "numpy" in closure(["pandas"])
    assert "pandas" not in closure(["numpy"])


@pytest.mark.parametrize(
    "what",
    ["the toolkit", "the notebooks and solutions"],
)
def test_make_book_installs_everything_imported(what: str) -> None:
    sources = toolkit_sources() if what == "the toolkit" else notebook_sources()
    used = third_party(sources)
    assert used, f"no imports found in {what}: the reader is broken"
    installed = closure(listed_in(REPO / "requirements" / "book.in"))
    gaps = missing(used, installed)
    assert not gaps, (
        f"{what} import packages that make book does not install: {'; '.join(gaps)}. "
        "Add each to requirements/book.in (with a comment saying why) and pin it in "
        "requirements/constraints.txt."
    )


def test_the_wheel_depends_on_everything_the_toolkit_imports() -> None:
    used = third_party(toolkit_sources(for_the_wheel=True))
    installed = closure(wheel_dependencies())
    gaps = missing(used, installed)
    assert not gaps, (
        f"the toolkit imports packages its wheel does not depend on: {'; '.join(gaps)}. "
        "Add each to [project] dependencies in pyproject.toml."
    )
