"""The trained half of the SMART checks: one small linear model per criterion.

The rules of :mod:`mentorkit.domain.smart` read a goal first (its action, measure and
deadline, and the kind of each). The model weighs those findings together with the
goal's words and word pairs and says, for specific, measurable and time_bound, how
likely the criterion is met. Its weights are in ``smart_model.json`` beside this module,
written by ``benchmarks/train_smart.py`` from the labelled public goals of
``tests/data/smart_corpus.csv``; nothing is downloaded and nothing here needs the
library that trained it. Without the file (or with a broken one) the rules decide
alone.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

WEIGHTS = Path(__file__).with_name("smart_model.json")
CRITERIA = ("specific", "measurable", "time_bound")
TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|\d[\d.,]*[a-z]*|[%$€£]")  # "20lbs", "15th": "#"
SHOWN = re.compile(r"[a-z' ]+")  # evidence quotes only words
PLAIN_WORDS = {"a", "an", "and", "of", "for", "with", "on", "at", "it", "this", "that",
               "me", "us", "their", "his", "her", "your", "you", "he", "she", "they",
               "all", "any", "some", "can", "has", "have", "as", "or", "so"}  # fmt: skip
LEAD_WORDS = {"i", "we", "will", "want", "to", "would", "like", "my", "goal", "is", "our",
              "plan", "aim", "the", "student", "students", "patient", "patients", "staff",
              "team", "be", "able", "by", "in", "i'd", "we'd", "i'll", "we'll", "wants",
              "need", "hope", "should", "shall"}  # fmt: skip


QUIET = PLAIN_WORDS | LEAD_WORDS | {"#"}  # never shown as the words that decided


def features(text: str, findings: Mapping[str, str], deadline: str = "") -> frozenset[str]:
    """What the model reads of a goal: its words and word pairs (numbers as '#') outside
    its deadline phrase, the first words of its action, the deadline's own words apart
    (so that 'the end of' says nothing of the measure), and what the rules found
    (``findings``)."""
    words = _words(text)
    found = {f"w:{w}" for w in words}
    found |= {f"b:{a} {b}" for a, b in pairwise(words)}
    action = [w for w in words[:12] if w not in LEAD_WORDS][:2]
    found |= {f"v:{w}" for w in action[:1]} | {f"v2:{' '.join(action)}"}
    found |= {f"s:{_stem(w)}" for w in words if len(w) > 3}
    found |= _kinds(words, action)
    found |= {f"r:{name}:{kind}" for name, kind in findings.items()}
    found |= {f"d:{w}" for w in _words(deadline)}
    found.add(f"n:{min(len(words) // 6, 5)}")
    return frozenset(found)


def _words(text: str) -> list[str]:
    return ["#" if w[0].isdigit() else w for w in TOKEN.findall(text.lower())]


def _stem(word: str) -> str:
    """A crude stem, so that 'reduces', 'reducing' and 'reduced' weigh as one."""
    for ending in ("ing", "ed", "es", "s", "ly", "e"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


KINDS = {  # classes of words the labelling guide reasons with, so unseen goals share them
    "judge": {"good", "better", "best", "great", "successful", "effective", "healthier",
              "healthy", "quality", "strong", "stronger", "confident", "happy", "efficient",
              "significantly", "proactive", "full", "truly", "awkward", "positive",
              "sustainable", "high", "higher", "well", "properly", "appropriate"},
    "know": {"learn", "understand", "know", "gain", "explore", "study", "familiarize",
             "appreciate", "aware", "awareness", "knowledge", "insight", "recognize"},
    "state": {"be", "become", "feel", "have", "stay", "remain", "get", "keep"},
    "change": {"improve", "increase", "reduce", "decrease", "grow", "boost", "raise",
               "lower", "cut", "strengthen", "enhance", "expand", "maximize", "minimize",
               "optimize", "advance", "normalize"},
    "done": {"complete", "finish", "publish", "launch", "submit", "deliver", "pass", "win",
             "quit", "join", "find", "obtain", "earn", "land", "secure", "register",
             "enroll", "apply", "present", "host", "attend", "write", "create", "build",
             "design", "implement", "organize", "organise", "remove", "eliminate", "pay",
             "open", "sign", "hire", "recruit", "run", "read", "walk", "save", "lose",
             "list", "identify", "demonstrate", "schedule", "send", "update", "redesign"},
    "generic": {"money", "sales", "revenue", "profit", "health", "skills", "skill",
                "performance", "efficiency", "productivity", "communication", "network",
                "career", "weight", "fitness", "customers", "clients", "teamwork",
                "leadership", "confidence", "income", "output", "downtime", "engagement",
                "satisfaction", "retention", "job", "friends", "life", "work", "business",
                "results", "habits", "diet", "grades", "management", "processes"},
    "every": {"each", "every", "all", "never", "zero", "none", "only", "least", "most",
              "than", "daily", "weekly", "monthly", "free"},
    "vague": {"more", "less", "some", "someday", "soon", "eventually", "things", "stuff",
              "regularly", "often", "various", "etc"},
}  # fmt: skip
KIND_OF = {word: kind for kind, words in reversed(KINDS.items()) for word in words}


def _kind(word: str, otherwise: str | None = None) -> str | None:
    """The class of a word or of its plain form ('reduces', 'reducing', 'reduced')."""
    for cut, add in ((0, ""), (1, ""), (2, ""), (1, "e"), (2, "e"), (3, ""), (3, "e")):
        if cut and len(word) - cut < 3:
            break
        kind = KIND_OF.get((word[:-cut] if cut else word) + add)
        if kind:
            return kind
    return otherwise


def _kinds(words: list[str], action: list[str]) -> set[str]:
    """The guide's word classes in the goal, of its first action word, and of the last
    word (the head of what it acts on, most often)."""
    found = {f"k:{kind}" for w in words if (kind := _kind(w))}
    if action:
        found.add(f"k1:{_kind(action[0], 'other')}")
    content = [w for w in words if w not in QUIET]
    if content:
        found.add(f"kz:{_kind(content[-1], 'other')}")
        found.add(f"kn:{min(len(content), 6)}")
    return found


@dataclass(frozen=True)
class Linear:
    """A logistic model over binary features: a bias and a weight per feature."""

    bias: float
    weights: Mapping[str, float]

    def likelihood(self, found: Iterable[str]) -> float:
        total = self.bias + sum(self.weights.get(f, 0.0) for f in found)
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, total))))

    def strongest(self, found: Iterable[str], sign: int, most: int = 3) -> list[str]:
        """The goal's words that pushed the verdict most towards met (sign 1) or not
        (sign -1), as the participant wrote them, for the evidence."""
        pushes = sorted(
            (sign * self.weights.get(f, 0.0), f)
            for f in found
            if f[:2] in ("w:", "b:")
            and SHOWN.fullmatch(f[2:])
            and not set(f[2:].split()) <= QUIET
        )
        return [f[2:] for weight, f in reversed(pushes) if weight > 0.05][:most]


@dataclass(frozen=True)
class SmartModel:
    """The three criteria's models, and what they were trained on."""

    criteria: Mapping[str, Linear]
    trained_on: Mapping[str, object]

    @classmethod
    def from_json(cls, data: Mapping) -> SmartModel:
        made = {
            name: Linear(float(m["bias"]), {f: float(w) for f, w in m["weights"].items()})
            for name, m in data["criteria"].items()
            if name in CRITERIA
        }
        return cls(criteria=made, trained_on=dict(data.get("trained_on", {})))

    def to_json(self) -> dict:
        return {
            "trained_on": dict(self.trained_on),
            "criteria": {
                name: {"bias": round(m.bias, 4),
                       "weights": {k: round(v, 3) for k, v in sorted(m.weights.items())}}
                for name, m in self.criteria.items()
            },
        }  # fmt: skip


@cache
def shipped() -> SmartModel | None:
    """The model shipped with the package, or None when its file is missing or broken
    (then the rules decide alone: the live check must never fail)."""
    try:
        return SmartModel.from_json(json.loads(WEIGHTS.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
