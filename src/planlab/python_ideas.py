"""The Python ideas the course teaches, module by module, and the ideas an answer uses.

Python is learned in small steps: each module's *Python for planners* box teaches a
few ideas, each beside its spreadsheet equivalent, with a short example. The boxes
are written once, in ``book/python-ideas.yml``, and the book renders them from there
(see :mod:`planlab.book_ideas`). An exercise may only ask for ideas taught in its own
module's box or an earlier one; :func:`ideas_used` reads a piece of code and names
the ideas it needs, so a test can hold every solution to that rule.

An idea is named by short tokens, such as ``def`` (defining a function), ``slice``
(``values[12:]``), ``mask-logic`` (``&``, ``|`` and ``~`` on columns of True and
False), ``method:groupby`` or ``call:np.asarray``. Calls of the course's own helpers
and of names the exercise itself defines need no token: the question introduces them.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from planlab.errors import InputValueError

__all__ = ["Idea", "ModuleIdeas", "ideas_used", "read_ideas", "taught_by", "untaught"]

#: Libraries whose functions are named with their alias, as ``call:np.asarray``.
LIBRARY_ALIASES = ("np", "pd", "math", "plt")
_COMPARISONS = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE)
_ACCESSORS = {"loc": "loc", "iloc": "iloc", "dt": "dt", "str": "str", "index": "index"}


@dataclass(frozen=True)
class Idea:
    """One Python idea, as a box teaches it."""

    idea: str
    spreadsheet: str
    python: str
    uses: tuple[str, ...]


@dataclass(frozen=True)
class ModuleIdeas:
    """The ideas one module's box teaches, and the exercises that may use them."""

    module: str
    chapter: str
    title: str
    ideas: tuple[Idea, ...]
    exercises: tuple[str, ...] = field(default=())


def read_ideas(path: Path) -> list[ModuleIdeas]:
    """Read the course's Python ideas, in teaching order.

    Parameters
    ----------
    path
        ``book/python-ideas.yml``.

    Raises
    ------
    InputValueError
        When an entry lacks one of ``idea``, ``spreadsheet``, ``python`` and ``uses``.
    """
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    modules = []
    for entry in data["modules"]:
        ideas = []
        for item in entry["ideas"]:
            missing = [k for k in ("idea", "spreadsheet", "python", "uses") if not item.get(k)]
            if missing:
                raise InputValueError(
                    f"{path}: module {entry['module']}, idea {item.get('idea', '?')!r}",
                    item,
                    f"an idea with {', '.join(missing)} filled in",
                )
            ideas.append(
                Idea(item["idea"], item["spreadsheet"], item["python"].strip(), tuple(item["uses"]))
            )
        modules.append(
            ModuleIdeas(
                str(entry["module"]),
                entry["chapter"],
                entry["title"],
                tuple(ideas),
                tuple(entry.get("exercises", [])),
            )
        )
    return modules


def taught_by(modules: Iterable[ModuleIdeas], exercise: str) -> set[str]:
    """Return every token taught up to and including the module of ``exercise``.

    An exercise no module lists (such as a preview of a module still to come) may use
    everything the course has taught so far.
    """
    taught: set[str] = set()
    for module in modules:
        for idea in module.ideas:
            taught |= set(idea.uses)
        if exercise in module.exercises:
            break
    return taught


def ideas_used(source: str, given: Iterable[str] = ()) -> dict[str, int]:
    """Name the Python ideas a piece of code uses, with the line where each first appears.

    Parameters
    ----------
    source
        The code, for example a solution between its markers.
    given
        Names the exercise provides (its own functions, the course's helpers, data
        already loaded): calling them needs no idea of its own.

    Returns
    -------
    dict
        Each idea's token and the first line (from 1) that uses it.
    """
    tree = ast.parse(textwrap.dedent(source))
    aliases = _helper_aliases(tree) | set(given)
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        for token in _tokens(node, aliases):
            line = getattr(node, "lineno", 0)
            found[token] = min(found.get(token, line), line)
    return found


