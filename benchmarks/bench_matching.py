"""Matching at cohort sizes: mentorkit's proposal against two baselines on the same scores.

For generated cohorts (mentors x mentees, mentor capacities drawn from 1-5) prints:
- scoring time and solving time (``score_matrix`` then ``propose_matches`` with the
  default policy: optimal total score, pruned candidates proven optimal);
- peak memory of the process that does it;
- total score and match rate;
each beside
- greedy: the best remaining pair first, over the same scores, and
- independent optimum: one OR-Tools min-cost flow over every allowed pair (no
  pruning, no certificate), built here from the same score matrix;
with times as ratios to the independent optimum measured in the same run. Each
measurement runs in its own process, so peak memory is its own.

    python benchmarks/bench_matching.py [--sizes 200x600 1000x4000 2000x10000]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import date

import numpy as np

ON = date(2026, 3, 2)


def cohort(mentors: int, mentees: int):
    from mentorkit.services.demo import generate_cohort

    people = generate_cohort(mentors, mentees, seed=7)
    rng = np.random.default_rng(7)
    is_mentor = people["role"] == "mentor"
    people.loc[is_mentor, "capacity"] = rng.integers(1, 6, is_mentor.sum())
    return people[is_mentor], people[~is_mentor]


def run_mentorkit(mentors, mentees) -> dict:
    from mentorkit.matching import propose_matches, score_matrix

    began = time.perf_counter()
    matrix = score_matrix(mentors, mentees, on=ON)
    scored = time.perf_counter()
    proposal = propose_matches(mentors, mentees, matrix=matrix)
    solved = time.perf_counter()
    return {
        "score_s": scored - began,
        "solve_s": solved - scored,
        "total": round(proposal.total_score * 100),
        "matched": proposal.pairs["mentee_id"].nunique() / len(mentees),
    }


def run_greedy(mentors, mentees) -> dict:
    """Take pairs best first while both sides have room (the usual hand-made rule)."""
    from mentorkit.matching import score_matrix

    matrix = score_matrix(mentors, mentees, on=ON)
    began = time.perf_counter()
    rows, cols = np.nonzero(matrix.proposable)
    values = matrix.total[rows, cols]
    order = np.argsort(-values, kind="stable")
    mentee_room = mentees["capacity"].to_numpy().copy()
    mentor_room = mentors["capacity"].to_numpy().copy()
    total = matched = 0
    for index in order:
        i, j = rows[index], cols[index]
        if mentee_room[i] and mentor_room[j]:
            mentee_room[i] -= 1
            mentor_room[j] -= 1
            total += int(values[index])
            matched += 1
            if not mentor_room.any() or not mentee_room.any():
                break
    return {
        "solve_s": time.perf_counter() - began,
        "total": total,
        "matched": float((mentee_room < mentees["capacity"].to_numpy()).mean()),
    }


def run_independent(mentors, mentees) -> dict:
    """One min-cost flow over every allowed pair, written apart from mentorkit's solver."""
    from ortools.graph.python import min_cost_flow

    from mentorkit.matching import score_matrix

    matrix = score_matrix(mentors, mentees, on=ON)
    began = time.perf_counter()
    n, k = matrix.shape
    rows, cols = np.nonzero(matrix.proposable)
    source, sink = n + k, n + k + 1
    e_room = mentees["capacity"].to_numpy().astype(np.int64)
    m_room = mentors["capacity"].to_numpy().astype(np.int64)
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.full(n, source), np.arange(n), e_room, np.zeros(n, np.int64)
    )
    pairs = flow.add_arcs_with_capacity_and_unit_cost(
        rows,
        cols + n,
        np.ones(len(rows), np.int64),
        -matrix.total[rows, cols].astype(np.int64),
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        np.arange(n, n + k), np.full(k, sink), m_room, np.zeros(k, np.int64)
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        np.arange(n), np.full(n, sink), e_room, np.zeros(n, np.int64)
    )
    flow.set_node_supply(source, int(e_room.sum()))
    flow.set_node_supply(sink, -int(e_room.sum()))
    assert flow.solve() == flow.OPTIMAL
    used = flow.flows(pairs) > 0
    return {
        "solve_s": time.perf_counter() - began,
        "total": -flow.optimal_cost(),
        "matched": len(np.unique(rows[used])) / n,
    }


RUNNERS = {"mentorkit": run_mentorkit, "greedy": run_greedy, "independent": run_independent}


def measure(runner: str, size: str) -> dict:
    """Run one measurement in a fresh process; add its peak memory."""
    output = subprocess.run(
        [sys.executable, __file__, "--one", runner, size],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", nargs="+", default=["200x600", "1000x4000", "2000x10000"]
    )
    parser.add_argument(
        "--one", nargs=2, metavar=("RUNNER", "SIZE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.one:
        runner, size = args.one
        mentors, mentees = cohort(*map(int, size.split("x")))
        figures = RUNNERS[runner](mentors, mentees)
        figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(figures))
        return

    for size in args.sizes:
        ours, greedy, best = (measure(name, size) for name in RUNNERS)
        ours_s = ours["score_s"] + ours["solve_s"]
        print(f"{size} (mentors x mentees), mentor capacities 1-5")
        print(
            f"  mentorkit: score {ours['score_s']:.2f} s + solve {ours['solve_s']:.2f} s "
            f"= {ours_s:.2f} s, peak memory {ours['peak_mb']:,.0f} MB, "
            f"total {ours['total'] / 100:,.2f}, matched {ours['matched']:.1%}"
        )
        print(
            f"  greedy: solve {greedy['solve_s']:.2f} s, peak {greedy['peak_mb']:,.0f} MB, "
            f"total {greedy['total'] / 100:,.2f}, matched {greedy['matched']:.1%}"
        )
        print(
            f"  independent optimum (full graph): solve {best['solve_s']:.2f} s, "
            f"peak {best['peak_mb']:,.0f} MB, total {best['total'] / 100:,.2f}, "
            f"matched {best['matched']:.1%}"
        )
        print(
            f"  ratios: mentorkit solve / independent solve = "
            f"{ours['solve_s'] / best['solve_s']:.2f}x; mentorkit score+solve / "
            f"independent solve = {ours_s / best['solve_s']:.2f}x; "
            f"total / independent = {ours['total'] / best['total']:.6f}; "
            f"total / greedy = {ours['total'] / max(1, greedy['total']):.4f}"
        )


if __name__ == "__main__":
    main()
