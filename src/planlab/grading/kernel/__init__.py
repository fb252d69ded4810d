"""Code that runs inside the learner's kernel.

Everything in this subpackage is imported, or run as text, in a learner's Jupyter
kernel, on Windows, macOS and Linux alike, so it imports only the standard library,
the learner's own numerical libraries and the course's modules that are safe there:

- :mod:`~planlab.grading.kernel.answers`: turning an answer into plain data;
- :mod:`~planlab.grading.kernel.selfcheck`: the learner's ``check("q1")``;
- :mod:`~planlab.grading.kernel.handover`: the code the grader runs in each kernel
  when it hands the kernel a notebook.

The rules both sides share (:mod:`planlab.grading.judge`, :mod:`planlab.grading.checks`,
:mod:`planlab.grading.explain` and :mod:`planlab.grading.model`) run in the kernel and
in the grader, so they sit beside this subpackage rather than in it. Nothing here
imports the grader's side (:mod:`planlab.grading.execute` and the rest of
:mod:`planlab.grading`): ``tests/grading/test_kernel_side.py`` checks that.
"""

__all__: list[str] = []
