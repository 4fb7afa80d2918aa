"""A program season after season, as a coordinator runs it: a cohort added to a new
program, imported, invited and matched; closed; the next one carrying over the
mentees the first could not match, who are then matched before newcomers."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from mentorkit.cli import main
from mentorkit.domain.participants import Participant
from mentorkit.domain.programs import Cohort
from mentorkit.errors import MentorkitError
from mentorkit.folder import ProgramFolder
from mentorkit.matching.policy import MatchPolicy, Objective
from mentorkit.matching.proposals import propose_matches
from mentorkit.services.matching_runs import cohort_sides

HEADER = ["name", "email", "role", "timezone", "skills_offered", "skills_sought",
          "capacity"]  # fmt: skip


def roster(path: Path, people: list[tuple]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(people)
    return path


def run(*argv) -> int:
    return main([str(a) for a in argv])


@pytest.fixture
def program(tmp_path):
    """A new program with its first cohort, spring, imported, invited and matched:
    two mentors with one seat each, four mentees."""
    folder = tmp_path / "my-program"
    assert run("init", folder) == 0
    assert run("cohort", "add", "--program", folder, "spring", "--start", "2027-01-11",
               "--end", "2027-07-09") == 0  # fmt: skip
    spring = roster(tmp_path / "spring.csv", [
        ("Mentor A", "ma@example.org", "mentor", "UTC", "python", "", 1),
        ("Mentor B", "mb@example.org", "mentor", "UTC", "sql", "", 1),
        ("Mentee 1", "m1@example.org", "mentee", "UTC", "", "python", 1),
        ("Mentee 2", "m2@example.org", "mentee", "UTC", "", "sql", 1),
        ("Mentee 3", "m3@example.org", "mentee", "UTC", "", "pottery", 1),
        ("Mentee 4", "m4@example.org", "mentee", "UTC", "", "sailing", 1),
    ])  # fmt: skip
    assert run("import", "--program", folder, "--cohort", "spring", spring) == 0
    assert run("invite", "--program", folder, "--cohort", "spring") == 0
    assert run("match", "--program", folder, "--cohort", "spring", "--publish") == 0
    return folder


def test_a_new_cohort_is_imported_invited_and_matched(program, capsys):
    links = list(csv.DictReader((program / "invitations-spring.csv").open()))
    assert len(links) == 6
    with ProgramFolder.open(program).open_store() as store:
        pairs = store.matches("spring")
        paired = set(pairs["mentee_id"])
        people = store.participants(cohort="spring").set_index("id")
    assert len(pairs) == 2
    assert set(people.loc[list(paired), "email"]) == {"m1@example.org", "m2@example.org"}
    capsys.readouterr()
    assert run("cohort", "list", "--program", program) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:7] == ["cohort", "roster", "invited", "joined", "matched",
                                    "pairs", "ended"]  # fmt: skip
    assert lines[1].split()[:7] == ["spring", "6", "0", "0", "4", "2", "0"]


def test_an_unknown_cohort_says_how_to_add_it(tmp_path, capsys):
    folder = tmp_path / "p"
    assert run("init", folder) == 0
    capsys.readouterr()
    empty = roster(tmp_path / "r.csv", [])
    assert run("import", "--program", folder, "--cohort", "spring", empty) == 1
    said = capsys.readouterr().err
    assert "No cohort 'spring'. There is no cohort yet." in said
    assert "mentorkit cohort add --program FOLDER spring" in said


def test_a_closed_cohort_takes_no_imports_or_matching(program, tmp_path, capsys):
    assert run("cohort", "close", "--program", program, "spring") == 0
    assert "2 mentees are unmatched: carry them over" in capsys.readouterr().out
    late = roster(tmp_path / "late.csv", [("Late", "late@example.org", "mentee", "UTC",
                                           "", "python", 1)])  # fmt: skip
    assert run("import", "--program", program, "--cohort", "spring", late) == 1
    assert "was closed on" in capsys.readouterr().err
    assert run("match", "--program", program, "--cohort", "spring") == 1
    assert "was closed on" in capsys.readouterr().err


def test_the_next_cohort_matches_those_carried_over_first(program, tmp_path, capsys):
    assert run("cohort", "close", "--program", program, "spring") == 0
    assert run("cohort", "add", "--program", program, "summer",
               "--carry-over-from", "spring") == 0  # fmt: skip
    assert "Carried over from 'spring': 2 mentees" in capsys.readouterr().out
    # two seats for five mentees; the three newcomers fit the mentors far better
    summer = roster(tmp_path / "summer.csv", [
        ("Mentor C", "mc@example.org", "mentor", "UTC", "python;sql", "", 2),
        ("Mentee 5", "m5@example.org", "mentee", "UTC", "", "python;sql", 1),
        ("Mentee 6", "m6@example.org", "mentee", "UTC", "", "python;sql", 1),
        ("Mentee 7", "m7@example.org", "mentee", "UTC", "", "python", 1),
    ])  # fmt: skip
    assert run("import", "--program", program, "--cohort", "summer", summer) == 0
    with ProgramFolder.open(program).open_store() as store:
        mentors, mentees = cohort_sides(store, "summer")
        carried = set(mentees.loc[mentees["priority"] > 0, "email"])
        unaware = propose_matches(mentors, mentees.drop(columns="priority"))
    by_id = dict(zip(mentees["id"], mentees["email"], strict=True))
    assert carried == {"m3@example.org", "m4@example.org"}
    first_without = {by_id[i] for i in unaware.pairs["mentee_id"]}
    assert not carried & first_without  # without priority the newcomers take the seats

    capsys.readouterr()
    assert run("match", "--program", program, "--cohort", "summer", "--publish") == 0
    said = capsys.readouterr().out
    assert "carried over from an earlier cohort (matched first): 2 of 2 matched" in said
    with ProgramFolder.open(program).open_store() as store:
        matched = {by_id[i] for i in store.matches("summer")["mentee_id"]}
        counts = store.cohort_counts().set_index("cohort")
    assert matched == carried  # with it, those who waited a term are matched first
    assert counts.loc["summer", "carried_over"] == 2
    assert counts.loc["spring", "closed_on"] is not None


def test_carrying_over_keeps_answers_and_moves_avoid_lists_to_addresses(store):
    store.add_participants([
        Participant(id="mentor1", cohort="Spring", role="mentor", name="Mentor One",
                    email="one@example.org", timezone="UTC", capacity=1),
        Participant(id="mentee1", cohort="Spring", role="mentee", name="Mentee One",
                    email="mentee1@example.org", timezone="Europe/Berlin",
                    goals="Lead the platform migration", skills_sought=["python"],
                    avoid=["mentor1"]),
    ])  # fmt: skip
    store.add_cohort(Cohort(name="Autumn"))
    here = Participant(cohort="Autumn", role="mentee", name="Already here",
                       email="here@example.org", timezone="UTC")  # fmt: skip
    store.add_participant(here)
    with pytest.raises(MentorkitError, match="'Spring' is still open"):
        store.carry_over("Spring", "Autumn")
    store.close_cohort("Spring", date(2027, 7, 1))
    carried = store.carry_over("Spring", "Autumn")
    assert [p.email for p in carried] == ["mentee1@example.org"]
    moved = store.participant(carried[0].id)
    assert moved.id != "mentee1"  # a new personal link
    assert (moved.goals, moved.timezone, moved.skills_sought) == (
        "Lead the platform migration",
        "Europe/Berlin",
        ["python"],
    )
    assert moved.avoid == []
    assert moved.avoid_emails == ["one@example.org"]
    assert store.waitlisted("Autumn") == {moved.id: (1, "Spring")}
    assert store.carry_over("Spring", "Autumn") == []  # a second run adds nobody
    assert len(store.participants(cohort="Autumn")) == 2


def test_a_closed_cohort_cannot_receive_anyone(store):
    store.add_cohort(Cohort(name="Old"))
    store.close_cohort("Old", date(2027, 1, 1))
    with pytest.raises(MentorkitError, match="closed"):
        store.carry_over("Spring", "Old")
    with pytest.raises(MentorkitError, match="was closed on 2027-01-01"):
        store.close_cohort("Old", date(2027, 2, 1))


@pytest.mark.parametrize("objective", list(Objective))
def test_priority_wins_the_seat_whatever_the_objective(objective):
    """One seat; a newcomer who fits the mentor far better and a mentee carried over
    who fits less: the seat goes to the one who waited a term, for every objective."""
    mentor = Participant(id="m", cohort="c", role="mentor", name="M", email="m@x.org",
                         timezone="UTC", skills_offered=["python", "sql"])  # fmt: skip
    new, waited = (
        Participant(id=pid, cohort="c", role="mentee", name=pid, email=f"{pid}@x.org",
                    timezone="UTC", skills_sought=sought)
        for pid, sought in (("new", ["python", "sql"]), ("waited", ["python", "art"]))
    )  # fmt: skip
    mentees = pd.DataFrame([new.model_dump(), waited.model_dump()]).assign(priority=[0, 1])
    mentors = pd.DataFrame([mentor.model_dump()])
    proposal = propose_matches(mentors, mentees, MatchPolicy(objective=objective))
    assert list(proposal.pairs["mentee_id"]) == ["waited"]


@pytest.mark.parametrize(
    ("args", "said"),
    [(["autumn", "--start", "2027-09-01", "--end", "2027-06-30"], "must come after"),
     ([""], "name:"),
     (["x" * 121, "--carry-over-from", "spring"], "name:")],
)  # fmt: skip
def test_a_cohort_that_cannot_be_added_is_refused_in_one_line(program, capsys, args, said):
    capsys.readouterr()
    assert run("cohort", "add", "--program", program, *args) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert said in err
    with ProgramFolder.open(program).open_store() as store:
        assert store.cohort_names() == ["spring"]  # nothing added, no one carried


def test_carrying_over_from_a_cohort_still_open_is_refused(program, capsys):
    """Still open, the old cohort could match or pair by choice the very mentees the
    new one carries over: one person, two links, two mentors."""
    capsys.readouterr()
    assert run("cohort", "add", "--program", program, "summer",
               "--carry-over-from", "spring") == 1  # fmt: skip
    err = capsys.readouterr().err
    assert "'spring' is still open" in err
    assert f"mentorkit cohort close --program {program} spring" in err
    with ProgramFolder.open(program).open_store() as store:
        assert store.cohort_names() == ["spring"]


def test_mentors_who_offered_their_free_places_come_with_those_places(store):
    """Three mentors: one offered (two places, one still taken by a pair that runs
    on), one offered with no place left, one did not offer."""
    from datetime import UTC, datetime

    from mentorkit.domain.matches import Match

    offered = {"next_cohort": datetime(2027, 6, 1, tzinfo=UTC)}
    store.add_participants([
        Participant(id="giver", cohort="Spring", role="mentor", name="Giver",
                    email="giver@example.org", timezone="UTC", capacity=2,
                    consents=offered),
        Participant(id="full", cohort="Spring", role="mentor", name="Full",
                    email="full@example.org", timezone="UTC", capacity=1,
                    consents=offered),
        Participant(id="quiet", cohort="Spring", role="mentor", name="Quiet",
                    email="quiet@example.org", timezone="UTC", capacity=3),
        *(Participant(id=f"e{n}", cohort="Spring", role="mentee", name=f"Mentee {n}",
                      email=f"e{n}@example.org", timezone="UTC") for n in (1, 2)),
    ])  # fmt: skip
    store.add_matches(
        Match(cohort="Spring", mentor_id=mentor, mentee_id=mentee)
        for mentor, mentee in (("giver", "e1"), ("full", "e2"))
    )
    store.publish_drafts("Spring")
    store.close_cohort("Spring", date(2027, 7, 1))
    store.add_cohort(Cohort(name="Autumn"))
    carried = store.carry_over("Spring", "Autumn")
    mentors = [p for p in carried if p.role == "mentor"]
    assert [(p.email, p.capacity) for p in mentors] == [("giver@example.org", 1)]
    assert mentors[0].id != "giver"  # a new personal link for the new cohort
    assert store.waitlisted("Autumn")[mentors[0].id] == (0, "Spring")  # no priority
