"""The frame every app page shares: a header, then the page's own widgets."""

from __future__ import annotations

import logging
from functools import cache
from html import escape
from importlib.resources import files

import ipywidgets as w

from mentorkit.errors import InvalidRecord, MentorkitError
from mentorkit.widgets._shared import lean, make

log = logging.getLogger("mentorkit.apps")


class Notice(w.HTML):
    """A short message in a box; ``kind="error"`` for something that went wrong."""

    def __init__(self, text: str, kind: str = "info", **kwargs):
        super().__init__(value=f"<div>{escape(text)}</div>", **lean(w.HTML, kwargs))
        self.add_class("mk-notice")
        self.add_class(f"mk-notice-{kind}")


@cache
def component_css() -> str:
    """The widgets' stylesheet, which Voila pages load from the mentorkit template."""
    sheet = files("mentorkit.templates") / "voila" / "templates" / "mentorkit"
    return (sheet / "mk-components.css").read_text()


class AppPage(w.VBox):
    """A titled page: ``name`` becomes the CSS class ``mk-app-<name>`` tests look for.

    ``styled`` brings the widgets' stylesheet along, for pages shown outside the
    mentorkit Voila template (the facilitator workbooks in JupyterLab).
    """

    def __init__(
        self,
        name: str,
        title: str,
        lede: str = "",
        eyebrow: str = "",
        children: tuple[w.Widget, ...] = (),
        styled: bool = False,
        nav: tuple[tuple[str, str, str], ...] = (),
        **kwargs,
    ):
        """``nav``: (name, title, address) of the pages to link to, this one among
        them (marked as the current page)."""
        links = "".join(
            f'<a class="mk-nav-{key}" href="{escape(href)}"'
            + (' aria-current="page"' if key == name else "")
            + f">{escape(text)}</a>"
            for key, text, href in nav
        )
        header = make(
            w.HTML,
            (f"<style>{component_css()}</style>" if styled else "")
            + (f'<nav class="mk-nav" aria-label="Your apps">{links}</nav>' if nav else "")
            + (f'<div class="mk-eyebrow">{escape(eyebrow)}</div>' if eyebrow else "")
            + f"<h1>{escape(title)}</h1>"
            + (f'<p class="mk-lede">{escape(lede)}</p>' if lede else ""),
        )
        header.add_class("mk-header")
        super().__init__(children=(header, *children), **lean(w.VBox, kwargs))
        self.add_class("mk-app")
        self.add_class(f"mk-app-{name}")


def plain_error(exc: MentorkitError, labels: dict[str, str]) -> str:
    """An error as a participant reads it: each field named as the page names it.

    ``labels`` maps field names to the page's words; a field in a list, such as
    ``milestones.1.description``, reads "Milestone 2, what will be done".
    """
    if not isinstance(exc, InvalidRecord):
        return str(exc)
    said = []
    for problem in exc.problems:
        parts = problem.field.split(".")
        name = labels.get(parts[0], problem.field)
        if len(parts) >= 2 and parts[1].isdigit():
            name = f"{name} {int(parts[1]) + 1}"
            if len(parts) > 2:
                name += f", {labels.get(parts[2], parts[2])}"
        said.append(f"{name}: {problem.message}")
    return "Not saved. " + "; ".join(said) + "."


def notice_html(text: str, kind: str = "info") -> str:
    """A notice as HTML, for a message widget that changes its text."""
    return f"<div class='mk-notice mk-notice-{kind}'>{escape(text)}</div>"


def failed_page(app, exc: Exception) -> AppPage:
    """The page shown instead of one that could not be built: a user's own mistake
    in its words, anything else as a plain apology; the details go to the log."""
    log.exception("could not build the %s page", app.name)
    message = (
        str(exc)
        if isinstance(exc, MentorkitError)
        else (
            "This page could not be opened just now. Please try again in a minute; if it "
            "keeps happening, tell your program's coordinator."
        )
    )
    return AppPage(app.name, app.title, children=(Notice(message, kind="error"),))
