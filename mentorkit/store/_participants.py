"""Participants: added, updated by e-mail within their cohort, read back."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
from sqlalchemy import Connection, func, insert, select, update

from mentorkit.domain.matches import Match
from mentorkit.domain.participants import Participant, Role
from mentorkit.errors import NotFound
from mentorkit.store import schema as t
from mentorkit.store._base import (
    PARTICIPANT_COLUMNS,
    SaveCounts,
    StoreBase,
    _by_cohort,
    _fields,
    _refused,
    _row,
)


class ParticipantRecords(StoreBase):
    """Participants: added, updated by e-mail within their cohort, read back."""

    def add_participants(
        self, records: Iterable[Participant | Mapping[str, Any]]
    ) -> list[Participant]:
        """Add participants in one transaction: all of them, or none."""
        people = [Participant.from_dict(r) for r in records]
        with self._write() as conn:
            for members in _by_cohort(people):
                cohort_id = self._known_cohort(conn, members[0])
                self._check_new_members(conn, cohort_id, members)
                conn.execute(
                    insert(t.participants),
                    [_row(p, t.participants, cohort_id=cohort_id) for p in members],
                )
        return people

    def save_participants(
        self, records: Iterable[Participant | Mapping[str, Any]]
    ) -> SaveCounts:
        """Add new participants and update known ones, all in one transaction.

        A participant is known when their e-mail is already in their cohort; they
        keep their id. Returns how many were added, updated and left unchanged.
        """
        people = [Participant.from_dict(r) for r in records]
        counts = SaveCounts()
        with self._write() as conn:
            for members in _by_cohort(people):
                cohort_id = self._known_cohort(conn, members[0])
                emails = [p.email for p in members]
                rows = conn.execute(
                    self._participant_select().where(
                        t.participants.c.cohort_id == cohort_id,
                        t.participants.c.email.in_(emails),
                    )
                ).mappings()
                known = {
                    r["email"]: Participant.from_dict(_fields(r, Participant)) for r in rows
                }
                new, changed = [], []
                for person in members:
                    old = known.get(person.email)
                    if old is None:
                        new.append(person)
                    elif (person := person.updated(id=old.id)) != old:
                        changed.append(person)
                    else:
                        counts.unchanged += 1
                self._check_new_members(conn, cohort_id, new)
                self._check_references(
                    conn, cohort_id, changed, also_new=[p.id for p in new]
                )
                if new:
                    conn.execute(
                        insert(t.participants),
                        [_row(p, t.participants, cohort_id=cohort_id) for p in new],
                    )
                for person in changed:
                    conn.execute(
                        update(t.participants)
                        .where(t.participants.c.id == person.id)
                        .values(
                            _row(
                                person,
                                t.participants,
                                cohort_id=cohort_id,
                                updated_at=func.now(),
                            )
                        )
                    )
                counts.added += len(new)
                counts.updated += len(changed)
        return counts

    def add_participant(self, record: Participant | Mapping[str, Any]) -> Participant:
        return self.add_participants([record])[0]

    def participant(self, participant_id: str) -> Participant:
        with self._read() as conn:
            row = (
                conn.execute(
                    self._participant_select().where(t.participants.c.id == participant_id)
                )
                .mappings()
                .first()
            )
        if row is None:
            raise NotFound("participant", participant_id)
        return Participant.from_dict(_fields(row, Participant))

    def update_participant(self, participant_id: str, **changes: Any) -> Participant:
        """Change some fields of a participant; the whole record is checked again."""
        current = self.participant(participant_id)
        if "id" in changes and changes["id"] != participant_id:
            raise _refused(current, "id", "a participant's id cannot change")
        person = current.updated(**changes)
        with self._write() as conn:
            cohort_id = self._known_cohort(conn, person)
            self._check_references(conn, cohort_id, [person], also_new=())
            self._check_email_free(conn, cohort_id, person)
            conn.execute(
                update(t.participants)
                .where(t.participants.c.id == participant_id)
                .values(
                    _row(person, t.participants, cohort_id=cohort_id, updated_at=func.now())
                )
            )
        return person

    def participants(
        self, cohort: str | None = None, role: Role | str | None = None
    ) -> pd.DataFrame:
        """Participants as a DataFrame, one row each, the model's fields as columns."""
        self._named_cohort(cohort)
        stmt = self._participant_select().order_by(t.participants.c.id)
        if cohort is not None:
            stmt = stmt.where(t.cohorts.c.name == cohort)
        if role is not None:
            stmt = stmt.where(t.participants.c.role.in_(Role(role).acting_as()))
        with self._read() as conn:
            rows = conn.execute(stmt).mappings().all()
        return pd.DataFrame(
            [_fields(r, Participant) for r in rows], columns=PARTICIPANT_COLUMNS
        )

    def count(self, table: str) -> int:
        """How many rows a table holds (``"participants"``, ``"matches"``, ...)."""
        with self._read() as conn:
            return conn.scalar(select(func.count()).select_from(t.metadata.tables[table]))

    @staticmethod
    def _participant_select():
        return select(t.participants, t.cohorts.c.name.label("cohort")).join(t.cohorts)

    def _known_cohort(self, conn: Connection, record: Participant | Match) -> int:
        cohort_id = self._cohort_id(conn, record.cohort, missing_ok=True)
        if cohort_id is None:
            raise _refused(record, "cohort", f"there is no cohort named {record.cohort!r}")
        return cohort_id

    def _check_new_members(
        self, conn: Connection, cohort_id: int, members: list[Participant]
    ) -> None:
        ids = [p.id for p in members]
        taken = set(
            conn.scalars(select(t.participants.c.id).where(t.participants.c.id.in_(ids)))
        )
        emails = [p.email for p in members]
        email_owner = dict(
            conn.execute(
                select(t.participants.c.email, t.participants.c.id).where(
                    t.participants.c.cohort_id == cohort_id,
                    t.participants.c.email.in_(emails),
                )
            ).all()
        )
        seen_ids: set[str] = set()
        seen_emails: set[str] = set()
        for person in members:
            if person.id in taken or person.id in seen_ids:
                raise _refused(person, "id", f"{person.id!r} is already used")
            if person.email in email_owner or person.email in seen_emails:
                raise _refused(person, "email", f"{person.email} is already in this cohort")
            seen_ids.add(person.id)
            seen_emails.add(person.email)
        self._check_references(conn, cohort_id, members, also_new=seen_ids)

    def _check_email_free(self, conn: Connection, cohort_id: int, person: Participant):
        owner = conn.scalar(
            select(t.participants.c.id).where(
                t.participants.c.cohort_id == cohort_id,
                t.participants.c.email == person.email,
            )
        )
        if owner is not None and owner != person.id:
            raise _refused(person, "email", f"{person.email} is already in this cohort")

    def _check_references(
        self,
        conn: Connection,
        cohort_id: int,
        people: list[Participant],
        also_new: Iterable[str],
    ) -> None:
        """avoid and preferred must name participants of the same cohort."""
        named = {i for p in people for i in (*p.avoid, *p.preferred)}
        if not named:
            return
        known = set(
            conn.scalars(
                select(t.participants.c.id).where(
                    t.participants.c.cohort_id == cohort_id, t.participants.c.id.in_(named)
                )
            )
        )
        known |= set(also_new)
        for person in people:
            for field in ("avoid", "preferred"):
                unknown = [i for i in getattr(person, field) if i not in known]
                if unknown:
                    raise _refused(
                        person,
                        field,
                        f"no participant {unknown[0]!r} in cohort {person.cohort!r}",
                    )
