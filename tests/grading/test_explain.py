"""Python's errors explained in plain English: in the learner's notebook and in feedback."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from planlab.grading.explain import ADVICE, advice_for, describe_error, error_line


@pytest.mark.parametrize(
    ("name", "message", "expected"),
    [
        ("NameError", "name 'check' is not defined", "run the set-up cell"),
        ("NameError", "name 'resident' is not defined", "Python does not know that name"),
        ("TypeError", "'DataFrame' object is not callable", "df['Rate'], not df('Rate')"),
        (
            "TypeError",
            "mase() missing 2 required positional arguments: 'forecast' and 'training'",
            "needs more inputs than it was given",
        ),
        ("KeyError", "'Rate'", "no column or key with that name"),
        ("AttributeError", "'Series' object has no attribute 'summ'", "not something this kind"),
        ("SyntaxError", "invalid syntax", "missing bracket, quote mark or comma"),
        ("ModuleNotFoundError", "No module named 'planlab'", "toolkit is not installed"),
        ("OSError", "disk full", "Read the last line of the message"),
    ],
)
def test_each_common_error_gets_advice_a_planner_can_act_on(name, message, expected) -> None:
    assert expected in advice_for(name, message)


def test_every_piece_of_advice_is_a_short_plain_paragraph() -> None:
    for name, _, advice in ADVICE:
        assert advice.endswith("."), name
        assert len(advice) < 400, name
        assert "Traceback" not in advice


def test_an_error_is_one_sentence_with_its_line_then_the_advice() -> None:
    text = describe_error("KeyError", "'Rate'", 3, "  dsr['Rate']  ")
    assert text.startswith("Your code stopped at line 3 (dsr['Rate']) with KeyError: 'Rate'. ")


def test_the_line_is_found_in_a_kernel_traceback() -> None:
    traceback = [
        "\x1b[0;31m---------------------------------------------------------------------------",
        "\x1b[0;31mNameError\x1b[0m   Traceback (most recent call last)",
        "Cell \x1b[0;32mIn[4], line 2\x1b[0m\n      1 x = 1\n----> 2 y = z + 1\n",
        "\x1b[0;31mNameError\x1b[0m: name 'z' is not defined",
    ]
    assert error_line(traceback, "x = 1\ny = z + 1") == (2, "y = z + 1")
    assert error_line([], "x = 1") == (None, "")


def test_a_learner_s_notebook_shows_the_sentence_not_a_traceback(tmp_path) -> None:
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "from planlab.grading.explain import install_plain_errors\n\ninstall_plain_errors()"
            ),
            nbformat.v4.new_code_cell("rate = 10\nper_1000 = rate / residents * 1000"),
        ]
    )
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    [output] = notebook.cells[1].outputs
    shown = "\n".join(output["traceback"])
    assert shown.startswith(
        "Your code stopped at line 2 (per_1000 = rate / residents * 1000) with NameError: "
        "name 'residents' is not defined. Python does not know that name."
    )
    assert "run %tb" in shown
    assert "Traceback (most recent call last)" not in shown
    assert "site-packages" not in shown


def test_the_full_details_stay_one_command_away() -> None:
    from IPython.core.interactiveshell import InteractiveShell

    from planlab.grading.explain import install_plain_errors

    shell = InteractiveShell.instance()
    install_plain_errors(shell)
    try:
        result = shell.run_cell("rate = 10\nper_1000 = rate / residents * 1000")
        assert isinstance(result.error_in_exec, NameError)
        import sys

        assert sys.last_type is NameError  # what %tb shows in full
    finally:
        shell.set_custom_exc((), None)
        InteractiveShell.clear_instance()
