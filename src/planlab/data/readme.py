"""Write ``datasets/README.md``: the data dictionary and calibration of the fictional partnership.

Lochanvale Health and Social Care Partnership is fictional. The README is generated from
the schema, the parameters and the tables themselves, so it cannot drift from the data.
"""

from __future__ import annotations

import ast
import inspect

import pandas as pd

from planlab.data import parameters as params
from planlab.data.calibration import key_figures
from planlab.data.realism import realism_table
from planlab.data.schema import TABLES

__all__ = [
    "locality_rows",
    "markdown_table",
    "parameter_notes",
    "parameters_section",
    "readme_text",
    "realism_section",
    "special_causes_section",
    "table_section",
]

Tables = dict[str, pd.DataFrame]

INTRODUCTION = """\
# Lochanvale Health and Social Care Partnership (fictional): the course's data

**Lochanvale Health and Social Care Partnership (Lochanvale HSCP) is fictional.** Every
figure in this folder is synthetic except one table: `intervention_evidence.csv` holds
real published effects, each with its source. The rest was made by
`planlab data generate` (seed {seed}) from the parameters in
`src/planlab/data/parameters.py`, each of which names its published source or is marked
[EST] as an estimate. The levels, rates, shapes and trends match
published Scottish statistics (see "Calibration" below), so the methods of the course
show what they would show on real data. Nothing here describes a real place or person.

Files are CSV (UTF-8, comma-separated, one header row), described by `datapackage.json`,
a [Frictionless Data Package](https://specs.frictionlessdata.io/data-package/). Column
names are in PascalCase, months are written `YYYYMM` and financial years `2019/20`, as
Public Health Scotland writes them.

- Load a table in Python: `from planlab import datasets; datasets.load("population")`.
- Check the files: `planlab data validate`.
- Make them again: `planlab data generate` (the same seed gives the same bytes).

## The partnership and its code scheme

The codes are made up. Real Scottish codes start with `S` (`S37` for a partnership);
Lochanvale's start with `LV`: `{partnership}` is the partnership, `LVL01` to `LVL04` are its
localities and `LVH01` to `LVH03` its A&E sites. People in the `people` sample are numbered
`P000001` onwards.

| code | locality | character | people (mid-{year}) |
| --- | --- | --- | --- |
"""

CLOSING = """
## Licence

The synthetic data are released under CC0 1.0 (public domain dedication). The published
figures they were calibrated to are Crown copyright, used under the Open Government
Licence v3.0.
"""


def markdown_table(frame: pd.DataFrame) -> str:
    """Return a data frame as a Markdown table (no index)."""
    header = "| " + " | ".join(frame.columns) + " |"
    rule = "| " + " | ".join("---" for _ in frame.columns) + " |"
    rows = [
        "| " + " | ".join(str(value) for value in row) + " |"
        for row in frame.itertuples(index=False)
    ]
    return "\n".join([header, rule, *rows]) + "\n"


def locality_rows() -> str:
    """Return the rows of the code scheme table."""
    return "".join(
        f"| `{loc.code}` | {loc.name} | {loc.character} | {loc.population:,} |\n"
        for loc in params.LOCALITIES
    )


def table_section(name: str, tables: Tables) -> str:
    """Return the README section that describes one table."""
    described = next(table for table in TABLES if table.name == name)
    fields = pd.DataFrame(
        {
            "column": [f"`{column.name}`" for column in described.fields],
            "type": [column.type for column in described.fields],
            "meaning": [column.description for column in described.fields],
        }
    )
    rows = len(tables[name])
    return (
        f"\n### `{described.path}`: {described.title}\n\n{described.description} "
        f"{rows:,} rows; one row per {', '.join(described.primary_key)}.\n\n"
        + markdown_table(fields)
    )


