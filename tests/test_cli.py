"""The mentorkit command as a coordinator types it."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from mentorkit.cli import main
from mentorkit.folder import ProgramFolder

COMMANDS = [
    "init",
    "demo",
    "serve",
    "lab",
    "match",
    "report",
    "status",
    "deploy",
    "withdraw",
]


def mentorkit(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mentorkit", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


def test_help_lists_every_command():
    done = mentorkit("--help")
    assert done.returncode == 0
    for command in COMMANDS:
        assert command in done.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_explains_itself(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "usage: mentorkit " + command in out
    assert len(out.splitlines()) > 5


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["serve"], "the following arguments are required: --program"),
        (["serve", "--program", "x", "--port", "eighty"], "'eighty' is not a port number"),
        (["serve", "--program", "x", "--port", "80"], "80 is not a port between"),
        (["demo", "p", "--mentors", "-3"], "-3 is below zero"),
        (["init", "p", "--start", "tomorrow"], "'tomorrow' is not a date"),
        (["init", "p", "--format", "pairs"], "invalid choice: 'pairs'"),
        (["launch"], "invalid choice: 'launch'"),
    ],
)
def test_a_bad_argument_is_one_line(args, says, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    [line] = err.splitlines()
    assert says in line
    assert "--help" in line


@pytest.mark.parametrize("command", ["serve", "lab"])
def test_a_missing_program_is_one_line(command, tmp_path):
    done = mentorkit(command, "--program", str(tmp_path / "nowhere"))
    assert done.returncode == 1
    [line] = done.stderr.splitlines()
    assert "No mentorkit program at" in line
    assert "mentorkit init" in line
    assert "Traceback" not in done.stderr


def test_init_then_init_again(tmp_path):
    target = tmp_path / "spring-pilot"
    done = mentorkit("init", str(target), "--start", "2027-02-01", "--cohort", "First")
    assert done.returncode == 0, done.stderr
    with ProgramFolder.open(target).open_store() as store:
        program = store.program()
        assert program.name == "spring pilot"
        assert str(program.end_date) == "2028-02-01"
        assert store.cohort_names() == ["First"]
    again = mentorkit("init", str(target))
    assert again.returncode == 1
    assert "already holds a mentorkit program" in again.stderr


def test_init_with_dates_in_the_wrong_order_names_the_field(tmp_path):
    done = mentorkit(
        "init", str(tmp_path / "p"), "--start", "2027-05-01", "--end", "2027-01-01"
    )
    assert done.returncode == 1
    [line] = done.stderr.splitlines()
    assert "end_date" in line
    assert not (tmp_path / "p").exists()


def test_demo_no_serve_fills_a_program(tmp_path):
    done = mentorkit(
        "demo",
        str(tmp_path / "demo"),
        "--no-serve",
        "--mentors",
        "4",
        "--mentees",
        "9",
        "--seed",
        "5",
    )
    assert done.returncode == 0, done.stderr
    with ProgramFolder.open(tmp_path / "demo").open_store() as store:
        assert len(store.participants(role="mentor")) == 4
        assert len(store.participants(role="mentee")) == 9
    again = mentorkit("demo", str(tmp_path / "demo"), "--no-serve")
    assert again.returncode == 1
    assert "already holds" in again.stderr


def test_serve_refuses_a_port_in_use(program_folder, capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = main(["serve", "--program", str(program_folder.path), "--port", str(port)])
    assert code == 1
    [line] = capsys.readouterr().err.splitlines()
    assert f"Port {port} on 127.0.0.1 is in use" in line
