r"""Modelling impacts: effects as ranges, Monte Carlo through bed days, and combining them.

Module 10 of the course. Evidence rarely gives one number for what a change will do, so
the course writes an effect as an **80% interval** of the relative change (a frailty unit
cuts admissions of people aged 75+ by 5% to 15%): a 10% chance the truth is below the low
end, 10% that it is above the high end. :class:`Effect` turns the interval into a
distribution of the *ratio* (after / before); :func:`simulate_bed_days` draws from it and
carries the draws through module 4's bed days = admissions x mean length of stay.

**From an interval to a distribution.** With :math:`z = \Phi^{-1}(0.9) = 1.2816` for an
80% interval (1.6449 for 90%, 1.96 for 95%) and the ends as ratios
:math:`r_{lo} = 1 + \text{low}`, :math:`r_{hi} = 1 + \text{high}`:

* ``"lognormal"`` (the default): the log of the ratio is normal with
  :math:`\mu = (\ln r_{lo} + \ln r_{hi})/2` and :math:`\sigma = (\ln r_{hi} - \ln r_{lo})/(2z)`,
  so the 10th and 90th percentiles :math:`e^{\mu \mp z\sigma}` are :math:`r_{lo}` and
  :math:`r_{hi}`. A ratio can then never reach zero, and relative risks from trials are
  reported this way (their intervals are symmetric on the log scale).
* ``"normal"``: the ratio is normal with mean :math:`(r_{lo} + r_{hi})/2` and standard
  deviation :math:`(r_{hi} - r_{lo})/(2z)`, as in the Strategy Unit's New Hospital
  Programme model (``rnorm`` in ``nhp_model``: standard deviation = width / 2.563103). The
  rare draw below zero is set to zero.

**Combining interventions.** Two schemes that each claim 30% of the same 10,000 bed days
do not save 6,000 between them: once the first has saved 3,000, the second acts on the
7,000 left and saves 2,100, so together :math:`1 - 0.7 \times 0.7 = 51\%`, 5,100 bed days.
Adding counts 900 bed days twice: double counting, a common mistake in business cases.
Adding (:func:`combine_additive`) is right only when the schemes act on *different*
activity, multiplying (:func:`combine_multiplicative`) only when they act independently
on the *same* activity; when each reaches part of the population, the overlap of the
cohorts decides, by inclusion-exclusion (:func:`combine_overlapping`).

The module stays whole (about 720 lines, half of them docstrings and worked examples)
because effects as distributions, the Monte Carlo through bed days and the combination rules
are one method in module 10, and the rules combine the draws the Monte Carlo makes.

References
----------
The Strategy Unit. New Hospital Programme demand model, ``nhp_model`` repository,
``src/nhp/model/helpers.py`` (``rnorm``, "a random normal value from a 80% confidence
interval") and ``tests/unit/nhp/model/test_helpers.py``.
https://github.com/The-Strategy-Unit/nhp_model

Hubbard DW. The Failure of Risk Management: Why It's Broken and How to Fix It. 2nd ed.
Hoboken (NJ): Wiley; 2020.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import stats

from planlab import checks
from planlab.checks import Seed
from planlab.errors import InputValueError

__all__ = [
    "DISTRIBUTIONS",
    "Z80",
    "Effect",
    "bed_days_saved_by_year",
    "combine_additive",
    "combine_multiplicative",
    "combine_overlapping",
    "compare_combinations",
    "draw_effects",
    "interval_parameters",
    "rescale_interval",
    "simulate_bed_days",
    "summarise",
]

#: The standard normal's 90th percentile: an 80% interval is the mean +/- this many SDs.
Z80 = float(stats.norm.ppf(0.9))

#: The shapes an interval can be turned into.
DISTRIBUTIONS = ("lognormal", "normal")

#: Draws, and the seed, used when none are given (so a notebook shows the same numbers).
DEFAULT_DRAWS = 100_000
DEFAULT_SEED = 2026


# ---------------------------------------------------------------------------
# Checking inputs
# ---------------------------------------------------------------------------


def _z(level: object) -> float:
    """Return the normal quantile that puts ``level`` of the probability between -z and z."""
    value = checks.finite_number("level", level, "0.8 for an 80% interval")
    if not 0 < value < 1:
        raise InputValueError("level", level, "a fraction between 0 and 1, such as 0.8")
    return float(stats.norm.ppf(0.5 + value / 2))


# ---------------------------------------------------------------------------
# From an interval to a distribution
# ---------------------------------------------------------------------------


def interval_parameters(
    low: float, high: float, level: float = 0.8, distribution: str = "lognormal"
) -> tuple[float, float]:
    r"""Return the parameters of the distribution whose central ``level`` interval is given.

    Parameters
    ----------
    low, high
        The interval's ends, such as ratios 0.85 and 0.95, or losses of £20,000 and
        £400,000. For ``"lognormal"`` both must be above 0.
    level
        The share of the distribution between ``low`` and ``high``: 0.8 for an 80%
        interval (10th to 90th percentile), 0.9 for a 90% interval.
    distribution
        ``"lognormal"`` (the log of the value is normal) or ``"normal"``.

    Returns
    -------
    tuple of float
        ``(mu, sigma)``: for ``"lognormal"`` the mean and standard deviation of the *log*,
        :math:`((\ln lo + \ln hi)/2, (\ln hi - \ln lo)/(2z))`; for ``"normal"`` those of the
        value, :math:`((lo + hi)/2, (hi - lo)/(2z))`; :math:`z` is the normal quantile at
        :math:`0.5 + \text{level}/2` (1.2816 for 80%, 1.6449 for 90%).

    Raises
    ------
    InputValueError
        If an end is not a finite number, ``low`` is above ``high``, ``low`` is 0 or below
        for ``"lognormal"``, ``level`` is not between 0 and 1, or the shape is unknown.

    Examples
    --------
    The New Hospital Programme model's 80% interval from 1 to 2 is a normal with mean 1.5
    and standard deviation 0.390152:

    >>> mean, sd = interval_parameters(1, 2, distribution="normal")
    >>> round(mean, 6), round(sd, 6)
    (1.5, 0.390152)
    """
    low = checks.finite_number("low", low, "0.85")
    high = checks.finite_number("high", high, "0.95")
    z = _z(level)
    if distribution not in DISTRIBUTIONS:
        raise InputValueError("distribution", distribution, f"one of {list(DISTRIBUTIONS)}")
    if low > high:
        raise InputValueError(
            "low", low, f"no more than high ({high}): the interval is low to high"
        )
    if distribution == "normal":
        return (low + high) / 2, (high - low) / (2 * z)
    if low <= 0:
        raise InputValueError("low", low, "above 0, because a lognormal value is always above 0")
    return (math.log(low) + math.log(high)) / 2, (math.log(high) - math.log(low)) / (2 * z)


def rescale_interval(
    low: float,
    high: float,
    from_level: float = 0.95,
    to_level: float = 0.8,
    distribution: str = "lognormal",
    centre: float | None = None,
) -> tuple[float, float]:
    r"""Turn an interval at one level into the interval at another, about the same centre.

    Trials report 95% confidence intervals; the course's effects are 80% intervals. On the
    log scale the half-width is multiplied by :math:`z_{to} / z_{from}` (1.2816 / 1.96 from
    95% to 80%) about the centre: the reported estimate if given, otherwise the middle of
    the interval (:math:`\sqrt{lo \times hi}` on the log scale).

    Parameters
    ----------
    low, high
        The interval's ends, such as a relative risk's confidence limits 0.72 and 0.89.
    from_level, to_level
        The level of the interval given, and of the one wanted.
    distribution
        ``"lognormal"`` (on the log scale) or ``"normal"`` (on the values).
    centre
        The point estimate to centre on, such as the relative risk 0.80; ``None`` for the
        interval's middle.

    Returns
    -------
    tuple of float
        The new ``(low, high)``.

    Raises
    ------
    InputValueError
        As for :func:`interval_parameters`, or if ``centre`` is outside ``low`` to ``high``.

    Examples
    --------
    A relative risk of 0.80 (95% confidence interval 0.72 to 0.89) as an 80% interval:

    >>> [round(end, 4) for end in rescale_interval(0.72, 0.89, centre=0.80)]
    [0.7464, 0.8574]
    """
    mu, sigma = interval_parameters(low, high, from_level, distribution)
    if centre is not None:
        point = checks.finite_number("centre", centre, "0.80")
        if not low <= point <= high:
            raise InputValueError("centre", centre, f"inside the interval {low} to {high}")
        mu = point if distribution == "normal" else math.log(point)
    half = _z(to_level) * sigma
    if distribution == "normal":
        return mu - half, mu + half
    return math.exp(mu - half), math.exp(mu + half)


@dataclass(frozen=True)
class Effect:
    """A relative change given as an interval, such as admissions -15% to -5%.

    Parameters
    ----------
    low, high
        The relative change at each end of the interval, as fractions: -0.15 and -0.05
        for "a fall of between 5% and 15%". Each must be above -1 (a change of -100% or
        less would leave a ratio of zero or below).
    distribution
        ``"lognormal"`` (the default) or ``"normal"``; see the module's notes.
    level
        The share of the distribution inside the interval: 0.8 for an 80% interval.
    name
        What the effect is on, for tables and charts, such as ``"Admissions"``.

    Raises
    ------
    InputValueError
        If an end is not finite or is -1 or below, ``low`` is above ``high``, or
        ``level`` or ``distribution`` is not allowed.

    Examples
    --------
    >>> effect = Effect(-0.15, -0.05, name="Admissions")
    >>> effect.quantile([0.1, 0.5, 0.9]).round(4).tolist()
    [0.85, 0.8986, 0.95]
    """

    low: float
    high: float
    distribution: str = "lognormal"
    level: float = 0.8
    name: str = ""

    def __post_init__(self) -> None:
        for end in ("low", "high"):
            change = checks.finite_number(end, getattr(self, end), "-0.15 for a fall of 15%")
            if change <= -1:
                raise InputValueError(
                    end, change, "above -1: a change of -100% or less leaves a ratio of 0 or below"
                )
        if self.low > self.high:
            raise InputValueError("low", self.low, f"no more than high ({self.high})")
        interval_parameters(1 + self.low, 1 + self.high, self.level, self.distribution)

    @classmethod
    def from_ratios(cls, low: float, high: float, **options: Any) -> Effect:
        """Make an effect from an interval of ratios, such as a relative risk of 0.72 to 0.89.

        ``options`` are ``distribution``, ``level`` and ``name``, as for :class:`Effect`.
        """
        return cls(
            checks.finite_number("low", low, "0.85") - 1,
            checks.finite_number("high", high, "0.95") - 1,
            **options,
        )

    @property
    def parameters(self) -> tuple[float, float]:
        """The ``(mu, sigma)`` of the ratio's distribution (see :func:`interval_parameters`)."""
        return interval_parameters(1 + self.low, 1 + self.high, self.level, self.distribution)

    @property
    def mean_ratio(self) -> float:
        r"""The mean ratio: :math:`e^{\mu + \sigma^2/2}` (lognormal) or :math:`\mu` (normal)."""
        mu, sigma = self.parameters
        return math.exp(mu + sigma**2 / 2) if self.distribution == "lognormal" else mu

    def _from_normal(self, values: np.ndarray) -> np.ndarray:
        return np.exp(values) if self.distribution == "lognormal" else np.maximum(values, 0.0)

    def quantile(self, q: ArrayLike) -> np.ndarray:
        """Return the ratio at each probability in ``q`` (0.1 gives ``1 + low``)."""
        mu, sigma = self.parameters
        return self._from_normal(mu + sigma * stats.norm.ppf(np.asarray(q, dtype=float)))

    def draw(self, draws: int = DEFAULT_DRAWS, seed: Seed = DEFAULT_SEED) -> np.ndarray:
        """Return ``draws`` random ratios (after / before), the same for the same seed."""
        mu, sigma = self.parameters
        return self._from_normal(
            checks.random_generator(seed).normal(mu, sigma, checks.draw_count(draws))
        )


