r"""Patient flow through one ward, by discrete-event simulation with SimPy.

An optional extension to module 10. An average hides the days that matter: a ward whose
mean demand is 26 beds out of 30 still has days with more patients than beds. This module
simulates one ward day by day, with and without a change, and counts those days.

**The model.** Patients arrive at random (a Poisson process, ``arrivals_per_day`` a day)
and stay a lognormal time with the given mean and standard deviation. For a lognormal
with mean :math:`m` and standard deviation :math:`s`,

.. math::

   \sigma^2 = \ln\left(1 + s^2 / m^2\right), \qquad \mu = \ln m - \sigma^2 / 2.

A census at midnight counts the patients in beds (``Occupied``) and, if patients wait
for a bed (``wait_for_bed=True``: SimPy's ``Resource`` with one slot per bed), those
waiting (``Waiting``). Otherwise patients who find the ward full are cared for elsewhere
(outlying or boarding) and counted in ``Occupied``, which may then exceed the beds. A day
is *over capacity* when ``Occupied + Waiting`` exceeds the beds.

Without waiting, the count at midnight is the M/G/infinity queue's: in the long run it is
Poisson with mean arrivals a day x mean stay, whatever the shape of the stays, so the
share of days over capacity tends to :func:`planlab.queues.poisson_overflow_probability`.
The simulation is for what that formula cannot do: waits, runs of busy days, and a
change that alters the mix of stays.

**With and without a change.** Both runs use the same patients (common random numbers):
fewer arrivals removes each patient with the given probability (thinning a Poisson
process leaves a Poisson process), and shorter stays scale every patient's stay, so the
difference between the runs is the change, not chance.

References
----------
Team SimPy. SimPy: discrete-event simulation for Python, version 4.1.
https://simpy.readthedocs.io

Bagust A, Place M, Posnett JW. Dynamics of bed use in accommodating emergency
admissions: stochastic simulation model. BMJ 1999;319:155-158.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Generator

import numpy as np
import pandas as pd
import simpy

from planlab import checks
from planlab.checks import Seed, random_generator
from planlab.errors import InputValueError
from planlab.impacts import DEFAULT_SEED

__all__ = ["compare_ward_change", "lognormal_stay", "simulate_ward", "ward_summary"]

#: A SimPy process: a generator of events.
Process = Generator[simpy.Event, object, None]

#: Days simulated and discarded before counting, so the ward does not start empty.
DEFAULT_WARM_UP = 120


def _positive(name: str, value: object, example: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise InputValueError(name, value, f"a finite number, such as {example}")
    if value <= 0:
        raise InputValueError(name, value, f"a number above 0, such as {example}")
    return float(value)


def _whole(name: str, value: object, minimum: int, example: str) -> int:
    expected = f"a whole number, {minimum} or more, such as {example}"
    return checks.whole_number(name, value, minimum=minimum, expected=expected)


def _change(name: str, value: object, upper: float = math.inf) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise InputValueError(name, value, "a relative change as a fraction, such as -0.1")
    value = float(value)
    if not -1 < value <= upper:
        limit = "no more than 0 (raise arrivals_per_day for more)" if upper == 0 else "above -1"
        raise InputValueError(name, value, f"a fraction above -1 and {limit}")
    return float(value)


def lognormal_stay(mean: float, sd: float) -> tuple[float, float]:
    r"""Return the ``(mu, sigma)`` of a lognormal length of stay with this mean and SD.

    Parameters
    ----------
    mean, sd
        The mean and standard deviation of the stay, in days.

    Returns
    -------
    tuple of float
        :math:`\mu = \ln m - \sigma^2/2` and :math:`\sigma = \sqrt{\ln(1 + s^2/m^2)}`.

    Raises
    ------
    InputValueError
        If either is not a number above 0.

    Examples
    --------
    >>> mu, sigma = lognormal_stay(9.0, 9.0)
    >>> round(math.exp(mu + sigma**2 / 2), 6)
    9.0
    """
    m = _positive("mean_stay", mean, "9.1 days")
    s = _positive("stay_sd", sd, "9 days")
    sigma2 = math.log1p((s / m) ** 2)
    return math.log(m) - sigma2 / 2, math.sqrt(sigma2)


def _census(
    arrivals: np.ndarray, stays: np.ndarray, beds: int, wait_for_bed: bool, days: int, start: int
) -> tuple[np.ndarray, np.ndarray]:
    """Run the ward in SimPy and count beds occupied and patients waiting at each midnight."""
    env = simpy.Environment()
    ward = simpy.Resource(env, capacity=beds) if wait_for_bed else None
    present = {"in": 0}
    occupied, waiting = np.zeros(days, dtype=int), np.zeros(days, dtype=int)

    def patient(stay: float) -> Process:
        if ward is None:
            present["in"] += 1
            yield env.timeout(stay)
            present["in"] -= 1
            return
        with ward.request() as bed:
            yield bed
            yield env.timeout(stay)

    def admit() -> Process:
        for time, stay in zip(arrivals.tolist(), stays.tolist(), strict=True):
            yield env.timeout(time - env.now)
            env.process(patient(stay))

    def count() -> Process:
        for day in range(days):
            yield env.timeout(start + day + 1 - env.now)
            occupied[day] = present["in"] if ward is None else ward.count
            waiting[day] = 0 if ward is None else len(ward.queue)

    env.process(admit())
    env.process(count())
    env.run(until=start + days + 1)
    return occupied, waiting


def _patients(
    arrivals_per_day: float, mean_stay: float, stay_sd: float, horizon: int, seed: Seed
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Draw arrival times, stays and a uniform number per patient (for thinning)."""
    rng = random_generator(seed)
    count = rng.poisson(arrivals_per_day * horizon)
    arrivals = np.sort(rng.uniform(0, horizon, count))
    mu, sigma = lognormal_stay(mean_stay, stay_sd)
    return arrivals, np.exp(mu + sigma * rng.standard_normal(count)), rng.random(count)


