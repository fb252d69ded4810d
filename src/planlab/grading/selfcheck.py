"""Checking an answer as you go, inside the learner's own notebook.

The generated exercise notebook creates ``check`` in its first cell. A learner
then checks a question with one call, such as ``check("q1")``, and sees what was
expected in kind (a number, a table with certain columns...), which checks
passed, which failed and a hint. A wrong or wrongly-typed answer never shows a
traceback. Only public checks run here; grading runs further checks elsewhere.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import Any

from planlab.grading.answers import NotAnswered, to_plain
from planlab.grading.checks import CheckOutcome, digest, run_form_check


@dataclass
class CheckReport:
    """What a self-check found for one question; shown as text in the notebook."""

    question: str
    outcomes: list[CheckOutcome] = field(default_factory=list)
    problem: str = ""
    hint: str = ""

    @property
    def passed(self) -> bool:
        """True when the answer is usable and every public check passed."""
        return not self.problem and all(outcome.passed for outcome in self.outcomes)

    def __repr__(self) -> str:
        """Return the report as the lines a learner reads."""
        if self.problem:
            lines = [f"Question {self.question}: not yet. Your answer: {self.problem}."]
        else:
            passed = sum(outcome.passed for outcome in self.outcomes)
            verdict = "well done" if self.passed else "not yet"
            lines = [
                f"Question {self.question}: {verdict} ({passed} of {len(self.outcomes)} "
                "checks passed)."
            ]
            for outcome in self.outcomes:
                lines.append(
                    f"  {'PASS' if outcome.passed else 'FAIL'}  your answer {outcome.message}"
                )
        if self.hint and not self.passed:
            lines.append(f"Hint: {self.hint}")
        return "\n".join(lines)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


class SelfCheck:
    """The ``check`` function of an exercise notebook.

    Parameters
    ----------
    spec
        The exercise's public checks, as written into the notebook by ``planlab assign``.
    """

    def __init__(self, spec: dict[str, Any]) -> None:
        self.exercise = spec["exercise"]
        self.salt = spec["salt"]
        self.questions = spec["questions"]

    @classmethod
    def from_json(cls, text: str) -> SelfCheck:
        """Create the checker from the JSON in the notebook's first cell."""
        return cls(json.loads(text))

    def __call__(self, question: str, namespace: dict[str, Any] | None = None) -> CheckReport:
        """Check the answer to ``question`` as it stands in the notebook now.

        Parameters
        ----------
        question
            The question id, such as ``"q1"``.
        namespace
            Where to look for the answer; by default, the notebook's own names.

        Returns
        -------
        CheckReport
            Shown in the notebook as a short report.
        """
        if question not in self.questions:
            known = ", ".join(sorted(self.questions))
            return CheckReport(question, problem=f"there is no question {question!r} ({known})")
        spec = self.questions[question]
        names = namespace if namespace is not None else sys._getframe(1).f_globals
        value = names.get(spec["answer"], NotAnswered())
        report = CheckReport(question, hint=spec.get("hint", ""))
        if isinstance(value, NotAnswered):
            report.problem = f"there is nothing called {spec['answer']} yet; run your answer cell"
            return report
        plain = to_plain(spec["kind"], value, spec.get("calls", []))
        if "problem" in plain:
            report.problem = plain["problem"]
            return report
        for position, check in enumerate(spec["public"]):
            report.outcomes.append(self._run(spec, position, check, plain["value"]))
        return report

    def _run(
        self, spec: dict[str, Any], position: int, check: dict[str, Any], value: Any
    ) -> CheckOutcome:
        if check["check"] != "matches_solution":
            return run_form_check(spec["kind"], value, check)
        expected = spec["digests"].get(str(position))
        if expected is None:
            return CheckOutcome(False, "could not be compared: regenerate this notebook")
        same = digest(self.salt, spec["kind"], value, check) == expected
        places = int(check.get("decimals", 0))
        rounding = "to the nearest whole number" if places == 0 else f"to {places} decimal places"
        verb = "matches" if same else "does not match"
        return CheckOutcome(same, f"{verb} the expected answer {rounding}")
