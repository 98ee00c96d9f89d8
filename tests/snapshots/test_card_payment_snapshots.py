"""Pago de Tarjetas / Tarjetas Cooprogreso at 120x40 and 80x24: the list, the payment form,
a refusal under Monto, the confirmation and the comprobante.

The steps that act on the payment form (`pay_form_loaded`, `minimum_chosen`, `continued`,
`paid`) work for any card's form, Cooprogreso's or another bank's.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, RadioButton, Select

from cooptui.backend_stub.seed import DEMO_SAVINGS
from cooptui.screens.card_payment import CardPaymentScreen
from cooptui.screens.own_cards import OwnCardsScreen
from cooptui.widgets.confirm_dialog import ConfirmDialog
from cooptui.widgets.receipt_view import ReceiptView
from tests.core.conftest import deposit
from tests.snapshots.conftest import CODE, SMALL, WIDE, Snap, click, signed_in, snapshot_app, then
from tests.ui.helpers import core_of, shown, wait_until

Step = Callable[[Pilot], Awaitable[None]]
FUNDS = Decimal("2000.00")
"""The demo savings ($290.90) cannot pay the card's minimum ($708.63): a deposit first."""


async def funded(pilot: Pilot) -> None:
    deposit(core_of(pilot.app), DEMO_SAVINGS, FUNDS)  # type: ignore[arg-type]


async def own_cards(pilot: Pilot) -> None:
    pilot.app.open_section("tarjetas-coop")  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, OwnCardsScreen))
    table = pilot.app.screen.query_one("#oc-cards", DataTable)
    await wait_until(pilot, lambda: table.row_count == 1 and table.has_focus)


async def pay_form_loaded(pilot: Pilot) -> None:
    """The payment form on screen with its accounts (and a Cooprogreso card's figures)."""
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CardPaymentScreen))
    form = pilot.app.screen
    assert isinstance(form, CardPaymentScreen)
    await wait_until(pilot, lambda: form.query_one("#cp-account", Select).value == DEMO_SAVINGS)
    if form.own:
        await wait_until(
            pilot, lambda: "$" in str(form.query_one("#cp-minimum", RadioButton).label)
        )


async def pay_form(pilot: Pilot) -> None:
    await pilot.press("enter")  # on the card's row
    await pay_form_loaded(pilot)


async def focused(pilot: Pilot, selector: str) -> None:
    """Tab's way to a control (a click could land on a stale place while the body scrolls)."""
    control = pilot.app.screen.query_one(selector)
    control.focus()
    await wait_until(pilot, lambda: control.has_focus)


async def minimum_chosen(pilot: Pilot) -> None:
    """Pago mínimo, chosen from the keyboard: it fills Monto."""
    await focused(pilot, "#cp-choice")
    await pilot.press("enter")  # the first choice is under the cursor
    amount = pilot.app.screen.query_one("#cp-amount", Input)
    await wait_until(pilot, lambda: amount.value != "")


async def above_owed(pilot: Pilot) -> None:
    """Otro valor, more than the card owes: the bank's message under Monto."""
    await focused(pilot, "#cp-amount")
    await pilot.press(*"2000", "enter")
    await wait_until(
        pilot, lambda: "saldo rotativo" in shown(pilot.app, "#field-amount .field-error")
    )


async def continued(pilot: Pilot) -> None:
    await click(pilot, "#cp-continue")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog))
    await wait_until(pilot, lambda: pilot.app.screen.query_one("#confirm").has_focus)


async def paid(pilot: Pilot) -> None:
    await pilot.press("enter")
    await wait_until(pilot, lambda: pilot.app.screen.query("#otp-code"))
    await wait_until(pilot, lambda: pilot.app.screen.query_one("#otp-code").has_focus)
    await pilot.press(*CODE, "enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReceiptView))


SCENES: dict[str, tuple[Step, ...]] = {
    "list": (own_cards,),
    "payment": (funded, own_cards, pay_form, minimum_chosen),
    "mistake": (funded, own_cards, pay_form, above_owed),
    "confirmation": (funded, own_cards, pay_form, minimum_chosen, continued),
    "receipt": (funded, own_cards, pay_form, minimum_chosen, continued, paid),
}


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
@pytest.mark.parametrize("scene", list(SCENES))
def test_pago_de_tarjetas(snap_compare: Snap, scene: str, size: tuple[int, int]) -> None:
    steps = then(signed_in, *SCENES[scene])
    assert snap_compare(snapshot_app(), run_before=steps, terminal_size=size)
