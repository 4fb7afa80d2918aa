"""The intake and a reflection filled in and saved with the keyboard alone: Tab to
each control, type, Space to tick or press, Enter to save; no mouse anywhere."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def served(served_apart):
    """This module's own demo: its tests sign, log and save on new pairs."""
    return served_apart


TIMEOUT_MS = 120_000
FOCUSED = """() => { const el = document.activeElement; if (!el) return {};
  const box = el.closest('[class*=mk-field-], .mk-submit, .mk-save-reflection, .mk-pulse');
  return { tag: el.tagName, type: el.type || '', text: (el.textContent || '').trim(),
           label: el.getAttribute('aria-label') || '',
           box: box ? box.className : '' }; }"""


def tab_through(page, act, limit: int = 200) -> list[dict]:
    """Press Tab until ``act`` (given what has the focus) says it is done."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        seen.append(focused)
        if act(page, focused):
            return seen
    raise AssertionError(f"Tab never reached the end; last focused: {seen[-5:]}")


def test_the_intake_is_completed_with_the_keyboard_alone(browser, served):
    with served.folder.open_store() as store:
        person = store.participants().query("role == 'mentee'").iloc[-1]
        store.update_participant(person.id, consents={}, goals="")
    page = browser.new_context(viewport={"width": 390, "height": 900}).new_page()
    page.goto(served.link(person.id).replace("/?", "/voila/render/intake.ipynb?"))
    page.locator(".mk-app-intake").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(700)
    done = set()

    def act(page, focused) -> bool:
        box = focused.get("box", "")
        if "mk-field-goals" in box and "goals" not in done:
            page.keyboard.type("Lead a project review by June, with my mentor's help")
            done.add("goals")
        elif "mk-slot-mon-morning" in box or focused["label"].startswith("Monday morning"):
            page.keyboard.press("Space")
            done.add("slot")
        elif "mk-field-consents" in box and focused["type"] == "checkbox":
            page.keyboard.press("Space")
            done.add(box)
        elif "mk-submit" in box:
            page.keyboard.press("Enter")
            return True
        return False

    tab_through(page, act)
    page.locator(".mk-notice-saved").wait_for(timeout=30_000)
    assert "slot" in done
    with served.folder.open_store() as store:
        saved = store.participant(person.id)
    assert saved.goals.startswith("Lead a project review by June")
    assert len(saved.consents) == 2
    assert any(s.startswith("Mon 08") for s in saved.availability)
    page.context.close()


def test_a_reflection_is_saved_with_the_keyboard_alone(browser, served):
    with served.folder.open_store() as store:
        matches = store.matches()
        match = matches[matches["status"] == "published"].iloc[-1]
        mentee = match.mentee_id
        before = len(store.reflections(mentee))
        store.drafts.discard(mentee, "reflection", str(match.id))
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(served.link(mentee).replace("/?", "/voila/render/reflection.ipynb?"))
    page.locator(".mk-app-reflection").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(700)
    done = set()

    def act(page, focused) -> bool:
        box = focused.get("box", "")
        if "mk-field-learned" in box and "learned" not in done:
            page.keyboard.type("To bring one question to every meeting")
            done.add("learned")
        elif "mk-pulse" in box and focused["text"] == "4":
            page.keyboard.press("Space")
            done.add("pulse")
        elif "mk-save-reflection" in box:
            page.keyboard.press("Enter")
            return True
        return False

    tab_through(page, act)
    page.get_by_text("Saved your reflection").wait_for(timeout=30_000)
    assert done == {"learned", "pulse"}
    with served.folder.open_store() as store:
        after = store.reflections(mentee)
    assert len(after) == before + 1
    newest = max(after, key=lambda r: r.id)
    assert newest.learned == "To bring one question to every meeting"
    assert newest.pulse == 4
    page.context.close()
