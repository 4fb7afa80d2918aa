"""Mentees' requests to mentors, and the pairs accepting one makes.

Every change is one transaction that first locks the rows it decides on (the mentor,
then the mentee: the same order in every writer), so two kernels accepting the last
seat at the same instant leave exactly one pair and the other request declined.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, func, insert, or_, select, update

from mentorkit.domain.choice import FULL, Request, RequestStatus
from mentorkit.domain.matches import Match, MatchStatus
from mentorkit.domain.participants import ParticipantStatus, Role
from mentorkit.errors import MentorkitError, NotFound
from mentorkit.store import schema as t
from mentorkit.store._base import StoreBase, _row

REQUEST_COLUMNS = [*Request.model_fields]
PAIRED = "Withdrawn: you were paired with another mentor."
CLOSED = "Withdrawn: the cohort closed; the program will tell you what comes next."
AWAY = "Withdrawn: the mentee is not taking part at the moment."
NOT_TAKING_PART = (ParticipantStatus.PAUSED, ParticipantStatus.WITHDRAWN,
                   ParticipantStatus.COMPLETED)  # fmt: skip


class RequestRecords(StoreBase):
    """Requests: asked, answered, withdrawn, expired."""

    def ask_mentor(
        self, mentee_id: str, mentor_id: str, *, limit: int, note: str = "",
        at: datetime | None = None,
    ) -> Request:  # fmt: skip
        """A mentee asks a mentor: refused, saying why, when the mentee is paired
        already, has ``limit`` requests open, asked this mentor already, or the
        mentor has no place left or is not a mentor of the mentee's cohort; or either
        is not taking part (paused, withdrawn, done), or the cohort is closed."""
        at = at or datetime.now(UTC)
        with self._write() as conn:
            mentor = self._locked(conn, mentor_id)
            mentee = self._locked(conn, mentee_id)
            if mentee is None or mentee.role not in Role.MENTEE.acting_as():
                raise NotFound("mentee", mentee_id)
            if mentee_id == mentor_id:  # one acting as both
                raise MentorkitError("You cannot ask yourself; choose another mentor.")
            if mentee.status in NOT_TAKING_PART:
                raise MentorkitError(
                    f"You are not taking part at the moment ({mentee.status}); "
                    "ask the program to take you back first."
                )
            if (
                mentor is None
                or mentor.role not in Role.MENTOR.acting_as()
                or (mentor.cohort_id != mentee.cohort_id)
                or mentor.status in NOT_TAKING_PART
            ):
                raise NotFound("mentor", mentor_id, "Choose one of the mentors listed.")
            self._refuse_closed(conn, mentee.cohort_id)
            if self._pairs_of(conn, mentee_id, "mentee_id"):
                raise MentorkitError("You have a mentor already.")
            open_ = self._open(conn, t.requests.c.mentee_id == mentee_id)
            if any(r.mentor_id == mentor_id for r in open_):
                raise MentorkitError("You asked this mentor already; wait for the answer.")
            if len(open_) >= limit:
                raise MentorkitError(
                    f"You have {len(open_)} requests open, the most this program allows; "
                    "wait for an answer, or withdraw one."
                )
            if self._pairs_of(conn, mentor_id, "mentor_id") >= mentor.capacity:
                raise MentorkitError("This mentor has no place left; please ask another.")
            request = Request(cohort="-", mentee_id=mentee_id, mentor_id=mentor_id,
                              note=" ".join(note.split())[:1000], asked_at=at)  # fmt: skip
            row = _row(request, t.requests, cohort_id=mentee.cohort_id)
            row.pop("cohort", None)
            new_id = conn.execute(insert(t.requests).values(row)).inserted_primary_key[0]
        return self.request(new_id)

    def answer_request(
        self, request_id: int, mentor_id: str, accept: bool, answer: str = "",
        at: datetime | None = None,
    ) -> tuple[Request, Match | None]:  # fmt: skip
        """The mentor accepts or declines. Accepting makes a published pair, withdraws
        the mentee's other open requests, and when the mentor's seats are all taken
        declines the others waiting on them; with no seat left it declines this one
        too (the mentee is told)."""
        at = at or datetime.now(UTC)
        answer = " ".join(answer.split())[:1000]
        r = t.requests.c
        pair = None
        with self._write() as conn:
            mentor = self._locked(conn, mentor_id)
            found = conn.execute(select(t.requests).where(r.id == request_id)).first()
            if mentor is None or found is None or found.mentor_id != mentor_id:
                raise NotFound("request", request_id)
            mentee = self._locked(conn, found.mentee_id)
            # Read again once both are locked: another mentor accepting this mentee
            # may have withdrawn it meanwhile (locking it before the mentee deadlocks).
            found = conn.execute(
                select(t.requests).where(r.id == request_id).with_for_update()
            ).one()
            if found.status != RequestStatus.OPEN:
                raise MentorkitError(f"This request was {found.status} already.")
            if accept and mentor.status in NOT_TAKING_PART:
                raise MentorkitError(
                    f"You are not taking part at the moment ({mentor.status}), so you "
                    "cannot take a mentee; ask the program to take you back first."
                )
            taken = self._pairs_of(conn, mentor_id, "mentor_id")
            if not accept:
                self._end(conn, r.id == request_id, RequestStatus.DECLINED, answer, at)
            elif mentee.status in NOT_TAKING_PART:
                self._end(conn, r.id == request_id, RequestStatus.WITHDRAWN, AWAY, at)
            elif taken >= mentor.capacity:
                self._end(conn, r.id == request_id, RequestStatus.DECLINED, FULL, at)
            elif self._pairs_of(conn, found.mentee_id, "mentee_id"):
                self._end(conn, r.id == request_id, RequestStatus.WITHDRAWN, PAIRED, at)
            else:
                cohort = self._refuse_closed(conn, found.cohort_id)
                pair = Match(cohort=cohort, mentor_id=mentor_id, mentee_id=found.mentee_id,
                             status=MatchStatus.PUBLISHED,
                             explanation={"why": "chosen by the mentee, accepted by the "
                                          "mentor", "chosen": True})  # fmt: skip
                pair = self._insert_matches(conn, [pair])[0]
                conn.execute(  # as publishing a run's drafts does
                    update(t.participants)
                    .where(t.participants.c.id.in_([mentor_id, found.mentee_id]))
                    .values(status=ParticipantStatus.MATCHED)
                )
                self._end(conn, r.id == request_id, RequestStatus.ACCEPTED, answer, at)
                self._end(conn, (r.mentee_id == found.mentee_id) & (r.id != request_id),
                          RequestStatus.WITHDRAWN, PAIRED, at)  # fmt: skip
                if taken + 1 >= mentor.capacity:
                    self._end(conn, r.mentor_id == mentor_id, RequestStatus.DECLINED,
                              FULL, at)  # fmt: skip
        return self.request(request_id), pair

    def expire_requests(self, asked_before: datetime, at: datetime | None = None) -> int:
        """Open requests asked before ``asked_before`` expire; how many did."""
        with self._write() as conn:
            late = t.requests.c.asked_at < asked_before
            return self._end(conn, late, RequestStatus.EXPIRED, "", at or datetime.now(UTC))

    def request(self, request_id: int) -> Request:
        found = self.requests(request_id=request_id)
        if found.empty:
            raise NotFound("request", request_id)
        return Request.from_dict(found.iloc[0].to_dict())

    def requests(
        self, participant_id: str | None = None, *, request_id: int | None = None
    ) -> pd.DataFrame:
        """Requests, newest first: all, one, or those a participant made or received."""
        r = t.requests.c
        stmt = select(t.requests, t.cohorts.c.name.label("cohort")).join(t.cohorts)
        if participant_id is not None:
            stmt = stmt.where(
                or_(r.mentee_id == participant_id, r.mentor_id == participant_id)
            )
        if request_id is not None:
            stmt = stmt.where(r.id == request_id)
        with self._read() as conn:
            rows = conn.execute(stmt.order_by(r.id.desc())).mappings().all()
        return pd.DataFrame([{c: row[c] for c in REQUEST_COLUMNS} for row in rows],
                            columns=REQUEST_COLUMNS)  # fmt: skip

    def seats_taken(self, cohort: str) -> dict[str, int]:
        """mentor id -> published pairs they are in."""
        m = t.matches.c
        with self._read() as conn:
            rows = conn.execute(
                select(m.mentor_id, func.count())
                .join(t.cohorts)
                .where(t.cohorts.c.name == cohort, m.status == MatchStatus.PUBLISHED)
                .group_by(m.mentor_id)
            ).all()
        return dict(rows)

    # -- inside a transaction ----------------------------------------------------------

    @staticmethod
    def _refuse_closed(conn: Connection, cohort_id: int) -> str:
        """The cohort's name; refused when it is closed (no new requests or pairs)."""
        c = t.cohorts.c
        name, closed_on = conn.execute(
            select(c.name, c.closed_on).where(c.id == cohort_id)
        ).one()
        if closed_on is not None:
            raise MentorkitError(f"Cohort {name!r} is closed: it makes no new pairs.")
        return name

    @staticmethod
    def _locked(conn: Connection, participant_id: str):
        p = t.participants.c
        return conn.execute(
            select(p.id, p.role, p.status, p.cohort_id, p.capacity)
            .where(p.id == participant_id)
            .with_for_update()
        ).first()

    @staticmethod
    def _pairs_of(conn: Connection, participant_id: str, side: str) -> int:
        m = t.matches.c
        return conn.scalar(
            select(func.count()).where(
                getattr(m, side) == participant_id, m.status == MatchStatus.PUBLISHED
            )
        )

    @staticmethod
    def _open(conn: Connection, where) -> list:
        r = t.requests.c
        return conn.execute(
            select(t.requests).where(where, r.status == RequestStatus.OPEN)
        ).all()

    @staticmethod
    def _end(conn: Connection, where, status: RequestStatus, answer: str, at) -> int:
        r = t.requests.c
        done = conn.execute(
            update(t.requests)
            .where(where, r.status == RequestStatus.OPEN)
            .values(status=status, answer=answer, answered_at=at)
        )
        return done.rowcount
