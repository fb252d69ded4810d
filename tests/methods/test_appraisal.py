"""planlab.appraisal against the Green Book's rates, the optimism bias guidance and hand sums.

Published sources reproduced (each checked on 3 December 2026 where the test says):

- HM Treasury, *The Green Book* (2003), Annex 6, Table 6.1 "The declining long term discount
  rate" (3.5% for years 0-30, 3.0% 31-75, 2.5% 76-125, 2.0% 126-200, 1.5% 201-300, 1.0%
  301+), read in the copy at https://ppponline.affinitext.com/public/book?id=1475&toc_id=508091;
  the same schedule, with the health and lower sensitivity-test schedules of the 2026 Green
  Book, in Department for Transport, "Forthcoming change: Green Book updates" (16 April 2026),
  https://www.gov.uk/government/publications/tag-forthcoming-changes/forthcoming-change-green-book-updates.
  That 3.5% applies "to all costs and benefits up to and including the 30th year" is from the
  Northern Ireland guide to the Green Book, paragraph 2.8.4
  (https://ppponline.affinitext.com/public/book?id=1664&toc_id=449738).
- Mott MacDonald (2002), *Review of Large Public Procurement in the UK*, Table 2 "Optimism
  Bias Guidelines", and its worked examples for a combined building project and for
  mitigation (https://ppponline.affinitext.com/public/book?id=1343, toc_id 444193, 444268
  and 444265).

- Scottish Government Health Directorates (SGHD), *Scottish Capital Investment Manual: Option
  Appraisal Guide*, Appendix 4, Table 1 "Discount factors @ 3.5% p.a." (46 printed factors, to
  four places, for years 0-30 and 40 to 500 on the declining schedule), read at
  https://ppponline.affinitext.com/public/book?id=1664&toc_id=449782 and copied unchanged to
  tests/methods/data/scim_discount_factors.csv; and the same appendix's worked example
  (paragraph A4.12).
- Penn State World Campus, MANGT 510 (project management), lesson 2.5.2 "Method Two: Simple
  Scoring Model", Table 2.4: four projects scored 1-3 on three weighted criteria, with the
  weighted scores and totals printed (https://courses.worldcampus.psu.edu/welcome/mangt510/
  less02_33.html).

Not reproduced: the worked examples of *Multi-criteria analysis: a manual* (DCLG 2009; the
toaster example of chapter 6) could not be read in any source available to us (only its cover
and contents were found), so the weight sensitivity is checked against flips solved by hand
below, and the weighted sum against the Penn State course's printed table. The Green Book's own
factor table (2003 Annex 6) was not found either; the SCIM table applies the same schedule.
"""

from __future__ import annotations

from decimal import Decimal, getcontext
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planlab import InputValueError
from planlab.appraisal import (
    GREEN_BOOK_HEALTH_RATES,
    GREEN_BOOK_LOWER_RATES,
    GREEN_BOOK_RATES,
    NPV_COLUMNS,
    OPTIMISM_BIAS,
    SENSITIVITY_COLUMNS,
    apply_optimism_bias,
    discount_factors,
    discount_rates,
    net_present_cost,
    net_present_value,
    normalise_weights,
    npv_table,
    optimism_bias,
    present_value,
    rescale_weights,
    weight_sensitivity,
    weighted_scores,
)

getcontext().prec = 40

DATA = Path(__file__).parent / "data"


def decimal_factor(year: int, bands: list[tuple[int, str]]) -> Decimal:
    """Discount factor by the Green Book's rule, one year at a time, in exact decimals.

    Written independently of the module (which sums logarithms in closed form): each year
    from 1 to ``year`` divides by 1 + the rate of the band that year falls in.
    """
    factor = Decimal(1)
    for step in range(1, year + 1):
        rate = [Decimal(rate) for start, rate in bands if start <= step][-1]
        factor /= 1 + rate
    return factor


STANDARD = [(0, "0.035"), (31, "0.03"), (76, "0.025"), (126, "0.02"), (201, "0.015"), (301, "0.01")]


# --- discounting: the published schedule ----------------------------------------------------