def parameter_notes() -> list[tuple[str, str]]:
    """Return each documented parameter's name and its ``#:`` note (source or [EST]).

    The notes are read from the comments above each constant in
    :mod:`planlab.data.parameters`, so the README repeats exactly what the code says.
    """
    source = inspect.getsource(params)
    lines = source.splitlines()
    notes = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef) and node.name == "PublishedFigure":
            break  # the published figures are in the calibration table instead
        if not isinstance(node, ast.Assign | ast.AnnAssign):
            continue
        target = node.targets[0] if isinstance(node, ast.Assign) else node.target
        comment: list[str] = []
        line = node.lineno - 2
        while line >= 0 and lines[line].startswith("#:"):
            comment.insert(0, lines[line][2:].strip())
            line -= 1
        if not isinstance(target, ast.Name):
            continue
        if comment:
            notes.append((target.id, " ".join(comment)))
        elif notes:  # one note can cover a block of constants
            notes.append((target.id, f"See `{notes[-1][0]}` above."))
    return notes


def parameters_section() -> str:
    """Return the README section that lists every parameter with its source."""
    rows = pd.DataFrame(
        [(f"`{name}`", note.replace("|", "/")) for name, note in parameter_notes()],
        columns=["parameter", "what it is, and its source ([EST] marks an estimate)"],
    )
    return (
        "\n## Parameters and their sources\n\nEvery number the generator uses is in "
        "`src/planlab/data/parameters.py`, with the note below beside it.\n\n"
        + markdown_table(rows)
    )


def special_causes_section() -> str:
    """Return the README section that tells trainers what stories the data hold."""
    winter = ", ".join(params.BAD_WINTER_MONTHS)
    return f"""
## Noise, persistence and special causes: what learners should find

The series are not tidy. Counts scatter more than chance alone because each locality's
level wanders from month to month (persistent AR(1) levels shared by the tables that use
them), so XmR charts find signals and forecasts are as hard as on real data. Beyond that
common-cause variation, these special causes are built in:

- **A bad winter** ({winter}): emergency admissions up by about
  {100 * params.BAD_WINTER_EXTRA:.0f}% at the peak (twice that for people aged 75+) in every
  locality, and ED 4-hour performance down. Scotland's 2017/18 flu season was the worst
  since 2010/11, followed by the March 2018 snow.
- **A service change** ({params.SERVICE_CHANGE_LOCALITY}, from {params.SERVICE_CHANGE_START}):
  a frailty assessment unit opens and emergency admissions of people aged 75+ fall by about
  {100 * params.SERVICE_CHANGE_EFFECT:.0f}% over three months and stay lower: a shift on
  the locality's XmR chart. The unit closes for the winter of 2022/23
  ({", ".join(params.SERVICE_SUSPENDED_MONTHS)}; its staff moved to the wards), and older
  people's admissions rise above their old level for those months. The evidence that
  such services avoid admissions is mixed, so ask learners what else could explain the
  fall.
- **A data-quality month** ({params.DATA_QUALITY_LOCALITY}, {params.DATA_QUALITY_MONTH}):
  a new patient administration system misses about
  {100 * params.DATA_QUALITY_SHORTFALL:.0f}% of the locality's emergency admissions; one
  point far below the lower limit, which is a recording problem, not fewer patients.
- **A care at home provider hands back its contract** ({params.PROVIDER_EXIT_LOCALITY},
  from {params.PROVIDER_EXIT_START}): capacity falls by about
  {100 * params.PROVIDER_EXIT_DROP:.0f}% and is rebuilt over
  {params.PROVIDER_EXIT_RECOVERY_MONTHS} months; delayed discharges rise and stay high for
  months, care at home hours fall and more people wait for care. In general, less care at
  home capacity means more delayed discharges (Allan et al., BMC Health Serv Res 2021).
- **The pandemic**: admissions and attendances fall in spring 2020; delays halve; elective
  capacity falls to about a third over a few weeks and recovers slowly, so the waiting
  list triples and waits over 52 weeks appear from 2021 and keep growing.
- **Calendar**: fewer discharges at weekends (beds fill on Saturday and Sunday and empty
  on weekdays), fewer admissions on Christmas Day and New Year's Day and more just after,
  and wards cleared before Christmas.
- **Engagement on the next plan** (module 6; the responses are fictional, written from a
  phrase bank): care at home waits are raised more where more people aged 65+ wait for
  care at home per 1,000 aged 65+ (latest year of `care_at_home`), leaving hospital where
  delayed bed days per 1,000 aged 65+ are higher (latest 12 months of
  `delayed_discharges`), transport far more in LVL04, GP access most in LVL01, carer
  support mostly by unpaid carers and staffing mostly by staff. Coding by the codebook's
  phrases misses some mentions and wrongly catches negations; the two coders agree least
  on `information`.
- **Option appraisal** (module 12; a fictional business case for intermediate care): the
  intermediate care unit (OPT2) saves the most bed days and has the most capital, so
  optimism bias raises its cost most; the reablement team (OPT3) costs least for each bed
  day saved, with hospital at home (OPT4) close behind; the panel ranks OPT3 first at its
  agreed weights, but OPT4 overtakes it if outcomes for people weigh about a quarter
  more of the total. Reablement's benefit goes most to the most deprived quintile.
- **Discharge to assess** (module 14; `discharge_pathway`, {params.DISCHARGE_TO_ASSESS_LOCALITY}
  from {params.DISCHARGE_TO_ASSESS_START}): the expected wait from ready to leaving falls by
  {100 * (1 - params.DISCHARGE_TO_ASSESS_WAIT_RATIO):.0f}% (rate ratio
  {params.DISCHARGE_TO_ASSESS_WAIT_RATIO}) from the first month, in that locality only;
  readmissions within 28 days do not change. Waits are longer in winter and drift up by
  about {100 * params.PATHWAY_WAIT_TREND:.1f}% a year everywhere, so a plain before-and-after
  comparison understates the fall; each person's wait is overdispersed and each locality's
  level persists from month to month (AR(1), {params.PATHWAY_WAIT_PERSISTENCE}), so an
  interrupted time series needs seasonality and autocorrelation-robust intervals.

Each locality's own ups and downs (its persistent level) are chance, not stories: a
trainer should expect learners to find some of them as signals too, as on real charts.
"""


