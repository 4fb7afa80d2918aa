"""The participant apps of a running pair: agreement, goals, meeting log and reflection.

Each app shows one of the visitor's pairs (a picker when a mentor has several
mentees). Everything is read and saved through the store with the visitor's own id:
a page never holds another participant's private records.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape

import ipywidgets as w

from mentorkit.domain.agreements import AgreementTerms, default_terms
from mentorkit.domain.goals import GoalContext, assess_goal
from mentorkit.domain.meetings import Meeting, Reflection
from mentorkit.domain.participants import Participant, Role
from mentorkit.domain.programs import Program
from mentorkit.domain.records import long_date
from mentorkit.errors import MentorkitError
from mentorkit.folder import ProgramFolder
from mentorkit.matching import MatchStatus
from mentorkit.services import agreements, closing, pairs, scheduling
from mentorkit.services import goals as goal_service
from mentorkit.services.pairs import Pair, local_today, pairs_of
from mentorkit.services.wording import wording
from mentorkit.widgets._agreement import AgreementForm
from mentorkit.widgets._closing import ClosingForm
from mentorkit.widgets._drafts import DraftBox
from mentorkit.widgets._goals import GoalCoach
from mentorkit.widgets._page import Notice, log
from mentorkit.widgets._planner import MeetingPlanner
from mentorkit.widgets._reflection import ReflectionForm, meeting_block
from mentorkit.widgets._shared import PLAIN, make
from mentorkit.widgets._smart_feedback import feedback_html

PAIR_APPS = ("agreement", "goals", "reflection")


def pair_app(
    name: str, folder: ProgramFolder, person: Participant, program: Program
) -> w.Widget:
    """The body of the ``name`` app for ``person``."""
    known = pairs_of(folder, person, (MatchStatus.PUBLISHED, MatchStatus.COMPLETED,
                                      MatchStatus.CLOSED))  # one read  # fmt: skip
    pairs, completed, closed = (
        [p for p in known if p.match.status == status]
        for status in (MatchStatus.PUBLISHED, MatchStatus.COMPLETED, MatchStatus.CLOSED)
    )
    ended = [] if pairs or completed else closed
    if name == "goals" and _sets_goals(person, pairs):
        own = next((p for p in pairs if p.my_side == "mentee"), None)
        return goal_coach(folder, person, program, own.id if own else None, own_page=True)
    if ended:
        last = ended[-1]
        when = f" on {long_date(last.match.closed_at)}" if last.match.closed_at else ""
        return Notice(
            f"Your pair with {last.partner.name} ended{when}, without blame. What you "
            "wrote is kept. The program will match you with someone new; this page is "
            "where the two of you will work together."
        )
    every = pairs + completed  # a pair that ran its length stays reachable
    if not every:
        return Notice(
            "You are not in a pair yet. Once the program publishes your match, this "
            "page is where the two of you work together."
        )
    running = {"agreement": agreement_view, "goals": mentee_goals_view,
               "reflection": reflection_view}[name]  # fmt: skip

    def build(pair: Pair) -> w.Widget:
        if pair.match.status == MatchStatus.COMPLETED and name != "goals":
            return _completed(folder, name, pair, program)
        return running(folder, pair, program)

    if len(every) == 1:
        return build(every[0])
    return PairPicker(every, build)


def _completed(folder: ProgramFolder, name: str, pair: Pair, program: Program) -> w.Widget:
    """A pair that ran its length: a word of thanks; on the reflection page the
    closing reflection too (to write it late, or change it), then the meetings to read
    back, or the meeting form itself when a meeting typed before the end waits in it."""
    end = closing.ending(folder, pair)
    done = pair.match.closed_at or end.ends_on
    thanks = Notice(
        f"Your mentoring with {pair.partner.name} completed on {long_date(done)}. Thank "
        "you: everything the two of you wrote is kept."
    )
    if name != "reflection":
        return thanks
    if DraftBox(folder, pair.me.id, "reflection", str(pair.id)).load() is not None:
        return make(w.VBox, [thanks, reflection_view(folder, pair, program)], layout=PLAIN)
    past = [meeting_block(m, r, pair) for m, r in reversed(pairs.history(folder, pair))]
    earlier = [make(w.HTML, "<h2>Your meetings</h2>"), *past] if past else []
    return make(w.VBox, [thanks, closing_view(folder, pair, end), *earlier], layout=PLAIN)


def _sets_goals(person: Participant, pairs: list[Pair]) -> bool:
    if any(p.my_side == "mentee" for p in pairs):
        return True
    return person.role == Role.MENTEE or (person.role == Role.BOTH and not pairs)


class PairPicker(w.VBox):
    """A mentor with several mentees picks the pair the page is about."""

    def __init__(self, pairs: list[Pair], build: Callable[[Pair], w.Widget]):
        picker = make(
            w.Dropdown,
            options=[
                (
                    p.label
                    + (" (completed)" if p.match.status == MatchStatus.COMPLETED else ""),
                    n,
                )
                for n, p in enumerate(pairs)
            ],
            value=0,
            description="Your pair",
        )
        picker.add_class("mk-pair-picker")
        holder = make(w.VBox, [build(pairs[0])])

        def show(change) -> None:
            old = holder.children
            holder.children = (build(pairs[change["new"]]),)
            for widget in old:
                widget.close()

        picker.observe(show, "value")
        super().__init__([picker, holder], layout=PLAIN)


def goal_coach(
    folder: ProgramFolder,
    mentee: Participant,
    program: Program,
    match_id: int | None,
    today: date | None = None,
    own_page: bool = False,
) -> GoalCoach:
    """The goal coach on ``mentee``'s own goals, saving as them; on the mentee's own
    page (``own_page``) what they type is kept as a draft until saved."""
    goals = goal_service.goals_of(folder, mentee.id)

    def save(goal):
        return goal_service.save_goal(folder, mentee, goal)

    coach = GoalCoach(mentee, program, goals, save, match_id=match_id, today=today)
    if own_page:
        box = DraftBox(folder, mentee.id, "goals")
        for gone in coach.open_on_draft(box.keys()):  # drafts of goals deleted since
            box.for_key(gone).discard()
        coach.keep_drafts(box.for_key(coach.draft_key()))
    return coach


def mentee_goals_view(folder: ProgramFolder, pair: Pair, program: Program) -> w.Widget:
    """A mentor reads their mentee's goals with the same SMART feedback."""
    goals = goal_service.goals_of(folder, pair.mentee_id)
    if not goals:
        return Notice(f"{pair.partner.name} has not written a goal yet.")
    context = GoalContext.of(pair.partner, program)
    parts = []
    for goal in goals:
        marks = "".join(
            f"<li>{escape(m.description)}"
            + (f", by {long_date(m.due_date)}" if m.due_date else "")
            + (" — done" if m.done_on else "")
            + "</li>"
            for m in goal.milestones
        )
        parts.append(
            f"<h2>{escape(goal.text)}</h2><p>{goal.progress}% of the way, "
            f"{goal.status.value}</p>{feedback_html(assess_goal(goal.text, context))}"
            + (f"<p><b>Milestones</b></p><ul>{marks}</ul>" if marks else "")
        )
    return make(w.HTML, "".join(parts))


