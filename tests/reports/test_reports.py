"""Cohort reports and pair sheets, made in batch as a coordinator makes them.

The program below holds things no report may show — a reflection's text, an
e-mail address — and a participant whose name is a script; the reports are read
back as HTML, the way they will be opened.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from sqlalchemy import text

from mentorkit.cli import main
from mentorkit.domain.meetings import Meeting
from mentorkit.reports import suppress_small
from mentorkit.reports.batch import plan, run_batch
from mentorkit.reports.figures import Period
from mentorkit.services.demo import create_demo

pytestmark = pytest.mark.slow

CANARY_TEXT = "canary-reflection: my manager does not know I am leaving"
CANARY_EMAIL = "canary.leak@example.org"
SCRIPT = "<script>alert(1)</script>"
SECOND = "Demo cohort 2"


@pytest.fixture(scope="module")
def program(tmp_path_factory):
    folder = create_demo(
        tmp_path_factory.mktemp("reports") / "program", mentors=3, mentees=8, cohorts=2,
        seed=3,
    )  # fmt: skip
    with folder.open_store() as store:
        matches = store.matches(SECOND)
        pair = matches[matches["status"] == "published"].iloc[0]
        store.update_participant(pair["mentee_id"], email=CANARY_EMAIL)
        store.update_participant(pair["mentor_id"], name=SCRIPT)
        meeting = store.log_meeting(Meeting(match_id=int(pair["id"]), held_on="2026-10-01"))
        store.log_reflection(
            meeting, {"author_id": pair["mentee_id"], "pulse": 2, "shared": True,
                      "discussed": CANARY_TEXT, "learned": CANARY_EMAIL}
        )  # fmt: skip
        mentees = store.participants(cohort=SECOND, role="mentee")["id"].tolist()
        for n, mentee in enumerate(mentees):
            store.update_participant(mentee, department="Data" if n < 5 else "Legal")
    return folder, int(pair["id"])


@pytest.fixture(scope="module")
def batch(program, tmp_path_factory):
    folder, _ = program
    out = tmp_path_factory.mktemp("out")
    jobs = plan(folder, None, pairs=True)
    outcomes = run_batch(folder, jobs, out, workers=2)
    return out, outcomes


def pages(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): p.read_text() for p in out.rglob("*.html")}


def test_one_page_per_cohort_and_pair_and_an_index(program, batch):
    folder, _ = program
    out, outcomes = batch
    with folder.open_store() as store:
        matches = store.matches()
    published = int((matches["status"] == "published").sum())
    assert [o.status for o in outcomes] == ["made"] * (2 + published)
    assert len(list((out / "cohorts").glob("*.html"))) == 2
    assert len(list((out / "pairs").glob("*.html"))) == published
    index = (out / "index.html").read_text()
    for outcome in outcomes:
        assert f'href="{outcome.html}"' in index
    for html in pages(out).values():
        assert "<script" not in html  # no code, nothing to fetch: opens offline
        assert not re.search(r"""(src|href)=["']https?:""", html)


def test_no_report_holds_reflection_text_or_contact_details(batch):
    out, _ = batch
    for name, html in pages(out).items():
        assert CANARY_TEXT not in html, name
        assert CANARY_EMAIL not in html, name
        assert "canary" not in html.lower(), name


def test_a_name_that_is_a_script_shows_as_text(program, batch):
    _, pair_id = program
    out, _ = batch
    sheet = (out / "pairs" / f"pair-{pair_id}.html").read_text()
    index = (out / "index.html").read_text()
    for html in (sheet, index):
        assert SCRIPT not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_group_of_three_is_hidden_with_a_note(batch):
    out, _ = batch
    report = (out / "cohorts" / "cohort-demo-cohort-2.html").read_text()
    section = report[report.index("By department") :]
    assert "Data" in section
    assert "Legal" not in section
    assert "1 group with fewer than 5 people not shown" in section


def test_cohort_report_shows_its_charts_and_figures(batch):
    out, _ = batch
    report = (out / "cohorts" / "cohort-demo-cohort.html").read_text()
    assert report.count('src="data:image/png;base64,') >= 4
    for section in ("Participation", "Matching", "Meetings and cadence",
                    "Goals and milestones", "How the relationships feel", "Pairs at risk",
                    "The program's objectives"):  # fmt: skip
        assert f">{section}</h2>" in report.replace("&#x27;", "'")


def test_suppress_small_counts_what_it_hides():
    import pandas as pd

    table = pd.DataFrame({"people": [12, 3, 5, 1]}, index=["a", "b", "c", "d"])
    hidden = suppress_small(table, "people", 5)
    assert list(hidden.table.index) == ["a", "c"]
    assert hidden.note.startswith("2 groups with fewer than 5 people not shown")
    assert suppress_small(table, "people", 1).note == ""


def test_a_period_is_read_or_refused_clearly():
    from datetime import date

    today = date(2026, 11, 30)
    assert Period.parse(None, today) == Period(None, today)
    assert Period.parse("2026-06-01..", today) == Period(date(2026, 6, 1), today)
    for bad, says in (("2026-13-01..2026-12-01", "ISO dates"),
                      ("2026-06-01", "needs '..'"),
                      ("2026-06-01..2026-05-01", "ends before it starts")):  # fmt: skip
        with pytest.raises(Exception, match=says):
            Period.parse(bad, today)


@pytest.fixture
def three_cohorts(tmp_path):
    return create_demo(tmp_path / "program", mentors=3, mentees=6, cohorts=3, seed=8)


