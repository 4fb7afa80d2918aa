"""Mentees who choose, through the services the choose app calls: who is listed, what
a mentee sees of a mentor, what the server refuses whatever the page sent, and a
request that expires after the program's window."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from mentorkit.cli import main
from mentorkit.domain.choice import ChoiceMode, ChoiceSettings
from mentorkit.domain.participants import Consent, Participant
from mentorkit.errors import MentorkitError
from mentorkit.matching.policy import MatchPolicy
from mentorkit.services import choosing
from mentorkit.services.waiting import waiting_for

BOTH = ChoiceSettings(mode=ChoiceMode.BOTH, requests=2, answer_days=3)
NOW = datetime(2027, 2, 1, 9, tzinfo=UTC)


def person(pid, role, **more) -> Participant:
    joined = {Consent.CONFIDENTIALITY: NOW, Consent.DATA_USE: NOW}  # intake done
    return Participant(id=pid, cohort="Spring", role=role, name=pid.title(),
                       email=f"{pid}@example.org", timezone="UTC", consents=joined,
                       **more)  # fmt: skip


@pytest.fixture
def cohort(store):
    store.add_participants([
        person("ana", "mentor", skills_offered=["python", "sql"], department="Data"),
        person("ben", "mentor", skills_offered=["python"], capacity=2),
        person("cy", "mentor", skills_offered=["python"]),  # not listed
        person("dee", "mentee", skills_sought=["python", "sql"]),
        person("eli", "mentee", skills_sought=["python"], avoid=["ben"]),
    ])  # fmt: skip
    for mentor in ("ana", "ben"):
        choosing.set_listed(store, store.participant(mentor), True)
    return store


def names(cards) -> list[str]:
    return [c.id for c in cards]


def test_a_mentee_sees_listed_mentors_with_a_place_ranked_and_no_address(cohort):
    dee = cohort.participant("dee")
    cards = choosing.mentors_for(cohort, dee, BOTH, now=NOW)
    assert names(cards) == ["ana", "ben"]  # ana offers both skills sought; cy unlisted
    assert "email" not in {f.name for f in dataclasses.fields(choosing.MentorCard)}
    assert any("skills sought" in r for r in cards[0].reasons)
    assert not any("Data" in r or "department" in r for c in cards for r in c.reasons)
    eli = cohort.participant("eli")
    assert names(choosing.mentors_for(cohort, eli, BOTH, now=NOW)) == ["ana"]  # avoids ben


def test_the_server_refuses_what_the_page_does_not_offer(cohort):
    eli = cohort.participant("eli")
    with pytest.raises(MentorkitError, match="not in your list"):
        choosing.ask(cohort, eli, "ben", BOTH, now=NOW)  # avoided: never listed for eli
    with pytest.raises(MentorkitError, match="not in your list"):
        choosing.ask(cohort, eli, "cy", BOTH, now=NOW)  # not listed
    matched = ChoiceSettings(mode=ChoiceMode.MATCHED)
    with pytest.raises(MentorkitError, match="made by the program"):
        choosing.ask(cohort, eli, "ana", matched, now=NOW)
    dee = cohort.participant("dee")
    request = choosing.ask(cohort, dee, "ana", BOTH, now=NOW)
    with pytest.raises(MentorkitError, match="No request"):  # only ana may answer it
        choosing.answer(cohort, cohort.participant("ben"), request.id, True, "", BOTH,
                        now=NOW)  # fmt: skip


def test_an_unanswered_request_expires_and_the_mentee_is_told(cohort):
    dee = cohort.participant("dee")
    asked = choosing.ask(cohort, dee, "ana", BOTH, now=NOW)
    mentor_side = waiting_for(cohort, "ana", NOW.date())
    assert [w.condition for w in mentor_side] == ["requests"]
    assert "1 mentee asked you" in mentor_side[0].text
    later = NOW + timedelta(days=3, minutes=1)
    cards = choosing.mentors_for(cohort, dee, BOTH, now=later)
    assert cohort.request(asked.id).status == "expired"
    assert {c.id: c.asked for c in cards}["ana"] == "expired"  # may be asked again
    told = waiting_for(cohort, "dee", later.date())
    assert [w.condition for w in told] == ["ask_again"]
    assert "expired without an answer" in told[0].text
    with pytest.raises(MentorkitError, match="expired already"):
        choosing.answer(cohort, cohort.participant("ana"), asked.id, True, "", BOTH,
                        now=later)  # fmt: skip


def test_matching_is_off_where_mentees_choose_alone(tmp_path, capsys):
    folder = tmp_path / "p"
    assert main(["init", str(folder), "--cohort", "spring"]) == 0
    toml = folder / "mentorkit.toml"
    toml.write_text(toml.read_text().replace('# mode = "matched"', 'mode = "chosen"'))
    assert main(["match", "--program", str(folder), "--cohort", "spring"]) == 1
    assert 'set mode = "both"' in capsys.readouterr().err


def test_asking_follows_the_programs_hard_rules_as_the_list_does(cohort):
    """The list and the server's check use the program's policy: a mentor the
    program's time-zone limit keeps away is refused, one it allows can be asked."""
    far = person("far", "mentor", skills_offered=["python"])  # four hours away
    cohort.add_participant(far.updated(timezone="Asia/Dubai"))
    choosing.set_listed(cohort, cohort.participant("far"), True)
    dee = cohort.participant("dee")
    strict = MatchPolicy(max_timezone_gap=2)
    assert "far" not in names(choosing.mentors_for(cohort, dee, BOTH, strict, now=NOW))
    with pytest.raises(MentorkitError, match="not in your list"):
        choosing.ask(cohort, dee, "far", BOTH, now=NOW, policy=strict)
    tokyo = person("tokyo", "mentor", skills_offered=["python"])  # nine hours away
    cohort.add_participant(tokyo.updated(timezone="Asia/Tokyo"))
    choosing.set_listed(cohort, cohort.participant("tokyo"), True)
    anywhere = MatchPolicy(max_timezone_gap=None)
    assert "tokyo" in names(choosing.mentors_for(cohort, dee, BOTH, anywhere, now=NOW))
    asked = choosing.ask(cohort, dee, "tokyo", BOTH, now=NOW, policy=anywhere)
    assert asked.status == "open"


