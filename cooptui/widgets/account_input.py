"""An input for account numbers as people write them down."""

from __future__ import annotations

import re

from textual.widgets import Input

SEPARATORS = re.compile(r"[\s.\-]")


class AccountNumberInput(Input):
    """Spaces, dashes and dots are formatting ("4101-1208 8265"): they are dropped as typed
    or pasted. Anything else stays as typed, for the form to refuse with a message, so a
    pasted number is never thrown away whole (as a `restrict` pattern would)."""

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(SEPARATORS.sub("", text), start, end)
