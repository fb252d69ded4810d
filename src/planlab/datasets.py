"""The course's datasets: synthetic tables of the fictional Lochanvale partnership.

Lochanvale Health and Social Care Partnership is fictional. A notebook needs one line,
and it works wherever the notebook is: in the course's folder the tables are read from
``datasets/``, and after a plain ``pip install`` of the toolkit's wheel from the copy the
wheel carries (``PLANLAB_DATASETS`` names another folder):

>>> from planlab import datasets
>>> datasets.available()[:3]
['localities', 'population', 'population_projections']
"""

from planlab.data.load import available, load, load_all

__all__ = ["available", "load", "load_all"]
