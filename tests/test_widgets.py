"""The widget kit builds the pages the workbooks show."""

from __future__ import annotations

import base64
import json
from datetime import date
from html import unescape

import ipywidgets as w
import pytest

from mentorkit.apps import FACILITATOR_WORKBOOKS, PARTICIPANT_APPS
from mentorkit.domain.programs import Program
from mentorkit.errors import MentorkitError
from mentorkit.folder import ProgramFolder
from mentorkit.services.access import LinkClaims, sign_link
from mentorkit.widgets import facilitator_page, participant_page


def walk(widget: w.Widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def classes(widget: w.Widget) -> set[str]:
    return {c for part in walk(widget) for c in part._dom_classes}


def html(widget: w.Widget) -> str:
    return "\n".join(part.value for part in walk(widget) if isinstance(part, w.HTML))


def link_query(folder, participant_id="p1", cohort="Spring", expires=date(2099, 1, 1)):
    return "token=" + sign_link(folder.secret, LinkClaims(participant_id, cohort, expires))


def forged(token: str, **changes: str) -> str:
    """The token with its claims changed but its old signature kept."""
    payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    text = json.dumps(claims | changes, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(text).rstrip(b"=").decode() + "." + signature


@pytest.fixture
def two_people(program_folder):
    with program_folder.open_store() as store:
        store.add_participants(
            [
                {
                    "id": "p1",
                    "cohort": "Spring",
                    "role": "mentee",
                    "name": "First Person",
                    "email": "first@example.org",
                    "timezone": "UTC",
                },
                {
                    "id": "p2",
                    "cohort": "Spring",
                    "role": "mentor",
                    "name": "Second Person",
                    "email": "second@example.org",
                    "timezone": "UTC",
                },
            ]
        )
    return program_folder


@pytest.mark.parametrize("app", PARTICIPANT_APPS, ids=lambda a: a.name)
def test_participant_pages_greet_the_visitor_and_no_one_else(app, two_people):
    page = participant_page(app.name, two_people, query=link_query(two_people))
    assert f"mk-app-{app.name}" in page._dom_classes
    assert "mk-notice-error" not in classes(page)
    text = html(page)
    assert app.title in text
    assert "Welcome, First Person" in text
    assert "Pilot program" in text
    assert "Second Person" not in text


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("", "the address has none"),
        ("token=", "the address has none"),
        ("token=not-a-token", "not valid"),
        ("EXPIRED", "expired"),
        ("TAMPERED", "not valid"),
        ("OTHER-SECRET", "not valid"),
        ("GONE", "no longer in the program"),
    ],
)
def test_a_bad_link_gets_the_refusal_and_no_data(two_people, tmp_path, query, says):
    if query == "EXPIRED":
        query = link_query(two_people, expires=date(2020, 1, 1))
    elif query == "TAMPERED":
        query = "token=" + forged(link_query(two_people).removeprefix("token="), p="p2")
    elif query == "OTHER-SECRET":
        other = ProgramFolder.init(
            tmp_path / "other",
            Program(name="o", start_date=date(2027, 1, 1), end_date=date(2027, 2, 1)),
        )
        query = link_query(other)
    elif query == "GONE":
        query = link_query(two_people, participant_id="p9")
    page = participant_page("intake", two_people, query=query)
    assert "mk-refused" in page._dom_classes
    text = unescape(html(page))
    assert says in text
    assert "coordinator for a new one" in text
    for private in ("First Person", "first@example.org", "Pilot program"):
        assert private not in text


def test_the_cohort_page_shows_the_cohort(program_folder, cohort_frame):
    # The other facilitator pages: tests/matching, tests/test_pair_widgets.py.
    with program_folder.open_store() as store:
        store.add_participants(
            r | {"cohort": "Spring"} for r in cohort_frame.to_dict("records")
        )
    page = facilitator_page("cohort_overview", program=program_folder)
    assert "mk-notice-error" not in classes(page)
    text = html(page)
    assert "<b>15</b><span>mentors</span>" in text
    assert "<b>40</b><span>mentees</span>" in text
    assert "No matches yet" in text
    seats = cohort_frame.loc[cohort_frame["role"] == "mentor", "capacity"].sum()
    assert f"<b>{40 - seats}</b><span>mentees more than seats" in text


@pytest.mark.parametrize("app", [a.name for a in FACILITATOR_WORKBOOKS])
def test_unknown_cohort_is_a_friendly_notice(program_folder, app):
    page = facilitator_page(app, cohort="Winter", program=program_folder)
    assert "mk-notice-error" in classes(page)
    assert "No cohort 'Winter'. Known cohorts: Spring" in unescape(html(page))


def test_without_a_program_the_page_says_how_to_open_one(monkeypatch):
    monkeypatch.delenv("MENTORKIT_PROGRAM")
    page = participant_page("intake", query="token=x")
    assert "mk-notice-error" in classes(page)
    assert "mentorkit serve --program" in html(page)


def test_what_users_typed_is_escaped(two_people):
    with two_people.open_store() as store:
        program = store.program()
        store.save_program(
            program.updated(
                name="<script>alert(1)</script>",
                objectives=["<img src=x onerror=alert(1)>"],
            )
        )
        store.update_participant("p1", name="<b onmouseover=alert(1)>me</b>")
    text = html(participant_page("goals", two_people, query=link_query(two_people)))
    assert "<script>" not in text
    assert "<img" not in text
    assert "<b onmouseover" not in text
    assert "&lt;script&gt;" in text


def test_an_unexpected_failure_hides_its_details(tmp_path):
    folder = ProgramFolder.init(
        tmp_path / "p",
        Program(name="p", start_date=date(2027, 1, 1), end_date=date(2027, 2, 1)),
    )
    (folder.path / "mentorkit.db").write_bytes(b"this is not a database")
    page = participant_page("intake", folder, query="token=x")
    assert "mk-notice-error" in classes(page)
    assert "Traceback" not in html(page)


def test_a_workbook_asking_for_an_unknown_app_is_told_which_exist():
    with pytest.raises(MentorkitError, match="the apps are: intake, choose, agreement"):
        participant_page("matching_review")