def realism_section(tables: Tables) -> str:
    """Return the README section that measures realism against real ranges."""
    rows = realism_table(tables)
    rows["Range"] = [
        f"{low:g} to {high:g}" for low, high in zip(rows["Low"], rows["High"], strict=True)
    ]
    rows = rows[["Measure", "Lochanvale", "Range", "Source"]]
    return (
        "\n## Realism\n\nMeasures an analyst would take, beside the range real data give "
        "(`planlab.data.realism`; the tests check each).\n\n" + markdown_table(rows)
    )


def readme_text(tables: Tables, seed: int = params.DEFAULT_SEED) -> str:
    """Return the text of ``datasets/README.md``.

    Parameters
    ----------
    tables
        The generated tables.
    seed
        The seed they were made with.

    Returns
    -------
    str
        Markdown, ending in a newline.
    """
    figures = key_figures(tables)
    figures["Lochanvale"] = figures["Lochanvale"].map(lambda value: f"{value:,.1f}")
    figures["Published"] = figures["Published"].map(lambda value: f"{value:,.1f}")
    return (
        INTRODUCTION.format(seed=seed, partnership=params.PARTNERSHIP_CODE, year=params.BASE_YEAR)
        + locality_rows()
        + "\n## Tables\n"
        + "".join(table_section(name, tables) for name in tables)
        + "\n## Calibration\n\nKey figures of Lochanvale beside the published figures they were "
        "calibrated to. Lochanvale is one small place, so its figures vary by chance around the "
        "national ones.\n\n"
        + markdown_table(figures)
        + special_causes_section()
        + realism_section(tables)
        + parameters_section()
        + CLOSING
    )
