"""Exports and invitation files: safe for spreadsheets, private where they must be."""

from __future__ import annotations

import csv
import stat
from datetime import date

import openpyxl
import pandas as pd
import pytest

from mentorkit.cli import main
from mentorkit.services.access import read_link, token_from_query
from mentorkit.services.exporting import neutralise, write_table


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1 555", "'+1 555"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("plain text", "plain text"),
        (3, 3),
        (["python", "=cmd"], "python; =cmd"),
        (["=cmd", "python"], "'=cmd; python"),
    ],
)
def test_neutralise(value, stored):
    assert neutralise(value) == stored


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_written_files_hold_no_formula(tmp_path, suffix):
    frame = pd.DataFrame({"name": ["=1+1", "Ann"], "goals": ["@x", "-y"]})
    path = write_table(frame, tmp_path / f"out{suffix}")
    if suffix == ".csv":
        rows = list(csv.reader(path.open()))[1:]
        cells = [c for row in rows for c in row]
    else:
        sheet = openpyxl.load_workbook(path).active
        cells = [c.value for row in sheet.iter_rows(min_row=2) for c in row]
        assert all(c.data_type == "s" for row in sheet.iter_rows(min_row=2) for c in row)
    assert cells == ["'=1+1", "'@x", "Ann", "'-y"]
    assert not list(tmp_path.glob(".*partial"))


def test_export_command_writes_the_cohort(program_folder, tmp_path, person, capsys):
    with program_folder.open_store() as store:
        store.add_participant(person | {"goals": "=cmd|' /C calc'!A0"})
    out = tmp_path / "spring.csv"
    assert (
        main(
            [
                "export",
                "--program",
                str(program_folder.path),
                "--cohort",
                "Spring",
                "--to",
                str(out),
            ]
        )
        == 0
    )
    [row] = list(csv.DictReader(out.open()))
    assert row["email"] == "mentor.one@example.org"
    assert row["goals"].startswith("'=")
    assert row["skills_offered"] == "python"


def test_invite_writes_one_private_link_each(program_folder, person, capsys):
    with program_folder.open_store() as store:
        store.add_participants([person, person | {"id": "p2", "email": "two@example.org"}])
    assert (
        main(
            [
                "invite",
                "--program",
                str(program_folder.path),
                "--cohort",
                "Spring",
                "--base-url",
                "https://mentoring.example.org/apps/",
            ]
        )
        == 0
    )
    out = program_folder.path / "invitations-spring.csv"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    rows = list(csv.DictReader(out.open()))
    assert [r["email"] for r in rows] == ["mentor.one@example.org", "two@example.org"]
    for row, expected in zip(rows, ["p1", "p2"], strict=True):
        assert row["link"].startswith("https://mentoring.example.org/apps/?token=")
        token = token_from_query(row["link"].split("?", 1)[1])
        claims = read_link(program_folder.secret, token, today=date(2027, 1, 1))
        assert claims.participant_id == expected
        assert claims.expires == date(2027, 10, 1)  # the program's end


def test_invite_for_an_unknown_cohort_is_one_line(program_folder, capsys):
    code = main(["invite", "--program", str(program_folder.path), "--cohort", "Autumn"])
    assert code == 1
    [line] = capsys.readouterr().err.splitlines()
    assert "No cohort 'Autumn'. Known cohorts: Spring" in line
