"""The store: validated records in, model objects and DataFrames out.

Every write is one transaction. Records are validated before the transaction opens;
references (cohorts, participants, matches) are checked inside it; anything wrong
raises before commit, so a refused write leaves nothing behind.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar

import pandas as pd
from sqlalchemy import JSON, Connection, Engine, Table, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from mentorkit.domain.agreements import Agreement, AgreementTerms
from mentorkit.domain.goals import Goal, Milestone
from mentorkit.domain.matches import Match, MatchStatus
from mentorkit.domain.meetings import Meeting, Reflection
from mentorkit.domain.participants import Participant, ParticipantStatus, Role
from mentorkit.domain.programs import Cohort, Program
from mentorkit.domain.records import Record
from mentorkit.errors import InvalidRecord, NotFound, Problem, StoreError
from mentorkit.store import schema as t
from mentorkit.store._activity import Activity
from mentorkit.store._drafts import Drafts
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


class Store:
    """One program's records in SQLite or PostgreSQL."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.drafts = Drafts(self)
        self.activity = Activity(self)

    @classmethod
    def open(cls, url: str, *, migrate_schema: bool = True) -> Store:
        """Open the database at ``url``, bringing its schema up to date first."""
        engine = make_engine(url)
        if migrate_schema:
            migrate(engine)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    # --- transactions ---------------------------------------------------------------

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

    # --- program and cohorts --------------------------------------------------------

    def save_program(self, program: Program | Mapping[str, Any]) -> Program:
        """Create the program, or update it when it has an id."""
        program = Program.from_dict(program)
        with self._write() as conn:
            row = _row(program, t.programs)
            if program.id is None:
                new_id = conn.execute(insert(t.programs).values(row)).inserted_primary_key[
                    0
                ]
                return program.updated(id=new_id)
            done = conn.execute(
                update(t.programs).where(t.programs.c.id == program.id).values(row)
            )
            if done.rowcount == 0:
                raise NotFound("program", program.id)
        return program

    def program(self) -> Program:
        """The program this store holds (the first one, when there are several)."""
        with self._read() as conn:
            row = (
                conn.execute(select(t.programs).order_by(t.programs.c.id))
                .mappings()
                .first()
            )
        if row is None:
            raise NotFound("program", "in this database", "Create one with: mentorkit init")
        return Program.from_dict(_fields(row, Program))

    def add_cohort(self, cohort: Cohort | Mapping[str, Any]) -> Cohort:
        cohort = Cohort.from_dict(cohort)
        program = self.program()
        with self._write() as conn:
            if self._cohort_id(conn, cohort.name, missing_ok=True) is not None:
                raise _refused(cohort, "name", f"a cohort named {cohort.name!r} exists")
            row = _row(cohort, t.cohorts, program_id=program.id)
            new_id = conn.execute(insert(t.cohorts).values(row)).inserted_primary_key[0]
        return cohort.updated(id=new_id)

    def cohort(self, name: str) -> Cohort:
        with self._read() as conn:
            row = conn.execute(select(t.cohorts).where(t.cohorts.c.name == name)).mappings()
            found = row.first()
        if found is None:
            raise NotFound(
                "cohort", name, f"Known cohorts: {', '.join(self.cohort_names())}"
            )
        return Cohort.from_dict(_fields(found, Cohort))

    def cohort_names(self) -> list[str]:
        with self._read() as conn:
            return list(conn.scalars(select(t.cohorts.c.name).order_by(t.cohorts.c.id)))

    def _cohort_id(self, conn: Connection, name: str, *, missing_ok: bool = False) -> int:
        found = conn.scalar(select(t.cohorts.c.id).where(t.cohorts.c.name == name))
        if found is None and not missing_ok:
            raise NotFound("cohort", name)
        return found

    # --- participants ---------------------------------------------------------------

    def add_participants(
        self, records: Iterable[Participant | Mapping[str, Any]]
    ) -> list[Participant]:
        """Add participants in one transaction: all of them, or none."""
        people = [Participant.from_dict(r) for r in records]
        with self._write() as conn:
            for members in _by_cohort(people):
                cohort_id = self._known_cohort(conn, members[0])
                self._check_new_members(conn, cohort_id, members)
                conn.execute(
                    insert(t.participants),
                    [_row(p, t.participants, cohort_id=cohort_id) for p in members],
                )
        return people

    def save_participants(
        self, records: Iterable[Participant | Mapping[str, Any]]
    ) -> SaveCounts:
        """Add new participants and update known ones, all in one transaction.

        A participant is known when their e-mail is already in their cohort; they
        keep their id. Returns how many were added, updated and left unchanged.
        """
        people = [Participant.from_dict(r) for r in records]
        counts = SaveCounts()
        with self._write() as conn:
            for members in _by_cohort(people):
                cohort_id = self._known_cohort(conn, members[0])
                emails = [p.email for p in members]
                rows = conn.execute(
                    self._participant_select().where(
                        t.participants.c.cohort_id == cohort_id,
                        t.participants.c.email.in_(emails),
                    )
                ).mappings()
                known = {
                    r["email"]: Participant.from_dict(_fields(r, Participant)) for r in rows
                }
                new, changed = [], []
                for person in members:
                    old = known.get(person.email)
                    if old is None:
                        new.append(person)
                    elif (person := person.updated(id=old.id)) != old:
                        changed.append(person)
                    else:
                        counts.unchanged += 1
                self._check_new_members(conn, cohort_id, new)
                self._check_references(
                    conn, cohort_id, changed, also_new=[p.id for p in new]
                )
                if new:
                    conn.execute(
                        insert(t.participants),
                        [_row(p, t.participants, cohort_id=cohort_id) for p in new],
                    )
                for person in changed:
                    conn.execute(
                        update(t.participants)
                        .where(t.participants.c.id == person.id)
                        .values(
                            _row(
                                person,
                                t.participants,
                                cohort_id=cohort_id,
                                updated_at=func.now(),
                            )
                        )
                    )
                counts.added += len(new)
                counts.updated += len(changed)
        return counts

    def add_participant(self, record: Participant | Mapping[str, Any]) -> Participant:
        return self.add_participants([record])[0]

    def participant(self, participant_id: str) -> Participant:
        with self._read() as conn:
            row = (
                conn.execute(
                    self._participant_select().where(t.participants.c.id == participant_id)
                )
                .mappings()
                .first()
            )
        if row is None:
            raise NotFound("participant", participant_id)
        return Participant.from_dict(_fields(row, Participant))

    def update_participant(self, participant_id: str, **changes: Any) -> Participant:
        """Change some fields of a participant; the whole record is checked again."""
        current = self.participant(participant_id)
        if "id" in changes and changes["id"] != participant_id:
            raise _refused(current, "id", "a participant's id cannot change")
        person = current.updated(**changes)
        with self._write() as conn:
            cohort_id = self._known_cohort(conn, person)
            self._check_references(conn, cohort_id, [person], also_new=())
            self._check_email_free(conn, cohort_id, person)
            conn.execute(
                update(t.participants)
                .where(t.participants.c.id == participant_id)
                .values(
                    _row(person, t.participants, cohort_id=cohort_id, updated_at=func.now())
                )
            )
        return person

    def participants(
        self, cohort: str | None = None, role: Role | str | None = None
    ) -> pd.DataFrame:
        """Participants as a DataFrame, one row each, the model's fields as columns."""
        stmt = self._participant_select().order_by(t.participants.c.id)
        if cohort is not None:
            stmt = stmt.where(t.cohorts.c.name == cohort)
        if role is not None:
            roles = [Role(role)] if Role(role) == Role.BOTH else [Role(role), Role.BOTH]
            stmt = stmt.where(t.participants.c.role.in_(roles))
        with self._read() as conn:
            rows = conn.execute(stmt).mappings().all()
        return pd.DataFrame(
            [_fields(r, Participant) for r in rows], columns=PARTICIPANT_COLUMNS
        )

    def count(self, table: str) -> int:
        """How many rows a table holds (``"participants"``, ``"matches"``, ...)."""
        with self._read() as conn:
            return conn.scalar(select(func.count()).select_from(t.metadata.tables[table]))

    @staticmethod
    def _participant_select():
        return select(t.participants, t.cohorts.c.name.label("cohort")).join(t.cohorts)

    def _known_cohort(self, conn: Connection, record: Participant | Match) -> int:
        cohort_id = self._cohort_id(conn, record.cohort, missing_ok=True)
        if cohort_id is None:
            raise _refused(record, "cohort", f"there is no cohort named {record.cohort!r}")
        return cohort_id

    def _check_new_members(
        self, conn: Connection, cohort_id: int, members: list[Participant]
    ) -> None:
        ids = [p.id for p in members]
        taken = set(
            conn.scalars(select(t.participants.c.id).where(t.participants.c.id.in_(ids)))
        )
        emails = [p.email for p in members]
        email_owner = dict(
            conn.execute(
                select(t.participants.c.email, t.participants.c.id).where(
                    t.participants.c.cohort_id == cohort_id,
                    t.participants.c.email.in_(emails),
                )
            ).all()
        )
        seen_ids: set[str] = set()
        seen_emails: set[str] = set()
        for person in members:
            if person.id in taken or person.id in seen_ids:
                raise _refused(person, "id", f"{person.id!r} is already used")
            if person.email in email_owner or person.email in seen_emails:
                raise _refused(person, "email", f"{person.email} is already in this cohort")
            seen_ids.add(person.id)
            seen_emails.add(person.email)
        self._check_references(conn, cohort_id, members, also_new=seen_ids)

    def _check_email_free(self, conn: Connection, cohort_id: int, person: Participant):
        owner = conn.scalar(
            select(t.participants.c.id).where(
                t.participants.c.cohort_id == cohort_id,
                t.participants.c.email == person.email,
            )
        )
        if owner is not None and owner != person.id:
            raise _refused(person, "email", f"{person.email} is already in this cohort")

    def _check_references(
        self,
        conn: Connection,
        cohort_id: int,
        people: list[Participant],
        also_new: Iterable[str],
    ) -> None:
        """avoid and preferred must name participants of the same cohort."""
        named = {i for p in people for i in (*p.avoid, *p.preferred)}
        if not named:
            return
        known = set(
            conn.scalars(
                select(t.participants.c.id).where(
                    t.participants.c.cohort_id == cohort_id, t.participants.c.id.in_(named)
                )
            )
        )
        known |= set(also_new)
        for person in people:
            for field in ("avoid", "preferred"):
                unknown = [i for i in getattr(person, field) if i not in known]
                if unknown:
                    raise _refused(
                        person,
                        field,
                        f"no participant {unknown[0]!r} in cohort {person.cohort!r}",
                    )

    # --- matches --------------------------------------------------------------------

    def add_matches(self, records: Iterable[Match | Mapping[str, Any]]) -> list[Match]:
        """Add matches in one transaction; each side must exist in the cohort."""
        pairs = [Match.from_dict(r) for r in records]
        with self._write() as conn:
            return self._insert_matches(conn, pairs)

    def _insert_matches(self, conn: Connection, pairs: list[Match]) -> list[Match]:
        saved = []
        for pair in pairs:
            cohort_id = self._known_cohort(conn, pair)
            self._check_side(conn, cohort_id, pair, "mentor_id", Role.MENTOR)
            self._check_side(conn, cohort_id, pair, "mentee_id", Role.MENTEE)
            row = _row(pair, t.matches, cohort_id=cohort_id)
            new_id = conn.execute(insert(t.matches).values(row)).inserted_primary_key[0]
            saved.append(pair.updated(id=new_id))
        return saved

    def add_match(self, record: Match | Mapping[str, Any]) -> Match:
        return self.add_matches([record])[0]

    def replace_drafts(
        self, cohort: str, records: Iterable[Match | Mapping[str, Any]]
    ) -> list[Match]:
        """Put ``records`` in place of the cohort's draft matches, in one transaction.

        Published and closed matches stay as they are; a draft is only ever
        replaced whole, so a failed run leaves the previous drafts.
        """
        pairs = [Match.from_dict(r) for r in records]
        for pair in pairs:
            if pair.cohort != cohort or pair.status != MatchStatus.DRAFT:
                raise _refused(pair, "status", f"only drafts of {cohort!r} go here")
        with self._write() as conn:
            cohort_id = self._cohort_id(conn, cohort)
            conn.execute(
                delete(t.matches).where(
                    t.matches.c.cohort_id == cohort_id,
                    t.matches.c.status == MatchStatus.DRAFT,
                )
            )
            return self._insert_matches(conn, pairs)

    def publish_drafts(self, cohort: str) -> int:
        """Publish the cohort's draft matches; their participants become matched."""
        with self._write() as conn:
            cohort_id = self._cohort_id(conn, cohort)
            drafts = t.matches.c.cohort_id == cohort_id, t.matches.c.status == "draft"
            people = select(t.matches.c.mentor_id, t.matches.c.mentee_id).where(*drafts)
            ids = {i for row in conn.execute(people) for i in row}
            published = conn.execute(
                update(t.matches).where(*drafts).values(status=MatchStatus.PUBLISHED)
            ).rowcount
            if ids:
                conn.execute(
                    update(t.participants)
                    .where(t.participants.c.id.in_(ids))
                    .values(status=ParticipantStatus.MATCHED)
                )
        return published

    def _check_side(
        self, conn: Connection, cohort_id: int, pair: Match, field: str, role: Role
    ) -> None:
        person_id = getattr(pair, field)
        found = conn.execute(
            select(t.participants.c.role, t.participants.c.cohort_id).where(
                t.participants.c.id == person_id
            )
        ).first()
        if found is None or found.cohort_id != cohort_id:
            raise _refused(
                pair, field, f"no participant {person_id!r} in cohort {pair.cohort!r}"
            )
        if found.role not in (role, Role.BOTH):
            raise _refused(pair, field, f"{person_id!r} is a {found.role}, not a {role}")

    def matches(self, cohort: str | None = None) -> pd.DataFrame:
        stmt = select(t.matches, t.cohorts.c.name.label("cohort")).join(t.cohorts)
        if cohort is not None:
            stmt = stmt.where(t.cohorts.c.name == cohort)
        with self._read() as conn:
            rows = conn.execute(stmt.order_by(t.matches.c.id)).mappings().all()
        return pd.DataFrame(
            [_fields(r, Match) for r in rows], columns=list(Match.model_fields)
        )

    def match(self, match_id: int) -> Match:
        return self._one(
            Match,
            t.matches,
            match_id,
            select(t.matches, t.cohorts.c.name.label("cohort")).join(t.cohorts),
        )

    # --- closing a pair -------------------------------------------------------------

    def close_match(self, match_id: int, reason: str, at: datetime | None = None) -> Match:
        """End a published pair without blame; its history stays.

        The agreement, goals, meetings and reflections are kept. Each side with no
        other published pair becomes active again, so the mentee can be matched anew
        (the closed pair itself is never proposed again).
        """
        reason = " ".join(reason.split())
        current = self.match(match_id)
        if not reason:
            raise _refused(current, "close_reason", "say why the pair ends (no blame)")
        if current.status != MatchStatus.PUBLISHED:
            raise _refused(
                current,
                "status",
                f"only a published pair can be closed; this one is {current.status}",
            )
        when = at or datetime.now(UTC)
        with self._write() as conn:
            conn.execute(
                update(t.matches)
                .where(t.matches.c.id == match_id)
                .values(status=MatchStatus.CLOSED, closed_at=when, close_reason=reason)
            )
            for person_id in (current.mentor_id, current.mentee_id):
                still = conn.scalar(
                    select(func.count())
                    .select_from(t.matches)
                    .where(
                        t.matches.c.status == MatchStatus.PUBLISHED,
                        (t.matches.c.mentor_id == person_id)
                        | (t.matches.c.mentee_id == person_id),
                    )
                )
                if not still:
                    conn.execute(
                        update(t.participants)
                        .where(
                            t.participants.c.id == person_id,
                            t.participants.c.status == ParticipantStatus.MATCHED,
                        )
                        .values(status=ParticipantStatus.ACTIVE, updated_at=func.now())
                    )
        return self.match(match_id)

    # --- agreements -----------------------------------------------------------------

    def save_agreement(self, record: Agreement | Mapping[str, Any]) -> Agreement:
        """Create or change the agreement of a match.

        Changed terms withdraw any signature given to the old ones; an agreement
        both sides signed is kept as signed and cannot change.
        """
        agreement = Agreement.from_dict(record)
        with self._write() as conn:
            return self._put_agreement(conn, agreement, signer=None, at=None)

    def sign_agreement(
        self,
        match_id: int,
        participant_id: str,
        terms: AgreementTerms | Mapping[str, Any],
        at: datetime | None = None,
    ) -> Agreement:
        """``participant_id`` signs ``terms`` for their pair, in one transaction.

        When the partner signed other terms, their signature is withdrawn: they are
        asked to sign again what is now on the table.
        """
        agreement = Agreement.from_dict({"match_id": match_id, "terms": terms})
        with self._write() as conn:
            return self._put_agreement(
                conn, agreement, signer=participant_id, at=at or datetime.now(UTC)
            )

    def _put_agreement(
        self,
        conn: Connection,
        agreement: Agreement,
        signer: str | None,
        at: datetime | None,
    ) -> Agreement:
        pair = conn.execute(
            select(t.matches.c.mentor_id, t.matches.c.mentee_id, t.matches.c.status).where(
                t.matches.c.id == agreement.match_id
            )
        ).first()
        if pair is None:
            raise _refused(agreement, "match_id", f"no match {agreement.match_id!r}")
        row = (
            conn.execute(
                select(t.agreements).where(t.agreements.c.match_id == agreement.match_id)
            )
            .mappings()
            .first()
        )
        old = Agreement.from_dict(_fields(row, Agreement)) if row else None
        if old is not None and old.signed:
            raise _refused(
                old, "terms", "both sides signed this agreement; it is kept as signed"
            )
        if old is not None and old.terms == agreement.terms:
            agreement = agreement.updated(
                mentor_signed_at=agreement.mentor_signed_at or old.mentor_signed_at,
                mentee_signed_at=agreement.mentee_signed_at or old.mentee_signed_at,
            )
        if signer is not None:
            if pair.status != MatchStatus.PUBLISHED:
                raise _refused(agreement, "match_id", f"this pair is {pair.status}")
            if signer not in (pair.mentor_id, pair.mentee_id):
                raise _refused(agreement, "signer", f"{signer!r} is not part of this pair")
            side = "mentor" if signer == pair.mentor_id else "mentee"
            agreement = agreement.updated(**{f"{side}_signed_at": at})
        values = _row(agreement, t.agreements)
        values.pop("id", None)
        if old is None:
            new_id = conn.execute(insert(t.agreements).values(values)).inserted_primary_key[
                0
            ]
        else:
            new_id = old.id
            conn.execute(
                update(t.agreements).where(t.agreements.c.id == new_id).values(values)
            )
        return agreement.updated(id=new_id)

    def agreement(self, match_id: int) -> Agreement:
        with self._read() as conn:
            row = (
                conn.execute(
                    select(t.agreements).where(t.agreements.c.match_id == match_id)
                )
                .mappings()
                .first()
            )
        if row is None:
            raise NotFound("agreement for match", match_id)
        return Agreement.from_dict(_fields(row, Agreement))

    def signed_agreements(self, cohort: str | None = None) -> dict[int, date]:
        """For each pair whose agreement both sides signed: the day the last one signed."""
        stmt = (
            select(
                t.agreements.c.match_id,
                t.agreements.c.mentor_signed_at,
                t.agreements.c.mentee_signed_at,
            )
            .join(t.matches, t.matches.c.id == t.agreements.c.match_id)
            .join(t.cohorts, t.cohorts.c.id == t.matches.c.cohort_id)
            .where(
                t.agreements.c.mentor_signed_at.is_not(None),
                t.agreements.c.mentee_signed_at.is_not(None),
            )
        )
        if cohort is not None:
            stmt = stmt.where(t.cohorts.c.name == cohort)
        with self._read() as conn:
            return {
                match_id: max(mentor, mentee).date()
                for match_id, mentor, mentee in conn.execute(stmt)
            }

    # --- goals ----------------------------------------------------------------------

    def add_goal(self, record: Goal | Mapping[str, Any]) -> Goal:
        """Add a goal with its milestones, in one transaction."""
        goal = Goal.from_dict(record)
        if goal.id is not None:
            raise _refused(goal, "id", "a new goal has no id yet; use save_goal")
        return self.save_goal(goal)

    def save_goal(self, record: Goal | Mapping[str, Any]) -> Goal:
        """Add a goal, or replace a stored one with its milestones, in one transaction.

        A goal stays with the participant who set it.
        """
        goal = Goal.from_dict(record)
        with self._write() as conn:
            self._require(conn, goal, "participant_id", t.participants, goal.participant_id)
            if goal.match_id is not None:
                self._require(conn, goal, "match_id", t.matches, goal.match_id)
            values = _row(goal, t.goals)
            if goal.id is None:
                goal_id = conn.execute(insert(t.goals).values(values)).inserted_primary_key[
                    0
                ]
            else:
                goal_id = goal.id
                owner = conn.scalar(
                    select(t.goals.c.participant_id).where(t.goals.c.id == goal_id)
                )
                if owner != goal.participant_id:
                    raise _refused(goal, "id", f"no goal {goal_id!r} of this participant")
                conn.execute(update(t.goals).where(t.goals.c.id == goal_id).values(values))
                conn.execute(delete(t.milestones).where(t.milestones.c.goal_id == goal_id))
            milestones = []
            for position, milestone in enumerate(goal.milestones):
                row = _row(milestone, t.milestones, goal_id=goal_id, position=position)
                row.pop("id", None)
                new_id = conn.execute(
                    insert(t.milestones).values(row)
                ).inserted_primary_key[0]
                milestones.append(milestone.updated(id=new_id))
        return goal.updated(id=goal_id, milestones=milestones)

    def goals(
        self, participant_id: str | None = None, *, match_id: int | None = None
    ) -> list[Goal]:
        """One participant's goals, or the goals set within one pair."""
        stmt = select(t.goals).order_by(t.goals.c.id)
        if participant_id is not None:
            stmt = stmt.where(t.goals.c.participant_id == participant_id)
        if match_id is not None:
            stmt = stmt.where(t.goals.c.match_id == match_id)
        with self._read() as conn:
            goals = [dict(_fields(r, Goal)) for r in conn.execute(stmt).mappings()]
            ids = [g["id"] for g in goals]
            marks = (
                conn.execute(
                    select(t.milestones)
                    .where(t.milestones.c.goal_id.in_(ids))
                    .order_by(t.milestones.c.position)
                )
                .mappings()
                .all()
            )
        for goal in goals:
            goal["milestones"] = [
                _fields(m, Milestone) for m in marks if m["goal_id"] == goal["id"]
            ]
        return [Goal.from_dict(g) for g in goals]

    def goal_progress(self, cohort: str | None = None) -> pd.DataFrame:
        """Per goal of a pair: owner, status, progress, due date, milestones met.

        Numbers only; what the goal says stays with the pair.
        """
        done = func.count(t.milestones.c.done_on)
        stmt = (
            select(
                t.goals.c.id.label("goal_id"),
                t.goals.c.match_id,
                t.goals.c.participant_id,
                t.goals.c.status,
                t.goals.c.progress,
                t.goals.c.due_date,
                func.count(t.milestones.c.id).label("milestones"),
                done.label("milestones_met"),
            )
            .join(t.matches, t.matches.c.id == t.goals.c.match_id)
            .join(t.cohorts, t.cohorts.c.id == t.matches.c.cohort_id)
            .outerjoin(t.milestones, t.milestones.c.goal_id == t.goals.c.id)
            .group_by(t.goals.c.id)
            .order_by(t.goals.c.id)
        )
        if cohort is not None:
            stmt = stmt.where(t.cohorts.c.name == cohort)
        with self._read() as conn:
            return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=_GOAL_COLUMNS)

    # --- meetings and reflections ---------------------------------------------------

    def add_meeting(self, record: Meeting | Mapping[str, Any]) -> Meeting:
        meeting = Meeting.from_dict(record)
        with self._write() as conn:
            self._require(conn, meeting, "match_id", t.matches, meeting.match_id)
            new_id = conn.execute(
                insert(t.meetings).values(_row(meeting, t.meetings))
            ).inserted_primary_key[0]
        return meeting.updated(id=new_id)

    def log_meeting(self, record: Meeting | Mapping[str, Any]) -> Meeting:
        """The pair's meeting on that day: logged now, or as the partner logged it.

        Both sides log the same meeting; the second one adds their topics to it.
        """
        meeting = Meeting.from_dict(record)
        with self._write() as conn:
            return self._log_meeting(conn, meeting)

    def _log_meeting(self, conn: Connection, meeting: Meeting) -> Meeting:
        self._require(conn, meeting, "match_id", t.matches, meeting.match_id)
        row = (
            conn.execute(
                select(t.meetings).where(
                    t.meetings.c.match_id == meeting.match_id,
                    t.meetings.c.held_on == meeting.held_on,
                )
            )
            .mappings()
            .first()
        )
        if row is None:
            new_id = conn.execute(
                insert(t.meetings).values(_row(meeting, t.meetings))
            ).inserted_primary_key[0]
            return meeting.updated(id=new_id)
        known = Meeting.from_dict(_fields(row, Meeting))
        merged = known.updated(topics=[*known.topics, *meeting.topics])
        if merged.topics != known.topics:
            conn.execute(
                update(t.meetings)
                .where(t.meetings.c.id == known.id)
                .values(topics=merged.topics)
            )
        return merged

    def log_reflection(
        self,
        meeting: Meeting | Mapping[str, Any],
        reflection: Reflection | Mapping[str, Any],
    ) -> tuple[Meeting, Reflection]:
        """Log a meeting and the author's reflection on it, in one transaction.

        ``reflection`` needs no meeting_id; the progress it reports on the author's
        own goals becomes those goals' progress.
        """
        meeting = Meeting.from_dict(meeting)
        reflection = Reflection.from_dict({**dict(reflection), "meeting_id": 0})
        with self._write() as conn:
            meeting = self._log_meeting(conn, meeting)
            reflection = self._save_reflection(
                conn, reflection.updated(meeting_id=meeting.id)
            )
            for goal_id, percent in reflection.goal_progress.items():
                conn.execute(
                    update(t.goals)
                    .where(
                        t.goals.c.id == goal_id,
                        t.goals.c.participant_id == reflection.author_id,
                    )
                    .values(progress=percent)
                )
        return meeting, reflection

    def meetings(self, match_id: int) -> list[Meeting]:
        with self._read() as conn:
            rows = conn.execute(
                select(t.meetings)
                .where(t.meetings.c.match_id == match_id)
                .order_by(t.meetings.c.held_on, t.meetings.c.id)
            ).mappings()
            return [Meeting.from_dict(_fields(r, Meeting)) for r in rows]

    def add_reflection(self, record: Reflection | Mapping[str, Any]) -> Reflection:
        """Add a reflection; its author must be one side of the meeting's match."""
        reflection = Reflection.from_dict(record)
        if reflection.id is not None:
            raise _refused(reflection, "id", "a new reflection has no id yet")
        return self.save_reflection(reflection)

    def save_reflection(self, record: Reflection | Mapping[str, Any]) -> Reflection:
        """Keep the author's reflection on a meeting, replacing their earlier one."""
        reflection = Reflection.from_dict(record)
        with self._write() as conn:
            return self._save_reflection(conn, reflection)

    def _save_reflection(self, conn: Connection, reflection: Reflection) -> Reflection:
        pair = conn.execute(
            select(t.matches.c.mentor_id, t.matches.c.mentee_id)
            .join(t.meetings, t.meetings.c.match_id == t.matches.c.id)
            .where(t.meetings.c.id == reflection.meeting_id)
        ).first()
        if pair is None:
            raise _refused(
                reflection, "meeting_id", f"no meeting {reflection.meeting_id!r}"
            )
        if reflection.author_id not in pair:
            raise _refused(
                reflection,
                "author_id",
                f"{reflection.author_id!r} is not part of this meeting's pair",
            )
        values = _row(reflection, t.reflections)
        values.pop("id", None)
        mine = (
            t.reflections.c.meeting_id == reflection.meeting_id,
            t.reflections.c.author_id == reflection.author_id,
        )
        known = conn.scalar(select(t.reflections.c.id).where(*mine))
        if known is None:
            new_id = conn.execute(
                insert(t.reflections).values(values)
            ).inserted_primary_key[0]
        else:
            new_id = known
            conn.execute(update(t.reflections).where(*mine).values(values))
        return reflection.updated(id=new_id)

    def reflection(self, reflection_id: int) -> Reflection:
        found = self._reflections(t.reflections.c.id == reflection_id)
        if not found:
            raise NotFound("reflection", reflection_id)
        return found[0]

    def reflections(self, author_id: str) -> list[Reflection]:
        """The reflections one participant wrote (private ones included)."""
        return self._reflections(t.reflections.c.author_id == author_id)

    def pair_reflections(self, match_id: int, reader_id: str) -> list[Reflection]:
        """A pair's reflections that ``reader_id`` may read: their own, and what their
        partner shared. A private reflection never leaves the database for anyone else.
        """
        pair = self.match(match_id)
        if reader_id not in (pair.mentor_id, pair.mentee_id):
            raise _refused(pair, "reader", f"{reader_id!r} is not part of this pair")
        return self._reflections(
            t.meetings.c.match_id == match_id,
            (t.reflections.c.author_id == reader_id) | t.reflections.c.shared.is_(True),
        )

    def _reflections(self, *where) -> list[Reflection]:
        stmt = (
            select(t.reflections)
            .join(t.meetings, t.meetings.c.id == t.reflections.c.meeting_id)
            .where(*where)
            .order_by(t.meetings.c.held_on, t.reflections.c.id)
        )
        with self._read() as conn:
            rows = conn.execute(stmt).mappings()
            return [Reflection.from_dict(_fields(r, Reflection)) for r in rows]

    def pulse_log(self, cohort: str | None = None) -> pd.DataFrame:
        """Every meeting of the cohort's pairs with each reflection's pulse, and no text.

        One row per meeting and author (author empty when nobody reflected yet):
        ``match_id, meeting_id, held_on, minutes, author_id, pulse, shared`` and
        ``open_actions``, the due dates of the author's action items not yet done.
        This is what facilitators see of reflections: that one exists, and its pulse.
        """
        stmt = (
            select(
                t.meetings.c.match_id,
                t.meetings.c.id.label("meeting_id"),
                t.meetings.c.held_on,
                t.meetings.c.minutes,
                t.reflections.c.author_id,
                t.reflections.c.pulse,
                t.reflections.c.shared,
                t.reflections.c.action_items,
            )
            .join(t.matches, t.matches.c.id == t.meetings.c.match_id)
            .join(t.cohorts, t.cohorts.c.id == t.matches.c.cohort_id)
            .outerjoin(t.reflections, t.reflections.c.meeting_id == t.meetings.c.id)
            .order_by(t.meetings.c.held_on, t.meetings.c.id, t.reflections.c.id)
        )
        if cohort is not None:
            stmt = stmt.where(t.cohorts.c.name == cohort)
        with self._read() as conn:
            rows = [dict(r) for r in conn.execute(stmt).mappings()]
        for row in rows:
            items = row.pop("action_items") or []
            row["open_actions"] = [
                _as_date(item.get("due_date")) for item in items if not item.get("done")
            ]
        return pd.DataFrame(rows, columns=PULSE_COLUMNS)

    # --- change detection ------------------------------------------------------------

    def digest(self, cohort: str) -> str:
        """A fingerprint of everything stored about a cohort (and its program): it
        changes whenever any of it does, so a report made from it can be reused."""
        cohort_id = (
            t.cohorts.c.id
            == select(t.cohorts.c.id).where(t.cohorts.c.name == cohort).scalar_subquery()
        )
        match_ids = select(t.matches.c.id).join(t.cohorts).where(cohort_id)
        meeting_ids = select(t.meetings.c.id).where(t.meetings.c.match_id.in_(match_ids))
        goal_ids = select(t.goals.c.id).where(t.goals.c.match_id.in_(match_ids))
        queries = [
            (t.programs, select(t.programs)),
            (t.cohorts, select(t.cohorts).where(cohort_id)),
            (t.participants, select(t.participants).join(t.cohorts).where(cohort_id)),
            (t.matches, select(t.matches).join(t.cohorts).where(cohort_id)),
            (
                t.agreements,
                select(t.agreements).where(t.agreements.c.match_id.in_(match_ids)),
            ),
            (t.goals, select(t.goals).where(t.goals.c.match_id.in_(match_ids))),
            (
                t.milestones,
                select(t.milestones).where(t.milestones.c.goal_id.in_(goal_ids)),
            ),
            (t.meetings, select(t.meetings).where(t.meetings.c.match_id.in_(match_ids))),
            (
                t.reflections,
                select(t.reflections).where(t.reflections.c.meeting_id.in_(meeting_ids)),
            ),
        ]
        digest = hashlib.sha256()
        with self._read() as conn:
            for table, query in queries:
                for row in conn.execute(query.order_by(table.c.id)):
                    digest.update(repr(tuple(row)).encode())
                digest.update(b"|")
        return digest.hexdigest()

    # --- shared lookups -------------------------------------------------------------

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
