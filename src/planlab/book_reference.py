"""A Sphinx extension for the book's toolkit reference: one page per module a planner uses.

Each module of the toolkit that a notebook may import has a page,
``book/reference/<module>.md``, whose text is :func:`page_source`: a title and the
``toolkit-module`` directive (:class:`ToolkitModule`), which has Sphinx's autodoc
document every name in the module's ``__all__`` from its docstring or ``#:`` comment.
Which modules have a page is decided in one place, :func:`reference_modules`, from the
package itself: every module or package except :data:`NOT_IN_REFERENCE` and the book's
own extensions. So a new method module needs only its page and a line in
``_toc.yml``, and ``tests/test_reference.py`` says so when either is missing.

The reference's index page lists the modules with one line each, with::

    ```{toolkit-reference}
    ```

and each chapter's *Python for planners* box links to the pages of the modules its
notebook and exercise import (:func:`chapter_modules`, used by :mod:`planlab.book_ideas`).
Enable it with ``sphinx: extra_extensions`` in ``_config.yml``.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import pkgutil
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.errors import PycodeError
from sphinx.pycode import ModuleAnalyzer
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

import planlab

__all__ = [
    "NOT_IN_REFERENCE",
    "REFERENCE_DIR",
    "ToolkitModule",
    "ToolkitReference",
    "chapter_modules",
    "chapter_notebooks",
    "comment_where_defined",
    "constant_docstring",
    "data_documented_elsewhere",
    "module_links",
    "notebook_modules",
    "page_source",
    "planlab_imports",
    "reference_modules",
    "setup",
    "submodule_reference",
    "summary",
]

#: Where the reference pages live, relative to the book's source folder.
REFERENCE_DIR = Path("book") / "reference"
#: Modules of the package that are not a planner's toolkit: the command line, the grader,
#: the data layer (a planner reaches it through :mod:`planlab.datasets`), the code behind
#: the Python-ideas boxes, the input checks the methods share (a planner meets their
#: messages, not their functions) and the data and charts behind the book's what-if
#: explorers. The book's extensions (``book_*``) are left out too.
NOT_IN_REFERENCE = frozenset({"checks", "cli", "data", "explorers", "grading", "python_ideas"})


def reference_modules() -> list[str]:
    """Return the modules that have a reference page, by name without ``planlab.``, A to Z.

    Every module or package of ``planlab`` is one, except private ones, the book's
    extensions (``book_*``) and :data:`NOT_IN_REFERENCE`. A package (such as
    ``planlab.workforce``) has one page for the names it exports.
    """
    return sorted(
        info.name
        for info in pkgutil.iter_modules(planlab.__path__)
        if not info.name.startswith(("_", "book_")) and info.name not in NOT_IN_REFERENCE
    )


def page_source(module: str) -> str:
    """Return the text of the reference page of ``module`` (a name without ``planlab.``)."""
    return f"# planlab.{module}\n\n```{{eval-rst}}\n.. toolkit-module:: {module}\n```\n"


def _attribute_comments(module: str) -> dict[str, list[str]]:
    """Return the ``#:`` comments (or strings after) of a module's constants, by name."""
    try:
        docs = ModuleAnalyzer.for_module(module).find_attr_docs()
    except PycodeError:
        return {}
    return {name: list(lines) for (scope, name), lines in docs.items() if scope == ""}


def data_documented_elsewhere(module: str) -> list[str]:
    """Return the constants in ``__all__`` that autodoc's ``automodule`` would leave out.

    ``automodule`` documents a constant only when its own module gives it a ``#:``
    comment. A package that exports a constant from one of its modules (``SIX_STEPS`` in
    ``planlab.workforce``) does not, so these need an ``autodata`` of their own.
    """
    imported = importlib.import_module(module)
    commented = _attribute_comments(module)
    return [
        name
        for name in getattr(imported, "__all__", [])
        if name not in commented
        and not callable(value := getattr(imported, name))
        and not inspect.ismodule(value)
    ]


