"""A Sphinx extension that numbers the course's modules in page titles and marks modules to come.

``_config.yml`` lists the modules that exist, by chapter name, in ``sphinx: config:
planlab_modules``::

    planlab_modules:
      how-to-use: "0.1"
      where-are-we-now: "2"

A module's three pages (the chapter ``book/<name>``, the worked notebook
``notebooks/<name>`` and the exercise ``exercises/<name>-exercise``) then get the
number in their title, and so in the sidebar, the browser's tab and the links between
pages: "Module 2: Where are we now". Any "module N" in the text of a page, where module N
is not in the list, gets "(coming)" after it, so no page pretends that a module exists
before it does. Enable the extension with ``sphinx: extra_extensions`` in ``_config.yml``.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

__all__ = ["COMING", "mark_coming", "module_of", "numbered_title", "setup"]

#: Added to the title of a module whose chapter is not written yet.
COMING = "(coming)"
#: "module 14" or "Modules 6": a module's number, unless "(coming)" already follows it.
MODULE_MENTION = re.compile(r"\b[Mm]odules?\s+(?P<number>\d+(?:\.\d+)?)\b(?!\.\d)(?!\s*\(coming\))")
#: Text inside these is code or markup, never prose to change.
SKIPPED_PARENTS = (nodes.literal, nodes.literal_block, nodes.raw, nodes.math, nodes.math_block)
PAGE_KINDS = {"book": "", "notebooks": "worked notebook", "exercises": "exercise"}


def module_of(docname: str, modules: dict[str, str]) -> tuple[str, str] | None:
    """Return the module number and page kind of a page, or None if it belongs to no module.

    Parameters
    ----------
    docname
        The page's name, such as ``"notebooks/where-are-we-now"``.
    modules
        Chapter name to module number.

    Returns
    -------
    tuple of str, or None
        The number and the kind (``""`` for the chapter, ``"worked notebook"``, ``"exercise"``).

    Examples
    --------
    >>> module_of("exercises/where-are-we-now-exercise", {"where-are-we-now": "2"})
    ('2', 'exercise')
    """
    folder, _, name = docname.partition("/")
    if folder not in PAGE_KINDS or "/" in name:
        return None
    if folder == "exercises":
        name = name.removesuffix("-exercise")
    number = modules.get(name)
    return (number, PAGE_KINDS[folder]) if number else None


def numbered_title(title: str, number: str, kind: str) -> str:
    """Return a page title with its module number in front.

    Examples
    --------
    >>> numbered_title("Where are we now", "2", "")
    'Module 2: Where are we now'
    >>> numbered_title("Exercise: a locality profile", "2", "exercise")
    'Module 2 · Exercise: a locality profile'
    """
    if title.lower().startswith("module "):
        return title
    separator = ": " if not kind else " · "
    return f"Module {number}{separator}{title}"


def mark_coming(text: str, modules: dict[str, str]) -> str:
    """Add "(coming)" after each mention of a module that is not in the book yet.

    Examples
    --------
    >>> mark_coming("Module 14 teaches it; module 2 showed it.", {"where-are-we-now": "2"})
    'Module 14 (coming) teaches it; module 2 showed it.'
    """
    existing = set(modules.values())

    def replace(match: re.Match[str]) -> str:
        found = match.group(0)
        return found if match.group("number") in existing else f"{found} {COMING}"

    return MODULE_MENTION.sub(replace, text)


def _number_title(doctree: nodes.document, number: str, kind: str) -> None:
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not section.children or not isinstance(section[0], nodes.title):
        return
    title = section[0]
    first = title.children[0] if title.children else None
    if isinstance(first, nodes.Text):
        new = numbered_title(str(first), number, kind)
        title.replace(first, nodes.Text(new))


def _mark_coming_in(doctree: nodes.document, modules: dict[str, str]) -> None:
    for text in list(doctree.findall(nodes.Text)):
        parent = text.parent
        if parent is None or isinstance(parent, SKIPPED_PARENTS):
            continue
        if any(isinstance(ancestor, SKIPPED_PARENTS) for ancestor in _ancestors(parent)):
            continue
        marked = mark_coming(str(text), modules)
        if marked != str(text):
            parent.replace(text, nodes.Text(marked))


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    while node.parent is not None:
        node = node.parent
        found.append(node)
    return found


def _on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    modules: dict[str, str] = app.config.planlab_modules
    place = module_of(app.env.docname, modules)
    if place is not None:
        _number_title(doctree, *place)
    _mark_coming_in(doctree, modules)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the configuration value and the title change with Sphinx.

    Parameters
    ----------
    app
        The Sphinx application.

    Returns
    -------
    dict
        Extension metadata: safe for parallel reading and writing.
    """
    app.add_config_value("planlab_modules", {}, "env", [dict])
    # Before Sphinx's own title collector (priority 500), so the sidebar shows the number too.
    app.connect("doctree-read", _on_doctree_read, priority=400)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
