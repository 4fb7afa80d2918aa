"""The widget kit builds the pages the workbooks show."""

from __future__ import annotations

from datetime import date
from html import unescape

import ipywidgets as w
import pytest

from mentorkit.apps import FACILITATOR_WORKBOOKS, PARTICIPANT_APPS
from mentorkit.errors import MentorkitError
from mentorkit.folder import ProgramFolder
from mentorkit.programs import Program
from mentorkit.widgets import facilitator_page, participant_page


def walk(widget: w.Widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def classes(widget: w.Widget) -> set[str]:
    return {c for part in walk(widget) for c in part._dom_classes}


def html(widget: w.Widget) -> str:
    return "\n".join(part.value for part in walk(widget) if isinstance(part, w.HTML))


@pytest.mark.parametrize("app", PARTICIPANT_APPS, ids=lambda a: a.name)
def test_participant_pages_show_the_program_and_no_one_else(app, program_folder):
    page = participant_page(app.name, program_folder)
    assert f"mk-app-{app.name}" in page._dom_classes
    assert "mk-notice-error" not in classes(page)
    text = html(page)
    assert app.title in text
    assert "Pilot program" in text
    assert "personal link" in text


@pytest.mark.parametrize("app", FACILITATOR_WORKBOOKS, ids=lambda a: a.name)
def test_facilitator_pages_show_the_cohort(app, program_folder, cohort_frame):
    with program_folder.open_store() as store:
        store.add_participants(
            r | {"cohort": "Spring"} for r in cohort_frame.to_dict("records")
        )
    page = facilitator_page(app.name, program=program_folder)
    assert "mk-notice-error" not in classes(page)
    text = html(page)
    assert "<b>15</b><span>mentors</span>" in text
    assert "<b>40</b><span>mentees</span>" in text
    assert "No matches yet" in text
    seats = cohort_frame.loc[cohort_frame["role"] == "mentor", "capacity"].sum()
    assert f"<b>{40 - seats}</b><span>mentees more than seats" in text


def test_unknown_cohort_is_a_friendly_notice(program_folder):
    page = facilitator_page("program_health", cohort="Winter", program=program_folder)
    assert "mk-notice-error" in classes(page)
    assert "No cohort 'Winter'. Known cohorts: Spring" in unescape(html(page))


def test_without_a_program_the_page_says_how_to_open_one(monkeypatch):
    monkeypatch.delenv("MENTORKIT_PROGRAM")
    page = participant_page("intake")
    assert "mk-notice-error" in classes(page)
    assert "mentorkit serve --program" in html(page)


def test_what_users_typed_is_escaped(program_folder):
    with program_folder.open_store() as store:
        program = store.program()
        store.save_program(
            program.updated(
                name="<script>alert(1)</script>",
                objectives=["<img src=x onerror=alert(1)>"],
            )
        )
    text = html(participant_page("goals", program_folder))
    assert "<script>" not in text
    assert "<img" not in text
    assert "&lt;script&gt;" in text


def test_an_unexpected_failure_hides_its_details(tmp_path):
    folder = ProgramFolder.init(
        tmp_path / "p",
        Program(name="p", start_date=date(2027, 1, 1), end_date=date(2027, 2, 1)),
    )
    (folder.path / "mentorkit.db").write_bytes(b"this is not a database")
    page = participant_page("intake", folder)
    assert "mk-notice-error" in classes(page)
    assert "Traceback" not in html(page)


def test_a_workbook_asking_for_an_unknown_app_is_told_which_exist():
    with pytest.raises(MentorkitError, match="the apps are: intake, agreement"):
        participant_page("matching_review")
