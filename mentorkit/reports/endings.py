"""How a cohort's relationships end: completed or closed early, and what the closing
reflections say, as totals. Each side's answers are shown only when at least the
program's minimum of that side wrote one; no text is ever read."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import pandas as pd

from mentorkit.domain.closing import OUTCOME_LABELS, Outcome
from mentorkit.domain.matches import MatchStatus
from mentorkit.reports.figures import suppress_small
from mentorkit.store import Store

SIDES = {"mentee": "Mentees", "mentor": "Mentors"}


@dataclass(frozen=True)
class Endings:
    completed: int
    closed_early: int
    running: int
    by_side: pd.DataFrame  # Mentees, Mentors: people, written, rating, recommend, ...
    outcomes: pd.DataFrame  # what became of the goals, as the mentees say; or empty
    minimum: int

    @property
    def completion(self) -> float:
        """Of the pairs that ended, the share that ran their length."""
        ended = self.completed + self.closed_early
        return self.completed / ended if ended else math.nan

    @property
    def shown(self) -> pd.DataFrame:
        """The sides on which enough people wrote closing reflections to show (people,
        not reflections: a mentor of four writes four)."""
        return suppress_small(self.by_side, "people", self.minimum).table

    @property
    def hidden(self) -> list[str]:
        small = self.by_side[self.by_side["people"] < self.minimum]
        return [side for side, n in small["people"].items() if n]

    @property
    def rating(self) -> float:
        """The mean rating of the sides shown (NaN when none is)."""
        shown = self.shown
        if shown.empty:
            return math.nan
        weights = shown["closing reflections"]
        return float((shown["mean rating (1-5)"] * weights).sum() / weights.sum())


def endings(store: Store, cohort: str, minimum: int) -> Endings:
    matches = store.matches(cohort)
    status = matches["status"].astype(str)
    written = store.closing_figures(cohort)
    rows = {}
    for side, label in SIDES.items():
        mine = written[written["side"] == side]
        rows[label] = {
            "people": mine["author_id"].nunique(),
            "closing reflections": len(mine),
            "mean rating (1-5)": mine["rating"].mean() if len(mine) else math.nan,
            "would recommend": mine["recommend"].mean() if len(mine) else math.nan,
            "keep in touch": mine["continue_informally"].mean() if len(mine) else math.nan,
        }
    mentees = written[written["side"] == "mentee"]
    said = mentees[mentees["outcomes"].map(bool).astype(bool)]  # who named an outcome
    outcomes = pd.DataFrame()
    if said["author_id"].nunique() >= minimum:
        counted = Counter(Outcome(o) for given in said["outcomes"] for o in given.values())
        outcomes = pd.DataFrame(
            {"goals": [counted[o] for o in OUTCOME_LABELS]},
            index=list(OUTCOME_LABELS.values()),
        )
    return Endings(
        completed=int((status == MatchStatus.COMPLETED).sum()),
        closed_early=int((status == MatchStatus.CLOSED).sum()),
        running=int((status == MatchStatus.PUBLISHED).sum()),
        by_side=pd.DataFrame.from_dict(rows, orient="index"),
        outcomes=outcomes,
        minimum=minimum,
    )
