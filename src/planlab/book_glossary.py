"""A Sphinx extension that links the key terms of every chapter to the glossary.

The glossary (``book/glossary.md``) is a set of tables whose first column names each term
in bold. This extension:

- gives each row of the glossary an anchor, ``term-<slug>``, so a link can point at it;
- in every page's learning-outcomes box (an admonition whose title says what you "will be
  able to do"), turns the first mention of each glossary term into a link to its row.

A term is found by its own words, by the words outside a bracket and the abbreviation
inside it ("Health and Social Care Partnership (HSCP)"), by each part of a term written
as "A; B", by the extra names in :data:`ALIASES`, and with a plural "s". Enable the
extension with ``sphinx: extra_extensions`` in ``_config.yml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

__all__ = [
    "ALIASES",
    "GLOSSARY",
    "GlossaryTerm",
    "find_terms",
    "is_outcomes_box",
    "read_glossary",
    "setup",
    "slug",
]

#: The glossary page, as a Sphinx document name (no suffix).
GLOSSARY = "book/glossary"
#: The words an outcomes box's title uses.
OUTCOMES_TITLE = re.compile(r"will be able to", flags=re.IGNORECASE)
TERM_ROW = re.compile(r"^\|\s*\*\*(?P<term>[^*|]+)\*\*\s*\|", flags=re.MULTILINE)
#: Other names a chapter uses for a glossary term (term as written in the glossary: names).
ALIASES: dict[str, tuple[str, ...]] = {
    "Directly standardised rate": (
        "directly age-standardised rate",
        "age-standardised rate",
        "standardised rate",
    ),
    "Common-cause and special-cause variation": (
        "special-cause variation",
        "common-cause variation",
    ),
    "Primary and secondary suppression": ("small-number suppression", "suppression"),
    "Strategic, tactical and operational planning": (
        "strategic, tactical and operational",
        "tactical planning",
        "operational planning",
    ),
    "Exponential smoothing, Holt-Winters": ("exponential smoothing", "Holt-Winters"),
    "MAE, RMSE, MAPE": ("MAE", "RMSE", "MAPE"),
    "Training set and test set": ("training set", "test set"),
    "Numerator and denominator": ("numerator", "denominator"),
    "Create, curate, embed, spread": ("create, curate, embed and spread",),
    "Bridges to Health segments": ("Bridges to Health",),
    "Population projection": ("population projections",),
    "Public check, hidden check": ("public check", "hidden check"),
    "Rate per 1,000": ("rates per 1,000",),
    "Decomposition of growth": ("decompose growth", "decomposing growth"),
    "Jupyter notebook": ("notebook",),
}
#: Names too common to link wherever they occur.
TOO_COMMON = frozenset({"direction", "locality", "decomposition"})


@dataclass(frozen=True)
class GlossaryTerm:
    """A term of the glossary, the names it is found by, and its anchor."""

    term: str
    names: tuple[str, ...]

    @property
    def anchor(self) -> str:
        """The id of the term's row in the glossary."""
        return f"term-{slug(self.term)}"


