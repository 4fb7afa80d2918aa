"""``mentorkit remind``, meant to run once a day: each participant is reminded of what
waits for them (``services.waiting``), each thing at most once in its period, and the
program's facilitators get one digest of the pairs at risk.

A participant who stopped reminders gets none. A reminder holds the participant's
own links and their partner's name, never anyone's reflection text or address; the
digest holds pairs' names and the reasons, nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from mentorkit.domain.participants import ParticipantStatus
from mentorkit.folder import ProgramFolder
from mentorkit.mail import Pacer
from mentorkit.services.access import LinkClaims, app_link, reminders_link, sign_link
from mentorkit.services.closing import complete_ended
from mentorkit.services.health import at_risk, pair_health
from mentorkit.services.mailing import deliver, letter, postman_for
from mentorkit.services.waiting import waiting_for

REMINDER, DIGEST = "reminder", "digest"


@dataclass
class RemindReport:
    """Who was reminded of what; the digest; refusals; the participants left alone."""

    reminded: dict[str, list[str]] = field(default_factory=dict)  # id -> conditions
    digests: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)  # e-mail, why
    stopped: int = 0
    written: int = 0
    completed: int = 0  # pairs completed today: their end a while past, unanswered
    ended: bool = False  # the program ended: nothing was sent


def send_reminders(
    folder: ProgramFolder,
    base_url: str,
    cohort: str | None = None,
    *,
    dry_run: Path | None = None,
    today: date | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> RemindReport:
    """Remind every participant (of ``cohort``, or all) of what is new for them, as of
    their own date (``today`` for everyone when given); first complete the pairs
    whose end is a while past (not in a dry run)."""
    asked_on = today  # None: each participant's date where they live, as their pages
    today = today or date.today()
    with folder.open_store() as store:
        if cohort is not None:
            store.cohort(cohort)
        completed = [] if dry_run is not None else complete_ended(store, today, cohort)
        program = store.program()
        people = store.participants(cohort=cohort)
        people = people[people["status"] != ParticipantStatus.WITHDRAWN.value]
        said = {(pid, key) for pid, _, key in store.messages.sent_keys(REMINDER)}
        stopped = store.messages.reminders_stopped()
    report = RemindReport(
        stopped=int(people["id"].isin(stopped).sum()), completed=len(completed)
    )
    if today > program.end_date:  # the links would be refused: nothing to remind of
        report.ended = True
        return report
    settings = folder.settings.mail
    pacer = Pacer(settings.per_minute if dry_run is None else 10_000)
    with postman_for(folder, dry_run) as postman, folder.open_store() as store:
        chosen = [p for p in people.itertuples() if p.id not in stopped]
        for done, person in enumerate(chosen, start=1):
            new = [w for w in waiting_for(store, person.id, asked_on)
                   if (person.id, w.key) not in said]  # fmt: skip
            if new:
                pacer.wait()
                _remind(folder, store, postman, report, person, new, program, base_url)
            if progress is not None:
                progress(done, len(chosen))
        if settings.digest_to:
            _send_digest(folder, store, postman, pacer, report, program.name, cohort, today)
    return report


def _remind(folder, store, postman, report, person, new, program, base_url) -> None:
    """One message to ``person`` listing what is ``new``, each with its app's link."""
    claims = LinkClaims(person.id, person.cohort, program.end_date)
    token = sign_link(folder.secret, claims)
    values = {"name": person.name, "program": program.name}
    items = tuple((w.text, app_link(base_url, token, w.app)) for w in new)
    link = app_link(base_url, token, new[0].app)
    message = letter(folder, REMINDER, person.email, person.name, values, link=link,
                     items=items, stop_link=reminders_link(base_url, token))  # fmt: skip
    outcome, why = deliver(postman, message, folder.settings.mail)
    _count(report, outcome, person.email, why)
    if outcome != "written":
        for item in new:
            store.messages.record(REMINDER, item.key, person.email, outcome, person.id, why)
    if outcome in ("sent", "written"):
        report.reminded[person.id] = [w.condition for w in new]


def _count(report: RemindReport, outcome: str, email: str, why: str) -> None:
    if outcome == "failed":
        report.refused.append((email, why))
    elif outcome == "written":
        report.written += 1


def _send_digest(folder, store, postman, pacer, report, program, cohort, today) -> None:
    """Each address under digest_to gets today's digest (of this cohort, or of all)
    once, even if the run is repeated or another address was refused."""
    key = f"{today.isoformat()}:{cohort or '*'}"
    sent = store.messages.sent_to(DIGEST, key)
    pairs = at_risk(pair_health(store, cohort, today))
    items = tuple((f"{row.mentor} & {row.mentee}: {row.reasons}", "")
                  for row in pairs.itertuples())  # fmt: skip
    if not items:
        items = (("No pair is at risk today.", ""),)
    for address in folder.settings.mail.digest_to:
        if address in sent:
            continue
        values = {"program": program, "count": str(len(pairs))}
        message = letter(folder, DIGEST, address, "", values, items=items)
        pacer.wait()
        outcome, why = deliver(postman, message, folder.settings.mail)
        _count(report, outcome, address, why)
        if outcome != "written":
            store.messages.record(DIGEST, key, address, outcome, None, why)
        report.digests += outcome in ("sent", "written")