def test_the_standard_schedule_is_the_green_books_table() -> None:
    """Green Book (2003) Annex 6, Table 6.1; DfT "Forthcoming change: Green Book updates" (2026).

    Period of years 0-30, 31-75, 76-125, 126-200, 201-300, 301+ at 3.5%, 3.0%, 2.5%, 2.0%,
    1.5%, 1.0%: each band's first year and rate, and the rate either side of each boundary.
    """
    assert GREEN_BOOK_RATES == (
        (0, 0.035),
        (31, 0.030),
        (76, 0.025),
        (126, 0.020),
        (201, 0.015),
        (301, 0.010),
    )
    years = [0, 30, 31, 75, 76, 125, 126, 200, 201, 300, 301, 1000]
    expected = [0.035, 0.035, 0.03, 0.03, 0.025, 0.025, 0.02, 0.02, 0.015, 0.015, 0.01, 0.01]
    assert discount_rates(years).tolist() == expected


def test_the_health_and_lower_schedules_are_the_2026_green_books() -> None:
    """DfT, "Forthcoming change: Green Book updates" (16 April 2026), table "Green Book
    discount rates": health 1.50%, 1.29%, 1.07%, 0.86%, 0.64%, 0.43%; the additional
    sensitivity test 3.00%, 2.57%, 2.14%, 1.71%, 1.29%, 0.86%, for the same bands."""
    starts = [0, 31, 76, 126, 201, 301]
    assert (
        tuple(zip(starts, [0.015, 0.0129, 0.0107, 0.0086, 0.0064, 0.0043], strict=True))
        == GREEN_BOOK_HEALTH_RATES
    )
    assert (
        tuple(zip(starts, [0.030, 0.0257, 0.0214, 0.0171, 0.0129, 0.0086], strict=True))
        == GREEN_BOOK_LOWER_RATES
    )


def test_factors_to_year_30_are_one_over_1_035_to_the_t() -> None:
    """Years 0 to 30 at 3.5% (Green Book Table 6.1): D_t = 1 / 1.035^t, checked in decimals.

    Four of the factors printed in SCIM Option Appraisal Guide, Appendix 4, Table 1 (year 1
    0.9662, year 10 0.7089, year 20 0.5026, year 30 0.3563) are checked here too; the whole
    table is checked in the next test.
    """
    years = list(range(31))
    expected = [float(1 / Decimal("1.035") ** year) for year in years]
    assert discount_factors(years) == pytest.approx(expected, rel=1e-12)
    assert discount_factors(0) == 1.0
    four_places = np.round(discount_factors([1, 10, 20, 30]), 4).tolist()
    assert four_places == [0.9662, 0.7089, 0.5026, 0.3563]


SCIM_FACTORS = DATA / "scim_discount_factors.csv"


def test_factors_match_the_printed_scim_table() -> None:
    """SGHD, *Scottish Capital Investment Manual: Option Appraisal Guide*, Appendix 4, Table 1
    "Discount factors @ 3.5% p.a." (read 3 December 2026): all 46 printed factors, years 0-30,
    then 40, 50, 60, 75, 80, 90, 100, 125, 150, 200, 250, 300, 350, 400 and 500.

    The factors after year 30 follow the declining schedule (year 40 = 0.2651, year 75 =
    0.0942, year 500 = 0.0002). Each printed factor is our factor rounded to four places, and
    a flat 3.5% would not reproduce the table after year 30 (year 75 would be 0.0758).
    """
    printed = pd.read_csv(SCIM_FACTORS)
    assert len(printed) == 46
    ours = discount_factors(printed["Year"].tolist())
    assert np.round(ours, 4).tolist() == printed["DiscountFactor"].tolist()
    assert np.abs(ours - printed["DiscountFactor"].to_numpy()).max() <= 0.00005
    long_term = printed["Year"] > 30
    flat = np.round(discount_factors(printed.loc[long_term, "Year"].tolist(), 0.035), 4)
    assert (flat != printed.loc[long_term, "DiscountFactor"].to_numpy()).sum() >= 10
    assert round(float(discount_factors(75, 0.035)), 4) == 0.0758


