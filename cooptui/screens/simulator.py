"""What both simulators of Solicita tus productos share: Monto and Plazo of one product,
Simular (F3) on the bank's date, the figures dimmed when the inputs change after a
simulation, and Solicitar (F2) with what was typed.

`CreditSimulatorScreen` and `DepositSimulatorScreen` say how to compute
(`domain.simulation`) and how to show the figures; widget ids start with their `PREFIX`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import ClassVar, Generic, Protocol, TypeVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from cooptui.backend.errors import BackendError, SessionExpired
from cooptui.domain.catalog import ProductOffer
from cooptui.screens.frame import BankScreen
from cooptui.screens.product_request import ProductRequestScreen
from cooptui.widgets.form_field import show_problems
from cooptui.widgets.product_fields import ProductAmountField, ProductTermField

FIELDS = ["amount", "term"]


class Simulation(Protocol):
    @property
    def amount(self) -> Decimal: ...

    @property
    def term(self) -> int: ...


S = TypeVar("S", bound=Simulation)


class SimulatorScreen(BankScreen, Generic[S]):
    MENU_ID = "solicitudes"
    AUTO_FOCUS = ""  # none at once: see BankScreen.focus_after_layout
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Regresar"),
        Binding("f2", "request", "Solicitar"),
        Binding("f3", "simulate", "Simular"),
    ]
    PREFIX: ClassVar[str] = ""
    KIND: ClassVar[str] = ""
    """"crédito", "inversión": the title says which simulator it is."""
    STALE: ClassVar[str] = ""
    NOTE: ClassVar[str] = ""
    FIGURES: ClassVar[tuple[str, ...]] = ()
    """The ids (without PREFIX) of what a simulation shows, hidden until there is one."""

    def __init__(self, offer: ProductOffer, *, amount: str = "", term: str = "") -> None:
        super().__init__()
        self.offer = offer
        self._amount = amount
        self._term = term
        self.simulation: S | None = None

    def part(self, name: str) -> Widget:
        return self.query_one(f"#{self.PREFIX}-{name}")

    # -- layout ----------------------------------------------------------------------------------
    def compose_content(self) -> ComposeResult:
        offer, prefix = self.offer, self.PREFIX
        yield Static(
            f"Simulador de {self.KIND}: {offer.name}",
            id=f"{prefix}-title",
            classes="detail-title",
            markup=False,
        )
        yield Static(offer.description, id=f"{prefix}-description", markup=False)
        yield ProductAmountField(offer, input_id=f"{prefix}-amount", value=self._amount)
        yield ProductTermField(offer, input_id=f"{prefix}-term", value=self._term)
        with Horizontal(id=f"{prefix}-buttons"):
            yield Button("Simular", id=f"{prefix}-simulate", variant="primary")
            yield Button("Solicitar", id=f"{prefix}-request")
            yield from self.compose_buttons()
        yield Label("", id=f"{prefix}-error", classes="form-error", markup=False)
        yield Static(self.STALE, id=f"{prefix}-stale")
        yield from self.compose_figures()
        yield Static(self.NOTE, id=f"{prefix}-note")
        yield from self.compose_after()

    def compose_buttons(self) -> ComposeResult:
        yield from ()

    def compose_figures(self) -> ComposeResult:
        yield from ()

    def compose_after(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        for name in ("error", "stale", *self.FIGURES, "note"):
            self.part(name).display = False
        self.focus_after_layout(f"#{self.PREFIX}-amount")
        if self._amount and self._term:
            self.action_simulate()

    # -- simulating ------------------------------------------------------------------------------
    def compute(self, amount: Decimal, term: int, today: date) -> S:
        raise NotImplementedError

    def show_figures(self, sim: S) -> None:
        """Fill the FIGURES with `sim` (also called again when the width changes)."""

    def narrow(self, below: int) -> bool:
        return self.query_one("#content").scrollable_content_region.width < below

    @on(Input.Submitted)
    def action_simulate(self) -> None:
        amount_field = self.query_one(ProductAmountField)
        term_field = self.query_one(ProductTermField)
        found = {
            name: problem
            for name, problem in (
                ("amount", amount_field.problem()),
                ("term", term_field.problem()),
            )
            if problem
        }
        show_problems(self, FIELDS, found)
        if not found:
            self._simulate(amount_field.value(), term_field.value())

    @work(exclusive=True, group="simulate", exit_on_error=False)
    async def _simulate(self, amount: Decimal, term: int) -> None:
        try:
            today = await self.bank_today()
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                self._show_error(exc.message)
            return
        if not self.is_attached:
            return
        self._show_error("")
        self.show(self.compute(amount, term, today))

    def show(self, sim: S) -> None:
        self.simulation = sim
        self.set_class(False, "-stale")
        self.part("stale").display = False
        self.show_figures(sim)
        for name in (*self.FIGURES, "note"):
            self.part(name).display = True
        self.refresh_bindings()
        self.call_after_refresh(self._reveal)

    def _reveal(self) -> None:
        """On a short terminal the figures fall below the buttons: bring them up, or
        Simular would seem to do nothing."""
        first = self.part(self.FIGURES[0])
        content = self.query_one("#content")
        if first.display and not content.region.contains_region(first.region):
            content.scroll_to_widget(first, top=True, animate=False)
            self.scrolled_to_figures()

    def scrolled_to_figures(self) -> None:
        """The inputs went out of view to show the figures (the credit's table then takes
        the focus, so the arrows browse what is on screen)."""

    def _show_error(self, message: str) -> None:
        error = self.part("error")
        assert isinstance(error, Label)
        error.update(message)
        error.display = bool(message)

    def on_resize(self, event: events.Resize) -> None:
        """The breakpoint may have changed the layout: the figures one or two to a line
        (BankScreen's own handler runs too: Textual calls both)."""
        if self.simulation is not None:
            self.call_after_refresh(self._relayout)

    def _relayout(self) -> None:
        """Only the figures' layout: whether they are stale and where the focus is stay."""
        if self.simulation is not None and self.is_attached:
            self.show_figures(self.simulation)

    @on(Input.Changed)
    def _inputs_changed(self) -> None:
        """Inputs that no longer match the figures shown dim them (they stay to compare)."""
        sim = self.simulation
        if sim is None:
            return
        amount = self.query_one(ProductAmountField)
        term = self.query_one(ProductTermField)
        same = (
            amount.problem() is None
            and term.problem() is None
            and amount.value() == sim.amount
            and term.value() == sim.term
        )
        self.set_class(not same, "-stale")
        self.part("stale").display = not same

    # -- actions ---------------------------------------------------------------------------------
    def on_button_pressed(self, event: Button.Pressed) -> None:
        action = {
            f"{self.PREFIX}-simulate": self.action_simulate,
            f"{self.PREFIX}-request": self.action_request,
        }.get(event.button.id or "")
        if action is not None:
            event.stop()
            action()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_request(self) -> None:
        """The form with the amount and plazo as typed here (it checks them again)."""
        amount = self.query_one(ProductAmountField).text.strip()
        term = self.query_one(ProductTermField).text.strip()
        self.app.push_screen(
            ProductRequestScreen(self.backend, self.offer, amount=amount, term=term)
        )
