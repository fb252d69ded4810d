"""A newcomer's first commands work in order on a fresh copy: make book, the tests, make book again.

The steps are the session's own build of the book (``tests/book_build.py``), run once in
the background in a copy holding what a clone would, and shared with every test of the
built site. Because the copy borrows the course's environment, a package missing from
``requirements/book.in`` would not show here; ``tests/test_requirements.py`` checks that
from the imports instead. Running the tests leaves ``.pytest_cache/`` (with a
``README.md``) at the top of the copy, which the second build must ignore.
"""

from __future__ import annotations

import pytest

from tests.book_build import BookBuild

pytestmark = pytest.mark.book


def test_make_book_then_the_tests_then_make_book_again(book_build: BookBuild) -> None:
    assert book_build.returncode == 0, f"first make book failed:\n{book_build.log[-3000:]}"

    code, log = book_build.later_steps["the tests"]
    assert code == 0, log[-3000:]
    assert (book_build.course / ".pytest_cache" / "README.md").is_file()

    code, log = book_build.later_steps["make book again"]
    assert code == 0, f"make book after the tests failed:\n{log[-3000:]}"
    assert (book_build.html / "index.html").is_file()
