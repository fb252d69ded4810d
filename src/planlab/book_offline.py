"""A Sphinx extension that keeps the course's book free of CDN references.

Jupyter Book 1 always loads ``sphinx_thebe``, which writes the address of the
thebe bundle on a public CDN into every page, whether or not live code is
switched on. The course turns live code off (thebe cannot run offline, and it
assumes a Binder service), so this extension removes thebe's scripts again
before any page is written. Enable it with ``sphinx: extra_extensions`` in
``_config.yml``.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

__all__ = [
    "THEBE_SCRIPT_MARKERS",
    "is_thebe_script",
    "setup",
]

#: Markers of the scripts sphinx_thebe adds: its inline configuration and its loader.
THEBE_SCRIPT_MARKERS: tuple[str, ...] = ("THEBE_JS_URL", "sphinx-thebe.js")


def is_thebe_script(filename: str | None, attributes: dict[str, Any]) -> bool:
    """Return True when a script added to the page is one of sphinx_thebe's.

    Parameters
    ----------
    filename
        The script's file name or address, or None for an inline script.
    attributes
        The script's attributes; an inline script's code is under ``"body"``.

    Returns
    -------
    bool
        True if the script is thebe's configuration or loader.
    """
    text = f"{filename or ''} {attributes.get('body', '')}"
    return any(marker in text for marker in THEBE_SCRIPT_MARKERS)


def _drop_thebe_scripts(app: Sphinx, *_: object) -> None:
    """Remove sphinx_thebe's scripts from the lists of scripts Sphinx adds to pages."""
    # Builder._js_files is Sphinx's own (private) list of the page's scripts; there is no
    # public way to take a script out of it, so its type is not declared to mypy either.
    builder: Any = app.builder
    kept = [
        script
        for script in builder._js_files
        if not is_thebe_script(script.filename, script.attributes)
    ]
    builder._js_files[:] = kept
    app.registry.js_files[:] = [
        (filename, attributes)
        for filename, attributes in app.registry.js_files
        if not is_thebe_script(filename, attributes)
    ]


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
    # sphinx_thebe adds its scripts on "env-before-read-docs" at the default priority (500);
    # a later priority runs after it.
    app.connect("env-before-read-docs", _drop_thebe_scripts, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
