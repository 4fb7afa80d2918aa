"""Goals with their milestones."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, insert, select, update

from mentorkit.domain.goals import Goal, Milestone
from mentorkit.store import schema as t
from mentorkit.store._base import (
    StoreBase,
    _fields,
    _refused,
    _row,
)


class GoalRecords(StoreBase):
    """Goals with their milestones."""

    def add_goal(self, record: Goal | Mapping[str, Any]) -> Goal:
        """Add a goal with its milestones, in one transaction."""
        goal = Goal.from_dict(record)
        if goal.id is not None:
            raise _refused(goal, "id", "a new goal has no id yet; use save_goal")
        return self.save_goal(goal)

    def save_goal(self, record: Goal | Mapping[str, Any]) -> Goal:
        """Add a goal, or replace a stored one with its milestones, in one transaction.

        A goal stays with the participant who set it.
        """
        goal = Goal.from_dict(record)
        with self._write() as conn:
            self._require(conn, goal, "participant_id", t.participants, goal.participant_id)
            if goal.match_id is not None:
                self._require(conn, goal, "match_id", t.matches, goal.match_id)
            values = _row(goal, t.goals)
            if goal.id is None:
                goal_id = conn.execute(insert(t.goals).values(values)).inserted_primary_key[
                    0
                ]
            else:
                goal_id = goal.id
                owner = conn.scalar(
                    select(t.goals.c.participant_id).where(t.goals.c.id == goal_id)
                )
                if owner != goal.participant_id:
                    raise _refused(goal, "id", f"no goal {goal_id!r} of this participant")
                conn.execute(update(t.goals).where(t.goals.c.id == goal_id).values(values))
                conn.execute(delete(t.milestones).where(t.milestones.c.goal_id == goal_id))
            milestones = []
            for position, milestone in enumerate(goal.milestones):
                row = _row(milestone, t.milestones, goal_id=goal_id, position=position)
                row.pop("id", None)
                new_id = conn.execute(
                    insert(t.milestones).values(row)
                ).inserted_primary_key[0]
                milestones.append(milestone.updated(id=new_id))
        return goal.updated(id=goal_id, milestones=milestones)

    def goals(
        self, participant_id: str | None = None, *, match_id: int | None = None
    ) -> list[Goal]:
        """One participant's goals, or the goals set within one pair."""
        stmt = select(t.goals).order_by(t.goals.c.id)
        if participant_id is not None:
            stmt = stmt.where(t.goals.c.participant_id == participant_id)
        if match_id is not None:
            stmt = stmt.where(t.goals.c.match_id == match_id)
        with self._read() as conn:
            goals = [dict(_fields(r, Goal)) for r in conn.execute(stmt).mappings()]
            ids = [g["id"] for g in goals]
            marks = (
                conn.execute(
                    select(t.milestones)
                    .where(t.milestones.c.goal_id.in_(ids))
                    .order_by(t.milestones.c.position)
                )
                .mappings()
                .all()
            )
        for goal in goals:
            goal["milestones"] = [
                _fields(m, Milestone) for m in marks if m["goal_id"] == goal["id"]
            ]
        return [Goal.from_dict(g) for g in goals]
