"""The intake a participant fills in through their personal link.

The form is the participant's own record: these functions say which fields each role
answers, check answers as they are typed (through the Participant model, the one
place the rules live) and save them in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from importlib.resources import files
from typing import Any

from mentorkit.domain.participants import INTAKE_CONSENTS, Consent, Participant, Role
from mentorkit.domain.records import split_list
from mentorkit.errors import InvalidRecord, Problem
from mentorkit.services._unit import with_store
from mentorkit.store import Store

COMMON_FIELDS = (
    "name",
    "email",
    "department",
    "seniority",
    "years_experience",
    "location",
    "timezone",
    "languages",
    "goals",
    "availability",
    "channels",
    "formats",
    "avoid",
)
MENTOR_FIELDS = ("skills_offered", "capacity")
MENTEE_FIELDS = ("skills_sought",)
CONSENTS = INTAKE_CONSENTS  # in the order the form asks them
# Fields with no usable default: the form marks them required (and so do the
# rules: an empty one is refused).
REQUIRED_FIELDS = ("name", "email", "timezone", "capacity")


def intake_fields(role: Role | str) -> tuple[str, ...]:
    """The fields a participant of ``role`` answers, in the form's order."""
    role = Role(role)
    own = {
        Role.MENTOR: MENTOR_FIELDS,
        Role.MENTEE: MENTEE_FIELDS,
        Role.BOTH: MENTOR_FIELDS + MENTEE_FIELDS,
    }[role]
    return COMMON_FIELDS[:8] + own + COMMON_FIELDS[8:]


def consent_text(kind: Consent | str) -> str:
    """The program's wording of a consent, from ``templates/text``."""
    name = f"consent_{Consent(kind).value}.md"
    return (files("mentorkit.templates") / "text" / name).read_text().strip()


def _candidate(
    person: Participant, answers: Mapping[str, Any], when: datetime
) -> dict[str, Any]:
    record = person.model_dump() | {k: v for k, v in answers.items() if k != "consents"}
    record.pop("avoid", None)  # e-mails in the form; ids in the record (see save_intake)
    given = answers.get("consents", {})
    kept = {k: v for k, v in person.consents.items() if k not in CONSENTS}  # listed
    record["consents"] = kept | {
        kind: person.consents.get(kind, when) for kind in CONSENTS if given.get(kind)
    }
    return record


def check_answers(person: Participant, answers: Mapping[str, Any]) -> list[Problem]:
    """Every problem with the answers so far: field rules, then missing consents."""
    problems = []
    try:
        Participant.from_dict(_candidate(person, answers, datetime.now(UTC)))
    except InvalidRecord as refused:
        problems = refused.problems
    given = answers.get("consents", {})
    problems += [
        Problem(f"consents.{kind.value}", "agree to this to take part")
        for kind in CONSENTS
        if not given.get(kind)
    ]
    problems += [
        Problem("avoid", f"{entry!r} is not an e-mail address")
        for entry in _emails(answers.get("avoid", ""))
        if "@" not in entry
    ]
    return problems


@with_store
def save_intake(
    store: Store,
    person: Participant,
    answers: Mapping[str, Any],
    now: datetime | None = None,
) -> Participant:
    """Save a participant's answers in one transaction; refused whole if anything is off.

    People to avoid are given by e-mail: those in the cohort are kept as ids, other
    addresses as given (matching applies them if such a person joins). The form never
    says which addresses belong to someone in the cohort.
    """
    problems = check_answers(person, answers)
    if problems:
        raise InvalidRecord(Participant.record_name(person.__dict__), problems)
    # What the form does not ask (status, consents given elsewhere) as it stands now,
    # not as it stood when the page opened: a pair may have ended since.
    person = store.participant(person.id)
    record = _candidate(person, answers, now or datetime.now(UTC))
    emails = [e for e in _emails(answers.get("avoid", "")) if e != person.email]
    members = store.participants(cohort=person.cohort) if emails else None
    ids = dict(zip(members["email"], members["id"], strict=True)) if emails else {}
    record["avoid"] = [ids[e] for e in emails if e in ids]
    record["avoid_emails"] = [e for e in emails if e not in ids]
    changes = {k: v for k, v in record.items() if k != "id"}
    return store.update_participant(person.id, **changes)


def _emails(text: str | list[str]) -> list[str]:
    parts = text if isinstance(text, list) else split_list(text)
    return list(dict.fromkeys(p.strip().lower() for p in parts if p.strip()))


@with_store
def avoid_emails(store: Store, person: Participant) -> str:
    """The people a participant avoids, as the form shows them: the addresses they
    gave, those of people in the cohort and those of no one (yet) alike."""
    if not person.avoid:
        return ", ".join(person.avoid_emails)
    members = store.participants(cohort=person.cohort)
    emails = dict(zip(members["id"], members["email"], strict=True))
    known = [emails[i] for i in person.avoid if i in emails]
    return ", ".join([*known, *person.avoid_emails])


@with_store
def save_answers(
    store: Store, participant_id: str, answers: Mapping[str, Any]
) -> Participant:
    """Save the intake answers of a participant, read fresh (not as a page last saw
    them)."""
    return save_intake(store, store.participant(participant_id), answers)
