"""The last steps every sensitive operation shares: the SMS code, then the comprobante."""

from __future__ import annotations

from textual.app import App

from cooptui.backend.protocol import Backend
from cooptui.domain.operations import Challenge, Receipt
from cooptui.widgets.otp_dialog import OtpDialog
from cooptui.widgets.receipt_view import ReceiptView


async def authorize(app: App[object], backend: Backend, challenge: Challenge) -> Receipt | None:
    """Confirm `challenge` with its code and show the comprobante (call from a worker).

    Returns the Receipt, or None when the member cancelled: nothing happened then, and
    the form that began the challenge must keep what was typed.
    """
    receipt = await app.push_screen_wait(OtpDialog(backend, challenge))
    if receipt is not None:
        await app.push_screen_wait(ReceiptView(receipt))
    return receipt
