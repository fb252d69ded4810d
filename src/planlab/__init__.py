"""planlab: the toolkit behind the course on strategic and integrated planning.

The notebooks of the course import their shared methods from here, so that each
method is written once, tested once and explained once.
"""

from planlab.capacity import beds_needed, beds_table
from planlab.errors import InputValueError, PlanlabError

__all__ = ["InputValueError", "PlanlabError", "__version__", "beds_needed", "beds_table"]

#: The toolkit's version, as in pyproject.toml.
__version__ = "0.1.0"
