"""The book's Graphviz diagrams are drawn at build time, offline, as accessible local SVG.

A page writes a diagram as a ``graphviz`` directive with an ``:alt:`` text saying what it
shows. ``sphinx.ext.graphviz`` runs Graphviz's ``dot`` program during the build, and
``planlab.book_diagrams`` puts the picture in the page as an ``<img>`` of a local SVG file,
with the ``:alt:`` text as its ``alt`` attribute (axe's ``object-alt`` rule fails Sphinx's own
``<object>``; axe's rules are at https://dequeuniversity.com/rules/axe/). These tests check,
on the built book, that every directive became such an image; that each SVG loads nothing
and draws its own light background with text of at least 4.5:1 contrast on every fill in it
(WCAG 2.2, https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio), so it reads the same in dark
mode; and that a missing ``dot`` stops both the Makefile and the build with how to install it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.errors import ConfigError

from planlab.book_diagrams import INSTALL_HINT, check_dot
from tests.conftest import REPO, toc_pages

#: The opening of a graphviz directive in MyST (a fence of backticks or colons).
DIRECTIVE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{graphviz\}[^\n]*\n(?P<options>(?::[^\n]*\n)*)", re.M
)
ALT_OPTION = re.compile(r"^:alt:\s*(?P<alt>.*)$", re.M)
SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
#: Colours Graphviz writes by name in these diagrams, as RGB.
NAMED = {"white": (255, 255, 255), "black": (0, 0, 0)}


def page_sources() -> dict[str, str]:
    """Return the Markdown of every page in the table of contents (notebook cells joined)."""
    sources: dict[str, str] = {}
    for page in toc_pages():
        markdown = REPO / f"{page}.md"
        notebook = REPO / f"{page}.ipynb"
        if markdown.exists():
            sources[page] = markdown.read_text(encoding="utf-8")
        elif notebook.exists():
            cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
            sources[page] = "\n".join(
                "".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown"
            )
    return sources


def directive_alts(source: str) -> list[str | None]:
    """Return the ``:alt:`` text of each graphviz directive in a page, in order (None if none)."""
    alts: list[str | None] = []
    for match in DIRECTIVE.finditer(source):
        option = ALT_OPTION.search(match.group("options"))
        alts.append(option.group("alt").strip() if option else None)
    return alts


PAGES_WITH_DIAGRAMS = {
    page: alts for page, alts in ((p, directive_alts(s)) for p, s in page_sources().items()) if alts
}


def rgb(colour: str) -> tuple[int, int, int]:
    """Return a Graphviz SVG colour (``#rrggbb`` or a name used here) as RGB."""
    if colour in NAMED:
        return NAMED[colour]
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", colour), f"a colour this test cannot read: {colour}"
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def luminance(colour: tuple[int, int, int]) -> float:
    """WCAG 2.2 relative luminance."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG 2.2 contrast ratio of two colours."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_book_has_diagrams_and_each_has_alt_text() -> None:
    assert "book/where-do-we-want-to-be" in PAGES_WITH_DIAGRAMS
    for page, alts in PAGES_WITH_DIAGRAMS.items():
        for alt in alts:
            assert alt, f"{page}: a graphviz directive has no :alt: text"
            assert len(alt) >= 60, f"{page}: say in words what the diagram shows"
            assert "->" not in alt, f"{page}: the alt text is Graphviz code, not words"


@pytest.mark.book
@pytest.mark.parametrize("page", sorted(PAGES_WITH_DIAGRAMS))
def test_each_diagram_is_an_image_of_a_local_svg_with_its_alt_text(
    site_dir: Path, page: str
) -> None:
    html = site_dir / f"{page}.html"
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    article = soup.find("article") or soup
    images = article.select("img.graphviz")
    assert not article.select("object.graphviz"), "Sphinx's <object> has no accessible name"
    assert [image.get("alt") for image in images] == PAGES_WITH_DIAGRAMS[page]
    for image in images:
        svg = (html.parent / image["src"]).resolve()
        assert svg.suffix == ".svg", image["src"]
        assert svg.is_file(), image["src"]
        assert svg.is_relative_to(site_dir.resolve()), f"{svg} is outside the site"


def diagram_files(site_dir: Path) -> list[Path]:
    files: list[Path] = []
    for page in PAGES_WITH_DIAGRAMS:
        html = site_dir / f"{page}.html"
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        files += [(html.parent / image["src"]).resolve() for image in soup.select("img.graphviz")]
    return files


@pytest.mark.book
def test_each_svg_loads_nothing(site_dir: Path) -> None:
    files = diagram_files(site_dir)
    assert files
    for path in files:
        root = ET.parse(path).getroot()
        for element in root.iter():
            tag = element.tag.removeprefix(SVG)
            assert tag not in {"script", "image", "foreignObject", "style"}, f"{path.name}: <{tag}>"
            for name in ("href", XLINK_HREF):
                assert name not in element.attrib, f"{path.name}: a link in <{tag}>"
            assert "url(" not in element.attrib.get("style", ""), f"{path.name}: url() in <{tag}>"


@pytest.mark.book
def test_each_svg_draws_its_own_light_background_and_readable_text(site_dir: Path) -> None:
    for path in diagram_files(site_dir):
        root = ET.parse(path).getroot()
        # Graphviz draws the graph's background first, then one <g class="node"> per box.
        background = rgb(next(root.iter(f"{SVG}polygon")).get("fill", "black"))
        assert luminance(background) > 0.9, f"{path.name}: the background is not light"
        nodes = [g for g in root.iter(f"{SVG}g") if g.get("class") == "node"]
        assert nodes, f"{path.name} has no boxes"
        for node in nodes:
            shapes = [
                shape.get("fill", "black")
                for shape in node
                if shape.tag in {f"{SVG}polygon", f"{SVG}path", f"{SVG}ellipse"}
            ]
            filled = [rgb(fill) for fill in shapes if fill not in {"none", "transparent"}]
            box = filled[0] if filled else background
            for text in node.iter(f"{SVG}text"):
                ratio = contrast(rgb(text.get("fill", "black")), box)
                assert ratio >= 4.5, f"{path.name}: {text.text!r} has contrast {ratio:.2f}"


# --- A missing dot program: the build and the Makefile both say how to install it ------------


def build_small_book(tmp_path: Path, conf: str, page: str) -> subprocess.CompletedProcess[str]:
    """Build a one-page Sphinx project with the extension, warnings as errors."""
    source = tmp_path / "source"
    source.mkdir()
    (source / "conf.py").write_text(textwrap.dedent(conf), encoding="utf-8")
    (source / "index.rst").write_text(textwrap.dedent(page), encoding="utf-8")
    command = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(source)]
    command.append(str(tmp_path / "html"))
    return subprocess.run(command, capture_output=True, text=True, check=False)


CONF = """
extensions = ["sphinx.ext.graphviz", "planlab.book_diagrams"]
graphviz_output_format = "svg"
"""
PAGE = """
Diagram
=======

.. graphviz::
   :alt: Two boxes, A and B, with an arrow from A to B.

   digraph { A -> B }
"""


def test_a_small_book_shows_a_diagram_as_an_img_with_its_alt_text(tmp_path: Path) -> None:
    done = build_small_book(tmp_path, CONF, PAGE)
    assert done.returncode == 0, done.stdout + done.stderr
    soup = BeautifulSoup(
        (tmp_path / "html" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    [image] = soup.select("img.graphviz")
    assert image["alt"] == "Two boxes, A and B, with an arrow from A to B."
    assert (tmp_path / "html" / image["src"]).is_file()


def test_a_diagram_without_alt_text_fails_the_build(tmp_path: Path) -> None:
    done = build_small_book(
        tmp_path,
        CONF,
        PAGE.replace("   :alt: Two boxes, A and B, with an arrow from A to B.\n", ""),
    )
    assert done.returncode != 0
    assert "has no :alt: text" in done.stderr


def test_a_missing_dot_stops_the_build_and_says_how_to_install_it(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-dot"
    done = build_small_book(tmp_path, CONF + f"graphviz_dot = {str(missing)!r}\n", PAGE)
    assert done.returncode != 0
    assert str(missing) in done.stderr
    assert "sudo apt-get install graphviz" in done.stderr


def test_check_dot_returns_the_program_or_says_how_to_install_it(tmp_path: Path) -> None:
    program = tmp_path / "dot"
    program.write_text("#!/bin/sh\n", encoding="utf-8")
    program.chmod(0o755)
    assert check_dot(str(program)) == str(program)
    program.chmod(0o644)  # present but not a program
    with pytest.raises(ConfigError, match="apt-get install graphviz") as caught:
        check_dot(str(program))
    assert INSTALL_HINT in str(caught.value)


def make_graphviz(tmp_path: Path, dot: str) -> subprocess.CompletedProcess[str]:
    """Run the Makefile's graphviz target as a user who is not root (a stand-in ``id``)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake_id = bin_dir / "id"
    fake_id.write_text("#!/bin/sh\necho 1000\n", encoding="utf-8")
    fake_id.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    command = ["make", "--no-print-directory", "-C", str(REPO), "graphviz", f"DOT={dot}"]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


def test_the_makefile_says_how_to_install_graphviz_when_it_cannot(tmp_path: Path) -> None:
    done = make_graphviz(tmp_path, str(tmp_path / "no-such-dot"))
    assert done.returncode != 0
    assert "no-such-dot program is missing" in done.stderr
    assert "sudo apt-get install graphviz" in done.stderr
    assert "Installing" not in done.stdout, "a user who is not root must not run apt-get"


def test_the_makefile_accepts_graphviz_when_it_is_there(tmp_path: Path) -> None:
    program = tmp_path / "dot"
    program.write_text("#!/bin/sh\n", encoding="utf-8")
    program.chmod(0o755)
    done = make_graphviz(tmp_path, str(program))
    assert done.returncode == 0, done.stderr
    assert done.stdout == done.stderr == ""
