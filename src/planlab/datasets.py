"""The course's datasets: synthetic tables of the fictional Lochanvale partnership.

Lochanvale Health and Social Care Partnership is fictional. A notebook needs one line:

>>> from planlab import datasets
>>> datasets.available()[:3]
['localities', 'population', 'population_projections']
"""

from planlab.data.load import available, load, load_all

__all__ = ["available", "load", "load_all"]
