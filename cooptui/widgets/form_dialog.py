"""The frame of a form shown over a screen: a box, its scrollable body, the buttons."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.screen import ModalScreen

from cooptui.widgets.overflow_scroll import SHORT_BREAKPOINTS

ResultType = TypeVar("ResultType")


class FormDialog(ModalScreen[ResultType]):
    """Compose `Vertical(.dialog-box)` > `OverflowScroll(.dialog-body)` with a
    `.dialog-title`, the fields, then the `.form-error` line and `Horizontal(.dialog-buttons)`
    outside the body: on a short terminal the body scrolls and the buttons stay in view.
    A subclass sets its own width (`#…-box`) and what its fields need.

    The rules are in app.tcss, not DEFAULT_CSS: a screen's own .tcss outranks any
    DEFAULT_CSS, and `.form-section` (app.tcss) must lose its margin here when short.
    """

    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = SHORT_BREAKPOINTS
