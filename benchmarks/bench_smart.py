"""How well and how fast ``assess_goal`` reads goals.

Two sets, never mixed: ``tests/data/smart_goals.csv`` shaped the rules (its figures
show the rules still do what they were written for, and are not a result);
``tests/data/smart_corpus.csv`` (public goals with their source pages, labelled by
``tests/data/SMART-LABELLING.md`` before the analyzer saw them) judges them. On the
corpus it prints accuracy, precision and recall per criterion beside the naive
baseline of the issue (a verb list; a number anywhere; a month name or by/within),
over the whole corpus and per fold of sources (no source in two folds: a rule or model
fitted later must be fitted on the other folds). Then the median time per goal
beside one regular-expression search over the same text, in the same run.

    python benchmarks/bench_smart.py [--show-misses] [--corpus PATH]
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

DATA = Path(__file__).parents[1] / "tests" / "data"
LABELS = DATA / "smart_goals.csv"
CORPUS = DATA / "smart_corpus.csv"
FOLDS = 5
VERBS = {  # the naive baseline's action verbs
    "lead", "present", "complete", "finish", "write", "publish", "launch", "reduce",
    "increase", "improve", "deliver", "run", "build", "create", "design", "pass",
    "achieve", "read", "attend", "submit", "develop", "implement", "organize",
    "organise", "teach", "train", "earn", "save", "lose", "walk", "apply", "host",
}  # fmt: skip
MONTH_WORDS = re.compile(
    r"\b(january|february|march|april|may|june|july|august|september|october|"
    r"november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b|\bby\b"
    r"|\bwithin\b", re.I)  # fmt: skip


def baseline(text: str) -> dict[str, bool]:
    """The naive rules the issue names, to beat."""
    words = re.findall(r"[a-z']+", text.lower())
    start = words[2:] if words[:2] in (["i", "will"], ["i", "want"]) else words
    start = start[1:] if start[:1] == ["to"] else start
    return {"specific": bool(start) and start[0] in VERBS,
            "measurable": re.search(r"\d", text) is not None,
            "time_bound": MONTH_WORDS.search(text) is not None}  # fmt: skip


def scores(pairs: list[tuple[bool, bool]]) -> tuple[float, float, float]:
    """Accuracy, precision and recall of (said, truth) pairs."""
    tp = sum(s and t for s, t in pairs)
    fp = sum(s and not t for s, t in pairs)
    fn = sum(t and not s for s, t in pairs)
    right = sum(s == t for s, t in pairs)
    return right / max(1, len(pairs)), tp / max(1, tp + fp), tp / max(1, tp + fn)


def fold_of(source: str) -> int:
    """A source's fold, the same on every machine and run."""
    import hashlib

    return int(hashlib.sha256(source.encode()).hexdigest(), 16) % FOLDS


def judge_on_corpus(path: Path, show_misses: bool) -> None:
    rows = list(csv.DictReader(path.open()))
    sources = {r["source_url"] for r in rows}
    print(f"\nheld-out corpus: {len(rows)} goals from {len(sources)} sources "
          f"({path.name}; none of them shaped the rules)")  # fmt: skip
    context = GoalContext(today=TODAY)
    ours = [(r, assess_goal(r["text"], context)) for r in rows]
    for criterion in CRITERIA:
        mine = [(bool(getattr(a, criterion).met), r[criterion] == "1") for r, a in ours]
        naive = [(baseline(r["text"])[criterion], r[criterion] == "1") for r in rows]
        fold = [fold_of(r["source_url"]) for r in rows]
        folds = [scores([p for p, f in zip(mine, fold, strict=True) if f == k])[0]
                 for k in range(FOLDS) if k in fold]  # fmt: skip
        acc, prec, rec = scores(mine)
        base = scores(naive)
        print(f"  {criterion:<11} accuracy {acc:.3f} (baseline {base[0]:.3f})  precision "
              f"{prec:.3f} ({base[1]:.3f})  recall {rec:.3f} ({base[2]:.3f})  per fold of "
              f"sources {min(folds):.2f}-{max(folds):.2f}")  # fmt: skip
        if show_misses:
            for (said, truth), (row, _) in zip(mine, ours, strict=True):
                if said != truth:
                    print(f"    miss {criterion} labelled {int(truth)}: {row['text']}")


CRITERIA = ("specific", "measurable", "time_bound")
TODAY = date(2026, 11, 22)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
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
    print(f"{len(rows)} labelled goals of the tuning set (they shaped the rules)")
    for criterion, c in counts.items():
        precision = c["tp"] / max(1, c["tp"] + c["fp"])
        recall = c["tp"] / max(1, c["tp"] + c["fn"])
        print(f"  {criterion:<11} precision {precision:.3f}  recall {recall:.3f}")
    if args.show_misses:
        for goal_id, criterion, truth, check in misses:
            text = next(r["text"] for r in rows if r["id"] == goal_id)
            print(f"  miss #{goal_id} {criterion} labelled {int(truth)}: {text} -> {check}")

    if args.corpus.exists():
        judge_on_corpus(args.corpus, args.show_misses)
    else:
        print(
            f"\n(no held-out corpus at {args.corpus}: the figures above are not a result)"
        )
    search = re.compile(r"\b(by|within|before)\b.*\d")
    ours, base = [], []
    for _ in range(5):
        for row in rows:
            began = time.perf_counter()
            assess_goal(row["text"], context)
            ours.append(time.perf_counter() - began)
            began = time.perf_counter()
            search.search(row["text"])
            base.append(time.perf_counter() - began)
    mine, theirs = statistics.median(ours), statistics.median(base)
    print(
        f"median per goal: {mine * 1000:.3f} ms (aim: under 5 ms) = "
        f"{mine / theirs:.0f}x one regular-expression search over the same text"
    )


if __name__ == "__main__":
    main()
