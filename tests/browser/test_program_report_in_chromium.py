"""The program report across the demo's three cohorts opens in Chromium with the
network off: a row per cohort, the trends chart, and it fits a phone."""

from __future__ import annotations

import pytest

from mentorkit.reports.batch import plan, run_batch
from mentorkit.services.demo import create_demo
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_reports_in_chromium import open_offline

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def program_report(tmp_path_factory):
    folder = create_demo(
        tmp_path_factory.mktemp("program") / "program", mentors=3, mentees=7, cohorts=3
    )
    jobs = [job for job in plan(folder, None, program=True) if job.kind == "program"]
    assert len(jobs) == 1
    out = tmp_path_factory.mktemp("out")
    (outcome,) = run_batch(folder, jobs, out, workers=1)
    assert outcome.status == "made", outcome.error
    return out / outcome.html


def test_the_program_report_compares_the_cohorts_offline(browser, program_report):
    context, page, failed = open_offline(browser, program_report)
    assert page.locator("h1").inner_text() == "Program report: cohort after cohort"
    rows = page.locator("table.mk-table tbody tr")
    assert rows.count() == 3
    assert [rows.nth(i).locator("th").inner_text() for i in range(3)] == [
        "Demo cohort", "Demo cohort 2", "Demo cohort 3"]  # fmt: skip
    header = page.locator("table.mk-table thead").inner_text()
    for column in ("Mentees matched", "Cadence kept", "Goals achieved", "Meeting pulse"):
        assert column in header
    image = page.locator("img").first
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert failed == []
    page.screenshot(path=ARTIFACTS / "report-program-1100.png", full_page=True)
    context.close()
    context, page, _ = open_offline(browser, program_report, width=390)
    wide = page.evaluate("document.scrollingElement.scrollWidth")
    assert wide <= 390, f"the program report is {wide} px wide on a 390 px screen"
    page.screenshot(path=ARTIFACTS / "report-program-390.png", full_page=True)
    context.close()
