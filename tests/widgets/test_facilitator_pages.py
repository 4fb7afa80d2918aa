"""The facilitator pages, driven as a facilitator's browser drives them: values set,
buttons clicked, and what the page says read back where the facilitator looks for it
(next to the button they clicked)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import ipywidgets as w
import pytest

from mentorkit.services.demo import DEMO_COHORT, create_demo
from mentorkit.services.matching_review import Review
from mentorkit.services.matching_runs import cohort_sides
from mentorkit.widgets import matching_review_page
from mentorkit.widgets._facilitator_pages import goal_coaching_page, program_health_page
from mentorkit.widgets._goals import GoalCoach
from mentorkit.widgets._health import HealthBoard
from mentorkit.widgets._matching import MatchReview
from tests.test_widgets import walk
from tests.widgets.test_crafted_messages import click

# What the Voila template loads and the JupyterLab pages inline (``component_css``).
STYLESHEET = (
    Path(__file__).parents[2] / "templates/voila/templates/mentorkit/mk-components.css"
)


def find(root: w.Widget, kind: type[w.Widget]) -> w.Widget:
    found = [part for part in walk(root) if isinstance(part, kind)]
    assert found, f"the page shows no {kind.__name__} (an error notice instead?)"
    return found[0]


def field_control(root: w.Widget, name: str) -> w.Widget:
    """The control of the labelled field ``mk-field-<name>``, with its label."""
    [box] = [p for p in walk(root) if f"mk-field-{name}" in p._dom_classes]
    label, control = box.children
    assert "<label>" in label.value  # named for screen readers by the page's script
    return control


def answer_beside(root: w.Widget, button: w.Button) -> w.HTML:
    """The message widget placed right after ``button`` or the row holding it."""
    for box in walk(root):
        kids = list(getattr(box, "children", ()))
        for i, kid in enumerate(kids):
            if kid is button or any(k is button for k in getattr(kid, "children", ())):
                after = kids[i + 1] if i + 1 < len(kids) else None
                assert isinstance(after, w.HTML), f"nothing answers beside {button}"
                assert "mk-result" in after._dom_classes, f"{after} is not an answer"
                return after
    raise AssertionError(f"{button.description!r} is not on the page")


def shown(widget: w.Widget) -> bool:
    return widget.layout.display != "none"


def css_rule(selector: str) -> str:
    """The declarations of the widgets' stylesheet's rules that name ``selector``."""
    sheet = re.sub(r"/\*.*?\*/", "", STYLESHEET.read_text(), flags=re.S)
    rules = re.finditer(r"([^{}]+)\{([^}]*)\}", sheet)
    return " ".join(
        body for head, body in (m.groups() for m in rules)
        if selector in (s.strip() for s in head.split(","))
    )  # fmt: skip


# -- program health --------------------------------------------------------------------


@pytest.fixture
def demo(tmp_path):
    return create_demo(tmp_path / "demo", mentors=3, mentees=6)


def health_board(folder) -> HealthBoard:
    return find(program_health_page(program=folder), HealthBoard)


def status_of(folder, match_id: int) -> str:
    with folder.open_store() as store:
        return str(store.match(match_id).status)


def test_closing_a_pair_asks_first_naming_both_people(demo):
    board = health_board(demo)
    with demo.open_store() as store:
        people = store.participants(cohort=DEMO_COHORT)
    names = dict(zip(people["id"], people["name"], strict=True))

    # Nothing is chosen until the facilitator chooses; the pairs are listed by name.
    assert board.pair.value is None
    assert board.pair.options[0] == ("Choose a pair", None)
    labels = [label for label, _ in board.pair.options[1:]]
    assert labels == sorted(labels, key=str.casefold)
    assert not shown(board.confirm_button)
    assert not shown(board.cancel_button)
    answer = answer_beside(board, board.close_button)
    assert answer is board.message
    assert {board.confirm_button, board.cancel_button} <= set(
        next(
            p for p in walk(board) if board.close_button in getattr(p, "children", ())
        ).children
    )

    # Closing with no pair, then with no reason, is refused in plain words.
    board.reason.value = "Moved to another office; no blame"
    click(board.close_button)
    assert "choose the pair" in answer.value
    assert "mk-notice-error" in answer.value
    match_id = board.pair.options[1][1]
    board.pair.value = match_id
    board.reason.value = "   "
    click(board.close_button)
    assert "Not closed. Reason: say why the pair ends" in answer.value
    assert not shown(board.confirm_button)

    # With both, the page asks, naming the mentee and the mentor; nothing is closed yet.
    with demo.open_store() as store:
        match = store.match(match_id)
    mentee, mentor = names[match.mentee_id], names[match.mentor_id]
    board.reason.value = "Moved to another office; no blame"
    click(board.close_button)
    question = unescape(answer.value)
    assert question.startswith(
        f"<div class='mk-notice mk-notice-confirm'>Close the pair of {mentee} and {mentor}?"
    )
    assert "sends them no message" in question
    assert shown(board.confirm_button)
    assert shown(board.cancel_button)
    assert board.confirm_button.description == "Yes, close this pair"
    assert board.cancel_button.description == "Cancel"
    assert status_of(demo, match_id) == "published"

    # Editing the reason withdraws the question; a click on the hidden button does nothing.
    board.reason.value = "Moved to another office; no blame at all"
    assert not shown(board.confirm_button)
    assert "Close the pair of" not in answer.value
    click(board.confirm_button)
    assert "Nothing to confirm" in answer.value
    assert status_of(demo, match_id) == "published"

    # So does choosing another pair, and so does Cancel.
    click(board.close_button)
    assert shown(board.confirm_button)
    board.pair.value = board.pair.options[2][1]
    assert not shown(board.confirm_button)
    assert answer.value == ""
    board.pair.value = match_id
    click(board.close_button)
    click(board.cancel_button)
    assert "Not closed" in answer.value
    assert not shown(board.confirm_button)
    assert status_of(demo, match_id) == "published"

    # Only "Yes, close this pair" closes, the pair the question named.
    click(board.close_button)
    click(board.confirm_button)
    assert "Closed." in answer.value
    assert status_of(demo, match_id) == "closed"
    assert match_id not in [v for _, v in board.pair.options]
    assert board.pair.value is None
    assert "no blame at all" in board.closed.value


def test_the_pair_picker_finds_a_pair_by_either_name(demo):
    board = health_board(demo)
    search = field_control(board, "close-pair-search")
    assert field_control(board, "close-pair") is board.pair
    everyone = [v for _, v in board.pair.options[1:]]
    label, match_id = board.pair.options[-1]
    word = label.split(" & ")[1].split()[0]  # the mentee's first name
    search.value = word.upper()
    found = board.pair.options[1:]
    assert (label, match_id) in found
    assert all(word.casefold() in text.casefold() for text, _ in found)
    assert len(found) < len(everyone)
    assert board.pair.options[0][0].startswith("Choose a pair (")
    search.value = ""
    assert [v for _, v in board.pair.options[1:]] == everyone


def test_the_health_table_scrolls_in_its_own_box_with_its_header_in_view(demo):
    board = health_board(demo)
    table = board.table.value
    assert "mk-holds-table" in board.table._dom_classes
    assert table.startswith(
        "<div class='mk-table-box' tabindex='0' role='region' aria-label='Every pair'>"
    )
    assert "<thead><tr><th>Pair</th>" in table
    headers = re.findall(r"<th>(.*?)</th>", table)
    assert len(headers) == 12
    assert all("_" not in h and h[0].isupper() for h in headers)
    # The box scrolls (both ways) and keeps the header row at its top.
    assert "overflow: auto" in css_rule(".mk-table-box")
    assert "position: sticky" in css_rule(".mk-table-box thead th")
    assert "top: 0" in css_rule(".mk-table-box thead th")
    # ipywidgets' HTML widget grows to its content's width: it must be let shrink.
    assert "min-width: 0" in css_rule(".mk-holds-table > .widget-html-content")


# -- matching review -------------------------------------------------------------------


@pytest.fixture
def waiting(tmp_path, monkeypatch):
    """A cohort waiting to be matched, with more mentees than mentors' places."""
    monkeypatch.delenv("MENTORKIT_DB", raising=False)
    return create_demo(tmp_path / "program", mentors=8, mentees=30, seed=5, history=False)


