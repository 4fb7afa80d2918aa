"""What a coordinator installs and watches: the nginx site, the systemd unit, and
`mentorkit status` (the nginx site is run for real in tests/browser/test_behind_nginx)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

import pytest

from mentorkit.apps.status import status_lines
from mentorkit.cli import main
from tests.browser.conftest import set_apps


def deploy(capsys, *args) -> tuple[int, str, str]:
    code = main(["deploy", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_nginx_site_serves_the_public_path_with_websockets_and_sticky_visitors(
    program_folder, capsys
):
    set_apps(program_folder, public_url="https://mentoring.example.org/mk")
    code, site, _ = deploy(
        capsys, "nginx", "--program", str(program_folder.path),
        "--upstream", "127.0.0.1:8866", "--upstream", "10.0.0.7:8866",
    )  # fmt: skip
    assert code == 0
    assert "server_name mentoring.example.org;" in site
    assert "location /mk/ {" in site
    assert "return 301 /mk/;" in site
    assert "server 127.0.0.1:8866" in site
    assert "server 10.0.0.7:8866" in site
    assert "hash $mentorkit_client consistent;" in site
    assert "proxy_set_header Upgrade $http_upgrade;" in site
    assert "proxy_set_header Host $http_host;" in site
    assert "proxy_read_timeout 86400s;" in site
    assert "/etc/letsencrypt/live/mentoring.example.org/fullchain.pem" in site
    assert "Path=/mk/;" in site
    assert "listen 80;" in site  # plain http is sent to https


@pytest.mark.parametrize(
    ("args", "said"),
    [([], "Set [apps] public_url in mentorkit.toml first"),
     (["--upstream", "localhost"], "--upstream 'localhost' is not HOST:PORT")],
)  # fmt: skip
def test_the_nginx_site_says_what_is_missing(program_folder, capsys, args, said):
    if args:
        set_apps(program_folder, public_url="https://m.example.org/")
    code, _, err = deploy(capsys, "nginx", "--program", str(program_folder.path), *args)
    assert code == 1
    assert said in err
    assert "Traceback" not in err


def test_the_systemd_unit_keeps_one_serve_process_running(program_folder, capsys):
    code, unit, _ = deploy(
        capsys, "systemd", "--program", str(program_folder.path), "--port", "8867",
        "--user", "mentorkit",
    )  # fmt: skip
    assert code == 0
    assert f"ExecStart={sys.executable} -m mentorkit serve --program " in unit
    assert f"{program_folder.path} --port 8867" in unit
    assert "User=mentorkit" in unit
    assert "Restart=on-failure" in unit
    assert f"ReadWritePaths={program_folder.path}" in unit
    assert "/etc/systemd/system/mentorkit-8867.service" in unit


def test_status_without_a_running_server_says_how_to_start_one(program_folder):
    lines = status_lines(program_folder)
    assert lines[0].startswith("No server is running for this program")
    assert "mentorkit serve --program" in lines[0]
    assert lines[-1] == "Today: 0 visitors, 0 saves."


def test_status_shows_each_running_server_and_forgets_none_silently(program_folder):
    now = datetime.now(UTC)
    figures = {"live": 7, "warm": 4, "visitors": 3, "queued": 2, "starting": 1, "cap": 90,
               "most_live": 9, "served": 12,
               "memory": {"now": 2 * 2**30, "rest": 2**30, "peak": 3 * 2**30}}  # fmt: skip
    with program_folder.open_store() as store:
        store.activity.report_server("a:8866", 11, "https://m/mk/", now, figures)
        store.activity.report_server("b:8866", 12, "https://m/mk/", now, figures)
        store.activity.record("visit", "p1", "intake")
    with program_folder.open_store() as store:  # b stopped reporting a minute ago
        from sqlalchemy import update

        from mentorkit.store import schema

        with store.engine.begin() as conn:
            conn.execute(
                update(schema.servers)
                .where(schema.servers.c.node == "b:8866")
                .values(updated_at=now - timedelta(minutes=1))
            )
    text = "\n".join(status_lines(program_folder, now + timedelta(seconds=3)))
    assert "a:8866 at https://m/mk/ (pid 11)" in text
    assert "kernels: 7 live of at most 90 (3 with a visitor, 4 warm, 1 starting)" in text
    assert "queue: 2 waiting" in text
    assert "memory: 2,048 MB now, 1,024 MB at rest, 3,072 MB at most" in text
    assert "b:8866: not running" in text
    assert "Today: 1 visitors, 0 saves." in text
