"""The import path learners' notebooks use for the self-check.

Runs in: the learner's kernel. Every exercise notebook's set-up cell says
``from planlab.grading.selfcheck import SelfCheck``, including notebooks already
released to learners, so this path stays; the code is in
:mod:`planlab.grading.kernel.selfcheck`.
"""

from __future__ import annotations

from planlab.grading.kernel.selfcheck import CheckReport, SelfCheck, decode_spec, encode_spec

__all__ = ["CheckReport", "SelfCheck", "decode_spec", "encode_spec"]
