"""Refilling a Select after a reload without changing what the member chose."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Select

Options = list[tuple[str, str]]
"""(label, value) pairs; labels are backend text and shown literally."""


def fill_select(select: Select[str], options: Options, prompt: str) -> bool:
    """Replace a Select's options, keeping its value while it still exists.

    A lone option is chosen only when nothing was: a choice that disappeared is never
    silently replaced by another account or payee. True when the value changed.
    """
    current = select.value
    with select.prevent(Select.Changed):
        select.prompt = prompt  # read when the blank option is built
        select.set_options((Text(label), value) for label, value in options)
        values = [value for _, value in options]
        if current in values:
            select.value = current
        elif len(values) == 1 and current == Select.NULL:
            select.value = values[0]
    return select.value != current


def select_value(select: Select[str]) -> str | None:
    """The chosen value, None while the prompt shows."""
    value = select.value
    return value if isinstance(value, str) else None