def test_the_scim_worked_example_of_a_stream_starting_in_year_7() -> None:
    """SCIM Option Appraisal Guide, Appendix 4, paragraph A4.12: 15 annual costs of 75, the
    first in year 7, are worth 75 x 11.5281 (the guide's 15-year annuity factor) x 0.8135 (the
    year 6 factor) today; the guide rounds the first product to 865 and prints 704.

    The guide's annuity factors (11.5281 for 15 years, and 14.2339 for 20 years in A4.11) do
    not equal the sums of its own Table 1 factors (11.5173 and 14.2124 to four places), which
    is what a present value of equal annual amounts is; we check the sums against Table 1 and
    report the guide's example as printed, within the difference its annuity factors make.
    """
    printed = pd.read_csv(SCIM_FACTORS).set_index("Year")["DiscountFactor"]
    pv = present_value([75.0] * 15, years=list(range(7, 22)))
    # Present value of 1 a year for years 1-20 and 1-15: the sums of Table 1's factors.
    assert present_value([1.0] * 20, years=list(range(1, 21))) == pytest.approx(
        printed.loc[1:20].sum(), abs=20 * 0.00005
    )
    assert present_value([1.0] * 15, years=list(range(1, 16))) == pytest.approx(
        printed.loc[1:15].sum(), abs=15 * 0.00005
    )
    # The stream from year 7 is the 15-year stream moved 6 years on: times D_6 = 0.8135.
    assert pv == pytest.approx(75 * printed.loc[7:21].sum(), abs=75 * 15 * 0.00005)
    assert pv == pytest.approx(75 * 11.5281 * 0.8135, rel=0.002)
    assert round(pv) == 703


def test_years_after_30_are_discounted_by_their_own_band_only() -> None:
    """Green Book rule (NI guide para 2.8.4): 3.5% for every year up to and including year 30,
    then the schedule. So year 31 = D_30 / 1.03 = 0.3459 (not 1 / 1.03^31 = 0.4000), and
    year 76 = D_75 / 1.025; checked against the year-by-year decimal calculation."""
    d30 = Decimal(1) / Decimal("1.035") ** 30
    assert float(discount_factors(31)) == pytest.approx(float(d30 / Decimal("1.03")), rel=1e-12)
    assert round(float(discount_factors(31)), 4) == 0.3459
    d75 = d30 / Decimal("1.03") ** 45
    assert float(discount_factors(75)) == pytest.approx(float(d75), rel=1e-12)
    assert float(discount_factors(76)) == pytest.approx(float(d75 / Decimal("1.025")), rel=1e-12)
    years = [31, 50, 75, 76, 100, 125, 126, 200, 201, 300, 301, 400]
    expected = [float(decimal_factor(year, STANDARD)) for year in years]
    assert discount_factors(years) == pytest.approx(expected, rel=1e-10)


def test_a_far_year_costs_no_more_than_a_near_one() -> None:
    # Year 10,000: 30 years at 3.5%, 45 at 3%, 50 at 2.5%, 75 at 2%, 100 at 1.5%, 9,700 at 1%.
    logs = [30, 45, 50, 75, 100, 9700] @ np.log1p([0.035, 0.03, 0.025, 0.02, 0.015, 0.01])
    assert float(discount_factors(10_000)) == pytest.approx(np.exp(-logs), rel=1e-10)


def test_a_constant_rate_and_other_schedules() -> None:
    # A single number is one rate for every year: 1 / 1.035^31 in year 31.
    assert float(discount_factors(31, 0.035)) == pytest.approx(1 / 1.035**31)
    assert discount_factors([0, 5, 100], 0).tolist() == [1.0, 1.0, 1.0]
    health = [(0, "0.015"), (31, "0.0129"), (76, "0.0107")]
    assert float(discount_factors(80, GREEN_BOOK_HEALTH_RATES)) == pytest.approx(
        float(decimal_factor(80, health)), rel=1e-12
    )


# --- present value, NPC and NPV ---------------------------------------------------------------


