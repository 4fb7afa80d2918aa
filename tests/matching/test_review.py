"""The matching review, driven through its widget as a facilitator would click it."""

from __future__ import annotations

import ipywidgets as w
import pytest

from mentorkit.errors import MentorkitError
from mentorkit.services.demo import DEMO_COHORT, create_demo
from mentorkit.services.matching_review import Review
from mentorkit.widgets import matching_review_page
from mentorkit.widgets._matching import PAGE_ROWS, MatchReview


def walk(widget: w.Widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.delenv("MENTORKIT_DB", raising=False)
    return create_demo(tmp_path / "program", mentors=8, mentees=30, seed=5, history=False)


def review_widget(folder) -> MatchReview:
    page = matching_review_page(program=folder)
    found = [part for part in walk(page) if isinstance(part, MatchReview)]
    assert found, "the page shows no review (an error notice instead?)"
    return found[0]


def pairs_of(frame) -> set[tuple[str, str]]:
    return set(zip(frame["mentor_id"], frame["mentee_id"], strict=True))


def test_lock_swap_assign_rerun_and_publish_reach_the_store(folder):
    view = review_widget(folder)
    review = view.review
    assert "pairs ·" in view.summary.value
    assert len(review.pairs) > 2

    # Swap the mentees of two pairs whose swapped pairs are allowed.
    rows = list(review.pairs[["mentor_id", "mentee_id"]].itertuples(index=False, name=None))
    first, second = next(
        (a, b) for a in rows for b in rows if a[0] != b[0] and swappable(review, a, b)
    )
    view.sort.value = "Mentor"
    view.filter.value = ""
    view.selected.options = [(f"{a}", a) for a in (first, second)]
    view.selected.value = (first, second)
    view.swap_button.click()
    assert "Swapped" in view.pairs_result.value, view.pairs_result.value
    swapped = {(first[0], second[1]), (second[0], first[1])}
    assert swapped <= pairs_of(review.pairs)

    # Lock one swapped pair.
    locked = (first[0], second[1])
    view.selected.options = [("pair", locked)]
    view.selected.value = (locked,)
    view.lock_button.click()
    assert "Locked 1 pairs" in view.pairs_result.value

    # Remove a pair, then assign its mentee by hand, with the check shown first.
    removed = next(p for p in pairs_of(review.pairs) if p not in swapped)
    view.selected.options = [("pair", removed)]
    view.selected.value = (removed,)
    view.remove_button.click()
    assert removed[1] in review.unmatched_mentees
    view.assign_mentee.value = removed[1]
    view.assign_mentor.value = removed[0]
    view.check_button.click()
    assert "score" in view.assign_result.value
    assert "breaks no rule" in view.assign_result.value
    view.assign_button.click()
    assert "Assigned" in view.assign_result.value, view.assign_result.value
    assert removed in pairs_of(review.pairs)

    # Re-run keeps the locked and hand-assigned pairs.
    view.rerun_button.click()
    assert {locked, removed} <= pairs_of(review.pairs)
    expected = pairs_of(review.pairs)

    view.publish_button.click()
    assert "Published" in view.status.value, view.status.value
    with folder.open_store() as store:
        stored = store.matches(DEMO_COHORT)
    assert pairs_of(stored) == expected
    assert set(stored["status"].astype(str)) == {"published"}
    assert pairs_of(stored[stored["locked"]]) >= {locked, removed}


def swappable(review: Review, a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Whether both swapped pairs break no rule (a swap leaves capacities as they are)."""
    return all(
        not [r for r in review.check(m, e).breaks if not r.startswith("mentor's capacity")]
        for m, e in ((a[0], b[1]), (b[0], a[1]))
    )


def _room(view: MatchReview, mentor_id: str) -> int:
    return int(view.review.mentors.set_index("id").loc[mentor_id, "capacity"])


def test_a_rule_breaking_assignment_shows_why_and_needs_confirming(folder):
    view = review_widget(folder)
    review = view.review
    full = review.pairs["mentor_id"].value_counts()
    mentor = next(m for m in full.index if full[m] >= _room(view, m))
    pair = next(p for p in pairs_of(review.pairs) if p[0] != mentor)
    review.remove(*pair)
    view._refresh()
    view.assign_mentee.value = pair[1]
    view.assign_mentor.value = mentor
    view.assign_button.click()
    assert "capacity" in view.assign_result.value
    assert "mk-notice-error" in view.assign_result.value
    assert (mentor, pair[1]) not in pairs_of(review.pairs)
    view.override.value = True
    view.assign_button.click()
    assert (mentor, pair[1]) in pairs_of(review.pairs)


def test_new_weights_are_previewed_before_they_are_taken(folder):
    view = review_widget(folder)
    before = pairs_of(view.review.pairs)
    view.weights[next(iter(view.weights))].value = 0
    view.accept_button.click()
    assert "Preview the weights first" in view.weights_result.value
    view.preview_button.click()
    assert "total score" in view.difference.value
    assert pairs_of(view.review.pairs) == before  # nothing changed yet
    view.accept_button.click()
    assert "New weights taken" in view.weights_result.value
    assert view.review.policy.weights[next(iter(view.weights))] == 0


def test_the_table_draws_one_page_at_a_time(folder):
    view = review_widget(folder)
    assert view.table.value.count("<tr") <= PAGE_ROWS + 1
    view.filter.value = "zzz-nobody"
    assert "(0 pairs)" in view.page_label.value


def test_fairness_groups_mentees_by_department(folder):
    view = review_widget(folder)
    table = view.review.fairness("department")
    assert table["mentees"].sum() == len(view.review.mentees)
    assert "Match rate" in view.fairness.value


def test_a_swap_that_breaks_a_rule_is_refused_with_the_reason(folder):
    with folder.open_store() as store:
        review = Review.of_cohort(store, DEMO_COHORT, folder.settings.matching)
    mentor, mentee = next(iter(pairs_of(review.pairs)))
    with pytest.raises(MentorkitError, match="not a proposed pair"):
        review.swap((mentor, mentee), (mentor, "E9999"))


def test_the_fairness_view_groups_by_what_the_program_names(folder):
    from mentorkit.matching import MatchPolicy

    settings = folder.path / "mentorkit.toml"
    settings.write_text(
        settings.read_text().replace(
            "[matching]\n", '[matching]\nreport_by = ["location", "seniority"]\n'
        )
    )
    view = review_widget(type(folder).open(folder.path))
    assert [value for _, value in view.fair_by.options] == ["location", "seniority"]
    assert "<th>Location</th>" in view.fairness.value
    with pytest.raises(MentorkitError, match="cannot group by email"):
        MatchPolicy.from_dict({"report_by": ["email"]})
