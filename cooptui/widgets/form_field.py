"""A labelled form control with its own error line (and an optional hint) right under it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Label, Static


class FormField(Horizontal):
    """Label on the left; the control, its hint and its error message on the right.

    The hint and the message take no room while they are empty.

    Forms address a field by the order's field name (`FormField(..., name="amount")` gets
    the id `field-amount`), so an `InvalidInput(field, message)` from the bank lands next
    to the control the member has to fix.
    """

    DEFAULT_CSS = """
    FormField { height: auto; }
    FormField > .form-label { width: 20; padding-top: 1; }
    FormField > .form-body { width: 1fr; height: auto; }
    FormField .form-hint { color: $text-muted; height: auto; padding-left: 1; }
    FormField .form-hint.-empty { display: none; }
    FormField .field-error { width: 1fr; height: auto; padding-left: 1; }
    FormField .field-error.-empty { display: none; }
    """

    def __init__(self, label: str, control: Widget, *, name: str, hint: str = "") -> None:
        super().__init__(id=f"field-{name}")
        self.field_name = name
        self.label = label
        self.control = control
        self._hint = hint

    def compose(self) -> ComposeResult:
        yield Label(self.label, classes="form-label", markup=False)
        with Vertical(classes="form-body"):
            yield self.control
            yield Static(
                self._hint,
                classes="form-hint" + ("" if self._hint else " -empty"),
                markup=False,
            )
            yield Label("", classes="field-error -empty", markup=False)

    @property
    def error(self) -> str:
        return str(self.query_one(".field-error", Label).render())

    def show_error(self, message: str) -> None:
        """Show (or with "" clear) the message; the control is marked invalid meanwhile."""
        error = self.query_one(".field-error", Label)
        error.update(message)
        error.set_class(not message, "-empty")
        self.control.set_class(bool(message), "-invalid")

    def set_label(self, text: str) -> None:
        """Rename the field (the service code is called as its biller calls it)."""
        self.label = text
        self.query_one(".form-label", Label).update(text)

    def show_hint(self, text: str) -> None:
        hint = self.query_one(".form-hint", Static)
        hint.update(text)
        hint.set_class(not text, "-empty")


def show_problems(form: DOMNode, names: Iterable[str], found: Mapping[str, str]) -> None:
    """Show each field's message (clearing the others) and focus the first to fix."""
    fields = [form.query_one(f"#field-{name}", FormField) for name in names]
    for field in fields:
        field.show_error(found.get(field.field_name, ""))
    first = next((field for field in fields if field.field_name in found), None)
    if first is not None:
        first.control.focus()