def simulate_ward(
    arrivals_per_day: float,
    mean_stay: float,
    stay_sd: float,
    beds: int,
    days: int = 365,
    warm_up: int = DEFAULT_WARM_UP,
    seed: Seed = DEFAULT_SEED,
    wait_for_bed: bool = False,
    arrival_change: float = 0.0,
    stay_change: float = 0.0,
) -> pd.DataFrame:
    """Simulate one ward and count, each midnight, patients in beds and waiting.

    Parameters
    ----------
    arrivals_per_day
        Mean admissions a day (before any change).
    mean_stay, stay_sd
        Mean and standard deviation of the length of stay, in days.
    beds
        Beds in the ward.
    days
        Days to report, after the warm-up.
    warm_up
        Days simulated first and not reported, so the ward is not empty on day 1.
    seed
        A whole number or a numpy Generator; the same seed gives the same patients.
    wait_for_bed
        ``True``: patients who find every bed taken wait for one. ``False``: they are
        cared for elsewhere and counted as occupying the ward's demand.
    arrival_change
        Relative change in arrivals, from just above -1 to 0 (-0.1 for 10% fewer): each
        patient is removed with chance ``-arrival_change``. For more arrivals, raise
        ``arrivals_per_day``.
    stay_change
        Relative change in every stay, above -1 (-0.1 for stays 10% shorter).

    Returns
    -------
    pandas.DataFrame
        One row per day: ``Day`` (1 to ``days``), ``Occupied``, ``Waiting``, ``Demand``
        (the two added) and ``OverCapacity`` (``Demand`` above ``beds``).

    Raises
    ------
    InputValueError
        If a number is out of range.
    """
    rate = _positive("arrivals_per_day", arrivals_per_day, "10 admissions")
    beds = _whole("beds", beds, 1, "30")
    days = _whole("days", days, 1, "365")
    warm_up = _whole("warm_up", warm_up, 0, "120")
    keep_share = 1 + _change("arrival_change", arrival_change, upper=0.0)
    stretch = 1 + _change("stay_change", stay_change)
    arrivals, stays, uniform = _patients(rate, mean_stay, stay_sd, warm_up + days + 1, seed)
    kept = uniform < keep_share
    occupied, waiting = _census(
        arrivals[kept], stays[kept] * stretch, beds, bool(wait_for_bed), days, warm_up
    )
    demand = occupied + waiting
    return pd.DataFrame(
        {
            "Day": np.arange(1, days + 1),
            "Occupied": occupied,
            "Waiting": waiting,
            "Demand": demand,
            "OverCapacity": demand > beds,
        }
    )


