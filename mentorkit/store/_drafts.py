"""The store's drafts: one row per participant, app and key, replaced as they type."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, delete, insert, select

from mentorkit.drafts import Draft
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
        with self._store._write() as conn:
            conn.execute(delete(t.drafts).where(self._where(participant_id, app, key)))
            conn.execute(insert(t.drafts).values(draft.model_dump(mode="python")))
        return draft

    def get(self, participant_id: str, app: str, key: str = "") -> Draft | None:
        with self._store._read() as conn:
            row = conn.execute(
                select(t.drafts).where(self._where(participant_id, app, key))
            ).first()
        return Draft.model_validate(row._asdict()) if row else None

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
