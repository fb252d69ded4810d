"""axe-core audits every page of the built book against WCAG 2.2 AA, in light and dark mode."""

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
    opened.page.add_script_tag(content=axe_source)
    violations = opened.page.evaluate(RUN_AXE, WCAG_AA_TAGS)
    assert violations == [], f"{page} ({scheme} mode):\n{describe(violations)}"
