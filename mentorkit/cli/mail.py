"""The program's mail: ``mentorkit mail test``."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from mentorkit.cli._options import _program_option


def add(commands) -> None:
    """Add this module's commands to the ``mentorkit`` command."""
    mail = commands.add_parser(
        "mail",
        help="the program's mail settings: try them",
        description="Messages leave through the SMTP server under [mail] in "
        "mentorkit.toml (host, port, security, user, password_env, sender, reply_to, "
        "per_minute).",
    )
    actions = mail.add_subparsers(dest="mail_action", required=True, metavar="ACTION")
    test = actions.add_parser(
        "test",
        help="send a test message",
        description="Send one test message through [mail] and say how it went.",
    )
    _program_option(test)
    test.add_argument("--to", required=True, metavar="ADDRESS", help="who receives it")
    test.set_defaults(run=_run_test)

    remind = commands.add_parser(
        "remind",
        help="remind participants of what waits for them (run it daily)",
        description="E-mail each participant what waits for them: an intake to finish, "
        "an agreement to sign, a meeting overdue or without their reflection, actions "
        "past due, a goal to set or without milestones; each thing at most once in its "
        "period, nothing to those who stopped reminders. The facilitators under [mail] "
        "digest_to get one digest of the pairs at risk. Meant to run once a day: "
        "'mentorkit deploy reminders' prints a cron line and a systemd timer.",
    )
    _program_option(remind)
    remind.add_argument("--cohort", metavar="NAME", help="only this cohort (default: all)")
    remind.add_argument(
        "--dry-run", action="store_true",
        help="write the messages as .eml files (see --out) instead; send nothing",
    )  # fmt: skip
    remind.add_argument(
        "--out", type=Path, metavar="FOLDER",
        help="--dry-run: where the .eml files go (default: outbox-reminders-DATE)",
    )  # fmt: skip
    remind.add_argument(
        "--base-url", metavar="URL",
        help="where participants reach the apps (default: [apps] public_url)",
    )  # fmt: skip
    remind.set_defaults(run=_run_remind)


def _run_test(args: argparse.Namespace) -> int:
    from mentorkit.folder import ProgramFolder
    from mentorkit.services.mailing import send_test

    where = send_test(ProgramFolder.open(args.program), args.to)
    print(f"Sent a test message to {args.to} through {where}.")
    return 0


def _run_remind(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from mentorkit.folder import ProgramFolder
    from mentorkit.services.invitations import apps_address
    from mentorkit.services.reminders import send_reminders

    folder = ProgramFolder.open(args.program)
    base_url = args.base_url or apps_address(folder)
    outbox = None
    if args.dry_run:
        outbox = args.out or folder.path / f"outbox-reminders-{date.today().isoformat()}"
    with tqdm(total=0, unit="participant", desc="Reminders", disable=None) as bar:

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        report = send_reminders(folder, base_url, args.cohort, dry_run=outbox,
                                progress=progress)  # fmt: skip
    if report.completed:
        print(f"Completed {report.completed} pair{'s' if report.completed != 1 else ''} "
              "whose agreed end passed without both closing reflections.")  # fmt: skip
    if report.ended:
        print("The program has ended: no reminders were sent (their links would no "
              "longer open). Remove the daily run, or extend the program's end "
              "date.")  # fmt: skip
        return 0
    people = len(report.reminded)
    verb = f"Wrote to {outbox} (nothing was sent):" if args.dry_run else "Sent:"
    print(f"{verb} reminders to {people} participant{'s' if people != 1 else ''}, "
          f"{report.digests} digest{'s' if report.digests != 1 else ''}; "
          f"{report.stopped} have stopped reminders.")  # fmt: skip
    for address, why in report.refused:
        print(f"  not delivered to {address}: {why}")
    return 1 if report.refused else 0
