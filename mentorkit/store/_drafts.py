"""The store's drafts: one row per participant, app and key, replaced as they type."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from mentorkit.domain.drafts import Draft
from mentorkit.store import schema as t

if TYPE_CHECKING:
    from mentorkit.store._store import Store


class Drafts:
    """``store.drafts``: keep, read and discard participants' unsaved answers."""

    def __init__(self, store: Store):
        self._store = store

    def keep(
        self, participant_id: str, app: str, key: str, content: dict[str, Any]
    ) -> Draft:
        """Keep ``content`` as the participant's draft, replacing the one before."""
        draft = Draft.from_dict(
            {
                "participant_id": participant_id,
                "app": app,
                "key": key,
                "content": content,
                "updated_at": datetime.now(UTC),
            }
        )
        row = draft.model_dump(mode="python")
        with self._store._write() as conn:
            # One statement: two tabs (or two servers) keeping the same draft at once
            # replace each other instead of colliding on the key.
            insert = _insert_for(conn.dialect.name)(t.drafts).values(row)
            conn.execute(
                insert.on_conflict_do_update(
                    index_elements=["participant_id", "app", "key"],
                    set_={
                        "content": insert.excluded.content,
                        "updated_at": insert.excluded.updated_at,
                    },
                )
            )
        return draft

    def get(self, participant_id: str, app: str, key: str = "") -> Draft | None:
        with self._store._read() as conn:
            row = conn.execute(
                select(t.drafts).where(self._where(participant_id, app, key))
            ).first()
        return Draft.from_dict(row._asdict()) if row else None

    def keys(self, participant_id: str, app: str) -> list[str]:
        """The keys of the participant's drafts of ``app``, the newest first."""
        with self._store._read() as conn:
            rows = conn.execute(
                select(t.drafts.c.key)
                .where(t.drafts.c.participant_id == participant_id, t.drafts.c.app == app)
                .order_by(t.drafts.c.updated_at.desc())
            )
            return [row.key for row in rows]

    def discard(self, participant_id: str, app: str, key: str = "") -> bool:
        """Delete the draft once its answers are saved; True if there was one."""
        with self._store._write() as conn:
            done = conn.execute(
                delete(t.drafts).where(self._where(participant_id, app, key))
            )
        return bool(done.rowcount)

    @staticmethod
    def _where(participant_id: str, app: str, key: str):
        return and_(
            t.drafts.c.participant_id == participant_id,
            t.drafts.c.app == app,
            t.drafts.c.key == key,
        )


def _insert_for(dialect: str):
    """The INSERT that knows ON CONFLICT, for the two databases mentorkit runs on."""
    return postgresql.insert if dialect == "postgresql" else sqlite.insert
