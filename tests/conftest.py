"""Shared fixtures: a store on each backend, a program folder, the demo cohort.

PostgreSQL tests run when MENTORKIT_TEST_POSTGRES_URL names a server (a role that
may create schemas); browser tests run when Debian's Chromium is installed. Locally
they skip with the reason; under CI (CI=true) a missing server or browser fails.
"""

from __future__ import annotations

import os
import shutil
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from mentorkit.domain.programs import Cohort, Program
from mentorkit.folder import ProgramFolder
from mentorkit.services.demo import generate_cohort
from mentorkit.store import Store

POSTGRES_ENV = "MENTORKIT_TEST_POSTGRES_URL"
CHROMIUM = Path("/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(available: bool, reason: str) -> None:
    """Skip with ``reason`` locally; in CI a missing requirement is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("postgres"):
        require(
            bool(os.environ.get(POSTGRES_ENV)),
            f"no PostgreSQL server: set {POSTGRES_ENV}=postgresql+psycopg://...",
        )
    if item.get_closest_marker("browser"):
        require(
            CHROMIUM.exists() and shutil.which("chromium") is not None,
            f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)",
        )


@pytest.fixture
def postgres_url() -> str:
    """A fresh, empty schema on the test server, dropped afterwards."""
    base = os.environ[POSTGRES_ENV]
    schema = f"mk_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    joiner = "&" if "?" in base else "?"
    yield f"{base}{joiner}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'mentorkit.db'}"
    return request.getfixturevalue("postgres_url")


PROGRAM = Program(
    name="Pilot program",
    start_date=date(2027, 1, 4),
    end_date=date(2027, 10, 1),
    objectives=["Grow new leads"],
)
COHORT = "Spring"


@pytest.fixture
def store(database_url: str):
    """A migrated store holding one program and an empty cohort named Spring."""
    with Store.open(database_url) as store:
        store.save_program(PROGRAM)
        store.add_cohort(Cohort(name=COHORT))
        yield store


@pytest.fixture
def person():
    """A valid participant record as a dict; tests change one field at a time."""
    return {
        "id": "p1",
        "cohort": COHORT,
        "role": "mentor",
        "name": "A mentor",
        "email": "Mentor.One@Example.org",
        "timezone": "Europe/Paris",
        "skills_offered": ["python"],
        "capacity": 2,
    }


@pytest.fixture(scope="session")
def cohort_frame():
    return generate_cohort(mentors=15, mentees=40, seed=0)


@pytest.fixture
def program_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ProgramFolder:
    monkeypatch.delenv("MENTORKIT_DB", raising=False)
    return ProgramFolder.init(tmp_path / "program", PROGRAM, Cohort(name=COHORT))


def newly_matched(store: Store):
    """A published pair of the demo with nothing yet: no agreement, no meeting, no
    goal (the demo's history has a few, matched days ago)."""
    from mentorkit.errors import NotFound

    matches = store.matches()
    for match in matches[matches["status"] == "published"].itertuples():
        try:
            store.agreement(match.id)
            continue
        except NotFound:
            pass
        if not store.meetings(match.id) and not store.goals(match.mentee_id):
            return match
    raise AssertionError("the demo has no newly matched pair")