def test_a_mentor_up_the_mentees_reporting_line_is_not_listed(cohort):
    """Matching never pairs a mentee with their manager's manager, whoever stands in
    between (here another mentee); the list follows the same line."""
    cohort.add_participants([
        person("lead", "mentee", skills_sought=["python"], manager_id="ben"),
        person("junior", "mentee", skills_sought=["python"], manager_id="lead"),
    ])  # fmt: skip
    junior = cohort.participant("junior")
    assert "ben" not in names(choosing.mentors_for(cohort, junior, BOTH, now=NOW))
    with pytest.raises(MentorkitError, match="not in your list"):
        choosing.ask(cohort, junior, "ben", BOTH, now=NOW)
    assert "ana" in names(choosing.mentors_for(cohort, junior, BOTH, now=NOW))


def test_a_mentor_who_declined_is_not_offered_to_that_mentee_again(cohort):
    """A decline is the mentor's answer: the mentee's page does not offer to ask them
    again, nor does the server take a new request (another mentee still may)."""
    dee, ana = cohort.participant("dee"), cohort.participant("ana")
    asked = choosing.ask(cohort, dee, "ana", BOTH, now=NOW)
    choosing.answer(cohort, ana, asked.id, False, "My seat suits finance", BOTH, now=NOW)
    assert "ana" not in names(choosing.mentors_for(cohort, dee, BOTH, now=NOW))
    with pytest.raises(MentorkitError, match="not in your list"):
        choosing.ask(cohort, dee, "ana", BOTH, now=NOW)
    assert waiting_for(cohort, "ana", NOW.date()) == []  # no new request reminded
    eli = cohort.participant("eli")
    assert "ana" in names(choosing.mentors_for(cohort, eli, BOTH, now=NOW))


def test_a_paired_mentee_is_sent_to_the_agreement_not_offered_mentors(program_folder):
    from mentorkit.folder import ProgramFolder
    from mentorkit.widgets._choose import MenteeChoice, choose_view

    toml = program_folder.path / "mentorkit.toml"
    toml.write_text(toml.read_text().replace('# mode = "matched"', 'mode = "both"'))
    folder = ProgramFolder.open(program_folder.path)
    with folder.open_store() as store:
        store.add_participants([person("ana", "mentor"), person("dee", "mentee")])
        choosing.set_listed(store, store.participant("ana"), True)
        dee = store.participant("dee")
    assert isinstance(choose_view(folder, dee), MenteeChoice)  # not paired: the list
    with folder.open_store() as store:
        request = choosing.ask(store, dee, "ana", BOTH)
        store.answer_request(request.id, "ana", accept=True)
    view = choose_view(folder, dee)
    assert not isinstance(view, MenteeChoice)
    assert "You are paired with Ana" in view.value


def test_one_acting_as_both_cannot_ask_themselves(store):
    store.add_participant(person("sam", "both"))
    with pytest.raises(MentorkitError, match="cannot ask yourself"):
        store.ask_mentor("sam", "sam", limit=2)
