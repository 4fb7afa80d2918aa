"""Matches: drafts a facilitator reviews, published pairs, and closing a pair."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, delete, func, insert, select, update

from mentorkit.domain.choice import RequestStatus
from mentorkit.domain.matches import Match, MatchStatus, closing_reason
from mentorkit.domain.participants import ParticipantStatus, Role
from mentorkit.errors import MentorkitError, NotFound
from mentorkit.store import schema as t
from mentorkit.store._base import (
    StoreBase,
    _fields,
    _refused,
    _row,
)


class PairRecords(StoreBase):
    """Matches: drafts a facilitator reviews, published pairs, and closing a pair."""

    def add_matches(self, records: Iterable[Match | Mapping[str, Any]]) -> list[Match]:
        """Add matches in one transaction; each side must exist in the cohort."""
        pairs = [Match.from_dict(r) for r in records]
        with self._write() as conn:
            return self._insert_matches(conn, pairs)

    def _insert_matches(self, conn: Connection, pairs: list[Match]) -> list[Match]:
        saved = []
        for pair in pairs:
            cohort_id = self._known_cohort(conn, pair)
            self._check_side(conn, cohort_id, pair, "mentor_id", Role.MENTOR)
            self._check_side(conn, cohort_id, pair, "mentee_id", Role.MENTEE)
            row = _row(pair, t.matches, cohort_id=cohort_id)
            new_id = conn.execute(insert(t.matches).values(row)).inserted_primary_key[0]
            saved.append(pair.updated(id=new_id))
        return saved

    def add_match(self, record: Match | Mapping[str, Any]) -> Match:
        return self.add_matches([record])[0]

    def replace_drafts(
        self, cohort: str, records: Iterable[Match | Mapping[str, Any]]
    ) -> list[Match]:
        """Put ``records`` in place of the cohort's draft matches, in one transaction.

        Published and closed matches stay as they are; a draft is only ever
        replaced whole, so a failed run leaves the previous drafts.
        """
        pairs = [Match.from_dict(r) for r in records]
        for pair in pairs:
            if pair.cohort != cohort or pair.status != MatchStatus.DRAFT:
                raise _refused(pair, "status", f"only drafts of {cohort!r} go here")
        with self._write() as conn:
            cohort_id = self._cohort_id(conn, cohort)
            conn.execute(
                delete(t.matches).where(
                    t.matches.c.cohort_id == cohort_id,
                    t.matches.c.status == MatchStatus.DRAFT,
                )
            )
            return self._insert_matches(conn, pairs)

    def publish_drafts(self, cohort: str) -> int:
        """Publish the cohort's draft matches; their participants become matched.

        Refused, publishing none, when pairs made since the drafts were proposed (a
        mentee's request accepted) leave a draft's mentor or mentee without room.
        """
        with self._write() as conn:
            cohort_id = self._cohort_id(conn, cohort)
            drafts = t.matches.c.cohort_id == cohort_id, t.matches.c.status == "draft"
            people = select(t.matches.c.mentor_id, t.matches.c.mentee_id).where(*drafts)
            pairs = conn.execute(people).all()
            ids = {i for row in pairs for i in row}
            full = self._without_room(conn, pairs)
            if full:
                raise MentorkitError(
                    f"{len(full)} of the people in these drafts were paired since they "
                    "were proposed (a mentee's request accepted), and have no room "
                    "left; nothing was published: run the matching again and publish "
                    "its proposal."
                )
            published = conn.execute(
                update(t.matches).where(*drafts).values(status=MatchStatus.PUBLISHED)
            ).rowcount
            if ids:
                conn.execute(
                    update(t.participants)
                    .where(t.participants.c.id.in_(ids))
                    .values(status=ParticipantStatus.MATCHED)
                )
        return published

    @staticmethod
    def _without_room(conn: Connection, drafts: list) -> list[str]:
        """Those whose published pairs and ``drafts`` go past their capacity: mentees,
        and mentors who accepted a request (a group's mentor has no other limit than
        its size); each is locked first (mentors, then mentees, as an answer does)."""
        m, p, r = t.matches.c, t.participants.c, t.requests.c
        chose = select(r.mentor_id).where(r.status == RequestStatus.ACCEPTED)
        full = []
        for side in ("mentor_id", "mentee_id"):
            wanted = Counter(getattr(row, side) for row in drafts)
            room = dict(conn.execute(
                select(p.id, p.capacity).where(p.id.in_(wanted))
                .order_by(p.id).with_for_update()).all())  # fmt: skip
            if side == "mentor_id":
                chosen = set(conn.scalars(chose.where(r.mentor_id.in_(wanted))))
                wanted = Counter({i: n for i, n in wanted.items() if i in chosen})
            taken = dict(conn.execute(
                select(getattr(m, side), func.count())
                .where(getattr(m, side).in_(wanted), m.status == MatchStatus.PUBLISHED)
                .group_by(getattr(m, side))).all())  # fmt: skip
            full += [i for i, n in wanted.items() if taken.get(i, 0) + n > room[i]]
        return full

    def _check_side(
        self, conn: Connection, cohort_id: int, pair: Match, field: str, role: Role
    ) -> None:
        person_id = getattr(pair, field)
        found = conn.execute(
            select(t.participants.c.role, t.participants.c.cohort_id).where(
                t.participants.c.id == person_id
            )
        ).first()
        if found is None or found.cohort_id != cohort_id:
            raise _refused(
                pair, field, f"no participant {person_id!r} in cohort {pair.cohort!r}"
            )
        if found.role not in role.acting_as():
            raise _refused(pair, field, f"{person_id!r} is a {found.role}, not a {role}")

    def matches(self, cohort: str | None = None) -> pd.DataFrame:
        self._named_cohort(cohort)
        stmt = select(t.matches, t.cohorts.c.name.label("cohort")).join(t.cohorts)
        if cohort is not None:
            stmt = stmt.where(t.cohorts.c.name == cohort)
        with self._read() as conn:
            rows = conn.execute(stmt.order_by(t.matches.c.id)).mappings().all()
        return pd.DataFrame(
            [_fields(r, Match) for r in rows], columns=list(Match.model_fields)
        )

    def match(self, match_id: int) -> Match:
        return self._one(
            Match,
            t.matches,
            match_id,
            select(t.matches, t.cohorts.c.name.label("cohort")).join(t.cohorts),
        )

    def status_from_pairs(self, participant_id: str) -> ParticipantStatus:
        """The status a participant's pairs give them (:func:`status_from_pairs`)."""
        person = self.participant(participant_id)
        with self._read() as conn:
            return status_from_pairs(conn, participant_id, person.role)

    def close_match(self, match_id: int, reason: str, at: datetime | None = None) -> Match:
        """End a published pair without blame; its history stays.

        The agreement, goals, meetings and reflections are kept. Each side with no
        other published pair becomes free to be matched anew (or stays completed, when
        another of their pairs ran its length); the closed pair itself is never
        proposed again. The pair is locked and read again inside the transaction, so
        a pair completed meanwhile is refused rather than closed.
        """
        when = at or datetime.now(UTC)
        with self._write() as conn:
            row = conn.execute(
                select(t.matches, t.cohorts.c.name.label("cohort"))
                .join(t.cohorts)
                .where(t.matches.c.id == match_id)
                .with_for_update(of=t.matches)
            ).mappings().first()  # fmt: skip
            if row is None:
                raise NotFound("match", match_id)
            current = Match.from_dict(_fields(row, Match))
            reason = closing_reason(current, reason)
            conn.execute(
                update(t.matches)
                .where(t.matches.c.id == match_id)
                .values(status=MatchStatus.CLOSED, closed_at=when, close_reason=reason)
            )
            for person_id in sorted((current.mentor_id, current.mentee_id)):  # lock order
                settle(conn, person_id)
        return self.match(match_id)


def settle(conn: Connection, person_id: str) -> None:
    """A participant whose pair just ended takes the status their pairs give them
    (:func:`status_from_pairs`); only a matched participant changes."""
    p = t.participants.c
    # Locked before counting: a request accepted at this instant (which holds this
    # row while it makes a pair) is then seen, not overwritten.
    role = conn.scalar(select(p.role).where(p.id == person_id).with_for_update())
    status = status_from_pairs(conn, person_id, role)
    if status == ParticipantStatus.MATCHED:
        return
    conn.execute(
        update(t.participants)
        .where(p.id == person_id, p.status == ParticipantStatus.MATCHED)
        .values(status=status, updated_at=func.now())
    )


def status_from_pairs(conn: Connection, person_id: str, role: str) -> ParticipantStatus:
    """Matched while a pair of theirs is meeting. Otherwise a mentee whose pair ran
    its length has completed the program; anyone else is free to be matched again (a
    mentor, or a peer who is both, may take another mentee)."""
    m = t.matches.c
    theirs = (m.mentor_id == person_id) | (m.mentee_id == person_id)
    if conn.scalar(select(func.count()).where(theirs, m.status == MatchStatus.PUBLISHED)):
        return ParticipantStatus.MATCHED
    completed = role == Role.MENTEE and conn.scalar(select(func.count()).where(
        m.mentee_id == person_id, m.status == MatchStatus.COMPLETED))  # fmt: skip
    return ParticipantStatus.COMPLETED if completed else ParticipantStatus.ACTIVE
