"""How pytest-xdist shares the tests out between its workers (``make test`` runs two).

``--dist loadfile`` sends each test file to one worker whole, so that a file's module
fixtures (a notebook run once, a hub started once) are made once. A few files hold many
independent tests, one per exercise or per page, with no module fixture: each would keep one
worker busy for minutes while the other had nothing left to do. Those are shared out test by
test. Files go out in the order of collection, in which the tests that need the built book
come last (``tests/conftest.py``), so the workers do everything else while it builds; xdist's
own reordering, largest file first, would send those first and leave a worker waiting.
"""

from __future__ import annotations

from typing import Any

import pytest
from xdist.scheduler import LoadFileScheduling

#: Files of independent tests (no module-scoped fixture) shared out one test at a time.
SHARED_TEST_BY_TEST = frozenset(
    {
        "tests/test_accessibility.py",
        "tests/test_book_pages.py",
        "tests/grading/test_every_exercise.py",
        "tests/grading/test_truth.py",
        "tests/grading/test_variants.py",
    }
)


class CourseScheduling(LoadFileScheduling):
    """``loadfile``, except that the files in ``SHARED_TEST_BY_TEST`` go out test by test."""

    def _split_scope(self, nodeid: str) -> str:
        file = nodeid.split("::", 1)[0]
        return nodeid if file in SHARED_TEST_BY_TEST else file


def make_scheduler(config: pytest.Config, log: Any) -> CourseScheduling | None:
    """The course's scheduler for ``--dist loadfile``; xdist's own for anything else."""
    if config.getvalue("dist") != "loadfile":
        return None
    config.option.loadscopereorder = False
    return CourseScheduling(config, log)
