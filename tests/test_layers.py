"""The core never depends on the user interface: widgets and Voila stay outside it."""

from __future__ import annotations

import subprocess
import sys


def test_core_modules_import_without_the_widget_kit():
    # mentorkit.apps.serving is the launch layer: it subclasses Voila's handlers.
    code = (
        "import sys, pkgutil, importlib, mentorkit\n"
        "for m in pkgutil.walk_packages(mentorkit.__path__, 'mentorkit.'):\n"
        "    if not m.name.startswith(('mentorkit.widgets', 'mentorkit.workbooks',"
        " 'mentorkit.store.migrations', 'mentorkit.__main__',"
        " 'mentorkit.apps.serving')):\n"
        "        importlib.import_module(m.name)\n"
        "ui = ('ipywidgets', 'voila', 'playwright')\n"
        "print(sorted(n for n in ui if n in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
