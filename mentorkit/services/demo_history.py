"""A past period for the demo: pairs that have been working together for months.

``fill_history`` matches the demo cohort as it was on the program's first day and
writes what followed — agreements, goals with milestones, meetings and both sides'
reflections — so the health workbook and the reports show a living program. The
pairs follow a few typical courses, in turn: steady pairs, pairs that lapsed, pairs
with action items past due, pairs whose pulse fell, a pair that has not signed its
agreement, a pair closed without blame, and pairs matched only days ago. The pairs
agreed six months (``AGREED_MONTHS``), so the oldest reach their end about a month
after the demo's today and ask for their closing reflections then.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import numpy as np

from mentorkit.domain.agreements import Agreement, default_terms
from mentorkit.domain.goals import Goal, GoalStatus, Milestone
from mentorkit.domain.meetings import ActionItem, Meeting, Reflection
from mentorkit.matching import propose_matches
from mentorkit.services.matching_runs import cohort_sides, save_drafts
from mentorkit.services.wording import wording
from mentorkit.store import Store

COURSES = ("steady", "lapsed", "steady", "overdue", "new", "falling", "steady",
           "unsigned", "closed", "steady", "steady", "new", "steady", "steady",
           "steady", "steady")  # fmt: skip
AGREED_MONTHS = 6  # the demo's agreements: the shortest relationship the design allows

GOALS = [
    (
        "Lead two {a} reviews for my team by {due:%d %B %Y}, with written feedback "
        "from the team lead after each one",
        "reviews led",
        "0",
        "2",
    ),
    (
        "Complete a {a} course and apply it in one project deliverable by {due:%d %B %Y}",
        "course modules finished",
        "0 of 6",
        "6 of 6",
    ),
    (
        "Present our {a} results to the department at the quarterly meeting by "
        "{due:%d %B %Y}",
        "presentations given",
        "0",
        "1",
    ),
]
MILESTONES = [
    "Agree the scope with my manager",
    "Finish a first draft and ask my mentor for feedback",
    "Run a practice session with a colleague",
]
TOPICS = ["career path", "feedback", "stakeholders", "planning", "presenting",
          "confidence", "prioritising", "networking"]  # fmt: skip
DISCUSSED = [
    "We went through the draft plan and where it is stuck.",
    "We talked about how to ask for feedback early.",
    "We prepared the conversation with my manager.",
    "We looked back at the last review and what it taught us.",
]
LEARNED = [
    "Asking one clear question gets better answers than a long update.",
    "Writing the next step down before leaving makes it happen.",
    "A short practice run takes the fear out of presenting.",
]
WENT_WELL = ["Clear agenda, we kept to time.", "Honest conversation.", "Good energy."]
TO_CHANGE = ["Send the agenda a day earlier.", "Less status, more practice.", ""]
ACTIONS = [
    "Send the draft to my mentor",
    "Book a slot with the team lead",
    "Read the chapter on stakeholder maps",
    "Share two examples from past projects",
]


def fill_history(store: Store, cohort: str, today: date, seed: int = 0) -> int:
    """Match ``cohort`` on the program's start day and write the months since.

    Returns the number of pairs. The same store, day and seed give the same history.
    """
    rng = np.random.default_rng(seed)
    program = store.program()
    start = program.start_date
    mentors, mentees = cohort_sides(store, cohort)
    proposal = propose_matches(mentors, mentees, on=start)
    drafts = save_drafts(store, cohort, proposal.pairs)
    courses = [COURSES[n % len(COURSES)] for n in range(len(drafts))]
    started = [
        today - timedelta(days=int(rng.integers(2, 6)))
        if course == "new"
        else start + timedelta(days=int(rng.integers(0, 8)))
        for course in courses
    ]
    store.replace_drafts(
        cohort,
        [
            m.updated(id=None, created_at=_moment(day))
            for m, day in zip(drafts, started, strict=True)
        ],
    )
    store.publish_drafts(cohort)
    terms = default_terms(program, wording("agreement")).updated(
        duration_months=AGREED_MONTHS
    )
    people = store.participants(cohort=cohort).set_index("id")
    matches = store.matches(cohort).to_dict("records")
    for match, course, day in zip(matches, courses, started, strict=True):
        mentee = people.loc[match["mentee_id"]]
        _PairHistory(store, match, mentee, course, day, today, rng, terms).write()
    return len(matches)


def _moment(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


class _PairHistory:
    def __init__(self, store, match, mentee, course, started, today, rng, terms):
        self.store, self.match, self.course, self.rng = store, match, course, rng
        self.started, self.today = started, today
        self.mentee = mentee
        self.terms = terms

    def write(self) -> None:
        if self.course == "new":
            return
        self._agreement()
        goals = self._goals()
        days = self._meeting_days()
        for number, day in enumerate(days):
            self._meeting(number, day, goals, late=number >= len(days) - 2)
        if self.course == "closed":
            self.store.close_match(
                self.match["id"],
                "Our schedules no longer fit; we end the pair without blame.",
                at=_moment(self.today - timedelta(days=20)),
            )

    def _agreement(self) -> None:
        signed = _moment(self.started + timedelta(days=int(self.rng.integers(2, 9))))
        self.store.save_agreement(
            Agreement(
                match_id=self.match["id"],
                terms=self.terms,
                mentor_signed_at=signed,
                mentee_signed_at=None if self.course == "unsigned" else signed,
            )
        )

    def _goals(self) -> list[Goal]:
        skills = list(self.mentee["skills_sought"]) or ["planning"]
        goals = []
        for k in range(int(self.rng.integers(1, 3))):
            text, measure, baseline, target = GOALS[(k + int(self.match["id"])) % 3]
            due = self.started + timedelta(days=int(self.rng.integers(150, 240)))
            marks = [
                Milestone(
                    description=MILESTONES[i],
                    due_date=self.started + timedelta(days=40 * (i + 1)),
                    done_on=(
                        self.started + timedelta(days=40 * (i + 1) - 3)
                        if self.started + timedelta(days=40 * (i + 1)) < self.today
                        and self.course not in ("lapsed", "closed")
                        else None
                    ),
                )
                for i in range(3)
            ]
            goals.append(
                self.store.save_goal(
                    Goal(
                        participant_id=self.match["mentee_id"],
                        match_id=self.match["id"],
                        text=text.format(a=skills[k % len(skills)], due=due),
                        measure=measure,
                        baseline=baseline,
                        target=target,
                        strategies="Practise with my mentor before each step.",
                        due_date=due,
                        status=GoalStatus.ACTIVE,
                        milestones=marks,
                    )
                )
            )
        return goals

    def _meeting_days(self) -> list[date]:
        last = {
            "lapsed": self.started + timedelta(days=70),
            "closed": self.today - timedelta(days=25),
        }.get(self.course, self.today - timedelta(days=int(self.rng.integers(3, 15))))
        days, day = [], self.started + timedelta(days=int(self.rng.integers(5, 12)))
        while day <= last:
            days.append(day)
            day += timedelta(days=int(self.rng.integers(21, 33)))
        return days

    def _meeting(self, number: int, day: date, goals: list[Goal], late: bool) -> None:
        rng = self.rng
        meeting = self.store.log_meeting(
            Meeting(
                match_id=self.match["id"],
                held_on=day,
                minutes=int(rng.choice([45, 60, 60, 75, 90])),
                channel=str(rng.choice(["video", "video", "in_person", "phone"])),
                topics=list(rng.choice(TOPICS, size=2, replace=False)),
            )
        )
        progress = min(100, 15 * (number + 1))
        for author in (self.match["mentor_id"], self.match["mentee_id"]):
            self.store.save_reflection(
                Reflection(
                    meeting_id=meeting.id,
                    author_id=author,
                    discussed=str(rng.choice(DISCUSSED)),
                    learned=str(rng.choice(LEARNED)),
                    went_well=str(rng.choice(WENT_WELL)),
                    to_change=str(rng.choice(TO_CHANGE)),
                    action_items=self._actions(day, author, late),
                    goal_progress={g.id: progress for g in goals},
                    pulse=self._pulse(late),
                    shared=bool(rng.random() < 0.4),
                )
            )
        for goal in goals:
            self.store.save_goal(goal.updated(progress=progress))

    def _actions(self, day: date, author: str, late: bool) -> list[ActionItem]:
        due = day + timedelta(days=14)
        stays_open = due >= self.today or (self.course == "overdue" and late)
        return [
            ActionItem(
                text=str(self.rng.choice(ACTIONS)),
                owner_id=author,
                due_date=due,
                done=not stays_open,
            )
        ]

    def _pulse(self, late: bool) -> int:
        """Pulses of 4 and 5, but 3 at the last two meetings of a pair that is falling."""
        if self.course == "falling":
            return 3 if late else 5
        return int(self.rng.choice([4, 4, 5, 5, 3]))
