"""A realistic demo cohort, for trying the apps and for tests and benchmarks.

``generate_cohort`` draws every column as a whole array from one seeded generator,
so 10,000 participants take well under a second and the same seed gives the same
cohort.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from mentorkit.domain.participants import Participant
from mentorkit.domain.programs import CadenceRule, Cohort, Format, Program
from mentorkit.folder import ProgramFolder
from mentorkit.services.demo_cohort import (  # noqa: F401
    DEMO_COHORT,
    DEMO_START,
    generate_cohort,
)

HISTORY_DAYS = 150  # how long ago the demo program started, when it has a history


def demo_program(start: date) -> Program:
    return Program(
        name="Demo mentoring program",
        objectives=[
            "Grow the skills mentees ask for",
            "Connect people across departments and offices",
            "Keep every pair meeting at least monthly for the first six months",
        ],
        format=Format.ONE_ON_ONE,
        start_date=start,
        end_date=start + timedelta(days=365),
        cadence=CadenceRule(),
    )


def create_demo(
    path: Path | str,
    *,
    mentors: int = 15,
    mentees: int = 40,
    seed: int = 0,
    start: date | None = None,
    history: bool = True,
    cohorts: int = 1,
) -> ProgramFolder:
    """A new program folder at ``path`` holding the demo program and its cohorts.

    Each cohort has ``mentors`` and ``mentees``; the first is "Demo cohort" with ids
    ``M0001``..., the next "Demo cohort 2" with ids ``C2-M0001``... and so on. With
    ``history`` the program started ``HISTORY_DAYS`` ago and its pairs have met since
    (see :mod:`mentorkit.services.demo_history`); without it, the cohorts wait to be
    matched.
    """
    if cohorts < 1:
        raise ValueError("a demo has at least one cohort")
    today = date.today()
    start = start or (today - timedelta(days=HISTORY_DAYS) if history else today)
    names = [DEMO_COHORT] + [f"{DEMO_COHORT} {k}" for k in range(2, cohorts + 1)]
    folder = ProgramFolder.init(path, demo_program(start), Cohort(name=DEMO_COHORT))
    with folder.open_store() as store:
        for k, name in enumerate(names):
            if k:
                store.add_cohort(Cohort(name=name))
            frame = generate_cohort(
                mentors,
                mentees,
                seed=seed + k,
                cohort=name,
                start=start,
                id_prefix=f"C{k + 1}-" if k else "",
            )
            store.add_participants(
                Participant.from_dict(r) for r in frame.to_dict("records")
            )
            if history and mentors and mentees:
                from mentorkit.services.demo_history import fill_history

                fill_history(store, name, today, seed=seed + k)
    return folder
