"""Meetings, and the reflections each side writes on them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, insert, select, update

from mentorkit.domain.meetings import Meeting, Reflection
from mentorkit.errors import NotFound
from mentorkit.store import schema as t
from mentorkit.store._base import (
    StoreBase,
    _fields,
    _refused,
    _row,
)


class MeetingRecords(StoreBase):
    """Meetings, and the reflections each side writes on them."""

    def add_meeting(self, record: Meeting | Mapping[str, Any]) -> Meeting:
        meeting = Meeting.from_dict(record)
        with self._write() as conn:
            self._require(conn, meeting, "match_id", t.matches, meeting.match_id)
            new_id = conn.execute(
                insert(t.meetings).values(_row(meeting, t.meetings))
            ).inserted_primary_key[0]
        return meeting.updated(id=new_id)

    def log_meeting(self, record: Meeting | Mapping[str, Any]) -> Meeting:
        """The pair's meeting on that day: logged now, or as the partner logged it.

        Both sides log the same meeting; the second one adds their topics to it.
        """
        meeting = Meeting.from_dict(record)
        with self._write() as conn:
            return self._log_meeting(conn, meeting)

    def _log_meeting(self, conn: Connection, meeting: Meeting) -> Meeting:
        self._require(conn, meeting, "match_id", t.matches, meeting.match_id)
        row = (
            conn.execute(
                select(t.meetings).where(
                    t.meetings.c.match_id == meeting.match_id,
                    t.meetings.c.held_on == meeting.held_on,
                )
            )
            .mappings()
            .first()
        )
        if row is None:
            new_id = conn.execute(
                insert(t.meetings).values(_row(meeting, t.meetings))
            ).inserted_primary_key[0]
            return meeting.updated(id=new_id)
        known = Meeting.from_dict(_fields(row, Meeting))
        merged = known.updated(topics=[*known.topics, *meeting.topics])
        if merged.topics != known.topics:
            conn.execute(
                update(t.meetings)
                .where(t.meetings.c.id == known.id)
                .values(topics=merged.topics)
            )
        return merged

    def log_reflection(
        self,
        meeting: Meeting | Mapping[str, Any],
        reflection: Reflection | Mapping[str, Any],
    ) -> tuple[Meeting, Reflection]:
        """Log a meeting and the author's reflection on it, in one transaction.

        ``reflection`` needs no meeting_id; the progress it reports on the author's
        own goals becomes those goals' progress.
        """
        meeting = Meeting.from_dict(meeting)
        reflection = Reflection.from_dict({**dict(reflection), "meeting_id": 0})
        with self._write() as conn:
            meeting = self._log_meeting(conn, meeting)
            reflection = self._save_reflection(
                conn, reflection.updated(meeting_id=meeting.id)
            )
            for goal_id, percent in reflection.goal_progress.items():
                conn.execute(
                    update(t.goals)
                    .where(
                        t.goals.c.id == goal_id,
                        t.goals.c.participant_id == reflection.author_id,
                    )
                    .values(progress=percent)
                )
        return meeting, reflection

    def meetings(self, match_id: int) -> list[Meeting]:
        with self._read() as conn:
            rows = conn.execute(
                select(t.meetings)
                .where(t.meetings.c.match_id == match_id)
                .order_by(t.meetings.c.held_on, t.meetings.c.id)
            ).mappings()
            return [Meeting.from_dict(_fields(r, Meeting)) for r in rows]

    def add_reflection(self, record: Reflection | Mapping[str, Any]) -> Reflection:
        """Add a reflection; its author must be one side of the meeting's match."""
        reflection = Reflection.from_dict(record)
        if reflection.id is not None:
            raise _refused(reflection, "id", "a new reflection has no id yet")
        return self.save_reflection(reflection)

    def save_reflection(self, record: Reflection | Mapping[str, Any]) -> Reflection:
        """Keep the author's reflection on a meeting, replacing their earlier one."""
        reflection = Reflection.from_dict(record)
        with self._write() as conn:
            return self._save_reflection(conn, reflection)

    def _save_reflection(self, conn: Connection, reflection: Reflection) -> Reflection:
        pair = conn.execute(
            select(t.matches.c.mentor_id, t.matches.c.mentee_id)
            .join(t.meetings, t.meetings.c.match_id == t.matches.c.id)
            .where(t.meetings.c.id == reflection.meeting_id)
        ).first()
        if pair is None:
            raise _refused(
                reflection, "meeting_id", f"no meeting {reflection.meeting_id!r}"
            )
        if reflection.author_id not in pair:
            raise _refused(
                reflection,
                "author_id",
                f"{reflection.author_id!r} is not part of this meeting's pair",
            )
        values = _row(reflection, t.reflections)
        values.pop("id", None)
        mine = (
            t.reflections.c.meeting_id == reflection.meeting_id,
            t.reflections.c.author_id == reflection.author_id,
        )
        known = conn.scalar(select(t.reflections.c.id).where(*mine))
        if known is None:
            new_id = conn.execute(
                insert(t.reflections).values(values)
            ).inserted_primary_key[0]
        else:
            new_id = known
            conn.execute(update(t.reflections).where(*mine).values(values))
        return reflection.updated(id=new_id)

    def reflection(self, reflection_id: int) -> Reflection:
        found = self._reflections(t.reflections.c.id == reflection_id)
        if not found:
            raise NotFound("reflection", reflection_id)
        return found[0]

    def reflections(self, author_id: str) -> list[Reflection]:
        """The reflections one participant wrote (private ones included)."""
        return self._reflections(t.reflections.c.author_id == author_id)

    def pair_reflections(self, match_id: int, reader_id: str) -> list[Reflection]:
        """A pair's reflections that ``reader_id`` may read: their own, and what their
        partner shared. A private reflection never leaves the database for anyone else.
        """
        pair = self.match(match_id)
        if reader_id not in (pair.mentor_id, pair.mentee_id):
            raise _refused(pair, "reader", f"{reader_id!r} is not part of this pair")
        return self._reflections(
            t.meetings.c.match_id == match_id,
            (t.reflections.c.author_id == reader_id) | t.reflections.c.shared.is_(True),
        )

    def _reflections(self, *where) -> list[Reflection]:
        stmt = (
            select(t.reflections)
            .join(t.meetings, t.meetings.c.id == t.reflections.c.meeting_id)
            .where(*where)
            .order_by(t.meetings.c.held_on, t.reflections.c.id)
        )
        with self._read() as conn:
            rows = conn.execute(stmt).mappings()
            return [Reflection.from_dict(_fields(r, Reflection)) for r in rows]
