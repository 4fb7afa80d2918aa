"""Which apps and workbooks exist, and where the installed copies are."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from mentorkit.errors import MentorkitError


@dataclass(frozen=True)
class App:
    """A workbook as its users know it."""

    name: str  # the notebook's file name without .ipynb
    title: str
    description: str

    @property
    def filename(self) -> str:
        return f"{self.name}.ipynb"


PARTICIPANT_APPS = (
    App(
        "intake",
        "Intake",
        "Tell the program about yourself: your role, skills, goals and when you can meet.",
    ),
    App(
        "choose",
        "Choose a mentor",
        "See the mentors open to you and ask them; mentors answer requests here.",
    ),
    App(
        "agreement",
        "Mentoring agreement",
        "Agree with your partner how you will work together, then sign.",
    ),
    App("goals", "Goals", "Write SMART goals with milestones and track your progress."),
    App(
        "reflection",
        "Meeting log and reflection",
        "After each meeting, note what you discussed, what you learned and how it went.",
    ),
)

FACILITATOR_WORKBOOKS = (
    App(
        "matching_review",
        "Matching review",
        "Review proposed pairs, their explanations, and adjust before publishing.",
    ),
    App("goal_coaching", "Goal coaching", "Coach mentees' goals live in a workshop."),
    App(
        "program_health",
        "Program health",
        "Who is meeting on cadence, who is stuck, whose goals move.",
    ),
    App(
        "cohort_overview",
        "Cohort overview",
        "Who is in each cohort: seats against demand, and the skills balance.",
    ),
)

REPORT_WORKBOOKS = (
    App(
        "cohort_report",
        "Cohort report",
        "One cohort's participation, matching, meetings, goals and pulse: totals only.",
    ),
    App(
        "program_report",
        "Program report",
        "Every cohort side by side: participation, matching, cadence, goals, pulse.",
    ),
    App(
        "pair_progress",
        "Pair progress",
        "One pair's goals, milestones, meetings and cadence, for the pair.",
    ),
)


def workbooks_path(audience: str = "") -> Path:
    """The installed folder of the ``participant`` or ``facilitator`` workbooks, or
    with no audience, the folder of the report workbooks."""
    return Path(str(files("mentorkit.workbooks") / audience))


def templates_path() -> Path:
    """The Jupyter data folder that holds mentorkit's Voila template."""
    return Path(str(files("mentorkit.templates")))


def find_app(
    name: str, among: tuple[App, ...] = PARTICIPANT_APPS + FACILITATOR_WORKBOOKS
) -> App:
    """The app called ``name``, or a clear error naming the ones there are."""
    for app in among:
        if app.name == name:
            return app
    known = ", ".join(app.name for app in among)
    raise MentorkitError(f"No app named {name!r}; the apps are: {known}.")


def participant_app_of(path: str | None) -> App | None:
    """The participant app a request path (``intake.ipynb``) names, or None."""
    return next((app for app in PARTICIPANT_APPS if app.filename == path), None)
