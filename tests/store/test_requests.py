"""Mentees' requests to mentors in the store, on SQLite and PostgreSQL: asked within
the program's limits, accepted into a pair, withdrawn, declined, expired; and two
kernels accepting the last seat at the same instant."""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
from datetime import UTC, date, datetime, timedelta

import pytest

from mentorkit.domain.participants import Participant
from mentorkit.errors import MentorkitError
from mentorkit.reports.figures import participation
from mentorkit.store import Store
from mentorkit.store._requests import CLOSED, FULL, PAIRED, RequestRecords

COHORT = "Spring"


def person(pid: str, role: str, capacity: int = 1) -> Participant:
    return Participant(id=pid, cohort=COHORT, role=role, name=pid.title(),
                       email=f"{pid}@example.org", timezone="UTC",
                       capacity=capacity)  # fmt: skip


@pytest.fixture
def people(store):
    store.add_participants([person("mentor1", "mentor"), person("mentor2", "mentor", 2),
                            person("mentee1", "mentee"), person("mentee2", "mentee"),
                            person("mentee3", "mentee")])  # fmt: skip
    return store


def status(store, request_id) -> str:
    return str(store.request(request_id).status)


def test_accepting_makes_the_pair_and_withdraws_the_other_request(people):
    store = people
    one = store.ask_mentor("mentee1", "mentor1", limit=2, note="I lead a small team")
    two = store.ask_mentor("mentee1", "mentor2", limit=2)
    request, pair = store.answer_request(one.id, "mentor1", accept=True, answer="Gladly")
    assert (request.status, request.answer) == ("accepted", "Gladly")
    assert (pair.mentor_id, pair.mentee_id, pair.status) == ("mentor1", "mentee1",
                                                             "published")  # fmt: skip
    assert status(store, two.id) == "withdrawn"
    assert store.request(two.id).answer == PAIRED
    people = participation(store.participants(cohort=COHORT))  # the cohort report
    assert people.loc[["Mentors", "Mentees"], "matched"].tolist() == [1, 1]
    with pytest.raises(MentorkitError, match="mentor already"):
        store.ask_mentor("mentee1", "mentor2", limit=2)


def test_the_limit_a_repeat_and_a_full_mentor_are_refused(people):
    store = people
    store.ask_mentor("mentee2", "mentor1", limit=1)
    with pytest.raises(MentorkitError, match="asked this mentor already"):
        store.ask_mentor("mentee2", "mentor1", limit=3)
    with pytest.raises(MentorkitError, match="1 requests open, the most"):
        store.ask_mentor("mentee2", "mentor2", limit=1)
    first = store.ask_mentor("mentee1", "mentor1", limit=1)
    store.answer_request(first.id, "mentor1", accept=True)
    with pytest.raises(MentorkitError, match="no place left"):
        store.ask_mentor("mentee3", "mentor1", limit=1)
    waiting = store.requests("mentee2").iloc[0]
    assert (waiting.status, waiting.answer) == ("declined", FULL)  # told: ask another


def test_a_decline_carries_the_mentors_message_and_frees_the_mentee(people):
    store = people
    asked = store.ask_mentor("mentee3", "mentor2", limit=1)
    request, pair = store.answer_request(asked.id, "mentor2", accept=False,
                                         answer="My seats suit finance best")  # fmt: skip
    assert pair is None
    assert (request.status, request.answer) == ("declined", "My seats suit finance best")
    store.ask_mentor("mentee3", "mentor1", limit=1)  # a place to ask the next one
    with pytest.raises(MentorkitError, match="declined already"):
        store.answer_request(asked.id, "mentor2", accept=True)


def test_a_request_not_answered_in_time_expires(people):
    store = people
    day = datetime(2027, 1, 4, 9, tzinfo=UTC)
    late = store.ask_mentor("mentee1", "mentor1", limit=2, at=day)
    fresh = store.ask_mentor("mentee1", "mentor2", limit=2, at=day + timedelta(days=3))
    assert store.expire_requests(day + timedelta(days=3) - timedelta(minutes=1)) == 1
    assert (status(store, late.id), status(store, fresh.id)) == ("expired", "open")
    with pytest.raises(MentorkitError, match="expired already"):
        store.answer_request(late.id, "mentor1", accept=True)


def test_only_the_mentor_asked_can_answer(people):
    store = people
    asked = store.ask_mentor("mentee1", "mentor1", limit=1)
    with pytest.raises(MentorkitError, match="No request"):
        store.answer_request(asked.id, "mentor2", accept=True)
    with pytest.raises(MentorkitError, match="No mentor"):
        store.ask_mentor("mentee1", "mentee2", limit=2)


@pytest.mark.parametrize("away", ["withdrawn", "paused"])
def test_a_mentee_who_left_or_paused_is_not_accepted_nor_asks(people, away):
    store = people
    asked = store.ask_mentor("mentee1", "mentor1", limit=2)
    store.update_participant("mentee1", status=away)
    request, pair = store.answer_request(asked.id, "mentor1", accept=True)
    assert pair is None
    assert store.matches(COHORT).empty  # the mentor's one seat is still free
    assert request.status == "withdrawn"
    assert "not taking part" in request.answer
    with pytest.raises(MentorkitError, match="not taking part"):
        store.ask_mentor("mentee1", "mentor2", limit=2)
    store.update_participant("mentor2", status=away)
    with pytest.raises(MentorkitError, match="No mentor"):
        store.ask_mentor("mentee2", "mentor2", limit=2)


