"""Program health: which pairs meet on cadence, which are stuck, whose goals move.

``pair_health`` reads a cohort's pairs from the store and says, for every published
pair, how it is doing against the program's cadence rule and why it is at risk, if
it is. It reads meetings, pulse ratings and the due dates of open action items —
never what anybody wrote in a reflection.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from mentorkit.domain.matches import ENDED, Match, MatchStatus, closing_reason
from mentorkit.domain.participants import Participant
from mentorkit.domain.programs import CadenceRule, Program
from mentorkit.services._unit import with_store
from mentorkit.services.closing import pair_end
from mentorkit.store import Store


@dataclass(frozen=True)
class HealthRules:
    """When a pair counts as at risk. The cadence itself is the program's."""

    grace_days: int = 7  # a meeting may come this late before the pair is lapsed
    after_intensive: int = 3  # after the first months: lapsed after 3 x the cadence
    pulse_drop: float = 1.0  # the last two meetings' pulse this far below the earlier
    low_pulse: float = 2.0  # or the last meeting's pulse at or below this
    sign_within_days: int = 30  # the agreement should be signed by then


COLUMNS = [
    "match_id", "mentor_id", "mentee_id", "mentor", "mentee", "started_on", "meetings",
    "hours", "last_met", "days_since", "cadence", "overdue_actions",
    "reflections", "pulse", "pulses", "pulse_trend", "goals", "goal_progress",
    "milestones", "milestones_met",
    "agreement_signed", "at_risk", "reasons",
]  # fmt: skip


@with_store
def pair_health(
    store: Store,
    cohort: str | None = None,
    today: date | None = None,
    rules: HealthRules | None = None,
    match_id: int | None = None,
    completed: bool = False,
) -> pd.DataFrame:
    """One row per published pair (or only pair ``match_id``), at-risk pairs first,
    each with its reasons; with ``completed`` the pairs that ran their length too (as
    they stood on their last day, never at risk), as reports count them."""
    today = today or date.today()
    rules = rules or HealthRules()
    program = store.program()
    matches = store.matches(cohort)
    kept = [MatchStatus.PUBLISHED, *([MatchStatus.COMPLETED] if completed else [])]
    matches = matches[matches["status"].astype(str).isin(kept)]
    if match_id is not None:
        matches = matches[matches["id"] == match_id]
    people = store.participants(cohort=cohort)
    names = dict(zip(people["id"], people["name"], strict=True))
    pulses = store.pulse_log(cohort)
    goals = store.goal_progress(cohort)
    signed = store.signed_agreements(cohort)
    months = store.agreed_months(cohort)
    pulses_of = dict(tuple(pulses.groupby("match_id")))
    goals_of = dict(tuple(goals.groupby("match_id")))
    rows = [
        _pair_row(
            match,
            names,
            pulses_of.get(match["id"], pulses.iloc[:0]),
            goals_of.get(match["id"], goals.iloc[:0]),
            signed.get(match["id"]),
            months.get(match["id"]),
            program,
            rules,
            today,
        )
        for match in matches.to_dict("records")
    ]
    table = pd.DataFrame(rows, columns=COLUMNS)
    return table.sort_values(
        ["at_risk", "days_since", "match_id"], ascending=[False, False, True]
    ).reset_index(drop=True)


def _pair_row(
    match: dict,
    names: dict[str, str],
    pulses: pd.DataFrame,
    goals: pd.DataFrame,
    signed_on: date | None,
    months: int | None,
    program: Program,
    rules: HealthRules,
    today: date,
) -> dict:
    cadence = program.cadence
    started = _day(match["created_at"]) or today
    end = pair_end(started, months, program)
    ended = today > end  # it ran its agreed length: nothing to chase
    done = str(match["status"]) == MatchStatus.COMPLETED
    if done and _day(match["closed_at"]) is not None:
        today = min(today, _day(match["closed_at"]))
    meetings = pulses.drop_duplicates("meeting_id")
    held = sorted(_day(d) for d in meetings["held_on"] if _day(d) <= today)
    last = held[-1] if held else None
    days_since = (today - (last or started)).days
    rated = pulses.dropna(subset=["pulse"]).groupby("meeting_id", sort=False)
    by_meeting = [float(r["pulse"].mean()) for _, r in rated]
    trend = _trend(by_meeting)
    overdue = sum(
        1
        for dues in pulses["open_actions"]
        for due in dues
        if due is not None and due < today
    )
    row = {
        "match_id": match["id"],
        "mentor_id": match["mentor_id"],
        "mentee_id": match["mentee_id"],
        "mentor": names.get(match["mentor_id"], match["mentor_id"]),
        "mentee": names.get(match["mentee_id"], match["mentee_id"]),
        "started_on": started,
        "meetings": len(held),
        "hours": round(float(meetings["minutes"].sum()) / 60, 1),
        "last_met": last,
        "days_since": days_since,
        "cadence": cadence_kept(held, started, min(today, end), cadence),
        "overdue_actions": overdue,
        "pulse": by_meeting[-1] if by_meeting else math.nan,
        "reflections": int(pulses["author_id"].notna().sum()),
        "pulses": by_meeting,
        "pulse_trend": trend,
        "goals": len(goals),
        "goal_progress": float(goals["progress"].mean()) if len(goals) else math.nan,
        "milestones": int(goals["milestones"].sum()),
        "milestones_met": int(goals["milestones_met"].sum()),
        "agreement_signed": signed_on is not None,
    }
    reasons = (
        [] if done or ended else _reasons(row, by_meeting, started, cadence, rules, today)
    )
    return row | {"at_risk": bool(reasons), "reasons": "; ".join(reasons)}


