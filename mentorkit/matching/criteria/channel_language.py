"""Channel and language: a channel both use, and the mentee's first language."""

from __future__ import annotations

import numpy as np

from mentorkit.matching._arrays import channel_bits, indicator
from mentorkit.matching.criteria._base import Criterion, CriterionDef, PairView, Sides


def fraction(sides: Sides) -> np.ndarray:
    common_channel = (
        channel_bits(sides.mentees.frame).astype(np.uint8)[:, None]
        & channel_bits(sides.mentors.frame).astype(np.uint8)[None, :]
    ) != 0
    first = indicator([row[:1] for row in sides.spoken_by_mentees], sides.languages)
    return (
        common_channel.astype(np.float32) + ((first @ sides.speaks[1].T) > 0)
    ) * np.float32(0.5)


def explain(_pair: PairView) -> str:
    return "a shared channel and the mentee's first language"


CRITERION = CriterionDef(
    Criterion.CHANNEL_LANGUAGE, 10, "a shared channel; the mentee's first language",
    fraction, explain,
)  # fmt: skip
