"""axe-core audits every page of the built book against WCAG 2.2 AA, in light and dark mode.

Before each audit the test checks that the page really is in the mode asked for (the
theme's ``data-theme`` and the page's background), so a dark run cannot quietly audit
the light page. axe reports as "incomplete" the text whose contrast it could not
decide. At the default 1280 x 720 window every such result on these pages was the
sidebar's links, which lie below the sidebar's visible part: axe cannot see the
background of text scrolled out of its box ("partially obscured"). So colour contrast
is checked a second time with the window as tall as the page and its sidebar, where
every piece of text is in view. There axe leaves two kinds undecided, each settled here:
a menu arrow ("Data ▸ Sort", symbols only, styled as the words beside it), the
drop-down lists of widgets, whose arrow is a background image, and the text of the
explorers' SVG charts (the contrast of these two is worked out here instead). Anything
else undecided fails the test.
"""

from __future__ import annotations

import pytest

from tests.conftest import toc_pages

pytestmark = [pytest.mark.book, pytest.mark.browser]

WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return results.violations.map(v => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    where: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
  }));
}"""


#: Colour contrast alone, with what axe could not decide as well as what fails. For each
#: undecided node: axe's reason (``kind``), its text, and, where a background image stopped
#: axe, the contrast ratio of its text colour on its background colour, worked out here
#: with WCAG 2.2's relative luminance (https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio).
RUN_CONTRAST = """async () => {
  const channels = (colour) => colour.match(/[0-9.]+/g).map(Number);
  const luminance = ([r, g, b]) => {
    const linear = (c) => (c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  };
  const backdrop = (element) => {
    for (; element; element = element.parentElement) {
      const colour = channels(getComputedStyle(element).backgroundColor);
      if (colour.length === 3 || colour[3] === 1) return colour;
      if (colour[3] > 0) return null;  // see-through: not worked out here
    }
    return [255, 255, 255];
  };
  const ratio = (element) => {
    const back = backdrop(element);
    if (back === null) return null;
    // Text drawn in an SVG chart is coloured by its fill, not by color.
    const style = getComputedStyle(element);
    const ink = element instanceof SVGElement ? style.fill : style.color;
    const [r, g, b, alpha = 1] = channels(ink);
    const text = [r, g, b].map((c, i) => alpha * c + (1 - alpha) * back[i]);  // text over back
    const [light, dark] = [luminance(text), luminance(back)].sort((a, b) => b - a);
    return (light + 0.05) / (dark + 0.05);
  };
  // Worked out here: a drop-down's background image, and text in an SVG chart (axe stops at
  // the SVG, an "image node"), whose backdrop is the chart's own box.
  const worked = (kind, element) =>
    kind === "bgImage" || (kind === "imgNode" && element instanceof SVGElement);
  const results = await axe.run(document, {runOnly: {type: "rule", values: ["color-contrast"]}});
  const found = (group) => group.flatMap(v => v.nodes.map(n => {
    const element = document.querySelector(n.target[0]);
    const check = n.any[0] || {};
    return {
      rule: v.id,
      impact: v.impact,
      help: check.message || v.help,
      where: [n.target.join(" ")],
      kind: check.data && check.data.messageKey,
      text: element ? element.textContent.trim().slice(0, 40) : "",
      ratio: element && check.data && worked(check.data.messageKey, element)
        ? ratio(element) : null,
    };
  }));
  return {violations: found(results.violations), incomplete: found(results.incomplete)};
}"""
#: Non-text characters axe leaves undecided, that we accept: the menu arrow of
#: "Data ▸ Sort" has the colour and background of the words beside it, which axe checks.
ACCEPTED_SYMBOLS = {"▸"}
#: WCAG 2.2 AA's least contrast for normal text (success criterion 1.4.3).
LEAST_CONTRAST = 4.5
#: Undecided kinds whose contrast RUN_CONTRAST works out: a background image, and text in
#: an SVG chart (the explorers' Vega charts), which axe calls an "image node".
WORKED_OUT = {"bgImage", "imgNode"}


def undecided_problems(incomplete: list[dict]) -> list[dict]:
    """Return the nodes axe could not decide that our own reasoning does not settle.

    - ``nonBmp``: text of symbols only; accepted for the symbols in ``ACCEPTED_SYMBOLS``.
    - ``bgImage``: a background image (the arrow of a drop-down list), and ``imgNode``:
      text in an SVG chart; settled when the text colour (an SVG text's fill) on the
      background colour reaches ``LEAST_CONTRAST``.
    """
    left = []
    for node in incomplete:
        if node["kind"] == "nonBmp" and node["text"] in ACCEPTED_SYMBOLS:
            continue
        if node["kind"] in WORKED_OUT and node["ratio"] and node["ratio"] >= LEAST_CONTRAST:
            continue
        left.append(
            {**node, "help": f"{node['help']} (text {node['text']!r}, ratio {node['ratio']})"}
        )
    return left


#: The theme's mode and the page's background brightness (0 black to 255 white).
MODE = """() => {
  const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number);
  return {theme: document.documentElement.dataset.theme, brightness: (r + g + b) / 3};
}"""
#: How tall the window must be for the page and its sidebar to be wholly in view.
FULL_HEIGHT = """() => Math.max(
  document.documentElement.scrollHeight,
  ...[...document.querySelectorAll(".bd-sidebar-primary, .bd-sidebar-secondary")]
    .map(e => e.scrollHeight + e.getBoundingClientRect().top + 100)
)"""


def describe(violations: list[dict]) -> str:
    """Format axe violations as one readable line each."""
    return "\n".join(
        f"- {v['rule']} ({v['impact']}): {v['help']} at {', '.join(v['where'])}" for v in violations
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page", toc_pages())
def test_page_has_no_wcag_aa_violations(
    visit, site_url: str, axe_source: str, page: str, scheme: str
) -> None:
    opened = visit(f"{site_url}/{page}.html", color_scheme=scheme)
    mode = opened.page.evaluate(MODE)
    assert mode["theme"] == scheme, f"{page} did not switch to {scheme} mode: {mode}"
    if scheme == "dark":
        assert mode["brightness"] < 64, f"{page}'s background is not dark: {mode}"
    else:
        assert mode["brightness"] > 192, f"{page}'s background is not light: {mode}"
    opened.page.add_script_tag(content=axe_source)
    violations = opened.page.evaluate(RUN_AXE, WCAG_AA_TAGS)
    assert violations == [], f"{page} ({scheme} mode):\n{describe(violations)}"

    height = opened.page.evaluate(FULL_HEIGHT)
    opened.page.set_viewport_size({"width": 1280, "height": min(int(height), 30_000)})
    contrast = opened.page.evaluate(RUN_CONTRAST)
    assert contrast["violations"] == [], f"{page} ({scheme}):\n{describe(contrast['violations'])}"
    undecided = undecided_problems(contrast["incomplete"])
    assert undecided == [], f"axe could not decide on {page} ({scheme}):\n{describe(undecided)}"
