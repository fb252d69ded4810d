"""How long sizing wards for an overflow risk takes with planlab, beside simulating them.

Run from the repository's root:  python benchmarks/queues.py [--beds 5,10,25,50,100,200] [--all]

The task: for every ward size from 5 to 200 beds, the largest offered load (arrivals a
day times mean stay) the ward can take while turning away at most 5% of arrivals, and
the mean occupancy that gives. On this machine, in this run:

- planlab: ``planlab.queues.safe_occupancy_table(range(5, 201), 0.05)``, the Erlang loss
  model solved exactly (best of 5);
- the alternative a user would otherwise build: a discrete-event simulation of each ward
  with SimPy (the M/M/c/c ward of ``tests/methods/test_queues.py``), searching for the
  load that gives 5% blocking by bisection, one simulation per step. The simulation is
  run for a sample of ward sizes (``--beds``), and the time for all 196 sizes is
  estimated from the mean time per ward; ``--all`` simulates every size instead (about
  a second or more per ward).

Both run in this process, one after the other. The figures are printed and written to
``_build/benchmarks/queues.json``. The simulated loads carry sampling error (each
bisection step is one run of 20,000 arrivals, the same random stream for every ward),
so the table also gives Erlang B at the load the simulation settled on.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
import simpy  # noqa: E402

from planlab.queues import erlang_b, safe_occupancy_table  # noqa: E402
from tests.methods.test_queues import simulate_ward  # noqa: E402

RESULTS = REPO / "_build" / "benchmarks" / "queues.json"
RISK = 0.05
ALL_WARDS = range(5, 201)
#: Arrivals in each simulation, and bisection steps per ward.
ARRIVALS = 20_000
STEPS = 10


def best_of(runs: int, work: Callable[[], object]) -> float:
    """Return the fastest of ``runs`` timings of ``work``, in seconds."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return min(timings)


def simulated_safe_load(beds: int, seed: int = 1) -> tuple[float, float]:
    """Find by simulation the offered load at which a ward turns away ``RISK`` of arrivals.

    Stays are exponential with a mean of 1 day, so the load equals the arrival rate.
    Every step reuses the same random numbers (common random numbers), so the simulated
    share turned away rises steadily with the load and bisection can home in on it.

    Parameters
    ----------
    beds
        Beds in the ward.
    seed
        Seed for the arrivals and stays.

    Returns
    -------
    tuple of float
        The load found, and the simulated mean occupancy in the last bisection run
        (whose load is within one step of it).
    """
    stays = np.random.default_rng(seed + 1000).exponential(1.0, ARRIVALS)
    low, high = 0.2 * beds, beds / (1 - RISK)
    occupancy = float("nan")
    for _ in range(STEPS):
        load = (low + high) / 2
        turned_away, occupancy = simulate_ward(beds, load, stays, seed)
        if turned_away > RISK:
            high = load
        else:
            low = load
    return (low + high) / 2, occupancy


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """Read the command line.

    Parameters
    ----------
    argv
        The arguments after the program name.

    Returns
    -------
    argparse.Namespace
        ``beds`` (list of int) and ``all`` (bool).
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--beds",
        default="5,10,25,50,100,200",
        help="ward sizes to simulate (default 5,10,25,50,100,200)",
    )
    parser.add_argument("--all", action="store_true", help="simulate all 196 ward sizes")
    arguments = parser.parse_args(argv)
    arguments.beds = (
        list(ALL_WARDS) if arguments.all else [int(b) for b in arguments.beds.split(",")]
    )
    return arguments


def main(argv: Sequence[str] | None = None) -> None:
    """Time both ways and print the comparison."""
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    load_before = os.getloadavg()[0]
    wards = len(ALL_WARDS)
    planlab_seconds = best_of(5, lambda: safe_occupancy_table(ALL_WARDS, RISK))
    table = safe_occupancy_table(ALL_WARDS, RISK).set_index("Beds")

    rows = []
    started = time.perf_counter()
    for beds in arguments.beds:
        ward_started = time.perf_counter()
        load, occupancy = simulated_safe_load(beds)
        rows.append(
            {
                "beds": beds,
                "seconds": time.perf_counter() - ward_started,
                "planlab_load": float(table.loc[beds, "OfferedLoad"]),
                "simulated_load": load,
                "planlab_occupancy": float(table.loc[beds, "SafeOccupancy"]),
                "simulated_occupancy": occupancy,
                "erlang_b_at_simulated_load": erlang_b(beds, load),
            }
        )
    simulated_seconds = time.perf_counter() - started
    per_ward = simulated_seconds / len(rows)
    estimate = simulated_seconds if arguments.all else per_ward * wards

    print(f"Sizing {wards} wards (5 to 200 beds) for {RISK:.0%} of arrivals turned away")
    print(
        f"python {platform.python_version()}, simpy {simpy.__version__}, "
        f"{os.cpu_count()} cores, load average {load_before:.2f} before the timings"
    )
    print(f"{'method':<58} {'seconds':>10}")
    print(
        f"{'planlab safe_occupancy_table, all 196 wards (best of 5)':<58} {planlab_seconds:>10.4f}"
    )
    print(f"{'planlab, per ward':<58} {planlab_seconds / wards:>10.6f}")
    label = f"SimPy bisection ({STEPS} runs x {ARRIVALS:,} arrivals), per ward"
    print(f"{label:<58} {per_ward:>10.2f}")
    label = "SimPy, all 196 wards" + ("" if arguments.all else f" (estimated from {len(rows)})")
    print(f"{label:<58} {estimate:>10.1f}")
    print(f"SimPy takes {estimate / planlab_seconds:,.0f} times as long as planlab.")
    print()
    print(
        f"{'beds':>5} {'seconds':>8} {'load: planlab':>14} {'simulated':>10} "
        f"{'occupancy: planlab':>19} {'last run':>10} {'B at sim. load':>15}"
    )
    for row in rows:
        print(
            f"{row['beds']:>5} {row['seconds']:>8.2f} {row['planlab_load']:>14.2f} "
            f"{row['simulated_load']:>10.2f} {row['planlab_occupancy']:>19.3f} "
            f"{row['simulated_occupancy']:>10.3f} {row['erlang_b_at_simulated_load']:>15.4f}"
        )

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "risk": RISK,
                "load_average_before": load_before,
                "wards": wards,
                "planlab_seconds": planlab_seconds,
                "simpy_seconds_per_ward": per_ward,
                "simpy_seconds_all_wards": estimate,
                "simpy_all_wards_estimated": not arguments.all,
                "arrivals_per_run": ARRIVALS,
                "bisection_steps": STEPS,
                "sampled": rows,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
