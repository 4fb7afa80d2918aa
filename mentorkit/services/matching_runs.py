"""A matching run on a stored cohort: read, propose, keep as drafts, publish.

Published pairs and pairs a facilitator locked are kept as they are; closed pairs
are never proposed again; a run replaces the cohort's previous drafts in one
transaction, so a failed run leaves them untouched.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from mentorkit.domain.matches import ENDED, Match, MatchStatus
from mentorkit.domain.participants import ParticipantStatus, Role
from mentorkit.errors import MentorkitError
from mentorkit.matching.policy import Criterion, MatchPolicy
from mentorkit.matching.proposals import Proposal, propose_matches
from mentorkit.store import Store

MATCHABLE = (ParticipantStatus.INVITED, ParticipantStatus.ACTIVE, ParticipantStatus.MATCHED)


def cohort_sides(store: Store, cohort: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The cohort's mentors and mentees who can be matched (not paused or withdrawn);
    the mentees' ``priority`` is above 0 for those carried over from an earlier cohort.

    Refuses, saying what to do, when either side is empty.
    """
    people = store.participants(cohort=cohort)
    people = people[people["status"].isin([str(s) for s in MATCHABLE])]
    mentors = people[people["role"].isin(Role.MENTOR.acting_as())]
    mentees = people[people["role"].isin(Role.MENTEE.acting_as())].copy()
    waiting = store.waitlisted(cohort)  # carried over from an earlier cohort: first
    mentees["priority"] = [waiting.get(pid, (0, ""))[0] for pid in mentees["id"]]
    missing = [
        side for side, rows in (("mentors", mentors), ("mentees", mentees)) if rows.empty
    ]
    if missing:
        raise MentorkitError(
            f"Cohort {cohort!r} has no {' and no '.join(missing)} who can be matched "
            "(invited, active or matched); import a roster with `mentorkit import`, "
            "or check participants' status."
        )
    return mentors.reset_index(drop=True), mentees.reset_index(drop=True)


def kept_pairs(
    existing: pd.DataFrame,
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(pairs to keep: published or locked, pairs never to repeat: ended)."""

    def pairs(rows: pd.DataFrame) -> list[tuple[str, str]]:
        return list(zip(rows["mentor_id"], rows["mentee_id"], strict=True))

    status = existing["status"].astype(str)
    locked = existing["locked"].astype(bool) & (status == MatchStatus.DRAFT)
    keep = existing[(status == MatchStatus.PUBLISHED) | locked]
    return pairs(keep), pairs(existing[status.isin(ENDED)])


def match_cohort(
    store: Store,
    cohort: str,
    policy: MatchPolicy | None = None,
    *,
    publish: bool = False,
    on: date | None = None,
) -> Proposal:
    """Propose pairs for a stored cohort and keep them as its drafts."""
    store.open_cohort(cohort)  # a clear error for an unknown or closed cohort
    mentors, mentees = cohort_sides(store, cohort)
    existing = store.matches(cohort)
    keep, previous = kept_pairs(existing)
    proposal = propose_matches(
        mentors, mentees, policy, locked=keep, previous=previous, on=on
    )
    save_drafts(store, cohort, proposal.pairs, existing)
    if publish:
        store.publish_drafts(cohort)
    return proposal


def save_drafts(
    store: Store, cohort: str, pairs: pd.DataFrame, existing: pd.DataFrame | None = None
) -> list[Match]:
    """Keep ``pairs`` (a proposal's table) as the cohort's drafts."""
    existing = store.matches(cohort) if existing is None else existing
    published = set(
        zip(
            existing.loc[
                existing["status"].astype(str) == MatchStatus.PUBLISHED, "mentor_id"
            ],
            existing.loc[
                existing["status"].astype(str) == MatchStatus.PUBLISHED, "mentee_id"
            ],
            strict=True,
        )
    )
    criteria = [str(c) for c in Criterion]
    drafts = [
        Match(
            cohort=cohort,
            mentor_id=row["mentor_id"],
            mentee_id=row["mentee_id"],
            score=float(row["score"]),
            explanation={
                **{c: float(row[c]) for c in criteria if c in row},
                "why": str(row.get("explanation", "")),
            },
            locked=bool(row.get("locked", False)),
        )
        for row in pairs.to_dict("records")
        if (row["mentor_id"], row["mentee_id"]) not in published
    ]
    return store.replace_drafts(cohort, drafts)
