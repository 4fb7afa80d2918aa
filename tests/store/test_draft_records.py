"""Drafts and app activity in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mentorkit.domain.drafts import MAX_DRAFT_CHARS
from mentorkit.errors import InvalidRecord, StoreError


@pytest.fixture
def two(store, person):
    store.add_participant(person)
    store.add_participant({**person, "id": "p2", "email": "two@example.org"})
    return store


def test_a_draft_is_kept_replaced_and_discarded_per_participant_app_and_key(two):
    two.drafts.keep("p1", "reflection", "7", {"learned": "first"})
    two.drafts.keep("p1", "reflection", "7", {"learned": "second"})
    two.drafts.keep("p1", "reflection", "8", {"learned": "other pair"})
    assert two.drafts.get("p1", "reflection", "7").content == {"learned": "second"}
    assert two.drafts.get("p2", "reflection", "7") is None  # never another's
    assert two.drafts.get("p1", "intake") is None
    assert two.drafts.discard("p1", "reflection", "7") is True
    assert two.drafts.get("p1", "reflection", "7") is None
    assert two.drafts.discard("p1", "reflection", "7") is False
    assert two.drafts.get("p1", "reflection", "8").content == {"learned": "other pair"}


def test_a_draft_too_long_or_for_no_app_is_refused_and_the_old_one_stays(two):
    two.drafts.keep("p1", "intake", "", {"goals": "short"})
    with pytest.raises(InvalidRecord, match=r"content: is 100,0\d\d characters long"):
        two.drafts.keep("p1", "intake", "", {"goals": "x" * MAX_DRAFT_CHARS})
    with pytest.raises(InvalidRecord, match="app"):
        two.drafts.keep("p1", "admin", "", {})
    assert two.drafts.get("p1", "intake").content == {"goals": "short"}


def test_a_draft_needs_a_participant_of_the_program(two):
    with pytest.raises(StoreError):
        two.drafts.keep("nobody", "intake", "", {"goals": "x"})


def test_visits_and_saves_are_counted_and_servers_report(two):
    start = datetime.now(UTC) - timedelta(seconds=1)
    for who in ("p1", "p1", "p2"):
        two.activity.record("visit", who, "intake", "host:8866")
    two.activity.record("save", "p1", "intake")
    assert two.activity.since(start) == {"visitors": 2, "saves": 1}
    assert two.activity.since(datetime.now(UTC) + timedelta(hours=1)) == {
        "visitors": 0,
        "saves": 0,
    }
    two.activity.report_server("host:8866", 42, "http://x/", start, {"live": 3})
    two.activity.report_server("host:8866", 42, "http://x/", start, {"live": 5})
    (server,) = two.activity.servers()
    assert (server["pid"], server["figures"]) == (42, {"live": 5})
    two.activity.forget_server("host:8866")
    assert two.activity.servers() == []
