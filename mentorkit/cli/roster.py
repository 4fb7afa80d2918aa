"""The people of a cohort: import, invite, withdraw, export."""

from __future__ import annotations

import argparse
from pathlib import Path

from mentorkit.cli._options import (
    _cohort_option,
    _iso_date,
    _program_option,
)
from mentorkit.errors import MentorkitError


def add(commands) -> None:
    """Add this module's commands to the ``mentorkit`` command."""
    invite = commands.add_parser(
        "invite",
        help="write a personal link for every participant of a cohort",
        description="Write a CSV (name, email, link) with one personal link per "
        "participant of a cohort. Each link carries a token signed with the program's "
        "secret; it opens only that participant's own records. The file is readable "
        "by you only: the links are as private as passwords.",
    )
    _program_option(invite)
    _cohort_option(invite)
    invite.add_argument(
        "--base-url",
        metavar="URL",
        help="where participants reach the apps (default: [apps] public_url in "
        "mentorkit.toml, or http://127.0.0.1:PORT/ with its port)",
    )
    invite.add_argument(
        "--expires",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="last day the links work (default: the program's end date)",
    )
    invite.add_argument(
        "--out",
        type=Path,
        metavar="PATH",
        help="where to write: the CSV (default: invitations-COHORT.csv in the program "
        "folder), or with --send --dry-run the folder of .eml files (default: "
        "outbox-COHORT)",
    )
    invite.add_argument(
        "--send",
        action="store_true",
        help="e-mail each participant their invitation through [mail] in mentorkit.toml "
        "(recorded: a later run sends nobody a second one)",
    )
    invite.add_argument(
        "--dry-run",
        action="store_true",
        help="with --send: write the messages as .eml files instead, send nothing",
    )
    invite.add_argument(
        "--only-new",
        action="store_true",
        help="with --send: invite only participants not invited yet (added since)",
    )
    invite.add_argument(
        "--resend-failed",
        action="store_true",
        help="with --send: try again only the invitations the mail server refused",
    )
    invite.set_defaults(run=_run_invite)

    withdraw = commands.add_parser(
        "withdraw",
        help="a participant leaves the program: their links stop working",
        description="Mark a participant (by id or e-mail) as withdrawn: from then on "
        "every personal link of theirs gets the page that says it cannot be used, and "
        "matching leaves them out. --undo brings them back.",
    )
    _program_option(withdraw)
    withdraw.add_argument("who", metavar="EMAIL|ID", help="the participant")
    withdraw.add_argument(
        "--cohort", metavar="NAME", help="their cohort, when the e-mail is in several"
    )
    withdraw.add_argument(
        "--undo", action="store_true", help="bring a withdrawn participant back"
    )
    withdraw.set_defaults(run=_run_withdraw)

    export = commands.add_parser(
        "export",
        help="export a cohort's participants to CSV or Excel",
        description="Export a cohort's participants to a .csv or .xlsx file. Text "
        "that a spreadsheet would run as a formula (starting with = + - @) is stored "
        "as plain text.",
    )
    _program_option(export)
    _cohort_option(export)
    export.add_argument(
        "--to",
        required=True,
        type=Path,
        metavar="FILE",
        help="a .csv or .xlsx file to write",
    )
    export.set_defaults(run=_run_export)

    roster = commands.add_parser(
        "import",
        help="import a roster (CSV or XLSX, form exports included)",
        description="Import participants from a CSV or XLSX file, such as a Google "
        "Forms or Microsoft Forms export. Headers are matched to fields by built-in "
        "synonyms, or by a mapping file with a [columns] table of "
        '"Header text" = "field". Rejected rows are listed with their row number, '
        "field and reason, and written to FILE.rejected.csv; good rows are saved. "
        "Participants are matched by e-mail, so importing again updates them, and only "
        "in the columns the file has: status and consents stay unless it has them.",
    )
    _program_option(roster)
    _cohort_option(roster)
    roster.add_argument("file", type=Path, metavar="FILE", help="a .csv or .xlsx file")
    roster.add_argument(
        "--mapping",
        type=Path,
        metavar="FILE.toml",
        help="a mapping file for headers the synonyms do not know",
    )
    roster.add_argument(
        "--dry-run",
        action="store_true",
        help="check the file and report, but write nothing",
    )
    roster.add_argument(
        "--clear-empty",
        action="store_true",
        help="an empty cell clears that answer of a known participant (by default an "
        "empty cell, like a column the file does not have, changes nothing)",
    )
    roster.set_defaults(run=_run_import)


