"""SMART analysis of a goal written in plain language, fast enough for every keystroke.

Rules, not a model: the deadline phrase is found first (by, before, within, end of
Q2, 30/06/2027, ...) and resolved against today (a day without a year is the next
such day, never one past); numbers inside it are dates, not measures. What is left
is read for the action (a concrete verb and what it acts on, not "get better at" or
"be more"), and for the measure (a number, a percentage, an amount, a frequency, an
exam or certificate). Achievable and relevant need the
mentee and the program; without them they say what they would need.

The rules are checked against the labelled goals in ``tests/data/smart_goals.csv``;
``benchmarks/bench_smart.py`` prints precision and recall per criterion.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from dateutil.parser import ParserError
from dateutil.parser import parse as parse_date
from dateutil.relativedelta import relativedelta

from mentorkit.domain.records import long_date, span

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30, "fifty": 50, "hundred": 100,
    "few": 3, "couple": 2, "several": 3,
}  # fmt: skip
UNITS = {"day": "days", "week": "weeks", "month": "months", "quarter": "quarter",
         "year": "years", "sprint": "sprint"}  # fmt: skip

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_COUNT = r"\d+|" + "|".join(NUMBER_WORDS)
_DATE = (
    rf"\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}[/.]\d{{1,2}}\.?(?![\d/.])"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH})\b\.?(?:,?\s+\d{{4}})?"
    rf"|(?:{_MONTH})\b\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"
    rf"|(?:{_MONTH})\b\.?(?:\s+\d{{4}})?"
)
_ORDINAL = r"first|second|third|fourth|last|1st|2nd|3rd|4th"
_PART = (  # parts of a year, the longest first
    rf"(?:{_ORDINAL})\s+quarter(?:\s+of\s+the\s+year)?|(?:first|second|1st|2nd)\s+half"
    r"(?:\s+of\s+the\s+year)?|h[12]|fy\s?\d{2,4}"
    r"|(?:(?:spring|fall|autumn|summer|winter)\s+)?(?:semester|term)"
)
_PERIOD = rf"{_PART}|q[1-4]|year|month|quarter|sprint|week|fiscal year|financial year"
_OF_YEAR = r"(?:,?\s+(?:of\s+)?(?P<year>\d{4}))?"
# Each pattern names its parts; the first that matches a span wins.
TIME_PATTERNS = [
    re.compile(
        rf"\b(?:by|before|until|till|no later than)\s+(?:the\s+)?end\s+of\s+(?:the\s+)?"
        rf"(?P<which>this\s+|next\s+|the\s+)?(?P<period>{_PERIOD}|{_MONTH}|\d{{4}})"
        rf"{_OF_YEAR}\b",
        re.I,
    ),
    re.compile(
        rf"\b(?:at\s+the\s+)?end\s+of\s+(?:the\s+)?(?P<which>this\s+|next\s+)?"
        rf"(?P<period>{_PERIOD}|{_MONTH}|\d{{4}}){_OF_YEAR}\b",
        re.I,
    ),
    re.compile(  # "by Q3 2027", "in the second half of 2027", "by FY27"
        rf"\b(?:by|before|until|till|in|during|no later than)\s+(?:the\s+)?"
        rf"(?P<which>this\s+|next\s+)?(?P<period>{_PART}|q[1-4]){_OF_YEAR}\b",
        re.I,
    ),
    re.compile(
        rf"\b(?:by|before|until|till|on|from|starting|no later than)\s+(?:the\s+)?"
        rf"(?P<date>{_DATE})",
        re.I,
    ),
    re.compile(
        rf"\b(?:within|in|over|during|for)\s+(?:the\s+)?(?:next|coming|following)?\s*"
        rf"(?P<count>{_COUNT})\s+(?P<unit>day|week|month|quarter|year)s?\b",
        re.I,
    ),
    re.compile(
        r"\b(?:in|over|during)\s+the\s+(?:next|coming)\s+(?:few\s+)?"
        r"(?P<unit>day|week|month|quarter|year)s\b",
        re.I,
    ),
    re.compile(
        rf"\b(?:by|before|until|starting|from|within|in|during|this|next)?\s*"
        rf"(?P<which>this|next|the coming)\s+(?P<period>{_PERIOD}|"
        rf"{'|'.join(WEEKDAYS)})\b",
        re.I,
    ),
    re.compile(r"\b(?:in|by|before|during|until)\s+(?P<year>20\d\d)\b", re.I),
    re.compile(rf"\b(?:by|before|until|in)\s+(?P<date>{_DATE})", re.I),
]

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


def _end_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _end_of_quarter(day: date, ahead: int = 0) -> date:
    quarter = (day.month - 1) // 3 + ahead
    year = day.year + quarter // 4
    return _end_of_month(year, (quarter % 4) * 3 + 3)


def _count(text: str) -> int:
    text = text.lower()
    return int(text) if text.isdigit() else NUMBER_WORDS.get(text, 1)


def _resolve(found: re.Match, today: date) -> date | None:
    """The date a time phrase points to (its end, for a horizon)."""
    parts = {k: v for k, v in found.groupdict().items() if v}
    which = parts.get("which", "").strip().lower()
    if "count" in parts or ("unit" in parts and "period" not in parts):
        unit = parts["unit"].lower()
        count = _count(parts.get("count", "three"))
        step = {
            "day": relativedelta(days=count),
            "week": relativedelta(weeks=count),
            "month": relativedelta(months=count),
            "quarter": relativedelta(months=3 * count),
            "year": relativedelta(years=count),
        }[unit]
        return today + step
    if "period" in parts:
        period = parts["period"].lower()
        year = int(parts["year"]) if "year" in parts else None
        ahead = 1 if which.startswith("next") or which == "the coming" else 0
        part = _part_of_year(period, year, ahead, today)
        if part is not None:
            return part
        if re.fullmatch(r"q[1-4]", period):
            target = int(period[1])
            year = year or today.year
            end = _end_of_month(year, target * 3)
            return (
                end
                if end >= today or "year" in parts
                else _end_of_month(year + 1, target * 3)
            )
        if period in ("year", "fiscal year", "financial year"):
            return date(today.year + ahead, 12, 31)
        if period == "quarter":
            return _end_of_quarter(today, ahead)
        if period == "month":
            return _end_of_month(*(today + relativedelta(months=ahead)).timetuple()[:2])
        if period == "week":
            return today + timedelta(days=6 - today.weekday() + 7 * ahead)
        if period == "sprint":
            return today + timedelta(days=14 * (1 + ahead))
        if period.isdigit():
            return date(int(period), 12, 31)
        if period in MONTHS:
            month = MONTHS[period]
            year = year or (today.year if month >= today.month else today.year + 1)
            return _end_of_month(year, month)
        if period in WEEKDAYS:
            days = (WEEKDAYS[period] - today.weekday()) % 7 or 7
            return today + timedelta(days=days + (7 if which.startswith("next") else 0))
    if "date" in parts:
        text = parts["date"].strip().rstrip(".")
        words = text.lower().replace(",", " ").split()
        numeric = _numeric(text, today) if re.match(r"\d{1,2}[/.-]\d", text) else None
        if numeric is not None:
            return numeric
        if (
            len(words) <= 2
            and words[0] in MONTHS
            and (len(words) == 1 or (words[1].isdigit() and len(words[1]) == 4))
        ):
            month = MONTHS[words[0]]
            year = (
                int(words[1])
                if len(words) == 2
                else (today.year if month >= today.month else today.year + 1)
            )
            return _end_of_month(year, month)
        return _next_day(text, today)
    if "year" in parts:
        return date(int(parts["year"]), 12, 31)
    return None


QUARTERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
            "fourth": 4, "4th": 4, "last": 4}  # fmt: skip


def _part_of_year(period: str, year: int | None, ahead: int, today: date) -> date | None:
    """The end of a quarter, half, semester or fiscal year named in words; the next
    one to end when no year is given (fiscal years are calendar years here)."""
    period = " ".join(period.split()).removesuffix(" of the year")
    if fy := re.fullmatch(r"fy\s?(\d{2}|\d{4})", period):
        return date(int(fy.group(1)) % 100 + 2000 if len(fy.group(1)) == 2
                    else int(fy.group(1)), 12, 31)  # fmt: skip
    if period in ("fiscal year", "financial year"):
        return date(today.year + ahead, 12, 31)
    ends: list[tuple[int, int]] = []
    words = period.split()
    if words[-1] == "quarter" and len(words) == 2:
        ends = [(QUARTERS[words[0]] * 3, 0)]
    elif words[-1] == "half" or period in ("h1", "h2"):
        ends = [(6, 30)] if words[0] in ("first", "1st", "h1") else [(12, 31)]
    elif words[-1] in ("semester", "term"):
        season = words[0] if len(words) == 2 else ""
        ends = ([(6, 30)] if season in ("spring", "summer")
                else [(12, 31)] if season in ("fall", "autumn", "winter")
                else [(6, 30), (12, 31)])  # fmt: skip
    if not ends:
        return None
    candidates = sorted(
        _end_of_month(y, m) if d == 0 else date(y, m, d)
        for y in ([year] if year else range(today.year, today.year + 3))
        for m, d in ends
    )
    if year:
        return candidates[-1] if len(ends) == 1 else candidates[0]
    upcoming = [c for c in candidates if c >= today]
    return upcoming[min(ahead, len(upcoming) - 1)]


def _numeric(text: str, today: date, dayfirst: bool = True) -> date | None:
    """A numeric date: 31/12, 12/31, 31.12., 15.3.2027; an order that only one
    reading allows wins, else day first; without a year, the next such day."""
    found = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?\.?", text)
    if not found:
        return None
    a, b = int(found.group(1)), int(found.group(2))
    day, month = (a, b) if a > 12 or (dayfirst and b <= 12) else (b, a)
    if found.group(3):
        year = int(found.group(3))
        years = [year + 2000 if year < 100 else year]
    else:
        years = list(range(today.year, today.year + 9))
    for year in years:
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if found.group(3) or candidate >= today:
            return candidate
    return None


def _next_day(text: str, today: date) -> date | None:
    """The day ``text`` names; without a year, the next such day from today on (a
    29 February waits for a leap year)."""
    has_year = re.search(r"\d{4}|\d[/.-]\d", text) is not None
    for year in [today.year] if has_year else range(today.year, today.year + 9):
        try:
            day = parse_date(text, dayfirst=True, default=datetime(year, 1, 1)).date()
        except (ParserError, ValueError, OverflowError):
            continue
        if has_year or day >= today:
            return day
    return None


def find_deadline(
    text: str, today: date
) -> tuple[str, date | None, tuple[int, int]] | None:
    """The goal's time phrase, the date it resolves to, and where it is in the text."""
    for pattern in TIME_PATTERNS:
        found = pattern.search(text)
        if found and found.group(0).strip():
            return found.group(0).strip(), _resolve(found, today), found.span()
    return None


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