# ---------------------------------------------------------------------------
# Monte Carlo through bed days
# ---------------------------------------------------------------------------


def draw_effects(
    effects: Mapping[str, Effect], draws: int = DEFAULT_DRAWS, seed: Seed = DEFAULT_SEED
) -> pd.DataFrame:
    """Draw each effect in turn from one seeded generator: one column of ratios per name.

    Parameters
    ----------
    effects
        Names and effects, such as ``{"Frailty unit": Effect(-0.15, -0.05)}``.
    draws, seed
        Draws of each effect, and a whole number or a numpy Generator.

    Returns
    -------
    pandas.DataFrame
        One column of ratios per effect, one row per draw.
    """
    rng = checks.random_generator(seed)
    return pd.DataFrame({name: effect.draw(draws, rng) for name, effect in effects.items()})


def simulate_bed_days(
    admissions: float,
    length_of_stay: float,
    admission_effect: Effect | None = None,
    stay_effect: Effect | None = None,
    reach: float = 1.0,
    draws: int = DEFAULT_DRAWS,
    seed: Seed = DEFAULT_SEED,
) -> pd.DataFrame:
    r"""Draw the effects and carry them through bed days = admissions x length of stay.

    For one year and one target population (such as people aged 75+ in 2030 from module
    4's projection), with ratios :math:`r_a` (admissions) and :math:`r_l` (length of stay)
    and a share ``reach`` of the population reached:

    .. math::

       \text{bed days after} = A L \,[(1 - \text{reach}) + \text{reach}\; r_a r_l],
       \qquad \text{saved} = A L\, \text{reach}\,(1 - r_a r_l).

    Parameters
    ----------
    admissions
        Admissions a year in the target population, before the change.
    length_of_stay
        Their mean length of stay, in days.
    admission_effect, stay_effect
        The effect on admissions and on length of stay; ``None`` for no change.
    reach
        The share of the target population's admissions the change reaches.
    draws
        Number of Monte Carlo draws.
    seed
        A whole number or a numpy Generator; the admission effect is drawn first.

    Returns
    -------
    pandas.DataFrame
        One row per draw: ``AdmissionRatio``, ``StayRatio``, ``Admissions``,
        ``LengthOfStay``, ``BedDays`` (all after the change) and ``BedDaysSaved``.

    Raises
    ------
    InputValueError
        If ``admissions`` or ``length_of_stay`` is not above 0, an effect is not an
        :class:`Effect`, ``reach`` is not a share, or ``draws`` or ``seed`` is not allowed.

    Examples
    --------
    >>> draws = simulate_bed_days(5000, 9.0, Effect(-0.15, -0.05), draws=1000, seed=1)
    >>> float(round(summarise(draws["BedDaysSaved"]).loc["BedDaysSaved", "Median"], -1))
    4620.0
    """
    base = {"admissions": admissions, "length_of_stay": length_of_stay}
    for name, value in base.items():
        if checks.finite_number(name, value, "5200 admissions and 9.1 days") <= 0:
            raise InputValueError(name, value, "a number above 0")
    for name, effect in (("admission_effect", admission_effect), ("stay_effect", stay_effect)):
        if effect is not None and not isinstance(effect, Effect):
            raise InputValueError(name, effect, "an Effect, such as Effect(-0.15, -0.05), or None")
    share, rng, count = (
        checks.share("reach", reach),
        checks.random_generator(seed),
        checks.draw_count(draws),
    )
    ones = np.ones(count)
    admission_ratio = admission_effect.draw(count, rng) if admission_effect else ones
    stay_ratio = stay_effect.draw(count, rng) if stay_effect else ones
    after_admissions = admissions * (1 - share + share * admission_ratio)
    after_bed_days = (
        admissions * length_of_stay * (1 - share + share * admission_ratio * stay_ratio)
    )
    return pd.DataFrame(
        {
            "AdmissionRatio": admission_ratio,
            "StayRatio": stay_ratio,
            "Admissions": after_admissions,
            "LengthOfStay": after_bed_days / after_admissions,
            "BedDays": after_bed_days,
            "BedDaysSaved": admissions * length_of_stay - after_bed_days,
        }
    )


