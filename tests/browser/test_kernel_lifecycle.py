"""Kernels come and go: a visitor's kernel ends when they leave, or when their
browser vanished, after the idle time; a request without a valid link starts none."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from mentorkit.apps import free_port
from tests.browser.conftest import (
    CHROMIUM_ARGS,
    IDLE_MINUTES,
    eventually,
    kernel_of,
    kernels_of,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
FORM_WITHIN = 90  # seconds; a kernel may still be warming up on a busy machine


def open_intake(page, served, who: str) -> str:
    page.goto(served.link(who).replace("/?", "/voila/render/intake.ipynb?"))
    page.locator(".mk-app-intake .mk-intake").wait_for(timeout=FORM_WITHIN * 1000)
    return kernel_of(page)


def settled(process, quiet: float = 4.0, within: float = 90.0) -> set[str]:
    """The server's kernels once they have not changed for ``quiet`` seconds."""
    deadline = time.monotonic() + within
    seen, since = kernels_of(process), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = kernels_of(process)
        if now != seen:
            seen, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return seen
    raise AssertionError(f"the kernels kept changing for {within:.0f} s")


def test_requests_without_a_valid_link_start_no_kernel(short_lived):
    eventually(lambda: len(kernels_of(short_lived.process)) == 2, 120, "two warm kernels")
    before = settled(short_lived.process)  # a kernel an earlier test left may be replaced
    token = short_lived.link("E0001").split("token=")[1]
    queries = ["", "token=", "token=abc", f"token={token[:-2]}xx", "token=&template=lab",
               f"token={token[:-4]}&theme=dark"] * 4  # fmt: skip
    for n, query in enumerate(queries[:20]):
        app = ("intake", "goals", "reflection", "agreement")[n % 4]
        url = f"{short_lived.url}voila/render/{app}.ipynb?{query}"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url, timeout=30)
        assert refused.value.code == 403
        assert "This link cannot be used" in refused.value.read().decode()
    time.sleep(3)  # a kernel started for any of them would have shown up by now
    assert kernels_of(short_lived.process) == before


@pytest.mark.parametrize("leaving", ["closes the tab", "goes to another site"])
def test_a_visitor_who_leaves_takes_their_kernel_with_them(short_lived, browser, leaving):
    context = browser.new_context()
    page = context.new_page()
    kernel = open_intake(page, short_lived, "E0002")
    assert kernel in kernels_of(short_lived.process)
    if leaving == "closes the tab":  # a closed tab on a phone skips beforeunload
        page.close()
    else:
        page.goto("about:blank")
    # well before the idle time: the goodbye ended it, not the culler
    eventually(lambda: kernel not in kernels_of(short_lived.process), 8, "the kernel ended")
    context.close()


def test_one_participant_holds_three_kernels_at_most_the_oldest_ends(short_lived, browser):
    context = browser.new_context()
    pages, held = [], []
    for _ in range(4):  # four tabs of the same link
        page = context.new_page()
        held.append(open_intake(page, short_lived, "E0007"))
        pages.append(page)
    eventually(lambda: held[0] not in kernels_of(short_lived.process), 15,
               "the oldest of the participant's kernels ended")  # fmt: skip
    assert set(held[1:]) <= kernels_of(short_lived.process)
    ended = pages[0].locator(".mk-ended")
    ended.wait_for(timeout=30_000)  # and its page says so, and that nothing is lost
    assert "opened it elsewhere" in ended.inner_text()
    context.close()


def test_a_kernel_whose_browser_was_killed_is_culled_when_idle(short_lived, playwright):
    port = free_port(9400)
    chromium = subprocess.Popen(
        ["/usr/bin/chromium", "--headless", f"--remote-debugging-port={port}",
         f"--user-data-dir={os.environ.get('TMPDIR', '/tmp')}/mk-killed-{port}",
         *CHROMIUM_ARGS, "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        browser = eventually(
            lambda: _connect(playwright, port), 30, "Chromium took the debugging connection"
        )
        page = browser.contexts[0].new_page()
        kernel = open_intake(page, short_lived, "E0003")
    finally:
        os.killpg(chromium.pid, signal.SIGKILL)  # no goodbye: the phone went dark
        chromium.wait()
    killed_at = time.monotonic()
    time.sleep(3)
    assert kernel in kernels_of(short_lived.process), "ended before it was idle"
    eventually(
        lambda: kernel not in kernels_of(short_lived.process),
        IDLE_MINUTES * 60 + 40,
        "the idle kernel was culled",
    )
    assert time.monotonic() - killed_at >= IDLE_MINUTES * 60 - 2


def _connect(playwright, port):
    try:
        return playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
    except Exception:
        return None


def test_only_the_servers_own_kernels_may_wait_for_a_visitors_request(short_lived):
    import uuid

    from websockets.exceptions import ConnectionClosed
    from websockets.sync.client import connect

    url = short_lived.url.replace("http://", "ws://") + f"voila/query/{uuid.uuid4()}"
    # someone hoping to catch the next visitor's request, personal link and all
    with connect(url) as socket, pytest.raises(ConnectionClosed) as closed:
        socket.recv(timeout=10)
    assert closed.value.rcvd.code == 1008


def test_the_server_never_refused_a_goodbye(short_lived):
    log = short_lived.process.output
    assert [line for line in log if "POST" in line and "/voila/api/shutdown/" in line
            and " 204 " not in line] == []  # fmt: skip
    assert not any("_xsrf" in line for line in log)
    tracebacks = [n for n, line in enumerate(log) if "Traceback" in line]
    assert tracebacks == [], "".join(log[max(0, tracebacks[0] - 12) : tracebacks[0] + 30])
