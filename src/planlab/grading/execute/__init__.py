"""Running learners' notebooks in fresh, limited kernels: the grader's side.

:func:`planlab.grading.runner.run_jobs` is the way in. The modules here each do one
job, and all of them run in the grader's process unless said otherwise:

- :mod:`.bridge`: runs the batch's asyncio work in a background thread, so that
  ``run_jobs`` is an ordinary generator usable from a script or a notebook;
- :mod:`.batch`: hands jobs to workers and runs each job in a kernel from the pool;
- :mod:`.pool`: the kernel pool, and the client of the fork server that starts kernels;
- :mod:`.launcher`: the fork server itself, which runs in its own process and forks
  every kernel (POSIX only);
- :mod:`.processes`: knowing a kernel's process, and killing it with all it started;
- :mod:`.files`: checking a job's file names and copying its files in;
- :mod:`.cells`: running a notebook's cells one by one within the limits;
- :mod:`.client`: the nbclient subclass that caps output as it arrives;
- :mod:`.collect`: reading answers out of the outputs, checked to be plain data;
- :mod:`.messages`: every sentence a learner or trainer reads about a run;
- :mod:`.private_api`: the one override of a library's private method, kept apart.

How it works
------------
- **A fresh kernel per job, started ahead of time.** A pool of ``workers + 1``
  kernels is kept ready and refilled in the background as jobs take them. Each
  kernel waits in its own empty temporary folder; when it is handed to a job,
  the job's files are copied in. A kernel is never reused: after its job it is
  killed with every process it started, and its folder is removed.
- **Kernels are forked, not launched.** Starting Python, ipykernel and pandas
  afresh costs about 1.3 s of CPU per kernel, which on a two-core machine is the
  whole cost of grading. So each batch starts one fork server
  (:mod:`.launcher` ``--serve``) that imports ipykernel and, unless
  ``prewarm=False``, numpy, pandas and matplotlib (Agg) once, and forks every
  kernel from that state in a few milliseconds. That is not learner code and
  leaves no names in the learner's namespace, so it is fair. Each kernel gets a
  new session, its own folder and ``TMPDIR``, the memory cap and fresh random
  seeds. Measured here: 20 notebooks that import pandas, 2 workers, 5.8 s
  (launching each kernel with jupyter_client instead: 20 to 23 s). Because no
  kernel manager started the kernel, the client is given the kernel's process id
  to tell whether it is alive; nbclient never needs a manager for anything else,
  as timeouts here kill rather than interrupt.
- **One asyncio event loop in one background thread.** nbclient and
  jupyter_client are asynchronous at heart, so ``workers`` executions, the
  refilling of the pool and the watchdogs all share one loop, with no locks and
  no thread per kernel.
- **Limits** (:class:`~planlab.grading.model.RunLimits`): per-cell and
  whole-notebook timeouts end in ``os.killpg`` on the kernel's session and a
  kill of any descendant that left it (a process that both leaves the session
  and is orphaned escapes; containers or cgroups would be needed for that). The
  kernel's address space is capped with ``RLIMIT_AS``. A ``MemoryError`` stops
  the run at that cell (later cells would fail confusingly). Output beyond the
  cap is dropped as it arrives, in the kernel
  (:mod:`planlab.grading.kernel.handover`) as well as here, so a cell printing in
  an endless loop costs neither process memory, only time; answers are kept
  regardless.
- **Answers** leave the kernel only as JSON in ``ANSWER_MIME`` outputs, are
  checked to be plain data and are never unpickled or evaluated. If a question
  is answered twice, the later answer counts. Answers are collected whatever the
  status, so a run stopped at cell 5 still has the answers of cells 1 to 4.
- **Cells** are named by their ``planlab.question`` metadata, else as
  ``"cell N"``, N counting every cell of the notebook (markdown too) from 1, as
  a learner counts them on screen.
"""

__all__: list[str] = []
