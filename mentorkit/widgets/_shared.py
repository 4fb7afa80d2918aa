"""Layouts and styles that many widgets share.

Each ipywidget otherwise brings its own Layout model and often a Style model: in the
intake form those were 168 of 283 models, every one sent to the visitor's browser and
rendered there. Widgets made with :func:`make` share one Layout and one Style per
kind. Never change a shared layout or style in place; pass a new one instead.
"""

from __future__ import annotations

from html import escape
from typing import Any, TypeVar

import ipywidgets as w

PLAIN = w.Layout()
WIDE = w.Layout(width="100%")
HIDDEN = w.Layout(display="none")
NARROW = w.Layout(width="10em")
_STYLES: dict[type, w.Widget] = {}

W = TypeVar("W", bound=w.DOMWidget)


def shared_style(cls: type[w.DOMWidget]) -> w.Widget | None:
    """The one style object for widgets of ``cls``, or None if it has no style."""
    trait = cls.class_traits().get("style")
    klass = getattr(trait, "klass", None)
    if klass is None:
        return None
    if klass not in _STYLES:
        _STYLES[klass] = klass()
    return _STYLES[klass]


def lean(cls: type[W], kwargs: dict[str, Any]) -> dict[str, Any]:
    """``kwargs`` with the shared layout and style filled in where not given."""
    kwargs.setdefault("layout", PLAIN)
    if "style" not in kwargs and (style := shared_style(cls)) is not None:
        kwargs["style"] = style
    return kwargs


def make(cls: type[W], *args: Any, **kwargs: Any) -> W:
    """``cls(*args, **kwargs)`` sharing the common layout and style."""
    return cls(*args, **lean(cls, kwargs))


def number_box(value: float | int | None) -> w.Text:
    """A number typed as text, checked on the server: a number box would clamp a
    value out of its range (say "-3", or 0 minutes) in the browser without a word."""
    box = make(w.Text, value="" if value is None else f"{value:g}", continuous_update=True,
               layout=NARROW)  # fmt: skip
    box.add_class("mk-number")
    return box


def field(name: str, label: str, widget: w.Widget, group: bool = False) -> w.VBox:
    """A labelled input in a box with the CSS class ``mk-field-<name>``; the page's
    script names the input by the label (``group``: names a set of buttons)."""
    box = make(w.VBox, [make(w.HTML, f"<label>{escape(label)}</label>"), widget])
    box.add_class("mk-field")
    box.add_class(f"mk-field-{name}")
    if group:
        box.add_class("mk-group")
    return box
