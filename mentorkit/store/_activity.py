"""The store's record of the apps at work: visits and saves, and the figures each
running ``mentorkit serve`` reports, so that ``mentorkit status`` can read them from
any machine that reaches the database."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import delete, func, insert, select

from mentorkit.store import schema as t

if TYPE_CHECKING:
    from mentorkit.store._store import Store

EventKind = Literal["visit", "save"]


class Activity:
    """``store.activity``: who opened or saved an app, and the servers running."""

    def __init__(self, store: Store):
        self._store = store

    def record(
        self, kind: EventKind, participant_id: str, app: str, node: str = ""
    ) -> None:
        """A visitor was given an app (``visit``) or saved their answers (``save``)."""
        if kind not in ("visit", "save"):
            raise ValueError(f"unknown activity {kind!r}")
        with self._store._write() as conn:
            conn.execute(
                insert(t.app_events).values(
                    at=datetime.now(UTC),
                    kind=kind,
                    participant_id=participant_id,
                    app=app,
                    node=node,
                )
            )

    def since(self, start: datetime) -> dict[str, int]:
        """Visitors (each participant once) and saves since ``start``."""
        events = t.app_events.c
        with self._store._read() as conn:
            visitors = conn.execute(
                select(func.count(func.distinct(events.participant_id))).where(
                    events.kind == "visit", events.at >= start
                )
            ).scalar_one()
            saves = conn.execute(
                select(func.count()).where(events.kind == "save", events.at >= start)
            ).scalar_one()
        return {"visitors": visitors, "saves": saves}

    def report_server(
        self,
        node: str,
        pid: int,
        address: str,
        started_at: datetime,
        figures: dict[str, Any],
    ) -> None:
        """A running server's latest figures (kernels, queue, memory)."""
        row = {
            "node": node,
            "pid": pid,
            "address": address,
            "started_at": started_at,
            "updated_at": datetime.now(UTC),
            "figures": figures,
        }
        with self._store._write() as conn:
            conn.execute(delete(t.servers).where(t.servers.c.node == node))
            conn.execute(insert(t.servers).values(row))

    def servers(self) -> list[dict[str, Any]]:
        """Every server that reported, newest report first."""
        with self._store._read() as conn:
            rows = conn.execute(select(t.servers).order_by(t.servers.c.updated_at.desc()))
            return [dict(row._mapping) for row in rows]

    def forget_server(self, node: str) -> None:
        """A server stopped: its figures no longer describe anything running."""
        with self._store._write() as conn:
            conn.execute(delete(t.servers).where(t.servers.c.node == node))
