"""Scores for every mentor-mentee pair, computed as whole arrays over the cohort.

Each person's answers become rows of small matrices (skills, languages, weekly
hours in UTC, channels); each criterion is then one array operation over all
mentee x mentor pairs, never a Python loop over pairs. Points are kept in whole
hundredths, so a pair's criteria add up to its score exactly and the solvers work
on the same integers the explanations show.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import cached_property
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

from mentorkit.domain.participants import Channel, Seniority
from mentorkit.domain.programs import Format
from mentorkit.errors import MentorkitError
from mentorkit.matching.policy import Criterion, DepartmentPreference, MatchPolicy

HUNDREDTHS = 100
SLOT_MINUTES = 30
WEEK_SLOTS = 7 * 24 * 60 // SLOT_MINUTES

# Why a pair may not be proposed, in the order they are checked; 0 means allowed.
REASONS = (
    "",
    "the same person",
    "reporting line",
    "declared avoid",
    "previous partners",
    "no shared language",
    "required language missing",
    "time zones too far apart",
)
ALLOWED, SELF, REPORTING, AVOID, PREVIOUS, NO_LANGUAGE, REQUIRED_LANGUAGE, TIMEZONES = (
    range(len(REASONS))
)

# How well a level gap (mentor's level minus mentee's, -6..6) suits each format.
_GAP = np.arange(-6, 7)
_SENIOR_MENTOR = np.select(
    [_GAP < 0, _GAP == 0, _GAP == 1, _GAP == 2, _GAP == 3, _GAP == 4],
    [0.0, 0.3, 0.8, 1.0, 0.8, 0.5],
    0.3,
)
GAP_FIT = {
    Format.REVERSE: _SENIOR_MENTOR[::-1].copy(),
    Format.PEER: np.select([_GAP == 0, abs(_GAP) == 1, abs(_GAP) == 2], [1.0, 0.6, 0.2], 0),
}
_SLOT = (
    r"^(?P<day>mon|tue|wed|thu|fri|sat|sun)\w*\s+(?P<h1>\d{1,2}):(?P<m1>\d{2})"
    r"\s*-\s*(?P<h2>\d{1,2}):(?P<m2>\d{2})$"
)
_DAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def _lists(column: pd.Series) -> list[list[str]]:
    """A column of lists as plain lists; missing values become empty lists."""
    return [
        [str(v) for v in value] if isinstance(value, list | tuple | np.ndarray) else []
        for value in column
    ]


def _indicator(rows: list[list[str]], vocabulary: dict[str, int]) -> np.ndarray:
    """A people x vocabulary matrix of 0/1: who named which term."""
    matrix = np.zeros((len(rows), max(1, len(vocabulary))), dtype=np.float32)
    people = [i for i, row in enumerate(rows) for term in row if term in vocabulary]
    terms = [vocabulary[term] for row in rows for term in row if term in vocabulary]
    matrix[people, terms] = 1
    return matrix


def _vocabulary(*groups: Iterable[list[str]]) -> dict[str, int]:
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
    slots = pd.Series(_lists(people["availability"]), dtype=object).explode().dropna()
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


def _channel_bits(people: pd.DataFrame) -> np.ndarray:
    bit = {str(channel): 1 << i for i, channel in enumerate(Channel)}
    return np.array(
        [sum(bit.get(c, 0) for c in set(row)) for row in _lists(people["channels"])],
        dtype=np.int64,
    )


def _reporting_lines(everyone: pd.DataFrame) -> dict[str, set[str]]:
    """Each person's managers, all the way up (through people the frames hold)."""
    manager = {
        str(i): str(m)
        for i, m in zip(everyone["id"], everyone["manager_id"], strict=True)
        if isinstance(m, str) and m
    }
    chains = {}
    for person in manager:
        chain, up = set(), manager.get(person)
        while up is not None and up not in chain and up != person:
            chain.add(up)
            up = manager.get(up)
        chains[person] = chain
    return chains


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


