"""A real `mentorkit serve` on a demo program, and Debian's Chromium to visit it."""

from __future__ import annotations

import collections
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from mentorkit.folder import ProgramFolder
from mentorkit.services.access import LinkClaims, personal_link, sign_link

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"


def start_serving(
    program: Path,
    *extra: str,
    python: str = sys.executable,
    cwd=None,
    env=None,
    timeout: float = 120,
):
    """Start `mentorkit serve` and return (process, url) once it prints its address."""
    process = subprocess.Popen(
        [python, "-m", "mentorkit", "serve", "--program", str(program), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=cwd,
        env={**(os.environ if env is None else env), "PYTHONUNBUFFERED": "1"},
    )
    lines: queue.Queue[str] = queue.Queue()
    seen: collections.deque[str] = collections.deque(maxlen=40)
    process.output = []  # every line the server printed, for tests that read its log

    def drain() -> None:  # keep reading, or a full pipe would stall the server
        for line in process.stdout:
            seen.append(line)
            process.output.append(line)
            lines.put(line)

    threading.Thread(target=drain, daemon=True).start()
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0 and process.poll() is None:
        try:
            line = lines.get(timeout=min(left, 1))
        except queue.Empty:
            continue
        found = re.search(r"ready at (http://\S+)", line)
        if found:
            return process, found.group(1)
    stop_serving(process)
    raise RuntimeError("mentorkit serve did not get ready:\n" + "".join(seen))


def stop_serving(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@dataclass(frozen=True)
class Served:
    """A running `mentorkit serve` and the program folder behind it."""

    url: str
    folder: ProgramFolder

    def link(self, participant_id: str, expires: date = date(2099, 1, 1)) -> str:
        claims = LinkClaims(participant_id, "Demo cohort", expires)
        return personal_link(self.url, sign_link(self.folder.secret, claims))

    def person(self, participant_id: str):
        with self.folder.open_store() as store:
            return store.participant(participant_id)


@pytest.fixture(scope="session")
def served(tmp_path_factory) -> Served:
    """The demo program served with one warm kernel per app."""
    from mentorkit.services.demo import create_demo

    folder = create_demo(tmp_path_factory.mktemp("served") / "demo", mentors=5, mentees=12)
    process, url = start_serving(folder.path, "--pool-size", "1")
    yield Served(url, folder)
    stop_serving(process)


@pytest.fixture(scope="module")
def served_apart(tmp_path_factory) -> Served:
    """A demo program of the test module's own, served: for tests that use up what
    the shared demo's other tests need (its newly matched pairs)."""
    from mentorkit.services.demo import create_demo

    folder = create_demo(tmp_path_factory.mktemp("apart") / "demo", mentors=5, mentees=12)
    process, url = start_serving(folder.path, "--pool-size", "1")
    yield Served(url, folder)
    stop_serving(process)


@pytest.fixture(scope="session")
def playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright):
    chromium = playwright.chromium.launch(
        executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
    )
    yield chromium
    chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page that records script errors; the test fails if any occurred."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.script_errors = errors
    yield page
    context.close()


def screenshot_whole(page, name: str) -> None:
    """A screenshot of the whole app: Voila scrolls inside the page, so full_page
    alone stops at the window; the window grows to the app's height first."""
    size = page.viewport_size
    height = page.evaluate(
        "Math.max(...[...document.querySelectorAll('.mk-app, body')]"
        ".map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 80, 6000)})
    page.screenshot(path=ARTIFACTS / name, full_page=True)
    page.set_viewport_size(size)


def set_apps(folder: ProgramFolder, **values) -> ProgramFolder:
    """The program folder with some ``[apps]`` settings of mentorkit.toml changed."""
    settings = folder.path / "mentorkit.toml"
    lines = settings.read_text().splitlines()
    for key, value in values.items():
        line = f"{key} = {json.dumps(value) if isinstance(value, str) else value}"
        if isinstance(value, dict):
            line = f"{key} = {{ " + ", ".join(f"{k} = {v}" for k, v in value.items()) + " }"
        at = next((n for n, row in enumerate(lines) if row.startswith(f"{key} =")), None)
        if at is None:
            at = lines.index("[apps]") + 1
            lines.insert(at, line)
        else:
            lines[at] = line
    settings.write_text("\n".join(lines) + "\n")
    return ProgramFolder.open(folder.path)


def kernels_of(process: subprocess.Popen) -> set[str]:
    """The ids of the kernels a server process runs now, read from their processes."""
    import psutil

    found = set()
    for child in psutil.Process(process.pid).children(recursive=True):
        try:
            command = " ".join(child.cmdline())
        except psutil.NoSuchProcess:
            continue
        if match := re.search(r"kernel-([0-9a-f-]{36})\.json", command):
            found.add(match.group(1))
    return found


def kernel_of(page) -> str:
    """The id of the kernel behind an app page."""
    return page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    )


def eventually(check, within: float, what: str, every: float = 0.25):
    """Wait until ``check()`` is true (returning it), failing with ``what`` after
    ``within`` seconds."""
    deadline = time.monotonic() + within
    while True:
        if result := check():
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"not within {within:.0f} s: {what}")
        time.sleep(every)


