"""A Sphinx extension that offers the course's data and toolkit for download from the book.

When the HTML build starts, it writes two files into the site's ``downloads/`` folder:

- ``planlab-data.zip``: the CSV files of ``datasets/``, with ``datapackage.json`` and the
  data's ``README.md``;
- the toolkit's wheel, ``planlab-<version>-py3-none-any.whl``, built from the repository
  with hatchling (offline, in well under a second). The wheel carries the data too, so a
  plain ``pip install`` of it is enough to run any exercise or worked notebook.

A page links to them with a role::

    {course-download}`data`
    {course-download}`Get the toolkit <toolkit>`

which renders a link with the file's name, kind and size. Enable the extension with
``sphinx: extra_extensions`` in ``_config.yml``.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

__all__ = [
    "DOWNLOADS_FOLDER",
    "Download",
    "build_data_zip",
    "build_wheel",
    "human_size",
    "setup",
]

LOGGER = logging.getLogger(__name__)
#: The folder of the built site that holds the downloads.
DOWNLOADS_FOLDER = "downloads"
DATA_ZIP = "planlab-data.zip"
#: A fixed time stamp for every member of the zip, so that the same data give the same bytes.
ZIP_DATE = (2026, 1, 1, 0, 0, 0)
DATA_FILES = ("*.csv", "datapackage.json", "README.md")


@dataclass(frozen=True)
class Download:
    """One file the site offers, as a page links to it."""

    path: Path
    kind: str

    @property
    def name(self) -> str:
        """The file's name."""
        return self.path.name

    def label(self) -> str:
        """Return the link text: name, kind and size, such as ``planlab-data.zip (zip, 1.1 MB)``."""
        return f"{self.name} ({self.kind}, {human_size(self.path.stat().st_size)})"


def human_size(size: int) -> str:
    """Return a file size in words a reader knows.

    Parameters
    ----------
    size
        The size in bytes.

    Returns
    -------
    str
        For example ``"740 kB"`` or ``"1.2 MB"``.

    Examples
    --------
    >>> human_size(1_234_567)
    '1.2 MB'
    >>> human_size(45_000)
    '45 kB'
    """
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1_000))} kB"


def build_data_zip(datasets: Path, out: Path) -> Path:
    """Write the course's data into one zip file, byte for byte the same for the same data.

    Parameters
    ----------
    datasets
        The repository's ``datasets`` folder.
    out
        The folder to write ``planlab-data.zip`` into.

    Returns
    -------
    Path
        The zip file written.
    """
    files = sorted({path for pattern in DATA_FILES for path in datasets.glob(pattern)})
    if not files:
        raise FileNotFoundError(f"no data files in {datasets}")
    target = out / DATA_ZIP
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            member = zipfile.ZipInfo(f"planlab-data/{path.name}", date_time=ZIP_DATE)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            archive.writestr(member, path.read_bytes())
    return target


def build_wheel(project: Path, out: Path) -> Path:
    """Build the toolkit's wheel with hatchling, offline and without a build environment.

    Parameters
    ----------
    project
        The folder holding ``pyproject.toml``.
    out
        The folder to write the wheel into; older wheels there are removed.

    Returns
    -------
    Path
        The wheel written.
    """
    for old in out.glob("planlab-*.whl"):
        old.unlink()
    code = "import sys; from hatchling.build import build_wheel; print(build_wheel(sys.argv[1]))"
    done = subprocess.run(
        [sys.executable, "-c", code, str(out)],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the toolkit's wheel did not build:\n{done.stderr[-2000:]}")
    return out / done.stdout.strip().splitlines()[-1]


def _make_downloads(app: Sphinx) -> None:
    """Build the downloads into the site at the start of an HTML build."""
    # Sphinx's documented place for an extension's data is an attribute of its own on the
    # build environment, which Sphinx's types do not know about.
    app.env.planlab_downloads = {}  # type: ignore[attr-defined]
    if app.builder.format != "html":
        return
    project = Path(app.srcdir)
    out = Path(app.outdir) / DOWNLOADS_FOLDER
    out.mkdir(parents=True, exist_ok=True)
    app.env.planlab_downloads = {  # type: ignore[attr-defined]
        "data": Download(build_data_zip(project / "datasets", out), "zip"),
        "toolkit": Download(build_wheel(project, out), "Python wheel"),
    }
    LOGGER.info("planlab: wrote the data and the toolkit into %s/", DOWNLOADS_FOLDER)


class CourseDownload(SphinxRole):
    """``{course-download}`data```, or with text ``{course-download}`Get it <toolkit>```."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """Render the link, relative to the page it is on."""
        text, _, key = self.text.rpartition("<")
        key = key.rstrip(">").strip() if text else self.text.strip()
        downloads: dict[str, Download] = getattr(self.env, "planlab_downloads", {})
        if key not in ("data", "toolkit"):
            message = self.inliner.reporter.error(
                f"course-download: unknown download {key!r}; use 'data' or 'toolkit'",
                line=self.lineno,
            )
            return [], [message]
        if key not in downloads:
            return [nodes.literal(text=key)], []
        download = downloads[key]
        depth = self.env.docname.count("/")
        uri = "../" * depth + f"{DOWNLOADS_FOLDER}/{download.name}"
        label = text.strip() or download.label()
        return [nodes.reference(self.rawtext, label, refuri=uri, classes=["course-download"])], []


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the role and the build step with Sphinx.

    Parameters
    ----------
    app
        The Sphinx application.

    Returns
    -------
    dict
        Extension metadata: safe for parallel reading and writing.
    """
    app.connect("builder-inited", _make_downloads)
    app.add_role("course-download", CourseDownload())
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
