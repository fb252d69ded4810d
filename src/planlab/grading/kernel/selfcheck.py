"""Checking an answer as you go, inside the learner's own notebook.

The generated exercise notebook sets up ``check`` in its set-up cell. A learner
then checks a question with one call, such as ``check("q1")``, and reads whether
the answer is **right** (compared with the expected answer for their own
parameters, through hashes that never put the expected value in the notebook),
which known mistake it looks like, what differs, and a hint. A wrong or
wrongly-typed answer never shows a traceback.

The verdict comes from :func:`planlab.grading.judge.judge`, the same function the
grader uses, so the self-check and the grade agree.

Runs in: the learner's kernel, on Windows, macOS and Linux alike: it imports only
the standard library and the course's kernel-side modules. Notebooks import it as
``planlab.grading.selfcheck``, which re-exports this module.
"""

from __future__ import annotations

import base64
import json
import sys
import zlib
from dataclasses import dataclass, field, replace
from typing import Any

from planlab.grading.judge import Verdict, judge
from planlab.grading.kernel.answers import NotAnswered, to_plain

__all__ = ["CheckReport", "SelfCheck", "decode_spec", "encode_spec"]


def encode_spec(spec: dict[str, Any]) -> str:
    """Pack a self-check spec into one line of text for the notebook's set-up cell."""
    raw = json.dumps(spec, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(zlib.compress(raw, 9)).decode("ascii")


def decode_spec(text: str) -> dict[str, Any]:
    """Unpack a spec written by :func:`encode_spec`."""
    spec: dict[str, Any] = json.loads(zlib.decompress(base64.b64decode(text)).decode("utf-8"))
    return spec


@dataclass
class CheckReport:
    """What a self-check found for one question; shown as text in the notebook."""

    question: str
    title: str = ""
    verdict: Verdict | None = None
    problem: str = ""
    hints: tuple[str, ...] = field(default_factory=tuple)

    @property
    def passed(self) -> bool:
        """True when the answer is right and earns every point."""
        return self.verdict is not None and self.verdict.right

    def _name(self) -> str:
        return self.title or f"Question {self.question}"

    def __repr__(self) -> str:
        """Return the report as the lines a learner reads: the question, then the verdict."""
        if self.problem:
            lines = [self._name(), f"  {self.problem[0].upper()}{self.problem[1:]}"]
        else:
            assert self.verdict is not None
            lines = [self._name(), f"  {self.verdict.summary}"]
            lines += [f"  {detail}" for detail in self.verdict.details]
        if not self.passed:
            lines += [f"  Hint: {hint}" for hint in self.hints]
        return "\n".join(lines)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


class SelfCheck:
    """The ``check`` function of an exercise notebook.

    Parameters
    ----------
    spec
        The exercise's answer keys, as written into the notebook by ``planlab assign``
        or ``planlab release``.
    """

    def __init__(self, spec: dict[str, Any]) -> None:
        self.exercise = spec["exercise"]
        self.salt = spec["salt"]
        self.questions = spec["questions"]
        # Parameters the learner may set (follow-through), with the values the keys fit.
        self.follow_through: dict[str, Any] = spec.get("follow_through", {})

    @classmethod
    def from_text(cls, text: str) -> SelfCheck:
        """Create the checker from the packed text in the notebook's set-up cell."""
        return cls(decode_spec(text))

    @classmethod
    def from_json(cls, text: str) -> SelfCheck:
        """Create the checker from a spec written as JSON."""
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
            return CheckReport(question, problem=f"There is no question {question!r} ({known}).")
        spec = self.questions[question]
        names = namespace if namespace is not None else sys._getframe(1).f_globals
        value = names.get(spec["answer"], NotAnswered())
        report = CheckReport(question, spec.get("title", ""), hints=())
        if isinstance(value, NotAnswered):
            report.problem = (
                f"not answered yet. There is nothing called {spec['answer']} yet: "
                "run your answer cell first."
            )
            return report
        if value is Ellipsis:
            report.problem = (
                "not answered yet. Replace the ... with your answer, then run the cell."
            )
            return report
        plain = to_plain(spec["kind"], value, spec.get("calls", []))
        if "problem" in plain:
            form = (
                plain["problem"].replace("expected ", "", 1).replace(", but got ", ", but it is ")
            )
            report.problem = f"not right yet. Your answer should be {form}."
            return report
        changed = [
            name for name, built in self.follow_through.items() if names.get(name, built) != built
        ]
        key = spec["key"]
        if changed:
            # The keys fit the figures this notebook was given, not the learner's own:
            # judge form only, as a summative notebook does; the grader marks the values.
            key = {k: v for k, v in key.items() if k in ("kind", "form", "hint")}
        report.verdict = judge(self.salt, question, key, plain["value"])
        report.hints = report.verdict.hints
        if changed:
            note = (
                f"You set {', '.join(changed)} to your own figures, so this check cannot "
                "judge the value: it is marked from your own figures when your trainer grades it."
            )
            report.verdict = replace(report.verdict, details=(*report.verdict.details, note))
        return report