def _break_a_goal(folder, cohort: str, progress) -> None:
    with folder.open_store() as store, store.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE goals SET progress = :p WHERE id = (SELECT min(g.id) FROM goals g "
                "JOIN matches m ON m.id = g.match_id JOIN cohorts c ON c.id = m.cohort_id "
                "WHERE c.name = :c)"
            ),
            {"p": progress, "c": cohort},
        )


def test_a_failing_report_is_listed_and_resume_runs_only_what_is_missing(
    three_cohorts, tmp_path
):
    folder = three_cohorts
    out = tmp_path / "out"
    _break_a_goal(folder, "Demo cohort 3", "not a number")
    jobs = plan(folder, None)
    first = run_batch(folder, jobs, out, workers=2)
    assert [o.status for o in first] == ["made", "made", "failed"]
    failed = first[2]
    assert re.match(r"cell \d+ \(.+\): TypeError: ", failed.error), failed.error
    assert (out / failed.notebook).is_file()  # the partial notebook is kept
    partial = nbformat.read(out / failed.notebook, as_version=4)
    assert any(
        o.output_type == "error" for c in partial.cells for o in c.get("outputs", [])
    )
    index = (out / "index.html").read_text()
    assert "failed" in index
    assert "TypeError" in index
    assert 'href="notebooks/cohort-demo-cohort-3.ipynb"' in index

    _break_a_goal(folder, "Demo cohort 3", 40)  # the coordinator mends the data
    second = run_batch(folder, jobs, out, workers=2, resume=True)
    assert [o.status for o in second] == ["up to date", "up to date", "made"]
    manifest = json.loads((out / "manifest.json").read_text())["reports"]
    assert {k: v["status"] for k, v in manifest.items()} == {
        "cohort-demo-cohort": "up to date",
        "cohort-demo-cohort-2": "up to date",
        "cohort-demo-cohort-3": "made",
    }

    with folder.open_store() as store:  # new data in one cohort: only it is made again
        store.update_participant("C2-E0001", department="Design")
    third = run_batch(folder, jobs, out, workers=2, resume=True)
    assert [o.status for o in third] == ["up to date", "made", "up to date"]


def test_the_command_reports_and_refuses_clearly(three_cohorts, tmp_path, capsys):
    folder = three_cohorts
    out = tmp_path / "out"
    code = main(["report", "--program", str(folder.path), "--cohort", "Demo cohort 2",
                 "--out", str(out), "--jobs", "1"])  # fmt: skip
    printed = capsys.readouterr()
    assert code == 0
    assert "1 made, 0 up to date, 0 failed" in printed.out
    assert str((out / "index.html").resolve()) in printed.out
    assert main(["report", "--program", str(folder.path), "--cohort", "Winter"]) == 1
    assert "No cohort 'Winter'. Known cohorts: Demo cohort, Demo cohort 2" in (
        capsys.readouterr().err
    )
    with pytest.raises(SystemExit) as usage:
        main(["report", "--program", str(folder.path), "--all", "--cohort", "X"])
    assert usage.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_the_workbook_runs_by_hand_with_papermill(three_cohorts, tmp_path):
    workbook = Path(__file__).parents[2] / "workbooks" / "cohort_report.ipynb"
    done = subprocess.run(
        [sys.executable, "-m", "papermill", str(workbook), str(tmp_path / "out.ipynb"),
         "-p", "program", str(three_cohorts.path), "-p", "cohort", "Demo cohort"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    executed = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    outputs = [o for c in executed.cells for o in c.get("outputs", [])]
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 4


def test_a_batch_killed_midway_resumes_with_only_what_was_not_made(three_cohorts, tmp_path):
    import os
    import signal
    import time

    out = tmp_path / "out"
    batch = subprocess.Popen(
        [sys.executable, "-m", "mentorkit", "report", "--program", str(three_cohorts.path),
         "--all", "--jobs", "1", "--out", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    manifest = out / "manifest.json"
    deadline = time.monotonic() + 240
    made: list[str] = []
    while not made and time.monotonic() < deadline and batch.poll() is None:
        time.sleep(0.2)
        if manifest.is_file():
            reports = json.loads(manifest.read_text())["reports"]
            made = [k for k, v in reports.items() if v["status"] == "made"]
    running = batch.poll() is None
    os.killpg(batch.pid, signal.SIGKILL)  # the coordinator's laptop went to sleep
    batch.wait()
    assert running, "the manifest said nothing until the whole batch was done"
    assert made, "no report was made before the batch was killed"
    for page in (out / "cohorts").glob("*.html"):
        assert page.read_text().rstrip().endswith("</html>")  # never half a page
    again = run_batch(three_cohorts, plan(three_cohorts, None), out, resume=True)
    statuses = {o.key: o.status for o in again}
    assert all(statuses[key] == "up to date" for key in made)
    assert all(s == "made" for k, s in statuses.items() if k not in made)


def test_the_program_report_shows_no_cohort_smaller_than_the_minimum(tmp_path):
    from mentorkit.domain.participants import Participant
    from mentorkit.domain.programs import Cohort
    from mentorkit.reports.program_report import ProgramReport

    folder = create_demo(tmp_path / "p", mentors=3, mentees=7, cohorts=2)
    with folder.open_store() as store:
        store.add_cohort(Cohort(name="Pilot"))
        store.add_participants([
            Participant(cohort="Pilot", role=role, name=f"Pilot {n}", timezone="UTC",
                        email=f"pilot{n}@example.org")
            for n, role in enumerate(["mentor", "mentee", "mentee"])
        ])  # fmt: skip
    report = ProgramReport.open(folder)
    try:
        assert list(report.trends["cohort"]) == ["Demo cohort", "Demo cohort 2"]
        assert report.hidden == ["Pilot"]  # 3 people, under the program's 5
    finally:
        report.close()
