"""How long 100,000 Monte Carlo draws of bed days saved take with planlab, beside the usual ways.

Run from the repository's root:  python benchmarks/impacts.py [--draws 100000]

The task (module 10's exercise): a frailty pathway change cuts admissions of people aged
75+ by 5% to 15% and their length of stay by -12% to +2% (80% intervals, lognormal), and
reaches 60% of their 4,819 admissions a year, which stay 11.85 days on average (2030,
principal projection). Draw both effects and work out the bed days saved in each draw,
then the median and the 10th and 90th percentiles. On this machine, in this run:

- planlab: ``planlab.impacts.simulate_bed_days`` (vectorised numpy), best of 5;
- a Python loop drawing one value at a time (``numpy.random.Generator.lognormal`` per
  draw, bed days worked out per draw and appended to a list), best of 3;
- an Excel-style sheet in pandas: one row per draw holding two random numbers (Excel's
  ``RAND()``), and the bed days worked out row by row with ``DataFrame.apply`` (each cell
  ``LOGNORM.INV(RAND(), mu, sigma)``, here ``statistics.NormalDist().inv_cdf``), best of 3.

Also timed: the discrete-event simulation of ``planlab.flow`` (one year of a 30-bed ward
after a 120-day warm-up, with and without a change, patients waiting for beds) and 100,000
simulated years of a four-risk register (``planlab.risk.simulate_losses``).

All run in this process, one after the other. The three Monte Carlo ways draw different
random numbers, so their summaries agree only to sampling error; the table shows them.
The figures are printed and written to ``_build/benchmarks/impacts.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from statistics import NormalDist

REPO = Path(__file__).resolve().parents[1]
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import simpy  # noqa: E402

from planlab.flow import compare_ward_change  # noqa: E402
from planlab.impacts import Effect, simulate_bed_days  # noqa: E402
from planlab.risk import simulate_losses  # noqa: E402

RESULTS = REPO / "_build" / "benchmarks" / "impacts.json"
ADMISSIONS, STAY, REACH = 4819.0, 11.85, 0.6
ADMISSION_EFFECT = Effect(-0.15, -0.05, name="Admissions")
STAY_EFFECT = Effect(-0.12, 0.02, name="Length of stay")
REGISTER = pd.DataFrame(
    {
        "RiskId": ["Agency nurse spend", "Care home closure", "Ward flooding", "IT outage"],
        "AnnualProbability": [0.6, 0.1, 0.02, 0.3],
        "ImpactLowGBP": [100_000, 300_000, 500_000, 20_000],
        "ImpactHighGBP": [400_000, 2_000_000, 8_000_000, 150_000],
    }
)


def best_of(runs: int, work: Callable[[], object]) -> tuple[float, object]:
    """Return the fastest of ``runs`` timings of ``work``, in seconds, and its last result."""
    timings, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        timings.append(time.perf_counter() - started)
    return min(timings), result


def planlab_way(draws: int) -> np.ndarray:
    """Bed days saved, by planlab."""
    table = simulate_bed_days(ADMISSIONS, STAY, ADMISSION_EFFECT, STAY_EFFECT, REACH, draws)
    return table["BedDaysSaved"].to_numpy()


def loop_way(draws: int) -> np.ndarray:
    """Bed days saved, one draw at a time in a Python loop."""
    rng = np.random.default_rng(1)
    mu_a, sigma_a = ADMISSION_EFFECT.parameters
    mu_l, sigma_l = STAY_EFFECT.parameters
    saved = []
    for _ in range(draws):
        ratio = rng.lognormal(mu_a, sigma_a) * rng.lognormal(mu_l, sigma_l)
        saved.append(ADMISSIONS * STAY * REACH * (1 - ratio))
    return np.array(saved)


def spreadsheet_way(draws: int) -> np.ndarray:
    """Bed days saved, an Excel-style sheet worked row by row with DataFrame.apply."""
    rng = np.random.default_rng(2)
    sheet = pd.DataFrame({"RandAdmissions": rng.random(draws), "RandStay": rng.random(draws)})
    mu_a, sigma_a = ADMISSION_EFFECT.parameters
    mu_l, sigma_l = STAY_EFFECT.parameters
    normal = NormalDist()

    def row_saved(row: pd.Series) -> float:
        admissions = math.exp(mu_a + sigma_a * normal.inv_cdf(row["RandAdmissions"]))
        stay = math.exp(mu_l + sigma_l * normal.inv_cdf(row["RandStay"]))
        return ADMISSIONS * STAY * REACH * (1 - admissions * stay)

    return sheet.apply(row_saved, axis=1).to_numpy()


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """Read the command line: ``draws`` (int)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=100_000, help="draws (default 100000)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """Time every way and print the comparison."""
    draws = parse_arguments(sys.argv[1:] if argv is None else argv).draws
    load_before = os.getloadavg()[0]
    ways = {
        "planlab simulate_bed_days (best of 5)": (5, planlab_way),
        "Python loop, one draw at a time (best of 3)": (3, loop_way),
        "pandas row-by-row apply, Excel style (best of 3)": (3, spreadsheet_way),
    }
    timings, summaries = {}, {}
    for label, (runs, way) in ways.items():
        seconds, saved = best_of(runs, lambda way=way: way(draws))
        timings[label] = seconds
        summaries[label] = [float(v) for v in np.percentile(saved, [50, 10, 90])]
    flow_seconds, ward = best_of(
        3,
        lambda: compare_ward_change(
            20.0, 9.0, 9.0, 200, stay_change=-0.1, days=365, wait_for_bed=True
        ),
    )
    risk_seconds, _ = best_of(3, lambda: simulate_losses(REGISTER, draws))

    print(f"Bed days saved, {draws:,} Monte Carlo draws")
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}, "
        f"simpy {simpy.__version__}, {os.cpu_count()} cores, load average {load_before:.2f} "
        "before the timings"
    )
    fastest = timings["planlab simulate_bed_days (best of 5)"]
    print(f"{'method':<52} {'seconds':>9} {'x planlab':>10} {'median':>8} {'P10':>8} {'P90':>8}")
    for label, seconds in timings.items():
        median, p10, p90 = summaries[label]
        print(
            f"{label:<52} {seconds:>9.4f} {seconds / fastest:>10,.0f} "
            f"{median:>8,.0f} {p10:>8,.0f} {p90:>8,.0f}"
        )
    print()
    label = "SimPy ward, 200 beds, 365 days + 120 warm-up, with and without (best of 3)"
    print(f"{label:<80} {flow_seconds:>7.3f} s")
    print(ward.round(3).to_string())
    label = f"Risk register, 4 risks x {draws:,} simulated years (best of 3)"
    print(f"{label:<80} {risk_seconds:>7.3f} s")

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "draws": draws,
                "load_average_before": load_before,
                "monte_carlo_seconds": timings,
                "monte_carlo_median_p10_p90": summaries,
                "simpy_ward_seconds": flow_seconds,
                "risk_register_seconds": risk_seconds,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
