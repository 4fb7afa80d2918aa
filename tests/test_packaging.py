"""The wheel carries everything the apps need and works without a checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
import venv
import zipfile
from pathlib import Path

import pytest

from mentorkit.apps import FACILITATOR_WORKBOOKS, PARTICIPANT_APPS, REPORT_WORKBOOKS
from tests.browser.conftest import start_serving, stop_serving

CHECKOUT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(out),
            str(CHECKOUT),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    [built] = out.glob("mentorkit-*.whl")
    return built


def test_wheel_ships_workbooks_templates_and_migrations(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for app in PARTICIPANT_APPS:
        assert f"mentorkit/workbooks/participant/{app.filename}" in names
    for app in FACILITATOR_WORKBOOKS:
        assert f"mentorkit/workbooks/facilitator/{app.filename}" in names
    for app in REPORT_WORKBOOKS:
        assert f"mentorkit/workbooks/{app.filename}" in names
    assert "mentorkit/templates/report/report.html.j2" in names
    template = "mentorkit/templates/voila/templates/mentorkit/"
    for part in (
        "mk-components.css",
        "conf.json",
        "index.html.j2",
        "tree.html",
        "page.html",
        "error.html",
        "mentorkit-style.html",
        "mk-page.html",
    ):
        assert template + part in names
    assert "mentorkit/widgets/__init__.py" in names
    for consent in ("confidentiality", "data_use"):  # the intake form shows them
        assert f"mentorkit/templates/text/consent_{consent}.md" in names
    assert "mentorkit/store/migrations/env.py" in names
    assert "mentorkit/domain/smart_model.json" in names  # the goal coach's weights
    assert any(n.startswith("mentorkit/store/migrations/versions/0001") for n in names)
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)


@pytest.mark.slow
def test_wheel_in_a_clean_environment_makes_and_serves_a_demo(wheel, tmp_path):
    """A new virtual environment outside the checkout, with only the wheel installed."""
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [python, "-m", "pip", "install", "-q", str(wheel)],
        check=True,
        capture_output=True,
        text=True,
        timeout=900,
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MENTORKIT_")}
    done = subprocess.run(
        [env_dir / "bin" / "mentorkit", "demo", "program", "--no-serve"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=clean,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "program" / "mentorkit.db").is_file()

    process, url = start_serving(
        tmp_path / "program",
        "--pool-size",
        "1",
        python=str(python),
        cwd=tmp_path,
        env=clean,
    )
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            home = response.read().decode()
    finally:
        stop_serving(process)
    for app in PARTICIPANT_APPS:
        assert app.title in home
    assert str(CHECKOUT) not in home


def test_every_package_of_the_source_is_in_the_wheels_list():
    import tomllib

    root = Path(__file__).parents[1]
    listed = set(tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])  # fmt: skip
    found = {
        ".".join(init.parent.relative_to(root).parts)
        for init in (root / "mentorkit").rglob("__init__.py")
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
