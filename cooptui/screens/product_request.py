"""Solicitar (manual "7. Solicita tus productos"): the request of one product.

Monto (where the product has a range), Plazo (where it has one, in its unit), Comentario
and Teléfono de contacto → Enviar → confirmation → the bank's reference, in the same
dialog, with the e-mail the bank sent. A request moves no money: no code is asked for.

One filling of the form is one request. The idempotency key is drawn once when the form
opens and sent with every attempt, so a second Enter, a retry after a lost answer or a
double click can only ever return the request already made; Enviar is disabled and
ignored while the bank answers, and the form is replaced by the result once it has.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from cooptui.backend.errors import BackendError, BackendUnavailable, InvalidInput, SessionExpired
from cooptui.backend.protocol import Backend
from cooptui.domain.catalog import ProductOffer, ProductRequest
from cooptui.domain.formatting import format_datetime, format_money
from cooptui.domain.validators import COMMENT_MAX_LENGTH, validate_phone, validate_text
from cooptui.widgets.confirm_dialog import SummaryTable
from cooptui.widgets.errors import PresentsWorkerErrors
from cooptui.widgets.form_dialog import FormDialog
from cooptui.widgets.form_field import FormField, show_problems
from cooptui.widgets.overflow_scroll import OverflowScroll
from cooptui.widgets.product_confirm import ProductConfirmDialog
from cooptui.widgets.product_fields import (
    ProductAmountField,
    ProductTermField,
    has_amount,
    has_term,
)

PHONE_HINT = "Celular de 10 dígitos que empiece con 09"
LOST_ANSWER = (
    " Vuelve a pulsar Enviar: si tu solicitud ya llegó, te mostraremos la misma y no se"
    " registrará dos veces."
)
NO_MONEY = (
    "No se debitará ningún valor de tus cuentas: un asesor revisará tu solicitud y te"
    " contactará para continuar."
)


def term_text(term: int | None, offer: ProductOffer) -> str:
    """ "48 meses", "365 días", or "-" for a product with no plazo."""
    if term is None or offer.term_unit is None:
        return "-"
    return f"{term} {offer.term_unit.value}"


def request_rows(request: ProductRequest, offer: ProductOffer) -> list[tuple[str, str]]:
    """The lines of a request as the member reads them after sending it (its Estado is
    the line above them)."""
    rows = [
        ("Solicitud N°", request.reference),
        ("Producto", request.product_name),
    ]
    if request.amount is not None:
        rows.append(("Monto", format_money(request.amount)))
    if request.term is not None:
        rows.append(("Plazo", term_text(request.term, offer)))
    rows += [
        ("Fecha", format_datetime(request.created_at)),
        ("Teléfono de contacto", request.contact_phone),
    ]
    if request.comment:
        rows.append(("Comentario", request.comment))
    return rows


class ProductRequestScreen(PresentsWorkerErrors, FormDialog[ProductRequest | None]):
    """Dismisses with the request made (after its result was shown), or None."""

    CSS_PATH = "product_request.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancelar")]

    def __init__(
        self, backend: Backend, offer: ProductOffer, *, amount: str = "", term: str = ""
    ) -> None:
        super().__init__()
        self.backend = backend
        self.offer = offer
        self._amount = amount
        self._term = term
        self.idempotency_key = str(uuid.uuid4())
        """One per filling: every attempt of this form is the same request."""
        self.sending = False
        self.request: ProductRequest | None = None

    # -- layout ----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        offer = self.offer
        with Vertical(id="pr-box", classes="dialog-box"):
            with OverflowScroll(id="pr-body", classes="dialog-body"):
                yield Static(
                    f"Solicitud de {offer.name}",
                    id="pr-title",
                    classes="dialog-title",
                    markup=False,
                )
                with Vertical(id="pr-form"):
                    yield Static("Completa la información de tu solicitud", classes="form-section")
                    if has_amount(offer):
                        yield ProductAmountField(offer, input_id="pr-amount", value=self._amount)
                    if has_term(offer):
                        yield ProductTermField(offer, input_id="pr-term", value=self._term)
                    yield FormField(
                        "Comentario",
                        Input(id="pr-comment", placeholder="Opcional"),
                        name="comment",
                        hint=f"Opcional, hasta {COMMENT_MAX_LENGTH} caracteres",
                    )
                    yield FormField(
                        "Teléfono de contacto",
                        Input(id="pr-phone", placeholder="09xxxxxxxx"),
                        name="contact_phone",
                        hint=self._phone_hint(),
                    )
                with Vertical(id="pr-done"):
                    yield Static("", id="pr-status")
                    yield SummaryTable([], id="pr-lines")
                    yield Static("", id="pr-message", markup=False)
            yield Label("", id="pr-form-error", classes="form-error", markup=False)
            with Horizontal(id="pr-buttons", classes="dialog-buttons"):
                yield Button("Cancelar", id="pr-cancel")
                yield Button("Enviar", id="pr-send", variant="primary")
                yield Button("Cerrar", id="pr-close", variant="primary")

    def _phone_hint(self) -> str:
        """The bank gives the app only the member's masked phone: it cannot be filled in,
        but it reminds the member which number the bank already has."""
        session = getattr(self.app, "session", None)
        masked = session.profile.masked_phone if session is not None else ""
        return f"{PHONE_HINT}; tu celular registrado es {masked}" if masked else PHONE_HINT

    def on_mount(self) -> None:
        self.query_one("#pr-done").display = False
        self.query_one("#pr-close").display = False
        first = next(
            (i for i in self.query(Input).results(Input) if not i.value), self.query_one(Input)
        )
        first.focus()

    # -- checking --------------------------------------------------------------------------------
    def field_names(self) -> list[str]:
        return [field.field_name for field in self.query_one("#pr-form").query(FormField)]

    def _text(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()

    def problems(self) -> dict[str, str]:
        """Field -> message for everything to fix before the bank is asked."""
        found: dict[str, str] = {}
        for amount in self.query(ProductAmountField).results(ProductAmountField):
            if problem := amount.problem():
                found["amount"] = problem
        for term in self.query(ProductTermField).results(ProductTermField):
            if problem := term.problem():
                found["term"] = problem
        if problem := validate_text(self._text("#pr-comment"), COMMENT_MAX_LENGTH):
            found["comment"] = problem
        if problem := validate_phone(self._text("#pr-phone")):
            found["contact_phone"] = problem
        return found

    @on(Input.Changed, "#pr-comment")
    def _comment_typed(self) -> None:
        problem = validate_text(self._text("#pr-comment"), COMMENT_MAX_LENGTH)
        self.query_one("#field-comment", FormField).show_error(problem or "")

    @on(Input.Changed, "#pr-phone")
    def _phone_typed(self) -> None:
        """A message goes as soon as the number is right; a new one waits for Enviar."""
        field = self.query_one("#field-contact_phone", FormField)
        if field.error and validate_phone(self._text("#pr-phone")) is None:
            field.show_error("")

    def show_form_error(self, message: str) -> None:
        self.query_one("#pr-form-error", Label).update(message)

    # -- sending ---------------------------------------------------------------------------------
    @on(Input.Submitted)
    @on(Button.Pressed, "#pr-send")
    def submit(self) -> None:
        """Enviar (or Enter in a field): check, confirm, send; never twice at once."""
        if self.sending or self.request is not None:
            return
        self.show_form_error("")
        found = self.problems()
        show_problems(self, self.field_names(), found)
        if found:
            return
        self.sending = True
        self._send()

    def _values(self) -> tuple[str | None, int | None]:
        amount = term = None
        for field in self.query(ProductAmountField).results(ProductAmountField):
            amount = f"{field.value():f}"
        for term_field in self.query(ProductTermField).results(ProductTermField):
            term = term_field.value()
        return amount, term

    def _confirm_rows(self, amount: str | None, term: int | None) -> list[tuple[str, str]]:
        rows = [("Producto", self.offer.name)]
        if amount is not None:
            rows.append(("Monto", format_money(self.query_one(ProductAmountField).value())))
        if term is not None:
            rows.append(("Plazo", term_text(term, self.offer)))
        rows.append(("Teléfono de contacto", self._text("#pr-phone")))
        if comment := self._text("#pr-comment"):
            rows.append(("Comentario", comment))
        return rows

    @work(exclusive=True, group="pr-send", exit_on_error=False)
    async def _send(self) -> None:
        """Confirmation, then the bank with Enviar disabled; a refusal gives the focus
        back where it was (disabling Enviar moved it), so a stray Enter cannot Cancelar."""
        send = self.query_one("#pr-send", Button)
        before = None
        try:
            amount, term = self._values()
            rows = self._confirm_rows(amount, term)
            title = f"Confirma tu solicitud de {self.offer.name}"
            if not await self.app.push_screen_wait(ProductConfirmDialog(title, rows, NO_MONEY)):
                return
            before = self.focused
            send.disabled = True
            request = await self._request(amount, term)
            if request is not None and self.is_attached:
                self.show_done(request)
        finally:
            self.sending = False
            if self.is_attached and self.request is None:
                send.disabled = False
                moved = self.focused is None or self.focused.id == "pr-cancel"
                if before is not None and before.is_attached and moved:
                    before.focus()

    async def _request(self, amount: str | None, term: int | None) -> ProductRequest | None:
        """The bank's request, or None after showing why there is none."""
        try:
            return await self.backend.request_product(
                self.offer.id,
                amount=amount,
                term=term,
                comment=self._text("#pr-comment"),
                contact_phone=self._text("#pr-phone"),
                idempotency_key=self.idempotency_key,
            )
        except SessionExpired:
            raise
        except InvalidInput as exc:
            if not self.is_attached:
                return None
            if exc.field in self.field_names():
                show_problems(self, self.field_names(), {exc.field: exc.message})
            else:
                self.show_form_error(exc.message)
        except BackendUnavailable as exc:
            if self.is_attached:
                self.show_form_error(exc.message + LOST_ANSWER)
        except BackendError as exc:
            if self.is_attached:
                self.show_form_error(exc.message)
        return None

    # -- the result ------------------------------------------------------------------------------
    def show_done(self, request: ProductRequest) -> None:
        """The reference in place of the form: nothing left to send twice."""
        self.request = request
        self.query_one("#pr-title", Static).update("Solicitud enviada")
        self.query_one("#pr-form").display = False
        self.query_one("#pr-status", Static).update(f"Estado: {request.status.value}")
        self.query_one("#pr-lines", SummaryTable).update_rows(request_rows(request, self.offer))
        self.query_one("#pr-message", Static).update(
            "Te enviamos un correo con el detalle de tu solicitud. Un asesor de Cooprogreso"
            f" te contactará al {request.contact_phone}."
        )
        self.query_one("#pr-done").display = True
        self.query_one("#pr-cancel").display = False
        self.query_one("#pr-send").display = False
        close = self.query_one("#pr-close", Button)
        close.display = True
        close.focus()
        self.show_form_error("")
        self.query_one("#pr-body", OverflowScroll).scroll_home(animate=False)

    @on(Button.Pressed, "#pr-cancel")
    @on(Button.Pressed, "#pr-close")
    def action_cancel(self) -> None:
        """Cancelar, or Cerrar once sent; refused while the bank answers: closing then
        would hide a request that went through."""
        if self.sending:
            return
        self.dismiss(self.request)
