"""Synthetic data of the fictional Lochanvale Health and Social Care Partnership.

Lochanvale HSCP is fictional. One module per responsibility:

- :mod:`~planlab.data.parameters`: every calibration figure, with its source: those the
  generator is built from and the published ones its output is set beside;
- :mod:`~planlab.data.tables`: one small function per table, grouped by subject;
- :mod:`~planlab.data.generate`: runs them all, in order, from one seed;
- :mod:`~planlab.data.schema`: the data dictionary, as a Frictionless Data Package;
- :mod:`~planlab.data.store`: writing the files, the same bytes every time;
- :mod:`~planlab.data.validate`: checking files against the schema (the Table Schema
  rules it implements, as Frictionless does, are listed there) and against each other;
- :mod:`~planlab.data.load`: reading a table by name;
- :mod:`~planlab.data.calibration`: key figures beside the published ones;
- :mod:`~planlab.data.realism`: how far the data vary as real series do;
- :mod:`~planlab.data.readme`: the generated ``datasets/README.md``;
- :mod:`~planlab.data.phs`: reading real Public Health Scotland open-data files;
- :mod:`~planlab.data.cli`: the ``planlab data`` commands.
"""

__all__: list[str] = []
