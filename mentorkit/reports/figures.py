"""The numbers of a cohort report and of a pair's progress sheet, as DataFrames.

Privacy by construction: these functions read counts, dates, statuses and pulse
ratings, never reflection text, e-mail addresses or avoid lists, and every
breakdown by a group of people goes through :func:`suppress_small`, which hides
groups smaller than the program's minimum and says so.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from mentorkit.domain.participants import ParticipantStatus, Role
from mentorkit.errors import MentorkitError
from mentorkit.matching import MatchStatus, propose_matches
from mentorkit.services.health import pair_health
from mentorkit.services.matching_runs import cohort_sides, kept_pairs
from mentorkit.store import Store

# The only participant columns a report reads.
PEOPLE_COLUMNS = ["id", "role", "status", "department", "seniority"]
PAIRED = (ParticipantStatus.MATCHED, ParticipantStatus.COMPLETED)  # ever in a pair
MET = (MatchStatus.PUBLISHED, MatchStatus.COMPLETED)  # pairs that are or were meeting


@dataclass(frozen=True)
class Period:
    """The window a report covers; figures are as of its last day."""

    start: date | None = None
    end: date | None = None

    @classmethod
    def parse(cls, text: str | None, today: date | None = None) -> Period:
        """``None`` (everything up to today) or ``"2026-06-01..2026-11-30"``; either
        side may be left open (``"2026-06-01.."``)."""
        today = today or date.today()
        if not text:
            return cls(None, today)
        start, sep, end = str(text).partition("..")
        try:
            first = date.fromisoformat(start) if start else None
            last = date.fromisoformat(end) if end else today
        except ValueError:
            raise MentorkitError(
                f"period {text!r} is not START..END with ISO dates, e.g. "
                "2026-06-01..2026-11-30"
            ) from None
        if not sep:
            raise MentorkitError(f"period {text!r} needs '..' between its two dates")
        if first and last < first:
            raise MentorkitError(f"period {text!r} ends before it starts")
        return cls(first, last)

    def __str__(self) -> str:
        start = f"{self.start:%d %B %Y}" if self.start else "the start"
        return f"{start} to {self.end:%d %B %Y}"

    def holds(self, days: pd.Series) -> pd.Series:
        """Which of ``days`` fall in the period."""
        days = pd.to_datetime(days)
        inside = days <= pd.Timestamp(self.end)
        if self.start:
            inside &= days >= pd.Timestamp(self.start)
        return inside


@dataclass(frozen=True)
class Suppressed:
    """A breakdown with its small groups removed, and the note that says so."""

    table: pd.DataFrame
    hidden: int
    minimum: int

    @property
    def note(self) -> str:
        if not self.hidden:
            return ""
        groups = "group" if self.hidden == 1 else "groups"
        return (
            f"{self.hidden} {groups} with fewer than {self.minimum} people not shown, "
            "so that no one can be recognised."
        )


def suppress_small(table: pd.DataFrame, count: str, minimum: int) -> Suppressed:
    """``table`` without the rows whose ``count`` is below ``minimum``."""
    small = table[count] < minimum
    return Suppressed(table[~small], int(small.sum()), minimum)


def people(store: Store, cohort: str) -> pd.DataFrame:
    """The cohort's people, each with ``paired``: in a pair that is or was meeting."""
    matches = store.matches(cohort)
    met = matches[matches["status"].astype(str).isin(MET)]
    paired = set(met["mentor_id"]) | set(met["mentee_id"])
    frame = store.participants(cohort=cohort)[PEOPLE_COLUMNS]
    return frame.assign(paired=frame["id"].isin(paired))


