"""Importing rosters that other tools exported: CSV and XLSX, form exports included.

Headers map to participant fields through built-in synonyms (matched inside the
question texts that Google Forms uses as headers) and an optional mapping file the
coordinator writes. Values are cleaned, each row is validated by the Participant
model, and every rejected row is reported with its spreadsheet row number (the
header is row 1), the field and the reason. Good rows are saved in one transaction,
keyed by e-mail within the cohort, so importing the same file again adds nothing.
"""

from __future__ import annotations

import csv
import re
import tomllib
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException

from mentorkit.domain.participants import Participant, new_participant_id
from mentorkit.domain.records import split_list, timezone_names
from mentorkit.errors import InvalidRecord, MentorkitError
from mentorkit.folder import ProgramFolder
from mentorkit.services.exporting import FORMULA_STARTS
from mentorkit.store import SaveCounts

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


@dataclass
class ImportReport:
    """What an import did or, for a dry run, would do."""

    rows: int = 0
    saved: SaveCounts = field(default_factory=SaveCounts)
    rejected: list[dict] = field(default_factory=list)  # row, field, value, reason
    columns: dict[str, str] = field(default_factory=dict)  # header -> field
    ignored: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def rejected_rows(self) -> int:
        return len({r["row"] for r in self.rejected})


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", str(text).lower()).split())


