"""Board papers, directions and print charts (planlab.boardpaper, module 13).

Independent checks:

* Print size: a figure W mm wide at 300 dots per inch is round(W / 25.4 x 300) pixels wide
  (25.4 mm to the inch, by definition). The PNG's pHYs header is read back with Pillow.
* The direction's elements: the Public Bodies (Joint Working) (Scotland) Act 2014, s.27
  (in writing; the functions; how they are to be carried out; the budget and how it is to
  be used; variation and revocation), as set out in the Scottish Government's good practice
  note on directions (gov.scot, 2016, pages 2 and 3 and its footnotes) and its statutory
  guidance, *Directions from integration authorities to health boards and local
  authorities* (gov.scot), both last checked 3 December 2026.
* The direction's budget: summed here from ``datasets/budget.csv`` with the standard
  library's csv reader, not with pandas.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from docx import Document
from PIL import Image

from planlab import assumptions as plan
from planlab import datasets
from planlab.boardpaper import (
    DIRECTION_ELEMENTS,
    LOG_COLUMNS,
    PRINT_DPI,
    BoardPaper,
    Direction,
    Estimate,
    assumptions_log,
    board_paper_markdown,
    check_assumptions_log,
    direction_budget,
    direction_markdown,
    format_interval,
    save_board_paper,
    save_direction,
    save_for_print,
)
from planlab.errors import InputValueError

REPO = Path(__file__).resolve().parents[2]


def chart() -> plt.Figure:
    fig, ax = plt.subplots()
    ax.plot([2024, 2030], [302, 332])
    ax.set_title("Lochanvale (fictional): beds needed")
    ax.set_xlabel("Financial year (starting)")
    ax.set_ylabel("Beds")
    ax.tick_params(labelsize=5)  # too small for print: must be enlarged
    return fig


def test_png_is_300_dpi_at_the_stated_size(tmp_path: Path) -> None:
    """160 x 100 mm at 300 dpi: 160 / 25.4 x 300 = 1889.8, so 1890 x 1181 pixels."""
    fig = chart()
    png, svg = save_for_print(fig, tmp_path / "beds", width_mm=160, height_mm=100)
    with Image.open(png) as image:
        assert image.size == (1890, 1181)
        assert image.info["dpi"] == pytest.approx((PRINT_DPI, PRINT_DPI), abs=0.01)
    assert svg.suffix == ".svg"
    sizes = [t.get_fontsize() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]
    assert min(sizes) >= 8
    plt.close(fig)


def test_svg_keeps_its_text(tmp_path: Path) -> None:
    fig = chart()
    (svg,) = save_for_print(fig, tmp_path / "beds.svg", 80, 60, formats=["svg"])
    text = svg.read_text(encoding="utf-8")
    assert "<text" in text
    assert "Lochanvale (fictional): beds needed" in text
    width = float(re.search(r'<svg[^>]* width="([\d.]+)pt"', text).group(1))
    assert width == pytest.approx(80 / 25.4 * 72, abs=0.1)  # 80 mm in points (72 to the inch)
    plt.close(fig)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"width_mm": 5}, "width_mm"),
        ({"formats": ["pdf"]}, "formats"),
        ({"min_font_pt": 2}, "min_font_pt"),
    ],
)
def test_bad_print_settings_are_named(tmp_path: Path, kwargs: dict, name: str) -> None:
    fig = chart()
    with pytest.raises(InputValueError, match=name):
        save_for_print(fig, tmp_path / "x", **kwargs)
    plt.close(fig)


def test_assumptions_log_is_built_from_the_shared_assumptions() -> None:
    log = assumptions_log()
    assert tuple(log.columns) == LOG_COLUMNS
    assert len(log) == len(plan.assumptions_table()) + 5
    assert not log.isna().any().any()
    values = dict(zip(log["Assumption"], log["Value"], strict=True))
    assert values["Target average bed occupancy"] == "85%"
    assert values["Beds in a new ward"] == "24 beds"
    assert values["Frailty unit: share of admissions aged 75+ it sees"] == "60%"
    first = log.iloc[0]
    assert first["Value"] == "-10% to 0% (80% interval)"
    assert "E01" in first["Basis"]
    assert log["LastReviewed"].eq(dt.date(2026, 10, 14)).all()


def test_a_log_with_no_owner_is_refused() -> None:
    log = assumptions_log()
    log.loc[2, "Owner"] = " "
    with pytest.raises(InputValueError, match=r"Owner.*row 2"):
        check_assumptions_log(log)
    with pytest.raises(InputValueError, match="Basis"):
        check_assumptions_log(log.drop(columns="Basis"))


def test_interval_text() -> None:
    assert format_interval(306.0, 293.4, 320.6, unit="beds") == (
        "306 beds (80% interval 293 to 321 beds)"
    )
    with pytest.raises(InputValueError, match="in order"):
        format_interval(300, 310, 320)
    with pytest.raises(InputValueError, match="label"):
        Estimate(" ", 1, 0, 2)


def paper(tmp_path: Path) -> BoardPaper:
    fig = chart()
    png, _ = save_for_print(fig, tmp_path / "fan", 160, 100)
    plt.close(fig)
    risks = pd.DataFrame(
        {"Risk": ["Stays do not fall"], "Mitigation": ["Monthly review of delayed discharges"]}
    )
    return BoardPaper(
        title="Beds for 2030/31",
        recommendation="Do not build a new ward yet; review in a year.",
        decision="The board is asked to approve the recommendation.",
        estimates=[
            Estimate("Beds needed in 2030/31", 306.0, 293.4, 320.6, unit="beds"),
            Estimate("Bed days saved", 7801, 3276, 11697, unit="bed days"),
        ],
        risks=risks,
        assumptions=assumptions_log(),
        charts=[(png, "Fan chart of beds needed, 2025/26 to 2040/41")],
        meeting="Integration joint board, 3 December 2026",
    )


def test_board_paper_in_word_puts_the_recommendation_first(tmp_path: Path) -> None:
    path = save_board_paper(paper(tmp_path), tmp_path / "paper.docx")
    document = Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "Recommendation",
        "Decision asked for",
        "The figures, with their uncertainty",
        "Charts",
        "Risks",
        "Assumptions log",
    ]
    body = [p.text for p in document.paragraphs]
    assert body[body.index("Recommendation") + 1].startswith("Do not build")
    figures = document.tables[0]
    quoted = [row.cells[1].text for row in figures.rows[1:]]
    assert quoted == [
        "306 beds (80% interval 293 to 321 beds)",
        "7,801 bed days (80% interval 3,276 to 11,697 bed days)",
    ]
    assert all(re.search(r"\d+% interval", text) for text in quoted)
    log = document.tables[-1]
    assert [c.text for c in log.rows[0].cells] == [*LOG_COLUMNS[:4], "Last reviewed"]
    assert len(log.rows) == len(assumptions_log()) + 1
    alt = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert alt == ["Fan chart of beds needed, 2025/26 to 2040/41"]


def test_board_paper_in_markdown_has_the_same_order(tmp_path: Path) -> None:
    text = board_paper_markdown(paper(tmp_path))
    order = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert order[0] == "Recommendation"
    assert order[-1] == "Assumptions log"
    assert "![Fan chart of beds needed" in text
    path = save_board_paper(paper(tmp_path), tmp_path / "paper.md")
    assert path.read_text(encoding="utf-8") == text
    with pytest.raises(InputValueError, match=r"\.md or \.docx"):
        save_board_paper(paper(tmp_path), tmp_path / "paper.pdf")


def test_a_paper_without_intervals_cannot_be_made(tmp_path: Path) -> None:
    good = paper(tmp_path)
    with pytest.raises(InputValueError, match="estimates"):
        BoardPaper(
            good.title, good.recommendation, good.decision, [306], good.risks, good.assumptions
        )


def budget_by_hand(year: str, sources: set[str]) -> int:
    with open(REPO / "datasets" / "budget.csv", encoding="utf-8", newline="") as handle:
        return sum(
            int(row["BudgetGBP"])
            for row in csv.DictReader(handle)
            if row["FinancialYear"] == year and row["FundingSource"] in sources
        )


@pytest.mark.parametrize(
    ("to", "sources"),
    [
        ("health board", {"Health delegated", "Health set-aside"}),
        ("council", {"Social care"}),
        ("health board and council", {"Health delegated", "Health set-aside", "Social care"}),
    ],
)
def test_direction_budget_matches_the_budget_table(to: str, sources: set[str]) -> None:
    table = direction_budget(datasets.load("budget"), "2024/25", to)
    assert table["ServiceArea"].iloc[-1] == "Total"
    assert table["BudgetGBP"].iloc[-1] == budget_by_hand("2024/25", sources)
    assert table["BudgetGBP"].iloc[:-1].sum() == table["BudgetGBP"].iloc[-1]


def test_direction_budget_for_the_health_board_2024_25() -> None:
    """From budget.csv by hand: 155,875,000 delegated + 43,645,000 set aside."""
    table = direction_budget(datasets.load("budget"), "2024/25", "health board")
    assert table["BudgetGBP"].iloc[-1] == 155_875_000 + 43_645_000
    with pytest.raises(InputValueError, match="year"):
        direction_budget(datasets.load("budget"), "2031/32", "council")
    with pytest.raises(InputValueError, match="to"):
        direction_budget(datasets.load("budget"), "2024/25", "ICB")


def direction() -> Direction:
    return Direction(
        reference="LV-2026-07, approved 3 December 2026",
        to="health board",
        functions="Unscheduled care for adults (set aside); community health services",
        instructions="Open a frailty unit at the front door, seven days a week.",
        budget=direction_budget(datasets.load("budget"), "2024/25", "health board"),
        budget_use="Paid to the health board; the set-aside sum is made available (s.28).",
        supersedes="LV-2025-03 (unscheduled care), which this revokes.",
        strategic_plan="Strategic plan 2025/26 to 2027/28, priority 2: care closer to home.",
        outcomes="Emergency bed days of people aged 75+ fall by 3,276 to 11,697 a year.",
        monitoring="Quarterly report to the board's performance committee.",
        review_date=dt.date(2027, 9, 30),
    )


def test_direction_has_every_element_the_guidance_requires(tmp_path: Path) -> None:
    path = save_direction(direction(), tmp_path / "direction.docx")
    document = Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [name for name, _ in DIRECTION_ELEMENTS]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "sections 26 to 28" in text
    assert "30 September 2027" in text
    budget = document.tables[0]
    assert [c.text for c in budget.rows[0].cells] == ["Service area", "Funding source", "Budget"]
    assert budget.rows[-1].cells[0].text == "Total"
    assert budget.rows[-1].cells[-1].text == "£199,520,000"
    markdown = direction_markdown(direction())
    assert [line[3:] for line in markdown.splitlines() if line.startswith("## ")] == headings


def test_a_direction_with_a_blank_element_is_refused() -> None:
    good = direction()
    with pytest.raises(InputValueError, match="monitoring"):
        Direction(
            good.reference,
            good.to,
            good.functions,
            good.instructions,
            good.budget,
            good.budget_use,
            good.supersedes,
            good.strategic_plan,
            good.outcomes,
            "",
            good.review_date,
        )
    assert good.total == 199_520_000
