"""Reading an exercise from its single source: the solution notebook.

An exercise is one notebook in ``solutions/``. Its cells carry a ``planlab``
mapping in their metadata that says what each cell is for:

``{"role": "parameters"}``
    The papermill parameters cell (also tagged ``parameters``), for example the
    seed of the learner's own variant of the data.
``{"role": "answer", "question": "q1", "kind": "number", "points": 2, "answer": "beds_85", ...}``
    A code cell holding a question's solution between ``# BEGIN SOLUTION`` and
    ``# END SOLUTION``. ``answer`` names the variable the answer is stored in;
    ``stub`` is what the learner sees instead; ``hint`` and ``units`` are shown
    in feedback; ``public`` and ``hidden`` list checks (see
    :mod:`planlab.grading.checks`); a function question lists ``calls`` (public)
    and ``hidden_calls`` (grading only) as lists of arguments.
``{"role": "reflection", "question": "q6", "points": 3, "rubric": "..."}``
    A Markdown cell holding a model answer to a question a trainer marks.
``{"role": "hidden"}``
    A cell for the solution only (author's notes); left out of every other copy.

Every other cell is shared by the solution, the learner's notebook and the
grading notebook unchanged. The notebook's own metadata holds
``{"planlab": {"exercise": "<id>", "title": "..."}}``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from planlab.errors import ExerciseError
from planlab.grading.answers import EXPECTED_FORM
from planlab.grading.checks import validate_check

KINDS = (*EXPECTED_FORM, "reflection")
ROLES = ("parameters", "answer", "reflection", "hidden")
BEGIN_SOLUTION = "# BEGIN SOLUTION"
END_SOLUTION = "# END SOLUTION"


@dataclass(frozen=True)
class Question:
    """One question of an exercise, as its author wrote it."""

    id: str
    kind: str
    points: float
    answer: str = ""
    stub: str = ""
    hint: str = ""
    units: str = ""
    rubric: str = ""
    public: tuple[dict[str, Any], ...] = ()
    hidden: tuple[dict[str, Any], ...] = ()
    calls: tuple[tuple[Any, ...], ...] = ()
    hidden_calls: tuple[tuple[Any, ...], ...] = ()

    @property
    def is_reflective(self) -> bool:
        """True for a question a trainer marks by hand."""
        return self.kind == "reflection"

    def public_metadata(self) -> dict[str, Any]:
        """Return what a learner's copy of the notebook may hold about this question."""
        data = {"question": self.id, "kind": self.kind, "points": self.points}
        optional = {"answer": self.answer, "hint": self.hint, "units": self.units}
        optional["rubric"] = self.rubric
        data.update({key: value for key, value in optional.items() if value})
        return data


@dataclass(frozen=True)
class Exercise:
    """An exercise read from its solution notebook."""

    id: str
    title: str
    path: Path
    notebook: Any
    questions: tuple[Question, ...]
    fingerprint: str
    files: tuple[str, ...] = field(default=())

    @property
    def max_score(self) -> float:
        """Total points over every question."""
        return sum(question.points for question in self.questions)

    def question(self, question_id: str) -> Question:
        """Return the question with ``question_id``."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise ExerciseError(f"{self.path.name} has no question {question_id!r}")

    @property
    def salt(self) -> str:
        """Text mixed into public digests, different for every exercise."""
        return f"planlab:{self.id}"


def planlab_meta(cell: Any) -> dict[str, Any]:
    """Return a cell's ``planlab`` metadata, or ``{}`` when absent or not a mapping.

    Submissions are untrusted: their metadata may have been edited into any shape.
    """
    metadata = cell.get("metadata", {})
    meta = metadata.get("planlab", {}) if isinstance(metadata, dict) else {}
    return meta if isinstance(meta, dict) else {}


def cell_role(cell: Any) -> str:
    """Return a cell's ``planlab`` role, or ``""`` for a shared cell."""
    return str(planlab_meta(cell).get("role", ""))


def cell_question(cell: Any) -> str:
    """Return the question id a cell belongs to, or ``""``."""
    return str(planlab_meta(cell).get("question", ""))


def _require(condition: bool, where: str, message: str) -> None:
    if not condition:
        raise ExerciseError(f"{where}: {message}")


