"""The facilitator's review of a proposal: lock, remove, swap, assign, re-run, publish.

``Review`` holds the working table of pairs over one score matrix, so every change
shows its score and what it breaks before it is made; the matching-review widget
drives it, and tests drive it the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from mentorkit.errors import MentorkitError
from mentorkit.matching.policy import MatchPolicy
from mentorkit.matching.proposals import Proposal, pairs_frame, propose_matches
from mentorkit.matching.scoring import HUNDREDTHS, REASONS, ScoreMatrix, score_matrix
from mentorkit.services._unit import with_store
from mentorkit.services.matching_runs import cohort_sides, kept_pairs, save_drafts
from mentorkit.store import Store


@dataclass(frozen=True)
class Check:
    """What pairing one mentor and one mentee would score and break."""

    mentor_id: str
    mentee_id: str
    score: float
    breaks: list[str]

    @property
    def allowed(self) -> bool:
        return not self.breaks


@dataclass(frozen=True)
class Difference:
    """How a re-run under other weights would change the proposal."""

    added: pd.DataFrame  # pairs only in the new proposal
    removed: pd.DataFrame  # pairs only in the current one
    total_before: float
    total_after: float
    rate_before: float
    rate_after: float


class Review:
    """A cohort's proposal under review; nothing reaches the store until ``save``."""

    def __init__(
        self,
        mentors: pd.DataFrame,
        mentees: pd.DataFrame,
        policy: MatchPolicy,
        pairs: pd.DataFrame | None = None,
        previous: list[tuple[str, str]] | None = None,
        published: list[tuple[str, str]] | None = None,
        on: date | None = None,
        cohort: str = "",
    ) -> None:
        self.mentors, self.mentees = mentors, mentees
        self.cohort = cohort
        self.previous = previous or []
        self.published = set(published or [])
        self.on = on
        self._use(policy)
        self.pairs = self._table([], locked=set())
        if pairs is None or pairs.empty:
            self.pairs = self._propose(policy).pairs
        else:
            self.pairs = self._table(
                list(zip(pairs["mentor_id"], pairs["mentee_id"], strict=True)),
                locked=set(
                    zip(
                        pairs.loc[pairs["locked"].astype(bool), "mentor_id"],
                        pairs.loc[pairs["locked"].astype(bool), "mentee_id"],
                        strict=True,
                    )
                ),
            )

    @classmethod
    def of_cohort(cls, store: Store, cohort: str, policy: MatchPolicy) -> Review:
        """The cohort's drafts (and published pairs) as they are, or a fresh proposal."""
        store.cohort(cohort)
        mentors, mentees = cohort_sides(store, cohort)
        existing = store.matches(cohort)
        status = existing["status"].astype(str)
        _, previous = kept_pairs(existing)
        published = existing[status == "published"]
        current = existing[status.isin(["draft", "published"])].copy()
        current["locked"] = current["locked"].astype(bool) | (
            current["status"].astype(str) == "published"
        )
        return cls(
            mentors,
            mentees,
            policy,
            pairs=current,
            previous=previous,
            published=list(
                zip(published["mentor_id"], published["mentee_id"], strict=True)
            ),
            cohort=cohort,
        )

    # -- reading ------------------------------------------------------------------

    @property
    def unmatched_mentees(self) -> list[str]:
        return [
            pid
            for pid in self.matrix.mentees.ids
            if pid not in set(self.pairs["mentee_id"])
        ]

    @property
    def total_score(self) -> float:
        return float(self.pairs["score"].sum())

    @property
    def match_rate(self) -> float:
        return self.pairs["mentee_id"].nunique() / max(1, len(self.matrix.mentees.ids))

    def check(self, mentor_id: str, mentee_id: str) -> Check:
        """The score of a pair and every rule it would break, before it is made."""
        i, j = self._index(mentee_id, mentor_id)
        breaks = []
        if self.matrix.reason[i, j]:
            breaks.append(REASONS[self.matrix.reason[i, j]])
        elif not self.matrix.proposable[i, j]:
            breaks.append(f"scores below the minimum ({self.policy.min_score:g})")
        taken = (self.pairs["mentor_id"] == mentor_id).sum()
        room = self.places()[mentor_id]
        if taken >= room:
            breaks.append(f"mentor's capacity ({room}) is full")
        if (
            (self.pairs["mentor_id"] == mentor_id) & (self.pairs["mentee_id"] == mentee_id)
        ).any():
            breaks.append("already paired")
        return Check(mentor_id, mentee_id, self.matrix.total[i, j] / HUNDREDTHS, breaks)

    def places(self) -> dict[str, int]:
        """How many mentees each mentor may take (their capacity)."""
        capacity = self.mentors.set_index("id")["capacity"].fillna(1)
        return {pid: int(capacity[pid]) for pid in self.matrix.mentors.ids}

    def places_left(self) -> dict[str, int]:
        """Each mentor's places not yet taken by a pair of this review."""
        taken = self.pairs["mentor_id"].value_counts()
        return {pid: room - int(taken.get(pid, 0)) for pid, room in self.places().items()}

    def why_unmatched(self) -> pd.DataFrame:
        """Each unmatched mentee with, in plain words, why no mentor is theirs as the
        pairs stand now: how many mentors pass the hard rules (and which rules rule
        out the others), whether those score the minimum, and whether they are full.

        Columns ``mentee_id`` and ``reason``, in the order of ``unmatched_mentees``.
        """
        left = self.places_left()
        has_room = np.array([left[pid] > 0 for pid in self.matrix.mentors.ids], bool)
        rows = [
            (pid, self._why_unmatched(self._rows[pid], has_room))
            for pid in self.unmatched_mentees
        ]
        return pd.DataFrame(rows, columns=["mentee_id", "reason"])

    def _why_unmatched(self, mentee: int, has_room: np.ndarray) -> str:
        matrix = self.matrix
        mentors = len(matrix.mentors.ids)
        allowed = matrix.allowed[mentee]
        counts = np.bincount(matrix.reason[mentee], minlength=len(REASONS))
        excluded = ", ".join(
            f"{REASONS[code]} ({counts[code]})"
            for code in np.argsort(-counts, kind="stable")
            if code and counts[code]
        )
        if not mentors:
            return "the cohort has no mentors"
        if not allowed.any():
            return f"no mentor passes the hard rules: {excluded}"
        n = int(allowed.sum())
        passing = (
            f"{n} of {mentors} mentors {'passes' if n == 1 else 'pass'} the hard rules"
        )
        if excluded:
            passing += f" (the others: {excluded})"
        suitable = matrix.proposable[mentee]
        if not suitable.any():
            floor = self.policy.min_score
            least = f"the minimum of {floor:g}" if floor > 0 else "above 0"
            return f"{passing}, but none scores {least}"
        free = int((suitable & has_room).sum())
        if not free:
            return f"{passing}; {_all_full(int(suitable.sum()))}"
        return (
            f"{passing}; {_mentors(free)} who would suit still "
            f"{'has' if free == 1 else 'have'} room: assign by hand, or re-run"
        )

    def fairness(self, by: str) -> pd.DataFrame:
        """Match rate and mean score of mentees, by one of their attributes."""
        if by not in self.mentees.columns:
            raise MentorkitError(f"Mentees have no {by!r} to group by.")
        scores = self.pairs.groupby("mentee_id")["score"].mean()
        table = pd.DataFrame(
            {
                by: self.mentees[by].fillna("(none)").astype(str).to_numpy(),
                "matched": self.mentees["id"].isin(scores.index).to_numpy(),
                "score": self.mentees["id"].map(scores).to_numpy(),
            }
        )
        return (
            table.groupby(by)
            .agg(
                mentees=("matched", "size"),
                match_rate=("matched", "mean"),
                mean_score=("score", "mean"),
            )
            .reset_index()
        )

    # -- changing -----------------------------------------------------------------

    def lock(self, mentor_id: str, mentee_id: str, locked: bool = True) -> None:
        row = self._row(mentor_id, mentee_id)
        if not locked and (mentor_id, mentee_id) in self.published:
            raise MentorkitError("A published pair stays locked; close it instead.")
        self.pairs.loc[row, "locked"] = locked

    def remove(self, mentor_id: str, mentee_id: str) -> None:
        row = self._row(mentor_id, mentee_id)
        if (mentor_id, mentee_id) in self.published:
            raise MentorkitError(
                "A published pair cannot be removed here; close it instead."
            )
        self.pairs = self.pairs.drop(index=row).reset_index(drop=True)

    def swap(self, first: tuple[str, str], second: tuple[str, str]) -> list[Check]:
        """Swap the mentees of two pairs; refused when a new pair would break a rule.

        Pairs are (mentor_id, mentee_id).
        """
        (m1, e1), (m2, e2) = first, second
        for pair in (first, second):
            self._row(*pair)
            if pair in self.published:
                raise MentorkitError("A published pair cannot be swapped; close it first.")
        checks = [self.check(m1, e2), self.check(m2, e1)]
        # Capacity is unchanged by a swap; only the pair rules count.
        problems = [
            f"{c.mentor_id} - {c.mentee_id}: {b}"
            for c in checks
            for b in c.breaks
            if not b.startswith("mentor's capacity")
        ]
        if problems:
            raise MentorkitError("Swap refused: " + "; ".join(problems))
        kept = [p for p in self._pairs_list() if p not in (first, second)]
        locked = self._locked() - {first, second}
        self.pairs = self._table([*kept, (m1, e2), (m2, e1)], locked=locked)
        return checks

    def assign(self, mentor_id: str, mentee_id: str, override: bool = False) -> Check:
        """Pair a mentee by hand; refused when it breaks a rule unless ``override``."""
        check = self.check(mentor_id, mentee_id)
        if check.breaks and not override:
            raise MentorkitError(
                f"{mentor_id} - {mentee_id} breaks: {'; '.join(check.breaks)}. "
                "Confirm to assign anyway."
            )
        self.pairs = self._table(
            [*self._pairs_list(), (mentor_id, mentee_id)],
            locked=self._locked() | {(mentor_id, mentee_id)},
        )
        return check

    def preview(self, policy: MatchPolicy) -> tuple[Proposal, Difference]:
        """What a re-run under ``policy`` (keeping locked pairs) would change."""
        proposal = self._propose(policy)
        before, after = (
            set(self._pairs_list()),
            set(zip(proposal.pairs["mentor_id"], proposal.pairs["mentee_id"], strict=True)),
        )
        pick = self.pairs.set_index(["mentor_id", "mentee_id"])
        new = proposal.pairs.set_index(["mentor_id", "mentee_id"])
        return proposal, Difference(
            added=new.loc[sorted(after - before)].reset_index(),
            removed=pick.loc[sorted(before - after)].reset_index(),
            total_before=self.total_score,
            total_after=proposal.total_score,
            rate_before=self.match_rate,
            rate_after=proposal.match_rate,
        )

    def rerun(self, policy: MatchPolicy | None = None) -> Difference:
        """Propose again (keeping locked pairs) and take the result."""
        proposal, difference = self.preview(policy or self.policy)
        self._use(policy or self.policy, proposal.matrix)
        self.pairs = proposal.pairs
        return difference

    def save(self, store: Store, publish: bool = False) -> int:
        """Keep the pairs as the cohort's drafts (and publish them); returns pairs saved."""
        saved = save_drafts(store, self.cohort, self.pairs)
        if publish:
            store.publish_drafts(self.cohort)
            self.published |= set(self._pairs_list())
        return len(saved)

    # -- inside ---------------------------------------------------------------------

    def _use(self, policy: MatchPolicy, matrix: ScoreMatrix | None = None) -> None:
        self.policy = policy
        self.matrix = matrix or score_matrix(
            self.mentors, self.mentees, policy, previous=self.previous, on=self.on
        )
        self._rows = {pid: i for i, pid in enumerate(self.matrix.mentees.ids)}
        self._cols = {pid: j for j, pid in enumerate(self.matrix.mentors.ids)}

    def _propose(self, policy: MatchPolicy) -> Proposal:
        matrix = (
            self.matrix
            if policy == self.policy
            else score_matrix(
                self.mentors, self.mentees, policy, previous=self.previous, on=self.on
            )
        )
        return propose_matches(
            self.mentors, self.mentees, policy, locked=sorted(self._locked()), matrix=matrix
        )

    def _index(self, mentee_id: str, mentor_id: str) -> tuple[int, int]:
        if mentee_id not in self._rows:
            raise MentorkitError(f"No mentee {mentee_id!r} in this cohort.")
        if mentor_id not in self._cols:
            raise MentorkitError(f"No mentor {mentor_id!r} in this cohort.")
        return self._rows[mentee_id], self._cols[mentor_id]

    def _row(self, mentor_id: str, mentee_id: str) -> int:
        found = self.pairs.index[
            (self.pairs["mentor_id"] == mentor_id) & (self.pairs["mentee_id"] == mentee_id)
        ]
        if found.empty:
            raise MentorkitError(f"{mentor_id} - {mentee_id} is not a proposed pair.")
        return found[0]

    def _pairs_list(self) -> list[tuple[str, str]]:
        return list(zip(self.pairs["mentor_id"], self.pairs["mentee_id"], strict=True))

    def _locked(self) -> set[tuple[str, str]]:
        locked = self.pairs[self.pairs["locked"].astype(bool)]
        return (
            set(zip(locked["mentor_id"], locked["mentee_id"], strict=True)) | self.published
        )

    def _table(
        self, pairs: list[tuple[str, str]], locked: set[tuple[str, str]]
    ) -> pd.DataFrame:
        index = [self._index(e, m) for m, e in pairs]
        return pairs_frame(self.matrix, index, [p in locked for p in pairs])


def _mentors(n: int) -> str:
    return f"{n} mentor{'' if n == 1 else 's'}"


def _all_full(n: int) -> str:
    return "that mentor is full" if n == 1 else f"all {n} who would suit are full"


@with_store
def open_review(store: Store, cohort: str, policy: MatchPolicy) -> Review:
    """The review of ``cohort``'s pairs a facilitator starts from."""
    return Review.of_cohort(store, cohort, policy)


@with_store
def save_review(store: Store, review: Review, publish: bool = False) -> int:
    """Keep the reviewed pairs as drafts (and publish them); returns pairs saved."""
    return review.save(store, publish=publish)
