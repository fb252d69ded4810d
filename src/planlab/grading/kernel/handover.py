"""The code the grader runs in a kernel when it hands the kernel a notebook.

Runs in: the learner's kernel, as text sent by the grader
(:mod:`planlab.grading.execute.cells`) after the job's files are copied in and
before the first cell. It sees that the new files can be imported, and stops
keeping printed text beyond the output cap, so that a cell printing in an endless
loop fills neither the kernel's memory nor the grader's (the grader drops such text
anyway; this drops it at the source). The cap is a ``write`` property on a subclass
of ipykernel's stream class, because IPython 9 re-wraps ``stream.write`` around
every cell to keep a copy of all printed text in its history, which is itself what
fills the memory; the property ignores that.
"""

from __future__ import annotations

from planlab.grading.model import HANDOVER_MARGIN

__all__ = ["HANDOVER_CODE", "handover_code"]

#: The code, with ``{limit}`` for the characters of printed text a kernel may send.
HANDOVER_CODE = """\
def _planlab_handover(limit):
    import importlib
    import sys
    importlib.invalidate_caches()
    left = [limit]
    def capped(original):
        def write(self, text):
            if left[0] > 0:
                original(self, text[: left[0]])
            left[0] -= len(text)
            return len(text)
        return property(write.__get__, lambda self, value: None)
    for stream in (sys.stdout, sys.stderr):
        cls = type(stream)
        members = {{"write": capped(cls.write), "__module__": cls.__module__}}
        stream.__class__ = type(cls.__name__, (cls,), members)
        stream.__dict__.pop("write", None)
_planlab_handover({limit})
del _planlab_handover
"""


def handover_code(max_output_bytes: int) -> str:
    """Return the hand-over code for a run whose output cap is ``max_output_bytes``.

    Parameters
    ----------
    max_output_bytes
        The run's output cap (:attr:`planlab.grading.model.RunLimits.max_output_bytes`).

    Returns
    -------
    str
        Python code that lets the kernel send the cap plus
        :data:`~planlab.grading.model.HANDOVER_MARGIN` characters of printed text, so
        the grader sees that the cap was reached.
    """
    return HANDOVER_CODE.format(limit=max_output_bytes + HANDOVER_MARGIN)
