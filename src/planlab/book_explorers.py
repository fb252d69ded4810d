r"""A Sphinx extension for what-if explorers that recompute in the reader's browser.

A page asks for an explorer with a directive::

    ```{planlab-explorer} scenario
    ```

and gets labelled controls, a sentence stating the current result (in an ``aria-live``
region, so screen readers announce each change) and a Vega-Lite chart. The chart and the
sentence are worked out in the browser from numbers the toolkit computes when the book is
built, so any mix of assumptions can be tried on the static page, with no Python kernel.
Vega, Vega-Lite and vega-embed are served by the book itself (the Makefile copies them
from ``node_modules`` into ``_static/vendor/vega``) and added only to pages that hold an
explorer. Enable the extension with ``sphinx: extra_extensions`` in ``_config.yml``.

This module holds the directive and the HTML. Each explorer's data, sentence and chart are
in :mod:`planlab.explorers`: ``scenario`` (:mod:`planlab.explorers.scenario`, beds needed
each year to 2040/41 from Lochanvale's shared planning assumptions) and ``risk``
(:mod:`planlab.explorers.risk`, one risk of the register moved at a time). The page starts
with the Python sentence, the browser rewrites it with the same words, and the browser
tests compare the two after moving each control.
"""

from __future__ import annotations

import html
import json
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from planlab.errors import InputValueError
from planlab.explorers import (
    Control,
    risk_controls,
    risk_model,
    risk_register,
    risk_spec,
    risk_statement,
    scenario_bed_days,
    scenario_controls,
    scenario_model,
    scenario_spec,
    scenario_statement,
)

__all__ = [
    "EXPLORERS",
    "EXPLORER_CLASS",
    "EXPLORER_CSS",
    "EXPLORER_SCRIPT",
    "VEGA_SCRIPTS",
    "ExplorerDirective",
    "explorer_config",
    "explorer_html",
    "has_explorer",
    "setup",
]

#: The explorers a page can ask for.
EXPLORERS = ("scenario", "risk")
#: The browser libraries, in load order, under the site's ``_static`` folder.
VEGA_SCRIPTS = (
    "vendor/vega/vega.min.js",
    "vendor/vega/vega-lite.min.js",
    "vendor/vega/vega-embed.min.js",
)
#: The explorers' own script, under the site's ``_static`` folder.
EXPLORER_SCRIPT = "planlab/explorers.js"
#: The explorers' styles, under the site's ``_static`` folder.
EXPLORER_CSS = "planlab/explorers.css"
#: The class of an explorer's outer element; a page holding one gets the scripts above.
EXPLORER_CLASS = "planlab-explorer"


def explorer_config(kind: str) -> dict[str, Any]:
    """Return what the browser needs for an explorer: its chart and the model's numbers.

    Parameters
    ----------
    kind
        ``"scenario"`` or ``"risk"``.

    Returns
    -------
    dict
        ``kind``, ``spec`` (Vega-Lite) and ``model``: for the scenario explorer
        :func:`planlab.explorers.scenario_model`, for the risk explorer
        :func:`planlab.explorers.risk_model`.

    Raises
    ------
    InputValueError
        If ``kind`` is not an explorer.
    """
    if kind == "scenario":
        days = scenario_bed_days()
        return {"kind": kind, "spec": scenario_spec(days), "model": scenario_model(days)}
    if kind == "risk":
        table = risk_register()
        return {"kind": kind, "spec": risk_spec(table), "model": risk_model(table)}
    raise InputValueError("explorer", kind, f"one of {', '.join(EXPLORERS)}")


