"""Messages from the program: each participant's invitation with their personal link,
and a test of the mail settings.

Every message sent or refused is recorded (who, which kind, when, the outcome; never
the body, which holds a personal link), so a second run sends nothing twice. A dry
run writes the messages to a folder instead and records nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from pathlib import Path
from string import Template

from mentorkit.domain.participants import ParticipantStatus
from mentorkit.domain.records import long_date
from mentorkit.errors import MailRefused, MentorkitError
from mentorkit.folder import ProgramFolder
from mentorkit.mail import FolderPostman, Letter, Pacer, SmtpPostman, compose
from mentorkit.services.access import LinkClaims, personal_link, sign_link
from mentorkit.services.waiting import waiting_for
from mentorkit.services.wording import mail_wording

INVITATION = "invitation"
FIRST_STEP = "open your page and see what your program has for you."


@dataclass
class MailReport:
    """What a batch did: sent (or written, in a dry run), refused, left alone."""

    sent: int = 0
    written: int = 0
    refused: list[tuple[str, str, str]] = field(default_factory=list)  # name, e-mail, why
    skipped: int = 0
    folder: Path | None = None
    where: str = ""


def letter(
    folder: ProgramFolder, kind: str, to: str, to_name: str, values: dict[str, str],
    link: str = "", items: tuple[tuple[str, str], ...] = (), stop_link: str = "",
) -> Letter:  # fmt: skip
    """The program's words for ``kind``, filled in with ``values`` (as plain text)."""
    words = mail_wording(kind, folder.path)
    fill = {**values, "link": link}

    def said(text: str) -> str:
        return Template(text).safe_substitute(fill)

    return Letter(
        kind=kind, to=to, to_name=to_name, subject=said(str(words["subject"])),
        paragraphs=tuple(said(p) for p in words["paragraphs"]), items=items,
        link=link, link_text=said(str(words.get("link_text", ""))),
        after=tuple(said(p) for p in words.get("after", [])),
        stop_link=stop_link, stop_text=said(str(words.get("stop_text", Letter.stop_text))),
    )  # fmt: skip


def deliver(postman, message: Letter | EmailMessage, settings=None) -> tuple[str, str]:
    """Send one message (a Letter is composed here, so an address that cannot be
    written fails alone): ("sent", ""), ("written", "") in a dry run, or ("failed",
    why) when the recipient was refused. A server that is gone raises MailError:
    what was sent before is recorded; run again later."""
    try:
        if isinstance(message, Letter):
            message = compose(message, settings)
        postman.send(message)
    except MailRefused as refused:
        return "failed", refused.detail
    return postman.outcome, ""


def postman_for(folder: ProgramFolder, dry_run: Path | None):
    return (
        FolderPostman(dry_run) if dry_run is not None else SmtpPostman(folder.settings.mail)
    )


def send_invitations(
    folder: ProgramFolder,
    cohort: str,
    base_url: str,
    *,
    only_new: bool = False,
    resend_failed: bool = False,
    dry_run: Path | None = None,
    expires: date | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> MailReport:
    """One invitation per participant of ``cohort``, with their personal link.

    The first run invites everyone. Later runs send to nobody already invited:
    ``only_new`` invites those not invited yet (people added since), ``resend_failed``
    those whose invitation the server refused. Without either, a later run says so.
    """
    with folder.open_store() as store:
        store.cohort(cohort)  # an unknown cohort is named, with the known ones
        program = store.program()
        people = store.participants(cohort=cohort)
        people = people[people["status"] != ParticipantStatus.WITHDRAWN.value]
        ids = list(people["id"])
        before = {p: o for p, o in store.messages.outcomes(INVITATION).items() if p in ids}
    fresh = [pid for pid in ids if pid not in before]
    failed = [pid for pid in ids if before.get(pid) == "failed"]
    if resend_failed:
        chosen = failed
    elif only_new or not before:
        chosen = fresh
    else:
        raise MentorkitError(
            f"{len(ids) - len(fresh)} of {len(ids)} participants of {cohort!r} were "
            f"invited already, so nothing was sent. Add --only-new to invite the "
            f"{len(fresh)} not invited yet, or --resend-failed to try the {len(failed)} "
            "whose invitation failed again."
        )
    report = MailReport(skipped=len(ids) - len(chosen), folder=dry_run)
    if not chosen:
        return report
    expires = expires or program.end_date
    settings = folder.settings.mail
    by_id = people.set_index("id")
    pacer = Pacer(settings.per_minute if dry_run is None else 10_000)
    with postman_for(folder, dry_run) as postman, folder.open_store() as store:
        report.where = postman.where
        for done, pid in enumerate(chosen, start=1):
            person = by_id.loc[pid]
            token = sign_link(folder.secret, LinkClaims(pid, cohort, expires))
            waiting = waiting_for(store, pid)
            message = letter(folder, INVITATION, person["email"], person["name"], {
                "name": person["name"], "program": program.name,
                "next_step": waiting[0].text if waiting else FIRST_STEP,
                "expires": long_date(expires),
            }, link=personal_link(base_url, token))  # fmt: skip
            pacer.wait()
            outcome, why = deliver(postman, message, settings)
            if outcome == "failed":
                report.refused.append((person["name"], person["email"], why))
            if outcome == "written":
                report.written += 1
            else:
                report.sent += outcome == "sent"
                store.messages.record(INVITATION, "", person["email"], outcome, pid, why)
            if progress is not None:
                progress(done, len(chosen))
    return report


def send_test(folder: ProgramFolder, to: str) -> str:
    """Send the test message to ``to``; returns where it went through."""
    if "@" not in to:
        raise MentorkitError(f"{to!r} is not an e-mail address")
    with folder.open_store() as store:
        program = store.program()
    postman = SmtpPostman(folder.settings.mail)  # says first if no server is set
    message = compose(letter(folder, "test", to, "", {"program": program.name}),
                      folder.settings.mail)  # fmt: skip
    with postman:
        postman.send(message)
    return postman.where
