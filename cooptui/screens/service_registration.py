"""Nuevo Pago (manual "Registro de Servicios", Pasos 2–4): register a service to pay.

Cuenta de débito → Categoría → Empresa → the service code as the biller names it → an
optional alias → confirmation → SMS code. The bank checks before texting the code that
the code exists at that company and that the member has not registered it already.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from cooptui.backend.errors import BackendError, SessionExpired
from cooptui.backend.protocol import Backend
from cooptui.domain.operations import Receipt, ServiceRegistrationOrder
from cooptui.domain.validators import ALIAS_MAX_LENGTH, validate_text
from cooptui.widgets.account_picker import AccountPicker
from cooptui.widgets.biller_picker import BillerPicker
from cooptui.widgets.errors import PresentsWorkerErrors
from cooptui.widgets.form_dialog import FormDialog
from cooptui.widgets.form_field import FormField
from cooptui.widgets.order_form import OrderForm
from cooptui.widgets.overflow_scroll import OverflowScroll

ServiceKey = tuple[str, str]
"""(biller id, service code): a registered service before the list shows its id."""


class ServiceRegistrationScreen(OrderForm, PresentsWorkerErrors, FormDialog[ServiceKey | None]):
    """Dismisses with the registered (biller, code), or None when cancelled."""

    AUTO_FOCUS = ""  # none: on_mount focuses the first field without scrolling (None is "*")
    FORM_ERROR = "sr-form-error"
    CONFLICT_FIELD = "service_code"  # registered already
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancelar"),
        Binding("f5", "reload", "Actualizar"),
    ]

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend

    def compose(self) -> ComposeResult:
        with Vertical(id="sr-box", classes="dialog-box"):
            with OverflowScroll(id="sr-body", classes="dialog-body"):
                yield Static(
                    "Nuevo Pago - Registro de Servicios", id="sr-title", classes="dialog-title"
                )
                yield Static("Selecciona la cuenta de débito", classes="form-section")
                yield AccountPicker(select_id="sr-account")
                yield BillerPicker(prefix="sr")
                yield FormField(
                    "Alias",
                    Input(id="sr-alias", placeholder="Opcional, p. ej. Luz casa"),
                    name="alias",
                )
            yield Label("", id="sr-form-error", classes="form-error", markup=False)
            with Horizontal(id="sr-buttons", classes="dialog-buttons"):
                yield Button("Cancelar", id="sr-cancel")
                yield Button("Continuar", id="sr-continue", variant="primary")

    def on_mount(self) -> None:
        # Not scrolled to, as in the card payment form: a Select counts its hidden list in
        # its height, and the animated scroll raced the bank's answer.
        self.set_focus(self.query_one("#sr-account", Select), scroll_visible=False)
        self.load()

    def action_reload(self) -> None:
        """F5: accounts and companies again (a failed load says to), keeping the choices."""
        self.load()

    @work(exclusive=True, group="sr-load", exit_on_error=False)
    async def load(self) -> None:
        try:
            accounts = await self.backend.accounts()
            categories = await self.backend.service_categories()
            billers = await self.backend.billers()
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                self.show_form_error(f"{exc.message} Pulsa F5 para intentarlo de nuevo.")
            return
        if not self.is_attached:
            return
        self.show_form_error("")
        self.query_one(AccountPicker).set_accounts(accounts)
        self.query_one(BillerPicker).set_catalog(categories, billers)

    # -- the order ---------------------------------------------------------------------------
    def _alias(self) -> str:
        return self.query_one("#sr-alias", Input).value.strip()

    @on(Input.Changed, "#sr-alias")
    def _alias_typed(self) -> None:
        field = self.query_one("#field-alias", FormField)
        field.show_error(validate_text(self._alias(), ALIAS_MAX_LENGTH) or "")

    def order_fields(self) -> list[str]:
        return ["from_account", *self.query_one(BillerPicker).fields(), "alias"]

    def order_problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if self.query_one(AccountPicker).value is None:
            found["from_account"] = "Selecciona la cuenta de débito."
        found.update(self.query_one(BillerPicker).problems())
        if problem := validate_text(self._alias(), ALIAS_MAX_LENGTH):
            found["alias"] = problem
        return found

    def build_order(self) -> ServiceRegistrationOrder:
        picker = self.query_one(BillerPicker)
        assert picker.biller is not None
        return ServiceRegistrationOrder(
            from_account=self.query_one(AccountPicker).value or "",
            biller_id=picker.biller.id,
            service_code=picker.code,
            alias=self._alias() or None,
        )

    @on(Input.Submitted)
    @on(Button.Pressed, "#sr-continue")
    def submit(self) -> None:
        self.submit_order()

    async def order_done(self, receipt: Receipt) -> None:
        picker = self.query_one(BillerPicker)
        assert picker.biller is not None
        self.dismiss((picker.biller.id, picker.code))

    @on(Button.Pressed, "#sr-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
