"""SMART analysis of a goal written in plain language, fast enough for every keystroke.

Rules, not a model: the deadline phrase is found first (``domain.deadlines``) and
resolved against today; numbers inside it are dates, not measures. What is left
is read for the action (a concrete verb and what it acts on, not "get better at" or
"be more"), and for the measure (a number, a percentage, an amount, a frequency, an
exam or certificate). Achievable and relevant need the
mentee and the program; without them they say what they would need.

The rules are checked against the labelled goals in ``tests/data/smart_goals.csv``;
``benchmarks/bench_smart.py`` prints precision and recall per criterion.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from mentorkit.domain.deadlines import NUMBER_WORDS, find_deadline
from mentorkit.domain.records import long_date, span

VAGUE_STARTS = re.compile(
    r"^(?:get\s+(?:better|more|good)|be(?:come)?\b|feel\b|learn\b|understand\b|know\b"
    r"|develop\b|work\s+on\b|think\b|look\s+after\b|take\s+on\s+more\b|go\s+back\b"
    r"|do\s+more\b|find\b|contribute\b|network\b|grow\s+as\b|focus\b|try\b"
    r"|explore\b|manage\s+\w+\s+better|make\s+.*\bmore\b)",
    re.I,
)
CHANGE_VERBS = {"improve", "increase", "reduce", "cut", "raise", "grow", "lower", "boost",
                "decrease", "speed", "sell"}  # fmt: skip
COMPARATIVES = re.compile(
    r"\b(?:better|more|less|faster|calmer|stronger|bigger|smarter|harder|often|well)\b",
    re.I,
)
ABSTRACT = re.compile(
    r"\b(?:relationships?|trust|skills?|confidence|career|balance|quality|processes|"
    r"myself|mindset|presence)\b",
    re.I,
)
LEAD_IN = re.compile(
    r"^(?:i\s+(?:want|would\s+like|'d\s+like|plan|hope|aim|intend|need)\s+to\s+|"
    r"i\s+will\s+|i'll\s+|to\s+|my\s+goal\s+is\s+to\s+)",
    re.I,
)
MEASURES = [
    re.compile(r"[$€£]\s?\d[\d,.]*\s*[km]?\b|\b\d[\d,.]*\s*(?:%|percent|k\b|x\b)", re.I),
    re.compile(r"(?<![\w/.-])\d+(?:[.,]\d+)?(?![\w/-])"),
    re.compile(r"\b\d+-(?:minute|hour|day|week|month|word|page|person|step)s?\b", re.I),
    re.compile(
        r"\b(?:" + "|".join(w for w in NUMBER_WORDS if w not in {"a", "an"}) + r")\b"
        r"(?!-on-)",
        re.I,
    ),
    re.compile(
        r"\b(?:every|each|per)\s+\w+|\b(?:a|per)\s+(?:day|week|month|quarter|year)\b"
        r"|\btwice\b|(?<!the )(?<!our )(?<!my )(?<!this )"
        r"\b(?:daily|weekly|fortnightly|monthly)\s+\w+",
        re.I,
    ),
    re.compile(
        r"\b(?:pass|passing|earn|obtain|achieve|get)\b[^.]*\b(?:exam|certificat\w*|"
        r"certified|level\s+[ivx\d])",
        re.I,
    ),
]
OBJECT_WORDS = re.compile(r"[a-z][a-z'-]+", re.I)
STOPWORDS = {
    "the", "a", "an", "my", "our", "to", "of", "for", "with", "and", "in", "on", "at",
    "it", "them", "me", "i", "this", "that", "some", "all", "any",
}  # fmt: skip

QUESTIONS = {
    "specific": "What exactly will you do, and what will be different when it is done?",
    "measurable": "How will you and your mentor know it is done: what number, count or "
    "result will show it?",
    "time_bound": "By when? Pick a date or a horizon, e.g. 'by 30 June' or 'within 3 "
    "months'.",
    "achievable": "Can it be done in the time left in the program, alongside your work? "
    "If not, which part can?",
    "relevant": "How does this connect to the skills you want to develop and your "
    "career goals?",
}


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
class Check:
    """One criterion: met (None when it cannot be judged), the evidence, a question."""

    met: bool | None
    evidence: str = ""
    question: str = ""


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


def _action(text: str) -> tuple[str, str]:
    """The goal's first verb and the words after it."""
    body = LEAD_IN.sub("", text.strip()).strip()
    words = body.split(maxsplit=1)
    if not words:
        return "", ""
    return words[0].lower().strip(",."), (words[1] if len(words) > 1 else "")


def _specific(text: str, rest: str, has_number: bool) -> Check:
    verb, obj = _action(rest)
    body = LEAD_IN.sub("", rest.strip())
    content = [w for w in OBJECT_WORDS.findall(obj.lower()) if w not in STOPWORDS]
    reason = ""
    if not verb:
        reason = "no action found"
    elif VAGUE_STARTS.match(body):
        reason = f"'{' '.join(body.split()[:3])}' says a direction, not an action"
    elif verb in CHANGE_VERBS and not has_number:
        reason = f"'{verb}' without a starting point or target"
    elif COMPARATIVES.search(obj) and not has_number:
        reason = f"'{COMPARATIVES.search(obj).group(0)}' compares, but to what?"
    elif not content:
        reason = f"'{verb}' what?"
    elif ABSTRACT.search(obj) and not has_number and len(content) <= 3:
        reason = f"'{ABSTRACT.search(obj).group(0)}' is broad; name a concrete result"
    if reason:
        return Check(False, reason, QUESTIONS["specific"])
    return Check(True, f"{verb} {' '.join(obj.split()[:8])}".strip())


def _measurable(rest: str) -> Check:
    for pattern in MEASURES:
        found = pattern.search(rest)
        if found:
            return Check(True, found.group(0).strip())
    return Check(False, "no number, amount, frequency or exam", QUESTIONS["measurable"])


def _words(values: Iterable[str]) -> set[str]:
    return {
        w for v in values for w in OBJECT_WORDS.findall(v.lower()) if w not in STOPWORDS
    }


def assess_goal(text: str, context: GoalContext | None = None) -> Assessment:
    """Check a goal against the five SMART criteria; see the module's notes."""
    today = context.today if context else date.today()
    text = " ".join(str(text).split())
    deadline = find_deadline(text, today)
    rest = text
    if deadline:
        start, end = deadline[2]
        rest = (text[:start] + " " + text[end:]).strip()
    measurable = _measurable(rest)
    specific = _specific(text, rest, measurable.met)
    due = deadline[1] if deadline else None
    if deadline and due is not None and due < today:
        when = f"'{deadline[0].rstrip('.')}' = {long_date(due)}, which has passed"
        time_bound = Check(False, when, "That date has passed: by when will you reach "
                                        "it now?")  # fmt: skip
    elif deadline:
        when = f"'{deadline[0].rstrip('.')}'" + (f" = {long_date(due)}" if due else "")
        time_bound = Check(True, when)
    else:
        time_bound = Check(False, "no date or horizon", QUESTIONS["time_bound"])
    return Assessment(
        specific=specific,
        measurable=measurable,
        achievable=_achievable(due, today, context),
        relevant=_relevant(text, context),
        time_bound=time_bound,
        due=due,
    )


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
    shared = sorted(_words([text]) & _words([context.goals, *context.skills_sought]))
    shared = [w for w in shared if len(w) > 3]
    if shared:
        return Check(True, f"links to the mentee's goals: {', '.join(shared[:4])}")
    return Check(False, "names none of the mentee's skills sought or goals",
                 QUESTIONS["relevant"])  # fmt: skip
