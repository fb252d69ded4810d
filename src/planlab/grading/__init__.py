"""Exercises and grading: single-source authoring, learner self-check and batch grading.

What runs where:

- :mod:`planlab.grading.kernel`: code that runs inside the learner's kernel (the
  self-check, answers turned into plain data, the grader's hand-over code);
- :mod:`planlab.grading.judge`, :mod:`~planlab.grading.checks`,
  :mod:`~planlab.grading.explain` and :mod:`~planlab.grading.model`: rules and data
  both sides share, so the self-check and the grade agree;
- :mod:`planlab.grading.execute`: running notebooks in fresh, limited kernels, behind
  :func:`planlab.grading.runner.run_jobs`;
- everything else runs in the grader or the trainer's shell: authoring and release
  (``spec``, ``parameters``, ``notebooks``, ``solution``, ``assign``, ``release``),
  collecting and identifying submissions (``submissions``, ``identity``, ``roster``,
  ``learners``), marking and storing (``marking``, ``grade``, ``gradebook``,
  ``reflections``, ``markingscreen``), and reporting (``feedback``, ``export``,
  ``csvfiles``, ``cli``).
"""

__all__: list[str] = []
