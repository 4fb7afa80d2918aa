"""Closing reflections in the store, on SQLite and PostgreSQL: one per side, the pair
completed once both are in (and only then), never for a closed pair or by someone
outside it; and the two sides writing theirs at the same instant."""

from __future__ import annotations

import contextlib
import threading
from datetime import UTC, datetime

import pytest

from mentorkit.domain.closing import ClosingReflection
from mentorkit.domain.matches import Match, MatchStatus
from mentorkit.domain.participants import Participant
from mentorkit.errors import InvalidRecord, MentorkitError
from mentorkit.store import Store
from mentorkit.store._closing import ClosingRecords

COHORT = "Spring"


def person(pid: str, role: str) -> Participant:
    return Participant(id=pid, cohort=COHORT, role=role, name=pid.title(),
                       email=f"{pid}@example.org", timezone="UTC", capacity=2)  # fmt: skip


@pytest.fixture
def pair(store) -> Match:
    store.add_participants(person(pid, role) for pid, role in [
        ("mentor1", "mentor"), ("mentee1", "mentee"), ("mentee2", "mentee"),
        ("other", "mentee")])  # fmt: skip
    for mentee in ("mentee1", "mentee2"):
        store.add_match(Match(cohort=COHORT, mentor_id="mentor1", mentee_id=mentee))
    store.publish_drafts(COHORT)
    return Match.from_dict(store.matches(COHORT).iloc[0].to_dict())


def closing(match: Match, author: str, rating: int = 4) -> ClosingReflection:
    return ClosingReflection(match_id=match.id, author_id=author, rating=rating,
                             recommend=True, continue_informally=False)  # fmt: skip


def test_the_pair_completes_once_both_sides_have_written(store, pair):
    _, match = store.save_closing(closing(pair, "mentee1"))
    assert match.status == MatchStatus.PUBLISHED
    _, match = store.save_closing(closing(pair, "mentee1", rating=2))  # a change
    assert match.status == MatchStatus.PUBLISHED
    assert [c.rating for c in store.closings(pair.id)] == [2]  # one per side, the last
    _, match = store.save_closing(closing(pair, "mentor1", rating=5))
    assert match.status == MatchStatus.COMPLETED
    assert match.closed_at is not None
    assert str(store.participant("mentee1").status) == "completed"
    assert str(store.participant("mentor1").status) == "matched"  # still has mentee2
    figures = store.closing_figures(COHORT)
    said = sorted(zip(figures["side"], figures["rating"], strict=True))
    assert said == [("mentee", 2), ("mentor", 5)]
    assert "achieved" not in figures.columns  # reports never get the text


def test_only_a_side_writes_one_and_never_for_a_closed_pair(store, pair):
    with pytest.raises(InvalidRecord, match="author_id: only a side of the pair"):
        store.save_closing(closing(pair, "other"))
    store.close_match(
        pair.id, "Schedules no longer fit", at=datetime(2027, 3, 1, tzinfo=UTC)
    )
    with pytest.raises(MentorkitError, match="This pair was closed on 01 March 2027"):
        store.save_closing(closing(pair, "mentee1"))
    assert store.closings(pair.id) == []
    assert store.complete_match(pair.id) is None  # ended already: nothing changes
    assert store.match(pair.id).status == MatchStatus.CLOSED


def test_both_sides_writing_at_the_same_instant_complete_the_pair(
    database_url, store, pair, monkeypatch
):
    """Each side's kernel has locked the pair when the other starts: without the lock
    both would count only their own reflection and the pair would never complete."""
    both_in = threading.Barrier(2)
    locked = ClosingRecords._locked_pair

    def together(conn, match_id):
        row = locked(conn, match_id)
        with contextlib.suppress(threading.BrokenBarrierError):  # the other waits on
            both_in.wait(timeout=2)  # the lock (or, on SQLite, on the one writer)
        return row

    monkeypatch.setattr(ClosingRecords, "_locked_pair", staticmethod(together))
    after = {}

    def write(author: str) -> None:
        with Store.open(database_url) as kernel:
            after[author] = kernel.save_closing(closing(pair, author))[1].status

    kernels = [threading.Thread(target=write, args=(a,)) for a in ("mentor1", "mentee1")]
    for kernel in kernels:
        kernel.start()
    for kernel in kernels:
        kernel.join(timeout=60)
    assert sorted(map(str, after.values())) == ["completed", "published"], after
    assert store.match(pair.id).status == MatchStatus.COMPLETED
    assert len(store.closings(pair.id)) == 2
