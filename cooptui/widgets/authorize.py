"""The last steps every sensitive operation shares: confirmation, SMS code, comprobante."""

from __future__ import annotations

from textual.app import App

from cooptui.backend.errors import BackendError
from cooptui.backend.protocol import Backend
from cooptui.domain.operations import Challenge, Receipt
from cooptui.widgets.confirm_dialog import ConfirmDialog
from cooptui.widgets.otp_dialog import OtpDialog, SentMark
from cooptui.widgets.receipt_view import ReceiptView


async def authorize(
    app: App[object],
    backend: Backend,
    challenge: Challenge,
    *,
    confirm: bool = True,
    summary: bool = True,
    receipt: bool = True,
) -> Receipt | None:
    """Confirm `challenge`, authorise it with its code and show the comprobante.

    Call from a worker. `confirm`: a Cancelar/Confirmar dialog before the code (money
    and registrations); without it the code dialog shows the summary itself when
    `summary` (a PIN change) or nothing at all (steps of a login). `receipt`: the
    comprobante is shown; flows that say their outcome otherwise turn it off.

    Returns the Receipt, or None when the member cancelled at either step: nothing
    happened then (a declined challenge is cancelled in the bank, so its code dies at
    once), and the form that began it must keep what was typed.
    """
    sent = SentMark.now(app)  # the bank texted the code with the challenge
    if confirm and not await app.push_screen_wait(ConfirmDialog(challenge)):
        try:
            await backend.cancel(challenge.id)
        except BackendError:
            pass  # the code expires by itself in a few minutes
        return None
    done = await app.push_screen_wait(
        OtpDialog(backend, challenge, show_summary=summary and not confirm, sent=sent)
    )
    if done is not None and receipt:
        await app.push_screen_wait(ReceiptView(done))
    return done
