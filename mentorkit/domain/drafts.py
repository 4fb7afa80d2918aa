"""Drafts: what a participant typed into an app and has not saved yet.

A draft belongs to one participant and one app (and, where an app shows several
records, one of them: a pair, a goal). It is kept while they type, so that a closed
tab, a lost connection or a kernel culled while idle loses nothing; it is deleted
when they save, and never shown to anyone else.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal

from pydantic import Field, field_validator

from mentorkit.domain.records import Record

MAX_DRAFT_CHARS = 100_000  # as JSON: a long reflection is a few thousand characters

DraftApp = Literal["intake", "agreement", "goals", "reflection"]


class Draft(Record):
    """One participant's unsaved answers in one app."""

    participant_id: str = Field(min_length=1, max_length=64)
    app: DraftApp
    key: str = Field("", max_length=80)
    content: dict[str, Any]
    updated_at: datetime | None = None

    @field_validator("content")
    @classmethod
    def _small_and_plain(cls, content: dict[str, Any]) -> dict[str, Any]:
        try:
            size = len(json.dumps(content))
        except (TypeError, ValueError):
            raise ValueError(
                "holds something that is not text, a number or a list"
            ) from None
        if size > MAX_DRAFT_CHARS:
            raise ValueError(
                f"is {size:,} characters long; a draft keeps at most {MAX_DRAFT_CHARS:,}"
            )
        return content
