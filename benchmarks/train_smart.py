"""Train the SMART model (``mentorkit/domain/smart_model.json``) on the labelled corpus.

One logistic regression per criterion (specific, measurable, time_bound) over the
features of ``mentorkit.domain.smart_model.features``: the goal's words and word pairs
and what the rules found. Its strength of regularisation, and how much the rules'
findings weigh, are picked by cross-validation grouped by source *inside* the goals it
is given, so that ``bench_smart.py`` can fit it on four folds of sources and score it
on the fifth without the fifth shaping anything.

Needs scikit-learn (``pip install -e '.[train]'``); the package reads the weights
without it.

    python benchmarks/train_smart.py [--corpus PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
from collections import Counter
from datetime import date
from pathlib import Path

from mentorkit.domain.smart import read_goal
from mentorkit.domain.smart_model import CRITERIA, WEIGHTS, Linear, SmartModel, features

CORPUS = Path(__file__).parents[1] / "tests" / "data" / "smart_corpus.csv"
TODAY = date(2026, 11, 22)  # the day the corpus was labelled against
STRENGTHS = (0.1, 0.3, 1.0, 3.0, 10.0)  # C, the inverse of the regularisation
MIN_GOALS = 3  # a word or pair seen in fewer training goals is left out of the model
SCALES = (1.0, 3.0)  # the rules' findings weigh in at this value: at 3, shrunk less


def load(path: Path = CORPUS) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def goal_features(text: str, today: date = TODAY) -> frozenset[str]:
    reading = read_goal(text, today)
    return features(reading.rest, reading.findings, reading.deadline)


def _fit_one(found, labels, strength, scale):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    seen = Counter(name for f in found for name in f)
    found = [[name for name in f if seen[name] >= MIN_GOALS] for f in found]
    vectors = DictVectorizer()
    value = {True: scale, False: 1.0}
    matrix = vectors.fit_transform(
        [{name: value[name[0] in "rk"] for name in f} for f in found]
    )
    model = LogisticRegression(C=strength, max_iter=2000).fit(matrix, labels)
    names = vectors.get_feature_names_out()
    pairs = zip(names, model.coef_[0], strict=True)
    weights = {n: float(w) * value[n[0] in "rk"] for n, w in pairs if abs(w) > 1e-3}
    return Linear(float(model.intercept_[0]), weights)


def _pick(found, labels, groups) -> tuple[float, float]:
    """The C and rule scale that score best on held-out sources within these goals."""
    from sklearn.model_selection import GroupKFold

    folds = GroupKFold(n_splits=min(4, len(set(groups))))
    splits = list(folds.split(found, labels, groups))
    best, best_score = (STRENGTHS[0], SCALES[0]), -1
    for strength in STRENGTHS:
        for scale in SCALES:
            right = 0
            for train, test in splits:
                if len({labels[i] for i in train}) < 2:
                    continue
                picked = [found[i] for i in train], [labels[i] for i in train]
                linear = _fit_one(*picked, strength, scale)
                said = [linear.likelihood(found[i]) >= 0.5 for i in test]
                right += sum(s == labels[i] for s, i in zip(said, test, strict=True))
            if right > best_score:
                best, best_score = (strength, scale), right
    return best


def fit(rows: list[dict[str, str]], today: date = TODAY) -> SmartModel:
    """A model fitted on these rows only (their sources pick its regularisation)."""
    found = [goal_features(r["text"], today) for r in rows]
    groups = [r["source_url"] for r in rows]
    criteria, strengths = {}, {}
    for criterion in CRITERIA:
        labels = [r[criterion] == "1" for r in rows]
        strengths[criterion] = _pick(found, labels, groups)
        criteria[criterion] = _fit_one(found, labels, *strengths[criterion])
    return SmartModel(
        criteria=criteria,
        trained_on={"goals": len(rows), "sources": len(set(groups)), "C, scale": strengths},
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
          f"C and rule scale {meta['C, scale']}, weights {sizes}, {size} KiB")  # fmt: skip


if __name__ == "__main__":
    main()
