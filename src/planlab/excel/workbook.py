"""A model workbook laid out the way planners and finance colleagues expect.

:class:`ModelWorkbook` starts an ``openpyxl`` workbook with six sheets, in this order:

* **README**: what the workbook is, how to use it, and the key to the cell colours;
* **Inputs**: the numbers a planner may change, in pale yellow, each with a named range;
* **Calculation**: live formulas (never pasted values) that work from the inputs;
* **Outputs**: the results, in pale blue, each a formula pointing at the calculation;
* **Chart**: a chart of the outputs (see :meth:`ModelWorkbook.add_chart`);
* **Assumptions**: the assumptions log: assumption, value, source and basis.

Tables are placed one under another on a sheet with :meth:`ModelWorkbook.add_table`, which
returns a :class:`Table` that knows the address of every cell, so later formulas can point at
it. Styles, number formats and named ranges are written into the file, so they survive a
save and a load, in Excel and in LibreOffice Calc.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from planlab.errors import InputValueError

__all__ = [
    "CELL_STYLES",
    "SHEETS",
    "Assumption",
    "CellValue",
    "ModelWorkbook",
    "Table",
    "excel_formula",
]

#: The sheets of a model workbook, in order.
SHEETS = ("README", "Inputs", "Calculation", "Outputs", "Chart", "Assumptions")

#: The fill colour (RGB hex) of each kind of cell: inputs pale yellow, calculations pale grey,
#: outputs pale blue, column headings mid blue. Labels have no fill.
CELL_STYLES = {
    "input": "FFF2CC",
    "calculation": "F2F2F2",
    "output": "DDEBF7",
    "heading": "BDD7EE",
}

#: What a cell can hold: a number, some text, or a formula (text starting with ``=``).
CellValue = float | int | str | None

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")
_LOOKS_LIKE_CELL = re.compile(r"^[A-Za-z]{1,3}[0-9]+$|^[RrCc]$|^[Rr][0-9]*[Cc][0-9]*$")
_THIN = Side(style="thin", color="A6A6A6")


@dataclass(frozen=True)
class Assumption:
    """One row of a workbook's assumptions log.

    Parameters
    ----------
    assumption
        What is assumed, in plain words ("Non-demographic growth in bed days a year").
    value
        The value assumed, as a number or as text ("-0.14% a year").
    source
        Where the value comes from (a publication, a data set, a workshop).
    basis
        Why the value is reasonable, or how it was worked out.
    """

    assumption: str
    value: float | str
    source: str
    basis: str


@dataclass(frozen=True)
class Table:
    """Where a table sits on a sheet: its heading row, first column and columns.

    Parameters
    ----------
    sheet
        The sheet's name.
    header_row
        The row holding the column headings (1-based); data start on the next row.
    first_column
        The first column (1-based: 1 is column A).
    columns
        The column headings, left to right.
    rows
        The number of data rows.
    title
        The heading written above the table.
    """

    sheet: str
    header_row: int
    first_column: int
    columns: tuple[str, ...]
    rows: int
    title: str = ""
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {name: i for i, name in enumerate(self.columns)})

    def position(self, column: str) -> int:
        """Return where ``column`` is in the table: 0 for the first column."""
        if column not in self._index:
            raise InputValueError("column", column, f"one of the table's columns {self.columns}")
        return self._index[column]

    def column_letter(self, column: str) -> str:
        """Return the spreadsheet letter of ``column`` (``"C"``)."""
        return get_column_letter(self.first_column + self.position(column))

    def row_number(self, row: int) -> int:
        """Return the sheet row of data row ``row`` (0 is the first data row)."""
        if isinstance(row, bool) or not isinstance(row, int) or not 0 <= row < self.rows:
            raise InputValueError("row", row, f"a data row from 0 to {self.rows - 1}")
        return self.header_row + 1 + row

    def cell(self, row: int, column: str, *, sheet: bool = False, absolute: bool = False) -> str:
        """Return the address of one cell, such as ``"C7"`` or ``"Inputs!$C$7"``.

        Parameters
        ----------
        row
            The data row, 0 for the first.
        column
            The column heading.
        sheet
            Put the sheet's name in front, for a formula on another sheet.
        absolute
            Fix the row and column with ``$`` (needed in a named range).
        """
        dollar = "$" if absolute else ""
        address = f"{dollar}{self.column_letter(column)}{dollar}{self.row_number(row)}"
        return f"{_quoted(self.sheet)}!{address}" if sheet else address

    def column_range(self, column: str, *, sheet: bool = True) -> str:
        """Return the absolute address of a column's data, such as ``"Inputs!$C$5:$C$11"``."""
        first = self.cell(0, column, absolute=True)
        last = self.cell(self.rows - 1, column, absolute=True)
        return f"{_quoted(self.sheet)}!{first}:{last}" if sheet else f"{first}:{last}"


