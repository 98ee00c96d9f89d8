"""Product detail screens at 120x40: account detail, debit card, PIN change, credit card."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, TabbedContent

from cooptui.screens.account_detail import AccountDetailScreen
from cooptui.screens.credit_card import CreditCardScreen
from cooptui.screens.pin_change import PinChangeScreen
from tests.snapshots.conftest import SMALL, WIDE, Snap, click, signed_in, snapshot_app, then
from tests.ui.helpers import shown, wait_until


async def account_detail(pilot: Pilot) -> None:
    pilot.app.screen.query_one("#accounts", DataTable).focus()
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, AccountDetailScreen))
    screen = pilot.app.screen
    await wait_until(pilot, lambda: screen.query_one("#movements", DataTable).row_count == 10)
    await wait_until(pilot, lambda: "COOPROGRESO" in shown(pilot.app, "#detail-header"))


async def debit_tab(pilot: Pilot) -> None:
    pilot.app.screen.query_one(TabbedContent).active = "tab-debit"
    screen = pilot.app.screen
    await wait_until(pilot, lambda: screen.query_one("#debit-cards", DataTable).row_count == 1)
    await pilot.pause()


async def pin_form_with_a_trivial_pin(pilot: Pilot) -> None:
    await click(pilot, "#change-pin")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, PinChangeScreen))
    await pilot.press(*"4826", "tab", *"1234")
    await wait_until(pilot, lambda: shown(pilot.app, "#field-new_pin .field-error") != "")


async def credit_card(pilot: Pilot) -> None:
    pilot.app.screen.query_one("#cards", DataTable).focus()
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CreditCardScreen))
    await wait_until(pilot, lambda: "0395" in shown(pilot.app, "#card-title"))
    screen = pilot.app.screen
    table = screen.query_one("#card-deferrals", DataTable)
    await wait_until(
        pilot, lambda: table.row_count > 0 and not screen.query_one("#statement-status").display
    )


def test_account_detail_movements(snap_compare: Snap) -> None:
    assert snap_compare(
        snapshot_app(), run_before=then(signed_in, account_detail), terminal_size=WIDE
    )


def test_account_detail_debit_card(snap_compare: Snap) -> None:
    assert snap_compare(
        snapshot_app(), run_before=then(signed_in, account_detail, debit_tab), terminal_size=WIDE
    )


def test_pin_change_form_with_a_validation_message(snap_compare: Snap) -> None:
    assert snap_compare(
        snapshot_app(),
        run_before=then(signed_in, account_detail, debit_tab, pin_form_with_a_trivial_pin),
        terminal_size=WIDE,
    )


def test_credit_card_detail(snap_compare: Snap) -> None:
    assert snap_compare(snapshot_app(), run_before=then(signed_in, credit_card), terminal_size=WIDE)


AT_80X24 = {
    "account_detail_movements": (signed_in, account_detail),
    "account_detail_debit_card": (signed_in, account_detail, debit_tab),
    "pin_change_form": (signed_in, account_detail, debit_tab, pin_form_with_a_trivial_pin),
    "credit_card_detail": (signed_in, credit_card),
}


@pytest.mark.parametrize("screen", list(AT_80X24))
def test_at_80x24(snap_compare: Snap, screen: str) -> None:
    assert snap_compare(snapshot_app(), run_before=then(*AT_80X24[screen]), terminal_size=SMALL)
