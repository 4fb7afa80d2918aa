"""Several participants opening the intake at the same moment each get their own form.

Voila used to render a cell without its output when the output messages came more
than 4 s after the cell finished; with a few visitors at once on a small machine
they did, and every visitor got a blank page. ``voila_config`` now waits longer.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import Served, start_serving, stop_serving

pytestmark = [pytest.mark.browser, pytest.mark.slow]
VISITORS = 4


@pytest.fixture(scope="module")
def crowded(tmp_path_factory) -> Served:
    from mentorkit.services.demo import create_demo

    folder = create_demo(tmp_path_factory.mktemp("crowd") / "demo", mentors=3, mentees=8)
    process, url = start_serving(
        folder.path, "--pool-size", "0", "--pool", f"intake={VISITORS}", timeout=300
    )
    yield Served(url, folder)
    stop_serving(process)


def test_visitors_arriving_together_each_see_their_own_form(crowded, browser):
    people = [f"E{i:04d}" for i in range(1, VISITORS + 1)]
    pages = []
    for person in people:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        link = crowded.link(person).replace("/?", "/voila/render/intake.ipynb?")
        page.goto(link, wait_until="commit")
        pages.append(page)
    try:
        for person, page in zip(people, pages, strict=True):
            page.locator(".mk-intake").wait_for(state="visible", timeout=240_000)
            shown = page.locator(".mk-field-email input").input_value()
            assert shown == crowded.person(person).email
    finally:
        for page in pages:
            page.context.close()
