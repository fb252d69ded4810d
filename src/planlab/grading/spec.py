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
    in feedback. ``compare`` says how an answer is compared with the solution's
    (``decimals``, ``tolerance``, ``columns``, ``ignore_order``; see
    :mod:`planlab.grading.checks`); optional ``parts`` split a question into parts
    that each earn a ``share`` of its points; ``form`` lists form checks, which give
    feedback and never earn marks. A function question lists ``calls`` (example
    inputs the learner's self-check uses) and ``hidden_calls`` (grading only).
``{"role": "mistake", "question": "q1", "answer": "per_100000", "message": "...", "credit": 0}``
    A code cell, placed after its question's answer cell, that computes a common
    wrong answer into its own variable. Its ``message`` tells a learner who gave
    that answer what went wrong; ``credit`` (0 unless the author says otherwise) is
    the share of the points it earns. Learners never see these cells.
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
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import nbformat

from planlab.errors import ExerciseError
from planlab.grading.checks import validate_check, validate_compare
from planlab.grading.kernel.answers import EXPECTED_FORM
from planlab.grading.parameters import Parameter, read_parameters

__all__ = [
    "BEGIN_SOLUTION",
    "END_SOLUTION",
    "Exercise",
    "Mistake",
    "Question",
    "cell_question",
    "cell_role",
    "fingerprint",
    "planlab_meta",
    "read_exercise",
]

KINDS = (*EXPECTED_FORM, "reflection")
ROLES = ("parameters", "answer", "reflection", "mistake", "hidden")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<text>.+?)\s*#*\s*$", flags=re.MULTILINE)
_POINTS = re.compile(r"\s*\([^()]*\bpoints?\b[^()]*\)", flags=re.IGNORECASE)
#: The line that opens the part of a solution cell learners do not see.
BEGIN_SOLUTION = "# BEGIN SOLUTION"
#: The line that closes it.
END_SOLUTION = "# END SOLUTION"


@dataclass(frozen=True)
class Mistake:
    """A common wrong answer to a question, computed by a cell of the solution."""

    question: str
    answer: str
    message: str
    credit: float = 0.0

    @property
    def key(self) -> str:
        """The id under which the solution's run reports this mistake's answer."""
        return f"{self.question}~{self.answer}"


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
    title: str = ""
    compare: dict[str, Any] = field(default_factory=dict)
    parts: tuple[dict[str, Any], ...] = ()
    form: tuple[dict[str, Any], ...] = ()
    calls: tuple[tuple[Any, ...], ...] = ()
    hidden_calls: tuple[tuple[Any, ...], ...] = ()
    mistakes: tuple[Mistake, ...] = ()

    @property
    def label(self) -> str:
        """How the question is named to learners: its heading, or its id."""
        return self.title or self.id

    @property
    def is_reflective(self) -> bool:
        """True for a question a trainer marks by hand."""
        return self.kind == "reflection"

    def public_metadata(self) -> dict[str, Any]:
        """Return what a learner's copy of the notebook may hold about this question."""
        data = {"question": self.id, "kind": self.kind, "points": self.points}
        optional = {"answer": self.answer, "hint": self.hint, "units": self.units}
        optional.update(rubric=self.rubric, title=self.title)
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
    parameters: tuple[Parameter, ...] = field(default=())
    summative: bool = False

    def parameter(self, name: str) -> Parameter:
        """Return the parameter called ``name``."""
        return next(p for p in self.parameters if p.name == name)

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
    """Return the question id a cell belongs to, or ``""`` (also when it is not text)."""
    question = planlab_meta(cell).get("question", "")
    return question if isinstance(question, str) else ""


def _require(condition: bool, where: str, message: str) -> None:
    if not condition:
        raise ExerciseError(f"{where}: {message}")


def heading_title(markdown: str) -> str:
    """Return a question's title from the Markdown above it, without its points.

    ``"## Question 1 (1 point): the crude rate"`` gives
    ``"Question 1: the crude rate"``; no heading gives ``""``.
    """
    found = _HEADING.findall(markdown)
    if not found:
        return ""
    title = _POINTS.sub("", found[-1]).strip()
    return title.replace(" :", ":")


def _check_parts(question_id: str, where: str, parts: Any) -> tuple[dict[str, Any], ...]:
    _require(isinstance(parts, list), where, "'parts' must be a list of mappings")
    for number, part in enumerate(parts, start=1):
        validate_compare(question_id, part, f"part {number}")
        _require(bool(part.get("label")), where, f"part {number} needs a 'label'")
        share = part.get("share")
        _require(
            isinstance(share, int | float) and 0 < share <= 1,
            where,
            f"part {number} needs a 'share' of the points, above 0 and at most 1",
        )
    total = sum(part["share"] for part in parts)
    _require(not parts or abs(total - 1) < 1e-9, where, f"the parts' shares add to {total}, not 1")
    return tuple(dict(part) for part in parts)


