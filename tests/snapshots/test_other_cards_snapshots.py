"""Pago de Tarjetas – Otros Bancos at 120x40 and 80x24: the list (and empty), Registro
Nueva Tarjeta with mistakes and its confirmation, Pagar one, and Eliminar's question."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from cooptui.app import CoopApp
from cooptui.backend_stub.seed import cedula
from cooptui.domain.cards import PayableCardOwner
from cooptui.domain.operations import ExternalCardOrder
from cooptui.domain.transfers import IdType
from cooptui.screens.card_registration import CardRegistrationScreen
from cooptui.screens.other_cards import OtherCardsScreen
from cooptui.widgets.ask_dialog import AskDialog
from cooptui.widgets.confirm_dialog import ConfirmDialog
from tests.snapshots.conftest import CODE, SMALL, WIDE, Snap, click, signed_in, snapshot_app, then
from tests.snapshots.test_card_payment_snapshots import continued as pay_continued
from tests.snapshots.test_card_payment_snapshots import focused, paid
from tests.ui.helpers import shown, wait_until

Step = Callable[[Pilot], Awaitable[None]]

DINERS = "36080000009787"
VISA = "4532015112830366"
HOLDER_ID = cedula("171234567")


def _app(pilot: Pilot) -> CoopApp:
    app = pilot.app
    assert isinstance(app, CoopApp)
    return app


async def registered(pilot: Pilot) -> None:
    """Two cards of other banks registered through the bank (as another session would)."""
    backend = _app(pilot).backend
    for institution, number, alias in (
        ("DINERS", DINERS, "Diners"),
        ("PICHINCHA", VISA, "Visa Pichincha"),
    ):
        order = ExternalCardOrder(
            institution_code=institution,
            card_number=number,
            alias=alias,
            holder_name="Christian Iván Caicedo Díaz",
            id_type=IdType.CEDULA,
            identification=HOLDER_ID,
        )
        challenge = await backend.begin(order)
        await backend.confirm(challenge.id, CODE)


async def none_registered(pilot: Pilot) -> None:
    backend = _app(pilot).backend
    for card in await backend.payable_cards(PayableCardOwner.OTHER_BANK):
        await backend.delete_external_card(card.id)


async def other_cards(pilot: Pilot) -> None:
    app = _app(pilot)
    expected = len(await app.backend.payable_cards(PayableCardOwner.OTHER_BANK))
    app.open_section("tarjetas-otros")
    await wait_until(pilot, lambda: isinstance(app.screen, OtherCardsScreen))
    screen = app.screen
    assert isinstance(screen, OtherCardsScreen)
    await wait_until(pilot, lambda: screen.loaded)
    assert screen.query_one("#oc-table", DataTable).row_count == expected
    if expected:
        await wait_until(
            pilot, lambda: "Institución" in shown(app, "#oc-detail-lines .summary-label")
        )


async def registration(pilot: Pilot) -> None:
    await pilot.press("f2")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CardRegistrationScreen))
    form = pilot.app.screen
    await wait_until(pilot, lambda: len(form.query_one("#cr-institution", Select)._options) > 1)


async def with_mistakes(pilot: Pilot) -> None:
    """A number failing Luhn, no institution, no holder, a cédula with a wrong digit."""
    form = pilot.app.screen
    form.query_one("#cr-card-number", Input).value = "4532015112830367"
    form.query_one("#cr-alias", Input).value = "Visa"
    form.query_one("#cr-identification", Input).value = HOLDER_ID[:-1] + "0"
    await pilot.pause()
    await click(pilot, "#cr-continue")
    await wait_until(
        pilot, lambda: "no es válido" in shown(_app(pilot), "#field-card_number .field-error")
    )
    await wait_until(
        pilot, lambda: "cédula" in shown(_app(pilot), "#field-identification .field-error")
    )


async def filled(pilot: Pilot) -> None:
    form = pilot.app.screen
    form.query_one("#cr-institution", Select).value = "DINERS"
    form.query_one("#cr-card-number", Input).value = DINERS
    form.query_one("#cr-alias", Input).value = "Diners"
    form.query_one("#cr-holder", Input).value = "Christian Iván Caicedo Díaz"
    form.query_one("#cr-identification", Input).value = HOLDER_ID
    await pilot.pause()


async def continued(pilot: Pilot) -> None:
    await click(pilot, "#cr-continue")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog))
    await wait_until(pilot, lambda: pilot.app.screen.query_one("#confirm").has_focus)


async def pay_first(pilot: Pilot) -> None:
    from cooptui.screens.card_payment import CardPaymentScreen

    table = pilot.app.screen.query_one("#oc-table", DataTable)
    table.focus()
    await wait_until(pilot, lambda: table.has_focus)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CardPaymentScreen))
    payment = pilot.app.screen
    await wait_until(pilot, lambda: payment.query_one(Select).value != Select.NULL)
    await pilot.pause()


async def diners_highlighted(pilot: Pilot) -> None:
    """Diners, which credits the next business day (the list is by institution)."""
    screen = pilot.app.screen
    assert isinstance(screen, OtherCardsScreen)
    table = screen.query_one("#oc-table", DataTable)
    table.move_cursor(row=1)
    await wait_until(
        pilot, lambda: "DINERS" in getattr(screen.current(), "institution_name", "").upper()
    )


async def fifty_typed(pilot: Pilot) -> None:
    await focused(pilot, "#cp-amount")
    await pilot.press(*"50.00")
    amount = pilot.app.screen.query_one("#cp-amount", Input)
    await wait_until(pilot, lambda: amount.value == "50.00")


async def delete_question(pilot: Pilot) -> None:
    table = pilot.app.screen.query_one("#oc-table", DataTable)
    table.focus()
    await wait_until(pilot, lambda: table.has_focus)
    await pilot.press("f8")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, AskDialog))
    await wait_until(pilot, lambda: pilot.app.screen.query_one("#ask-cancel").has_focus)


SCENES: dict[str, tuple[Step, ...]] = {
    "list": (registered, other_cards),
    "empty": (none_registered, other_cards),
    "registration_mistakes": (none_registered, other_cards, registration, with_mistakes),
    "registration_confirmation": (other_cards, registration, filled, continued),
    "payment": (registered, other_cards, pay_first),
    # Diners credits the next business day: the interbank fee, then a pending comprobante.
    "payment_confirmation": (
        registered,
        other_cards,
        diners_highlighted,
        pay_first,
        fifty_typed,
        pay_continued,
    ),
    "payment_pending_receipt": (
        registered,
        other_cards,
        diners_highlighted,
        pay_first,
        fifty_typed,
        pay_continued,
        paid,
    ),
    "registration_receipt": (other_cards, registration, filled, continued, paid),
    "delete_question": (registered, other_cards, delete_question),
}


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
@pytest.mark.parametrize("scene", list(SCENES))
def test_otros_bancos(snap_compare: Snap, scene: str, size: tuple[int, int]) -> None:
    steps = then(signed_in, *SCENES[scene])
    assert snap_compare(snapshot_app(), run_before=steps, terminal_size=size)
