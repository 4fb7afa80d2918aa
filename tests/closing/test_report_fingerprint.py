"""A closing reflection changes the cohort's fingerprint, so `report --resume` makes the
report again."""

from tests.conftest import COHORT
from tests.store.test_closing_records import closing, pair  # noqa: F401


def test_digest_changes_when_a_closing_reflection_is_written(store, pair):  # noqa: F811
    before = store.digest(COHORT)
    store.save_closing(closing(pair, "mentee1", rating=1))
    assert store.digest(COHORT) != before  # the cohort report would be reused, stale
