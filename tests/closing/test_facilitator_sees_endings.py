"""The health workbook's list of ended pairs tells a facilitator how each ended:
closed early (with the reason) or completed (with how many sides wrote a closing
reflection, never what they wrote)."""

from mentorkit.services.health import ended_pairs
from tests.conftest import COHORT
from tests.store.test_closing_records import closing, pair  # noqa: F401


def test_ended_pairs_say_how_each_ended(store, pair):  # noqa: F811
    store.save_closing(closing(pair, "mentee1").updated(achieved="private words"))
    store.save_closing(closing(pair, "mentor1"))
    pairs = store.matches(COHORT)
    second = int(pairs[pairs["mentee_id"] == "mentee2"]["id"].iloc[0])
    store.close_match(second, "Moved to another team")
    table = ended_pairs(store, COHORT).set_index("Mentee")
    assert table.loc["Mentee1", ["Ended", "Closing reflections"]].tolist() == [
        "completed", "2 of 2"]  # fmt: skip
    assert table.loc["Mentee2", ["Ended", "Reason"]].tolist() == [
        "closed early", "Moved to another team"]  # fmt: skip
    assert "private words" not in table.to_html()
