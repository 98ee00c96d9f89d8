"""Diferido Tarjetas at 120x40 and 80x24: the card, the purchases, the simulations, a
mistake, the confirmation and the card's deferrals after booking."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, SelectionList

from cooptui.screens.deferral import DeferralScreen
from cooptui.widgets.confirm_dialog import ConfirmDialog
from cooptui.widgets.deferral_simulation import DeferralSimulationView
from cooptui.widgets.receipt_view import ReceiptView
from tests.snapshots.conftest import CODE, SMALL, WIDE, Snap, click, signed_in, snapshot_app, then
from tests.ui.helpers import error_of, wait_until

Step = Callable[[Pilot], Awaitable[None]]


def _screen(pilot: Pilot) -> DeferralScreen:
    screen = pilot.app.screen
    assert isinstance(screen, DeferralScreen)
    return screen


def opened(section: str) -> Step:
    async def step(pilot: Pilot) -> None:
        pilot.app.open_section(section)  # type: ignore[attr-defined]
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, DeferralScreen))
        cards = pilot.app.screen.query_one("#df-cards", DataTable)
        await wait_until(pilot, lambda: cards.row_count == 1 and cards.has_focus)

    return step


async def card_chosen(pilot: Pilot) -> None:
    screen = _screen(pilot)
    await pilot.press("enter")
    await wait_until(pilot, lambda: not screen.query_one("#df-status").display)
    first = "#df-amount" if screen.revolving else "#df-purchases"
    await wait_until(pilot, lambda: screen.query_one(first).has_focus)
    if not screen.revolving:
        listing = screen.query_one("#df-purchases", SelectionList)
        await wait_until(pilot, lambda: listing.option_count > 0)


async def two_ticked(pilot: Pilot) -> None:
    listing = _screen(pilot).query_one("#df-purchases", SelectionList)
    await pilot.press("space", "down", "space")
    await wait_until(pilot, lambda: len(listing.selected) == 2)


def term(months: int) -> Step:
    async def step(pilot: Pilot) -> None:
        screen = _screen(pilot)
        await wait_until(pilot, lambda: months in screen.terms)
        screen.query_one("#df-months", Select).value = months
        await pilot.pause()

    return step


async def part_of_the_saldo(pilot: Pilot) -> None:
    amount = _screen(pilot).query_one("#df-amount", Input)
    amount.value = ""
    await pilot.press(*"800.00")


async def above_the_saldo(pilot: Pilot) -> None:
    screen = _screen(pilot)
    amount = screen.query_one("#df-amount", Input)
    amount.value = ""
    await pilot.press(*"2000")
    await wait_until(pilot, lambda: error_of(screen, "amount") != "")


async def simulated(pilot: Pilot) -> None:
    view = _screen(pilot).query_one("#df-simulation", DeferralSimulationView)
    await click(pilot, "#df-simulate")
    await wait_until(pilot, lambda: view.simulation is not None and not view.stale)


async def simulated_without_choosing(pilot: Pilot) -> None:
    await click(pilot, "#df-simulate")
    await wait_until(pilot, lambda: error_of(_screen(pilot), "months") != "")


async def continued(pilot: Pilot) -> None:
    await click(pilot, "#df-continue")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog))
    await wait_until(pilot, lambda: pilot.app.screen.query_one("#confirm").has_focus)


async def receipt(pilot: Pilot) -> None:
    await pilot.press("enter")
    await wait_until(pilot, lambda: pilot.app.screen.query("#otp-code"))
    await wait_until(pilot, lambda: pilot.app.screen.query_one("#otp-code").has_focus)
    await pilot.press(*CODE, "enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReceiptView))


async def booked(pilot: Pilot) -> None:
    await pilot.press("escape")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, DeferralScreen))
    table = _screen(pilot).query_one("#df-deferrals", DataTable)
    await wait_until(pilot, lambda: table.row_count == 4 and table.has_focus)


TRX = opened("diferido-trx")
SCENES: dict[str, tuple[Step, ...]] = {
    "cards": (TRX,),
    "purchases": (TRX, card_chosen, two_ticked),
    "simulation": (TRX, card_chosen, two_ticked, term(6), simulated),
    "stale": (TRX, card_chosen, two_ticked, term(6), simulated, term(12)),
    "revolving": (opened("diferido-rotativo"), card_chosen, part_of_the_saldo, term(12), simulated),
    "mistake": (TRX, card_chosen, simulated_without_choosing),
    "amount_mistake": (opened("diferido-rotativo"), card_chosen, term(3), above_the_saldo),
    "confirmation": (TRX, card_chosen, two_ticked, term(6), simulated, continued),
    "receipt": (TRX, card_chosen, two_ticked, term(6), simulated, continued, receipt),
    "booked": (TRX, card_chosen, two_ticked, term(6), simulated, continued, receipt, booked),
}


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
@pytest.mark.parametrize("scene", list(SCENES))
def test_diferido_tarjetas(snap_compare: Snap, scene: str, size: tuple[int, int]) -> None:
    steps = then(signed_in, *SCENES[scene])
    assert snap_compare(snapshot_app(), run_before=steps, terminal_size=size)