def summarise(
    values: pd.DataFrame | pd.Series | ArrayLike, low: float = 10, high: float = 90
) -> pd.DataFrame:
    """Summarise draws: the median, the ``low`` and ``high`` percentiles and the mean.

    Parameters
    ----------
    values
        Draws: a table (one row of the result per column), a Series or an array.
    low, high
        The percentiles shown, 10 and 90 by default (the ends of an 80% interval).

    Returns
    -------
    pandas.DataFrame
        ``Median``, ``P10`` and ``P90`` (named after ``low`` and ``high``), and ``Mean``.

    Examples
    --------
    >>> summarise(pd.Series(range(101), name="x"))
       Median   P10   P90  Mean
    x    50.0  10.0  90.0  50.0
    """
    if not 0 <= low < high <= 100:
        raise InputValueError("low", low, f"a percentile from 0 to 100 below high ({high})")
    if not isinstance(values, pd.DataFrame):
        name = getattr(values, "name", None) or "Value"
        values = pd.DataFrame({name: np.asarray(values, dtype=float)})
    data = values.to_numpy(dtype=float)
    median, p_low, p_high = np.percentile(data, [50, low, high], axis=0)
    columns = {"Median": median, f"P{low:g}": p_low, f"P{high:g}": p_high}
    return pd.DataFrame({**columns, "Mean": data.mean(axis=0)}, index=values.columns)


