"""How well and how fast ``assess_goal`` reads goals, on the project's labelled set.

Prints, for specific, measurable and time_bound: precision and recall against the
labels in ``tests/data/smart_goals.csv`` (the aim is at least 0.9 each), the goals it
gets wrong, and the median time per goal beside the baseline of one regular
expression search over the same text measured in the same run (the aim is under
5 ms a goal, fast enough for every keystroke).

    python benchmarks/bench_smart.py [--show-misses]
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import time
from datetime import date
from pathlib import Path

from mentorkit.domain.goals import GoalContext, assess_goal

LABELS = Path(__file__).parents[1] / "tests" / "data" / "smart_goals.csv"
CRITERIA = ("specific", "measurable", "time_bound")
TODAY = date(2026, 11, 22)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    rows = list(csv.DictReader(LABELS.open()))
    context = GoalContext(today=TODAY)
    counts = {c: {"tp": 0, "fp": 0, "fn": 0} for c in CRITERIA}
    misses = []
    for row in rows:
        result = assess_goal(row["text"], context)
        for criterion in CRITERIA:
            said, truth = bool(getattr(result, criterion).met), row[criterion] == "1"
            key = "tp" if said and truth else "fp" if said else "fn" if truth else None
            if key:
                counts[criterion][key] += 1
            if said != truth:
                misses.append((row["id"], criterion, truth, getattr(result, criterion)))
    print(f"{len(rows)} labelled goals")
    for criterion, c in counts.items():
        precision = c["tp"] / max(1, c["tp"] + c["fp"])
        recall = c["tp"] / max(1, c["tp"] + c["fn"])
        print(f"  {criterion:<11} precision {precision:.3f}  recall {recall:.3f}")
    if args.show_misses:
        for goal_id, criterion, truth, check in misses:
            text = next(r["text"] for r in rows if r["id"] == goal_id)
            print(f"  miss #{goal_id} {criterion} labelled {int(truth)}: {text} -> {check}")

    baseline = re.compile(r"\b(by|within|before)\b.*\d")
    ours, base = [], []
    for _ in range(5):
        for row in rows:
            began = time.perf_counter()
            assess_goal(row["text"], context)
            ours.append(time.perf_counter() - began)
            began = time.perf_counter()
            baseline.search(row["text"])
            base.append(time.perf_counter() - began)
    mine, theirs = statistics.median(ours), statistics.median(base)
    print(
        f"median per goal: {mine * 1000:.3f} ms (aim: under 5 ms) = "
        f"{mine / theirs:.0f}x one regular-expression search over the same text"
    )


if __name__ == "__main__":
    main()