def slug(text: str) -> str:
    """Return an anchor-safe form of a term.

    Examples
    --------
    >>> slug("Health and Social Care Partnership (HSCP)")
    'health-and-social-care-partnership-hscp'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _names(term: str) -> tuple[str, ...]:
    names = [term, *ALIASES.get(term, ())]
    bracket = re.match(r"^(?P<outside>.+?)\s*\((?P<inside>[^)]+)\)$", term)
    if bracket:
        names += [bracket["outside"], bracket["inside"]]
    if ";" in term:
        names += [part.strip() for part in term.split(";")]
    kept = [name for name in names if name.lower() not in TOO_COMMON]
    return tuple(dict.fromkeys(kept))


def read_glossary(path: Path) -> list[GlossaryTerm]:
    """Read the terms of the glossary page.

    Parameters
    ----------
    path
        ``book/glossary.md``.

    Returns
    -------
    list of GlossaryTerm
        Every term, in the order of the page.
    """
    text = path.read_text(encoding="utf-8")
    terms = [match["term"].strip() for match in TERM_ROW.finditer(text)]
    return [GlossaryTerm(term, _names(term)) for term in terms if term.lower() != "term"]


def _pattern(terms: list[GlossaryTerm]) -> re.Pattern[str] | None:
    names = sorted({name for term in terms for name in term.names}, key=len, reverse=True)
    if not names:
        return None
    words = "|".join(re.escape(name) for name in names)
    return re.compile(rf"(?<![\w-])(?:{words})(?:s|es)?(?![\w-])", flags=re.IGNORECASE)


def find_terms(text: str, terms: list[GlossaryTerm]) -> list[tuple[int, int, GlossaryTerm]]:
    """Find the glossary terms in a piece of text, longest names first.

    Parameters
    ----------
    text
        The text to search.
    terms
        The glossary's terms.

    Returns
    -------
    list of (start, end, term)
        Each mention's position and the term it names, in the order of the text.

    Examples
    --------
    >>> terms = [GlossaryTerm("Rate ratio", ("Rate ratio",))]
    >>> [(s, e, t.term) for s, e, t in find_terms("two rate ratios", terms)]
    [(4, 15, 'Rate ratio')]
    """
    pattern = _pattern(terms)
    if pattern is None:
        return []
    by_name = {name.lower(): term for term in terms for name in term.names}
    found = []
    for match in pattern.finditer(text):
        word = match.group(0).lower()
        term = by_name.get(word) or by_name.get(word.removesuffix("s"))
        term = term or by_name.get(word.removesuffix("es"))
        if term is not None:
            found.append((match.start(), match.end(), term))
    return found


def is_outcomes_box(node: nodes.Node) -> bool:
    """Return True for a learning-outcomes box: an admonition titled "... will be able to ..."."""
    if not isinstance(node, nodes.admonition) or not node.children:
        return False
    title = node.children[0]
    return isinstance(title, nodes.title) and bool(OUTCOMES_TITLE.search(title.astext()))


def _anchor_glossary_rows(doctree: nodes.document, terms: list[GlossaryTerm]) -> None:
    anchors = {term.term: term.anchor for term in terms}
    for row in doctree.findall(nodes.row):
        strong = next(iter(row.findall(nodes.strong)), None)
        if strong is not None and strong.astext().strip() in anchors:
            anchor = anchors[strong.astext().strip()]
            if anchor not in doctree.ids:
                row["ids"].append(anchor)
                doctree.ids[anchor] = row


def _inside_link(node: nodes.Node) -> bool:
    while node is not None:
        if isinstance(node, nodes.reference | nodes.literal | nodes.title):
            return True
        node = node.parent
    return False


def _link_text(text: nodes.Text, terms: list[GlossaryTerm], uri: str, done: set[str]) -> None:
    content = str(text)
    pieces: list[nodes.Node] = []
    position = 0
    for start, end, term in find_terms(content, terms):
        if term.term in done:
            continue
        done.add(term.term)
        pieces.append(nodes.Text(content[position:start]))
        link = nodes.reference(
            "", content[start:end], refuri=f"{uri}#{term.anchor}", classes=["glossary-term"]
        )
        link["reftitle"] = f"{term.term}, in the glossary"
        pieces.append(link)
        position = end
    if pieces:
        pieces.append(nodes.Text(content[position:]))
        parent = text.parent
        index = parent.index(text)
        parent.remove(text)
        for offset, piece in enumerate(pieces):
            parent.insert(index + offset, piece)


def _link_outcomes(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    terms: list[GlossaryTerm] = app.env.planlab_glossary  # type: ignore[attr-defined]
    uri = app.builder.get_relative_uri(docname, GLOSSARY)
    for box in doctree.findall(is_outcomes_box):
        done: set[str] = set()
        for text in list(box.findall(nodes.Text)):
            if text.parent is not None and not _inside_link(text.parent):
                _link_text(text, terms, uri, done)


def _read_terms(app: Sphinx) -> None:
    path = Path(app.srcdir) / f"{GLOSSARY}.md"
    # Sphinx's documented place for an extension's data is an attribute of its own on the
    # build environment, which Sphinx's types do not know about.
    app.env.planlab_glossary = read_glossary(path) if path.is_file() else []  # type: ignore[attr-defined]


def _on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    if app.env.docname == GLOSSARY:
        _anchor_glossary_rows(doctree, app.env.planlab_glossary)  # type: ignore[attr-defined]


def _on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if docname != GLOSSARY and app.builder.format == "html":
        _link_outcomes(app, doctree, docname)


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
    app.connect("builder-inited", _read_terms)
    app.connect("doctree-read", _on_doctree_read)
    app.connect("doctree-resolved", _on_doctree_resolved)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