@dataclass(frozen=True)
class ScoreMatrix:
    """Every mentee x mentor pair: each criterion's points, the total, and why not.

    Arrays are indexed ``[mentee, mentor]`` in the order of ``mentees.ids`` and
    ``mentors.ids``; points are whole hundredths of a point.
    """

    mentees: People
    mentors: People
    policy: MatchPolicy
    points: dict[Criterion, np.ndarray]
    total: np.ndarray
    reason: np.ndarray
    shared_half_hours: np.ndarray
    wish_rank: np.ndarray

    @property
    def shape(self) -> tuple[int, int]:
        return self.total.shape

    @cached_property
    def allowed(self) -> np.ndarray:
        return self.reason == ALLOWED

    @cached_property
    def proposable(self) -> np.ndarray:
        """Allowed and scoring above nothing and at least the policy's minimum."""
        floor = max(1, round(self.policy.min_score * HUNDREDTHS))
        return self.allowed & (self.total >= floor)

    def explain(self, mentee: int, mentor: int) -> str:
        """Why this pair scores what it does, in words, strongest criterion first."""
        sought_all, offered_all = self.skills
        sought, offered = sought_all[mentee], offered_all[mentor]
        shared = [s for s in sought if s in offered]
        hours = self.shared_half_hours[mentee, mentor] / 2
        apart = (
            abs(int(self.mentees.offsets[mentee]) - int(self.mentors.offsets[mentor])) / 60
        )
        apart = min(apart, 24 - apart)
        rank = self.wish_rank[mentee, mentor]
        e_level, e_team = self._levels_and_teams[0][mentee]
        m_level, m_team = self._levels_and_teams[1][mentor]
        said = {
            Criterion.DEVELOPMENT_FIT: f"offers {len(shared)} of {len(sought)} skills "
            "sought" + (f" ({', '.join(shared)})" if shared else ""),
            Criterion.GOAL_ALIGNMENT: "the mentee's goals name the mentor's field",
            Criterion.AVAILABILITY: f"{hours:g} h a week free at the same time",
            Criterion.TIMEZONE: f"{apart:g} h apart",
            Criterion.CHANNEL_LANGUAGE: "a shared channel and the mentee's first language",
            Criterion.SENIORITY: f"{m_level} mentor, {e_level} mentee",
            Criterion.DEPARTMENT: f"{m_team or 'no department'} and "
            f"{e_team or 'no department'}",
            Criterion.WISHES: f"the mentee's wish no. {rank}" if rank else "",
        }
        parts = sorted(
            ((int(self.points[c][mentee, mentor]), c) for c in Criterion), reverse=True
        )
        return "; ".join(
            f"{said[c]} (+{p / HUNDREDTHS:g})" for p, c in parts if p > 0 and said[c]
        )

    @cached_property
    def skills(self) -> tuple[list[list[str]], list[set[str]]]:
        """Each mentee's skills sought (in their order), each mentor's skills offered."""
        return (
            _lists(self.mentees.frame["skills_sought"]),
            [set(row) for row in _lists(self.mentors.frame["skills_offered"])],
        )

    @cached_property
    def _levels_and_teams(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        def read(frame: pd.DataFrame) -> list[tuple[str, str]]:
            teams = frame["department"].fillna("").astype(str)
            return list(zip(frame["seniority"].astype(str), teams, strict=True))

        return read(self.mentees.frame), read(self.mentors.frame)


def score_matrix(
    mentors: pd.DataFrame,
    mentees: pd.DataFrame,
    policy: MatchPolicy | None = None,
    previous: Iterable[tuple[str, str]] = (),
    on: date | None = None,
) -> ScoreMatrix:
    """Score every mentee x mentor pair of two participant tables.

    ``previous`` names (mentor_id, mentee_id) pairs that were partners before;
    ``on`` is the date whose time-zone offsets are used (today by default).
    """
    policy = policy or MatchPolicy()
    on = on or date.today()
    mentees_, mentors_ = People.read(mentees, on), People.read(mentors, on)
    e, m = mentees_.frame, mentors_.frame
    n, k = len(e), len(m)
    weights = policy.weights
    fractions: dict[Criterion, np.ndarray] = {}

    # Development fit: the share of the mentee's sought skills the mentor offers.
    sought, offered = _lists(e["skills_sought"]), _lists(m["skills_offered"])
    skills = _vocabulary(sought, offered)
    wanted = _indicator(sought, skills)
    fractions[Criterion.DEVELOPMENT_FIT] = (wanted @ _indicator(offered, skills).T) / (
        np.maximum(wanted.sum(axis=1, keepdims=True), 1)
    )

    # Goal alignment: the mentor's skills and department named in the mentee's goals.
    fields = [
        [*row, str(dept).lower()]
        for row, dept in zip(offered, m["department"], strict=True)
    ]
    terms = _vocabulary(fields)
    named = np.zeros((n, max(1, len(terms))), dtype=np.float32)
    found = [t for t in sorted(terms, key=len, reverse=True) if t]
    if found:  # one pass per goal; the longest term wins where two overlap
        pattern = re.compile("|".join(map(re.escape, found)))
        for i, goal in enumerate(e["goals"].fillna("").astype(str).str.lower()):
            for hit in pattern.findall(goal):
                named[i, terms[hit]] = 1
    fractions[Criterion.GOAL_ALIGNMENT] = np.minimum(
        (named @ _indicator(fields, terms).T)
        / np.maximum(named.sum(axis=1, keepdims=True), 1),
        1,
    )

    # Availability: half-hours of the week both are free, in UTC.
    shared = mentees_.free @ mentors_.free.T
    fractions[Criterion.AVAILABILITY] = np.minimum(
        shared / (2 * policy.full_availability_hours), 1
    )

    # Time zones: hours apart on the clock face.
    hours_e = (mentees_.offsets / 60).astype(np.float32)
    hours_m = (mentors_.offsets / 60).astype(np.float32)
    apart = np.abs(hours_e[:, None] - hours_m[None, :])
    np.minimum(apart, 24 - apart, out=apart)
    fractions[Criterion.TIMEZONE] = 1 - apart / np.float32(12)

    # Channel and language.
    common_channel = (
        _channel_bits(e).astype(np.uint8)[:, None]
        & _channel_bits(m).astype(np.uint8)[None, :]
    ) != 0
    spoken_e, spoken_m = _lists(e["languages"]), _lists(m["languages"])
    languages = _vocabulary(spoken_e, spoken_m)
    speaks_e, speaks_m = _indicator(spoken_e, languages), _indicator(spoken_m, languages)
    first = _indicator([row[:1] for row in spoken_e], languages)
    fractions[Criterion.CHANNEL_LANGUAGE] = (
        common_channel.astype(np.float32) + ((first @ speaks_m.T) > 0)
    ) * np.float32(0.5)

    # Seniority gap suited to the format.
    fit = GAP_FIT.get(policy.format, _SENIOR_MENTOR).astype(np.float32)
    # Levels are 0-6, so the gap is -6..6 already; shifted to index the table.
    gap = mentors_.seniority.astype(np.int8)[None, :] + np.int8(6)
    fractions[Criterion.SENIORITY] = fit[gap - mentees_.seniority.astype(np.int8)[:, None]]

    # Departments.
    codes, _ = pd.factorize(pd.concat([e["department"], m["department"]]).fillna(""))
    if policy.department == DepartmentPreference.NONE:
        fractions[Criterion.DEPARTMENT] = np.zeros((n, k), dtype=bool)
    else:
        same = codes[:n, None] == codes[None, n:]
        fractions[Criterion.DEPARTMENT] = (
            same if policy.department == DepartmentPreference.SAME else ~same
        )

    # The mentee's ranked wishes: first wish 1, second 0.75, ... (ranks from 1).
    mentor_index = {mid: j for j, mid in enumerate(mentors_.ids)}
    wish_rank = np.zeros((n, k), dtype=np.int16)
    rows, cols = [], []
    for i, wishes in enumerate(_lists(e["preferred"])):
        for rank, wished in enumerate(wishes, start=1):
            j = mentor_index.get(wished)
            if j is not None and not wish_rank[i, j]:
                wish_rank[i, j] = rank
                rows.append(i)
                cols.append(j)
    wished = (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64))
    fractions[Criterion.WISHES] = np.zeros((n, k), dtype=np.float32)
    fractions[Criterion.WISHES][wished] = np.maximum(0, 1.25 - 0.25 * wish_rank[wished])

    points = {
        criterion: _points(fractions[criterion], weights[criterion])
        for criterion in Criterion
    }
    total = np.zeros((n, k), dtype=np.int32)
    for value in points.values():
        total += value

    reason = _exclusions(
        mentees_,
        mentors_,
        policy,
        previous,
        speaks_e=speaks_e,
        speaks_m=speaks_m,
        languages=languages,
        apart=apart,
    )
    return ScoreMatrix(
        mentees=mentees_,
        mentors=mentors_,
        policy=policy,
        points=points,
        total=total.astype(np.int32),
        reason=reason,
        shared_half_hours=shared.astype(np.int16),
        wish_rank=wish_rank,
    )


