"""The demo's people, drawn at random from the demo's data (seeded: the same seed
gives the same people)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import pandas as pd

from mentorkit.domain.participants import Participant
from mentorkit.services.demo_data import (
    CHANNEL_ODDS,
    CHANNELS,
    DEPARTMENT_WEIGHTS,
    DEPARTMENTS,
    FIRST_NAMES,
    FORMAT_ODDS,
    FORMATS,
    LAST_NAMES,
    LEVEL_YEARS,
    MENTEE_GOALS,
    MENTEE_LEVELS,
    MENTOR_CAPACITY,
    MENTOR_GOALS,
    MENTOR_LEVELS,
    PLACE_WEIGHTS,
    PLACES,
    SHARED_SKILLS,
)

DEMO_COHORT = "Demo cohort"


DEMO_START = date(2026, 1, 12)


def generate_cohort(
    mentors: int = 15,
    mentees: int = 40,
    seed: int = 0,
    cohort: str = DEMO_COHORT,
    start: date = DEMO_START,
    id_prefix: str = "",
) -> pd.DataFrame:
    """A participants DataFrame (the Participant fields as columns), the same per seed.

    Mentors come first (ids ``M0001``...), then mentees (``E0001``...), each id after
    ``id_prefix``. A few mentees report to a mentor, avoid one, or rank the mentors
    they would like.
    """
    if mentors < 0 or mentees < 0:
        raise ValueError("mentors and mentees must be zero or more")
    rng = np.random.default_rng(seed)
    n = mentors + mentees
    is_mentor = np.arange(n) < mentors
    width = max(4, len(str(max(mentors, mentees, 1))))
    ids = np.array(
        [f"{id_prefix}M{i + 1:0{width}d}" for i in range(mentors)]
        + [f"{id_prefix}E{i + 1:0{width}d}" for i in range(mentees)],
        dtype=object,
    )

    dept_names = list(DEPARTMENTS)
    dept = rng.choice(len(dept_names), size=n, p=DEPARTMENT_WEIGHTS)
    place = rng.choice(len(PLACES), size=n, p=PLACE_WEIGHTS)
    levels = np.where(
        is_mentor,
        rng.choice(MENTOR_LEVELS[0], size=n, p=MENTOR_LEVELS[1]),
        rng.choice(MENTEE_LEVELS[0], size=n, p=MENTEE_LEVELS[1]),
    )
    years = np.array([LEVEL_YEARS[level] for level in levels]) + rng.integers(0, 4, n)
    capacity = np.where(
        is_mentor, rng.choice(MENTOR_CAPACITY[0], size=n, p=MENTOR_CAPACITY[1]), 1
    )

    first = rng.choice(FIRST_NAMES, size=n)
    last = rng.choice(LAST_NAMES, size=n)
    names = [f"{f} {s}" for f, s in zip(first, last, strict=True)]
    emails = [
        f"{f}.{s}.{i + 1}@example.org".lower()
        for i, (f, s) in enumerate(zip(first, last, strict=True))
    ]

    core = np.array([DEPARTMENTS[d] for d in dept_names], dtype=object)
    core_order = np.argsort(rng.random((n, 6)), axis=1)
    core_count = rng.integers(2, 5, n)
    shared_order = np.argsort(rng.random((n, len(SHARED_SKILLS))), axis=1)
    shared_count = rng.integers(0, 3, n)
    skills = [
        list(
            dict.fromkeys(
                [core[dept[i]][j] for j in core_order[i, : core_count[i]]]
                + [SHARED_SKILLS[j] for j in shared_order[i, : shared_count[i]]]
            )
        )
        for i in range(n)
    ]

    second_language = rng.random(n) < 0.6
    local_only = rng.random(n) < 0.03
    languages = []
    for i in range(n):
        local = PLACES[place[i]][2]
        if local and local_only[i]:
            languages.append([local])
        elif local and second_language[i]:
            languages.append(["English", local])
        else:
            languages.append(["English"])

    slot_days = np.argsort(rng.random((n, 5)), axis=1)
    slot_count = rng.integers(2, 5, n)
    slot_start = rng.integers(8, 17, (n, 4))
    slot_len = rng.integers(1, 3, (n, 4))
    days = ["Mon", "Tue", "Wed", "Thu", "Fri"]
    availability = [
        [
            f"{days[slot_days[i, k]]} {slot_start[i, k]:02d}:00-"
            f"{min(slot_start[i, k] + slot_len[i, k], 19):02d}:00"
            for k in range(slot_count[i])
        ]
        for i in range(n)
    ]

    channel_draw = rng.random((n, len(CHANNELS))) < CHANNEL_ODDS
    channel_draw[:, 0] |= ~channel_draw.any(axis=1)
    channels = [
        [c for c, keep in zip(CHANNELS, row, strict=True) if keep] for row in channel_draw
    ]
    format_draw = rng.random((n, len(FORMATS))) < FORMAT_ODDS
    formats = [
        [f for f, keep in zip(FORMATS, row, strict=True) if keep] for row in format_draw
    ]

    goal_pick = rng.integers(0, 1000, n)
    goals = []
    for i in range(n):
        templates = MENTOR_GOALS if is_mentor[i] else MENTEE_GOALS
        a, b = (skills[i] * 2)[:2]
        goals.append(templates[goal_pick[i] % len(templates)].format(a=a, b=b))

    mentor_ids = ids[:mentors]
    offered = [s if is_mentor[i] else [] for i, s in enumerate(skills)]
    sought = [[] if is_mentor[i] else s for i, s in enumerate(skills)]
    manager, avoid, preferred = _relations(rng, dept, is_mentor, mentor_ids)

    joined = [
        datetime.combine(start, time(9), tzinfo=UTC) - timedelta(days=int(d))
        for d in rng.integers(3, 30, n)
    ]
    consents = [{"confidentiality": j, "data_use": j} for j in joined]

    return pd.DataFrame(
        {
            "id": ids,
            "cohort": cohort,
            "role": np.where(is_mentor, "mentor", "mentee"),
            "name": names,
            "email": emails,
            "department": [dept_names[d] for d in dept],
            "manager_id": pd.Series(manager, dtype=object),
            "seniority": levels,
            "years_experience": years.astype(float),
            "location": [PLACES[p][1] for p in place],
            "timezone": [PLACES[p][0] for p in place],
            "languages": languages,
            "skills_offered": offered,
            "skills_sought": sought,
            "goals": goals,
            "availability": availability,
            "channels": channels,
            "formats": formats,
            "capacity": capacity,
            "avoid": avoid,
            "preferred": preferred,
            "consents": consents,
            "status": "active",
        },
        columns=list(Participant.model_fields),
    )


def _relations(
    rng: np.random.Generator,
    dept: np.ndarray,
    is_mentor: np.ndarray,
    mentor_ids: np.ndarray,
) -> tuple[list, list, list]:
    """Reporting lines, avoid lists and ranked wishes for mentees."""
    n = len(dept)
    manager: list[str | None] = [None] * n
    avoid: list[list[str]] = [[] for _ in range(n)]
    preferred: list[list[str]] = [[] for _ in range(n)]
    if len(mentor_ids) == 0:
        return manager, avoid, preferred
    mentor_dept = dept[: len(mentor_ids)]
    draws = rng.random((n, 3))
    picks = rng.integers(0, len(mentor_ids), (n, 4))
    for i in np.flatnonzero(~is_mentor):
        same = np.flatnonzero(mentor_dept == dept[i])
        if draws[i, 0] < 0.08 and len(same):
            manager[i] = str(mentor_ids[same[picks[i, 0] % len(same)]])
        if draws[i, 1] < 0.05:
            avoid[i] = [str(mentor_ids[picks[i, 1]])]
        if draws[i, 2] < 0.3:
            ranked = dict.fromkeys(str(mentor_ids[j]) for j in picks[i, 1:])
            ranked.pop(avoid[i][0] if avoid[i] else None, None)
            preferred[i] = list(ranked)[: 1 + picks[i, 0] % 3]
    return manager, avoid, preferred
