"""Read models for reports and health: tables without any text a participant
wrote, and the fingerprint of a cohort's data."""

from __future__ import annotations

import hashlib
from datetime import date

import pandas as pd
from sqlalchemy import func, select

from mentorkit.domain.agreements import AgreementTerms
from mentorkit.store import schema as t
from mentorkit.store._base import (
    _GOAL_COLUMNS,
    PULSE_COLUMNS,
    StoreBase,
    _as_date,
)


class ReadModels(StoreBase):
    """Read models for reports and health: tables without any text a participant"""

    def signed_agreements(self, cohort: str | None = None) -> dict[int, date]:
        """For each pair whose agreement both sides signed: the day the last one signed."""
        self._named_cohort(cohort)
        stmt = (
            select(
                t.agreements.c.match_id,
                t.agreements.c.mentor_signed_at,
                t.agreements.c.mentee_signed_at,
            )
            .join(t.matches, t.matches.c.id == t.agreements.c.match_id)
            .join(t.cohorts, t.cohorts.c.id == t.matches.c.cohort_id)
            .where(
                t.agreements.c.mentor_signed_at.is_not(None),
                t.agreements.c.mentee_signed_at.is_not(None),
            )
        )
        if cohort is not None:
            stmt = stmt.where(t.cohorts.c.name == cohort)
        with self._read() as conn:
            return {
                match_id: max(mentor, mentee).date()
                for match_id, mentor, mentee in conn.execute(stmt)
            }

    def agreed_months(self, cohort: str | None = None) -> dict[int, int]:
        """For each pair whose agreement both sides signed: the months it runs."""
        self._named_cohort(cohort)
        a = t.agreements.c
        stmt = (
            select(a.match_id, a.terms)
            .join(t.matches, t.matches.c.id == a.match_id)
            .join(t.cohorts, t.cohorts.c.id == t.matches.c.cohort_id)
            .where(a.mentor_signed_at.is_not(None), a.mentee_signed_at.is_not(None))
        )
        if cohort is not None:
            stmt = stmt.where(t.cohorts.c.name == cohort)
        with self._read() as conn:
            return {
                match_id: AgreementTerms.from_dict(terms or {}).duration_months
                for match_id, terms in conn.execute(stmt)
            }

    def goal_progress(self, cohort: str | None = None) -> pd.DataFrame:
        """Per goal of a pair: owner, status, progress, due date, milestones met.

        Numbers only; what the goal says stays with the pair.
        """
        self._named_cohort(cohort)
        done = func.count(t.milestones.c.done_on)
        stmt = (
            select(
                t.goals.c.id.label("goal_id"),
                t.goals.c.match_id,
                t.goals.c.participant_id,
                t.goals.c.status,
                t.goals.c.progress,
                t.goals.c.due_date,
                func.count(t.milestones.c.id).label("milestones"),
                done.label("milestones_met"),
            )
            .join(t.matches, t.matches.c.id == t.goals.c.match_id)
            .join(t.cohorts, t.cohorts.c.id == t.matches.c.cohort_id)
            .outerjoin(t.milestones, t.milestones.c.goal_id == t.goals.c.id)
            .group_by(t.goals.c.id)
            .order_by(t.goals.c.id)
        )
        if cohort is not None:
            stmt = stmt.where(t.cohorts.c.name == cohort)
        with self._read() as conn:
            return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=_GOAL_COLUMNS)

    def pulse_log(self, cohort: str | None = None) -> pd.DataFrame:
        """Every meeting of the cohort's pairs with each reflection's pulse, and no text.

        One row per meeting and author (author empty when nobody reflected yet):
        ``match_id, meeting_id, held_on, minutes, author_id, pulse, shared`` and
        ``open_actions``, the due dates of the author's action items not yet done.
        This is what facilitators see of reflections: that one exists, and its pulse.
        """
        self._named_cohort(cohort)
        stmt = (
            select(
                t.meetings.c.match_id,
                t.meetings.c.id.label("meeting_id"),
                t.meetings.c.held_on,
                t.meetings.c.minutes,
                t.reflections.c.author_id,
                t.reflections.c.pulse,
                t.reflections.c.shared,
                t.reflections.c.action_items,
            )
            .join(t.matches, t.matches.c.id == t.meetings.c.match_id)
            .join(t.cohorts, t.cohorts.c.id == t.matches.c.cohort_id)
            .outerjoin(t.reflections, t.reflections.c.meeting_id == t.meetings.c.id)
            .order_by(t.meetings.c.held_on, t.meetings.c.id, t.reflections.c.id)
        )
        if cohort is not None:
            stmt = stmt.where(t.cohorts.c.name == cohort)
        with self._read() as conn:
            rows = [dict(r) for r in conn.execute(stmt).mappings()]
        for row in rows:
            items = row.pop("action_items") or []
            row["open_actions"] = [
                _as_date(item.get("due_date")) for item in items if not item.get("done")
            ]
        return pd.DataFrame(rows, columns=PULSE_COLUMNS)

    def digest(self, cohort: str) -> str:
        """A fingerprint of everything stored about a cohort (and its program): it
        changes whenever any of it does, so a report made from it can be reused."""
        self._named_cohort(cohort)
        cohort_id = (
            t.cohorts.c.id
            == select(t.cohorts.c.id).where(t.cohorts.c.name == cohort).scalar_subquery()
        )
        match_ids = select(t.matches.c.id).join(t.cohorts).where(cohort_id)
        meeting_ids = select(t.meetings.c.id).where(t.meetings.c.match_id.in_(match_ids))
        goal_ids = select(t.goals.c.id).where(t.goals.c.match_id.in_(match_ids))
        queries = [
            (t.programs, select(t.programs)),
            (t.cohorts, select(t.cohorts).where(cohort_id)),
            (t.participants, select(t.participants).join(t.cohorts).where(cohort_id)),
            (t.matches, select(t.matches).join(t.cohorts).where(cohort_id)),
            (
                t.agreements,
                select(t.agreements).where(t.agreements.c.match_id.in_(match_ids)),
            ),
            (t.goals, select(t.goals).where(t.goals.c.match_id.in_(match_ids))),
            (
                t.milestones,
                select(t.milestones).where(t.milestones.c.goal_id.in_(goal_ids)),
            ),
            (t.meetings, select(t.meetings).where(t.meetings.c.match_id.in_(match_ids))),
            (
                t.reflections,
                select(t.reflections).where(t.reflections.c.meeting_id.in_(meeting_ids)),
            ),
            (
                t.closing_reflections,
                select(t.closing_reflections).where(
                    t.closing_reflections.c.match_id.in_(match_ids)
                ),
            ),
        ]
        digest = hashlib.sha256()
        with self._read() as conn:
            for table, query in queries:
                for row in conn.execute(query.order_by(table.c.id)):
                    digest.update(repr(tuple(row)).encode())
                digest.update(b"|")
        return digest.hexdigest()