def test_present_values_by_hand() -> None:
    """A care hub: capital 1,000 in year 0 and 200 in year 1; running costs 150 a year in
    years 1-3; benefits 500 a year in years 1-3. Each amount times 1/1.035^t, summed."""
    d = [float(1 / Decimal("1.035") ** year) for year in range(4)]
    capital, revenue, benefits = [1000, 200, 0, 0], [0, 150, 150, 150], [0, 500, 500, 500]
    pv_capital = 1000 * d[0] + 200 * d[1]
    pv_revenue = 150 * (d[1] + d[2] + d[3])
    pv_benefits = 500 * (d[1] + d[2] + d[3])
    assert present_value(capital) == pytest.approx(pv_capital)
    assert net_present_cost(capital, revenue) == pytest.approx(pv_capital + pv_revenue)
    npv = pv_benefits - pv_capital - pv_revenue
    assert net_present_value(benefits, capital, revenue) == pytest.approx(npv)
    assert round(npv, 2) == pytest.approx(-212.66)  # 1400.82 - 1193.24 - 420.25 (to 0.01)


def test_npv_table_is_tidy_and_adds_up() -> None:
    table = npv_table(
        [1000, 200, 0, 0], [0, 150, 150, 150], [0, 500, 500, 500], first_year="2026/27"
    )
    assert list(table.columns) == list(NPV_COLUMNS)
    assert table["FinancialYear"].tolist() == ["2026/27", "2027/28", "2028/29", "2029/30"]
    assert table["Year"].tolist() == [0, 1, 2, 3]
    npv = net_present_value([0, 500, 500, 500], [1000, 200, 0, 0], [0, 150, 150, 150])
    assert table["CumulativeNPV"].iloc[-1] == pytest.approx(npv)
    assert table["PVNet"].sum() == pytest.approx(npv)
    assert (table["PVCapital"] == table["Capital"] * table["DiscountFactor"]).all()
    without = npv_table([10, 10], [1, 1])
    assert "FinancialYear" not in without.columns
    assert (without["Benefits"] == 0).all()
    assert without["PVNet"].sum() == pytest.approx(-net_present_cost([10, 10], [1, 1]))


def test_years_need_not_be_consecutive() -> None:
    table = npv_table([100, 0, 0], [0, 5, 5], years=[0, 10, 40], first_year=2026)
    assert table["FinancialYear"].tolist() == ["2026/27", "2036/37", "2066/67"]
    # One amount in one year: 100 in year 10 is worth 100 / 1.035^10 today.
    assert present_value(100, years=10) == pytest.approx(100 / 1.035**10)
    expected = [1.0, float(decimal_factor(10, STANDARD)), float(decimal_factor(40, STANDARD))]
    assert table["DiscountFactor"].tolist() == pytest.approx(expected, rel=1e-12)
    assert present_value([1, 1], years=[3, 1]) == pytest.approx(
        float(decimal_factor(3, STANDARD) + decimal_factor(1, STANDARD))
    )


# --- optimism bias ------------------------------------------------------------------------------


def test_the_table_is_mott_macdonalds_table_2() -> None:
    """Mott MacDonald (2002), Table 2 "Optimism Bias Guidelines" (works duration U, L;
    capital expenditure U, L, in %): non-standard buildings 39, 2, 51, 4; standard buildings
    4, 1, 24, 2; non-standard civil engineering 25, 3, 66, 6; standard civil engineering
    20, 1, 44, 3; equipment/development 54, 10, 200, 10; outsourcing N/A, N/A, 41*, 0*
    (* operating expenditure)."""
    table = {
        "non-standard buildings": (39, 2, 51, 4),
        "standard buildings": (4, 1, 24, 2),
        "non-standard civil engineering": (25, 3, 66, 6),
        "standard civil engineering": (20, 1, 44, 3),
        "equipment/development": (54, 10, 200, 10),
        "outsourcing": (None, None, 41, 0),
    }
    assert set(OPTIMISM_BIAS) == set(table)
    for project, (du, dl, cu, cl) in table.items():
        row = OPTIMISM_BIAS[project]
        got = [row["DurationUpper"], row["DurationLower"], row["CapitalUpper"], row["CapitalLower"]]
        want = [None if value is None else value / 100 for value in (du, dl, cu, cl)]
        assert got == pytest.approx(want) if du is not None else got == want
    assert optimism_bias("standard buildings") == 0.24


