"""Personal links: only the program's own, unaltered, unexpired tokens are honoured."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorkit.errors import LinkRefused
from mentorkit.services.access import (
    LinkClaims,
    personal_link,
    read_link,
    sign_link,
    token_from_query,
)

SECRET = "a-program-secret-of-some-length"
CLAIMS = LinkClaims("E0001", "Spring", date(2027, 6, 30))


def test_a_signed_link_reads_back():
    token = sign_link(SECRET, CLAIMS)
    assert read_link(SECRET, token, today=date(2027, 6, 30)) == CLAIMS


@pytest.mark.parametrize(
    ("token", "today", "reason"),
    [
        (None, None, "missing"),
        ("", None, "missing"),
        ("garbage", None, "tampered"),
        (sign_link("another-program", CLAIMS), date(2027, 1, 1), "tampered"),
        (sign_link(SECRET, CLAIMS), date(2027, 7, 1), "expired"),
    ],
)
def test_refusals_say_why(token, today, reason):
    with pytest.raises(LinkRefused) as refused:
        read_link(SECRET, token, today=today)
    assert refused.value.reason == reason


@given(
    position=st.integers(min_value=0),
    replacement=st.characters(
        whitelist_categories=("Ll", "Lu", "Nd"), whitelist_characters="-_."
    ),
)
def test_any_changed_character_is_refused(position, replacement):
    token = sign_link(SECRET, CLAIMS)
    position %= len(token)
    changed = token[:position] + replacement + token[position + 1 :]
    if changed == token:
        return
    try:
        claims = read_link(SECRET, changed, today=date(2027, 1, 1))
    except LinkRefused as refused:
        reason = refused.reason
    else:  # base64 padding bits can change without changing the bytes
        reason = "same claims" if claims == CLAIMS else "accepted other claims"
    assert reason in {"tampered", "same claims"}


def test_the_link_carries_the_token_to_the_home_page():
    token = sign_link(SECRET, CLAIMS)
    link = personal_link("http://127.0.0.1:8866/", token)
    assert link.startswith("http://127.0.0.1:8866/?token=")
    assert token_from_query(link.split("?", 1)[1]) == token
    assert token_from_query("") is None
    assert token_from_query("other=1") is None