def bed_days_saved_by_year(
    table: pd.DataFrame,
    admission_effect: Effect | None = None,
    stay_effect: Effect | None = None,
    reach: float = 1.0,
    percentiles: Sequence[float] = (10, 25, 50, 75, 90),
    draws: int = DEFAULT_DRAWS,
    seed: Seed = DEFAULT_SEED,
    bed_days: str = "BedDays",
) -> pd.DataFrame:
    """Add the spread of bed days saved to each row of a projection, for a fan chart.

    The effect is uncertain once, not afresh each year, so the same draws serve every row:
    a row's bed days saved are its bed days times the share saved.

    Parameters
    ----------
    table
        Module 4's projection (such as :func:`planlab.demand.project_activity` for people
        aged 75 and over), with a column of bed days.
    admission_effect, stay_effect, reach, draws, seed
        As for :func:`simulate_bed_days`.
    percentiles
        The percentiles wanted, each from 0 to 100.
    bed_days
        The column of bed days.

    Returns
    -------
    pandas.DataFrame
        A copy of ``table`` with ``SavedMean`` and a column ``SavedP<q>`` per percentile.

    Raises
    ------
    InputValueError
        If the column is missing or holds a value that is not a finite number, 0 or more.
    """
    if bed_days not in table.columns:
        raise InputValueError("table", f"a table without {bed_days}", "a table of bed days")
    base = table[bed_days].to_numpy(dtype=float)
    if not np.all(np.isfinite(base)) or np.any(base < 0):
        raise InputValueError(bed_days, "a column with a negative or missing value", "0 or more")
    shares = simulate_bed_days(1.0, 1.0, admission_effect, stay_effect, reach, draws, seed)
    saved = shares["BedDaysSaved"].to_numpy()
    result = table.copy()
    result["SavedMean"] = base * saved.mean()
    for q, point in zip(percentiles, np.percentile(saved, list(percentiles)), strict=True):
        result[f"SavedP{q:g}"] = base * point
    return result