def comment_where_defined(name: str, value: object) -> list[str] | None:
    """Return the ``#:`` comment of the constant ``value``, from the module that defines it.

    ``name`` is its full dotted name as documented; the modules of ``planlab`` that hold
    the same object under the same name are searched, the documented one first.
    """
    module, _, attribute = name.rpartition(".")
    holding = sorted(
        loaded
        for loaded, held in list(sys.modules.items())
        if loaded.startswith("planlab.") and getattr(held, attribute, None) is value
    )
    holders = [module, *holding]
    for holder in holders:
        comment = _attribute_comments(holder).get(attribute)
        if comment:
            return comment
    return None


def summary(module: str) -> str:
    """Return the first line of the module's docstring: what it is for, in one sentence."""
    doc = importlib.import_module(f"planlab.{module}").__doc__ or ""
    return doc.strip().splitlines()[0].strip() if doc.strip() else ""


def _imported_from(node: ast.AST) -> list[str]:
    """Return the ``planlab`` modules or names an import statement brings in, dotted."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name.startswith("planlab.")]
    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        if node.module == "planlab":
            return [f"planlab.{alias.name}" for alias in node.names]
        if node.module.startswith("planlab."):
            return [node.module]
    return []


def planlab_imports(source: str) -> set[str]:
    """Return the modules of ``planlab`` that a piece of code imports from, without ``planlab.``.

    ``from planlab.demand import add_beds``, ``from planlab import demand`` and
    ``import planlab.demand`` all give ``demand``; a name the package re-exports, as in
    ``from planlab import beds_table``, gives the module that defines it (``capacity``).
    Only the first part after ``planlab.`` is kept (``planlab.grading.explain`` gives
    ``grading``). Lines of IPython magic (``%``, ``!``) are ignored.
    """
    code = "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
    )
    found: set[str] = set()
    for node in ast.walk(ast.parse(code)):
        for dotted in _imported_from(node):
            name = dotted.split(".")[1]
            exported = getattr(planlab, name, None)
            defined_in = getattr(exported, "__module__", None)
            if exported is not None and not isinstance(exported, type(planlab)) and defined_in:
                name = defined_in.split(".")[1] if defined_in.startswith("planlab.") else name
            found.add(name)
    return found


def notebook_modules(path: Path) -> set[str]:
    """Return the ``planlab`` modules the code cells of a notebook import from.

    A cell that is not valid Python (a learner's unfinished answer) is skipped.
    """
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    found: set[str] = set()
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        try:
            found |= planlab_imports(source)
        except SyntaxError:
            continue
    return found


def chapter_notebooks(srcdir: Path, chapter: str, exercises: Iterable[str]) -> list[Path]:
    """Return the chapter's worked notebook and exercises that exist, in that order."""
    paths = [srcdir / "notebooks" / f"{chapter}.ipynb"]
    paths += [srcdir / "exercises" / f"{exercise}.ipynb" for exercise in exercises]
    return [path for path in paths if path.is_file()]


def chapter_modules(srcdir: Path, chapter: str, exercises: Iterable[str] = ()) -> list[str]:
    """Return the reference modules the chapter's notebook and exercises import, A to Z.

    Imports of modules without a reference page (the grader's self-check, for example)
    are left out.
    """
    imported: set[str] = set()
    for path in chapter_notebooks(Path(srcdir), chapter, exercises):
        imported |= notebook_modules(path)
    return sorted(imported & set(reference_modules()))


def _module_link(module: str) -> addnodes.pending_xref:
    target = f"planlab.{module}"
    link = addnodes.pending_xref(
        "", refdomain="py", reftype="mod", reftarget=target, refexplicit=True, refwarn=True
    )
    link += nodes.literal(target, target, classes=["xref", "py", "py-mod"])
    return link


def module_links(modules: Iterable[str], label: str = "Toolkit reference: ") -> nodes.paragraph:
    """Return a paragraph linking to the reference pages of ``modules``.

    The links are cross-references to the modules, so a build with ``-n`` fails when one
    has no page.
    """
    paragraph = nodes.paragraph(classes=["toolkit-reference-links"])
    paragraph += nodes.strong(label.strip(), label.strip())
    paragraph += nodes.Text(" ")
    for index, module in enumerate(modules):
        if index:
            paragraph += nodes.Text(", ")
        paragraph += _module_link(module)
    return paragraph


class ToolkitModule(SphinxDirective):
    """``.. toolkit-module:: <module>`` (in ``eval-rst``): the module's reference.

    The module's docstring, then every name in its ``__all__``: ``automodule`` with
    ``members`` and ``undoc-members``, and an ``autodata`` for each constant it exports
    from another module (:func:`data_documented_elsewhere`).
    """

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        """Write the autodoc directives and parse them as reStructuredText."""
        module = f"planlab.{self.arguments[0]}"
        source = [f".. automodule:: {module}", "   :members:", "   :undoc-members:", ""]
        for name in data_documented_elsewhere(module):
            source += [f".. autodata:: {module}.{name}", ""]
        holder = nodes.Element()
        where = self.get_source_info()[0]
        nested_parse_with_titles(self.state, StringList(source, where), holder)
        return holder.children


class ToolkitReference(SphinxDirective):
    """``{toolkit-reference}``: every reference module, linked, with its one-line summary."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """Render the list of modules."""
        listing = nodes.bullet_list(classes=["toolkit-reference"])
        for module in reference_modules():
            item = nodes.list_item()
            paragraph = nodes.paragraph()
            paragraph += _module_link(module)
            paragraph += nodes.Text(f": {summary(module)}")
            item += paragraph
            listing += item
        return [listing]


def constant_docstring(
    app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    """Give a constant its ``#:`` comment, and stop napoleon reading it as a type.

    A constant a package exports from another module gets the comment written where it
    is defined (:func:`comment_where_defined`), rather than the docstring of its type
    (``tuple``, say), which autodoc would show.

    Napoleon takes the text before the first colon of a data or attribute docstring as its
    type; the toolkit's are prose (``#: Months in a year: the seasonal period``), and its
    types come from the annotations. An empty comment (``..``) put first has no colon, so
    napoleon finds no type, and the comment itself shows nothing. Runs before napoleon
    (priority 400; napoleon's is 500).
    """
    if what == "data":
        comment = comment_where_defined(name, obj)
        if comment is not None:
            lines[:] = comment
        elif type(obj).__module__ == "builtins" and not isinstance(obj, type):
            lines.clear()
    if what in ("data", "attribute", "property") and lines and lines[0].strip():
        lines[:0] = ["..", ""]


def submodule_reference(
    app: Sphinx, env: Any, node: addnodes.pending_xref, contnode: nodes.Element
) -> nodes.reference | None:
    """Send a link to a submodule of a documented package to the package's page.

    A package such as ``planlab.workforce`` has one page for everything it exports, so
    ``:mod:`planlab.workforce.supply``` goes to ``planlab.workforce``.
    """
    if node.get("refdomain") != "py" or node.get("reftype") != "mod":
        return None
    domain = env.get_domain("py")
    target = node["reftarget"]
    while "." in target:
        target = target.rpartition(".")[0]
        if target in domain.modules:
            return domain.resolve_xref(
                env, node["refdoc"], app.builder, "mod", target, node, contnode
            )
    return None


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the two directives and the two event handlers with Sphinx.

    Returns
    -------
    dict
        Extension metadata: safe for parallel reading and writing.
    """
    app.add_directive("toolkit-module", ToolkitModule)
    app.add_directive("toolkit-reference", ToolkitReference)
    app.connect("autodoc-process-docstring", constant_docstring, priority=400)
    app.connect("missing-reference", submodule_reference)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
