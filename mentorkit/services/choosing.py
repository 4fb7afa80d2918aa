"""Mentees who choose their mentor: whom a mentee may ask, ranked for them with the
reasons; asking; the mentor's answer; requests that expire.

A mentor is listed only once they agreed to it (the ``listed`` consent, given in the
choose app) and while they have a seat left; a mentee sees only the mentors no hard
rule keeps from them (avoid lists, managers, languages, time zones), and of each only
what the mentor agreed to show: name, skills offered, languages, time zone, formats
and channels. Never an e-mail address.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pandas as pd

from mentorkit.domain.choice import FULL, ChoiceSettings, Request, RequestStatus
from mentorkit.domain.participants import Consent, Participant, Role
from mentorkit.errors import MentorkitError
from mentorkit.matching.criteria import CRITERIA, Criterion, PairView
from mentorkit.matching.policy import MatchPolicy
from mentorkit.matching.scoring import score_matrix
from mentorkit.services._unit import with_store
from mentorkit.services.matching_runs import MATCHABLE
from mentorkit.store import Store

SHOWN = ("name", "skills_offered", "languages", "timezone", "formats", "channels")
SHOWN_CRITERIA = (Criterion.DEVELOPMENT_FIT, Criterion.TIMEZONE, Criterion.CHANNEL_LANGUAGE)


@dataclass(frozen=True)
class MentorCard:
    """What a mentee sees of a mentor they may ask."""

    id: str
    name: str
    skills_offered: tuple[str, ...]
    languages: tuple[str, ...]
    timezone: str
    formats: tuple[str, ...]
    channels: tuple[str, ...]
    seats_left: int
    reasons: tuple[str, ...]
    asked: str = ""  # the status of this mentee's latest request to them, if any


def expire_late(store: Store, settings: ChoiceSettings, now: datetime | None = None) -> int:
    """Expire the requests older than the program's window; how many did."""
    now = now or datetime.now(UTC)
    return store.expire_requests(now - timedelta(days=settings.answer_days), at=now)


@with_store
def mentors_for(
    store: Store,
    mentee: Participant,
    settings: ChoiceSettings,
    policy: MatchPolicy | None = None,
    now: datetime | None = None,
    expire: bool = True,
) -> list[MentorCard]:
    """The mentors ``mentee`` may ask, best for them first, with the reasons (late
    requests expired first, unless the caller has just done it: ``expire``)."""
    if expire:
        expire_late(store, settings, now)
    people = store.participants(cohort=mentee.cohort)
    people = people[people["status"].isin([str(s) for s in MATCHABLE])]
    # Scored with the whole cohort, as matching scores it: a reporting line through
    # someone who is neither this mentee nor a listed mentor still keeps them apart.
    mentors = people[people["role"].isin(Role.MENTOR.acting_as())].reset_index(drop=True)
    mentees = people[people["role"].isin(Role.MENTEE.acting_as())].reset_index(drop=True)
    taken = store.seats_taken(mentee.cohort)
    left = {pid: cap - taken.get(pid, 0) for pid, cap in zip(mentors["id"],
                                                             mentors["capacity"],
                                                             strict=True)}  # fmt: skip
    agreed = [Consent.LISTED in (c or {}) for c in mentors["consents"]]
    listed = [yes and left[pid] > 0 for yes, pid in zip(agreed, mentors["id"], strict=True)]
    if not any(listed) or mentee.id not in set(mentees["id"]):
        return []
    me = int(mentees.index[mentees["id"] == mentee.id][0])
    matrix = score_matrix(mentors, mentees, policy, on=(now or datetime.now(UTC)).date())
    mine = store.requests(mentee.id)
    asked = _latest_asks(mine)
    said_no = set(mine.loc[(mine["status"] == RequestStatus.DECLINED)
                           & (mine["answer"] != FULL), "mentor_id"])  # fmt: skip
    cards = []
    for j, row in enumerate(mentors.to_dict("records")):
        if not (listed[j] and matrix.proposable[me, j]) or row["id"] in said_no:
            continue
        reasons = _reasons(matrix, me, j)
        cards.append((int(matrix.total[me, j]), MentorCard(
            id=row["id"], name=row["name"], skills_offered=tuple(row["skills_offered"]),
            languages=tuple(row["languages"]), timezone=row["timezone"],
            formats=tuple(map(str, row["formats"])),
            channels=tuple(map(str, row["channels"])), seats_left=left[row["id"]],
            reasons=tuple(r for r in reasons if r), asked=asked.get(row["id"], ""),
        )))  # fmt: skip
    return [card for _, card in sorted(cards, key=lambda c: (-c[0], c[1].name))]


