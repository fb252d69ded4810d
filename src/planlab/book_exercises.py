"""A Sphinx extension that puts each module's exercise in the book, beside its chapter.

The exercises (``exercises/<chapter>-exercise.ipynb``, made from ``solutions/`` by
``planlab assign``) are listed in ``_toc.yml`` and shown without being run
(``execute: exclude_patterns`` in ``_config.yml``). This extension:

- adds a "Your exercise" section, linking the exercise page, to every chapter that has
  an exercise, just before its further reading;
- opens every exercise page with a box that says how to get and run it: the notebook
  itself (the same file as the page's download button), the data and the toolkit;
- shortens, on the page only, the long answer key in the exercise's set-up cell. The
  downloaded notebook is the exercise file, unchanged.

Enable it with ``sphinx: extra_extensions`` in ``_config.yml``, after
:mod:`planlab.book_downloads`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from planlab.book_downloads import DOWNLOADS_FOLDER, Download

__all__ = ["exercise_of", "setup", "shorten_keys"]

EXERCISES = "exercises"
#: A string literal this long in an exercise's code is an encoded answer key, not code to read.
LONG_STRING = re.compile(r"""(["'])([A-Za-z0-9+/=_-]{60})[A-Za-z0-9+/=_-]+\1""")
SHORTENED = r"\1\2…(shortened on this page; it is whole in the notebook you download)\1"


def exercise_of(chapter: str) -> str:
    """Return the name of a chapter's exercise page.

    Examples
    --------
    >>> exercise_of("book/where-are-we-now")
    'exercises/where-are-we-now-exercise'
    """
    return f"{EXERCISES}/{chapter.rpartition('/')[2]}-exercise"


def shorten_keys(notebook_json: str) -> str:
    """Shorten the long encoded strings in a notebook's code cells, for showing on a page.

    Parameters
    ----------
    notebook_json
        The notebook, as the text of its file.

    Returns
    -------
    str
        The same notebook, with each long encoded string cut to its first 60 characters and
        a note.
    """
    notebook = json.loads(notebook_json)
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else source
            cell["source"] = LONG_STRING.sub(SHORTENED, text)
    return json.dumps(notebook, ensure_ascii=False)


def _on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    if docname.startswith(f"{EXERCISES}/") and source and source[0].lstrip().startswith("{"):
        source[0] = shorten_keys(source[0])


def _paragraph(*children: nodes.Node) -> nodes.paragraph:
    paragraph = nodes.paragraph()
    paragraph.extend(children)
    return paragraph


def _doc_link(docname: str, target: str) -> addnodes.pending_xref:
    link = addnodes.pending_xref(
        "",
        refdomain="std",
        reftype="doc",
        reftarget=f"/{target}",
        refdoc=docname,
        refexplicit=False,
        refwarn=True,
    )
    link += nodes.inline("", target)
    return link


def _exercise_section(docname: str, exercise: str) -> nodes.section:
    section = nodes.section(ids=["your-exercise"], names=["your exercise"])
    section += nodes.title(text="Your exercise")
    section += _paragraph(
        nodes.Text("Try the method yourself in this module's graded exercise: "),
        _doc_link(docname, exercise),
        nodes.Text(
            ". Its page shows the questions. Download the notebook from that page and run it "
            "in Jupyter: "
        ),
        _doc_link(docname, "book/how-to-use"),
        nodes.Text(" says how, and where to get the data and the toolkit."),
    )
    return section


def _add_exercise_section(app: Sphinx, doctree: nodes.document) -> None:
    exercise = exercise_of(app.env.docname)
    if exercise not in app.env.found_docs:
        return
    page = next(iter(doctree.findall(nodes.section)), None)
    if page is None:
        return
    sections = [child for child in page.children if isinstance(child, nodes.section)]
    reading = [s for s in sections if s[0].astext().strip().lower() == "further reading"]
    new = _exercise_section(app.env.docname, exercise)
    if reading:
        page.insert(page.index(reading[0]), new)
    else:
        page += new


def _link(docname: str, path: str, text: str) -> nodes.reference:
    uri = "../" * docname.count("/") + path
    return nodes.reference("", text, refuri=uri)


def _download_item(docname: str, download: Download | None, words: str) -> nodes.list_item:
    item = nodes.list_item()
    if download is None:
        item += _paragraph(nodes.Text(words))
        return item
    link = _link(docname, f"{DOWNLOADS_FOLDER}/{download.name}", download.label())
    item += _paragraph(nodes.Text(words + ": "), link)
    return item


def _how_to_box(app: Sphinx, docname: str) -> nodes.admonition:
    downloads: dict[str, Download] = getattr(app.env, "planlab_downloads", {})
    box = nodes.admonition(classes=["tip", "planlab-get-exercise"])
    box += nodes.title(text="Get this exercise and run it")
    notebook = f"{docname.rpartition('/')[2]}.ipynb"
    steps = nodes.enumerated_list()
    first = nodes.list_item()
    first += _paragraph(
        nodes.Text("Download the notebook: "),
        _link(docname, f"_sources/{docname}.ipynb", notebook),
        nodes.Text(" (the same file as the download button at the top of this page)."),
    )
    steps += first
    steps += _download_item(
        docname, downloads.get("toolkit"), "Install the course's toolkit, once, with pip"
    )
    steps += _download_item(docname, downloads.get("data"), "If you want the data as files")
    last = nodes.list_item()
    last += _paragraph(
        nodes.Text(
            "Open the notebook in Jupyter and run its first cell, the one that says "
            "“Run this cell first”. Then answer each question and run the check under it. "
            "This page shows the questions only: nothing on it runs."
        )
    )
    steps += last
    box += steps
    return box


def _add_how_to_box(app: Sphinx, doctree: nodes.document) -> None:
    page = next(iter(doctree.findall(nodes.section)), None)
    if page is None or not isinstance(page[0], nodes.title):
        return
    page.insert(1, _how_to_box(app, app.env.docname))


def _on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    if docname.startswith("book/") and "/" not in docname.removeprefix("book/"):
        _add_exercise_section(app, doctree)
    elif docname.startswith(f"{EXERCISES}/"):
        _add_how_to_box(app, doctree)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension's steps with Sphinx.

    Parameters
    ----------
    app
        The Sphinx application.

    Returns
    -------
    dict
        Extension metadata: safe for parallel reading and writing.
    """
    app.setup_extension("planlab.book_downloads")
    app.connect("source-read", _on_source_read)
    # Before Sphinx's collectors (priority 500), so the new section is in the page's contents.
    app.connect("doctree-read", _on_doctree_read, priority=400)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
