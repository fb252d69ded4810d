r"""A quantified risk register, and the 5x5 heat map it replaces.

Module 11 of the course. A risk register usually scores each risk 1 to 5 for likelihood
and 1 to 5 for impact and multiplies the scores. The scores are ordinal labels, not
quantities: a 4 is not twice a 2, and the bands squeeze very different risks into one
cell (Cox 2008 calls this "range compression" and shows a matrix can rank risks worse
than at random). Hubbard recommends instead writing what is known as ranges:

* an **annual probability** :math:`p` that the risk happens (0 to 1), and
* an **impact if it happens** as a 90% interval (:math:`lo`, :math:`hi`), read as a
  lognormal: :math:`\mu = (\ln lo + \ln hi)/2`, :math:`\sigma = (\ln hi - \ln lo)/3.29`
  (:math:`3.29 = 2 \times 1.6449`), the "one-for-one substitution" model of Hubbard and
  Seiersen.

A year's loss from the risk is 0 with probability :math:`1 - p` and a lognormal draw
otherwise, so its expected value is exactly

.. math::

   E[\text{loss}] = p\, e^{\mu + \sigma^2/2}.

:func:`simulate_losses` draws many years of every risk (seeded), :func:`risk_summary`
ranks the risks by expected loss with its 10th and 90th percentiles,
:func:`loss_exceedance_curve` gives the chance that a year's total loss exceeds each
amount, :func:`matrix_scores` scores the same risks on the heat map, and
:func:`compare_rankings` measures how far the two rankings agree (Spearman's rank
correlation, ``scipy.stats.spearmanr``) and which risks move most.

A register is a table with the columns of the course's ``risk_register`` dataset
(``planlab.datasets.load("risk_register")``), so the functions work on it directly:
``RiskId`` (each risk's short name, such as ``"R03"``), ``AnnualProbability`` (0 to 1),
and ``ImpactLowGBP`` and ``ImpactHighGBP`` (the 90% interval of the impact if it happens,
in pounds). A ``Title`` column, if there is one, is carried into the tables returned, so
they can be read without a lookup. The register's own 5x5 ``Score`` can be compared with
the expected losses directly: ``compare_rankings(summary, register, score="Score")``.

The module stays whole (about 540 lines, most of them docstrings and worked examples)
because the quantified register and the 5x5 matrix are taught side by side in module 11, and
:func:`compare_rankings` needs both.

References
----------
Hubbard DW. The Failure of Risk Management: Why It's Broken and How to Fix It. 2nd ed.
Hoboken (NJ): Wiley; 2020 (1st ed. 2009).

Hubbard DW, Seiersen R. How to Measure Anything in Cybersecurity Risk. Hoboken (NJ):
Wiley; 2016 (2nd ed. 2023). Chapter 3 of the 1st edition, the one-for-one substitution
model, and its spreadsheet (howtomeasureanything.com/cybersecurity): expected loss =
``EXP((LN(UB)+LN(LB))/2 + ((LN(UB)-LN(LB))/3.28971)^2/2) * P``.

Cox LA Jr. What's wrong with risk matrices? Risk Analysis 2008;28(2):497-512.
doi:10.1111/j.1539-6924.2008.01030.x
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from numpy.typing import ArrayLike
from scipy import stats

from planlab import checks
from planlab.checks import Seed
from planlab.errors import InputValueError
from planlab.impacts import DEFAULT_SEED, interval_parameters

__all__ = [
    "IMPACT_LEVEL",
    "REGISTER_COLUMNS",
    "TITLE",
    "RankComparison",
    "check_register",
    "compare_rankings",
    "expected_loss",
    "loss_exceedance_chart",
    "loss_exceedance_curve",
    "matrix_scores",
    "risk_summary",
    "simulate_losses",
]

#: The columns every register needs: those of the course's ``risk_register`` dataset.
REGISTER_COLUMNS = ("RiskId", "AnnualProbability", "ImpactLowGBP", "ImpactHighGBP")

#: A column carried into the tables returned when the register has it.
TITLE = "Title"

#: The impact interval is a 90% interval (5th to 95th percentile), as Hubbard asks for.
IMPACT_LEVEL = 0.9

#: Years simulated when none are asked for.
DEFAULT_YEARS = 100_000


# ---------------------------------------------------------------------------
# The register and the exact expected loss
# ---------------------------------------------------------------------------


def check_register(register: pd.DataFrame) -> pd.DataFrame:
    """Return the register's four columns (and ``Title``) after checking every value.

    Parameters
    ----------
    register
        A table with ``RiskId``, ``AnnualProbability``, ``ImpactLowGBP`` and
        ``ImpactHighGBP``, such as ``planlab.datasets.load("risk_register")``.

    Returns
    -------
    pandas.DataFrame
        The four columns, numbers as floats, in the order given, with ``Title`` after
        ``RiskId`` if the register has one.

    Raises
    ------
    InputValueError
        If a column is missing, there are no risks, a ``RiskId`` repeats, a probability is
        outside 0 to 1, or an impact interval is not ``0 < ImpactLowGBP <= ImpactHighGBP``.

    Examples
    --------
    >>> from planlab import datasets
    >>> check_register(datasets.load("risk_register")).columns.tolist()
    ['RiskId', 'Title', 'AnnualProbability', 'ImpactLowGBP', 'ImpactHighGBP']
    """
    if not isinstance(register, pd.DataFrame):
        raise InputValueError("register", type(register).__name__, "a pandas DataFrame")
    missing = [column for column in REGISTER_COLUMNS if column not in register.columns]
    if missing:
        raise InputValueError(
            "register",
            f"a table without {', '.join(missing)}",
            f"a register with the columns {', '.join(REGISTER_COLUMNS)}, as in the course's "
            "risk_register dataset",
        )
    keep = [REGISTER_COLUMNS[0], *([TITLE] if TITLE in register.columns else [])]
    table = register[[*keep, *REGISTER_COLUMNS[1:]]].copy()
    if table.empty or table["RiskId"].duplicated().any():
        raise InputValueError(
            "register", table["RiskId"].tolist(), "one row per risk, each RiskId once"
        )
    for column in REGISTER_COLUMNS[1:]:
        values = pd.to_numeric(table[column], errors="coerce").to_numpy(dtype=float)
        if not np.all(np.isfinite(values)):
            raise InputValueError(column, table[column].tolist(), "finite numbers")
        table[column] = values
    for row in table.itertuples():
        expected_loss(
            row.AnnualProbability, row.ImpactLowGBP, row.ImpactHighGBP, name=str(row.RiskId)
        )
    return table.reset_index(drop=True)


def expected_loss(
    probability: float, low: float, high: float, level: float = IMPACT_LEVEL, name: str = ""
) -> float:
    r"""Return a risk's exact expected annual loss, :math:`p\, e^{\mu + \sigma^2/2}`.

    Parameters
    ----------
    probability
        The chance the risk happens in a year, from 0 to 1.
    low, high
        The impact if it happens, as an interval at ``level`` (a 90% interval by default).
    level
        The interval's level.
    name
        The risk's name, for error messages.

    Returns
    -------
    float
        The probability times the lognormal's mean.

    Raises
    ------
    InputValueError
        If the probability is outside 0 to 1, or the interval is not ``0 < low <= high``.

    Examples
    --------
    Hubbard and Seiersen's example: a 5% chance of a loss of $500,000 to $2,000,000:

    >>> round(expected_loss(0.05, 500_000, 2_000_000))
    54643
    """
    where = f" (risk {name!r})" if name else ""
    if (
        isinstance(probability, bool)
        or not isinstance(probability, numbers.Real)
        or not 0 <= probability <= 1
    ):
        hint = (
            " (write 20% as 0.2)"
            if isinstance(probability, numbers.Real) and 1 < probability <= 100
            else ""
        )
        raise InputValueError(
            f"probability{where}", probability, f"a probability from 0 to 1{hint}"
        )
    if not isinstance(low, numbers.Real) or not math.isfinite(low) or low <= 0:
        raise InputValueError(f"ImpactLowGBP{where}", low, "an impact above 0, such as 20000")
    mu, sigma = interval_parameters(low, high, level, "lognormal")
    return float(probability) * math.exp(mu + sigma**2 / 2)


# ---------------------------------------------------------------------------
# Simulating losses
# ---------------------------------------------------------------------------


def simulate_losses(
    register: pd.DataFrame, years: int = DEFAULT_YEARS, seed: Seed = DEFAULT_SEED
) -> pd.DataFrame:
    """Simulate many years of every risk: each happens at most once a year (Hubbard's model).

    For each risk and simulated year, a uniform draw below the probability means the risk
    happens, and its loss is a lognormal draw from the 90% interval; otherwise the loss
    is 0. Every risk draws from one seeded generator, so the result is reproducible.

    Parameters
    ----------
    register
        The register (see :func:`check_register`).
    years
        Years to simulate.
    seed
        A whole number or a numpy Generator.

    Returns
    -------
    pandas.DataFrame
        One column per risk (its ``RiskId``), one row per simulated year: the loss that
        year.

    Raises
    ------
    InputValueError
        If the register or ``years`` is not allowed.
    """
    table = check_register(register)
    count, rng = checks.draw_count(years), checks.random_generator(seed)
    mu, sigma = np.array(
        [
            interval_parameters(r.ImpactLowGBP, r.ImpactHighGBP, IMPACT_LEVEL)
            for r in table.itertuples()
        ]
    ).T
    happens = rng.random((count, len(table))) < table["AnnualProbability"].to_numpy()
    losses = np.exp(mu + sigma * rng.standard_normal((count, len(table))))
    return pd.DataFrame(np.where(happens, losses, 0.0), columns=table["RiskId"].tolist())


def risk_summary(register: pd.DataFrame, losses: pd.DataFrame) -> pd.DataFrame:
    """Rank the risks by simulated expected annual loss, with the spread of a year's loss.

    Parameters
    ----------
    register
        The register.
    losses
        Simulated losses from :func:`simulate_losses` for the same register.

    Returns
    -------
    pandas.DataFrame
        One row per risk, largest expected loss first: ``RiskId`` (and ``Title`` if the
        register has it), ``AnnualProbability``, ``ExpectedLoss`` (the simulated mean, in
        the impact's unit), ``ExactExpectedLoss`` (the formula),
        ``P10`` and ``P90`` (of a year's loss; 0 when the risk happens in fewer than 90%
        of years) and ``Rank`` (1 = largest expected loss).

    Raises
    ------
    InputValueError
        If ``losses`` does not have one column per risk of the register.
    """
    table = check_register(register)
    if list(losses.columns) != table["RiskId"].tolist():
        raise InputValueError("losses", list(losses.columns), "simulated losses of this register")
    data = losses.to_numpy(dtype=float)
    p10, p90 = np.percentile(data, [10, 90], axis=0)
    exact = [
        expected_loss(r.AnnualProbability, r.ImpactLowGBP, r.ImpactHighGBP)
        for r in table.itertuples()
    ]
    names = [column for column in ("RiskId", TITLE) if column in table.columns]
    summary = table[[*names, "AnnualProbability"]].assign(
        ExpectedLoss=data.mean(axis=0), ExactExpectedLoss=exact, P10=p10, P90=p90
    )
    summary = summary.sort_values("ExpectedLoss", ascending=False, kind="stable")
    return summary.assign(Rank=range(1, len(summary) + 1)).reset_index(drop=True)


def loss_exceedance_curve(
    losses: pd.DataFrame | pd.Series | ArrayLike, amounts: ArrayLike | None = None
) -> pd.DataFrame:
    """Return the chance that a year's loss exceeds each amount (the loss exceedance curve).

    Parameters
    ----------
    losses
        Simulated losses: a table from :func:`simulate_losses` (its rows are added up,
        giving the whole register's loss each year), a Series or an array.
    amounts
        The losses to read the curve at; by default 200 amounts spaced evenly on a log
        scale from the 1st to the 99.9th percentile of the losses above zero.

    Returns
    -------
    pandas.DataFrame
        ``Loss`` and ``ChanceOfExceeding`` (the share of simulated years with a loss
        greater than ``Loss``).

    Raises
    ------
    InputValueError
        If there are no losses, or no year with a loss when ``amounts`` is not given.
    """
    data = np.asarray(losses, dtype=float)
    total = data.sum(axis=1) if data.ndim == 2 else data.ravel()
    if total.size == 0 or not np.all(np.isfinite(total)):
        raise InputValueError("losses", "no finite losses", "simulated losses")
    if amounts is None:
        positive = total[total > 0]
        if positive.size == 0:
            raise InputValueError("losses", "no year with a loss", "some years with a loss")
        ends = np.log10(np.percentile(positive, [1, 99.9]))
        amounts = np.logspace(ends[0], ends[1], 200)
    points = np.asarray(amounts, dtype=float)
    ordered = np.sort(total)
    chance = 1 - np.searchsorted(ordered, points, side="right") / ordered.size
    return pd.DataFrame({"Loss": points, "ChanceOfExceeding": chance})


def loss_exceedance_chart(
    curve: pd.DataFrame,
    title: str,
    xlabel: str = "Loss in a year (£, log scale)",
    ylabel: str = "Chance of a loss greater than this",
    tolerance: pd.DataFrame | None = None,
    ax: plt.Axes | None = None,
) -> Figure:
    """Draw a loss exceedance curve on a log loss axis, with a tolerance curve if given.

    Parameters
    ----------
    curve
        The output of :func:`loss_exceedance_curve`.
    title, xlabel, ylabel
        The chart's title and axis labels.
    tolerance
        An optional curve of the same form: the chances the board will accept.
    ax
        Axes to draw on; a new figure if ``None``.

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4))
    ax.plot(curve["Loss"], curve["ChanceOfExceeding"], color="#08306b", label="Simulated risk")
    if tolerance is not None:
        ax.plot(
            tolerance["Loss"],
            tolerance["ChanceOfExceeding"],
            "--",
            color="#b2182b",
            label="Tolerance",
        )
    ax.set_xscale("log")
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda value, _: f"{value:.0%}"))
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend()
    figure = ax.get_figure(root=True)
    if figure is None:
        raise InputValueError("ax", ax, "axes that belong to a matplotlib figure")
    return figure


