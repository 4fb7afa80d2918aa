"""An executed report workbook as one self-contained HTML page: no code, no scripts,
the charts embedded as images, so it opens offline and travels by e-mail.
"""

from __future__ import annotations

import copy
from datetime import datetime
from functools import cache
from importlib.resources import files

import jinja2
import nbformat

import mentorkit


@cache
def environment() -> jinja2.Environment:
    folder = str(files("mentorkit.templates") / "report")
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=jinja2.select_autoescape(["html", "j2"], default=True),
        keep_trailing_newline=True,
    )


@cache
def _exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_markdown=True,
        exclude_raw=True,
    )


def _shown(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook without what a reader should not see: warnings and other
    messages to stderr, and error tracebacks."""
    notebook = copy.deepcopy(notebook)
    for cell in notebook.cells:
        if cell.get("cell_type") == "code":
            cell.outputs = [
                o
                for o in cell.get("outputs", [])
                if not (o.output_type == "stream" and o.get("name") == "stderr")
                and o.output_type != "error"
            ]
    notebook.metadata.pop("widgets", None)
    return notebook


def render_report(notebook: nbformat.NotebookNode, title: str, made: datetime) -> str:
    """The page for an executed report notebook."""
    body, _ = _exporter().from_notebook_node(_shown(notebook))
    return (
        environment()
        .get_template("report.html.j2")
        .render(
            title=title,
            body=body,
            made=f"{made:%d %B %Y at %H:%M}",
            version=mentorkit.__version__,
        )
    )
