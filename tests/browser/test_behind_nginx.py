"""The apps on the open network: a real nginx with TLS in front of `mentorkit serve`
under /mk/, then two serve processes on one PostgreSQL behind it."""

from __future__ import annotations

import csv
import os
import ssl
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from mentorkit.apps import free_port
from mentorkit.folder import ProgramFolder
from mentorkit.services.demo import create_demo
from tests.browser.conftest import (
    ARTIFACTS,
    NGINX,
    eventually,
    set_apps,
    start_nginx,
    start_serving,
    stop_serving,
)
from tests.conftest import require

pytestmark = [pytest.mark.browser, pytest.mark.slow]
FORM_WITHIN = 90_000


@pytest.fixture(autouse=True)
def _nginx_installed():
    require(
        NGINX.exists(),
        f"Debian's nginx is not installed at {NGINX} (apt-get install nginx)",
    )


def invitations(program, env=None) -> dict[str, str]:
    """The personal links `mentorkit invite` writes, by e-mail."""
    out = program / "links.csv"
    subprocess.run(
        [sys.executable, "-m", "mentorkit", "invite", "--program", str(program),
         "--cohort", "Demo cohort", "--out", str(out)],
        check=True, capture_output=True, env=env,
    )  # fmt: skip
    with out.open() as rows:
        return {row["email"]: row["link"] for row in csv.DictReader(rows)}


def submit_intake(page, link, goals):
    page.goto(link)
    page.locator("a.mk-app-link[data-app='intake']").click()
    page.locator(".mk-intake").wait_for(timeout=FORM_WITHIN)
    page.locator(".mk-field-goals textarea").fill(goals)
    for kind in ("confidentiality", "data_use"):
        page.locator(f".mk-field-consents-{kind} input[type=checkbox]").set_checked(True)
    page.locator(".mk-submit").click()
    page.locator(".mk-notice-saved").wait_for(timeout=30_000)


def test_a_personal_link_through_nginx_opens_the_intake_and_saves(browser, tmp_path):
    port = free_port(8440)
    folder = create_demo(tmp_path / "demo", mentors=4, mentees=8, history=False)
    set_apps(folder, public_url=f"https://127.0.0.1:{port}/mk/", pool_size=0,
             pools={"intake": 1})  # fmt: skip
    serve_port = free_port(8700)
    process, _ = start_serving(folder.path, "--port", str(serve_port))
    proxy = start_nginx(tmp_path / "nginx", folder.path, port, [f"127.0.0.1:{serve_port}"])
    try:
        links = invitations(folder.path)
        with pytest.raises(urllib.error.HTTPError) as closed:  # kernels' own door
            urllib.request.urlopen(
                proxy.url + "voila/query/x", context=ssl._create_unverified_context()
            )
        assert closed.value.code == 404
        with folder.open_store() as store:
            mentee = store.participant("E0001")
        link = links[mentee.email]
        assert link.startswith(f"https://127.0.0.1:{port}/mk/?token=")
        context = browser.new_context(ignore_https_errors=True)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        submit_intake(page, link, "Lead the onboarding of two new colleagues by May")
        assert f"Welcome, {mentee.name}" in page.locator(".mk-app-intake").inner_text()
        assert page.url.startswith(f"https://127.0.0.1:{port}/mk/voila/render/intake.ipynb")
        page.screenshot(path=ARTIFACTS / "intake-through-nginx.png")
        with folder.open_store() as store:
            saved = store.participant("E0001").goals
        assert saved == "Lead the onboarding of two new colleagues by May"
        assert errors == []
        context.close()
        # the page's WebSocket went through nginx (logged once it closed)
        eventually(
            lambda: any(
                "GET /mk/api/kernels/" in line and '" 101 ' in line
                for line in (proxy.folder / "access.log").read_text().splitlines()
            ),
            15,
            "nginx logged the kernel's WebSocket",
        )
        assert "token=" not in (proxy.folder / "access.log").read_text()
        assert not any("token=" in line for line in process.output)
    finally:
        proxy.stop()
        stop_serving(process)


@pytest.mark.postgres
def test_two_serve_processes_on_one_postgresql_behind_nginx(
    browser, tmp_path, postgres_url
):
    env = {**os.environ, "MENTORKIT_DB": postgres_url}
    port = free_port(8450)
    os.environ["MENTORKIT_DB"] = postgres_url
    try:
        folder = create_demo(tmp_path / "demo", mentors=4, mentees=8, history=False)
        set_apps(folder, public_url=f"https://127.0.0.1:{port}/mk/", pool_size=0,
                 pools={"intake": 1})  # fmt: skip
        folder = ProgramFolder.open(folder.path)
    finally:
        del os.environ["MENTORKIT_DB"]
    ports = [free_port(8710), free_port(8730)]
    servers = [start_serving(folder.path, "--port", str(p), env=env)[0] for p in ports]
    proxy = start_nginx(tmp_path / "nginx", folder.path, port,
                        [f"127.0.0.1:{p}" for p in ports], env=env)  # fmt: skip
    contexts = []
    try:
        links = invitations(folder.path, env)
        people = list(links)
        by_node: dict[str, tuple] = {}
        for email in people:  # new visitors until each process has had one
            context = browser.new_context(ignore_https_errors=True)
            contexts.append(context)
            page = context.new_page()
            response = page.goto(links[email])
            by_node.setdefault(response.headers["x-mentorkit-node"], (page, email))
            if len(by_node) == 2:
                break
        assert len(by_node) == 2, "every visitor reached the same serve process"
        for n, (page, email) in enumerate(by_node.values()):
            submit_intake(page, links[email], f"Visitor of process {n + 1}")
            # every later request of the visitor stays with their process
            again = page.goto(links[email])
            assert again.headers["x-mentorkit-node"] == list(by_node)[n]
        os.environ["MENTORKIT_DB"] = postgres_url
        try:
            with folder.open_store() as store:
                saved = {
                    store.participants().set_index("email").loc[email, "goals"]
                    for _, email in by_node.values()
                }
        finally:
            del os.environ["MENTORKIT_DB"]
        assert saved == {"Visitor of process 1", "Visitor of process 2"}
        status = eventually(
            lambda: _two_servers(folder.path, env), 20, "status shows both processes"
        )
        assert "Today: 2 visitors, 2 saves." in status
    finally:
        for context in contexts:
            context.close()
        proxy.stop()
        for server in servers:
            stop_serving(server)


def _two_servers(program, env) -> str | None:
    shown = subprocess.run(
        [sys.executable, "-m", "mentorkit", "status", "--program", str(program)],
        capture_output=True, text=True, env=env,
    ).stdout  # fmt: skip
    return shown if shown.count(" live of at most ") == 2 else None
