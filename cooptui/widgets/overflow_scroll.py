"""A scroll area that is a Tab stop only while it has something hidden to scroll to."""

from __future__ import annotations

from typing import Final

from textual.containers import VerticalScroll

SHORT_BREAKPOINTS: Final = [(0, "-short"), (30, "-tall")]
"""A dialog's `VERTICAL_BREAKPOINTS`: below 30 rows it drops its spare lines (`-short`)
and its `OverflowScroll` holds what still does not fit, so its buttons stay in view."""


class OverflowScroll(VerticalScroll):
    """On a tall terminal it shows everything and Tab passes it by; on a short one the
    keyboard can still reach what does not fit (Tab to it, then the arrows)."""

    def allow_focus(self) -> bool:
        return self.allow_vertical_scroll