def review_of(folder) -> MatchReview:
    return find(matching_review_page(program=folder), MatchReview)


def test_the_unmatched_mentees_are_listed_beside_the_pairs_with_why(waiting):
    view = review_of(waiting)
    review = view.review
    unmatched = review.unmatched_mentees
    assert unmatched
    beside = [
        box
        for box in walk(view)
        if any(c is view.unmatched for c in getattr(box, "children", ()))
    ]
    [body] = beside
    assert any(c is view.table for c in body.children[0].children)  # pairs, then list
    listed = unescape(view.unmatched.value)
    assert f"Not matched ({len(unmatched)})" in listed
    why = review.why_unmatched()
    assert list(why["mentee_id"]) == unmatched
    for row in why.itertuples():
        assert f"{view.names[row.mentee_id]}</b> ({row.mentee_id}): {row.reason}." in listed
    # 8 mentors cannot take 30 mentees: those left over pass the rules but find no room.
    assert any(
        re.search(r"\d+ of 8 mentors pass the hard rules.*full", r) for r in why.reason
    )

    # A removed pair's mentee is listed at once, with the room its mentor now has.
    mentor, mentee = review.pairs[["mentor_id", "mentee_id"]].iloc[0]
    view.selected.options = [("pair", (mentor, mentee))]
    view.selected.value = ((mentor, mentee),)
    click(view.remove_button)
    reason = review.why_unmatched().set_index("mentee_id").loc[mentee, "reason"]
    assert "room: assign by hand" in reason
    assert f"{view.names[mentee]}</b> ({mentee}): {reason}" in unescape(
        view.unmatched.value
    )


