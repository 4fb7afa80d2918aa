"""The store's frame: opening the database, one transaction per write, and the
helpers that turn records into rows and rows back into records."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, Self, TypeVar

from sqlalchemy import JSON, Connection, Engine, Table, select
from sqlalchemy.exc import IntegrityError, OperationalError

from mentorkit.domain.participants import Participant
from mentorkit.domain.records import Record
from mentorkit.errors import InvalidRecord, NotFound, Problem, StoreError
from mentorkit.store._engine import make_engine, migrate

R = TypeVar("R", bound=Record)


@dataclass
class SaveCounts:
    """What a save did: participants added, updated, and found unchanged."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0


PARTICIPANT_COLUMNS = list(Participant.model_fields)
PULSE_COLUMNS = [
    "match_id", "meeting_id", "held_on", "minutes", "author_id", "pulse", "shared",
    "open_actions",
]  # fmt: skip
_GOAL_COLUMNS = [
    "goal_id", "match_id", "participant_id", "status", "progress", "due_date",
    "milestones", "milestones_met",
]  # fmt: skip


def _row(record: Record, table: Table, **extra: Any) -> dict[str, Any]:
    """The table's columns from a record: JSON columns get JSON-ready values."""
    plain = record.model_dump(mode="python")
    jsonable = record.model_dump(mode="json")
    row = {}
    for column in table.columns:
        if column.name in plain:
            json_column = isinstance(column.type, JSON)
            row[column.name] = (jsonable if json_column else plain)[column.name]
    row.update(extra)
    for name in ("id", "created_at"):  # the database gives these when not known
        if row.get(name) is None:
            row.pop(name, None)
    return row


def _refused(record: Record | type[Record], field: str, message: str) -> InvalidRecord:
    name = record.record_name() if isinstance(record, type) else _name_of(record)
    return InvalidRecord(name, [Problem(field, message)])


def _name_of(record: Record) -> str:
    return type(record).record_name(record.__dict__)


class StoreBase:
    """The store's frame: opening the database, one transaction per write, and the"""

    def __init__(self, engine: Engine):
        self.engine = engine

    @classmethod
    def open(cls, url: str, *, migrate_schema: bool = True) -> Self:
        """Open the database at ``url``, bringing its schema up to date first."""
        engine = make_engine(url)
        if migrate_schema:
            migrate(engine)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                conn.execution_options(mentorkit_write=True)
                with conn.begin():
                    yield conn
        except IntegrityError as exc:
            raise StoreError(f"the database refused the change: {exc.orig}") from None
        except OperationalError as exc:
            raise StoreError(f"cannot write to the database: {exc.orig}") from None

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except OperationalError as exc:
            raise StoreError(f"cannot read the database: {exc.orig}") from None

    def _named_cohort(self, cohort: str | None) -> None:
        """A read asked for ``cohort``: refuse a name no cohort has, saying which exist
        (rather than an empty answer that looks like a cohort with no one in it)."""
        if cohort is not None:
            self.cohort(cohort)

    def _require(
        self, conn: Connection, record: Record, field: str, table: Table, key: Any
    ) -> None:
        if conn.scalar(select(table.c.id).where(table.c.id == key)) is None:
            raise _refused(record, field, f"no {_singular(table)} {key!r}")

    def _one(self, model: type[R], table: Table, key: Any, stmt=None) -> R:
        stmt = select(table) if stmt is None else stmt
        with self._read() as conn:
            row = conn.execute(stmt.where(table.c.id == key)).mappings().first()
        if row is None:
            raise NotFound(_singular(table), key)
        return model.from_dict(_fields(row, model))


def _by_cohort(people: list[Participant]) -> list[list[Participant]]:
    """Participants grouped by cohort, in the order they came."""
    groups: dict[str, list[Participant]] = {}
    for person in people:
        groups.setdefault(person.cohort, []).append(person)
    return list(groups.values())


def _singular(table: Table) -> str:
    return table.name.removesuffix("es") if table.name.endswith("ches") else table.name[:-1]


def _fields(row: Mapping[str, Any], model: type[Record]) -> dict[str, Any]:
    """The part of a database row that is a field of ``model``."""
    return {name: row[name] for name in model.model_fields if name in row}


def _as_date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value
