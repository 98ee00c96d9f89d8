"""A scroll area that is a Tab stop only while it has something hidden to scroll to."""

from __future__ import annotations

from textual.containers import VerticalScroll


class OverflowScroll(VerticalScroll):
    """On a tall terminal it shows everything and Tab passes it by; on a short one the
    keyboard can still reach what does not fit (Tab to it, then the arrows)."""

    def allow_focus(self) -> bool:
        return self.allow_vertical_scroll