def test_a_combined_building_project_as_mott_macdonald_works_it() -> None:
    """Mott MacDonald (2002), section on combined projects: 30% non-standard and 70% standard
    building by capital value gives 0.3 x 51 + 0.7 x 24 = 15.3 + 16.8 = 32.1% for capital,
    and 0.3 x 39 + 0.7 x 4 = 11.7 + 2.8 = 14.5% for works duration."""
    parts = {"non-standard buildings": 0.3, "standard buildings": 0.7}
    assert optimism_bias(parts) == pytest.approx(0.321)
    assert optimism_bias(parts, "duration") == pytest.approx(0.145)


def test_mitigation_as_mott_macdonald_works_it() -> None:
    """Mott MacDonald (2002), example at contract award: a 92% reduction of the 51% upper
    bound for non-standard buildings leaves (100% - 92%) x 51 = 4% (4.08 before rounding), so
    a 100m estimate becomes 100 x 1.04 = 104m before the cost of managing the risks."""
    bias = optimism_bias("non-standard buildings", mitigation=0.92)
    assert bias == pytest.approx(0.0408)
    assert round(100 * bias) == 4
    assert (
        round(float(apply_optimism_bias(100.0, "non-standard buildings", mitigation=0.92))) == 104
    )


def test_apply_optimism_bias_to_costs_and_duration() -> None:
    # Standard buildings, half mitigated: capital 24% x 0.5 = 12%; duration 4% x 0.5 = 2%.
    costs = apply_optimism_bias([1000.0, 250.0, 0.0], "Standard Buildings", mitigation=0.5)
    assert costs.tolist() == pytest.approx([1120.0, 280.0, 0.0])
    assert apply_optimism_bias(30, "standard buildings", "duration", 0.5) == pytest.approx(30.6)
    # Outsourcing's figure is for operating costs; it has no works duration figure.
    assert apply_optimism_bias(100, "outsourcing") == pytest.approx(141)


# --- multi-criteria analysis: a worked example by hand ------------------------------------------

#: Four options scored 0-100 on four criteria; weights 40, 30, 20, 10 (normalised 0.4 ... 0.1).
SCORES = pd.DataFrame(
    {
        "Outcomes": [80, 60, 90, 50],
        "Access": [60, 90, 40, 70],
        "Cost": [40, 70, 60, 90],
        "Deliverability": [70, 50, 80, 90],
    },
    index=["A", "B", "C", "D"],
)
WEIGHTS = {"Outcomes": 40, "Access": 30, "Cost": 20, "Deliverability": 10}


def test_weighted_scores_by_hand() -> None:
    """Totals by hand: A = 32 + 18 + 8 + 7 = 65; B = 24 + 27 + 14 + 5 = 70;
    C = 36 + 12 + 12 + 8 = 68; D = 20 + 21 + 18 + 9 = 68. B first, C and D share second."""
    table = weighted_scores(SCORES, WEIGHTS)
    assert table.index.tolist() == ["B", "C", "D", "A"]
    assert table["Total"].tolist() == pytest.approx([70, 68, 68, 65])
    assert table["Rank"].tolist() == [1, 2, 2, 4]
    assert table.loc["A", ["Outcomes", "Access", "Cost", "Deliverability"]].tolist() == (
        pytest.approx([32, 18, 8, 7])
    )
    # The same weights on another scale (shares, or points out of 1) give the same table.
    same = weighted_scores(SCORES, {name: w / 100 for name, w in WEIGHTS.items()})
    pd.testing.assert_frame_equal(table, same)


