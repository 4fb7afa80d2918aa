"""Alembic environment: migrations run on the connection the store hands over."""

from alembic import context
from sqlalchemy import create_engine

from mentorkit.store.schema import metadata

config = context.config
connection = config.attributes.get("connection")


def _run(conn) -> None:
    # render_as_batch lets later migrations alter SQLite tables (copy-and-move).
    context.configure(connection=conn, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    _run(connection)
else:  # the alembic CLI, for writing new migrations: alembic -x url=... revision
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///migrations.db")
    with create_engine(url).connect() as conn:
        _run(conn)