@pytest.mark.parametrize("away", ["withdrawn", "paused"])
def test_a_mentor_who_left_or_paused_cannot_accept_from_a_page_left_open(people, away):
    store = people
    asked = store.ask_mentor("mentee1", "mentor1", limit=2)
    store.update_participant("mentor1", status=away)
    with pytest.raises(MentorkitError, match="not taking part"):
        store.answer_request(asked.id, "mentor1", accept=True)
    assert store.matches(COHORT).empty
    request, _ = store.answer_request(asked.id, "mentor1", accept=False)  # a no is fine
    assert request.status == "declined"


def test_a_closed_cohort_takes_no_requests_and_makes_no_pairs(people):
    store = people
    asked = store.ask_mentor("mentee1", "mentor1", limit=2)
    store.close_cohort(COHORT, date(2027, 6, 30))
    request = store.request(asked.id)
    assert (request.status, request.answer) == ("withdrawn", CLOSED)
    with pytest.raises(MentorkitError, match="withdrawn already"):
        store.answer_request(asked.id, "mentor1", accept=True)
    with pytest.raises(MentorkitError, match="is closed"):
        store.ask_mentor("mentee2", "mentor1", limit=2)
    assert store.matches(COHORT).empty


@pytest.mark.parametrize("chosen", [("mentee3", "mentor1"), ("mentee2", "mentor2")])
def test_a_runs_drafts_that_a_chosen_pair_overtook_are_not_published(people, chosen):
    """Where mentees choose first and matching pairs the rest, a mentor accepts while
    the run's drafts wait for review: publishing them would put the mentor over
    their places, or give the mentee two mentors."""
    store = people
    drafts = [("mentor1", "mentee1"), ("mentor2", "mentee2")]  # a run, in review
    store.add_matches([{"cohort": COHORT, "mentor_id": m, "mentee_id": e}
                       for m, e in drafts])  # fmt: skip
    mentee, mentor = chosen
    asked = store.ask_mentor(mentee, mentor, limit=1)
    store.answer_request(asked.id, mentor, accept=True)
    with pytest.raises(MentorkitError, match="run the matching again"):
        store.publish_drafts(COHORT)
    assert store.seats_taken(COHORT) == {mentor: 1}  # nothing published


def _accept_at_once(url: str, request_id: int, start, out) -> None:
    with Store.open(url) as store:
        start.wait(timeout=30)
        try:
            request, pair = store.answer_request(request_id, "mentor1", accept=True)
        except MentorkitError:  # the other acceptance filled the seat first
            request, pair = store.request(request_id), None
        out.put((request_id, str(request.status), pair is not None))


def test_kernels_accepting_the_last_seat_at_once_leave_one_pair(database_url, people):
    """Six kernels (a mentor's tabs) accept six requests for one seat at the same
    instant: one pair, five mentees told."""
    store = people
    store.add_participants([person(f"mentee{i}", "mentee") for i in range(4, 7)])
    asked = [store.ask_mentor(f"mentee{i}", "mentor1", limit=1) for i in range(1, 7)]
    spawn = multiprocessing.get_context("spawn")
    start, out = spawn.Barrier(len(asked)), spawn.Queue()
    workers = [spawn.Process(target=_accept_at_once, args=(database_url, r.id, start, out))
               for r in asked]  # fmt: skip
    for worker in workers:
        worker.start()
    results = [out.get(timeout=90) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    assert sorted(s for _, s, _ in results) == ["accepted"] + ["declined"] * 5
    assert sum(made for _, _, made in results) == 1
    assert len(store.matches(COHORT)) == 1
    for rid, said, _ in results:
        if said == "declined":
            assert store.request(rid).answer == FULL


def test_two_mentors_accepting_one_mentee_at_once_leave_one_pair(
    database_url, people, monkeypatch
):
    """The mentee asked two mentors; both accept at the same instant (each has taken
    their own lock when the other starts): one pair, the other mentor told, and
    neither sees a database error."""
    store = people
    asked = {m: store.ask_mentor("mentee1", m, limit=2).id for m in ("mentor1", "mentor2")}
    both_in = threading.Barrier(2)
    locked = RequestRecords._locked

    def together(conn, participant_id):
        if participant_id == "mentee1":
            with contextlib.suppress(threading.BrokenBarrierError):  # SQLite: one
                both_in.wait(timeout=2)  # writer at a time, so no one to wait for
        return locked(conn, participant_id)

    monkeypatch.setattr(RequestRecords, "_locked", staticmethod(together))
    said = {}

    def accept(mentor: str) -> None:
        with Store.open(database_url) as kernel:
            try:
                said[mentor] = str(
                    kernel.answer_request(asked[mentor], mentor, True)[0].status
                )
            except MentorkitError as refused:
                said[mentor] = str(refused)

    kernels = [threading.Thread(target=accept, args=(m,)) for m in asked]
    for kernel in kernels:
        kernel.start()
    for kernel in kernels:
        kernel.join(timeout=60)
    accepted = [m for m, words in said.items() if words == "accepted"]
    assert len(accepted) == 1, said
    other = next(m for m in asked if m not in accepted)
    assert said[other] == "This request was withdrawn already.", said
    assert len(store.matches(COHORT)) == 1
    statuses = sorted(str(store.request(i).status) for i in asked.values())
    assert statuses == ["accepted", "withdrawn"]
