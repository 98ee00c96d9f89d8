"""The OTP dialog: the code texted to the member's phone authorises exactly one order."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from cooptui.backend.errors import (
    START_AGAIN,
    BackendError,
    BackendUnavailable,
    OtpExpired,
    OtpInvalid,
    SessionExpired,
    attempts_phrase,
)
from cooptui.backend.protocol import Backend
from cooptui.domain.formatting import format_money
from cooptui.domain.operations import PUBLIC_ORDER_KINDS, Challenge, Receipt
from cooptui.widgets.confirm_dialog import SummaryTable, summary_rows
from cooptui.widgets.errors import PresentsWorkerErrors
from cooptui.widgets.overflow_scroll import SHORT_BREAKPOINTS, OverflowScroll

clock = time.monotonic  # replaced by a fixed clock in snapshot tests
PROMPT = "Enviamos un código a tu celular por SMS. ¡Ingrésalo!"
PUBLIC_PROMPT = "Ingresa el código de 6 dígitos que recibiste por SMS."
EXPIRED = "El código expiró. Solicita uno nuevo con «Reenviar código»."
RETRY_SAFE = "Puedes pulsar Confirmar de nuevo: la operación no se hará dos veces."


@dataclass(frozen=True)
class SentMark:
    """When the bank's answer with a code arrived: this terminal's clock, plus how far the
    demo clock had been moved by then (`CoopApp.clock_jumped`), so that a demo jump
    while the code is on screen ages the code as it ages in the bank."""

    at: float
    jumped: float

    @classmethod
    def now(cls, app: App[object]) -> SentMark:
        return cls(clock(), jumped_seconds(app))


def jumped_seconds(app: App[object]) -> float:
    return float(getattr(app, "clock_jumped", 0.0))


def destination_text(challenge: Challenge) -> str:
    """Where the code went. Before login the bank answers any cédula alike, so the
    dialog cannot promise that a code was sent, only where it goes if the data match."""
    if challenge.order_kind in PUBLIC_ORDER_KINDS:
        return f"Si los datos son correctos, el código llegará a tu {challenge.destination}."
    return f"Código enviado al {challenge.destination}"


class OtpDialog(PresentsWorkerErrors, ModalScreen[Receipt | None]):
    """Code entry with countdown, attempts left, re-send and cancel.

    Dismisses with the Receipt, or None when the member cancels or the operation can no
    longer go through. A retried confirm reuses this dialog's idempotency key, so money
    never moves twice.

    The countdown follows the bank's clock: it counts `expires_at - sent_at` (both the
    bank's) from `sent` — when the answer with the code arrived, which is before the
    dialog opened when a confirmation came first — and a demo clock jump counts too.
    """

    DEFAULT_CSS = """
    OtpDialog { align: center middle; }
    OtpDialog > Vertical {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; padding: 1 2; background: $surface;
    }
    OtpDialog #otp-info { height: auto; max-height: 16; }
    OtpDialog #otp-title { text-style: bold; }
    OtpDialog #otp-headline { color: $text-muted; }
    OtpDialog #otp-short-headline { display: none; text-style: bold; }
    OtpDialog.-short #otp-short-headline { display: block; }
    OtpDialog #otp-prompt { margin-top: 1; }
    OtpDialog #otp-destination { color: $text-muted; }
    OtpDialog #otp-code { width: 20; margin-top: 1; }
    OtpDialog #otp-countdown { color: $text-muted; }
    OtpDialog #otp-error { color: $error; height: auto; }
    OtpDialog #otp-buttons { height: auto; margin-top: 1; align-horizontal: right; }
    OtpDialog #otp-buttons Button { margin-left: 1; }
    /* Short terminals: what the code authorises scrolls; the rest stays in view. */
    OtpDialog.-short > Vertical { padding: 0 1; }
    OtpDialog.-short #otp-info { max-height: 7; }
    OtpDialog.-short #otp-code, OtpDialog.-short #otp-prompt { margin-top: 0; }
    OtpDialog.-short #otp-buttons { margin-top: 0; }
    """
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = SHORT_BREAKPOINTS
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancelar")]

    def __init__(
        self,
        backend: Backend,
        challenge: Challenge,
        *,
        show_summary: bool = True,
        sent: SentMark | None = None,
    ) -> None:
        super().__init__()
        self.backend = backend
        self.challenge = challenge
        self.show_summary = show_summary
        self.idempotency_key = uuid.uuid4().hex
        self._sent = sent
        self._dead = False
        self._busy = False  # the bank is answering a confirm or a re-send
        self._expired_shown = False
        self._bank_expired = False

    def compose(self) -> ComposeResult:
        with Vertical():
            headline = self.headline()
            with OverflowScroll(id="otp-info"):
                yield Label(self.challenge.title, id="otp-title", markup=False)
                if self.show_summary:
                    yield SummaryTable(summary_rows(self.challenge), id="otp-summary")
                elif headline is not None:
                    yield Static(headline, id="otp-headline", markup=False)
            if self.show_summary and headline is not None:
                # On a short terminal the summary scrolls: the total stays in view.
                yield Static(headline, id="otp-short-headline", markup=False)
            public = self.challenge.order_kind in PUBLIC_ORDER_KINDS
            yield Static(PUBLIC_PROMPT if public else PROMPT, id="otp-prompt")
            yield Static(destination_text(self.challenge), id="otp-destination", markup=False)
            yield Input(
                placeholder="000000",
                id="otp-code",
                max_length=6,
                restrict=r"[0-9]*",
            )
            yield Static("", id="otp-countdown")
            yield Static(attempts_phrase(self.challenge.attempts_left), id="otp-attempts")
            yield Static("", id="otp-error", markup=False)
            with Horizontal(id="otp-buttons"):
                yield Button("Cancelar", id="otp-cancel")
                yield Button("Reenviar código", id="otp-resend")
                yield Button("Confirmar", id="otp-confirm", variant="primary")

    def headline(self) -> str | None:
        """What a confirmed challenge authorises, in one line: "Total $100.41 - payee"."""
        c = self.challenge
        if c.total is None:
            return None
        return f"Total {format_money(c.total)}" + (f" - {c.payee}" if c.payee else "")

    def on_mount(self) -> None:
        if self._sent is None:
            self._sent = SentMark.now(self.app)
        self.query_one("#otp-code", Input).focus()
        self._tick()
        self.set_interval(1, self._tick)

    # -- countdown ---------------------------------------------------------------------
    def remaining_seconds(self) -> int:
        if self._bank_expired:
            return 0
        sent = self._sent or SentMark.now(self.app)
        ttl = (self.challenge.expires_at - self.challenge.sent_at).total_seconds()
        elapsed = clock() - sent.at + jumped_seconds(self.app) - sent.jumped
        return max(0, int(ttl - elapsed))

    def _tick(self) -> None:
        if self._dead:
            return
        left = self.remaining_seconds()
        countdown = self.query_one("#otp-countdown", Static)
        if left > 0:
            self._expired_shown = False
            countdown.update(f"El código vence en {left // 60}:{left % 60:02d}")
            return
        countdown.update("Código expirado")
        if self._expired_shown:
            return
        self._expired_shown = True
        if self.challenge.resends_left > 0:
            self._show_error(EXPIRED)
            self.query_one("#otp-confirm", Button).disabled = True
        else:
            self._show_error(START_AGAIN)
            self._kill()

    def _show_error(self, message: str) -> None:
        self.query_one("#otp-error", Static).update(message)

    # -- actions -------------------------------------------------------------------------
    @on(Input.Submitted, "#otp-code")
    @on(Button.Pressed, "#otp-confirm")
    def _submit(self) -> None:
        code = self.query_one("#otp-code", Input).value.strip()
        if len(code) != 6:
            self._show_error("Ingresa el código de 6 dígitos.")
            return
        if self.remaining_seconds() <= 0:
            self._show_error(EXPIRED)
            return
        self._set_busy(True)
        self._confirm(code)

    def _set_busy(self, busy: bool) -> None:
        """Disable everything while the bank answers; then enable what still makes sense.

        Esc is refused meanwhile too: a confirm in flight may be moving the money, and
        closing the dialog then would hide its comprobante and invite a second order.
        """
        self._busy = busy
        expired = self.remaining_seconds() <= 0
        self.query_one("#otp-confirm", Button).disabled = busy or self._dead or expired
        self.query_one("#otp-resend", Button).disabled = (
            busy or self._dead or self.challenge.resends_left <= 0
        )
        self.query_one("#otp-cancel", Button).disabled = busy
        self.query_one("#otp-code", Input).disabled = self._dead

    @work(exclusive=True, group="otp", exit_on_error=False)
    async def _confirm(self, code: str) -> None:
        try:
            receipt = await self.backend.confirm(
                self.challenge.id, code, idempotency_key=self.idempotency_key
            )
        except OtpInvalid as exc:
            self.query_one("#otp-attempts", Static).update(attempts_phrase(exc.attempts_left))
            self._show_error(exc.message)
            code_input = self.query_one("#otp-code", Input)
            code_input.value = ""
            code_input.focus()
            if exc.attempts_left <= 0:
                self._kill()
        except OtpExpired as exc:
            if exc.resendable:
                self._show_error(EXPIRED)
                self._expire_now()
            else:
                self._show_error(exc.message)
                self._kill()
        except SessionExpired:
            raise  # handled by the app: back to the login with the reason
        except BackendUnavailable as exc:
            # The answer was lost, not the order: Confirmar again sends the same
            # idempotency key, so the bank answers with what it did, never twice.
            self._show_error(f"{exc.message} {RETRY_SAFE}")
        except BackendError as exc:
            self._show_error(exc.message)
            self._kill()
        else:
            self.dismiss(receipt)
            return
        finally:
            if self.is_attached:
                self._set_busy(False)

    def _kill(self) -> None:
        """The challenge is spent: only Cancelar (now "Cerrar") stays."""
        self._dead = True
        self.query_one("#otp-cancel", Button).label = "Cerrar"
        self.query_one("#otp-countdown", Static).update("")
        self._set_busy(False)

    def _expire_now(self) -> None:
        """The bank says the code expired: the countdown agrees until a new code comes."""
        self._bank_expired = True
        self._expired_shown = True
        self.query_one("#otp-countdown", Static).update("Código expirado")

    @on(Button.Pressed, "#otp-resend")
    def _resend_pressed(self) -> None:
        self._set_busy(True)
        self._resend()

    @work(exclusive=True, group="otp", exit_on_error=False)
    async def _resend(self) -> None:
        try:
            challenge = await self.backend.resend(self.challenge.id)
        except SessionExpired:
            raise  # handled by the app: back to the login with the reason
        except BackendUnavailable as exc:
            self._show_error(exc.message)  # nothing changed: the member may try again
        except BackendError as exc:
            # No re-sends left, or the operation is over: it has to start again.
            self._show_error(exc.message)
            self._kill()
        else:
            self.challenge = challenge
            self._sent = SentMark.now(self.app)
            self._expired_shown = self._bank_expired = False
            self._show_error("")
            self.query_one("#otp-attempts", Static).update(
                attempts_phrase(self.challenge.attempts_left)
            )
            self.notify("Te enviamos un nuevo código por SMS.")
            self._tick()
        finally:
            if self.is_attached:
                self._set_busy(False)

    @on(Button.Pressed, "#otp-cancel")
    def action_cancel(self) -> None:
        if self._busy:
            return  # the bank's answer decides; Cancelar comes back with it
        self._cancel()

    @work(exclusive=True, group="otp-cancel", exit_on_error=False)
    async def _cancel(self) -> None:
        # Also when the dialog gave up by itself: a challenge no longer open ignores it.
        try:
            await self.backend.cancel(self.challenge.id)
        except BackendError:
            pass  # nothing to undo: the code simply dies with its challenge
        self.dismiss(None)
