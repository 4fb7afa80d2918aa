"""The base every validated record shares, and the field types several records use.

Validation lives here and on the models, nowhere else: the store, the importers,
the widgets and the CLI all build records through ``Record.from_dict``, which turns
pydantic's errors into one :class:`~mentorkit.errors.InvalidRecord` naming each field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time
from functools import lru_cache
from typing import Annotated, Any, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
)

from mentorkit.errors import InvalidRecord, Problem


class Record(BaseModel):
    """A validated domain record; ``from_dict`` is the one way in from outside."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        validate_assignment=True,
        use_enum_values=False,
    )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Validate ``data`` into a record, or raise InvalidRecord naming every field."""
        if isinstance(data, cls):
            return data
        try:
            return cls.model_validate(_without_missing(data))
        except ValidationError as exc:
            raise InvalidRecord(cls.record_name(data), problems_from(exc)) from None

    def updated(self, **changes: Any) -> Self:
        """A copy with ``changes`` applied and the whole record validated again."""
        return type(self).from_dict({**self.model_dump(), **changes})

    @classmethod
    def record_name(cls, data: Mapping[str, Any] | None = None) -> str:
        """How a message names the record: its kind and the most telling key it has."""
        data = data if isinstance(data, Mapping) else {}
        key = next((data[k] for k in ("email", "name", "id") if data.get(k)), None)
        return f"{cls.__name__.lower()} {key!r}" if key else cls.__name__.lower()


def _without_missing(data: Mapping[str, Any]) -> dict[str, Any]:
    """Drop the NaN and NA that DataFrames use for "no value", so defaults apply."""
    return {
        k: v
        for k, v in data.items()
        if not (isinstance(v, float) and v != v) and v is not _PANDAS_NA
    }


try:
    from pandas import NA as _PANDAS_NA
except ImportError:  # pragma: no cover - pandas is a dependency
    _PANDAS_NA = object()


_FRIENDLY = {
    "missing": "is required",
    "extra_forbidden": "is not a field of this record",
    "string_too_short": "must not be empty",
    "string_too_long": "is too long: {max_length:,} characters at most",
    "too_long": "has too many entries: {max_length} at most",
    "less_than_equal": "must be at most {le}",
    "greater_than_equal": "must be at least {ge}",
    "less_than": "must be less than {lt}",
    "greater_than": "must be more than {gt}",
    "float_parsing": "must be a number, such as 3 or 4.5",
    "float_type": "must be a number, such as 3 or 4.5",
    "int_parsing": "must be a whole number, such as 2",
    "int_from_float": "must be a whole number, such as 2",
    "int_type": "must be a whole number, such as 2",
}
_NOT_AN_EMAIL = "is not an e-mail address; write it like name@example.org"


def problems_from(exc: ValidationError) -> list[Problem]:
    """One Problem per pydantic error, with the field path and a plain message."""
    problems = []
    for error in exc.errors(include_url=False):
        loc = [str(part) for part in error["loc"] if part != "__root__"]
        field = ".".join(loc) or "record"
        message = _FRIENDLY.get(error["type"], error["msg"])
        if "not a valid email address" in message:  # email-validator's own words
            message = _NOT_AN_EMAIL
        context = {
            key: int(value) if isinstance(value, float) and value.is_integer() else value
            for key, value in error.get("ctx", {}).items()
        }
        try:
            message = message.format(**context)
        except (KeyError, ValueError, IndexError):
            message = error["msg"]
        message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
        problems.append(Problem(field, message))
    return problems


# --- shared field types -------------------------------------------------------------


def split_list(text: str) -> list[str]:
    """The items of one string of them, separated by ; , or new lines, trimmed."""
    return [part.strip() for part in re.split(r"[;,\n]", text) if part.strip()]


def _split_list(value: Any) -> Any:
    """Accept a list, or one string of items separated by ; , or new lines."""
    if value is None:
        return []
    if isinstance(value, str):
        return split_list(value)
    return value


def _normalise_tags(values: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        tag = " ".join(str(value).split()).lower()
        if tag:
            seen.setdefault(tag, None)
    return list(seen)


def _normalise_names(values: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        name = " ".join(str(value).split())
        if name:
            seen.setdefault(name[:1].upper() + name[1:], None)
    return list(seen)


def _normalise_ids(values: Iterable[Any]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        key = str(value).strip()
        if key:
            seen.setdefault(key, None)
    return list(seen)


MAX_TAGS = 50
MAX_TAG_CHARS = 100


def _short_items(values: list[str]) -> list[str]:
    if len(values) > MAX_TAGS:
        raise ValueError(f"has {len(values)} entries; {MAX_TAGS} at most")
    long = next((v for v in values if len(v) > MAX_TAG_CHARS), None)
    if long is not None:
        raise ValueError(
            f"{long[:40]!r}... is {len(long)} characters long; {MAX_TAG_CHARS} at most"
        )
    return values


Tags = Annotated[
    list[str],
    BeforeValidator(_split_list),
    AfterValidator(_normalise_tags),
    AfterValidator(_short_items),
]
"""Skills and topics: lower case, single spaces, no repeats, order kept."""

Names = Annotated[
    list[str],
    BeforeValidator(_split_list),
    AfterValidator(_normalise_names),
    AfterValidator(_short_items),
]
"""Languages and similar proper names: capitalised, no repeats, order kept."""

Ids = Annotated[list[str], BeforeValidator(_split_list), AfterValidator(_normalise_ids)]
"""Participant ids, as in avoid lists and ranked wishes."""


@lru_cache(maxsize=1)
def timezone_names() -> dict[str, str]:
    """Every IANA time zone this machine knows, by its lower-case name."""
    return {name.lower(): name for name in available_timezones()}


@lru_cache(maxsize=1)
def listed_timezones() -> list[str]:
    """The time zones a form offers: regions and cities, without legacy aliases."""
    legacy = ("Etc/", "SystemV/", "US/", "posix/", "right/")
    return sorted(z for z in timezone_names().values()
                  if "/" in z and not z.startswith(legacy))  # fmt: skip


@lru_cache(maxsize=1024)
def _known_timezone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return "/" in name or name == "UTC"


def check_timezone(name: str) -> str:
    if not _known_timezone(name):
        raise ValueError(
            f"{name!r} is not a time zone: choose one from the list, such as "
            "Europe/Paris, America/New_York or UTC"
        )
    return name


Timezone = Annotated[str, AfterValidator(check_timezone)]


_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SLOT = re.compile(
    r"^(?P<day>[a-z]+)\.?\s+(?P<start>\d{1,2}(?::\d{2})?)\s*-\s*(?P<end>\d{1,2}(?::\d{2})?)$"
)


def _clock(text: str) -> time:
    hours, _, minutes = text.partition(":")
    return time(int(hours), int(minutes or 0))


def parse_slot(text: str) -> tuple[int, time, time]:
    """Read "Mon 09:00-11:00" (local time) as (weekday 0-6, start, end)."""
    match = _SLOT.match(" ".join(str(text).lower().split()))
    day = match and next(
        (i for i, d in enumerate(_DAYS) if match["day"].startswith(d)), None
    )
    if not match or day is None:
        raise ValueError(
            f"{text!r} is not a weekly slot; write it as a day and local hours, "
            "e.g. 'Mon 09:00-11:00'"
        )
    try:
        start, end = _clock(match["start"]), _clock(match["end"])
    except ValueError:
        raise ValueError(f"{text!r} has an hour that does not exist") from None
    if end <= start:
        raise ValueError(f"{text!r} ends before it starts")
    return day, start, end


def _normalise_slots(values: Iterable[str]) -> list[str]:
    slots = sorted({parse_slot(v) for v in values})
    return [f"{_DAYS[d].title()} {s:%H:%M}-{e:%H:%M}" for d, s, e in slots]


WeeklySlots = Annotated[
    list[str], BeforeValidator(_split_list), AfterValidator(_normalise_slots)
]
"""Weekly availability in the participant's own time zone, e.g. "Mon 09:00-11:00"."""