IDLE_MINUTES = 0.5  # kernels idle this long are culled in the lifecycle tests


@dataclass(frozen=True)
class Running(Served):
    """A served program whose server process the test watches."""

    process: subprocess.Popen | None = None


@pytest.fixture(scope="session")
def short_lived(tmp_path_factory) -> Running:
    """The demo served with one warm intake and reflection kernel, and kernels culled
    after IDLE_MINUTES without use."""
    from mentorkit.services.demo import create_demo

    folder = create_demo(tmp_path_factory.mktemp("short") / "demo", mentors=5, mentees=12)
    folder = set_apps(
        folder, idle_minutes=IDLE_MINUTES, pool_size=0, pools={"intake": 1, "reflection": 1}
    )
    process, url = start_serving(folder.path)
    yield Running(url, folder, process)
    stop_serving(process)


NGINX = Path("/usr/sbin/nginx")


@dataclass
class Proxy:
    """A real nginx, running the site `mentorkit deploy nginx` printed."""

    url: str  # https://127.0.0.1:PORT/mk/
    process: subprocess.Popen
    folder: Path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_nginx(workdir: Path, program: Path, port: int, upstreams: list[str], env=None):
    """nginx on 127.0.0.1:``port`` with a self-signed certificate, in front of the
    serve processes at ``upstreams``, with the site file made by the CLI."""
    workdir.mkdir(parents=True, exist_ok=True)
    cert, key = workdir / "cert.pem", workdir / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-nodes", "-newkey", "rsa:2048", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    site = subprocess.run(
        [sys.executable, "-m", "mentorkit", "deploy", "nginx", "--program", str(program),
         "--listen", str(port), "--certificate", str(cert), "--key", str(key),
         "--access-log", str(workdir / "access.log"),
         *(f"--upstream={u}" for u in upstreams)],
        check=True, capture_output=True, text=True, env=env,
    ).stdout  # fmt: skip
    (workdir / "site.conf").write_text(site)
    temp = "\n".join(
        f"  {kind}_temp_path {workdir}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (workdir / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\nworker_processes 1;\npid {workdir}/nginx.pid;\n"
        f"error_log {workdir}/error.log info;\nevents {{ worker_connections 512; }}\n"
        f"http {{\n  access_log {workdir}/access.log;\n{temp}\n"
        f"  include {workdir}/site.conf;\n}}\n"
    )
    test = subprocess.run(
        [str(NGINX), "-t", "-p", str(workdir), "-c", str(workdir / "nginx.conf")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert test.returncode == 0, test.stderr
    process = subprocess.Popen(
        [str(NGINX), "-p", str(workdir), "-c", str(workdir / "nginx.conf")],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    url = f"https://127.0.0.1:{port}/mk/"
    import ssl
    import urllib.request

    context = ssl._create_unverified_context()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, context=context, timeout=5)
            break
        except Exception:
            time.sleep(0.2)
    return Proxy(url, process, workdir)
