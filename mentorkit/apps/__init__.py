"""The apps: which workbooks exist, and how Voila and JupyterLab are started on them.

``voila_config`` is the one configuration every entry point (the CLI, the tests,
the benchmarks) starts Voila with; ``serve`` puts mentorkit's door in front of it
(:mod:`mentorkit.apps.serving`, the only package that imports Voila at the top).
"""

from mentorkit.apps.catalogue import (
    FACILITATOR_WORKBOOKS,
    PARTICIPANT_APPS,
    REPORT_WORKBOOKS,
    App,
    find_app,
    participant_app_of,
    templates_path,
    workbooks_path,
)
from mentorkit.apps.config import (
    HOST,
    IOPUB_TIMEOUT,
    KERNEL_MB,
    TEMPLATE,
    Limits,
    base_path,
    check_port_free,
    free_port,
    memory_kernel_cap,
    pool_sizes,
    voila_config,
)
from mentorkit.apps.launch import copy_facilitator_workbooks, expose_program, lab, serve

__all__ = [
    "FACILITATOR_WORKBOOKS",
    "HOST",
    "IOPUB_TIMEOUT",
    "KERNEL_MB",
    "PARTICIPANT_APPS",
    "REPORT_WORKBOOKS",
    "TEMPLATE",
    "App",
    "Limits",
    "base_path",
    "check_port_free",
    "copy_facilitator_workbooks",
    "expose_program",
    "find_app",
    "free_port",
    "lab",
    "memory_kernel_cap",
    "participant_app_of",
    "pool_sizes",
    "serve",
    "templates_path",
    "voila_config",
    "workbooks_path",
]