def _control_html(control: Control, prefix: str) -> str:
    """Return one labelled control; a slider shows its value beside it."""
    ident = f"{prefix}-{control.name}"
    label = f'<label for="{ident}">{html.escape(control.label)}</label>'
    if control.kind == "select":
        options = "".join(
            f'<option value="{html.escape(value)}"'
            f"{' selected' if value == control.value else ''}>{html.escape(text)}</option>"
            for value, text in control.options
        )
        field = f'<select id="{ident}" name="{control.name}" data-param="{control.name}">'
        return _row(label, f"{field}{options}</select>")
    numbers = (
        f'min="{control.minimum:g}" max="{control.maximum:g}" step="{control.step:g}" '
        f'value="{float(control.value):g}"'
    )
    if control.kind == "number":
        field = (
            f'<input type="number" id="{ident}" name="{control.name}" {numbers} '
            f'data-param="{control.name}" inputmode="numeric">'
        )
        return _row(label, field)
    shown = html.escape(control.shown())
    field = (
        f'<input type="range" id="{ident}" name="{control.name}" {numbers} '
        f'data-param="{control.name}" data-unit="{html.escape(control.unit)}" '
        f'data-places="{control.places}" aria-valuetext="{shown}">'
        f'<output for="{ident}" id="{ident}-value" aria-hidden="true">{shown}</output>'
    )
    return _row(label, field)


def _row(label: str, field: str) -> str:
    """Return a control's row: its label, then its input (and a slider's value)."""
    return (
        f'<div class="planlab-explorer-control">{label}'
        f'<span class="planlab-explorer-field">{field}</span></div>'
    )


def explorer_html(kind: str, serial: int = 0) -> str:
    """Return an explorer's HTML: controls, the live sentence, the chart and its numbers.

    Parameters
    ----------
    kind
        ``"scenario"`` or ``"risk"``.
    serial
        A number that makes the element ids unique when a page has several explorers.

    Returns
    -------
    str
        The HTML, which starts with the Python sentence for the starting values.
    """
    config = explorer_config(kind)
    prefix = f"planlab-{kind}-{serial}"
    if kind == "scenario":
        controls = scenario_controls()
        starts = {c.name: float(c.value) / 100 for c in controls}
        statement = scenario_statement(**starts)
        name = "Scenario explorer"
    else:
        controls = risk_controls()
        first = risk_register().iloc[0]
        statement = risk_statement(
            str(first["RiskId"]),
            float(first["AnnualProbability"]),
            float(first["ImpactLowGBP"]),
            float(first["ImpactHighGBP"]),
        )
        name = "Risk explorer"
    data = json.dumps(config, separators=(",", ":")).replace("</", "<\\/")
    fields = "".join(_control_html(control, prefix) for control in controls)
    return (
        f'<div class="{EXPLORER_CLASS}" id="{prefix}" data-explorer="{kind}">'
        f'<script type="application/json" class="planlab-explorer-config">{data}</script>'
        f'<form class="planlab-explorer-controls" aria-label="{name}: assumptions" '
        f'onsubmit="return false">{fields}</form>'
        f'<p class="planlab-explorer-result" id="{prefix}-result" role="status" '
        f'aria-live="polite">{html.escape(statement)}</p>'
        f'<div class="planlab-explorer-chart" id="{prefix}-chart"></div>'
        "</div>"
    )


class ExplorerDirective(SphinxDirective):
    """``{planlab-explorer} scenario``: an explorer, worked out in the reader's browser."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        """Return the explorer's HTML as a raw node, or an error if the kind is unknown."""
        kind = self.arguments[0].strip()
        if kind not in EXPLORERS:
            raise self.error(
                f"planlab-explorer {kind!r} is not an explorer: use one of {', '.join(EXPLORERS)}."
            )
        serial = self.env.new_serialno("planlab-explorer")
        return [nodes.raw("", explorer_html(kind, serial), format="html")]


def has_explorer(doctree: nodes.Node | None) -> bool:
    """Return True if a page's document holds an explorer."""
    if doctree is None:
        return False
    marker = f'<div class="{EXPLORER_CLASS}"'
    return any(node.astext().startswith(marker) for node in doctree.findall(nodes.raw))


def _add_scripts(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.Node | None,
) -> None:
    """Add Vega and the explorers' script and styles to the pages that hold an explorer."""
    if not has_explorer(doctree):
        return
    for script in (*VEGA_SCRIPTS, EXPLORER_SCRIPT):
        app.add_js_file(script, loading_method="defer")
    app.add_css_file(EXPLORER_CSS)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive, and the scripts it needs on the pages that use it.

    Parameters
    ----------
    app
        The Sphinx application.

    Returns
    -------
    dict
        Extension metadata: safe for parallel reading and writing.
    """
    app.add_directive("planlab-explorer", ExplorerDirective)
    app.connect("html-page-context", _add_scripts)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
