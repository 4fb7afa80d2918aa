"""The end of relationships: closing reflections, and pairs completed.

Writing a closing reflection and completing the pair are one transaction that first
locks the pair's row, so the two sides writing theirs at the same instant complete
the pair exactly once (each sees the other's row once it holds the lock).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, delete, func, insert, select, update

from mentorkit.domain.closing import ClosingReflection
from mentorkit.domain.matches import Match, MatchStatus
from mentorkit.domain.participants import Consent
from mentorkit.errors import MentorkitError, NotFound
from mentorkit.store import schema as t
from mentorkit.store._base import StoreBase, _fields, _refused, _row
from mentorkit.store._pairs import settle

FIGURES = ["match_id", "author_id", "side", "rating", "recommend",
           "continue_informally", "outcomes"]  # fmt: skip


class ClosingRecords(StoreBase):
    """Closing reflections, and completing a pair."""

    def save_closing(
        self, record: ClosingReflection, at: datetime | None = None,
        offer: bool | None = None,
    ) -> tuple[ClosingReflection, Match]:  # fmt: skip
        """Keep one side's closing reflection (a second one from the same side takes
        its place) and, once both sides have written, complete the pair; with
        ``offer``, the author (a mentor) offers their free places to the program's
        next cohort or takes the offer back, in the same transaction.

        Only a side of the pair writes one, and only while the pair is published or
        completed; the pair's goals are the service's to check.
        """
        closing = ClosingReflection.from_dict(record)
        at = at or datetime.now(UTC)
        c = t.closing_reflections.c
        with self._write() as conn:
            pair = self._locked_pair(conn, closing.match_id)
            if closing.author_id not in (pair.mentor_id, pair.mentee_id):
                raise _refused(closing, "author_id", "only a side of the pair writes one")
            if pair.status not in (MatchStatus.PUBLISHED, MatchStatus.COMPLETED):
                raise MentorkitError(
                    f"This pair was {pair.status} on "
                    f"{pair.closed_at:%d %B %Y}; it has no closing reflection."
                    if pair.closed_at
                    else f"This pair is {pair.status}; it has no closing reflection yet."
                )
            mine = (c.match_id == closing.match_id) & (c.author_id == closing.author_id)
            conn.execute(delete(t.closing_reflections).where(mine))
            row = _row(closing.updated(written_at=at), t.closing_reflections)
            row.pop("id", None)
            new_id = conn.execute(
                insert(t.closing_reflections).values(row)
            ).inserted_primary_key[0]
            sides = conn.scalar(select(func.count()).where(c.match_id == closing.match_id))
            if sides == 2 and pair.status == MatchStatus.PUBLISHED:
                self._complete(conn, pair, at)
            if offer is not None:
                self._offer(conn, closing.author_id, offer, at)
        return self.closing(new_id), self.match(closing.match_id)

    def complete_match(self, match_id: int, at: datetime | None = None) -> Match | None:
        """Mark a published pair completed: it ran its agreed length. None, changing
        nothing, when the pair is no longer published (it ended meanwhile)."""
        with self._write() as conn:
            pair = self._locked_pair(conn, match_id)
            if pair.status != MatchStatus.PUBLISHED:
                return None
            self._complete(conn, pair, at or datetime.now(UTC))
        return self.match(match_id)

    @staticmethod
    def _locked_pair(conn: Connection, match_id: int):
        pair = conn.execute(
            select(t.matches).where(t.matches.c.id == match_id).with_for_update()
        ).first()
        if pair is None:
            raise NotFound("match", match_id)
        return pair

    @staticmethod
    def _complete(conn: Connection, pair, at: datetime) -> None:
        """The pair completed; each side with no other pair still meeting has
        completed the program."""
        conn.execute(
            update(t.matches)
            .where(t.matches.c.id == pair.id)
            .values(status=MatchStatus.COMPLETED, closed_at=at)
        )
        for person_id in sorted((pair.mentor_id, pair.mentee_id)):  # one lock order
            settle(conn, person_id)

    @staticmethod
    def _offer(conn: Connection, person_id: str, offer: bool, at: datetime) -> None:
        """Only the consents column changes, the row locked: nothing else a writer
        changed meanwhile (a status settled) is written back."""
        p = t.participants.c
        held = conn.scalar(select(p.consents).where(p.id == person_id).with_for_update())
        consents = dict(held or {})
        if offer:
            consents.setdefault(Consent.NEXT_COHORT.value, at.isoformat())
        else:
            consents.pop(Consent.NEXT_COHORT.value, None)
        conn.execute(
            update(t.participants)
            .where(p.id == person_id)
            .values(consents=consents, updated_at=func.now())
        )

    def closing(self, closing_id: int) -> ClosingReflection:
        return self._one(ClosingReflection, t.closing_reflections, closing_id)

    def closings(self, match_id: int) -> list[ClosingReflection]:
        """The pair's closing reflections (the service hands out only the reader's)."""
        c = t.closing_reflections.c
        stmt = select(t.closing_reflections).where(c.match_id == match_id)
        with self._read() as conn:
            rows = conn.execute(stmt.order_by(c.id)).mappings().all()
        return [ClosingReflection.from_dict(_fields(r, ClosingReflection)) for r in rows]

    def closing_figures(self, cohort: str | None = None) -> pd.DataFrame:
        """Every closing reflection's rating, answers and outcomes, with the author's
        side, for reports: never the text."""
        self._named_cohort(cohort)
        c, m = t.closing_reflections.c, t.matches.c
        stmt = (
            select(c.match_id, c.author_id, m.mentor_id, c.rating, c.recommend,
                   c.continue_informally, c.outcomes)
            .join(t.matches, m.id == c.match_id)
            .join(t.cohorts, t.cohorts.c.id == m.cohort_id)
        )  # fmt: skip
        if cohort is not None:
            stmt = stmt.where(t.cohorts.c.name == cohort)
        with self._read() as conn:
            rows = conn.execute(stmt.order_by(c.id)).mappings().all()
        frame = pd.DataFrame([dict(r) for r in rows], columns=[*FIGURES, "mentor_id"])
        frame["side"] = ["mentor" if a == b else "mentee"
                         for a, b in zip(frame["author_id"], frame["mentor_id"],
                                         strict=True)]  # fmt: skip
        return frame[FIGURES]