class ModelWorkbook:
    """A model workbook: inputs, live calculation, outputs, a chart and an assumptions log.

    Parameters
    ----------
    title
        The model's name, shown at the top of every sheet.
    purpose
        What the model is for and what it reproduces, in a sentence or two.
    how_to_use
        Steps for the reader, one per item, shown as a list on the README sheet.

    Attributes
    ----------
    workbook : openpyxl.Workbook
        The workbook being built, for anything this class does not cover.
    tables : list of Table
        Every table placed with :meth:`add_table`, in order.

    Raises
    ------
    InputValueError
        If ``title`` or ``purpose`` is empty.

    Examples
    --------
    >>> book = ModelWorkbook("Beds", "Beds needed for a year's bed days.")
    >>> book.add_input("BedDays", 30000, "Bed days a year", "bed days")
    'BedDays'
    >>> book.add_input("Occupancy", 0.85, "Target occupancy", "fraction", number_format="0%")
    'Occupancy'
    >>> table = book.add_table("Outputs", "Result", ["Measure", "Value"], [["Beds", None]])
    >>> book.write(table, 0, "Value", "=ROUNDUP(BedDays/(365*Occupancy),0)", style="output")
    >>> table.cell(0, "Value", sheet=True)
    'Outputs!C5'
    """

    def __init__(self, title: str, purpose: str, how_to_use: Sequence[str] = ()) -> None:
        for name, text in (("title", title), ("purpose", purpose)):
            if not isinstance(text, str) or not text.strip():
                raise InputValueError(name, text, "some text saying what the workbook is")
        self.title = title
        self.purpose = purpose
        self.how_to_use = list(how_to_use)
        self.workbook = Workbook()
        first = self.workbook.active
        assert first is not None
        first.title = SHEETS[0]
        for name in SHEETS[1:]:
            self.workbook.create_sheet(name)
        self._next_row = dict.fromkeys(SHEETS, 3)
        self._assumptions: list[Assumption] = []
        self._inputs: Table | None = None
        self.tables: list[Table] = []
        for name in SHEETS[1:]:
            sheet = self.sheet(name)
            sheet["A1"] = f"{title}: {name.lower()}"
            sheet["A1"].font = Font(bold=True, size=13)
            sheet.column_dimensions["A"].width = 4
        self._write_assumptions_heading()

    # -- sheets and names ---------------------------------------------------------------

    def sheet(self, name: str) -> Worksheet:
        """Return the sheet called ``name`` (one of :data:`SHEETS`)."""
        if name not in SHEETS:
            raise InputValueError("sheet", name, f"one of {', '.join(SHEETS)}")
        sheet = self.workbook[name]
        assert isinstance(sheet, Worksheet)
        return sheet

    def define_name(self, name: str, reference: str) -> str:
        """Give a cell or range a workbook-wide name, for use in formulas.

        Parameters
        ----------
        name
            Letters, digits, ``_`` and ``.``, starting with a letter or ``_``, and not
            something Excel would read as a cell address (``BD2040`` is column BD, row 2040).
        reference
            An absolute address with its sheet, such as ``"Inputs!$C$5"``.

        Returns
        -------
        str
            ``name``.

        Raises
        ------
        InputValueError
            If the name is not allowed or is already used.
        """
        if not isinstance(name, str) or not _NAME.match(name) or _LOOKS_LIKE_CELL.match(name):
            raise InputValueError(
                "name",
                name,
                "letters, digits and _ starting with a letter, and not a cell address "
                "(write BedDays2040, not BD2040)",
            )
        if name in self.workbook.defined_names:
            raise InputValueError("name", name, "a name not used already in this workbook")
        self.workbook.defined_names[name] = DefinedName(name, attr_text=reference)
        return name

    # -- inputs ---------------------------------------------------------------------------

    def add_input(
        self,
        name: str,
        value: float,
        label: str,
        unit: str = "",
        note: str = "",
        number_format: str = "General",
    ) -> str:
        """Add one named input to the Inputs sheet's list of single values.

        Parameters
        ----------
        name
            The named range, used in formulas (``"GrowthRate"``).
        value
            The value, a number.
        label
            What the input is, in plain words.
        unit
            Its unit ("bed days", "fraction").
        note
            Where it comes from, or how to choose it.
        number_format
            How the cell shows the number, such as ``"0.00%"`` or ``"#,##0"``.

        Returns
        -------
        str
            ``name``, to use in formulas.

        Raises
        ------
        InputValueError
            If ``value`` is not a number, or the name is not allowed.
        """
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InputValueError(name, value, "a number")
        if self._inputs is None:
            header = self._take_rows("Inputs", 0)
            self._inputs = Table("Inputs", header, 2, _INPUT_COLUMNS, 0, "Single values")
            self._write_headings(self._inputs, "Single values")
            # The list of single values comes first and grows; later tables leave room.
            self._next_row["Inputs"] = self._inputs.header_row + _MAX_SINGLE_INPUTS + 2
        table = self._inputs
        if table.rows >= _MAX_SINGLE_INPUTS:
            raise InputValueError("name", name, f"one of no more than {_MAX_SINGLE_INPUTS} inputs")
        row = table.rows
        self._inputs = table = Table(
            "Inputs", table.header_row, 2, _INPUT_COLUMNS, row + 1, table.title
        )
        self.define_name(name, table.cell(row, "Value", sheet=True, absolute=True))
        contents: tuple[CellValue, ...] = (label, name, value, unit, note)
        for column, content in zip(_INPUT_COLUMNS, contents, strict=True):
            self.write(table, row, column, content)
        self._style(table, row, "Value", "input", number_format)
        return name

    # -- tables ---------------------------------------------------------------------------

    def add_table(
        self,
        sheet: str,
        title: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[CellValue]],
        *,
        style: str | dict[str, str] = "calculation",
        number_formats: dict[str, str] | None = None,
        names: dict[str, str] | None = None,
    ) -> Table:
        """Place a table under the last one on ``sheet`` and write its rows.

        Parameters
        ----------
        sheet
            One of :data:`SHEETS` (not README, Chart or Assumptions).
        title
            A heading written above the table.
        columns
            The column headings.
        rows
            The data, one list per row; text starting with ``=`` is a formula, and ``None``
            leaves a cell to fill in later with :meth:`write` (for formulas that need the
            table's own addresses).
        style
            ``"input"``, ``"calculation"``, ``"output"`` or ``"label"`` for every cell, or a
            dict giving one per column (columns left out are labels).
        number_formats
            Number format of each column, such as ``{"Rate": "0.0"}``.
        names
            A named range for whole columns: ``{"Rate": "BedDayRates"}``.

        Returns
        -------
        Table
            Where the table is, to address its cells in later formulas.

        Raises
        ------
        InputValueError
            If the sheet is not one for tables, a row has the wrong length, or a style is
            unknown.
        """
        if sheet not in ("Inputs", "Calculation", "Outputs"):
            raise InputValueError("sheet", sheet, "Inputs, Calculation or Outputs")
        columns = tuple(columns)
        for number, row in enumerate(rows):
            if len(row) != len(columns):
                raise InputValueError(
                    "rows", f"row {number} with {len(row)} cells", f"{len(columns)} cells a row"
                )
        styles = style if isinstance(style, dict) else dict.fromkeys(columns, style)
        for kind in styles.values():
            if kind not in (*CELL_STYLES, "label") or kind == "heading":
                raise InputValueError("style", kind, "input, calculation, output or label")
        header = self._take_rows(sheet, len(rows))
        table = Table(sheet, header, 2, columns, len(rows), title)
        self.tables.append(table)
        self._write_headings(table, title)
        formats = number_formats or {}
        for number, row in enumerate(rows):
            for column, content in zip(columns, row, strict=True):
                self.write(table, number, column, content)
                self._style(table, number, column, styles.get(column, "label"), formats.get(column))
        for column, name in (names or {}).items():
            self.define_name(name, table.column_range(column))
        return table

    def write(
        self,
        table: Table,
        row: int,
        column: str,
        content: CellValue,
        *,
        style: str | None = None,
        number_format: str | None = None,
    ) -> None:
        """Write a number, text or formula into one cell of ``table``.

        Parameters
        ----------
        table
            A table from :meth:`add_table`.
        row, column
            The data row (0 first) and column heading.
        content
            A number, text, ``None``, or a formula starting with ``=``.
        style
            Restyle the cell: ``"input"``, ``"calculation"``, ``"output"`` or ``"label"``.
        number_format
            The cell's number format.

        Raises
        ------
        InputValueError
            If ``content`` is not a number, text or ``None``, or the formula's brackets do
            not balance.
        """
        if isinstance(content, bool) or not isinstance(content, int | float | str | None):
            raise InputValueError("content", content, "a number, text or a formula")
        if isinstance(content, str) and content.startswith("=") and not _balanced(content):
            raise InputValueError("content", content, "a formula whose brackets balance")
        if isinstance(content, str) and content.startswith("="):
            content = excel_formula(content)
        self.sheet(table.sheet)[table.cell(row, column)] = content
        self.format_cell(table, row, column, style=style, number_format=number_format)

    def format_cell(
        self,
        table: Table,
        row: int,
        column: str,
        *,
        style: str | None = None,
        number_format: str | None = None,
    ) -> None:
        """Restyle one cell of ``table``, or change how it shows its number.

        Parameters
        ----------
        table
            A table from :meth:`add_table`.
        row, column
            The data row (0 first) and column heading.
        style
            ``"input"``, ``"calculation"``, ``"output"`` or ``"label"``; ``None`` keeps it.
        number_format
            A number format such as ``"0.0%"``; ``None`` keeps it.

        Raises
        ------
        InputValueError
            If the style is unknown.
        """
        if style is not None and (style not in (*CELL_STYLES, "label") or style == "heading"):
            raise InputValueError("style", style, "input, calculation, output or label")
        if style is not None or number_format is not None:
            self._style(table, row, column, style, number_format)

    # -- chart and assumptions -------------------------------------------------------------

    def add_chart(
        self,
        table: Table,
        x_column: str,
        y_columns: Sequence[str],
        title: str,
        x_title: str,
        y_title: str,
        kind: str = "line",
        anchor: str = "B3",
    ) -> None:
        """Draw a line or bar chart of a table's columns on the Chart sheet.

        Parameters
        ----------
        table
            The table holding the data (usually on the Outputs sheet).
        x_column
            The column of categories along the horizontal axis (years, beds).
        y_columns
            One series per column; the heading is the series' name in the legend.
        title, x_title, y_title
            The chart's title and axis titles (say the units).
        kind
            ``"line"`` or ``"bar"``.
        anchor
            The cell of the Chart sheet where the chart's top-left corner sits.

        Raises
        ------
        InputValueError
            If ``kind`` is not line or bar, or a column is not in the table.
        """
        if kind not in ("line", "bar"):
            raise InputValueError("kind", kind, '"line" or "bar"')
        chart = LineChart() if kind == "line" else BarChart()
        chart.title = title
        chart.x_axis.title = x_title
        chart.y_axis.title = y_title
        # openpyxl hides both axes unless told otherwise; a planner needs to read them.
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.width, chart.height = 24, 12
        source = self.sheet(table.sheet)
        top, bottom = table.header_row, table.header_row + table.rows
        for column in y_columns:
            where = table.first_column + table.position(column)
            data = Reference(source, min_col=where, max_col=where, min_row=top, max_row=bottom)
            chart.add_data(data, titles_from_data=True)
        x_where = table.first_column + table.position(x_column)
        chart.set_categories(
            Reference(source, min_col=x_where, max_col=x_where, min_row=top + 1, max_row=bottom)
        )
        self.sheet("Chart").add_chart(chart, anchor)

    def add_assumption(self, assumption: Assumption) -> None:
        """Add a row to the Assumptions sheet (assumption, value, source, basis)."""
        if not isinstance(assumption, Assumption):
            raise InputValueError("assumption", assumption, "an Assumption(...)")
        self._assumptions.append(assumption)
        sheet = self.sheet("Assumptions")
        row = 4 + len(self._assumptions)
        for column, content in enumerate(
            (assumption.assumption, assumption.value, assumption.source, assumption.basis), 2
        ):
            cell = sheet.cell(row=row, column=column, value=content)
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    # -- saving ---------------------------------------------------------------------------

    def save(self, path: str | Path) -> Path:
        """Write the README sheet and save the workbook as ``.xlsx``.

        Parameters
        ----------
        path
            Where to save; must end in ``.xlsx``.

        Returns
        -------
        pathlib.Path
            The path saved to.

        Raises
        ------
        InputValueError
            If the path does not end in ``.xlsx``.
        """
        target = Path(path)
        if target.suffix.lower() != ".xlsx":
            raise InputValueError("path", str(path), "a file name ending in .xlsx")
        self._write_readme()
        self.workbook.save(target)
        return target

    # -- helpers --------------------------------------------------------------------------

    def _take_rows(self, sheet: str, rows: int) -> int:
        """Return the heading row for a table of ``rows`` rows, leaving a title row above."""
        header = self._next_row[sheet] + 1
        self._next_row[sheet] = header + rows + 2
        return header

    def _write_headings(self, table: Table, title: str) -> None:
        sheet = self.sheet(table.sheet)
        above = sheet.cell(row=table.header_row - 1, column=table.first_column, value=title)
        above.font = Font(bold=True)
        for offset, heading in enumerate(table.columns):
            cell = sheet.cell(row=table.header_row, column=table.first_column + offset)
            cell.value = heading
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor=CELL_STYLES["heading"])
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            letter = get_column_letter(table.first_column + offset)
            width = max(12, min(40, len(heading) + 4))
            current = sheet.column_dimensions[letter].width or 0
            sheet.column_dimensions[letter].width = max(current, width)

    def _style(
        self, table: Table, row: int, column: str, kind: str | None, number_format: str | None
    ) -> None:
        cell = self.sheet(table.sheet)[table.cell(row, column)]
        if kind is not None and kind != "label":
            cell.fill = PatternFill("solid", fgColor=CELL_STYLES[kind])
            cell.border = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
            cell.font = Font(bold=kind == "output", color="7F6000" if kind == "input" else None)
        if number_format is not None:
            cell.number_format = number_format

    def _write_assumptions_heading(self) -> None:
        sheet = self.sheet("Assumptions")
        sheet["B3"] = "Every assumption the model makes, with its source and basis."
        for column, heading in enumerate(("Assumption", "Value", "Source", "Basis"), 2):
            cell = sheet.cell(row=4, column=column, value=heading)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor=CELL_STYLES["heading"])
        for letter, width in zip("BCDE", (40, 18, 45, 60), strict=True):
            sheet.column_dimensions[letter].width = width

    def _write_readme(self) -> None:
        sheet = self.sheet("README")
        for row in sheet.iter_rows():
            for cell in row:
                cell.value = None
        sheet.column_dimensions["A"].width = 100
        lines: list[tuple[str, str | None]] = [
            (self.title, "title"),
            (self.purpose, None),
            ("", None),
            ("How to use this workbook", "bold"),
            *((f"{n}. {step}", None) for n, step in enumerate(self.how_to_use, 1)),
            ("", None),
            ("The sheets", "bold"),
            *((f"{name}: {_SHEET_NOTES[name]}", None) for name in SHEETS[1:]),
            ("", None),
            ("Cell colours", "bold"),
            ("Pale yellow: an input you may change.", "input"),
            ("Pale grey: a calculation (a live formula; do not type over it).", "calculation"),
            ("Pale blue: an output (a live formula).", "output"),
            ("", None),
            (
                "Written by the planlab toolkit. The formulas recalculate in Excel and in "
                "LibreOffice Calc; the toolkit's tests check them against its Python methods.",
                None,
            ),
        ]
        for row, (text, kind) in enumerate(lines, 1):
            cell = sheet.cell(row=row, column=1, value=text or None)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if kind == "title":
                cell.font = Font(bold=True, size=14)
            elif kind == "bold":
                cell.font = Font(bold=True)
            elif kind in CELL_STYLES:
                cell.fill = PatternFill("solid", fgColor=CELL_STYLES[kind])


