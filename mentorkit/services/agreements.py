"""A pair's agreement: read as one side sees it, and signed by that side."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mentorkit.domain.agreements import Agreement, AgreementTerms
from mentorkit.errors import NotFound
from mentorkit.services._unit import with_store
from mentorkit.services.pairs import Pair
from mentorkit.store import Store


@with_store
def agreement_of(store: Store, pair: Pair) -> Agreement | None:
    """The pair's agreement, or None before either side signed anything."""
    try:
        return store.agreement(pair.id)
    except NotFound:
        return None


@with_store
def sign(store: Store, pair: Pair, terms: AgreementTerms | Mapping[str, Any]) -> Agreement:
    """``pair.me`` signs ``terms`` (changing them withdraws the other signature)."""
    return store.sign_agreement(pair.id, pair.me.id, terms)
