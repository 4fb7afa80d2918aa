"""Each side of a cohort as arrays: skills, languages, weekly hours in UTC, channels,
levels. Scoring and every criterion read people through these, never row by row."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

from mentorkit.domain.participants import Channel, Seniority
from mentorkit.errors import MentorkitError

SLOT_MINUTES = 30
WEEK_SLOTS = 7 * 24 * 60 // SLOT_MINUTES
_SLOT = (
    r"^(?P<day>mon|tue|wed|thu|fri|sat|sun)\w*\s+(?P<h1>\d{1,2}):(?P<m1>\d{2})"
    r"\s*-\s*(?P<h2>\d{1,2}):(?P<m2>\d{2})$"
)
_DAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def lists(column: pd.Series) -> list[list[str]]:
    """A column of lists as plain lists; missing values become empty lists."""
    return [
        [str(v) for v in value] if isinstance(value, list | tuple | np.ndarray) else []
        for value in column
    ]


def indicator(rows: list[list[str]], vocabulary: dict[str, int]) -> np.ndarray:
    """A people x vocabulary matrix of 0/1: who named which term."""
    matrix = np.zeros((len(rows), max(1, len(vocabulary))), dtype=np.float32)
    people = [i for i, row in enumerate(rows) for term in row if term in vocabulary]
    terms = [vocabulary[term] for row in rows for term in row if term in vocabulary]
    matrix[people, terms] = 1
    return matrix


def vocabulary(*groups: Iterable[list[str]]) -> dict[str, int]:
    terms = sorted({term for rows in groups for row in rows for term in row})
    return {term: i for i, term in enumerate(terms)}


def _utc_offsets(people: pd.DataFrame, on: date) -> np.ndarray:
    """Each person's offset from UTC, in minutes, on ``on``."""
    noon = datetime.combine(on, time(12), tzinfo=UTC)
    offsets = {}
    for name in people["timezone"].unique():
        try:
            offset = noon.astimezone(ZoneInfo(str(name))).utcoffset()
        except (ZoneInfoNotFoundError, ValueError):
            who = people.loc[people["timezone"] == name, "id"].iloc[0]
            raise MentorkitError(
                f"Participant {who}: {name!r} is not a time zone; use a name like "
                "'Europe/Berlin' and import or edit the record again."
            ) from None
        offsets[name] = offset.total_seconds() // 60
    return people["timezone"].map(offsets).to_numpy(dtype=np.int64)


def _weekly_slots(people: pd.DataFrame, offsets: np.ndarray) -> np.ndarray:
    """People x half-hours of the week (in UTC): 1 where the person is free."""
    slots = pd.Series(lists(people["availability"]), dtype=object).explode().dropna()
    free = np.zeros((len(people), WEEK_SLOTS), dtype=np.float32)
    if slots.empty:
        return free
    parts = slots.str.lower().str.strip().str.extract(_SLOT).dropna()
    who = parts.index.to_numpy()
    day = parts["day"].map(_DAYS).to_numpy()
    start = parts["h1"].astype(int).to_numpy() * 60 + parts["m1"].astype(int).to_numpy()
    end = parts["h2"].astype(int).to_numpy() * 60 + parts["m2"].astype(int).to_numpy()
    first = np.floor((day * 1440 + start - offsets[who]) / SLOT_MINUTES).astype(int)
    last = np.ceil((day * 1440 + end - offsets[who]) / SLOT_MINUTES).astype(int)
    length = np.clip(last - first, 0, WEEK_SLOTS)
    person = np.repeat(who, length)
    step = np.arange(length.sum()) - np.repeat(np.cumsum(length) - length, length)
    free[person, (np.repeat(first, length) + step) % WEEK_SLOTS] = 1
    return free


def channel_bits(people: pd.DataFrame) -> np.ndarray:
    bit = {str(channel): 1 << i for i, channel in enumerate(Channel)}
    return np.array(
        [sum(bit.get(c, 0) for c in set(row)) for row in lists(people["channels"])],
        dtype=np.int64,
    )


@dataclass(frozen=True)
class People:
    """What scoring and explanations read about one side, as arrays."""

    frame: pd.DataFrame
    ids: np.ndarray
    offsets: np.ndarray
    free: np.ndarray
    seniority: np.ndarray

    @classmethod
    def read(cls, frame: pd.DataFrame, on: date) -> People:
        frame = frame.reset_index(drop=True)
        missing = {"id", "timezone"} - set(frame.columns)
        if missing:
            raise MentorkitError(
                f"The participants table lacks {', '.join(sorted(missing))}; pass the "
                "table Store.participants() or generate_cohort() gives."
            )
        for column, default in _DEFAULTS.items():
            if column not in frame.columns:
                frame[column] = [default() if callable(default) else default] * len(frame)
        offsets = _utc_offsets(frame, on)
        levels = {str(level): level.rank for level in Seniority}
        return cls(
            frame=frame,
            ids=frame["id"].astype(str).to_numpy(),
            offsets=offsets,
            free=_weekly_slots(frame, offsets),
            seniority=frame["seniority"].map(levels).fillna(2).to_numpy(dtype=np.int64),
        )


_DEFAULTS = {
    "department": "",
    "manager_id": None,
    "seniority": "mid",
    "languages": lambda: ["English"],
    "skills_offered": list,
    "skills_sought": list,
    "goals": "",
    "availability": list,
    "channels": lambda: ["video"],
    "capacity": 1,
    "avoid": list,
    "avoid_emails": list,
    "preferred": list,
}
