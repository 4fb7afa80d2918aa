"""What a roster's headers and cells mean: headers matched to fields by phrases (or a
mapping file), and each cell cleaned as its field wants (choices, lists, time zones,
consents)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from mentorkit.domain.records import split_list, timezone_names
from mentorkit.errors import MentorkitError
from mentorkit.services.exporting import FORMULA_STARTS

# Phrases that name a field inside a header, most specific first. A header maps to
# the field whose phrase it contains; the longest phrase found wins.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "email": ("email address", "e mail", "email", "work email"),
    "name": ("full name", "your name", "name"),
    "role": ("mentor or mentee", "role", "join as", "participate as"),
    "department": ("department", "business unit", "team"),
    "manager_id": ("manager id", "manager"),
    "seniority": ("seniority", "career level", "job level", "level"),
    "years_experience": ("years of experience", "years experience", "experience years"),
    "location": ("location", "city", "office"),
    "timezone": ("time zone", "timezone"),
    "languages": ("languages",),
    "skills_offered": (
        "skills offered",
        "skills you can offer",
        "help with",
        "expertise",
        "offer",
    ),
    "skills_sought": (
        "skills sought",
        "want to develop",
        "want to learn",
        "development areas",
        "skills to develop",
    ),
    "goals": ("career goals", "goals", "hope to achieve"),
    "availability": ("availability", "available"),
    "channels": ("channels", "how would you like to meet", "meet by"),
    "formats": ("formats", "format"),
    "capacity": ("how many mentees", "number of mentees", "capacity"),
    "avoid": ("avoid", "not be matched"),
    "preferred": ("preferred mentor", "preferred mentors", "would like to be matched with"),
    "consent_confidentiality": ("confidentiality", "confidential"),
    "consent_data_use": ("data use", "use of my data", "data protection", "privacy"),
}


# Columns form tools add that are not answers.
IGNORED = {"timestamp", "start time", "completion time", "last modified time"}


# Microsoft Forms' "ID" numbers the responses; it is not a participant id.
MICROSOFT_FORMS = {"start time", "completion time"}


LIST_FIELDS = {
    "languages",
    "skills_offered",
    "skills_sought",
    "availability",
    "channels",
    "formats",
    "avoid",
    "preferred",
}


CHOICES = {
    "role": {"mentee": "mentee", "mentor": "mentor", "both": "both", "peer": "both"},
    "channels": {
        "video": "video",
        "zoom": "video",
        "teams": "video",
        "person": "in_person",
        "phone": "phone",
        "call": "phone",
        "chat": "chat",
        "email": "chat",
        "e mail": "chat",
        "slack": "chat",
    },
    "formats": {
        "one on one": "one_on_one",
        "1 1": "one_on_one",
        "1 on 1": "one_on_one",
        "group": "group",
        "peer": "peer",
        "reverse": "reverse",
        "speed": "speed",
        "resource": "resource",
    },
    "seniority": {
        "intern": "entry",
        "graduate": "entry",
        "entry": "entry",
        "junior": "junior",
        "associate": "junior",
        "mid": "mid",
        "intermediate": "mid",
        "senior": "senior",
        "lead": "lead",
        "manager": "lead",
        "principal": "principal",
        "staff": "principal",
        "director": "executive",
        "executive": "executive",
        "vp": "executive",
    },
}


TIMEZONE_ALIASES = {
    "utc": "UTC",
    "gmt": "Europe/London",
    "est": "America/New_York",
    "edt": "America/New_York",
    "cst": "America/Chicago",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "cet": "Europe/Paris",
    "cest": "Europe/Paris",
    "jst": "Asia/Tokyo",
}


YES = {"yes", "y", "true", "1", "x", "i agree", "agree", "agreed", "checked", "on"}


def words_of(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", str(text).lower()).split())


def load_mapping(path: Path | None) -> dict[str, str]:
    """A coordinator's mapping file: ``[columns]`` of "header" = "field"."""
    if path is None:
        return {}
    try:
        columns = tomllib.loads(path.read_text()).get("columns", {})
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise MentorkitError(f"mapping file {path}: {exc}") from None
    fields = set(SYNONYMS) | {"id", "status", "ignore"}
    for header, target in columns.items():
        if target not in fields:
            raise MentorkitError(
                f"mapping file {path}: {header!r} maps to {target!r}, which is not a "
                f"field; use one of: {', '.join(sorted(fields))}"
            )
    return {words_of(h): t for h, t in columns.items()}