_INPUT_COLUMNS = ("Input", "Name", "Value", "Unit", "Note")
_MAX_SINGLE_INPUTS = 20
_SHEET_NOTES = {
    "Inputs": "the numbers you may change (pale yellow), each with a named range.",
    "Calculation": "the working, in live formulas that use the inputs.",
    "Outputs": "the results (pale blue), each pointing at the calculation.",
    "Chart": "a chart of the outputs.",
    "Assumptions": "the assumptions log: each assumption, its value, source and basis.",
}


def excel_formula(formula: str) -> str:
    """Return ``formula`` with Excel's ``_xlfn.`` prefix on functions newer than Excel 2007.

    An .xlsx file must store ``POISSON.DIST`` as ``_xlfn.POISSON.DIST``; without the
    prefix Excel and LibreOffice show ``#NAME?`` (checked in LibreOffice 7.4).

    Parameters
    ----------
    formula
        A formula as a person types it, such as ``"=POISSON.DIST(A2,Mean,TRUE)"``.

    Returns
    -------
    str
        The formula as the file stores it.

    Examples
    --------
    >>> excel_formula("=1-POISSON.DIST(B5,Mean,TRUE)")
    '=1-_xlfn.POISSON.DIST(B5,Mean,TRUE)'
    """
    return _NEWER_FUNCTION.sub(lambda found: "_xlfn." + found.group(1).upper() + "(", formula)


_NEWER_FUNCTION = re.compile(
    r"(?<![\w.])(POISSON\.DIST|NORM\.DIST|NORM\.INV|NORM\.S\.DIST|NORM\.S\.INV|"
    r"BINOM\.DIST|EXPON\.DIST|GAMMA\.DIST|GAMMA\.INV|STDEV\.S|STDEV\.P|CEILING\.MATH|"
    r"FLOOR\.MATH|T\.INV\.2T|CHISQ\.INV\.RT)\(",
    re.IGNORECASE,
)


def _quoted(sheet: str) -> str:
    """Return a sheet's name as a formula writes it: quoted only when it must be."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", sheet):
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def _balanced(formula: str) -> bool:
    """Return whether the round brackets of a formula balance (outside quoted text)."""
    depth = 0
    for part in formula.split('"')[::2]:
        for char in part:
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth < 0:
                return False
    return depth == 0
