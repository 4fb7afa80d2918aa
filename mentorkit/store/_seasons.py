"""Cohorts season after season: closing one, counting each, and carrying the people
one could not match over to the next, with the priority matching gives them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import Connection, func, insert, select, update

from mentorkit.domain.choice import RequestStatus
from mentorkit.domain.matches import ENDED, MatchStatus
from mentorkit.domain.participants import (
    Consent,
    Participant,
    ParticipantStatus,
    Role,
    joined,
    new_participant_id,
)
from mentorkit.errors import MentorkitError
from mentorkit.store import schema as t
from mentorkit.store._base import StoreBase, _row
from mentorkit.store._requests import CLOSED, RequestRecords

COUNTS = ["cohort", "starts_on", "ends_on", "closed_on", "on_roster", "invited",
          "joined", "matched", "active_pairs", "ended_pairs", "completed_pairs",
          "carried_over"]  # fmt: skip
LEFT_OUT = (ParticipantStatus.WITHDRAWN, ParticipantStatus.COMPLETED)
GONE = (ParticipantStatus.WITHDRAWN, ParticipantStatus.PAUSED)  # a mentor not coming


class SeasonRecords(StoreBase):
    """Cohorts over time: closed, counted, carried over."""

    def close_cohort(self, name: str, on: date) -> None:
        """Close a cohort: it takes no more imports, matching runs or requests; the
        requests still open are withdrawn, saying why."""
        cohort = self.cohort(name)
        if cohort.closed_on is not None:
            raise MentorkitError(f"Cohort {name!r} was closed on {cohort.closed_on}.")
        with self._write() as conn:
            conn.execute(
                update(t.cohorts).where(t.cohorts.c.id == cohort.id).values(closed_on=on)
            )
            here = t.requests.c.cohort_id == cohort.id  # the open ones, withdrawn
            RequestRecords._end(
                conn, here, RequestStatus.WITHDRAWN, CLOSED, datetime.now(UTC)
            )

    def cohort_counts(self) -> pd.DataFrame:
        """One row per cohort, oldest first: who is on the roster, invited (an
        invitation e-mailed), joined (both consents given), matched (in a published or
        ended pair), the pairs active, ended (early or completed) and completed, and
        those carried over into it. The roster is everyone but those who withdrew."""
        p, m, c = t.participants.c, t.matches.c, t.cohorts.c
        with self._read() as conn:
            cohorts = conn.execute(select(t.cohorts).order_by(c.id)).mappings().all()
            people = conn.execute(select(p.id, p.cohort_id, p.status, p.consents)).all()
            pairs = conn.execute(
                select(m.cohort_id, m.status, m.mentor_id, m.mentee_id)
            ).all()
            invited = set(
                conn.scalars(
                    select(t.messages.c.participant_id).where(
                        t.messages.c.kind == "invitation", t.messages.c.outcome == "sent"
                    )
                )
            )
            w = t.waitlist.c
            carried = dict(conn.execute(
                select(w.participant_id, p.cohort_id)
                .join(t.participants, p.id == w.participant_id)).all())  # fmt: skip
        rows = []
        for cohort in cohorts:
            here = [x for x in people if x.cohort_id == cohort["id"]]
            roster = [x for x in here if x.status != ParticipantStatus.WITHDRAWN]
            mine = [x for x in pairs if x.cohort_id == cohort["id"]]
            paired = {i for x in mine if x.status != MatchStatus.DRAFT
                      for i in (x.mentor_id, x.mentee_id)}  # fmt: skip
            rows.append({
                "cohort": cohort["name"],
                "starts_on": cohort["starts_on"],
                "ends_on": cohort["ends_on"],
                "closed_on": cohort["closed_on"],
                "on_roster": len(roster),
                "invited": sum(x.id in invited for x in here),
                "joined": sum(joined(x.consents) for x in roster),
                "matched": sum(x.id in paired for x in here),
                "active_pairs": sum(x.status == MatchStatus.PUBLISHED for x in mine),
                "ended_pairs": sum(x.status in ENDED for x in mine),
                "completed_pairs": sum(x.status == MatchStatus.COMPLETED for x in mine),
                "carried_over": sum(cid == cohort["id"] for cid in carried.values()),
            })  # fmt: skip
        return pd.DataFrame(rows, columns=COUNTS)

    def left_unmatched(self, cohort: str, role: Role = Role.MENTEE) -> pd.DataFrame:
        """Those of ``role`` in ``cohort`` still in the program and never in a
        published or ended pair: who the next cohort can carry over."""
        people = self.participants(cohort=cohort, role=role)
        pairs = self.matches(cohort)
        side = "mentee_id" if role == Role.MENTEE else "mentor_id"
        paired = set(pairs.loc[pairs["status"].astype(str) != MatchStatus.DRAFT, side])
        keep = ~people["id"].isin(paired) & ~people["status"].astype(str).isin(LEFT_OUT)
        return people[keep].reset_index(drop=True)

    def free_mentors(self, cohort: str) -> pd.DataFrame:
        """The mentors of ``cohort`` who offered their free places to the next cohort
        (at the end of a relationship) and still have some: ``capacity`` is what is
        free, their pairs still meeting deducted."""
        people = self.participants(cohort=cohort, role=Role.MENTOR)
        pairs = self.matches(cohort)
        meeting = pairs[pairs["status"].astype(str) == MatchStatus.PUBLISHED]
        taken = meeting["mentor_id"].value_counts()
        people = people.assign(capacity=people["capacity"] - people["id"].map(taken)
                               .fillna(0).astype(int))  # fmt: skip
        keep = (
            people["consents"].map(lambda c: Consent.NEXT_COHORT in (c or {}))
            & ~people["status"].astype(str).isin(GONE)
            & (people["capacity"] > 0)
        )
        return people[keep].reset_index(drop=True)

    def carry_over(self, old: str, new: str, *, priority: int = 1) -> list[Participant]:
        """Offer the mentees ``old`` left unmatched a place in ``new``, with their
        answers and consents, a new id (so a new personal link) and ``priority``;
        someone already on ``new``'s roster (by e-mail) keeps their row and gets the
        priority. The mentors who offered their free places come too, with those
        places as their capacity (and no priority). Avoid lists and managers move to
        addresses, since the people they named are in the old cohort. One
        transaction: all of them or none. ``old`` must be closed, so that no one is
        matched in both."""
        source, target = self.cohort(old), self.cohort(new)
        if target.closed_on is not None:
            raise MentorkitError(f"Cohort {new!r} is closed; add a new one instead.")
        if source.closed_on is None:
            raise MentorkitError(
                f"Cohort {old!r} is still open: close it first with: "
                f"mentorkit cohort close --program FOLDER {old}"
            )
        roster = self.participants(cohort=old)
        emails = dict(zip(roster["id"], roster["email"], strict=True))
        carried = []
        with self._write() as conn:
            present = dict(conn.execute(
                select(t.participants.c.email, t.participants.c.id)
                .where(t.participants.c.cohort_id == target.id)).all())  # fmt: skip
            for person, rank in self._to_carry(old, priority):
                before = Participant.from_dict(person)
                if before.email in present:
                    new_id = present[before.email]
                else:
                    moved = before.model_copy(update={
                        "id": new_participant_id(),
                        "cohort": new,
                        "status": ParticipantStatus.INVITED,
                        "avoid": [], "preferred": [], "manager_id": None,
                        "avoid_emails": _addresses(before, emails),
                        "consents": {k: v for k, v in before.consents.items()
                                     if k != Consent.NEXT_COHORT},  # asked anew there
                    })  # fmt: skip
                    moved = Participant.from_dict(moved.model_dump())
                    conn.execute(insert(t.participants).values(
                        _row(moved, t.participants, cohort_id=target.id)))  # fmt: skip
                    new_id = present[moved.email] = moved.id
                    carried.append(moved)
                self._wait(conn, new_id, before.id, old, rank)
        return carried

    def _to_carry(self, old: str, priority: int) -> list[tuple[dict, int]]:
        """Whom ``old`` hands on, once each (by e-mail): the mentees it left unmatched
        with ``priority``, the mentors who offered their free places with none; a peer
        who is both keeps the priority and comes with their free places."""
        chosen = {r["email"]: (r, priority)
                  for r in self.left_unmatched(old).to_dict("records")}  # fmt: skip
        for mentor in self.free_mentors(old).to_dict("records"):
            if mentor["email"] in chosen:
                record, rank = chosen[mentor["email"]]
                chosen[mentor["email"]] = ({**record, "capacity": mentor["capacity"]}, rank)
            else:
                chosen[mentor["email"]] = (mentor, 0)
        return list(chosen.values())

    def waitlisted(self, cohort: str) -> dict[str, tuple[int, str]]:
        """participant id -> (priority, the cohort they were carried over from)."""
        w, p = t.waitlist.c, t.participants.c
        with self._read() as conn:
            rows = conn.execute(
                select(w.participant_id, w.priority, w.from_cohort)
                .join(t.participants, p.id == w.participant_id)
                .join(t.cohorts)
                .where(t.cohorts.c.name == cohort)
            ).all()
        return {pid: (priority, source) for pid, priority, source in rows}

    @staticmethod
    def _wait(conn: Connection, pid: str, before: str, old: str, priority: int) -> None:
        w = t.waitlist.c
        known = conn.scalar(select(func.count()).where(w.participant_id == pid))
        values = {"carried_from": before, "from_cohort": old, "priority": priority}
        if known:
            conn.execute(update(t.waitlist).where(w.participant_id == pid).values(values))
        else:
            conn.execute(insert(t.waitlist).values(participant_id=pid, **values))


def _addresses(person: Participant, emails: dict[str, str]) -> list[str]:
    """The addresses of whom ``person`` avoids (and their manager), for a cohort where
    those people have other ids or none."""
    named = [*person.avoid, *([person.manager_id] if person.manager_id else [])]
    found = [emails[i] for i in named if i in emails]
    return sorted({*person.avoid_emails, *found})[:20]
