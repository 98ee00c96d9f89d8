"""Fecha desde / Fecha hasta: one date-range field for every screen that asks for dates.

The bank answers only so far back (12 months of movements, 3 months of service payments),
so the field knows its reach and says what is wrong before anything is asked of the bank:
each date's own problem (not a date, a day that does not exist) right under it, and a
problem of the pair (reversed, too far back, after today) on one line under both.
"""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static

from cooptui.domain.dates import months_before
from cooptui.domain.formatting import format_date, parse_date

DATE_PLACEHOLDER = "dd/mm/aaaa"
REVERSED = "La fecha desde no puede ser posterior a la fecha hasta."
THREE_MONTHS = (
    "Puedes consultar por rango de fechas hasta 3 meses de antigüedad de la fecha actual."
)
"""The manual's note on Historial de Pagos (and the bank's own words for it)."""

DateRange = tuple[date | None, date | None]


def reach_message(months: int, earliest: date) -> str:
    """Why Fecha desde is too far back, in the words of the screen that asks."""
    if months == 3:
        return f"{THREE_MONTHS} La fecha desde más antigua es el {format_date(earliest)}."
    return (
        f"Solo puedes consultar los últimos {months} meses: la fecha desde debe ser desde el "
        f"{format_date(earliest)}."
    )


def range_problem(date_from: date | None, date_to: date | None, today: date, months: int) -> str:
    """Why the pair cannot be asked of the bank ("" when it can); either date may be None."""
    if date_from is not None and date_to is not None and date_from > date_to:
        return REVERSED
    earliest = months_before(today, months)
    if date_from is not None and date_from < earliest:
        return reach_message(months, earliest)
    if date_to is not None and date_to > today:
        return f"La fecha hasta no puede ser posterior a hoy ({format_date(today)})."
    return ""


class DateRangeField(Vertical):
    """Two dd/mm/aaaa inputs, each with its error line, and the pair's message below.

    Ids come from `prefix`: `#{prefix}-from`, `#{prefix}-to`, `#{prefix}-from-error`,
    `#{prefix}-to-error` and `#{prefix}-range-error`, so a screen (and its tests) address
    each part. `optional` lets either date stay empty ("Los campos no son obligatorios").
    The labels sit above the inputs; a screen may lay each `.date-range-date` out as a grid
    to put them beside (see payment_history.tcss). An error line keeps its row while empty
    (the form does not jump as the member types) unless the screen hides `.-empty` ones.
    """

    DEFAULT_CSS = """
    DateRangeField { height: auto; width: 38; }
    DateRangeField > .date-range-pair { height: auto; width: 100%; }
    DateRangeField .date-range-date { height: auto; width: 18; margin-right: 1; }
    DateRangeField .date-range-date > .field-error { height: auto; min-height: 1; width: 100%; }
    DateRangeField > .date-range-error { height: auto; width: 100%; display: none; }
    """

    class Changed(Message):
        """A valid range was typed (both dates checked against the bank's reach)."""

        def __init__(
            self, field: DateRangeField, date_from: date | None, date_to: date | None
        ) -> None:
            super().__init__()
            self.field = field
            self.date_from = date_from
            self.date_to = date_to

        @property
        def control(self) -> DateRangeField:
            return self.field

    def __init__(
        self,
        months: int,
        *,
        prefix: str,
        optional: bool = False,
        labels: tuple[str, str] = ("Fecha desde", "Fecha hasta"),
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.months = months
        self.prefix = prefix
        self.optional = optional
        self.labels = labels
        self.today: date | None = None
        self._defaults = ("", "")

    def compose(self) -> ComposeResult:
        with Horizontal(classes="date-range-pair"):
            for which, label in zip(("from", "to"), self.labels, strict=True):
                with Vertical(classes="date-range-date", id=f"{self.prefix}-{which}-field"):
                    yield Label(label, classes="date-range-label")
                    yield Input(placeholder=DATE_PLACEHOLDER, id=f"{self.prefix}-{which}")
                    yield Label(
                        "",
                        id=f"{self.prefix}-{which}-error",
                        classes="field-error -empty",
                        markup=False,
                    )
        yield Static(
            "", id=f"{self.prefix}-range-error", classes="form-error date-range-error", markup=False
        )

    # -- parts ---------------------------------------------------------------------------------
    def input(self, which: str) -> Input:
        """The "from" or "to" Input."""
        return self.query_one(f"#{self.prefix}-{which}", Input)

    @property
    def earliest(self) -> date | None:
        """The oldest Fecha desde the bank answers for (None until `set_today`)."""
        return None if self.today is None else months_before(self.today, self.months)

    def set_today(self, today: date, *, fill: bool = True) -> None:
        """Take the bank's date; with `fill`, offer its whole reach (earliest … today)
        unless the member typed dates of their own (the previous defaults are replaced)."""
        self.today = today
        if not fill:
            return
        defaults = (format_date(months_before(today, self.months)), format_date(today))
        date_from, date_to = self.input("from"), self.input("to")
        if (date_from.value, date_to.value) in {("", ""), self._defaults}:
            with self.prevent(Input.Changed):
                date_from.value, date_to.value = defaults
        self._defaults = defaults

    # -- reading and telling -------------------------------------------------------------------
    def _date(self, which: str) -> tuple[bool, date | None]:
        """(ok, the typed date); its problem is shown under it, or cleared."""
        text = self.input(which).value
        if self.optional and not text.strip():
            self.show_problem(which, "")
            return True, None
        try:
            value = parse_date(text)
        except ValueError as exc:
            self.show_problem(which, str(exc))
            return False, None
        self.show_problem(which, "")
        return True, value

    def value(self) -> DateRange | None:
        """The typed range, or None once its problem is shown next to the field.

        Without the bank's date (`set_today`) only the dates themselves and their order
        are checked.
        """
        ok_from, date_from = self._date("from")
        ok_to, date_to = self._date("to")
        problem = ""
        if ok_from and ok_to:
            if self.today is not None:
                problem = range_problem(date_from, date_to, self.today, self.months)
            elif date_from is not None and date_to is not None and date_from > date_to:
                problem = REVERSED
        self.show_problem("range", problem)
        if not (ok_from and ok_to) or problem:
            return None
        return date_from, date_to

    def show_problem(self, which: str, message: str) -> None:
        """Show (or with "" clear) a message: which is "from"/"date_from", "to"/"date_to"
        (under that date, as the bank's `InvalidInput` names them) or "range" (below both)."""
        part = {"date_from": "from", "date_to": "to"}.get(which, which)
        if part == "range":
            line = self.query_one(f"#{self.prefix}-range-error", Static)
            line.update(message)
            line.display = bool(message)
        else:
            error = self.query_one(f"#{self.prefix}-{part}-error", Label)
            error.update(message)
            error.set_class(not message, "-empty")

    def clear_problems(self) -> None:
        for part in ("from", "to", "range"):
            self.show_problem(part, "")

    @on(Input.Changed)
    def _typed(self) -> None:
        """Check as the member types; the Input's own message bubbles on, checked."""
        if self.today is None:
            return  # the bank's date (and the defaults) are still on their way
        typed = self.value()
        if typed is not None:
            self.post_message(self.Changed(self, *typed))
