"""`mentorkit match` as a coordinator runs it on a stored cohort."""

from __future__ import annotations

import pandas as pd
import pytest

from mentorkit.cli import main
from mentorkit.services.demo import DEMO_COHORT, create_demo


@pytest.fixture
def demo(tmp_path, monkeypatch):
    monkeypatch.delenv("MENTORKIT_DB", raising=False)
    return create_demo(tmp_path / "program", mentors=6, mentees=20, seed=2, history=False)


def run(*args: str) -> int:
    return main(["match", *args])


def test_match_keeps_drafts_then_publishes(demo, capsys, tmp_path):
    program = ["--program", str(demo.path), "--cohort", DEMO_COHORT]
    assert run(*program, "--to", str(tmp_path / "pairs.csv")) == 0
    out = capsys.readouterr().out
    assert "pairs," in out
    assert "Kept as drafts" in out
    with demo.open_store() as store:
        drafts = store.matches(DEMO_COHORT)
    assert len(drafts) > 0
    assert set(drafts["status"].astype(str)) == {"draft"}
    written = pd.read_csv(tmp_path / "pairs.csv")
    assert set(zip(written["mentor_id"], written["mentee_id"], strict=True)) == set(
        zip(drafts["mentor_id"], drafts["mentee_id"], strict=True)
    )

    # Running again replaces the drafts; it does not add a second set.
    assert run(*program) == 0
    with demo.open_store() as store:
        assert len(store.matches(DEMO_COHORT)) == len(drafts)

    assert run(*program, "--publish") == 0
    assert "Published" in capsys.readouterr().out
    with demo.open_store() as store:
        published = store.matches(DEMO_COHORT)
        people = store.participants(cohort=DEMO_COHORT)
    assert set(published["status"].astype(str)) == {"published"}
    matched = set(published["mentor_id"]) | set(published["mentee_id"])
    assert set(people.loc[people["id"].isin(matched), "status"]) == {"matched"}

    # A later run keeps the published pairs and proposes nothing that breaks them.
    assert run(*program) == 0
    with demo.open_store() as store:
        after = store.matches(DEMO_COHORT)
    kept = after[after["status"].astype(str) == "published"]
    assert len(kept) == len(published)


def test_speed_format_prints_a_rotation(demo, capsys):
    code = run(
        "--program",
        str(demo.path),
        "--cohort",
        DEMO_COHORT,
        "--format",
        "speed",
        "--rounds",
        "3",
        "--minutes",
        "8",
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "Round 1" in out
    assert "Round 3" in out
    assert "Table" in out


def test_an_unknown_cohort_is_one_clear_line(demo, capsys):
    assert run("--program", str(demo.path), "--cohort", "Nope") == 1
    err = capsys.readouterr().err
    assert "Nope" in err
    assert len(err.strip().splitlines()) == 1


def test_a_bad_objective_is_refused_by_name(demo, capsys):
    with pytest.raises(SystemExit):
        run("--program", str(demo.path), "--cohort", DEMO_COHORT, "--objective", "best")
    assert "invalid choice: 'best'" in capsys.readouterr().err


def test_peer_format_pairs_the_pool(demo, capsys, tmp_path):
    out_file = tmp_path / "peers.csv"
    code = run(
        "--program",
        str(demo.path),
        "--cohort",
        DEMO_COHORT,
        "--format",
        "peer",
        "--to",
        str(out_file),
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "peer pairs" in out
    assert "the best pairing there is" in out
    pairs = pd.read_csv(out_file)
    assert len(pairs) > 0
    people = list(pairs["first_id"]) + list(pairs["second_id"])
    assert len(people) == len(set(people))


def test_a_cohort_without_mentees_is_refused_with_what_to_do(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("MENTORKIT_DB", raising=False)
    assert main(["init", str(tmp_path / "empty"), "--cohort", "Spring"]) == 0
    capsys.readouterr()
    assert run("--program", str(tmp_path / "empty"), "--cohort", "Spring") == 1
    err = capsys.readouterr().err
    assert "has no mentors and no mentees" in err
    assert "mentorkit import" in err
