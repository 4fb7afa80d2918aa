"""Files that hold people's data are readable by their owner only (issue 12)."""

from __future__ import annotations

import stat

from mentorkit.cli import main
from mentorkit.services.demo import create_demo


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_exports_and_link_lists_are_the_owners_only(tmp_path, monkeypatch):
    monkeypatch.delenv("MENTORKIT_DB", raising=False)
    folder = create_demo(tmp_path / "demo", mentors=2, mentees=3, history=False)
    database = folder.path / "mentorkit.db"
    assert mode(database) == 0o600
    database.chmod(0o644)  # a program made by an earlier version
    with folder.open_store():
        pass
    assert mode(database) == 0o600
    program = str(folder.path)
    assert main(["export", "--program", program, "--cohort", "Demo cohort",
                 "--to", str(tmp_path / "people.csv")]) == 0  # fmt: skip
    assert mode(tmp_path / "people.csv") == 0o600
    assert main(["invite", "--program", program, "--cohort", "Demo cohort"]) == 0
    assert mode(folder.path / "invitations-demo-cohort.csv") == 0o600