def _question_from_cell(cell: Any, where: str, title: str) -> Question:
    meta = dict(cell.metadata["planlab"])
    question_id = str(meta.get("question", ""))
    _require(bool(question_id), where, "an answer or reflection cell needs a 'question' id")
    where = f"{where} (question {question_id!r})"
    kind = meta.get("kind", "reflection" if meta["role"] == "reflection" else "")
    _require(kind in KINDS, where, f"'kind' must be one of {', '.join(KINDS)}, not {kind!r}")
    points: Any = meta.get("points")
    _require(isinstance(points, int | float) and points > 0, where, "'points' must be above 0")
    legacy = [key for key in ("public", "hidden") if key in meta]
    _require(
        not legacy,
        where,
        f"{legacy} are no longer read: say how answers are compared in 'compare' "
        "(and 'parts'), and list form checks in 'form'",
    )
    if kind == "reflection":
        _require(cell.cell_type == "markdown", where, "a reflection must be a Markdown cell")
        _require(bool(meta.get("rubric")), where, "a reflection needs a 'rubric' for trainers")
    else:
        _require(cell.cell_type == "code", where, "an answer must be a code cell")
        _require(bool(meta.get("answer")), where, "say which variable holds the answer")
        _require(BEGIN_SOLUTION in cell.source, where, f"mark the solution with {BEGIN_SOLUTION}")
        _require(END_SOLUTION in cell.source, where, f"close the solution with {END_SOLUTION}")
        validate_compare(question_id, meta.get("compare", {}))
    if kind == "function":
        _require(bool(meta.get("calls")), where, "a function question needs example 'calls'")
    for check in meta.get("form", []):
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
        title=title,
        compare=dict(meta.get("compare", {})),
        parts=_check_parts(question_id, where, meta.get("parts", [])),
        form=tuple(meta.get("form", [])),
        calls=tuple(tuple(args) for args in meta.get("calls", [])),
        hidden_calls=tuple(tuple(args) for args in meta.get("hidden_calls", [])),
    )


def _mistake_from_cell(cell: Any, where: str, questions: dict[str, Question]) -> Mistake:
    meta = planlab_meta(cell)
    question_id = str(meta.get("question", ""))
    _require(
        question_id in questions and not questions[question_id].is_reflective,
        where,
        f"a mistake cell must come after the answer cell of its question, not {question_id!r}",
    )
    _require(cell.cell_type == "code", where, "a mistake must be a code cell")
    answer = str(meta.get("answer", ""))
    _require(answer.isidentifier(), where, "say which variable holds the mistaken answer")
    _require(answer != questions[question_id].answer, where, "use a variable of its own")
    _require(bool(str(meta.get("message", "")).strip()), where, "a mistake needs a 'message'")
    credit = meta.get("credit", 0)
    _require(
        isinstance(credit, int | float) and 0 <= credit < 1,
        where,
        "a mistake's 'credit' is the share of the points it earns, from 0 up to (not) 1",
    )
    return Mistake(question_id, answer, str(meta["message"]).strip(), float(credit))


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
        notebook = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    except FileNotFoundError as error:
        raise ExerciseError(f"there is no exercise notebook at {path}") from error
    except (OSError, ValueError) as error:
        raise ExerciseError(f"{path} is not a readable notebook: {error}") from error
    meta = notebook.metadata.get("planlab", {})
    exercise_id = str(meta.get("exercise", ""))
    _require(bool(exercise_id), str(path), "the notebook metadata needs planlab.exercise")
    questions: dict[str, Question] = {}
    mistakes: dict[str, list[Mistake]] = {}
    parameters: tuple[Parameter, ...] = ()
    previous_markdown = ""
    for number, cell in enumerate(notebook.cells, start=1):
        role = cell_role(cell)
        where = f"{path.name}, cell {number}"
        _require(role in ("", *ROLES), where, f"unknown role {role!r}")
        if role in ("answer", "reflection"):
            title = heading_title(previous_markdown)
            question = _question_from_cell(cell, where, title)
            _require(
                question.id not in questions, str(path), f"question id {question.id} used twice"
            )
            questions[question.id] = question
        elif role == "parameters":
            _require(not parameters, where, "an exercise has one parameters cell")
            parameters = read_parameters(cell.source, planlab_meta(cell).get("values"), where)
        elif role == "mistake":
            mistake = _mistake_from_cell(cell, where, questions)
            mistakes.setdefault(mistake.question, []).append(mistake)
        if cell.cell_type == "markdown" and role != "reflection":
            previous_markdown = str(cell.source)
    for question_id, found in mistakes.items():
        names = [m.answer for m in found]
        repeated = sorted({name for name in names if names.count(name) > 1})
        _require(
            not repeated, str(path), f"{question_id}: mistake variables used twice: {repeated}"
        )
        questions[question_id] = replace(questions[question_id], mistakes=tuple(found))
    _require(bool(questions), str(path), "the exercise has no questions")
    return Exercise(
        id=exercise_id,
        title=str(meta.get("title", exercise_id)),
        path=path,
        notebook=notebook,
        questions=tuple(questions.values()),
        fingerprint=fingerprint(notebook),
        files=tuple(meta.get("files", [])),
        parameters=parameters,
    )