def test_weighted_scores_reproduce_a_published_scoring_table() -> None:
    """Penn State World Campus, MANGT 510, lesson 2.5.2 "Method Two: Simple Scoring Model",
    Table 2.4 (read 3 December 2026). Weights: Safety 3, Profit Potential 2, Cost 1. Scores
    (high 3, medium 2, low 1) for Cost, Profit Potential, Safety: Alpha 3, 1, 2; Beta 2, 2, 3;
    Gamma 3, 3, 2; Delta 1, 1, 3. Printed weighted scores: Alpha 3, 2, 6; Beta 2, 4, 9; Gamma 3,
    6, 6; Delta 1, 2, 9. Printed totals: Alpha 11, Beta 15, Gamma 15, Delta 12, "Projects Beta
    and Gamma tie as the most attractive choices".

    weighted_scores normalises the weights to add up to 1, so its totals are the printed ones
    divided by the weights' sum (6); times 6 they must be the printed numbers.
    """
    scores = pd.DataFrame(
        {"Cost": [3, 2, 3, 1], "Profit Potential": [1, 2, 3, 1], "Safety": [2, 3, 2, 3]},
        index=["Alpha", "Beta", "Gamma", "Delta"],
    )
    weights = {"Safety": 3, "Profit Potential": 2, "Cost": 1}
    table = weighted_scores(scores, weights, scale=(1, 3))
    criteria = ["Cost", "Profit Potential", "Safety"]
    printed_weighted = {
        "Alpha": [3, 2, 6],
        "Beta": [2, 4, 9],
        "Gamma": [3, 6, 6],
        "Delta": [1, 2, 9],
    }
    for project, row in printed_weighted.items():
        assert (table.loc[project, criteria] * 6).tolist() == pytest.approx(row)
    printed_total = {"Alpha": 11, "Beta": 15, "Gamma": 15, "Delta": 12}
    assert (table["Total"] * 6).to_dict() == pytest.approx(printed_total)
    # Beta and Gamma tie first (Beta listed first, as in the source); Delta third; Alpha last.
    assert table.index.tolist() == ["Beta", "Gamma", "Delta", "Alpha"]
    assert table["Rank"].tolist() == [1, 1, 3, 4]


def test_weight_sensitivity_solved_by_hand() -> None:
    """Each flip solved by hand with the others rescaled in proportion, S_i(x) = x s_ic +
    (1 - x) R_i where R_i is the rest of i's total over 1 - w_c.

    Outcomes (w 0.4): R = A 55, B 230/3, C 160/3, D 80. Up: C meets B where 90x + 160/3 (1-x)
    = 60x + 230/3 (1-x), 160x = 70, x = 7/16 (A only at 0.52). Down: D meets B where
    50x + 80(1-x) = 60x + 230/3 (1-x), x = 1/4.
    Access (w 0.3): B gains fastest, so no flip up. Down: C at 13/48, before D (2/9) and
    A (0.16).
    Cost (w 0.2): B's total is 70 whatever x. Up: D = 62.5 + 27.5x reaches 70 at x = 3/11.
    Down: A = 71.25 - 31.25x reaches 70 at x = 0.04 (C only at 0).
    Deliverability (w 0.1): up, D at 1/7 before C (5/32) and A (0.28); no flip down.
    """
    table = weight_sensitivity(SCORES, WEIGHTS)
    assert list(table.columns) == list(SENSITIVITY_COLUMNS)
    assert table["Leader"].eq("B").all()
    expected = {
        "Outcomes": (Fraction(1, 4), "D", Fraction(7, 16), "C"),
        "Access": (Fraction(13, 48), "C", None, None),
        "Cost": (Fraction(1, 25), "A", Fraction(3, 11), "D"),
        "Deliverability": (None, None, Fraction(1, 7), "D"),
    }
    for row in table.itertuples(index=False):
        down, below, up, above = expected[row.Criterion]
        assert row.WinnerBelow == below
        assert row.WinnerAbove == above
        for got, want in ((row.FlipWeightDown, down), (row.FlipWeightUp, up)):
            if want is None:
                assert np.isnan(got)
            else:
                assert got == pytest.approx(float(want), abs=1e-12)
    assert table["Weight"].tolist() == pytest.approx([0.4, 0.3, 0.2, 0.1])


