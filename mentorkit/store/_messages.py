"""The record of the program's messages: who was sent which kind, when, and how it
went. Bodies are never kept (they hold personal links)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

import pandas as pd
from sqlalchemy import delete, func, insert, select

from mentorkit.store import schema as t

if TYPE_CHECKING:
    from mentorkit.store._store import Store

Outcome = Literal["sent", "failed", "written"]
OUTCOMES = ("sent", "failed", "written")


class Messages:
    """``store.messages``: what was sent, to keep anything from being sent twice."""

    def __init__(self, store: Store):
        self._store = store

    def record(
        self,
        kind: str,
        key: str,
        recipient: str,
        outcome: Outcome,
        participant_id: str | None = None,
        detail: str = "",
        at: datetime | None = None,
    ) -> None:
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        with self._store._write() as conn:
            conn.execute(
                insert(t.messages).values(
                    kind=kind[:40], key=key[:120], participant_id=participant_id,
                    recipient=recipient[:320], at=at or datetime.now(UTC),
                    outcome=outcome, detail=" ".join(detail.split())[:300],
                )
            )  # fmt: skip

    def outcomes(self, kind: str, key: str = "") -> dict[str, str]:
        """participant id -> the outcome of their latest ``kind``/``key`` message."""
        m = t.messages.c
        latest = (
            select(func.max(m.id))
            .where(m.kind == kind, m.key == key, m.participant_id.is_not(None))
            .group_by(m.participant_id)
        )
        with self._store._read() as conn:
            rows = conn.execute(select(m.participant_id, m.outcome).where(m.id.in_(latest)))
            return dict(
                rows.all()
            )  # a Result has keys(): dict() would read it as a mapping

    def sent_keys(self, kind_prefix: str = "") -> set[tuple[str | None, str, str]]:
        """(participant id, kind, key) of every message that went out."""
        m = t.messages.c
        query = select(m.participant_id, m.kind, m.key).where(m.outcome == "sent")
        if kind_prefix:
            query = query.where(m.kind.startswith(kind_prefix))
        with self._store._read() as conn:
            return {tuple(row) for row in conn.execute(query)}

    def stop_reminders(self, participant_id: str, stop: bool = True) -> None:
        """The participant asked for no more reminders (``stop=False``: again some)."""
        self._store.participant(participant_id)  # NotFound for an unknown id
        with self._store._write() as conn:
            conn.execute(
                delete(t.reminders_stopped).where(
                    t.reminders_stopped.c.participant_id == participant_id
                )
            )
            if stop:
                conn.execute(insert(t.reminders_stopped).values(
                    participant_id=participant_id, at=datetime.now(UTC)))  # fmt: skip

    def reminders_stopped(self) -> set[str]:
        """The participants who get no reminders."""
        with self._store._read() as conn:
            return set(conn.execute(select(t.reminders_stopped.c.participant_id)).scalars())

    def sent_to(self, kind: str, key: str) -> set[str]:
        """The addresses a ``kind``/``key`` message went out to."""
        m = t.messages.c
        query = select(m.recipient).where(m.kind == kind, m.key == key, m.outcome == "sent")
        with self._store._read() as conn:
            return set(conn.execute(query).scalars())

    def log(self) -> pd.DataFrame:
        """Every message, oldest first (no bodies: there are none to show)."""
        with self._store._read() as conn:
            rows = conn.execute(select(t.messages).order_by(t.messages.c.id)).mappings()
            return pd.DataFrame([dict(r) for r in rows], columns=list(t.messages.c.keys()))
