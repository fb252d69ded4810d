"""The one exception hierarchy of the toolkit.

Every error the toolkit raises on purpose is a :class:`PlanlabError`, so a caller
(or the command line) can catch them all in one place. Each message says what was
wrong, where, and what to do about it, in words a planner can act on.
"""

from __future__ import annotations

__all__ = [
    "DatasetFileError",
    "DatasetValidationError",
    "ExerciseError",
    "GradebookFileError",
    "GradingFileError",
    "HubError",
    "HubFileMissingError",
    "HubTokenError",
    "HubUnreachableError",
    "InputValueError",
    "KernelStartError",
    "LearnerServerError",
    "MarksFileError",
    "NotebookReadError",
    "PHSFileError",
    "PlanlabError",
    "RosterError",
    "SubmissionsNotFoundError",
    "UnknownDatasetError",
]


class PlanlabError(Exception):
    """Base class for every error the toolkit raises on purpose."""


class InputValueError(PlanlabError, ValueError):
    """A value given to a toolkit function is outside what the method allows.

    Parameters
    ----------
    name
        The argument's name, as the caller wrote it.
    value
        The value that was given.
    expected
        What would have been accepted, in plain words.
    """

    def __init__(self, name: str, value: object, expected: str) -> None:
        self.name = name
        self.value = value
        self.expected = expected
        super().__init__(f"{name} was {value!r}, but it must be {expected}.")


