"""The mentorkit widget kit: ipywidgets components built on the core package.

Widgets arrange and call the core; they hold no SQL and no business rules.
"""

from mentorkit.widgets._apps import (
    ParticipantApp,
    facilitator_page,
    matching_review_page,
    participant_page,
)
from mentorkit.widgets._overview import CohortOverview
from mentorkit.widgets._page import AppPage, Notice
from mentorkit.widgets._program import ProgramCard

__all__ = [
    "AppPage",
    "CohortOverview",
    "Notice",
    "ParticipantApp",
    "ProgramCard",
    "facilitator_page",
    "matching_review_page",
    "participant_page",
]
