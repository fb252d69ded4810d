"""One module per group of tables of the fictional Lochanvale partnership.

Lochanvale Health and Social Care Partnership is fictional. Each module holds the small
functions that make its tables; :mod:`planlab.data.generate` runs them all in order.
"""

__all__: list[str] = []
