"""The trained half of the SMART checks: the shipped weights, what they change for a
participant, and the rules deciding alone when the file is missing or broken."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from datetime import date

import pytest

from mentorkit.domain import smart_model
from mentorkit.domain.smart import GoalContext, assess_goal, read_goal
from mentorkit.domain.smart_model import QUIET, shipped

CORPUS = smart_model.WEIGHTS.parents[2] / "tests" / "data" / "smart_corpus.csv"
TODAY = GoalContext(today=date(2026, 12, 1))


def test_the_shipped_model_was_trained_on_the_corpus_as_it_is():
    model = shipped()
    assert model is not None, "mentorkit/domain/smart_model.json is missing or broken"
    digest = hashlib.sha256(CORPUS.read_bytes()).hexdigest()
    assert model.trained_on["corpus_sha256"] == digest, (
        "the corpus changed since the model was trained: run benchmarks/train_smart.py"
    )
    assert set(model.criteria) == {"specific", "measurable", "time_bound"}
    assert smart_model.WEIGHTS.stat().st_size < 256 * 1024


VAGUE = ["Save money", "Build my network", "Earn a new certificate", "Improve teamwork"]


@pytest.mark.parametrize("goal", VAGUE)
def test_an_outcome_without_a_concrete_action_is_not_specific(goal):
    assert assess_goal(goal, TODAY).specific.met is False
    assert assess_goal(goal, TODAY).specific.question


def test_a_care_goal_with_a_quarter_is_specific_and_time_bound():
    goal = (
        "Decrease readmission rates to the general medicine floors by the end of the "
        "fourth quarter"
    )
    assessment = assess_goal(goal, TODAY)
    assert assessment.specific.met
    assert assessment.time_bound.met
    assert assessment.due == date(2026, 12, 31)


def test_where_the_model_overrules_the_rules_it_names_the_goals_own_words():
    overruled = 0
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        goals = [row["text"] for row in csv.DictReader(handle)]
    for text in goals[:200]:
        rules = read_goal(text, TODAY.today).checks
        judged = assess_goal(text, TODAY)
        for criterion, rule in rules.items():
            check = getattr(judged, criterion)
            if check.met == rule.met:
                assert check == rule  # agreeing, the rules' own evidence is shown
                continue
            overruled += 1
            words = " ".join(re.findall(r"[a-z']+", text.lower()))
            if criterion == "specific" and check.met:  # the action, in the goal's words
                assert set(re.findall(r"[a-z']+", check.evidence.lower())) <= set(
                    words.split()
                )
            else:  # the words that decided, quoted
                quoted = re.findall(r"'([a-z' ]+)'", check.evidence)
                assert all(w in words and not set(w.split()) <= QUIET for w in quoted), (
                    check
                )
            assert bool(check.question) == (check.met is False)
    assert overruled, "the model never overruled the rules on 200 goals"


def test_without_the_weights_the_rules_decide_alone(tmp_path, monkeypatch):
    broken = tmp_path / "smart_model.json"
    broken.write_text(json.dumps({"criteria": {"specific": {"bias": "x"}}}))
    monkeypatch.setattr(smart_model, "WEIGHTS", broken)
    shipped.cache_clear()
    try:
        assert shipped() is None
        rules = read_goal("Save money", TODAY.today).checks
        assert assess_goal("Save money", TODAY).specific == rules["specific"]
    finally:
        shipped.cache_clear()
