"""Every workbook runs headless with papermill and shows its page, not an error.

nbval (in the same test run) executes each workbook as it is; here papermill runs
them with parameters, and the saved widget state shows what a user would see.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import papermill
import pytest

from mentorkit.apps import FACILITATOR_WORKBOOKS, PARTICIPANT_APPS, workbooks_path

WORKBOOKS = [("participant", app) for app in PARTICIPANT_APPS] + [
    ("facilitator", app) for app in FACILITATOR_WORKBOOKS
]


def _widget_classes(notebook) -> set[str]:
    state = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]
    return {
        c
        for model in state["state"].values()
        for c in model["state"].get("_dom_classes", [])
    }


@pytest.fixture(scope="module")
def executed(tmp_path_factory, program_folder_for_workbooks):
    """Run every workbook once, four at a time (papermill is thread-safe with
    absolute paths); return each one's widget classes."""
    out = tmp_path_factory.mktemp("executed")

    def run(entry):
        audience, app = entry
        parameters = (
            {"program": str(program_folder_for_workbooks), "cohort": "Demo cohort"}
            if audience == "facilitator"
            else {}
        )
        notebook = papermill.execute_notebook(
            str(workbooks_path(audience) / app.filename),
            str(out / app.filename),
            parameters=parameters,
            progress_bar=False,
            kernel_name="python3",
        )
        return app.name, _widget_classes(notebook)

    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(pool.map(run, WORKBOOKS))


@pytest.fixture(scope="module")
def program_folder_for_workbooks(tmp_path_factory):
    from mentorkit.services.demo import create_demo

    return create_demo(tmp_path_factory.mktemp("wb") / "demo", mentors=5, mentees=12).path


@pytest.mark.slow
@pytest.mark.parametrize(
    ("audience", "app"), WORKBOOKS, ids=lambda v: getattr(v, "name", v)
)
def test_workbook_shows_its_page(executed, audience, app):
    classes = executed[app.name]
    assert f"mk-app-{app.name}" in classes
    assert "mk-notice-error" not in classes
    expected = {
        "matching_review": "mk-review",  # the review table and its tools
        "program_health": "mk-health",
        "goal_coaching": "mk-goal-coach",
        "cohort_overview": "mk-overview",
    }
    if audience == "facilitator":
        assert expected[app.name] in classes


@pytest.mark.parametrize(
    "path",
    sorted(Path(workbooks_path("participant")).parent.glob("*/*.ipynb")),
    ids=lambda p: p.name,
)
def test_workbooks_are_committed_clean(path):
    notebook = nbformat.read(path, as_version=4)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    assert "language_info" in notebook.metadata
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert len(code) <= 3, "workbooks compose widgets; logic belongs in the package"
    if path.parent.name == "facilitator":
        tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1
    json.loads(path.read_text())
