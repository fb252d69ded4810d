"""A Sphinx extension that draws a module's *Python for planners* table from one file.

In a chapter, inside the module's Python-for-planners box::

    ```{python-ideas} where-are-we-now
    ```

renders a table of the ideas ``book/python-ideas.yml`` lists for that chapter: each
idea in a planner's words, its nearest spreadsheet equivalent, and a short example;
then a line linking to the toolkit reference's pages of the modules the chapter's
notebook and exercises import (:func:`planlab.book_reference.chapter_modules`).
The same file is what the test of "no Python before it is taught" reads
(:mod:`planlab.python_ideas`), so the box and the rule cannot drift apart. Enable it
with ``sphinx: extra_extensions`` in ``_config.yml``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from planlab.book_reference import chapter_modules, chapter_notebooks, module_links
from planlab.python_ideas import Idea, read_ideas

__all__ = ["PythonIdeas", "ideas_table", "setup"]

#: Where the ideas live, relative to the book's source folder.
IDEAS_FILE = Path("book") / "python-ideas.yml"
HEADINGS = ("Idea", "In a spreadsheet", "In Python")


def _entry(*children: nodes.Node) -> nodes.entry:
    entry = nodes.entry()
    entry.extend(children)
    return entry


def _row(cells: list[nodes.entry]) -> nodes.row:
    row = nodes.row()
    row.extend(cells)
    return row


def _idea_row(idea: Idea) -> nodes.row:
    example = nodes.literal_block(idea.python, idea.python, language="python")
    return _row(
        [
            _entry(nodes.paragraph(text=idea.idea)),
            _entry(nodes.paragraph("", "", nodes.literal(idea.spreadsheet, idea.spreadsheet))),
            _entry(example),
        ]
    )


def ideas_table(title: str, ideas: tuple[Idea, ...]) -> nodes.table:
    """Build the table of a module's ideas, with a caption and column headings."""
    table = nodes.table(classes=["python-ideas"])
    table += nodes.title(text=title)
    group = nodes.tgroup(cols=len(HEADINGS))
    table += group
    for width in (30, 30, 40):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += _row([_entry(nodes.paragraph(text=text)) for text in HEADINGS])
    group += head
    body = nodes.tbody()
    body.extend(_idea_row(idea) for idea in ideas)
    group += body
    return table


class PythonIdeas(SphinxDirective):
    """``{python-ideas} <chapter>``: the chapter's Python ideas, as a table."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        """Render the table of the chapter named by the argument."""
        path = Path(self.env.srcdir) / IDEAS_FILE
        self.env.note_dependency(str(path))
        chapter = self.arguments[0]
        for module in read_ideas(path):
            if module.chapter == chapter:
                title = f"The Python ideas of module {module.module}"
                shown: list[nodes.Node] = [ideas_table(title, module.ideas)]
                srcdir = Path(self.env.srcdir)
                for notebook in chapter_notebooks(srcdir, chapter, module.exercises):
                    self.env.note_dependency(str(notebook))
                toolkit = chapter_modules(srcdir, chapter, module.exercises)
                if toolkit:
                    shown.append(module_links(toolkit))
                return shown
        raise self.error(f"{IDEAS_FILE} has no module for the chapter {chapter!r}")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive with Sphinx.

    Returns
    -------
    dict
        Extension metadata: safe for parallel reading and writing.
    """
    app.add_directive("python-ideas", PythonIdeas)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