def ward_summary(daily: pd.DataFrame, beds: int) -> pd.Series:
    """Summarise a simulated ward: the average, and what the average hides.

    Parameters
    ----------
    daily
        The output of :func:`simulate_ward`.
    beds
        The ward's beds.

    Returns
    -------
    pandas.Series
        ``MeanOccupancy`` (mean beds occupied / beds), ``MeanDemand``, ``P95Demand``,
        ``BusiestDay`` (the most patients wanting a bed on one midnight),
        ``ShareOfDaysOverCapacity``, ``LongestRunOverCapacity`` (consecutive days),
        ``MeanWaiting`` and ``MostWaiting``.

    Raises
    ------
    InputValueError
        If a column of :func:`simulate_ward` is missing or ``beds`` is not a whole number.
    """
    beds = _whole("beds", beds, 1, "30")
    missing = sorted({"Occupied", "Waiting", "Demand", "OverCapacity"} - set(daily.columns))
    if missing:
        raise InputValueError("daily", f"a table without {', '.join(missing)}", "simulate_ward()")
    over = daily["OverCapacity"].to_numpy(dtype=bool)
    runs = np.diff(np.flatnonzero(np.diff(np.r_[0, over.astype(int), 0])))[::2]
    return pd.Series(
        {
            "MeanOccupancy": daily["Occupied"].clip(upper=beds).mean() / beds,
            "MeanDemand": daily["Demand"].mean(),
            "P95Demand": float(np.percentile(daily["Demand"], 95)),
            "BusiestDay": int(daily["Demand"].max()),
            "ShareOfDaysOverCapacity": float(over.mean()),
            "LongestRunOverCapacity": int(runs.max()) if runs.size else 0,
            "MeanWaiting": daily["Waiting"].mean(),
            "MostWaiting": int(daily["Waiting"].max()),
        }
    )


def compare_ward_change(
    arrivals_per_day: float,
    mean_stay: float,
    stay_sd: float,
    beds: int,
    arrival_change: float = 0.0,
    stay_change: float = 0.0,
    days: int = 365,
    warm_up: int = DEFAULT_WARM_UP,
    seed: Seed = DEFAULT_SEED,
    wait_for_bed: bool = False,
) -> pd.DataFrame:
    """Simulate the same ward, with the same patients, without and with a change.

    Parameters
    ----------
    arrivals_per_day, mean_stay, stay_sd, beds, days, warm_up, wait_for_bed
        As for :func:`simulate_ward`.
    arrival_change, stay_change
        The change, as for :func:`simulate_ward`.
    seed
        A whole number (a Generator would give the two runs different patients).

    Returns
    -------
    pandas.DataFrame
        Two rows, ``Without change`` and ``With change``, with the columns of
        :func:`ward_summary`.

    Raises
    ------
    InputValueError
        If a number is out of range, or ``seed`` is a Generator.

    Examples
    --------
    >>> table = compare_ward_change(3, 7.0, 7.0, 25, stay_change=-0.1, days=200, seed=4)
    >>> bool(table.loc["With change", "MeanDemand"] < table.loc["Without change", "MeanDemand"])
    True
    """
    if isinstance(seed, np.random.Generator):
        raise InputValueError("seed", "a numpy Generator", "a whole number, so both runs match")
    common = (arrivals_per_day, mean_stay, stay_sd, beds, days, warm_up, seed, wait_for_bed)
    runs = {
        "Without change": simulate_ward(*common),
        "With change": simulate_ward(*common, arrival_change, stay_change),
    }
    return pd.DataFrame({name: ward_summary(daily, beds) for name, daily in runs.items()}).T
