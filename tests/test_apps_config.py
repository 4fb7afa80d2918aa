"""The one Voila configuration the apps are served with."""

from __future__ import annotations

import re

import pytest

from mentorkit.apps import (
    KERNEL_MB,
    PARTICIPANT_APPS,
    Limits,
    base_path,
    memory_kernel_cap,
    pool_sizes,
    voila_config,
)
from mentorkit.errors import MentorkitError
from mentorkit.folder import ProgramFolder


def test_pool_sizes_take_the_default_unless_an_app_is_named():
    sizes = pool_sizes(2, {"intake": 10})
    assert sizes == {"intake": 10, "choose": 2, "agreement": 2, "goals": 2,
                     "reflection": 2}  # fmt: skip
    assert set(sizes) == {app.name for app in PARTICIPANT_APPS}


def test_a_pool_for_an_unknown_app_is_refused():
    with pytest.raises(MentorkitError, match="No app named 'intak'"):
        pool_sizes(1, {"intak": 3})


def test_voila_config_preheats_hides_tracebacks_and_refills_as_set():
    config = voila_config("Pilot", 8899, {"intake": 10, "goals": 0}, refill_delay=60)
    pools = config.VoilaKernelManager.kernel_pools_config
    assert pools["intake.ipynb"]["pool_size"] == 10
    assert pools["goals.ipynb"]["pool_size"] == 0
    # each kernel knows its app, so its start can be ranked under the cap
    assert pools["goals.ipynb"]["kernel_env_variables"] == {"MENTORKIT_APP": "goals"}
    assert config.VoilaKernelManager.fill_delay == 60
    assert config.VoilaConfiguration.show_tracebacks is False
    assert config.VoilaConfiguration.template == "mentorkit"
    assert config.Voila.ip == "127.0.0.1"
    assert config.KernelManager.transport == "ipc"
    # an app with no warm kernels still gets one started per waiting visitor
    assert voila_config("Pilot", 8899, {"intake": 0}).VoilaConfiguration.preheat_kernel
    # ?template= or ?theme= would start a kernel outside the pool and the cap
    assert config.VoilaConfiguration.allow_template_override == "NO"
    assert config.VoilaConfiguration.allow_theme_override == "NO"


def test_voila_config_serves_under_the_public_path_and_culls_idle_kernels():
    limits = Limits.of({"intake": 2}, max_kernels=10, idle_minutes=0.5)
    config = voila_config(
        "Pilot", 8899, {"intake": 2}, ip="0.0.0.0", base_url="/mk/", limits=limits
    )
    assert (config.Voila.ip, config.Voila.base_url) == ("0.0.0.0", "/mk/")
    culler = config.MappingKernelManager
    assert culler.cull_idle_timeout == 30
    assert culler.cull_connected is True  # a sleeping phone may keep its socket open
    assert culler.cull_busy is False
    assert 2 <= culler.cull_interval <= 30 / 4
    assert config.Voila.tornado_settings["xsrf_cookie_kwargs"]["path"] == "/mk/"


@pytest.mark.parametrize(
    ("url", "path"),
    [("", "/"), ("https://m.example.org", "/"), ("https://m.example.org/mk", "/mk/"),
     ("https://m.example.org/a/b/", "/a/b/")],
)  # fmt: skip
def test_the_base_path_comes_from_the_public_address(url, path):
    assert base_path(url) == path


def test_the_kernel_cap_follows_the_memory_and_leaves_room_for_warm_kernels():
    assert memory_kernel_cap(24 * 2**30) == (24 * 1024 * 0.8 - 250) // KERNEL_MB
    assert memory_kernel_cap(2**30) >= 1
    assert Limits.of({"intake": 4}, max_kernels=4).max_kernels == 4
    with pytest.raises(MentorkitError, match=r"keep 8 kernels warm, but max_kernels is 5"):
        Limits.of({"intake": 4, "goals": 4}, max_kernels=5)


def test_settings_file_carries_pools_and_refill_delay(program_folder):
    settings = program_folder.path / "mentorkit.toml"
    text = settings.read_text().replace("refill_delay = 1.0", "refill_delay = 45")
    settings.write_text(text + "\n")
    text = settings.read_text().replace(
        "pool_size = 2", "pool_size = 2\npools = { intake = 8 }"
    )
    settings.write_text(text)
    apps = ProgramFolder.open(program_folder.path).settings.apps
    assert (apps.pool_size, apps.pools, apps.refill_delay) == (2, {"intake": 8}, 45)


def test_settings_file_carries_the_network_and_kernel_limits(program_folder):
    settings = program_folder.path / "mentorkit.toml"
    text = settings.read_text()
    for old, new in [
        ('public_url = ""', 'public_url = "https://mentoring.example.org/mk"'),
        ('ip = "127.0.0.1"', 'ip = "0.0.0.0"'),
        ("idle_minutes = 20", "idle_minutes = 5"),
        ("max_kernels = 0", "max_kernels = 40"),
    ]:
        assert old in text
        text = text.replace(old, new)
    settings.write_text(text)
    apps = ProgramFolder.open(program_folder.path).settings.apps
    assert apps.public_url == "https://mentoring.example.org/mk/"
    assert (apps.ip, apps.idle_minutes, apps.max_kernels) == ("0.0.0.0", 5, 40)


@pytest.mark.parametrize(
    ("line", "said"),
    [('public_url = "mentoring.example.org"', "is not a web address"),
     ('public_url = "https://m.example.org/mk/?a=1"', "takes no ?query"),
     ("idle_minutes = 0", "idle_minutes"),
     ("max_kernels = -1", "max_kernels")],
)  # fmt: skip
def test_bad_network_settings_are_refused_with_the_setting_named(
    program_folder, line, said
):
    settings = program_folder.path / "mentorkit.toml"
    key = line.split(" =")[0]
    text = "\n".join(
        line if row.startswith(f"{key} =") else row
        for row in settings.read_text().splitlines()
    )
    settings.write_text(text)
    with pytest.raises(MentorkitError, match=re.escape(said)):
        ProgramFolder.open(program_folder.path)
