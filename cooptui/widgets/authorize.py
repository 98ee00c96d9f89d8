"""The last steps every sensitive operation shares: confirmation, SMS code, comprobante."""

from __future__ import annotations

from textual.app import App

from cooptui.backend.errors import BackendError
from cooptui.backend.protocol import Backend
from cooptui.domain.operations import Challenge, Receipt
from cooptui.widgets.confirm_dialog import ConfirmDialog
from cooptui.widgets.otp_dialog import OtpDialog, SentMark
from cooptui.widgets.receipt_view import ReceiptView


async def authorize(app: App[object], backend: Backend, challenge: Challenge) -> Receipt | None:
    """Confirm `challenge`, authorise it with its code and show the comprobante.

    Call from a worker. Returns the Receipt, or None when the member cancelled at either
    step: nothing happened then (a declined challenge is cancelled in the bank, so its
    code dies at once), and the form that began it must keep what was typed.
    """
    sent = SentMark.now(app)  # the bank texted the code with the challenge
    if not await app.push_screen_wait(ConfirmDialog(challenge)):
        try:
            await backend.cancel(challenge.id)
        except BackendError:
            pass  # the code expires by itself in a few minutes
        return None
    receipt = await app.push_screen_wait(
        OtpDialog(backend, challenge, show_summary=False, sent=sent)
    )
    if receipt is not None:
        await app.push_screen_wait(ReceiptView(receipt))
    return receipt