def _reasons(
    row: dict,
    pulses: list[float],
    started: date,
    cadence: CadenceRule,
    rules: HealthRules,
    today: date,
) -> list[str]:
    reasons = []
    intensive = today < _months_after(started, cadence.intensive_months)
    allowed = (
        cadence.every_days + rules.grace_days
        if intensive
        else cadence.every_days * rules.after_intensive
    )
    if row["days_since"] > allowed:
        since = "since they were matched" if row["last_met"] is None else "since they met"
        reasons.append(
            f"lapsed: {row['days_since']} days {since} "
            f"(the program asks for a meeting every {cadence.every_days} days)"
        )
    if row["overdue_actions"]:
        n = row["overdue_actions"]
        reasons.append(f"{n} action item{'s' if n > 1 else ''} past due")
    if pulses and pulses[-1] <= rules.low_pulse:
        reasons.append(f"low pulse: {pulses[-1]:g} of 5 at the last meeting")
    elif row["pulse_trend"] <= -rules.pulse_drop:
        earlier = sum(pulses[:-2]) / len(pulses[:-2])
        recent = sum(pulses[-2:]) / 2
        reasons.append(f"pulse falling: {earlier:.1f} -> {recent:.1f} of 5")
    if not row["agreement_signed"] and (today - started).days > rules.sign_within_days:
        reasons.append(f"agreement not signed after {(today - started).days} days")
    return reasons


def _trend(pulses: list[float]) -> float:
    """The last two meetings' pulse minus the earlier meetings', or 0 with too few."""
    if len(pulses) < 3:
        return 0.0
    return sum(pulses[-2:]) / 2 - sum(pulses[:-2]) / len(pulses[:-2])


def cadence_kept(
    held: list[date], started: date, today: date, cadence: CadenceRule
) -> float:
    """The share of the cadence periods so far (in the first months) with a meeting.

    Periods are ``every_days`` long from the day the pair started; only periods that
    have ended count, so a new pair is not judged early (NaN until one has ended).
    """
    end = min(today, _months_after(started, cadence.intensive_months))
    step = timedelta(days=cadence.every_days)
    periods, kept = 0, 0
    start = started
    while start + step <= end:
        periods += 1
        kept += any(start <= day < start + step for day in held)
        start += step
    return kept / periods if periods else math.nan


def _months_after(day: date, months: int) -> date:
    return day + timedelta(days=round(months * 30.44))


def _day(value) -> date | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def at_risk(table: pd.DataFrame) -> pd.DataFrame:
    """The pairs to talk to, with why."""
    return table.loc[table["at_risk"], ["match_id", "mentor", "mentee", "reasons"]]


@with_store
def ended_pairs(store: Store, cohort: str | None = None) -> pd.DataFrame:
    """Pairs that ended, closed early without blame or completed: who, how, when, the
    reason given for a close, and for a completed pair how many of its two sides
    wrote a closing reflection (a count: never what they wrote)."""
    matches = store.matches(cohort)
    ended = matches[matches["status"].astype(str).isin(ENDED)]
    people = store.participants(cohort=cohort)
    names = dict(zip(people["id"], people["name"], strict=True))
    written = store.closing_figures(cohort)["match_id"].value_counts()
    completed = ended["status"].astype(str) == MatchStatus.COMPLETED
    return pd.DataFrame(
        {
            "Mentor": ended["mentor_id"].map(names),
            "Mentee": ended["mentee_id"].map(names),
            "Ended": completed.map({True: "completed", False: "closed early"}),
            "On": [_day(d) for d in ended["closed_at"]],
            "Reason": ended["close_reason"],
            "Closing reflections": [
                f"{written.get(i, 0)} of 2" if done else ""
                for i, done in zip(ended["id"], completed, strict=True)
            ],
        }
    )


@dataclass(frozen=True)
class Closing:
    """A close a facilitator is asked to confirm: the pair, its two people, the reason
    it will be kept with, and how many other published pairs each side keeps."""

    match: Match
    mentor: Participant
    mentee: Participant
    reason: str
    mentor_keeps: int
    mentee_keeps: int


@with_store
def ask_to_close(store: Store, match_id: int, reason: str) -> Closing:
    """What closing pair ``match_id`` would end, checked as the close itself checks it
    (a reason, a published pair); nothing is written."""
    match = store.match(match_id)
    reason = closing_reason(match, reason)
    published = store.matches(match.cohort)
    published = published[
        (published["status"].astype(str) == MatchStatus.PUBLISHED)
        & (published["id"] != match_id)
    ]

    def keeps(person_id: str) -> int:
        sides = (published["mentor_id"] == person_id) | (
            published["mentee_id"] == person_id
        )
        return int(sides.sum())

    return Closing(
        match=match,
        mentor=store.participant(match.mentor_id),
        mentee=store.participant(match.mentee_id),
        reason=reason,
        mentor_keeps=keeps(match.mentor_id),
        mentee_keeps=keeps(match.mentee_id),
    )


@with_store
def close_pair(store: Store, match_id: int, reason: str) -> tuple[Match, Participant]:
    """Close a pair without blame, keeping its history; returns the pair and its
    mentee, who can be matched again."""
    match = store.close_match(match_id, reason)
    return match, store.participant(match.mentee_id)
