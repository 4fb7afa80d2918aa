"""A participant who leaves the program: their links open nothing (issue 12)."""

from __future__ import annotations

from datetime import date

import pytest

from mentorkit.cli import main
from mentorkit.errors import LinkRefused
from mentorkit.services.access import LinkClaims, identify, sign_link
from mentorkit.services.demo import create_demo
from mentorkit.widgets import participant_page
from tests.test_widgets import classes, html


@pytest.fixture
def demo(tmp_path):
    return create_demo(tmp_path / "demo", mentors=3, mentees=6)


def query(folder, who="E0001"):
    return "token=" + sign_link(
        folder.secret, LinkClaims(who, "Demo cohort", date(2099, 1, 1))
    )


def test_a_withdrawn_participants_links_are_refused_until_they_come_back(demo, capsys):
    with demo.open_store() as store:
        email = store.participant("E0001").email
        before = store.participant("E0001").status
    assert main(["withdraw", "--program", str(demo.path), email]) == 0
    assert "links open nothing now" in capsys.readouterr().out
    with demo.open_store() as store, pytest.raises(LinkRefused) as refused:
        identify(store, demo.secret, query(demo))
    assert refused.value.reason == "withdrawn"
    page = participant_page("reflection", demo, query=query(demo))
    assert "mk-refused" in classes(page)
    assert "left the program" in html(page)

    assert main(["withdraw", "--program", str(demo.path), "E0001", "--undo"]) == 0
    with demo.open_store() as store:
        assert identify(store, demo.secret, query(demo)).status == before


def test_withdrawing_someone_unknown_says_so_in_one_line(demo, capsys):
    assert main(["withdraw", "--program", str(demo.path), "nobody@example.org"]) == 1
    err = capsys.readouterr().err
    assert "No participant 'nobody@example.org'" in err
    assert len(err.strip().splitlines()) == 1
