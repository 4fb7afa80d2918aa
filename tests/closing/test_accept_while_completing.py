"""A mentor accepts a new mentee's request at the instant their other pair completes,
by both closing reflections or by the daily run: they have a pair meeting, so they
stay matched. (A completed pair once made its mentor "completed", refused as not
taking part; and the daily run, counting no pair still meeting, set them free to be
matched over the accept's commit on PostgreSQL, without the lock in ``settle``.)"""

from __future__ import annotations

import contextlib
import threading

import pytest

from mentorkit.domain.participants import ParticipantStatus
from mentorkit.store import Store, _closing
from mentorkit.store._requests import RequestRecords
from tests.store.test_closing_records import closing, pair  # noqa: F401


@pytest.mark.parametrize("completed_by", ["both closings", "the daily run"])
def test_a_mentor_accepting_as_their_pair_completes_stays_matched(
    completed_by,
    database_url,
    store,
    pair,  # noqa: F811
    monkeypatch,
):
    store.save_closing(closing(pair, "mentee1"))  # the mentor's closing would complete it
    store.update_participant("other", status=ParticipantStatus.ACTIVE)
    pairs = store.matches("Spring")
    second = int(pairs[pairs["mentee_id"] == "mentee2"]["id"].iloc[0])
    store.close_match(second, "Moved team")  # a free place for the request
    asked = store.ask_mentor("other", "mentor1", limit=2)
    both_in = threading.Barrier(2)
    settle, end = _closing.settle, RequestRecords._end

    def settle_together(conn, person_id):
        if person_id == "mentor1":
            with contextlib.suppress(threading.BrokenBarrierError):  # SQLite: one writer
                both_in.wait(timeout=2)
        return settle(conn, person_id)

    def end_together(conn, where, status, answer, at):
        if threading.current_thread().name == "accept":
            with contextlib.suppress(threading.BrokenBarrierError):
                both_in.wait(timeout=2)  # the new pair made, not yet committed
        return end(conn, where, status, answer, at)

    monkeypatch.setattr(_closing, "settle", settle_together)
    monkeypatch.setattr(RequestRecords, "_end", staticmethod(end_together))

    def complete() -> None:
        with Store.open(database_url) as kernel:
            if completed_by == "both closings":
                kernel.save_closing(closing(pair, "mentor1"))
            else:
                kernel.complete_match(pair.id)

    def accept() -> None:
        with Store.open(database_url) as kernel:
            kernel.answer_request(asked.id, "mentor1", accept=True)

    kernels = [threading.Thread(target=complete, name="complete"),
               threading.Thread(target=accept, name="accept")]  # fmt: skip
    for kernel in kernels:
        kernel.start()
    for kernel in kernels:
        kernel.join(timeout=60)
    assert str(store.match(pair.id).status) == "completed"
    assert str(store.participant("mentor1").status) == "matched"  # a pair is meeting
