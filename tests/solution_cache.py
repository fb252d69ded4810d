"""Each exercise's solution runs once per test session, however many tests grade it.

The grader runs an exercise's solution (in a kernel) to learn the right answers before it
marks anyone. Many tests grade the same exercise with the same parameters: the contract
for every exercise, the truth of its self-check, its variants, the check that the learner
notebooks are up to date. The solution's answers depend only on the solution notebook, its
parameters, its data files and the datasets it loads, so the test session keeps them, keyed
by all of those, in a folder every xdist worker shares: the first test to need a run does
it, and the others (on any worker) read its answers. A run that fails is never kept, so
each test that expects a failure sees it happen. A kept run serves a later request only if
it finished within that request's limits (every limit of its own no looser), since a run
that finished under tighter limits would have finished under looser ones.

This is a cache of the suite's own work, as ``jupyter-cache`` is for the book; the grader
itself never caches (``planlab.grading.solution.run_solution``).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any

import nbformat
from filelock import FileLock

from planlab.grading import solution
from planlab.grading.model import RunLimits
from planlab.grading.spec import Exercise, fingerprint

RunSolution = Callable[..., dict[str, dict[str, Any]]]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"


def run_key(exercise: Exercise, parameters: Any) -> str:
    """The key of one run: everything its answers can depend on."""
    notebook = nbformat.read(exercise.path, as_version=4)
    files = {name: _digest(path) for name, path in solution.exercise_files(exercise).items()}
    parts = [
        fingerprint(notebook),
        solution.parameters_key(parameters),
        json.dumps(files, sort_keys=True),
        os.environ.get("PLANLAB_DATASETS", ""),
    ]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _within(kept: RunLimits, wanted: RunLimits) -> bool:
    return all(getattr(kept, f.name) <= getattr(wanted, f.name) for f in fields(RunLimits))


def _read(folder: Path, key: str, limits: RunLimits) -> dict[str, Any] | None:
    for entry in sorted(folder.glob(f"{key}-*.pickle")):
        kept = pickle.loads(entry.read_bytes())
        if _within(kept["limits"], limits):
            answers: dict[str, Any] = kept["answers"]
            return answers
    return None


def _write(folder: Path, key: str, limits: RunLimits, answers: dict[str, Any]) -> None:
    name = hashlib.sha256(repr(limits).encode("utf-8")).hexdigest()[:16]
    part = folder / f"{key}-{name}.part"
    part.write_bytes(pickle.dumps({"limits": limits, "answers": answers}))
    part.rename(folder / f"{key}-{name}.pickle")


def cached(original: RunSolution, folder: Path) -> RunSolution:
    """Wrap ``run_solution`` so each distinct run happens once for everyone using ``folder``."""

    @functools.wraps(original)
    def run_solution(
        exercise: Exercise, parameter_sets: Iterable[Any] = (None,), **options: Any
    ) -> dict[str, dict[str, Any]]:
        limits = options.get("limits", solution.DEFAULT_LIMITS)
        unique = {solution.parameters_key(p): p for p in parameter_sets}
        keys = {name: run_key(exercise, p) for name, p in unique.items()}
        found: dict[str, dict[str, Any]] = {}
        with FileLock(str(folder / f"{keys[next(iter(keys))]}.lock")):
            for name, key in keys.items():
                answers = _read(folder, key, limits)
                if answers is not None:
                    found[name] = answers
            missing = [p for name, p in unique.items() if name not in found]
            if missing:
                for name, answers in original(exercise, missing, **options).items():
                    _write(folder, keys[name], limits, answers)
                    found[name] = answers
        return found

    return run_solution


def install(folder: Path) -> Callable[[], None]:
    """Put the cached ``run_solution`` in every loaded module that uses it; return the undo."""
    original = solution.run_solution
    replacement = cached(original, folder)
    patched = [
        module
        for module in list(sys.modules.values())
        if getattr(module, "run_solution", None) is original
    ]
    for module in patched:
        module.run_solution = replacement

    def undo() -> None:
        for module in patched:
            module.run_solution = original

    return undo
