"""A Sphinx extension that draws the book's Graphviz diagrams as accessible local SVG.

``sphinx.ext.graphviz`` runs Graphviz's ``dot`` program at build time, so a diagram is
written in the page as text and drawn without any network. With SVG output, Sphinx puts
the picture in an ``<object>`` element without an accessible name, which axe reports
(``object-alt``), and its text alternative is shown only if the picture fails to load.
This extension draws each diagram instead as an ``<img>`` of the same local SVG file,
with the directive's ``:alt:`` text as its ``alt`` attribute. An image cannot run
scripts or load anything, and the diagram keeps its own light background in dark mode.

It also stops the build at the start, with a message saying how to install Graphviz,
when the ``dot`` program cannot be found, rather than one warning per diagram.
Enable it with ``sphinx: extra_extensions`` in ``_config.yml``, after
``sphinx.ext.graphviz``, and set ``graphviz_output_format: svg``.
"""

from __future__ import annotations

import html
import shutil
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.ext.graphviz import GraphvizError, graphviz, html_visit_graphviz, render_dot
from sphinx.util import logging
from sphinx.writers.html5 import HTML5Translator

__all__ = ["INSTALL_HINT", "check_dot", "image_tag", "setup", "visit_graphviz"]

logger = logging.getLogger(__name__)

#: What to do when ``dot`` is missing; the Makefile's ``graphviz`` target says the same.
INSTALL_HINT = (
    "Install Graphviz with: sudo apt-get install graphviz (Debian or Ubuntu), "
    "or run 'make book' as root, which installs it; on other systems see graphviz.org/download."
)


def check_dot(dot: str) -> str:
    """Return the full path of Graphviz's ``dot`` program, or stop with how to install it.

    Parameters
    ----------
    dot
        The program's name or path (Sphinx's ``graphviz_dot`` setting; ``"dot"`` by default).

    Returns
    -------
    str
        The path of the program that will draw the diagrams.

    Raises
    ------
    sphinx.errors.ConfigError
        If ``dot`` is not an executable program on this machine.
    """
    found = shutil.which(dot)
    if found is None:
        raise ConfigError(
            f"Graphviz's {dot!r} program was not found, and the book's diagrams "
            f"(the graphviz directives) need it. {INSTALL_HINT}"
        )
    return found


def image_tag(src: str, alt: str, classes: list[str]) -> str:
    """Return the HTML that shows one diagram: an ``<img>`` of its SVG file.

    Parameters
    ----------
    src
        The SVG file's address relative to the page.
    alt
        The text alternative: what the diagram shows, in words.
    classes
        The CSS classes to give the image.

    Returns
    -------
    str
        The HTML, wrapped in a ``<div class="graphviz">`` as Sphinx does.
    """
    names = " ".join(["graphviz", *classes])
    return (
        f'<div class="graphviz"><img src="{html.escape(src)}" alt="{html.escape(alt)}" '
        f'class="{html.escape(names)}" /></div>\n'
    )


def visit_graphviz(self: HTML5Translator, node: graphviz) -> None:
    """Write one diagram into an HTML page as an image of its SVG file.

    A diagram without ``:alt:`` text stops the build: its text alternative would
    otherwise be its Graphviz source. With an output format other than SVG, Sphinx's
    own drawing is used.

    Parameters
    ----------
    self
        The HTML translator writing the page.
    node
        The diagram's node, from the ``graphviz`` directive.
    """
    if self.builder.config.graphviz_output_format != "svg":
        html_visit_graphviz(self, node)
        return
    alt = node.get("alt", "").strip()
    if not alt:
        logger.warning(
            "a graphviz diagram has no :alt: text; say in words what it shows",
            location=node,
        )
        raise nodes.SkipNode
    try:
        src, _ = render_dot(
            self, node["code"], node["options"], "svg", filename=node.get("filename")
        )
    except GraphvizError as exc:
        logger.warning("a graphviz diagram could not be drawn: %s", exc, location=node)
        raise nodes.SkipNode from exc
    if src is None:
        raise nodes.SkipNode
    self.body.append(image_tag(src, alt, list(node.get("classes", []))))
    raise nodes.SkipNode


def _check_dot_at_start(app: Sphinx) -> None:
    check_dot(app.config.graphviz_dot)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension with Sphinx.

    Parameters
    ----------
    app
        The Sphinx application.

    Returns
    -------
    dict
        Extension metadata: safe for parallel reading and writing.
    """
    app.setup_extension("sphinx.ext.graphviz")
    app.add_node(graphviz, override=True, html=(visit_graphviz, None))
    app.connect("builder-inited", _check_dot_at_start)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