def _helper_aliases(tree: ast.AST) -> set[str]:
    """Names a piece of code imports from the course's own toolkit, or defines itself."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("planlab"):
            names |= {alias.asname or alias.name for alias in node.names}
        elif isinstance(node, ast.FunctionDef):
            names.add(node.name)
    return names


def _tokens(node: ast.AST, given: set[str]) -> list[str]:
    if isinstance(node, ast.FunctionDef | ast.Return):
        return ["def"]
    if isinstance(node, ast.Lambda):
        return ["lambda"]
    if isinstance(node, ast.For):
        return ["for"]
    if isinstance(node, ast.While):
        return ["while"]
    if isinstance(node, ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
        return ["comprehension"]
    if isinstance(node, ast.If | ast.IfExp):
        return ["if"]
    if isinstance(node, ast.Slice):
        return ["slice"]
    if isinstance(node, ast.JoinedStr):
        return ["f-string"]
    if isinstance(node, ast.BoolOp):
        return ["and-or-not"]
    if isinstance(node, ast.UnaryOp):
        return [_unary(node.op)]
    if isinstance(node, ast.BinOp):
        return [_binary(node.op)]
    if isinstance(node, ast.Compare):
        return [_compare(op) for op in node.ops]
    if isinstance(node, ast.Dict):
        return ["dict"]
    if isinstance(node, ast.List):
        return ["list"]
    if isinstance(node, ast.Tuple):
        return ["unpacking"] if isinstance(node.ctx, ast.Store) else ["list"]
    if isinstance(node, ast.Subscript):
        return [_subscript(node)]
    if isinstance(node, ast.Attribute) and node.attr in _ACCESSORS:
        return [_ACCESSORS[node.attr]]
    if isinstance(node, ast.Call):
        return _call(node, given)
    if isinstance(node, ast.Import | ast.ImportFrom):
        return ["import"]
    return []


def _unary(op: ast.unaryop) -> str:
    if isinstance(op, ast.Not):
        return "and-or-not"
    if isinstance(op, ast.Invert):
        return "mask-logic"
    return "arithmetic"


def _binary(op: ast.operator) -> str:
    if isinstance(op, ast.BitAnd | ast.BitOr | ast.BitXor):
        return "mask-logic"
    if isinstance(op, ast.Pow):
        return "power"
    return "arithmetic"


def _compare(op: ast.cmpop) -> str:
    if isinstance(op, _COMPARISONS):
        return "compare"
    return "in" if isinstance(op, ast.In | ast.NotIn) else "is"


def _subscript(node: ast.Subscript) -> str:
    key = node.slice
    if isinstance(key, ast.Constant) and isinstance(key.value, str):
        return "column"
    if isinstance(key, ast.List):
        return "columns"
    if isinstance(key, ast.Constant) and isinstance(key.value, int):
        return "position"
    if isinstance(key, ast.Slice):
        return "slice"
    return "filter"


def _call(node: ast.Call, given: set[str]) -> list[str]:
    tokens = ["keyword"] if node.keywords else []
    function = node.func
    if isinstance(function, ast.Name):
        if function.id not in given:
            tokens.append(f"call:{function.id}")
    elif isinstance(function, ast.Attribute):
        owner = function.value
        if isinstance(owner, ast.Name) and owner.id in LIBRARY_ALIASES:
            tokens.append(f"call:{owner.id}.{function.attr}")
        elif not (isinstance(owner, ast.Name) and owner.id in given):
            tokens.append(f"method:{function.attr}")
    return tokens


def untaught(
    used: Mapping[str, int], taught: set[str], always: Iterable[str] = ()
) -> dict[str, Any]:
    """Return the ideas in ``used`` that are not in ``taught`` (nor in ``always``)."""
    allowed = taught | set(always)
    return {token: line for token, line in used.items() if token not in allowed}
