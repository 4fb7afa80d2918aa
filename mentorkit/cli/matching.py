"""Matching a cohort: mentorkit match."""

from __future__ import annotations

import argparse
from pathlib import Path

from mentorkit.cli._options import (
    _cohort_option,
    _count,
    _iso_date,
    _program_option,
)
from mentorkit.errors import MentorkitError


def add(commands) -> None:
    """Add this module's commands to the ``mentorkit`` command."""
    match = commands.add_parser(
        "match",
        help="propose mentor-mentee pairs for a cohort",
        description="Score every mentor-mentee pair of a cohort and propose pairs "
        "under the program's [matching] settings. Pairs are kept as drafts for the "
        "matching review until published; published and locked pairs are kept, "
        "closed pairs are never proposed again. With --format speed, prints a "
        "speed-mentoring rotation instead; with --format resource, each mentee's "
        "shortlist.",
    )
    _program_option(match)
    _cohort_option(match)
    match.add_argument(
        "--format",
        choices=["one_on_one", "group", "reverse", "peer", "speed", "resource"],
        help="the program's format unless given (one_on_one by default)",
    )
    match.add_argument(
        "--objective",
        choices=[str(o) for o in _objectives()],
        help="total_score (default): the best total; most_matched: as many matched "
        "as possible, then the best total; stable_mentee / stable_mentor: no pair "
        "would rather leave, best for that side",
    )
    match.add_argument("--publish", action="store_true", help="publish the pairs at once")
    match.add_argument(
        "--rounds", type=_count, default=6, help="speed format: rounds (default 6)"
    )
    match.add_argument(
        "--minutes", type=_count, default=10, help="speed format: minutes a round (10)"
    )
    match.add_argument(
        "--starts", default="18:00", metavar="HH:MM",
        help="speed format: when the first round starts (18:00)",
    )  # fmt: skip
    match.add_argument(
        "--on", type=_iso_date, metavar="YYYY-MM-DD",
        help="speed format: the day of the session (today)",
    )  # fmt: skip
    match.add_argument(
        "--ics", type=Path, metavar="FOLDER",
        help="speed format: write each participant's rounds as a calendar file there",
    )  # fmt: skip
    match.add_argument(
        "--to", type=Path, metavar="FILE.csv", help="also write the result to a CSV file"
    )
    match.set_defaults(run=_run_match)


def _clock(text: str):
    from datetime import time

    try:
        return time.fromisoformat(text)
    except ValueError:
        raise MentorkitError(f"--starts {text!r} is not a time such as 18:00") from None


def _write_speed_calendars(rotation, names: dict[str, str], args) -> None:
    from datetime import date

    from mentorkit.files import slug, write_atomically
    from mentorkit.services.scheduling import speed_calendars

    files = speed_calendars(rotation, names, args.cohort, args.on or date.today())
    args.ics.mkdir(parents=True, exist_ok=True)
    for who, data in files.items():
        path = args.ics / f"{slug(names.get(who, who), 'participant')}-{who}.ics"
        write_atomically(path, lambda p, data=data: p.write_bytes(data))
    print(f"Wrote {len(files)} calendars (one per participant) to {args.ics}")


def _objectives():
    from mentorkit.matching import Objective

    return list(Objective)


def _run_match(args: argparse.Namespace) -> int:
    import pandas as pd

    from mentorkit.folder import ProgramFolder
    from mentorkit.matching import pair_peers, recommend, speed_rotation
    from mentorkit.services.exporting import write_table
    from mentorkit.services.matching_runs import cohort_sides, match_cohort

    folder = ProgramFolder.open(args.program)
    changes = {
        key: value
        for key, value in (("format", args.format), ("objective", args.objective))
        if value
    }
    policy = folder.settings.matching.updated(**changes)
    if folder.settings.choice.mode == "chosen":
        raise MentorkitError(
            'In this program mentees choose their mentors ([choice] mode = "chosen" in '
            'mentorkit.toml); set mode = "both" to match those who did not choose.'
        )
    with folder.open_store() as store:
        if args.format in ("speed", "resource", "peer"):
            store.cohort(args.cohort)
            mentors, mentees = cohort_sides(store, args.cohort)
            names = dict(zip(mentors["id"], mentors["name"], strict=True)) | dict(
                zip(mentees["id"], mentees["name"], strict=True)
            )
            if args.format == "peer":
                pool = pd.concat([mentors, mentees]).drop_duplicates("id")
                result = pair_peers(pool, policy)
                table = result.pairs
                proof = (
                    "the best pairing there is"
                    if result.proven_optimal
                    else (f"within {result.bound - result.total:.2f} of the best")
                )
                print(
                    f"{len(table)} peer pairs, total score {result.total:,.2f} ({proof}); "
                    f"{len(result.unmatched)} without a partner."
                )
            elif args.format == "speed":
                rotation = speed_rotation(
                    mentors, mentees, args.rounds, args.minutes,
                    starts=_clock(args.starts), policy=policy,
                )  # fmt: skip
                print(rotation.table(names))
                table = rotation.schedule
                if args.ics:
                    _write_speed_calendars(rotation, names, args)
            else:
                table = recommend(mentors, mentees, policy=policy)
                print(
                    f"{table['mentee_id'].nunique()} mentees have a shortlist of up "
                    f"to 5 mentors."
                )
            if args.to:
                write_table(table, args.to)
                print(f"Wrote {args.to}")
            return 0
        proposal = match_cohort(store, args.cohort, policy, publish=args.publish)
        waiting = store.waitlisted(args.cohort)
    print(f"{args.cohort}: {proposal.summary()}")
    if waiting:
        paired = set(proposal.pairs["mentee_id"]) & set(waiting)
        print(f"  carried over from an earlier cohort (matched first): {len(paired)} of "
              f"{len(waiting)} matched")  # fmt: skip
    for reason, count in proposal.unmatched["reason"].value_counts().items():
        print(f"  unmatched, {reason}: {count}")
    if args.publish:
        print("Published: the pairs can now see each other in their apps.")
    else:
        print(
            "Kept as drafts: review them in the matching review workbook "
            "(mentorkit lab), or run again with --publish."
        )
    if args.to:
        write_table(proposal.pairs, args.to)
        print(f"Wrote the pairs to {args.to}")
    return 0