# ---------------------------------------------------------------------------
# The heat map and the two rankings
# ---------------------------------------------------------------------------


def _band_scores(name: str, values: np.ndarray, cuts: Sequence[float]) -> np.ndarray:
    """Score values 1, 2, ... by the cut points they reach (a value on a cut goes up)."""
    points = np.asarray(cuts, dtype=float)
    if points.ndim != 1 or points.size < 1 or not np.all(np.isfinite(points)):
        raise InputValueError(name, cuts, "one or more finite cut points, such as 4 for a 5x5 map")
    if np.any(np.diff(points) <= 0):
        raise InputValueError(name, cuts, "cut points in increasing order")
    return 1 + np.searchsorted(points, values, side="right")


def matrix_scores(
    register: pd.DataFrame,
    likelihood_cuts: Sequence[float],
    impact_cuts: Sequence[float],
    impact: str = "median",
) -> pd.DataFrame:
    r"""Score each risk on the usual heat map: likelihood score x impact score.

    Four cut points make five bands, scored 1 to 5: a value below the first cut scores 1,
    one at or above the last scores 5.

    Parameters
    ----------
    register
        The register.
    likelihood_cuts
        Cut points of the annual probability, such as ``(0.05, 0.1, 0.25, 0.5)``.
    impact_cuts
        Cut points of the impact, such as ``(10_000, 50_000, 250_000, 1_000_000)``.
    impact
        The single impact a scorer would put in a band: ``"median"`` (the middle of the
        interval on the log scale, :math:`\sqrt{lo \times hi}`) or ``"high"`` (the
        interval's top, a "reasonable worst case").

    Returns
    -------
    pandas.DataFrame
        ``RiskId`` (and ``Title`` if the register has it), ``LikelihoodScore``,
        ``ImpactScore`` and ``MatrixScore`` (their product).

    Raises
    ------
    InputValueError
        If the register is not valid, cut points are not increasing, or ``impact`` is not
        ``"median"`` or ``"high"``.

    Examples
    --------
    >>> register = pd.DataFrame({"RiskId": ["A", "B"], "AnnualProbability": [0.3, 0.02],
    ...                          "ImpactLowGBP": [5_000, 200_000],
    ...                          "ImpactHighGBP": [20_000, 5e6]})
    >>> matrix_scores(register, (0.05, 0.1, 0.25, 0.5), (1e4, 5e4, 2.5e5, 1e6))
      RiskId  LikelihoodScore  ImpactScore  MatrixScore
    0      A                4            2            8
    1      B                1            5            5
    """
    table = check_register(register)
    if impact not in ("median", "high"):
        raise InputValueError("impact", impact, '"median" or "high"')
    point = (
        np.sqrt(table["ImpactLowGBP"] * table["ImpactHighGBP"])
        if impact == "median"
        else table["ImpactHighGBP"]
    )
    likelihood = _band_scores(
        "likelihood_cuts", table["AnnualProbability"].to_numpy(), likelihood_cuts
    )
    severity = _band_scores("impact_cuts", point.to_numpy(), impact_cuts)
    names = [column for column in ("RiskId", TITLE) if column in table.columns]
    return pd.DataFrame(
        {
            **{column: table[column] for column in names},
            "LikelihoodScore": likelihood,
            "ImpactScore": severity,
            "MatrixScore": likelihood * severity,
        }
    )


