"""Importing a roster changes what the file says and nothing else (issue 12)."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from mentorkit.services.demo import create_demo
from mentorkit.services.exporting import write_table
from mentorkit.services.importing import import_roster

COHORT = "Demo cohort"


@pytest.fixture
def demo(tmp_path):
    folder = create_demo(tmp_path / "demo", mentors=4, mentees=10)
    with folder.open_store() as store:  # what exports must carry back safely
        store.update_participant("E0002", status="withdrawn")
        store.update_participant("E0003", department="=HYPERLINK(\"x\")",
                                 goals="+1 more report\nand a second line")  # fmt: skip
    return folder


def everyone(folder) -> pd.DataFrame:
    with folder.open_store() as store:
        people = store.participants(cohort=COHORT)
    return people.drop(columns=["updated_at"], errors="ignore").set_index("id").sort_index()


def test_export_then_import_changes_nothing(demo, tmp_path):
    before = everyone(demo)
    assert set(before["status"]) >= {"matched", "withdrawn"}
    assert before["consents"].map(bool).all()
    exported = write_table(before.reset_index(), tmp_path / "export.csv")
    report = import_roster(demo, COHORT, exported)
    assert report.rejected == []
    assert report.saved.updated == 0
    pd.testing.assert_frame_equal(everyone(demo), before)


def test_a_roster_of_four_columns_updates_those_four_and_nothing_else(demo, tmp_path):
    before = everyone(demo)
    email = before.loc["E0004", "email"]
    path = tmp_path / "short.csv"
    with path.open("w", newline="") as out:
        rows = csv.writer(out)
        rows.writerow(["Name", "Email", "Role", "Time zone"])
        rows.writerow(["A new name", email, "mentee", "Asia/Tokyo"])
    report = import_roster(demo, COHORT, path)
    assert report.saved.updated == 1
    after = everyone(demo)
    assert after.loc["E0004", "name"] == "A new name"
    assert after.loc["E0004", "timezone"] == "Asia/Tokyo"
    changed = [c for c in before.columns if before.loc["E0004", c] != after.loc["E0004", c]]
    assert changed == ["name", "timezone"]
    pd.testing.assert_frame_equal(after.drop(index="E0004"), before.drop(index="E0004"))


def test_empty_cells_change_nothing_unless_asked_to_clear(demo, tmp_path):
    before = everyone(demo)
    email = before.loc["E0005", "email"]
    path = tmp_path / "blanks.csv"
    pd.DataFrame({"email": [email], "name": [before.loc["E0005", "name"]],
                  "department": [""], "goals": [""]}).to_csv(path, index=False)  # fmt: skip
    import_roster(demo, COHORT, path)
    assert everyone(demo).loc["E0005", "department"] == before.loc["E0005", "department"]
    import_roster(demo, COHORT, path, clear_empty=True)
    after = everyone(demo)
    assert (after.loc["E0005", "department"], after.loc["E0005", "goals"]) == ("", "")
    assert after.loc["E0005", "consents"] == before.loc["E0005", "consents"]