def agreement_view(folder: ProgramFolder, pair: Pair, program: Program) -> AgreementForm:
    agreement = agreements.agreement_of(folder, pair)
    proposed = default_terms(program, wording("agreement", folder.path))

    def sign(terms: AgreementTerms):
        return agreements.sign(folder, pair, terms)

    form = AgreementForm(pair, agreement, proposed, sign)
    if agreement is None or not agreement.signed:  # a signed agreement is read-only
        form.keep_drafts(DraftBox(folder, pair.me.id, "agreement", str(pair.id)))
    return form


def reflection_view(folder: ProgramFolder, pair: Pair, program: Program) -> ReflectionForm:
    goals = goal_service.reported_goals(folder, pair)

    def save(meeting: dict, reflection: dict):
        return pairs.reflect(folder, pair, meeting, reflection)

    def history() -> list[tuple[Meeting, list[Reflection]]]:
        return pairs.history(folder, pair)

    def mark_done(reflection_id: int, item: int) -> Reflection:
        return pairs.mark_action_done(folder, pair, reflection_id, item)

    form = ReflectionForm(
        pair,
        goals,
        wording("reflection", folder.path),
        program.cadence.minutes,
        save,
        history,
        mark_done,
    )
    form.keep_drafts(DraftBox(folder, pair.me.id, "reflection", str(pair.id)))
    form.planner_slot.children = (meeting_planner(folder, pair, program),)
    end = closing.ending(folder, pair)
    if end.is_open(local_today(pair.me)):
        form.closing_slot.children = (closing_view(folder, pair, end),)
    return form


def closing_view(folder: ProgramFolder, pair: Pair, end: closing.Ending) -> ClosingForm:
    """``pair.me``'s closing reflection, kept as a draft until saved."""

    def save(values: dict):
        return closing.write_closing(folder, pair, values)

    form = ClosingForm(pair, end, save)
    form.keep_drafts(DraftBox(folder, pair.me.id, "reflection", f"closing:{pair.id}"))
    return form


def meeting_planner(folder: ProgramFolder, pair: Pair, program: Program) -> MeetingPlanner:
    """The pair's next meeting: planned by the visitor, sent to both calendars."""

    def plan(day, at, minutes, channel, place):
        planned = scheduling.plan_next_meeting(
            folder, pair, day, at, minutes, channel, place
        )
        return planned, _sent(planned)

    def cancel():
        planned = scheduling.cancel_next_meeting(folder, pair)
        if planned is None:
            return None, "No meeting was planned."
        return planned, _sent(planned).replace("Saved", "Called off")

    def _sent(planned) -> str:
        try:
            return scheduling.send_meeting(folder, pair, planned)
        except MentorkitError:  # the server, or the program's mail settings
            log.exception("could not send a meeting invitation")
            return ("Saved, but the invitation could not be e-mailed just now; "
                    "download it below and send it to your partner.")  # fmt: skip

    return MeetingPlanner(
        pair, scheduling.planned_meeting(folder, pair), plan, cancel,
        lambda planned: scheduling.meeting_file(folder, pair, planned),
        program.cadence.minutes, pairs.local_today(pair.me),
    )  # fmt: skip