class RankComparison(NamedTuple):
    """How far the heat map's ranking agrees with the ranking by expected loss."""

    #: One row per risk, the largest rank change first.
    table: pd.DataFrame
    #: Spearman's rank correlation of expected loss with the matrix score (1 = same order).
    spearman: float
    #: Its p-value (``scipy.stats.spearmanr``), for a test of no association.
    pvalue: float


def compare_rankings(
    summary: pd.DataFrame, scores: pd.DataFrame, score: str = "MatrixScore"
) -> RankComparison:
    """Compare the ranking by expected loss with the ranking by heat-map score.

    Parameters
    ----------
    summary
        :func:`risk_summary` (or any table with ``RiskId`` and ``ExpectedLoss``).
    scores
        A table with ``RiskId`` and a score column for the same risks: :func:`matrix_scores`
        (``MatrixScore``), or the register itself with its own 5x5 ``Score``.
    score
        The name of the score column in ``scores``: ``"MatrixScore"`` (the default) or
        ``"Score"`` for the course's ``risk_register`` dataset.

    Returns
    -------
    RankComparison
        ``table``: ``RiskId`` (and ``Title`` if ``summary`` has it), ``ExpectedLoss``,
        ``MatrixScore`` (the score used), ``RankByLoss`` and ``RankByMatrix`` (1 = top;
        tied scores share the best rank) and ``RankChange`` (rank by matrix less rank by
        loss: positive means the heat map puts the risk lower), sorted by the size of the
        change; ``spearman`` and ``pvalue``.

    Raises
    ------
    InputValueError
        If a column is missing, the risks differ, or there are fewer than three risks.

    Examples
    --------
    >>> summary = pd.DataFrame({"RiskId": list("ABCDE"), "ExpectedLoss": [1, 2, 3, 4, 5]})
    >>> scores = pd.DataFrame({"RiskId": list("ABCDE"), "MatrixScore": [5, 6, 7, 8, 7]})
    >>> round(compare_rankings(summary, scores).spearman, 4)
    0.8208
    """
    for name, table, column in (
        ("summary", summary, "ExpectedLoss"),
        ("scores", scores, score),
    ):
        if not isinstance(table, pd.DataFrame) or not {"RiskId", column} <= set(table.columns):
            raise InputValueError(
                name, f"a table without RiskId or {column}", f"a table with RiskId and {column}"
            )
    names = [column for column in ("RiskId", TITLE) if column in summary.columns]
    merged = summary[[*names, "ExpectedLoss"]].merge(
        scores[["RiskId", score]].rename(columns={score: "MatrixScore"}), on="RiskId"
    )
    if len(merged) != len(summary) or len(merged) != len(scores) or len(merged) < 3:
        raise InputValueError("scores", scores["RiskId"].tolist(), "the same three or more risks")
    result = stats.spearmanr(merged["ExpectedLoss"], merged["MatrixScore"])
    merged["RankByLoss"] = merged["ExpectedLoss"].rank(ascending=False, method="min").astype(int)
    merged["RankByMatrix"] = merged["MatrixScore"].rank(ascending=False, method="min").astype(int)
    merged["RankChange"] = merged["RankByMatrix"] - merged["RankByLoss"]
    order = merged["RankChange"].abs().sort_values(ascending=False, kind="stable").index
    return RankComparison(
        merged.loc[order].reset_index(drop=True), float(result.statistic), float(result.pvalue)
    )
