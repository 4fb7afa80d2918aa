"""How the report sections show things in the kernel: headings, tables (escaped by
pandas' ``to_html`` or :func:`escape`), headline figures and charts as PNG, so that
nbconvert embeds them in the HTML. Nothing participants typed reaches a page as
Markdown or raw HTML."""

from __future__ import annotations

import io
from html import escape

import pandas as pd
from IPython.display import HTML, Image, display

from mentorkit.figures_html import stats as stats_html

ACCENT = "#1f6f5c"
SOFT = "#9cc9bb"
MUTED = "#5b6675"


def show(html: str) -> None:
    display(HTML(html))


def heading(text: str, level: int = 2) -> None:
    show(f"<h{level}>{escape(text)}</h{level}>")


def table(frame: pd.DataFrame, note: str = "", index: bool = True) -> None:
    html = frame.to_html(classes="mk-table", border=0, index=index, escape=True,
                         na_rep="—", float_format=lambda v: f"{v:,.1f}")  # fmt: skip
    if note:
        html += f"<p class='mk-note'>{escape(note)}</p>"
    show(html)


def stats(items: list[tuple[str, str]]) -> None:
    show(stats_html(items))


def figure(width: float = 7, height: float = 2.8):
    """A chart to draw on; no window and no global pyplot state, whatever the backend."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=110)
    ax = fig.subplots()
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def show_figure(fig) -> None:
    """The chart as a PNG output, which nbconvert embeds in the HTML."""
    buffer = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buffer, format="png")
    display(Image(data=buffer.getvalue(), format="png"))