# ---------------------------------------------------------------------------
# Combining interventions
# ---------------------------------------------------------------------------


def _reductions(reductions: Sequence[ArrayLike]) -> list[np.ndarray]:
    """Return the reductions as arrays of one shape, after checking each is a finite share <= 1."""
    if isinstance(reductions, str | np.ndarray) or len(reductions) < 1:
        raise InputValueError("reductions", reductions, "a list of one or more reductions")
    arrays = [np.asarray(value, dtype=float) for value in reductions]
    for place, array in enumerate(arrays):
        if not np.all(np.isfinite(array)) or np.any(array > 1):
            raise InputValueError(
                f"reductions[{place}]", reductions[place], "finite shares of at most 1 (100%)"
            )
    return list(np.broadcast_arrays(*arrays))


def _result(value: ArrayLike) -> np.ndarray | float:
    value = np.asarray(value, dtype=float)
    return float(value) if value.ndim == 0 else value


def combine_additive(reductions: Sequence[ArrayLike]) -> np.ndarray | float:
    r"""Add reductions, :math:`\sum_i e_i`: right only when they act on *different* activity.

    Parameters
    ----------
    reductions
        Each intervention's reduction as a share of the same activity (0.3 for 30%): a
        number, or an array of draws (arrays are combined draw by draw).

    Returns
    -------
    numpy.ndarray or float
        The total reduction. Above 1 would mean more than all the activity was saved: a
        sure sign of double counting.

    Examples
    --------
    >>> round(combine_additive([0.3, 0.3]), 4)
    0.6
    """
    return _result(np.sum(_reductions(reductions), axis=0))