# --- dates and free text ------------------------------------------------------------

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


def _plausible(day: date | None) -> date | None:
    """A date a program can hold: typing "26" for the year gives 0026, refused here."""
    if day is not None and not EARLIEST <= day <= LATEST:
        raise ValueError(
            f"{day.isoformat()} is not a plausible date; check the year (write it "
            "with four digits)"
        )
    return day


PlausibleDate = Annotated[date, AfterValidator(_plausible)]
"""A date between 2000 and 2100."""


def long_date(day: date) -> str:
    """A date as a participant reads it: "6 December 2026" (no leading zero)."""
    return f"{day.day} {day:%B} {day.year:04d}"


def span(days: int) -> str:
    """A length of time as a participant reads it: days under two weeks, else weeks."""
    if days < 14:
        return f"{days} day" + ("" if days == 1 else "s")
    return f"{days // 7} weeks"


LONG_TEXT = 5000  # characters: a reflection, a goal's strategies, an agreement's rules
SHORT_TEXT = 500  # a measure, a baseline, an action item


def one_line(text: str) -> str:
    """Runs of spaces, tabs and line breaks as one space: a name goes into headers
    and one-line places, where a line break would start something else."""
    return " ".join(text.split())


OneLine = Annotated[str, AfterValidator(one_line)]
LongText = Annotated[str, Field(max_length=LONG_TEXT)]
ShortText = Annotated[str, Field(max_length=SHORT_TEXT)]


def in_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a time without a zone is UTC (as SQLite gives it back)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