def test_why_a_mentee_is_not_matched_names_the_hard_rule(waiting):
    with waiting.open_store() as store:
        mentors, mentees = cohort_sides(store, DEMO_COHORT)
    policy = waiting.settings.matching
    before = Review(mentors, mentees, policy).matrix
    lone = before.mentees.ids[before.allowed.all(axis=1).argmax()]  # no rule in the way
    mentees = mentees.assign(
        languages=[
            ["Klingon"] if pid == lone else langs
            for pid, langs in zip(mentees["id"], mentees["languages"], strict=True)
        ]
    )
    why = Review(mentors, mentees, policy).why_unmatched().set_index("mentee_id")
    said = why.loc[lone, "reason"]
    assert said == f"no mentor passes the hard rules: no shared language ({len(mentors)})"


def test_the_review_page_has_readable_headers(waiting):
    view = review_of(waiting)
    fairness = view.fairness.value
    assert "<th>Match rate</th>" in fairness
    assert "<th>Mean score</th>" in fairness
    assert "<th>Department</th>" in fairness
    for table in (fairness, view.table.value):
        headers = re.findall(r"<th(?: [^>]*)?>(.*?)</th>", table)
        assert headers
        assert all(h and "_" not in h and h[0].isupper() for h in headers), headers
    assert [label for label, _ in view.fair_by.options] == ["Department", "Seniority"]
    assert all("_" not in s.description for s in view.weights.values())
    assert view.table.value.startswith("<div class='mk-table-box'")


def test_each_action_answers_beside_its_button(waiting):
    view = review_of(waiting)
    answers = [p for p in walk(view) if "mk-result" in p._dom_classes]

    def said(button) -> str:
        """What the page says beside ``button``; every other answer is blank."""
        beside = answer_beside(view, button)
        assert all(a.value == "" for a in answers if a is not beside)
        return beside.value

    view.selected.value = ()
    click(view.swap_button)
    assert "Select exactly 2 pairs" in said(view.swap_button)
    assert "mk-notice-error" in said(view.lock_button)  # the same row, the same answer
    click(view.assign_button)
    assert "Choose an unmatched mentee and a mentor first" in said(view.assign_button)
    view.assign_mentee.value = view.review.unmatched_mentees[0]
    view.assign_mentor.value = view.assign_mentor.options[1][1]
    click(view.check_button)
    assert "score" in said(view.check_button)
    click(view.accept_button)
    assert "Preview the weights first" in said(view.accept_button)
    click(view.preview_button)
    assert "Preview ready" in said(view.preview_button)
    click(view.save_button)
    assert "Saved" in said(view.save_button)


def test_the_mentor_picker_is_sorted_and_searchable(waiting):
    view = review_of(waiting)
    assert view.assign_mentor.value is None
    labels = [label for label, _ in view.assign_mentor.options[1:]]
    assert labels == sorted(labels, key=str.casefold)
    assert all(
        re.search(r"\((M\d+)\), (full|\d+ places? left)$", label) for label in labels
    )
    mentees = [label for label, _ in view.assign_mentee.options[1:]]
    assert mentees == sorted(mentees, key=str.casefold)
    assert view.mentor_picker.search.description == "Find"
    first = labels[0].split()[0]
    view.mentor_picker.search.value = first.lower()
    assert all(
        first.casefold() in label.casefold() for label, _ in view.assign_mentor.options[1:]
    )


# -- goal coaching ---------------------------------------------------------------------


def test_the_goal_coaching_picker_is_sorted_and_searchable(demo):
    with demo.open_store() as store:
        store.add_participants(
            [{"id": "E-low", "cohort": DEMO_COHORT, "role": "mentee",
              "name": "aaron lowercase", "email": "aaron@example.org",
              "timezone": "UTC"}]
        )  # fmt: skip
        mentees = set(store.participants(cohort=DEMO_COHORT, role="mentee")["id"])
    page = goal_coaching_page(program=demo)
    picker = field_control(page, "mentee")
    assert "mk-mentee-picker" in picker._dom_classes
    labels = [label for label, _ in picker.options]
    assert labels == sorted(labels, key=str.casefold)
    assert labels[0] == "aaron lowercase"
    assert {v for _, v in picker.options} == mentees  # ids, each a mentee's

    assert picker.value == "E-low"  # the first by name
    assert find(page, GoalCoach).mentee.id == "E-low"

    last = picker.options[-1][1]
    picker.value = last
    assert find(page, GoalCoach).mentee.id == last
    search = field_control(page, "mentee-search")
    search.value = "AARON"
    assert [v for _, v in picker.options] == ["E-low", last]  # the choice stays listed
    assert find(page, GoalCoach).mentee.id == last  # searching does not change the coach
    picker.value = "E-low"
    assert find(page, GoalCoach).mentee.id == "E-low"
