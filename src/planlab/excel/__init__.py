"""Excel workbooks of the course's models, with live formulas a planner can keep using.

Boards and finance colleagues work in Excel, not in notebooks. This package writes a model
as a workbook laid out the way they expect (:class:`ModelWorkbook`): a README sheet, an
Inputs sheet whose cells are pale yellow and named, a Calculation sheet of live formulas,
an Outputs sheet, a chart and an assumptions log.

The *Excel twins* (:func:`projection_twin`, :func:`beds_and_workforce_twin`,
:func:`ward_size_twin`) are workbooks of the course's worked models whose formulas give the
same numbers as the Python methods (module 4's long-range projection, module 8's beds and
workforce, module 9's ward size). :func:`recalculate` opens
workbooks in LibreOffice Calc, run headless, so the toolkit's tests can check every output
cell against Python.

>>> from planlab.excel import ward_size_twin
>>> book = ward_size_twin(mean_occupied=250.0, arrivals_per_day=6.0, mean_stay_days=9.5)
>>> book.sheet("Inputs")["D5"].value   # the mean beds occupied, a named input cell
250.0
"""

from planlab.excel.appraisal_twin import APPRAISAL_OUTPUT_COLUMNS, appraisal_twin
from planlab.excel.recalc import (
    RECALCULATE_ON_LOAD,
    LibreOfficeError,
    find_soffice,
    read_values,
    recalculate,
)
from planlab.excel.twins import beds_and_workforce_twin, projection_twin, ward_size_twin
from planlab.excel.workbook import (
    CELL_STYLES,
    SHEETS,
    Assumption,
    CellValue,
    ModelWorkbook,
    Table,
    excel_formula,
)

__all__ = [
    "APPRAISAL_OUTPUT_COLUMNS",
    "CELL_STYLES",
    "RECALCULATE_ON_LOAD",
    "SHEETS",
    "Assumption",
    "CellValue",
    "LibreOfficeError",
    "ModelWorkbook",
    "Table",
    "appraisal_twin",
    "beds_and_workforce_twin",
    "excel_formula",
    "find_soffice",
    "projection_twin",
    "read_values",
    "recalculate",
    "ward_size_twin",
]
