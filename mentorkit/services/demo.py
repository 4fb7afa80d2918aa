"""A realistic demo cohort, for trying the apps and for tests and benchmarks.

``generate_cohort`` draws every column as a whole array from one seeded generator,
so 10,000 participants take well under a second and the same seed gives the same
cohort.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from mentorkit.domain.participants import Participant
from mentorkit.domain.programs import CadenceRule, Cohort, Format, Program
from mentorkit.folder import ProgramFolder

DEMO_COHORT = "Demo cohort"
DEMO_START = date(2026, 1, 12)
HISTORY_DAYS = 150  # how long ago the demo program started, when it has a history

# Each department's core skills; everyone also draws from the shared skills.
DEPARTMENTS = {
    "Engineering": [
        "python",
        "system design",
        "cloud infrastructure",
        "code review",
        "security",
        "sql",
    ],
    "Data": [
        "data analysis",
        "machine learning",
        "sql",
        "python",
        "statistics",
        "data visualisation",
    ],
    "Product": [
        "product strategy",
        "user research",
        "roadmapping",
        "stakeholder management",
        "data analysis",
        "prioritisation",
    ],
    "Design": [
        "ux design",
        "visual design",
        "user research",
        "prototyping",
        "design systems",
        "accessibility",
    ],
    "Sales": [
        "negotiation",
        "sales strategy",
        "customer empathy",
        "forecasting",
        "public speaking",
        "account planning",
    ],
    "Marketing": [
        "marketing analytics",
        "content strategy",
        "brand",
        "writing",
        "campaign planning",
        "public speaking",
    ],
    "Finance": [
        "financial modelling",
        "budgeting",
        "forecasting",
        "compliance",
        "presenting to executives",
        "spreadsheets",
    ],
    "People": [
        "hiring",
        "coaching",
        "conflict resolution",
        "change management",
        "employment law",
        "people analytics",
    ],
    "Operations": [
        "operations planning",
        "vendor management",
        "project management",
        "process improvement",
        "budgeting",
        "negotiation",
    ],
    "Customer Support": [
        "customer empathy",
        "writing",
        "conflict resolution",
        "process improvement",
        "sql",
        "coaching",
    ],
}
DEPARTMENT_WEIGHTS = [0.24, 0.10, 0.10, 0.07, 0.12, 0.09, 0.08, 0.06, 0.08, 0.06]
SHARED_SKILLS = [
    "leadership",
    "people management",
    "public speaking",
    "time management",
    "career planning",
    "giving feedback",
    "presenting to executives",
    "networking",
    "writing",
    "stakeholder management",
]

# (time zone, city, a second language common there or "")
PLACES = [
    ("Europe/London", "London", ""),
    ("Europe/Paris", "Paris", "French"),
    ("Europe/Berlin", "Berlin", "German"),
    ("Europe/Madrid", "Madrid", "Spanish"),
    ("America/New_York", "New York", "Spanish"),
    ("America/Chicago", "Chicago", ""),
    ("America/Los_Angeles", "San Francisco", "Spanish"),
    ("America/Sao_Paulo", "São Paulo", "Portuguese"),
    ("Africa/Lagos", "Lagos", "Yoruba"),
    ("Asia/Kolkata", "Bengaluru", "Hindi"),
    ("Asia/Singapore", "Singapore", "Mandarin"),
    ("Asia/Tokyo", "Tokyo", "Japanese"),
    ("Australia/Sydney", "Sydney", ""),
]
PLACE_WEIGHTS = [
    0.16,
    0.09,
    0.08,
    0.05,
    0.15,
    0.07,
    0.10,
    0.05,
    0.04,
    0.09,
    0.05,
    0.03,
    0.04,
]

MENTOR_LEVELS = (["senior", "lead", "principal", "executive"], [0.35, 0.35, 0.2, 0.1])
MENTEE_LEVELS = (["entry", "junior", "mid", "senior"], [0.2, 0.35, 0.35, 0.1])
LEVEL_YEARS = {
    "entry": 0,
    "junior": 2,
    "mid": 5,
    "senior": 8,
    "lead": 11,
    "principal": 14,
    "executive": 18,
}

CHANNELS = ["video", "in_person", "phone", "chat"]
CHANNEL_ODDS = [0.95, 0.45, 0.3, 0.4]
FORMATS = ["one_on_one", "group", "peer", "speed"]
FORMAT_ODDS = [1.0, 0.3, 0.2, 0.25]
MENTOR_CAPACITY = ([1, 2, 3, 4], [0.45, 0.3, 0.18, 0.07])

FIRST_NAMES = [
    "Amara",
    "Ana",
    "Arjun",
    "Aylin",
    "Bea",
    "Bruno",
    "Carmen",
    "Chen",
    "Dara",
    "Diego",
    "Elif",
    "Emeka",
    "Eva",
    "Farah",
    "Felix",
    "Grace",
    "Hana",
    "Hugo",
    "Ines",
    "Ivan",
    "Jamal",
    "Jin",
    "Kai",
    "Kemi",
    "Lars",
    "Leila",
    "Luca",
    "Maya",
    "Mei",
    "Nadia",
    "Nikhil",
    "Noor",
    "Olu",
    "Omar",
    "Paula",
    "Priya",
    "Rafael",
    "Rosa",
    "Sam",
    "Sana",
    "Sofia",
    "Tariq",
    "Tom",
    "Uma",
    "Vera",
    "Wei",
    "Yara",
    "Yusuf",
    "Zara",
    "Zoe",
]
LAST_NAMES = [
    "Adeyemi",
    "Almeida",
    "Bauer",
    "Becker",
    "Bianchi",
    "Campbell",
    "Chen",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Gupta",
    "Haddad",
    "Ibrahim",
    "Ito",
    "Jansen",
    "Kaur",
    "Kim",
    "Kowalski",
    "Larsen",
    "Lopez",
    "Martin",
    "Mensah",
    "Moreau",
    "Murphy",
    "Nakamura",
    "Nguyen",
    "Novak",
    "Okafor",
    "Olsen",
    "Patel",
    "Pereira",
    "Rossi",
    "Santos",
    "Schmidt",
    "Silva",
    "Singh",
    "Suzuki",
    "Tanaka",
    "Taylor",
    "Walker",
    "Wang",
    "Weber",
    "Williams",
    "Yilmaz",
    "Zhang",
]

MENTEE_GOALS = [
    "Get better at {a} so I can take on {b} work within the next six months.",
    "Build confidence in {a}; I want to lead a {b} project by the end of the year.",
    "Move towards a role that needs {a} and {b}.",
    "Learn how senior people approach {a}, and practise {b} with feedback.",
    "Prepare for promotion: strengthen {a} and show results in {b}.",
]
MENTOR_GOALS = [
    "Share what I have learned about {a} and {b}.",
    "Help someone grow in {a}; I also want to practise coaching.",
    "Give back: happy to talk {a}, {b} and career choices.",
]


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