def _sides(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return {
        "Mentors": frame[frame["role"].isin(Role.MENTOR.acting_as())],
        "Mentees": frame[frame["role"].isin(Role.MENTEE.acting_as())],
    }


def participation(frame: pd.DataFrame) -> pd.DataFrame:
    """Per side: on the roster, joined (answered the intake), matched, withdrawn."""
    rows = {}
    for side, rows_of in _sides(frame).items():
        status = rows_of["status"].astype(str)
        rows[side] = {
            "invited": len(rows_of),
            "joined": int((~status.isin([ParticipantStatus.INVITED])).sum()),
            "matched": int(
                rows_of["paired"].sum()
                if "paired" in rows_of
                else status.isin(PAIRED).sum()
            ),
            "withdrawn": int((status == ParticipantStatus.WITHDRAWN).sum()),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def mentees_per_mentor(table: pd.DataFrame) -> float:
    mentors = table.loc["Mentors", "joined"]
    return table.loc["Mentees", "joined"] / mentors if mentors else math.nan


@dataclass(frozen=True)
class Matching:
    pairs: int  # published
    closed: int
    match_rate: float  # mentees with a published pair / mentees who joined
    unmatched: pd.DataFrame  # reason, mentees


def matching(store: Store, cohort: str, frame: pd.DataFrame, on: date) -> Matching:
    """Pairs, the match rate, and why unmatched mentees are unmatched."""
    matches = store.matches(cohort)
    status = matches["status"].astype(str)
    published = matches[status == MatchStatus.PUBLISHED]
    met = matches[status.isin(MET)]  # a completed pair's mentee was matched all the same
    mentees = _sides(frame)["Mentees"]
    joined = mentees[mentees["status"].astype(str) != ParticipantStatus.INVITED]
    waiting = set(joined["id"]) - set(met["mentee_id"])
    reasons: dict[str, int] = {}
    if waiting:
        reasons = _why_unmatched(store, cohort, matches, waiting, on)
    paired = len(set(met["mentee_id"]) & set(joined["id"]))
    return Matching(
        pairs=len(published),
        closed=int((status == MatchStatus.CLOSED).sum()),
        match_rate=paired / len(joined) if len(joined) else math.nan,
        unmatched=pd.DataFrame(
            sorted(reasons.items(), key=lambda kv: -kv[1]), columns=["reason", "mentees"]
        ),
    )


def _why_unmatched(
    store: Store, cohort: str, matches: pd.DataFrame, waiting: set[str], on: date
) -> dict[str, int]:
    try:
        mentors, mentees = cohort_sides(store, cohort)
    except MentorkitError:  # no one on one side can be matched
        return {"no mentor or mentee who can be matched": len(waiting)}
    reasons: dict[str, int] = {}
    keep, previous = kept_pairs(matches)
    proposal = propose_matches(mentors, mentees, locked=keep, previous=previous, on=on)
    possible = set(proposal.pairs["mentee_id"])
    told = proposal.unmatched.set_index("participant_id")["reason"].to_dict()
    for mentee in waiting:
        if mentee in possible:
            reason = "a match is possible: run matching"
        else:
            reason = told.get(mentee, "paused or withdrawn")
        reasons[reason] = reasons.get(reason, 0) + 1
    return reasons


def pair_table(store: Store, cohort: str, period: Period) -> pd.DataFrame:
    """The health table of the cohort's pairs, as of the period's end."""
    return pair_health(store, cohort, today=period.end, completed=True)


def cadence_summary(pairs: pd.DataFrame) -> pd.DataFrame:
    """How many pairs kept the cadence: every period, most (75%+), fewer, not judged."""
    cadence = pairs["cadence"]
    return pd.DataFrame(
        {
            "pairs": [
                int((cadence >= 1).sum()),
                int(((cadence >= 0.75) & (cadence < 1)).sum()),
                int((cadence < 0.75).sum()),
                int(cadence.isna().sum()),
            ]
        },
        index=[
            "met in every period",
            "met in most periods (75% or more)",
            "met in fewer periods",
            "too new to judge",
        ],
    )


def meetings_by_month(store: Store, cohort: str, period: Period) -> pd.DataFrame:
    """Per month: meetings, hours, and the mean pulse of the reflections written."""
    log = store.pulse_log(cohort)
    log = log[period.holds(log["held_on"])] if len(log) else log
    if log.empty:
        return pd.DataFrame(columns=["meetings", "hours", "pulse", "reflections"])
    log = log.assign(month=pd.to_datetime(log["held_on"]).dt.to_period("M"))
    meetings = log.drop_duplicates("meeting_id")
    by_month = pd.DataFrame(
        {
            "meetings": meetings.groupby("month").size(),
            "hours": meetings.groupby("month")["minutes"].sum() / 60,
            "pulse": log.groupby("month")["pulse"].mean(),
            "reflections": log.groupby("month")["pulse"].count(),
        }
    )
    return by_month.fillna({"meetings": 0, "hours": 0, "reflections": 0})


def goals_summary(store: Store, cohort: str, on: date) -> dict[str, float]:
    goals = store.goal_progress(cohort)
    if goals.empty:
        return {"goals": 0, "achieved": 0, "mean_progress": math.nan, "milestones": 0,
                "milestones_met": 0, "overdue": 0}  # fmt: skip
    status = goals["status"].astype(str)
    achieved = (status == "achieved") | (goals["progress"] >= 100)
    due = pd.to_datetime(goals["due_date"])
    overdue = (~achieved) & (due < pd.Timestamp(on)) & (status != "dropped")
    return {
        "goals": len(goals),
        "achieved": int(achieved.sum()),
        "mean_progress": float(goals["progress"].mean()),
        "milestones": int(goals["milestones"].sum()),
        "milestones_met": int(goals["milestones_met"].sum()),
        "overdue": int(overdue.sum()),
    }


def risk_summary(pairs: pd.DataFrame) -> pd.DataFrame:
    """At-risk pairs by kind of reason (a pair may have several)."""
    kinds = {"lapsed": 0, "action items past due": 0, "pulse": 0, "agreement not signed": 0}
    for reasons in pairs.loc[pairs["at_risk"], "reasons"]:
        for kind in kinds:
            if kind.split()[0] in reasons:
                kinds[kind] += 1
    return pd.DataFrame({"pairs": kinds})


def by_department(frame: pd.DataFrame, pairs: pd.DataFrame, minimum: int) -> Suppressed:
    """Mentees per department: how many, matched, mean goal progress of their pairs."""
    mentees = _sides(frame)["Mentees"]
    progress = pairs.set_index("mentee_id")["goal_progress"]
    table = (
        mentees.assign(
            matched=mentees["id"].isin(pairs["mentee_id"]),
            progress=mentees["id"].map(progress),
        )
        .groupby("department")
        .agg(
            mentees=("id", "size"),
            matched=("matched", "sum"),
            progress=("progress", "mean"),
        )
        .sort_values("mentees", ascending=False)
    )
    table["matched"] = table["matched"].astype(int)
    return suppress_small(table, "mentees", minimum)


# Which measure answers an objective: the first keyword found in its wording.
OBJECTIVE_MEASURES = [
    (r"\bmeet|cadence|monthly|regular", "cadence"),
    (r"\bconnect|across|network|silo", "cross_department"),
    (r"\bskill|goal|develop|grow|learn", "goals"),
    (r"\bsatisf|pulse|relationship|retain|retention", "pulse"),
    (r"\bmatch|pair|participat|join", "match_rate"),
]


def objective_measures(
    objectives: list[str], measures: dict[str, tuple[str, str]]
) -> pd.DataFrame:
    """Each objective with the measure that answers it (``measures``: key -> (what,
    value)), or a note that it has none yet."""
    rows = []
    for objective in objectives:
        key = next(
            (k for pattern, k in OBJECTIVE_MEASURES if re.search(pattern, objective, re.I)),
            None,
        )
        what, value = measures.get(key, ("no measure yet", "—"))
        rows.append({"objective": objective, "measure": what, "value": value})
    return pd.DataFrame(rows, columns=["objective", "measure", "value"])


def cross_department_share(store: Store, cohort: str, pairs: pd.DataFrame) -> float:
    if pairs.empty:
        return math.nan
    frame = people(store, cohort).set_index("id")["department"]
    crossing = (
        frame.reindex(pairs["mentor_id"]).to_numpy()
        != frame.reindex(pairs["mentee_id"]).to_numpy()
    )
    return float(crossing.mean())
