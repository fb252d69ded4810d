"""Building the notebooks made from a solution: the learner's copy and the grading copy.

Both are built from the solution's cells, so they cannot drift from it:

- the **learner's notebook** has each solution replaced by a stub, hidden checks
  and author-only cells removed, and a one-line self-check after each answer;
- the **grading notebook** is the solution with each answer cell replaced by the
  learner's answer cells (and nothing else from the submission), followed by a
  cell that sends the answer out of the kernel as plain data.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

import nbformat

from planlab.grading.kernel.selfcheck import encode_spec
from planlab.grading.parameters import with_values
from planlab.grading.spec import (
    BEGIN_SOLUTION,
    END_SOLUTION,
    Exercise,
    Question,
    cell_question,
    cell_role,
    planlab_meta,
)

__all__ = [
    "OWN_VALUES",
    "REFLECTION_PLACEHOLDER",
    "RUBRIC_LEAD",
    "YOUR_ANSWER",
    "grading_notebook",
    "learner_notebook",
    "learner_reflection",
    "self_check_spec",
    "strip_solution",
]

#: What replaces a solution in a learner's answer cell.
YOUR_ANSWER = "# YOUR ANSWER HERE"
#: The first line of a parameters cell that holds a learner's own values.
OWN_VALUES = "# Your own values, set by your trainer."
#: What a learner's reflection cell says until they write in it.
REFLECTION_PLACEHOLDER = "*Write your answer here, in your own words.*"
#: How the learner's reflection cell starts the line that shows the rubric.
RUBRIC_LEAD = "*Marked against this rubric:*"
_SOLUTION_BLOCK = re.compile(
    rf"^([ \t]*){re.escape(BEGIN_SOLUTION)}[^\n]*\n.*?^[ \t]*{re.escape(END_SOLUTION)}[^\n]*$",
    flags=re.MULTILINE | re.DOTALL,
)
_CLEAN_METADATA = {"kernelspec", "language_info", "planlab", "papermill"}


def strip_solution(source: str, stub: str) -> str:
    """Replace each marked solution block with a "your answer here" stub."""

    def replace(match: re.Match[str]) -> str:
        indent = match.group(1)
        return "\n".join(f"{indent}{line}" for line in (YOUR_ANSWER, *stub.splitlines()))

    return _SOLUTION_BLOCK.sub(replace, source)


def _without_solution_markers(source: str) -> str:
    lines = source.splitlines()
    kept = [line for line in lines if line.strip() not in (BEGIN_SOLUTION, END_SOLUTION)]
    return "\n".join(kept)


def _shared_copy(cell: Any) -> Any:
    """Copy a cell every version of the exercise shares, without outputs."""
    kept = copy.deepcopy(cell)
    if kept.cell_type == "code":
        kept.outputs, kept.execution_count = [], None
    return kept


def _code_cell(source: str, meta: dict[str, Any] | None = None) -> Any:
    cell = nbformat.v4.new_code_cell(source)  # type: ignore[no-untyped-call]
    cell.metadata = meta or {}
    return cell


def _new_notebook(exercise: Exercise, cells: list[Any], extra: dict[str, Any]) -> Any:
    notebook = nbformat.v4.new_notebook(cells=cells)  # type: ignore[no-untyped-call]
    notebook.metadata = {
        key: copy.deepcopy(value)
        for key, value in exercise.notebook.metadata.items()
        if key in _CLEAN_METADATA - {"planlab", "papermill"}
    }
    notebook.metadata["planlab"] = {"exercise": exercise.id, "title": exercise.title, **extra}
    # Stable cell ids, so that regenerating the same notebook gives the same bytes.
    for number, cell in enumerate(notebook.cells, start=1):
        cell.id = f"{exercise.id}-{number}"[:64]
    return notebook


def self_check_spec(
    exercise: Exercise,
    keys: Mapping[str, Mapping[str, Any]],
    parameters: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Return what the learner's self-check needs: each question's answer key.

    Parameters
    ----------
    exercise
        The exercise.
    keys
        Each auto-graded question's answer key (see :func:`planlab.grading.judge.answer_key`),
        built for the learner's parameters with the public example inputs only. A
        question without a key is checked for form only.
    parameters
        The learner's parameters the keys were built for (the defaults when None). The
        values of parameters the learner sets (``from_submission``) go into the spec
        as ``follow_through``: if the learner changes one, the self-check judges form
        only, as the keys no longer fit their figures (the grader marks them from
        their own).
    """
    questions = {
        question.id: {
            "kind": question.kind,
            "answer": question.answer,
            "title": question.title,
            "calls": [list(args) for args in question.calls],
            "key": dict(keys.get(question.id, _form_only_key(question))),
        }
        for question in exercise.questions
        if not question.is_reflective
    }
    spec: dict[str, Any] = {"exercise": exercise.id, "salt": exercise.salt, "questions": questions}
    built_for = {p.name: p.default for p in exercise.parameters} | dict(parameters or {})
    learner_set = {p.name: built_for[p.name] for p in exercise.parameters if p.from_submission}
    if learner_set:
        spec["follow_through"] = learner_set
    return spec