def _question_from_cell(cell: Any, where: str) -> Question:
    meta = dict(cell.metadata["planlab"])
    question_id = str(meta.get("question", ""))
    _require(bool(question_id), where, "an answer or reflection cell needs a 'question' id")
    where = f"{where} (question {question_id!r})"
    kind = meta.get("kind", "reflection" if meta["role"] == "reflection" else "")
    _require(kind in KINDS, where, f"'kind' must be one of {', '.join(KINDS)}, not {kind!r}")
    points = meta.get("points")
    _require(isinstance(points, int | float) and points > 0, where, "'points' must be above 0")
    if kind == "reflection":
        _require(cell.cell_type == "markdown", where, "a reflection must be a Markdown cell")
        _require(bool(meta.get("rubric")), where, "a reflection needs a 'rubric' for trainers")
    else:
        _require(cell.cell_type == "code", where, "an answer must be a code cell")
        _require(bool(meta.get("answer")), where, "say which variable holds the answer")
        _require(BEGIN_SOLUTION in cell.source, where, f"mark the solution with {BEGIN_SOLUTION}")
        _require(END_SOLUTION in cell.source, where, f"close the solution with {END_SOLUTION}")
    if kind == "function":
        _require(bool(meta.get("calls")), where, "a function question needs public 'calls'")
    for check in [*meta.get("public", []), *meta.get("hidden", [])]:
        validate_check(question_id, check)
    return Question(
        id=question_id,
        kind=kind,
        points=float(points),
        answer=str(meta.get("answer", "")),
        stub=str(meta.get("stub", f"{meta.get('answer', 'answer')} = ...")),
        hint=str(meta.get("hint", "")),
        units=str(meta.get("units", "")),
        rubric=str(meta.get("rubric", "")),
        public=tuple(meta.get("public", [])),
        hidden=tuple(meta.get("hidden", [])),
        calls=tuple(tuple(args) for args in meta.get("calls", [])),
        hidden_calls=tuple(tuple(args) for args in meta.get("hidden_calls", [])),
    )


def fingerprint(notebook: Any) -> str:
    """Return a digest of a notebook's cells and planlab metadata, ignoring outputs."""
    cells = [(cell.cell_type, cell.source, cell.get("metadata", {})) for cell in notebook.cells]
    text = json.dumps([cells, notebook.metadata.get("planlab", {})], sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_exercise(path: Path) -> Exercise:
    """Read and check an exercise's solution notebook.

    Parameters
    ----------
    path
        The solution notebook, for example ``solutions/example-beds.ipynb``.

    Returns
    -------
    Exercise
        The exercise, with its questions in notebook order.

    Raises
    ------
    ExerciseError
        If the file is missing or unreadable, or any cell's ``planlab`` metadata
        is incomplete or contradictory. The message names the cell and question.
    """
    path = Path(path)
    try:
        notebook = nbformat.read(path, as_version=4)
    except FileNotFoundError as error:
        raise ExerciseError(f"there is no exercise notebook at {path}") from error
    except (OSError, ValueError) as error:
        raise ExerciseError(f"{path} is not a readable notebook: {error}") from error
    meta = notebook.metadata.get("planlab", {})
    exercise_id = str(meta.get("exercise", ""))
    _require(bool(exercise_id), str(path), "the notebook metadata needs planlab.exercise")
    questions: list[Question] = []
    for number, cell in enumerate(notebook.cells, start=1):
        role = cell_role(cell)
        _require(role in ("", *ROLES), f"{path.name}, cell {number}", f"unknown role {role!r}")
        if role in ("answer", "reflection"):
            questions.append(_question_from_cell(cell, f"{path.name}, cell {number}"))
    ids = [question.id for question in questions]
    _require(bool(ids), str(path), "the exercise has no questions")
    repeated = sorted({qid for qid in ids if ids.count(qid) > 1})
    _require(not repeated, str(path), f"question ids used twice: {', '.join(repeated)}")
    return Exercise(
        id=exercise_id,
        title=str(meta.get("title", exercise_id)),
        path=path,
        notebook=notebook,
        questions=tuple(questions),
        fingerprint=fingerprint(notebook),
        files=tuple(meta.get("files", [])),
    )
