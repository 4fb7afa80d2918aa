"""Train the SMART model (``mentorkit/domain/smart_model.json``) on the labelled corpus.

One logistic regression per criterion (specific, measurable, time_bound) over the
features of ``mentorkit.domain.smart_model.features``: the goal's words and word pairs
and what the rules found. Its strength of regularisation is picked by cross-validation
grouped by source *inside* the goals it is given, so that ``bench_smart.py`` can fit it
on four folds of sources and score it on the fifth without the fifth shaping anything.

Needs scikit-learn (``pip install -e '.[train]'``); the package reads the weights
without it.

    python benchmarks/train_smart.py [--corpus PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
from datetime import date
from pathlib import Path

from mentorkit.domain.smart import read_goal
from mentorkit.domain.smart_model import CRITERIA, WEIGHTS, Linear, SmartModel, features

CORPUS = Path(__file__).parents[1] / "tests" / "data" / "smart_corpus.csv"
TODAY = date(2026, 11, 22)  # the day the corpus was labelled against
STRENGTHS = (0.1, 0.3, 1.0, 3.0, 10.0)  # C, the inverse of the regularisation


def load(path: Path = CORPUS) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def goal_features(text: str, today: date = TODAY) -> frozenset[str]:
    reading = read_goal(text, today)
    return features(reading.text, reading.findings)


def _fit_one(found, labels, strength):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectors = DictVectorizer()
    matrix = vectors.fit_transform([dict.fromkeys(f, 1) for f in found])
    model = LogisticRegression(C=strength, max_iter=2000).fit(matrix, labels)
    names = vectors.get_feature_names_out()
    weights = {
        n: float(w) for n, w in zip(names, model.coef_[0], strict=True) if abs(w) > 1e-3
    }
    return Linear(float(model.intercept_[0]), weights)


def _pick_strength(found, labels, groups) -> float:
    """The C that scores best on held-out sources within these goals."""
    from sklearn.model_selection import GroupKFold

    splits = min(4, len(set(groups)))
    best, best_score = STRENGTHS[0], -1.0
    for strength in STRENGTHS:
        right = 0
        for train, test in GroupKFold(n_splits=splits).split(found, labels, groups):
            if len({labels[i] for i in train}) < 2:
                continue
            linear = _fit_one(
                [found[i] for i in train], [labels[i] for i in train], strength
            )
            right += sum((linear.likelihood(found[i]) >= 0.5) == labels[i] for i in test)
        if right > best_score:
            best, best_score = strength, right
    return best


def fit(rows: list[dict[str, str]], today: date = TODAY) -> SmartModel:
    """A model fitted on these rows only (their sources pick its regularisation)."""
    found = [goal_features(r["text"], today) for r in rows]
    groups = [r["source_url"] for r in rows]
    criteria, strengths = {}, {}
    for criterion in CRITERIA:
        labels = [r[criterion] == "1" for r in rows]
        strengths[criterion] = _pick_strength(found, labels, groups)
        criteria[criterion] = _fit_one(found, labels, strengths[criterion])
    return SmartModel(
        criteria=criteria,
        trained_on={"goals": len(rows), "sources": len(set(groups)), "C": strengths},
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    args = parser.parse_args()
    import sklearn

    rows = load(args.corpus)
    model = fit(rows)
    meta = dict(model.trained_on)
    meta |= {
        "corpus": args.corpus.name,
        "corpus_sha256": hashlib.sha256(args.corpus.read_bytes()).hexdigest(),
        "scikit_learn": sklearn.__version__,
    }
    model = SmartModel(criteria=model.criteria, trained_on=meta)
    args.out.write_text(json.dumps(model.to_json(), indent=0) + "\n", encoding="utf-8")
    sizes = {c: len(m.weights) for c, m in model.criteria.items()}
    size = args.out.stat().st_size // 1024
    print(f"{args.out}: {meta['goals']} goals from {meta['sources']} sources, "
          f"C {meta['C']}, weights {sizes}, {size} KiB")  # fmt: skip


if __name__ == "__main__":
    main()
