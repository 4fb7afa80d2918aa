"""The reports open in Chromium with the network off, and show their charts."""

from __future__ import annotations

import pytest

from mentorkit.reports.batch import plan, run_batch
from mentorkit.services.demo import create_demo
from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = create_demo(
        tmp_path_factory.mktemp("reports") / "program", mentors=3, mentees=7, cohorts=2
    )
    out = tmp_path_factory.mktemp("out")
    jobs = plan(folder, None, pairs=True)
    jobs = [j for j in jobs if j.kind == "cohort"] + [j for j in jobs if j.kind == "pair"][
        :2
    ]
    outcomes = run_batch(folder, jobs, out, workers=2)
    assert all(o.status == "made" for o in outcomes)
    return out, outcomes


def open_offline(browser, path, width=1100):
    context = browser.new_context(viewport={"width": width, "height": 900}, offline=True)
    page = context.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return context, page, failed


def test_every_report_opens_offline_with_its_charts(browser, reports):
    out, outcomes = reports
    for n, outcome in enumerate(outcomes):
        context, page, failed = open_offline(browser, out / outcome.html)
        images = page.locator("img")
        assert images.count() >= (4 if outcome.kind == "cohort" else 1)
        for i in range(images.count()):
            assert images.nth(i).evaluate("img => img.complete && img.naturalWidth > 0")
        assert failed == []
        assert (
            page.locator("h1")
            .inner_text()
            .startswith("Cohort report" if outcome.kind == "cohort" else "Progress of")
        )
        if n in (0, 2):  # the first cohort report and the first pair sheet
            page.screenshot(path=ARTIFACTS / f"report-{outcome.key}.png", full_page=True)
        context.close()


def test_the_index_links_every_report(browser, reports):
    out, outcomes = reports
    context, page, failed = open_offline(browser, out / "index.html", width=900)
    links = page.locator("a")
    assert links.count() == len(outcomes)
    links.first.click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "Cohort report: Demo cohort"
    assert failed == []
    context.close()
    context, page, _ = open_offline(browser, out / "index.html", width=390)
    page.screenshot(path=ARTIFACTS / "report-index-390.png", full_page=True)
    context.close()


def test_every_report_fits_a_phone(browser, reports):
    out, outcomes = reports
    for outcome in [*outcomes, None]:
        path = out / (outcome.html if outcome else "index.html")
        context, page, _ = open_offline(browser, path, width=390)
        wide = page.evaluate("document.scrollingElement.scrollWidth")
        assert wide <= 390, f"{path.name} is {wide} px wide on a 390 px screen"
        if outcome is not None and outcome.kind == "cohort":
            page.screenshot(
                path=ARTIFACTS / f"report-{outcome.key}-390.png", full_page=True
            )
        context.close()
