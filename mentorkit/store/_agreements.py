"""Agreements: the terms a pair signs, and the signatures."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from mentorkit.domain.agreements import Agreement, AgreementTerms
from mentorkit.domain.matches import MatchStatus
from mentorkit.errors import NotFound
from mentorkit.store import schema as t
from mentorkit.store._base import (
    StoreBase,
    _fields,
    _refused,
    _row,
)


class AgreementRecords(StoreBase):
    """Agreements: the terms a pair signs, and the signatures."""

    def save_agreement(self, record: Agreement | Mapping[str, Any]) -> Agreement:
        """Create or change the agreement of a match.

        Changed terms withdraw any signature given to the old ones; an agreement
        both sides signed is kept as signed and cannot change.
        """
        agreement = Agreement.from_dict(record)
        with self._write() as conn:
            return self._put_agreement(conn, agreement, signer=None, at=None)

    def sign_agreement(
        self,
        match_id: int,
        participant_id: str,
        terms: AgreementTerms | Mapping[str, Any],
        at: datetime | None = None,
    ) -> Agreement:
        """``participant_id`` signs ``terms`` for their pair, in one transaction.

        When the partner signed other terms, their signature is withdrawn: they are
        asked to sign again what is now on the table.
        """
        agreement = Agreement.from_dict({"match_id": match_id, "terms": terms})
        with self._write() as conn:
            return self._put_agreement(
                conn, agreement, signer=participant_id, at=at or datetime.now(UTC)
            )

    def _put_agreement(
        self,
        conn: Connection,
        agreement: Agreement,
        signer: str | None,
        at: datetime | None,
    ) -> Agreement:
        pair = conn.execute(
            select(t.matches.c.mentor_id, t.matches.c.mentee_id, t.matches.c.status).where(
                t.matches.c.id == agreement.match_id
            )
        ).first()
        if pair is None:
            raise _refused(agreement, "match_id", f"no match {agreement.match_id!r}")
        row = (
            conn.execute(
                select(t.agreements).where(t.agreements.c.match_id == agreement.match_id)
            )
            .mappings()
            .first()
        )
        old = Agreement.from_dict(_fields(row, Agreement)) if row else None
        if old is not None and old.signed:
            raise _refused(
                old, "terms", "both sides signed this agreement; it is kept as signed"
            )
        mine = {pair.mentor_id: "mentor", pair.mentee_id: "mentee"}.get(signer or "")
        if old is not None and old.terms == agreement.terms:
            agreement = agreement.updated(
                mentor_signed_at=agreement.mentor_signed_at or old.mentor_signed_at,
                mentee_signed_at=agreement.mentee_signed_at or old.mentee_signed_at,
            )
            if old.withdrawn_side and old.withdrawn_side != mine:  # not yet signed again
                agreement = agreement.updated(withdrawn_terms=old.withdrawn_terms,
                                              withdrawn_side=old.withdrawn_side,
                                              withdrawn_at=old.withdrawn_at)  # fmt: skip
        elif old is not None:  # changed terms withdraw the other side's signature
            others = [side for side in ("mentor", "mentee")
                      if old.signed_by(side) and side != mine]  # fmt: skip
            if others:
                when = at or datetime.now(UTC)
                agreement = agreement.updated(
                    withdrawn_terms=old.terms, withdrawn_side=others[0], withdrawn_at=when
                )
            elif old.withdrawn_side and old.withdrawn_side != mine:
                agreement = agreement.updated(withdrawn_terms=old.withdrawn_terms,
                                              withdrawn_side=old.withdrawn_side,
                                              withdrawn_at=old.withdrawn_at)  # fmt: skip
        if signer is not None:
            if pair.status != MatchStatus.PUBLISHED:
                raise _refused(agreement, "match_id", f"this pair is {pair.status}")
            if signer not in (pair.mentor_id, pair.mentee_id):
                raise _refused(agreement, "signer", f"{signer!r} is not part of this pair")
            side = "mentor" if signer == pair.mentor_id else "mentee"
            agreement = agreement.updated(**{f"{side}_signed_at": at})
        values = _row(agreement, t.agreements)
        values.pop("id", None)
        if old is None:
            new_id = conn.execute(insert(t.agreements).values(values)).inserted_primary_key[
                0
            ]
        else:
            new_id = old.id
            conn.execute(
                update(t.agreements).where(t.agreements.c.id == new_id).values(values)
            )
        return agreement.updated(id=new_id)

    def agreement(self, match_id: int) -> Agreement:
        with self._read() as conn:
            row = (
                conn.execute(
                    select(t.agreements).where(t.agreements.c.match_id == match_id)
                )
                .mappings()
                .first()
            )
        if row is None:
            raise NotFound("agreement for match", match_id)
        return Agreement.from_dict(_fields(row, Agreement))
