"""The Sphinx extension that strips thebe's CDN scripts recognises exactly those."""

from __future__ import annotations

from planlab.book_offline import is_thebe_script


def test_thebe_configuration_and_loader_are_recognised() -> None:
    inline = {"body": 'const THEBE_JS_URL = "https://unpkg.com/thebe@0.8.2/lib/index.js"'}
    assert is_thebe_script(None, inline)
    assert is_thebe_script("sphinx-thebe.js", {"async": "async"})


def test_other_scripts_are_kept() -> None:
    assert not is_thebe_script("vendor/require.js", {})
    assert not is_thebe_script(None, {"body": "window.MathJax = {}"})
