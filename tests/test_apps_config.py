"""The one Voila configuration the apps are served with."""

from __future__ import annotations

import pytest

from mentorkit.apps import PARTICIPANT_APPS, pool_sizes, voila_config
from mentorkit.errors import MentorkitError
from mentorkit.folder import ProgramFolder


def test_pool_sizes_take_the_default_unless_an_app_is_named():
    sizes = pool_sizes(2, {"intake": 10})
    assert sizes == {"intake": 10, "agreement": 2, "goals": 2, "reflection": 2}
    assert set(sizes) == {app.name for app in PARTICIPANT_APPS}


def test_a_pool_for_an_unknown_app_is_refused():
    with pytest.raises(MentorkitError, match="No app named 'intak'"):
        pool_sizes(1, {"intak": 3})


def test_voila_config_preheats_hides_tracebacks_and_refills_as_set():
    config = voila_config("Pilot", 8899, {"intake": 10, "goals": 0}, refill_delay=60)
    pools = config.VoilaKernelManager.kernel_pools_config
    assert pools["intake.ipynb"] == {"pool_size": 10}
    assert pools["goals.ipynb"] == {"pool_size": 0}
    assert config.VoilaKernelManager.fill_delay == 60
    assert config.VoilaConfiguration.preheat_kernel is True
    assert config.VoilaConfiguration.show_tracebacks is False
    assert config.VoilaConfiguration.template == "mentorkit"
    assert config.Voila.ip == "127.0.0.1"
    assert config.KernelManager.transport == "ipc"
    assert not voila_config("Pilot", 8899, {"intake": 0}).VoilaConfiguration.preheat_kernel


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
