"""Participants' drafts: kept, read and discarded under their own id only."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from mentorkit.domain.records import in_utc
from mentorkit.services._unit import with_store
from mentorkit.store import Store


@with_store
def kept_draft(
    store: Store, participant_id: str, app: str, key: str = ""
) -> tuple[dict[str, Any], datetime | None] | None:
    """A draft's answers, and when they were kept in the participant's time zone."""
    draft = store.drafts.get(participant_id, app, key)
    if draft is None:
        return None
    when = draft.updated_at
    if when is not None:
        zone = ZoneInfo(store.participant(participant_id).timezone)
        when = in_utc(when).astimezone(zone)
    return draft.content, when


@with_store
def keep_draft(
    store: Store, participant_id: str, app: str, key: str, content: dict[str, Any]
) -> None:
    store.drafts.keep(participant_id, app, key, content)


@with_store
def discard_draft(
    store: Store, participant_id: str, app: str, key: str = "", saved: bool = False
) -> None:
    """Delete a draft; ``saved``: because its answers were saved (and count the save)."""
    store.drafts.discard(participant_id, app, key)
    if saved:
        store.activity.record("save", participant_id, app)


@with_store
def draft_keys(store: Store, participant_id: str, app: str) -> list[str]:
    """The keys of a participant's drafts of ``app``, the newest first."""
    return store.drafts.keys(participant_id, app)