@with_store
def ask(
    store: Store,
    mentee: Participant,
    mentor_id: str,
    settings: ChoiceSettings,
    note: str = "",
    now: datetime | None = None,
    policy: MatchPolicy | None = None,
) -> Request:
    """``mentee`` asks a mentor of their list (under the program's ``policy``, as the
    list was made); refused, saying why, otherwise."""
    if not settings.mentees_choose:
        raise MentorkitError("In this program, the pairs are made by the program.")
    listed = mentors_for(store, mentee, settings, policy, now=now)
    if mentor_id not in {c.id for c in listed}:
        raise MentorkitError("That mentor is not in your list (any more); choose another.")
    return store.ask_mentor(mentee.id, mentor_id, limit=settings.requests, note=note,
                            at=now)  # fmt: skip


@with_store
def answer(
    store: Store,
    mentor: Participant,
    request_id: int,
    accept: bool,
    message: str,
    settings: ChoiceSettings,
    now: datetime | None = None,
) -> Request:
    """``mentor`` answers one of their requests (late ones have expired first)."""
    expire_late(store, settings, now)
    return store.answer_request(request_id, mentor.id, accept, message, at=now)[0]


@with_store
def mentors_of(store: Store, mentee: Participant) -> list[str]:
    """The names of the mentors ``mentee`` is in a published pair with."""
    pairs = store.matches(mentee.cohort)
    mine = pairs[(pairs["mentee_id"] == mentee.id) & (pairs["status"] == "published")]
    return [store.participant(pid).name for pid in mine["mentor_id"]]


@with_store
def set_listed(store: Store, mentor: Participant, listed: bool) -> Participant:
    """A mentor agrees to be listed for mentees to choose, or stops."""
    current = store.participant(mentor.id)
    consents = {k: v for k, v in current.consents.items() if k != Consent.LISTED}
    if listed:
        consents[Consent.LISTED] = datetime.now(UTC)
    return store.update_participant(mentor.id, consents=consents)


@with_store
def requests_of(
    store: Store, person: Participant, settings: ChoiceSettings
) -> pd.DataFrame:
    """A participant's requests, made or received, newest first, with the other
    side's name (and never their address)."""
    expire_late(store, settings)
    found = store.requests(person.id)
    people = store.participants(cohort=person.cohort)
    names = dict(zip(people["id"], people["name"], strict=True))
    found["mentor"] = found["mentor_id"].map(names)
    found["mentee"] = found["mentee_id"].map(names)
    return found


def _reasons(matrix, mentee: int, mentor: int) -> list[str]:
    """Why this mentor suits the mentee, strongest first, from the criteria that read
    only what the mentor shows (skills offered, time zone, channels and languages):
    never their department, seniority, schedule or goals."""
    pair = PairView(matrix, mentee, mentor)
    said = [(int(matrix.points[c.key][mentee, mentor]), c.explain(pair)) for c in CRITERIA
            if c.key in SHOWN_CRITERIA]  # fmt: skip
    return [words for points, words in sorted(said, reverse=True) if points > 0 and words]


def _latest_asks(requests: pd.DataFrame) -> dict[str, str]:
    latest: dict[str, str] = {}
    for row in requests.itertuples():  # newest first
        latest.setdefault(row.mentor_id, str(RequestStatus(row.status)))
    return latest
