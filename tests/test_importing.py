"""Importing messy rosters: exact counts and reasons, nothing half-written."""

from __future__ import annotations

import csv
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorkit.domain.participants import Participant
from mentorkit.errors import MentorkitError
from mentorkit.services.importing import import_roster, write_rejections

DATA = Path(__file__).parent / "data"


@pytest.fixture
def roster(tmp_path):
    """Copies of the sample exports, so reports written beside them stay in tmp."""

    def copy(name: str) -> Path:
        return Path(shutil.copy(DATA / name, tmp_path / name))

    return copy


def reasons(report) -> list[tuple[int, str, str]]:
    return [(r["row"], r["field"], r["reason"]) for r in report.rejected]


def test_google_forms_export(program_folder, roster):
    report = import_roster(program_folder, "Spring", roster("google_forms.csv"))
    assert report.rows == 7  # two blank lines skipped, row numbers kept
    assert (report.saved.added, report.saved.updated, report.rejected_rows) == (4, 0, 3)
    assert reasons(report) == [
        (2, "email", "superseded by row 7 (same e-mail)"),
        (
            5,
            "email",
            "is not an e-mail address; write it like name@example.org",
        ),
        (
            6,
            "timezone",
            "'Mars/Base' is not a time zone: choose one from the list, such as "
            "Europe/Paris, America/New_York or UTC",
        ),
    ]
    with program_folder.open_store() as store:
        people = store.participants(cohort="Spring").set_index("email")
    assert sorted(people.index) == [
        "ann.lee@example.org",
        "bob.stone@example.org",
        "eve.kay@example.org",
        "finn.ode@example.org",
    ]
    ann, bob = people.loc["ann.lee@example.org"], people.loc["bob.stone@example.org"]
    assert ann["department"] == "Data Science"  # the later submission wins
    assert ann["skills_sought"] == ["sql", "statistics"]
    assert ann["availability"] == ["Mon 09:00-11:00"]
    assert bob["name"] == "Bob Stone"
    assert bob["timezone"] == "America/New_York"
    assert bob["seniority"] == "executive"
    assert bob["channels"] == ["phone"]
    assert people.loc["eve.kay@example.org", "timezone"] == "America/New_York"  # EST
    assert people.loc["finn.ode@example.org", "languages"] == ["Japanese", "English"]
    consent = Participant.from_dict(people.reset_index().iloc[0].to_dict()).consents
    assert set(consent) == {"confidentiality", "data_use"}


def test_microsoft_forms_export(program_folder, roster):
    report = import_roster(program_folder, "Spring", roster("microsoft_forms.xlsx"))
    assert "ID" in report.ignored  # the response number, not a participant id
    assert (report.saved.added, report.rejected_rows) == (3, 2)
    assert reasons(report) == [
        (4, "name", "is required"),
        (
            5,
            "capacity",
            "must be between 1 and 20 (how many mentees a mentor takes), not 0",
        ),
    ]
    with program_folder.open_store() as store:
        kim = (
            store.participants(cohort="Spring")
            .set_index("email")
            .loc["kim.roe@example.org"]
        )
        assert kim["name"] == "@Kim Roe"  # kept as typed; exports neutralise it
        assert (
            store.participants(cohort="Spring")
            .set_index("email")
            .loc["gia.park@example.org", "capacity"]
            == 2
        )


def test_reimport_adds_nothing_and_updates_changes(program_folder, roster):
    path = roster("google_forms.csv")
    import_roster(program_folder, "Spring", path)
    again = import_roster(program_folder, "Spring", path)
    assert (again.saved.added, again.saved.updated, again.saved.unchanged) == (0, 0, 4)
    path.write_text(
        path.read_text().replace("Finn Ode,Mentor,Engineering", "Finn Ode,Mentor,Research")
    )
    changed = import_roster(program_folder, "Spring", path)
    assert (changed.saved.added, changed.saved.updated) == (0, 1)
    with program_folder.open_store() as store:
        people = store.participants(cohort="Spring")
    assert len(people) == 4
    assert people.set_index("email").loc["finn.ode@example.org", "department"] == "Research"


