"""The store: validated records in, model objects and DataFrames out.

Every write is one transaction. Records are validated before the transaction opens;
references (cohorts, participants, matches) are checked inside it; anything wrong
raises before commit, so a refused write leaves nothing behind. The store is split by
concept, one module each, behind this one class (one unit of work per call).
"""

from __future__ import annotations

from sqlalchemy import Engine

from mentorkit.store._activity import Activity
from mentorkit.store._agreements import AgreementRecords
from mentorkit.store._base import SaveCounts, StoreBase
from mentorkit.store._calendar import CalendarRecords
from mentorkit.store._closing import ClosingRecords
from mentorkit.store._cohorts import CohortRecords
from mentorkit.store._drafts import Drafts
from mentorkit.store._goals import GoalRecords
from mentorkit.store._meetings import MeetingRecords
from mentorkit.store._messages import Messages
from mentorkit.store._pairs import PairRecords
from mentorkit.store._participants import ParticipantRecords
from mentorkit.store._reads import ReadModels
from mentorkit.store._requests import RequestRecords
from mentorkit.store._seasons import SeasonRecords

__all__ = ["SaveCounts", "Store"]


class Store(
    CohortRecords,
    SeasonRecords,
    RequestRecords,
    ParticipantRecords,
    PairRecords,
    ClosingRecords,
    AgreementRecords,
    GoalRecords,
    MeetingRecords,
    CalendarRecords,
    ReadModels,
    StoreBase,
):
    """One program's records in SQLite or PostgreSQL."""

    def __init__(self, engine: Engine):
        super().__init__(engine)
        self.drafts = Drafts(self)
        self.activity = Activity(self)
        self.messages = Messages(self)