def combine_multiplicative(reductions: Sequence[ArrayLike]) -> np.ndarray | float:
    r"""Combine independent reductions of the same activity: :math:`1 - \prod_i (1 - e_i)`.

    Each intervention acts on what the others leave, so none saves what another has saved.

    Parameters
    ----------
    reductions
        As for :func:`combine_additive`.

    Returns
    -------
    numpy.ndarray or float
        The total reduction.

    Examples
    --------
    >>> round(combine_multiplicative([0.3, 0.3]), 4)
    0.51
    """
    return _result(1 - np.prod(1 - np.stack(_reductions(reductions)), axis=0))


def _group_shares(
    reach: Sequence[float], overlap: float | Mapping[tuple[int, ...], float] | None
) -> dict[tuple[int, ...], float]:
    """Return the share of the population in every group of cohorts (their intersection)."""
    too_big = "a share of the population from 0 to 1: a cohort cannot be larger than it"
    shares = [checks.share(f"reach[{i}]", value, too_big) for i, value in enumerate(reach)]
    n = len(shares)
    groups = [g for size in range(1, n + 1) for g in itertools.combinations(range(n), size)]
    if overlap is None:
        return {g: math.prod(shares[i] for i in g) for g in groups}
    if not isinstance(overlap, Mapping):
        if n != 2:
            raise InputValueError(
                "overlap", overlap, "a mapping such as {(0, 1): 0.1, ...} for 3 or more cohorts"
            )
        overlap = {(0, 1): overlap}
    given = {
        tuple(sorted(key)): checks.share(f"overlap{key}", value) for key, value in overlap.items()
    }
    if set(given) != set(groups[n:]):
        raise InputValueError("overlap", dict(overlap), f"a share for each group {groups[n:]}")
    return {**{(i,): shares[i] for i in range(n)}, **given}


def _check_cohorts(group: dict[tuple[int, ...], float]) -> None:
    """Check the shares describe a real population: no region below 0, the union at most 1.

    The share in *exactly* the cohorts of a group ``g`` is, by Moebius inversion, the sum
    over every group ``s`` containing ``g`` of (-1) ** (|s| - |g|) times the share in ``s``.
    """
    exact = {
        g: sum((-1) ** (len(s) - len(g)) * share for s, share in group.items() if set(g) <= set(s))
        for g in group
    }
    overlaps = {g: share for g, share in group.items() if len(g) > 1}
    bad = [g for g, value in exact.items() if value < -1e-12]
    if bad:
        raise InputValueError(
            "overlap", overlaps, f"overlaps no larger than the cohorts they join (check {bad[0]})"
        )
    union = sum(exact.values())
    if union > 1 + 1e-12:
        raise InputValueError(
            "reach",
            [share for g, share in group.items() if len(g) == 1],
            f"cohorts that together are no larger than the population (they are {union:.3g} "
            "of it): make the overlap larger or the cohorts smaller",
        )


