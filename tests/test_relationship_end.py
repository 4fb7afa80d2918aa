"""The demo's oldest pairs reach the end of their agreed time, as a program lives it:
the daily reminders ask both sides for their closing reflection (a real SMTP server
receives them), each side writes theirs, the pair ends as completed (not closed),
pairs whose sides stay silent are completed a month after their end, and the cohort
report shows the new totals with the side that wrote too few left out."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mentorkit.domain.closing import COMPLETED_DAYS_AFTER
from mentorkit.domain.matches import Match, MatchStatus
from mentorkit.domain.participants import ParticipantStatus
from mentorkit.reports.batch import plan, run_batch
from mentorkit.services import closing
from mentorkit.services.demo import create_demo
from mentorkit.services.pairs import Pair
from mentorkit.services.reminders import send_reminders
from mentorkit.services.waiting import waiting_for
from tests.mail.conftest import Inbox, _serve, mailing

pytestmark = pytest.mark.slow

BASE = "https://mentoring.example.org/mk/"
COHORT = "Demo cohort"


@pytest.fixture
def inbox():
    box = Inbox()
    controller, port = _serve(box)
    yield box, port
    controller.stop()


def reminder_to(inbox: Inbox, store, who: str) -> str:
    got = [m for m in inbox.to(store.participant(who).email)
           if m["X-Mentorkit-Kind"] == "reminder"]  # fmt: skip
    return got[-1].get_body(("plain",)).get_content() if got else ""


def pair_of(store, match: Match, side: str) -> Pair:
    me, other = (match.mentor_id, match.mentee_id)[:: 1 if side == "mentor" else -1]
    return Pair(match, store.participant(me), store.participant(other))


def test_the_demos_oldest_pairs_reach_their_end(tmp_path, inbox, monkeypatch):
    monkeypatch.delenv("MENTORKIT_DB", raising=False)
    box, port = inbox
    folder = mailing(create_demo(tmp_path / "demo"), port)
    with folder.open_store() as store:
        matches = store.matches(COHORT)
        published = [Match.from_dict(r) for r in matches.to_dict("records")
                     if r["status"] == MatchStatus.PUBLISHED]  # fmt: skip
        ends = {m.id: closing.ends_on(store, m) for m in published}
        signed = store.signed_agreements(COHORT)  # six months agreed by both sides
        oldest = sorted((m for m in published if m.id in signed),
                        key=lambda m: (m.created_at, m.id))[:7]  # fmt: skip
        youngest = max(published, key=lambda m: m.created_at)
        closed_early = int((matches["status"] == MatchStatus.CLOSED).sum())
    day = max(ends[m.id] for m in oldest)  # the oldest seven have all reached their end
    assert ends[youngest.id] > day + timedelta(days=30)  # matched days ago, far from it

    send_reminders(folder, BASE, today=day)
    with folder.open_store() as store:
        for match in oldest:
            for side in (match.mentor_id, match.mentee_id):
                said = reminder_to(box, store, side)
                assert "closing reflection" in said, said
                assert "voila/render/reflection.ipynb?token=" in said
        young = reminder_to(box, store, youngest.mentee_id)
        assert "closing reflection" not in young

        # Six mentees and four mentors write theirs; two mentors never do.
        written = {}
        for n, match in enumerate(oldest[:6]):
            goals = closing.ending(store, pair_of(store, match, "mentee")).goals
            assert goals, "a demo pair has goals to look back on"
            mentee = {"outcomes": {g.id: "achieved" if n % 3 else "partly" for g in goals},
                      "achieved": "Led my first review.", "rating": 4 + n % 2,
                      "recommend": True, "continue_informally": n < 3}  # fmt: skip
            _, after = closing.write_closing(
                store, pair_of(store, match, "mentee"), mentee, today=day
            )
            assert after.status == MatchStatus.PUBLISHED  # one side is not the end
            written[match.id] = mentee
            if n < 4:
                mentor = {"rating": 5, "recommend": n != 0, "continue_informally": True}
                _, after = closing.write_closing(
                    store, pair_of(store, match, "mentor"), mentor, today=day
                )
                assert after.status == MatchStatus.COMPLETED
                assert store.participant(match.mentee_id).status == (
                    ParticipantStatus.COMPLETED
                )
                for side in (match.mentor_id, match.mentee_id):
                    keys = [w.key for w in waiting_for(store, side, day)]
                    assert not [k for k in keys if k.startswith(f"closing:{match.id}:")]

    # A month after their end, the daily run completes the pairs left silent.
    later = day + timedelta(days=COMPLETED_DAYS_AFTER)
    report = send_reminders(folder, BASE, today=later)
    assert report.completed >= 3  # oldest[4], oldest[5], oldest[6] at least
    with folder.open_store() as store:
        statuses = {m.id: store.match(m.id).status for m in oldest}
        assert set(statuses.values()) == {MatchStatus.COMPLETED}
        assert store.match(youngest.id).status == MatchStatus.PUBLISHED
        ended = store.matches(COHORT)
        assert int((ended["status"] == MatchStatus.CLOSED).sum()) == closed_early
        completed = int((ended["status"] == MatchStatus.COMPLETED).sum())

    out = tmp_path / "reports"
    outcomes = run_batch(folder, plan(folder, [COHORT], today=later), out)
    assert [o.status for o in outcomes] == ["made"]
    page = (out / outcomes[0].html).read_text()
    section = page[page.index("How the relationships ended") :]
    section = section[: section.index("Pairs at risk")]
    assert f"<b>{completed}</b>" in section
    assert "closed early, without blame" in section
    ratings = [m["rating"] for m in written.values()]
    assert f"{sum(ratings) / len(ratings):.1f}" in section  # the six mentees' mean
    recommend = sum(m["recommend"] for m in written.values()) / len(written)
    assert f"{recommend:.0%}" in section
    assert "Not shown, fewer than 5 people wrote a closing reflection: mentors." in section
    assert "Led my first review" not in page  # no closing text reaches a report
    assert "Achieved" in section
    assert "Partly" in section
