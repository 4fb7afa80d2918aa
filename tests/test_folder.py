"""The program folder: what init makes, and how a missing folder is reported."""

from __future__ import annotations

import stat
from datetime import date

import pytest

from mentorkit.domain.programs import Cohort, Program
from mentorkit.errors import InvalidRecord, ProgramExists, ProgramNotFound
from mentorkit.folder import ProgramFolder
from tests.conftest import COHORT, PROGRAM


def test_init_makes_settings_database_secret_and_reports(program_folder):
    path = program_folder.path
    assert (path / "mentorkit.toml").is_file()
    assert (path / "mentorkit.db").is_file()
    assert (path / "reports").is_dir()
    secret = path / ".secret"
    assert len(program_folder.secret) >= 32
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    with ProgramFolder.open(path).open_store() as store:
        assert store.program().name == PROGRAM.name
        assert store.cohort_names() == [COHORT]


def test_two_programs_get_different_secrets(tmp_path):
    one = ProgramFolder.init(tmp_path / "one", PROGRAM)
    two = ProgramFolder.init(tmp_path / "two", PROGRAM)
    assert one.secret != two.secret


def test_open_a_folder_that_is_not_a_program(tmp_path):
    with pytest.raises(ProgramNotFound, match="mentorkit init"):
        ProgramFolder.open(tmp_path / "nowhere")


def test_init_refuses_an_existing_program(program_folder):
    with pytest.raises(ProgramExists):
        ProgramFolder.init(program_folder.path, PROGRAM)


def test_failed_init_leaves_nothing_behind(tmp_path):
    bad = Program.model_construct(
        name="", start_date=date(2027, 1, 1), end_date=date(2027, 6, 1)
    )
    with pytest.raises(InvalidRecord):
        ProgramFolder.init(tmp_path / "half", bad, Cohort(name="x"))
    assert not (tmp_path / "half").exists()


def test_environment_database_wins(program_folder, monkeypatch, tmp_path):
    other = f"sqlite:///{tmp_path / 'elsewhere.db'}"
    monkeypatch.setenv("MENTORKIT_DB", other)
    assert ProgramFolder.open(program_folder.path).database_url == other


def test_broken_settings_file_is_reported(program_folder):
    (program_folder.path / "mentorkit.toml").write_text("[apps]\nport = 'soon'\n")
    with pytest.raises(Exception, match=r"apps\.port"):
        ProgramFolder.open(program_folder.path)