def map_columns(headers: list[str], mapping: dict[str, str]) -> tuple[dict, list]:
    """(header -> field, ignored headers); refuses a file without e-mail or name."""
    normal = [words_of(h) for h in headers]
    microsoft = set(normal) >= MICROSOFT_FORMS
    columns, ignored, taken = {}, [], set()
    for header, words in zip(headers, normal, strict=True):
        target = mapping.get(words) or _guess(words, microsoft)
        if target in (None, "ignore") or target in taken:
            ignored.append(header)
            continue
        columns[header] = target
        taken.add(target)
    for required in ("email", "name"):
        if required not in taken:
            raise MentorkitError(
                f"no column for {required}: name it in a mapping file "
                f'([columns] "Your header" = "{required}")'
            )
    return columns, ignored


def _guess(words: str, microsoft: bool) -> str | None:
    if words in IGNORED or (microsoft and words == "id"):
        return None
    if words in {"id", "participant id", "employee id"}:
        return "id"
    if words in {"status", "participant status"}:  # only by name: "job status" is not
        return "status"
    best, best_len = None, 0
    for target, phrases in SYNONYMS.items():
        for phrase in phrases:
            if re.search(rf"\b{re.escape(phrase)}\b", words) and len(phrase) > best_len:
                best, best_len = target, len(phrase)
    return best


def clean_timezone(text: str) -> str:
    key = "_".join(text.strip().split()).lower()
    return TIMEZONE_ALIASES.get(key) or timezone_names().get(key) or text.strip()


def _choices(kind: str, text: str) -> list[str]:
    found = []
    for part in split_list(text):
        words = words_of(part)
        hits = [v for k, v in CHOICES[kind].items() if re.search(rf"\b{k}\b", words)]
        found.extend(hits[:1] if hits else [part.strip()] if part.strip() else [])
    return list(dict.fromkeys(found))


@dataclass
class Row:
    """One row's answers: the fields it gives, the ones it leaves empty, and the
    consents it withholds (a consent column answered other than yes)."""

    record: dict
    blank: set[str] = field(default_factory=set)
    withheld: set[str] = field(default_factory=set)


def _cell(value: object) -> str:
    """A cell's text; the apostrophe an export puts before a formula-like cell (so
    that a spreadsheet shows it as text) is taken off again."""
    text = str(value if value is not None else "").strip()
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_STARTS:
        return text[1:]
    return text


def clean_row(raw: dict[str, str], columns: dict[str, str], when: datetime) -> Row:
    """Field values from one row's cells: trimmed, split, and named as the model wants."""
    record: dict = {}
    consents = {}
    row = Row(record)
    for header, target in columns.items():
        text = _cell(raw.get(header, ""))
        if not text:
            row.blank.add(target)
            continue
        if target.startswith("consent_"):
            if words_of(text) in YES:
                consents[target.removeprefix("consent_")] = when
            else:
                row.withheld.add(target.removeprefix("consent_"))
        elif target == "email":
            record[target] = text.lower()
        elif target == "timezone":
            record[target] = clean_timezone(text)
        elif target in {"role", "seniority"}:
            picked = _choices(target, text)
            record[target] = picked[0] if picked else text
        elif target in {"channels", "formats"}:
            record[target] = _choices(target, text)
        elif target in LIST_FIELDS:
            record[target] = split_list(text)
        else:
            record[target] = " ".join(text.split()) if target != "goals" else text
    if consents:
        record["consents"] = consents
    return row


# Fields a row always gives its value for: clearing them would leave no participant.
NEVER_CLEARED = {"email", "name", "role", "timezone", "id"}


def merged(old: dict, row: Row, clear_empty: bool = False) -> dict:
    """A known participant's record with what the row says, and only that: fields
    the file has no column for, and (unless ``clear_empty``) empty cells, keep their
    values; consents the file answers yes are added, those it answers no removed."""
    record = {**old, **{k: v for k, v in row.record.items() if k != "consents"}}
    consents = {**old.get("consents", {}), **row.record.get("consents", {})}
    record["consents"] = {k: v for k, v in consents.items() if k not in row.withheld}
    if clear_empty:
        for name in row.blank - NEVER_CLEARED:
            if name.startswith("consent_"):
                record["consents"].pop(name.removeprefix("consent_"), None)
            else:
                record.pop(name, None)  # back to the default
    return record
