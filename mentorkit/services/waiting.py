"""What the program waits for from one participant: the home page lists it, and
``mentorkit remind`` turns it into reminders.

Each item names its condition, the app where it is done, and a ``key`` that changes
once per period, so a daily reminder run says each thing at most once a period. Only
the participant's own records and their pairs' are read; never a partner's
reflection text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from mentorkit.domain.choice import RequestStatus
from mentorkit.domain.goals import GoalStatus
from mentorkit.domain.participants import ParticipantStatus, joined
from mentorkit.domain.records import long_date
from mentorkit.errors import NotFound
from mentorkit.services._unit import with_store
from mentorkit.services.closing import Ending, ending, started_on
from mentorkit.services.pairs import Pair, local_today, pairs_of
from mentorkit.store import Store

RECENT_DAYS = 30  # a meeting older than this no longer asks for a reflection
CONDITIONS = ("intake", "requests", "ask_again", "closing", "agreement", "cadence",
              "reflection", "actions", "first_goal", "milestones")  # fmt: skip


@dataclass(frozen=True)
class Waiting:
    """One thing to do, the app where it is done, and what makes it new again."""

    app: str
    text: str
    condition: str = ""
    key: str = ""


def week_of(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@with_store
def waiting_for(
    store: Store, participant_id: str, today: date | None = None
) -> list[Waiting]:
    """What waits for the participant, the most pressing first: their intake, an
    agreement to sign, a meeting overdue or without their reflection, actions past
    due, a first goal, a goal without milestones."""
    person = store.participant(participant_id)
    today = today or local_today(person)
    waiting = []
    if not joined(person.consents):
        said = ("Your intake is not complete yet: tell the program about yourself so it "
                "can match you.")  # fmt: skip
        waiting.append(Waiting("intake", said, "intake", f"intake:{week_of(today)}"))
    pairs = [
        p
        for p in pairs_of(store, person)
        if p.partner.status != ParticipantStatus.WITHDRAWN
    ]  # they left: nothing waits
    waiting += _requests(store, person, bool(pairs))
    cadence = store.program().cadence
    for pair in pairs:
        waiting += _for_pair(store, pair, today, len(pairs) > 1, cadence.every_days)
    return waiting


def _requests(store: Store, person, paired: bool) -> list[Waiting]:
    """Mentees' requests waiting on a mentor; a mentee whose last request ended with
    no pair, to ask another mentor (programs where mentees choose)."""
    requests = store.requests(person.id)
    if requests.empty:
        return []
    if person.is_mentor:
        waiting = requests[(requests["mentor_id"] == person.id)
                           & (requests["status"] == RequestStatus.OPEN)]  # fmt: skip
        if waiting.empty:
            return []
        said = (f"{len(waiting)} mentee{'s' if len(waiting) > 1 else ''} asked you to be "
                "their mentor: accept or decline in the choose app.")  # fmt: skip
        key = "requests:" + ",".join(map(str, sorted(waiting["id"])))
        return [Waiting("choose", said, "requests", key)]
    if paired or (requests["status"] == RequestStatus.OPEN).any():
        return []
    last = requests.iloc[0]  # newest first
    if last.status not in (RequestStatus.DECLINED, RequestStatus.EXPIRED):
        return []
    ended = "expired without an answer" if last.status == RequestStatus.EXPIRED else (
        "was declined")  # fmt: skip
    said = f"Your request to a mentor {ended}: choose another in the choose app."
    return [Waiting("choose", said, "ask_again", f"request:{last.id}")]


def _for_pair(
    store: Store, pair: Pair, today: date, several: bool, every_days: int
) -> list[Waiting]:
    meetings = [m for m in store.meetings(pair.id) if m.held_on <= today]
    held = {m.id for m in meetings}
    mine = [r for r in store.reflections(pair.me.id) if r.meeting_id in held]
    about = f" (your pair with {pair.partner.name})" if several else ""
    end = ending(store, pair, with_goals=False)  # the goals are the form's to read
    if today > end.ends_on:  # the relationship ran its length: only looking back waits
        return [
            *_closing(pair, end, today),
            *_reflection(pair, meetings, mine, today, about),
        ]
    return [
        *_closing(pair, end, today),
        *_agreement(store, pair, today),
        *_cadence(pair, meetings, today, every_days),
        *_reflection(pair, meetings, mine, today, about),
        *_actions(pair, mine, today, about),
        *_goals(store, pair, today),
    ]


def _closing(pair: Pair, end: Ending, today: date) -> list[Waiting]:
    if not end.is_open(today) or end.mine is not None:
        return []
    partner, day = pair.partner.name, long_date(end.ends_on)
    if today > end.ends_on:
        said = (f"Your mentoring with {partner} reached its agreed end on {day}: look "
                "back on it in your closing reflection.")  # fmt: skip
    else:
        said = (f"Your mentoring with {partner} reaches its agreed end on {day}: look "
                "back on it in your closing reflection.")  # fmt: skip
    if end.partner_wrote:
        said += f" {partner} has written theirs."
    return [Waiting("reflection", said, "closing", f"closing:{pair.id}:{week_of(today)}")]


def _agreement(store: Store, pair: Pair, today: date) -> list[Waiting]:
    try:
        agreement = store.agreement(pair.id)
    except NotFound:
        agreement = None
    if agreement is not None and agreement.signed_by(pair.my_side):
        return []
    partner = pair.partner.name
    other = "mentee" if pair.my_side == "mentor" else "mentor"
    if agreement is not None and agreement.signed_by(other):
        said = f"Your agreement with {partner} awaits your signature: {partner} signed it."
    else:
        said = f"Agree the terms of your mentoring with {partner}, and sign."
    return [
        Waiting("agreement", said, "agreement", f"agreement:{pair.id}:{week_of(today)}")
    ]


def _cadence(pair: Pair, meetings: list, today: date, every_days: int) -> list[Waiting]:
    started = min(started_on(pair.match) or today, today)
    quiet = (today - max((m.held_on for m in meetings), default=started)).days
    if quiet <= every_days:
        return []
    partner = pair.partner.name
    if meetings:
        said = (f"Your last meeting with {partner} was {quiet} days ago; the program "
                f"asks for one about every {every_days} days. Log it here when you "
                "meet.")  # fmt: skip
    else:
        said = (f"You and {partner} have not logged a meeting in the {quiet} days since "
                f"you were matched; the program asks for one about every {every_days} "
                "days.")  # fmt: skip
    period = (today - started).days // every_days
    key = f"cadence:{pair.id}:{every_days}:{period}"  # a new rhythm starts afresh
    return [Waiting("reflection", said, "cadence", key)]


def _reflection(pair, meetings, mine, today: date, about: str) -> list[Waiting]:
    reflected = {r.meeting_id for r in mine}
    recent = [
        m for m in meetings
        if m.id not in reflected and (today - m.held_on).days <= RECENT_DAYS
    ]  # fmt: skip
    if not recent:
        return []
    newest = max(recent, key=lambda m: m.held_on)
    said = (f"Your meeting of {newest.held_on.day} {newest.held_on:%B} has no reflection "
            f"of yours yet{about}.")  # fmt: skip
    return [Waiting("reflection", said, "reflection", f"reflection:{newest.id}")]


def _actions(pair: Pair, mine: list, today: date, about: str) -> list[Waiting]:
    late = sum(
        1
        for reflection in mine
        for item in reflection.action_items
        if not item.done
        and item.due_date
        and item.due_date < today
        and item.owner_id in (None, pair.me.id)
    )
    if not late:
        return []
    said = f"{late} of your action items {'is' if late == 1 else 'are'} past due{about}."
    return [Waiting("reflection", said, "actions", f"actions:{pair.id}:{week_of(today)}")]


def _goals(store: Store, pair: Pair, today: date) -> list[Waiting]:
    if pair.my_side != "mentee":
        return []
    goals = [g for g in store.goals(pair.me.id) if g.status != GoalStatus.DROPPED]
    if not goals:
        said = f"Set your first goal, and work it through with {pair.partner.name}."
        return [Waiting("goals", said, "first_goal",
                        f"first_goal:{pair.id}:{week_of(today)}")]  # fmt: skip
    return [
        Waiting("goals", f"Your goal “{_short(g.text)}” has no milestones yet: add the "
                         "steps on the way.", "milestones", f"milestones:{g.id}")
        for g in goals
        if g.status == GoalStatus.ACTIVE and not g.milestones
    ]  # fmt: skip


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."