def _run_invite(args: argparse.Namespace) -> int:
    from mentorkit.folder import ProgramFolder
    from mentorkit.services.invitations import apps_address, write_invitations

    folder = ProgramFolder.open(args.program)
    base_url = args.base_url or apps_address(folder)
    if (args.dry_run or args.only_new or args.resend_failed) and not args.send:
        raise MentorkitError("--dry-run, --only-new and --resend-failed go with --send")
    if args.send:
        return _send_invitations(folder, args, base_url)
    path, rows = write_invitations(folder, args.cohort, base_url, args.out, args.expires)
    print(f"Wrote {rows} personal links to {path}")
    return 0


def _send_invitations(folder, args: argparse.Namespace, base_url: str) -> int:
    from tqdm import tqdm

    from mentorkit.files import slug
    from mentorkit.services.mailing import send_invitations

    outbox = None
    if args.dry_run:
        outbox = args.out or folder.path / f"outbox-{slug(args.cohort, 'cohort')}"
    with tqdm(total=0, unit="message", desc="Invitations", disable=None) as bar:

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        report = send_invitations(
            folder, args.cohort, base_url, only_new=args.only_new,
            resend_failed=args.resend_failed, dry_run=outbox, expires=args.expires,
            progress=progress,
        )  # fmt: skip
    if args.dry_run:
        print(f"Wrote {report.written} invitations to {outbox} (nothing was sent).")
    elif report.sent or report.refused:
        print(f"Sent {report.sent} invitations through {report.where}.")
    else:
        print("Nothing to send: " + ("no invitation had failed." if args.resend_failed
                                     else "everyone was invited already."))  # fmt: skip
    for name, email, why in report.refused:
        print(f"  not delivered to {name} <{email}>: {why}")
    if report.refused:
        print(f"{len(report.refused)} failed; once the addresses are fixed, run again "
              "with --resend-failed.")  # fmt: skip
    return 1 if report.refused else 0


def _run_withdraw(args: argparse.Namespace) -> int:
    from mentorkit.folder import ProgramFolder
    from mentorkit.services.access import reinstate, withdraw

    with ProgramFolder.open(args.program).open_store() as store:
        person = (reinstate if args.undo else withdraw)(store, args.who, args.cohort)
    if args.undo:
        print(f"{person.name} ({person.id}) is back in {person.cohort!r}, {person.status}:"
              " their links work again.")  # fmt: skip
    else:
        print(f"{person.name} ({person.id}) has withdrawn from {person.cohort!r}: their "
              "links open nothing now. Undo with --undo.")  # fmt: skip
    return 0


def _run_export(args: argparse.Namespace) -> int:
    from mentorkit.folder import ProgramFolder
    from mentorkit.services.exporting import write_table

    if args.to.suffix.lower() not in {".csv", ".xlsx"}:
        raise MentorkitError(f"{args.to.name}: --to must end in .csv or .xlsx")
    with ProgramFolder.open(args.program).open_store() as store:
        store.cohort(args.cohort)
        people = store.participants(cohort=args.cohort)
    write_table(people, args.to)
    print(f"Wrote {len(people)} participants of {args.cohort!r} to {args.to}")
    return 0


def _run_import(args: argparse.Namespace) -> int:
    from mentorkit.folder import ProgramFolder
    from mentorkit.services.importing import import_roster, write_rejections

    folder = ProgramFolder.open(args.program)
    report = import_roster(
        folder, args.cohort, args.file, args.mapping, args.dry_run, args.clear_empty
    )
    for header, target in report.columns.items():
        print(f"  column {header!r} -> {target}")
    if report.ignored:
        print(f"  ignored columns: {', '.join(map(repr, report.ignored))}")
    saved = report.saved
    verb = "would add" if args.dry_run else "added"
    print(
        f"Read {report.rows} rows: {verb} {saved.added}, "
        f"{'would update' if args.dry_run else 'updated'} {saved.updated}, "
        f"unchanged {saved.unchanged}, rejected {report.rejected_rows}."
    )
    for problem in report.rejected:
        print(f"  row {problem['row']}, {problem['field']}: {problem['reason']}")
    if args.dry_run:
        print("Dry run: nothing was written.")
    elif (path := write_rejections(report, args.file)) is not None:
        print(f"The rejected rows are listed in {path}")
    return 0
