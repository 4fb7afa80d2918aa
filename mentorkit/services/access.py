"""Personal links: a signed token naming one participant, their cohort and an expiry.

The token is signed with the program's secret (itsdangerous, HMAC-SHA1 by default
with a key derived for this purpose), so it cannot be forged or altered without the
secret; it is not encrypted, and holds nothing but ids and a date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qs, urlencode

from itsdangerous import BadSignature, URLSafeSerializer

from mentorkit.domain.participants import Participant, ParticipantStatus
from mentorkit.errors import LinkRefused, MentorkitError, NotFound
from mentorkit.services._unit import with_store
from mentorkit.store import Store

SALT = "mentorkit.personal-link.v1"


@dataclass(frozen=True)
class LinkClaims:
    """Who a personal link is for, and until when."""

    participant_id: str
    cohort: str
    expires: date


def _serializer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=SALT)


def sign_link(secret: str, claims: LinkClaims) -> str:
    """The token for ``claims``: URL-safe text for a ``?token=`` query."""
    payload = {
        "p": claims.participant_id,
        "c": claims.cohort,
        "x": claims.expires.isoformat(),
    }
    return _serializer(secret).dumps(payload)


def read_link(secret: str, token: str | None, today: date | None = None) -> LinkClaims:
    """The claims of a genuine, unexpired token, or LinkRefused saying why not."""
    if not token:
        raise LinkRefused("missing")
    try:
        payload = _serializer(secret).loads(token)
        claims = LinkClaims(
            str(payload["p"]), str(payload["c"]), date.fromisoformat(payload["x"])
        )
    except (BadSignature, KeyError, TypeError, ValueError):
        raise LinkRefused("tampered") from None
    if claims.expires < (today or date.today()):
        raise LinkRefused("expired")
    return claims


def token_from_query(query_string: str | None) -> str | None:
    """The ``token`` parameter of a query string such as Voila hands the kernel."""
    values = parse_qs(query_string or "").get("token")
    return values[0] if values else None


def personal_link(base_url: str, token: str) -> str:
    """A participant's link to the apps' home page; each app link there keeps the token."""
    return f"{base_url.rstrip('/')}/?{urlencode({'token': token})}"


def app_link(base_url: str, token: str, app: str) -> str:
    """A participant's link straight to one app."""
    return f"{base_url.rstrip('/')}/voila/render/{app}.ipynb?{urlencode({'token': token})}"


def reminders_link(base_url: str, token: str) -> str:
    """The page where a participant stops (or restarts) reminders."""
    return f"{base_url.rstrip('/')}/mentorkit/reminders?{urlencode({'token': token})}"


@with_store
def identify(
    store: Store, secret: str, query_string: str | None, today: date | None = None
) -> Participant:
    """The participant a visitor's link names, or LinkRefused saying why not."""
    claims = read_link(secret, token_from_query(query_string), today)
    try:
        person = store.participant(claims.participant_id)
    except NotFound:
        raise LinkRefused("unknown") from None
    if person.cohort != claims.cohort:
        raise LinkRefused("unknown")
    if person.status == ParticipantStatus.WITHDRAWN:
        raise LinkRefused("withdrawn")
    return person


def find_participant(store: Store, who: str, cohort: str | None = None) -> Participant:
    """A participant named by id or e-mail (within ``cohort`` when given); a clear
    error when no one or more than one person answers to it."""
    try:
        person = store.participant(who)
    except NotFound:
        person = None
    if person is not None and (cohort is None or person.cohort == cohort):
        return person
    people = store.participants(cohort=cohort)
    found = people[people["email"] == who.strip().lower()]
    if found.empty:
        where = f" in cohort {cohort!r}" if cohort else ""
        raise NotFound("participant", who, f"No one has this id or e-mail{where}.")
    if len(found) > 1:
        cohorts = ", ".join(sorted(found["cohort"]))
        raise MentorkitError(
            f"{who} is in several cohorts ({cohorts}); say which with --cohort"
        )
    return store.participant(found["id"].iloc[0])


def withdraw(store: Store, who: str, cohort: str | None = None) -> Participant:
    """The participant leaves the program: from now on their links open nothing."""
    person = find_participant(store, who, cohort)
    if person.status == ParticipantStatus.WITHDRAWN:
        return person
    return store.update_participant(person.id, status=ParticipantStatus.WITHDRAWN)


def reinstate(store: Store, who: str, cohort: str | None = None) -> Participant:
    """A withdrawn participant comes back: their links work again."""
    person = find_participant(store, who, cohort)
    if person.status != ParticipantStatus.WITHDRAWN:
        return person
    status = store.status_from_pairs(person.id)  # matched, completed or free again
    return store.update_participant(person.id, status=status)
