"""planlab.finance against a published medium-term plan and hand calculations.

Published example reproduced: Gateshead Council, Medium Term Financial Strategy 2024/25 to
2028/29 (https://gateshead.gov.uk/article/27893/Proposal), the table of base budget,
funding, reserves and funding gaps. It is a council's plan, not an IJB's: no IJB plan found
states its cost, funding and reserves in a form that could be reproduced from its inputs.

No published worked example was found for compounding pressures by service area, for PBMA's
ranking and greedy choice, or for the delegated and set-aside split; those are checked against
hand calculations written out in the tests (and the split against the course's budget table).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from planlab import InputValueError, datasets
from planlab.finance import (
    PLAN_COLUMNS,
    budget_split,
    choose_shifts,
    cost_projection,
    financial_plan,
    financial_years,
    plan_gap,
    rank_shifts,
)

# --- the published plan -------------------------------------------------------------------


def test_plan_gap_reproduces_gatesheads_mtfs_2024_to_2029() -> None:
    # Source: https://gateshead.gov.uk/article/27893/Proposal (MTFS 2024/25 - 2028/29), £m:
    # Estimated base budget        308.070 323.426 342.445 352.570 359.413
    # Estimated funding resources  281.012 287.447 295.062 302.890 309.885
    # Funding gap (before reserves) 27.058  35.979  47.383  49.680  49.528
    # Total reserves (pandemic 2, 2, 2; budget sustainability 9.175, 5, 2)
    #                               11.175   7.000   4.000   0.000   0.000
    # Minimum cumulative funding gap 15.883 28.979  43.383  49.680  49.528
    # Minimum annual funding gap     15.883 13.096  14.404   6.297  (0.152)
    plan = plan_gap(
        [308.070, 323.426, 342.445, 352.570, 359.413],
        [281.012, 287.447, 295.062, 302.890, 309.885],
        reserves_use=[11.175, 7.0, 4.0, 0.0, 0.0],
        opening_reserves=22.175,
        years=financial_years("2024/25", 5),
    )
    assert list(plan.columns) == list(PLAN_COLUMNS)
    assert plan["FinancialYear"].tolist() == ["2024/25", "2025/26", "2026/27", "2027/28", "2028/29"]
    assert plan["GapBeforeSavings"].tolist() == pytest.approx(
        [27.058, 35.979, 47.383, 49.680, 49.528]
    )
    assert plan["GapAfterReserves"].tolist() == pytest.approx(
        [15.883, 28.979, 43.383, 49.680, 49.528]
    )
    assert plan["ChangeInGap"].tolist() == pytest.approx([15.883, 13.096, 14.404, 6.297, -0.152])
    assert not plan["ReservesOverdrawn"].any()
    assert plan["ReservesClosing"].iloc[-1] == pytest.approx(0.0)


# --- the plan by hand -------------------------------------------------------------------------


def test_financial_plan_compounds_pressures_by_hand() -> None:
    baseline = pd.DataFrame(
        {"FinancialYear": ["2024/25"] * 2, "ServiceArea": ["A", "B"], "BudgetGBP": [60.0, 40.0]}
    )
    plan = financial_plan(
        baseline,
        2,
        demand_growth=0.02,
        pay_inflation=0.04,
        price_inflation=0.02,
        pay_share={"A": 0.8, "B": 0.2},
        funding_growth=0.03,
    )
    # A grows 1.02 x (1 + 0.8 x 0.04 + 0.2 x 0.02) = 1.02 x 1.036 = 1.05672 a year;
    # B grows 1.02 x (1 + 0.2 x 0.04 + 0.8 x 0.02) = 1.02 x 1.024 = 1.04448 a year.
    # 2025/26: 60 x 1.05672 + 40 x 1.04448 = 63.4032 + 41.7792 = 105.1824; funding 103.
    # 2026/27: 60 x 1.05672^2 + 40 x 1.04448^2 = 66.999429504 + 43.637538816 = 110.63696832;
    # funding 100 x 1.03^2 = 106.09. (Adding the first year's pressure again, 100 + 2 x
    # 5.1824 = 110.3648, would understate the cost: year two builds on year one.)
    assert plan["FinancialYear"].tolist() == ["2025/26", "2026/27"]
    assert plan["Cost"].tolist() == pytest.approx([105.1824, 110.63696832])
    assert plan["Pressure"].tolist() == pytest.approx([5.1824, 110.63696832 - 105.1824])
    assert plan["Funding"].tolist() == pytest.approx([103.0, 106.09])
    assert plan["GapBeforeSavings"].tolist() == pytest.approx([2.1824, 4.54696832])


def test_cost_projection_keeps_areas_and_factors_apart() -> None:
    table = cost_projection(
        pd.Series({"A": 50.0, "B": 50.0}),
        2,
        2025,
        demand_growth={"A": 0.1, "B": 0.0},
        price_inflation=[0.0, 0.05],
    )
    # A: demand 1.1 then 1.21; B: 1 then 1; inflation 1 then 1.05 for both.
    assert table["ServiceArea"].tolist() == ["A", "B", "A", "B"]
    assert table["DemandFactor"].tolist() == pytest.approx([1.1, 1.0, 1.21, 1.0])
    assert table["InflationFactor"].tolist() == pytest.approx([1.0, 1.0, 1.05, 1.05])
    assert table["Cost"].tolist() == pytest.approx([55.0, 50.0, 63.525, 52.5])


def test_savings_and_reserves_by_hand() -> None:
    cost, funding = [110.0, 115.0, 120.0], [100.0, 102.0, 104.0]
    # Gaps before savings: 10, 13, 16. Recurrent savings of 3 a year count 3, 6, 9: gaps 7, 7, 7.
    plan = plan_gap(cost, funding, savings=3.0, reserves_use=7.0, opening_reserves=15.0)
    assert plan["Savings"].tolist() == [3.0, 6.0, 9.0]
    assert plan["GapAfterSavings"].tolist() == [7.0, 7.0, 7.0]
    assert plan["GapAfterReserves"].tolist() == [0.0, 0.0, 0.0]
    # 15 - 7 = 8; 8 - 7 = 1; 1 - 7 = -6: the plan draws reserves it does not have, which is
    # flagged, not refused.
    assert plan["ReservesClosing"].tolist() == [8.0, 1.0, -6.0]
    assert plan["ReservesOverdrawn"].tolist() == [False, False, True]
    # One-off savings of 3 a year leave gaps of 7, 10, 13.
    once = plan_gap(cost, funding, savings=3.0, savings_recurrent=False)
    assert once["GapAfterSavings"].tolist() == [7.0, 10.0, 13.0]
    # Drawing what closes each gap while reserves last: 7, 7, then the last 1; the gap of 7
    # comes back as 6 once the 15 are spent.
    drawn = plan_gap(cost, funding, savings=3.0, reserves_use="gap", opening_reserves=15.0)
    assert drawn["ReservesUsed"].tolist() == [7.0, 7.0, 1.0]
    assert drawn["GapAfterReserves"].tolist() == [0.0, 0.0, 6.0]
    assert drawn["ChangeInGap"].tolist() == [0.0, 0.0, 6.0]
    assert drawn["ReservesClosing"].tolist() == [8.0, 1.0, 0.0]


def test_plan_from_the_course_budget_starts_the_year_after_the_budget() -> None:
    budget = datasets.load("budget")
    base = budget[budget["FinancialYear"] == "2024/25"]
    plan = financial_plan(base, 5, price_inflation=0.0)
    assert plan["FinancialYear"].tolist() == financial_years("2025/26", 5)
    assert plan["Cost"].tolist() == pytest.approx([base["BudgetGBP"].sum()] * 5)
    assert plan["GapBeforeSavings"].tolist() == pytest.approx([0.0] * 5)
    pressures = base.set_index("ServiceArea")["AnnualCostPressure"]
    grown = financial_plan(base, 5, price_inflation=pressures)
    expected = (
        base["BudgetGBP"].to_numpy() * (1 + base["AnnualCostPressure"].to_numpy()) ** 5
    ).sum()
    assert grown["Cost"].iloc[-1] == pytest.approx(expected)


def test_financial_years_by_hand() -> None:
    assert financial_years(2029, 2) == ["2029/30", "2030/31"]
    assert financial_years("2099/00", 2) == ["2099/00", "2100/01"]


# --- the errors ---------------------------------------------------------------------------


def test_plan_refuses_impossible_inputs() -> None:
    with pytest.raises(InputValueError, match=r"price_inflation was 3\.5.*write 3\.5% as 0\.035"):
        financial_plan(100.0, 5, "2025/26", price_inflation=3.5)
    with pytest.raises(InputValueError, match="pay_share was None"):
        financial_plan(100.0, 5, "2025/26", pay_inflation=0.04, price_inflation=0.02)
    with pytest.raises(InputValueError, match=r"pay_share was 1\.2"):
        financial_plan(100.0, 5, "2025/26", pay_inflation=0.04, pay_share=1.2)
    with pytest.raises(InputValueError, match="demand_growth"):
        financial_plan(100.0, 5, "2025/26", demand_growth=[0.01, 0.02])
    with pytest.raises(InputValueError, match=r"a rate for each service area"):
        financial_plan(pd.Series({"A": 1.0, "B": 2.0}), 2, 2025, demand_growth={"A": 0.01})
    with pytest.raises(InputValueError, match="funding_growth"):
        financial_plan(100.0, 2, "2025/26", funding=[100.0, 101.0], funding_growth=0.02)
    with pytest.raises(InputValueError, match="6 financial years"):
        financial_plan(datasets.load("budget"), 5)
    with pytest.raises(InputValueError, match="first_year was None"):
        financial_plan(100.0, 5)
    with pytest.raises(InputValueError, match="first_year was '2025/27'"):
        financial_years("2025/27", 5)
    with pytest.raises(InputValueError, match=r"baseline was -1\.0"):
        financial_plan(-1.0, 5, 2025)


def test_plan_gap_refuses_impossible_inputs() -> None:
    with pytest.raises(InputValueError, match="funding"):
        plan_gap([1.0, 2.0], [1.0])
    with pytest.raises(InputValueError, match=r"reserves_use was -1\.0"):
        plan_gap([1.0], [1.0], reserves_use=-1.0)
    with pytest.raises(InputValueError, match="reserves_use was 'all'"):
        plan_gap([1.0], [1.0], reserves_use="all")
    with pytest.raises(InputValueError, match=r"cost was -5\.0"):
        plan_gap([-5.0], [1.0])
    with pytest.raises(InputValueError, match=r"cost\[0\] was nan"):
        plan_gap([float("nan")], [1.0])


# --- PBMA -------------------------------------------------------------------------------------


def _shifts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Name": ["A", "B", "C", "D", "E", "F"],
            "CostChange": [-100.0, -50.0, -80.0, -60.0, 40.0, 0.0],
            "BenefitChange": [-1.0, -2.0, 0.5, -0.6, 3.0, 1.0],
        }
    )


def test_rank_shifts_by_hand() -> None:
    ranked = rank_shifts(_shifts())
    # Benefit per pound = benefit change / cost change:
    # A -1/-100 = 0.01, B -2/-50 = 0.04, C 0.5/-80 = -0.00625 (saves money and gains), D
    # -0.6/-60 = 0.01 (a tie with A: A releases more, so A first), E 3/40 = 0.075, F no cost.
    assert ranked["Name"].tolist() == ["C", "A", "D", "B", "E", "F"]
    assert ranked["Kind"].tolist() == ["release"] * 4 + ["investment", "no cost change"]
    assert ranked["Rank"].tolist() == [1, 2, 3, 4, 1, 1]
    assert ranked["BenefitPerPound"].iloc[:5].tolist() == pytest.approx(
        [-0.00625, 0.01, 0.01, 0.04, 0.075]
    )
    assert np.isnan(ranked["BenefitPerPound"].iloc[5])


def test_choose_shifts_is_greedy_by_hand() -> None:
    chosen = choose_shifts(_shifts(), 200.0)
    # C releases 80 (80 so far), A 100 (180, still short of 200), D 60 (240: closed, 40 over);
    # B is not needed.
    assert chosen["Name"].tolist() == ["C", "A", "D", "B"]
    assert chosen["Chosen"].tolist() == [True, True, True, False]
    assert chosen["CumulativeSaving"].tolist() == [80.0, 180.0, 240.0, 240.0]
    assert chosen["GapRemaining"].tolist() == [120.0, 20.0, -40.0, -40.0]
    # Every option together releases 290: a gap of 300 is left 10 short, and says so.
    short = choose_shifts(_shifts(), 300.0)
    assert short["Chosen"].all()
    assert short["GapRemaining"].iloc[-1] == pytest.approx(10.0)
    assert not choose_shifts(_shifts(), 0.0)["Chosen"].any()


def test_shifts_refuse_impossible_inputs() -> None:
    with pytest.raises(InputValueError, match=r"gap was -5\.0"):
        choose_shifts(_shifts(), -5.0)
    with pytest.raises(InputValueError, match="Name was 'A'"):
        rank_shifts(pd.concat([_shifts(), _shifts().iloc[:1]]))
    with pytest.raises(InputValueError, match="without BenefitChange"):
        rank_shifts(_shifts().drop(columns="BenefitChange"))
    with pytest.raises(InputValueError, match="CostChange of 'A' was 'lots'"):
        rank_shifts(
            _shifts().astype({"CostChange": object}).assign(CostChange=["lots", 1, 1, 1, 1, 1])
        )


# --- delegated and set-aside ------------------------------------------------------------------


def test_budget_split_by_hand() -> None:
    table = pd.DataFrame(
        {
            "FinancialYear": ["2024/25"] * 4 + ["2025/26"],
            "ServiceArea": ["Acute", "Community", "Prescribing", "Care homes", "Acute"],
            "FundingSource": [
                "Health set-aside",
                "Health delegated",
                "Health delegated",
                "Social care",
                "Health set-aside",
            ],
            "BudgetGBP": [40, 30, 20, 10, 50],
        }
    )
    split = budget_split(table)
    # 2024/25: delegated 30 + 20 + 10 = 60, set-aside 40, total 100 (40%).
    # 2025/26: only set-aside, 50 (100%).
    assert split["FinancialYear"].tolist() == ["2024/25", "2025/26"]
    assert split["Delegated"].tolist() == [60.0, 0.0]
    assert split["SetAside"].tolist() == [40.0, 50.0]
    assert split["SetAsidePct"].tolist() == pytest.approx([40.0, 100.0])
    with pytest.raises(InputValueError, match="set_aside was 'Hospital'"):
        budget_split(table, set_aside="Hospital")


def test_budget_split_reconciles_with_the_course_budget() -> None:
    budget = datasets.load("budget")
    split = budget_split(budget).set_index("FinancialYear")
    totals = budget.groupby("FinancialYear")["BudgetGBP"].sum()
    np.testing.assert_allclose(split["Total"], totals.loc[split.index])
    np.testing.assert_allclose(split["Delegated"] + split["SetAside"], split["Total"])
    set_aside = budget[budget["FundingSource"] == "Health set-aside"]
    np.testing.assert_allclose(
        split["SetAside"], set_aside.groupby("FinancialYear")["BudgetGBP"].sum().loc[split.index]
    )


def test_the_docstring_examples_run() -> None:
    import doctest

    import planlab.finance

    result = doctest.testmod(planlab.finance)
    assert result.attempted >= 9
    assert result.failed == 0


def test_plan_refuses_a_pay_share_per_year_and_no_years() -> None:
    with pytest.raises(InputValueError, match="one per service area"):
        financial_plan(100.0, 2, 2025, pay_inflation=0.04, pay_share=[0.5, 0.5])
    with pytest.raises(InputValueError, match="years was 0"):
        financial_plan(100.0, 0, 2025)
    with pytest.raises(InputValueError, match="count was 0"):
        financial_years(2025, 0)