def test_each_flip_is_where_the_lead_changes() -> None:
    """An independent check of the exact solution: reweight with rescale_weights and rank
    again. At the flip the two options tie; just beyond it the new winner leads; and between
    the current weight and the flip the leader never loses the lead (checked on 200 weights)."""
    table = weight_sensitivity(SCORES, WEIGHTS)
    for row in table.itertuples(index=False):
        for flip, winner, step in (
            (row.FlipWeightDown, row.WinnerBelow, -1e-6),
            (row.FlipWeightUp, row.WinnerAbove, 1e-6),
        ):
            if winner is None:
                end = 0.0 if step < 0 else 1.0
                between = np.linspace(row.Weight, end, 200)[1:]
            else:
                at = weighted_scores(SCORES, rescale_weights(WEIGHTS, row.Criterion, flip))
                assert at.loc[winner, "Total"] == pytest.approx(at.loc["B", "Total"], abs=1e-9)
                beyond = weighted_scores(
                    SCORES, rescale_weights(WEIGHTS, row.Criterion, flip + step)
                )
                assert beyond.index[0] == winner
                between = np.linspace(row.Weight, flip, 200)[1:-1]
            for weight in between:
                ranked = weighted_scores(SCORES, rescale_weights(WEIGHTS, row.Criterion, weight))
                assert ranked["Total"].max() == pytest.approx(ranked.loc["B", "Total"])


def test_rescale_weights_keeps_the_others_ratios() -> None:
    weights = rescale_weights(WEIGHTS, "Outcomes", 0.7)
    assert weights.sum() == pytest.approx(1.0)
    assert weights["Outcomes"] == 0.7
    # Access : Cost : Deliverability stay 3 : 2 : 1, sharing the remaining 0.3.
    assert weights[["Access", "Cost", "Deliverability"]].tolist() == pytest.approx(
        [0.15, 0.1, 0.05]
    )
    assert normalise_weights({"a": 1, "b": 3}).tolist() == [0.25, 0.75]


def test_a_tie_at_the_top_flips_at_the_current_weight() -> None:
    # P and Q tie at 50 with equal weights; raising X favours Q (80 > 20), lowering it P.
    scores = pd.DataFrame({"X": [20, 80], "Y": [80, 20]}, index=["P", "Q"])
    table = weight_sensitivity(scores, {"X": 1, "Y": 1})
    first = table.iloc[0]
    assert first["Leader"] == "P"
    assert first["FlipWeightUp"] == pytest.approx(0.5)
    assert first["WinnerAbove"] == "Q"
    assert np.isnan(first["FlipWeightDown"])
    assert first["WinnerBelow"] is None


def test_a_criterion_with_all_the_weight_reports_no_flip() -> None:
    scores = pd.DataFrame({"X": [20, 80], "Y": [80, 20]}, index=["P", "Q"])
    table = weight_sensitivity(scores, {"X": 1, "Y": 0})
    assert np.isnan(table.loc[0, "FlipWeightDown"])
    assert np.isnan(table.loc[0, "FlipWeightUp"])
    # Raising Y from 0: P (80 on Y) draws level with Q at 0.5.
    assert table.loc[1, "FlipWeightUp"] == pytest.approx(0.5)
    assert table.loc[1, "WinnerAbove"] == "P"
    single = weight_sensitivity(pd.DataFrame({"X": [1, 2]}, index=["P", "Q"]), {"X": 5}, (0, 5))
    assert single.loc[0, "Leader"] == "Q"
    assert np.isnan(single.loc[0, "FlipWeightUp"])