def test_dry_run_writes_nothing(program_folder, roster):
    report = import_roster(
        program_folder, "Spring", roster("google_forms.csv"), dry_run=True
    )
    assert report.saved.added == 4
    with program_folder.open_store() as store:
        assert store.count("participants") == 0


def test_rejections_are_written_beside_the_input(program_folder, roster):
    path = roster("microsoft_forms.xlsx")
    report = import_roster(program_folder, "Spring", path)
    out = write_rejections(report, path)
    assert out == path.with_name("microsoft_forms.rejected.csv")
    rows = list(csv.DictReader(out.open()))
    assert [(r["row"], r["field"]) for r in rows] == [("4", "name"), ("5", "capacity")]


def test_a_missing_required_column_is_named(program_folder, tmp_path):
    path = tmp_path / "no-email.csv"
    path.write_text("Name,Role\nAnn,Mentee\n")
    with pytest.raises(MentorkitError, match="no column for email"):
        import_roster(program_folder, "Spring", path)


def test_a_mapping_file_names_odd_headers(program_folder, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text(
        "Work address,Who,Kind,Zone,Buddy emails to skip\n"
        "a@example.org,Ann,mentee,UTC,b@example.org\n"
        "b@example.org,Ben,mentor,UTC,\n"
    )
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        '[columns]\n"Work address" = "email"\n"Who" = "name"\n'
        '"Kind" = "role"\n"Zone" = "timezone"\n'
        '"Buddy emails to skip" = "avoid"\n'
    )
    report = import_roster(program_folder, "Spring", path, mapping)
    assert report.rejected == []
    with program_folder.open_store() as store:
        people = store.participants(cohort="Spring").set_index("email")
    assert people.loc["a@example.org", "avoid"] == [people.loc["b@example.org", "id"]]


def test_a_mapping_to_an_unknown_field_is_refused(program_folder, tmp_path):
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[columns]\n"Mail" = "e-mail"\n')
    (tmp_path / "x.csv").write_text("Mail,Name\n")
    with pytest.raises(MentorkitError, match="'e-mail', which is not a field"):
        import_roster(program_folder, "Spring", tmp_path / "x.csv", mapping)


CELL = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(rows=st.lists(st.tuples(CELL, CELL, CELL, CELL), min_size=1, max_size=6))
def test_any_cell_text_is_either_saved_whole_or_rejected(program_folder, tmp_path, rows):
    path = tmp_path / "fuzz.csv"
    frame = pd.DataFrame(rows, columns=["Email", "Name", "Role", "Time zone"])
    frame.to_csv(path, index=False)
    with program_folder.open_store() as store:
        before = store.count("participants")
    report = import_roster(program_folder, "Spring", path)
    with program_folder.open_store() as store:
        after = store.participants(cohort="Spring")
    assert len(after) - before == report.saved.added
    for row in after.to_dict("records"):
        Participant.from_dict(row)  # every stored record is whole and valid
    assert (
        report.saved.added
        + report.saved.updated
        + report.saved.unchanged
        + len({r["row"] for r in report.rejected})
        >= report.rows
    )


def test_consent_time_is_the_form_timestamp(program_folder, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(
        "Timestamp,Email,Name,Role,Time zone,Confidentiality\n"
        "2027-01-05 10:00:00,a@example.org,Ann,mentee,UTC,Yes\n"
    )
    import_roster(program_folder, "Spring", path)
    with program_folder.open_store() as store:
        [ann] = [
            Participant.from_dict(r)
            for r in store.participants(cohort="Spring").to_dict("records")
        ]
    assert ann.consents["confidentiality"] == datetime(2027, 1, 5, 10, tzinfo=UTC)
