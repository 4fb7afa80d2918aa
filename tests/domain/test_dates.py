"""How a date reads wherever a participant sees one."""

from __future__ import annotations

from datetime import date

import pytest

from mentorkit.domain.records import long_date, span


@pytest.mark.parametrize(
    ("day", "said"),
    [
        (date(2026, 12, 6), "6 December 2026"),
        (date(2027, 3, 31), "31 March 2027"),
        (date(2030, 1, 1), "1 January 2030"),
    ],
)
def test_a_long_date_has_no_leading_zero(day, said):
    assert long_date(day) == said


@pytest.mark.parametrize(
    ("days", "said"),
    [(0, "0 days"), (1, "1 day"), (13, "13 days"), (14, "2 weeks"), (20, "2 weeks"),
     (21, "3 weeks"), (210, "30 weeks")],
)  # fmt: skip
def test_a_span_is_in_days_under_two_weeks_else_in_weeks(days, said):
    assert span(days) == said
