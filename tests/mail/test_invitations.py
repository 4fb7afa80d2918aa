"""`mentorkit invite --send` against a real SMTP server on 127.0.0.1: one message per
participant with their own link, nothing twice, refusals retried alone, STARTTLS."""

from __future__ import annotations

import email
import email.policy
from urllib.parse import urlsplit

import pytest

from mentorkit.cli import main
from mentorkit.errors import MailError, MentorkitError
from mentorkit.services.access import identify
from mentorkit.services.mailing import send_invitations, send_test
from tests.mail.conftest import mailing

BASE = "https://mentoring.example.org/mk/"
COHORT = "Demo cohort"


def link_in(message) -> str:
    plain = message.get_body(("plain",)).get_content()
    return next(line for line in plain.splitlines() if line.startswith(BASE))


def people(folder):
    with folder.open_store() as store:
        return store.participants(cohort=COHORT)


def test_each_participant_gets_one_invitation_with_their_own_link(demo, smtp, capsys):
    folder = mailing(demo, smtp.port)
    assert main(["invite", "--program", str(folder.path), "--cohort", COHORT,
                 "--send", "--base-url", BASE]) == 0  # fmt: skip
    assert f"Sent {len(people(folder))} invitations" in capsys.readouterr().out
    everyone = people(folder)
    assert len(smtp.received) == len(everyone)
    for person in everyone.itertuples():
        (message,) = smtp.to(person.email)
        assert message["Subject"] == "Your invitation to Demo mentoring program"
        assert message["Reply-To"] == "coordinator@example.org"
        assert message.get_body(("html",)) is not None  # and a plain part, read below
        link = link_in(message)
        with folder.open_store() as store:  # the link opens this participant's records
            assert identify(store, folder.secret, urlsplit(link).query).id == person.id
        assert person.name in message.get_body(("plain",)).get_content()

    # a second run sends nothing, and says why and what to do
    assert main(["invite", "--program", str(folder.path), "--cohort", COHORT,
                 "--send", "--base-url", BASE]) == 1  # fmt: skip
    said = capsys.readouterr().err
    assert "were invited already, so nothing was sent" in said
    assert "--only-new" in said
    assert main(["invite", "--program", str(folder.path), "--cohort", COHORT,
                 "--send", "--only-new", "--base-url", BASE]) == 0  # fmt: skip
    assert "everyone was invited already" in capsys.readouterr().out
    assert len(smtp.received) == len(everyone)
    with folder.open_store() as store:
        log = store.messages.log()
    assert set(log["outcome"]) == {"sent"}
    assert len(log) == len(everyone)
    assert "body" not in log.columns  # who, which kind, when, outcome: never the body


def test_refused_recipients_are_failed_and_resent_alone(demo, smtp, capsys):
    folder = mailing(demo, smtp.port)
    everyone = people(folder)
    refused = set(everyone["email"].iloc[:2])
    smtp.refuse = set(refused)
    report = send_invitations(folder, COHORT, BASE)
    assert report.sent == len(everyone) - 2
    assert {email for _, email, _ in report.refused} == refused
    assert all("550" in why and "No such mailbox" in why for *_, why in report.refused)
    with folder.open_store() as store:
        outcomes = store.messages.outcomes("invitation")
    assert sorted(pid for pid, o in outcomes.items() if o == "failed") == sorted(
        everyone.set_index("email").loc[sorted(refused), "id"]
    )

    smtp.refuse = set()  # the addresses were fixed at the other end
    before = len(smtp.received)
    assert main(["invite", "--program", str(folder.path), "--cohort", COHORT,
                 "--send", "--resend-failed", "--base-url", BASE]) == 0  # fmt: skip
    again = smtp.received[before:]
    assert sorted(r for rcpt, _ in again for r in rcpt) == sorted(refused)
    assert "Sent 2 invitations" in capsys.readouterr().out
    with folder.open_store() as store:
        assert set(store.messages.outcomes("invitation").values()) == {"sent"}


def test_starttls_with_the_servers_own_certificate(demo, starttls_smtp):
    folder = mailing(demo, starttls_smtp.port, security="starttls",
                     ca_file=str(starttls_smtp.cert))  # fmt: skip
    assert "starttls" in send_test(folder, "coordinator@example.org")
    (message,) = starttls_smtp.to("coordinator@example.org")
    assert message["Subject"] == "A test message from Demo mentoring program"

    untrusted = mailing(demo, starttls_smtp.port, security="starttls")
    with pytest.raises(MailError, match="ca_file"):
        send_test(untrusted, "coordinator@example.org")