def _form_only_key(question: Question) -> dict[str, Any]:
    """Return a key that lets the self-check judge form only (no expected answer is known)."""
    return {"kind": question.kind, "form": list(question.form), "hint": question.hint}


def _self_check_cell(
    exercise: Exercise,
    keys: Mapping[str, Mapping[str, Any]],
    parameters: Mapping[str, Any] | None = None,
) -> Any:
    packed = encode_spec(self_check_spec(exercise, keys, parameters))
    source = "\n".join(
        [
            '# Run this cell first. It sets up check("q1") and the other self-checks,',
            "# and shows any error in this notebook as one plain sentence.",
            "from planlab.grading.explain import install_plain_errors",
            "from planlab.grading.selfcheck import SelfCheck",
            "",
            "install_plain_errors()",
            f'check = SelfCheck.from_text("{packed}")',
        ]
    )
    return _code_cell(source, {"planlab": {"role": "self-check"}})


def learner_reflection(text: str | None) -> str:
    """Return what a learner wrote in a reflection cell, without the cell's own template.

    The learner's cell starts as the placeholder and the rubric, each a paragraph of its
    own. A learner may write above, below or in place of them; whatever is left once those
    two paragraphs are taken out is their answer (``""`` if nothing is).
    """
    if not text:
        return ""
    paragraphs = re.split(r"\n\s*\n", str(text).strip())
    kept = [
        part.strip()
        for part in paragraphs
        if part.strip() != REFLECTION_PLACEHOLDER and not part.strip().startswith(RUBRIC_LEAD)
    ]
    return "\n\n".join(part for part in kept if part)


def _learner_answer_cell(question: Question, cell: Any) -> Any:
    answer = _code_cell(strip_solution(cell.source, question.stub))
    answer.metadata = {"planlab": {"role": "answer", **question.public_metadata()}}
    return answer


def _learner_reflection_cell(question: Question, cell: Any) -> Any:
    # The rubric on one line, so that learner_reflection can take the whole template out.
    rubric = " ".join(question.rubric.split())
    text = f"{REFLECTION_PLACEHOLDER}\n\n{RUBRIC_LEAD} {rubric}"
    reflection = nbformat.v4.new_markdown_cell(text)  # type: ignore[no-untyped-call]
    reflection.metadata = {"planlab": {"role": "reflection", **question.public_metadata()}}
    return reflection


def learner_notebook(
    exercise: Exercise,
    keys: Mapping[str, Mapping[str, Any]],
    parameters: Mapping[str, Any] | None = None,
) -> Any:
    """Build the learner's copy of an exercise.

    Parameters
    ----------
    exercise
        The exercise.
    keys
        Each auto-graded question's answer key for these parameters (public inputs only).
    parameters
        A learner's own parameters, injected after the parameters cell.

    Returns
    -------
    nbformat.NotebookNode
        The notebook, without outputs. Its set-up cell comes first after the
        introduction, so that ``check`` exists before any question.
    """
    cells: list[Any] = []
    for cell in exercise.notebook.cells:
        role = cell_role(cell)
        if role in ("hidden", "mistake"):
            continue
        if role == "reflection":
            question = exercise.question(cell_question(cell))
            cells.append(_learner_reflection_cell(question, cell))
            continue
        if role == "answer":
            question = exercise.question(cell_question(cell))
            cells.append(_learner_answer_cell(question, cell))
            cells.append(_code_cell(f'check("{question.id}")', {"planlab": {"role": "check"}}))
            continue
        cells.append(_shared_copy(cell))
    first_code = next((n for n, c in enumerate(cells) if c.cell_type == "code"), len(cells))
    cells.insert(first_code, _self_check_cell(exercise, keys, parameters))
    notebook = _new_notebook(exercise, cells, {"generated_from": exercise.path.name})
    return _with_parameters(notebook, parameters)


