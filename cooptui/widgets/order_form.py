"""One submit path for every form that asks the bank for an OTP-confirmed operation.

Continuar → the form's own checks → `begin(order)` → the bank's refusals under the field
they concern → confirmation → SMS code → comprobante. Until the bank has done it, the
form keeps everything typed; a refusal never loses input and a second Continuar while
the bank answers does nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.widgets import Label

from cooptui.backend.errors import (
    BackendError,
    Conflict,
    InsufficientFunds,
    InvalidInput,
    LimitExceeded,
    SessionExpired,
)
from cooptui.domain.operations import Challenge, Order, Receipt
from cooptui.widgets.authorize import authorize
from cooptui.widgets.form_field import show_problems

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from cooptui.backend.protocol import Backend


class OrderForm:
    """Mixin for a screen or dialog (a `DOMNode` with a `backend`) whose Continuar begins an order.

    The form names its `FormField`s (by the order's field names) in `order_fields`, puts a
    `Label` with id `FORM_ERROR` for problems of no field, checks what it can in
    `order_problems`, builds the order in `build_order` and learns the outcome in
    `order_refused` / `order_done` / `order_not_done`. Call `submit_order()` from Continuar.
    """

    FORM_ERROR: ClassVar[str] = "form-error"
    """Id of the Label for messages that belong to no field."""
    FUNDS_FIELD: ClassVar[str] = "amount"
    """Where InsufficientFunds and LimitExceeded are shown."""
    CONFLICT_FIELD: ClassVar[str | None] = None
    """Where a Conflict is shown (e.g. "already registered"); the form line when None."""
    CONFIRM: ClassVar[bool] = True
    """Cancelar/Confirmar before the code; without it the code dialog shows the summary."""
    SUMMARY: ClassVar[bool] = True
    """Without CONFIRM: whether the code dialog shows what is being authorised."""
    RECEIPT: ClassVar[bool] = True
    """Show the comprobante; flows that report their outcome otherwise turn it off."""

    backend: Backend
    order_busy: bool = False

    # -- what each form says -----------------------------------------------------------------
    def order_fields(self) -> list[str]:
        """The FormField names of the form, in the order they appear."""
        raise NotImplementedError

    def order_problems(self) -> dict[str, str]:
        """Field -> message for everything the member must fix before a code is sent."""
        return {}

    def build_order(self) -> Order:
        """The order, once `order_problems()` found nothing."""
        raise NotImplementedError

    async def before_begin(self, order: Order) -> Order | None:
        """A last step of the member's before the bank is asked (the Términos y
        condiciones of a scheduled payment): the order to send, or None to stop."""
        return order

    async def order_done(self, receipt: Receipt) -> None:
        """The bank did it (the comprobante was shown)."""

    async def order_refused(self) -> None:
        """The bank refused at `begin` (its message is shown): no code was sent."""

    async def order_not_done(self) -> None:
        """Declined at the confirmation or the code, or the answer lost: the form keeps
        what was typed, and what the bank did is for the screen to read again."""

    # -- the path ----------------------------------------------------------------------------
    def show_problems(self, found: dict[str, str]) -> None:
        """Each field's message under it (the others cleared); focus the first to fix."""
        show_problems(self._node, self.order_fields(), found)

    def show_form_error(self, message: str) -> None:
        self._node.query_one(f"#{self.FORM_ERROR}", Label).update(message)

    def show_refusal(self, field: str | None, message: str) -> None:
        """A message of the bank under `field` when the form has it, else on the form line."""
        if field is not None and field in self.order_fields():
            self.show_problems({field: message})
        else:
            self.show_form_error(message)

    def submit_order(self) -> None:
        """Continuar: check, then begin the order in a worker (ignored while one runs)."""
        if self.order_busy:
            return
        self.show_form_error("")
        found = self.order_problems()
        self.show_problems(found)
        if found:
            return
        order = self.build_order()  # first: should it fail, the form is not left busy
        self.order_busy = True
        self._run_order(order)

    @property
    def _node(self) -> DOMNode:
        return self  # type: ignore[return-value]  # the mixin is always on a DOMNode

    async def begin_order(self, order: Order) -> Challenge | None:
        """The bank's challenge, or None after showing why it refused."""
        try:
            return await self.backend.begin(order)
        except SessionExpired:
            raise  # the app takes the member back to the login
        except (InsufficientFunds, LimitExceeded) as exc:
            self.show_refusal(self.FUNDS_FIELD, exc.message)
        except InvalidInput as exc:
            self.show_refusal(exc.field, exc.message)
        except Conflict as exc:
            self.show_refusal(self.CONFLICT_FIELD, exc.message)
        except BackendError as exc:
            self.show_refusal(None, exc.message)
        return None

    @work(exclusive=True, group="order", exit_on_error=False)
    async def _run_order(self, order: Order) -> None:
        try:
            ready = await self.before_begin(order)
            if ready is None or not self._node.is_attached:
                return
            challenge = await self.begin_order(ready)
            if challenge is None:
                await self.order_refused()
                return
            receipt = await authorize(
                self._node.app,
                self.backend,
                challenge,
                confirm=self.CONFIRM,
                summary=self.SUMMARY,
                receipt=self.RECEIPT,
            )
            if not self._node.is_attached:
                return
            if receipt is not None:
                await self.order_done(receipt)
            else:
                await self.order_not_done()
        finally:
            self.order_busy = False
