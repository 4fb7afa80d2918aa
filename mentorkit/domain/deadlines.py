"""Deadlines in a goal as people write them: the phrase (by, before, within, end of
Q2, 30/06/2027, the fourth quarter, FY27, the spring semester ...) and the day it
means, resolved against today: a day without a year is the next such day, never one
past; a horizon ends where it says; fiscal years are calendar years here.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from dateutil.parser import ParserError
from dateutil.parser import parse as parse_date
from dateutil.relativedelta import relativedelta

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
        rf"(?P<count>{_COUNT})\s+(?P<unit>hour|day|week|month|quarter|year)s?\b",
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
    re.compile(r"\b(?:by\s+|before\s+|until\s+)?(?P<day>today|tonight|tomorrow)\b", re.I),
    re.compile(  # an event of the care or the course, not a day: "before discharge"
        r"\b(?:by|before|until|at|prior\s+to)\s+(?:the\s+)?(?:time\s+of\s+)?"
        r"(?:(?:next|first|following|final)\s+)?(?:scheduled\s+)?(?:discharge|"
        r"(?:clinic\s+)?(?:visit|appointment|session|review|evaluation|exam|graduation))\b",
        re.I,
    ),
    re.compile(  # a day and month anywhere: "an appointment of Jan. 15th"
        rf"(?P<date>\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH})\b\.?"
        rf"(?:,?\s+\d{{4}})?|\b(?:{_MONTH})\b\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
        rf"(?:,?\s+\d{{4}})?)",
        re.I,
    ),
]


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
            "hour": relativedelta(hours=count),
            "day": relativedelta(days=count),
            "week": relativedelta(weeks=count),
            "month": relativedelta(months=count),
            "quarter": relativedelta(months=3 * count),
            "year": relativedelta(years=count),
        }[unit]
        ends = datetime.combine(today, datetime.min.time()) + step
        return ends.date()
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
    if "day" in parts:
        return today + timedelta(days=parts["day"].lower() == "tomorrow")
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
