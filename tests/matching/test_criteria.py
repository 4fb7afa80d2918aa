"""One definition per criterion feeds scoring, explanations, the settings file and the
README: a criterion missing from any of them fails here."""

from __future__ import annotations

import re
from pathlib import Path

from mentorkit.folder import Settings
from mentorkit.matching import DEFAULT_WEIGHTS, MatchPolicy, score_matrix
from mentorkit.matching.criteria import CRITERIA, Criterion
from tests.matching.conftest import person

README = Path(__file__).parents[2] / "README.md"


def test_every_criterion_is_defined_once():
    assert [c.key for c in CRITERIA] == list(Criterion)
    assert {c.key: c.weight for c in CRITERIA} == DEFAULT_WEIGHTS
    assert MatchPolicy().weights == DEFAULT_WEIGHTS


def test_the_readme_table_and_the_settings_file_come_from_the_registry():
    rows = re.findall(r"^\| `(\w+)` \| (\d+) \| (.+) \|$", README.read_text(), re.M)
    assert rows == [(str(c.key), f"{c.weight:g}", c.measures) for c in CRITERIA]
    template = Settings().to_toml()
    for criterion in CRITERIA:
        assert re.search(rf"^# {criterion.key} = {criterion.weight:g} +# ", template, re.M)


def test_each_criterion_scores_and_explains_itself():
    import pandas as pd

    mentor = person("M1", "mentor", skills_offered=["python"], department="Data",
                    preferred=[], availability=["Mon 09:00-11:00"])  # fmt: skip
    mentee = person("E1", "mentee", skills_sought=["python"], department="Sales",
                    goals="grow in python", preferred=["M1"],
                    availability=["Mon 09:00-11:00"])  # fmt: skip
    matrix = score_matrix(pd.DataFrame([mentor]), pd.DataFrame([mentee]))
    said = matrix.explain(0, 0)
    for criterion in CRITERIA:
        assert matrix.points[criterion.key][0, 0] > 0, criterion.key
    assert "offers 1 of 1 skills sought (python)" in said
    assert "the mentee's wish no. 1" in said