def combine_overlapping(
    reductions: Sequence[ArrayLike],
    reach: Sequence[float],
    overlap: float | Mapping[tuple[int, ...], float] | None = None,
) -> np.ndarray | float:
    r"""Combine interventions that each reach part of the population, by inclusion-exclusion.

    Intervention :math:`i` reaches a share :math:`s_i` of the activity and cuts it by
    :math:`e_i`; people reached by several have the effects multiplied. Summing over every
    group :math:`S` of interventions, with :math:`s_S` the share reached by all in :math:`S`:

    .. math::

       E = \sum_{S \neq \emptyset} (-1)^{|S|+1}\, s_S \prod_{i \in S} e_i,
       \qquad \text{two: } E = s_1 e_1 + s_2 e_2 - s_{12}\, e_1 e_2.

    Adding :math:`s_1 e_1 + s_2 e_2` counts the people in both cohorts twice; the last term
    takes the double count back off.

    Parameters
    ----------
    reductions
        Each intervention's reduction within its cohort, as for :func:`combine_additive`.
    reach
        Each cohort's share of the population's activity, from 0 to 1.
    overlap
        ``None``: the cohorts are independent, :math:`s_S = \prod_{i \in S} s_i`. A number
        (two interventions only): the share in both. A mapping from every group of two or
        more interventions (tuples of their places, such as ``(0, 1)``) to its share.

    Returns
    -------
    numpy.ndarray or float
        The total reduction as a share of the whole population's activity.

    Raises
    ------
    InputValueError
        If a share is outside 0 to 1 (a cohort larger than the population), an overlap is
        larger than a cohort it joins, the cohorts together are larger than the population,
        a group's overlap is missing, or a reduction is not a finite share of at most 1.

    Examples
    --------
    A frailty unit reaching 40% of the activity and cutting it by 30%, anticipatory care
    reaching 50% and cutting it by 20%, 20% reached by both: 0.12 + 0.10 - 0.2 x 0.3 x 0.2.

    >>> round(combine_overlapping([0.3, 0.2], [0.4, 0.5], overlap=0.2), 4)
    0.208
    """
    arrays = _reductions(reductions)
    if isinstance(reach, str) or len(reach) != len(arrays) or len(arrays) > 8:
        raise InputValueError("reach", reach, f"one share per reduction ({len(arrays)}), 8 at most")
    group = _group_shares(reach, overlap)
    _check_cohorts(group)
    terms = [
        (-1) ** (len(g) + 1) * share * np.prod([arrays[i] for i in g], axis=0)
        for g, share in group.items()
    ]
    return _result(np.sum(terms, axis=0))


def compare_combinations(
    reductions: Mapping[str, ArrayLike],
    reach: Sequence[float],
    overlap: float | Mapping[tuple[int, ...], float] | None = None,
    baseline: float = 1.0,
) -> pd.DataFrame:
    """Summarise the total saving under each combination rule, side by side.

    The additive and multiplicative rules treat every intervention as reaching all the
    activity; the overlapping-cohorts rule uses ``reach`` and ``overlap``.

    Parameters
    ----------
    reductions
        Names and reductions (numbers or arrays of draws), such as
        ``{"Frailty unit": 1 - ratios["Frailty unit"], ...}``.
    reach, overlap
        As for :func:`combine_overlapping`.
    baseline
        The activity the reductions are shares of, such as 48,000 bed days (1 gives shares).

    Returns
    -------
    pandas.DataFrame
        One row per rule (``Additive``, ``Multiplicative``, ``Overlapping cohorts``), with
        the columns of :func:`summarise`, in the units of ``baseline``.

    Examples
    --------
    >>> compare_combinations({"A": 0.3, "B": 0.2}, [0.4, 0.5], 0.2, baseline=1000)["Median"]
    Additive               500.0
    Multiplicative         440.0
    Overlapping cohorts    208.0
    Name: Median, dtype: float64
    """
    scale = checks.finite_number("baseline", baseline, "48000 bed days")
    values = list(reductions.values())
    totals = {
        "Additive": combine_additive(values),
        "Multiplicative": combine_multiplicative(values),
        "Overlapping cohorts": combine_overlapping(values, reach, overlap),
    }
    return summarise(pd.DataFrame({k: np.atleast_1d(v) * scale for k, v in totals.items()}))
