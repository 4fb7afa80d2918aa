"""The tables. Changes here need a migration in ``migrations/versions``.

Lists and nested values are JSON columns, which SQLite and PostgreSQL both keep.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _created() -> Column:
    return Column("created_at", DateTime(timezone=True), server_default=func.now())


programs = Table(
    "programs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("objectives", JSON, nullable=False),
    Column("format", String(20), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=False),
    Column("cadence", JSON, nullable=False),
    Column("min_report_group", Integer, nullable=False),
    _created(),
)

cohorts = Table(
    "cohorts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("program_id", ForeignKey("programs.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(120), nullable=False),
    Column("starts_on", Date),
    Column("ends_on", Date),
    _created(),
    Column("closed_on", Date),
    UniqueConstraint("program_id", "name"),
)

participants = Table(
    "participants",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("cohort_id", ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=False),
    Column("role", String(10), nullable=False),
    Column("name", String(200), nullable=False),
    Column("email", String(320), nullable=False),
    Column("department", String(200), nullable=False),
    Column("manager_id", String(64)),
    Column("seniority", String(20), nullable=False),
    Column("years_experience", Float, nullable=False),
    Column("location", String(200), nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("languages", JSON, nullable=False),
    Column("skills_offered", JSON, nullable=False),
    Column("skills_sought", JSON, nullable=False),
    Column("goals", Text, nullable=False),
    Column("availability", JSON, nullable=False),
    Column("channels", JSON, nullable=False),
    Column("formats", JSON, nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("avoid", JSON, nullable=False),
    Column("avoid_emails", JSON, nullable=False, server_default="[]"),
    Column("preferred", JSON, nullable=False),
    Column("consents", JSON, nullable=False),
    Column("status", String(20), nullable=False),
    _created(),
    Column("updated_at", DateTime(timezone=True), server_default=func.now()),
    UniqueConstraint("cohort_id", "email"),
)

waitlist = Table(  # carried over from an earlier cohort: matched before newcomers
    "waitlist",
    metadata,
    Column(
        "participant_id",
        ForeignKey("participants.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("carried_from", ForeignKey("participants.id", ondelete="SET NULL")),
    Column("from_cohort", String(120), nullable=False),
    Column("priority", Integer, nullable=False),
    _created(),
)

requests = Table(  # a mentee's request to a mentor (programs where mentees choose)
    "requests",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("cohort_id", ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=False),
    Column("mentee_id", ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    Column("mentor_id", ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    Column("status", String(12), nullable=False),
    Column("note", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("asked_at", DateTime(timezone=True), nullable=False),
    Column("answered_at", DateTime(timezone=True)),
    Index("ix_requests_mentor", "mentor_id", "status"),
    Index("ix_requests_mentee", "mentee_id", "status"),
)

matches = Table(
    "matches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("cohort_id", ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=False),
    Column("mentor_id", ForeignKey("participants.id"), nullable=False),
    Column("mentee_id", ForeignKey("participants.id"), nullable=False),
    Column("status", String(20), nullable=False),
    Column("score", Float),
    Column("explanation", JSON, nullable=False),
    Column("locked", Boolean, nullable=False),
    _created(),
    Column("closed_at", DateTime(timezone=True)),
    Column("close_reason", Text, nullable=False),
)

agreements = Table(
    "agreements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "match_id",
        ForeignKey("matches.id", ondelete="CASCADE"),
        nullable=False,
        unique=True,
    ),
    Column("terms", JSON, nullable=False),
    Column("mentor_signed_at", DateTime(timezone=True)),
    Column("mentee_signed_at", DateTime(timezone=True)),
    Column("withdrawn_terms", JSON),
    Column("withdrawn_side", String(8)),
    Column("withdrawn_at", DateTime(timezone=True)),
    _created(),
)

goals = Table(
    "goals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "participant_id", ForeignKey("participants.id", ondelete="CASCADE"), nullable=False
    ),
    Column("match_id", ForeignKey("matches.id", ondelete="SET NULL")),
    Column("text", Text, nullable=False),
    Column("measure", Text, nullable=False),
    Column("baseline", Text, nullable=False),
    Column("target", Text, nullable=False),
    Column("strategies", Text, nullable=False, server_default=""),
    Column("due_date", Date),
    Column("status", String(20), nullable=False),
    Column("progress", Integer, nullable=False),
    _created(),
)

milestones = Table(
    "milestones",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("goal_id", ForeignKey("goals.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("description", String(500), nullable=False),
    Column("due_date", Date),
    Column("done_on", Date),
)

meetings = Table(
    "meetings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("match_id", ForeignKey("matches.id", ondelete="CASCADE"), nullable=False),
    Column("held_on", Date, nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("channel", String(20), nullable=False),
    Column("topics", JSON, nullable=False),
    _created(),
)

planned_meetings = Table(  # a pair's next meeting, as calendars hold it
    "planned_meetings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("match_id", ForeignKey("matches.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("uid", String(120), nullable=False, unique=True),
    Column("sequence", Integer, nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("channel", String(20), nullable=False),
    Column("place", String(300), nullable=False),
    Column("status", String(12), nullable=False),
    Column("planned_by", String(64), nullable=False),
    _created(),
)  # fmt: skip

reflections = Table(
    "reflections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("meeting_id", ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False),
    Column("author_id", ForeignKey("participants.id"), nullable=False),
    Column("discussed", Text, nullable=False),
    Column("learned", Text, nullable=False),
    Column("went_well", Text, nullable=False),
    Column("to_change", Text, nullable=False),
    Column("action_items", JSON, nullable=False),
    Column("goal_progress", JSON, nullable=False),
    Column("pulse", Integer, nullable=False),
    Column("shared", Boolean, nullable=False),
    _created(),
    UniqueConstraint("meeting_id", "author_id"),
)

closing_reflections = Table(  # each side's look back at the end of a relationship
    "closing_reflections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("match_id", ForeignKey("matches.id", ondelete="CASCADE"), nullable=False),
    Column("author_id", ForeignKey("participants.id"), nullable=False),
    Column("outcomes", JSON, nullable=False),
    Column("achieved", Text, nullable=False),
    Column("rating", Integer, nullable=False),
    Column("recommend", Boolean, nullable=False),
    Column("continue_informally", Boolean, nullable=False),
    Column("written_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("match_id", "author_id"),
)

drafts = Table(
    "drafts",
    metadata,
    Column(
        "participant_id", ForeignKey("participants.id", ondelete="CASCADE"), nullable=False
    ),
    Column("app", String(40), nullable=False),
    Column("key", String(80), nullable=False),
    Column("content", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("participant_id", "app", "key"),
)

app_events = Table(
    "app_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("participant_id", String(64), nullable=False),
    Column("app", String(40), nullable=False),
    Column("node", String(200), nullable=False),
)

messages = Table(  # what was sent to whom, when, with what outcome; never the body
    "messages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("key", String(120), nullable=False),
    Column("participant_id", String(64), index=True),
    Column("recipient", String(320), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("detail", String(300), nullable=False),
)

reminders_stopped = Table(  # participants who asked for no more reminders
    "reminders_stopped",
    metadata,
    Column(
        "participant_id",
        ForeignKey("participants.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("at", DateTime(timezone=True), nullable=False),
)

servers = Table(
    "servers",
    metadata,
    Column("node", String(200), primary_key=True),
    Column("pid", Integer, nullable=False),
    Column("address", String(300), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("figures", JSON, nullable=False),
)
