"""The e-mails about requests at their edges, as a third review tried them: they go
only where reminders go (not to those who stopped reminders or withdrew), a server
that is down or set up wrong never fails the click, nothing the next daily run says
was said already, a decline does not stand for a later request, and an old "the
mentor is full" is never sent again."""

from __future__ import annotations

import socket
import threading
from datetime import UTC, datetime, timedelta

from mentorkit.services.access import withdraw
from mentorkit.services.reminders import send_reminders
from mentorkit.widgets._choose import choose_view
from tests.mail.conftest import mailing, with_mail
from tests.mail.test_request_mail import BASE, body, choosing  # noqa: F401


def request_id(folder, mentor_id, mentee_id) -> int:
    with folder.open_store() as store:
        found = store.requests(mentor_id)
        return int(found[found["mentee_id"] == mentee_id]["id"].iloc[0])


def test_no_mail_to_those_who_stopped_reminders_or_withdrew(choosing, smtp):  # noqa: F811
    folder, mentee, (first, second) = choosing
    with folder.open_store() as store:
        store.messages.stop_reminders(first.id)
    choose_view(folder, mentee)._ask(first.id)
    assert smtp.to(first.email) == []
    choose_view(folder, mentee)._ask(second.id)
    with folder.open_store() as store:
        withdraw(store, mentee.id)
    choose_view(folder, second)._answer(request_id(folder, second.id, mentee.id), False)
    assert smtp.to(mentee.email) == []


def test_a_mail_server_set_up_wrong_never_fails_the_click(choosing, smtp, monkeypatch):  # noqa: F811
    folder, mentee, (first, second) = choosing
    monkeypatch.delenv("MK_MISSING_PASSWORD", raising=False)
    broken = mailing(folder, smtp.port, user="bot", password_env="MK_MISSING_PASSWORD")
    page = choose_view(broken, mentee)
    page._ask(first.id)
    assert "Asked." in page.message.value
    no_sender = with_mail(folder, host="127.0.0.1", port=smtp.port, security="none")
    page = choose_view(no_sender, mentee)
    page._ask(second.id)
    assert "Asked." in page.message.value
    mentor_page = choose_view(no_sender, first)
    mentor_page._answer(request_id(folder, first.id, mentee.id), True)
    assert "could not be sent; the app shows it to them" in mentor_page.message.value


def test_nothing_said_at_once_is_said_again_the_next_morning(choosing, smtp):  # noqa: F811
    folder, mentee, (first, _) = choosing
    with folder.open_store() as store:
        other = store.add_participant(mentee.updated(
            id="sam-okoro", name="Sam Okoro", email="sam@example.org"))  # fmt: skip
    for who in (mentee, other):
        choose_view(folder, who)._ask(first.id)
    choose_view(folder, first)._answer(request_id(folder, first.id, mentee.id), True)
    assert len(smtp.to(mentee.email)) == 1  # accepted: sign the agreement
    [full] = smtp.to(other.email)
    assert "The program's words: All of this mentor's places are taken" in body(full)
    report = send_reminders(folder, BASE)
    assert "agreement" not in report.reminded.get(mentee.id, []), report.reminded
    assert "ask_again" not in report.reminded.get(other.id, []), report.reminded


def test_a_decline_while_another_request_is_open_does_not_stand_for_it(choosing, smtp):  # noqa: F811
    folder, mentee, (first, second) = choosing
    page = choose_view(folder, mentee)
    page._ask(first.id)
    page._ask(second.id)
    choose_view(folder, second)._answer(request_id(folder, second.id, mentee.id), False)
    assert len(smtp.to(mentee.email)) == 1  # told of the decline at once
    with folder.open_store() as store:  # the request to the first expires unanswered
        store.expire_requests(datetime.now(UTC) + timedelta(days=1))
    report = send_reminders(folder, BASE)
    assert "ask_again" in report.reminded.get(mentee.id, []), report.reminded


def test_an_old_full_decline_is_not_sent_again(choosing, smtp):  # noqa: F811
    folder, mentee, (first, second) = choosing
    with folder.open_store() as store:
        sam = store.add_participant(mentee.updated(id="sam", name="Sam O",
                                                   email="sam@example.org"))  # fmt: skip
        cy = store.add_participant(mentee.updated(id="cy", name="Cy P",
                                                  email="cy@example.org"))  # fmt: skip
    smtp.refuse.add(sam.email)  # Sam's mailbox refuses, for now
    for who in (mentee, sam):
        choose_view(folder, who)._ask(first.id)
    choose_view(folder, first)._answer(request_id(folder, first.id, mentee.id), True)
    smtp.refuse.clear()
    choose_view(folder, sam)._ask(second.id)
    choose_view(folder, second)._answer(request_id(folder, second.id, sam.id), True)
    before = len(smtp.to(sam.email))
    with folder.open_store() as store:  # the first mentor takes one more, Cy asks
        store.update_participant(
            first.id, capacity=store.participant(first.id).capacity + 1
        )
    choose_view(folder, cy)._ask(first.id)
    choose_view(folder, first)._answer(request_id(folder, first.id, cy.id), True)
    assert smtp.to(sam.email)[before:] == []


def test_a_silent_server_is_tried_once_per_click(choosing, smtp):  # noqa: F811
    """A server that takes the connection and never greets: the click gives up after
    the timeout and tries no second connection for the next message."""
    folder, mentee, (first, _) = choosing
    with folder.open_store() as store:
        other = store.add_participant(mentee.updated(id="sam-okoro", name="Sam Okoro",
                                                     email="sam@example.org"))  # fmt: skip
    for who in (mentee, other):
        choose_view(folder, who)._ask(first.id)  # sent: the server is the real one
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    silent.settimeout(0.2)
    taken, stop = [], threading.Event()

    def take() -> None:
        while not stop.is_set():
            try:
                taken.append(silent.accept()[0])
            except OSError:
                continue

    watcher = threading.Thread(target=take, daemon=True)
    watcher.start()
    mute = mailing(folder, silent.getsockname()[1], timeout=1)
    page = choose_view(mute, first)
    page._answer(request_id(folder, first.id, mentee.id), True)  # two to tell
    stop.set()
    watcher.join(timeout=5)
    silent.close()
    assert len(taken) == 1, f"{len(taken)} connections for one click"
    assert "could not be sent" in page.message.value
