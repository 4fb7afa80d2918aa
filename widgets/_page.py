"""The frame every app page shares: a header, then the page's own widgets."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from mentorkit.widgets._shared import lean, make


class Notice(w.HTML):
    """A short message in a box; ``kind="error"`` for something that went wrong."""

    def __init__(self, text: str, kind: str = "info", **kwargs):
        super().__init__(value=f"<div>{escape(text)}</div>", **lean(w.HTML, kwargs))
        self.add_class("mk-notice")
        self.add_class(f"mk-notice-{kind}")


class AppPage(w.VBox):
    """A titled page: ``name`` becomes the CSS class ``mk-app-<name>`` tests look for."""

    def __init__(
        self,
        name: str,
        title: str,
        lede: str = "",
        eyebrow: str = "",
        children: tuple[w.Widget, ...] = (),
        **kwargs,
    ):
        header = make(
            w.HTML,
            (f'<div class="mk-eyebrow">{escape(eyebrow)}</div>' if eyebrow else "")
            + f"<h1>{escape(title)}</h1>"
            + (f'<p class="mk-lede">{escape(lede)}</p>' if lede else ""),
        )
        header.add_class("mk-header")
        super().__init__(children=(header, *children), **lean(w.VBox, kwargs))
        self.add_class("mk-app")
        self.add_class(f"mk-app-{name}")