def test_a_dry_run_writes_the_messages_and_records_nothing(demo, smtp, tmp_path):
    folder = mailing(demo, smtp.port)
    with folder.open_store() as store:
        someone = store.participants(cohort=COHORT).iloc[0]
        store.update_participant(someone.id, name="Ann <b>Lee</b> & Co")
    outbox = tmp_path / "outbox"
    report = send_invitations(folder, COHORT, BASE, dry_run=outbox)
    files = sorted(outbox.glob("*.eml"))
    assert report.written == len(files) == len(people(folder))
    assert smtp.received == []
    with folder.open_store() as store:
        assert store.messages.log().empty
    assert all(f.stat().st_mode & 0o077 == 0 for f in files)  # links are private
    messages = [email.message_from_bytes(f.read_bytes(), policy=email.policy.default)
                for f in files]  # fmt: skip
    (ann,) = [
        m for m in messages if m["To"].addresses[0].username == someone.email.split("@")[0]
    ]
    html = ann.get_body(("html",)).get_content()
    assert "Ann &lt;b&gt;Lee&lt;/b&gt; &amp; Co" in html
    assert "<b>Lee" not in html


def test_settings_that_cannot_work_are_named(demo, smtp, monkeypatch):
    nothing = demo  # no [mail] host
    with pytest.raises(MentorkitError, match=r"No mail server is set"):
        send_test(nothing, "coordinator@example.org")
    login = mailing(demo, smtp.port, user="mentoring", password_env="MK_TEST_SMTP_PASSWORD")
    monkeypatch.delenv("MK_TEST_SMTP_PASSWORD", raising=False)
    with pytest.raises(MentorkitError, match="Set the environment variable MK_TEST_SMTP"):
        send_test(login, "coordinator@example.org")
    gone = mailing(demo, 1)  # nothing listens there
    with pytest.raises(MailError, match=r"Cannot reach the mail server at 127\.0\.0\.1:1 "):
        send_test(gone, "coordinator@example.org")


def test_a_name_with_a_line_break_cannot_add_a_header(demo, smtp):
    folder = mailing(demo, smtp.port)
    with folder.open_store() as store:
        someone = store.participants(cohort=COHORT).iloc[0]
        saved = store.update_participant(someone.id, name="Ann\r\nBcc: spy@example.org")
    assert saved.name == "Ann Bcc: spy@example.org"  # one line, as every name
    send_invitations(folder, COHORT, BASE)
    (message,) = smtp.to(someone.email)
    assert message["Bcc"] is None
    assert all("spy@example.org" not in rcpt for rcpt, _ in smtp.received)


def test_an_address_that_cannot_be_sent_fails_alone(demo, smtp):
    folder = mailing(demo, smtp.port)
    with folder.open_store() as store:
        first, second = store.participants(cohort=COHORT).iloc[:2].itertuples()
        store.update_participant(first.id, email="jösé@example.org")
        store.update_participant(second.id, email="ana@bücher.example")
    report = send_invitations(folder, COHORT, BASE)
    assert [email for _, email, _ in report.refused] == ["jösé@example.org"]
    assert "before the @" in report.refused[0][2]
    assert report.sent == len(people(folder)) - 1  # everyone else, the batch went on
    (message,) = smtp.to("ana@xn--bcher-kva.example")  # an international domain
    assert message["To"].addresses[0].domain == "xn--bcher-kva.example"


def test_a_server_that_asks_to_wait_stops_the_batch_and_the_rest_go_later(demo, smtp):
    folder = mailing(demo, smtp.port)
    smtp.defer_after = 5
    with pytest.raises(MailError, match="asks to wait"):
        send_invitations(folder, COHORT, BASE)
    assert len(smtp.received) == 5
    with folder.open_store() as store:
        assert set(store.messages.outcomes("invitation").values()) == {"sent"}  # no fails
    smtp.defer_after = None
    report = send_invitations(folder, COHORT, BASE, only_new=True)
    assert report.sent == len(people(folder)) - 5
    assert len({rcpt[0] for rcpt, _ in smtp.received}) == len(people(folder))


def test_each_cohort_has_its_own_first_run(demo, smtp):
    from mentorkit.domain.programs import Cohort

    folder = mailing(demo, smtp.port)
    send_invitations(folder, COHORT, BASE)
    with folder.open_store() as store:
        store.add_cohort(Cohort(name="Spring"))
        store.save_participants([{"cohort": "Spring", "role": "mentee", "name": "A mentee",
                                  "email": "spring.mentee@example.org",
                                  "timezone": "UTC"}])  # fmt: skip
    report = send_invitations(folder, "Spring", BASE)  # no flag needed: a new cohort
    assert report.sent == 1
    assert smtp.to("spring.mentee@example.org")
