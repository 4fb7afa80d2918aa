"""The five SMART criteria as a participant reads them: each met or not, with the
evidence found or the coaching question for what is missing (the analysis is
:func:`mentorkit.domain.goals.assess_goal`'s). The goal coach shows it as the mentee
types; a mentor reads it beside their mentee's goals."""

from __future__ import annotations

from html import escape

from mentorkit.domain.goals import Assessment

CRITERIA = {
    "specific": "Specific",
    "measurable": "Measurable",
    "achievable": "Achievable",
    "relevant": "Relevant",
    "time_bound": "Time-bound",
}


def feedback_html(assessment: Assessment) -> str:
    """The five criteria, each met or not, with its evidence or coaching question."""
    rows = []
    for key, label in CRITERIA.items():
        check = getattr(assessment, key)
        state = (
            "mk-met" if check.met else ("mk-unknown" if check.met is None else "mk-unmet")
        )
        mark = "✓" if check.met else ("?" if check.met is None else "✗")
        said = check.evidence if check.met else (check.question or check.evidence)
        why = (  # what was found, beside the question about what is missing
            f" <small class='mk-smart-why'>({escape(check.evidence)})</small>"
            if check.met is False and check.question and check.evidence
            else ""
        )
        rows.append(
            f"<li class='mk-smart-{key} {state}'><b>{mark} {label}</b> "
            f"<span>{escape(said)}</span>{why}</li>"
        )
    verdict = (
        "<p class='mk-smart-verdict mk-met'>All five met: this is a SMART goal.</p>"
        if assessment.is_smart
        else f"<p class='mk-smart-verdict'>{assessment.met_count} of 5 met.</p>"
    )
    return f"<ul class='mk-smart'>{''.join(rows)}</ul>{verdict}"
