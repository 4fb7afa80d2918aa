"""A program's cohorts, season after season: mentorkit cohort add, list, close."""

from __future__ import annotations

import argparse
from datetime import date

from mentorkit.cli._options import _iso_date, _Parser, _program_option
from mentorkit.errors import MentorkitError


def add(commands) -> None:
    """Add this module's commands to the ``mentorkit`` command."""
    cohort = commands.add_parser(
        "cohort",
        help="add, list or close a program's cohorts",
        description="A program opens a cohort each term: add one (carrying over the "
        "mentees an earlier one could not match), list them with their counts, or "
        "close one when its matching is over.",
    )
    actions = cohort.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    actions.required = True

    new = actions.add_parser(
        "add",
        help="add a cohort to a program",
        description="Add a cohort. With --carry-over-from, the mentees that cohort "
        "left unmatched get a place in the new one, with their answers and consents, "
        "a new personal link, and priority: matching pairs them before newcomers. "
        "Someone already on the new roster (by e-mail) keeps their row and gets the "
        "priority. Mentors who offered their free places (in their closing "
        "reflection) come too, with those places.",
    )
    _program_option(new)
    new.add_argument("name", metavar="NAME", help="the cohort's name, e.g. spring-2027")
    new.add_argument("--start", type=_iso_date, metavar="YYYY-MM-DD", help="first day")
    new.add_argument("--end", type=_iso_date, metavar="YYYY-MM-DD", help="last day")
    new.add_argument(
        "--carry-over-from",
        metavar="COHORT",
        help="offer the mentees this closed cohort left unmatched a place, with "
        "priority, and bring the mentors who offered their free places",
    )
    new.set_defaults(run=_run_add)

    listing = actions.add_parser(
        "list",
        help="the cohorts, with who joined, was matched and is in a pair",
        description="One line per cohort, oldest first: on the roster, invited (an "
        "invitation e-mailed), joined (intake done, both consents), matched, active and "
        "ended pairs, carried over into it, and whether it is closed.",
    )
    _program_option(listing)
    listing.set_defaults(run=_run_list)

    close = actions.add_parser(
        "close",
        help="close a cohort: no more imports or matching runs",
        description="Close a cohort once its matching is over. Its pairs go on; it "
        "takes no more imports or matching runs. Carry its unmatched mentees over "
        "with 'mentorkit cohort add --carry-over-from'.",
    )
    _program_option(close)
    close.add_argument("name", metavar="NAME", help="the cohort to close")
    close.add_argument(
        "--on", type=_iso_date, metavar="YYYY-MM-DD", help="the day it closed (today)"
    )
    close.set_defaults(run=_run_close)


def _run_add(args: argparse.Namespace) -> int:
    from mentorkit.domain.participants import Role
    from mentorkit.domain.programs import Cohort
    from mentorkit.folder import ProgramFolder

    folder = ProgramFolder.open(args.program)
    cohort = Cohort.from_dict({"name": args.name, "starts_on": args.start,
                               "ends_on": args.end})  # fmt: skip
    with folder.open_store() as store:
        if args.carry_over_from:  # named wrong or still open: say so before adding
            source = store.cohort(args.carry_over_from)
            if source.closed_on is None:
                raise MentorkitError(
                    f"Cohort {source.name!r} is still open: close it first with: "
                    f"mentorkit cohort close --program {args.program} {source.name}"
                )
        store.add_cohort(cohort)
        print(f"Added cohort {args.name!r} to {folder.path}.")
        if args.carry_over_from:
            carried = store.carry_over(args.carry_over_from, args.name)
            waiting = store.waitlisted(args.name)
            roles = store.participants(cohort=args.name).set_index("id")["role"]
            mentors = sum(str(roles[i]) == Role.MENTOR for i in waiting)
            print(
                f"Carried over from {args.carry_over_from!r}: {len(waiting) - mentors} "
                f"mentees left unmatched and {mentors} mentors who offered their free "
                f"places ({len(carried)} with a new personal link; send them with "
                "'mentorkit invite --send --only-new'). Matching pairs the mentees first."
            )
    print(f"Next: mentorkit import --program {args.program} --cohort {args.name} FILE")
    return 0


def _run_list(args: argparse.Namespace) -> int:
    from mentorkit.folder import ProgramFolder

    with ProgramFolder.open(args.program).open_store() as store:
        counts = store.cohort_counts()
    if counts.empty:
        print("No cohorts yet. Add one with: mentorkit cohort add --program "
              f"{args.program} NAME")  # fmt: skip
        return 0
    header = ("cohort", "roster", "invited", "joined", "matched", "pairs", "ended",
              "completed", "carried over", "closed")  # fmt: skip
    rows = [
        (r.cohort, r.on_roster, r.invited, r.joined, r.matched, r.active_pairs,
         r.ended_pairs, r.completed_pairs, r.carried_over, _day(r.closed_on))
        for r in counts.itertuples()
    ]  # fmt: skip
    columns = zip(header, *rows, strict=True)
    widths = [max(len(str(x)) for x in column) for column in columns]
    for line in (header, *rows):
        print("  ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=True)))
    return 0


def _run_close(args: argparse.Namespace) -> int:
    from mentorkit.folder import ProgramFolder

    with ProgramFolder.open(args.program).open_store() as store:
        store.close_cohort(args.name, args.on or date.today())
        left = len(store.left_unmatched(args.name))
    print(f"Closed cohort {args.name!r}." + (
        f" {left} mentees are unmatched: carry them over with 'mentorkit cohort add "
        f"--program {args.program} NEXT --carry-over-from {args.name}'." if left else ""
    ))  # fmt: skip
    return 0


def _day(value) -> str:
    return "" if value is None or value != value else str(value)
