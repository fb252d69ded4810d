"""What a learner's kernel imports runs on Windows and macOS as well as Linux.

The exercise notebook's set-up cell imports the self-check, and its data cells import
``planlab.datasets``. Those imports, and everything of the course's own they pull in,
must avoid modules that exist only on POSIX systems (the grader's process limits,
for example, use ``resource`` and stay on the grader's side).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import planlab

#: Standard-library modules that exist only on POSIX systems (Python's docs, "Unix Specific
#: Services", plus the process-management helpers the grader uses).
POSIX_ONLY = {
    "crypt",
    "curses",
    "fcntl",
    "grp",
    "posix",
    "pty",
    "pwd",
    "readline",
    "resource",
    "spwd",
    "syslog",
    "termios",
    "tty",
}
#: What a learner's kernel imports from the course.
LEARNER_IMPORTS = (
    "planlab.grading.selfcheck",
    "planlab.grading.explain",
    "planlab.datasets",
)


def _course_modules_imported() -> list[str]:
    code = (
        "import json, sys\n"
        f"for name in {list(LEARNER_IMPORTS)!r}:\n"
        "    __import__(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'planlab')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(done.stdout)


def _module_file(name: str) -> Path:
    root = Path(planlab.__file__).parent
    path = root.joinpath(*name.split(".")[1:])
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_the_self_check_pulls_in_none_of_the_grader() -> None:
    modules = _course_modules_imported()
    assert "planlab.grading.selfcheck" in modules
    grader_side = {"runner", "execute", "grade", "gradebook", "feedback", "submissions"}
    assert not [m for m in modules if set(m.split(".")) & grader_side]


@pytest.mark.parametrize("module", _course_modules_imported())
def test_no_module_a_learner_imports_needs_posix(module: str) -> None:
    found = _imports(_module_file(module)) & POSIX_ONLY
    assert not found, f"{module} imports {sorted(found)}, which Windows does not have"


def test_the_check_list_would_catch_the_grader() -> None:
    """The test can fail: the grader's own launcher does use POSIX-only modules."""
    launcher = _imports(_module_file("planlab.grading.execute.launcher")) | _imports(
        _module_file("planlab.grading.execute.processes")
    )
    assert launcher & POSIX_ONLY
