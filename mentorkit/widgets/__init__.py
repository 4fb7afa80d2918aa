"""The mentorkit widget kit: ipywidgets components built on the core package.

Widgets arrange what the services give and hand back what participants and
facilitators do; they never touch the store and hold no rule of the program.
"""

from mentorkit.widgets._facilitator_pages import facilitator_page, matching_review_page
from mentorkit.widgets._overview import CohortOverview
from mentorkit.widgets._page import AppPage, Notice
from mentorkit.widgets._participant_pages import ParticipantApp, participant_page
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