def _points(fraction: np.ndarray, weight: float) -> np.ndarray:
    """A criterion's share (0-1) of its weight, in whole hundredths of a point."""
    scaled = np.multiply(fraction, np.float32(weight * HUNDREDTHS), dtype=np.float32)
    small = weight * HUNDREDTHS <= np.iinfo(np.int16).max  # half the memory, as usual
    return np.rint(scaled, out=scaled).astype(np.int16 if small else np.int32)


def _exclusions(
    mentees: People,
    mentors: People,
    policy: MatchPolicy,
    previous: Iterable[tuple[str, str]],
    *,
    speaks_e: np.ndarray,
    speaks_m: np.ndarray,
    languages: dict[str, int],
    apart: np.ndarray,
) -> np.ndarray:
    """The first hard constraint each pair breaks (0 for none), as one uint8 array."""
    n, k = len(mentees.ids), len(mentors.ids)
    reason = np.zeros((n, k), dtype=np.uint8)

    def mark(where: np.ndarray, code: int) -> None:
        reason[where & (reason == ALLOWED)] = code

    def pairs(found: Iterable[tuple[str, str]]) -> np.ndarray:
        """A mask of (mentee id, mentor id) pairs."""
        mask = np.zeros((n, k), dtype=bool)
        row = {pid: i for i, pid in enumerate(mentees.ids)}
        col = {pid: j for j, pid in enumerate(mentors.ids)}
        hits = [(row[a], col[b]) for a, b in found if a in row and b in col]
        if hits:
            mask[tuple(np.array(hits).T)] = True
        return mask

    both = set(mentees.ids) & set(mentors.ids)
    mark(pairs((pid, pid) for pid in both), SELF)

    everyone = pd.concat([mentees.frame, mentors.frame], ignore_index=True)
    chains = _reporting_lines(everyone)
    lines = [(a, b) for a, ups in chains.items() for b in ups]
    mark(pairs(lines) | pairs((b, a) for a, b in lines), REPORTING)

    avoid_e = zip(mentees.ids, _avoided(mentees.frame, mentors.frame), strict=True)
    avoid_m = zip(mentors.ids, _avoided(mentors.frame, mentees.frame), strict=True)
    mark(
        pairs((a, b) for a, row in avoid_e for b in row)
        | pairs((b, a) for a, row in avoid_m for b in row),
        AVOID,
    )

    previous = list(previous)
    mark(pairs((b, a) for a, b in previous) | pairs(previous), PREVIOUS)

    mark((speaks_e @ speaks_m.T) == 0, NO_LANGUAGE)
    if policy.required_language:
        column = languages.get(policy.required_language)
        if column is None:
            mark(np.ones((n, k), dtype=bool), REQUIRED_LANGUAGE)
        else:
            mark(
                ~(speaks_e[:, column, None] > 0) | ~(speaks_m[None, :, column] > 0),
                REQUIRED_LANGUAGE,
            )
    if policy.max_timezone_gap is not None:
        mark(apart > policy.max_timezone_gap, TIMEZONES)
    return reason


