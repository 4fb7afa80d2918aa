"""SMART analysis of a goal written in plain language, fast enough for every keystroke.

The rules read the goal first (``domain.smart_reading``: the deadline resolved
against today, the action, the measure, each named by its kind); a small linear model
per criterion (``domain.smart_model``) then weighs those findings with the goal's own
words and decides specific, measurable and time-bound, keeping the rules' evidence
where they agree. Achievable and relevant need the mentee and the program; without
them they say what they would need.

``benchmarks/bench_smart.py`` prints accuracy, precision and recall per criterion on
the labelled corpus, grouped by source, beside the rules alone and a naive baseline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from mentorkit.domain.records import long_date, span
from mentorkit.domain.smart_model import Linear, SmartModel, features, shipped
from mentorkit.domain.smart_reading import (
    QUESTIONS,
    Check,
    Reading,
    action_of,
    content_words,
    read_goal,
)

CHECKS_TO_PURSUE = 3  # of the five, for a goal to be pursued rather than drafted


@dataclass(frozen=True)
class GoalContext:
    """What sharpens the achievable and relevant checks: today, the program, the mentee."""

    today: date
    program_end: date | None = None
    skills_sought: tuple[str, ...] = ()
    goals: str = ""

    @classmethod
    def of(cls, mentee, program, today: date | None = None) -> GoalContext:
        """The context of a mentee (a Participant) in a program (a Program)."""
        return cls(
            today=today or date.today(),
            program_end=program.end_date,
            skills_sought=tuple(mentee.skills_sought),
            goals=mentee.goals,
        )


@dataclass(frozen=True)
class Assessment:
    specific: Check
    measurable: Check
    achievable: Check
    relevant: Check
    time_bound: Check
    due: date | None = None
    criteria: tuple[str, ...] = field(
        default=("specific", "measurable", "achievable", "relevant", "time_bound"),
        repr=False,
    )

    @property
    def is_smart(self) -> bool:
        """Every criterion met; achievable and relevant may be unknown (no context)."""
        return all(getattr(self, c).met is not False for c in self.criteria) and all(
            getattr(self, c).met for c in ("specific", "measurable", "time_bound")
        )

    def unmet(self) -> list[str]:
        return [c for c in self.criteria if getattr(self, c).met is False]

    @property
    def met_count(self) -> int:
        """How many criteria are met; one that cannot be judged is not."""
        return sum(getattr(self, c).met is True for c in self.criteria)

    @property
    def ready_to_pursue(self) -> bool:
        """Enough is met to pursue the goal; below that it is a draft to work on with
        the mentor."""
        return self.met_count >= CHECKS_TO_PURSUE


def assess_goal(
    text: str, context: GoalContext | None = None, *, model: SmartModel | None = None
) -> Assessment:
    """Check a goal against the five SMART criteria; see the module's notes. ``model``
    weighs the rules' findings (the shipped one unless given: the benchmark gives one
    fitted without the goals it scores)."""
    today = context.today if context else date.today()
    reading = read_goal(text, today)
    weigh = model or shipped()
    checks = dict(reading.checks)
    if weigh is not None:
        found = features(reading.rest, reading.findings, reading.deadline)
        for criterion, linear in weigh.criteria.items():
            checks[criterion] = _weighed(criterion, reading, linear, found)
    return Assessment(
        specific=checks["specific"],
        measurable=checks["measurable"],
        achievable=_achievable(reading.due, today, context),
        relevant=_relevant(reading.text, context),
        time_bound=checks["time_bound"],
        due=reading.due,
    )


def _weighed(criterion: str, reading: Reading, linear: Linear, found: frozenset) -> Check:
    """The model's verdict on one criterion, with the rules' evidence where they agree
    and the words that decided it where they do not. A deadline that has passed stays
    unmet whatever the words say, and so does a thing named only by its kind ("a new
    certificate": which one?), as the labelling guide says outright."""
    rule = reading.checks[criterion]
    if criterion == "time_bound" and reading.findings["deadline"] == "passed":
        return rule
    if criterion == "specific" and reading.findings["action"] in DEFINITE:
        return rule
    met = linear.likelihood(found) >= 0.5
    if met == rule.met:
        return rule
    words = ", ".join(f"'{w}'" for w in linear.strongest(found, 1 if met else -1))
    if met and criterion == "specific":  # the action itself, as the rules quote it
        verb, obj = action_of(reading.rest)
        return Check(True, f"{verb} {' '.join(obj.split()[:8])}".strip())
    if met:
        return Check(True, f"{WEIGHED_MET[criterion]}{': ' + words if words else ''}")
    said = f"{words} {WEIGHED_UNMET[criterion]}" if words else WEIGHED_UNMET[criterion]
    return Check(False, said.strip(), QUESTIONS[criterion])


DEFINITE = {"unnamed", "none"}  # the rules' readings of specific the model cannot overturn
WEIGHED_MET = {
    "specific": "names a concrete action",
    "measurable": "names a result that can be checked",
    "time_bound": "names a time",
}
WEIGHED_UNMET = {
    "specific": "read as a direction rather than a concrete result",
    "measurable": "do not yet say how you will know it is done",
    "time_bound": "do not yet say by when",
}


def _achievable(due: date | None, today: date, context: GoalContext | None) -> Check:
    if context is None or context.program_end is None:
        return Check(None, "needs the program's end date and today's date to judge",
                     QUESTIONS["achievable"])  # fmt: skip
    left = f"{span(max(0, (context.program_end - today).days))} left in the program"
    if due is None:
        return Check(False, f"no date to weigh against {left}", QUESTIONS["achievable"])
    if due < today:
        return Check(False, f"{long_date(due)} has passed", QUESTIONS["achievable"])
    if due > context.program_end + timedelta(days=31):
        return Check(
            False,
            f"due {long_date(due)}, after the program ends "
            f"({long_date(context.program_end)})",
            QUESTIONS["achievable"],
        )
    days = (due - today).days
    return Check(True, f"due {long_date(due)}, {f'in {span(days)}' if days else 'today'}; "
                 f"{left}")  # fmt: skip


def _relevant(text: str, context: GoalContext | None) -> Check:
    if context is None or not (context.skills_sought or context.goals):
        return Check(None, "needs the mentee's skills sought and goals to judge",
                     QUESTIONS["relevant"])  # fmt: skip
    lowered = text.lower()
    skills = [s for s in context.skills_sought if s.lower() in lowered]
    if skills:
        return Check(True, f"develops {', '.join(skills)}")
    shared = sorted(
        content_words([text]) & content_words([context.goals, *context.skills_sought])
    )
    shared = [w for w in shared if len(w) > 3]
    if shared:
        return Check(True, f"links to the mentee's goals: {', '.join(shared[:4])}")
    return Check(False, "names none of the mentee's skills sought or goals",
                 QUESTIONS["relevant"])  # fmt: skip
