"""Pairs that end with the program are completed once it has ended (no one can write
late then), not a month later when the daily run has been told to stop."""

from __future__ import annotations

from datetime import timedelta

from mentorkit.services import closing
from tests.store.test_closing_records import pair  # noqa: F401


def test_pairs_ending_with_the_program_complete_while_the_daily_run_still_runs(store, pair):  # noqa: F811
    program = store.program()
    store.save_program(program.updated(end_date=program.start_date + timedelta(days=100)))
    program = store.program()
    assert closing.ends_on(store, pair) == program.end_date
    day_after = program.end_date + timedelta(days=1)  # remind: "Remove the daily run"
    closing.complete_ended(store, today=day_after + timedelta(days=10))
    assert str(store.match(pair.id).status) == "completed", (
        "still 'published' after the program ended; completes only on "
        f"{program.end_date + timedelta(days=30)}"
    )
