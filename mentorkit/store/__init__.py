"""Storage: one API over SQLite (the embedded default) and PostgreSQL."""

from mentorkit.store._engine import current_revision, head_revision, make_engine, migrate
from mentorkit.store._store import SaveCounts, Store

__all__ = [
    "SaveCounts",
    "Store",
    "current_revision",
    "head_revision",
    "make_engine",
    "migrate",
]
