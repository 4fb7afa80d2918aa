"""What the program waits for from one participant, as their home page lists it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from mentorkit.errors import NotFound
from mentorkit.services._unit import with_store
from mentorkit.services.pairs import Pair, local_today, pairs_of
from mentorkit.store import Store


@dataclass(frozen=True)
class Waiting:
    """One thing to do, and the app where it is done."""

    app: str
    text: str


@with_store
def waiting_for(
    store: Store, participant_id: str, today: date | None = None
) -> list[Waiting]:
    """What waits for the participant, the most pressing first: their intake, an
    agreement to sign, a meeting without their reflection, actions past due, a first
    goal. Nothing private of the partner's is read, only the pair's own records."""
    person = store.participant(participant_id)
    today = today or local_today(person)
    waiting = []
    if not person.consents:  # an intake is saved only with both consents
        said = ("Your intake is not complete yet: tell the program about yourself so it "
                "can match you.")  # fmt: skip
        waiting.append(Waiting("intake", said))
    pairs = pairs_of(store, person)
    for pair in pairs:
        waiting += _for_pair(store, pair, today, several=len(pairs) > 1)
    return waiting


def _for_pair(store: Store, pair: Pair, today: date, several: bool) -> list[Waiting]:
    partner = pair.partner.name
    about = f" (your pair with {partner})" if several else ""
    found = []
    try:
        agreement = store.agreement(pair.id)
    except NotFound:
        agreement = None
    if agreement is None or not agreement.signed_by(pair.my_side):
        theirs = agreement is not None and agreement.signed_by(
            "mentee" if pair.my_side == "mentor" else "mentor"
        )
        found.append(Waiting("agreement", (
            f"Your agreement with {partner} awaits your signature: {partner} signed it."
            if theirs else f"Agree the terms of your mentoring with {partner}, and sign."
        )))  # fmt: skip
    meetings = store.meetings(pair.id)
    held = {m.id for m in meetings}
    mine = {r.meeting_id: r for r in store.reflections(pair.me.id) if r.meeting_id in held}
    missing = [m for m in meetings if m.id not in mine]
    if missing:
        last = missing[-1]
        day = f"{last.held_on.day} {last.held_on:%B}"
        found.append(Waiting("reflection", f"Your meeting of {day} has no reflection of "
                                           f"yours yet{about}."))  # fmt: skip
    late = sum(
        1
        for reflection in mine.values()
        for item in reflection.action_items
        if not item.done
        and item.due_date
        and item.due_date < today
        and item.owner_id in (None, pair.me.id)
    )
    if late:
        verb = "is" if late == 1 else "are"
        found.append(Waiting("reflection", f"{late} of your action items {verb} past due"
                                           f"{about}."))  # fmt: skip
    if pair.my_side == "mentee" and not store.goals(pair.me.id):
        found.append(Waiting("goals", f"Set your first goal, and work it through with "
                                      f"{partner}."))  # fmt: skip
    return found
