"""Migrations build exactly the schema the code describes, on each backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from mentorkit.store import Store, current_revision, head_revision, migrate
from mentorkit.store.schema import metadata


def test_migrated_schema_matches_the_tables_in_code(database_url):
    with Store.open(database_url) as store, store.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    assert differences == []


def test_opening_twice_migrates_once(database_url):
    with Store.open(database_url) as store:
        assert current_revision(store.engine) == head_revision()
        assert migrate(store.engine) is False
