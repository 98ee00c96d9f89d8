"""Cambiar clave and Recuperar clave of a debit or credit card (the manual's dialogs)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from cooptui.backend.errors import BackendError, SessionExpired
from cooptui.backend.protocol import Backend
from cooptui.domain.cards import CardKind
from cooptui.domain.operations import PinChangeOrder, Receipt
from cooptui.domain.products import CardStatus
from cooptui.domain.validators import validate_pin
from cooptui.widgets.errors import PresentsWorkerErrors
from cooptui.widgets.form_field import FormField
from cooptui.widgets.order_form import OrderForm
from cooptui.widgets.overflow_scroll import SHORT_BREAKPOINTS
from cooptui.widgets.receipt_view import ReceiptView

CARD_WORD = {CardKind.DEBIT: "débito", CardKind.CREDIT: "crédito"}
RECOVERY_SENT = (
    "Estimado usuario hemos enviado una clave temporal a su correo electrónico registrado."
)
PLACEHOLDER = "Ingresa una clave de 4 dígitos"
INCOMPLETE = "La clave debe tener 4 dígitos"
MISMATCH = "Las claves no coinciden"
SAME_AS_OLD = "La nueva clave debe ser distinta de la anterior."
FIELDS = ("current_pin", "new_pin", "confirm_pin")

CardRefresh = Callable[[], Awaitable[CardStatus | None]]
"""Re-reads the card on the screen below and returns its status (None: unknown)."""


class PinChangeScreen(OrderForm, PresentsWorkerErrors, ModalScreen[Receipt | None]):
    """Clave anterior, Nueva clave, Confirmación → OTP → comprobante.

    Dismisses with the Receipt, or None when the member cancels. The PINs live only in
    the three password inputs and the order's `SecretStr`; they are cleared on success,
    before the comprobante shows (so `RECEIPT` is off and `order_done` shows it).

    Every refusal of the bank may have changed the card (the third wrong PIN blocks it),
    so `refresh_card` re-reads it at once on the screen below; once the card is no
    longer active Continuar stays disabled: the bank would refuse anything more.
    """

    CSS_PATH = "pin_change.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancelar")]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = SHORT_BREAKPOINTS
    FORM_ERROR = "pin-form-error"
    CONFIRM = False  # the code dialog shows what is being authorised
    RECEIPT = False  # shown by `order_done`, once the PINs are gone

    def __init__(
        self,
        backend: Backend,
        card_kind: CardKind,
        card_id: str,
        card_label: str,
        *,
        refresh_card: CardRefresh | None = None,
    ) -> None:
        super().__init__()
        self.backend = backend
        self.card_kind = card_kind
        self.card_id = card_id
        self.card_label = card_label
        self.refresh_card = refresh_card
        self.card_inactive = False

    def compose(self) -> ComposeResult:
        with Vertical(id="pin-box"):
            yield Static("Cambiar Clave", id="pin-title")
            yield Static(self.card_label, id="pin-card", markup=False)
            yield Static(
                f"Crea una nueva clave de 4 dígitos para tu tarjeta de {CARD_WORD[self.card_kind]}",
                id="pin-intro",
            )
            for field, label in zip(
                FIELDS,
                ("Clave anterior:", "Nueva clave:", "Confirmación nueva clave:"),
                strict=True,
            ):
                yield FormField(
                    label,
                    Input(
                        placeholder=PLACEHOLDER,
                        password=True,
                        max_length=4,
                        restrict=r"[0-9]*",
                        id=field.replace("_", "-"),
                    ),
                    name=field,
                )
            yield Static("Nota: Recuerda seguir los consejos de seguridad.", id="pin-note")
            yield Label("", id="pin-form-error", classes="form-error", markup=False)
            with Horizontal(id="pin-buttons"):
                yield Button("Cancelar", id="pin-cancel")
                yield Button("Continuar", id="pin-continue", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#current-pin", Input).focus()

    # -- validation as typed ------------------------------------------------------------------
    def _value(self, field: str) -> str:
        return self.query_one(f"#{field.replace('_', '-')}", Input).value

    def problems(self, *, complete_only: bool = False) -> dict[str, str]:
        """Field -> message. With `complete_only`, a field still being typed has none."""
        current, new, again = (self._value(f) for f in FIELDS)
        found: dict[str, str] = {}

        def typing(value: str) -> bool:
            return complete_only and len(value) < 4

        if not typing(current) and len(current) != 4:
            found["current_pin"] = INCOMPLETE
        if not typing(new):
            problem = validate_pin(new)
            if problem is None and len(current) == 4 and new == current:
                problem = SAME_AS_OLD
            if problem:
                found["new_pin"] = problem
        if not typing(again):
            if len(again) != 4:
                found["confirm_pin"] = INCOMPLETE
            elif again != new:
                found["confirm_pin"] = MISMATCH
        return found

    @on(Input.Changed)
    def _changed(self) -> None:
        """Each field says what is wrong with it as it is typed (the focus stays put)."""
        found = self.problems(complete_only=True)
        for field in self.query(FormField).results(FormField):
            field.show_error(found.get(field.field_name, ""))

    # -- submit ------------------------------------------------------------------------------------
    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        """Enter moves on to the next empty PIN field; in the last one it is Continuar."""
        inputs = list(self.query(Input).results(Input))
        later = inputs[inputs.index(event.input) + 1 :]
        empty = next((i for i in later if not i.value), None)
        if empty is not None:
            empty.focus()
        else:
            self._submit()

    @on(Button.Pressed, "#pin-continue")
    def _submit(self) -> None:
        if self.card_inactive:
            return  # the bank's message stays: a blocked card takes no new PIN
        self.submit_order()

    def order_fields(self) -> list[str]:
        return list(FIELDS)

    def order_problems(self) -> dict[str, str]:
        return self.problems()

    def build_order(self) -> PinChangeOrder:
        return PinChangeOrder(
            card_kind=self.card_kind,
            card_id=self.card_id,
            current_pin=self._value("current_pin"),  # type: ignore[arg-type]
            new_pin=self._value("new_pin"),  # type: ignore[arg-type]
        )

    async def order_done(self, receipt: Receipt) -> None:
        """The PIN changed: no PIN stays on the form, then the comprobante."""
        for field in FIELDS:
            self.query_one(f"#{field.replace('_', '-')}", Input).value = ""
        await self.app.push_screen_wait(ReceiptView(receipt))
        self.dismiss(receipt)

    async def order_refused(self) -> None:
        await self._card_may_have_changed()

    async def order_not_done(self) -> None:
        await self._card_may_have_changed()  # the form keeps what was typed

    async def _card_may_have_changed(self) -> None:
        """Have the screen below show the card as the bank has it now (e.g. Bloqueada)."""
        if self.refresh_card is None:
            return
        status = await self.refresh_card()
        if status is None or status is CardStatus.ACTIVE or not self.is_attached:
            return
        self.card_inactive = True
        self.query_one("#pin-continue", Button).disabled = True
        self.query_one("#pin-cancel", Button).focus()

    @on(Button.Pressed, "#pin-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class RecoverPinDialog(PresentsWorkerErrors, ModalScreen[bool]):
    """Aceptar e-mails a temporary PIN; then the bank's sentence with a single Aceptar.

    Dismisses True once the PIN was sent, False when the member declines.
    """

    CSS_PATH = "pin_change.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Cerrar")]

    def __init__(
        self, backend: Backend, card_kind: CardKind, card_id: str, card_label: str
    ) -> None:
        super().__init__()
        self.backend = backend
        self.card_kind = card_kind
        self.card_id = card_id
        self.card_label = card_label
        self.sent = False

    def compose(self) -> ComposeResult:
        with Vertical(id="recover-box"):
            yield Static("Recuperar clave", id="recover-title")
            yield Static(self.card_label, id="recover-card", markup=False)
            yield Static(
                "Automáticamente se enviará la clave temporal a tu correo electrónico registrado.",
                id="recover-message",
                markup=False,
            )
            with Horizontal(id="recover-buttons"):
                yield Button("Cancelar", id="recover-cancel")
                yield Button("Aceptar", id="recover-accept", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#recover-accept", Button).focus()

    @on(Button.Pressed, "#recover-accept")
    def _accept(self) -> None:
        if self.sent:
            self.dismiss(True)
            return
        self.query_one("#recover-accept", Button).disabled = True
        self.query_one("#recover-cancel", Button).disabled = True
        self._recover()

    @work(exclusive=True, group="recover-pin", exit_on_error=False)
    async def _recover(self) -> None:
        try:
            message = await self.backend.recover_card_pin(self.card_kind, self.card_id)
        except SessionExpired:
            raise
        except BackendError as exc:
            self.query_one("#recover-message", Static).update(exc.message)
            self.query_one("#recover-cancel", Button).disabled = False
            self.query_one("#recover-cancel", Button).label = "Cerrar"
            return
        self.sent = True
        self.query_one("#recover-message", Static).update(message or RECOVERY_SENT)
        self.query_one("#recover-cancel", Button).display = False
        accept = self.query_one("#recover-accept", Button)
        accept.disabled = False
        accept.focus()

    @on(Button.Pressed, "#recover-cancel")
    def action_close(self) -> None:
        self.dismiss(self.sent)