# --- hostile input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: discount_factors(-1),
            r"years was -1, but it must be a whole number of years .* 0 or more",
        ),
        (lambda: discount_factors(2.5), r"whole number of years"),
        (lambda: discount_factors([1, float("nan")]), r"years\[1\]"),
        (lambda: discount_factors("ten"), r"whole numbers of years"),
        (lambda: discount_factors(True), r"whole number"),
        (lambda: discount_factors(5, 3.5), r"rates\[0\] was 3\.5.*write 3\.5% as 0\.035"),
        (lambda: discount_factors(5, -0.01), r"from 0 and below 1"),
        (lambda: discount_factors(5, [(1, 0.035)]), r"starts at year 0"),
        (lambda: discount_factors(5, [(0, 0.035), (31, 0.03), (20, 0.02)]), r"in order"),
        (lambda: discount_factors(5, [(0, 0.035), (31.5, 0.03)]), r"rates\[1\]"),
        (lambda: discount_factors(5, [(0, 0.035, 1)]), r"a pair"),
        (lambda: discount_factors(5, []), r"schedule of rates"),
        (lambda: discount_factors(5, "3.5%"), r"schedule of rates"),
        (lambda: discount_factors(5, [(0, float("inf"))]), r"finite"),
        (lambda: present_value([]), r"one for each year"),
        (lambda: present_value([1, "x"]), r"list of numbers"),
        (lambda: present_value([1, 2], years=[0, 0]), r"each year listed once"),
        (lambda: present_value([1, 2], years=[0, 1, 2]), r"2 years"),
        (lambda: net_present_cost([1, 2], [1]), r"revenue was '1 amounts'.*2 amounts"),
        (lambda: net_present_value([1], [1, 2], [1, 2]), r"benefits"),
        (lambda: npv_table([1], [1], first_year="2026-27"), r"financial year"),
        (lambda: optimism_bias("hospital"), r"one of standard buildings"),
        (lambda: optimism_bias("standard building"), r"did you mean 'standard buildings'"),
        (lambda: optimism_bias(24), r"project type"),
        (lambda: optimism_bias("standard buildings", "cost"), r'"capital" or "duration"'),
        (lambda: optimism_bias("outsourcing", "duration"), r"no duration figure for outsourcing"),
        (lambda: optimism_bias("standard buildings", mitigation=50), r"write 40% as 0\.4"),
        (lambda: optimism_bias("standard buildings", mitigation=-0.1), r"mitigation"),
        (lambda: optimism_bias({"standard buildings": 0.5}), r"add up to 1.*0\.5"),
        (lambda: optimism_bias({}), r"mapping of types"),
        (lambda: apply_optimism_bias([100, -5], "standard buildings"), r"values\[1\] was -5"),
        (lambda: weighted_scores(SCORES.to_numpy(), WEIGHTS), r"row for each option"),
        (lambda: weighted_scores(SCORES.iloc[:0], WEIGHTS), r"an empty table"),
        (lambda: weighted_scores(SCORES, {**WEIGHTS, "Cost": -1}), r"weights\['Cost'\] was -1"),
        (lambda: weighted_scores(SCORES, dict.fromkeys(WEIGHTS, 0)), r"not all 0"),
        (lambda: weighted_scores(SCORES, {"Outcomes": 1}), r"no weight for \['Access'"),
        (lambda: weighted_scores(SCORES, {**WEIGHTS, "Speed": 5}), r"Speed'\], which are not"),
        (lambda: weighted_scores(SCORES, [40, 30, 20, 10]), r"a weight for each criterion"),
        (lambda: weighted_scores(SCORES, WEIGHTS, (0, 10)), r"scores.loc\['A', 'Outcomes'\]"),
        (lambda: weighted_scores(SCORES, WEIGHTS, (100, 0)), r"lowest score below the highest"),
        (lambda: weighted_scores(SCORES, WEIGHTS, 100), r"such as \(0, 100\)"),
        (
            lambda: weighted_scores(SCORES.assign(Cost=[40, None, 60, 90]), WEIGHTS),
            r"scores.loc\['B', 'Cost'\] was nan, but it must be a score from 0 to 100",
        ),
        (
            lambda: weighted_scores(SCORES.set_axis(["A", "A", "C", "D"]), WEIGHTS),
            r"options \(rows\) named once",
        ),
        (lambda: rescale_weights(WEIGHTS, "Speed", 0.5), r"criterion was 'Speed'"),
        (lambda: rescale_weights(WEIGHTS, "Cost", 1.5), r"from 0 to 1"),
        (lambda: rescale_weights({"X": 1, "Y": 0}, "X", 0.5), r"other than 'X'"),
    ],
)
def test_bad_input_is_refused_with_a_message_that_says_what_to_do(call, message) -> None:
    with pytest.raises(InputValueError, match=message):
        call()
