"""An intake page left open does not undo a completion when it is saved."""

from mentorkit.services.intake import save_intake
from tests.store.test_closing_records import closing, pair  # noqa: F401


def test_saving_the_intake_from_a_page_open_since_keeps_the_pair_completed(store, pair):  # noqa: F811
    opened = store.participant("mentee1")  # the intake page opens: matched
    store.save_closing(closing(pair, "mentee1"))  # in another tab, the closing...
    store.save_closing(closing(pair, "mentor1"))  # ...and the mentor's: completed
    assert str(store.participant("mentee1").status) == "completed"
    save_intake(store, opened, {"consents": {"confidentiality": True, "data_use": True}})
    assert str(store.participant("mentee1").status) == "completed"
