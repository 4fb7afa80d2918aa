"""The program as every page needs it: its details, its cohorts and their members."""

from __future__ import annotations

import pandas as pd

from mentorkit.domain.programs import Program
from mentorkit.errors import MentorkitError
from mentorkit.services._unit import with_store
from mentorkit.store import Store


@with_store
def program_of(store: Store) -> Program:
    return store.program()


@with_store
def chosen_cohort(store: Store, cohort: str | None) -> str:
    """The cohort a facilitator named (a clear error if unknown), or the first one."""
    if cohort:
        return store.cohort(cohort).name
    names = store.cohort_names()
    if not names:
        raise MentorkitError("This program has no cohorts yet.")
    return names[0]


@with_store
def members(store: Store, cohort: str, role: str | None = None) -> pd.DataFrame:
    """A cohort's participants (of one role, ``both`` counting as either)."""
    return store.participants(cohort=cohort, role=role)