def _tag_parameters_cell(notebook: Any) -> Any:
    """Tag the parameters cell as papermill expects; an author only sets its role."""
    notebook = nbformat.from_dict(notebook)  # type: ignore[no-untyped-call]
    for cell in notebook.cells:
        if cell_role(cell) == "parameters" and "parameters" not in cell.metadata.get("tags", []):
            cell.metadata["tags"] = [*cell.metadata.get("tags", []), "parameters"]
    return notebook


def _with_parameters(notebook: Any, parameters: Mapping[str, Any] | None) -> Any:
    """Write a learner's own values into the parameters cell itself (no default left above)."""
    notebook = _tag_parameters_cell(notebook)
    if not parameters:
        return notebook
    for cell in notebook.cells:
        if cell_role(cell) == "parameters":
            cell.source = f"{OWN_VALUES}\n{with_values(cell.source, dict(parameters))}"
    return notebook


def _extraction_cell(question: Question, key: str = "", name: str = "") -> Any:
    """Return the cell that sends one answer out of the kernel as plain data."""
    calls = [list(args) for args in (*question.calls, *question.hidden_calls)]
    source = "\n".join(
        [
            "import planlab.grading.kernel.answers as _planlab_answers",
            f"_planlab_answers.emit({key or question.id!r}, {question.kind!r}, globals(), "
            f"{name or question.answer!r}, calls={json.dumps(calls)})",
        ]
    )
    return _code_cell(source, {"planlab": {"role": "extract", "question": key or question.id}})


def grading_notebook(
    exercise: Exercise,
    answers: Mapping[str, Sequence[str]] | None,
    parameters: Mapping[str, Any] | None = None,
) -> Any:
    """Build the notebook that grading runs for one learner, or for the solution.

    Parameters
    ----------
    exercise
        The exercise.
    answers
        The source of the learner's answer cells for each question id. ``None``
        runs the solution itself. A question with no cells gets its stub.
    parameters
        The learner's own parameters: from the trainer's roster, and for a parameter
        marked ``from_submission`` only, the value in the learner's submission.

    Returns
    -------
    nbformat.NotebookNode
        The notebook to execute.
    """
    cells: list[Any] = []
    for cell in exercise.notebook.cells:
        role = cell_role(cell)
        if role in ("hidden", "reflection") or (role == "mistake" and answers is not None):
            continue
        if role == "mistake":
            cells.extend(_mistake_cells(exercise, cell))
            continue
        if role != "answer":
            cells.append(_shared_copy(cell))
            continue
        question = exercise.question(cell_question(cell))
        meta = {"planlab": {"role": "answer", "question": question.id}}
        if answers is None:
            sources = [_without_solution_markers(cell.source)]
        else:
            sources = list(answers.get(question.id, [])) or [question.stub]
        cells.extend(_code_cell(source, copy.deepcopy(meta)) for source in sources)
        cells.append(_extraction_cell(question))
    notebook = _new_notebook(exercise, cells, {"grading": True})
    return _with_parameters(notebook, parameters)


def _mistake_cells(exercise: Exercise, cell: Any) -> list[Any]:
    """Run a named mistake's cell and send its answer out, for the solution's run only."""
    question = exercise.question(cell_question(cell))
    name = str(planlab_meta(cell).get("answer", ""))
    mistake = next(m for m in question.mistakes if m.answer == name)
    meta = {"planlab": {"role": "mistake", "question": mistake.key}}
    return [_code_cell(cell.source, meta), _extraction_cell(question, mistake.key, name)]
