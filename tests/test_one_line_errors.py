"""Mistakes and odd files end in one line that says what to do, never a traceback
(issue 12)."""

from __future__ import annotations

import pytest

from mentorkit.cli import main
from mentorkit.services.demo import create_demo


@pytest.fixture
def demo(tmp_path):
    return create_demo(tmp_path / "demo", mentors=2, mentees=3, history=False)


def one_line(capsys, args) -> str:
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    return err


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [("empty.csv", b"", "empty.csv is empty"),
     ("blank.csv", b"\n\n\n", "blank.csv"),
     ("corrupt.xlsx", b"PK\x03\x04 not really a workbook", "corrupt.xlsx is not an Excel"),
     ("text.xlsx", b"name,email\n", "text.xlsx is not an Excel")],
)  # fmt: skip
def test_an_odd_roster_file_is_refused_in_one_line(demo, tmp_path, capsys, name, content,
                                                   said):  # fmt: skip
    path = tmp_path / name
    path.write_bytes(content)
    err = one_line(capsys, ["import", "--program", str(demo.path), "--cohort",
                            "Demo cohort", str(path)])  # fmt: skip
    assert said in err


def test_a_cohort_name_with_a_slash_makes_one_file_in_the_program(tmp_path, capsys):
    program = tmp_path / "p"
    assert main(["init", str(program), "--cohort", "Team A/B"]) == 0
    assert main(["invite", "--program", str(program), "--cohort", "Team A/B"]) == 0
    assert (program / "invitations-team-a-b.csv").is_file()
    assert not (program / "invitations-team-a").exists()


def test_running_out_of_memory_in_matching_is_said_plainly(demo, capsys, monkeypatch):
    def too_big(*_args, **_kwargs):
        raise MemoryError

    monkeypatch.setattr("mentorkit.services.matching_runs.propose_matches", too_big)
    err = one_line(capsys, ["match", "--program", str(demo.path), "--cohort",
                            "Demo cohort"])  # fmt: skip
    assert "memory" in err
