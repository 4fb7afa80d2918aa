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
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException

from mentorkit.domain.participants import Participant, new_participant_id
from mentorkit.errors import InvalidRecord, MentorkitError
from mentorkit.folder import ProgramFolder
from mentorkit.services.roster_columns import (
    IGNORED,
    clean_row,
    load_mapping,
    map_columns,
    merged,
    words_of,
)
from mentorkit.store import SaveCounts


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
    timestamp = next((h for h in frame.columns if words_of(h) in IGNORED), None)
    with folder.open_store() as store:
        store.open_cohort(cohort)
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
