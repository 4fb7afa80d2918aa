"""At the cap, visitors wait in a queue page that continues by itself, in turn."""

from __future__ import annotations

import pytest

from mentorkit.services.demo import create_demo
from tests.browser.conftest import (
    ARTIFACTS,
    Running,
    eventually,
    kernels_of,
    set_apps,
    start_serving,
    stop_serving,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
FORM_WITHIN = 120  # seconds: a kernel starts for the visitor while they wait


@pytest.fixture(scope="module")
def capped(tmp_path_factory):
    folder = create_demo(tmp_path_factory.mktemp("capped") / "demo", mentors=5, mentees=12)
    folder = set_apps(folder, max_kernels=2, pool_size=0, pools={"intake": 2})
    process, url = start_serving(folder.path)
    yield Running(url, folder, process)
    stop_serving(process)


def intake_url(served, who):
    return served.link(who).replace("/?", "/voila/render/intake.ipynb?")


def shows_form_of(page, person) -> bool:
    form = page.locator(".mk-app-intake")
    return form.count() == 1 and f"Welcome, {person.name}" in form.inner_text()


def test_at_the_cap_visitors_queue_and_reach_their_own_form_in_turn(capped, browser):
    eventually(lambda: len(kernels_of(capped.process)) == 2, 120, "two warm kernels")
    people = [capped.person(f"E000{n}") for n in range(1, 5)]
    contexts = [
        browser.new_context(viewport={"width": width, "height": 800})
        for width in (1280, 390, 390, 1280)
    ]
    pages = [context.new_page() for context in contexts]
    errors: list[str] = []
    for page in pages:
        page.on("pageerror", lambda error: errors.append(str(error)))
    most = [0]

    def watch(check):
        def watched():
            most[0] = max(most[0], len(kernels_of(capped.process)))
            return check()

        return watched

    for page, person in zip(pages, people, strict=True):  # one after the other
        page.goto(intake_url(capped, person.id), wait_until="commit")
    for page in pages[2:]:  # at once: a page of ours, saying where they are
        page.locator(".mk-queue").wait_for(timeout=5_000)
    assert "You are next." in pages[2].locator(".mk-queue-said").inner_text()
    assert (
        "There is 1 person before you." in pages[3].locator(".mk-queue-said").inner_text()
    )
    assert "no need to reload" in pages[3].locator(".mk-queue").inner_text()
    pages[2].screenshot(path=ARTIFACTS / "queue-390.png", full_page=True)
    for page, person in zip(pages[:2], people[:2], strict=True):
        eventually(watch(lambda p=page, who=person: shows_form_of(p, who)), FORM_WITHIN,
                   f"{person.id} saw their form")  # fmt: skip

    pages[0].close()  # one leaves: the first in the queue gets the kernel, not the last
    eventually(watch(lambda: shows_form_of(pages[2], people[2])), FORM_WITHIN,
               "the first in the queue reached their form")  # fmt: skip
    assert pages[3].locator(".mk-queue").count() == 1, "the second was served out of turn"
    eventually(
        lambda: "You are next." in pages[3].locator(".mk-queue-said").inner_text(),
        10,
        "the second in the queue was told they are next",
    )
    pages[1].close()
    eventually(watch(lambda: shows_form_of(pages[3], people[3])), FORM_WITHIN,
               "the second in the queue reached their form")  # fmt: skip
    for page in pages[2:]:  # by themselves: the page went on, nobody reloaded
        kind = page.evaluate("performance.getEntriesByType('navigation')[0].type")
        assert kind == "navigate"
        assert "mk_ticket" not in page.url
    assert most[0] <= 2, f"{most[0]} kernels ran at once under a cap of 2"
    assert errors == []
    for context in contexts:
        context.close()