class UnknownDatasetError(PlanlabError, LookupError):
    """A dataset was asked for by a name the course's data package does not have.

    Parameters
    ----------
    name
        The name that was asked for.
    available
        The names that exist.
    """

    def __init__(self, name: str, available: list[str]) -> None:
        self.name = name
        self.available = available
        import difflib  # here, so the shared top of this module stays as it was

        close = difflib.get_close_matches(str(name), available, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        super().__init__(
            f"There is no dataset called {name!r}.{hint} The datasets are: "
            f"{', '.join(available)}. Check the spelling, or list them with "
            "planlab.datasets.available()."
        )


class DatasetFileError(PlanlabError, FileNotFoundError):
    """A file the data package needs is missing or cannot be read.

    Parameters
    ----------
    path
        The file, or folder, that was looked for.
    what_to_do
        How to get the file back, in plain words.
    """

    def __init__(self, path: object, what_to_do: str) -> None:
        self.path = path
        self.what_to_do = what_to_do
        super().__init__(f"{path} is missing or cannot be read. {what_to_do}")


class DatasetValidationError(PlanlabError, ValueError):
    """A data file breaks the data package's schema or its consistency checks.

    Parameters
    ----------
    path
        The file with the problems.
    problems
        One ``(row, column, what)`` per problem. ``row`` counts as a spreadsheet does,
        the header being row 1; it is ``None`` when the problem is not in one row, and
        ``column`` is ``None`` when it is not in one column.
    what_to_do
        How to put things right.
    """

    #: At most this many problems are written out in the message; all are kept.
    SHOWN = 10

    def __init__(
        self,
        path: object,
        problems: list[tuple[int | None, str | None, str]],
        what_to_do: str = (
            "Make the files again with `planlab data generate`, or restore them with git."
        ),
    ) -> None:
        self.path = path
        self.problems = problems
        self.what_to_do = what_to_do
        lines = [f"  - {self.where(row, column)}: {what}" for row, column, what in problems]
        extra = len(problems) - self.SHOWN
        shown = lines[: self.SHOWN] + ([f"  ... and {extra} more."] if extra > 0 else [])
        count = f"{len(problems)} problem" + ("s" if len(problems) != 1 else "")
        super().__init__(f"{count} in {path}:\n" + "\n".join(shown) + f"\n{what_to_do}")

    @staticmethod
    def where(row: int | None, column: str | None) -> str:
        """Say where a problem is, such as ``row 5, column Population``."""
        parts = ([f"row {row}"] if row is not None else []) + (
            [f"column {column}"] if column is not None else []
        )
        return ", ".join(parts) or "whole file"


class PHSFileError(DatasetValidationError):
    """A Public Health Scotland open-data file is not in the form PHS publishes.

    Parameters
    ----------
    path
        The file.
    problems
        One ``(row, column, what)`` per problem, as for :class:`DatasetValidationError`.
    """

    def __init__(self, path: object, problems: list[tuple[int | None, str | None, str]]) -> None:
        super().__init__(
            path,
            problems,
            "Check that this is an unedited PHS open-data CSV: months are written YYYYMM "
            "(201904), quarters YYYYQn (2019Q2), and numbers have no thousands separators.",
        )


class ExerciseError(PlanlabError, ValueError):
    """An exercise's solution notebook cannot be used as written; its author must fix it.

    The message names the notebook or question and says what is wrong with it.
    """


class GradebookFileError(PlanlabError, ValueError):
    """A file given as the gradebook is not a gradebook this toolkit can use.

    Parameters
    ----------
    path
        The file.
    why
        What is wrong with it, in plain words.
    """

    def __init__(self, path: object, why: str) -> None:
        self.path = path
        self.why = why
        super().__init__(
            f"{path} cannot be used as the gradebook: {why}. Give the name of a gradebook "
            "made by planlab, or a new file name to start a new gradebook."
        )


class MarksFileError(PlanlabError, ValueError):
    """A file of marks for reflective questions has rows that cannot be imported.

    Nothing from the file is stored while any row is wrong.

    Parameters
    ----------
    path
        The marks file.
    problems
        One ``(line, what)`` per problem. ``line`` counts as a spreadsheet does, the
        header being line 1; it is ``None`` when the problem is with the whole file.
    """

    def __init__(self, path: object, problems: list[tuple[int | None, str]]) -> None:
        self.path = path
        self.problems = problems
        lines = [
            f"  - {'line ' + str(line) if line is not None else 'whole file'}: {what}"
            for line, what in problems
        ]
        count = f"{len(problems)} problem" + ("s" if len(problems) != 1 else "")
        super().__init__(
            f"No marks were imported: {count} in {path}:\n"
            + "\n".join(lines)
            + "\nCorrect these rows (or leave the mark blank to skip a row), then import "
            "the file again."
        )


class NotebookReadError(PlanlabError, ValueError):
    """A file given as a notebook cannot be read as a Jupyter notebook.

    Parameters
    ----------
    why
        What is wrong with the file, in plain words, such as ``the file is empty``.
    """

    def __init__(self, why: str) -> None:
        self.why = why
        super().__init__(
            f"The file is not a readable notebook: {why}. Download the notebook again from "
            "Jupyter with File > Download."
        )


class RosterError(PlanlabError, ValueError):
    """A trainer's roster file is missing or has bad lines; the message lists each one."""


class SubmissionsNotFoundError(PlanlabError, FileNotFoundError):
    """What a trainer asked to grade does not exist or holds no notebooks.

    Parameters
    ----------
    path
        The path given.
    why
        What is wrong with it, in plain words.
    """

    def __init__(self, path: object, why: str) -> None:
        self.path = path
        self.why = why
        super().__init__(
            f"{path}: {why}. Nothing was graded. Check the path (a notebook, a folder of "
            "notebooks or the zip downloaded from the learning platform) and run the "
            "command again."
        )


class GradingFileError(PlanlabError, ValueError):
    """A file given to a grading run has a name that could reach outside its folder.

    Parameters
    ----------
    job
        The key of the run the file was given to.
    name
        The relative path the file was to have in the run's working folder.
    """

    def __init__(self, job: str, name: str) -> None:
        self.job = job
        self.name = name
        super().__init__(
            f"The file name {name!r} given to the grading run {job!r} is not a plain relative "
            "path inside the run's working folder, so the file was refused and the notebook "
            "was not run. Give each file a relative path such as 'data/beds.csv', without "
            "'..' and without a leading '/'."
        )


class KernelStartError(PlanlabError, RuntimeError):
    """The grader could not start a Python kernel to run submissions in.

    Parameters
    ----------
    detail
        What went wrong, as reported by Jupyter.
    """

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(
            f"The grader could not start a Python kernel ({detail}), so no further notebooks "
            "were run. Check that ipykernel is installed in the grader's environment "
            "(python -m ipykernel --version) and that the machine has free memory."
        )


class HubError(PlanlabError):
    """Something went wrong talking to a course's JupyterHub; the message says what to do.

    Raised by ``planlab.grading.hub.HubClient``; the classes below say more precisely
    what went wrong.
    """


class HubUnreachableError(HubError):
    """The hub did not answer at its address.

    Parameters
    ----------
    url
        The hub's address, as given.
    why
        Why there was no answer, as the network reported it.
    """

    def __init__(self, url: str, why: str) -> None:
        self.url = url
        self.why = why
        super().__init__(
            f"The hub at {url} did not answer ({why}). Check the address (it is the one "
            "learners open, such as https://hub.example.org), that the hub is running "
            "(on The Littlest JupyterHub: sudo tljh-config reload hub), and that this "
            "computer can reach it."
        )


class HubTokenError(HubError):
    """The hub refused the token: expired, revoked, mistyped or without the scopes.

    Parameters
    ----------
    url
        The hub's address.
    status
        The HTTP status the hub answered with (401 or 403).
    """

    #: What to do about a refused or missing token, shared by every message that needs it.
    NEW_TOKEN = (
        "Make a new token on the hub's Token page (Token, at the top of the hub's home page, "
        "or /hub/token), logged in as a trainer, and give it with --token or PLANLAB_HUB_TOKEN."
    )

    def __init__(self, url: str, status: int) -> None:
        self.url = url
        self.status = status
        super().__init__(
            f"The hub at {url} refused the token (HTTP {status}): it has expired, been "
            "revoked or mistyped, or it belongs to someone who is not a trainer. "
            f"{self.NEW_TOKEN}"
        )


class LearnerServerError(HubError):
    """A learner is not on the hub, or their server is not running.

    Parameters
    ----------
    learner
        The learner's hub user name (the roster's ``learner`` id).
    why
        What is wrong and what to do, in plain words.
    """

    def __init__(self, learner: str, why: str) -> None:
        self.learner = learner
        self.why = why
        super().__init__(f"{learner}: {why}")


class HubFileMissingError(HubError):
    """A file asked for is not in the learner's folder on the hub.

    Parameters
    ----------
    learner
        The learner's hub user name.
    path
        The file's path in their folder, such as ``planlab-exercises/example-beds.ipynb``.
    """

    def __init__(self, learner: str, path: str) -> None:
        self.learner = learner
        self.path = path
        super().__init__(
            f"{learner}: there is no file {path} in their folder on the hub. They may have "
            "renamed or moved it, or never opened the exercise."
        )
