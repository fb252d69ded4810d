import pandas as pd
import pytest

from planlab.errors import InputValueError
from planlab.suppression import suppress, suppression_mask


def _table():
    return pd.DataFrame(
        {"Q1": [20, 3, 15], "Q2": [12, 9, 8], "Q3": [30, 25, 6]},
        index=pd.Index(["North", "South", "West"], name="Locality"),
    )


def test_primary_and_secondary_suppression_by_hand():
    # South/Q1 = 3 is small. Row South then has one hidden cell: hide its smallest other
    # cell (Q2 = 9). Column Q1 has one hidden cell: hide its smallest other (West = 15).
    # Column Q2 now has one (South): hide West/Q2 = 8. Row West now has Q1 and Q2 hidden.
    mask = suppression_mask(_table())
    expected = pd.DataFrame(
        {"Q1": [False, True, True], "Q2": [False, True, True], "Q3": [False, False, False]},
        index=_table().index,
    )
    pd.testing.assert_frame_equal(mask, expected)


def test_no_line_has_a_single_hidden_cell():
    mask = suppression_mask(_table())
    for counts in (mask.sum(axis=0), mask.sum(axis=1)):
        assert not (counts == 1).any()


def test_suppress_shows_symbol_and_true_totals_and_leaves_input_alone():
    table = _table()
    before = table.copy()
    shown = suppress(table, symbol="*")
    pd.testing.assert_frame_equal(table, before)
    assert shown.loc["South", "Q1"] == "*"
    assert shown.loc["North", "Q1"] == "20"
    assert shown.loc["South", "Total"] == "37"
    assert shown.loc["Total", "Q1"] == "38"
    assert shown.loc["Total", "Total"] == "128"


def test_zeros_are_shown_unless_asked():
    table = pd.DataFrame({"A": [0, 10], "B": [10, 10]})
    assert not suppression_mask(table).any().any()
    assert suppression_mask(table, suppress_zeros=True).sum().sum() >= 2


def test_without_secondary_only_small_counts_are_hidden():
    mask = suppression_mask(_table(), secondary=False)
    assert mask.sum().sum() == 1
    assert suppress(_table(), secondary=False, totals=False).loc["South", "Q1"] == "c"


def test_threshold_is_a_parameter():
    table = pd.DataFrame({"A": [6, 6], "B": [6, 6]})
    assert not suppression_mask(table).any().any()
    assert suppression_mask(table, threshold=10).all().all()


def test_single_column_hides_the_row_totals():
    # Column A hides 3 and then 10 (secondary); each row has one cell, so its total
    # would give the cell away and is hidden too. The column total (13) stays.
    shown = suppress(pd.DataFrame({"A": [3, 10]}, index=["x", "y"]))
    assert shown["A"].tolist()[:2] == ["c", "c"]
    assert shown.loc["x", "Total"] == "c"
    assert shown.loc["y", "Total"] == "c"
    assert shown.loc["Total", "A"] == "13"


@pytest.mark.parametrize(
    ("table", "kwargs", "message"),
    [
        (pd.DataFrame(), {}, "table"),
        (pd.DataFrame({"A": [-1]}), {}, "whole counts"),
        (pd.DataFrame({"A": [1.5]}), {}, "whole counts"),
        (pd.DataFrame({"A": ["x"]}), {}, "counts only"),
        (pd.DataFrame({"A": [1]}), {"threshold": 0}, "threshold"),
        (pd.DataFrame({"A": [1]}), {"symbol": ""}, "symbol"),
    ],
)
def test_suppress_refuses_bad_input(table, kwargs, message):
    with pytest.raises(InputValueError, match=message):
        suppress(table, **kwargs)


def test_secondary_suppression_prefers_a_non_zero_count():
    table = pd.DataFrame({"A": [0, 30], "B": [3, 40], "C": [10, 50]}, index=["x", "y"])
    mask = suppression_mask(table)
    # Row x: B = 3 hidden; the smallest non-zero other cell is C = 10, not A = 0.
    assert mask.loc["x"].tolist() == [False, True, True]
    assert mask.loc["y"].tolist() == [False, True, True]


def test_the_course_rule_is_one_set_of_constants_used_by_default():
    # The course's rule: hide 1 to 4, show zeros, show "c"; the defaults are those constants.
    from planlab import suppression

    assert (suppression.THRESHOLD, suppression.SYMBOL, suppression.SUPPRESS_ZEROS) == (
        5,
        "c",
        False,
    )
    table = pd.DataFrame({"A": [0, 4, 5], "B": [1, 9, 12]}, index=["x", "y", "z"])
    small = suppression.small_counts(table)
    assert small["A"].tolist() == [False, True, False]
    assert small["B"].tolist() == [True, False, False]
    pd.testing.assert_frame_equal(
        suppression.suppress(table),
        suppression.suppress(table, threshold=5, symbol="c", suppress_zeros=False),
    )


def test_notebooks_and_solutions_use_the_course_rule_not_their_own():
    # One rule everywhere: no notebook hides small counts with its own threshold.
    import json
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    own_rule = re.compile(r"(>=|<)\s*5\)|<=\s*4\)|\.where\([^)]*>=\s*5")
    for folder in ("notebooks", "solutions"):
        for path in sorted((root / folder).glob("*.ipynb")):
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            for cell in cells:
                if cell["cell_type"] == "code":
                    source = "".join(cell["source"])
                    assert not own_rule.search(source), f"{path.name} has its own small-number rule"