def read_roster(path: Path) -> pd.DataFrame:
    """Every cell as text; blank rows kept so row numbers match the spreadsheet."""
    suffix = path.suffix.lower()
    if path.is_file() and not path.read_bytes().strip():
        raise MentorkitError(f"{path.name} is empty: export the roster again, with its "
                             "header row")  # fmt: skip
    try:
        if suffix in {".xlsx", ".xlsm"}:
            frame = pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl")
        elif suffix in {".csv", ".txt"}:
            frame = pd.read_csv(
                path,
                dtype=str,
                keep_default_na=False,
                sep=None,
                engine="python",
                skip_blank_lines=False,
                encoding="utf-8-sig",
            )
        else:
            raise MentorkitError(f"{path.name}: import a .csv or .xlsx file")
    except FileNotFoundError:
        raise MentorkitError(f"No file {path}") from None
    except (zipfile.BadZipFile, InvalidFileException, KeyError):
        raise MentorkitError(
            f"{path.name} is not an Excel workbook that can be opened (it may be damaged, "
            "or another kind of file with an .xlsx name): save it again as .xlsx or .csv"
        ) from None
    except (ValueError, csv.Error, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise MentorkitError(
            f"{path.name} cannot be read as a table ({exc}); save it as CSV with a "
            "header row, or as .xlsx"
        ) from None
    return frame.fillna("")


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
    return {_words(h): t for h, t in columns.items()}


def map_columns(headers: list[str], mapping: dict[str, str]) -> tuple[dict, list]:
    """(header -> field, ignored headers); refuses a file without e-mail or name."""
    normal = [_words(h) for h in headers]
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
        words = _words(part)
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
            if _words(text) in YES:
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


def import_roster(
    folder: ProgramFolder,
    cohort: str,
    path: Path,
    mapping_file: Path | None = None,
    dry_run: bool = False,
    clear_empty: bool = False,
) -> ImportReport:
    """Import ``path`` into ``cohort``; the report lists every rejected row.

    A participant already in the cohort (by e-mail) changes only where the file
    says so: see :func:`merged`.
    """
    frame = read_roster(path)
    columns, ignored = map_columns(list(frame.columns), load_mapping(mapping_file))
    report = ImportReport(columns=columns, ignored=ignored, dry_run=dry_run)
    timestamp = next((h for h in frame.columns if _words(h) in IGNORED), None)
    with folder.open_store() as store:
        store.cohort(cohort)
        existing = store.participants(cohort=cohort)
        ids_by_email = dict(zip(existing["email"], existing["id"], strict=True))
        known = {
            person["email"]: Participant.from_dict(person).model_dump()
            for person in existing.to_dict("records")
        }
        rows: dict[str, tuple[int, dict]] = {}  # email -> (row number, record)
        for number, raw in enumerate(frame.to_dict("records"), start=2):
            if not any(str(v).strip() for v in raw.values()):
                continue  # a blank line
            report.rows += 1
            row = clean_row(raw, columns, _when(raw.get(timestamp)))
            email = row.record.get("email", "")
            record = (
                merged(known[email], row, clear_empty) if email in known else row.record
            )
            record["cohort"] = cohort
            if email in rows:
                earlier = rows[email][0]
                report.rejected.append(
                    _reject(
                        earlier, "email", email, f"superseded by row {number} (same e-mail)"
                    )
                )
            rows[email] = (number, record)
        for email, (_, record) in rows.items():
            ids_by_email.setdefault(email, record.get("id") or new_participant_id())
        people = []
        known_ids = set(ids_by_email.values())
        for email, (number, record) in rows.items():
            record["id"] = ids_by_email[email]
            problem = _resolve_people(record, ids_by_email, known_ids)
            if problem:
                report.rejected.append(_reject(number, *problem))
                continue
            try:
                people.append(Participant.from_dict(record))
            except InvalidRecord as refused:
                report.rejected.extend(
                    _reject(
                        number, p.field, record.get(p.field.split(".")[0], ""), p.message
                    )
                    for p in refused.problems
                )
        people = _drop_dangling(people, report, rows)
        report.rejected.sort(key=lambda r: (r["row"], r["field"]))
        if dry_run:
            known = set(existing["email"])
            report.saved = SaveCounts(
                added=sum(p.email not in known for p in people),
                updated=sum(p.email in known for p in people),
            )
        else:
            report.saved = store.save_participants(people)
    return report


def _when(value: object) -> datetime:
    """When a form was submitted (its Timestamp cell), else now: the consent time."""
    stamp = pd.to_datetime(str(value or ""), errors="coerce", utc=True)
    return stamp.to_pydatetime() if not pd.isna(stamp) else datetime.now(UTC)


def _reject(row: int, field_name: str, value: object, reason: str) -> dict:
    shown = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
    return {"row": row, "field": field_name, "value": shown[:200], "reason": reason}


def _resolve_people(record: dict, ids_by_email: dict[str, str], ids: set[str]):
    """avoid and preferred name people by e-mail or id; the store wants ids."""
    for name in ("avoid", "preferred"):
        resolved = []
        for entry in record.get(name, []):
            key = ids_by_email.get(entry.lower()) or (entry if entry in ids else None)
            if key is None:
                return name, entry, f"no participant {entry!r} in this cohort or file"
            resolved.append(key)
        if name in record:
            record[name] = resolved
    return None


def _drop_dangling(people: list[Participant], report: ImportReport, rows: dict) -> list:
    """A row naming (in avoid or preferred) a row that was rejected cannot go in either."""
    while True:
        kept_ids = {p.id for p in people}
        rejected_ids = {r["id"] for _, r in rows.values()} - kept_ids
        dangling = [p for p in people if rejected_ids & {*p.avoid, *p.preferred}]
        if not dangling:
            return people
        for person in dangling:
            other = next(iter(rejected_ids & {*person.avoid, *person.preferred}))
            field_name = "avoid" if other in person.avoid else "preferred"
            report.rejected.append(
                _reject(
                    rows[person.email][0],
                    field_name,
                    other,
                    "names a row that was rejected",
                )
            )
        people = [p for p in people if p not in dangling]


def write_rejections(report: ImportReport, source: Path) -> Path | None:
    """The rejected rows in a CSV beside the input (none when nothing was rejected)."""
    from mentorkit.services.exporting import write_table

    if not report.rejected:
        return None
    out = source.with_name(f"{source.stem}.rejected.csv")
    return write_table(
        pd.DataFrame(report.rejected, columns=["row", "field", "value", "reason"]), out
    )
