"""Recalculate workbooks in LibreOffice Calc, run headless, and read the values back.

``openpyxl`` writes formulas but never works them out, so a workbook it saves holds no
results. :func:`recalculate` opens workbooks in LibreOffice Calc without a window
(``soffice --headless --convert-to xlsx``), which recalculates them and saves copies that
hold each formula's value; :func:`read_values` reads those values.

**Making sure LibreOffice really recalculates.** By default LibreOffice *trusts the values
cached in an .xlsx file* and does not recalculate on load (Tools > Options > LibreOffice
Calc > Formula > "Recalculation on file load", Excel 2007 and newer: "Never recalculate").
Checked on LibreOffice 7.4: a file whose input was changed but whose cached results were
not kept its stale results when converted with a fresh profile. So :func:`recalculate`
runs LibreOffice with a private user profile whose ``registrymodifications.xcu`` sets
``/org.openoffice.Office.Calc/Formula/Load/OOXMLRecalcMode`` (and ``ODFRecalcMode``) to
0, "Always recalculate". The private profile also lets several runs go at once without
colliding over the user's own profile.

LibreOffice is Debian's ``libreoffice-calc-nogui`` package (``apt-get install
libreoffice-calc-nogui``); on other systems, install LibreOffice from libreoffice.org.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import load_workbook

from planlab.errors import InputValueError, PlanlabError

__all__ = [
    "RECALCULATE_ON_LOAD",
    "LibreOfficeError",
    "find_soffice",
    "read_values",
    "recalculate",
]

#: LibreOffice settings that make it recalculate every formula when it opens a file
#: (0 is "Always recalculate"), written into the private profile's
#: ``user/registrymodifications.xcu``.
RECALCULATE_ON_LOAD = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

_INSTALL = (
    "install LibreOffice Calc (Debian or Ubuntu: sudo apt-get install libreoffice-calc-nogui; "
    "elsewhere see libreoffice.org)"
)


class LibreOfficeError(PlanlabError, RuntimeError):
    """LibreOffice is missing, failed, timed out, or saved no recalculated copy.

    Parameters
    ----------
    why
        What went wrong and what to do.
    """

    def __init__(self, why: str) -> None:
        self.why = why
        super().__init__(why)


def find_soffice() -> str | None:
    """Return the path of LibreOffice's ``soffice`` program, or ``None`` if it is missing."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def recalculate(
    paths: Sequence[str | Path],
    out_dir: str | Path,
    *,
    profile_dir: str | Path | None = None,
    timeout: float = 120,
) -> list[Path]:
    """Recalculate workbooks in LibreOffice Calc and save copies holding the values.

    All the workbooks are done in one run of LibreOffice, which takes a few seconds to
    start.

    Parameters
    ----------
    paths
        The ``.xlsx`` files to recalculate.
    out_dir
        A folder for the recalculated copies (same file names); it must not be the folder
        the workbooks are in.
    profile_dir
        A folder for LibreOffice's private user profile; by default a temporary one,
        removed afterwards.
    timeout
        Seconds to wait for LibreOffice before stopping it.

    Returns
    -------
    list of pathlib.Path
        The recalculated copies, in the order of ``paths``.

    Raises
    ------
    InputValueError
        If there are no paths, a file is missing or not ``.xlsx``, or ``out_dir`` holds
        one of the workbooks.
    LibreOfficeError
        If LibreOffice is missing, fails, takes longer than ``timeout``, or saves no copy.
    """
    files = [Path(path).resolve() for path in paths]
    if not files:
        raise InputValueError("paths", paths, "one or more .xlsx files")
    for file in files:
        if file.suffix.lower() != ".xlsx" or not file.is_file():
            raise InputValueError("paths", str(file), "existing .xlsx files")
    target = Path(out_dir).resolve()
    if any(file.parent == target for file in files):
        raise InputValueError("out_dir", str(out_dir), "a folder other than the workbooks' own")
    soffice = find_soffice()
    if soffice is None:
        raise LibreOfficeError(f"LibreOffice's soffice program was not found: {_INSTALL}.")
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="planlab-lo-") as scratch:
        profile = Path(profile_dir) if profile_dir is not None else Path(scratch)
        (profile / "user").mkdir(parents=True, exist_ok=True)
        (profile / "user" / "registrymodifications.xcu").write_text(
            RECALCULATE_ON_LOAD, encoding="utf-8"
        )
        command = [
            soffice,
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(target),
            *map(str, files),
        ]
        # Its own process group, so a timeout stops soffice.bin too, not only the
        # soffice script that started it.
        with subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        ) as run:
            try:
                _, stderr = run.communicate(timeout=timeout)
            except subprocess.TimeoutExpired as error:
                os.killpg(run.pid, signal.SIGKILL)
                run.communicate()
                raise LibreOfficeError(
                    f"LibreOffice took longer than {timeout} s to recalculate {len(files)} "
                    "workbook(s); try a longer timeout, or check no dialogue is waiting."
                ) from error
    copies = [target / file.name for file in files]
    missing = [copy.name for copy in copies if not copy.is_file()]
    if run.returncode != 0 or missing:
        raise LibreOfficeError(
            f"LibreOffice (exit code {run.returncode}) saved no recalculated copy of "
            f"{', '.join(missing) or 'the workbooks'}; it said: {stderr.strip()[-500:]}"
        )
    return copies


def read_values(path: str | Path, sheet: str, cells: Sequence[str]) -> dict[str, object]:
    """Read the values (not the formulas) of some cells of a recalculated workbook.

    Parameters
    ----------
    path
        A workbook saved by a spreadsheet program, such as one from :func:`recalculate`.
    sheet
        The sheet's name.
    cells
        Cell addresses such as ``"C7"``.

    Returns
    -------
    dict
        Each address and its value; ``None`` for a formula that was never calculated
        (a workbook saved by ``openpyxl`` holds no values).

    Raises
    ------
    InputValueError
        If the sheet is not in the workbook.
    """
    book = load_workbook(path, data_only=True)
    if sheet not in book.sheetnames:
        raise InputValueError("sheet", sheet, f"one of {', '.join(book.sheetnames)}")
    values = book[sheet]
    return {cell: values[cell].value for cell in cells}
