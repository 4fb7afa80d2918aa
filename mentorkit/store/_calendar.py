"""Planned meetings: a pair's next meeting, kept as the calendars hold it."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from mentorkit.domain.matches import MatchStatus
from mentorkit.domain.meetings import PlannedMeeting
from mentorkit.domain.participants import ParticipantStatus
from mentorkit.store import schema as t
from mentorkit.store._base import StoreBase, _fields, _refused, _row


def _same(old: PlannedMeeting, new: PlannedMeeting) -> bool:
    keys = ("starts_at", "minutes", "channel", "place")
    return all(getattr(old, k) == getattr(new, k) for k in keys)


def new_uid() -> str:
    return f"{secrets.token_hex(12)}@mentorkit"


class CalendarRecords(StoreBase):
    """A pair has at most one planned meeting at a time; changing it keeps its UID and
    raises its sequence, so calendars update the event rather than add another."""

    def plan_meeting(self, record: PlannedMeeting | Mapping[str, Any]) -> PlannedMeeting:
        """Plan the pair's next meeting, or change the one planned (same UID)."""
        fields = dict(record) if isinstance(record, Mapping) else record.model_dump()
        fields |= {"uid": new_uid(), "sequence": 0, "status": "planned"}
        planned = PlannedMeeting.from_dict(fields)
        table = t.planned_meetings
        with self._write() as conn:
            self._check_pair(conn, planned)
            old = self._planned(conn, planned.match_id)
            if old is None:
                added = conn.execute(insert(table).values(_row(planned, table)))
                return planned.updated(id=added.inserted_primary_key[0])
            if _same(old, planned):  # a second click, or saved unchanged: nothing moved
                return old
            changed = planned.updated(id=old.id, uid=old.uid, sequence=old.sequence + 1)
            conn.execute(update(table).where(table.c.id == old.id)
                         .values(_row(changed, table)))  # fmt: skip
            return changed

    def cancel_planned(self, match_id: int) -> PlannedMeeting | None:
        """Call off the pair's planned meeting (same UID, next sequence); None if none."""
        table = t.planned_meetings
        with self._write() as conn:
            old = self._planned(conn, match_id)
            if old is None:
                return None
            cancelled = old.updated(status="cancelled", sequence=old.sequence + 1)
            conn.execute(update(table).where(table.c.id == old.id)
                         .values(_row(cancelled, table)))  # fmt: skip
            return cancelled

    def planned_meeting(self, match_id: int) -> PlannedMeeting | None:
        with self._read() as conn:
            return self._planned(conn, match_id)

    def _planned(self, conn: Connection, match_id: int) -> PlannedMeeting | None:
        """The pair's meeting still ahead (or under way); one that has ended is past,
        and the next is a new event, not a move of the one that was held."""
        row = (
            conn.execute(
                select(t.planned_meetings)
                .where(t.planned_meetings.c.match_id == match_id,
                       t.planned_meetings.c.status == "planned")
                .order_by(t.planned_meetings.c.id.desc())
            )
            .mappings()
            .first()
        )  # fmt: skip
        planned = PlannedMeeting.from_dict(_fields(row, PlannedMeeting)) if row else None
        if planned is None or planned.ends_at() < datetime.now(UTC):
            return None
        return planned

    def _check_pair(self, conn: Connection, planned: PlannedMeeting) -> None:
        pair = conn.execute(
            select(t.matches.c.mentor_id, t.matches.c.mentee_id, t.matches.c.status)
            .where(t.matches.c.id == planned.match_id)
        ).first()  # fmt: skip
        if pair is None:
            raise _refused(planned, "match_id", f"no match {planned.match_id!r}")
        if pair.status != MatchStatus.PUBLISHED:
            raise _refused(planned, "match_id", f"this pair is {pair.status}")
        if planned.planned_by not in (pair.mentor_id, pair.mentee_id):
            raise _refused(planned, "planned_by",
                           f"{planned.planned_by!r} is not part of this pair")  # fmt: skip
        statuses = conn.execute(
            select(t.participants.c.status)
            .where(t.participants.c.id.in_((pair.mentor_id, pair.mentee_id)))
        ).scalars()  # fmt: skip
        if ParticipantStatus.WITHDRAWN in set(statuses):
            raise _refused(planned, "match_id", "one of this pair has left the program")
