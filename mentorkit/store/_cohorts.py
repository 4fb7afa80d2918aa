"""The program and its cohorts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, insert, select, update

from mentorkit.domain.programs import Cohort, Program
from mentorkit.errors import MentorkitError, NotFound
from mentorkit.store import schema as t
from mentorkit.store._base import (
    StoreBase,
    _fields,
    _refused,
    _row,
)


class CohortRecords(StoreBase):
    """The program and its cohorts."""

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
            known = ", ".join(self.cohort_names())
            raise NotFound(
                "cohort",
                name,
                (f"Known cohorts: {known}. " if known else "There is no cohort yet. ")
                + f"Add it with: mentorkit cohort add --program FOLDER {name}",
            )
        return Cohort.from_dict(_fields(found, Cohort))

    def open_cohort(self, name: str) -> Cohort:
        """The cohort, refused when it was closed (no imports, no matching runs)."""
        cohort = self.cohort(name)
        if cohort.closed_on is not None:
            raise MentorkitError(
                f"Cohort {name!r} was closed on {cohort.closed_on}; add a new one with: "
                f"mentorkit cohort add --program FOLDER NAME"
            )
        return cohort

    def cohort_names(self) -> list[str]:
        with self._read() as conn:
            return list(conn.scalars(select(t.cohorts.c.name).order_by(t.cohorts.c.id)))

    def _cohort_id(self, conn: Connection, name: str, *, missing_ok: bool = False) -> int:
        found = conn.scalar(select(t.cohorts.c.id).where(t.cohorts.c.name == name))
        if found is None and not missing_ok:
            raise NotFound("cohort", name)
        return found