def score_pairs(
    mentors: pd.DataFrame,
    mentees: pd.DataFrame,
    policy: MatchPolicy | None = None,
    previous: Iterable[tuple[str, str]] = (),
    on: date | None = None,
) -> pd.DataFrame:
    """One row per candidate pair: ids, score, each criterion's points, and why not.

    Columns: ``mentor_id``, ``mentee_id``, ``score``, one column per criterion (its
    points; they add up to ``score``), ``eligible`` and ``reason`` (empty when
    eligible). Rows come mentee by mentee, mentors in the order given.
    """
    matrix = score_matrix(mentors, mentees, policy, previous=previous, on=on)
    return matrix_to_frame(matrix)


def matrix_to_frame(matrix: ScoreMatrix) -> pd.DataFrame:
    n, k = matrix.shape
    return pd.DataFrame(
        {
            "mentor_id": np.tile(matrix.mentors.ids, n),
            "mentee_id": np.repeat(matrix.mentees.ids, k),
            "score": matrix.total.ravel() / HUNDREDTHS,
            **{
                str(criterion): matrix.points[criterion].ravel() / HUNDREDTHS
                for criterion in Criterion
            },
            "eligible": matrix.allowed.ravel(),
            "reason": pd.Categorical.from_codes(matrix.reason.ravel(), REASONS),
        }
    )


def _avoided(people: pd.DataFrame, others: pd.DataFrame) -> list[list[str]]:
    """Whom each person avoids: by id, and by an address given before its owner was in
    the cohort (``avoid_emails``), resolved against the other side's e-mails."""
    by_id = _lists(people["avoid"])
    if "avoid_emails" not in people or "email" not in others:
        return by_id
    ids_of = dict(zip(others["email"], others["id"], strict=False))
    return [
        [*ids, *(ids_of[e] for e in emails if e in ids_of)]
        for ids, emails in zip(by_id, _lists(people["avoid_emails"]), strict=True)
    ]
